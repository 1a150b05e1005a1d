// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * syscall_limiter - syscall budgets, after Zelos's plugin of that name,
 * on the library's budget engine (sw_add_budget(), as --syscall-limit
 * and --thread-limit).
 *
 *   syscall_limit=N         the call after the N-th in all kills every
 *                           tracee
 *   syscall_thread_limit=N  a thread's call past its N-th ends that
 *                           thread alone
 *   syscall_thread_swap=N   hand the CPU to another thread every N calls
 *
 * The call over a limit never runs: the budget is exact.  Either way
 * syswarden then exits with SW_EXIT_ENFORCED (86); a thread ended exits
 * with that status too.  Counting is done by the kernel where it allows
 * (no stop until a budget is spent), else at stops.  Thread swapping is
 * the supervisor's --swap (sw_set_swap()): threads run one at a time.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>

#include <syswarden/plugin.h>
#include <syswarden/syswarden.h>

static const struct sw_plugin_option options[] = {
	{ "syscall_limit", SW_OPT_INT, "0",
	  "stop everything after this many syscalls (0: no limit)", 0,
	  LONG_MAX },
	{ "syscall_thread_limit", SW_OPT_INT, "0",
	  "end a thread after this many syscalls (0: no limit)", 0, LONG_MAX },
	{ "syscall_thread_swap", SW_OPT_INT, "0",
	  "switch threads every N syscalls (needs thread scheduling; "
	  "only 0 is accepted for now)",
	  0, LONG_MAX },
	{ NULL },
};

/* Adds a budget of @n calls, all syscalls, ending as @how says. */
static int add(struct sw_plugin_ctx *ctx, long n, bool per_thread,
	       enum sw_on_limit how)
{
	struct sw_supervisor *sup = sw_plugin_supervisor(ctx);
	int r;

	if (!n)
		return 0;
	r = sw_set_on_limit(sup, how, 0);
	if (r == 0)
		r = sw_add_budget(sup, "all", (unsigned long long)n, per_thread,
				  sw_plugin_errbuf(ctx), SW_PLUGIN_ERRSIZE);
	sw_set_on_limit(sup, SW_ON_LIMIT_KILL, 0);
	return r;
}

static int init(struct sw_plugin_ctx *ctx)
{
	long swap = sw_plugin_opt_int(ctx, "syscall_thread_swap");
	int r;

	if (swap &&
	    sw_set_swap(sw_plugin_supervisor(ctx), (unsigned long)swap) < 0) {
		snprintf(sw_plugin_errbuf(ctx), SW_PLUGIN_ERRSIZE,
			 "syscall_thread_swap: must be set before tracing "
			 "starts");
		return -EBUSY;
	}
	r = add(ctx, sw_plugin_opt_int(ctx, "syscall_limit"), false,
		SW_ON_LIMIT_KILL);
	if (r == 0)
		r = add(ctx, sw_plugin_opt_int(ctx, "syscall_thread_limit"),
			true, SW_ON_LIMIT_END_THREAD);
	return r;
}

SW_PLUGIN_DEFINE("syscall_limiter", "syscall budgets: overall and per thread",
		 options, init, NULL)

// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * syscall_limiter - syscall budgets, after Zelos's plugin of that name.
 *
 *   syscall_limit=N         after N syscalls in all, kill every tracee
 *   syscall_thread_limit=N  a thread's call past its N-th ends that
 *                           thread alone (exit status 124 when it was
 *                           its process's last thread)
 *   syscall_thread_swap=N   hand the CPU to another thread every N calls
 *
 * Calls are counted at entry, so the call over a limit never runs: the
 * budget is exact.  A thread's count is dropped at its exit (or its
 * process's exit_group), so a new thread with a reused id starts afresh;
 * one killed by a signal keeps its slot.  Thread swapping is the
 * supervisor's --swap (sw_set_swap()): threads run one at a time.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <syswarden/plugin.h>
#include <syswarden/syswarden.h>

#define THREAD_LIMIT_EXIT 124

struct thread_count {
	pid_t tid, tgid; /* tid 0: a free slot */
	long calls;
};

struct limiter {
	long limit, thread_limit;
	long calls;
	struct thread_count *threads; /* open addressing on tid */
	size_t cap, used;
};

static const struct sw_plugin_option options[] = {
	{ "syscall_limit", SW_OPT_INT, "0",
	  "stop everything after this many syscalls (0: no limit)", 0,
	  LONG_MAX },
	{ "syscall_thread_limit", SW_OPT_INT, "0",
	  "end a thread after this many syscalls (0: no limit)", 0, LONG_MAX },
	{ "syscall_thread_swap", SW_OPT_INT, "0",
	  "run threads one at a time, switching every N syscalls (0: "
	  "all at once, as usual)",
	  0, LONG_MAX },
	{ NULL },
};

/* Rebuilds the table with room @cap, leaving out thread @tid and every
 * thread of @tgid (0: none). */
static int rebuild(struct limiter *l, size_t cap, pid_t tid, pid_t tgid)
{
	struct thread_count *t = calloc(cap, sizeof(*t)), *old;
	size_t i, j;

	if (!t)
		return -ENOMEM;
	l->used = 0;
	for (i = 0; i < l->cap; i++) {
		old = &l->threads[i];
		if (!old->tid || old->tid == tid || old->tgid == tgid)
			continue;
		for (j = (size_t)old->tid % cap; t[j].tid; j = (j + 1) % cap)
			;
		t[j] = *old;
		l->used++;
	}
	free(l->threads);
	l->threads = t;
	l->cap = cap;
	return 0;
}

/* The counter of @call's thread, made on first use; NULL without
 * memory. */
static long *thread_calls(struct limiter *l, const struct sw_call *call)
{
	size_t i;

	if (l->used * 2 >= l->cap &&
	    rebuild(l, l->cap ? l->cap * 2 : 64, 0, 0) < 0)
		return NULL;
	for (i = (size_t)call->tid % l->cap; l->threads[i].tid;
	     i = (i + 1) % l->cap)
		if (l->threads[i].tid == call->tid)
			return &l->threads[i].calls;
	l->threads[i].tid = call->tid;
	l->threads[i].tgid = call->pid;
	l->used++;
	return &l->threads[i].calls;
}

/* A thread (exit) or process (exit_group) on its way out: its ids may
 * come back for new threads, which start afresh. */
static void forget(struct limiter *l, const struct sw_call *call)
{
	if (!strcmp(call->name, "exit"))
		rebuild(l, l->cap, call->tid, 0);
	else if (!strcmp(call->name, "exit_group"))
		rebuild(l, l->cap, 0, call->pid);
}

static void on_call(struct sw_call *call, void *data)
{
	struct limiter *l = data;
	long *mine;

	if (l->limit && ++l->calls > l->limit) {
		sw_call_report(call,
			       "limit of %ld syscalls reached at %s: "
			       "killing every tracee",
			       l->limit, call->name);
		sw_call_stop(call, SW_STOP_KILL);
		return;
	}
	if (!l->thread_limit)
		return;
	mine = thread_calls(l, call);
	if (mine && ++*mine > l->thread_limit) {
		sw_call_report(call,
			       "thread %d reached its limit of %ld "
			       "syscalls at %s: ending it",
			       call->tid, l->thread_limit, call->name);
		sw_call_end_thread(call, THREAD_LIMIT_EXIT);
		rebuild(l, l->cap, call->tid, 0);
	} else {
		forget(l, call);
	}
}

static int init(struct sw_plugin_ctx *ctx)
{
	struct limiter *l;
	long swap;
	struct sw_hook_spec spec = { .name = "on_all_sys_enter",
				     .fn = on_call };

	swap = sw_plugin_opt_int(ctx, "syscall_thread_swap");
	if (swap &&
	    sw_set_swap(sw_plugin_supervisor(ctx), (unsigned long)swap) < 0) {
		snprintf(sw_plugin_errbuf(ctx), SW_PLUGIN_ERRSIZE,
			 "syscall_thread_swap: must be set before tracing "
			 "starts");
		return -EBUSY;
	}
	l = calloc(1, sizeof(*l));
	if (!l)
		return -ENOMEM;
	l->limit = sw_plugin_opt_int(ctx, "syscall_limit");
	l->thread_limit = sw_plugin_opt_int(ctx, "syscall_thread_limit");
	*sw_plugin_state(ctx) = l;
	if (!l->limit && !l->thread_limit)
		return 0; /* nothing to count: no stops */
	spec.data = l;
	return sw_hook_add(sw_plugin_supervisor(ctx), &spec, NULL,
			   sw_plugin_errbuf(ctx), SW_PLUGIN_ERRSIZE);
}

static void fini(struct sw_plugin_ctx *ctx)
{
	struct limiter *l = *sw_plugin_state(ctx);

	if (l)
		free(l->threads);
	free(l);
}

SW_PLUGIN_DEFINE("syscall_limiter", "syscall budgets: overall and per thread",
		 options, init, fini)

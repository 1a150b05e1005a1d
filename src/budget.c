// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * syswarden - syscall budgets.
 *
 * Counting at stops: each budget is a hook on its set; the seccomp filter
 * stops the command at those calls, and the hook counts them at entry.
 *
 * Counting in the kernel: a perf counter on the raw_syscalls:sys_enter
 * tracepoint per task, narrowed to the budget's calls by an "id == N"
 * filter, with sample_period set to what is left of the budget and
 * sigtrap on.  The task runs without a stop until its counter sends it a
 * synchronous SIGTRAP (si_code TRAP_PERF) right after the last call the
 * budget allows; the supervisor takes that signal and from then on stops
 * the task at every syscall entry, where the hook refuses the next call
 * of the set.  The tracepoint fires after the ptrace and seccomp stops of
 * a call (kernel/entry/common.c, syscall_trace_enter()), so at an entry
 * stop the counter holds the calls before this one, and a call refused
 * there (its number set to -1) is never counted.
 *
 * sigtrap needs remove_on_exec (kernel/events/core.c), so the counter
 * is opened at each exec stop and for each new task.  A per-thread budget
 * has a counter per thread.  A tree budget is counted in the kernel while
 * the tree is one task; when a second task appears the count so far is
 * kept and the budget is counted at stops from then on, since counters
 * of several tasks cannot share one exact period.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "arch.h"
#include "budget.h"
#include "budget_int.h"
#include "decode.h"
#include "report.h"
#include "supervisor.h"

#define TRACEFS "/sys/kernel/tracing"
#define TP_ID TRACEFS "/events/raw_syscalls/sys_enter/id"
/* sig_data of our counters: a SIGTRAP with another one is the tracee's. */
#define BUDGET_SIG_DATA 0x737762756467ULL

/* The ftrace filter selecting @r's calls on the host's native ABI, or
 * NULL when the kernel cannot count them (conditions on arguments). */
static char *kernel_filter(const struct budget_rule *r)
{
	const struct sw_sysent_table *tab =
	    sw_sysent_table(sw_arch_host.abis[0]);
	struct strbuf sb;
	size_t i;

	if (traceset_is_all(r->sel))
		return strdup("id >= 0"); /* a refused call has id -1 */
	strbuf_init(&sb);
	for (i = 0; tab && i < tab->ncalls; i++) {
		if (!traceset_has(r->sel, tab->abi, &tab->calls[i]))
			continue;
		if (traceset_cond(r->sel, tab->abi, &tab->calls[i])) {
			strbuf_release(&sb);
			return NULL;
		}
		strbuf_addf(&sb, "%sid == %u", sb.len ? " || " : "",
			    tab->calls[i].nr);
	}
	if (!sb.len)
		strbuf_addf(&sb, "id == -2"); /* nothing: never fires */
	return sb.buf;
}

static int perf_open(int tp_id, pid_t tid, uint64_t period)
{
	struct perf_event_attr a;
	long fd;

	memset(&a, 0, sizeof(a));
	a.size = sizeof(a);
	a.type = PERF_TYPE_TRACEPOINT;
	a.config = (uint64_t)tp_id;
	a.sample_period = period;
	a.sigtrap = 1;
	a.remove_on_exec = 1;
	a.sig_data = BUDGET_SIG_DATA;
	fd =
	    syscall(SYS_perf_event_open, &a, tid, -1, -1, PERF_FLAG_FD_CLOEXEC);
	return fd < 0 ? -errno : (int)fd;
}

/* A counter of @r's calls on task @tid that traps after @period more;
 * -errno when the kernel refuses. */
static int counter_open(struct budget_state *bs, const struct budget_rule *r,
			pid_t tid, uint64_t period)
{
	int fd = perf_open(bs->tp_id, tid, period);

	if (fd >= 0 && ioctl(fd, PERF_EVENT_IOC_SET_FILTER, r->filter) < 0) {
		int e = errno;

		close(fd);
		return -e;
	}
	return fd;
}

static uint64_t counter_read(int fd)
{
	uint64_t n = 0;

	if (fd < 0 || read(fd, &n, sizeof(n)) != sizeof(n))
		return 0;
	return n;
}

/* Reads the raw_syscalls:sys_enter tracepoint id, mounting tracefs if
 * it is not; -errno when there is none. */
static int tracepoint_id(void)
{
	char buf[32] = "";
	int fd = open(TP_ID, O_RDONLY | O_CLOEXEC), n;

	if (fd < 0 && errno == ENOENT &&
	    mount("tracefs", TRACEFS, "tracefs", 0, NULL) == 0)
		fd = open(TP_ID, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = (int)read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -EIO;
	return atoi(buf) > 0 ? atoi(buf) : -EIO;
}

/* Whether the kernel counts for us: the tracepoint, and a counter with
 * sigtrap on ourselves.  Probed once; the reason is kept when not. */
static bool probe_kernel(struct budget_state *bs)
{
	int fd;

	if (bs->probed)
		return bs->tp_id > 0;
	bs->probed = true;
	bs->tp_id = tracepoint_id();
	if (bs->tp_id < 0) {
		snprintf(bs->why_not, sizeof(bs->why_not),
			 "no raw_syscalls tracepoint in %s (%s)", TRACEFS,
			 strerror(-bs->tp_id));
		return false;
	}
	fd = perf_open(bs->tp_id, 0, 1ULL << 62);
	if (fd < 0) {
		snprintf(bs->why_not, sizeof(bs->why_not),
			 "perf_event_open refused (%s; see "
			 "kernel.perf_event_paranoid)",
			 strerror(-fd));
		bs->tp_id = fd;
		return false;
	}
	close(fd);
	return true;
}

struct budget_state *budget_state_of(struct sw_supervisor *sup)
{
	if (!sup->budgets) {
		sup->budgets = calloc(1, sizeof(*sup->budgets));
		if (sup->budgets)
			sup->budgets->sup = sup;
	}
	return sup->budgets;
}

/* --- threads --- */

static struct budget_thread *thread_at(struct budget_state *bs,
				       const struct sw_tracee *t)
{
	return t->budget_slot ? &bs->threads[t->budget_slot - 1] : NULL;
}

/* @t's record, made on first use; NULL without memory. */
static struct budget_thread *thread_of(struct budget_state *bs,
				       struct sw_tracee *t)
{
	struct budget_thread *th = thread_at(bs, t), *grown;
	size_t cap = bs->cap ? bs->cap * 2 : 64;
	unsigned int i;

	if (th)
		return th;
	if (bs->nthreads == bs->cap) {
		grown = realloc(bs->threads, cap * sizeof(*grown));
		if (!grown)
			return NULL;
		bs->threads = grown;
		bs->cap = cap;
	}
	th = &bs->threads[bs->nthreads++];
	memset(th, 0, sizeof(*th));
	th->tid = t->tid;
	th->tgid = t->tgid;
	th->live = true;
	for (i = 0; i < BUDGET_MAX_RULES; i++)
		th->fd[i] = -1;
	t->budget_slot = (unsigned int)bs->nthreads;
	return th;
}

/* Folds @th's counter of rule @i into its count and closes it. */
static void thread_fold(struct budget_state *bs, struct budget_thread *th,
			unsigned int i)
{
	uint64_t n;

	if (th->fd[i] < 0)
		return;
	n = counter_read(th->fd[i]);
	th->base[i] += n;
	if (!bs->rules[i].per_thread)
		bs->rules[i].used += n;
	close(th->fd[i]);
	th->fd[i] = -1;
}

/* Calls of rule @i so far: the tree's, or @th's. */
static uint64_t rule_count(struct budget_state *bs, unsigned int i,
			   const struct budget_thread *th)
{
	const struct budget_rule *r = &bs->rules[i];

	if (r->per_thread)
		return th->base[i] + counter_read(th->fd[i]);
	return r->used +
	       (r->holder ? counter_read(bs->threads[r->holder - 1].fd[i]) : 0);
}

/* The ABI @t runs in now (at an exec stop, its new image's). */
static enum sw_abi task_abi(const struct sw_tracee *t)
{
	struct sw_regs_syscall regs;

	if (sw_arch_host.get_syscall(t->tid, &regs) < 0)
		return t->sys.abi;
	return regs.abi;
}

/* Gives @t a kernel counter for each kernel-counted rule it needs; a
 * task left without one stops at every call (TF_BUDGET_STOPS). */
static void arm_task(struct budget_state *bs, struct sw_tracee *t, bool alone)
{
	struct budget_thread *th = thread_of(bs, t);
	struct budget_rule *r;
	uint64_t used;
	unsigned int i;

	if (bs->mode != BUDGET_KERNEL)
		return;
	/* The tracepoint's ids are the task's own ABI's numbers: a
	 * counter filtered on native ones would count a 32-bit task's
	 * calls as others (i386's read is x86_64's close). */
	if (!th || task_abi(t) != sw_arch_host.abis[0]) {
		t->flags |= TF_BUDGET_STOPS;
		return;
	}
	for (i = 0; i < bs->nrules; i++) {
		r = &bs->rules[i];
		if (!r->filter)
			continue; /* the seccomp filter stops at its calls */
		if (!r->per_thread && (!alone || r->at_stops)) {
			t->flags |= TF_BUDGET_STOPS;
			continue;
		}
		used = rule_count(bs, i, th);
		if (used >= r->limit) {
			t->flags |= TF_BUDGET_STOPS;
			continue;
		}
		th->fd[i] = counter_open(bs, r, t->tid, r->limit - used);
		if (th->fd[i] < 0) {
			t->flags |= TF_BUDGET_STOPS;
			continue;
		}
		if (!r->per_thread)
			r->holder = (size_t)(th - bs->threads) + 1;
	}
}

/* A tree budget's count moves to stops: the tree has several tasks. */
static void tree_to_stops(struct sw_supervisor *sup, struct budget_state *bs)
{
	struct sw_tracee *t, *tmp;
	unsigned int i, j;

	for (i = 0; i < bs->nrules; i++) {
		struct budget_rule *r = &bs->rules[i];

		if (r->per_thread || r->at_stops || !r->filter)
			continue;
		if (r->holder)
			thread_fold(bs, &bs->threads[r->holder - 1], i);
		r->holder = 0;
		r->at_stops = true;
	}
	tracee_for_each (&sup->tracees, j, t, tmp)
		t->flags |= TF_BUDGET_STOPS;
}

/* Whether a tree budget is still counted by one task's counter. */
static bool tree_in_kernel(const struct budget_state *bs)
{
	unsigned int i;

	for (i = 0; i < bs->nrules; i++)
		if (!bs->rules[i].per_thread && bs->rules[i].filter &&
		    !bs->rules[i].at_stops)
			return true;
	return false;
}

void budget_new_task(struct sw_supervisor *sup, struct sw_tracee *child)
{
	struct budget_state *bs = sup->budgets;

	if (!bs || !bs->nrules || child->budget_slot)
		return;
	if (bs->mode == BUDGET_KERNEL && tree_in_kernel(bs))
		tree_to_stops(sup, bs);
	arm_task(bs, child, false);
}

void budget_exec(struct sw_supervisor *sup, struct sw_tracee *t)
{
	struct budget_state *bs = sup->budgets;
	struct budget_thread *th;
	unsigned int i;

	if (!bs || !bs->nrules || bs->mode != BUDGET_KERNEL)
		return;
	th = thread_of(bs, t);
	if (!th)
		return;
	for (i = 0; i < bs->nrules; i++)
		thread_fold(bs, th, i);
	for (i = 0; i < bs->nrules; i++)
		if (bs->rules[i].holder == t->budget_slot)
			bs->rules[i].holder = 0;
	t->flags &= ~TF_BUDGET_STOPS;
	arm_task(bs, t, sup->tracees.count == 1);
}

void budget_gone(struct sw_supervisor *sup, struct sw_tracee *t)
{
	struct budget_state *bs = sup->budgets;
	struct budget_thread *th;
	unsigned int i;

	if (!bs || !(th = thread_at(bs, t)))
		return;
	for (i = 0; i < bs->nrules; i++) {
		thread_fold(bs, th, i);
		if (bs->rules[i].holder == t->budget_slot)
			bs->rules[i].holder = 0;
	}
	th->live = false;
	t->budget_slot = 0;
}

bool budget_trap(struct sw_supervisor *sup, struct sw_tracee *t,
		 const siginfo_t *si)
{
	unsigned long data;

	if (!sup->budgets || si->si_signo != SIGTRAP ||
	    si->si_code != BUDGET_TRAP_PERF)
		return false;
	/* si_perf_data: the first word after si_addr (asm-generic
	 * siginfo.h's _sigfault._perf), which glibc does not name. */
	memcpy(&data, (const char *)&si->si_addr + sizeof(void *),
	       sizeof(data));
	if (data != (unsigned long)BUDGET_SIG_DATA)
		return false;
	t->flags |= TF_BUDGET_STOPS;
	return true;
}

void budget_free(struct budget_state *bs)
{
	size_t i;
	unsigned int j;

	if (!bs)
		return;
	for (i = 0; i < bs->nthreads; i++)
		for (j = 0; j < BUDGET_MAX_RULES; j++)
			if (bs->threads[i].fd[j] >= 0)
				close(bs->threads[i].fd[j]);
	for (j = 0; j < bs->nrules; j++) {
		traceset_free(bs->rules[j].sel);
		free(bs->rules[j].text);
		free(bs->rules[j].filter);
	}
	free(bs->threads);
	free(bs);
}

/* --- enforcing --- */

/* Closes every counter: a task let go must not get their SIGTRAPs. */
static void disarm_all(struct budget_state *bs)
{
	size_t i;
	unsigned int j;

	for (i = 0; i < bs->nthreads; i++)
		for (j = 0; j < bs->nrules; j++)
			thread_fold(bs, &bs->threads[i], j);
}

/* Refuses the call over budget @r; the first one of each thread is
 * reported (with errno= a program may retry many times). */
static void enforce(struct budget_state *bs, struct sw_call *call,
		    const struct budget_rule *r, struct budget_thread *th,
		    uint64_t count)
{
	static const char *const what[] = { "killing every tracee",
					    "failing the call",
					    "ending the thread", "detaching" };

	if (th->refused[r - bs->rules]++)
		goto act;
	sw_call_report(
	    call, "%s=%llu%s spent (%llu calls) at %s: %s", r->text,
	    (unsigned long long)r->limit, r->per_thread ? ":per-thread" : "",
	    (unsigned long long)count, call->name, what[r->on_limit]);
	report_note_call(bs->sup, "violation", call->tid, r->text, count);
act:
	if (r->on_limit != SW_ON_LIMIT_ERRNO)
		bs->sup->enforced = true;
	switch (r->on_limit) {
	case SW_ON_LIMIT_KILL:
		sw_call_stop(call, SW_STOP_KILL);
		break;
	case SW_ON_LIMIT_ERRNO:
		sw_call_skip(call, -(int64_t)r->err_no);
		break;
	case SW_ON_LIMIT_END_THREAD:
		sw_call_end_thread(call, SW_EXIT_ENFORCED);
		break;
	case SW_ON_LIMIT_DETACH:
		disarm_all(bs);
		if (sw_call_stop(call, SW_STOP_DETACH) < 0)
			sw_call_stop(call, SW_STOP_KILL);
		break;
	}
}

/* The ABIs whose calls of @r the kernel counts, which the seccomp filter
 * then need not stop at: the native one; every one for a budget on all
 * calls, whose counter takes any id.  The tracepoint gives an i386 call
 * of an x86_64 task its i386 number, which an "id == N" filter of native
 * numbers does not count: such calls stop, and are counted there. */
static unsigned int kernel_abis(const struct budget_state *bs,
				const struct budget_rule *r)
{
	if (bs->mode != BUDGET_KERNEL || !r->filter)
		return 0;
	if (traceset_is_all(r->sel))
		return ~0u;
	return 1u << sw_arch_host.abis[0];
}

/* A call of rule @i was counted at a stop of @t, past its kernel
 * counter: the counter's trap moves one call earlier.  An event's new
 * period starts from now (kernel/events/core.c, __perf_event_period()). */
static void rearm(struct budget_state *bs, unsigned int i,
		  struct budget_thread *th, struct sw_tracee *t)
{
	const struct budget_rule *r = &bs->rules[i];
	int fd = r->per_thread ? th->fd[i] : bs->threads[r->holder - 1].fd[i];
	uint64_t used = rule_count(bs, i, th);
	uint64_t left = used < r->limit ? r->limit - used : 0;

	if (!left || ioctl(fd, PERF_EVENT_IOC_PERIOD, &left) < 0)
		t->flags |= TF_BUDGET_STOPS;
}

/* The hook of rule @data: counts the call, or refuses it when the
 * budget is spent. */
static void on_call(struct sw_call *call, void *data)
{
	struct budget_rule *r = data;
	struct budget_state *bs = r->bs;
	unsigned int i = (unsigned int)(r - bs->rules);
	struct sw_tracee *t = tracee_find(&bs->sup->tracees, call->tid);
	struct budget_thread *th = t ? thread_of(bs, t) : NULL;
	bool counted;
	uint64_t n;

	if (!th)
		return;
	n = rule_count(bs, i, th);
	/* A call that ends the thread is not failed: the program could
	 * not end (glibc's _exit falls through to hlt). */
	if (n >= r->limit && (r->on_limit != SW_ON_LIMIT_ERRNO ||
			      !decode_never_returns(&t->sys))) {
		enforce(bs, call, r, th, n);
		return;
	}
	/* Allowed.  A kernel counter counts it after this stop, unless it
	 * is of an ABI the counter's filter does not know. */
	counted = th->fd[i] >= 0 || (!r->per_thread && r->holder);
	if (counted && (kernel_abis(bs, r) & (1u << call->abi)))
		return;
	th->base[i]++;
	if (!r->per_thread)
		r->used++;
	if (counted)
		rearm(bs, i, th, t);
}

/* --- the public API --- */

static int add_rule(struct budget_state *bs, const char *set, uint64_t limit,
		    bool per_thread, struct strbuf *err)
{
	struct budget_rule *r = &bs->rules[bs->nrules];
	int ret;

	memset(r, 0, sizeof(*r));
	ret = traceset_new(&r->sel);
	if (ret == 0)
		ret = traceset_parse(r->sel, set, err);
	if (ret == 0 && !(r->text = strdup(set)))
		ret = -ENOMEM;
	if (ret < 0) {
		traceset_free(r->sel);
		free(r->text);
		return ret;
	}
	r->bs = bs;
	r->limit = limit;
	r->per_thread = per_thread;
	r->on_limit = bs->on_limit;
	r->err_no = bs->err_no;
	bs->nrules++;
	return 0;
}

/* Forgets the rule just added, whose hook could not be registered. */
static void drop_last_rule(struct budget_state *bs)
{
	struct budget_rule *r = &bs->rules[--bs->nrules];

	traceset_free(r->sel);
	free(r->text);
	free(r->filter);
	memset(r, 0, sizeof(*r));
}

/* Decides how rule @r is counted, and registers its hook. */
static int start_rule(struct sw_supervisor *sup, struct budget_state *bs,
		      struct budget_rule *r, struct strbuf *err)
{
	/* Reports say "budget", or the plugin's name while it adds them. */
	struct sw_hook_spec spec = { .name = r->text,
				     .fn = on_call,
				     .data = r,
				     .label =
					 sup->hooks.label ? NULL : "budget" };
	char msg[256] = "";
	int ret;

	if (bs->counting != SW_COUNT_STOPS && probe_kernel(bs))
		r->filter = kernel_filter(r);
	if (!r->filter && bs->counting == SW_COUNT_KERNEL) {
		strbuf_addf(err, "the kernel cannot count it: %s",
			    bs->why_not[0] ? bs->why_not
					   : "it has conditions on arguments");
		return -ENOTSUP;
	}
	ret = sw_hook_add(sup, &spec, &r->hook, msg, sizeof(msg));
	if (ret < 0)
		strbuf_addf(err, "%s", msg);
	else if (r->filter)
		bs->mode = BUDGET_KERNEL;
	return ret;
}

SW_API int sw_add_budget(struct sw_supervisor *sup, const char *set,
			 unsigned long long limit, bool per_thread, char *err,
			 size_t errsize)
{
	struct budget_state *bs = budget_state_of(sup);
	struct strbuf msg;
	unsigned int i;
	int r = 0;

	strbuf_init(&msg);
	if (!bs)
		r = -ENOMEM;
	else if (bs->nrules == BUDGET_MAX_RULES) {
		strbuf_addf(&msg, "at most %d budgets", BUDGET_MAX_RULES);
		r = -EINVAL;
	} else if (sup->launched || sup->tracees.count) {
		strbuf_addf(&msg, "budgets are set before the command starts");
		r = -EBUSY;
	}
	if (r == 0)
		r = add_rule(bs, set, limit, per_thread, &msg);
	if (r == 0) {
		r = start_rule(sup, bs, &bs->rules[bs->nrules - 1], &msg);
		if (r < 0)
			drop_last_rule(bs);
	}
	for (i = 0; bs && i < bs->nrules; i++)
		if (bs->rules[i].hook)
			hook_set_unselected(bs->rules[i].hook,
					    kernel_abis(bs, &bs->rules[i]));
	if (r < 0 && err && errsize)
		snprintf(err, errsize, "%s", msg.len ? msg.buf : strerror(-r));
	strbuf_release(&msg);
	return r;
}

SW_API int sw_set_on_limit(struct sw_supervisor *sup, enum sw_on_limit how,
			   int err_no)
{
	struct budget_state *bs = budget_state_of(sup);

	if (!bs)
		return -ENOMEM;
	if (how > SW_ON_LIMIT_DETACH ||
	    (how == SW_ON_LIMIT_ERRNO && (err_no <= 0 || err_no > 4095)))
		return -EINVAL;
	bs->on_limit = how;
	bs->err_no = err_no;
	return 0;
}

SW_API void sw_set_budget_counting(struct sw_supervisor *sup,
				   enum sw_counting how)
{
	struct budget_state *bs = budget_state_of(sup);

	if (bs)
		bs->counting = how;
}

SW_API const char *sw_budget_counting(const struct sw_supervisor *sup,
				      const char **why)
{
	const struct budget_state *bs = sup->budgets;
	unsigned int i;
	bool stops = false, kernel = false;

	if (why)
		*why = bs ? bs->why_not : "";
	if (!bs || !bs->nrules)
		return "none";
	for (i = 0; i < bs->nrules; i++) {
		if (bs->rules[i].filter)
			kernel = true;
		if (!bs->rules[i].filter || bs->rules[i].at_stops)
			stops = true;
	}
	return kernel && stops ? "mixed" : kernel ? "kernel" : "stops";
}

SW_API bool sw_enforced(const struct sw_supervisor *sup)
{
	return sup->enforced;
}

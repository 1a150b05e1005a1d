// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * syswarden - the event loop.
 *
 * It reads as `while (next_stop()) dispatch()`: next_stop() waits for one
 * tracee and classifies what it reports into a stop kind; dispatch() runs
 * the one handler for that kind, which restarts the tracee.
 *
 *   waitpid status            stop kind
 *   ------------------------  -------------------------------------------
 *   exited / killed           STOP_EXITED
 *   SIGTRAP|0x80              STOP_SYSCALL_ENTER or STOP_SYSCALL_EXIT
 *   PTRACE_EVENT_SECCOMP      STOP_SECCOMP (a filtered syscall's entry)
 *   PTRACE_EVENT_{FORK,VFORK,CLONE}   STOP_CLONE
 *   PTRACE_EVENT_EXEC         STOP_EXEC
 *   PTRACE_EVENT_EXIT         STOP_EXIT (the task's own exit status)
 *   PTRACE_EVENT_STOP + SIGSTOP/SIGTSTP/SIGTTIN/SIGTTOU   STOP_GROUP
 *   PTRACE_EVENT_STOP, other  STOP_EVENT (new task, PTRACE_INTERRUPT,
 *                             end of a PTRACE_LISTEN)
 *   any other signal          STOP_SIGNAL (signal-delivery-stop)
 */
#include "config.h"

#include <errno.h>
#include <sched.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "arch.h"
#include "decode.h"
#include "dump.h"
#include "supervisor.h"
#include "swap.h"
#include "tracemem.h"
#include "untraced.h"

enum stop_kind {
	STOP_SYSCALL_ENTER,
	STOP_SYSCALL_EXIT,
	STOP_SECCOMP,
	STOP_CLONE,
	STOP_EXEC,
	STOP_GROUP,
	STOP_EVENT,
	STOP_SIGNAL,
	STOP_EXIT,
	STOP_EXITED,
};

struct stop {
	enum stop_kind kind;
	pid_t tid;
	int status;
	int sig;
	bool is_error; /* at STOP_SYSCALL_EXIT */
	struct sw_tracee *t;
};

void supervisor_warn(struct sw_supervisor *sup, const char *fmt, ...)
{
	va_list ap;

	if (!sup->log)
		return;
	fputs("syswarden: ", sup->log);
	va_start(ap, fmt);
	vfprintf(sup->log, fmt, ap);
	va_end(ap);
	fputc('\n', sup->log);
}

static void restart(struct sw_supervisor *sup, struct sw_tracee *t,
		    enum __ptrace_request req, int sig)
{
	/* ESRCH: killed meanwhile (SIGKILL, exit_group of another thread);
	 * its exit is reported next. */
	if (ptrace(req, t->tid, NULL, (void *)(long)sig) < 0 && errno != ESRCH)
		supervisor_warn(sup, "pid %d: ptrace restart: %s", t->tid,
				strerror(errno));
}

/* Whether the call in @t is in decoding set @which, or @dflt when the
 * set was not given. */
static bool in_decode_set(const struct sw_supervisor *sup,
			  const struct sw_tracee *t, enum sw_decode_set which,
			  bool dflt)
{
	const struct traceset *ts = sup->decode_sets[which];

	return ts ? traceset_has(ts, t->sys.abi, t->sys.sc) : dflt;
}

/* How @t's call is decoded: the display options, and the decoding sets
 * for this call. */
static struct decode_ctx decode_ctx_of(struct sw_supervisor *sup,
				       struct sw_tracee *t)
{
	struct decode_ctx ctx = {
		.tid = t->tid,
		.string_limit = sup->string_limit,
		.entry_only = sup->entry_only,
		.arg_names = sup->arg_names,
		.fd_paths = sup->fd_paths,
		.verbose = sup->verbose ||
			   !in_decode_set(sup, t, SW_DECODE_ABBREV, true),
		.raw = in_decode_set(sup, t, SW_DECODE_RAW, false),
		.addresses = !in_decode_set(sup, t, SW_DECODE_VERBOSE, true),
		.numbers = sup->numbers,
		.hex = sup->hex
	};

	return ctx;
}

void supervisor_emit(struct sw_supervisor *sup, struct out_event *ev)
{
	if (!sup->sinks)
		return;
	output_now(&ev->real, &ev->mono);
	output_sinks_event(sup->sinks, ev);
}

/* The structured outputs: @t's call begins. */
static void sinks_begin(struct sw_supervisor *sup, struct sw_tracee *t)
{
	struct decode_ctx ctx = decode_ctx_of(sup, t);

	if (!sup->sinks)
		return;
	out_call_free(t->call);
	t->call = out_call_begin(&ctx, t);
}

/* ... and ends: with its result, or never @returned.  A call whose entry
 * was not seen begins here. */
static void sinks_end(struct sw_supervisor *sup, struct sw_tracee *t,
		      bool returned, bool is_error)
{
	struct decode_ctx ctx = decode_ctx_of(sup, t);
	struct out_event ev = { .kind = OUT_CALL, .t = t };

	if (!sup->sinks)
		return;
	if (!t->call)
		t->call = out_call_begin(&ctx, t);
	if (!t->call)
		return;
	out_call_end(t->call, &ctx, t, returned, is_error);
	ev.call = t->call;
	ev.stack = t->stack;
	supervisor_emit(sup, &ev);
	out_call_free(t->call);
	t->call = NULL;
}

/* -k: the frames of @t's call, taken at its entry, after its line
 * (and its -e read=/write= dump), as strace prints them; or dropped,
 * when its line is not shown. */
static void end_stack(struct sw_supervisor *sup, struct sw_tracee *t,
		      bool shown)
{
	if (t->stack && shown) {
		strbuf_reset(&sup->line);
		if (stack_format(t->stack, &sup->line) == 0 && sup->line.len)
			output_lines(&sup->out, t, sup->line.buf,
				     sup->line.len);
	}
	stack_trace_free(t->stack);
	t->stack = NULL;
}

static bool is_exec(const struct sw_event *ev)
{
	return ev->sc && (!strcmp(ev->sc->name, "execve") ||
			  !strcmp(ev->sc->name, "execveat"));
}

/* -k: @t's frames now.  At an exec's exit, the new image may be of the
 * other ABI (an i386 program exec'd from a 64-bit shell): its register
 * set says which. */
static void capture_stack(struct sw_supervisor *sup, struct sw_tracee *t)
{
	struct sw_regs_syscall regs = { .abi = t->sys.abi };
	int r;

	if (is_exec(&t->sys) && sw_arch_host.get_syscall(t->tid, &regs) < 0)
		regs.abi = t->sys.abi;
	t->stack = calloc(1, sizeof(*t->stack));
	r = t->stack ? stack_capture(sup->stack, t, regs.abi, t->stack)
		     : -ENOMEM;
	if (r < 0 && t->stack)
		t->stack->error = r;
}

/* -k at @t's entry: a call that changes executable mappings makes its
 * process's cache stale; a shown call gets its frames.  An exec's are
 * taken at its exit, in the new image (as strace), not in the caller. */
static void take_stack(struct sw_supervisor *sup, struct sw_tracee *t)
{
	if (stack_maps_change(&t->sys))
		stack_invalidate(sup->stack, t->tgid);
	stack_trace_free(t->stack);
	t->stack = NULL;
	if ((t->flags & TF_SHOWN) && !is_exec(&t->sys))
		capture_stack(sup, t);
}

/*
 * Ends @t's shown call, which will not return, with @tail: resumed after
 * its entry, or under -e status= printed whole when @status is wanted.
 */
static void end_unreturned(struct sw_supervisor *sup, struct sw_tracee *t,
			   const char *tail, unsigned int status)
{
	char name[32];

	if (!(t->flags & TF_SHOWN))
		return;
	t->flags &= ~TF_SHOWN;
	if (sup->status_filter && !(sup->status_filter & status))
		return;
	sinks_end(sup, t, false, false);
	if (sup->status_filter) {
		output_begin(&sup->out, t);
		if (t->entry_text)
			output_text(&sup->out, t->entry_text,
				    strlen(t->entry_text));
	} else {
		output_resume(&sup->out, t,
			      decode_syscall_name(&t->sys, name, sizeof(name)));
	}
	output_text(&sup->out, tail, strlen(tail));
	output_end(&sup->out);
	end_stack(sup, t, true);
}

/* Forgets @t, whose task is gone or let go. */
static void forget(struct sw_supervisor *sup, struct sw_tracee *t)
{
	budget_gone(sup, t);
	output_forget(&sup->out, t);
	swap_forget(&sup->swap, t);
	tracee_remove(&sup->tracees, t);
}

/* Ends @t's open line with " <detached ...>", lets it go with @sig and
 * forgets it. */
static void detach_tracee(struct sw_supervisor *sup, struct sw_tracee *t,
			  int sig)
{
	end_unreturned(sup, t, " <detached ...>", SW_STATUS_DETACHED);
	budget_gone(sup, t);
	if (ptrace(PTRACE_DETACH, t->tid, NULL, (void *)(long)sig) < 0 &&
	    errno != ESRCH)
		supervisor_warn(sup, "pid %d: detach: %s", t->tid,
				strerror(errno));
	forget(sup, t);
}

/* Whether @t is to be let go now: a hook detached its process, and no
 * result of a hook is still to be written at the call's exit. */
static bool leaving(const struct sw_tracee *t)
{
	return (t->flags & TF_DETACHING) && !(t->flags & TF_EXIT_WORK);
}

/*
 * Restarts @t towards its next stop of interest: the exit of the syscall
 * it is in when that is wanted; the next filtered syscall when it runs
 * under our filter; every syscall stop otherwise (also when the thread
 * is to end at its next call).  A tracee being let go is detached.
 */
static void resume(struct sw_supervisor *sup, struct sw_tracee *t, int sig)
{
	bool cont =
	    (t->flags & TF_FILTERED) &&
	    !(t->flags & (TF_IN_SYSCALL | TF_END_THREAD | TF_BUDGET_STOPS));

	if (leaving(t))
		detach_tracee(sup, t, sig);
	else if (swap_may_run(&sup->swap, t, sig))
		restart(sup, t, cont ? PTRACE_CONT : PTRACE_SYSCALL, sig);
}

void supervisor_resume(struct sw_supervisor *sup, struct sw_tracee *t)
{
	resume(sup, t, 0);
}

static struct sw_tracee *find_by_tgid(struct sw_supervisor *sup, pid_t tgid)
{
	struct sw_tracee *t, *tmp;
	unsigned int i;

	tracee_for_each (&sup->tracees, i, t, tmp)
		if (t->tgid == tgid)
			return t;
	return NULL;
}

/* What a new task takes from @kin: the task that made it, or a thread of
 * its group. */
static void inherit(struct sw_tracee *t, const struct sw_tracee *kin)
{
	t->flags |=
	    kin->flags & (TF_HIDE | TF_LAUNCHED | TF_DETACHING | TF_FILTERED);
	t->sys.abi = kin->sys.abi;
}

/* Adds a tracee for @tid, inheriting from its thread group or its parent
 * when they are traced.  NULL when out of memory. */
static struct sw_tracee *supervisor_adopt(struct sw_supervisor *sup, pid_t tid)
{
	pid_t tgid = tracee_read_status_id(tid, "Tgid");
	struct sw_tracee *t, *kin;

	if (tgid <= 0)
		tgid = tid;
	kin = find_by_tgid(sup, tgid);
	if (!kin)
		kin = find_by_tgid(sup, tracee_read_status_id(tid, "PPid"));
	t = tracee_add(&sup->tracees, tid, tgid);
	if (!t)
		return NULL;
	if (kin)
		inherit(t, kin);
	if (sup->tracees.count > 1)
		sup->out.pid_prefix = true;
	return t;
}

/* Fills t->sys at a syscall stop; returns the stop kind. */
static enum stop_kind read_syscall(struct sw_supervisor *sup,
				   struct sw_tracee *t, bool *is_error)
{
	/* Zeroed for valgrind, which cannot tell the kernel fills it. */
	struct __ptrace_syscall_info info = { 0 };
	struct sw_regs_syscall regs;
	long n = -1;

	if (sup->si_mode != SI_REGS) {
		n = ptrace(PTRACE_GET_SYSCALL_INFO, t->tid,
			   (void *)sizeof(info), &info);
		if (sup->si_mode == SI_PROBE)
			sup->si_mode =
			    n < 0 && (errno == EIO || errno == EINVAL) ? SI_REGS
								       : SI_USE;
	}
	if (n > 0 && info.op == PTRACE_SYSCALL_INFO_ENTRY) {
		t->sys.abi = sw_abi_from_audit_arch(info.arch);
		t->sys.nr = info.entry.nr;
		memcpy(t->sys.args, info.entry.args, sizeof(t->sys.args));
		t->sys.ip = info.instruction_pointer;
		t->sys.sp = info.stack_pointer;
		return STOP_SYSCALL_ENTER;
	}
	if (n > 0 && info.op == PTRACE_SYSCALL_INFO_EXIT &&
	    (t->flags & TF_IN_SYSCALL)) {
		t->sys.ret = info.exit.rval;
		*is_error = info.exit.is_error;
		return STOP_SYSCALL_EXIT;
	}
	/* The register path: no syscall info, or an exit whose entry we
	 * never saw (the task was seized inside the syscall). */
	if (sw_arch_host.get_syscall(t->tid, &regs) < 0)
		memset(&regs, 0, sizeof(regs));
	if (n > 0 ? info.op == PTRACE_SYSCALL_INFO_EXIT
		  : (t->flags & TF_IN_SYSCALL) != 0) {
		if (!(t->flags & TF_IN_SYSCALL)) {
			t->flags |= TF_IN_SYSCALL | TF_NO_ENTRY;
			t->sys.abi = regs.abi;
			t->sys.nr = regs.nr;
		}
		t->sys.ret = n > 0 ? info.exit.rval : regs.ret;
		*is_error = t->sys.ret < 0 && t->sys.ret >= -4095;
		return STOP_SYSCALL_EXIT;
	}
	t->sys.abi = regs.abi;
	t->sys.nr = regs.nr;
	memcpy(t->sys.args, regs.args, sizeof(t->sys.args));
	t->sys.ip = regs.ip;
	t->sys.sp = regs.sp;
	return STOP_SYSCALL_ENTER;
}

/* Fills t->sys at a PTRACE_EVENT_SECCOMP stop: the entry of a syscall. */
static enum stop_kind read_seccomp(struct sw_supervisor *sup,
				   struct sw_tracee *t)
{
	struct __ptrace_syscall_info info = { 0 }; /* as above */
	struct sw_regs_syscall regs;

	if (t->flags & TF_IN_SYSCALL)
		return STOP_SECCOMP; /* its entry stop came first */
	if (sup->si_mode != SI_REGS &&
	    ptrace(PTRACE_GET_SYSCALL_INFO, t->tid, (void *)sizeof(info),
		   &info) > 0 &&
	    info.op == PTRACE_SYSCALL_INFO_SECCOMP) {
		t->sys.abi = sw_abi_from_audit_arch(info.arch);
		t->sys.nr = info.seccomp.nr;
		memcpy(t->sys.args, info.seccomp.args, sizeof(t->sys.args));
		t->sys.ip = info.instruction_pointer;
		t->sys.sp = info.stack_pointer;
		return STOP_SECCOMP;
	}
	if (sw_arch_host.get_syscall(t->tid, &regs) < 0)
		memset(&regs, 0, sizeof(regs));
	t->sys.abi = regs.abi;
	t->sys.nr = regs.nr;
	memcpy(t->sys.args, regs.args, sizeof(t->sys.args));
	t->sys.ip = regs.ip;
	t->sys.sp = regs.sp;
	return STOP_SECCOMP;
}

static bool is_group_stop_sig(int sig)
{
	return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN ||
	       sig == SIGTTOU;
}

/*
 * -n: strace numbers its ---/+++ lines with the task's last syscall.  The
 * registers hold it at a signal or exit stop, unless the kernel was
 * entered by an interrupt (-1 in x86's orig_ax): then the last one seen.
 */
static void note_last_nr(const struct sw_supervisor *sup, struct sw_tracee *t)
{
	struct sw_regs_syscall regs;

	if (!sup->numbers)
		return;
	if (sw_arch_host.get_syscall(t->tid, &regs) == 0 &&
	    regs.nr <= INT32_MAX)
		t->last_nr = regs.nr;
	else
		t->last_nr = t->sys.nr;
}

/* "[ 231] " before a ---/+++ line with -n, else "". */
static const char *nr_prefix(const struct sw_supervisor *sup,
			     const struct sw_tracee *t, char *buf, size_t size)
{
	if (!sup->numbers)
		return "";
	return util_fmt(buf, size, "[%4" PRIu64 "] ", t->last_nr);
}

static void classify(struct sw_supervisor *sup, struct stop *st)
{
	int sig = WSTOPSIG(st->status);
	int event = (unsigned int)st->status >> 16;

	st->sig = sig;
	if (WIFEXITED(st->status) || WIFSIGNALED(st->status))
		st->kind = STOP_EXITED;
	else if (sig == (SIGTRAP | 0x80) && (st->t->flags & TF_SKIP_ENTRY)) {
		st->t->flags &= ~TF_SKIP_ENTRY;
		st->kind = STOP_EVENT; /* the entry its seccomp stop showed */
	} else if (sig == (SIGTRAP | 0x80))
		st->kind = read_syscall(sup, st->t, &st->is_error);
	else if (event == PTRACE_EVENT_SECCOMP)
		st->kind = read_seccomp(sup, st->t);
	else if (event == PTRACE_EVENT_FORK || event == PTRACE_EVENT_VFORK ||
		 event == PTRACE_EVENT_CLONE)
		st->kind = STOP_CLONE;
	else if (event == PTRACE_EVENT_EXEC)
		st->kind = STOP_EXEC;
	else if (event == PTRACE_EVENT_EXIT)
		st->kind = STOP_EXIT;
	else if (event == PTRACE_EVENT_STOP)
		st->kind = is_group_stop_sig(sig) ? STOP_GROUP : STOP_EVENT;
	else if (event)
		st->kind = STOP_EVENT;
	else
		st->kind = STOP_SIGNAL;
	if (st->kind == STOP_GROUP || st->kind == STOP_SIGNAL ||
	    event == PTRACE_EVENT_EXIT)
		note_last_nr(sup, st->t);
}

static void record_launched(struct sw_supervisor *sup, int status)
{
	sup->launched_status = status;
	sup->launched_done = true;
}

/* waitpid(-1, @status, __WALL); for -c, the system time the task's
 * process has spent so far (strace's measure) is kept too. */
static pid_t wait_stop(struct sw_supervisor *sup, int *status)
{
	struct rusage ru;
	pid_t tid;

	if (!sup->summary || sup->summary_wall)
		return waitpid(-1, status, __WALL);
	tid = wait4(-1, status, __WALL, &ru);
	sup->stop_stime.tv_sec = ru.ru_stime.tv_sec;
	sup->stop_stime.tv_nsec = ru.ru_stime.tv_usec * 1000;
	return tid;
}

/* Waits for the next stop.  Returns 1 with @st filled, 0 when no tracee
 * is left or a stop was requested, or -errno. */
static int next_stop(struct sw_supervisor *sup, struct stop *st)
{
	for (;;) {
		if (sup->stop_sig || sup->stop_by_hook)
			return 0;
		st->tid = sup->swap.n ? swap_wait(&sup->swap, &st->status)
				      : wait_stop(sup, &st->status);
		if (st->tid < 0) {
			if (errno == EINTR)
				continue;
			return errno == ECHILD ? 0 : -errno;
		}
		st->t = tracee_find(&sup->tracees, st->tid);
		if (!st->t && !WIFSTOPPED(st->status)) {
			/* Forgotten; the command may have been detached. */
			if (st->tid == sup->launched)
				record_launched(sup, st->status);
			continue;
		}
		if (!st->t && (st->t = supervisor_adopt(sup, st->tid)))
			st->t->flags |=
			    TF_UNCLAIMED; /* its parent's event is due */
		if (!st->t)
			return -ENOMEM;
		sup->wake_tid = st->tid;
		sup->nstops++;
		swap_stop(st->t);
		classify(sup, st);
		return 1;
	}
}

/* Keeps @line as @t's entry text; on failure there is none, and the
 * exit decodes the entry from what is left. */
static void keep_entry_text(struct sw_tracee *t, const struct strbuf *line)
{
	free(t->entry_text);
	t->entry_text = line->buf ? strdup(line->buf) : NULL;
}

/* A selected call begins: it is to be shown, or counted (-c), or both. */
static void start_call(struct sw_supervisor *sup, struct sw_tracee *t)
{
	if (supervisor_shows(sup)) {
		t->flags |= TF_SHOWN;
		sinks_begin(sup, t);
	}
	if (sup->summary && !decode_never_returns(&t->sys))
		t->flags |= TF_COUNTED;
	if (sup->summary || sup->out.call_digits >= 0)
		clock_gettime(CLOCK_MONOTONIC, &t->entry_time);
	t->entry_stime = sup->stop_stime;
}

/* -c: counts @t's call, which has returned. */
static void count_call(struct sw_supervisor *sup, struct sw_tracee *t,
		       bool failed)
{
	const struct timespec *start = &t->entry_stime;
	struct timespec now = sup->stop_stime, d;

	if (!(t->flags & TF_COUNTED))
		return;
	if (sup->summary_wall) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		start = &t->entry_time;
	}
	d = util_ts_sub(&now, start);
	if (d.tv_sec < 0)
		d = (struct timespec){ 0, 0 };
	if (summary_count(sup->summary, t->sys.abi, t->sys.nr, failed, &d) < 0)
		supervisor_warn(sup, "-c: out of memory; the summary is short");
}

/* A syscall's entry, seen at a syscall-entry or a seccomp stop. */
static void enter_syscall(struct sw_supervisor *sup, struct sw_tracee *t)
{
	struct decode_ctx ctx;

	t->sys.sc = sw_sysent_by_nr(t->sys.abi, (uint32_t)t->sys.nr);
	if (t->sys.nr > UINT32_MAX)
		t->sys.sc = NULL;
	decode_subcall(&t->sys, t->tid); /* i386's socketcall, ipc */
	ctx = decode_ctx_of(sup, t);
	t->flags =
	    (t->flags | TF_IN_SYSCALL) &
	    ~(TF_SHOWN | TF_COUNTED | TF_NO_ENTRY | TF_EXIT_WORK | TF_INJECTED);
	swap_entry(&sup->swap, t);
	untraced_guard(sup, t);
	if ((t->flags & TF_HIDE) && is_exec(&t->sys))
		t->flags &= ~TF_HIDE;
	if (!(t->flags & TF_HIDE))
		hook_enter(sup, t);
	if (!(t->flags & TF_HIDE) && (supervisor_shows(sup) || sup->summary) &&
	    traceset_match(sup->trace, &t->sys, t->tid) &&
	    pathtrace_match(&sup->paths, t))
		start_call(sup, t);
	if (sup->stack)
		take_stack(sup, t);
	if (t->flags & TF_SHOWN) {
		strbuf_reset(&sup->line);
		if (sup->out.fp)
			decode_entry(&ctx, t, &sup->line);
		/* With -e status=, the line waits for the result, decoded
		 * now (an execve's strings are gone by its exit); a call
		 * that never returns has none, and is not shown. */
		if (sup->status_filter) {
			keep_entry_text(t, &sup->line);
			if (decode_never_returns(&t->sys) &&
			    !(sup->status_filter & SW_STATUS_UNFINISHED))
				t->flags &= ~TF_SHOWN;
			goto out;
		}
		if (decode_never_returns(&t->sys) || sup->entry_only)
			strbuf_add(&sup->line, ") = ?", 5);
		output_begin(&sup->out, t);
		if (decode_never_returns(&t->sys) || sup->entry_only)
			output_result(&sup->out, sup->line.buf, sup->line.len);
		else
			output_text(&sup->out, sup->line.buf, sup->line.len);
		if (decode_never_returns(&t->sys) || sup->entry_only) {
			output_end(&sup->out);
			sinks_end(sup, t, false, false);
			end_stack(sup, t, true);
			t->flags &= ~TF_SHOWN;
		}
	}
out:
	/* Under the filter, a call with nothing to do at exit costs one
	 * stop: resume() then continues to the next filtered call. */
	if ((t->flags & TF_FILTERED) &&
	    !(t->flags & (TF_SHOWN | TF_COUNTED | TF_EXIT_WORK)))
		t->flags &= ~TF_IN_SYSCALL;
}

static void on_syscall_enter(struct sw_supervisor *sup, struct stop *st)
{
	enter_syscall(sup, st->t);
	resume(sup, st->t, 0);
}

static void on_seccomp(struct sw_supervisor *sup, struct stop *st)
{
	struct sw_tracee *t = st->t;

	if (!(t->flags & TF_IN_SYSCALL)) {
		enter_syscall(sup, t);
		/* Before Linux 4.8 an entry stop follows when resumed with
		 * PTRACE_SYSCALL; it repeats what we saw here. */
		if (sup->seccomp_order == PREFILTER_BEFORE_ENTRY &&
		    (!(t->flags & TF_FILTERED) || (t->flags & TF_IN_SYSCALL)))
			t->flags |= TF_SKIP_ENTRY;
	}
	resume(sup, t, 0);
}

/* A result a hook chose reads as strace shows injected ones. */
static void mark_injected(const struct sw_tracee *t, struct strbuf *line)
{
	if (t->flags & TF_INJECTED)
		strbuf_add(line, " (INJECTED)", 11);
}

static void on_syscall_exit(struct sw_supervisor *sup, struct stop *st)
{
	struct sw_tracee *t = st->t;
	struct decode_ctx ctx;
	char name[32];
	int sig;

	untraced_exit(sup, t, true);
	if (sup->stack && (t->flags & TF_SHOWN) && is_exec(&t->sys))
		capture_stack(sup, t);
	if (t->flags & TF_NO_ENTRY) {
		t->sys.sc = sw_sysent_by_nr(t->sys.abi, (uint32_t)t->sys.nr);
		t->sys.entry_args = t->sys.sc ? t->sys.sc->nargs : 0;
		t->sys.via = NULL;
		if (!(t->flags & TF_HIDE) && supervisor_shows(sup) &&
		    traceset_has(sup->trace, t->sys.abi, t->sys.sc))
			t->flags |= TF_SHOWN;
	} else {
		hook_return(sup, t, &st->is_error);
	}
	ctx = decode_ctx_of(sup, t);
	if ((t->flags & TF_SHOWN) && sup->status_filter) {
		/* The whole line at once, when the result is wanted. */
		if (!(sup->status_filter &
		      (st->is_error ? SW_STATUS_FAILED
				    : SW_STATUS_SUCCESSFUL))) {
			t->flags &= ~TF_SHOWN;
		} else if (sup->out.fp) {
			strbuf_reset(&sup->line);
			if (t->entry_text && !(t->flags & TF_NO_ENTRY))
				strbuf_addf(&sup->line, "%s", t->entry_text);
			else
				decode_entry(&ctx, t, &sup->line);
			decode_exit(&ctx, t, &sup->line, st->is_error);
			mark_injected(t, &sup->line);
			output_begin(&sup->out, t);
			output_result(&sup->out, sup->line.buf, sup->line.len);
			output_duration(&sup->out, &t->entry_time);
			output_end(&sup->out);
		}
	} else if ((t->flags & TF_SHOWN) && sup->out.fp) {
		strbuf_reset(&sup->line);
		decode_exit(&ctx, t, &sup->line, st->is_error);
		mark_injected(t, &sup->line);
		output_resume(&sup->out, t,
			      decode_syscall_name(&t->sys, name, sizeof(name)));
		output_result(&sup->out, sup->line.buf, sup->line.len);
		output_duration(&sup->out, &t->entry_time);
		output_end(&sup->out);
	}
	if (t->flags & TF_SHOWN) {
		dump_call(sup->out.fp, sup->dump, t); /* -e read=, write= */
		sinks_end(sup, t, true, st->is_error);
	}
	end_stack(sup, t, t->flags & TF_SHOWN);
	out_call_free(t->call);
	t->call = NULL;
	count_call(sup, t, st->is_error);
	t->flags &= ~(TF_IN_SYSCALL | TF_SHOWN | TF_COUNTED | TF_NO_ENTRY |
		      TF_INJECTED);
	/* Resumed with it from a syscall stop, the kernel sends it itself
	 * (ptrace_report_syscall_exit(), include/linux/ptrace.h). */
	sig = t->inject_sig;
	t->inject_sig = 0;
	resume(sup, t, sig);
}

/* Ends @t's open syscall line with " = ?": the call will never return. */
static void abandon_syscall(struct sw_supervisor *sup, struct sw_tracee *t)
{
	end_unreturned(sup, t, ") = ?", SW_STATUS_UNFINISHED);
}

/*
 * The task that @parent's fork, vfork or clone event names: adopted
 * unless its first stop came first, and in either case given @parent's
 * inheritance (/proc names another parent after CLONE_PARENT).
 */
static struct sw_tracee *adopt_child(struct sw_supervisor *sup,
				     struct sw_tracee *parent)
{
	unsigned long msg = 0;
	struct sw_tracee *child;
	bool seen;

	if (ptrace(PTRACE_GETEVENTMSG, parent->tid, NULL, &msg) < 0 || !msg)
		return NULL;
	child = tracee_find(&sup->tracees, (pid_t)msg);
	seen = child != NULL;
	if (!child)
		child = supervisor_adopt(sup, (pid_t)msg);
	if (!child) {
		supervisor_warn(sup, "pid %lu: out of memory", msg);
		return NULL;
	}
	inherit(child, parent);
	budget_new_task(sup, child);
	untraced_claim(sup, parent, child, seen);
	if (!(parent->flags & TF_HIDE)) {
		struct out_event ev = { .kind = OUT_CLONE,
					.t = parent,
					.other = child->tid };

		supervisor_emit(sup, &ev);
	}
	return child;
}

static void on_clone(struct sw_supervisor *sup, struct stop *st)
{
	struct sw_tracee *child = adopt_child(sup, st->t);

	if (child)
		swap_adopt(&sup->swap, st->t, child);
	resume(sup, st->t, 0);
}

/*
 * An exec in a non-leader thread (fs/exec.c, de_thread()): the other
 * threads die, then the exec'ing thread takes over the leader's tid.  The
 * event is reported for the leader's tid, with the former tid as message.
 */
static void on_exec(struct sw_supervisor *sup, struct stop *st)
{
	char nr[16];
	struct sw_tracee *leader = st->t, *execer;
	unsigned long former = 0;
	bool first;

	if (ptrace(PTRACE_GETEVENTMSG, st->tid, NULL, &former) == 0 &&
	    (pid_t)former != st->tid &&
	    (execer = tracee_find(&sup->tracees, (pid_t)former))) {
		abandon_syscall(sup, leader);
		if (!(leader->flags & TF_HIDE) &&
		    !(sup->quiet & SW_QUIET_THREAD_EXECVE))
			output_line(&sup->out, leader,
				    "%s+++ superseded by execve in pid %lu +++",
				    nr_prefix(sup, leader, nr, sizeof(nr)),
				    former);
		untraced_exit(sup, leader, false);
		forget(sup, leader);
		output_forget(&sup->out, execer);
		tracee_rekey(&sup->tracees, execer, st->tid);
		st->t = execer;
	}
	if (sup->stack) /* a new image: nothing of the old one holds */
		stack_forget(sup->stack, st->t->tgid);
	if (!(st->t->flags & TF_HIDE) || st->t->tid == sup->launched) {
		struct out_event ev = { .kind = OUT_EXEC,
					.t = st->t,
					.other =
					    former ? (pid_t)former : st->tid };

		supervisor_emit(sup, &ev);
	}
	first = st->t->tid == sup->launched && !sup->launched_execed;
	if (first)
		sup->launched_execed = true;
	if (st->t->tid == sup->launched) {
		/* The command is under its filter from its exec on. */
		st->t->flags &= ~TF_HIDE;
		if (sup->launch_filtered)
			st->t->flags |= TF_FILTERED;
	}
	/* -b execve: let go of each process at its exec, but the
	 * command's own first one.  As in strace, its execve line ends
	 * "<detached ...>", or stays "<unfinished ...>" when another
	 * task's line came in between. */
	budget_exec(sup, st->t);
	if (sup->detach_on_execve && !first) {
		if (sup->out.owner != st->t)
			st->t->flags &= ~TF_SHOWN;
		detach_tracee(sup, st->t, 0);
		return;
	}
	resume(sup, st->t, 0);
}

static void on_group_stop(struct sw_supervisor *sup, struct stop *st)
{
	char nr[16];
	char name[16];
	struct out_event ev = {
		.kind = OUT_SIGNAL, .t = st->t, .sig = st->sig, .stopped = true
	};

	if (!(st->t->flags & TF_HIDE) && numset_has(&sup->signals, st->sig)) {
		output_line(&sup->out, st->t, "%s--- stopped by %s ---",
			    nr_prefix(sup, st->t, nr, sizeof(nr)),
			    decode_signame(st->sig, name, sizeof(name)));
		supervisor_emit(sup, &ev);
	}
	/* Stay stopped, yet report SIGCONT and PTRACE_INTERRUPT. */
	if (leaving(st->t))
		detach_tracee(sup, st->t, 0);
	else
		restart(sup, st->t, PTRACE_LISTEN, 0);
}

static void on_signal(struct sw_supervisor *sup, struct stop *st)
{
	char nr[16];
	siginfo_t si;
	char name[16];
	struct out_event ev = { .kind = OUT_SIGNAL,
				.t = st->t,
				.sig = st->sig };
	bool have_si = ptrace(PTRACE_GETSIGINFO, st->tid, NULL, &si) == 0;

	/* A budget counter's SIGTRAP: ours, not the tracee's. */
	if (have_si && budget_trap(sup, st->t, &si)) {
		resume(sup, st->t, 0);
		return;
	}
	if (!(st->t->flags & TF_HIDE) && numset_has(&sup->signals, st->sig)) {
		strbuf_reset(&sup->line);
		if (have_si) {
			decode_siginfo(&sup->line, &si);
			ev.si = &si;
		} else
			strbuf_addf(
			    &sup->line, "{si_signo=%s}",
			    decode_signame(st->sig, name, sizeof(name)));
		output_line(&sup->out, st->t, "%s--- %s %s ---",
			    nr_prefix(sup, st->t, nr, sizeof(nr)),
			    decode_signame(st->sig, name, sizeof(name)),
			    sup->line.buf);
		supervisor_emit(sup, &ev);
	}
	resume(sup, st->t, st->sig);
}

/* A thread that ends just before its group's exit_group() is reaped with
 * the group's code when the group exit came first (kernel/exit.c,
 * wait_task_zombie()): its own status is the exit event's message. */
static void on_exit_event(struct sw_supervisor *sup, struct stop *st)
{
	unsigned long msg;

	if (ptrace(PTRACE_GETEVENTMSG, st->tid, NULL, &msg) == 0) {
		st->t->exit_status = (int)msg;
		st->t->flags |= TF_EXIT_KNOWN;
	}
	resume(sup, st->t, 0);
}

static void on_exited(struct sw_supervisor *sup, struct stop *st)
{
	char nr[16];
	struct sw_tracee *t = st->t;
	int status = st->status;
	char name[16];

	struct out_event ev = { .kind = OUT_EXIT,
				.t = t,
				.status = st->status };

	/* A zombie reaped after its group's exit shows the group's code. */
	if ((t->flags & TF_EXIT_KNOWN) && WIFEXITED(status) &&
	    WIFEXITED(t->exit_status))
		status = t->exit_status;
	ev.status = status;
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGSYS &&
	    inject_has_kill(&sup->injects))
		sup->enforced = true; /* a kill deny in the kernel fired */
	abandon_syscall(sup, t);
	if (!(t->flags & TF_HIDE) && !(sup->quiet & SW_QUIET_EXIT))
		supervisor_emit(sup, &ev);
	if ((t->flags & TF_HIDE) || (sup->quiet & SW_QUIET_EXIT))
		;
	else if (WIFEXITED(status))
		output_line(&sup->out, t, "%s+++ exited with %d +++",
			    nr_prefix(sup, t, nr, sizeof(nr)),
			    WEXITSTATUS(status));
	else
		output_line(
		    &sup->out, t, "%s+++ killed by %s%s +++",
		    nr_prefix(sup, t, nr, sizeof(nr)),
		    decode_signame(WTERMSIG(status), name, sizeof(name)),
		    WCOREDUMP(status) ? " (core dumped)" : "");
	if (t->tid == sup->launched)
		record_launched(sup, st->status);
	untraced_exit(sup, t, false);
	if (sup->stack && t->tid == t->tgid)
		stack_forget(sup->stack, t->tgid);
	forget(sup, t);
}

static void dispatch(struct sw_supervisor *sup, struct stop *st)
{
	/* A new task may be due registers, or held until its parent's
	 * clone event (untraced.c). */
	if ((st->t->flags & (TF_RESTORE | TF_UNCLAIMED)) &&
	    st->kind == STOP_EVENT && untraced_first_stop(sup, st->t))
		return;
	switch (st->kind) {
	case STOP_SYSCALL_ENTER:
		on_syscall_enter(sup, st);
		break;
	case STOP_SYSCALL_EXIT:
		on_syscall_exit(sup, st);
		break;
	case STOP_CLONE:
		on_clone(sup, st);
		break;
	case STOP_EXEC:
		on_exec(sup, st);
		break;
	case STOP_GROUP:
		on_group_stop(sup, st);
		break;
	case STOP_SECCOMP:
		on_seccomp(sup, st);
		break;
	case STOP_EVENT:
		resume(sup, st->t, 0);
		break;
	case STOP_SIGNAL:
		on_signal(sup, st);
		break;
	case STOP_EXIT:
		on_exit_event(sup, st);
		break;
	case STOP_EXITED:
		on_exited(sup, st);
		break;
	}
}

/* Whether ending supervision kills @t: launched tracees die, attached
 * ones are let go, unless a hook's sw_call_stop() said otherwise. */
static bool release_kills(const struct sw_supervisor *sup,
			  const struct sw_tracee *t)
{
	if (sup->stop_by_hook)
		return sup->stop_mode == SW_STOP_KILL;
	if (sup->stop_sig && sup->signal_detaches)
		return false;
	return (t->flags & TF_LAUNCHED) != 0;
}

/* Puts every tracee on its way out: those to kill are killed, the others
 * interrupted so that they can be detached at their next stop. */
static void release_begin(struct sw_supervisor *sup)
{
	struct sw_tracee *t, *tmp;
	unsigned int i;

	/* As strace does: the command gets the signal, handed over when
	 * it is detached. */
	if (sup->stop_sig && sup->signal_detaches && sup->launched &&
	    !sup->launched_done)
		kill(sup->launched, sup->stop_sig);
	swap_release(&sup->swap); /* the held run on, to be interrupted */
	tracee_for_each (&sup->tracees, i, t, tmp) {
		if (release_kills(sup, t)) {
			kill(t->tgid, SIGKILL);
			continue;
		}
		t->flags |= TF_DETACHING;
		/* A zombie leader reports nothing until its threads are
		 * gone; it is released when we exit. */
		if (ptrace(PTRACE_INTERRUPT, t->tid, NULL, NULL) < 0 ||
		    tracee_is_dying(t->tid))
			forget(sup, t);
	}
}

static void detach_one(struct sw_supervisor *sup, struct stop *st)
{
	struct sw_tracee *t = st->t;
	int event = (unsigned int)st->status >> 16;
	int sig = 0;

	/* The new task is ours too until it is detached. */
	if (event == PTRACE_EVENT_FORK || event == PTRACE_EVENT_VFORK ||
	    event == PTRACE_EVENT_CLONE)
		adopt_child(sup, t);
	/* A signal-delivery-stop: hand the signal over, or it is lost. */
	if (!event && WSTOPSIG(st->status) != (SIGTRAP | 0x80))
		sig = WSTOPSIG(st->status);
	else if (!event && (t->flags & TF_IN_SYSCALL) &&
		 !(t->flags & TF_SKIP_ENTRY)) {
		hook_release(sup, t); /* at the exit of its call */
		untraced_exit(sup, t, true);
	}
	/* A skip's result or clone3's registers are due at the call's
	 * exit: on to it first.  A new task gets what it is due, or waits
	 * for its parent's event to say. */
	if (t->flags & TF_EXIT_WORK)
		restart(sup, t, PTRACE_SYSCALL, sig);
	else if (!((t->flags & (TF_RESTORE | TF_UNCLAIMED)) &&
		   event == PTRACE_EVENT_STOP && untraced_first_stop(sup, t)))
		detach_tracee(sup, t, sig);
}

/* Detaches attached tracees and kills launched ones; returns when none is
 * left. */
static int release_all(struct sw_supervisor *sup)
{
	struct stop st;

	release_begin(sup);
	while (sup->tracees.count) {
		st.tid = waitpid(-1, &st.status, __WALL);
		if (st.tid < 0) {
			if (errno == EINTR)
				continue;
			if (errno != ECHILD)
				return -errno;
			tracee_table_release(&sup->tracees);
			break;
		}
		st.t = tracee_find(&sup->tracees, st.tid);
		if (!st.t && !WIFSTOPPED(st.status))
			continue;
		if (!st.t && (st.t = supervisor_adopt(sup, st.tid)))
			st.t->flags |= TF_UNCLAIMED; /* as in next_stop() */
		if (!st.t)
			return -ENOMEM;
		if (!WIFSTOPPED(st.status)) {
			on_exited(sup, &st);
		} else if (release_kills(sup, st.t)) {
			kill(st.t->tgid, SIGKILL);
			restart(sup, st.t, PTRACE_CONT, 0);
		} else {
			detach_one(sup, &st);
		}
	}
	return 0;
}

int supervisor_run(struct sw_supervisor *sup)
{
	struct stop st;
	int r, f;

	if (sup->swap.n)
		swap_begin(&sup->swap);
	while ((r = next_stop(sup, &st)) > 0)
		dispatch(sup, &st);
	if (r == 0 && (sup->stop_sig || sup->stop_by_hook))
		r = release_all(sup);
	if (sup->swap.n)
		swap_end(&sup->swap);
	f = output_flush(&sup->out);
	if (f >= 0)
		f = output_sinks_flush(sup->sinks);
	return r < 0 ? r : f;
}

int supervisor_release(struct sw_supervisor *sup)
{
	int r = 0;

	if (sup->tracees.count)
		r = release_all(sup);
	output_flush(&sup->out);
	return r;
}

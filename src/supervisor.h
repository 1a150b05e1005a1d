/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* syswarden - the supervisor: state shared by the event loop and launch. */
#ifndef SW_SUPERVISOR_H
#define SW_SUPERVISOR_H

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>

#include <syswarden/syswarden.h>

#include "budget.h"
#include "hook.h"
#include "inject.h"
#include "output.h"
#include "pathtrace.h"
#include "prefilter.h"
#include "qualify.h"
#include "summary.h"
#include "stack.h"
#include "swap.h"
#include "tracee.h"
#include "traceset.h"
#include "untraced.h"
#include "util.h"

/* In status_filter: -e status= was given (its set may be empty). */
#define STATUS_FILTER_ON 0x100u

/* Options every traced task is seized with.  The exit stop gives a
 * task's own exit code, and with -n its last syscall from the registers. */
#define SW_PTRACE_OPTIONS                                                   \
	(PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK | \
	 PTRACE_O_TRACECLONE | PTRACE_O_TRACEEXEC | PTRACE_O_TRACESECCOMP | \
	 PTRACE_O_TRACEEXIT)

enum syscall_info_mode {
	SI_PROBE = 0, /* not known yet: try it at the first syscall stop */
	SI_USE, /* PTRACE_GET_SYSCALL_INFO works */
	SI_REGS, /* read registers through the arch layer */
};

/* The user a launched command runs as (sw_set_user()). */
struct run_as {
	bool on;
	uid_t uid;
	gid_t gid;
	gid_t *groups;
	size_t ngroups;
};

struct sw_supervisor {
	struct tracee_table tracees;
	struct output out;
	struct out_sink *sinks; /* --json, --timeline (output.h) */
	struct traceset *trace;
	struct strbuf line; /* scratch for one decoded line */
	unsigned int string_limit;
	bool entry_only; /* print calls at entry, without results */
	bool arg_names; /* --arg-names */
	bool fd_paths; /* -y */
	bool verbose; /* -v */
	/* -e raw=, verbose=, abbrev= by enum sw_decode_set; NULL: the
	 * default (raw none, verbose and abbrev all) */
	struct traceset *decode_sets[3];
	bool numbers; /* -n */
	unsigned char hex; /* -x 1, -xx 2 */
	unsigned int status_filter; /* SW_STATUS_* to show; 0: all */
	unsigned int quiet; /* SW_QUIET_* */
	struct numset signals; /* signals to show */
	struct numset dump[2]; /* by enum sw_dump: fds to hex-dump */
	bool detach_on_execve; /* -b execve */
	bool signal_detaches; /* a stop request detaches launched ones */
	struct run_as run_as;
	sigset_t command_ignores; /* SIG_IGN in the launched command */
	struct pathtrace paths; /* -P */
	struct stack_cache *stack; /* -k, or NULL */
	enum syscall_info_mode si_mode;
	FILE *log; /* warnings go here */
	struct summary *summary; /* -c, or NULL */
	bool summary_wall; /* -w: by the wall clock, not system time */
	struct timespec stop_stime; /* -c: system time at the last stop */

	enum sw_seccomp seccomp_mode;
	enum prefilter_order seccomp_order; /* probed at the first spawn */
	bool launch_filtered; /* the launched command loads a filter */
	struct traceset *filter_sel; /* what that filter stops at */
	unsigned long nstops; /* ptrace stops handled, for --stats */
	bool warned_attach;

	pid_t launched; /* the spawned command, or 0 */
	int launched_status;
	bool launched_done;
	bool launched_execed; /* its first exec is done */

	struct swap_sched swap; /* --swap */
	int same_cpu; /* --same-cpu: 1 on, 0 off, -1 (default) with --swap */

	struct hook_list hooks;
	struct inject_list injects; /* -e inject=, fault=, --deny */
	struct untraced_state untraced; /* see untraced.c */
	struct sw_plugin_ctx *plugins; /* loaded plugins, newest first */
	struct budget_state *budgets; /* see budget.c; NULL: none */
	struct report *report; /* see report.c */
	/* Enforcement fired: a budget, or a kill deny.  The command line
	 * then exits SW_EXIT_ENFORCED (sw_enforced()). */
	bool enforced;

	volatile sig_atomic_t stop_sig; /* set by sw_request_stop() */
	bool stop_by_hook; /* sw_call_stop() was called */
	enum sw_stop_mode stop_mode; /* how, then */
	volatile sig_atomic_t wake_tid; /* a live tracee to interrupt */
};

/* Restarts @t towards its next stop of interest (or lets it go, when it
 * is being detached). */
void supervisor_resume(struct sw_supervisor *sup, struct sw_tracee *t);

/* Prints a warning about tracee @tid to the supervisor's log. */
void supervisor_warn(struct sw_supervisor *sup, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Whether calls are shown: a text trace, or a structured output. */
static inline bool supervisor_shows(const struct sw_supervisor *sup)
{
	return sup->out.fp || sup->sinks;
}

/* Hands @ev, which happens now to @ev->t, to the structured sinks. */
void supervisor_emit(struct sw_supervisor *sup, struct out_event *ev);

/* The event loop behind sw_run(). */
int supervisor_run(struct sw_supervisor *sup);
/* Detaches attached tracees and kills launched ones. */
int supervisor_release(struct sw_supervisor *sup);

int launch_spawn(struct sw_supervisor *sup, char *const argv[]);
int launch_attach(struct sw_supervisor *sup, pid_t pid);

#endif /* SW_SUPERVISOR_H */

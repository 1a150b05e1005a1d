/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * syswarden - a ptrace-based syscall supervisor.
 *
 * Embedding takes a few lines:
 *
 *	struct sw_supervisor *sup;
 *	int status;
 *
 *	sw_supervisor_new(&sup);
 *	sw_set_output(sup, stderr);
 *	sw_spawn(sup, argv);
 *	sw_run(sup);
 *	sw_wait_status(sup, &status);
 *	sw_supervisor_free(sup);
 *
 * Every function returning int returns 0 (or a positive value where
 * documented) on success and a negative errno value on failure.
 */
#ifndef SYSWARDEN_SYSWARDEN_H
#define SYSWARDEN_SYSWARDEN_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include <syswarden/common.h>
#include <syswarden/hook.h>
#include <syswarden/plugin.h>
#include <syswarden/sysent.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Exit status of a launched child that could not exec its command. */
#define SW_EXIT_EXEC_FAILED 127
/** Exit status of a launched child whose command is not executable. */
#define SW_EXIT_EXEC_DENIED 126

/** Exit status of a launched child whose seccomp filter failed to load. */
#define SW_EXIT_SECCOMP_FAILED 125

/**
 * Exit status of the syswarden command when enforcement fired: a budget
 * was exceeded (with any --on-limit action but errno=), or a kill deny
 * struck.  Distinct from a crash (128+signal) and from setup failures.
 */
#define SW_EXIT_ENFORCED 86

struct sw_supervisor;

/** Whether a launched command runs under a seccomp-bpf pre-filter. */
enum sw_seccomp {
	SW_SECCOMP_AUTO = 0, /**< when it helps and works; else warn once */
	SW_SECCOMP_ON, /**< always; sw_spawn() fails without it */
	SW_SECCOMP_OFF, /**< never: every syscall stops twice */
};

/**
 * The version of the library in use, as SW_VERSION encodes it; compare
 * it with the SW_VERSION a program was built against.
 */
SW_API unsigned int sw_version(void);

/** Creates a supervisor that traces every syscall and prints nothing. */
SW_API int sw_supervisor_new(struct sw_supervisor **out);

/**
 * Ends supervision and frees @sup (NULL is allowed).  Tracees that were
 * attached are detached and run on; launched ones are killed.
 */
SW_API void sw_supervisor_free(struct sw_supervisor *sup);

/** Sends the strace-format trace to @fp (not owned); NULL prints none. */
SW_API void sw_set_output(struct sw_supervisor *sup, FILE *fp);

/** Structured outputs, beside or instead of the strace-format trace. */
enum sw_output_format {
	/** JSON lines: one object per call, signal, exit, new task, exec
	 *  and report; schema in README.md ("Trace as data"). */
	SW_OUTPUT_JSON = 1,
	/** Chrome/Perfetto trace-event JSON: a track per thread. */
	SW_OUTPUT_TIMELINE,
};

/**
 * Adds a structured output of @format written to @fp (not owned; the
 * output is ended, a timeline's closing brackets written, by
 * sw_supervisor_free()).  It shows the calls, signals and exits the text
 * trace would show.  Returns 0, -EINVAL for an unknown @format or a NULL
 * @fp, or -ENOMEM.
 */
SW_API int sw_add_output(struct sw_supervisor *sup,
			 enum sw_output_format format, FILE *fp);

/** Sets where warnings go (default stderr). */
SW_API void sw_set_log(struct sw_supervisor *sup, FILE *fp);

/** Sets how many bytes of a string or buffer are shown (strace's -s). */
SW_API int sw_set_string_limit(struct sw_supervisor *sup, unsigned int n);

/**
 * Selects the syscalls to show, in the grammar of -e trace=SET.  On a bad
 * set returns -EINVAL and writes the reason, with a suggestion, to @err.
 */
SW_API int sw_set_trace(struct sw_supervisor *sup, const char *set, char *err,
			size_t errsize);

/** Results shown with sw_set_status(). */
#define SW_STATUS_SUCCESSFUL 0x1u /**< the call returned no error */
#define SW_STATUS_FAILED 0x2u /**< the call returned an error */
#define SW_STATUS_UNFINISHED 0x4u /**< it never returned ("= ?") */
#define SW_STATUS_UNAVAILABLE 0x8u /**< its result could not be read */
#define SW_STATUS_DETACHED 0x10u /**< detached before it returned */

/**
 * Shows only calls whose result is in @set, a comma-separated list of
 * "successful", "failed", "unfinished", "unavailable", "detached", "all"
 * and "none", '!' first to invert it (strace's -e status=).  Lines are
 * then printed whole at exit.  On a bad set returns -EINVAL with the
 * reason in @err.
 */
SW_API int sw_set_status(struct sw_supervisor *sup, const char *set, char *err,
			 size_t errsize);

/**
 * Shows only the signals in @set ("--- SIGCHLD {...} ---" and "---
 * stopped by ... ---" lines): names with or without "SIG", numbers,
 * "all", "none", '!' first to invert it (strace's -e signal=).  On a bad
 * set returns -EINVAL with the reason in @err.
 */
SW_API int sw_set_signals(struct sw_supervisor *sup, const char *set, char *err,
			  size_t errsize);

/** Messages left out with sw_set_quiet(). */
#define SW_QUIET_EXIT 0x1u /**< "+++ exited with 0 +++" and "killed by" */
#define SW_QUIET_THREAD_EXECVE 0x2u /**< "+++ superseded by execve" */

/** Leaves out the messages in @what (SW_QUIET_* bits). */
SW_API void sw_set_quiet(struct sw_supervisor *sup, unsigned int what);

/** Which data sw_set_dump() dumps. */
enum sw_dump {
	SW_DUMP_READ = 0, /**< data read from a descriptor */
	SW_DUMP_WRITE, /**< data written to a descriptor */
};

/**
 * After each call that reads from (or writes to) a descriptor in @fds,
 * prints the data in full as a hex dump, strace's -e read=/-e write=.
 * @fds: descriptor numbers, "all", "none", '!' first to invert.  On a bad
 * set returns -EINVAL with the reason in @err.
 */
SW_API int sw_set_dump(struct sw_supervisor *sup, enum sw_dump which,
		       const char *fds, char *err, size_t errsize);

/**
 * Shows only calls that touch @path (strace's -P): by a file name
 * argument equal to it, or by a descriptor argument that refers to it.
 * Repeatable; @path is copied.  Returns 0 or -ENOMEM.
 */
SW_API int sw_add_trace_path(struct sw_supervisor *sup, const char *path);

/**
 * Detaches each process at its execve (strace's -b execve), except the
 * launched command's own first one.  A process under the seccomp filter
 * cannot be let go, so with it on the command is not filtered.
 */
SW_API void sw_set_detach_on_execve(struct sw_supervisor *sup, bool on);

/**
 * Makes sw_request_stop() treat the launched command as strace does: it
 * gets the signal and is detached, instead of being killed.  The command
 * then runs without the seccomp filter (a filter would outlive the
 * detach).
 */
SW_API void sw_set_signal_detaches(struct sw_supervisor *sup, bool on);

/**
 * Starts the launched command with the signals in @set ignored (SIG_IGN;
 * NULL: none), as they were when the caller started.  A caller that
 * handles a signal it was started ignoring (nohup, a shell's background
 * job) would otherwise hand the command the default action, which exec
 * gives a handled signal.
 */
SW_API void sw_set_command_ignores(struct sw_supervisor *sup,
				   const sigset_t *set);

/**
 * Runs the launched command with user @uid, group @gid and the
 * supplementary groups @groups (@ngroups of them, copied), as strace's
 * -u; a set-user-ID or set-group-ID command keeps that effective id.
 * Returns 0, -EINVAL for too many groups, or -ENOMEM.
 */
SW_API int sw_set_user(struct sw_supervisor *sup, uid_t uid, gid_t gid,
		       const gid_t *groups, size_t ngroups);

/**
 * Prints each call at its entry, ending in "= ?", and never waits for its
 * result: under the seccomp filter a selected call then costs one stop.
 */
SW_API void sw_set_entry_only(struct sw_supervisor *sup, bool on);

/**
 * Writes each task's trace to its own file, @prefix.TID, as strace -ff -o
 * PREFIX; lines carry no pid prefix.  A file is created at the task's
 * first line.  Returns 0, -EINVAL for an empty @prefix, or -ENOMEM.
 */
SW_API int sw_set_output_per_task(struct sw_supervisor *sup,
				  const char *prefix);

/** How the trace is laid out: flags for sw_set_display(). */
enum sw_display {
	/** Each argument after its prototype's name: "openat(dfd:
	 *  AT_FDCWD, filename: \"/etc/passwd\", flags: O_RDONLY)". */
	SW_DISPLAY_ARG_NAMES = 1u << 0,
	/** Every line starts with "PID ", as strace -f -o FILE writes
	 *  them, instead of "[pid N] " once several tasks are traced. */
	SW_DISPLAY_PID_ALWAYS = 1u << 1,
	/** File descriptors with their paths, "3</etc/passwd>", as
	 *  strace -y: one readlink() each. */
	SW_DISPLAY_FD_PATHS = 1u << 2,
	/** Strings with their non-printable bytes in hex, "\\x7f", as
	 *  strace -x (the default is octal, "\\177"). */
	SW_DISPLAY_HEX = 1u << 3,
	/** Strings with every byte in hex, as strace -xx. */
	SW_DISPLAY_HEX_ALL = 1u << 4,
	/** Structures whole, as strace -v (struct stat for now). */
	SW_DISPLAY_VERBOSE = 1u << 5,
	/** Each call after its number on its ABI, "[ 257] openat(", as
	 *  strace -n. */
	SW_DISPLAY_NUMBERS = 1u << 6,
};

/**
 * Sets the layout of the trace: @flags of enum sw_display, and the
 * column at which " = result" is aligned (strace's -a; 0: right after
 * the arguments).  Returns 0, or -EINVAL for an unknown flag or a
 * column past 1000.
 */
SW_API int sw_set_display(struct sw_supervisor *sup, unsigned int flags,
			  unsigned int align_column);

/** The wall-clock time at the start of each line: strace's -t. */
enum sw_timestamp {
	SW_TIMESTAMP_NONE = 0,
	SW_TIMESTAMP_TIME, /**< "18:17:51", as strace -t and -tt */
	SW_TIMESTAMP_UNIX, /**< "1795717071", as strace -ttt */
};

/**
 * Stamps the trace as strace does.  @stamp: the wall-clock time at the
 * start of each line, with @stamp_digits digits after the second (0, 3,
 * 6 or 9: strace -t is 0, -tt and -ttt 6).  @rel_digits: the time since
 * the previous line after it (strace -r), or -1 for none.
 * @call_digits: each call's duration from entry to exit at the end of
 * its line, " <0.000012>" (strace -T), or -1 for none.  Returns 0, or
 * -EINVAL for another number of digits.
 */
SW_API int sw_set_timestamps(struct sw_supervisor *sup, enum sw_timestamp stamp,
			     int stamp_digits, int rel_digits, int call_digits);

/** Flags for sw_set_summary(). */
enum sw_summary_flags {
	/** Count the selected calls for sw_write_summary(). */
	SW_SUMMARY_ON = 1u << 0,
	/** Time calls by the wall clock, from entry to exit (strace -w),
	 *  not by the system time the tracee spent in them. */
	SW_SUMMARY_WALL_CLOCK = 1u << 1,
};

/**
 * Counts each selected call for strace's summary table (-c): calls,
 * failures and time per syscall.  @sort_by is strace's -S key ("time",
 * "calls", "name", "errors", ..., NULL for time) and @columns its -U
 * list ("name,calls,errors", NULL for strace's default).  Returns 0,
 * -EINVAL for a bad key or column (said in @err), or -ENOMEM.
 */
SW_API int sw_set_summary(struct sw_supervisor *sup, unsigned int flags,
			  const char *sort_by, const char *columns, char *err,
			  size_t errsize);

/**
 * Writes the summary table, one per ABI that made calls, to @fp.
 * Returns 0, -ENOENT when counting was not asked for, or -errno of the
 * write.
 */
SW_API int sw_write_summary(const struct sw_supervisor *sup, FILE *fp);
/** What sw_set_stack_trace() shows. */
enum sw_stack {
	/** The frames of each call shown, one a line after it, as strace
	 *  -k: " > /usr/lib/x86_64-linux-gnu/libc.so.6(__open64+0x51)
	 *  [0xf8011]" (the function and the offset in the file). */
	SW_STACK_ON = 1u << 0,
	/** Each frame's source file and line, where DWARF has them. */
	SW_STACK_LINES = 1u << 1,
};

/**
 * Shows a stack trace after each call (@flags of enum sw_stack; 0: none).
 * Set it before sw_spawn() or sw_attach(): with a seccomp filter, the
 * command must also stop at the calls that change its executable
 * mappings.  Returns 0, -EINVAL for an unknown flag, -EBUSY once a
 * tracee is there, -ENOTSUP when syswarden was built without libunwind
 * and elfutils, or -ENOMEM.
 */
SW_API int sw_set_stack_trace(struct sw_supervisor *sup, unsigned int flags);

/** Per-syscall decoding choices: which set sw_set_decode_set() sets. */
enum sw_decode_set {
	/** Arguments and result undecoded, in hex, as strace -e raw=SET
	 *  (default: none). */
	SW_DECODE_RAW,
	/** Structures decoded, as strace -e verbose=SET (default: all;
	 *  the others show their address). */
	SW_DECODE_VERBOSE,
	/** Structures abbreviated, as strace -e abbrev=SET (default: all;
	 *  SW_DISPLAY_VERBOSE is abbrev=none). */
	SW_DECODE_ABBREV,
};

/**
 * Sets which syscalls get the decoding choice @which, by a set of the
 * -e trace= grammar (conditions on arguments are refused).  Returns 0,
 * or -EINVAL with a message in @err for a bad set.
 */
SW_API int sw_set_decode_set(struct sw_supervisor *sup,
			     enum sw_decode_set which, const char *set,
			     char *err, size_t errsize);

/**
 * Decodes syscalls from registers even where the kernel offers
 * PTRACE_GET_SYSCALL_INFO.  For testing the arch layer.
 */
SW_API void sw_set_registers_only(struct sw_supervisor *sup, bool on);

/**
 * Chooses kernel pre-selection for launched commands (default AUTO).  A
 * filter makes the kernel stop the command only at selected syscalls.
 * Attached processes are never filtered: a filter can only be installed
 * by the process itself, and it outlives a detach.
 */
SW_API void sw_set_seccomp(struct sw_supervisor *sup, enum sw_seccomp mode);

/** What sw_add_rule() adds. */
enum sw_rule_kind {
	SW_RULE_INJECT, /**< strace's -e inject=SET:... */
	SW_RULE_FAULT, /**< strace's -e fault=SET[:error=E][:when=EXPR] */
	SW_RULE_DENY, /**< --deny SET[:error=E|:kill] */
};

/**
 * Adds an enforcement rule, in the syntax of the option @kind names:
 * "openat(flags & O_CREAT):error=EACCES:when=2+".  Rules act in the
 * order added; of several that fire on one call, the first one's result
 * stands.  A deny rule on scalar arguments alone also goes into a seccomp
 * filter of the launched command (see the README), so add rules before
 * sw_spawn().  Returns 0, -EINVAL with the reason in @err, or -ENOMEM.
 */
SW_API int sw_add_rule(struct sw_supervisor *sup, enum sw_rule_kind kind,
		       const char *rule, char *err, size_t errsize);

/**
 * Runs the threads of each traced process one at a time, handing over to
 * the next after @n syscalls (0, the default: off); Zelos's
 * syscall_thread_swap.  A thread entering a call that may block (a futex
 * wait, wait4, poll, ...) hands over at once, and one that sleeps in any
 * other call, or spins in user space, at the next 10 ms tick.  Every
 * syscall then stops (no seccomp filter).  Set before sw_spawn() or
 * sw_attach(): -EBUSY after.
 */
SW_API int sw_set_swap(struct sw_supervisor *sup, unsigned long n);

/**
 * Keeps syswarden and the launched command on the CPU syswarden runs on,
 * which makes every ptrace stop cheaper.  The command can see it: its
 * affinity mask (sched_getaffinity(2), nproc, Cpus_allowed in
 * /proc/self/status) holds that one CPU.  By default on with
 * sw_set_swap(), where one thread runs at a time anyway.
 */
SW_API void sw_set_same_cpu(struct sw_supervisor *sup, bool on);

/**
 * Starts @argv[0] (searched in PATH) with arguments @argv under
 * supervision.  The command dies with the supervisor (PTRACE_O_EXITKILL).
 * Returns its pid, -ENOENT when no such command exists, -EACCES when it
 * is not executable, -ENOSYS when SW_SECCOMP_ON was asked for and no
 * filter can be installed, or another -errno.
 */
SW_API int sw_spawn(struct sw_supervisor *sup, char *const argv[]);

/**
 * Seizes every thread of process @pid, including threads created while
 * attaching.  Returns 0, -ESRCH if there is no such process, -EPERM when
 * ptrace is refused, -EINVAL for the supervisor's own pid.
 */
SW_API int sw_attach(struct sw_supervisor *sup, pid_t pid);

/**
 * Seizes @pid, a single-threaded process about to exec the command
 * itself (strace's -D: the tracer is its grandchild).  Nothing it does is
 * shown before its exec.  It is treated as attached: never filtered, let
 * go on a stop request.  Returns as sw_attach().
 */
SW_API int sw_attach_command(struct sw_supervisor *sup, pid_t pid);

/**
 * Runs until no tracee is left or a stop is requested.  Returns 0 or
 * -errno; on a stop request, attached tracees are detached and launched
 * ones killed before it returns.
 */
SW_API int sw_run(struct sw_supervisor *sup);

/**
 * Stores the launched command's wait status (see waitpid(2)) in @status.
 * Returns -ENOENT when no command was launched or it has not ended.
 */
SW_API int sw_wait_status(const struct sw_supervisor *sup, int *status);

/**
 * Asks sw_run() to stop: detach attached tracees, kill launched ones.
 * Async-signal-safe: meant to be called from a SIGINT/SIGTERM handler.
 * @sig is the reason, returned by sw_stop_signal().
 */
SW_API void sw_request_stop(struct sw_supervisor *sup, int sig);

/** How many ptrace stops the supervisor has handled so far. */
SW_API unsigned long sw_stop_count(const struct sw_supervisor *sup);

/** The signal given to sw_request_stop(), or 0. */
SW_API int sw_stop_signal(const struct sw_supervisor *sup);

/** What happens to the call over a budget (sw_set_on_limit()). */
enum sw_on_limit {
	SW_ON_LIMIT_KILL = 0, /**< kill the whole traced tree (default) */
	SW_ON_LIMIT_ERRNO, /**< fail the call with an errno, run on */
	SW_ON_LIMIT_END_THREAD, /**< end the offending thread alone */
	SW_ON_LIMIT_DETACH, /**< stop supervising, let everything run */
};

/** How budgets are counted (sw_set_budget_counting()). */
enum sw_counting {
	SW_COUNT_AUTO = 0, /**< in the kernel where allowed, else at stops */
	SW_COUNT_KERNEL, /**< in the kernel; sw_add_budget() fails without */
	SW_COUNT_STOPS, /**< at ptrace stops, always */
};

/**
 * Adds a budget: at most @limit calls in @set (the grammar of -e trace=),
 * for the whole traced tree, or for each thread when @per_thread.  The
 * call over budget never runs; sw_set_on_limit() says what happens
 * instead.  Budgets are set before sw_spawn() or sw_attach().  Returns
 * 0, -EINVAL with the reason in @err, -ENOTSUP when SW_COUNT_KERNEL was
 * asked for and the kernel refuses, or -ENOMEM.
 */
SW_API int sw_add_budget(struct sw_supervisor *sup, const char *set,
			 unsigned long long limit, bool per_thread, char *err,
			 size_t errsize);

/** Sets what a call over the budgets added from now on gets (default
 *  SW_ON_LIMIT_KILL); @err_no is the errno for SW_ON_LIMIT_ERRNO.
 *  Returns 0 or -EINVAL. */
SW_API int sw_set_on_limit(struct sw_supervisor *sup, enum sw_on_limit how,
			   int err_no);

/** Chooses how budgets added afterwards are counted (default AUTO). */
SW_API void sw_set_budget_counting(struct sw_supervisor *sup,
				   enum sw_counting how);

/**
 * How budgets are counted: "kernel" (a perf counter per task, no stop
 * until a budget is spent), "stops" (at ptrace stops), "mixed" (tree
 * budgets moved to stops once the tree had several tasks), or "none".
 * @why, when not NULL, gets why the kernel was not used ("" if it was).
 */
SW_API const char *sw_budget_counting(const struct sw_supervisor *sup,
				      const char **why);

/** Whether enforcement fired: a budget was exceeded with an action other
 *  than SW_ON_LIMIT_ERRNO, or a kill deny struck (SW_EXIT_ENFORCED). */
SW_API bool sw_enforced(const struct sw_supervisor *sup);

/**
 * Writes the run's report to @path as JSON: counting mode, each budget
 * with its use, per-thread and per-process counts, each violation with
 * its decoded call.  Returns 0 or -errno.
 */
SW_API int sw_write_report(struct sw_supervisor *sup, const char *path);

#ifdef __cplusplus
}
#endif

#endif /* SYSWARDEN_SYSWARDEN_H */

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * syswarden - hooks: C callbacks on syscalls, with filters.
 *
 * A hook names the syscalls it wants, when it runs (entry, return or
 * both) and optional filters; its callback gets a struct sw_call and may
 * read and write tracee memory, rewrite arguments, skip the call with a
 * chosen result or change the result.  For example, failing every open
 * of /etc/shadow with EACCES:
 *
 *	static void deny(struct sw_call *call, void *data)
 *	{
 *		sw_call_skip(call, -EACCES);
 *	}
 *
 *	struct sw_hook_spec spec = {
 *		.name = "openat",
 *		.fn = deny,
 *		.str[1] = SW_STR_EXACT("/etc/shadow"),
 *	};
 *	sw_hook_add(sup, &spec, NULL, err, sizeof(err));
 *
 * Several hooks may match one call: they run in registration order, each
 * seeing what the earlier ones did.  At entry the first sw_call_skip()
 * wins (later ones get -EALREADY) and argument rewrites accumulate (later
 * hooks match on the new values); at return each hook sees the result as
 * the previous one left it, so sw_call_set_return() calls chain.  A
 * skipped call still reaches the return hooks, with the chosen result.
 *
 * Filters are decided at the call's entry, on its arguments and the
 * strings they point to then; a return hook runs at the exit of the calls
 * it matched at entry, if its return-value filter passes and it is still
 * enabled.  A hook registered from a callback starts with the next call.
 */
#ifndef SYSWARDEN_HOOK_H
#define SYSWARDEN_HOOK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <syswarden/common.h>
#include <syswarden/sysent.h>

#ifdef __cplusplus
extern "C" {
#endif

struct sw_supervisor;
struct sw_hook;
struct sw_call;

/** When a hook runs: at the call's entry, at its return, or both. */
#define SW_HOOK_ENTER 0x1u
#define SW_HOOK_RETURN 0x2u

/** How a value filter compares. */
enum sw_filter_op {
	SW_FILTER_ANY = 0, /**< no filter: a zeroed filter matches all */
	SW_FILTER_EXACT, /**< == value */
	SW_FILTER_NOT_EQUAL, /**< != value */
	SW_FILTER_GREATER, /**< > value */
	SW_FILTER_GREATER_EQUAL, /**< >= value */
	SW_FILTER_LESS, /**< < value */
	SW_FILTER_LESS_EQUAL, /**< <= value */
	SW_FILTER_RANGE, /**< value <= x <= max */
	SW_FILTER_SUCCESS, /**< >= 0, as a signed number */
	SW_FILTER_ERROR, /**< < 0, as a signed number */
	SW_FILTER_BITMASK_SET, /**< every bit of value is set */
	SW_FILTER_BITMASK_CLEAR, /**< every bit of value is clear */
};

/**
 * A filter on one argument or on the return value.  An argument compares
 * at its C type from the prototype: a 32-bit type on its low 32 bits,
 * signed types as signed, the rest unsigned (an argument of a syscall with
 * no prototype compares as the raw register).  The return value compares
 * as a signed 64-bit number.
 */
struct sw_value_filter {
	enum sw_filter_op op;
	uint64_t value;
	uint64_t max; /**< upper bound of SW_FILTER_RANGE */
};

#define SW_VALUE_FILTER(o, v, m) \
	((struct sw_value_filter){ (o), (uint64_t)(v), (uint64_t)(m) })
#define SW_EXACT(v) SW_VALUE_FILTER(SW_FILTER_EXACT, v, 0)
#define SW_NOT_EQUAL(v) SW_VALUE_FILTER(SW_FILTER_NOT_EQUAL, v, 0)
#define SW_GREATER(v) SW_VALUE_FILTER(SW_FILTER_GREATER, v, 0)
#define SW_GREATER_EQUAL(v) SW_VALUE_FILTER(SW_FILTER_GREATER_EQUAL, v, 0)
#define SW_LESS(v) SW_VALUE_FILTER(SW_FILTER_LESS, v, 0)
#define SW_LESS_EQUAL(v) SW_VALUE_FILTER(SW_FILTER_LESS_EQUAL, v, 0)
#define SW_RANGE(lo, hi) SW_VALUE_FILTER(SW_FILTER_RANGE, lo, hi)
#define SW_SUCCESS() SW_VALUE_FILTER(SW_FILTER_SUCCESS, 0, 0)
#define SW_ERROR() SW_VALUE_FILTER(SW_FILTER_ERROR, 0, 0)
#define SW_BITMASK_SET(m) SW_VALUE_FILTER(SW_FILTER_BITMASK_SET, m, 0)
#define SW_BITMASK_CLEAR(m) SW_VALUE_FILTER(SW_FILTER_BITMASK_CLEAR, m, 0)

/** How a string filter compares the string an argument points to. */
enum sw_str_op {
	SW_STR_ANY = 0, /**< no filter */
	SW_STR_EXACT,
	SW_STR_CONTAINS,
	SW_STR_STARTSWITH,
	SW_STR_ENDSWITH,
};

/** Longest string a string filter reads from the tracee; a longer one
 *  (or an unreadable address) never matches. */
#define SW_STR_FILTER_MAX 4096

struct sw_str_filter {
	enum sw_str_op op;
	const char *text; /**< copied by sw_hook_add() */
};

#define SW_STR_FILTER(o, t) ((struct sw_str_filter){ (o), (t) })
#define SW_STR_EXACT(t) SW_STR_FILTER(SW_STR_EXACT, t)
#define SW_STR_CONTAINS(t) SW_STR_FILTER(SW_STR_CONTAINS, t)
#define SW_STR_STARTSWITH(t) SW_STR_FILTER(SW_STR_STARTSWITH, t)
#define SW_STR_ENDSWITH(t) SW_STR_FILTER(SW_STR_ENDSWITH, t)

typedef void (*sw_hook_fn)(struct sw_call *call, void *data);

/**
 * What a hook wants.  Zero what you do not use.
 *
 * @name selects syscalls:
 *  - a name, bare or with a kernel prefix: "openat", "sys_openat",
 *    "_sys_openat", "compat_sys_openat";
 *  - "on_sys_NAME_enter" or "on_sys_NAME_return" (which also set @when);
 *  - "on_all_sys_enter", "on_all_sys_return": every syscall;
 *  - "on_unknown_sys_enter", "on_unknown_sys_return": numbers that no
 *    prototype table knows;
 *  - anything -e trace= takes: "%network", "/^send", "open,openat",
 *    "write(fd == 2)".
 * An unknown name is refused with the closest known one in the message.
 */
struct sw_hook_spec {
	const char *name;
	unsigned int when; /**< SW_HOOK_*; 0: as @name says, else entry */
	sw_hook_fn fn;
	void *data; /**< passed to @fn */
	/** A name for sw_hooks_enable()/_remove(); copied.  NULL: the
	 *  plugin's name in its init, the running hook's label in a
	 *  callback, else none. */
	const char *label;
	bool disabled; /**< registered disabled */

	const char *comm; /**< task name, first 15 bytes; NULL: any */
	pid_t pid; /**< thread group id; 0: any */
	pid_t tid; /**< thread id; 0: any */
	struct sw_value_filter args[6]; /**< by register slot */
	struct sw_value_filter ret; /**< checked at return only */
	struct sw_str_filter str[6]; /**< on pointer arguments */
};

/**
 * Registers a hook.  Scalar argument filters also go into the launched
 * command's seccomp filter, so that calls they rule out never stop; a
 * hook therefore has to be registered before sw_spawn() when the filter
 * would not stop at its calls (-EBUSY, with the reason in @err).  Stores
 * the handle in *@out when @out is not NULL.  Returns 0, -EINVAL with the
 * reason in @err, or -ENOMEM.  Callable from inside a callback.
 */
SW_API int sw_hook_add(struct sw_supervisor *sup,
		       const struct sw_hook_spec *spec, struct sw_hook **out,
		       char *err, size_t errsize);

/** Enables or disables @h.  Callable from inside a callback. */
SW_API void sw_hook_enable(struct sw_hook *h, bool on);

/** Whether @h is enabled. */
SW_API bool sw_hook_enabled(const struct sw_hook *h);

/**
 * Unregisters @h and frees it; the handle is invalid afterwards.
 * Callable from inside a callback, @h's own included.
 */
SW_API void sw_hook_remove(struct sw_hook *h);

/**
 * Enables or disables every hook with label @label (when not NULL) and
 * callback @fn (when not NULL).  Returns how many hooks it selected, or
 * -ENOENT when none, -EINVAL when both are NULL.
 */
SW_API int sw_hooks_enable(struct sw_supervisor *sup, const char *label,
			   sw_hook_fn fn, bool on);

/** Removes every hook with label @label and/or callback @fn, as
 *  sw_hooks_enable() selects them.  Returns how many, or -errno. */
SW_API int sw_hooks_remove(struct sw_supervisor *sup, const char *label,
			   sw_hook_fn fn);

/**
 * The call a callback sees.  Fields are read-only: change the call with
 * the functions below, which keep the tracee and these fields in step.
 */
struct sw_call {
	const char *name; /**< "openat", or "syscall_0x1d5" if unknown */
	/** The number the tracee used: on i386, socketcall's or ipc's for
	 *  a call made through them, whose name, proto and args are the
	 *  sub-call's (sendto, semget) */
	uint64_t nr;
	enum sw_abi abi;
	const struct sw_syscall *proto; /**< NULL for an unknown number */
	pid_t pid; /**< thread group id */
	pid_t tid;
	uint64_t ip; /**< instruction pointer */
	uint64_t sp; /**< stack pointer */
	unsigned int argc; /**< register slots in args[] */
	uint64_t args[6]; /**< as at entry, after earlier rewrites */
	bool at_return;
	bool skipped; /**< a hook skipped the call */
	int64_t ret; /**< at return, or the skip's result */
	struct sw_hook *hook; /**< the hook being run */
	struct sw_supervisor *sup;
};

/** The calling thread's name (at most 15 bytes), read on first use. */
SW_API const char *sw_call_comm(struct sw_call *call);

/** The parent of the calling process, read from /proc on first use; 0
 *  when it cannot be read (the process is gone). */
SW_API pid_t sw_call_ppid(struct sw_call *call);

/**
 * At entry: the kernel does not run the call, which returns @ret (a
 * negative errno for an error: -EACCES).  Returns 0, -EALREADY when an
 * earlier hook skipped it (its result stands), -EINVAL at return.
 */
SW_API int sw_call_skip(struct sw_call *call, int64_t ret);

/** At return: the call returns @ret instead.  -EINVAL at entry. */
SW_API int sw_call_set_return(struct sw_call *call, int64_t ret);

/**
 * Delivers signal @sig to the calling thread as the call returns, as if
 * the kernel sent it (si_code SI_KERNEL), the way strace's
 * -e inject=...:signal= does.  At entry only: -EINVAL at return or for
 * a number that is no signal.
 */
SW_API int sw_call_signal(struct sw_call *call, int sig);

/** At entry: sets register argument @i (0-5) to @value.  -EINVAL at
 *  return or for @i >= 6; -EPERM for clone3, which syswarden runs as
 *  clone (its registers are clone's); -EOPNOTSUPP for a call i386
 *  makes through socketcall or ipc (its arguments are not registers
 *  there); -errno when ptrace refuses. */
SW_API int sw_call_set_arg(struct sw_call *call, unsigned int i,
			   uint64_t value);

/**
 * Tracee memory.  Each returns -EFAULT (or another -errno) for an address
 * that cannot be read or written, and never faults itself.
 *
 * sw_call_read_bytes() copies up to @len bytes and returns how many it
 * got (fewer where readable memory ends).  sw_call_read_str() copies the
 * NUL-terminated string at @addr into @buf (@size bytes, always
 * terminated) and returns its length, -ERANGE when it did not fit
 * (@buf then holds its first @size - 1 bytes), or -EFAULT when readable
 * memory ends before its NUL.  sw_call_read_ptrlist() reads a
 * NULL-terminated array of the ABI's pointers (argv, envp) into @out and
 * returns how many there are before the NULL, or -E2BIG when more than
 * @max.  sw_call_write_bytes() returns 0 or -errno.
 */
SW_API ssize_t sw_call_read_bytes(struct sw_call *call, uint64_t addr,
				  void *buf, size_t len);
SW_API ssize_t sw_call_read_str(struct sw_call *call, uint64_t addr, char *buf,
				size_t size);
SW_API int sw_call_read_ptrlist(struct sw_call *call, uint64_t addr,
				uint64_t *out, size_t max);
SW_API int sw_call_write_bytes(struct sw_call *call, uint64_t addr,
			       const void *buf, size_t len);

/** How sw_call_stop() ends supervision. */
enum sw_stop_mode {
	SW_STOP_KILL, /**< kill every traced process */
	SW_STOP_DETACH, /**< detach from every process and let it run */
};

/**
 * Ends supervision once the callback returns: sw_run() then returns.
 * SW_STOP_DETACH is refused with -EPERM while a launched command runs
 * under the seccomp filter: a process left with a filter that asks for a
 * tracer gets ENOSYS from every call the filter selects.
 */
SW_API int sw_call_stop(struct sw_call *call, enum sw_stop_mode mode);

/**
 * Ends the calling thread alone; the rest of its process runs on.  At
 * entry the call becomes exit(@code) for that thread (an exit or
 * exit_group runs as it is, and ends the thread anyway); at return the
 * thread ends at its next syscall.  @code is the process's exit status
 * when the thread was its last one.  Returns 0 or -errno.
 */
SW_API int sw_call_end_thread(struct sw_call *call, int code);

/**
 * Detaches every thread of the calling process and lets it run on,
 * unsupervised; other processes stay traced.  -EPERM under the seccomp
 * filter, for the reason given at sw_call_stop().
 */
SW_API int sw_call_detach_process(struct sw_call *call);

/**
 * Writes a report line for the call's task into the trace output (or the
 * log when there is none): "### SOURCE: TEXT", SOURCE being the hook's
 * label, or "hook".  Control characters in TEXT are escaped, so a report
 * is always one line; quote what the tracee supplied with sw_quote().
 */
SW_API void sw_call_report(struct sw_call *call, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/**
 * Writes @len bytes at @s into @out (@size bytes, always terminated) as
 * the trace writes strings: in double quotes, escaped as strace escapes
 * them.  At most @max bytes are shown; "..." follows the closing quote
 * when some were left out, also when @out was too small.  Returns @out.
 */
SW_API char *sw_quote(char *out, size_t size, const void *s, size_t len,
		      size_t max);

#ifdef __cplusplus
}
#endif

#endif /* SYSWARDEN_HOOK_H */

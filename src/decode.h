/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * syswarden - turning a syscall's raw values into strace's text.
 *
 * Each argument is decoded by its class from the generated prototype.
 * Arguments the kernel fills in (read's buffer) are decoded at exit, the
 * rest at entry.  Named flags, structures and fd paths plug in here later
 * as per-class or per-syscall decoders.
 */
#ifndef SW_DECODE_H
#define SW_DECODE_H

#include <signal.h>
#include <stdint.h>
#include <sys/types.h>

#include "tracee.h"
#include "util.h"

struct decode_ctx {
	pid_t tid;
	unsigned int string_limit; /* -s: bytes of a string shown */
	bool entry_only; /* no exit follows: output buffers as addresses */
	bool arg_names; /* "name: " before each argument */
	bool fd_paths; /* -y: "3</etc/passwd>" */
	bool verbose; /* -v: structures whole */
	bool raw; /* -e raw=: arguments and result in hex */
	bool addresses; /* not in -e verbose=: structures as addresses */
	bool numbers; /* -n: "[ 257] " before the name */
	unsigned char hex; /* -x: 1, non-printable bytes in hex; -xx: 2, all */
};

/*
 * Appends @s (@len bytes) with escapes as strace writes them: with @all,
 * every byte but printable ASCII, and '"' and '\\'; without, only control
 * characters, which keeps text on one line.
 */
void decode_escaped(struct strbuf *sb, const char *s, size_t len, bool all);

/* Appends @s (@len bytes) quoted and escaped as strace does; appends "..."
 * after the closing quote when @truncated. */
void decode_quoted(struct strbuf *sb, const char *s, size_t len,
		   bool truncated);

/* The same with strace's -x (@hex 1: bytes that are not printable as
 * \xNN) or -xx (@hex 2: every byte). */
void decode_quoted_hex(struct strbuf *sb, const char *s, size_t len,
		       bool truncated, unsigned int hex);

/* Appends "name(" and the arguments known at entry; records how many
 * were printed in t->sys.entry_args. */
void decode_entry(const struct decode_ctx *ctx, struct sw_tracee *t,
		  struct strbuf *sb);

/*
 * At the entry of i386's socketcall or ipc: makes @ev the sub-call it
 * makes (ev->sc its prototype, ev->args its arguments in its own order,
 * socketcall's read from tracee @tid's memory in one read), with
 * ev->via the multiplexer; ev->nr stays the number the tracee used.  A
 * sub-call the ABI has no prototype for, or arguments that cannot be
 * read, leave @ev as it is (ev->via NULL).
 */
void decode_subcall(struct sw_event *ev, pid_t tid);

/* Appends the arguments left for exit, ") = " and the return value. */
void decode_exit(const struct decode_ctx *ctx, struct sw_tracee *t,
		 struct strbuf *sb, bool is_error);

/* Appends the return value alone: "3", "-1 ENOENT (No such file or
 * directory)", "0x7f12a000", "? ERESTARTSYS (...)". */
void decode_retval(struct strbuf *sb, const struct sw_event *ev, bool is_error);

/* @v as a value of a C type: cut to its low 32 bits unless @wide, and
 * then sign-extended when @is_signed.  Constants compared with an
 * argument go through it too, so that -1 equals a 32-bit 0xffffffff. */
uint64_t decode_at_width(uint64_t v, bool is_signed, bool wide);

/*
 * The value of argument @a in @ev at its C type's width: a 32-bit type is
 * truncated, and sign-extended when signed.  *wide tells whether the type
 * fills a 64-bit register; *is_signed whether it compares as signed.
 */
uint64_t decode_arg_scalar(const struct sw_event *ev, const struct sw_arg *a,
			   bool *is_signed, bool *wide);

/* Whether argument @a fills a register of @wordsize bytes (8 or 4). */
bool decode_arg_is_wide(const struct sw_arg *a, unsigned int wordsize);

/* Whether the call never returns to its caller: exit, exit_group. */
bool decode_never_returns(const struct sw_event *ev);

/* The syscall's name, or "syscall_0x1d5" written into @buf. */
const char *decode_syscall_name(const struct sw_event *ev, char *buf,
				size_t size);

/* "SIGCHLD", "SIGRT_3" or "31" written into @buf. */
const char *decode_signame(int sig, char *buf, size_t size);

/* Appends "{si_signo=SIGCHLD, si_code=CLD_EXITED, ...}". */
void decode_siginfo(struct strbuf *sb, const siginfo_t *si);

/*
 * One argument alone, for the structured outputs: appends argument @i of
 * @ev as the trace shows it, decoded as at the call's exit when @exiting.
 * Arguments of a call decoded whole (clone, fcntl, futex) show by class.
 */
void decode_arg_text(const struct decode_ctx *ctx, const struct sw_event *ev,
		     unsigned int i, bool exiting, struct strbuf *sb);

/* Whether argument @i of @ev is only decoded at exit (the kernel fills
 * it in). */
bool decode_arg_at_exit(const struct sw_event *ev, unsigned int i);

/* Appends the result as the trace shows it after " = ". */
void decode_result_text(const struct decode_ctx *ctx, const struct sw_event *ev,
			bool is_error, struct strbuf *sb);

/* "ENOENT", "ERESTARTSYS" or "E4000" written into @buf. */
const char *decode_errno_name(int err, char *buf, size_t size);

#endif /* SW_DECODE_H */

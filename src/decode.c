// SPDX-License-Identifier: LGPL-2.1-or-later
/* syswarden - turning a syscall's raw values into strace's text. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "decode.h"
#include "tracemem.h"

/*
 * Kernel-internal restart codes (include/linux/errno.h).  A syscall
 * interrupted by a signal shows one of them at exit; user space never
 * does, because the kernel restarts the call or turns it into EINTR.
 */
#define ERESTARTSYS 512
#define ERESTARTNOINTR 513
#define ERESTARTNOHAND 514
#define ENOIOCTLCMD 515
#define ERESTART_RESTARTBLOCK 516

static const struct {
	int err;
	const char *name;
	const char *text;
} restart_codes[] = {
	{ ERESTARTSYS, "ERESTARTSYS", "To be restarted if SA_RESTART is set" },
	{ ERESTARTNOINTR, "ERESTARTNOINTR", "To be restarted" },
	{ ERESTARTNOHAND, "ERESTARTNOHAND", "To be restarted if no handler" },
	{ ENOIOCTLCMD, "ENOIOCTLCMD", "No ioctl command" },
	{ ERESTART_RESTARTBLOCK, "ERESTART_RESTARTBLOCK",
	  "Interrupted by signal" },
};

/* Syscalls whose result is an address, shown in hex. */
static const char *const addr_returning[] = {
	"brk", "mmap", "mmap2", "mremap", "shmat",
};

static bool is_octal(char c)
{
	return c >= '0' && c <= '7';
}

void decode_escaped(struct strbuf *sb, const char *s, size_t len, bool all)
{
	/* Characters shown as a backslash and a letter. */
	static const char esc_from[] = "\"\\\f\n\r\t\v";
	static const char esc_to[] = "\"\\fnrtv";
	char esc[8];
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *hit = c ? strchr(esc_from, c) : NULL;
		bool plain = all ? c >= 0x20 && c < 0x7f && !hit
				 : c >= 0x20 && c != 0x7f;

		if (plain) {
			strbuf_add(sb, (const char *)&c, 1);
		} else if (hit) {
			esc[0] = '\\';
			esc[1] = esc_to[hit - esc_from];
			strbuf_add(sb, esc, 2);
		} else {
			/* Full three digits only where a digit follows. */
			bool pad = i + 1 < len && is_octal(s[i + 1]);

			util_fmt(esc, sizeof(esc), pad ? "\\%03o" : "\\%o", c);
			strbuf_add(sb, esc, strlen(esc));
		}
	}
}

void decode_quoted(struct strbuf *sb, const char *s, size_t len, bool truncated)
{
	strbuf_add(sb, "\"", 1);
	decode_escaped(sb, s, len, true);
	strbuf_add(sb, "\"", 1);
	if (truncated)
		strbuf_add(sb, "...", 3);
}

static unsigned int abi_wordsize(enum sw_abi abi)
{
	const struct sw_sysent_table *tab = sw_sysent_table(abi);

	return tab ? tab->wordsize : 8;
}

/*
 * Whether a value of C type @type fills a 64-bit register.  The kernel
 * takes a 32-bit type from the low half (its SYSCALL_DEFINE wrappers cast
 * the register), so every 32-bit spelling must be listed: "unsigned"
 * alone, typedefs of int (key_t, pid_t...), of unsigned int (uid_t,
 * umode_t via mode_t...) and enums.
 */
static bool type_is_wide(const char *type, unsigned int wordsize)
{
	static const char *const narrow[] = {
		"int",	     "unsigned", "pid_t",	 "uid_t", "gid_t",
		"mode_t",    "key_t",	 "key_serial_t", "qid_t", "rwf_t",
		"clockid_t", "mqd_t",	 "timer_t",	 "u32",	  "s32",
		"short",     "char",	 "enum ",
	};
	size_t i;

	if (wordsize == 4)
		return false;
	if (strstr(type, "long") || strstr(type, "64") ||
	    strstr(type, "size_t"))
		return true;
	for (i = 0; i < ARRAY_SIZE(narrow); i++)
		if (strstr(type, narrow[i]))
			return false;
	return true;
}

static uint64_t arg_value(const struct sw_event *ev, const struct sw_arg *a)
{
	uint64_t v;

	if (a->reg >= ARRAY_SIZE(ev->args))
		return 0;
	v = ev->args[a->reg];
	if (a->cls == SW_ARG_PAIR64 && a->reg + 1u < ARRAY_SIZE(ev->args))
		v = (v & 0xffffffffu) | (ev->args[a->reg + 1] << 32);
	return v;
}

bool decode_arg_is_wide(const struct sw_arg *a, unsigned int wordsize)
{
	switch (a->cls) {
	case SW_ARG_PAIR64:
		return true;
	case SW_ARG_FD:
		return false;
	case SW_ARG_POINTER:
	case SW_ARG_STRING:
	case SW_ARG_BUFFER:
	case SW_ARG_STRUCT:
		return wordsize == 8;
	default:
		return type_is_wide(a->type, wordsize);
	}
}

uint64_t decode_at_width(uint64_t v, bool is_signed, bool wide)
{
	if (wide)
		return v;
	return is_signed ? (uint64_t)(int64_t)(int32_t)v : v & 0xffffffffu;
}

uint64_t decode_arg_scalar(const struct sw_event *ev, const struct sw_arg *a,
			   bool *is_signed, bool *wide)
{
	*is_signed = a->cls == SW_ARG_SIGNED || a->cls == SW_ARG_FD ||
		     a->cls == SW_ARG_PAIR64;
	*wide = decode_arg_is_wide(a, abi_wordsize(ev->abi));
	return decode_at_width(arg_value(ev, a), *is_signed, *wide);
}

static void print_pointer(struct strbuf *sb, uint64_t v)
{
	if (v)
		strbuf_addf(sb, "%#" PRIx64, v);
	else
		strbuf_add(sb, "NULL", 4);
}

static void print_integer(struct strbuf *sb, uint64_t v, bool is_signed,
			  bool wide)
{
	if (!wide)
		v &= 0xffffffffu;
	if (is_signed && wide)
		strbuf_addf(sb, "%" PRId64, (int64_t)v);
	else if (is_signed)
		strbuf_addf(sb, "%d", (int)(int32_t)v);
	else
		strbuf_addf(sb, "%" PRIu64, v);
}

/* AT_FDCWD (include/uapi/linux/fcntl.h) where a directory fd is taken. */
static void print_fd(struct strbuf *sb, const struct sw_arg *a, uint64_t v)
{
	size_t n = strlen(a->name);

	if ((int32_t)v == -100 && n >= 3 && !strcmp(a->name + n - 3, "dfd"))
		strbuf_add(sb, "AT_FDCWD", 8);
	else
		print_integer(sb, v, true, false);
}

static void print_flags(struct strbuf *sb, const struct sw_arg *a, uint64_t v,
			bool wide)
{
	if (!wide)
		v &= 0xffffffffu;
	if (strstr(a->name, "mode"))
		strbuf_addf(sb, "%#" PRIo64, v);
	else
		strbuf_addf(sb, "%#" PRIx64, v);
}

static void print_string(const struct decode_ctx *ctx, struct strbuf *sb,
			 uint64_t addr)
{
	char buf[ctx->string_limit + 1];
	bool complete;
	ssize_t n;

	if (!addr) {
		strbuf_add(sb, "NULL", 4);
		return;
	}
	n = tracemem_read_str(ctx->tid, addr, buf, ctx->string_limit,
			      &complete);
	if (n < 0) {
		print_pointer(sb, addr);
		return;
	}
	decode_quoted(sb, buf, (size_t)n, !complete);
}

static void print_buffer(const struct decode_ctx *ctx, struct strbuf *sb,
			 uint64_t addr, uint64_t len)
{
	size_t want = len < ctx->string_limit ? (size_t)len : ctx->string_limit;
	char buf[ctx->string_limit + 1];
	ssize_t n;

	if (!addr) {
		strbuf_add(sb, "NULL", 4);
		return;
	}
	n = want ? tracemem_read(ctx->tid, addr, buf, want) : 0;
	if (n < 0 || (size_t)n < want) {
		print_pointer(sb, addr);
		return;
	}
	/* (buf is unread, so not handed on, when nothing was asked for) */
	decode_quoted(sb, n ? buf : "", (size_t)n, len > want);
}

static void decode_arg(const struct decode_ctx *ctx, struct sw_tracee *t,
		       unsigned int i, struct strbuf *sb)
{
	const struct sw_arg *a = &t->sys.sc->args[i];
	bool wide = type_is_wide(a->type, abi_wordsize(t->sys.abi));
	uint64_t v = arg_value(&t->sys, a);
	uint64_t len;

	switch (a->cls) {
	case SW_ARG_SIGNED:
		print_integer(sb, v, true, wide);
		break;
	case SW_ARG_FD:
		print_fd(sb, a, v);
		break;
	case SW_ARG_UNSIGNED:
		print_integer(sb, v, false, wide);
		break;
	case SW_ARG_PAIR64:
		print_integer(sb, v, true, true);
		break;
	case SW_ARG_FLAGS:
		print_flags(sb, a, v, wide);
		break;
	case SW_ARG_STRING:
		print_string(ctx, sb, v);
		break;
	case SW_ARG_BUFFER:
		if (a->flags & SW_ARGF_OUT) {
			if (ctx->entry_only || t->sys.ret < 0) {
				print_pointer(sb, v);
				break;
			}
			len = (uint64_t)t->sys.ret;
		} else if (a->len_arg >= 0 && a->len_arg < t->sys.sc->nargs) {
			len = arg_value(&t->sys, &t->sys.sc->args[a->len_arg]);
		} else {
			print_pointer(sb, v);
			break;
		}
		print_buffer(ctx, sb, v, len);
		break;
	case SW_ARG_POINTER:
	case SW_ARG_STRUCT:
	default:
		print_pointer(sb, v);
		break;
	}
}

/*
 * Per-syscall rules start here.  open's and openat's mode is only read by
 * the kernel with O_CREAT or O_TMPFILE (fs/open.c, build_open_how()), so
 * it is only shown then.  Both flags have these values on all four ABIs.
 */
#define SW_O_CREAT 0100
#define SW_O_TMPFILE 020000000

static unsigned int visible_args(const struct sw_event *ev)
{
	const struct sw_syscall *sc = ev->sc;
	unsigned int flags_at;

	if (!strcmp(sc->name, "open"))
		flags_at = 1;
	else if (!strcmp(sc->name, "openat"))
		flags_at = 2;
	else
		return sc->nargs;
	if (sc->nargs == flags_at + 2 &&
	    !(arg_value(ev, &sc->args[flags_at]) & (SW_O_CREAT | SW_O_TMPFILE)))
		return sc->nargs - 1;
	return sc->nargs;
}

bool decode_never_returns(const struct sw_event *ev)
{
	return ev->sc && (!strcmp(ev->sc->name, "exit") ||
			  !strcmp(ev->sc->name, "exit_group"));
}

const char *decode_syscall_name(const struct sw_event *ev, char *buf,
				size_t size)
{
	if (ev->sc)
		return ev->sc->name;
	return util_fmt(buf, size, "syscall_%#" PRIx64, ev->nr);
}

static void decode_args(const struct decode_ctx *ctx, struct sw_tracee *t,
			unsigned int from, unsigned int to, struct strbuf *sb)
{
	unsigned int i;

	for (i = from; i < to; i++) {
		if (i > from)
			strbuf_add(sb, ", ", 2);
		decode_arg(ctx, t, i, sb);
	}
}

void decode_entry(const struct decode_ctx *ctx, struct sw_tracee *t,
		  struct strbuf *sb)
{
	const struct sw_syscall *sc = t->sys.sc;
	char name[32];
	unsigned int i, k, n;

	strbuf_addf(sb, "%s(",
		    decode_syscall_name(&t->sys, name, sizeof(name)));
	if (!sc) {
		/* Unknown: six raw arguments, as the kernel passes six. */
		for (i = 0; i < ARRAY_SIZE(t->sys.args); i++)
			strbuf_addf(sb, "%s%#" PRIx64, i ? ", " : "",
				    t->sys.args[i]);
		t->sys.entry_args = ARRAY_SIZE(t->sys.args);
		return;
	}
	n = visible_args(&t->sys);
	/* Arguments the kernel fills in wait for the exit, if one comes. */
	for (k = 0; k < n && !ctx->entry_only; k++)
		if (sc->args[k].flags & SW_ARGF_OUT)
			break;
	if (ctx->entry_only)
		k = n;
	decode_args(ctx, t, 0, k, sb);
	if (k && k < n)
		strbuf_add(sb, ", ", 2); /* the rest follows at exit */
	t->sys.entry_args = (unsigned char)k;
}

static const char *errno_name(int err, char *buf, size_t size)
{
	const char *n = strerrorname_np(err);

	return n ? n : util_fmt(buf, size, "E%d", err);
}

void decode_retval(struct strbuf *sb, const struct sw_event *ev, bool is_error)
{
	unsigned int wordsize = abi_wordsize(ev->abi);
	int64_t ret = wordsize == 4 ? (int32_t)ev->ret : ev->ret;
	char buf[16];
	size_t i;

	if (is_error && ret < 0 && ret >= -4095) {
		int err = (int)-ret;

		for (i = 0; i < ARRAY_SIZE(restart_codes); i++)
			if (restart_codes[i].err == err) {
				strbuf_addf(sb, "? %s (%s)",
					    restart_codes[i].name,
					    restart_codes[i].text);
				return;
			}
		strbuf_addf(sb, "-1 %s (%s)", errno_name(err, buf, sizeof(buf)),
			    strerror(err));
		return;
	}
	for (i = 0; ev->sc && i < ARRAY_SIZE(addr_returning); i++)
		if (!strcmp(ev->sc->name, addr_returning[i])) {
			uint64_t v = (uint64_t)ev->ret;

			if (wordsize == 4)
				v &= 0xffffffffu;
			strbuf_addf(sb, "%#" PRIx64, v);
			return;
		}
	strbuf_addf(sb, "%" PRId64, ret);
}

void decode_exit(const struct decode_ctx *ctx, struct sw_tracee *t,
		 struct strbuf *sb, bool is_error)
{
	if (t->sys.sc)
		decode_args(ctx, t, t->sys.entry_args, visible_args(&t->sys),
			    sb);
	strbuf_add(sb, ") = ", 4);
	decode_retval(sb, &t->sys, is_error);
}

const char *decode_signame(int sig, char *buf, size_t size)
{
	const char *abbrev;

	if (sig >= 32 && sig <= 64)
		return util_fmt(buf, size, "SIGRT_%d", sig - 32);
	abbrev = sigabbrev_np(sig);
	if (!abbrev)
		return util_fmt(buf, size, "%d", sig);
	return util_fmt(buf, size, "SIG%s", abbrev);
}

struct code_name {
	int signo; /* 0: any signal */
	int code;
	const char *name;
};

static const struct code_name si_codes[] = {
	{ 0, SI_USER, "SI_USER" },
	{ 0, SI_KERNEL, "SI_KERNEL" },
	{ 0, SI_QUEUE, "SI_QUEUE" },
	{ 0, SI_TIMER, "SI_TIMER" },
	{ 0, SI_MESGQ, "SI_MESGQ" },
	{ 0, SI_ASYNCIO, "SI_ASYNCIO" },
	{ 0, SI_SIGIO, "SI_SIGIO" },
	{ 0, SI_TKILL, "SI_TKILL" },
	{ SIGCHLD, CLD_EXITED, "CLD_EXITED" },
	{ SIGCHLD, CLD_KILLED, "CLD_KILLED" },
	{ SIGCHLD, CLD_DUMPED, "CLD_DUMPED" },
	{ SIGCHLD, CLD_TRAPPED, "CLD_TRAPPED" },
	{ SIGCHLD, CLD_STOPPED, "CLD_STOPPED" },
	{ SIGCHLD, CLD_CONTINUED, "CLD_CONTINUED" },
	{ SIGSEGV, SEGV_MAPERR, "SEGV_MAPERR" },
	{ SIGSEGV, SEGV_ACCERR, "SEGV_ACCERR" },
	{ SIGBUS, BUS_ADRALN, "BUS_ADRALN" },
	{ SIGBUS, BUS_ADRERR, "BUS_ADRERR" },
	{ SIGBUS, BUS_OBJERR, "BUS_OBJERR" },
	{ SIGILL, ILL_ILLOPC, "ILL_ILLOPC" },
	{ SIGILL, ILL_ILLOPN, "ILL_ILLOPN" },
	{ SIGILL, ILL_PRVOPC, "ILL_PRVOPC" },
	{ SIGFPE, FPE_INTDIV, "FPE_INTDIV" },
	{ SIGFPE, FPE_FLTDIV, "FPE_FLTDIV" },
	{ SIGTRAP, TRAP_BRKPT, "TRAP_BRKPT" },
	{ SIGTRAP, TRAP_TRACE, "TRAP_TRACE" },
	{ SIGSYS, 1, "SYS_SECCOMP" },
};

static void print_si_code(struct strbuf *sb, const siginfo_t *si)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(si_codes); i++) {
		const struct code_name *c = &si_codes[i];

		if (c->code != si->si_code)
			continue;
		/* Signal-specific codes are positive; generic ones not. */
		if (c->signo ? c->signo == si->si_signo
			     : si->si_code <= 0 || si->si_code == SI_KERNEL) {
			strbuf_addf(sb, "%s", c->name);
			return;
		}
	}
	strbuf_addf(sb, "%d", si->si_code);
}

void decode_siginfo(struct strbuf *sb, const siginfo_t *si)
{
	char name[16];

	strbuf_addf(sb, "{si_signo=%s, si_code=",
		    decode_signame(si->si_signo, name, sizeof(name)));
	print_si_code(sb, si);
	if (si->si_code <= 0 && si->si_code != SI_KERNEL) {
		strbuf_addf(sb, ", si_pid=%d, si_uid=%u", (int)si->si_pid,
			    (unsigned int)si->si_uid);
		if (si->si_code == SI_QUEUE || si->si_code == SI_TIMER)
			strbuf_addf(sb, ", si_int=%d", si->si_int);
	} else if (si->si_signo == SIGCHLD) {
		strbuf_addf(sb, ", si_pid=%d, si_uid=%u, si_status=",
			    (int)si->si_pid, (unsigned int)si->si_uid);
		if (si->si_code == CLD_EXITED)
			strbuf_addf(sb, "%d", si->si_status);
		else
			strbuf_addf(
			    sb, "%s",
			    decode_signame(si->si_status, name, sizeof(name)));
		strbuf_addf(sb, ", si_utime=%ld, si_stime=%ld",
			    (long)si->si_utime, (long)si->si_stime);
	} else if (si->si_signo == SIGSEGV || si->si_signo == SIGBUS ||
		   si->si_signo == SIGILL || si->si_signo == SIGFPE) {
		strbuf_addf(sb, ", si_addr=");
		print_pointer(sb, (uint64_t)(uintptr_t)si->si_addr);
	}
	strbuf_add(sb, "}", 1);
}

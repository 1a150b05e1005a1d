// SPDX-License-Identifier: LGPL-2.1-or-later
/* syswarden - turning a syscall's raw values into strace's text. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>

#include "decode/private.h"
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

static const struct argdec_ref (
	*const argdec_tables[SW_ABI_COUNT])[ARGDEC_SLOTS] = {
	[SW_ABI_X86_64] = argdec_x86_64,
	[SW_ABI_I386] = argdec_i386,
	[SW_ABI_ARM64] = argdec_arm64,
	[SW_ABI_ARM] = argdec_arm,
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
	decode_quoted_hex(sb, s, len, truncated, 0);
}

void decode_quoted_hex(struct strbuf *sb, const char *s, size_t len,
		       bool truncated, unsigned int hex)
{
	size_t i;

	/* -x: a string with a byte that is neither printable nor a
	 * whitespace escape is all hex, as strace shows binary data. */
	for (i = 0; hex == 1 && i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c < 0x20 || c >= 0x7f) &&
		    !strchr("\t\n\v\f\r", c ? c : 'x'))
			break;
	}
	if (hex == 1 && i == len)
		hex = 0;
	strbuf_add(sb, "\"", 1);
	for (i = 0; hex && i < len; i++)
		strbuf_addf(sb, "\\x%02x", (unsigned char)s[i]);
	if (!hex)
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

void print_pointer(struct strbuf *sb, uint64_t v)
{
	if (v)
		strbuf_addf(sb, "%#" PRIx64, v);
	else
		strbuf_add(sb, "NULL", 4);
}

void print_integer(struct strbuf *sb, uint64_t v, bool is_signed, bool wide)
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

uint64_t dcall_arg(const struct dcall *dc, unsigned int i)
{
	if (!dc->ev->sc || i >= dc->ev->sc->nargs)
		return 0;
	return arg_value(dc->ev, &dc->ev->sc->args[i]);
}

int dcall_arg_index(const struct dcall *dc, const char *name)
{
	unsigned int i;

	for (i = 0; dc->ev->sc && i < dc->ev->sc->nargs; i++)
		if (!strcmp(dc->ev->sc->args[i].name, name))
			return (int)i;
	return -1;
}

bool dcall_read(const struct dcall *dc, uint64_t addr, void *buf, size_t len)
{
	return tracemem_read_all(dc->ctx->tid, addr, buf, len) == (ssize_t)len;
}

ssize_t dcall_read_some(const struct dcall *dc, uint64_t addr, void *buf,
			size_t len)
{
	return tracemem_read(dc->ctx->tid, addr, buf, len);
}

uint64_t dcall_word(const struct dcall *dc, const void *p)
{
	uint64_t v = 0;

	memcpy(&v, p, dc->wordsize);
	return v;
}

/* Appends "<target>" of the tracee's /proc/TID/@what link, as -y does. */
static void print_proc_link(const struct dcall *dc, const char *what)
{
	char link[64], path[PATH_MAX];
	ssize_t n;

	util_fmt(link, sizeof(link), "/proc/%d/%s", (int)dc->ctx->tid, what);
	n = readlink(link, path, sizeof(path));
	if (n < 0)
		return;
	strbuf_add(dc->sb, "<", 1);
	decode_escaped(dc->sb, path, (size_t)n, false);
	strbuf_add(dc->sb, ">", 1);
}

void print_fd_num(const struct dcall *dc, int fd)
{
	char what[32];

	strbuf_addf(dc->sb, "%d", fd);
	if (dc->ctx->fd_paths && fd >= 0)
		print_proc_link(dc, util_fmt(what, sizeof(what), "fd/%d", fd));
}

/* AT_FDCWD (include/uapi/linux/fcntl.h) where a directory fd is taken;
 * -y adds the working directory, "AT_FDCWD</home>". */
static void print_fd(const struct dcall *dc, const struct sw_arg *a, uint64_t v)
{
	size_t n = strlen(a->name);

	if ((int32_t)v != -100 || n < 3 || strcmp(a->name + n - 3, "dfd")) {
		print_fd_num(dc, (int32_t)v);
		return;
	}
	strbuf_add(dc->sb, "AT_FDCWD", 8);
	if (dc->ctx->fd_paths)
		print_proc_link(dc, "cwd");
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

void print_string_max(const struct dcall *dc, uint64_t addr, size_t max)
{
	char *buf = NULL;
	bool complete;
	ssize_t n;

	if (!addr) {
		strbuf_add(dc->sb, "NULL", 4);
		return;
	}
	buf = malloc(max + 1);
	n = buf ? tracemem_read_str(dc->ctx->tid, addr, buf, max, &complete)
		: -ENOMEM;
	if (n < 0)
		print_pointer(dc->sb, addr);
	else
		decode_quoted_hex(dc->sb, buf, (size_t)n, !complete,
				  dc->ctx->hex);
	free(buf);
}

void print_buffer(const struct decode_ctx *ctx, struct strbuf *sb,
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
	decode_quoted_hex(sb, n ? buf : "", (size_t)n, len > want, ctx->hex);
}

void print_default(struct dcall *dc, unsigned int i)
{
	const struct sw_event *ev = dc->ev;
	const struct sw_arg *a = &ev->sc->args[i];
	bool wide = type_is_wide(a->type, dc->wordsize);
	uint64_t v = arg_value(ev, a);
	struct strbuf *sb = dc->sb;
	uint64_t len;

	switch (a->cls) {
	case SW_ARG_SIGNED:
		print_integer(sb, v, true, wide);
		break;
	case SW_ARG_FD:
		print_fd(dc, a, v);
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
		print_string_max(dc, v, dc->ctx->string_limit);
		break;
	case SW_ARG_BUFFER:
		if (a->flags & SW_ARGF_OUT) {
			if (dc->ctx->entry_only || ev->ret < 0) {
				print_pointer(sb, v);
				break;
			}
			len = (uint64_t)ev->ret;
		} else if (a->len_arg >= 0 && a->len_arg < ev->sc->nargs) {
			len = arg_value(ev, &ev->sc->args[a->len_arg]);
		} else {
			print_pointer(sb, v);
			break;
		}
		print_buffer(dc->ctx, sb, v, len);
		break;
	case SW_ARG_POINTER:
	case SW_ARG_STRUCT:
	default:
		print_pointer(sb, v);
		break;
	}
}

static void dec_xflags(struct dcall *dc, unsigned int i, uint64_t v,
		       unsigned int fam)
{
	xlat_print_flags(dc->sb, dc->abi, fam, v);
}

static void dec_xenum(struct dcall *dc, unsigned int i, uint64_t v,
		      unsigned int fam)
{
	const char *name = xlat_name(dc->abi, fam, v);

	if (name)
		strbuf_addf(dc->sb, "%s", name);
	else
		print_default(dc, i);
}

static void dec_hex(struct dcall *dc, unsigned int i, uint64_t v,
		    unsigned int fam)
{
	strbuf_addf(dc->sb, "%#" PRIx64, v);
}

static void dec_fd(struct dcall *dc, unsigned int i, uint64_t v,
		   unsigned int fam)
{
	print_fd_num(dc, (int32_t)v);
}

static argdec_fn *const decoders[ARGDEC_COUNT] = {
	[ARGDEC_FLAGS] = dec_xflags,
	[ARGDEC_ENUM] = dec_xenum,
	[ARGDEC_HEX] = dec_hex,
	[ARGDEC_FD] = dec_fd,
	[ARGDEC_MODE] = dec_mode,
	[ARGDEC_PATH] = dec_path,
	[ARGDEC_PATH_OUT] = dec_path_out,
	[ARGDEC_OPEN_FLAGS] = dec_open_flags,
	[ARGDEC_STATX_FLAGS] = dec_statx_flags,
	[ARGDEC_SOCKET_TYPE] = dec_socket_type,
	[ARGDEC_SIGNAL] = dec_signal,
	[ARGDEC_SIGSET] = dec_sigset,
	[ARGDEC_SIGACTION] = dec_sigaction,
	[ARGDEC_STACK] = dec_stack,
	[ARGDEC_STAT] = dec_stat,
	[ARGDEC_STATX] = dec_statx,
	[ARGDEC_STATFS] = dec_statfs,
	[ARGDEC_DIRENTS] = dec_dirents,
	[ARGDEC_FD_PAIR] = dec_fd_pair,
	[ARGDEC_ARGV] = dec_argv,
	[ARGDEC_ENVP] = dec_envp,
	[ARGDEC_WAIT_STATUS] = dec_wait_status,
	[ARGDEC_RLIMIT64] = dec_rlimit64,
	[ARGDEC_CPUSET] = dec_cpuset,
	[ARGDEC_UTSNAME] = dec_utsname,
	[ARGDEC_SYSINFO] = dec_sysinfo,
	[ARGDEC_TIMESPEC] = dec_timespec,
	[ARGDEC_UTIMES] = dec_utimes,
	[ARGDEC_SOCKADDR] = dec_sockaddr,
	[ARGDEC_PGOFF] = dec_pgoff,
	[ARGDEC_CLONE] = dec_clone,
	[ARGDEC_FCNTL] = dec_fcntl,
	[ARGDEC_FUTEX] = dec_futex,
	[ARGDEC_FCNTL_RET] = dec_fcntl_ret,
	[ARGDEC_ID] = dec_id,
	[ARGDEC_CLONE_ARGS] = dec_clone_args,
	[ARGDEC_POLLFDS] = dec_pollfds,
	[ARGDEC_STATX_MASK] = dec_statx_mask,
	[ARGDEC_RLIMIT] = dec_rlimit,
	[ARGDEC_USER_DESC] = dec_user_desc,
	[ARGDEC_IOVEC] = dec_iovec,
	[ARGDEC_USER_DESC_RET] = dec_user_desc_ret,
	[ARGDEC_POLL_RET] = dec_poll_ret,
	[ARGDEC_IPC_KEY] = dec_ipc_key,
	[ARGDEC_IPC_GET_FLAGS] = dec_ipc_get_flags,
	[ARGDEC_IPC_CMD] = dec_ipc_cmd,
	[ARGDEC_SEMUN] = dec_semun,
	[ARGDEC_MSGBUF] = dec_msgbuf,
	[ARGDEC_SHMAT_RET] = dec_shmat_ret,
	[ARGDEC_MSGHDR] = dec_msghdr,
	[ARGDEC_EPOLL_EVENT] = dec_epoll_event,
	[ARGDEC_EPOLL_EVENTS] = dec_epoll_events,
	[ARGDEC_RUSAGE] = dec_rusage,
	[ARGDEC_SIGINFO] = dec_siginfo,
	[ARGDEC_SOCKOPT_NAME] = dec_sockopt_name,
	[ARGDEC_SOCKOPT_VAL] = dec_sockopt_val,
	[ARGDEC_SOCKOPT_VAL_OUT] = dec_sockopt_val_out,
	[ARGDEC_INT_PTR] = dec_int_ptr,
	[ARGDEC_SCHED_POLICY_RET] = dec_sched_policy_ret,
	[ARGDEC_ITIMERSPEC] = dec_itimerspec,
	[ARGDEC_IOCTL_CMD] = dec_ioctl_cmd,
	[ARGDEC_IOCTL_ARG] = dec_ioctl_arg,
};

/* The decoder of slot @k of @ev's syscall: NULL when it has none. */
static const struct argdec_ref *argdec_of(const struct sw_event *ev,
					  unsigned int k)
{
	const struct sw_sysent_table *tab = sw_sysent_table(ev->abi);
	const struct argdec_ref *r;

	if (!ev->sc || !tab || (unsigned int)ev->abi >= SW_ABI_COUNT)
		return NULL;
	r = &argdec_tables[ev->abi][ev->sc - tab->calls][k];
	return r->dec != ARGDEC_DEFAULT && r->dec < ARGDEC_COUNT ? r : NULL;
}

static void dcall_init(struct dcall *dc, const struct decode_ctx *ctx,
		       const struct sw_event *ev, struct strbuf *sb,
		       bool exiting)
{
	dc->ctx = ctx;
	dc->ev = ev;
	dc->sb = sb;
	dc->abi = ev->abi;
	dc->wordsize = abi_wordsize(ev->abi);
	dc->exiting = exiting;
}

/* Whether the decoder @r of @ev's argument prints at exit: by the table,
 * or by the request for ioctl's argument. */
static bool ref_at_exit(const struct sw_event *ev, const struct argdec_ref *r)
{
	if (r->dec == ARGDEC_IOCTL_ARG)
		return ioctl_arg_at_exit(ev);
	return r->exit;
}

/* Decoders that read a structure, a set or an array from the tracee:
 * outside -e verbose=, these arguments are shown as their address. */
static const bool reads_memory[ARGDEC_COUNT] = {
	[ARGDEC_SIGSET] = true,
	[ARGDEC_SIGACTION] = true,
	[ARGDEC_STACK] = true,
	[ARGDEC_STAT] = true,
	[ARGDEC_STATX] = true,
	[ARGDEC_STATFS] = true,
	[ARGDEC_DIRENTS] = true,
	[ARGDEC_FD_PAIR] = true,
	[ARGDEC_ARGV] = true,
	[ARGDEC_ENVP] = true,
	[ARGDEC_WAIT_STATUS] = true,
	[ARGDEC_RLIMIT64] = true,
	[ARGDEC_CPUSET] = true,
	[ARGDEC_UTSNAME] = true,
	[ARGDEC_SYSINFO] = true,
	[ARGDEC_TIMESPEC] = true,
	[ARGDEC_UTIMES] = true,
	[ARGDEC_SOCKADDR] = true,
	[ARGDEC_CLONE_ARGS] = true,
	[ARGDEC_POLLFDS] = true,
	[ARGDEC_RLIMIT] = true,
	[ARGDEC_USER_DESC] = true,
	[ARGDEC_IOVEC] = true,
	[ARGDEC_MSGHDR] = true,
	[ARGDEC_MSGBUF] = true,
	[ARGDEC_EPOLL_EVENT] = true,
	[ARGDEC_EPOLL_EVENTS] = true,
	[ARGDEC_RUSAGE] = true,
	[ARGDEC_ITIMERSPEC] = true,
	[ARGDEC_INT_PTR] = true,
	[ARGDEC_SIGINFO] = true,
	[ARGDEC_SOCKOPT_VAL] = true,
	[ARGDEC_SOCKOPT_VAL_OUT] = true,
	[ARGDEC_IOCTL_ARG] = true,
};

/* -e raw=: the argument's register value at its type's width, in hex. */
static void print_raw(struct dcall *dc, unsigned int i)
{
	const struct sw_arg *a = &dc->ev->sc->args[i];
	bool wide = decode_arg_is_wide(a, dc->wordsize);

	strbuf_addf(dc->sb, "%#" PRIx64,
		    decode_at_width(dcall_arg(dc, i), false, wide));
}

static void decode_arg(struct dcall *dc, unsigned int i)
{
	const struct argdec_ref *r = argdec_of(dc->ev, i);
	uint64_t v = dcall_arg(dc, i);

	if (dc->ctx->raw) {
		print_raw(dc, i);
		return;
	}
	if (!r) {
		print_default(dc, i);
		return;
	}
	if (dc->ctx->addresses && reads_memory[r->dec]) {
		print_pointer(dc->sb, v);
		return;
	}
	/* Written by the call: only worth reading when it succeeded. */
	if (ref_at_exit(dc->ev, r) &&
	    (!dc->exiting || dc->ev->ret < 0 || dc->ctx->entry_only)) {
		print_pointer(dc->sb, v);
		return;
	}
	decoders[r->dec](dc, i, v, r->fam);
}

/* Whether argument @i is printed at exit. */
static bool arg_at_exit(const struct sw_event *ev, unsigned int i)
{
	const struct argdec_ref *r = argdec_of(ev, i);

	if (r)
		return ref_at_exit(ev, r);
	return ev->sc->args[i].flags & SW_ARGF_OUT;
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

	if (!strcmp(sc->name, "ioctl") && !ioctl_has_arg(ev))
		return 2; /* ioctl(3, FIOCLEX) */
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

static void decode_args(struct dcall *dc, unsigned int from, unsigned int to)
{
	unsigned int i;

	for (i = from; i < to; i++) {
		if (i > from)
			strbuf_add(dc->sb, ", ", 2);
		if (dc->ctx->arg_names)
			strbuf_addf(dc->sb, "%s: ", dc->ev->sc->args[i].name);
		decode_arg(dc, i);
	}
}

void decode_entry(const struct decode_ctx *ctx, struct sw_tracee *t,
		  struct strbuf *sb)
{
	const struct sw_syscall *sc = t->sys.sc;
	const struct argdec_ref *whole = argdec_of(&t->sys, ARGDEC_CALL);
	struct dcall dc;
	char name[32];
	unsigned int i, k, n;

	if (ctx->numbers)
		strbuf_addf(sb, "[%4" PRIu64 "] ", t->sys.nr);
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
	dcall_init(&dc, ctx, &t->sys, sb, false);
	if (ctx->raw) {
		/* Every argument at entry, as the registers hold them. */
		decode_args(&dc, 0, sc->nargs);
		t->sys.entry_args = sc->nargs;
		return;
	}
	if (whole) {
		/* It prints its own argument list, all of it at entry. */
		decoders[whole->dec](&dc, 0, 0, whole->fam);
		t->sys.entry_args = sc->nargs;
		return;
	}
	n = visible_args(&t->sys);
	/* Arguments the kernel fills in wait for the exit, if one comes. */
	for (k = 0; k < n && !ctx->entry_only; k++)
		if (arg_at_exit(&t->sys, k))
			break;
	if (ctx->entry_only)
		k = n;
	decode_args(&dc, 0, k);
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

static void decode_result(struct dcall *dc, bool is_error)
{
	const struct argdec_ref *r = argdec_of(dc->ev, ARGDEC_RET);
	uint64_t v = (uint64_t)dc->ev->ret;

	if (dc->ctx->raw && !is_error) {
		strbuf_addf(dc->sb, "%#" PRIx64,
			    dc->wordsize == 4 ? v & 0xffffffffu : v);
		return;
	}
	if (r && !is_error)
		decoders[r->dec](dc, ARGDEC_RET, (uint64_t)dc->ev->ret, r->fam);
	else
		decode_retval(dc->sb, dc->ev, is_error);
}

void decode_exit(const struct decode_ctx *ctx, struct sw_tracee *t,
		 struct strbuf *sb, bool is_error)
{
	struct dcall dc;

	dcall_init(&dc, ctx, &t->sys, sb, true);
	if (t->sys.sc && !ctx->raw && !argdec_of(&t->sys, ARGDEC_CALL))
		decode_args(&dc, t->sys.entry_args, visible_args(&t->sys));
	strbuf_add(sb, ") = ", 4);
	decode_result(&dc, is_error);
}

void decode_arg_text(const struct decode_ctx *ctx, const struct sw_event *ev,
		     unsigned int i, bool exiting, struct strbuf *sb)
{
	struct dcall dc;

	if (!ev->sc || i >= ev->sc->nargs)
		return;
	dcall_init(&dc, ctx, ev, sb, exiting);
	/* A whole-call decoder prints no argument alone: by its class. */
	if (argdec_of(ev, ARGDEC_CALL))
		print_default(&dc, i);
	else
		decode_arg(&dc, i);
}

bool decode_arg_at_exit(const struct sw_event *ev, unsigned int i)
{
	if (!ev->sc || i >= ev->sc->nargs || argdec_of(ev, ARGDEC_CALL))
		return false;
	return arg_at_exit(ev, i);
}

void decode_result_text(const struct decode_ctx *ctx, const struct sw_event *ev,
			bool is_error, struct strbuf *sb)
{
	struct dcall dc;

	dcall_init(&dc, ctx, ev, sb, true);
	decode_result(&dc, is_error);
}

const char *decode_errno_name(int err, char *buf, size_t size)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(restart_codes); i++)
		if (restart_codes[i].err == err)
			return restart_codes[i].name;
	return errno_name(err, buf, size);
}

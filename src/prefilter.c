// SPDX-License-Identifier: LGPL-2.1-or-later
/* syswarden - kernel pre-selection with seccomp-bpf (see seccomp.h). */
#include "config.h"

#include <errno.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "arch.h"
#include "prefilter.h"
#include "util.h"

/* Always stopped: the supervisor clears CLONE_UNTRACED in them. */
static const char *const always_traced[] = { "clone", "clone3" };

static bool always(const struct sw_syscall *sc)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(always_traced); i++)
		if (!strcmp(sc->name, always_traced[i]))
			return true;
	return false;
}

static const struct {
	enum sw_abi abi;
	uint32_t token;
} abi_tokens[] = {
	{ SW_ABI_X86_64, SCMP_ARCH_X86_64 },
	{ SW_ABI_I386, SCMP_ARCH_X86 },
	{ SW_ABI_ARM64, SCMP_ARCH_AARCH64 },
	{ SW_ABI_ARM, SCMP_ARCH_ARM },
};

static uint32_t token_of(enum sw_abi abi)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(abi_tokens); i++)
		if (abi_tokens[i].abi == abi)
			return abi_tokens[i].token;
	return 0;
}

/*
 * libseccomp takes rule numbers as native ones and translates them to a
 * foreign arch by name (src/arch.c, arch_syscall_translate()).  Native
 * rules use our numbers exactly; foreign ones go by name, and a name that
 * libseccomp does not know (newer than the library) cannot be expressed.
 */
static int rule_number(bool native, const struct sw_syscall *sc)
{
	return native ? (int)sc->nr : seccomp_syscall_resolve_name(sc->name);
}

/*
 * On i386 libseccomp writes a rule for a socket or SysV IPC call twice:
 * for the call's own number and for its sub-call of the socketcall or
 * ipc multiplexer (src/arch-x86.c), there without argument conditions,
 * which sit in memory.  Allowing connect thus allows every
 * socketcall(SYS_CONNECT, ...), and allowing connect(fd != 3) does too.
 * The multiplexer of @name, or NULL.
 */
static const char *multiplexer_of(const char *name)
{
	static const char *const socketcalls[] = {
		"socket",   "bind",	   "connect",	  "listen",
		"accept",   "getsockname", "getpeername", "socketpair",
		"send",	    "recv",	   "sendto",	  "recvfrom",
		"shutdown", "setsockopt",  "getsockopt",  "sendmsg",
		"recvmsg",  "accept4",	   "recvmmsg",	  "sendmmsg",
	};
	static const char *const ipcs[] = {
		"semop",  "semget", "semctl", "semtimedop", "msgsnd", "msgrcv",
		"msgget", "msgctl", "shmat",  "shmdt",	    "shmget", "shmctl",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(socketcalls); i++)
		if (!strcmp(name, socketcalls[i]))
			return "socketcall";
	for (i = 0; i < ARRAY_SIZE(ipcs); i++)
		if (!strcmp(name, ipcs[i]))
			return "ipc";
	return NULL;
}

/* Whether a rule for @sc on foreign @abi would also allow calls of its
 * multiplexer that @ts wants stopped (see multiplexer_of()). */
static bool spills_into_multiplexer(const struct traceset *ts, enum sw_abi abi,
				    const struct sw_syscall *sc,
				    bool conditional)
{
	const char *name = multiplexer_of(sc->name);
	const struct sw_syscall *mux =
	    name ? sw_sysent_by_name(abi, name) : NULL;

	return mux && (conditional || traceset_has(ts, abi, mux));
}

/* The rules for one syscall: allowed whole when the set leaves it out;
 * allowed where its condition cannot hold when it has one. */
static int add_rules(scmp_filter_ctx ctx, const struct traceset *ts,
		     enum sw_abi abi, bool native, const struct sw_syscall *sc)
{
	const struct argcond *c = traceset_cond(ts, abi, sc);
	bool selected = traceset_has(ts, abi, sc);
	int nr = rule_number(native, sc);

	if (nr == __NR_SCMP_ERROR)
		return native ? -EINVAL : 0; /* unnameable: stays traced */
	if (!native && (!selected || c) &&
	    spills_into_multiplexer(ts, abi, sc, c != NULL))
		return 0; /* stays traced; the supervisor decides */
	if (!selected)
		return native
			   ? seccomp_rule_add_exact(ctx, SCMP_ACT_ALLOW, nr, 0)
			   : seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 0);
	if (c)
		return argcond_compile(c, sc, sw_sysent_table(abi)->wordsize,
				       ctx, nr, native);
	return 0;
}

/*
 * A filter for one ABI alone.  Tracing too much only costs stops (the
 * supervisor checks the set again at each stop); tracing too little would
 * hide calls.  So every ABI traces by default, which also covers numbers
 * no table knows, and allows what the set leaves out wherever libseccomp
 * can express it.  (seccomp_merge() wants equal defaults anyway.)  The
 * rules become a binary tree, so a filter of some 400 rules costs about
 * nine comparisons a syscall.
 */
static int build_abi(const struct traceset *ts, enum sw_abi abi,
		     scmp_filter_ctx *out)
{
	const struct sw_sysent_table *tab = sw_sysent_table(abi);
	uint32_t token = token_of(abi);
	bool native = token == seccomp_arch_native();
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_TRACE(0));
	int r = 0;
	size_t i;

	if (!ctx)
		return -ENOMEM;
	if (!native) {
		r = seccomp_arch_add(ctx, token);
		if (r == 0)
			r = seccomp_arch_remove(ctx, SCMP_ARCH_NATIVE);
	}
	if (r == 0)
		r = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH,
				     SCMP_ACT_TRACE(0));
	if (r == 0)
		r = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2);
	for (i = 0; r == 0 && i < tab->ncalls; i++) {
		if (always(&tab->calls[i]))
			continue;
		r = add_rules(ctx, ts, abi, native, &tab->calls[i]);
		if (r < 0 && !native)
			r = 0; /* libseccomp cannot express it: stays traced */
	}
	if (r < 0) {
		seccomp_release(ctx);
		return r;
	}
	*out = ctx;
	return 0;
}

/* The BPF program of @ctx, in memory: 0 or -errno. */
static int export_program(scmp_filter_ctx ctx, struct sock_fprog *out)
{
	int fd cleanup_fd = memfd_create("syswarden-bpf", MFD_CLOEXEC);
	off_t size;
	int r;

	if (fd < 0)
		return -errno;
	r = seccomp_export_bpf(ctx, fd);
	if (r < 0)
		return r;
	size = lseek(fd, 0, SEEK_END);
	if (size <= 0 || size % sizeof(struct sock_filter) ||
	    size / sizeof(struct sock_filter) > BPF_MAXINSNS)
		return -E2BIG;
	out->filter = malloc((size_t)size);
	if (!out->filter)
		return -ENOMEM;
	if (pread(fd, out->filter, (size_t)size, 0) != size) {
		r = errno ? -errno : -EIO;
		prefilter_free(out);
		return r;
	}
	out->len = (unsigned short)(size / sizeof(struct sock_filter));
	return 0;
}

/* The libseccomp filter of @ts for every ABI of this host. */
static int build_ctx(const struct traceset *ts, scmp_filter_ctx *out)
{
	scmp_filter_ctx all = NULL, one = NULL;
	unsigned int i;
	int r = 0;

	for (i = 0; r == 0 && i < sw_arch_host.nabis; i++) {
		r = build_abi(ts, sw_arch_host.abis[i], i ? &one : &all);
		if (r == 0 && i) {
			r = seccomp_merge(all, one); /* consumes @one */
			if (r < 0)
				seccomp_release(one);
		}
	}
	if (r < 0) {
		seccomp_release(all);
		return r;
	}
	*out = all;
	return 0;
}

int prefilter_build(const struct traceset *ts, struct sock_fprog *out)
{
	scmp_filter_ctx ctx = NULL;
	int r = build_ctx(ts, &ctx);

	memset(out, 0, sizeof(*out));
	if (r == 0)
		r = export_program(ctx, out);
	seccomp_release(ctx);
	return r;
}

void prefilter_free(struct sock_fprog *prog)
{
	free(prog->filter);
	prog->filter = NULL;
	prog->len = 0;
}

int prefilter_load(const struct sock_fprog *prog)
{
	/* Without CAP_SYS_ADMIN the kernel demands no_new_privs; with it,
	 * leaving it off keeps set-id programs working. */
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, prog) == 0)
		return 0;
	if (errno != EACCES)
		return -errno;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, prog) < 0)
		return -errno;
	return 0;
}

/* The probe child: stop, load @prog (which traces getppid), call it. */
static void __attribute__((noreturn)) probe_child(const struct sock_fprog *prog)
{
	util_stop_until_seized();
	if (prefilter_load(prog) < 0)
		_exit(1);
	syscall(SYS_getppid);
	_exit(0);
}

/* The probe's program, built before the fork: the child of a threaded
 * process may only make async-signal-safe calls, so no allocation. */
static int probe_program(struct sock_fprog *prog)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	int r =
	    ctx ? seccomp_rule_add(ctx, SCMP_ACT_TRACE(0), SCMP_SYS(getppid), 0)
		: -ENOMEM;

	memset(prog, 0, sizeof(*prog));
	if (r == 0)
		r = export_program(ctx, prog);
	seccomp_release(ctx);
	return r;
}

/* Follows the probe child to the end; returns the order it showed. */
static enum prefilter_order probe_follow(pid_t pid)
{
	enum prefilter_order order = PREFILTER_UNAVAILABLE;
	bool entry_seen = false;
	int status;

	while (waitpid(pid, &status, __WALL) == pid) {
		int event = (unsigned int)status >> 16;
		struct __ptrace_syscall_info info = { 0 }; /* for valgrind */

		if (!WIFSTOPPED(status))
			return WIFEXITED(status) && WEXITSTATUS(status) == 0
				   ? order
				   : PREFILTER_UNAVAILABLE;
		if (event == PTRACE_EVENT_SECCOMP &&
		    order == PREFILTER_UNAVAILABLE)
			order = entry_seen ? PREFILTER_AFTER_ENTRY
					   : PREFILTER_BEFORE_ENTRY;
		else if (WSTOPSIG(status) == (SIGTRAP | 0x80) &&
			 ptrace(PTRACE_GET_SYSCALL_INFO, pid,
				(void *)sizeof(info), &info) > 0 &&
			 info.op == PTRACE_SYSCALL_INFO_ENTRY &&
			 info.entry.nr == SYS_getppid)
			entry_seen = true;
		ptrace(PTRACE_SYSCALL, pid, NULL,
		       (void *)(long)(event || WSTOPSIG(status) == SIGTRAP ||
					      WSTOPSIG(status) ==
						  (SIGTRAP | 0x80) ||
					      WSTOPSIG(status) == SIGSTOP
					  ? 0
					  : WSTOPSIG(status)));
	}
	return PREFILTER_UNAVAILABLE;
}

enum prefilter_order prefilter_probe_order(void)
{
	static int cached = -1;
	struct sock_fprog prog;
	int status;
	pid_t pid;

	if (cached >= 0)
		return (enum prefilter_order)cached;
	cached = PREFILTER_UNAVAILABLE;
	if (probe_program(&prog) < 0)
		return PREFILTER_UNAVAILABLE;
	pid = fork();
	if (pid == 0)
		probe_child(&prog);
	prefilter_free(&prog);
	if (pid < 0)
		return PREFILTER_UNAVAILABLE;
	if (waitpid(pid, &status, WSTOPPED) == pid && WIFSTOPPED(status) &&
	    ptrace(PTRACE_SEIZE, pid, NULL,
		   (void *)(long)(PTRACE_O_TRACESYSGOOD |
				  PTRACE_O_TRACESECCOMP | PTRACE_O_EXITKILL)) ==
		0) {
		kill(pid, SIGCONT);
		cached = probe_follow(pid);
	}
	kill(pid, SIGKILL);
	while (waitpid(pid, &status, __WALL) > 0)
		;
	return (enum prefilter_order)cached;
}

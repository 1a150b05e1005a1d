// SPDX-License-Identifier: LGPL-2.1-or-later
/* syswarden - kernel pre-selection with seccomp-bpf (see seccomp.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
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
#include "bpfrun.h"
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

uint32_t prefilter_arch_token(enum sw_abi abi)
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
const char *prefilter_multiplexer(const char *name)
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
 * multiplexer that @ts wants stopped (see prefilter_multiplexer()). */
static bool spills_into_multiplexer(const struct traceset *ts, enum sw_abi abi,
				    const struct sw_syscall *sc,
				    bool conditional)
{
	const char *name = prefilter_multiplexer(sc->name);
	const struct sw_syscall *mux =
	    name ? sw_sysent_by_name(abi, name) : NULL;

	return mux && (conditional || traceset_has(ts, abi, mux));
}

/* Whether @sc is a multiplexer on @abi some of whose sub-calls @ts
 * selects: the supervisor shows those as the sub-call (decode_subcall()),
 * so the multiplexer must stop even when @ts does not name it. */
static bool multiplexes_selected(const struct traceset *ts, enum sw_abi abi,
				 const struct sw_syscall *sc)
{
	const struct sw_sysent_table *tab = sw_sysent_table(abi);
	const char *mux;
	size_t i;

	for (i = 0; i < tab->ncalls; i++) {
		mux = prefilter_multiplexer(tab->calls[i].name);
		if (mux && !strcmp(mux, sc->name) &&
		    traceset_has(ts, abi, &tab->calls[i]))
			return true;
	}
	return false;
}

/*
 * Syscalls whose argument rules are left out (so they stop whole): those
 * libseccomp compiled wrong, found by verify_abi(), or every one when the
 * filter is too large.  @everything: no rule at all on that ABI.
 */
struct widen {
	const enum sw_abi *abis; /* the ABIs the filter is for */
	unsigned int nabis;
	bool *calls[SW_ABI_COUNT];
	bool everything[SW_ABI_COUNT];
	bool conditions; /* every condition */
	bool sparse; /* allow by default, trace the selected calls */
};

/* A sparse filter only when it is much smaller: the dense one's rules
 * take libseccomp some 10 ms to build on x86_64, the start-up of a
 * selective trace. */
#define SPARSE_SHARE 4

/*
 * Whether @ts suits a sparse filter on every ABI of @wd: it selects no
 * number the tables do not know, no call under a condition (a sparse
 * rule would stop it whole), and few calls.
 */
static bool sparse_fits(const struct traceset *ts, const struct widen *wd)
{
	const struct sw_sysent_table *tab;
	unsigned int i, n;
	size_t k;

	for (i = 0; i < wd->nabis; i++) {
		tab = sw_sysent_table(wd->abis[i]);
		if (traceset_has(ts, wd->abis[i], NULL))
			return false;
		for (k = 0, n = 0; k < tab->ncalls; k++) {
			if (!traceset_has(ts, wd->abis[i], &tab->calls[k]))
				continue;
			if (traceset_cond(ts, wd->abis[i], &tab->calls[k]))
				return false;
			n++;
		}
		if (n * SPARSE_SHARE > tab->ncalls)
			return false;
	}
	return true;
}

/* A sparse filter's rule for @sc: traced when selected (or always). */
static int add_sparse_rule(scmp_filter_ctx ctx, const struct traceset *ts,
			   enum sw_abi abi, bool native,
			   const struct sw_syscall *sc)
{
	int nr = rule_number(native, sc);

	if (!always(sc) && !traceset_has(ts, abi, sc))
		return 0;
	if (nr == __NR_SCMP_ERROR)
		return -EINVAL; /* it would run unseen: no sparse filter */
	return native ? seccomp_rule_add_exact(ctx, SCMP_ACT_TRACE(0), nr, 0)
		      : seccomp_rule_add(ctx, SCMP_ACT_TRACE(0), nr, 0);
}

/* The rules for one syscall: allowed whole when the set leaves it out;
 * allowed where its condition cannot hold when it has one. */
static int add_rules(scmp_filter_ctx ctx, const struct traceset *ts,
		     enum sw_abi abi, bool native, const struct sw_syscall *sc,
		     bool wide)
{
	const struct argcond *c = traceset_cond(ts, abi, sc);
	bool selected = traceset_has(ts, abi, sc) ||
			(!native && multiplexes_selected(ts, abi, sc));
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
	if (c && !wide)
		return argcond_compile(c, sc, sw_sysent_table(abi)->wordsize,
				       ctx, nr, native);
	return 0;
}

/*
 * Argument comparisons past which a filter for one ABI does not fit the
 * kernel's BPF_MAXINSNS (256 rules of two 32-bit comparisons fit, 384
 * do not) and libseccomp takes seconds to build it: refused before, as
 * -E2BIG.
 */
#define MAX_ABI_COMPARES 1500

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
		     const struct widen *wd, scmp_filter_ctx *out)
{
	const struct sw_sysent_table *tab = sw_sysent_table(abi);
	uint32_t token = prefilter_arch_token(abi);
	bool native = token == seccomp_arch_native();
	scmp_filter_ctx ctx =
	    seccomp_init(wd->sparse ? SCMP_ACT_ALLOW : SCMP_ACT_TRACE(0));
	unsigned int compares = 0;
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
	for (i = 0; r >= 0 && wd->sparse && i < tab->ncalls; i++)
		r = add_sparse_rule(ctx, ts, abi, native, &tab->calls[i]);
	for (i = 0;
	     r >= 0 && !wd->sparse && !wd->everything[abi] && i < tab->ncalls;
	     i++) {
		if (always(&tab->calls[i]))
			continue;
		r = add_rules(ctx, ts, abi, native, &tab->calls[i],
			      wd->conditions || wd->calls[abi][i]);
		if (r < 0 && !native)
			r = 0; /* libseccomp cannot express it: stays traced */
		compares += r > 0 ? (unsigned int)r : 0;
		if (compares > MAX_ABI_COMPARES)
			r = -E2BIG;
	}
	if (r < 0) {
		seccomp_release(ctx);
		return r;
	}
	*out = ctx;
	return 0;
}

int prefilter_export(scmp_filter_ctx ctx, struct sock_fprog *out)
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

/* The libseccomp filter of @ts for every ABI of @wd. */
static int build_ctx(const struct traceset *ts, const struct widen *wd,
		     scmp_filter_ctx *out)
{
	scmp_filter_ctx all = NULL, one = NULL;
	unsigned int i;
	int r = 0;

	for (i = 0; r == 0 && i < wd->nabis; i++) {
		r = build_abi(ts, wd->abis[i], wd, i ? &one : &all);
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

static int build_once(const struct traceset *ts, const struct widen *wd,
		      struct sock_fprog *out)
{
	scmp_filter_ctx ctx = NULL;
	int r = build_ctx(ts, wd, &ctx);

	memset(out, 0, sizeof(*out));
	if (r == 0)
		r = prefilter_export(ctx, out);
	seccomp_release(ctx);
	return r;
}

uint32_t prefilter_action(const struct sock_fprog *prog, enum sw_abi abi,
			  const struct sw_syscall *sc, const uint64_t args[6])
{
	struct seccomp_data data = { .nr = (int)sc->nr,
				     .arch = sw_sysent_table(abi)->audit_arch };

	memcpy(data.args, args, sizeof(data.args));
	return bpfrun(prog->filter, prog->len, &data);
}

/* Whether @prog allows a call to @sc on @abi with @args. */
static bool allows(const struct sock_fprog *prog, enum sw_abi abi,
		   const struct sw_syscall *sc, const uint64_t args[6])
{
	return prefilter_action(prog, abi, sc, args) == SECCOMP_RET_ALLOW;
}

/* Whether @prog allows some call of @sc that condition @c selects. */
static bool hides(const struct sock_fprog *prog, enum sw_abi abi,
		  const struct sw_syscall *sc, const struct argcond *c)
{
	struct argcond_probes *p = calloc(1, sizeof(*p));
	struct sw_event ev = { .abi = abi, .nr = sc->nr, .sc = sc };
	struct argcond_walk w;
	bool found = p == NULL; /* out of memory: assume the worst */

	if (p) {
		argcond_probes(c, sc, p);
		argcond_walk_init(&w, p, sw_sysent_table(abi)->wordsize,
				  sc->nr);
	}
	while (!found && argcond_walk_next(&w, ev.args))
		found =
		    allows(prog, abi, sc, ev.args) && argcond_eval(c, &ev, 0);
	free(p);
	return found;
}

/* Whether @prog allows @sc of x86_64 when called through the x32 ABI
 * (the number with bit 30 set, which a sparse filter must not let by: we
 * have no x32 tables to tell what it is). */
static bool x32_allowed(const struct sock_fprog *prog, enum sw_abi abi,
			const struct sw_syscall *sc)
{
	struct seccomp_data data = { .nr = (int)(sc->nr | 0x40000000u) };

	if (abi != SW_ABI_X86_64)
		return false;
	data.arch = sw_sysent_table(abi)->audit_arch;
	return bpfrun(prog->filter, prog->len, &data) == SECCOMP_RET_ALLOW;
}

/*
 * Runs @prog over the boundary values of every selected call of @abi and
 * widens in @wd each call it would hide.  Returns how many it widened.
 */
static unsigned int verify_abi(const struct sock_fprog *prog,
			       const struct traceset *ts, enum sw_abi abi,
			       struct widen *wd)
{
	const struct sw_sysent_table *tab = sw_sysent_table(abi);
	uint64_t args[6] = { 0 };
	unsigned int found = 0;
	size_t i;

	for (i = 0; i < tab->ncalls && !wd->everything[abi]; i++) {
		const struct sw_syscall *sc = &tab->calls[i];
		const struct argcond *c = traceset_cond(ts, abi, sc);

		if (!traceset_has(ts, abi, sc))
			continue;
		if (wd->sparse && x32_allowed(prog, abi, sc)) {
			wd->everything[abi] = true;
			found++;
			break;
		}
		for (args[0] = 0; !c && args[0] < 24; args[0]++)
			if (allows(prog, abi, sc, args)) {
				/* No rule of its own hid it: trust none. */
				wd->everything[abi] = true;
				found++;
				break;
			}
		args[0] = 0;
		if (c && !wd->calls[abi][i] && hides(prog, abi, sc, c)) {
			wd->calls[abi][i] = true;
			found++;
		}
	}
	return found;
}

static unsigned int verify(const struct sock_fprog *prog,
			   const struct traceset *ts, struct widen *wd)
{
	unsigned int i, found = 0;

	for (i = 0; i < wd->nabis; i++)
		found += verify_abi(prog, ts, wd->abis[i], wd);
	return found;
}

static void widen_free(struct widen *wd)
{
	unsigned int i;

	for (i = 0; i < SW_ABI_COUNT; i++)
		free(wd->calls[i]);
}

static int widen_init(struct widen *wd, const enum sw_abi *abis,
		      unsigned int nabis)
{
	unsigned int i;

	memset(wd, 0, sizeof(*wd));
	wd->abis = abis;
	wd->nabis = nabis;
	for (i = 0; i < nabis; i++) {
		enum sw_abi abi = abis[i];

		wd->calls[abi] =
		    calloc(sw_sysent_table(abi)->ncalls, sizeof(bool));
		if (!wd->calls[abi])
			return -ENOMEM;
	}
	return 0;
}

/* Rounds of verify() and rebuild; each widens at least one call, and a
 * second failure of a call widens its whole ABI. */
#define MAX_ROUNDS 8

static int build(const struct traceset *ts, const enum sw_abi *abis,
		 unsigned int nabis, unsigned int flags, struct sock_fprog *out)
{
	struct widen wd;
	unsigned int round, shrunk = 0;
	int r = widen_init(&wd, abis, nabis);

	memset(out, 0, sizeof(*out));
	wd.conditions = flags & PREFILTER_NO_CONDITIONS;
	wd.sparse = r == 0 && sparse_fits(ts, &wd);
	for (round = 0; r == 0 && round < MAX_ROUNDS; round++) {
		r = build_once(ts, &wd, out);
		if (wd.sparse && (r < 0 || (!(flags & PREFILTER_UNVERIFIED) &&
					    verify(out, ts, &wd)))) {
			/* Not expressible, or wrong: the dense filter. */
			prefilter_free(out);
			memset(wd.everything, 0, sizeof(wd.everything));
			wd.sparse = false;
			r = 0;
			round--;
			continue;
		}
		if (r == -E2BIG && (flags & PREFILTER_SHRINK) &&
		    !wd.conditions) {
			wd.conditions = true;
			shrunk = 1;
			r = 0;
			continue;
		}
		if (r < 0 || (flags & PREFILTER_UNVERIFIED) ||
		    !verify(out, ts, &wd))
			break;
		prefilter_free(out);
		if (round == MAX_ROUNDS - 2)
			memset(wd.everything, 1, sizeof(wd.everything));
	}
	widen_free(&wd);
	if (r == 0 && !out->filter)
		r = -EPROTO; /* cannot happen: everything stops at last */
	return r < 0 ? r : (int)shrunk;
}

int prefilter_build(const struct traceset *ts, unsigned int flags,
		    struct sock_fprog *out)
{
	return build(ts, sw_arch_host.abis, sw_arch_host.nabis, flags, out);
}

int prefilter_build_abi(const struct traceset *ts, enum sw_abi abi,
			unsigned int flags, struct sock_fprog *out)
{
	return build(ts, &abi, 1, flags, out);
}

/* What the builder child sends: the result, then the program. */
struct built {
	int r;
	unsigned short len;
};

static void __attribute__((noreturn))
build_child(prefilter_builder fn, const void *arg, int fd)
{
	struct sock_fprog prog;
	struct built b = { .r = fn(arg, &prog) };
	size_t size = b.r < 0 ? 0 : prog.len * sizeof(*prog.filter);

	b.len = b.r < 0 ? 0 : prog.len;
	if (write(fd, &b, sizeof(b)) != sizeof(b) ||
	    (size && write(fd, prog.filter, size) != (ssize_t)size))
		_exit(1);
	_exit(0);
}

/* Reads @size bytes of @fd into @buf by @deadline (CLOCK_MONOTONIC, ms),
 * giving up with -EINTR once *@stop is set. */
static int read_by(int fd, void *buf, size_t size, int64_t deadline,
		   const volatile sig_atomic_t *stop)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	size_t got = 0;
	ssize_t n;
	int64_t left;

	while (got < size) {
		if (stop && *stop)
			return -EINTR;
		left = deadline - util_now_ms();
		if (left <= 0)
			return -ETIMEDOUT;
		if (poll(&pfd, 1, (int)(left > 1000 ? 1000 : left)) <= 0)
			continue; /* a signal, or a second gone: look again */
		n = read(fd, (char *)buf + got, size - got);
		if (n == 0)
			return -EPIPE; /* the child died */
		if (n < 0 && errno != EINTR)
			return -errno;
		got += n > 0 ? (size_t)n : 0;
	}
	return 0;
}

static int receive(int fd, int64_t deadline, const volatile sig_atomic_t *stop,
		   struct sock_fprog *out)
{
	struct built b;
	int r = read_by(fd, &b, sizeof(b), deadline, stop);

	if (r < 0 || b.r < 0)
		return r < 0 ? r : b.r;
	out->filter = calloc(b.len, sizeof(*out->filter));
	if (!out->filter)
		return -ENOMEM;
	out->len = b.len;
	r = read_by(fd, out->filter, b.len * sizeof(*out->filter), deadline,
		    stop);
	if (r < 0)
		prefilter_free(out);
	return r < 0 ? r : b.r;
}

int prefilter_run_bounded(prefilter_builder fn, const void *arg,
			  unsigned int timeout_ms,
			  const volatile sig_atomic_t *stop,
			  struct sock_fprog *out)
{
	int fds[2] = { -1, -1 }, status, r;
	pid_t pid;

	memset(out, 0, sizeof(*out));
	if (pipe2(fds, O_CLOEXEC) < 0)
		return -errno;
	pid = fork();
	if (pid == 0) {
		close(fds[0]);
		build_child(fn, arg, fds[1]);
	}
	close(fds[1]);
	r = pid < 0 ? -errno
		    : receive(fds[0], util_now_ms() + timeout_ms, stop, out);
	close(fds[0]);
	if (pid > 0) {
		kill(pid, SIGKILL);
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	}
	return r;
}

struct build_args {
	const struct traceset *ts;
	unsigned int flags;
};

static int build_adapter(const void *arg, struct sock_fprog *out)
{
	const struct build_args *a = arg;

	return prefilter_build(a->ts, a->flags, out);
}

int prefilter_build_bounded(const struct traceset *ts, unsigned int flags,
			    unsigned int timeout_ms,
			    const volatile sig_atomic_t *stop,
			    struct sock_fprog *out)
{
	struct build_args a = { ts, flags };

	return prefilter_run_bounded(build_adapter, &a, timeout_ms, stop, out);
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
		r = prefilter_export(ctx, prog);
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

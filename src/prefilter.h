/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * syswarden - kernel pre-selection: a seccomp-bpf filter that stops the
 * tracee (SECCOMP_RET_TRACE) only for the syscalls the supervisor needs,
 * so that every other syscall runs at full speed.
 */
#ifndef SW_PREFILTER_H
#define SW_PREFILTER_H

#include <linux/filter.h>
#include <signal.h>
#include <stdbool.h>
#include <seccomp.h>

#include "traceset.h"

/*
 * Where the kernel reports PTRACE_EVENT_SECCOMP relative to the
 * syscall-entry stop.  Linux 4.8 moved it (kernel/seccomp.c,
 * __seccomp_filter(); arch/x86/entry/common.c, syscall_trace_enter()):
 *
 *   Linux >= 4.8                      Linux < 4.8
 *   ------------                      -----------
 *   syscall-entry-stop (if SYSCALL)   PTRACE_EVENT_SECCOMP
 *   PTRACE_EVENT_SECCOMP              syscall-entry-stop (if SYSCALL)
 *   ... syscall runs ...              ... syscall runs ...
 *   syscall-exit-stop (if SYSCALL)    syscall-exit-stop (if SYSCALL)
 *
 * Resumed with PTRACE_CONT, a tracee stops only at the seccomp event.
 * Resumed from it with PTRACE_SYSCALL, the next stop is the exit on new
 * kernels, and a second (entry) stop to skip on old ones.
 */
enum prefilter_order {
	PREFILTER_UNAVAILABLE = 0, /* no seccomp, or a filter forbids ours */
	PREFILTER_BEFORE_ENTRY, /* Linux < 4.8 */
	PREFILTER_AFTER_ENTRY, /* Linux >= 4.8 */
};

/* prefilter_build() flags. */
enum {
	/* Too large for the kernel: drop every argument condition (the
	 * syscalls that have one stop whole) rather than fail. */
	PREFILTER_SHRINK = 1u << 0,
	/* No argument condition at all: each selected syscall stops. */
	PREFILTER_NO_CONDITIONS = 1u << 1,
	/* For tests: the program as compiled, not verified nor widened. */
	PREFILTER_UNVERIFIED = 1u << 2,
};

/*
 * Builds the BPF program of a filter for every ABI of this host that
 * returns SECCOMP_RET_TRACE for what @ts selects and allows the rest; any
 * other arch traces everything.  The program is run over the boundary
 * values of each condition before it is returned, and a syscall whose
 * rules would hide a call @ts selects (libseccomp gets some shapes wrong)
 * loses them: it stops whole.  @out->filter is malloc'd (free it with
 * prefilter_free()).  Returns 0, 1 when PREFILTER_SHRINK dropped the
 * conditions, or -errno: -E2BIG for a program over BPF_MAXINSNS.
 */
int prefilter_build(const struct traceset *ts, unsigned int flags,
		    struct sock_fprog *out);
/*
 * prefilter_build() for @abi alone, which the host need not run (for the
 * fuzzers, which check the program with bpfrun()).
 */
int prefilter_build_abi(const struct traceset *ts, enum sw_abi abi,
			unsigned int flags, struct sock_fprog *out);
/*
 * prefilter_build() in a child process, so that neither a libseccomp that
 * loops nor a long build holds up the caller: -ETIMEDOUT after
 * @timeout_ms, -EINTR as soon as *@stop (may be NULL) is set, which a
 * signal handler does.  The caller's signals interrupt the wait.  The
 * child allocates (libseccomp does), which glibc allows after fork()
 * even in a threaded process (it resets its malloc locks in the child).
 */
int prefilter_build_bounded(const struct traceset *ts, unsigned int flags,
			    unsigned int timeout_ms,
			    const volatile sig_atomic_t *stop,
			    struct sock_fprog *out);
/* A filter builder for prefilter_run_bounded(): 0 or more, or -errno. */
typedef int (*prefilter_builder)(const void *arg, struct sock_fprog *out);
/*
 * Runs @fn(@arg) in a child as prefilter_build_bounded() does, and
 * returns its program in @out and its result (which must fit an int).
 */
int prefilter_run_bounded(prefilter_builder fn, const void *arg,
			  unsigned int timeout_ms,
			  const volatile sig_atomic_t *stop,
			  struct sock_fprog *out);
void prefilter_free(struct sock_fprog *prog);

/* The BPF program of @ctx, in memory (free it with prefilter_free()):
 * 0, -E2BIG over BPF_MAXINSNS, or -errno. */
int prefilter_export(scmp_filter_ctx ctx, struct sock_fprog *out);
/* The action (bpfrun()) @prog takes on a call to @sc of @abi with @args. */
uint32_t prefilter_action(const struct sock_fprog *prog, enum sw_abi abi,
			  const struct sw_syscall *sc, const uint64_t args[6]);

/* The libseccomp token of @abi (SCMP_ARCH_X86_64...), 0 for none. */
uint32_t prefilter_arch_token(enum sw_abi abi);
/*
 * The multiplexer (socketcall, ipc) that libseccomp also writes a rule
 * for, without argument conditions, when a rule names @name on a foreign
 * i386 ABI (src/arch-x86.c); NULL for none.
 */
const char *prefilter_multiplexer(const char *name);

/*
 * Loads @prog in the calling process (the child, before exec), setting
 * no_new_privs only when the kernel demands it (without CAP_SYS_ADMIN),
 * so that set-id programs keep working as root.  Async-signal-safe: fit
 * for the child of a threaded embedder.  Returns 0 or -errno.
 */
int prefilter_load(const struct sock_fprog *prog);

/*
 * Forks a child, traces it through one filtered syscall and reports the
 * stop order; PREFILTER_UNAVAILABLE when no filter can be installed.
 * Probed once per process and cached.
 */
enum prefilter_order prefilter_probe_order(void);

#endif /* SW_PREFILTER_H */

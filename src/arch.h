/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * syswarden - the one interface behind which all arch-specific code lives.
 *
 * Each src/arch/<arch>.c exports `sw_arch_host`, chosen by the build for
 * the host CPU.  The tracer uses it when PTRACE_GET_SYSCALL_INFO is not
 * available (Linux < 5.3), and to detect a tracee's ABI from its register
 * set: an i386 binary exec'd from a 64-bit shell switches tables
 * mid-process, and the register set's size says which one is live.
 */
#ifndef SW_ARCH_H
#define SW_ARCH_H

#include <stdint.h>
#include <sys/types.h>

#include <syswarden/sysent.h>

/* The syscall state of a stopped tracee as its registers show it. */
struct sw_regs_syscall {
	enum sw_abi abi;
	uint64_t nr;
	uint64_t args[6];
	int64_t ret; /* meaningful at syscall exit only */
	uint64_t ip;
	uint64_t sp;
};

struct sw_arch {
	const char *name;
	/* The ABIs a tracee on this host can use; the first is native. */
	enum sw_abi abis[2];
	unsigned int nabis;
	/*
	 * Reads the syscall number, arguments and return value of the
	 * stopped tracee @tid from its registers.  Returns 0 or -errno.
	 */
	int (*get_syscall)(pid_t tid, struct sw_regs_syscall *out);
	/*
	 * Sets argument register @i (0-5) of the stopped tracee @tid, which
	 * is at the entry of a syscall of @abi.  Returns 0 or -errno.
	 */
	int (*set_arg)(pid_t tid, enum sw_abi abi, unsigned int i,
		       uint64_t value);
	/*
	 * Sets the syscall number of @tid, stopped at the entry of a
	 * syscall of @abi (entry or seccomp stop); -1 skips the call.
	 * Returns 0 or -errno.
	 */
	int (*set_scno)(pid_t tid, enum sw_abi abi, int64_t nr);
	/* Sets the result of @tid, stopped at a syscall's exit. */
	int (*set_retval)(pid_t tid, enum sw_abi abi, int64_t value);
	/* The end of the user address space of a task of @abi (the
	 * kernel's TASK_SIZE_MAX), for checks the kernel makes with
	 * access_ok(). */
	uint64_t (*user_top)(enum sw_abi abi);
};

extern const struct sw_arch sw_arch_host;

#endif /* SW_ARCH_H */

// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * syswarden - aarch64 hosts: the arm64 ABI and 32-bit arm EABI processes.
 *
 * PTRACE_GETREGSET(NT_PRSTATUS) returns the view of the tracee's mode
 * (arch/arm64/kernel/ptrace.c, task_user_regset_view()): 18 32-bit words
 * for an AArch32 task, struct user_pt_regs otherwise.  The syscall number
 * is in x8 (arm64) or r7 (arm); at syscall exit x0/r0 holds the result.
 */
#include "config.h"

#include <elf.h>
#include <errno.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <asm/ptrace.h>

#include "arch.h"

struct arm_compat_regs {
	uint32_t uregs[18];
};

static void fill_arm(const struct arm_compat_regs *r,
		     struct sw_regs_syscall *out)
{
	unsigned int i;

	out->abi = SW_ABI_ARM;
	out->nr = r->uregs[7];
	for (i = 0; i < 6; i++)
		out->args[i] = r->uregs[i];
	out->args[0] = r->uregs[17]; /* ORIG_r0: r0 is the result at exit */
	out->ret = (int32_t)r->uregs[0];
	out->ip = r->uregs[15];
	out->sp = r->uregs[13];
}

static void fill_arm64(const struct user_pt_regs *r,
		       struct sw_regs_syscall *out)
{
	unsigned int i;

	out->abi = SW_ABI_ARM64;
	out->nr = r->regs[8];
	for (i = 0; i < 6; i++)
		out->args[i] = r->regs[i];
	out->ret = (int64_t)r->regs[0];
	out->ip = r->pc;
	out->sp = r->sp;
}

static int aarch64_get_syscall(pid_t tid, struct sw_regs_syscall *out)
{
	union {
		struct user_pt_regs r64;
		struct arm_compat_regs r32;
	} regs;
	struct iovec iov = { .iov_base = &regs, .iov_len = sizeof(regs) };

	memset(out, 0, sizeof(*out));
	if (ptrace(PTRACE_GETREGSET, tid, NT_PRSTATUS, &iov) < 0)
		return -errno;
	if (iov.iov_len == sizeof(regs.r32))
		fill_arm(&regs.r32, out);
	else if (iov.iov_len == sizeof(regs.r64))
		fill_arm64(&regs.r64, out);
	else
		return -EPROTO;
	return 0;
}

/* Arguments are x0-x5 (r0-r5 for AArch32); the kernel reads them from
 * the saved registers after the entry stop. */
static int aarch64_set_arg(pid_t tid, enum sw_abi abi, unsigned int i,
			   uint64_t value)
{
	union {
		struct user_pt_regs r64;
		struct arm_compat_regs r32;
	} regs;
	struct iovec iov = { .iov_base = &regs, .iov_len = sizeof(regs) };

	if (i >= 6)
		return -EINVAL;
	if (ptrace(PTRACE_GETREGSET, tid, NT_PRSTATUS, &iov) < 0)
		return -errno;
	if (iov.iov_len == sizeof(regs.r32))
		regs.r32.uregs[i] = (uint32_t)value;
	else
		regs.r64.regs[i] = value;
	(void)abi;
	if (ptrace(PTRACE_SETREGSET, tid, NT_PRSTATUS, &iov) < 0)
		return -errno;
	return 0;
}

/* The number lives in its own regset for both modes: writing x8 or r7
 * at the entry stop does not change the call (arch/arm64/kernel/ptrace.c,
 * system_call_set()); NO_SYSCALL (-1) skips it. */
static int aarch64_set_scno(pid_t tid, enum sw_abi abi, int64_t nr)
{
	int n = (int)nr;
	struct iovec iov = { .iov_base = &n, .iov_len = sizeof(n) };

	(void)abi;
	if (ptrace(PTRACE_SETREGSET, tid, NT_ARM_SYSTEM_CALL, &iov) < 0)
		return -errno;
	return 0;
}

static int aarch64_set_retval(pid_t tid, enum sw_abi abi, int64_t value)
{
	union {
		struct user_pt_regs r64;
		struct arm_compat_regs r32;
	} regs;
	struct iovec iov = { .iov_base = &regs, .iov_len = sizeof(regs) };

	(void)abi;
	if (ptrace(PTRACE_GETREGSET, tid, NT_PRSTATUS, &iov) < 0)
		return -errno;
	if (iov.iov_len == sizeof(regs.r32))
		regs.r32.uregs[0] = (uint32_t)value;
	else
		regs.r64.regs[0] = (uint64_t)value;
	if (ptrace(PTRACE_SETREGSET, tid, NT_PRSTATUS, &iov) < 0)
		return -errno;
	return 0;
}

/* Up to 52-bit user addresses (arch/arm64/include/asm/processor.h,
 * TASK_SIZE_64 with VA_BITS 52); AArch32 tasks end at 4 GiB. */
static uint64_t aarch64_user_top(enum sw_abi abi)
{
	return abi == SW_ABI_ARM ? 1ull << 32 : 1ull << 52;
}

const struct sw_arch sw_arch_host = {
	.name = "aarch64",
	.abis = { SW_ABI_ARM64, SW_ABI_ARM },
	.nabis = 2,
	.get_syscall = aarch64_get_syscall,
	.set_arg = aarch64_set_arg,
	.set_scno = aarch64_set_scno,
	.set_retval = aarch64_set_retval,
	.user_top = aarch64_user_top,
};

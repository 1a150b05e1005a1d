// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * syswarden - 32-bit arm hosts: the arm EABI only.
 *
 * PTRACE_GETREGS fills struct pt_regs (arch/arm/include/uapi/asm/ptrace.h):
 * r7 holds the syscall number, r0-r5 the arguments, ARM_ORIG_r0 the first
 * argument once r0 has been overwritten by the result at syscall exit.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/ptrace.h>
#include <asm/ptrace.h>

#include "arch.h"

static int arm_get_syscall(pid_t tid, struct sw_regs_syscall *out)
{
	struct pt_regs regs;
	unsigned int i;

	memset(out, 0, sizeof(*out));
	if (ptrace(PTRACE_GETREGS, tid, NULL, &regs) < 0)
		return -errno;
	out->abi = SW_ABI_ARM;
	out->nr = (uint32_t)regs.ARM_r7;
	for (i = 0; i < 6; i++)
		out->args[i] = (uint32_t)regs.uregs[i];
	out->args[0] = (uint32_t)regs.ARM_ORIG_r0;
	out->ret = (int32_t)regs.ARM_r0;
	out->ip = (uint32_t)regs.ARM_pc;
	out->sp = (uint32_t)regs.ARM_sp;
	return 0;
}

static int arm_set_arg(pid_t tid, enum sw_abi abi, unsigned int i,
		       uint64_t value)
{
	struct pt_regs regs;

	if (i >= 6)
		return -EINVAL;
	if (ptrace(PTRACE_GETREGS, tid, NULL, &regs) < 0)
		return -errno;
	regs.uregs[i] = (unsigned long)value;
	if (i == 0)
		regs.ARM_ORIG_r0 = (unsigned long)value;
	(void)abi;
	if (ptrace(PTRACE_SETREGS, tid, NULL, &regs) < 0)
		return -errno;
	return 0;
}

/* r7 is read before the entry stop; PTRACE_SET_SYSCALL changes the
 * number the kernel dispatches on (arch/arm/kernel/ptrace.c). */
#ifndef PTRACE_SET_SYSCALL
#define PTRACE_SET_SYSCALL 23
#endif

static int arm_set_scno(pid_t tid, enum sw_abi abi, int64_t nr)
{
	(void)abi;
	if (ptrace(PTRACE_SET_SYSCALL, tid, NULL, (void *)(long)nr) < 0)
		return -errno;
	return 0;
}

static int arm_set_retval(pid_t tid, enum sw_abi abi, int64_t value)
{
	struct pt_regs regs;

	(void)abi;
	if (ptrace(PTRACE_GETREGS, tid, NULL, &regs) < 0)
		return -errno;
	regs.ARM_r0 = (unsigned long)value;
	if (ptrace(PTRACE_SETREGS, tid, NULL, &regs) < 0)
		return -errno;
	return 0;
}

/* The 3G/1G split's PAGE_OFFSET, the largest user space there is. */
static uint64_t arm_user_top(enum sw_abi abi)
{
	(void)abi;
	return 0xc0000000ull;
}

const struct sw_arch sw_arch_host = {
	.name = "arm",
	.abis = { SW_ABI_ARM },
	.nabis = 1,
	.get_syscall = arm_get_syscall,
	.set_arg = arm_set_arg,
	.set_scno = arm_set_scno,
	.set_retval = arm_set_retval,
	.user_top = arm_user_top,
};

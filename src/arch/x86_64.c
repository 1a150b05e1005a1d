// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * syswarden - x86_64 hosts: the x86_64 ABI and i386 (32-bit processes).
 *
 * PTRACE_GETREGSET(NT_PRSTATUS) returns the register view of the tracee's
 * own mode (arch/x86/kernel/ptrace.c, task_user_regset_view()): 68 bytes of
 * i386 registers for a 32-bit process, struct user_regs_struct otherwise.
 * A 64-bit process entering through int $0x80 keeps the 64-bit view, but
 * its code segment is then the 32-bit one (__USER32_CS, 0x23).
 */
#include "config.h"

#include <elf.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/user.h>

#include "arch.h"

#define X86_USER32_CS 0x23

struct i386_user_regs {
	uint32_t ebx, ecx, edx, esi, edi, ebp, eax;
	uint32_t xds, xes, xfs, xgs, orig_eax, eip, xcs, eflags, esp, xss;
};

static void fill_i386(const struct i386_user_regs *r,
		      struct sw_regs_syscall *out)
{
	out->abi = SW_ABI_I386;
	out->nr = r->orig_eax;
	out->args[0] = r->ebx;
	out->args[1] = r->ecx;
	out->args[2] = r->edx;
	out->args[3] = r->esi;
	out->args[4] = r->edi;
	out->args[5] = r->ebp;
	out->ret = (int32_t)r->eax;
	out->ip = r->eip;
	out->sp = r->esp;
}

static void fill_x86_64(const struct user_regs_struct *r,
			struct sw_regs_syscall *out)
{
	if (r->cs == X86_USER32_CS) {
		struct i386_user_regs r32 = {
			.ebx = (uint32_t)r->rbx,
			.ecx = (uint32_t)r->rcx,
			.edx = (uint32_t)r->rdx,
			.esi = (uint32_t)r->rsi,
			.edi = (uint32_t)r->rdi,
			.ebp = (uint32_t)r->rbp,
			.eax = (uint32_t)r->rax,
			.orig_eax = (uint32_t)r->orig_rax,
			.eip = (uint32_t)r->rip,
			.esp = (uint32_t)r->rsp,
		};
		fill_i386(&r32, out);
		return;
	}
	out->abi = SW_ABI_X86_64;
	out->nr = r->orig_rax;
	out->args[0] = r->rdi;
	out->args[1] = r->rsi;
	out->args[2] = r->rdx;
	out->args[3] = r->r10;
	out->args[4] = r->r8;
	out->args[5] = r->r9;
	out->ret = (int64_t)r->rax;
	out->ip = r->rip;
	out->sp = r->rsp;
}

static int x86_get_syscall(pid_t tid, struct sw_regs_syscall *out)
{
	union {
		struct user_regs_struct r64;
		struct i386_user_regs r32;
	} regs;
	struct iovec iov = { .iov_base = &regs, .iov_len = sizeof(regs) };

	memset(out, 0, sizeof(*out));
	if (ptrace(PTRACE_GETREGSET, tid, NT_PRSTATUS, &iov) < 0)
		return -errno;
	if (iov.iov_len == sizeof(regs.r32))
		fill_i386(&regs.r32, out);
	else if (iov.iov_len == sizeof(regs.r64))
		fill_x86_64(&regs.r64, out);
	else
		return -EPROTO;
	return 0;
}

/*
 * A 64-bit tracer writes with the 64-bit register layout whatever the
 * tracee's mode (arch/x86/kernel/ptrace.c, putreg()); i386 passes its
 * arguments in ebx, ecx, edx, esi, edi, ebp.
 */
static int x86_set_arg(pid_t tid, enum sw_abi abi, unsigned int i,
		       uint64_t value)
{
	static const size_t x86_64_regs[6] = {
		offsetof(struct user_regs_struct, rdi),
		offsetof(struct user_regs_struct, rsi),
		offsetof(struct user_regs_struct, rdx),
		offsetof(struct user_regs_struct, r10),
		offsetof(struct user_regs_struct, r8),
		offsetof(struct user_regs_struct, r9),
	};
	static const size_t i386_regs[6] = {
		offsetof(struct user_regs_struct, rbx),
		offsetof(struct user_regs_struct, rcx),
		offsetof(struct user_regs_struct, rdx),
		offsetof(struct user_regs_struct, rsi),
		offsetof(struct user_regs_struct, rdi),
		offsetof(struct user_regs_struct, rbp),
	};
	const size_t *regs = abi == SW_ABI_I386 ? i386_regs : x86_64_regs;

	if (i >= 6)
		return -EINVAL;
	if (ptrace(PTRACE_POKEUSER, tid, (void *)regs[i],
		   (void *)(uintptr_t)value) < 0)
		return -errno;
	return 0;
}

/* orig_rax is the number the kernel dispatches on after the entry stop
 * (arch/x86/entry/common.c, do_syscall_64()); -1 runs nothing and leaves
 * rax alone, which the exit stop then sets. */
static int x86_poke(pid_t tid, size_t off, int64_t value)
{
	if (ptrace(PTRACE_POKEUSER, tid, (void *)off, (void *)value) < 0)
		return -errno;
	return 0;
}

static int x86_set_scno(pid_t tid, enum sw_abi abi, int64_t nr)
{
	(void)abi;
	return x86_poke(tid, offsetof(struct user_regs_struct, orig_rax), nr);
}

static int x86_set_retval(pid_t tid, enum sw_abi abi, int64_t value)
{
	if (abi == SW_ABI_I386)
		value = (int32_t)value;
	return x86_poke(tid, offsetof(struct user_regs_struct, rax), value);
}

/* 47-bit user addresses, or 56 with five-level page tables, which the
 * kernel shows as the "la57" flag only when it uses them; i386 tasks end
 * at IA32_PAGE_OFFSET (arch/x86/include/asm/page_64_types.h). */
static uint64_t x86_user_top(enum sw_abi abi)
{
	static int la57 = -1;
	char line[4096];
	FILE *f;

	if (abi == SW_ABI_I386)
		return 0xffffe000ull;
	if (la57 < 0 && (f = fopen("/proc/cpuinfo", "re"))) {
		la57 = 0;
		while (!la57 && fgets(line, sizeof(line), f))
			la57 =
			    !strncmp(line, "flags", 5) && strstr(line, " la57");
		fclose(f);
	}
	return ((la57 > 0 ? 1ull << 56 : 1ull << 47)) - 4096;
}

const struct sw_arch sw_arch_host = {
	.name = "x86_64",
	.abis = { SW_ABI_X86_64, SW_ABI_I386 },
	.nabis = 2,
	.get_syscall = x86_get_syscall,
	.set_arg = x86_set_arg,
	.set_scno = x86_set_scno,
	.set_retval = x86_set_retval,
	.user_top = x86_user_top,
};

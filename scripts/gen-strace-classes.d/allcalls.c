// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * allcalls: makes every syscall number from 0 to 1023 once, each failing
 * with ENOSYS before it runs, so that a tracer prints each name it knows.
 *
 * A seccomp filter of our own fails every call but exit_group; ptrace's
 * entry stop comes before seccomp (since Linux 4.8), so the tracer still
 * sees each call.  Nothing is executed: the program is harmless whatever
 * the numbers mean.  x86_64's uretprobe (335) is the exception: seccomp
 * lets it through (Linux 6.12), and outside a uretprobe it raises
 * SIGILL, so it is left out.
 */
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	struct sock_filter insns[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_exit_group, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 38 /* ENOSYS */),
	};
	struct sock_fprog prog = { sizeof(insns) / sizeof(insns[0]), insns };
	long nr;

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog))
		return 1;
	for (nr = 0; nr < 1024; nr++) {
#ifdef __x86_64__
		if (nr == 335)
			continue;
#endif
		if (nr != SYS_exit_group)
			syscall(nr, 0, 0, 0, 0, 0, 0);
	}
	syscall(SYS_exit_group, 0);
	return 0;
}

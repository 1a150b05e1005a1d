// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * "noseccomp CMD ARGS..." runs CMD under a seccomp filter that refuses
 * any further filter (seccomp(2) and prctl(PR_SET_SECCOMP) fail with
 * EPERM), as some container runtimes do.  syswarden must then fall back
 * to tracing every syscall.
 */
#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);

	if (argc < 2 || !ctx)
		return 2;
	if (seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(seccomp),
			     0) ||
	    seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(prctl), 1,
			     SCMP_A0(SCMP_CMP_EQ, PR_SET_SECCOMP)) ||
	    seccomp_load(ctx))
		return 3;
	execvp(argv[1], argv + 1);
	perror("noseccomp: exec");
	return 127;
}

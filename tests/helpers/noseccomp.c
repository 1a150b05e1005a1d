// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * "noseccomp CMD ARGS..." runs CMD under a seccomp filter that refuses
 * any further filter (seccomp(2) and prctl(PR_SET_SECCOMP) fail with
 * EPERM), as some container runtimes do.  syswarden must then fall back
 * to tracing every syscall.  The filter covers every ABI libseccomp
 * knows here, so that CMD may be of another one than this helper (an
 * arm64 syswarden under an armhf helper in the arm64 VM died of SIGSYS,
 * the filter's action for a foreign ABI).
 */
#include <errno.h>
#include <seccomp.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);

	static const uint32_t arches[] = { SCMP_ARCH_X86_64, SCMP_ARCH_X86,
					   SCMP_ARCH_AARCH64, SCMP_ARCH_ARM };
	size_t i;

	if (argc < 2 || !ctx)
		return 2;
	/* -EEXIST: the native one, already there. */
	for (i = 0; i < sizeof(arches) / sizeof(arches[0]); i++)
		if (seccomp_arch_add(ctx, arches[i]) < 0 &&
		    seccomp_arch_exist(ctx, arches[i]) < 0)
			return 3;
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

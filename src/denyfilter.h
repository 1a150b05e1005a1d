/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * syswarden - the seccomp filter of --deny: SECCOMP_RET_ERRNO or
 * SECCOMP_RET_KILL_PROCESS where a deny rule's syscalls and scalar
 * conditions say, so that a denied call costs no stop and stays denied
 * if syswarden dies.  Every program is run over the boundary values of
 * its conditions with bpfrun() before it is returned: a call that
 * libseccomp compiled wrong leaves the kernel's filter, and its rule is
 * enforced at the stops (inject.c) instead.
 */
#ifndef SW_DENYFILTER_H
#define SW_DENYFILTER_H

#include <linux/filter.h>
#include <stdint.h>

#include "traceset.h"

/* One deny rule. */
struct denyfilter_rule {
	const struct traceset *sel;
	uint32_t action; /* SCMP_ACT_ERRNO(e) or SCMP_ACT_KILL_PROCESS */
};

/* At most this many rules go into the kernel (the result's bits). */
#define DENYFILTER_MAX_RULES 30

/*
 * Builds the filter of @rules (@n of them) for every ABI of this host,
 * leaving to the stops the calls in @shown (NULL: none).  Returns a mask
 * with bit i set when the program enforces rule i whole, or -errno;
 * @out->filter is NULL when no call could go into the kernel.
 */
int denyfilter_build(const struct denyfilter_rule *rules, unsigned int n,
		     const struct traceset *shown, struct sock_fprog *out);

/*
 * The same for the ABIs @abis (@nabis of them) alone, which the host
 * need not run: for tests, which check the program with bpfrun().
 */
int denyfilter_build_abis(const struct denyfilter_rule *rules, unsigned int n,
			  const struct traceset *shown, const enum sw_abi *abis,
			  unsigned int nabis, struct sock_fprog *out);

#endif /* SW_DENYFILTER_H */

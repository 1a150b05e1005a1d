/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * syswarden - an exact evaluator of classic BPF seccomp programs, so that
 * a generated filter can be checked against the selection it stands for
 * before it is loaded (prefilter.c), and on ABIs the host cannot run.
 */
#ifndef SW_BPFRUN_H
#define SW_BPFRUN_H

#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Runs @prog (@n instructions) over @data as the kernel would and returns
 * the action, without its data bits (SECCOMP_RET_ACTION_FULL).  An
 * instruction the kernel would refuse, or running off the end, gives
 * SECCOMP_RET_KILL_PROCESS.
 */
uint32_t bpfrun(const struct sock_filter *prog, size_t n,
		const struct seccomp_data *data);

#endif /* SW_BPFRUN_H */

// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Fuzzes kernel pre-selection against the supervisor's own check: for a
 * trace set and a syscall of any ABI (fake_tracee.h), the seccomp filter
 * that prefilter.c builds for that ABI is run with bpfrun() on the
 * seccomp_data the kernel would make, and wherever traceset_match() says
 * the call is selected the filter must stop it (SECCOMP_RET_TRACE).
 * Stopping more than selected only costs time; stopping less hides calls
 * and aborts.  Both the program as argcond.c and libseccomp compile it
 * and the verified one that is loaded are checked, so that a compiler
 * defect shows even where verification would widen the call.
 *
 * On a 32-bit ABI the supervisor reads 32-bit registers, but the kernel
 * copies whole ones into seccomp_data.args: i386 via int $0x80 from
 * 64-bit code keeps the upper half there (Linux 6.18, seen live), so the
 * input's upper halves go to the filter and only the lower ones to the
 * supervisor.  (arm under arm64 is assumed to do the same: a filter that
 * holds for any upper half holds for a zero one.)
 *
 * Input: a trace set, a '\n', then a struct fake_header and the memory.
 * SW_FUZZ_PRINT=1 shows each verdict.
 */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpfrun.h"
#include "fake_tracee.h"
#include "prefilter.h"
#include "traceset.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The last set's programs by ABI, built again only when the set changes:
 * [abi][0] as compiled, [abi][1] verified. */
static char *last_set;
static struct sock_fprog progs[SW_ABI_COUNT][2];
static int built[SW_ABI_COUNT][2]; /* 0: not yet, 1: built, -1: refused */

static void forget(const char *set)
{
	unsigned int abi, v;

	for (abi = 0; abi < SW_ABI_COUNT; abi++)
		for (v = 0; v < 2; v++) {
			prefilter_free(&progs[abi][v]);
			built[abi][v] = 0;
		}
	free(last_set);
	last_set = strdup(set);
	if (!last_set)
		abort();
}

/* The program for @abi (@verified or as compiled), or NULL when the
 * builder refuses the set (too large): then nothing is loaded. */
static const struct sock_fprog *prog_of(const struct traceset *ts,
					enum sw_abi abi, bool verified)
{
	int *b = &built[abi][verified];

	if (!*b)
		*b = prefilter_build_abi(ts, abi,
					 verified ? 0 : PREFILTER_UNVERIFIED,
					 &progs[abi][verified]) < 0
			 ? -1
			 : 1;
	return *b > 0 ? &progs[abi][verified] : NULL;
}

static const char *action_name(const struct sock_fprog *p, uint32_t act)
{
	if (!p)
		return "refused";
	if (act == SECCOMP_RET_TRACE)
		return "trace";
	return act == SECCOMP_RET_ALLOW ? "allow" : "other";
}

static void check(const struct traceset *ts, const char *set,
		  const struct sw_event *ev, const struct seccomp_data *sd,
		  bool in, bool verified)
{
	const struct sock_fprog *p = prog_of(ts, ev->abi, verified);
	uint32_t act = p ? bpfrun(p->filter, p->len, sd) : SECCOMP_RET_TRACE;
	bool ok = act == SECCOMP_RET_TRACE || (act == SECCOMP_RET_ALLOW && !in);
	unsigned int i;

	if (ok && !getenv("SW_FUZZ_PRINT"))
		return;
	fprintf(stderr, "%s%s: %s %s nr %d args",
		ok ? "" : "fuzz_presel: ", set, sw_abi_name(ev->abi),
		ev->sc ? ev->sc->name : "?", sd->nr);
	for (i = 0; i < 6; i++)
		fprintf(stderr, " %#llx", (unsigned long long)sd->args[i]);
	fprintf(stderr, ": %s, %s filter: %s (%#x)\n",
		in ? "selected" : "not selected",
		verified ? "verified" : "compiled", action_name(p, act), act);
	if (!ok)
		abort();
}

/* What the kernel gives the filter for @ev, and (in @ev) what the
 * supervisor reads: the lower halves alone on a 32-bit ABI. */
static void kernel_view(struct sw_event *ev, struct seccomp_data *sd)
{
	const struct sw_sysent_table *tab = sw_sysent_table(ev->abi);
	unsigned int i;

	memset(sd, 0, sizeof(*sd));
	sd->nr = (int)ev->nr;
	sd->arch = tab->audit_arch;
	for (i = 0; i < 6; i++) {
		sd->args[i] = ev->args[i];
		if (tab->wordsize == 4)
			ev->args[i] &= 0xffffffffu;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	struct traceset *ts = NULL;
	struct seccomp_data sd;
	struct fake_header h;
	struct sw_event ev;
	struct strbuf err;
	char *set;
	bool in;

	if (!nl)
		return 0;
	set = strndup((const char *)data, (size_t)(nl - data));
	if (!set || traceset_new(&ts) < 0)
		abort();
	strbuf_init(&err);
	if (traceset_parse(ts, set, &err) < 0 ||
	    fake_tracee_map(nl + 1, size - (size_t)(nl + 1 - data), &h, &ev) <
		0)
		goto out;
	if (ev.abi != SW_ABI_UNKNOWN) {
		if (!last_set || strcmp(last_set, set))
			forget(set);
		kernel_view(&ev, &sd);
		in = traceset_match(ts, &ev, 1);
		check(ts, set, &ev, &sd, in, false);
		check(ts, set, &ev, &sd, in, true);
	}
	fake_tracee_unmap();
out:
	strbuf_release(&err);
	traceset_free(ts);
	free(set);
	return 0;
}

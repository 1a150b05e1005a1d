// SPDX-License-Identifier: LGPL-2.1-or-later
/* syswarden - the seccomp filter of --deny (see denyfilter.h). */
#include "config.h"

#include <errno.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>

#include "arch.h"
#include "argcond.h"
#include "bpfrun.h"
#include "denyfilter.h"
#include "prefilter.h"

/* Per call of each ABI: the rule that denies it, and how it stands. */
enum {
	OWNER_NONE = -1,
	OWNER_MANY = -2, /* denied by several rules: left to the stops */
};

struct plan {
	const struct denyfilter_rule *rules;
	unsigned int nrules;
	const struct traceset *shown;
	const enum sw_abi *abis;
	unsigned int nabis;
	int *owner[SW_ABI_COUNT];
	bool *dropped[SW_ABI_COUNT]; /* verification found it wrong */
	bool *partial[SW_ABI_COUNT]; /* in the kernel, but not wholly */
};

static void plan_free(struct plan *pl)
{
	unsigned int i;

	for (i = 0; i < SW_ABI_COUNT; i++) {
		free(pl->owner[i]);
		free(pl->dropped[i]);
		free(pl->partial[i]);
	}
}

/* Which rule denies each call; a call that is shown stays at the stops,
 * where it is shown denied. */
static int plan_init(struct plan *pl)
{
	unsigned int a, k;
	size_t i;

	for (a = 0; a < pl->nabis; a++) {
		enum sw_abi abi = pl->abis[a];
		const struct sw_sysent_table *tab = sw_sysent_table(abi);

		pl->owner[abi] = calloc(tab->ncalls, sizeof(int));
		pl->dropped[abi] = calloc(tab->ncalls, sizeof(bool));
		pl->partial[abi] = calloc(tab->ncalls, sizeof(bool));
		if (!pl->owner[abi] || !pl->dropped[abi] || !pl->partial[abi])
			return -ENOMEM;
		for (i = 0; i < tab->ncalls; i++) {
			const struct sw_syscall *sc = &tab->calls[i];

			pl->owner[abi][i] = OWNER_NONE;
			for (k = 0; k < pl->nrules; k++)
				if (traceset_has(pl->rules[k].sel, abi, sc))
					pl->owner[abi][i] =
					    pl->owner[abi][i] == OWNER_NONE
						? (int)k
						: OWNER_MANY;
			if (pl->shown && traceset_has(pl->shown, abi, sc))
				pl->partial[abi][i] = true;
		}
	}
	return 0;
}

/* Whether call @i of @abi goes into the kernel at all. */
static bool in_kernel(const struct plan *pl, enum sw_abi abi, size_t i)
{
	const struct sw_syscall *sc = &sw_sysent_table(abi)->calls[i];
	bool native = prefilter_arch_token(abi) == seccomp_arch_native();

	if (pl->owner[abi][i] < 0 || pl->dropped[abi][i] ||
	    (pl->shown && traceset_has(pl->shown, abi, sc)))
		return false;
	/* On i386 libseccomp would deny the multiplexer's sub-call too,
	 * whatever its arguments (see prefilter_multiplexer()). */
	return native ||
	       (!prefilter_multiplexer(sc->name) &&
		seccomp_syscall_resolve_name(sc->name) != __NR_SCMP_ERROR);
}

static int add_call(struct plan *pl, scmp_filter_ctx ctx, enum sw_abi abi,
		    size_t i, bool native)
{
	const struct sw_syscall *sc = &sw_sysent_table(abi)->calls[i];
	const struct denyfilter_rule *ru = &pl->rules[pl->owner[abi][i]];
	const struct argcond *c = traceset_cond(ru->sel, abi, sc);
	int nr = native ? (int)sc->nr : seccomp_syscall_resolve_name(sc->name);
	bool partial = false;
	int r;

	if (!c)
		r = native ? seccomp_rule_add_exact(ctx, ru->action, nr, 0)
			   : seccomp_rule_add(ctx, ru->action, nr, 0);
	else
		r = argcond_compile_where(c, sc, sw_sysent_table(abi)->wordsize,
					  ctx, nr, native, ru->action,
					  &partial);
	if (r < 0 && r != -ENOMEM) {
		pl->dropped[abi][i] = true; /* libseccomp refused it */
		r = 0;
	}
	pl->partial[abi][i] |= partial;
	return r < 0 ? r : 0;
}

static int build_abi(struct plan *pl, enum sw_abi abi, scmp_filter_ctx *out)
{
	const struct sw_sysent_table *tab = sw_sysent_table(abi);
	uint32_t token = prefilter_arch_token(abi);
	bool native = token == seccomp_arch_native();
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	size_t i;
	int r = 0;

	if (!ctx)
		return -ENOMEM;
	if (!native) {
		r = seccomp_arch_add(ctx, token);
		if (r == 0)
			r = seccomp_arch_remove(ctx, SCMP_ARCH_NATIVE);
	}
	if (r == 0)
		r = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2);
	for (i = 0; r == 0 && i < tab->ncalls; i++)
		if (in_kernel(pl, abi, i))
			r = add_call(pl, ctx, abi, i, native);
	if (r < 0) {
		seccomp_release(ctx);
		return r;
	}
	*out = ctx;
	return 0;
}

static int build_once(struct plan *pl, struct sock_fprog *out)
{
	scmp_filter_ctx all = NULL, one = NULL;
	unsigned int a;
	int r = 0;

	memset(out, 0, sizeof(*out));
	for (a = 0; r == 0 && a < pl->nabis; a++) {
		r = build_abi(pl, pl->abis[a], a ? &one : &all);
		if (r == 0 && a) {
			r = seccomp_merge(all, one); /* consumes @one */
			if (r < 0)
				seccomp_release(one);
		}
	}
	if (r == 0)
		r = prefilter_export(all, out);
	seccomp_release(all);
	return r;
}

/* Whether the program does to call @i of @abi what its rule says: never
 * denies where the rule would not, and denies wherever it would unless
 * the call is only partly in the kernel. */
static bool call_right(const struct sock_fprog *prog, struct plan *pl,
		       enum sw_abi abi, size_t i)
{
	const struct sw_sysent_table *tab = sw_sysent_table(abi);
	const struct sw_syscall *sc = &tab->calls[i];
	struct sw_event ev = { .abi = abi, .nr = sc->nr, .sc = sc };
	const struct denyfilter_rule *ru;
	const struct argcond *c = NULL;
	struct argcond_probes *p = calloc(1, sizeof(*p));
	struct argcond_walk w;
	uint32_t want, got, deny = 0;
	bool right = p != NULL, kernel = in_kernel(pl, abi, i);

	if (kernel) {
		ru = &pl->rules[pl->owner[abi][i]];
		deny = ru->action & SECCOMP_RET_ACTION_FULL;
		c = traceset_cond(ru->sel, abi, sc);
	}
	if (p && c)
		argcond_probes(c, sc, p);
	if (p)
		argcond_walk_init(&w, p, tab->wordsize, sc->nr);
	while (right && argcond_walk_next(&w, ev.args)) {
		got = prefilter_action(prog, abi, sc, ev.args);
		want = kernel && (!c || argcond_eval(c, &ev, 0))
			   ? deny
			   : SECCOMP_RET_ALLOW;
		right = got == want ||
			(got == SECCOMP_RET_ALLOW && pl->partial[abi][i]);
	}
	free(p);
	return right;
}

/* Drops from the kernel every call the program gets wrong; how many. */
static unsigned int verify(const struct sock_fprog *prog, struct plan *pl)
{
	unsigned int a, found = 0;
	size_t i;

	for (a = 0; a < pl->nabis; a++) {
		enum sw_abi abi = pl->abis[a];

		for (i = 0; i < sw_sysent_table(abi)->ncalls; i++)
			if (!call_right(prog, pl, abi, i)) {
				pl->dropped[abi][i] = true;
				found++;
			}
	}
	return found;
}

/* Whether any call goes into the kernel. */
static bool any_in_kernel(const struct plan *pl)
{
	unsigned int a;
	size_t i;

	for (a = 0; a < pl->nabis; a++)
		for (i = 0; i < sw_sysent_table(pl->abis[a])->ncalls; i++)
			if (in_kernel(pl, pl->abis[a], i))
				return true;
	return false;
}

/* The rules the program enforces whole. */
static int whole_rules(const struct plan *pl)
{
	int mask = (int)((1u << pl->nrules) - 1);
	unsigned int a, k;
	size_t i;

	for (k = 0; k < pl->nrules; k++)
		if (traceset_has(pl->rules[k].sel, pl->abis[0], NULL))
			mask &= ~(1 << k); /* numbers no table knows */
	for (a = 0; a < pl->nabis; a++) {
		enum sw_abi abi = pl->abis[a];

		for (i = 0; i < sw_sysent_table(abi)->ncalls; i++) {
			const struct sw_syscall *sc =
			    &sw_sysent_table(abi)->calls[i];

			for (k = 0; k < pl->nrules; k++)
				if (traceset_has(pl->rules[k].sel, abi, sc) &&
				    (!in_kernel(pl, abi, i) ||
				     pl->partial[abi][i]))
					mask &= ~(1 << k);
		}
	}
	return mask;
}

/* Rounds of build and verify; each drops at least one call. */
#define MAX_ROUNDS 4

int denyfilter_build_abis(const struct denyfilter_rule *rules, unsigned int n,
			  const struct traceset *shown, const enum sw_abi *abis,
			  unsigned int nabis, struct sock_fprog *out)
{
	struct plan pl = { rules, n, shown, abis, nabis, { 0 }, { 0 }, { 0 } };
	unsigned int round;
	int r = n > DENYFILTER_MAX_RULES ? -E2BIG : plan_init(&pl);

	memset(out, 0, sizeof(*out));
	if (r == 0 && !any_in_kernel(&pl))
		goto out;
	for (round = 0; r == 0 && round < MAX_ROUNDS; round++) {
		r = build_once(&pl, out);
		if (r < 0 || !verify(out, &pl))
			break;
		prefilter_free(out);
	}
	if (r == 0 && !out->filter)
		r = -EPROTO; /* still wrong after every round */
	if (r == 0)
		r = whole_rules(&pl);
out:
	plan_free(&pl);
	if (r < 0)
		prefilter_free(out);
	return r;
}

int denyfilter_build(const struct denyfilter_rule *rules, unsigned int n,
		     const struct traceset *shown, struct sock_fprog *out)
{
	return denyfilter_build_abis(rules, n, shown, sw_arch_host.abis,
				     sw_arch_host.nabis, out);
}

// SPDX-License-Identifier: LGPL-2.1-or-later
/* syswarden - named constants, per ABI: lookups and printing. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "decode/xlat.h"

static const struct xlat *const tables[SW_ABI_COUNT] = {
	[SW_ABI_X86_64] = xlat_x86_64,
	[SW_ABI_I386] = xlat_i386,
	[SW_ABI_ARM64] = xlat_arm64,
	[SW_ABI_ARM] = xlat_arm,
};

static const bool family_flags[XF_COUNT] = XLAT_FAMILY_FLAGS;

const struct xlat *xlat_get(enum sw_abi abi, enum xlat_family f)
{
	static const struct xlat empty;

	if ((unsigned int)abi >= SW_ABI_COUNT || (unsigned int)f >= XF_COUNT)
		return &empty;
	return &tables[abi][f];
}

bool xlat_is_flags(enum xlat_family f)
{
	return (unsigned int)f < XF_COUNT && family_flags[f];
}

const char *xlat_name(enum sw_abi abi, enum xlat_family f, uint64_t val)
{
	const struct xlat *x = xlat_get(abi, f);
	size_t i;

	for (i = 0; i < x->n; i++)
		if (x->e[i].val == val)
			return x->e[i].name;
	return NULL;
}

int xlat_lookup(enum sw_abi abi, const char *name, uint64_t *val)
{
	unsigned int f;
	size_t i;

	for (f = 0; f < XF_COUNT; f++) {
		const struct xlat *x = xlat_get(abi, f);

		for (i = 0; i < x->n; i++)
			if (!strcmp(x->e[i].name, name)) {
				*val = x->e[i].val;
				return 0;
			}
	}
	return -ENOENT;
}

const char *xlat_nearest(enum sw_abi abi, const char *word, unsigned int max)
{
	const char *best = NULL;
	unsigned int f, d;
	size_t i;

	for (f = 0; f < XF_COUNT; f++) {
		const struct xlat *x = xlat_get(abi, f);

		for (i = 0; i < x->n; i++) {
			d = util_edit_distance(word, x->e[i].name);
			if (d < max) {
				max = d;
				best = x->e[i].name;
			}
		}
	}
	return best;
}

void xlat_print_enum(struct strbuf *sb, enum sw_abi abi, enum xlat_family f,
		     uint64_t val)
{
	const char *name = xlat_name(abi, f, val);

	if (name)
		strbuf_addf(sb, "%s", name);
	else
		strbuf_addf(sb, "%#" PRIx64, val);
}

void xlat_print_flags(struct strbuf *sb, enum sw_abi abi, enum xlat_family f,
		      uint64_t val)
{
	const struct xlat *x = xlat_get(abi, f);
	bool any = false;
	size_t i;

	for (i = 0; i < x->n && val; i++) {
		uint64_t v = x->e[i].val;

		if (!v || (val & v) != v)
			continue;
		strbuf_addf(sb, "%s%s", any ? "|" : "", x->e[i].name);
		val &= ~v;
		any = true;
	}
	if (val || !any) {
		const char *zero = !val ? xlat_name(abi, f, 0) : NULL;

		if (any)
			strbuf_add(sb, "|", 1);
		if (zero)
			strbuf_addf(sb, "%s", zero);
		else
			strbuf_addf(sb, "%#" PRIx64, val);
	}
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * syswarden - named constants, per ABI.
 *
 * The tables are generated at build time by scripts/gen-consts.py from
 * each ABI's headers (prototypes/constants.txt lists the families), so
 * that an arm tracee's O_DIRECTORY is arm's.  Entries are in the order
 * flags are written: by value, but where strace's order differs.
 */
#ifndef SW_DECODE_XLAT_H
#define SW_DECODE_XLAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <syswarden/sysent.h>

#include "decode-families.h"
#include "util.h"

struct xlat_entry {
	uint64_t val;
	const char *name;
};

struct xlat {
	const struct xlat_entry *e;
	size_t n;
};

extern const struct xlat xlat_x86_64[XF_COUNT];
extern const struct xlat xlat_i386[XF_COUNT];
extern const struct xlat xlat_arm64[XF_COUNT];
extern const struct xlat xlat_arm[XF_COUNT];

/* Family @f of @abi's constants; an empty table for a family the ABI
 * does not have (ARCH_* off x86). */
const struct xlat *xlat_get(enum sw_abi abi, enum xlat_family f);

/* The name of @val in family @f of @abi, or NULL. */
const char *xlat_name(enum sw_abi abi, enum xlat_family f, uint64_t val);

/*
 * The value of constant @name in any family of @abi: 0 and *val set, or
 * -ENOENT.  Argument conditions (-e trace=) name constants this way.
 */
int xlat_lookup(enum sw_abi abi, const char *name, uint64_t *val);

/* The constant of @abi whose name is nearest @word, within @max edits;
 * NULL when none is. */
const char *xlat_nearest(enum sw_abi abi, const char *word, unsigned int max);

/* Appends @val as its name in family @f, or in hex when it has none. */
void xlat_print_enum(struct strbuf *sb, enum sw_abi abi, enum xlat_family f,
		     uint64_t val);

/*
 * Appends @val as flags of family @f: "A|B|0x40", the unknown bits last
 * in hex; "0" when no bit is set and the family has no name for 0.
 */
void xlat_print_flags(struct strbuf *sb, enum sw_abi abi, enum xlat_family f,
		      uint64_t val);

/* Whether family @f is a set of flags (else one value). */
bool xlat_is_flags(enum xlat_family f);

#endif /* SW_DECODE_XLAT_H */

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * syswarden - lookups in the generated syscall tables.
 *
 * The tables themselves are emitted at build time by scripts/gen-sysent.py
 * from prototypes/<abi>.tbl, one sysent_<abi>.c per ABI, each sorted by
 * syscall number.
 */
#include "config.h"

#include <string.h>

#include <syswarden/sysent.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

extern const struct sw_sysent_table sw_sysent_x86_64;
extern const struct sw_sysent_table sw_sysent_i386;
extern const struct sw_sysent_table sw_sysent_arm64;
extern const struct sw_sysent_table sw_sysent_arm;

static const struct sw_sysent_table *const sysent_tables[SW_ABI_COUNT] = {
	[SW_ABI_X86_64] = &sw_sysent_x86_64,
	[SW_ABI_I386] = &sw_sysent_i386,
	[SW_ABI_ARM64] = &sw_sysent_arm64,
	[SW_ABI_ARM] = &sw_sysent_arm,
};

/*
 * Symbol prefixes the kernel puts in front of a syscall's name, longest
 * first so that "__ia32_compat_sys_" wins over "compat_sys_" and "_sys_"
 * over "sys_".  The arch wrappers come from
 * arch/{x86,arm64}/include/asm/syscall_wrapper.h.
 */
static const char *const sysent_prefixes[] = {
	"__arm64_compat_sys_",
	"__ia32_compat_sys_",
	"__arm64_sys_",
	"__ia32_sys_",
	"__x64_sys_",
	"compat_sys_",
	"_sys_",
	"sys_",
};

SW_API const struct sw_sysent_table *sw_sysent_table(enum sw_abi abi)
{
	if ((unsigned int)abi >= ARRAY_SIZE(sysent_tables))
		return NULL;
	return sysent_tables[abi];
}

SW_API const struct sw_syscall *sw_sysent_by_nr(enum sw_abi abi, uint32_t nr)
{
	const struct sw_sysent_table *tab = sw_sysent_table(abi);
	size_t lo = 0, hi;

	if (!tab)
		return NULL;
	hi = tab->ncalls;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct sw_syscall *sc = &tab->calls[mid];

		if (sc->nr == nr)
			return sc;
		if (sc->nr < nr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

SW_API const char *sw_sysent_normalize(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sysent_prefixes); i++) {
		size_t len = strlen(sysent_prefixes[i]);

		/* A bare prefix ("sys_") is not a name: leave it alone. */
		if (!strncmp(name, sysent_prefixes[i], len) && name[len])
			return name + len;
	}
	return name;
}

SW_API const struct sw_syscall *sw_sysent_by_name(enum sw_abi abi,
						  const char *name)
{
	const struct sw_sysent_table *tab = sw_sysent_table(abi);
	const char *bare;
	size_t i;

	if (!tab || !name)
		return NULL;
	/*
	 * Try the name as given first: a syscall whose own name starts with
	 * a prefix must stay findable.
	 */
	for (i = 0; i < tab->ncalls; i++)
		if (!strcmp(tab->calls[i].name, name))
			return &tab->calls[i];
	bare = sw_sysent_normalize(name);
	if (bare != name)
		for (i = 0; i < tab->ncalls; i++)
			if (!strcmp(tab->calls[i].name, bare))
				return &tab->calls[i];
	/*
	 * Kernel symbols name the entry point, which can differ from the
	 * syscall's name: __x64_sys_newuname is uname.
	 */
	for (i = 0; i < tab->ncalls; i++)
		if (!strcmp(sw_sysent_normalize(tab->calls[i].entry), bare))
			return &tab->calls[i];
	return NULL;
}

SW_API enum sw_abi sw_abi_from_audit_arch(uint32_t audit_arch)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sysent_tables); i++)
		if (sysent_tables[i]->audit_arch == audit_arch)
			return sysent_tables[i]->abi;
	return SW_ABI_UNKNOWN;
}

SW_API const char *sw_abi_name(enum sw_abi abi)
{
	const struct sw_sysent_table *tab = sw_sysent_table(abi);

	return tab ? tab->name : "unknown";
}

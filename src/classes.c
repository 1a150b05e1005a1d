// SPDX-License-Identifier: LGPL-2.1-or-later
/* syswarden - strace's syscall classes. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "classes.h"
#include "util.h"

static const struct {
	const char *name;
	unsigned int bit;
} names[] = {
	{ "file", CL_FILE },	   { "process", CL_PROCESS },
	{ "network", CL_NETWORK }, { "net", CL_NETWORK },
	{ "signal", CL_SIGNAL },   { "desc", CL_DESC },
	{ "memory", CL_MEMORY },   { "ipc", CL_IPC },
	{ "creds", CL_CREDS },	   { "clock", CL_CLOCK },
	{ "pure", CL_PURE },	   { "stat", CL_STAT },
	{ "lstat", CL_LSTAT },	   { "fstat", CL_FSTAT },
	{ "%stat", CL_STAT_LIKE }, { "statfs", CL_STATFS },
	{ "fstatfs", CL_FSTATFS }, { "%statfs", CL_STATFS_LIKE },
};

const char classes_known[] =
    "%file, %process, %network (%net), %signal, %desc, %memory, %ipc, "
    "%creds, %clock, %pure, %stat, %lstat, %fstat, %%stat, %statfs, "
    "%fstatfs, %%statfs";

static int by_name(const void *key, const void *elem)
{
	return strcmp(key, ((const struct class_member *)elem)->name);
}

static const struct class_member *lookup(enum sw_abi abi, const char *name)
{
	if (abi == SW_ABI_X86_64)
		return bsearch(name, classes_x86_64, classes_x86_64_count,
			       sizeof(classes_x86_64[0]), by_name);
	if (abi == SW_ABI_I386)
		return bsearch(name, classes_i386, classes_i386_count,
			       sizeof(classes_i386[0]), by_name);
	return NULL;
}

unsigned int classes_of(enum sw_abi abi, const struct sw_syscall *sc)
{
	const struct class_member *m = lookup(abi, sc->name);

	if (!m)
		m = lookup(SW_ABI_X86_64, sc->name);
	if (!m)
		m = lookup(SW_ABI_I386, sc->name);
	return m ? m->bits : sc->classes;
}

unsigned int classes_by_name(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcmp(name, names[i].name))
			return names[i].bit;
	return 0;
}

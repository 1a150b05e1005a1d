/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * syswarden - strace's syscall classes (-e trace=%creds, %%stat, ...).
 *
 * Membership is strace 6.1's own, measured by scripts/gen-strace-classes
 * on x86_64 and i386 (prototypes/strace-classes.txt).  A name strace does
 * not know on an ABI takes its classes from another measured ABI, and a
 * name no measured ABI has (arm's private calls, syscalls newer than
 * strace 6.1) the classes derived from its prototype (sysent.h's
 * SW_CLASS_* bits; none of the classes past %ipc).
 */
#ifndef SW_CLASSES_H
#define SW_CLASSES_H

#include <stddef.h>

#include <syswarden/sysent.h>

enum class_bit {
	CL_FILE = SW_CLASS_FILE,
	CL_PROCESS = SW_CLASS_PROCESS,
	CL_NETWORK = SW_CLASS_NETWORK,
	CL_SIGNAL = SW_CLASS_SIGNAL,
	CL_DESC = SW_CLASS_DESC,
	CL_MEMORY = SW_CLASS_MEMORY,
	CL_IPC = SW_CLASS_IPC,
	CL_CREDS = 1u << 7,
	CL_CLOCK = 1u << 8,
	CL_PURE = 1u << 9,
	CL_STAT = 1u << 10,
	CL_LSTAT = 1u << 11,
	CL_FSTAT = 1u << 12,
	CL_STAT_LIKE = 1u << 13, /* %%stat */
	CL_STATFS = 1u << 14,
	CL_FSTATFS = 1u << 15,
	CL_STATFS_LIKE = 1u << 16, /* %%statfs */
};

struct class_member {
	const char *name;
	unsigned int bits;
};

/* The generated tables, sorted by name. */
extern const struct class_member classes_x86_64[];
extern const size_t classes_x86_64_count;
extern const struct class_member classes_i386[];
extern const size_t classes_i386_count;

/* The CL_* bits of syscall @sc of @abi. */
unsigned int classes_of(enum sw_abi abi, const struct sw_syscall *sc);

/* The CL_* bit of class @name ("file", "%creds" without its first '%',
 * "%stat" for %%stat), or 0. */
unsigned int classes_by_name(const char *name);

/* The class names, for messages. */
extern const char classes_known[];

#endif /* SW_CLASSES_H */

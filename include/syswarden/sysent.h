/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * syswarden - syscall prototype tables.
 *
 * One table per ABI, generated at build time from prototypes/<abi>.tbl.
 * Nothing here is written by hand: scripts/gen-sysent.py emits the data,
 * src/sysent.c looks it up.
 */
#ifndef SYSWARDEN_SYSENT_H
#define SYSWARDEN_SYSENT_H

#include <stddef.h>
#include <stdint.h>

#include <syswarden/common.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The syscall ABIs syswarden knows.  SW_ABI_UNKNOWN marks a stop whose
 *  audit arch matches none of them. */
enum sw_abi {
	SW_ABI_X86_64 = 0,
	SW_ABI_I386,
	SW_ABI_ARM64,
	SW_ABI_ARM,
	SW_ABI_COUNT,
	SW_ABI_UNKNOWN = SW_ABI_COUNT,
};

/** How an argument is decoded. */
enum sw_argclass {
	SW_ARG_SIGNED = 0, /**< signed integer of the ABI's word size */
	SW_ARG_UNSIGNED, /**< unsigned integer */
	SW_ARG_POINTER, /**< untyped pointer, printed in hex or NULL */
	SW_ARG_STRING, /**< NUL-terminated string read from the tracee */
	SW_ARG_BUFFER, /**< byte buffer; length in arg len_arg */
	SW_ARG_STRUCT, /**< pointer to a structure */
	SW_ARG_FD, /**< file descriptor */
	SW_ARG_FLAGS, /**< flag word or mode */
	SW_ARG_PAIR64, /**< 64-bit value split over two registers */
};

/** Syscall classes, as a bit set: one syscall can be in several. */
enum sw_sysclass {
	SW_CLASS_FILE = 1u << 0, /**< takes a file name */
	SW_CLASS_PROCESS = 1u << 1, /**< process life cycle */
	SW_CLASS_NETWORK = 1u << 2, /**< sockets */
	SW_CLASS_SIGNAL = 1u << 3, /**< signals */
	SW_CLASS_DESC = 1u << 4, /**< takes or returns a descriptor */
	SW_CLASS_MEMORY = 1u << 5, /**< address space */
	SW_CLASS_IPC = 1u << 6, /**< SysV IPC */
};

/** Buffer direction flag for sw_arg.flags. */
#define SW_ARGF_OUT 0x1u /**< the kernel writes it: decode at exit */

/** One argument of a prototype. */
struct sw_arg {
	const char *name; /**< name from the kernel source */
	const char *type; /**< C type from the kernel source */
	enum sw_argclass cls; /**< decoding class */
	unsigned char reg; /**< first register slot it occupies */
	signed char len_arg; /**< for SW_ARG_BUFFER: index of length arg,
				    or -1 when the length is the return value */
	unsigned char flags; /**< SW_ARGF_* */
};

/** One syscall of one ABI. */
struct sw_syscall {
	const char *name; /**< name as strace prints it */
	const char *entry; /**< kernel entry point (sys_newuname) */
	uint32_t nr; /**< number on this ABI */
	unsigned char nargs; /**< logical arguments in args[] */
	unsigned char nregs; /**< register slots used (pairs count 2) */
	unsigned short classes; /**< enum sw_sysclass bits */
	const char *rettype; /**< C return type */
	const struct sw_arg *args; /**< nargs entries */
};

/** The table of one ABI, sorted by number. */
struct sw_sysent_table {
	enum sw_abi abi;
	const char *name; /**< "x86_64", "i386", "arm64", "arm" */
	uint32_t audit_arch; /**< AUDIT_ARCH_* of the ABI */
	unsigned int wordsize; /**< 4 or 8 */
	const struct sw_syscall *calls;
	size_t ncalls;
};

/** The generated table for @abi, or NULL for SW_ABI_UNKNOWN. */
SW_API const struct sw_sysent_table *sw_sysent_table(enum sw_abi abi);

/** The syscall numbered @nr on @abi, or NULL if the table has none. */
SW_API const struct sw_syscall *sw_sysent_by_nr(enum sw_abi abi, uint32_t nr);

/**
 * The syscall called @name on @abi, or NULL.  @name may carry a kernel
 * prefix: "openat", "sys_openat", "_sys_openat", "__x64_sys_openat" and
 * "compat_sys_openat" all find openat.
 */
SW_API const struct sw_syscall *sw_sysent_by_name(enum sw_abi abi,
						  const char *name);

/**
 * Strips a kernel prefix from @name (see sw_sysent_by_name) and returns a
 * pointer into @name at the bare syscall name.
 */
SW_API const char *sw_sysent_normalize(const char *name);

/** The ABI whose audit arch is @audit_arch, or SW_ABI_UNKNOWN. */
SW_API enum sw_abi sw_abi_from_audit_arch(uint32_t audit_arch);

/** The ABI's name ("x86_64"...), or "unknown". */
SW_API const char *sw_abi_name(enum sw_abi abi);

#ifdef __cplusplus
}
#endif

#endif /* SYSWARDEN_SYSENT_H */

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The fuzzers' fake tracee: a syscall event made from the input's bytes,
 * and a memory that holds the rest of them, mapped at a page offset the
 * input picks, with nothing else readable.  Reads reach it through
 * tracemem.c's own page-by-page logic (tracemem_set_reader()); one that
 * crosses a page, which tracemem promises never to do, aborts.
 */
#ifndef SW_FAKE_TRACEE_H
#define SW_FAKE_TRACEE_H

#include <stddef.h>
#include <stdint.h>

#include "tracee.h"

/* How the input's first bytes read. */
struct fake_header {
	uint8_t abi; /* modulo SW_ABI_COUNT + 1 (the last: unknown) */
	uint8_t flags; /* FAKE_* */
	uint16_t call; /* index into the ABI's table, or the number */
	uint16_t string_limit;
	uint16_t mem_offset; /* where in its page the memory starts */
	uint8_t arg_kind[6]; /* FAKE_ARG_*: how args[i] is made */
	uint64_t args[6];
	uint64_t ret;
	int32_t si[4]; /* a siginfo's signo, code, pid, status */
} __attribute__((packed));

enum {
	FAKE_ENTRY_ONLY = 1,
	FAKE_ERROR = 2,
	FAKE_UNKNOWN_NR = 4, /* call is a number, not a table index */
	FAKE_RET_IN_MEM = 8, /* ret is a length within the memory */
};

enum {
	FAKE_ARG_RAW, /* the value as it is */
	FAKE_ARG_IN_MEM, /* an address inside the memory */
	FAKE_ARG_NEAR_END, /* the last few bytes of the memory, or just past */
	FAKE_ARG_KINDS,
};

/*
 * Reads a header from @data (@size bytes) into @h, fills @ev from it and
 * maps the bytes after it as the tracee's memory.  Returns 0, or -1 when
 * @size is too short.  fake_tracee_unmap() undoes it.
 */
int fake_tracee_map(const uint8_t *data, size_t size, struct fake_header *h,
		    struct sw_event *ev);
void fake_tracee_unmap(void);

#endif /* SW_FAKE_TRACEE_H */

// SPDX-License-Identifier: LGPL-2.1-or-later
/* The fuzzers' fake tracee (see fake_tracee.h). */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fake_tracee.h"
#include "tracemem.h"

#define MEM_PAGE 0x10000000u /* fits a 32-bit ABI's pointers */
#define CHUNK 4096u

static uint8_t *mem;
static uint64_t mem_addr;
static size_t mem_len;

static ssize_t fake_read(pid_t tid, uint64_t addr, void *buf, size_t len)
{
	uint64_t end = mem_addr + mem_len;

	/* tracemem reads a string page by page, a structure whole (one
	 * process_vm_readv, which may cross a page); the largest whole read
	 * is a getdents result, at most 1 MiB (decode/files.c). */
	if (!len || len > (1u << 20))
		abort();
	if (addr < mem_addr || addr >= end)
		return -EFAULT;
	if (len > end - addr)
		len = (size_t)(end - addr);
	memcpy(buf, mem + (addr - mem_addr), len);
	return (ssize_t)len;
}

static uint64_t make_arg(uint8_t kind, uint64_t v)
{
	switch (kind % FAKE_ARG_KINDS) {
	case FAKE_ARG_IN_MEM:
		return mem_len ? mem_addr + v % mem_len : mem_addr;
	case FAKE_ARG_NEAR_END:
		return mem_addr + mem_len - v % 8;
	default:
		return v;
	}
}

static void fill_event(struct sw_event *ev, const struct fake_header *h)
{
	const struct sw_sysent_table *tab;
	unsigned int i;

	memset(ev, 0, sizeof(*ev));
	ev->abi = (enum sw_abi)(h->abi % (SW_ABI_COUNT + 1));
	tab = sw_sysent_table(ev->abi);
	if (tab && !(h->flags & FAKE_UNKNOWN_NR)) {
		ev->sc = &tab->calls[h->call % tab->ncalls];
		ev->nr = ev->sc->nr;
	} else {
		ev->nr = h->call;
		ev->sc = tab ? sw_sysent_by_nr(ev->abi, h->call) : NULL;
	}
	for (i = 0; i < 6; i++)
		ev->args[i] = make_arg(h->arg_kind[i], h->args[i]);
	ev->ret = (int64_t)h->ret;
	if (h->flags & FAKE_RET_IN_MEM)
		ev->ret = (int64_t)(h->ret % (mem_len + 16));
}

int fake_tracee_map(const uint8_t *data, size_t size, struct fake_header *h,
		    struct sw_event *ev)
{
	if (size < sizeof(*h))
		return -1;
	memcpy(h, data, sizeof(*h));
	/* An exactly sized copy, so that ASan sees any read past it. */
	mem_len = size - sizeof(*h);
	mem = malloc(mem_len ? mem_len : 1);
	if (!mem)
		abort();
	memcpy(mem, data + sizeof(*h), mem_len);
	mem_addr = MEM_PAGE + h->mem_offset % CHUNK;
	tracemem_set_reader(fake_read);
	fill_event(ev, h);
	return 0;
}

void fake_tracee_unmap(void)
{
	tracemem_set_reader(NULL);
	free(mem);
	mem = NULL;
	mem_len = 0;
}

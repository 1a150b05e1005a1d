// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Fuzzes the decoders: random registers for any syscall of any ABI (or a
 * number no table knows), decoded at entry and exit against a fake tracee
 * memory, a buffer mapped at a page offset the input picks, with nothing
 * else readable.  Reads go through tracemem.c's page-by-page logic to the
 * fake reader below (tracemem_set_reader()), which checks that no read
 * crosses a page; AddressSanitizer checks the decoders' own buffers.  The
 * text must be one line of printable ASCII (SW_FUZZ_PRINT=1 shows it).
 *
 * Input: a fixed header (struct header) and then the memory's bytes.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "tracemem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MEM_PAGE 0x10000000u /* fits a 32-bit ABI's pointers */
#define CHUNK 4096u

struct header {
	uint8_t abi;
	uint8_t flags; /* FL_* */
	uint16_t call; /* index into the ABI's table, or the number */
	uint16_t string_limit;
	uint16_t mem_offset; /* where in its page the memory starts */
	uint8_t arg_kind[6]; /* KIND_*: how args[i] is made */
	uint64_t args[6];
	uint64_t ret;
	int32_t si[4]; /* signo, code, pid, status */
} __attribute__((packed));

enum {
	FL_ENTRY_ONLY = 1,
	FL_ERROR = 2,
	FL_UNKNOWN_NR = 4,
	FL_RET_IN_MEM = 8, /* ret is a length within the memory */
};

enum {
	KIND_RAW, /* the value as it is */
	KIND_IN_MEM, /* an address inside the memory */
	KIND_NEAR_END, /* the last few bytes of the memory, or just past */
	KIND_COUNT,
};

static const uint8_t *mem;
static uint64_t mem_addr;
static size_t mem_len;

static ssize_t fake_read(pid_t tid, uint64_t addr, void *buf, size_t len)
{
	uint64_t end = mem_addr + mem_len;

	/* tracemem promises: no read crosses into a page it does not need */
	if (!len || len > CHUNK || addr / CHUNK != (addr + len - 1) / CHUNK)
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
	switch (kind % KIND_COUNT) {
	case KIND_IN_MEM:
		return mem_len ? mem_addr + v % mem_len : mem_addr;
	case KIND_NEAR_END:
		return mem_addr + mem_len - v % 8;
	default:
		return v;
	}
}

/* One line of printable ASCII, as strace writes. */
static void check_line(const struct strbuf *sb)
{
	size_t i;

	if (!sb->buf || strlen(sb->buf) != sb->len)
		abort();
	for (i = 0; i < sb->len; i++)
		if (sb->buf[i] < 0x20 || sb->buf[i] > 0x7e)
			abort();
}

static void fill_event(struct sw_event *ev, const struct header *h)
{
	const struct sw_sysent_table *tab;
	unsigned int i;

	ev->abi = (enum sw_abi)(h->abi % (SW_ABI_COUNT + 1));
	tab = sw_sysent_table(ev->abi);
	if (tab && !(h->flags & FL_UNKNOWN_NR)) {
		ev->sc = &tab->calls[h->call % tab->ncalls];
		ev->nr = ev->sc->nr;
	} else {
		ev->nr = h->call;
		ev->sc = tab ? sw_sysent_by_nr(ev->abi, h->call) : NULL;
	}
	for (i = 0; i < 6; i++)
		ev->args[i] = make_arg(h->arg_kind[i], h->args[i]);
	ev->ret = (int64_t)h->ret;
	if (h->flags & FL_RET_IN_MEM)
		ev->ret = (int64_t)(h->ret % (mem_len + 16));
}

static void decode_signal(const struct header *h)
{
	struct strbuf sb;
	siginfo_t si;

	memset(&si, 0, sizeof(si));
	si.si_signo = h->si[0];
	si.si_code = h->si[1];
	si.si_pid = h->si[2];
	si.si_status = h->si[3];
	strbuf_init(&sb);
	decode_siginfo(&sb, &si);
	check_line(&sb);
	strbuf_release(&sb);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct decode_ctx ctx = { .tid = 1 };
	struct sw_tracee t;
	struct header h;
	struct strbuf sb;
	uint8_t *copy;

	if (size < sizeof(h))
		return 0;
	memcpy(&h, data, sizeof(h));
	/* An exactly sized copy, so that ASan sees any read past it. */
	mem_len = size - sizeof(h);
	copy = malloc(mem_len ? mem_len : 1);
	if (!copy)
		abort();
	memcpy(copy, data + sizeof(h), mem_len);
	mem = copy;
	mem_addr = MEM_PAGE + h.mem_offset % CHUNK;
	tracemem_set_reader(fake_read);

	memset(&t, 0, sizeof(t));
	t.tid = ctx.tid;
	fill_event(&t.sys, &h);
	ctx.string_limit = h.string_limit % 8193;
	ctx.entry_only = h.flags & FL_ENTRY_ONLY;
	strbuf_init(&sb);
	decode_entry(&ctx, &t, &sb);
	if (t.sys.sc ? t.sys.entry_args > t.sys.sc->nargs
		     : t.sys.entry_args != 6)
		abort();
	if (!ctx.entry_only)
		decode_exit(&ctx, &t, &sb, h.flags & FL_ERROR);
	check_line(&sb);
	if (getenv("SW_FUZZ_PRINT")) /* to see what an input decodes to */
		fprintf(stderr, "%s\n", sb.buf);
	strbuf_release(&sb);
	decode_signal(&h);

	tracemem_set_reader(NULL);
	free(copy);
	return 0;
}

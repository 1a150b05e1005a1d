// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Fuzzes the decoders: random registers for any syscall of any ABI (or a
 * number no table knows), decoded at entry and exit against the fake
 * tracee's memory (fake_tracee.h), and a random siginfo.  AddressSanitizer
 * checks the decoders' own buffers; the text must be one line of
 * printable ASCII (SW_FUZZ_PRINT=1 shows it).
 *
 * Before fuzzing, every syscall of every ABI is decoded a few ways
 * (sweep_one()), so that each prototype is covered on every run.
 *
 * Input: a struct fake_header, then the memory's bytes.
 */
#include "config.h"

#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "fake_tracee.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

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

static void decode_signal(const struct fake_header *h)
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
	struct fake_header h;
	struct sw_tracee t;
	struct strbuf sb;

	memset(&t, 0, sizeof(t));
	if (fake_tracee_map(data, size, &h, &t.sys) < 0)
		return 0;
	t.tid = ctx.tid;
	ctx.string_limit = h.string_limit % 8193;
	ctx.entry_only = h.flags & FAKE_ENTRY_ONLY;
	strbuf_init(&sb);
	decode_entry(&ctx, &t, &sb);
	if (t.sys.sc ? t.sys.entry_args > t.sys.sc->nargs
		     : t.sys.entry_args != 6)
		abort();
	if (!ctx.entry_only)
		decode_exit(&ctx, &t, &sb, h.flags & FAKE_ERROR);
	check_line(&sb);
	if (getenv("SW_FUZZ_PRINT")) /* to see what an input decodes to */
		fprintf(stderr, "%s\n", sb.buf);
	strbuf_release(&sb);
	decode_signal(&h);
	fake_tracee_unmap();
	return 0;
}

/* Syscall @call of @abi, its arguments pointing into a memory that
 * straddles a page (@variant 0), just past its end (1), at entry only
 * (2), at an error exit (3). */
static void sweep_one(unsigned int abi, size_t call, unsigned int variant)
{
	static const char bytes[] = "/etc/passwd\0\n\x01\xff\"x\\";
	uint8_t in[sizeof(struct fake_header) + sizeof(bytes)];
	struct fake_header h = { .string_limit = 8, .mem_offset = 4090 };
	unsigned int i;

	h.abi = (uint8_t)abi;
	h.call = (uint16_t)call;
	h.flags = FAKE_RET_IN_MEM;
	h.ret = 5;
	if (variant == 2)
		h.flags |= FAKE_ENTRY_ONLY;
	if (variant == 3) {
		h.flags = FAKE_ERROR;
		h.ret = (uint64_t)-2;
	}
	for (i = 0; i < 6; i++) {
		h.arg_kind[i] =
		    variant == 1 ? FAKE_ARG_NEAR_END : FAKE_ARG_IN_MEM;
		h.args[i] = i;
	}
	memcpy(in, &h, sizeof(h));
	memcpy(in + sizeof(h), bytes, sizeof(bytes));
	LLVMFuzzerTestOneInput(in, sizeof(in));
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	unsigned int abi, variant;
	size_t call;

	for (abi = 0; abi < SW_ABI_COUNT; abi++)
		for (call = 0; call < sw_sysent_table(abi)->ncalls; call++)
			for (variant = 0; variant < 4; variant++)
				sweep_one(abi, call, variant);
	return 0;
}

// SPDX-License-Identifier: LGPL-2.1-or-later
/* syswarden - hex dumps of -e read= and -e write=. */
#include "config.h"

#include <stdint.h>

#include <syswarden/syswarden.h>

#include "dump.h"
#include "tracemem.h"

#define DUMP_MAX (1u << 20) /* bytes read from the tracee at most */

/* One line: " | 00010  xx xx ... xx  xx ... xx  ascii........... |" */
static void dump_line(FILE *fp, size_t off, const unsigned char *p, size_t n)
{
	size_t i;

	fprintf(fp, " | %05zx  ", off);
	for (i = 0; i < 16; i++) {
		if (i < n)
			fprintf(fp, "%02x ", p[i]);
		else
			fputs("   ", fp);
		if (i == 7)
			fputc(' ', fp);
	}
	fputc(' ', fp);
	for (i = 0; i < 16; i++) {
		if (i >= n)
			fputc(' ', fp);
		else
			fputc(p[i] >= 0x20 && p[i] < 0x7f ? p[i] : '.', fp);
	}
	fputs(" |\n", fp);
}

void dump_call(FILE *fp, const struct numset sets[2], const struct sw_tracee *t)
{
	const struct sw_syscall *sc = t->sys.sc;
	unsigned char buf[4096];
	uint64_t addr, len, off;
	bool out;
	ssize_t n;

	if (!fp || !sc || sc->nargs < 3 || t->sys.ret < 0 ||
	    sc->args[0].cls != SW_ARG_FD || sc->args[1].cls != SW_ARG_BUFFER)
		return;
	out = sc->args[1].flags & SW_ARGF_OUT;
	if (!numset_has(&sets[out ? SW_DUMP_READ : SW_DUMP_WRITE],
			(uint32_t)t->sys.args[sc->args[0].reg]))
		return;
	addr = t->sys.args[sc->args[1].reg];
	len = out ? (uint64_t)t->sys.ret : t->sys.args[sc->args[2].reg];
	if (len > DUMP_MAX)
		len = DUMP_MAX;
	for (off = 0; off < len; off += (uint64_t)n) {
		n = tracemem_read(t->tid, addr + off, buf,
				  len - off < sizeof(buf) ? len - off
							  : sizeof(buf));
		if (n <= 0)
			return;
		for (size_t i = 0; i < (size_t)n; i += 16)
			dump_line(fp, off + i, buf + i,
				  (size_t)n - i < 16 ? (size_t)n - i : 16);
	}
}

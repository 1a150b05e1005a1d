// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * syswarden - ioctl: the request by name, and its argument by request
 * (termios, winsize, an int by value or by address, none at all).
 *
 * An argument the kernel fills in (TCGETS, TIOCGWINSZ, FIONREAD) is
 * printed at exit, the others at entry: core.c asks ioctl_arg_at_exit().
 */
#include "config.h"

#include <inttypes.h>
#include <string.h>

#include "decode/private.h"

enum ioarg {
	IOA_HEX, /* unknown: the raw value */
	IOA_NONE, /* no argument shown */
	IOA_INT, /* an int by value */
	IOA_INT_IN, /* an int the kernel reads: [1] */
	IOA_INT_OUT, /* an int the kernel writes */
	IOA_TERMIOS_IN,
	IOA_TERMIOS_OUT,
	IOA_WINSIZE_IN,
	IOA_WINSIZE_OUT,
};

static const struct {
	const char *name;
	enum ioarg kind;
} ioctl_args[] = {
	{ "TCGETS", IOA_TERMIOS_OUT },
	{ "TCSETS", IOA_TERMIOS_IN },
	{ "TCSETSW", IOA_TERMIOS_IN },
	{ "TCSETSF", IOA_TERMIOS_IN },
	{ "TIOCGWINSZ", IOA_WINSIZE_OUT },
	{ "TIOCSWINSZ", IOA_WINSIZE_IN },
	{ "FIONBIO", IOA_INT_IN },
	{ "FIOASYNC", IOA_INT_IN },
	{ "TIOCSPGRP", IOA_INT_IN },
	{ "TIOCSPTLCK", IOA_INT_IN },
	{ "FIONREAD", IOA_INT_OUT },
	{ "TIOCGPGRP", IOA_INT_OUT },
	{ "TIOCGSID", IOA_INT_OUT },
	{ "TIOCOUTQ", IOA_INT_OUT },
	{ "TIOCGPTN", IOA_INT_OUT },
	{ "FIOCLEX", IOA_NONE },
	{ "FIONCLEX", IOA_NONE },
	{ "TIOCNOTTY", IOA_NONE },
	{ "FICLONE", IOA_INT },
	{ "TCSBRK", IOA_INT },
	{ "TCXONC", IOA_INT },
	{ "TCFLSH", IOA_INT },
	{ "TIOCSCTTY", IOA_INT },
};

/* The request's name in the terminal or the file system family. */
static const char *request_name(enum sw_abi abi, uint32_t cmd)
{
	const char *n = xlat_name(abi, XF_IOCTL, cmd);

	return n ? n : xlat_name(abi, XF_IOCTL_FS, cmd);
}

static enum ioarg arg_kind(const struct sw_event *ev)
{
	const char *name;
	size_t i;

	if (!ev->sc || ev->sc->nargs < 3)
		return IOA_HEX;
	name = request_name(ev->abi, (uint32_t)ev->args[ev->sc->args[1].reg]);
	for (i = 0; name && i < ARRAY_SIZE(ioctl_args); i++)
		if (!strcmp(ioctl_args[i].name, name))
			return ioctl_args[i].kind;
	return IOA_HEX;
}

bool ioctl_arg_at_exit(const struct sw_event *ev)
{
	enum ioarg k = arg_kind(ev);

	return k == IOA_INT_OUT || k == IOA_TERMIOS_OUT || k == IOA_WINSIZE_OUT;
}

bool ioctl_has_arg(const struct sw_event *ev)
{
	return arg_kind(ev) != IOA_NONE;
}

/* An unnamed request by its fields, as strace: _IOC(_IOC_READ, 0x54,
 * 0x1, 0x8).  The layout of include/uapi/asm-generic/ioctl.h (nr and
 * type 8 bits, size 14, direction 2), which x86 and arm use. */
static void print_ioc(struct strbuf *sb, uint32_t cmd)
{
	static const char *const dirs[] = { "_IOC_NONE", "_IOC_WRITE",
					    "_IOC_READ",
					    "_IOC_READ|_IOC_WRITE" };
	uint32_t nr = cmd & 0xff, type = cmd >> 8 & 0xff;
	uint32_t size = cmd >> 16 & 0x3fff;

	strbuf_addf(sb, "_IOC(%s, %#" PRIx32 ", %#" PRIx32 ", %#" PRIx32 ")",
		    dirs[cmd >> 30], type, nr, size);
}

/* "BTRFS_IOC_CLONE or FICLONE", as strace names a number two requests
 * share. */
void dec_ioctl_cmd(struct dcall *dc, unsigned int i, uint64_t v,
		   unsigned int fam)
{
	uint32_t cmd = (uint32_t)v;
	const char *name = request_name(dc->abi, cmd);
	const char *other = xlat_name(dc->abi, XF_IOCTL_BTRFS, cmd);

	if (name && other)
		strbuf_addf(dc->sb, "%s or %s", other, name);
	else if (name)
		strbuf_addf(dc->sb, "%s", name);
	else
		print_ioc(dc->sb, cmd);
}

/* Flags as strace shows them in a termios: nothing at all for none. */
static void tc_flags(struct dcall *dc, enum xlat_family f, uint32_t v)
{
	if (v)
		xlat_print_flags(dc->sb, dc->abi, f, v);
}

/*
 * struct termios (include/uapi/asm-generic/termbits.h, the same on x86
 * and arm): four u32 mode words, then the line discipline and control
 * characters, which strace leaves out ("...").  Output delays and the
 * character size are fields of c_oflag and c_cflag.
 */
static void print_termios(struct dcall *dc, uint64_t addr)
{
	static const char *const tabs[] = { "TAB0", "TAB1", "TAB2", "XTABS" };
	uint32_t w[4];
	const char *baud;

	if (!dcall_read(dc, addr, w, sizeof(w))) {
		print_pointer(dc->sb, addr);
		return;
	}
	strbuf_add(dc->sb, "{c_iflag=", 9);
	tc_flags(dc, XF_TC_IFLAG, w[0]);
	strbuf_addf(dc->sb, ", c_oflag=NL%u|CR%u|%s|BS%u|VT%u|FF%u",
		    w[1] >> 8 & 1, w[1] >> 9 & 3, tabs[w[1] >> 11 & 3],
		    w[1] >> 13 & 1, w[1] >> 14 & 1, w[1] >> 15 & 1);
	if (w[1] & 0xff) {
		strbuf_add(dc->sb, "|", 1);
		tc_flags(dc, XF_TC_OFLAG, w[1] & 0xff);
	}
	baud = xlat_name(dc->abi, XF_TC_BAUD, w[2] & 0x100f);
	if (baud)
		strbuf_addf(dc->sb, ", c_cflag=%s", baud);
	else
		strbuf_addf(dc->sb, ", c_cflag=%#" PRIx32, w[2] & 0x100f);
	strbuf_addf(dc->sb, "|CS%u", 5 + (w[2] >> 4 & 3));
	if (w[2] & ~(uint32_t)0x103f) {
		strbuf_add(dc->sb, "|", 1);
		tc_flags(dc, XF_TC_CFLAG, w[2] & ~(uint32_t)0x103f);
	}
	strbuf_add(dc->sb, ", c_lflag=", 10);
	tc_flags(dc, XF_TC_LFLAG, w[3]);
	strbuf_add(dc->sb, ", ...}", 6);
}

/* struct winsize: four unsigned shorts. */
static void print_winsize(struct dcall *dc, uint64_t addr)
{
	uint16_t ws[4];

	if (!dcall_read(dc, addr, ws, sizeof(ws))) {
		print_pointer(dc->sb, addr);
		return;
	}
	strbuf_addf(dc->sb,
		    "{ws_row=%u, ws_col=%u, ws_xpixel=%u, ws_ypixel=%u}", ws[0],
		    ws[1], ws[2], ws[3]);
}

void dec_ioctl_arg(struct dcall *dc, unsigned int i, uint64_t v,
		   unsigned int fam)
{
	int32_t n;

	switch (arg_kind(dc->ev)) {
	case IOA_NONE:
		break;
	case IOA_INT:
		strbuf_addf(dc->sb, "%d", (int)(int32_t)v);
		break;
	case IOA_INT_IN:
	case IOA_INT_OUT:
		if (dcall_read(dc, v, &n, sizeof(n)))
			strbuf_addf(dc->sb, "[%d]", (int)n);
		else
			print_pointer(dc->sb, v);
		break;
	case IOA_TERMIOS_IN:
	case IOA_TERMIOS_OUT:
		print_termios(dc, v);
		break;
	case IOA_WINSIZE_IN:
	case IOA_WINSIZE_OUT:
		print_winsize(dc, v);
		break;
	case IOA_HEX:
		strbuf_addf(dc->sb, "%#" PRIx64, v);
		break;
	}
}

// SPDX-License-Identifier: LGPL-2.1-or-later
/* syswarden - signals: names, sets, sigaction, siginfo, sigaltstack. */
#include "config.h"

#include <inttypes.h>
#include <string.h>

#include "decode/private.h"

const char *decode_signame(int sig, char *buf, size_t size)
{
	const char *abbrev;

	/* strace's names for the real-time signals (kernel numbering). */
	if (sig == 32)
		return util_fmt(buf, size, "SIGRTMIN");
	if (sig > 32 && sig <= 64)
		return util_fmt(buf, size, "SIGRT_%d", sig - 32);
	abbrev = sigabbrev_np(sig);
	if (!abbrev)
		return util_fmt(buf, size, "%d", sig);
	return util_fmt(buf, size, "SIG%s", abbrev);
}

/* A signal by its name in the tracee's ABI, else its number. */
static void print_signo(const struct dcall *dc, uint64_t v)
{
	const char *name = xlat_name(dc->abi, XF_SIGNAL, v);
	char buf[16];

	if (name)
		strbuf_addf(dc->sb, "%s", name);
	else if (v >= 32 && v <= 64)
		strbuf_addf(dc->sb, "%s",
			    decode_signame((int)v, buf, sizeof(buf)));
	else
		strbuf_addf(dc->sb, "%d", (int)(int32_t)v);
}

void dec_signal(struct dcall *dc, unsigned int i, uint64_t v, unsigned int fam)
{
	print_signo(dc, v);
}

static bool sig_is_set(const unsigned char *set, unsigned int sig)
{
	return set[(sig - 1) / 8] & (1u << ((sig - 1) % 8));
}

void print_sigset(struct strbuf *sb, enum sw_abi abi, const unsigned char *set,
		  size_t bytes)
{
	const char *name;
	unsigned int nsig = (unsigned int)bytes * 8, sig, count = 0;
	bool invert, first = true;
	char buf[16];

	for (sig = 1; sig <= nsig; sig++)
		count += sig_is_set(set, sig);
	/* More than half the signals: the ones missing are shorter. */
	invert = count > nsig / 2;
	strbuf_add(sb, invert ? "~[" : "[", invert ? 2 : 1);
	for (sig = 1; sig <= nsig; sig++) {
		if (sig_is_set(set, sig) == invert)
			continue;
		name = xlat_name(abi, XF_SIGNAL, sig);
		if (!name)
			name = decode_signame((int)sig, buf, sizeof(buf));
		strbuf_addf(sb, "%s%s", first ? "" : " ",
			    strncmp(name, "SIG", 3) ? name : name + 3);
		first = false;
	}
	strbuf_add(sb, "]", 1);
}

void dec_sigset(struct dcall *dc, unsigned int i, uint64_t v, unsigned int fam)
{
	unsigned char set[16];
	int k = dcall_arg_index(dc, "sigsetsize");
	uint64_t size = k >= 0 ? dcall_arg(dc, (unsigned int)k) : 8;

	if (size > sizeof(set) || !size || !dcall_read(dc, v, set, size)) {
		print_pointer(dc->sb, v);
		return;
	}
	print_sigset(dc->sb, dc->abi, set, (size_t)size);
}

static void print_handler(const struct dcall *dc, uint64_t h)
{
	static const char *const special[] = { "SIG_DFL", "SIG_IGN" };

	if (h < ARRAY_SIZE(special))
		strbuf_addf(dc->sb, "%s", special[h]);
	else if (h == (dc->wordsize == 4 ? 0xffffffffu : UINT64_MAX))
		strbuf_add(dc->sb, "SIG_ERR", 7);
	else
		strbuf_addf(dc->sb, "%#" PRIx64, h);
}

/*
 * The kernel's struct sigaction for rt_sigaction on all four ABIs:
 * handler, flags, restorer (each a word) and an 8-byte mask.
 */
void dec_sigaction(struct dcall *dc, unsigned int i, uint64_t v,
		   unsigned int fam)
{
	unsigned int w = dc->wordsize;
	unsigned char buf[3 * 8 + 8];
	uint64_t flags, restorer;
	uint64_t restorer_bit;

	if (!dcall_read(dc, v, buf, 3 * w + 8)) {
		print_pointer(dc->sb, v);
		return;
	}
	flags = dcall_word(dc, buf + w);
	restorer = dcall_word(dc, buf + 2 * w);
	strbuf_add(dc->sb, "{sa_handler=", 12);
	print_handler(dc, dcall_word(dc, buf));
	strbuf_add(dc->sb, ", sa_mask=", 10);
	print_sigset(dc->sb, dc->abi, buf + 3 * w, 8);
	strbuf_add(dc->sb, ", sa_flags=", 11);
	xlat_print_flags(dc->sb, dc->abi, XF_SA_FLAGS, flags);
	if (xlat_lookup(dc->abi, "SA_RESTORER", &restorer_bit) == 0 &&
	    (flags & restorer_bit)) {
		strbuf_add(dc->sb, ", sa_restorer=", 14);
		print_pointer(dc->sb, restorer);
	}
	strbuf_add(dc->sb, "}", 1);
}

/* stack_t: ss_sp (word), ss_flags (int), ss_size (word). */
void dec_stack(struct dcall *dc, unsigned int i, uint64_t v, unsigned int fam)
{
	unsigned int w = dc->wordsize;
	unsigned char buf[24];
	uint32_t flags;

	if (!dcall_read(dc, v, buf, 3 * w)) {
		print_pointer(dc->sb, v);
		return;
	}
	memcpy(&flags, buf + w, 4);
	strbuf_add(dc->sb, "{ss_sp=", 7);
	print_pointer(dc->sb, dcall_word(dc, buf));
	strbuf_add(dc->sb, ", ss_flags=", 11);
	xlat_print_flags(dc->sb, dc->abi, XF_SS_FLAGS, flags);
	strbuf_addf(dc->sb, ", ss_size=%" PRIu64 "}",
		    dcall_word(dc, buf + 2 * w));
}

struct code_name {
	int signo; /* 0: any signal */
	int code;
	const char *name;
};

static const struct code_name si_codes[] = {
	{ 0, SI_USER, "SI_USER" },
	{ 0, SI_KERNEL, "SI_KERNEL" },
	{ 0, SI_QUEUE, "SI_QUEUE" },
	{ 0, SI_TIMER, "SI_TIMER" },
	{ 0, SI_MESGQ, "SI_MESGQ" },
	{ 0, SI_ASYNCIO, "SI_ASYNCIO" },
	{ 0, SI_SIGIO, "SI_SIGIO" },
	{ 0, SI_TKILL, "SI_TKILL" },
	{ SIGCHLD, CLD_EXITED, "CLD_EXITED" },
	{ SIGCHLD, CLD_KILLED, "CLD_KILLED" },
	{ SIGCHLD, CLD_DUMPED, "CLD_DUMPED" },
	{ SIGCHLD, CLD_TRAPPED, "CLD_TRAPPED" },
	{ SIGCHLD, CLD_STOPPED, "CLD_STOPPED" },
	{ SIGCHLD, CLD_CONTINUED, "CLD_CONTINUED" },
	{ SIGSEGV, SEGV_MAPERR, "SEGV_MAPERR" },
	{ SIGSEGV, SEGV_ACCERR, "SEGV_ACCERR" },
	{ SIGBUS, BUS_ADRALN, "BUS_ADRALN" },
	{ SIGBUS, BUS_ADRERR, "BUS_ADRERR" },
	{ SIGBUS, BUS_OBJERR, "BUS_OBJERR" },
	{ SIGILL, ILL_ILLOPC, "ILL_ILLOPC" },
	{ SIGILL, ILL_ILLOPN, "ILL_ILLOPN" },
	{ SIGILL, ILL_PRVOPC, "ILL_PRVOPC" },
	{ SIGFPE, FPE_INTDIV, "FPE_INTDIV" },
	{ SIGFPE, FPE_FLTDIV, "FPE_FLTDIV" },
	{ SIGTRAP, TRAP_BRKPT, "TRAP_BRKPT" },
	{ SIGTRAP, TRAP_TRACE, "TRAP_TRACE" },
	{ SIGSYS, 1, "SYS_SECCOMP" },
};

static void print_si_code(struct strbuf *sb, const siginfo_t *si)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(si_codes); i++) {
		const struct code_name *c = &si_codes[i];

		if (c->code != si->si_code)
			continue;
		/* Signal-specific codes are positive; generic ones not. */
		if (c->signo ? c->signo == si->si_signo
			     : si->si_code <= 0 || si->si_code == SI_KERNEL) {
			strbuf_addf(sb, "%s", c->name);
			return;
		}
	}
	strbuf_addf(sb, "%d", si->si_code);
}

/* A time in clock ticks (USER_HZ, 100 a second on Linux), followed when
 * it is not 0 by strace's comment giving it in seconds (1.44 s). */
static void print_clock(struct strbuf *sb, const char *name, long ticks)
{
	strbuf_addf(sb, ", %s=%ld", name, ticks);
	if (ticks > 0)
		strbuf_addf(sb, " /* %ld.%02ld s */", ticks / 100, ticks % 100);
}

void decode_siginfo(struct strbuf *sb, const siginfo_t *si)
{
	char name[16];

	strbuf_addf(sb, "{si_signo=%s, si_code=",
		    decode_signame(si->si_signo, name, sizeof(name)));
	print_si_code(sb, si);
	if (si->si_code <= 0 && si->si_code != SI_KERNEL) {
		strbuf_addf(sb, ", si_pid=%d, si_uid=%u", (int)si->si_pid,
			    (unsigned int)si->si_uid);
		if (si->si_code == SI_QUEUE || si->si_code == SI_TIMER)
			strbuf_addf(sb, ", si_int=%d", si->si_int);
	} else if (si->si_signo == SIGCHLD) {
		strbuf_addf(sb, ", si_pid=%d, si_uid=%u, si_status=",
			    (int)si->si_pid, (unsigned int)si->si_uid);
		if (si->si_code == CLD_EXITED)
			strbuf_addf(sb, "%d", si->si_status);
		else
			strbuf_addf(
			    sb, "%s",
			    decode_signame(si->si_status, name, sizeof(name)));
		print_clock(sb, "si_utime", (long)si->si_utime);
		print_clock(sb, "si_stime", (long)si->si_stime);
	} else if (si->si_signo == SIGSEGV || si->si_signo == SIGBUS ||
		   si->si_signo == SIGILL || si->si_signo == SIGFPE) {
		strbuf_addf(sb, ", si_addr=");
		print_pointer(sb, (uint64_t)(uintptr_t)si->si_addr);
	}
	strbuf_add(sb, "}", 1);
}

/* A siginfo argument (waitid's, rt_sigtimedwait's...), read at once.
 * The 64-bit ABIs share the host's layout; compat_siginfo (i386, arm)
 * is shown as its address for now. */
void dec_siginfo(struct dcall *dc, unsigned int i, uint64_t v, unsigned int fam)
{
	siginfo_t si;

	if (dc->wordsize != sizeof(long) || !v ||
	    !dcall_read(dc, v, &si, sizeof(si))) {
		print_pointer(dc->sb, v);
		return;
	}
	decode_siginfo(dc->sb, &si);
}

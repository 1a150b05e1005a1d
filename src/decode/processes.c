// SPDX-License-Identifier: LGPL-2.1-or-later
/* syswarden - processes: execve, clone, wait, limits, futex, uname. */
#include "config.h"

#include <inttypes.h>
#include <limits.h>
#include <string.h>

#include "decode/private.h"

/* Pointers of an argument vector read at once. */
#define VEC_CHUNK 64

/*
 * Reads the pointer vector at @v, up to @max entries (fewer at its NULL),
 * into @ptrs; returns how many, or -1 when it cannot be read.
 */
static int read_vector(const struct dcall *dc, uint64_t v, uint64_t *ptrs,
		       unsigned int max, bool *ended)
{
	unsigned char raw[VEC_CHUNK * 8];
	unsigned int n = 0, k, got;
	ssize_t r;

	*ended = false;
	while (n < max) {
		unsigned int want = max - n < VEC_CHUNK ? max - n : VEC_CHUNK;

		r = dcall_read_some(dc, v + (uint64_t)n * dc->wordsize, raw,
				    want * dc->wordsize);
		if (r < (ssize_t)dc->wordsize)
			return n ? (int)n : -1;
		got = (unsigned int)r / dc->wordsize;
		for (k = 0; k < got; k++) {
			ptrs[n] = dcall_word(dc, raw + k * dc->wordsize);
			if (!ptrs[n]) {
				*ended = true;
				return (int)n;
			}
			n++;
		}
		if (got < want)
			break;
	}
	return (int)n;
}

/* ["ls", "-la"]: at most -s strings, then "...".  The vector is read
 * a chunk at a time, whatever -s says. */
void dec_argv(struct dcall *dc, unsigned int i, uint64_t v, unsigned int fam)
{
	/* (with -v, every string, as strace shows them unabbreviated) */
	unsigned int max = dc->ctx->verbose ? UINT_MAX : dc->ctx->string_limit;
	unsigned int done = 0;
	uint64_t ptrs[VEC_CHUNK];
	bool ended = false;
	int n, k;

	n = v ? read_vector(dc, v, ptrs, VEC_CHUNK, &ended) : -1;
	if (n < 0) {
		print_pointer(dc->sb, v);
		return;
	}
	strbuf_add(dc->sb, "[", 1);
	for (;;) {
		for (k = 0; k < n && done < max; k++, done++) {
			if (done)
				strbuf_add(dc->sb, ", ", 2);
			print_string_max(dc, ptrs[k], dc->ctx->string_limit);
		}
		if (done == max && (k < n || !ended)) {
			if (k < n ||
			    read_vector(dc, v + (uint64_t)done * dc->wordsize,
					ptrs, 1, &ended) > 0)
				strbuf_add(dc->sb, ", ...", 5);
			break;
		}
		if (ended || n < VEC_CHUNK)
			break;
		n = read_vector(dc, v + (uint64_t)done * dc->wordsize, ptrs,
				VEC_CHUNK, &ended);
		if (n <= 0)
			break;
	}
	strbuf_add(dc->sb, "]", 1);
}

/* The environment: its address and how many variables it holds. */
void dec_envp(struct dcall *dc, unsigned int i, uint64_t v, unsigned int fam)
{
	uint64_t ptrs[VEC_CHUNK];
	unsigned int count = 0;
	bool ended = false;
	int n;

	if (dc->ctx->verbose) { /* -v: the strings, as argv's */
		dec_argv(dc, i, v, fam);
		return;
	}
	print_pointer(dc->sb, v);
	while (v && !ended) {
		n = read_vector(dc, v + (uint64_t)count * dc->wordsize, ptrs,
				VEC_CHUNK, &ended);
		if (n < 0)
			return;
		count += (unsigned int)n;
		if (!ended && n < VEC_CHUNK)
			return;
	}
	if (v)
		strbuf_addf(dc->sb, " /* %u var%s */", count,
			    count == 1 ? "" : "s");
}

static bool clone_has(const struct dcall *dc, uint64_t flags, const char *name)
{
	uint64_t bit;

	return xlat_lookup(dc->abi, name, &bit) == 0 && (flags & bit);
}

static void clone_ptr(struct dcall *dc, const char *label, const char *arg)
{
	int k = dcall_arg_index(dc, arg);

	if (k < 0)
		return;
	strbuf_addf(dc->sb, ", %s=", label);
	print_pointer(dc->sb, dcall_arg(dc, (unsigned int)k));
}

/*
 * clone: named arguments in strace's order, each only where a flag says
 * the kernel reads it.  The arguments are found by name: their order
 * differs between ABIs (CONFIG_CLONE_BACKWARDS).
 */
void dec_clone(struct dcall *dc, unsigned int i, uint64_t v, unsigned int fam)
{
	int fk = dcall_arg_index(dc, "clone_flags");
	int sk = dcall_arg_index(dc, "newsp");
	uint64_t flags = fk >= 0 ? dcall_arg(dc, (unsigned int)fk) : 0;
	uint64_t sig = flags & 0xff;
	const char *tls = dcall_arg_index(dc, "tls") >= 0 ? "tls" : "tls_val";

	if (dc->wordsize == 4)
		flags &= 0xffffffffu;
	strbuf_add(dc->sb, "child_stack=", 12);
	print_pointer(dc->sb, sk >= 0 ? dcall_arg(dc, (unsigned int)sk) : 0);
	strbuf_add(dc->sb, ", flags=", 8);
	if (flags & ~(uint64_t)0xff) {
		xlat_print_flags(dc->sb, dc->abi, XF_CLONE,
				 flags & ~(uint64_t)0xff);
		if (sig)
			strbuf_add(dc->sb, "|", 1);
	}
	if (sig)
		dec_signal(dc, 0, sig, 0);
	else if (!(flags & ~(uint64_t)0xff))
		strbuf_add(dc->sb, "0", 1);
	if (clone_has(dc, flags, "CLONE_PARENT_SETTID") ||
	    clone_has(dc, flags, "CLONE_PIDFD"))
		clone_ptr(dc, "parent_tid", "parent_tidptr");
	if (clone_has(dc, flags, "CLONE_SETTLS"))
		clone_ptr(dc, "tls", tls);
	if (clone_has(dc, flags, "CLONE_CHILD_SETTID") ||
	    clone_has(dc, flags, "CLONE_CHILD_CLEARTID"))
		clone_ptr(dc, "child_tidptr", "child_tidptr");
}

/* struct clone_args (include/uapi/linux/sched.h): 64-bit members on
 * every ABI.  At exit, with the tid the kernel wrote for the parent. */
void dec_clone_args(struct dcall *dc, unsigned int i, uint64_t v,
		    unsigned int fam)
{
	uint64_t a[8]; /* flags ... tls */
	uint64_t size = dcall_arg(dc, 1);
	int32_t ptid;

	if (size < sizeof(a) || !dcall_read(dc, v, a, sizeof(a))) {
		print_pointer(dc->sb, v);
		return;
	}
	strbuf_add(dc->sb, "{flags=", 7);
	xlat_print_flags(dc->sb, dc->abi, XF_CLONE, a[0]);
	if (clone_has(dc, a[0], "CLONE_PIDFD"))
		strbuf_addf(dc->sb, ", pidfd=%#" PRIx64, a[1]);
	if (clone_has(dc, a[0], "CLONE_CHILD_SETTID") ||
	    clone_has(dc, a[0], "CLONE_CHILD_CLEARTID"))
		strbuf_addf(dc->sb, ", child_tid=%#" PRIx64, a[2]);
	if (clone_has(dc, a[0], "CLONE_PARENT_SETTID"))
		strbuf_addf(dc->sb, ", parent_tid=%#" PRIx64, a[3]);
	strbuf_add(dc->sb, ", exit_signal=", 14);
	if (a[4])
		dec_signal(dc, 0, a[4], 0);
	else
		strbuf_add(dc->sb, "0", 1);
	strbuf_addf(dc->sb, ", stack=%#" PRIx64 ", stack_size=%#" PRIx64, a[5],
		    a[6]);
	if (clone_has(dc, a[0], "CLONE_SETTLS"))
		strbuf_addf(dc->sb, ", tls=%#" PRIx64, a[7]);
	strbuf_add(dc->sb, "}", 1);
	if (clone_has(dc, a[0], "CLONE_PARENT_SETTID") &&
	    dcall_read(dc, a[3], &ptid, sizeof(ptid)))
		strbuf_addf(dc->sb, " => {parent_tid=[%d]}", ptid);
}

/* -1 ("leave unchanged") at the id's width: 16 bits for old_uid_t. */
void dec_id(struct dcall *dc, unsigned int i, uint64_t v, unsigned int fam)
{
	const char *type = dc->ev->sc->args[i].type;

	if ((uint32_t)v == UINT32_MAX ||
	    (strstr(type, "old_") && (uint16_t)v == UINT16_MAX))
		strbuf_add(dc->sb, "-1", 2);
	else
		strbuf_addf(dc->sb, "%u", (unsigned int)v);
}

/* A wait status as strace writes it (the W* macros of <sys/wait.h>,
 * whose encoding is the kernel's, kernel/exit.c). */
void dec_wait_status(struct dcall *dc, unsigned int i, uint64_t v,
		     unsigned int fam)
{
	int32_t s;
	char buf[16];

	if (!dc->ev->ret || !dcall_read(dc, v, &s, sizeof(s))) {
		print_pointer(dc->sb, v);
		return;
	}
	if ((s & 0x7f) == 0)
		strbuf_addf(dc->sb, "[{WIFEXITED(s) && WEXITSTATUS(s) == %d}]",
			    (s >> 8) & 0xff);
	else if ((s & 0xff) == 0x7f)
		strbuf_addf(dc->sb, "[{WIFSTOPPED(s) && WSTOPSIG(s) == %s}]",
			    decode_signame((s >> 8) & 0xff, buf, sizeof(buf)));
	else if (s == 0xffff)
		strbuf_add(dc->sb, "[{WIFCONTINUED(s)}]", 19);
	else
		strbuf_addf(dc->sb, "[{WIFSIGNALED(s) && WTERMSIG(s) == %s%s}]",
			    decode_signame(s & 0x7f, buf, sizeof(buf)),
			    s & 0x80 ? " && WCOREDUMP(s)" : "");
}

static void print_rlim64(struct strbuf *sb, uint64_t v)
{
	if (v == UINT64_MAX)
		strbuf_add(sb, "RLIM64_INFINITY", 15);
	else if (v > 1024 && v % 1024 == 0)
		strbuf_addf(sb, "%" PRIu64 "*1024", v / 1024);
	else
		strbuf_addf(sb, "%" PRIu64, v);
}

/* struct rlimit64: two 64-bit limits on every ABI. */
void dec_rlimit64(struct dcall *dc, unsigned int i, uint64_t v,
		  unsigned int fam)
{
	uint64_t lim[2];

	if (!dcall_read(dc, v, lim, sizeof(lim))) {
		print_pointer(dc->sb, v);
		return;
	}
	strbuf_add(dc->sb, "{rlim_cur=", 10);
	print_rlim64(dc->sb, lim[0]);
	strbuf_add(dc->sb, ", rlim_max=", 11);
	print_rlim64(dc->sb, lim[1]);
	strbuf_add(dc->sb, "}", 1);
}

/* struct rlimit: two words of the ABI; all ones is RLIM_INFINITY. */
void dec_rlimit(struct dcall *dc, unsigned int i, uint64_t v, unsigned int fam)
{
	static const char *const names[] = { "rlim_cur", "rlim_max" };
	unsigned int w = dc->wordsize, k;
	uint64_t inf = w == 4 ? UINT32_MAX : UINT64_MAX, lim;
	unsigned char b[16];

	if (!dcall_read(dc, v, b, 2 * w)) {
		print_pointer(dc->sb, v);
		return;
	}
	for (k = 0; k < 2; k++) {
		lim = dcall_word(dc, b + k * w);
		strbuf_addf(dc->sb, "%s%s=", k ? ", " : "{", names[k]);
		if (lim == inf)
			strbuf_add(dc->sb, "RLIM_INFINITY", 13);
		else
			print_rlim64(dc->sb, lim);
	}
	strbuf_add(dc->sb, "}", 1);
}

/* sched_getaffinity: the CPUs of the mask the call wrote, "[0 1]". */
void dec_cpuset(struct dcall *dc, unsigned int i, uint64_t v, unsigned int fam)
{
	unsigned char mask[128];
	size_t len = dc->ev->ret > 0 ? (size_t)dc->ev->ret : 0;
	bool first = true;
	size_t cpu;

	if (len > sizeof(mask) || !dcall_read(dc, v, mask, len)) {
		print_pointer(dc->sb, v);
		return;
	}
	strbuf_add(dc->sb, "[", 1);
	for (cpu = 0; cpu < len * 8; cpu++)
		if (mask[cpu / 8] & (1u << (cpu % 8))) {
			strbuf_addf(dc->sb, "%s%zu", first ? "" : " ", cpu);
			first = false;
		}
	strbuf_add(dc->sb, "]", 1);
}

/* struct new_utsname: six fields of 65 bytes; abbreviated without -v. */
void dec_utsname(struct dcall *dc, unsigned int i, uint64_t v, unsigned int fam)
{
	char u[2 * 65];

	if (!dcall_read(dc, v, u, sizeof(u))) {
		print_pointer(dc->sb, v);
		return;
	}
	u[64] = u[129] = '\0';
	strbuf_add(dc->sb, "{sysname=", 9);
	decode_quoted(dc->sb, u, strlen(u), false);
	strbuf_add(dc->sb, ", nodename=", 11);
	decode_quoted(dc->sb, u + 65, strlen(u + 65), false);
	strbuf_add(dc->sb, ", ...}", 6);
}

/* struct sysinfo: words, but procs (u16) and mem_unit (u32). */
void dec_sysinfo(struct dcall *dc, unsigned int i, uint64_t v, unsigned int fam)
{
	static const char *const words[] = {
		"totalram",  "freeram",	  "sharedram",
		"bufferram", "totalswap", "freeswap",
	};
	unsigned int w = dc->wordsize;
	unsigned char b[14 * 8];
	uint16_t procs;
	uint32_t unit;
	size_t k;

	if (!dcall_read(dc, v, b, 14 * w)) {
		print_pointer(dc->sb, v);
		return;
	}
	memcpy(&procs, b + 10 * w, 2);
	memcpy(&unit, b + 13 * w, 4);
	strbuf_addf(dc->sb,
		    "{uptime=%" PRId64 ", loads=[%" PRIu64 ", %" PRIu64
		    ", %" PRIu64 "]",
		    (int64_t)dcall_word(dc, b), dcall_word(dc, b + w),
		    dcall_word(dc, b + 2 * w), dcall_word(dc, b + 3 * w));
	for (k = 0; k < ARRAY_SIZE(words); k++)
		strbuf_addf(dc->sb, ", %s=%" PRIu64, words[k],
			    dcall_word(dc, b + (4 + k) * w));
	strbuf_addf(dc->sb,
		    ", procs=%u, totalhigh=%" PRIu64 ", freehigh=%" PRIu64
		    ", mem_unit=%u}",
		    procs, dcall_word(dc, b + 11 * w),
		    dcall_word(dc, b + 12 * w), unit);
}

/* futex op numbers (include/uapi/linux/futex.h, the same on every ABI). */
#define FUTEX_CMD_MASK 0x7f
#define FUTEX_CLOCK_RT 256

/* futex: only the arguments its operation reads, as strace shows them. */
void dec_futex(struct dcall *dc, unsigned int i, uint64_t v, unsigned int fam)
{
	uint64_t op = dcall_arg(dc, 1) & 0xffffffffu;
	uint64_t cmd = op & FUTEX_CMD_MASK;
	const char *name =
	    xlat_name(dc->abi, XF_FUTEX_OP, op & ~FUTEX_CLOCK_RT);

	print_pointer(dc->sb, dcall_arg(dc, 0));
	strbuf_add(dc->sb, ", ", 2);
	if (name)
		strbuf_addf(dc->sb, "%s%s", name,
			    op & FUTEX_CLOCK_RT ? "|FUTEX_CLOCK_REALTIME" : "");
	else
		strbuf_addf(dc->sb, "%#" PRIx64, op);
	strbuf_addf(dc->sb, ", %u", (unsigned int)dcall_arg(dc, 2));
	switch (cmd) {
	case 0: /* FUTEX_WAIT */
		strbuf_add(dc->sb, ", ", 2);
		dec_timespec(dc, 3, dcall_arg(dc, 3), 0);
		break;
	case 9: /* FUTEX_WAIT_BITSET */
		strbuf_add(dc->sb, ", ", 2);
		dec_timespec(dc, 3, dcall_arg(dc, 3), 0);
		if ((uint32_t)dcall_arg(dc, 5) == 0xffffffffu)
			strbuf_add(dc->sb, ", FUTEX_BITSET_MATCH_ANY", 24);
		else
			strbuf_addf(dc->sb, ", %#x",
				    (unsigned int)dcall_arg(dc, 5));
		break;
	case 1: /* FUTEX_WAKE */
	case 7: /* FUTEX_UNLOCK_PI */
		break;
	default:
		strbuf_add(dc->sb, ", ", 2);
		print_pointer(dc->sb, dcall_arg(dc, 3));
		strbuf_add(dc->sb, ", ", 2);
		print_pointer(dc->sb, dcall_arg(dc, 4));
		strbuf_addf(dc->sb, ", %u", (unsigned int)dcall_arg(dc, 5));
		break;
	}
}

/*
 * struct rusage (compat_rusage on a 32-bit ABI): two timevals, then
 * fourteen longs, every member a word of the ABI; read at once.  strace
 * shows the two times, and the rest with -v.
 */
void dec_rusage(struct dcall *dc, unsigned int i, uint64_t v, unsigned int fam)
{
	static const char *const longs[] = {
		"maxrss", "ixrss",    "idrss",	 "isrss",   "minflt",
		"majflt", "nswap",    "inblock", "oublock", "msgsnd",
		"msgrcv", "nsignals", "nvcsw",	 "nivcsw",
	};
	unsigned int w = dc->wordsize;
	unsigned char ru[18 * 8];
	int64_t f[18];
	size_t k;

	if (!dcall_read(dc, v, ru, 18 * w)) {
		print_pointer(dc->sb, v);
		return;
	}
	for (k = 0; k < 18; k++) {
		f[k] = (int64_t)dcall_word(dc, ru + k * w);
		if (w == 4)
			f[k] = (int32_t)f[k];
	}
	strbuf_addf(dc->sb,
		    "{ru_utime={tv_sec=%" PRId64 ", tv_usec=%" PRId64 "}, "
		    "ru_stime={tv_sec=%" PRId64 ", tv_usec=%" PRId64 "}",
		    f[0], f[1], f[2], f[3]);
	for (k = 0; dc->ctx->verbose && k < ARRAY_SIZE(longs); k++)
		strbuf_addf(dc->sb, ", ru_%s=%" PRId64, longs[k], f[4 + k]);
	strbuf_add(dc->sb, dc->ctx->verbose ? "}" : ", ...}",
		   dc->ctx->verbose ? 1 : 6);
}

/* An int the kernel reads or writes, as strace shows it: [0].  struct
 * sched_param is one int, the priority. */
void dec_int_ptr(struct dcall *dc, unsigned int i, uint64_t v, unsigned int fam)
{
	int32_t n;

	if (v && dcall_read(dc, v, &n, sizeof(n)))
		strbuf_addf(dc->sb, "[%d]", (int)n);
	else
		print_pointer(dc->sb, v);
}

/* sched_getscheduler's result: "0 (SCHED_OTHER)". */
void dec_sched_policy_ret(struct dcall *dc, unsigned int i, uint64_t v,
			  unsigned int fam)
{
	const char *name = xlat_name(dc->abi, XF_SCHED_POLICY, v & 0xffffffffu);

	decode_retval(dc->sb, dc->ev, false);
	if (name)
		strbuf_addf(dc->sb, " (%s)", name);
}

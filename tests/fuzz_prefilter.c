// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The filter-on/off differential fuzzer (issue 15): the trace of a random
 * -e trace= selection must be the same with the kernel filter
 * (--seccomp=on) as without it (--seccomp=off), on helpers/boundcalls.c,
 * which makes calls with boundary values.  Selections cover every
 * operator, negation, nesting, ranges and masks, on 32- and 64-bit
 * arguments, with boundary constants.  A fixed list of selections that
 * failed before runs first.
 *
 *   fuzz_prefilter [-i] SYSWARDEN HELPER [-s SEED] [-n ITERATIONS]
 *                  [-t SECONDS]
 *
 * FUZZ_SEED and FUZZ_ITERATIONS in the environment override -s and -n.
 * Exits 0 when every run agrees, 1 on a mismatch or a hang (printing the
 * seed, the selection and the first differing lines), 77 when HELPER
 * cannot be executed here (an i386 helper on a kernel without IA-32
 * emulation).  Plain libc: it may be linked statically and copied into a
 * VM.  Runs are made with address randomisation off, so that the two
 * traces of a run print the same addresses.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* The helper's calls and the arguments a condition may name (pointers
 * too: they compare as numbers). */
static const struct {
	const char *name;
	const char *args[6];
} calls[] = {
	{ "write", { "fd", "count" } },
	{ "read", { "fd", "count" } },
	{ "lseek", { "fd", "offset", "whence" } },
	{ "pread64", { "fd", "count", "pos" } },
	{ "mprotect", { "start", "len", "prot" } },
	{ "prctl", { "option", "arg2", "arg3", "arg4", "arg5" } },
	{ "io_setup", { "nr_events" } },
	{ "mknodat", { "dfd", "mode", "dev" } },
	{ "landlock_add_rule", { "ruleset_fd", "rule_type", "flags" } },
	{ "fcntl", { "fd", "cmd", "arg" } },
	{ "semop", { "semid", "nsops" } },
};

/* Constants for conditions: the helper's bounds and their neighbours. */
static const uint64_t consts[] = {
	0,
	1,
	2,
	3,
	4,
	5,
	6,
	0x7f,
	0x80,
	0xff,
	0x100,
	1000,
	4096,
	0x7ffffffe,
	0x7fffffff,
	0x80000000,
	0x80000001,
	0xfffffffe,
	0xffffffff,
	0x100000000ull,
	0x100000001ull,
	0x100000005ull,
	0xffffffff00000005ull,
	0x7fffffffffffffffull,
	0x8000000000000000ull,
	0xfffffffffffffffeull,
	0xffffffffffffffffull,
};

/* Selections that failed before (issue 15), run first. */
static const char *const regressions[] = {
	"write(count & 1 != 2)",
	"write(count & 1 == 3)",
	"prctl(arg4 in 1..0x100000000)",
	"prctl(arg2 in 1..0x100000000 || arg3 in 0x100000000..-1)",
	"io_setup(nr_events == 5)",
	"semop(nsops == 1)",
	"mknodat(dev == 5 || mode == 5)",
	"landlock_add_rule(rule_type == 1 && flags != 5)",
	"mprotect(!(prot & 0x100000001) || len == 5)",
	"lseek(whence < 3),fcntl(cmd == 1)",
};

static uint64_t rng;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static unsigned int pick(unsigned int n)
{
	return (unsigned int)(next() % n);
}

struct buf {
	char s[4096];
	size_t n;
};

static void add(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void add(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->n >= sizeof(b->s))
		return;
	va_start(ap, fmt);
	n = vsnprintf(b->s + b->n, sizeof(b->s) - b->n, fmt, ap);
	va_end(ap);
	b->n += n > 0 ? (size_t)n : 0;
	if (b->n >= sizeof(b->s))
		b->n = sizeof(b->s) - 1;
}

/* A constant, at times one off, in decimal, hex or as a negative. */
static void add_const(struct buf *b)
{
	uint64_t v = consts[pick(ARRAY_SIZE(consts))];

	switch (pick(4)) {
	case 0:
		add(b, "%" PRIu64, v);
		break;
	case 1:
		add(b, "%#" PRIx64, v);
		break;
	case 2:
		if ((int64_t)v < 0 && v != 0x8000000000000000ull) {
			add(b, "-%" PRIu64, -v);
			break;
		}
		/* fall through */
	default:
		add(b, "%#" PRIx64, v + (pick(2) ? 1 : -1));
	}
}

static void add_literal(struct buf *b, const char *arg)
{
	static const char *const cmps[] = { "==", "!=", "<", "<=", ">", ">=" };

	switch (pick(5)) {
	case 0:
	case 1:
		add(b, "%s %s ", arg, cmps[pick(ARRAY_SIZE(cmps))]);
		add_const(b);
		break;
	case 2:
		add(b, "%s in ", arg);
		add_const(b);
		add(b, "..");
		add_const(b);
		break;
	case 3:
		add(b, "%s & ", arg);
		add_const(b);
		break;
	default:
		add(b, "%s & ", arg);
		add_const(b);
		add(b, pick(2) ? " == " : " != ");
		add_const(b);
	}
}

static unsigned int nargs(unsigned int call)
{
	unsigned int n = 0;

	while (n < 6 && calls[call].args[n])
		n++;
	return n;
}

static void add_cond(struct buf *b, unsigned int call, unsigned int depth)
{
	unsigned int kind = depth ? pick(6) : 0;

	if (kind >= 3)
		kind = 0;
	switch (kind) {
	case 0:
		add_literal(b, calls[call].args[pick(nargs(call))]);
		break;
	case 1:
		add(b, "!(");
		add_cond(b, call, depth - 1);
		add(b, ")");
		break;
	default:
		add(b, "(");
		add_cond(b, call, depth - 1);
		add(b, pick(2) ? " && " : " || ");
		add_cond(b, call, depth - 1);
		add(b, ")");
	}
}

/* A random selection of one to four of the helper's calls (one may come
 * twice: its conditions are then ORed), nested up to four levels. */
static void random_selection(struct buf *b)
{
	unsigned int n = 1 + pick(4), i;

	b->n = 0;
	b->s[0] = '\0';
	for (i = 0; i < n; i++) {
		unsigned int call = pick(ARRAY_SIZE(calls));

		add(b, "%s%s", i ? "," : "", calls[call].name);
		if (pick(5)) {
			add(b, "(");
			add_cond(b, call, pick(5));
			add(b, ")");
		}
	}
}

struct outcome {
	int status; /* wait status; -1 for a hang */
	char *trace, *err;
};

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "re");
	char *s = NULL;
	size_t n = 0;

	if (!f)
		return strdup("");
	if (getdelim(&s, &n, '\0', f) < 0) {
		free(s);
		s = strdup("");
	}
	fclose(f);
	return s;
}

static char trace_path[64], err_path[64];

/* Runs syswarden --seccomp=@mode -e trace=@sel @helper, killing it after
 * @timeout seconds. */
static void run(const char *sw, const char *helper, const char *mode,
		const char *sel, unsigned int timeout, struct outcome *o)
{
	char set[sizeof(((struct buf *)0)->s) + 8];
	int status = 0;
	unsigned int ms;
	pid_t pid, got = 0;

	snprintf(set, sizeof(set), "trace=%s", sel);
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR),
		    err = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

		dup2(null, 0);
		dup2(null, 1);
		dup2(err, 2);
		personality(ADDR_NO_RANDOMIZE);
		execl(sw, sw, "-o", trace_path, mode, "-e", set, helper,
		      (char *)NULL);
		_exit(127);
	}
	for (ms = 0; pid > 0 && ms < timeout * 1000 && got == 0; ms += 10) {
		got = waitpid(pid, &status, WNOHANG);
		if (got == 0)
			usleep(10000);
	}
	if (pid > 0 && got == 0) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		status = -1;
	}
	o->status = pid > 0 ? status : -2;
	o->trace = slurp(trace_path);
	o->err = slurp(err_path);
	unlink(trace_path);
}

static void outcome_free(struct outcome *o)
{
	free(o->trace);
	free(o->err);
}

/* Prints the first line where @a and @b differ. */
static void show_difference(const char *a, const char *b)
{
	int line = 1;
	const char *ea, *eb;

	while (*a && *b) {
		ea = strchrnul(a, '\n');
		eb = strchrnul(b, '\n');
		if (ea - a != eb - b || memcmp(a, b, (size_t)(ea - a)))
			break;
		a = *ea ? ea + 1 : ea;
		b = *eb ? eb + 1 : eb;
		line++;
	}
	fprintf(stderr, "  line %d\n  on:  %.*s\n  off: %.*s\n", line,
		(int)(strchrnul(a, '\n') - a), a, (int)(strchrnul(b, '\n') - b),
		b);
}

/*
 * One selection: on (or auto, where on refuses this selection with a
 * message) against off.  Returns 0 when they agree, 1 when not.
 */
static int check(const char *sw, const char *helper, const char *sel,
		 unsigned int timeout, uint64_t seed, unsigned long iter)
{
	struct outcome on, off;
	const char *mode = "--seccomp=on";
	int bad;

	run(sw, helper, mode, sel, timeout, &on);
	if (on.status >= 0 && WIFEXITED(on.status) &&
	    WEXITSTATUS(on.status) == 1 && strstr(on.err, "--seccomp=on: ")) {
		outcome_free(&on);
		mode = "--seccomp=auto";
		run(sw, helper, mode, sel, timeout, &on);
	}
	run(sw, helper, "--seccomp=off", sel, timeout, &off);
	bad = on.status != off.status || strcmp(on.trace, off.trace) ||
	      on.status < 0;
	if (bad) {
		fprintf(stderr,
			"fuzz_prefilter: MISMATCH seed %" PRIu64
			" iteration %lu\n  -e 'trace=%s'\n  %s status %#x, "
			"--seccomp=off status %#x%s\n",
			seed, iter, sel, mode, on.status, off.status,
			on.status == -1 || off.status == -1 ? " (hang)" : "");
		show_difference(on.trace, off.trace);
		if (*on.err)
			fprintf(stderr, "  %s stderr: %s", mode, on.err);
	}
	outcome_free(&on);
	outcome_free(&off);
	return bad;
}

/* 77 when i386 @helper was not built or cannot be executed here, with
 * the reason. */
static int helper_runs(const char *helper, bool i386)
{
	int status, null;
	pid_t pid;

	if (i386 && access(helper, X_OK) < 0) {
		printf("SKIP: %s was not built: the compiler cannot link -m32 "
		       "(scripts/setup installs gcc-12-multilib)\n",
		       helper);
		return 77;
	}
	pid = fork();

	if (pid == 0) {
		null = open("/dev/null", O_RDWR);
		dup2(null, 1);
		dup2(null, 2);
		execl(helper, helper, (char *)NULL);
		_exit(errno == ENOEXEC ? 77 : 126);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return 1;
	if (i386 && WIFEXITED(status) && WEXITSTATUS(status) == 77) {
		printf("SKIP: this kernel cannot run %s (exec gives ENOEXEC: "
		       "IA-32 emulation is off)\n",
		       helper);
		return 77;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		fprintf(stderr, "fuzz_prefilter: %s fails by itself (%#x)\n",
			helper, status);
		return 1;
	}
	return 0;
}

static void usage(void)
{
	fputs("usage: fuzz_prefilter [-i] SYSWARDEN HELPER [-s SEED] "
	      "[-n ITERATIONS] [-t SECONDS]\n"
	      "  -i: HELPER is an i386 build (skipped where it cannot run)\n"
	      "  FUZZ_SEED and FUZZ_ITERATIONS in the environment override "
	      "-s and -n\n",
	      stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	const char *e_seed = getenv("FUZZ_SEED"),
		   *e_n = getenv("FUZZ_ITERATIONS");
	uint64_t seed =
	    e_seed ? strtoull(e_seed, NULL, 0) : (uint64_t)time(NULL);
	unsigned long n = e_n ? strtoul(e_n, NULL, 0) : 100, i, fails = 0;
	unsigned int timeout = 30;
	struct buf sel;
	bool i386 = false;
	int opt, r;

	while ((opt = getopt(argc, argv, "is:n:t:")) != -1) {
		if (opt == 'i')
			i386 = true;
		else if (opt == 's')
			seed = strtoull(optarg, NULL, 0);
		else if (opt == 'n')
			n = strtoul(optarg, NULL, 0);
		else if (opt == 't')
			timeout = (unsigned int)strtoul(optarg, NULL, 0);
		else
			usage();
	}
	if (argc - optind != 2)
		usage();
	/* The environment wins over -n and -s: meson passes CI's bound as
	 * -n, and a longer run is then one variable away. */
	if (e_n)
		n = strtoul(e_n, NULL, 0);
	if (e_seed)
		seed = strtoull(e_seed, NULL, 0);
	r = helper_runs(argv[optind + 1], i386);
	if (r)
		return r;
	snprintf(trace_path, sizeof(trace_path), "/tmp/sw-fuzz-%d.trace",
		 (int)getpid());
	snprintf(err_path, sizeof(err_path), "/tmp/sw-fuzz-%d.err",
		 (int)getpid());
	printf("fuzz_prefilter: seed %" PRIu64 ", %lu iterations, %s\n", seed,
	       n, argv[optind + 1]);
	fflush(stdout);
	for (i = 0; i < ARRAY_SIZE(regressions); i++)
		fails += check(argv[optind], argv[optind + 1], regressions[i],
			       timeout, seed, 0);
	rng = seed * 2654435761u + 0x9e3779b97f4a7c15ull;
	for (i = 1; i <= n; i++) {
		random_selection(&sel);
		fails += check(argv[optind], argv[optind + 1], sel.s, timeout,
			       seed, i);
	}
	unlink(err_path);
	printf("fuzz_prefilter: %lu regression cases and %lu random "
	       "selections, %lu mismatches\n",
	       (unsigned long)ARRAY_SIZE(regressions), n, fails);
	return fails ? 1 : 0;
}

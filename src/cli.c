// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * syswarden - the command line: strace's options, table-driven.
 *
 * One row per option, short and long spelling together.  A row either
 * has a handler, or a reason why syswarden does not have the option yet:
 * a strace user gets "syswarden: -T: not yet: ...", never the bare usage
 * text.  The -e qualifiers have a table of their own; their long
 * spellings (--trace=, --status=, ...) share it.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define OBSERVABILITY " come with the observability work"
#define DECODING " come with the decoding work"

void cli_die(const char *fmt, ...)
{
	va_list ap;

	fputs("syswarden: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/* -e QUALIFIER=VALUE */
struct qualifier {
	const char *names[4]; /* the first is the long option's name */
	void (*fn)(struct cli *cli, const char *value, const char *spelled);
	const char *refusal;
};

static void q_trace(struct cli *cli, const char *v, const char *spelled)
{
	(void)spelled;
	cli->trace = v;
}

static void q_raw(struct cli *cli, const char *v, const char *spelled)
{
	(void)spelled;
	cli->decode_sets[SW_DECODE_RAW] = v;
}

static void q_verbose(struct cli *cli, const char *v, const char *spelled)
{
	(void)spelled;
	cli->decode_sets[SW_DECODE_VERBOSE] = v;
}

static void q_abbrev(struct cli *cli, const char *v, const char *spelled)
{
	(void)spelled;
	cli->decode_sets[SW_DECODE_ABBREV] = v;
}

static void q_status(struct cli *cli, const char *v, const char *spelled)
{
	(void)spelled;
	cli->status = v;
}

static void q_signal(struct cli *cli, const char *v, const char *spelled)
{
	(void)spelled;
	cli->signals = v;
}

static void q_read(struct cli *cli, const char *v, const char *spelled)
{
	(void)spelled;
	cli->read_fds = v;
}

static void q_write(struct cli *cli, const char *v, const char *spelled)
{
	(void)spelled;
	cli->write_fds = v;
}

static void add_rule(struct cli *cli, enum sw_rule_kind kind, const char *v,
		     const char *spelled)
{
	if (cli->nrules == CLI_MAX_RULES)
		cli_die("%s: at most %d rules", spelled, CLI_MAX_RULES);
	cli->rules[cli->nrules].kind = kind;
	cli->rules[cli->nrules++].text = v;
}

static void q_inject(struct cli *cli, const char *v, const char *spelled)
{
	add_rule(cli, SW_RULE_INJECT, v, spelled);
}

static void q_fault(struct cli *cli, const char *v, const char *spelled)
{
	add_rule(cli, SW_RULE_FAULT, v, spelled);
}

static const struct {
	const char *names[3];
	unsigned int bits;
} quiet_words[] = {
	{ { "attach" }, CLI_QUIET_ATTACH },
	{ { "exit", "exits" }, CLI_QUIET_EXIT },
	{ { "path-resolution" }, CLI_QUIET_PATH },
	{ { "personality" }, CLI_QUIET_PERSONALITY },
	{ { "thread-execve", "superseded" }, CLI_QUIET_THREAD_EXECVE },
};

#define QUIET_ALL 0x1fu

static unsigned int quiet_word(const char *w, const char *spelled)
{
	size_t i, k;

	if (!strcmp(w, "all"))
		return QUIET_ALL;
	if (!strcmp(w, "none"))
		return 0;
	for (i = 0; i < sizeof(quiet_words) / sizeof(quiet_words[0]); i++)
		for (k = 0; k < 3 && quiet_words[i].names[k]; k++)
			if (!strcmp(w, quiet_words[i].names[k]))
				return quiet_words[i].bits;
	cli_die("%s: no such message kind '%s' (known: attach, exit, "
		"path-resolution, personality, thread-execve, all, none)",
		spelled, w);
}

/* -e quiet=[!]SET: the messages to leave out. */
static void q_quiet(struct cli *cli, const char *v, const char *spelled)
{
	char *copy = strdup(v), *w, *save = NULL;
	bool negate = copy && copy[0] == '!';
	unsigned int bits = 0;

	if (!copy)
		cli_die("out of memory");
	for (w = strtok_r(copy + negate, ",", &save); w;
	     w = strtok_r(NULL, ",", &save))
		bits |= quiet_word(w, spelled);
	free(copy);
	cli->quiet = negate ? QUIET_ALL & ~bits : bits;
}

static const struct qualifier qualifiers[] = {
	{ { "trace", "t" }, q_trace, NULL },
	{ { "status" }, q_status, NULL },
	{ { "signal", "signals", "s" }, q_signal, NULL },
	{ { "quiet", "silent", "silence", "q" }, q_quiet, NULL },
	{ { "read", "reads", "r" }, q_read, NULL },
	{ { "write", "writes", "w" }, q_write, NULL },
	{ { "abbrev", "a" }, q_abbrev, NULL },
	{ { "verbose", "v" }, q_verbose, NULL },
	{ { "raw", "x" }, q_raw, NULL },
	{ { "decode-fds", "decode-fd" }, NULL, "not yet: fd details" DECODING },
	{ { "inject" }, q_inject, NULL },
	{ { "fault" }, q_fault, NULL },
	{ { "kvm" }, NULL, "syswarden does not decode KVM vcpu exits" },
};

static const struct qualifier *find_qualifier(const char *name, size_t len)
{
	size_t i, k;

	for (i = 0; i < sizeof(qualifiers) / sizeof(qualifiers[0]); i++)
		for (k = 0; k < 4 && qualifiers[i].names[k]; k++)
			if (strlen(qualifiers[i].names[k]) == len &&
			    !strncmp(qualifiers[i].names[k], name, len))
				return &qualifiers[i];
	return NULL;
}

static void run_qualifier(struct cli *cli, const struct qualifier *q,
			  const char *value, const char *spelled)
{
	if (q->refusal)
		cli_die("%s: %s", spelled, q->refusal);
	q->fn(cli, value, spelled);
}

/* -e QUALIFIER=VALUE, or a bare trace set ("-e open" means "-e
 * trace=open").  A qualifier is a word: "write(fd == 1)" has an '=' but
 * is a trace set. */
static void parse_qualifier(struct cli *cli, const char *arg)
{
	const char *eq = arg + strspn(arg, "abcdefghijklmnopqrstuvwxyz_-");
	const struct qualifier *q;
	char spelled[64];

	if (eq == arg || *eq != '=') {
		cli->trace = arg;
		return;
	}
	q = find_qualifier(arg, (size_t)(eq - arg));
	if (!q)
		cli_die("-e %s: no such qualifier '%.*s' (known: trace, "
			"status, signal, quiet, read, write, abbrev, verbose, "
			"raw, inject, fault, kvm, decode-fds)",
			arg, (int)(eq - arg), arg);
	snprintf(spelled, sizeof(spelled), "-e %.*s=", (int)(eq - arg), arg);
	run_qualifier(cli, q, eq + 1, spelled);
}

/* An option's row.  @fn gets the argument (or NULL) and the option as
 * the user spelled it, for messages. */
struct option_row {
	const char *lng;
	int shrt;
	int has_arg;
	void (*fn)(struct cli *cli, const char *arg, const char *spelled);
	const char *refusal;
};

/* Counted short flags: -ff, -qq, -DD, -tt... */
static unsigned int nf, nq, nt;
static bool long_stamps; /* --timestamps= was given */

static long number(const char *arg, const char *spelled, long lo, long hi)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno || end == arg || *end || v < lo || v > hi)
		cli_die("%s %s: expected a number from %ld to %ld", spelled,
			arg, lo, hi);
	return v;
}

static void o_output(struct cli *cli, const char *arg, const char *spelled)
{
	(void)spelled;
	cli->outfile = arg;
}

static void o_append(struct cli *cli, const char *arg, const char *spelled)
{
	(void)arg;
	(void)spelled;
	cli->append = true;
}

static void o_strsize(struct cli *cli, const char *arg, const char *spelled)
{
	cli->string_limit = number(arg, spelled, 0, 1 << 20);
}

static void o_qualify(struct cli *cli, const char *arg, const char *spelled)
{
	(void)spelled;
	parse_qualifier(cli, arg);
}

static pid_t pid_of(const char *tok, const char *arg, const char *spelled)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(tok, &end, 10);
	if (errno || end == tok || *end || v <= 0 || v > 0x7fffffff)
		cli_die("%s %s: '%s' is not a process id", spelled, arg, tok);
	return (pid_t)v;
}

static void o_pid(struct cli *cli, const char *arg, const char *spelled)
{
	char *copy = strdup(arg), *tok, *save = NULL;

	if (!copy)
		cli_die("out of memory");
	/* strace takes "-p 1,2" and "-p '1 2'" */
	for (tok = strtok_r(copy, ", \t\n", &save); tok;
	     tok = strtok_r(NULL, ", \t\n", &save)) {
		if (cli->npids == CLI_MAX_PIDS)
			cli_die("%s: at most %d processes", spelled,
				CLI_MAX_PIDS);
		cli->pids[cli->npids++] = pid_of(tok, arg, spelled);
	}
	free(copy);
}

static void o_follow(struct cli *cli, const char *arg, const char *spelled)
{
	(void)cli;
	(void)arg;
	(void)spelled;
	nf++;
}

static void o_separately(struct cli *cli, const char *arg, const char *s)
{
	(void)arg;
	(void)s;
	cli->follow = 2;
}

static void o_arg_names(struct cli *cli, const char *arg, const char *s)
{
	(void)arg;
	(void)s;
	cli->display |= SW_DISPLAY_ARG_NAMES;
}

static void o_json(struct cli *cli, const char *arg, const char *s)
{
	(void)arg;
	(void)s;
	cli->json = true;
}

static void o_timeline(struct cli *cli, const char *arg, const char *s)
{
	(void)s;
	cli->timeline = arg;
}

static void o_verbose(struct cli *cli, const char *arg, const char *s)
{
	(void)arg;
	(void)s;
	cli->display |= SW_DISPLAY_VERBOSE;
}

static void o_numbers(struct cli *cli, const char *arg, const char *s)
{
	(void)arg;
	(void)s;
	cli->display |= SW_DISPLAY_NUMBERS;
}

/* -x, -xx, --strings-in-hex[=non-ascii|all] */
static void o_hex(struct cli *cli, const char *arg, const char *spelled)
{
	if (!arg) {
		cli->display |= cli->display & SW_DISPLAY_HEX
				    ? SW_DISPLAY_HEX_ALL
				    : SW_DISPLAY_HEX;
	} else if (!strcmp(arg, "non-ascii")) {
		cli->display |= SW_DISPLAY_HEX;
	} else if (!strcmp(arg, "all")) {
		cli->display |= SW_DISPLAY_HEX_ALL;
	} else if (!strcmp(arg, "none")) {
		cli->display &= ~(SW_DISPLAY_HEX | SW_DISPLAY_HEX_ALL);
	} else if (!strcmp(arg, "non-ascii-chars")) {
		cli_die(
		    "%s=%s: not yet: hex escapes inside text strings" DECODING,
		    spelled, arg);
	} else {
		cli_die("%s=%s: expected non-ascii, all or none", spelled, arg);
	}
}

/* -y, --decode-fds[=path]; -yy and the other details are not there yet */
static void o_fds(struct cli *cli, const char *arg, const char *spelled)
{
	if (arg && strcmp(arg, "path") && strcmp(arg, "none"))
		cli_die("%s=%s: not yet: only fd paths (path)" DECODING,
			spelled, arg);
	if (arg && !strcmp(arg, "none")) {
		cli->display &= ~SW_DISPLAY_FD_PATHS;
		return;
	}
	if (!arg && (cli->display & SW_DISPLAY_FD_PATHS))
		cli_die("-yy: not yet: socket endpoints and device "
			"numbers" DECODING);
	cli->display |= SW_DISPLAY_FD_PATHS;
}

static void o_columns(struct cli *cli, const char *arg, const char *spelled)
{
	char *end;

	errno = 0;
	cli->align = strtol(arg, &end, 10);
	if (errno || *end || end == arg || cli->align < 0 || cli->align > 1000)
		cli_die("%s %s: expected a column from 0 to 1000", spelled,
			arg);
}

static void o_stack(struct cli *cli, const char *arg, const char *s)
{
	(void)arg;
	(void)s;
	cli->stack |= SW_STACK_ON;
}

static void o_stack_lines(struct cli *cli, const char *arg, const char *s)
{
	(void)arg;
	(void)s;
	cli->stack |= SW_STACK_ON | SW_STACK_LINES;
}

static void o_quiet(struct cli *cli, const char *arg, const char *spelled)
{
	(void)spelled;
	if (arg) { /* --quiet=SET */
		q_quiet(cli, arg, "--quiet");
		return;
	}
	nq++;
	cli->quiet = CLI_QUIET_ATTACH | CLI_QUIET_PERSONALITY;
	if (nq >= 2)
		cli->quiet |= CLI_QUIET_EXIT;
	if (nq >= 3)
		cli->quiet = QUIET_ALL;
}

static void o_successful(struct cli *cli, const char *arg, const char *s)
{
	(void)arg;
	(void)s;
	cli->status = "successful";
}

static void o_failed(struct cli *cli, const char *arg, const char *s)
{
	(void)arg;
	(void)s;
	cli->status = "failed";
}

static void o_env(struct cli *cli, const char *arg, const char *spelled)
{
	if (!*arg || *arg == '=')
		cli_die("%s '%s': expected VAR=VALUE or VAR", spelled, arg);
	if (cli->nenv == CLI_MAX_ENV)
		cli_die("%s: at most %d variables", spelled, CLI_MAX_ENV);
	cli->env[cli->nenv++] = arg;
}

static void o_user(struct cli *cli, const char *arg, const char *spelled)
{
	(void)spelled;
	cli->user = arg;
}

static void o_detach_on(struct cli *cli, const char *arg, const char *spelled)
{
	if (strcmp(arg, "execve"))
		cli_die("%s %s: only 'execve' is known", spelled, arg);
	cli->detach_on_execve = true;
}

static void o_daemonize(struct cli *cli, const char *arg, const char *spelled)
{
	static const char *const names[] = { "grandchild", "pgroup",
					     "session" };
	unsigned int i;

	if (!arg) {
		cli->daemonize = cli->daemonize < 3 ? cli->daemonize + 1 : 3;
		return;
	}
	for (i = 0; i < 3; i++)
		if (!strcmp(arg, names[i])) {
			cli->daemonize = i + 1;
			return;
		}
	cli_die("%s=%s: expected grandchild, pgroup or session", spelled, arg);
}

static void o_interruptible(struct cli *cli, const char *arg,
			    const char *spelled)
{
	static const char *const names[] = { "anywhere", "waiting", "never",
					     "never_tstp" };
	unsigned int i;

	for (i = 0; i < 4; i++)
		if (!strcmp(arg, names[i])) {
			cli->interruptible = i + 1;
			return;
		}
	cli->interruptible = (unsigned int)number(arg, spelled, 1, 4);
}

static void o_trace_path(struct cli *cli, const char *arg, const char *spelled)
{
	if (cli->npaths == CLI_MAX_PATHS)
		cli_die("%s: at most %d paths", spelled, CLI_MAX_PATHS);
	cli->paths[cli->npaths++] = arg;
}

static void o_seccomp(struct cli *cli, const char *arg, const char *spelled)
{
	if (!arg) /* --seccomp-bpf */
		cli->seccomp = SW_SECCOMP_ON;
	else if (!strcmp(arg, "auto"))
		cli->seccomp = SW_SECCOMP_AUTO;
	else if (!strcmp(arg, "on"))
		cli->seccomp = SW_SECCOMP_ON;
	else if (!strcmp(arg, "off"))
		cli->seccomp = SW_SECCOMP_OFF;
	else
		cli_die("%s=%s: expected auto, on or off", spelled, arg);
}

static void o_on_signal(struct cli *cli, const char *arg, const char *spelled)
{
	if (!strcmp(arg, "kill"))
		cli->on_signal = CLI_ON_SIGNAL_KILL;
	else if (!strcmp(arg, "detach"))
		cli->on_signal = CLI_ON_SIGNAL_DETACH;
	else
		cli_die("%s=%s: expected kill or detach", spelled, arg);
}

static void o_deny(struct cli *cli, const char *arg, const char *spelled)
{
	add_rule(cli, SW_RULE_DENY, arg, spelled);
}

static void o_entry_only(struct cli *cli, const char *arg, const char *s)
{
	(void)arg;
	(void)s;
	cli->entry_only = true;
}

static void o_swap(struct cli *cli, const char *arg, const char *spelled)
{
	cli->swap = (unsigned long)number(arg, spelled, 1, 1000000000);
}

static void o_same_cpu(struct cli *cli, const char *arg, const char *spelled)
{
	if (!arg || !strcmp(arg, "yes"))
		cli->same_cpu = 1;
	else if (!strcmp(arg, "no"))
		cli->same_cpu = 0;
	else
		cli_die("%s=%s: expected yes or no", spelled, arg);
}

static void o_stats(struct cli *cli, const char *arg, const char *s)
{
	(void)arg;
	(void)s;
	cli->stats = true;
}

static void o_syscall_limit(struct cli *cli, const char *arg,
			    const char *spelled)
{
	cli->syscall_limit = number(arg, spelled, 1, LONG_MAX);
}

static void o_thread_limit(struct cli *cli, const char *arg,
			   const char *spelled)
{
	cli->thread_limit = number(arg, spelled, 1, LONG_MAX);
}

/* --budget SET=N[,SET=N...]: a piece without '=' belongs to the next
 * one's SET ("open,openat=5"). */
static void o_budget(struct cli *cli, const char *arg, const char *spelled)
{
	/* The pieces live to the end of the run, as argv does. */
	static char *copies[CLI_MAX_BUDGETS];
	static unsigned int ncopies;
	char *copy, *p, *start, *eq;

	if (ncopies == CLI_MAX_BUDGETS)
		cli_die("%s: at most %d budgets", spelled, CLI_MAX_BUDGETS);
	copy = copies[ncopies++] = strdup(arg);
	if (!copy)
		cli_die("%s: out of memory", spelled);
	for (start = p = copy; *p; start = p) {
		for (eq = NULL; *p; p++) {
			if (*p == '=')
				eq = p;
			if (*p == ',' && eq)
				break;
		}
		if (*p)
			*p++ = '\0';
		if (!eq || eq == start || !eq[1])
			cli_die("%s %s: '%s' is not SET=N (a syscall set, "
				"'=', a number; ':per-thread' to count per "
				"thread)",
				spelled, arg, start);
		if (cli->nbudgets == CLI_MAX_BUDGETS)
			cli_die("%s: at most %d budgets", spelled,
				CLI_MAX_BUDGETS);
		cli->budgets[cli->nbudgets++] = start;
	}
}

static void o_on_limit(struct cli *cli, const char *arg, const char *spelled)
{
	(void)spelled;
	cli->on_limit = arg; /* checked in main.c, with the errno names */
}

static void o_budget_counting(struct cli *cli, const char *arg,
			      const char *spelled)
{
	if (strcmp(arg, "auto") && strcmp(arg, "kernel") &&
	    strcmp(arg, "stops"))
		cli_die("%s=%s: expected auto, kernel or stops", spelled, arg);
	cli->count_in = arg;
}

static void o_report(struct cli *cli, const char *arg, const char *spelled)
{
	(void)spelled;
	cli->report = arg;
}

static void o_policy(struct cli *cli, const char *arg, const char *spelled)
{
	(void)spelled;
	cli->policy = arg;
}

static void o_registers_only(struct cli *cli, const char *arg, const char *s)
{
	(void)arg;
	(void)s;
	cli->registers_only = true;
}

/* "s", "ms", "us", "ns": digits after the second, or -1. */
static int precision(const char *w, size_t len)
{
	static const char *const units[] = { "s", "ms", "us", "ns" };
	size_t i;

	for (i = 0; i < 4; i++)
		if (strlen(units[i]) == len && !strncmp(w, units[i], len))
			return 3 * (int)i;
	return -1;
}

/* --timestamps=[[format:]none|time|unix][,[precision:]s|ms|us|ns]...:
 * the words in any order, the last of each kind counting. */
static void o_stamps_long(struct cli *cli, const char *arg, const char *spelled)
{
	static const char *const formats[] = { "none", "time", "unix" };
	const char *w = arg;
	size_t len, i;

	long_stamps = true;
	cli->stamp = SW_TIMESTAMP_TIME;
	cli->stamp_digits = 0;
	while (w && *w) {
		if (!strncmp(w, "format:", 7) || !strncmp(w, "precision:", 10))
			w = strchr(w, ':') + 1;
		len = strcspn(w, ",");
		for (i = 0; i < 3; i++)
			if (strlen(formats[i]) == len &&
			    !strncmp(w, formats[i], len))
				break;
		if (i < 3)
			cli->stamp = (enum sw_timestamp)i;
		else if (precision(w, len) >= 0)
			cli->stamp_digits = precision(w, len);
		else
			cli_die("%s=%s: expected a format (none, time, unix) "
				"and a precision (s, ms, us, ns), as "
				"--timestamps=unix,ms",
				spelled, arg);
		w += len + (w[len] == ',');
	}
}

/* -t, -tt, -ttt; or the long spelling */
static void o_stamps(struct cli *cli, const char *arg, const char *spelled)
{
	if (spelled[1] == '-') {
		o_stamps_long(cli, arg, spelled);
		return;
	}
	nt++;
	cli->stamp = nt >= 3 ? SW_TIMESTAMP_UNIX : SW_TIMESTAMP_TIME;
	cli->stamp_digits = nt >= 2 ? 6 : 0;
}

/* -r, -T, and their long spellings with an optional precision */
static int duration_digits(const char *arg, const char *spelled)
{
	int d = arg ? precision(arg, strlen(arg)) : 6;

	if (d < 0)
		cli_die("%s=%s: expected a precision: s, ms, us or ns", spelled,
			arg);
	return d;
}

static void o_relative(struct cli *cli, const char *arg, const char *spelled)
{
	cli->rel_digits = duration_digits(arg, spelled);
}

static void o_syscall_times(struct cli *cli, const char *arg,
			    const char *spelled)
{
	/* a bare -T keeps a precision given before */
	if (arg || cli->call_digits < 0)
		cli->call_digits = duration_digits(arg, spelled);
}

static void o_summary(struct cli *cli, const char *arg, const char *spelled)
{
	unsigned int kind =
	    !strcmp(spelled, "-c") || !strcmp(spelled, "--summary-only")
		? CLI_SUMMARY_ONLY
		: CLI_SUMMARY_TOO;

	(void)arg;
	if (cli->summary && cli->summary != kind)
		cli_die("-c/--summary-only and -C/--summary: one or the "
			"other (-c: the summary alone, -C: after the trace)");
	cli->summary = kind;
}

static void o_summary_wall(struct cli *cli, const char *arg, const char *s)
{
	(void)arg;
	(void)s;
	cli->summary_wall = true;
}

static void o_sort_by(struct cli *cli, const char *arg, const char *spelled)
{
	(void)spelled;
	cli->sort_by = arg;
}

static void o_summary_columns(struct cli *cli, const char *arg,
			      const char *spelled)
{
	(void)spelled;
	cli->columns = arg;
}

/* A statically linked syswarden has no dynamic loader to load a plugin
 * with (and a plugin would bring a second libsyswarden). */
static void refuse_plugins_if_static(const char *spelled, const char *arg)
{
#ifdef SW_STATIC_CLI
	cli_die("%s %s: this syswarden is statically linked and cannot load "
		"plugins; use a build without -Dstatic_cli=true",
		spelled, arg);
#else
	(void)spelled;
	(void)arg;
#endif
}

static void o_plugin(struct cli *cli, const char *arg, const char *spelled)
{
	refuse_plugins_if_static(spelled, arg);
	if (cli->nplugins == CLI_MAX_PLUGINS)
		cli_die("%s: at most %d plugins", spelled, CLI_MAX_PLUGINS);
	cli->plugins[cli->nplugins++] = arg;
}

static void o_plugin_help(struct cli *cli, const char *arg, const char *spelled)
{
	char err[512];

	(void)cli;
	refuse_plugins_if_static(spelled, arg);
	if (sw_plugin_help(arg, stdout, err, sizeof(err)) < 0)
		cli_die("%s %s: %s", spelled, arg, err);
	exit(0);
}

static void o_version(struct cli *cli, const char *arg, const char *s)
{
	(void)cli;
	(void)arg;
	(void)s;
	printf("syswarden %s (libsyswarden %u.%u.%u)\n", SW_PACKAGE_VERSION,
	       sw_version() >> 16, (sw_version() >> 8) & 0xff,
	       sw_version() & 0xff);
	exit(0);
}

static void usage(FILE *f);

static void o_help(struct cli *cli, const char *arg, const char *s)
{
	(void)cli;
	(void)arg;
	(void)s;
	usage(stdout);
	exit(0);
}

/* Long options that are "-e NAME=" in another spelling. */
static void o_long_qualifier(struct cli *cli, const char *arg,
			     const char *spelled)
{
	const struct qualifier *q =
	    find_qualifier(spelled + 2, strlen(spelled + 2));

	run_qualifier(cli, q, arg, spelled);
}

static const struct option_row rows[] = {
	/* working */
	{ "output", 'o', required_argument, o_output, NULL },
	{ "output-append-mode", 'A', no_argument, o_append, NULL },
	{ "string-limit", 's', required_argument, o_strsize, NULL },
	{ NULL, 'e', required_argument, o_qualify, NULL },
	{ "trace", 0, required_argument, o_long_qualifier, NULL },
	{ "status", 0, required_argument, o_long_qualifier, NULL },
	{ "signal", 0, required_argument, o_long_qualifier, NULL },
	{ "read", 0, required_argument, o_long_qualifier, NULL },
	{ "write", 0, required_argument, o_long_qualifier, NULL },
	{ "attach", 'p', required_argument, o_pid, NULL },
	{ "follow-forks", 'f', no_argument, o_follow, NULL },
	{ "no-abbrev", 'v', no_argument, o_verbose, NULL },
	{ "strings-in-hex", 'x', optional_argument, o_hex, NULL },
	{ "decode-fds", 'y', optional_argument, o_fds, NULL },
	{ "columns", 'a', required_argument, o_columns, NULL },
	{ "syscall-number", 'n', no_argument, o_numbers, NULL },
	{ "output-separately", 0, no_argument, o_separately, NULL },
	{ "arg-names", 0, no_argument, o_arg_names, NULL },
	{ "stack-traces", 'k', no_argument, o_stack, NULL },
	{ "quiet", 'q', optional_argument, o_quiet, NULL },
	{ "successful-only", 'z', no_argument, o_successful, NULL },
	{ "failed-only", 'Z', no_argument, o_failed, NULL },
	{ "env", 'E', required_argument, o_env, NULL },
	{ "user", 'u', required_argument, o_user, NULL },
	{ "detach-on", 'b', required_argument, o_detach_on, NULL },
	{ "daemonize", 'D', optional_argument, o_daemonize, NULL },
	{ "interruptible", 'I', required_argument, o_interruptible, NULL },
	{ "trace-path", 'P', required_argument, o_trace_path, NULL },
	{ "seccomp-bpf", 0, no_argument, o_seccomp, NULL },
	{ "deny", 0, required_argument, o_deny, NULL },
	{ "help", 'h', no_argument, o_help, NULL },
	{ "version", 'V', no_argument, o_version, NULL },
	/* syswarden's own */
	{ "seccomp", 0, required_argument, o_seccomp, NULL },
	{ "on-signal", 0, required_argument, o_on_signal, NULL },
	{ "entry-only", 0, no_argument, o_entry_only, NULL },
	{ "stats", 0, no_argument, o_stats, NULL },
	{ "stack-lines", 0, no_argument, o_stack_lines, NULL },
	{ "swap", 0, required_argument, o_swap, NULL },
	{ "same-cpu", 0, optional_argument, o_same_cpu, NULL },
	{ "registers-only", 0, no_argument, o_registers_only, NULL },
	{ "syscall-limit", 0, required_argument, o_syscall_limit, NULL },
	{ "thread-limit", 0, required_argument, o_thread_limit, NULL },
	{ "budget", 0, required_argument, o_budget, NULL },
	{ "on-limit", 0, required_argument, o_on_limit, NULL },
	{ "budget-counting", 0, required_argument, o_budget_counting, NULL },
	{ "report", 0, required_argument, o_report, NULL },
	{ "policy", 0, required_argument, o_policy, NULL },
	{ "plugin", 0, required_argument, o_plugin, NULL },
	{ "plugin-help", 0, required_argument, o_plugin_help, NULL },
	/* timing and the summary */
	{ "absolute-timestamps", 't', optional_argument, o_stamps, NULL },
	{ "timestamps", 0, optional_argument, o_stamps_long, NULL },
	{ "relative-timestamps", 'r', optional_argument, o_relative, NULL },
	{ "syscall-times", 'T', optional_argument, o_syscall_times, NULL },
	{ "summary-only", 'c', no_argument, o_summary, NULL },
	{ "summary", 'C', no_argument, o_summary, NULL },
	{ "summary-sort-by", 'S', required_argument, o_sort_by, NULL },
	{ "summary-columns", 'U', required_argument, o_summary_columns, NULL },
	{ "summary-wall-clock", 'w', no_argument, o_summary_wall, NULL },
	{ "json", 0, no_argument, o_json, NULL },
	{ "timeline", 0, required_argument, o_timeline, NULL },
	/* refused, with the reason: the -e qualifier's */
	{ "abbrev", 0, required_argument, o_long_qualifier, NULL },
	{ "verbose", 0, required_argument, o_long_qualifier, NULL },
	{ "raw", 0, required_argument, o_long_qualifier, NULL },
	{ "inject", 0, required_argument, o_long_qualifier, NULL },
	{ "fault", 0, required_argument, o_long_qualifier, NULL },
	{ "kvm", 0, required_argument, o_long_qualifier, NULL },
	/* refused, with the reason */
	{ "const-print-style", 'X', required_argument, NULL,
	  "not yet: named "
	  "constants" DECODING },
	{ "decode-pids", 'Y', optional_argument, NULL,
	  "not yet: process "
	  "names and namespaces of pids" DECODING },
	{ "instruction-pointer", 'i', no_argument, NULL,
	  "not yet: the "
	  "instruction pointer is not printed" },
	{ "summary-syscall-overhead", 'O', required_argument, NULL,
	  "not yet: the summary's times are not corrected for an overhead" },
	{ "debug", 'd', no_argument, NULL,
	  "syswarden has no debug output; "
	  "--stats prints how many ptrace stops a run took" },
	{ "tips", 0, optional_argument, NULL,
	  "syswarden has no tips; see "
	  "--help and its README" },
};

#define NROWS (sizeof(rows) / sizeof(rows[0]))
#define LONG_ONLY 0x100 /* getopt value of row i without a short letter */

/* getopt_long's tables, from rows[]. */
static void build_getopt(char *shorts, struct option *longs)
{
	size_t i, n = 0;
	char *s = shorts;

	/* Options end at the command; ':' reports a missing argument. */
	*s++ = '+';
	*s++ = ':';
	for (i = 0; i < NROWS; i++) {
		int val = rows[i].shrt ? rows[i].shrt : LONG_ONLY + (int)i;

		/* -q, -D, -t, -x, -y, -r, -T, -Y: an optional argument only
		 * in the long spelling, as in strace. */
		if (rows[i].shrt)
			*s++ = (char)rows[i].shrt;
		if (rows[i].shrt && rows[i].has_arg == required_argument)
			*s++ = ':';
		if (rows[i].lng)
			longs[n++] =
			    (struct option){ rows[i].lng, rows[i].has_arg, NULL,
					     val };
	}
	*s = '\0';
	longs[n] = (struct option){ NULL, 0, NULL, 0 };
}

static const struct option_row *row_of(int val)
{
	size_t i;

	if (val >= LONG_ONLY && (size_t)(val - LONG_ONLY) < NROWS)
		return &rows[val - LONG_ONLY];
	for (i = 0; i < NROWS; i++)
		if (rows[i].shrt && rows[i].shrt == val)
			return &rows[i];
	return NULL;
}

/* What the user typed: "-T", "--syscall-times". */
static const char *spelling(const struct option_row *row, int longindex,
			    const struct option *longs, char *buf, size_t size)
{
	if (longindex >= 0)
		snprintf(buf, size, "--%s", longs[longindex].name);
	else
		snprintf(buf, size, "-%c", row->shrt);
	return buf;
}

/* The timing and summary options' combinations, as strace 6.1 takes
 * them. */
static void check_timing(struct cli *cli)
{
	if (nt && long_stamps)
		cli_die("-t and --timestamps (--absolute-timestamps): one or "
			"the other");
	if (cli->summary_wall && !cli->summary)
		cli_die("-w: times the summary, so needs -c or -C");
	if (cli->columns && !cli->summary)
		cli_die("-U %s: lays out the summary, so needs -c or -C",
			cli->columns);
	if (cli->sort_by && !cli->summary)
		fprintf(stderr,
			"syswarden: -S %s: has no effect without -c or -C\n",
			cli->sort_by);
	if (cli->summary != CLI_SUMMARY_ONLY)
		return;
	if (cli->stamp != SW_TIMESTAMP_NONE)
		fputs("syswarden: -t: has no effect with -c\n", stderr);
	if (cli->rel_digits >= 0)
		fputs("syswarden: -r: has no effect with -c\n", stderr);
	if (cli->call_digits >= 0)
		fputs("syswarden: -T: has no effect with -c\n", stderr);
	cli->stamp = SW_TIMESTAMP_NONE;
	cli->rel_digits = cli->call_digits = -1;
}

static void after_parse(struct cli *cli)
{
	check_timing(cli);
	if (nf && !cli->follow)
		cli->follow = nf >= 2 ? 2 : 1;
	if (cli->follow > 1 && !cli->outfile)
		cli_die("-ff: needs -o PREFIX, the start of each task's file "
			"name");
	if (cli->follow > 1 && strchr("|!", cli->outfile[0]))
		cli_die("-ff -o %s: one file per task cannot be a pipe",
			cli->outfile);
	if (cli->json && cli->follow > 1)
		cli_die("--json: not with -ff: every event carries its tid, "
			"write them to one -o FILE");
	if (cli->timeline && !*cli->timeline)
		cli_die("--timeline: needs a FILE name");
	if (cli->user && !cli->argv[0])
		cli_die("-u %s: needs a COMMAND to run", cli->user);
	if (cli->nenv && !cli->argv[0])
		cli_die("-E %s: needs a COMMAND to run", cli->env[0]);
	if (cli->daemonize && !cli->argv[0])
		cli_die("-D: needs a COMMAND to run");
	if (cli->daemonize && (cli->user || cli->detach_on_execve))
		cli_die("-D: not with %s yet", cli->user ? "-u" : "-b execve");
	if (cli->daemonize && cli->npids)
		cli_die("-D: not with -p: the tracer of a launched command "
			"runs as its grandchild, attached processes have "
			"parents of their own");
}

void cli_parse(struct cli *cli, int argc, char **argv)
{
	static struct option longs[NROWS + 1];
	static char shorts[2 * NROWS + 3];
	const struct option_row *row;
	char spelled[64];
	int c, longindex;

	build_getopt(shorts, longs);
	cli->string_limit = 32;
	cli->rel_digits = cli->call_digits = -1;
	cli->same_cpu = -1;
	cli->align = 40; /* strace aligns " = " at column 40 */
	opterr = 0;
	for (;;) {
		longindex = -1;
		c = getopt_long(argc, argv, shorts, longs, &longindex);
		if (c == -1)
			break;
		if (c == ':' && optopt > 0 && optopt < LONG_ONLY &&
		    argv[optind - 1][1] != '-')
			cli_die("-%c: needs an argument (see syswarden --help)",
				optopt);
		if (c == ':')
			cli_die("%s: needs an argument (see syswarden --help)",
				argv[optind - 1]);
		if (c == '?' && optopt)
			cli_die("-%c: no such option (see syswarden --help)",
				optopt);
		if (c == '?')
			cli_die("%s: no such option (see syswarden --help)",
				argv[optind - 1]);
		row = row_of(c);
		spelling(row, longindex, longs, spelled, sizeof(spelled));
		if (row->refusal)
			cli_die("%s: %s", spelled, row->refusal);
		row->fn(cli, optarg, spelled);
	}
	cli->argv = argv + optind;
	if (!cli->argv[0] && !cli->npids) {
		fputs("syswarden: must have a COMMAND to run or -p PID\n",
		      stderr);
		usage(stderr);
		exit(1);
	}
	after_parse(cli);
}

static void usage(FILE *f)
{
	fputs(
	    "Usage: syswarden [OPTIONS] [--] COMMAND [ARGS...]\n"
	    "       syswarden [OPTIONS] -p PID[,PID...] [-- COMMAND...]\n"
	    "\n"
	    "Traces every syscall of COMMAND, or of the running processes\n"
	    "PID, with every thread, fork and exec, in strace's format.\n"
	    "strace's options mean what they mean to strace 6.1; the ones\n"
	    "syswarden does not have yet are refused, saying why.\n"
	    "\n"
	    "Output:\n"
	    "  -o, --output=FILE      write the trace to FILE (default:\n"
	    "                         stderr); '|CMD' or '!CMD' pipes it\n"
	    "                         to the shell command CMD\n"
	    "  -A, --output-append-mode  append to the -o FILE\n"
	    "  -s, --string-limit=N   show at most N bytes of each string\n"
	    "                         (default 32)\n"
	    "  -q, -qq, -qqq, --quiet=[!]SET\n"
	    "                         leave out messages: attach,\n"
	    "                         personality (-q), exit (-qq),\n"
	    "                         path-resolution, thread-execve (-qqq)\n"
	    "  -a, --columns=COLUMN   align \" = result\" at COLUMN (default "
	    "40)\n"
	    "  --arg-names            name each argument: openat(dfd: ...)\n"
	    "  -y, --decode-fds=path  descriptors with their paths:\n"
	    "                         3</etc/motd>\n"
	    "  -x, -xx, --strings-in-hex[=non-ascii|all]\n"
	    "                         unprintable bytes (-xx: all) in hex\n"
	    "  -v, --no-abbrev        structures whole (-e abbrev=none)\n"
	    "  -e abbrev=SET          abbreviate the structures of SET only\n"
	    "  -e verbose=SET         decode the structures of SET only (the\n"
	    "                         others as addresses)\n"
	    "  -e raw=SET             arguments and results of SET in hex\n"
	    "  -n, --syscall-number   each call after its number\n"
	    "  -k, --stack-traces     each call's stack after it, one\n"
	    "                         frame a line: FILE(FUNCTION+0xOFF)\n"
	    "                         [0xFILE_OFFSET]\n"
	    "  -e read=FDS, -e write=FDS\n"
	    "                         hex dump of data read from or written\n"
	    "                         to the descriptors in FDS\n"
	    "  --json                 the trace as JSON lines, one object per\n"
	    "                         call, signal, exit, exec and report\n"
	    "  --timeline=FILE        also write FILE, a timeline in the\n"
	    "                         Chrome/Perfetto trace-event format\n"
	    "\n"
	    "Time and summary:\n"
	    "  -t, -tt, -ttt          each line with the time of day\n"
	    "                         (-tt: and microseconds; -ttt: as\n"
	    "                         seconds since 1970)\n"
	    "  --timestamps[=[none|time|unix][,s|ms|us|ns]]\n"
	    "                         the same, with its precision\n"
	    "                         (also --absolute-timestamps=)\n"
	    "  -r, --relative-timestamps[=s|ms|us|ns]\n"
	    "                         each line with the time since the\n"
	    "                         previous one\n"
	    "  -T, --syscall-times[=s|ms|us|ns]\n"
	    "                         each call with the time it took:\n"
	    "                         \" <0.000012>\"\n"
	    "  -c, --summary-only     instead of the trace, a table of\n"
	    "                         calls, errors and time per syscall\n"
	    "  -C, --summary          the trace, then that table\n"
	    "  -S, --summary-sort-by=KEY\n"
	    "                         sort it by time (default), min-time,\n"
	    "                         max-time, avg-time, calls, errors,\n"
	    "                         name or nothing\n"
	    "  -U, --summary-columns=COLUMN[,COLUMN...]\n"
	    "                         its columns: time-percent,\n"
	    "                         total-time, min-time, max-time,\n"
	    "                         avg-time, calls, errors, name\n"
	    "  -w, --summary-wall-clock\n"
	    "                         time calls by the wall clock, not\n"
	    "                         by the system time they took\n"
	    "\n"
	    "Filtering:\n"
	    "  -e trace=SET, --trace=SET\n"
	    "                         show only the syscalls in SET: names,\n"
	    "                         numbers, classes (%file %process\n"
	    "                         %network %signal %desc %memory %ipc\n"
	    "                         %creds %clock %pure %stat %lstat\n"
	    "                         %fstat %%stat %statfs %fstatfs\n"
	    "                         %%statfs), /regex, all, none; '!'\n"
	    "                         inverts, '?' skips unknown names; a\n"
	    "                         name may take a condition:\n"
	    "                         'write(fd == 2)', with == != < <= >\n"
	    "                         >= in LO..HI & && || ! and constants\n"
	    "  -e status=SET, --status=SET\n"
	    "                         show only calls that are successful,\n"
	    "                         failed, unfinished, unavailable,\n"
	    "                         detached (or all; '!' inverts)\n"
	    "  -z, --successful-only  -e status=successful\n"
	    "  -Z, --failed-only      -e status=failed\n"
	    "  -e signal=SET, --signal=SET\n"
	    "                         show only the signals in SET\n"
	    "  -P, --trace-path=PATH  show only calls that touch PATH,\n"
	    "                         by name or by descriptor (repeatable)\n"
	    "\n"
	    "Tampering (SET as in -e trace=, conditions included):\n"
	    "  -e inject=SET:error=ERRNO|retval=N[:signal=SIG]\n"
	    "     [:delay_enter=US][:delay_exit=US][:when=EXPR], --inject=\n"
	    "                         skip the calls, which return ERRNO\n"
	    "                         or N; when=N, N+, N+S, N..M, N..M+S\n"
	    "                         picks calls by their count, per\n"
	    "                         thread and syscall (repeatable)\n"
	    "  -e fault=SET[:error=ERRNO][:when=EXPR], --fault=\n"
	    "                         inject=, error=ENOSYS by default\n"
	    "  --deny SET[:error=ERRNO|:kill]\n"
	    "                         fail every call in SET (EPERM by\n"
	    "                         default) or kill its process; in the\n"
	    "                         kernel's seccomp filter where the\n"
	    "                         rule is on syscalls and numbers\n"
	    "\n"
	    "Starting and attaching:\n"
	    "  -p, --attach=PID[,PID...]\n"
	    "                         attach to running processes\n"
	    "                         (repeatable); SIGINT, SIGTERM, SIGHUP\n"
	    "                         or SIGQUIT detaches them\n"
	    "  -E, --env=VAR=VAL, -E VAR\n"
	    "                         set or remove VAR for COMMAND\n"
	    "  -u, --user=USER        run COMMAND as USER (uid, gid and\n"
	    "                         groups; set-id programs keep theirs)\n"
	    "  -b, --detach-on=execve detach each process at its execve\n"
	    "  -D, -DD, -DDD, --daemonize[=grandchild|pgroup|session]\n"
	    "                         run the tracer as COMMAND's\n"
	    "                         grandchild (in its own process group,\n"
	    "                         or session)\n"
	    "  -I, --interruptible=N  1: signals stop syswarden anywhere;\n"
	    "                         2 (default): they do; 3: SIGHUP,\n"
	    "                         SIGINT, SIGQUIT, SIGPIPE, SIGTERM\n"
	    "                         are blocked; 4: SIGTSTP too\n"
	    "  -f, --follow-forks     forks are always followed; with -o,\n"
	    "                         every line starts with the task's id\n"
	    "  -ff, --output-separately\n"
	    "                         with -o PREFIX: each task to\n"
	    "                         PREFIX.TID\n"
	    "  --on-signal=kill|detach\n"
	    "                         what SIGINT, SIGTERM, SIGHUP or\n"
	    "                         SIGQUIT to syswarden do to a launched\n"
	    "                         COMMAND: kill it (the default), or\n"
	    "                         do as strace: pass the signal on and\n"
	    "                         detach it (it then runs unfiltered)\n"
	    "  --seccomp=auto|on|off, --seccomp-bpf (=on)\n"
	    "                         let a seccomp-bpf filter stop a\n"
	    "                         launched command only at syscalls in\n"
	    "                         the trace set (auto: when it helps\n"
	    "                         and works)\n"
	    "\n"
	    "syswarden's own:\n"
	    "  --entry-only           print calls at entry, without results\n"
	    "                         (\"= ?\"): one stop per selected call\n"
	    "  --plugin PATH[:KEY=VAL,...]\n"
	    "                         load a plugin with its options\n"
	    "                         (repeatable); a PATH without '/' is\n"
	    "                         looked for in $SYSWARDEN_PLUGIN_PATH,\n"
	    "                         beside the library, then in\n"
	    "                         " SW_PLUGIN_DIR "\n"
	    "  --plugin-help PATH     describe a plugin and its options\n"
	    "  --stats                print how many ptrace stops it took\n"
	    "  --stack-lines          -k with each frame's source file\n"
	    "                         and line, where DWARF has them\n"
	    "  --swap N               run the threads of each process one\n"
	    "                         at a time, handing over after N\n"
	    "                         syscalls (or at a call that blocks)\n"
	    "  --same-cpu[=yes|no]    keep syswarden and COMMAND on one\n"
	    "                         CPU: faster stops, but COMMAND sees\n"
	    "                         a one-CPU affinity (nproc says 1);\n"
	    "                         on by default with --swap\n"
	    "  --registers-only       decode from registers, not\n"
	    "                         PTRACE_GET_SYSCALL_INFO (for testing)\n"
	    "\n"
	    "Budgets (the call over budget never runs):\n"
	    "  --syscall-limit N      at most N syscalls in the whole tree\n"
	    "  --thread-limit N       at most N syscalls per thread\n"
	    "  --budget SET=N[:per-thread][,SET=N...]\n"
	    "                         at most N calls in SET (as -e trace=)\n"
	    "                         in the tree, or in each thread\n"
	    "  --on-limit kill|errno=E|end-thread|detach\n"
	    "                         the call over budget: kill the tree\n"
	    "                         (default), fail it with errno E, end\n"
	    "                         its thread, or stop supervising; exit\n"
	    "                         status 86 unless errno=\n"
	    "  --budget-counting=auto|kernel|stops\n"
	    "                         count in the kernel (perf counters,\n"
	    "                         no stops) or at ptrace stops\n"
	    "  --report FILE          write counts and violations as JSON\n"
	    "  --policy FILE          read budget options from a JSON file\n"
	    "  -h, --help             show this help\n"
	    "  -V, --version          show the version\n"
	    "\n"
	    "Not yet (refused, saying why): -X -yy -Y -e decode-fds=\n"
	    "(decoding); -O (observability);\n"
	    "-e kvm=, -i, -d, --tips.\n",
	    f);
}

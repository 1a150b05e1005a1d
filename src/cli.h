/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * syswarden - the command line: strace's options, table-driven.
 *
 * cli.c parses argv into a struct cli; main.c runs it.  Every option of
 * strace 6.1 has a row in cli.c's table: it either works, or is refused
 * by name with the reason.
 */
#ifndef SW_CLI_H
#define SW_CLI_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#include <syswarden/syswarden.h>

#define CLI_MAX_PIDS 64
#define CLI_MAX_PLUGINS 32
#define CLI_MAX_ENV 64
#define CLI_MAX_PATHS 256
#define CLI_MAX_RULES 256
#define CLI_MAX_BUDGETS 32

/* -q levels and -e quiet=: messages to leave out. */
#define CLI_QUIET_ATTACH 0x1u /* "Process N attached/detached" */
#define CLI_QUIET_EXIT 0x2u /* "+++ exited with N +++" */
#define CLI_QUIET_PATH 0x4u /* "Requested path ... resolved into ..." */
#define CLI_QUIET_PERSONALITY 0x8u /* personality changes */
#define CLI_QUIET_THREAD_EXECVE 0x10u /* "+++ superseded by execve" */

/* What SIGINT, SIGTERM, SIGHUP and SIGQUIT do to a launched command. */
enum cli_on_signal {
	CLI_ON_SIGNAL_KILL = 0, /* kill it (syswarden's default) */
	CLI_ON_SIGNAL_DETACH, /* pass the signal on, detach (strace's) */
};

/* -c and -C */
#define CLI_SUMMARY_ONLY 1u /* -c: the summary instead of the trace */
#define CLI_SUMMARY_TOO 2u /* -C: after it */

struct cli {
	const char *outfile; /* "-": stdout; "|cmd" or "!cmd": a pipe */
	bool append; /* -A */
	long string_limit;
	const char *trace;
	/* -e raw=, verbose=, abbrev=, by enum sw_decode_set */
	const char *decode_sets[3];
	const char *status;
	const char *signals; /* -e signal= */
	const char *read_fds, *write_fds; /* -e read=, -e write= */
	unsigned int quiet; /* CLI_QUIET_* */
	pid_t pids[CLI_MAX_PIDS];
	unsigned int npids;
	const char *plugins[CLI_MAX_PLUGINS];
	unsigned int nplugins;
	const char *env[CLI_MAX_ENV]; /* -E VAR=VAL or -E VAR, in order */
	unsigned int nenv;
	const char *paths[CLI_MAX_PATHS]; /* -P */
	unsigned int npaths;
	struct {
		enum sw_rule_kind kind;
		const char *text;
	} rules[CLI_MAX_RULES]; /* -e inject=, -e fault=, --deny */
	unsigned int nrules;
	const char *user; /* -u */
	bool detach_on_execve; /* -b execve */
	unsigned int daemonize; /* -D: 1 grandchild, 2 pgroup, 3 session */
	unsigned int interruptible; /* -I: 1 to 4, 0 for the default */
	enum cli_on_signal on_signal;
	bool registers_only;
	bool entry_only;
	bool stats;
	unsigned int follow; /* -f 1, -ff or --output-separately 2 */
	unsigned int display; /* SW_DISPLAY_* */
	bool json; /* --json: JSON lines instead of text */
	const char *timeline; /* --timeline FILE */
	unsigned int stack; /* -k, --stack-lines: SW_STACK_* */
	long align; /* -a */
	/* -t, -r, -T: digits after the second, or -1 for none */
	enum sw_timestamp stamp;
	int stamp_digits, rel_digits, call_digits;
	unsigned int summary; /* CLI_SUMMARY_* */
	bool summary_wall; /* -w */
	const char *sort_by, *columns; /* -S, -U */
	enum sw_seccomp seccomp;
	/* Budgets: "SET=N" or "SET=N:per-thread", one each. */
	const char *budgets[CLI_MAX_BUDGETS];
	unsigned int nbudgets;
	long syscall_limit, thread_limit; /* 0: none */
	const char *on_limit; /* --on-limit, NULL: kill */
	const char *count_in; /* --budget-counting */
	const char *report; /* --report FILE */
	const char *policy; /* --policy FILE */
	unsigned long swap; /* --swap N; 0: off */
	int same_cpu; /* --same-cpu 1, --same-cpu=no 0, -1: the default */
	char **argv;
};

/* Fills @cli from the command line; exits on a mistake, -h or -V. */
void cli_parse(struct cli *cli, int argc, char **argv);

/* -I 3 and 4: blocks the fatal signals (and SIGTSTP) in syswarden. */
void cli_block_signals(unsigned int level);
/* The trace's sink: stderr, -o FILE (-A: appended), or -o '|CMD'. */
FILE *cli_open_output(const struct cli *cli);
/* Closes it; for a pipe, waits until its command is done.  0 or EOF. */
int cli_close_output(FILE *out);
/* Applies -E VAR=VAL and -E VAR to our environment, in order. */
void cli_set_env(const struct cli *cli);
/* The first executable @name in $PATH (malloc'd), or @name itself. */
char *cli_find_command(const char *name);

/* Prints "syswarden: MESSAGE" and exits 1. */
void cli_die(const char *fmt, ...)
    __attribute__((noreturn, format(printf, 1, 2)));

#endif /* SW_CLI_H */

// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * syswarden - the command line, built on the public API alone.
 *
 * Exit status: the traced command's.  When it was killed by a signal,
 * syswarden kills itself with the same signal (with core dumps off, so no
 * core file of ours overwrites the command's), as strace does.  In attach
 * mode SIGINT, SIGTERM, SIGHUP or SIGQUIT detaches cleanly and exits 0;
 * in launch mode they kill the command, and syswarden then dies of the
 * signal.  Usage errors, and plugins that cannot be loaded, exit 1; a
 * command that cannot be found or run, 127 or 126.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <syswarden/syswarden.h>

#define MAX_PIDS 64
#define MAX_PLUGINS 32

struct cli {
	const char *outfile;
	long string_limit;
	const char *trace;
	const char *status;
	pid_t pids[MAX_PIDS];
	unsigned int npids;
	const char *plugins[MAX_PLUGINS];
	unsigned int nplugins;
	bool registers_only;
	bool entry_only;
	bool stats;
	enum sw_seccomp seccomp;
	char **argv;
};

static struct sw_supervisor *the_sup;

static void __attribute__((noreturn, format(printf, 1, 2)))
die(const char *fmt, ...)
{
	va_list ap;

	fputs("syswarden: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	sw_supervisor_free(the_sup);
	exit(1);
}

static void usage(FILE *f)
{
	fputs("Usage: syswarden [OPTIONS] [--] COMMAND [ARGS...]\n"
	      "       syswarden [OPTIONS] -p PID[,PID...] [-- COMMAND...]\n"
	      "\n"
	      "Traces every syscall of COMMAND, or of the running processes\n"
	      "PID, with every thread, fork and exec, in strace's format.\n"
	      "\n"
	      "  -o FILE          write the trace to FILE (default: stderr)\n"
	      "  -s N             show at most N bytes of each string (32)\n"
	      "  -e trace=SET     show only the syscalls in SET: names,\n"
	      "                   %file %process %network %signal %desc\n"
	      "                   %memory %ipc, /regex, all, none; a leading\n"
	      "                   '!' inverts the set; a name may take a\n"
	      "                   condition: 'write(fd == 2)',\n"
	      "                   'openat(flags & O_CREAT)', with == != < <=\n"
	      "                   > >= in LO..HI & && || ! and constants\n"
	      "  -e status=SET    show only calls that are successful,\n"
	      "                   failed (or all), printed whole at exit\n"
	      "  -p PID[,PID...]  attach to running processes (repeatable);\n"
	      "                   SIGINT, SIGTERM, SIGHUP or SIGQUIT detaches\n"
	      "  -f               accepted for strace compatibility: forks\n"
	      "                   are always followed\n"
	      "  --seccomp=auto|on|off\n"
	      "                   let a seccomp-bpf filter stop a launched\n"
	      "                   command only at syscalls in the trace set\n"
	      "                   (auto: when it helps and works)\n"
	      "  --entry-only     print calls at entry, without results\n"
	      "                   (\"= ?\"): one stop per selected call\n"
	      "  --plugin PATH[:KEY=VAL,...]\n"
	      "                   load a plugin with its options\n"
	      "                   (repeatable); a PATH without '/' is looked\n"
	      "                   for in $SYSWARDEN_PLUGIN_PATH, then in\n"
	      "                   " SW_PLUGIN_DIR "\n"
	      "  --plugin-help PATH\n"
	      "                   describe a plugin and its options\n"
	      "  --stats          print how many ptrace stops it took\n"
	      "  --registers-only decode from registers, not\n"
	      "                   PTRACE_GET_SYSCALL_INFO (for testing)\n"
	      "  -h, --help       show this help\n"
	      "  -V, --version    show the version\n",
	      f);
}

static void parse_pids(struct cli *cli, const char *arg)
{
	char *copy = strdup(arg), *tok, *save = NULL;
	char *end;
	long v;

	if (!copy)
		die("out of memory");
	for (tok = strtok_r(copy, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		errno = 0;
		v = strtol(tok, &end, 10);
		if (errno || *end || v <= 0 || v > 0x7fffffff)
			die("-p %s: '%s' is not a process id", arg, tok);
		if (cli->npids == MAX_PIDS)
			die("-p: at most %d processes", MAX_PIDS);
		cli->pids[cli->npids++] = (pid_t)v;
	}
	free(copy);
}

/* -e QUALIFIER=VALUE, or a bare trace set ("-e open" means "-e
 * trace=open").  A qualifier is a word: "write(fd == 1)" has an '=' but
 * is a trace set. */
static void parse_qualifier(struct cli *cli, const char *arg)
{
	const char *eq = arg + strspn(arg, "abcdefghijklmnopqrstuvwxyz_");

	if (eq == arg || *eq != '=') {
		cli->trace = arg;
		return;
	}
	if ((size_t)(eq - arg) == 5 && !strncmp(arg, "trace", 5)) {
		cli->trace = eq + 1;
		return;
	}
	if ((size_t)(eq - arg) == 6 && !strncmp(arg, "status", 6)) {
		cli->status = eq + 1;
		return;
	}
	die("-e %s: unsupported qualifier '%.*s' (supported: trace=SET, "
	    "status=SET)",
	    arg, (int)(eq - arg), arg);
}

static enum sw_seccomp parse_seccomp(const char *arg)
{
	if (!strcmp(arg, "auto"))
		return SW_SECCOMP_AUTO;
	if (!strcmp(arg, "on"))
		return SW_SECCOMP_ON;
	if (!strcmp(arg, "off"))
		return SW_SECCOMP_OFF;
	die("--seccomp=%s: expected auto, on or off", arg);
}

/* A statically linked syswarden has no dynamic loader to load a plugin
 * with (and a plugin would bring a second libsyswarden). */
static void refuse_plugins_if_static(const char *opt, const char *arg)
{
#ifdef SW_STATIC_CLI
	die("%s %s: this syswarden is statically linked and cannot load "
	    "plugins; use a build without -Dstatic_cli=true",
	    opt, arg);
#endif
}

static void __attribute__((noreturn)) plugin_help(const char *path)
{
	char err[512];

	refuse_plugins_if_static("--plugin-help", path);
	if (sw_plugin_help(path, stdout, err, sizeof(err)) < 0)
		die("--plugin-help %s: %s", path, err);
	exit(0);
}

static void parse_args(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "registers-only", no_argument, NULL, 'R' },
		{ "seccomp", required_argument, NULL, 'S' },
		{ "entry-only", no_argument, NULL, 'E' },
		{ "stats", no_argument, NULL, 'T' },
		{ "plugin", required_argument, NULL, 'P' },
		{ "plugin-help", required_argument, NULL, 'H' },
		{ NULL, 0, NULL, 0 },
	};
	char *end;
	int c;

	cli->string_limit = 32;
	while ((c = getopt_long(argc, argv, "+ho:s:e:p:fV", longopts, NULL)) !=
	       -1) {
		switch (c) {
		case 'o':
			cli->outfile = optarg;
			break;
		case 's':
			errno = 0;
			cli->string_limit = strtol(optarg, &end, 10);
			if (errno || *end || cli->string_limit < 0 ||
			    cli->string_limit > 1 << 20)
				die("-s %s: expected a number of bytes from 0 "
				    "to 1048576",
				    optarg);
			break;
		case 'e':
			parse_qualifier(cli, optarg);
			break;
		case 'p':
			parse_pids(cli, optarg);
			break;
		case 'f':
			break;
		case 'R':
			cli->registers_only = true;
			break;
		case 'S':
			cli->seccomp = parse_seccomp(optarg);
			break;
		case 'E':
			cli->entry_only = true;
			break;
		case 'T':
			cli->stats = true;
			break;
		case 'P':
			refuse_plugins_if_static("--plugin", optarg);
			if (cli->nplugins == MAX_PLUGINS)
				die("--plugin: at most %d plugins",
				    MAX_PLUGINS);
			cli->plugins[cli->nplugins++] = optarg;
			break;
		case 'H':
			plugin_help(optarg);
		case 'V':
			printf("syswarden %s (libsyswarden %u.%u.%u)\n",
			       SW_PACKAGE_VERSION, sw_version() >> 16,
			       (sw_version() >> 8) & 0xff, sw_version() & 0xff);
			exit(0);
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			exit(1);
		}
	}
	cli->argv = argv + optind;
	if (!cli->argv[0] && !cli->npids) {
		fputs("syswarden: must have a COMMAND to run or -p PID\n",
		      stderr);
		usage(stderr);
		exit(1);
	}
}

static void on_stop_signal(int sig)
{
	if (the_sup)
		sw_request_stop(the_sup, sig);
}

static void install_signals(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop_signal; /* no SA_RESTART: waitpid() wakes */
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
}

static FILE *open_output(const char *path)
{
	FILE *f;

	if (!path)
		return stderr;
	f = fopen(path, "we");
	if (!f)
		die("-o %s: %s", path, strerror(errno));
	setvbuf(f, NULL, _IOFBF, 1 << 16);
	return f;
}

static void configure(struct sw_supervisor *sup, const struct cli *cli)
{
	char err[256];

	sw_set_string_limit(sup, (unsigned int)cli->string_limit);
	sw_set_registers_only(sup, cli->registers_only);
	sw_set_seccomp(sup, cli->seccomp);
	sw_set_entry_only(sup, cli->entry_only);
	if (cli->trace && sw_set_trace(sup, cli->trace, err, sizeof(err)) < 0)
		die("-e trace=%s: %s", cli->trace, err);
	if (cli->status && cli->entry_only)
		die("-e status=%s: needs results, so not with --entry-only",
		    cli->status);
	if (cli->status &&
	    sw_set_status(sup, cli->status, err, sizeof(err)) < 0)
		die("-e status=%s: %s", cli->status, err);
}

static void load_plugins(struct sw_supervisor *sup, const struct cli *cli)
{
	char err[512];
	unsigned int i;

	for (i = 0; i < cli->nplugins; i++)
		if (sw_plugin_load(sup, cli->plugins[i], err, sizeof(err)) < 0)
			die("--plugin %s: %s", cli->plugins[i], err);
}

static void __attribute__((noreturn)) die_of_signal(int sig);

static void start(struct sw_supervisor *sup, const struct cli *cli)
{
	unsigned int i;
	int r;

	for (i = 0; i < cli->npids; i++) {
		r = sw_attach(sup, cli->pids[i]);
		if (r == -ESRCH)
			die("-p %d: no such process", cli->pids[i]);
		if (r == -EINVAL)
			die("-p %d: that is syswarden itself", cli->pids[i]);
		if (r == -EPERM)
			die("-p %d: attach not permitted (is it traced "
			    "already? see also kernel.yama.ptrace_scope)",
			    cli->pids[i]);
		if (r < 0)
			die("-p %d: %s", cli->pids[i], strerror(-r));
		fprintf(stderr, "syswarden: Process %d attached\n",
			cli->pids[i]);
	}
	if (!cli->argv[0])
		return;
	r = sw_spawn(sup, cli->argv);
	if (r == -ENOENT || r == -EACCES) {
		fprintf(
		    stderr, "syswarden: cannot run '%s': %s\n", cli->argv[0],
		    r == -ENOENT ? "command not found" : "permission denied");
		sw_supervisor_free(sup);
		exit(r == -ENOENT ? 127 : 126);
	}
	if (r == -ENOSYS)
		die("--seccomp=on: seccomp-bpf cannot be used here (no kernel "
		    "support, or a filter forbids ours); use --seccomp=auto");
	if (r == -EINTR && sw_stop_signal(sup))
		die_of_signal(sw_stop_signal(sup));
	if (r == -E2BIG)
		die("--seccomp=on: the seccomp filter of this selection is too "
		    "large for the kernel (4096 BPF instructions); use "
		    "--seccomp=auto (calls with conditions then stop whole) or "
		    "fewer conditions");
	if (r == -ETIMEDOUT)
		die("--seccomp=on: building the seccomp filter of this "
		    "selection took too long; use --seccomp=auto (calls with "
		    "conditions then stop whole) or fewer conditions");
	if (r < 0)
		die("cannot start '%s': %s", cli->argv[0], strerror(-r));
}

/* Dies of @sig as the traced command did, without dumping our core. */
static void __attribute__((noreturn)) die_of_signal(int sig)
{
	struct rlimit none = { 0, 0 };
	sigset_t set;

	setrlimit(RLIMIT_CORE, &none);
	signal(sig, SIG_DFL);
	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	raise(sig);
	exit(128 + sig);
}

static int finish(struct sw_supervisor *sup, const struct cli *cli, FILE *out,
		  int run)
{
	int stop_sig = sw_stop_signal(sup);
	int status, have = sw_wait_status(sup, &status) == 0;
	unsigned int i;

	if (run < 0)
		fprintf(stderr, "syswarden: %s\n", strerror(-run));
	if (cli->stats)
		fprintf(stderr, "syswarden: stops: %lu\n", sw_stop_count(sup));
	if (stop_sig)
		for (i = 0; i < cli->npids; i++)
			fprintf(stderr, "syswarden: Process %d detached\n",
				cli->pids[i]);
	sw_supervisor_free(sup);
	the_sup = NULL;
	if (out != stderr && fclose(out) == EOF)
		fprintf(stderr, "syswarden: -o %s: %s\n", cli->outfile,
			strerror(errno));
	if (have && WIFSIGNALED(status) && !stop_sig)
		die_of_signal(WTERMSIG(status));
	if (stop_sig && cli->argv[0])
		die_of_signal(stop_sig);
	if (have && WIFEXITED(status))
		return WEXITSTATUS(status);
	return run < 0 ? 1 : 0;
}

int main(int argc, char **argv)
{
	struct cli cli = { 0 };
	FILE *out;
	int r;

	/* Out of the tracees' reach: a process of the same user can ptrace
	 * a dumpable one, and read and write its memory (process_vm_*,
	 * /proc/PID/mem), which holds what hooks and plugins enforce. */
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
		die("cannot make itself non-dumpable: %s", strerror(errno));
	parse_args(&cli, argc, argv);
	r = sw_supervisor_new(&the_sup);
	if (r < 0)
		die("%s", strerror(-r));
	configure(the_sup, &cli);
	load_plugins(the_sup, &cli);
	/* Only once the options are good: -o must not empty a file for a
	 * run that never starts. */
	out = open_output(cli.outfile);
	sw_set_output(the_sup, out);
	install_signals();
	start(the_sup, &cli);
	/* Only now: an ignored signal survives execve, and the command must
	 * start with the dispositions it would have had without us.  A
	 * closed -o pipe then shows as a write error, not as our death. */
	signal(SIGPIPE, SIG_IGN);
	r = sw_run(the_sup);
	return finish(the_sup, &cli, out, r);
}

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
 * command that cannot be found or run, 127 or 126.  When a budget fired
 * (with any --on-limit action but errno=), SW_EXIT_ENFORCED (86).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
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

#include "cli.h"
#include "policy.h"

static struct sw_supervisor *the_sup;
static FILE *the_timeline; /* --timeline FILE */

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

static void on_stop_signal(int sig)
{
	if (the_sup)
		sw_request_stop(the_sup, sig);
}

static void install_signals(struct sw_supervisor *sup)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
	struct sigaction sa, old;
	sigset_t ignored;
	size_t i;

	/* Ignored at our start (nohup, a shell's background job): handled
	 * here all the same, and ignored in the command as without us. */
	sigemptyset(&ignored);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (sigaction(sigs[i], NULL, &old) == 0 &&
		    old.sa_handler == SIG_IGN)
			sigaddset(&ignored, sigs[i]);
	sw_set_command_ignores(sup, &ignored);

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop_signal; /* no SA_RESTART: waitpid() wakes */
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
	/*
	 * No SIGCHLD for a tracee's stops (waitpid() is woken all the same,
	 * kernel/signal.c do_notify_parent_cldstop()).  A tracee that traces
	 * syswarden back (root can) would hold it: the SIGCHLD of the
	 * tracee's exit-event stop puts syswarden in a signal-delivery-stop
	 * that only the stopped tracee could end.  Exec clears the flag.
	 */
	sa.sa_handler = SIG_DFL;
	sa.sa_flags = SA_NOCLDSTOP;
	sigaction(SIGCHLD, &sa, NULL);
}

/* -P PATH: the path as given and, as strace does, what it resolves to. */
static void trace_path(struct sw_supervisor *sup, const struct cli *cli,
		       const char *path)
{
	char *real = realpath(path, NULL);

	if (sw_add_trace_path(sup, path) < 0 ||
	    (real && sw_add_trace_path(sup, real) < 0))
		die("-P %s: out of memory", path);
	if (real && strcmp(real, path) && !(cli->quiet & CLI_QUIET_PATH))
		fprintf(stderr,
			"syswarden: Requested path \"%s\" resolved into "
			"\"%s\"\n",
			path, real);
	free(real);
}

/* -u USER: its uid, gid and groups, for the command. */
static void run_as(struct sw_supervisor *sup, const char *user)
{
	struct passwd *pw = getpwnam(user);
	gid_t groups[256];
	int n = 256;

	if (!pw)
		die("-u %s: no such user", user);
	if (getgrouplist(user, pw->pw_gid, groups, &n) < 0)
		die("-u %s: in more than 256 groups", user);
	if (sw_set_user(sup, pw->pw_uid, pw->pw_gid, groups, (size_t)n) < 0)
		die("-u %s: out of memory", user);
}

/* -e inject=, -e fault=, --deny, in their order. */
static void set_rules(struct sw_supervisor *sup, const struct cli *cli)
{
	static const char *const spelled[] = { "-e inject=", "-e fault=",
					       "--deny " };
	char err[512];
	unsigned int i;

	for (i = 0; i < cli->nrules; i++)
		if (sw_add_rule(sup, cli->rules[i].kind, cli->rules[i].text,
				err, sizeof(err)) < 0)
			die("%s%s: %s", spelled[cli->rules[i].kind],
			    cli->rules[i].text, err);
}

/* The -e qualifiers of enum sw_decode_set, for messages. */
static const char *const decode_set_names[] = { "raw", "verbose", "abbrev" };

static void set_filters(struct sw_supervisor *sup, const struct cli *cli)
{
	char err[512];
	unsigned int i;

	if (cli->trace && sw_set_trace(sup, cli->trace, err, sizeof(err)) < 0)
		die("-e trace=%s: %s", cli->trace, err);
	for (i = 0; i < sizeof(cli->decode_sets) / sizeof(cli->decode_sets[0]);
	     i++)
		if (cli->decode_sets[i] &&
		    sw_set_decode_set(sup, (enum sw_decode_set)i,
				      cli->decode_sets[i], err,
				      sizeof(err)) < 0)
			die("-e %s=%s: %s", decode_set_names[i],
			    cli->decode_sets[i], err);
	if (cli->status && cli->entry_only)
		die("-e status=%s: needs results, so not with --entry-only",
		    cli->status);
	if (cli->status &&
	    sw_set_status(sup, cli->status, err, sizeof(err)) < 0)
		die("-e status=%s: %s", cli->status, err);
	if (cli->signals &&
	    sw_set_signals(sup, cli->signals, err, sizeof(err)) < 0)
		die("-e signal=%s: %s", cli->signals, err);
	if (cli->read_fds &&
	    sw_set_dump(sup, SW_DUMP_READ, cli->read_fds, err, sizeof(err)) < 0)
		die("-e read=%s: %s", cli->read_fds, err);
	if (cli->write_fds && sw_set_dump(sup, SW_DUMP_WRITE, cli->write_fds,
					  err, sizeof(err)) < 0)
		die("-e write=%s: %s", cli->write_fds, err);
	for (i = 0; i < cli->npaths; i++)
		trace_path(sup, cli, cli->paths[i]);
	set_rules(sup, cli);
}

/* -t, -r, -T; -c, -C and their layout. */
static void configure_timing(struct sw_supervisor *sup, const struct cli *cli)
{
	char err[512];

	if (sw_set_timestamps(sup, cli->stamp, cli->stamp_digits,
			      cli->rel_digits, cli->call_digits) < 0)
		die("-t, -r, -T: bad precision");
	if (!cli->summary)
		return;
	if (sw_set_summary(sup,
			   SW_SUMMARY_ON |
			       (cli->summary_wall ? SW_SUMMARY_WALL_CLOCK : 0),
			   cli->sort_by, cli->columns, err, sizeof(err)) < 0)
		die("%s", err);
}

static void set_stack(struct sw_supervisor *sup, const struct cli *cli)
{
	int r;

	if (!cli->stack)
		return;
	r = sw_set_stack_trace(sup, cli->stack);
	if (r == -ENOTSUP)
		die("-k: this syswarden was built without libunwind and "
		    "elfutils (libunwind-dev, libdw-dev; a static build has "
		    "no stack traces)");
	if (r < 0)
		die("-k: %s", strerror(-r));
}

/* "EMFILE" or "24": its number, or -1. */
static int errno_by_name(const char *name)
{
	const char *n;
	char *end;
	long v = strtol(name, &end, 10);
	int e;

	if (*name && !*end)
		return v > 0 && v < 4096 ? (int)v : -1;
	for (e = 1; e < 4096; e++)
		if ((n = strerrorname_np(e)) && !strcmp(n, name))
			return e;
	return -1;
}

static void set_on_limit(struct sw_supervisor *sup, const char *how)
{
	int e = 0;
	enum sw_on_limit act;

	if (!how || !strcmp(how, "kill"))
		act = SW_ON_LIMIT_KILL;
	else if (!strcmp(how, "end-thread"))
		act = SW_ON_LIMIT_END_THREAD;
	else if (!strcmp(how, "detach"))
		act = SW_ON_LIMIT_DETACH;
	else if (!strncmp(how, "errno=", 6) && (e = errno_by_name(how + 6)) > 0)
		act = SW_ON_LIMIT_ERRNO;
	else
		die("--on-limit %s: expected kill, errno=E (EMFILE, EAGAIN, or "
		    "a number), end-thread or detach",
		    how);
	sw_set_on_limit(sup, act, e);
}

/* One budget, "SET=N" or "SET=N:per-thread"; @spelled names its
 * option for messages. */
static void add_budget(struct sw_supervisor *sup, const char *spec,
		       const char *spelled)
{
	char set[1024], err[512], *eq, *end;
	unsigned long long n;
	bool per_thread = false;

	if (strlen(spec) >= sizeof(set))
		die("%s %s: too long", spelled, spec);
	strcpy(set, spec);
	end = strstr(set, ":per-thread");
	if (end && !end[11]) {
		per_thread = true;
		*end = '\0';
	}
	eq = strrchr(set, '=');
	if (!eq)
		die("%s %s: expected SET=N", spelled, spec);
	*eq = '\0';
	errno = 0;
	n = strtoull(eq + 1, &end, 10);
	if (!eq[1] || *end || errno || eq[1] == '-')
		die("%s %s: '%s' is not a number of calls (0 or more; "
		    "':per-thread' may follow)",
		    spelled, spec, eq + 1);
	if (sw_add_budget(sup, set, n, per_thread, err, sizeof(err)) < 0)
		die("%s %s: %s", spelled, spec, err);
}

static void set_budgets(struct sw_supervisor *sup, const struct cli *cli)
{
	char err[512];
	unsigned int i;

	if (cli->count_in && !strcmp(cli->count_in, "kernel"))
		sw_set_budget_counting(sup, SW_COUNT_KERNEL);
	else if (cli->count_in && !strcmp(cli->count_in, "stops"))
		sw_set_budget_counting(sup, SW_COUNT_STOPS);
	set_on_limit(sup, cli->on_limit);
	if (cli->syscall_limit &&
	    sw_add_budget(sup, "all", (unsigned long long)cli->syscall_limit,
			  false, err, sizeof(err)) < 0)
		die("--syscall-limit %ld: %s", cli->syscall_limit, err);
	if (cli->thread_limit &&
	    sw_add_budget(sup, "all", (unsigned long long)cli->thread_limit,
			  true, err, sizeof(err)) < 0)
		die("--thread-limit %ld: %s", cli->thread_limit, err);
	for (i = 0; i < cli->nbudgets; i++)
		add_budget(sup, cli->budgets[i], "--budget");
	/* A process let go must not keep a filter that asks for us. */
	if (cli->on_limit && !strcmp(cli->on_limit, "detach"))
		sw_set_seccomp(sup, SW_SECCOMP_OFF);
}

static void configure(struct sw_supervisor *sup, const struct cli *cli)
{
	sw_set_string_limit(sup, (unsigned int)cli->string_limit);
	sw_set_registers_only(sup, cli->registers_only);
	sw_set_seccomp(sup, cli->seccomp);
	if (cli->same_cpu >= 0)
		sw_set_same_cpu(sup, cli->same_cpu);
	if (cli->swap)
		sw_set_swap(sup, cli->swap);
	sw_set_entry_only(sup, cli->entry_only);
	/* strace -f -o FILE starts every line with "PID ". */
	sw_set_display(
	    sup,
	    cli->display |
		(cli->follow == 1 && cli->outfile ? SW_DISPLAY_PID_ALWAYS : 0),
	    (unsigned int)cli->align);
	sw_set_quiet(sup, (cli->quiet & CLI_QUIET_EXIT ? SW_QUIET_EXIT : 0) |
			      (cli->quiet & CLI_QUIET_THREAD_EXECVE
				   ? SW_QUIET_THREAD_EXECVE
				   : 0));
	sw_set_detach_on_execve(sup, cli->detach_on_execve);
	sw_set_signal_detaches(sup, cli->on_signal == CLI_ON_SIGNAL_DETACH);
	if (cli->seccomp == SW_SECCOMP_ON &&
	    (cli->detach_on_execve || cli->on_signal == CLI_ON_SIGNAL_DETACH))
		die("--seccomp=on: not with %s: a process let go would keep "
		    "the filter, and fail every call it selects",
		    cli->detach_on_execve ? "-b execve" : "--on-signal=detach");
	set_filters(sup, cli);
	configure_timing(sup, cli);
	set_stack(sup, cli);
	set_budgets(sup, cli);
	if (cli->user)
		run_as(sup, cli->user);
}

static void load_plugins(struct sw_supervisor *sup, const struct cli *cli)
{
	char err[512];
	unsigned int i;

	for (i = 0; i < cli->nplugins; i++)
		if (sw_plugin_load(sup, cli->plugins[i], err, sizeof(err)) < 0)
			die("--plugin %s: %s", cli->plugins[i], err);
}

static void attach(struct sw_supervisor *sup, const struct cli *cli, pid_t pid)
{
	int r = sw_attach(sup, pid);

	if (r == -ESRCH)
		die("-p %d: no such process", pid);
	if (r == -EINVAL)
		die("-p %d: that is syswarden itself", pid);
	if (r == -EPERM)
		die("-p %d: attach not permitted (is it traced already? see "
		    "also kernel.yama.ptrace_scope)",
		    pid);
	if (r < 0)
		die("-p %d: %s", pid, strerror(-r));
	if (!(cli->quiet & CLI_QUIET_ATTACH))
		fprintf(stderr, "syswarden: Process %d attached\n", pid);
}

static void __attribute__((noreturn)) die_of_signal(int sig);

static void start(struct sw_supervisor *sup, const struct cli *cli)
{
	unsigned int i;
	int r;

	for (i = 0; i < cli->npids; i++)
		attach(sup, cli, cli->pids[i]);
	if (!cli->argv[0])
		return;
	cli_set_env(cli);
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

/*
 * -D, -DD, -DDD: syswarden's own process becomes the command, and the
 * tracer runs as its grandchild (in a process group, or a session, of its
 * own), as strace does.  Returns in the tracer only.
 */
static void daemonize(struct sw_supervisor *sup, const struct cli *cli)
{
	pid_t self = getpid(), pid;
	int ready[2], r;
	char c, *path;

	if (pipe2(ready, O_CLOEXEC) < 0)
		die("-D: %s", strerror(errno));
	fflush(NULL);
	/* The command is to be traced by its grandchild: dumpable, or a
	 * tracer without CAP_SYS_PTRACE could not attach; the tracer makes
	 * itself non-dumpable again. */
	prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
	pid = fork();
	if (pid < 0)
		die("-D: %s", strerror(errno));
	if (pid > 0) { /* the command, once the tracer has it */
		close(ready[1]);
		waitpid(pid, NULL, 0);
		if (read(ready[0], &c, 1) != 1)
			_exit(1); /* the tracer said why */
		cli_set_env(cli);
		path = cli_find_command(cli->argv[0]);
		if (path)
			execv(path, cli->argv);
		r = errno;
		fprintf(stderr, "syswarden: cannot run '%s': %s\n",
			cli->argv[0], strerror(r));
		_exit(r == ENOENT ? 127 : 126);
	}
	close(ready[0]);
	if (cli->daemonize == 2)
		setpgid(0, 0);
	if (cli->daemonize == 3)
		setsid();
	pid = fork();
	if (pid != 0)
		_exit(pid < 0);
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
		die("-D: cannot make itself non-dumpable: %s", strerror(errno));
	r = sw_attach_command(sup, self);
	if (r < 0)
		die("-D: cannot trace process %d: %s", self, strerror(-r));
	if (write(ready[1], "", 1) != 1)
		die("-D: %s", strerror(errno));
	close(ready[1]);
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

/* --timeline FILE: written beside the trace, ended at the run's end. */
static void open_timeline(struct sw_supervisor *sup, const char *path)
{
	the_timeline = fopen(path, "we");
	if (!the_timeline)
		die("--timeline %s: %s", path, strerror(errno));
	setvbuf(the_timeline, NULL, _IOFBF, 1 << 16);
	if (sw_add_output(sup, SW_OUTPUT_TIMELINE, the_timeline) < 0)
		die("--timeline %s: out of memory", path);
}

/* --stats: syswarden's peak resident memory, VmHWM (getrusage()'s
 * ru_maxrss would count what the process that exec'd us had). */
static void print_peak_memory(void)
{
	char line[128];
	FILE *f = fopen("/proc/self/status", "re");

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, "VmHWM:", 6))
			fprintf(stderr, "syswarden: peak memory: %ld KiB\n",
				strtol(line + 6, NULL, 10));
	if (f)
		fclose(f);
}

static int finish(struct sw_supervisor *sup, const struct cli *cli, FILE *out,
		  int run)
{
	int stop_sig = sw_stop_signal(sup);
	int status, have = sw_wait_status(sup, &status) == 0, r;
	const char *why = "";
	bool enforced;
	unsigned int i;

	if (run < 0)
		fprintf(stderr, "syswarden: %s\n", strerror(-run));
	if (cli->stats) {
		fprintf(stderr, "syswarden: stops: %lu\n", sw_stop_count(sup));
		print_peak_memory();
	}
	r = cli->summary ? sw_write_summary(sup, out) : 0;
	if (r < 0)
		fprintf(stderr, "syswarden: the summary: %s\n", strerror(-r));
	if (cli->stats && strcmp(sw_budget_counting(sup, &why), "none"))
		fprintf(stderr, "syswarden: budgets counted: %s%s%s%s\n",
			sw_budget_counting(sup, NULL), *why ? " (" : "", why,
			*why ? ")" : "");
	if (cli->report && (r = sw_write_report(sup, cli->report)) < 0)
		fprintf(stderr, "syswarden: --report %s: %s\n", cli->report,
			strerror(-r));
	enforced = sw_enforced(sup);
	if (stop_sig && !(cli->quiet & CLI_QUIET_ATTACH))
		for (i = 0; i < cli->npids; i++)
			fprintf(stderr, "syswarden: Process %d detached\n",
				cli->pids[i]);
	sw_supervisor_free(sup);
	the_sup = NULL;
	if (the_timeline && fclose(the_timeline) == EOF)
		fprintf(stderr, "syswarden: --timeline %s: %s\n", cli->timeline,
			strerror(errno));
	if (cli_close_output(out) == EOF)
		fprintf(stderr, "syswarden: -o %s: %s\n", cli->outfile,
			strerror(errno));
	if (enforced)
		return SW_EXIT_ENFORCED;
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
	cli_parse(&cli, argc, argv);
	if (cli.policy)
		policy_load(&cli);
	r = sw_supervisor_new(&the_sup);
	if (r < 0)
		die("%s", strerror(-r));
	configure(the_sup, &cli);
	load_plugins(the_sup, &cli);
	/* Only once the options are good: -o must not empty a file for a
	 * run that never starts. */
	if (cli.follow > 1) {
		/* -ff: one PREFIX.TID file per task. */
		out = stderr;
		sw_set_output(the_sup, out);
		if (sw_set_output_per_task(the_sup, cli.outfile) < 0)
			die("-ff -o %s: out of memory", cli.outfile);
	} else {
		out = cli_open_output(&cli);
		/* -c: the summary alone, at the end; --json: objects */
		sw_set_output(
		    the_sup,
		    cli.json || cli.summary == CLI_SUMMARY_ONLY ? NULL : out);
		if (cli.json && sw_add_output(the_sup, SW_OUTPUT_JSON, out) < 0)
			die("--json: out of memory");
	}
	if (cli.timeline)
		open_timeline(the_sup, cli.timeline);
	install_signals(the_sup);
	if (cli.daemonize)
		daemonize(the_sup, &cli);
	else
		start(the_sup, &cli);
	/* Only now: an ignored signal survives execve, and the command must
	 * start with the dispositions it would have had without us.  A
	 * closed -o pipe then shows as a write error, not as our death. */
	signal(SIGPIPE, SIG_IGN);
	cli_block_signals(cli.interruptible);
	r = sw_run(the_sup);
	return finish(the_sup, &cli, out, r);
}

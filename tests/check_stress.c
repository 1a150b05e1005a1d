// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * syswarden tests - stress with exact answers.
 *
 * Many threads, many forks, a tree of hundreds of live processes, a
 * storm of signals, attach and detach again and again, and syswarden
 * killed mid-run.  The stress helper checks what it saw itself; these
 * tests check every line of the trace against it: each call of each
 * thread, each exit status, each signal delivery.  Runs as check_trace
 * does: fork mode, a child subreaper, nothing left running.
 */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <syswarden/syswarden.h>

#include "checkmain.h"
#include "testutil.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define THREADS 64
#define CALLS 1000
#define BUDGET 1000
#define FORKS 1000
#define TREE_BRANCH "3"
#define TREE_DEPTH "5"
#define TREE_NODES (3 + 9 + 27 + 81 + 243)
#define SIGNAL_ROUNDS "40"
#define ATTACH_ROUNDS 50
#define KILL_ROUNDS 30
#define LAUNCH_KILL_ROUNDS 50

static void setup(void)
{
	reaper_begin();
}

static void teardown(void)
{
	reap_check(3000);
}

/* Calls @fn on each line of @text (without its newline). */
static void each_line(const char *text, void (*fn)(const char *, void *),
		      void *data)
{
	char *copy = strdup(text), *save = NULL, *line;

	ck_assert_ptr_nonnull(copy);
	for (line = strtok_r(copy, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		fn(line, data);
	free(copy);
}

START_TEST(test_trace_join)
{
	const char *in = "clone(0x11 <unfinished ...>\n"
			 "[pid 7] getpid() = 7\n"
			 "[pid 6] <... clone resumed>) = 7\n"
			 "[pid 1] lseek(-1, 5, SEEK_SET <unfinished ...>\n"
			 "[pid 2] getpid( <unfinished ...>\n"
			 "[pid 1] <... lseek resumed>) = -1 EBADF\n"
			 "[pid 2] +++ killed by SIGKILL +++\n"
			 "[pid 3] read(0 <unfinished ...>\n"
			 "[pid 3] <... write resumed>) = 1\n"
			 "[pid 4] exit(0 <unfinished ...>\n";
	const char *out = "[pid 7] getpid() = 7\n"
			  "[pid 6] clone(0x11) = 7\n"
			  "[pid 1] lseek(-1, 5, SEEK_SET) = -1 EBADF\n"
			  "[pid 2] getpid( <unfinished ...>\n"
			  "[pid 2] +++ killed by SIGKILL +++\n"
			  "[pid 3] read(0 <unfinished ...>\n"
			  "[pid 3] <... write resumed>) = 1\n"
			  "[pid 4] exit(0 <unfinished ...>\n";
	char *joined = trace_join(in);

	ck_assert_str_eq(joined, out);
	free(joined);
}
END_TEST

/* -- threads -- */

/* What the trace showed of one helper thread. */
struct thread_seen {
	int tid;
	long index; /* the thread's number in the helper, -1: unknown */
	long lseeks; /* its lseek calls, in order */
	long calls; /* every call it finished (not "= ?") */
	long ended; /* calls shown as ended ("= ?") */
	int limit_reports, exits, exit_code;
	int after_end; /* lines after its exit or its ended call */
};

struct threads_seen {
	struct thread_seen t[THREADS + 1];
	int n;
	int bad_lines; /* lseek lines that do not parse or are out of
			* order */
	char first_bad[256];
};

static struct thread_seen *seen_of(struct threads_seen *s, int tid)
{
	int i;

	for (i = 0; i < s->n; i++)
		if (s->t[i].tid == tid)
			return &s->t[i];
	ck_assert_int_lt(s->n, THREADS + 1);
	s->t[s->n] = (struct thread_seen){ .tid = tid, .index = -1 };
	return &s->t[s->n++];
}

static void bad_line(struct threads_seen *s, const char *line)
{
	if (!s->bad_lines++)
		snprintf(s->first_bad, sizeof(s->first_bad), "%s", line);
}

/* One lseek line: the thread's number and its call's, in order, each
 * failing with EBADF (or "= ?", ended by the budget). */
static void lseek_line(struct threads_seen *s, struct thread_seen *t,
		       const char *body, const char *line)
{
	long v, index, nth;
	int len = 0;

	if (sscanf(body, "lseek(-1, %ld, SEEK_SET) = %n", &v, &len) != 1 ||
	    !len) {
		bad_line(s, line);
		return;
	}
	index = v / 1000000;
	nth = v % 1000000;
	if (t->index < 0)
		t->index = index;
	if (index != t->index || nth != t->lseeks)
		bad_line(s, line);
	t->lseeks++;
	if (strcmp(body + len, "-1 EBADF (Bad file descriptor)") &&
	    strcmp(body + len, "?"))
		bad_line(s, line);
}

static void thread_line(const char *line, void *data)
{
	struct threads_seen *s = data;
	const char *body;
	int code, tid = line_tid(line, &body);
	struct thread_seen *t;

	if (!tid)
		return; /* the main thread before it made any other */
	t = seen_of(s, tid);
	if (t->exits || t->ended)
		t->after_end++;
	if (sscanf(body, "+++ exited with %d +++", &code) == 1) {
		t->exits++;
		t->exit_code = code;
		return;
	}
	if (strstr(body, "### syscall_limiter: ")) {
		t->limit_reports++;
		return;
	}
	if (!strncmp(body, "lseek(", 6))
		lseek_line(s, t, body, line);
	if (!strncmp(body, "lseek(", 6) && strstr(body, ") = ?"))
		t->ended++;
	else if (strstr(body, ") = ") && !strstr(body, ") = ?"))
		t->calls++;
}

/* The helper's own account: "t tid calls" a thread. */
static void read_thread_file(const char *path, int *tids, long *calls)
{
	FILE *f = fopen(path, "re");
	long t, c;
	int tid, n = 0;

	ck_assert_ptr_nonnull(f);
	while (fscanf(f, "%ld %d %ld", &t, &tid, &c) == 3) {
		ck_assert(t >= 0 && t < THREADS);
		tids[t] = tid;
		calls[t] = c;
		n++;
	}
	fclose(f);
	ck_assert_int_eq(n, THREADS);
}

/* Runs the threads helper under syswarden with @extra options before
 * it; fills @s from the trace, @tids and @calls from the helper. */
static void run_threads(const char *const *extra, const char *calls_arg,
			int code, struct threads_seen *s, int *tids,
			long *calls)
{
	char file[] = "/tmp/sw-stress-XXXXXX", nthreads[16];
	const char *args[16];
	int i, n = 0, fd = mkstemp(file);
	struct run r;
	char *joined;

	ck_assert_int_ge(fd, 0);
	close(fd);
	snprintf(nthreads, sizeof(nthreads), "%d", THREADS);
	for (i = 0; extra[i]; i++)
		args[n++] = extra[i];
	args[n++] = "--";
	args[n++] = helper("stress");
	args[n++] = "threads";
	args[n++] = nthreads;
	args[n++] = calls_arg;
	args[n++] = file;
	args[n] = NULL;
	run_syswarden(&r, args);
	ck_exited(r.status, code);
	read_thread_file(file, tids, calls);
	unlink(file);
	joined = trace_join(r.trace);
	memset(s, 0, sizeof(*s));
	each_line(joined, thread_line, s);
	free(joined);
	run_free(&r);
	ck_assert_msg(!s->bad_lines, "%d wrong lseek lines, the first:\n%s",
		      s->bad_lines, s->first_bad);
}

/* The trace's record of helper thread @t (tid @tid). */
static struct thread_seen *seen_thread(struct threads_seen *s, long t, int tid)
{
	int i;

	for (i = 0; i < s->n; i++)
		if (s->t[i].tid == tid) {
			ck_assert_int_eq(s->t[i].index, t);
			return &s->t[i];
		}
	ck_abort_msg("thread %ld (tid %d) is not in the trace", t, tid);
	return NULL;
}

static void check_threads(const char *const *extra)
{
	struct threads_seen s;
	int tids[THREADS], exits = 0, i;
	long calls[THREADS], t;
	struct thread_seen *w;
	char n[16];

	snprintf(n, sizeof(n), "%d", CALLS);
	run_threads(extra, n, 0, &s, tids, calls);
	/* The main thread and THREADS others, nothing more. */
	ck_assert_int_eq(s.n, THREADS + 1);
	for (t = 0; t < THREADS; t++) {
		w = seen_thread(&s, t, tids[t]);
		ck_assert_int_eq(calls[t], CALLS);
		ck_assert_int_eq(w->lseeks, CALLS);
		ck_assert_int_eq(w->ended, 0);
		ck_assert_int_eq(w->exits, 1);
		ck_assert_int_eq(w->exit_code, 0);
		ck_assert_int_eq(w->after_end, 0);
	}
	for (i = 0; i < s.n; i++)
		exits += s.t[i].exits;
	ck_assert_int_eq(exits, THREADS + 1);
}

/* 64 threads x 1000 calls: every call of every thread, in its order,
 * with its tid and result; every thread's exit. */
START_TEST(test_threads_exact)
{
	const char *all[] = { NULL };
	const char *filtered[] = { "-e", "trace=lseek,exit", "--seccomp=on",
				   NULL };

	check_threads(all);
	/* The same through the seccomp pre-filter. */
	check_threads(filtered);
}
END_TEST

/* The same threads, with a budget of BUDGET calls a thread: each makes
 * exactly BUDGET calls, its next is not run, it is ended with
 * SW_EXIT_ENFORCED, and so syswarden exits. */
START_TEST(test_threads_budget)
{
	char plugin[512];
	const char *extra[] = { "--plugin", plugin, NULL };
	const char *dir = getenv("SW_PLUGINS");
	struct threads_seen s;
	int tids[THREADS], reports = 0, i;
	long calls[THREADS], t;
	struct thread_seen *w;

	ck_assert_msg(dir, "SW_PLUGINS is not set");
	snprintf(plugin, sizeof(plugin),
		 "%s/syscall_limiter.so:syscall_thread_limit=%d", dir, BUDGET);
	run_threads(extra, "0", SW_EXIT_ENFORCED, &s, tids, calls);
	for (t = 0; t < THREADS; t++) {
		w = seen_thread(&s, t, tids[t]);
		/* BUDGET calls that ran, then the one that did not. */
		ck_assert_int_eq(w->calls, BUDGET);
		ck_assert_int_eq(w->ended, 1);
		/* The helper counted the one it was ended in too. */
		ck_assert_int_eq(w->lseeks, calls[t]);
		ck_assert_int_eq(w->limit_reports, 1);
		ck_assert_int_eq(w->exits, 1);
		ck_assert_int_eq(w->exit_code, SW_EXIT_ENFORCED);
		/* Only its exit line after the ended call. */
		ck_assert_int_eq(w->after_end, 1);
	}
	for (i = 0; i < s.n; i++)
		reports += s.t[i].limit_reports;
	ck_assert_int_eq(reports, THREADS);
}
END_TEST

/* -- processes -- */

/* What the trace showed of a helper's processes. */
struct procs_seen {
	int forked[FORKS + TREE_NODES + 8]; /* fork/clone results, in order */
	int nforked;
	int exited[FORKS + TREE_NODES + 8]; /* who exited, in order */
	int code[FORKS + TREE_NODES + 8]; /* with what */
	int nexited;
	int marks; /* the tree helper's "all alive" mark */
};

static void proc_line(const char *line, void *data)
{
	struct procs_seen *s = data;
	const char *body, *eq;
	int code, tid = line_tid(line, &body);

	if (!strncmp(body, "lseek(-1, 4242, SEEK_SET)", 25))
		s->marks++;
	if (!strncmp(body, "clone(", 6) || !strncmp(body, "fork(", 5)) {
		eq = strstr(body, ") = ");
		ck_assert_msg(eq, "no result: %s", line);
		ck_assert_int_lt(s->nforked, (int)ARRAY_SIZE(s->forked));
		s->forked[s->nforked++] = atoi(eq + 4);
		return;
	}
	if (sscanf(body, "+++ exited with %d +++", &code) != 1)
		return;
	ck_assert_int_lt(s->nexited, (int)ARRAY_SIZE(s->exited));
	s->code[s->nexited] = code;
	s->exited[s->nexited++] = tid;
}

static int cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/*
 * Runs @args under syswarden and fills @s from the trace, checking that
 * every process made exited once, with its pid % 256, and that one
 * other, the helper, exited with 0.
 */
static void run_procs(const char *const *args, struct procs_seen *s)
{
	int i, helper_pid = 0, *made, *done;
	size_t n;
	struct run r;
	char *joined;

	run_syswarden(&r, args);
	ck_exited(r.status, 0);
	joined = trace_join(r.trace);
	memset(s, 0, sizeof(*s));
	each_line(joined, proc_line, s);
	free(joined);
	run_free(&r);
	ck_assert_int_eq(s->nexited, s->nforked + 1);
	n = (size_t)s->nforked;
	made = calloc(n, sizeof(int));
	done = calloc(n, sizeof(int));
	ck_assert(made && done);
	memcpy(made, s->forked, n * sizeof(int));
	qsort(made, n, sizeof(int), cmp_int);
	for (i = 0, n = 0; i < s->nexited; i++) {
		if (!bsearch(&s->exited[i], made, (size_t)s->nforked,
			     sizeof(int), cmp_int)) {
			ck_assert_msg(!helper_pid,
				      "%d and %d exited, made by "
				      "none",
				      helper_pid, s->exited[i]);
			helper_pid = s->exited[i];
			ck_assert_int_eq(s->code[i], 0);
			continue;
		}
		ck_assert_msg(s->code[i] == s->exited[i] % 256,
			      "pid %d exited with %d", s->exited[i],
			      s->code[i]);
		done[n++] = s->exited[i];
	}
	/* Each one made exited once. */
	qsort(done, n, sizeof(int), cmp_int);
	ck_assert_int_eq(n, s->nforked);
	ck_assert_int_eq(memcmp(done, made, n * sizeof(int)), 0);
	free(made);
	free(done);
}

/* 1000 forks one after the other: each child's fork result and exit,
 * in the same order, each exit status the child's pid % 256. */
START_TEST(test_sequential_forks)
{
	char n[16];
	const char *args[] = { helper("stress"), "forks", n, NULL };
	struct procs_seen s;
	int i;

	snprintf(n, sizeof(n), "%d", FORKS);
	run_procs(args, &s);
	ck_assert_int_eq(s.nforked, FORKS);
	for (i = 0; i < FORKS; i++)
		ck_assert_int_eq(s.exited[i], s.forked[i]);
}
END_TEST

/* A tree of 363 processes, all alive at once: each exits once with its
 * pid % 256, and the helper with 0. */
START_TEST(test_fork_tree)
{
	const char *args[] = { helper("stress"), "tree", TREE_BRANCH,
			       TREE_DEPTH, NULL };
	struct procs_seen s;

	run_procs(args, &s);
	ck_assert_int_eq(s.marks, 1);
	/* The nodes and the tree's top, which the helper made. */
	ck_assert_int_eq(s.nforked, TREE_NODES + 1);
}
END_TEST

/* -- signals -- */

/* Runs @args (syswarden's, or the helper's alone when @untraced) with
 * the helper's stdout in a string; the trace in @r unless untraced. */
static char *run_capturing(struct run *r, const char *const *args, int untraced)
{
	char out[] = "/tmp/sw-stdout-XXXXXX";
	int fd = mkstemp(out), saved = dup(1), status;
	char *text;
	pid_t pid;

	ck_assert(fd >= 0 && saved >= 0);
	fflush(stdout);
	ck_assert_int_eq(dup2(fd, 1), 1);
	close(fd);
	if (untraced) {
		pid = fork();
		if (pid == 0) {
			execv(args[0], (char *const *)args);
			_exit(126);
		}
		ck_assert_int_eq(waitpid(pid, &status, 0), pid);
		ck_exited(status, 0);
	} else {
		run_syswarden(r, args);
	}
	dup2(saved, 1);
	close(saved);
	text = slurp(out);
	unlink(out);
	ck_assert_ptr_nonnull(text);
	return text;
}

/* The kernel's name of signal @sig as the trace prints it. */
static void signal_name(int sig, char *buf, size_t size)
{
	if (sig == SIGUSR1)
		snprintf(buf, size, "SIGUSR1");
	else if (sig == SIGUSR2)
		snprintf(buf, size, "SIGUSR2");
	else
		snprintf(buf, size, "SIGRT_%d", sig - 32);
}

/* True when the trace's queued deliveries of @name carry si_int 1, 2,
 * ... @per in each round, in order. */
static int queued_in_order(const char *trace, const char *name, int per,
			   int rounds)
{
	char needle[128];
	const char *p = trace;
	int n = 0, v;

	snprintf(needle, sizeof(needle),
		 "--- %s {si_signo=%s, si_code=SI_QUEUE, ", name, name);
	while ((p = strstr(p, needle))) {
		p += strlen(needle);
		p = strstr(p, "si_int=");
		if (!p || sscanf(p, "si_int=%d", &v) != 1 || v != n % per + 1)
			return 0;
		n++;
	}
	return n == per * rounds;
}

/* Thousands of signals, standard and real-time, queued while blocked
 * and sent one at a time: the same deliveries traced as untraced, each
 * one in the trace. */
START_TEST(test_signal_storm)
{
	const char *helper_args[] = { helper("stress"), "signals",
				      SIGNAL_ROUNDS, NULL };
	const char *args[] = { "--", helper("stress"), "signals", SIGNAL_ROUNDS,
			       NULL };
	int rounds = atoi(SIGNAL_ROUNDS), sig, k = 0;
	char *untraced, *traced, name[32], needle[96];
	const char *p;
	long count, total = 0;
	struct run r;

	untraced = run_capturing(NULL, helper_args, 1);
	traced = run_capturing(&r, args, 0);
	ck_exited(r.status, 0);
	ck_assert_str_eq(traced, untraced);
	for (p = untraced; sscanf(p, "%d %ld", &sig, &count) == 2; k++) {
		signal_name(sig, name, sizeof(name));
		snprintf(needle, sizeof(needle), "--- %s {si_signo=%s, ", name,
			 name);
		ck_assert_msg(count_of(r.trace, needle) == count,
			      "%s: %d in the trace, %ld delivered", name,
			      count_of(r.trace, needle), count);
		if (sig != SIGUSR1 && sig != SIGUSR2)
			ck_assert_msg(
			    queued_in_order(r.trace, name, 100, rounds),
			    "%s: not in the order queued", name);
		total += count;
		p = strchr(p, '\n') + 1;
	}
	ck_assert_int_eq(k, 4);
	ck_assert_int_gt(total, 5000);
	/* Nothing else but the sending children's SIGCHLD. */
	ck_assert_int_eq(count_of(r.trace, "--- SIG"),
			 total + count_of(r.trace, "--- SIGCHLD {"));
	ck_assert_int_eq(count_of(r.trace, "--- SIGCHLD {"), rounds);
	free(untraced);
	free(traced);
	run_free(&r);
}
END_TEST

/* -- attach, detach, SIGKILL -- */

struct target {
	pid_t pid;
	int in, out; /* its stdin (to close) and stdout (to read) */
};

/* Starts "stress busy @threads" with pipes on stdin and stdout. */
static void start_busy(struct target *t, const char *threads)
{
	int in[2], out[2];

	ck_assert(pipe2(in, O_CLOEXEC) == 0 && pipe2(out, O_CLOEXEC) == 0);
	t->pid = fork();
	ck_assert_int_ge(t->pid, 0);
	if (t->pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		execl(helper("stress"), "stress", "busy", threads,
		      (char *)NULL);
		_exit(126);
	}
	close(in[0]);
	close(out[1]);
	t->in = in[1];
	t->out = out[0];
}

/* Ends the target (closes its stdin); returns what it printed, after
 * checking it exited 0. */
static char *finish_busy(struct target *t)
{
	char *text = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&text, &size);
	char buf[4096];
	ssize_t n;
	int status;

	ck_assert_ptr_nonnull(f);
	close(t->in);
	while ((n = read(t->out, buf, sizeof(buf))) > 0)
		fwrite(buf, 1, (size_t)n, f);
	fclose(f);
	close(t->out);
	ck_assert_int_eq(waitpid(t->pid, &status, 0), t->pid);
	ck_exited(status, 0);
	return text;
}

/* How many of @pid's threads have a tracer. */
static int traced_threads(pid_t pid)
{
	char path[64];
	struct dirent *de;
	DIR *dir;
	int n = 0;

	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	dir = opendir(path);
	ck_assert_ptr_nonnull(dir);
	while ((de = readdir(dir)))
		if (atoi(de->d_name) > 0 && tracer_of(atoi(de->d_name)) > 0)
			n++;
	closedir(dir);
	return n;
}

/* The busy helper's output without syswarden near it. */
static char *busy_reference(const char *threads)
{
	struct timespec ts = { 0, 100 * 1000 * 1000 };
	struct target t;

	start_busy(&t, threads);
	nanosleep(&ts, NULL);
	return finish_busy(&t);
}

/* Attaches to @t, waits until the trace shows one of its threads'
 * calls, and ends syswarden with @sig; returns its wait status. */
static int attach_round(struct target *t, int sig, int round)
{
	char trace[] = "/tmp/sw-stress-XXXXXX", pidarg[16];
	const char *args[] = { "-p", pidarg, NULL };
	int status, fd = mkstemp(trace);
	pid_t sw;

	ck_assert_int_ge(fd, 0);
	close(fd);
	snprintf(pidarg, sizeof(pidarg), "%d", (int)t->pid);
	sw = start_syswarden(trace, args);
	if (!wait_for_text(trace, "getppid(", 10000)) {
		/* Dead since the last round's checks, or never seen. */
		kill(sw, SIGKILL);
		ck_assert_msg(waitpid(t->pid, &status, WNOHANG) == 0,
			      "round %d: the target ended: %#x", round, status);
		ck_abort_msg("round %d: no call traced after attach", round);
	}
	kill(sw, sig);
	ck_assert_int_eq(waitpid(sw, &status, 0), sw);
	unlink(trace);
	ck_assert_msg(waitpid(t->pid, &status, WNOHANG) == 0,
		      "round %d: the target ended: %#x", round, status);
	ck_assert_msg(traced_threads(t->pid) == 0,
		      "round %d: threads still traced", round);
	return status;
}

/* 50 rounds of attach and detach on 8 busy threads that make threads:
 * each round traces it, each detach leaves it running untraced, and it
 * ends with the output it has without syswarden. */
START_TEST(test_attach_detach_rounds)
{
	char *want = busy_reference("8"), *got;
	struct target t;
	int i;

	start_busy(&t, "8");
	for (i = 0; i < ATTACH_ROUNDS; i++)
		ck_exited(attach_round(&t, SIGINT, i), 0);
	got = finish_busy(&t);
	ck_assert_str_eq(got, want);
	free(got);
	free(want);
}
END_TEST

/* syswarden killed with SIGKILL: an attached process runs on, untraced,
 * round after round, and ends as it would have without syswarden. */
START_TEST(test_sigkill_leaves_attached_running)
{
	char *want = busy_reference("4"), *got;
	struct target t;
	int i, status;

	start_busy(&t, "4");
	for (i = 0; i < KILL_ROUNDS; i++) {
		status = attach_round(&t, SIGKILL, i);
		ck_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	}
	got = finish_busy(&t);
	ck_assert_str_eq(got, want);
	free(got);
	free(want);
}
END_TEST

/* syswarden killed with SIGKILL while it runs a tree of 120 live
 * processes: every one of them dies with it. */
START_TEST(test_sigkill_kills_launched_tree)
{
	char trace[] = "/tmp/sw-stress-XXXXXX";
	const char *args[] = {
		helper("stress"), "tree", "3", "4", "hold", NULL
	};
	struct timespec ts = { 0, 10 * 1000 * 1000 };
	int status, fd = mkstemp(trace), killed = 0, other = 0, waited;
	pid_t sw, pid;

	ck_assert_int_ge(fd, 0);
	close(fd);
	sw = start_syswarden(trace, args);
	ck_assert(wait_for_text(trace, "lseek(-1, 4242, SEEK_SET", 30000));
	kill(sw, SIGKILL);
	ck_assert_int_eq(waitpid(sw, &status, 0), sw);
	unlink(trace);
	/* Each of them, orphaned, comes to us, the subreaper, to be
	 * reaped: the helper, the tree's top and 3 + 9 + 27 + 81 nodes. */
	for (waited = 0; waited < 30000 && killed + other < 122;) {
		pid = waitpid(-1, &status, WNOHANG | __WALL);
		if (pid > 0 && WIFSIGNALED(status) &&
		    WTERMSIG(status) == SIGKILL)
			killed++;
		else if (pid > 0)
			other++;
		if (pid > 0)
			continue;
		nanosleep(&ts, NULL);
		waited += 10;
	}
	ck_assert_int_eq(other, 0);
	ck_assert_int_eq(killed, 122);
}
END_TEST

/* syswarden killed with SIGKILL at any moment of a launch, from its
 * start to its command's first calls: the command never outlives it. */
START_TEST(test_sigkill_during_launch)
{
	char trace[] = "/tmp/sw-stress-XXXXXX";
	const char *args[] = { helper("sleeper"), "100000", NULL };
	int i, status, fd = mkstemp(trace);
	struct timespec ts = { 0, 0 };
	pid_t sw;

	ck_assert_int_ge(fd, 0);
	close(fd);
	for (i = 0; i < LAUNCH_KILL_ROUNDS; i++) {
		sw = start_syswarden(trace, args);
		ts.tv_nsec = i * 100 * 1000; /* 0 to 5 ms */
		nanosleep(&ts, NULL);
		kill(sw, SIGKILL);
		ck_assert_int_eq(waitpid(sw, &status, 0), sw);
		/* Fails when anything it started is left, stopped or not. */
		reap_check(5000);
	}
	unlink(trace);
}
END_TEST

static Suite *stress_suite(void)
{
	Suite *s = suite_create("stress");
	TCase *tc = tcase_create("stress");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_trace_join);
	tcase_add_test(tc, test_threads_exact);
	tcase_add_test(tc, test_threads_budget);
	tcase_add_test(tc, test_sequential_forks);
	tcase_add_test(tc, test_fork_tree);
	tcase_add_test(tc, test_signal_storm);
	tcase_add_test(tc, test_attach_detach_rounds);
	tcase_add_test(tc, test_sigkill_leaves_attached_running);
	tcase_add_test(tc, test_sigkill_kills_launched_tree);
	tcase_add_test(tc, test_sigkill_during_launch);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(stress_suite());
}

// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * --swap: threads one at a time (helpers/swaptee.c).  A racy counter
 * gives one result under --swap and several without; threads that wait
 * for each other in ways --swap cannot foresee still finish.
 */
#include <check.h>
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "checkmain.h"
#include "testutil.h"

#define RUNS 5

static void setup(void)
{
	reaper_begin();
}

static void teardown(void)
{
	reap_check(3000);
}

/* The "counter=N order=H" line swaptee race printed, copied to @out. */
static void race_result(const struct run *r, char *out, size_t size)
{
	const char *p = strstr(r->err, "counter=");
	size_t n;

	ck_assert_msg(p, "no result; stderr:\n%.2000s", r->err);
	n = strcspn(p, "\n");
	ck_assert_uint_lt(n, size);
	memcpy(out, p, n);
	out[n] = '\0';
}

/* Runs swaptee race under syswarden with @opts (at most 4) RUNS times;
 * returns how many different results came out, the first in @first. */
static int race_results(const char *const *opts, char *first, size_t size)
{
	const char *args[16];
	char seen[RUNS][64];
	int i, j, n = 0, distinct = 0;
	struct run r;

	for (i = 0; opts[i]; i++)
		args[n++] = opts[i];
	args[n++] = "--";
	args[n++] = helper("swaptee");
	args[n++] = "race";
	args[n++] = "4";
	args[n++] = "1000";
	args[n] = NULL;
	for (i = 0; i < RUNS; i++) {
		run_syswarden(&r, args);
		ck_exited(r.status, 0);
		race_result(&r, seen[i], sizeof(seen[i]));
		run_free(&r);
		for (j = 0; j < i && strcmp(seen[j], seen[i]); j++)
			;
		distinct += j == i;
	}
	snprintf(first, size, "%s", seen[0]);
	return distinct;
}

START_TEST(race_is_reproducible)
{
	const char *opts[] = { "-e", "trace=none", "--swap", "1", NULL };
	char first[64];

	ck_assert_int_eq(race_results(opts, first, sizeof(first)), 1);
	/* One call a turn: the four threads read the counter in turn
	 * before any writes it back, so each round adds one. */
	ck_assert_msg(!strncmp(first, "counter=1000 ", 13), "%s", first);
}
END_TEST

START_TEST(race_is_reproducible_with_bigger_turns)
{
	const char *opts[] = { "-e", "trace=none", "--swap", "7", NULL };
	char first[64];

	ck_assert_int_eq(race_results(opts, first, sizeof(first)), 1);
}
END_TEST

/* The same program without --swap: its threads run at once.  Every call
 * stops (no filter), as under --swap, so that the threads overlap even
 * on a loaded machine: with the filter each runs its rounds in a few
 * microseconds, often before the next one starts. */
START_TEST(race_varies_without_swap)
{
	const char *opts[] = { "--seccomp=off", "-e", "trace=none", NULL };
	char first[64];

	ck_assert_int_gt(race_results(opts, first, sizeof(first)), 1);
}
END_TEST

/* syscall_limiter's syscall_thread_swap is --swap. */
START_TEST(plugin_option_swaps)
{
	char plugin[512], swapped[64], by_plugin[64];
	const char *dir = getenv("SW_PLUGINS");
	const char *opts[] = { "-e", "trace=none", "--swap", "1", NULL };
	const char *popts[] = { "-e", "trace=none", "--plugin", plugin, NULL };

	ck_assert_msg(dir, "SW_PLUGINS is not set");
	snprintf(plugin, sizeof(plugin),
		 "%s/syscall_limiter.so:syscall_thread_swap=1", dir);
	ck_assert_int_eq(race_results(popts, by_plugin, sizeof(by_plugin)), 1);
	race_results(opts, swapped, sizeof(swapped));
	ck_assert_str_eq(by_plugin, swapped);
}
END_TEST

/* A read on an empty pipe is not known to block: the reader, whose turn
 * comes first, gives it up when it is seen asleep. */
START_TEST(blocked_read_hands_over)
{
	const char *args[] = { "--swap",	  "1",	  "--",
			       helper("swaptee"), "pipe", NULL };
	struct run r;

	run_syswarden(&r, args);
	ck_exited(r.status, 0);
	/* The read, split by the write that ends it. */
	ck_assert_int_eq(count_of(r.trace, "\"x\", 1) = 1\n"), 2);
	ck_assert_int_eq(
	    count_of(r.trace, "] <... read resumed>\"x\", 1) = 1\n"), 1);
	run_free(&r);
}
END_TEST

/* A thread spinning in user space for another is interrupted. */
START_TEST(spinning_thread_hands_over)
{
	const char *args[] = { "-e", "trace=none",	"--swap", "1",
			       "--", helper("swaptee"), "spin",	  NULL };
	struct run r;

	run_syswarden(&r, args);
	ck_exited(r.status, 0);
	run_free(&r);
}
END_TEST

/* Every call of every thread is still traced. */
START_TEST(threads_traced_whole)
{
	const char *args[] = { "-f", "--swap",		"1",
			       "--", helper("threads"), NULL };
	struct run r;

	run_syswarden(&r, args);
	ck_exited(r.status, 0);
	ck_assert_int_eq(count_of(r.trace, "access(\"/nonexistent/thread-"), 4);
	run_free(&r);
}
END_TEST

/* The CPUs the command may run on, as swaptee cpus saw them. */
static int cpus_under(const char *const *opts)
{
	const char *args[12];
	int i, n = 0, cpus = -1;
	const char *p;
	struct run r;

	for (i = 0; opts[i]; i++)
		args[n++] = opts[i];
	args[n++] = "--";
	args[n++] = helper("swaptee");
	args[n++] = "cpus";
	args[n] = NULL;
	run_syswarden(&r, args);
	ck_exited(r.status, 0);
	p = strstr(r.trace, "write(1, \"cpus=");
	ck_assert_msg(p, "%s", r.trace);
	cpus = atoi(p + strlen("write(1, \"cpus="));
	run_free(&r);
	return cpus;
}

START_TEST(same_cpu_is_visible)
{
	const char *plain[] = { NULL };
	const char *same[] = { "--same-cpu", NULL };
	const char *swap[] = { "--swap", "1", NULL };
	const char *swap_spread[] = { "--swap", "1", "--same-cpu=no", NULL };
	int all = cpus_under(plain);

	ck_assert_int_ge(all, 1);
	ck_assert_int_eq(cpus_under(same), 1);
	ck_assert_int_eq(cpus_under(swap), 1); /* the default with --swap */
	ck_assert_int_eq(cpus_under(swap_spread), all);
}
END_TEST

/* The tasks of process @pid: how many, and how many @tracer traces. */
static int tasks_traced(pid_t pid, pid_t tracer, int *total)
{
	char path[64];
	struct dirent *de;
	int traced = 0;
	DIR *dir;

	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	dir = opendir(path);
	*total = 0;
	if (!dir)
		return 0;
	while ((de = readdir(dir)))
		if (atoi(de->d_name) > 0) {
			++*total;
			traced += tracer_of(atoi(de->d_name)) == tracer;
		}
	closedir(dir);
	return traced;
}

/* How many tasks the trace shows calling getppid. */
static int callers(const char *text)
{
	int tids[64], n = 0, i, tid;
	const char *line, *body;

	for (line = text; line && *line; line = strchr(line, '\n')) {
		line += *line == '\n';
		tid = line_tid(line, &body);
		if (!tid || strncmp(body, "getppid(", 8))
			continue;
		for (i = 0; i < n && tids[i] != tid; i++)
			;
		if (i == n && n < 64)
			tids[n++] = tid;
	}
	return n;
}

/* Attached with --swap, the threads take turns; SIGINT lets every one go,
 * held or not, and the process runs on. */
START_TEST(attach_swap_detach)
{
	char trace[] = "/tmp/sw-swap-XXXXXX", pidarg[16];
	const char *args[] = { "--swap", "1", "-p", pidarg, NULL };
	struct timespec ts = { 0, 10 * 1000 * 1000 };
	pid_t pid, sw;
	int fd = mkstemp(trace), status, total = 0, tries;
	char *text;

	ck_assert_int_ge(fd, 0);
	close(fd);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		execl(helper("swaptee"), "swaptee", "hold", "4", (char *)NULL);
		_exit(126);
	}
	for (tries = 0; tries < 500 && total != 5; tries++) {
		nanosleep(&ts, NULL);
		tasks_traced(pid, 0, &total);
	}
	ck_assert_int_eq(total, 5);
	snprintf(pidarg, sizeof(pidarg), "%d", (int)pid);
	sw = start_syswarden(trace, args);
	for (tries = 0; tries < 500 && tasks_traced(pid, sw, &total) != 5;
	     tries++)
		nanosleep(&ts, NULL);
	ck_assert_int_eq(tasks_traced(pid, sw, &total), 5);
	ck_assert(wait_for_text(trace, "getppid()  ", 5000));
	kill(sw, SIGINT);
	ck_assert_int_eq(waitpid(sw, &status, 0), sw);
	ck_exited(status, 0);
	ck_assert_int_eq(tasks_traced(pid, 0, &total), 5); /* let go */
	for (tries = 0; tries < 100 && proc_state(pid) == 't'; tries++)
		nanosleep(&ts, NULL);
	kill(pid, SIGTERM);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_exited(status, 0);
	text = slurp(trace);
	unlink(trace);
	ck_assert_ptr_nonnull(text);
	/* Every thread had turns. */
	ck_assert_int_eq(callers(text), 4);
	free(text);
}
END_TEST

static Suite *swap_suite(void)
{
	Suite *s = suite_create("swap");
	TCase *tc = tcase_create("swap");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, race_is_reproducible);
	tcase_add_test(tc, race_is_reproducible_with_bigger_turns);
	tcase_add_test(tc, race_varies_without_swap);
	tcase_add_test(tc, plugin_option_swaps);
	tcase_add_test(tc, blocked_read_hands_over);
	tcase_add_test(tc, spinning_thread_hands_over);
	tcase_add_test(tc, threads_traced_whole);
	tcase_add_test(tc, same_cpu_is_visible);
	tcase_add_test(tc, attach_swap_detach);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(swap_suite());
}

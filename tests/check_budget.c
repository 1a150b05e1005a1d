// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Budgets through the CLI (--budget, --syscall-limit, --thread-limit,
 * --on-limit, --report), on helpers/budgetee.c, which checks inside the
 * tracee what its calls got.  $SW_BUDGET_COUNTING picks the counting
 * mode, "stops" (default) or "kernel"; the kernel run exits 77 when the
 * kernel cannot count here.
 */
#include <check.h>
#include <stdbool.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <syswarden/syswarden.h>

#include "checkmain.h"
#include "testutil.h"

#define MAXARGS 32

static const char *counting(void)
{
	const char *m = getenv("SW_BUDGET_COUNTING");

	return m && *m ? m : "stops";
}

/* Runs syswarden in the suite's counting mode with @args (NULL-ended),
 * its report in @report when not NULL. */
static void run_budget(struct run *r, const char *report,
		       const char *const *args)
{
	static char mode[64], rep[300];
	const char *all[MAXARGS];
	size_t n = 0, i;

	snprintf(mode, sizeof(mode), "--budget-counting=%s", counting());
	all[n++] = mode;
	all[n++] = "-e";
	all[n++] = "trace=none";
	if (report) {
		snprintf(rep, sizeof(rep), "--report=%s", report);
		all[n++] = rep;
	}
	for (i = 0; args[i] && n < MAXARGS - 1; i++)
		all[n++] = args[i];
	all[n] = NULL;
	run_syswarden(r, all);
}

static void assert_exit(const struct run *r, int code)
{
	ck_assert_msg(WIFEXITED(r->status) && WEXITSTATUS(r->status) == code,
		      "status %#x, expected exit %d; stderr:\n%.3000s\n"
		      "trace:\n%.3000s",
		      r->status, code, r->err, r->trace);
}

static char report_path[64];

static struct json_object *read_report(void)
{
	struct json_object *o = json_object_from_file(report_path);

	ck_assert_msg(o, "no JSON in %s", report_path);
	return o;
}

static struct json_object *get(struct json_object *o, const char *key)
{
	struct json_object *v = NULL;

	ck_assert_msg(json_object_object_get_ex(o, key, &v), "no '%s' in %s",
		      key, json_object_to_json_string(o));
	return v;
}

static void setup(void)
{
	int fd;

	strcpy(report_path, "/tmp/sw-report-XXXXXX");
	fd = mkstemp(report_path);
	ck_assert(fd >= 0);
	close(fd);
}

static void teardown(void)
{
	unlink(report_path);
}

/* The 1001st of 5000 calls and all after it fail with EPERM. */
START_TEST(budget_is_exact)
{
	const char *args[] = { "--budget",   "getppid=1000",
			       "--on-limit", "errno=EPERM",
			       "--",	     helper("budgetee"),
			       "calls",	     "5000",
			       "1000",	     "1",
			       NULL };
	struct json_object *rep, *b;
	struct run r;

	run_budget(&r, report_path, args);
	assert_exit(&r, 0); /* errno=: the command's own status */
	rep = read_report();
	ck_assert_str_eq(json_object_get_string(get(rep, "counting")),
			 !strcmp(counting(), "kernel") ? "kernel" : "stops");
	ck_assert(!json_object_get_boolean(get(rep, "enforced")));
	b = json_object_array_get_idx(get(rep, "budgets"), 0);
	ck_assert_int_eq(json_object_get_int64(get(b, "used")), 1000);
	ck_assert_int_eq(json_object_get_int64(get(b, "limit")), 1000);
	/* One violation reported per thread, with the call decoded. */
	b = get(rep, "events");
	ck_assert_int_eq(json_object_array_length(b), 1);
	b = json_object_array_get_idx(b, 0);
	ck_assert_str_eq(json_object_get_string(get(b, "kind")), "violation");
	ck_assert_str_eq(json_object_get_string(get(b, "call")), "getppid()");
	ck_assert_int_eq(json_object_get_int64(get(b, "count")), 1000);
	json_object_put(rep);
	run_free(&r);
}
END_TEST

/* 64 threads of 1000 calls, each with its own budget of 1000: all run,
 * the 1001st of each fails; the report counts 1000 for every thread. */
START_TEST(per_thread_counts_are_exact)
{
	const char *args[] = { "--budget",   "getppid=1000:per-thread",
			       "--on-limit", "errno=EPERM",
			       "--",	     helper("budgetee"),
			       "threads",    "64",
			       "1000",	     "1",
			       "1",	     NULL };
	struct json_object *rep, *threads, *calls;
	int full = 0, i;
	struct run r;

	run_budget(&r, report_path, args);
	assert_exit(&r, 0);
	rep = read_report();
	threads = get(rep, "threads");
	for (i = 0; i < (int)json_object_array_length(threads); i++) {
		calls = get(json_object_array_get_idx(threads, i), "calls");
		full += json_object_get_int64(get(calls, "getppid")) == 1000;
	}
	ck_assert_int_eq(full, 64);
	json_object_put(rep);
	run_free(&r);
}
END_TEST

/* One budget of 64000 for the tree: 64 threads of 1000 calls all run,
 * the main thread's next call fails. */
START_TEST(tree_counts_are_exact)
{
	const char *args[] = { "--budget",   "getppid=64000",
			       "--on-limit", "errno=EPERM",
			       "--",	     helper("budgetee"),
			       "tree",	     "64",
			       "1000",	     "1",
			       "1",	     NULL };
	struct json_object *rep, *b;
	struct run r;

	run_budget(&r, report_path, args);
	assert_exit(&r, 0);
	rep = read_report();
	b = json_object_array_get_idx(get(rep, "budgets"), 0);
	ck_assert_int_eq(json_object_get_int64(get(b, "used")), 64000);
	json_object_put(rep);
	run_free(&r);
}
END_TEST

/* errno= never refuses exit or exit_group: the program could not end
 * (glibc's _exit would fall through to hlt, and die of SIGSEGV). */
START_TEST(errno_lets_exit_run)
{
	const char *args[] = { "--budget",   "getppid,exit,exit_group=100",
			       "--on-limit", "errno=EPERM",
			       "--",	     helper("budgetee"),
			       "calls",	     "500",
			       "100",	     "1",
			       NULL };
	struct run r;

	run_budget(&r, NULL, args);
	assert_exit(&r, 0);
	run_free(&r);
}
END_TEST

/* The program gets EMFILE from openat and copes (its own status). */
START_TEST(errno_emfile_is_handled)
{
	const char *args[] = { "--budget",     "openat=100", "--on-limit",
			       "errno=EMFILE", "--",	     helper("budgetee"),
			       "emfile",       "100",	     NULL };
	struct run r;

	run_budget(&r, NULL, args);
	assert_exit(&r, 0);
	run_free(&r);
}
END_TEST

/* end-thread: the thread over budget ends, its siblings finish and the
 * process exits 0 by itself; syswarden says the budget fired. */
START_TEST(end_thread_siblings_finish)
{
	const char *args[] = { "--budget",   "getppid=100:per-thread",
			       "--on-limit", "end-thread",
			       "--",	     helper("budgetee"),
			       "end-thread", "8",
			       "50",	     NULL };
	struct run r;
	size_t n;

	run_budget(&r, NULL, args);
	assert_exit(&r, SW_EXIT_ENFORCED);
	ck_assert_int_eq(count_of(r.trace, "at getppid: ending the thread"), 1);
	n = strlen(r.trace);
	ck_assert_msg(n > 22 &&
			  !strcmp(r.trace + n - 22, "+++ exited with 0 +++\n"),
		      "the process did not finish by itself:\n%s", r.trace);
	run_free(&r);
}
END_TEST

/* kill (the default): the tree dies, syswarden exits 86, the report
 * says so. */
START_TEST(kill_exits_enforced)
{
	const char *args[] = { "--syscall-limit",
			       "50",
			       "--",
			       helper("budgetee"),
			       "calls",
			       "1000",
			       "1000",
			       "1",
			       NULL };
	struct json_object *rep;
	struct run r;

	run_budget(&r, report_path, args);
	assert_exit(&r, SW_EXIT_ENFORCED);
	ck_assert_int_eq(count_of(r.trace, "+++ killed by SIGKILL +++"), 1);
	rep = read_report();
	ck_assert(json_object_get_boolean(get(rep, "enforced")));
	json_object_put(rep);
	run_free(&r);
}
END_TEST

#ifdef __x86_64__
/* An x86_64 task's i386 calls (int $0x80) count too: the kernel counter
 * knows native numbers only, so they are counted at stops. */
START_TEST(i386_calls_count)
{
	const char *args[] = { "--budget",   "getppid=1000",
			       "--on-limit", "errno=EPERM",
			       "--",	     helper("budgetee"),
			       "int80",	     "3000",
			       "1000",	     "1",
			       NULL };
	struct run r;

	run_budget(&r, NULL, args);
	assert_exit(&r, 0);
	run_free(&r);
}
END_TEST
#endif

/* A 32-bit process's calls have i386 numbers, which a counter filtered on
 * native ones would count as other calls (i386's read is x86_64's close):
 * budgetee32 reads 100 times, then its 5 closes must pass a budget of 20.
 * Left out, saying so, where there is no -m32 build. */
START_TEST(i386_process_counts_its_own_calls)
{
	const char *args[] = { "--budget",  "close=20",
			       "--",	    helper("budgetee32"),
			       "readclose", "100",
			       "5",	    NULL };
	struct run r;

	run_budget(&r, NULL, args);
	assert_exit(&r, 0);
	run_free(&r);
}
END_TEST

/* Counting in the kernel costs no stop per call; at stops, one each. */
START_TEST(stops_per_mode)
{
	const char *args[] = { "--stats",
			       "--budget",
			       "getppid=100000",
			       "--",
			       helper("budgetee"),
			       "calls",
			       "20000",
			       "20000",
			       "1",
			       NULL };
	struct run r;
	long stops;

	run_budget(&r, NULL, args);
	assert_exit(&r, 0);
	stops = stops_of(&r);
	if (!strcmp(counting(), "kernel"))
		ck_assert_msg(stops < 100, "%ld stops", stops);
	else
		ck_assert_msg(stops >= 20000, "%ld stops", stops);
	ck_assert_msg(strstr(r.err, "syswarden: budgets counted: "),
		      "--stats does not say how: %s", r.err);
	run_free(&r);
}
END_TEST

/* A budget with conditions is counted at the filter's stops; it must
 * not make the kernel-counted budgets stop at every call. */
START_TEST(conditional_budget_keeps_others_in_kernel)
{
	/* kernel: auto, for the kernel refuses to count the second. */
	const char *args[] = { "--stats",
			       !strcmp(counting(), "kernel")
				   ? "--budget-counting=auto"
				   : "--budget-counting=stops",
			       "--budget",
			       "getppid=100000:per-thread",
			       "--budget",
			       "openat(flags & O_CREAT)=5",
			       "--",
			       helper("budgetee"),
			       "calls",
			       "20000",
			       "20000",
			       "1",
			       NULL };
	struct run r;
	long stops;

	run_budget(&r, NULL, args);
	assert_exit(&r, 0);
	stops = stops_of(&r);
	if (!strcmp(counting(), "kernel"))
		ck_assert_msg(stops < 100, "%ld stops", stops);
	else
		ck_assert_msg(stops >= 20000, "%ld stops", stops);
	run_free(&r);
}
END_TEST

START_TEST(bad_input_is_named)
{
	static const char *const cases[][3] = {
		{ "--budget", "getppid", "'getppid' is not SET=N" },
		{ "--budget", "getppid=x", "'x' is not a number" },
		{ "--budget", "opnat=3", "did you mean openat?" },
		{ "--on-limit", "errno=EFOO", "expected kill, errno=E" },
	};
	size_t i;
	struct run r;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *args[] = { cases[i][0], cases[i][1], "--", "true",
				       NULL };

		run_budget(&r, NULL, args);
		assert_exit(&r, 1);
		ck_assert_msg(strstr(r.err, cases[i][2]), "%s %s: %s",
			      cases[i][0], cases[i][1], r.err);
		run_free(&r);
	}
}
END_TEST

/* Writes @text to a new file; returns its (static) name. */
static const char *policy_file(const char *text)
{
	static char path[] = "/tmp/sw-policy-XXXXXX";
	FILE *f;
	int fd;

	strcpy(path, "/tmp/sw-policy-XXXXXX");
	fd = mkstemp(path);
	ck_assert(fd >= 0);
	f = fdopen(fd, "w");
	ck_assert(f);
	fputs(text, f);
	fclose(f);
	return path;
}

/* --policy: the same budget from a file, the command line adding to it. */
START_TEST(policy_file_sets_budgets)
{
	const char *args[] = { "--policy",
			       policy_file("{\n"
					   "\t\"budget\": [\"getppid=1000\"],\n"
					   "\t\"on-limit\": \"errno=EPERM\"\n"
					   "}\n"),
			       "--budget",
			       "openat=1000",
			       "--",
			       helper("budgetee"),
			       "calls",
			       "3000",
			       "1000",
			       "1",
			       NULL };
	struct json_object *rep;
	struct run r;

	run_budget(&r, report_path, args);
	unlink(args[1]);
	assert_exit(&r, 0);
	rep = read_report();
	ck_assert_int_eq(json_object_array_length(get(rep, "budgets")), 2);
	json_object_put(rep);
	run_free(&r);
}
END_TEST

/* Mistakes in a policy name the file and the line. */
START_TEST(policy_errors_have_lines)
{
	static const char *const cases[][2] = {
		{ "{\n\"budget\": [\"getppid=1\"],\n\"on-limt\": \"kill\"\n}",
		  ":3: \"on-limt\": not a policy option" },
		{ "{\n\"budget\": [\"getppid=1\"]\n\"on-limit\": \"kill\"\n}",
		  ":3: not JSON" },
		{ "{\n\n\"syscall-limit\": \"x\"}",
		  ":3: \"syscall-limit\": expected a number" },
	};
	size_t i;
	struct run r;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *args[] = { "--policy", policy_file(cases[i][0]),
				       "--", "true", NULL };

		run_budget(&r, NULL, args);
		unlink(args[1]);
		assert_exit(&r, 1);
		ck_assert_msg(strstr(r.err, cases[i][1]), "%s: %s", cases[i][0],
			      r.err);
		run_free(&r);
	}
}
END_TEST

static bool has_m32_helper(void)
{
	char path[1024];

	snprintf(path, sizeof(path), "%s/budgetee32",
		 getenv("SW_HELPERS") ? getenv("SW_HELPERS") : ".");
	return access(path, X_OK) == 0;
}

/* Whether this kernel counts for us (else the kernel run is skipped). */
static int kernel_counts(void)
{
	char cmd[1024];
	int st;

	snprintf(cmd, sizeof(cmd),
		 "'%s' --budget-counting=kernel --budget getppid=1 -- true",
		 getenv("SYSWARDEN"));
	st = system(cmd);
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return 1;
	printf("SKIP: the kernel does not count syscalls here (above)\n");
	return 0;
}

int main(void)
{
	Suite *s = suite_create("budget");
	TCase *tc = tcase_create("budget");

	if (!strcmp(counting(), "kernel") && !kernel_counts())
		return 77;
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, budget_is_exact);
	tcase_add_test(tc, per_thread_counts_are_exact);
	tcase_add_test(tc, tree_counts_are_exact);
	tcase_add_test(tc, errno_emfile_is_handled);
	tcase_add_test(tc, errno_lets_exit_run);
	tcase_add_test(tc, end_thread_siblings_finish);
	tcase_add_test(tc, kill_exits_enforced);
	tcase_add_test(tc, stops_per_mode);
	tcase_add_test(tc, conditional_budget_keeps_others_in_kernel);
#ifdef __x86_64__
	tcase_add_test(tc, i386_calls_count);
	if (has_m32_helper())
		tcase_add_test(tc, i386_process_counts_its_own_calls);
	else
		printf("SKIP i386_process_counts_its_own_calls: no -m32 "
		       "build of budgetee here\n");
#endif
	tcase_add_test(tc, bad_input_is_named);
	tcase_add_test(tc, policy_file_sets_budgets);
	tcase_add_test(tc, policy_errors_have_lines);
	suite_add_tcase(s, tc);
	return run_suite(s);
}

// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * syswarden tests - argument conditions, evaluated in the supervisor and
 * pre-selected in the kernel: each operator on a helper whose calls have
 * known arguments, with the seccomp filter on and off.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <signal.h>
#include <unistd.h>

#include "testutil.h"

#include "checkmain.h"

static void setup(void)
{
	reaper_begin();
}

static void teardown(void)
{
	reap_check(3000);
}

/* The counts N of the shown "write(-1, ..., N)" calls, as "10,100". */
static void shown_counts(const char *trace, char *out, size_t size)
{
	const char *p = trace;
	size_t len = 0;

	out[0] = '\0';
	while ((p = strstr(p, "write(-1, "))) {
		const char *nl = strchr(p, '\n'), *c = nl;

		while (c > p && *c != ',')
			c--;
		len +=
		    (size_t)snprintf(out + len, size - len, "%s%ld",
				     len ? "," : "", strtol(c + 2, NULL, 10));
		p = nl ? nl : p + 1;
	}
}

static const struct {
	const char *cond;
	const char *counts;
} write_cases[] = {
	{ "count == 100", "100" },
	{ "count != 100", "10,1000,5000" },
	{ "count < 100", "10" },
	{ "count <= 100", "10,100" },
	{ "count > 1000", "5000" },
	{ "count >= 1000", "1000,5000" },
	{ "count in 100..1000", "100,1000" },
	{ "!(count in 100..1000)", "10,5000" },
	{ "fd == -1 && count > 1000 || count == 10", "10,5000" },
	{ "count & 0x8", "10,1000,5000" }, /* 10=0b1010, 1000, 5000 */
	{ "!(count & 0x8)", "100" },
	{ "count & 0xff == 0x64", "100" }, /* 100 = 0x64 */
	{ "count & 0xff != 0x64", "10,1000,5000" },
	{ "fd == 2", "" },
};

static void run_case(const char *cond, const char *mode, char *got, size_t size)
{
	char set[128];
	const char *args[] = { mode, "-e", set, helper("argops"), NULL };
	struct run r;

	snprintf(set, sizeof(set), "trace=write(%s)", cond);
	run_syswarden(&r, args);
	ck_assert_msg(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 0,
		      "%s %s: status %#x: %s", mode, cond, r.status, r.err);
	shown_counts(r.trace, got, size);
	run_free(&r);
}

START_TEST(test_write_operators)
{
	const char *modes[] = { "--seccomp=on", "--seccomp=off" };
	char got[64];
	size_t m;

	for (m = 0; m < 2; m++) {
		run_case(write_cases[_i].cond, modes[m], got, sizeof(got));
		ck_assert_msg(!strcmp(got, write_cases[_i].counts),
			      "%s %s: shown %s, expected %s", modes[m],
			      write_cases[_i].cond, got,
			      write_cases[_i].counts);
	}
}
END_TEST

START_TEST(test_flag_masks_and_strings)
{
	const char *creat[] = { "-e", "trace=openat(flags & O_CREAT)",
				helper("argops"), NULL };
	const char *excl[] = { "-e",
			       "trace=openat(flags & (O_CREAT|O_EXCL) == "
			       "O_CREAT|O_EXCL)",
			       helper("argops"), NULL };
	const char *path[] = {
		"-e",
		"trace=openat(filename == \"/nonexistent/argops\""
		" && !(flags & O_CREAT))",
		helper("argops"), NULL
	};
	struct run r;

	run_syswarden(&r, creat);
	ck_assert_int_eq(count_of(r.trace, "openat("), 2);
	ck_assert_int_eq(count_of(r.trace, "\"/nonexistent/argops\", "
					   "O_WRONLY|O_CREAT,"),
			 1);
	ck_assert_int_eq(count_of(r.trace, "\"/nonexistent/argops\", "
					   "O_WRONLY|O_CREAT|O_EXCL,"),
			 1);
	run_free(&r);
	run_syswarden(&r, excl);
	ck_assert_int_eq(count_of(r.trace, "openat("), 1);
	ck_assert_int_eq(count_of(r.trace, "O_WRONLY|O_CREAT|O_EXCL,"), 1);
	run_free(&r);
	/* A string condition is decided in the supervisor alone. */
	run_syswarden(&r, path);
	ck_assert_int_eq(count_of(r.trace, "openat("), 2);
	ck_assert_int_eq(
	    count_of(r.trace, "\"/nonexistent/argops\", O_RDONLY)"), 1);
	ck_assert_int_eq(count_of(r.trace, "\"/nonexistent/argops\", "
					   "O_RDONLY|O_DIRECTORY)"),
			 1);
	run_free(&r);
}
END_TEST

START_TEST(test_kernel_preselects)
{
	/* 200 writes to fd 1 and one to fd 2: with the filter the first
	 * never stop.  --stats counts the stops. */
	const char *on[] = { "--stats",
			     "--seccomp=on",
			     "-e",
			     "trace=write(fd == 2)",
			     helper("argops"),
			     NULL };
	const char *off[] = { "--stats",
			      "--seccomp=off",
			      "-e",
			      "trace=write(fd == 2)",
			      helper("argops"),
			      NULL };
	long stops_on, stops_off;
	struct run r;

	run_syswarden(&r, on);
	ck_assert_int_eq(count_of(r.trace, "write(2, \"\", 0) = 0"), 1);
	ck_assert_int_eq(count_of(r.trace, "write(1,"), 0);
	stops_on = stops_of(&r);
	run_free(&r);
	run_syswarden(&r, off);
	stops_off = stops_of(&r);
	ck_assert_int_eq(count_of(r.trace, "write(2, \"\", 0) = 0"), 1);
	run_free(&r);
	/* Without the filter every syscall stops twice: well over 400. */
	ck_assert_int_gt(stops_off, 400);
	ck_assert_msg(stops_on < 50, "%ld stops with the filter", stops_on);
}
END_TEST

/*
 * Everything selected, nothing wanted at exit: the filter still pays, one
 * stop a call instead of two.  argops makes some 200 calls.
 */
START_TEST(test_entry_only_everything)
{
	const char *entry[] = { "--stats", "--entry-only", helper("argops"),
				NULL };
	const char *full[] = { "--stats", helper("argops"), NULL };
	long stops_entry, stops_full;
	struct run r;

	run_syswarden(&r, entry);
	stops_entry = stops_of(&r);
	ck_assert_int_eq(count_of(r.trace, "write(1, \"x\", 1) = ?"), 200);
	run_free(&r);
	run_syswarden(&r, full);
	stops_full = stops_of(&r);
	ck_assert_int_eq(count_of(r.trace, "write(1, \"x\", 1) = 1"), 200);
	run_free(&r);
	ck_assert_int_gt(stops_full, 400);
	ck_assert_msg(stops_entry * 10 < stops_full * 6,
		      "%ld stops entry-only, %ld with results", stops_entry,
		      stops_full);
}
END_TEST

/* A constant is taken at the argument's type: uid_t is 32-bit unsigned,
 * so -1 is 0xffffffff, with the filter and without. */
START_TEST(test_constants_at_argument_width)
{
	const char *args[] = { "--seccomp=auto",
			       "-e",
			       "trace=setresuid(ruid == -1 && euid != -1)",
			       helper("hookee"),
			       "uid",
			       NULL };
	const char *eq[] = {
		"--seccomp=off",
		"-e",
		"trace=setresuid(ruid == -1 && suid == 0xffffffff)",
		helper("hookee"),
		"uid",
		NULL
	};
	struct run r;

	run_syswarden(&r, args);
	ck_assert_int_eq(count_of(r.trace, "setresuid("), 0);
	run_free(&r);
	args[0] = "--seccomp=off";
	run_syswarden(&r, args);
	ck_assert_int_eq(count_of(r.trace, "setresuid("), 0);
	run_free(&r);
	run_syswarden(&r, eq);
	ck_assert_int_eq(count_of(r.trace, "setresuid("), 1);
	run_free(&r);
	eq[0] = "--seccomp=on";
	run_syswarden(&r, eq);
	ck_assert_int_eq(count_of(r.trace, "setresuid("), 1);
	run_free(&r);
}
END_TEST

START_TEST(test_status_filter)
{
	const char *failed[] = { "-e",
				 "trace=write,openat",
				 "-e",
				 "status=failed",
				 helper("argops"),
				 NULL };
	const char *ok[] = { "-e",
			     "trace=write",
			     "-e",
			     "status=successful",
			     helper("argops"),
			     NULL };
	struct run r;

	/* The writes to fd -1 and every open fail; no line is split. */
	run_syswarden(&r, failed);
	ck_assert_int_eq(count_of(r.trace, "write(-1, "), 4);
	ck_assert_int_eq(count_of(r.trace, "= -1 EBADF (Bad file descriptor)"),
			 4);
	ck_assert_int_eq(count_of(r.trace, "openat(AT_FDCWD, \"/nonexistent/"),
			 4);
	ck_assert_int_eq(count_of(r.trace, "write(1, "), 0);
	ck_assert_ptr_null(strstr(r.trace, "resumed>"));
	run_free(&r);
	run_syswarden(&r, ok);
	ck_assert_int_eq(count_of(r.trace, "write(1, \"x\", 1) = 1"), 200);
	ck_assert_int_eq(count_of(r.trace, "write(2, \"\", 0) = 0"), 1);
	ck_assert_int_eq(count_of(r.trace, "write(-1, "), 0);
	run_free(&r);
}
END_TEST

START_TEST(test_status_filter_exec_path)
{
	const char *args[] = { "-s",
			       "200",
			       "-e",
			       "trace=execve",
			       "-e",
			       "status=successful",
			       helper("argops"),
			       NULL };
	char want[600];
	struct run r;

	/* Decoded at entry: by the exit the path's memory is gone. */
	snprintf(want, sizeof(want), "execve(\"%s\", ", helper("argops"));
	run_syswarden(&r, args);
	ck_assert_msg(strstr(r.trace, want), "no %s in %s", want, r.trace);
	run_free(&r);
}
END_TEST

START_TEST(test_bare_set_and_regex)
{
	/* "-e SET" with an '=' inside a condition is still a set, and a
	 * regex's parentheses are not a condition. */
	const char *bare[] = { "-e", "write(fd == 2)", helper("argops"), NULL };
	const char *re[] = { "-e", "trace=/^(write|exit_group)$",
			     helper("argops"), NULL };
	struct run r;

	run_syswarden(&r, bare);
	ck_assert_msg(WIFEXITED(r.status) && !WEXITSTATUS(r.status), "%s",
		      r.err);
	ck_assert_int_eq(count_of(r.trace, "write(2, \"\", 0) = 0"), 1);
	ck_assert_int_eq(count_of(r.trace, "write(1, "), 0);
	run_free(&r);
	run_syswarden(&r, re);
	ck_assert_msg(WIFEXITED(r.status) && !WEXITSTATUS(r.status), "%s",
		      r.err);
	ck_assert_int_eq(count_of(r.trace, "write(1, \"x\", 1) = 1"), 200);
	ck_assert_int_eq(count_of(r.trace, "exit_group(0) = ?"), 1);
	ck_assert_int_eq(count_of(r.trace, "openat("), 0);
	run_free(&r);
}
END_TEST

START_TEST(test_condition_errors)
{
	static const struct {
		const char *set, *msg, *caret;
	} bad[] = {
		{ "trace=write(fdd == 2)",
		  "no argument 'fdd' of write (did you mean fd?)",
		  "\n  write(fdd == 2)\n        ^" },
		{ "trace=write(fd = 2)",
		  "expected ==, !=, <, <=, >, >=, in or &",
		  "\n  write(fd = 2)\n           ^" },
		{ "trace=openat(flags & O_CREA)",
		  "unknown constant 'O_CREA' (did you mean O_CREAT?)", NULL },
		{ "trace=wrte(fd == 2)",
		  "no such syscall 'wrte' (did you mean write?)", NULL },
		{ "trace=write(fd == 2", "expected &&, || or ')'", NULL },
		{ "trace=write(count < \"x\")",
		  "a string compares with == or !=", NULL },
		{ "trace=!write(fd == 2)", "cannot be used in a set inverted",
		  NULL },
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *args[] = { "-e", bad[i].set, "true", NULL };
		struct run r;

		run_syswarden(&r, args);
		ck_assert_msg(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 1,
			      "%s: status %#x", bad[i].set, r.status);
		ck_assert_msg(strstr(r.err, bad[i].msg), "%s: got %s",
			      bad[i].set, r.err);
		ck_assert_msg(!bad[i].caret || strstr(r.err, bad[i].caret),
			      "%s: no caret in %s", bad[i].set, r.err);
		run_free(&r);
	}
}
END_TEST

/* Issue 15: a filter over the kernel's size.  Each call's condition
 * takes 128 rules of two comparisons; eight of them are far too many. */
static const char too_large[] =
    "trace=poll(nfds == 3 || timeout_msecs == 5),"
    "lseek(fd == 3 || whence == 5),ioctl(fd == 3 || cmd == 5),"
    "shmat(shmid == 3 || shmflg == 5),shmctl(shmid == 3 || cmd == 5),"
    "dup2(oldfd == 3 || newfd == 5),sendfile(out_fd == 3 || in_fd == 5),"
    "socket(family == 3 || type == 5),write(count == 5)";

START_TEST(test_filter_too_large)
{
	const char *autom[] = { "-e", too_large, helper("argops"), NULL };
	const char *on[] = { "--seccomp=on", "-e", too_large, "true", NULL };
	struct run r;

	run_syswarden(&r, autom);
	ck_assert_msg(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 0,
		      "auto: status %#x: %s", r.status, r.err);
	ck_assert_msg(strstr(r.err, "over the kernel's size: calls with "
				    "argument conditions stop whole"),
		      "auto: %s", r.err);
	ck_assert_int_eq(count_of(r.err, "syswarden:"), 1);
	ck_assert_int_eq(count_of(r.trace, "write(-1, "), 0);
	run_free(&r);
	run_syswarden(&r, on);
	ck_assert_msg(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 1,
		      "on: status %#x", r.status);
	ck_assert_msg(strstr(r.err, "--seccomp=on: the seccomp filter of "
				    "this selection is too large"),
		      "on: %s", r.err);
	run_free(&r);
}
END_TEST

/* libseccomp 2.5.4 looped on this one (two rules with a masked compare
 * of a 64-bit argument's upper half and an inequality): never given. */
START_TEST(test_filter_libseccomp_loop)
{
	const char *args[] = {
		"--seccomp=on", "-e",
		"trace=mprotect(!(prot & 0x100000001) || len == 5)", "true",
		NULL
	};
	struct run r;

	run_syswarden(&r, args);
	ck_assert_msg(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 0,
		      "status %#x: %s", r.status, r.err);
	ck_assert_str_eq(r.err, "");
	run_free(&r);
}
END_TEST

/* Three calls with 128 rules each: over a second to build. */
static const char slow[] = "trace=poll(nfds == 3 || timeout_msecs == 5),"
			   "lseek(fd == 3 || whence == 5),"
			   "ioctl(fd == 3 || cmd == 5)";

/* A build over its time bound: auto drops the conditions, on refuses. */
START_TEST(test_filter_build_bounded)
{
	const char *autom[] = { "-e", slow, "true", NULL };
	const char *on[] = { "--seccomp=on", "-e", slow, "true", NULL };
	struct run r;

	setenv("SYSWARDEN_FILTER_MS", "50", 1);
	run_syswarden(&r, autom);
	ck_assert_msg(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 0,
		      "auto: status %#x: %s", r.status, r.err);
	ck_assert_msg(strstr(r.err, "takes over 50 ms to build: calls with "
				    "argument conditions stop whole"),
		      "auto: %s", r.err);
	run_free(&r);
	run_syswarden(&r, on);
	ck_assert_msg(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 1,
		      "on: status %#x", r.status);
	ck_assert_msg(strstr(r.err, "took too long"), "on: %s", r.err);
	run_free(&r);
	unsetenv("SYSWARDEN_FILTER_MS");
}
END_TEST

/* SIGINT and SIGTERM end syswarden while it builds the filter. */
START_TEST(test_signal_during_build)
{
	static const int sigs[] = { SIGINT, SIGTERM };
	const char *args[] = { "-e", slow, "true", NULL };
	int status = 0, tries;
	pid_t pid, got = 0;

	setenv("SYSWARDEN_FILTER_MS", "600000", 1);
	pid = start_syswarden("/dev/null", args);
	unsetenv("SYSWARDEN_FILTER_MS");
	usleep(300 * 1000);
	kill(pid, sigs[_i]);
	for (tries = 0; tries < 300 && got == 0; tries++) {
		got = waitpid(pid, &status, WNOHANG);
		if (got == 0)
			usleep(10 * 1000);
	}
	if (got == 0)
		kill(pid, SIGKILL);
	ck_assert_msg(got == pid, "%s did not end syswarden in 3 s",
		      strsignal(sigs[_i]));
	ck_assert_msg(WIFSIGNALED(status) && WTERMSIG(status) == sigs[_i],
		      "status %#x", status);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("conditions");
	TCase *tc = tcase_create("conditions");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_write_operators, 0,
			    sizeof(write_cases) / sizeof(write_cases[0]));
	tcase_add_test(tc, test_flag_masks_and_strings);
	tcase_add_test(tc, test_kernel_preselects);
	tcase_add_test(tc, test_entry_only_everything);
	tcase_add_test(tc, test_constants_at_argument_width);
	tcase_add_test(tc, test_status_filter);
	tcase_add_test(tc, test_status_filter_exec_path);
	tcase_add_test(tc, test_bare_set_and_regex);
	tcase_add_test(tc, test_condition_errors);
	tcase_add_test(tc, test_filter_too_large);
	tcase_add_test(tc, test_filter_libseccomp_loop);
	tcase_add_test(tc, test_filter_build_bounded);
	tcase_add_loop_test(tc, test_signal_during_build, 0, 2);
	suite_add_tcase(s, tc);
	return run_suite(s);
}

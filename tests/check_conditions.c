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
	const char *args[] = { "-s",	     "200", "-e", "trace=execve",
			       "-e",	     "status=successful",
			       helper("argops"), NULL };
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
	suite_add_tcase(s, tc);
	return run_suite(s);
}

// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * syswarden tests - a 32-bit i386 helper (built with -m32), decoded with
 * the i386 table, directly and exec'd from a 64-bit shell (the table
 * switches mid-process).  Skipped (77) where the kernel cannot run i386
 * code: CONFIG_IA32_EMULATION=n or ia32_emulation=off.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
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

static void check_basic32(const char *trace)
{
	/* 32-bit glibc opens with O_LARGEFILE, 0x8000 on i386: named with
	 * i386's own table. */
	ck_assert_ptr_nonnull(
	    strstr(trace, "openat(AT_FDCWD, \"/nonexistent/syswarden-test\", "
			  "O_RDONLY|O_LARGEFILE) = -1 ENOENT (No such file or "
			  "directory)\n"));
	ck_assert_ptr_nonnull(strstr(trace, "write(1, \"hello\\n\", 6) = 6\n"));
	ck_assert_ptr_nonnull(strstr(trace, "syscall_0x3e8("));
	/* i386 names that x86_64 does not have. */
	ck_assert_ptr_nonnull(strstr(trace, "mmap2("));
	ck_assert_ptr_nonnull(strstr(trace, "set_thread_area("));
}

START_TEST(test_i386_helper)
{
	const char *args[] = { helper("basic32"), NULL };
	struct run r;

	run_syswarden(&r, args);
	ck_assert_msg(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 0,
		      "status %#x: %s", r.status, r.err);
	check_basic32(r.trace);
	run_free(&r);
}
END_TEST

START_TEST(test_i386_from_64bit_shell)
{
	char cmd[600];
	const char *args[] = { "sh", "-c", cmd, NULL };
	struct run r;

	snprintf(cmd, sizeof(cmd), "%s; exit $?", helper("basic32"));
	run_syswarden(&r, args);
	ck_assert_msg(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 0,
		      "status %#x", r.status);
	/* The shell's own calls use the x86_64 table... */
	ck_assert_ptr_nonnull(strstr(r.trace, "newfstatat("));
	check_basic32(r.trace);
	run_free(&r);
}
END_TEST

START_TEST(test_i386_under_filter)
{
	const char *args[] = { "--seccomp=on",
			       "--stats",
			       "-e",
			       "trace=openat(flags & O_CREAT),write(fd == 1)",
			       helper("basic32"),
			       NULL };
	struct run r;

	run_syswarden(&r, args);
	ck_assert_msg(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 0,
		      "status %#x: %s", r.status, r.err);
	/* The i386 rules select write to fd 1 and no open without O_CREAT. */
	ck_assert_ptr_nonnull(
	    strstr(r.trace, "write(1, \"hello\\n\", 6) = 6\n"));
	ck_assert_ptr_null(strstr(r.trace, "openat("));
	ck_assert_ptr_nonnull(strstr(r.err, "syswarden: stops: "));
	run_free(&r);
}
END_TEST

/* 32-bit glibc sends and connects through socketcall(2): net_monitor's
 * hooks on sendto, sendmsg and connect see them, each with its peer and
 * data, and the trace shows them by name. */
START_TEST(test_i386_socketcall_net_monitor)
{
	char plugin[512];
	const char *args[] = { "-e", "trace=%network",	  "--plugin", plugin,
			       "--", helper("plugtee32"), "net",      NULL };
	struct run r;

	snprintf(plugin, sizeof(plugin), "%s/net_monitor.so:preview=5",
		 getenv("SW_PLUGINS"));
	run_syswarden(&r, args);
	ck_assert_msg(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 0,
		      "status %#x: %s", r.status, r.err);
	ck_assert_ptr_null(strstr(r.trace, "socketcall("));
	ck_assert_ptr_nonnull(strstr(r.trace, ", \"hello-net\", 9, 0, "
					      "{sa_family=AF_INET, "));
	ck_assert_ptr_nonnull(
	    strstr(r.trace, " to 127.0.0.1:9: \"hello\"...\n"));
	ck_assert_ptr_nonnull(strstr(r.trace, " to connected: \"msg-d\"...\n"));
	ck_assert_ptr_nonnull(strstr(r.trace, " to 127.0.0.1:1\n"));
	ck_assert_ptr_nonnull(
	    strstr(r.trace, " to unix:\"/nonexistent/plugtee.sock\"\n"));
	/* Every call shows, socket() and socketpair() too: the rules that
	 * allow the direct socket calls must not allow these. */
	ck_assert_int_eq(count_of(r.trace, "socket(AF_"), 3);
	ck_assert_int_eq(count_of(r.trace, "\nsocketpair("), 1);
	ck_assert_int_eq(count_of(r.trace, "\nsendmsg("), 2);
	ck_assert_int_eq(count_of(r.trace, "\nconnect("), 3);
	run_free(&r);
}
END_TEST

/*
 * i386's socketcall(2) and ipc(2) show as the calls they make, and are
 * selected by those names, with the in-kernel filter (which must then
 * stop socketcall and ipc) and without.
 */
START_TEST(test_i386_subcalls_by_name)
{
	const char *seccomp[] = { "--seccomp=on", "--seccomp=off" };
	const char *args[] = { seccomp[_i], "-e",
			       "trace=sendto,semget,semctl,msgget,msgrcv",
			       helper("subcalls32"), NULL };
	struct run r;

	run_syswarden(&r, args);
	ck_assert_msg(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 0,
		      "status %#x: %s", r.status, r.err);
	/* (its fd depends on what syswarden's caller left open) */
	ck_assert_msg(strstr(r.trace, ", \"one\", 3, 0, NULL, 0) = 3\n"),
		      "no sendto in:\n%s", r.trace);
	ck_assert_ptr_nonnull(
	    strstr(r.trace, ", \"three\", 5, 0, NULL, 0) = 5\n"));
	ck_assert_int_eq(count_of(r.trace, "\nsendto("), 1); /* and 1st */
	ck_assert_int_eq(count_of(r.trace, "semget("), 1);
	ck_assert_int_eq(count_of(r.trace, "semctl("), 1);
	ck_assert_int_eq(count_of(r.trace, "msgget("), 1);
	/* msgrcv(id, buffer, 8, type 1, 0): from ipc's first, ptr, second,
	 * fifth and third */
	ck_assert_ptr_nonnull(strstr(r.trace, ", 8, 1, 0) = 4\n"));
	ck_assert_int_eq(count_of(r.trace, "msgsnd("), 0);
	ck_assert_int_eq(count_of(r.trace, "socketcall("), 0);
	ck_assert_int_eq(count_of(r.trace, "ipc("), 0);
	ck_assert_int_eq(count_of(r.trace, "socketpair("), 0);
	run_free(&r);
}
END_TEST

/* A condition on a sub-call's argument reads it from socketcall's array
 * in the tracee's memory, under the filter too. */
START_TEST(test_i386_subcall_condition)
{
	const char *seccomp[] = { "--seccomp=on", "--seccomp=off" };
	const char *args[] = { seccomp[_i], "-e", "trace=sendto(len == 5)",
			       helper("subcalls32"), NULL };
	struct run r;

	run_syswarden(&r, args);
	ck_assert_msg(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 0,
		      "status %#x: %s", r.status, r.err);
	ck_assert_ptr_nonnull(
	    strstr(r.trace, ", \"three\", 5, 0, NULL, 0) = 5"));
	ck_assert_int_eq(count_of(r.trace, "sendto("), 1);
	run_free(&r);
}
END_TEST

/* An i386 clone3 runs as the compat clone, and gives back ebx-edi. */
START_TEST(test_i386_clone3_as_clone)
{
	const char *modes[] = { "--seccomp=on", "--seccomp=off" };
	const char *tests[] = { "regs", "pidfd", "expect-traced", "invalid" };
	struct run r;
	size_t i, j;

	for (i = 0; i < 2; i++)
		for (j = 0; j < 4; j++) {
			const char *args[] = {
				modes[i],     "-e",
				"trace=none", helper("untraced32"),
				tests[j],     NULL
			};

			run_syswarden(&r, args);
			ck_assert_msg(
			    WIFEXITED(r.status) && !WEXITSTATUS(r.status),
			    "%s %s: status %#x", modes[i], tests[j], r.status);
			run_free(&r);
		}
}
END_TEST

int main(void)
{
	const char *why = why_no_i386("basic32");
	Suite *s;
	TCase *tc;

	if (why) {
		printf("SKIP: %s\n", why);
		return 77;
	}
	s = suite_create("i386");
	tc = tcase_create("abi");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_i386_helper);
	tcase_add_test(tc, test_i386_from_64bit_shell);
	tcase_add_test(tc, test_i386_under_filter);
	tcase_add_test(tc, test_i386_socketcall_net_monitor);
	tcase_add_loop_test(tc, test_i386_subcalls_by_name, 0, 2);
	tcase_add_loop_test(tc, test_i386_subcall_condition, 0, 2);
	tcase_add_test(tc, test_i386_clone3_as_clone);
	suite_add_tcase(s, tc);
	return run_suite(s);
}

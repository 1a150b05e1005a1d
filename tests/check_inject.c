// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * syswarden tests - -e inject=, -e fault= and --deny on the injectee
 * helper, which checks inside the tracee what its calls returned and
 * exits 0 only when that is what the rule asked for.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"
#define SW_EXIT_ENFORCED 86 /* include/syswarden/syswarden.h */

#include "checkmain.h"

static void setup(void)
{
	reaper_begin();
}

static void teardown(void)
{
	reap_check(3000);
}

/* Runs syswarden with @args and checks that the helper was content. */
static void run_ok(struct run *r, const char *const *args)
{
	run_syswarden(r, args);
	ck_assert_msg(WIFEXITED(r->status) && WEXITSTATUS(r->status) == 0,
		      "status %#x; syswarden said: %s", r->status, r->err);
}

START_TEST(test_error)
{
	const char *args[] = { "-e",
			       "trace=getpgid",
			       "-e",
			       "inject=getpgid:error=EACCES",
			       helper("injectee"),
			       "error",
			       "EACCES",
			       "3",
			       NULL };
	struct run r;

	run_ok(&r, args);
	ck_assert_int_eq(count_of(r.trace, "getpgid(0) = -1 EACCES "
					   "(Permission denied) (INJECTED)\n"),
			 3);
	run_free(&r);
}
END_TEST

START_TEST(test_retval)
{
	const char *args[] = { "-e",
			       "trace=getpgid",
			       "--inject=getpgid:retval=42",
			       helper("injectee"),
			       "retval",
			       "42",
			       "2",
			       NULL };
	struct run r;

	run_ok(&r, args);
	ck_assert_int_eq(count_of(r.trace, "getpgid(0) = 42 (INJECTED)\n"), 2);
	run_free(&r);
}
END_TEST

/* Each when= form, and the calls it fires on. */
START_TEST(test_when)
{
	static const struct {
		const char *when, *calls;
	} cases[] = {
		{ "2..6+2", "2,4,6" },	   { "3", "3" },
		{ "3+", "3,4,5,6,7,8,9" }, { "3+3", "3,6,9" },
		{ "2..4", "2,3,4" },	   { "1..1", "1" },
	};
	char rule[64];
	size_t i;
	struct run r;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *args[] = { "-e",
				       "trace=none",
				       "-e",
				       rule,
				       helper("injectee"),
				       "when",
				       "ENOTTY",
				       "9",
				       cases[i].calls,
				       NULL };

		snprintf(rule, sizeof(rule),
			 "inject=getpgid:error=ENOTTY:when=%s", cases[i].when);
		run_ok(&r, args);
		run_free(&r);
	}
}
END_TEST

/* Counted per thread: in each of 8 threads its own third call fails. */
START_TEST(test_when_per_thread)
{
	const char *args[] = { "-e",
			       "trace=none",
			       "-e",
			       "fault=getpgid:error=ENOTTY:when=3",
			       helper("injectee"),
			       "threads",
			       "ENOTTY",
			       "8",
			       "5",
			       "3",
			       NULL };
	struct run r;

	run_ok(&r, args);
	run_free(&r);
}
END_TEST

/* Several rules on one syscall: each counts; the first that fires sets
 * the result. */
START_TEST(test_several_rules)
{
	const char *args[] = { "-e",
			       "trace=getpgid",
			       "-e",
			       "inject=getpgid:error=ENOTTY:when=2..6+2",
			       "-e",
			       "inject=getpgid:retval=7:when=4+",
			       helper("injectee"),
			       "when",
			       "ENOTTY",
			       "3",
			       "2",
			       NULL };
	struct run r;

	run_ok(&r, args);
	run_free(&r);
	args[3] = "inject=getpgid:error=ENOTTY:when=2";
	args[5] = "inject=getpgid:error=EPERM:when=1..3";
	args[8] = "EPERM";
	args[10] = "1,3";
	run_syswarden(&r, args);
	/* call 2 gets ENOTTY, which the helper does not expect: it says so */
	ck_exited(r.status, 1);
	ck_assert_ptr_nonnull(strstr(r.trace, "-1 ENOTTY"));
	ck_assert_int_eq(count_of(r.trace, "-1 EPERM"), 2);
	run_free(&r);
}
END_TEST

START_TEST(test_condition)
{
	const char *args[] = { "-e",
			       "trace=openat",
			       "-e",
			       "inject=openat(flags & O_CREAT):error=EROFS",
			       helper("injectee"),
			       "creat",
			       "EROFS",
			       NULL };
	struct run r;

	run_ok(&r, args);
	ck_assert_int_eq(count_of(r.trace, "(INJECTED)"), 1);
	run_free(&r);
}
END_TEST

START_TEST(test_fault_default)
{
	const char *args[] = { "-e",
			       "trace=none",
			       "--fault=getpgid",
			       helper("injectee"),
			       "error",
			       "ENOSYS",
			       "2",
			       NULL };
	struct run r;

	run_ok(&r, args);
	run_free(&r);
}
END_TEST

START_TEST(test_signal)
{
	const char *args[] = { "-e",
			       "trace=none",
			       "-e",
			       "inject=getpgid:signal=SIGUSR1",
			       helper("injectee"),
			       "signal",
			       "10",
			       NULL };
	struct run r;

	run_ok(&r, args);
	run_free(&r);
}
END_TEST

/* A delay touches no result. */
START_TEST(test_delay)
{
	const char *args[] = { "-e",
			       "trace=none",
			       "-e",
			       "inject=getpgid:delay_enter=1ms:delay_exit=100",
			       helper("injectee"),
			       "untouched",
			       "3",
			       NULL };
	struct run r;

	run_ok(&r, args);
	run_free(&r);
}
END_TEST

/* In the kernel: the denied calls cost no stop, however many. */
START_TEST(test_deny_in_kernel)
{
	const char *args[] = { "--stats",
			       "-e",
			       "trace=none",
			       "--deny",
			       "getpgid:error=EACCES",
			       helper("injectee"),
			       "error",
			       "EACCES",
			       "1",
			       NULL };
	struct run r;
	long one;

	run_ok(&r, args);
	one = stops_of(&r);
	run_free(&r);
	args[8] = "200";
	run_ok(&r, args);
	ck_assert_int_eq(stops_of(&r), one);
	run_free(&r);
}
END_TEST

/* A condition on a string: at the stops. */
START_TEST(test_deny_at_stops)
{
	const char *args[] = {
		"-e",
		"trace=none",
		"--deny",
		"openat(filename == \"/dev/null\" && flags & O_CREAT)",
		helper("injectee"),
		"creat",
		"EPERM",
		NULL
	};
	struct run r;

	run_ok(&r, args);
	run_free(&r);
}
END_TEST

/* Shown, a denied call is marked as strace marks injected ones. */
START_TEST(test_deny_shown)
{
	const char *args[] = { "-e",
			       "trace=getpgid",
			       "--deny",
			       "getpgid",
			       helper("injectee"),
			       "error",
			       "EPERM",
			       "2",
			       NULL };
	struct run r;

	run_ok(&r, args);
	ck_assert_int_eq(count_of(r.trace, "getpgid(0) = -1 EPERM (Operation "
					   "not permitted) (INJECTED)\n"),
			 2);
	run_free(&r);
}
END_TEST

/* :kill in the kernel kills with SIGSYS; at a stop with SIGKILL.  Either
 * way syswarden exits SW_EXIT_ENFORCED, not with the command's signal, so
 * a harness tells the deny from a crash. */
START_TEST(test_deny_kill)
{
	const char *args[] = { "-e",
			       "trace=none",
			       "--deny",
			       "getpgid:kill",
			       helper("injectee"),
			       "killed",
			       NULL };
	struct run r;

	run_syswarden(&r, args);
	ck_assert_msg(WIFEXITED(r.status) &&
			  WEXITSTATUS(r.status) == SW_EXIT_ENFORCED,
		      "in the kernel: status 0x%x", r.status);
	ck_assert_ptr_nonnull(strstr(r.trace, "+++ killed by SIGSYS"));
	run_free(&r);
	args[1] = "trace=getpgid";
	run_syswarden(&r, args);
	ck_assert_msg(WIFEXITED(r.status) &&
			  WEXITSTATUS(r.status) == SW_EXIT_ENFORCED,
		      "at a stop: status 0x%x", r.status);
	ck_assert_ptr_nonnull(strstr(r.trace, "getpgid(0) = ?\n"));
	ck_assert_ptr_nonnull(strstr(r.trace, "+++ killed by SIGKILL"));
	run_free(&r);
}
END_TEST

static pid_t pid_in(const char *path)
{
	char *text = NULL;
	int i;
	struct timespec ms10 = { 0, 10 * 1000 * 1000 };

	for (i = 0; i < 2000 && !(text = slurp(path)); i++)
		nanosleep(&ms10, NULL);
	for (; i < 2000 && text && !strchr(text, '\n'); i++) {
		free(text);
		nanosleep(&ms10, NULL);
		text = slurp(path);
	}
	ck_assert_msg(text && strchr(text, '\n'), "no pid in %s", path);
	i = atoi(text);
	free(text);
	return i;
}

/* syswarden killed: its launched tracee dies with it. */
START_TEST(test_killed_tracee_dies)
{
	char file[] = "/tmp/sw-inject-XXXXXX", go[64];
	const char *args[] = { "-e",
			       "trace=none",
			       "--deny",
			       "getpgid",
			       helper("injectee"),
			       "wait-deny",
			       file,
			       go,
			       NULL };
	int fd = mkstemp(file), status;
	pid_t sw, tracee;

	ck_assert_int_ge(fd, 0);
	close(fd);
	unlink(file);
	snprintf(go, sizeof(go), "%s.go", file);
	sw = start_syswarden("/dev/null", args);
	tracee = pid_in(file);
	kill(sw, SIGKILL);
	ck_assert_int_eq(waitpid(sw, &status, 0), sw);
	/* Reparented to us, the subreaper. */
	ck_assert_int_eq(waitpid(tracee, &status, __WALL), tracee);
	ck_assert(WIFSIGNALED(status));
	ck_assert_int_eq(WTERMSIG(status), SIGKILL);
	unlink(file);
}
END_TEST

/* syswarden gone, the kernel's denial holds: the command, let go at its
 * exec (-b execve), still has the filter once syswarden has died. */
START_TEST(test_killed_deny_holds)
{
	char file[] = "/tmp/sw-inject-XXXXXX", go[64];
	/* -b execve lets go at the second exec, as strace does. */
	const char *args[] = { "-b",
			       "execve",
			       "-e",
			       "trace=none",
			       "--deny",
			       "getpgid",
			       "/bin/sh",
			       "-c",
			       "exec \"$0\" wait-deny \"$1\" \"$2\"",
			       helper("injectee"),
			       file,
			       go,
			       NULL };
	int fd = mkstemp(file), status;
	pid_t sw, tracee;

	ck_assert_int_ge(fd, 0);
	close(fd);
	unlink(file);
	snprintf(go, sizeof(go), "%s.go", file);
	sw = start_syswarden("/dev/null", args);
	tracee = pid_in(file);
	kill(sw, SIGKILL);
	ck_assert_int_eq(waitpid(sw, &status, 0), sw);
	ck_assert_int_eq(tracer_of(tracee), 0);
	fd = open(go, O_WRONLY | O_CREAT, 0600);
	ck_assert_int_ge(fd, 0);
	close(fd);
	ck_assert_int_eq(waitpid(tracee, &status, __WALL), tracee);
	ck_exited(status, 0); /* it got EPERM */
	unlink(file);
	unlink(go);
}
END_TEST

/* Hostile tracees against a denial in the kernel. */
static const char *const hostile_modes[][3] = {
	{ "untraced-child" }, /* CLONE_UNTRACED: the filter is inherited */
	{ "own-filter" }, /* a filter that allows: ERRNO takes precedence */
	{ "race-creat", "20000" }, /* flags sit in a register, not memory */
};

START_TEST(test_deny_hostile)
{
	const char *args[] = { "-e",
			       "trace=none",
			       "--deny",
			       "getpgid",
			       "--deny",
			       "openat(flags & O_CREAT)",
			       helper("injectee"),
			       hostile_modes[_i][0],
			       hostile_modes[_i][1],
			       NULL };
	struct run r;

	run_ok(&r, args);
	run_free(&r);
}
END_TEST

/* The documented limit: a condition on a string is decided at the stop,
 * on memory another thread can rewrite before the kernel reads it; the
 * rewrite wins (hostile.c's race mode says "escaped", and exits 1). */
START_TEST(test_deny_string_race_wins)
{
	char secret[] = "/tmp/sw-deny-XXXXXX", decoy[] = "/tmp/sw-deny-XXXXXX";
	char rule[64];
	const char *args[] = {
		"-e",	"trace=none", "--deny", rule,	  helper("hostile"),
		"race", secret,	      decoy,	"200000", NULL
	};
	int fd1 = mkstemp(secret), fd2 = mkstemp(decoy);
	struct run r;

	ck_assert(fd1 >= 0 && fd2 >= 0);
	ck_assert_int_eq(write(fd1, "secret\n", 7), 7);
	close(fd1);
	close(fd2);
	snprintf(rule, sizeof(rule), "openat(filename == \"%s\")", secret);
	run_syswarden(&r, args);
	ck_exited(r.status, 1);
	ck_assert_ptr_nonnull(strstr(r.err, "won the race"));
	run_free(&r);
	unlink(secret);
	unlink(decoy);
}
END_TEST

START_TEST(test_bad_rules)
{
	static const struct {
		const char *opt, *arg, *says;
	} cases[] = {
		{ "-e", "inject=getpgid", "nothing to inject" },
		{ "-e", "inject=getpgid:error=EBOGUS", "no such errno" },
		{ "-e", "inject=getpgid:error=EIO:retval=1", "only one" },
		{ "-e", "inject=getpgid:error=EIO:when=0", "when=0" },
		{ "-e", "inject=getpgid:error=EIO:when=5..2", "M not below N" },
		{ "-e", "fault=getpgid:retval=1", "expected error=ERRNO" },
		{ "-e", "inject=getpgd:error=EIO", "did you mean" },
		{ "-e", "inject=getpgid:signal=SIGNOPE", "no such signal" },
		{ "-e", "inject=getpgid:syscall=getpid", "not yet" },
		{ "--deny", "getpgid:kill:error=EIO", "one or the other" },
		{ "--deny", "getpgid:when=2", "expected error=ERRNO or kill" },
	};
	size_t i;
	struct run r;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *args[] = { cases[i].opt, cases[i].arg, "true",
				       NULL };

		run_syswarden(&r, args);
		ck_exited(r.status, 1);
		ck_assert_msg(strstr(r.err, cases[i].says), "%s %s: %s",
			      cases[i].opt, cases[i].arg, r.err);
		run_free(&r);
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("inject");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_error);
	tcase_add_test(tc, test_retval);
	tcase_add_test(tc, test_when);
	tcase_add_test(tc, test_when_per_thread);
	tcase_add_test(tc, test_several_rules);
	tcase_add_test(tc, test_condition);
	tcase_add_test(tc, test_fault_default);
	tcase_add_test(tc, test_signal);
	tcase_add_test(tc, test_delay);
	tcase_add_test(tc, test_deny_in_kernel);
	tcase_add_test(tc, test_deny_at_stops);
	tcase_add_test(tc, test_deny_shown);
	tcase_add_test(tc, test_deny_kill);
	tcase_add_test(tc, test_killed_tracee_dies);
	tcase_add_test(tc, test_killed_deny_holds);
	tcase_add_loop_test(tc, test_deny_hostile, 0,
			    sizeof(hostile_modes) / sizeof(hostile_modes[0]));
	tcase_add_test(tc, test_deny_string_race_wins);
	tcase_add_test(tc, test_bad_rules);
	suite_add_tcase(s, tc);
	return run_suite(s);
}

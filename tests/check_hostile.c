// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Hostile tracees: each test runs one mode of helpers/hostile.c, an
 * attempt to get out from under syswarden or past file_monitor's block,
 * and checks what holds (the README's table of hostile attempts says the
 * same).  The helper exits 0 when its attempt was stopped, 1 when it got
 * through.  Attacks on the supervisor itself run with syswarden and its
 * tracee as the same unprivileged user (nobody), as the attack is: root
 * may ptrace anything, whatever the supervisor does.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <syswarden/syswarden.h>

#include "checkmain.h"
#include "testutil.h"

#define NOBODY 65534

/* A file of nobody's, which only the block keeps from nobody, that
 * file_monitor watches; and a decoy of the same length it does not. */
static char dir[] = "/tmp/sw-hostile-XXXXXX";
static char secret[64], decoy[64];

static char *fm_arg(const char *extra)
{
	static char buf[1024];

	snprintf(buf, sizeof(buf), "%s/file_monitor.so:paths=%s,block=true%s",
		 getenv("SW_PLUGINS"), secret, extra);
	return buf;
}

/* Runs hostile @mode on the secret under file_monitor (block=true, and
 * @extra options), as nobody when @nobody, into @r. */
static void run_hostile(struct run *r, bool nobody, const char *extra,
			const char *mode)
{
	const char *args[] = {
		"-e",	       "trace=none", "--seccomp=on",	"--plugin",
		fm_arg(extra), "--",	     helper("hostile"), mode,
		secret,	       NULL
	};

	run_wrapped(r, nobody ? helper("as-nobody") : NULL, args);
}

/* The helper's exit status through syswarden's, which passes it on. */
static void assert_exit(const struct run *r, const char *mode, int want)
{
	ck_assert_msg(WIFEXITED(r->status) && WEXITSTATUS(r->status) == want,
		      "hostile %s: status %#x, want exit %d\n%.3000s\n%.3000s",
		      mode, r->status, want, r->err, r->trace);
}

/* Runs hostile @args under plain syswarden (-e trace=none, @seccomp). */
static void assert_held(const char *seccomp, const char *const *hargs)
{
	const char *args[16] = { "-e", "trace=none", seccomp, "--",
				 helper("hostile") };
	struct run r;
	size_t i;

	for (i = 0; hargs[i] && i < 10; i++)
		args[5 + i] = hargs[i];
	run_syswarden(&r, args);
	assert_exit(&r, hargs[0], 0);
	run_free(&r);
}

START_TEST(traceme_is_refused)
{
	assert_held("--seccomp=auto", (const char *[]){ "traceme", NULL });
}
END_TEST

/* A traced task cannot be attached to by anyone else: its sibling, or
 * its parent. */
START_TEST(sibling_attach_is_refused)
{
	assert_held("--seccomp=auto", (const char *[]){ "sibling", NULL });
}
END_TEST

static const char *const seccomp_modes[] = { "--seccomp=on", "--seccomp=off" };

START_TEST(clone_untraced_stays_traced)
{
	static const char *const modes[] = { "clone", "clone3", "vfork" };
	size_t i;

	for (i = 0; i < 3; i++)
		assert_held(seccomp_modes[_i],
			    (const char *[]){ modes[i], NULL });
}
END_TEST

START_TEST(clone3_race_stays_traced)
{
	assert_held(seccomp_modes[_i],
		    (const char *[]){ "clone3-race", "200", NULL });
}
END_TEST

static void skip_open(struct sw_call *call, void *data)
{
	(void)data;
	sw_call_skip(call, -EACCES);
}

/* A hook's .comm filter reads the comm the task gives itself: renamed,
 * the task is no longer matched.  Not a boundary; it is documented. */
START_TEST(rename_dodges_a_comm_filter)
{
	char *argv[] = { (char *)helper("hostile"), "rename", "renamed", secret,
			 NULL };
	struct sw_hook_spec spec = { .name = "openat",
				     .fn = skip_open,
				     .comm = "hostile",
				     .str[1] = SW_STR_EXACT(secret) };
	struct sw_supervisor *sup = NULL;
	char err[256];
	int status = -1;

	ck_assert_int_eq(sw_supervisor_new(&sup), 0);
	ck_assert_msg(sw_hook_add(sup, &spec, NULL, err, sizeof(err)) == 0,
		      "%s", err);
	ck_assert_int_gt(sw_spawn(sup, argv), 0);
	ck_assert_int_eq(sw_run(sup), 0);
	ck_assert_int_eq(sw_wait_status(sup, &status), 0);
	sw_supervisor_free(sup);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 1,
		      "status %#x: the renamed task was still matched", status);
}
END_TEST

/* Same user: the supervisor cannot be ptraced, nor its memory read or
 * written, so the block stays as it was set. */
START_TEST(supervisor_out_of_reach)
{
	static const char *const modes[] = { "seize", "mem-proc", "mem-vm" };
	struct run r;

	run_hostile(&r, true, "", modes[_i]);
	assert_exit(&r, modes[_i], 0);
	ck_assert_int_eq(count_of(r.err, "escaped"), 0);
	ck_assert_int_eq(count_of(r.trace, " blocked with EACCES\n"), 1);
	run_free(&r);
}
END_TEST

/* A root tracee: CAP_SYS_PTRACE passes the kernel's checks, whatever
 * syswarden does (the table's last row). */
START_TEST(root_tracee_reaches_syswarden)
{
	static const char *const modes[] = { "seize", "mem-proc" };
	struct run r;

	run_hostile(&r, false, "", modes[_i]);
	assert_exit(&r, modes[_i], 1);
	run_free(&r);
}
END_TEST

/* Same user: SIGKILL cannot be refused, and ends the supervisor; the
 * tracee dies with it (PTRACE_O_EXITKILL) before any open gets past. */
START_TEST(sigkill_takes_the_tracee_along)
{
	struct run r;

	reaper_begin();
	run_hostile(&r, true, "", "sigkill");
	ck_assert_msg(WIFSIGNALED(r.status) && WTERMSIG(r.status) == SIGKILL,
		      "status %#x\n%.3000s", r.status, r.err);
	ck_assert_int_eq(count_of(r.err, "escaped"), 0);
	ck_assert_int_eq(count_of(r.err, "still running"), 0);
	reap_check(5000);
	run_free(&r);
}
END_TEST

/* Starts hostile @mode outside the traced tree, as nobody when @nobody,
 * with HOSTILE_WAIT_TRACED when @wait; returns its pid once it wrote that
 * it is ready (as nobody, not as the root it starts as).  With @go, its
 * standard input is a pipe whose writing end is put in *@go. */
static pid_t start_hostile(bool nobody, const char *mode, bool wait, int *go)
{
	const char *argv[] = { helper("as-nobody"), helper("hostile"), mode,
			       secret, NULL };
	const char *const *cmd = nobody ? argv : argv + 1;
	char buf[8] = "";
	int fds[2], in[2] = { -1, -1 };
	pid_t pid;

	ck_assert_int_eq(pipe(fds), 0);
	ck_assert(!go || pipe(in) == 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		dup2(fds[1], 1);
		if (go) {
			dup2(in[0], 0);
			close(in[1]);
		}
		if (wait)
			setenv("HOSTILE_WAIT_TRACED", "1", 1);
		execv(cmd[0], (char *const *)cmd);
		_exit(126);
	}
	close(fds[1]);
	if (go) {
		close(in[0]);
		*go = in[1];
	}
	ck_assert_int_eq(read(fds[0], buf, sizeof(buf)), 6);
	close(fds[0]);
	return pid;
}

/* Same user, attach mode: nothing kills the process with syswarden, so
 * SIGKILL frees it. */
START_TEST(sigkill_frees_an_attached_process)
{
	pid_t pid = start_hostile(true, "sigkill", true, NULL);
	char pid_text[16];
	const char *args[] = { "-e", "trace=none", "--plugin", fm_arg(""),
			       "-p", pid_text,	   NULL };
	struct run r;
	int status;

	snprintf(pid_text, sizeof(pid_text), "%d", (int)pid);
	run_wrapped(&r, helper("as-nobody"), args);
	if (!WIFSIGNALED(r.status))
		kill(pid, SIGKILL); /* not attached: it would wait forever */
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFSIGNALED(r.status) && WTERMSIG(r.status) == SIGKILL,
		      "syswarden: status %#x\n%.3000s", r.status, r.err);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 1,
		      "hostile: status %#x", status);
	run_free(&r);
}
END_TEST

/* Same user: SIGSTOP freezes the supervisor, and the tracee waits at its
 * next stop until something sends SIGCONT; the open is then blocked. */
START_TEST(sigstop_freezes_both)
{
	struct run r;

	run_hostile(&r, true, "", "sigstop");
	assert_exit(&r, "sigstop", 0);
	ck_assert_int_eq(count_of(r.trace, " blocked with EACCES\n"), 1);
	run_free(&r);
}
END_TEST

/* A tracee of another user than syswarden's (here syswarden is root)
 * cannot signal it at all. */
START_TEST(other_user_cannot_signal)
{
	static const char *const modes[] = { "sigkill", "sigstop" };
	const char *args[] = { "-e",
			       "trace=none",
			       "--plugin",
			       fm_arg(""),
			       "--",
			       helper("as-nobody"),
			       helper("hostile"),
			       modes[_i],
			       secret,
			       NULL };
	struct run r;

	run_syswarden(&r, args);
	assert_exit(&r, modes[_i], 0);
	ck_assert_int_eq(count_of(r.err, "kill: Operation not permitted"), 1);
	run_free(&r);
}
END_TEST

/* The documented limit: a second thread rewrites the path after the
 * check.  It wins; the report at return says so. */
START_TEST(path_race_wins_and_is_reported)
{
	const char *args[] = { "-e",  "trace=none",	 "--plugin", fm_arg(""),
			       "--",  helper("hostile"), "race",     secret,
			       decoy, "200000",		 NULL };
	struct run r;

	run_syswarden(&r, args);
	assert_exit(&r, "race", 1);
	ck_assert_int_eq(count_of(r.err, "won the race in"), 1);
	ck_assert_int_eq(count_of(r.trace, " opened past the block (what its "
					   "path named changed after the "
					   "check)\n"),
			 1);
	run_free(&r);
}
END_TEST

/* Side doors that open by something other than a checked path are shut
 * while blocking, and reported. */
static const char *const door_modes[] = { "uring", "by-handle" };

START_TEST(side_doors_are_shut)
{
	static const char *const calls[] = { "io_uring_setup",
					     "open_by_handle_at" };
	char line[256];
	struct run r;

	run_hostile(&r, false, "", door_modes[_i]);
	assert_exit(&r, door_modes[_i], 0);
	snprintf(line, sizeof(line), "### file_monitor: %s blocked with EPERM",
		 calls[_i]);
	ck_assert_msg(strstr(r.trace, line), "no '%s' in:\n%.3000s", line,
		      r.trace);
	run_free(&r);
}
END_TEST

/* allow_side_doors=true lets them through: what the default shuts. */
START_TEST(side_doors_can_be_allowed)
{
	struct run r;

	run_hostile(&r, false, ",allow_side_doors=true", door_modes[_i]);
	assert_exit(&r, door_modes[_i], 1);
	ck_assert_int_eq(count_of(r.err, "hostile: escaped: "), 1);
	run_free(&r);
}
END_TEST

/* -p: a ring made before syswarden attached is shut too (its
 * io_uring_enter), and allow_side_doors=true lets it. */
START_TEST(uring_made_before_attach)
{
	static const char *const extra[] = { "", ",allow_side_doors=true" };
	static const int want[] = { 0, 1 }, reports[] = { 1, 0 };
	char trace[] = "/tmp/sw-trace-XXXXXX", pid_text[16], *text;
	const char *args[] = { "-e",	   "trace=read",
			       "--plugin", fm_arg(extra[_i]),
			       "-p",	   pid_text,
			       NULL };
	int go, status, fd = mkstemp(trace);
	pid_t pid, sw;
	bool traced;

	close(fd);
	pid = start_hostile(false, "uring-ready", false, &go);
	snprintf(pid_text, sizeof(pid_text), "%d", (int)pid);
	sw = start_syswarden(trace, args);
	/* Its reads of stdin are seen: its calls stop in syswarden now. */
	traced = wait_for_text(trace, "read(0, ", 10000);
	if (!traced || write(go, "g", 1) != 1)
		kill(pid, SIGKILL);
	close(go);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_int_eq(waitpid(sw, NULL, 0), sw);
	text = slurp(trace);
	unlink(trace);
	ck_assert_msg(traced, "syswarden -p saw no read:\n%.3000s", text);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == want[_i],
		      "hostile uring-ready: status %#x, want exit %d\n%.3000s",
		      status, want[_i], text);
	ck_assert_int_eq(count_of(text, "### file_monitor: io_uring_enter "
					"blocked with EPERM"),
			 reports[_i]);
	free(text);
}
END_TEST

/* Same user: a descriptor taken from a process outside the tree (which
 * opened the file unwatched) is refused while blocking, and reported. */
START_TEST(pidfd_getfd_is_shut)
{
	pid_t holder = start_hostile(true, "hold", false, NULL);
	char pid_text[16];
	const char *args[] = { "-e",	   "trace=none", "--plugin",
			       fm_arg(""), "--",	 helper("hostile"),
			       "getfd",	   secret,	 pid_text,
			       NULL };
	struct run r;

	snprintf(pid_text, sizeof(pid_text), "%d", (int)holder);
	run_wrapped(&r, helper("as-nobody"), args);
	kill(holder, SIGKILL);
	waitpid(holder, NULL, 0);
	assert_exit(&r, "getfd", 0);
	ck_assert_msg(strstr(r.trace, "### file_monitor: pidfd_getfd blocked "
				      "with EPERM"),
		      "%.3000s", r.trace);
	run_free(&r);
}
END_TEST

/* Whether hostile @mode gets through untraced: the kernel has what it
 * needs (it exits 77 when not, saying why). */
static bool kernel_has(const char *mode)
{
	char path[512];
	pid_t pid;
	int status;

	snprintf(path, sizeof(path), "%s/hostile", getenv("SW_HELPERS"));
	pid = fork();
	if (pid == 0) {
		execl(path, "hostile", mode, secret, (char *)NULL);
		_exit(126);
	}
	return pid > 0 && waitpid(pid, &status, 0) == pid &&
	       WIFEXITED(status) && WEXITSTATUS(status) == 1;
}

static void make_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	if (fd < 0 || write(fd, text, strlen(text)) < 0 ||
	    fchown(fd, NOBODY, NOBODY) < 0) {
		perror(path);
		exit(1);
	}
	close(fd);
}

/* Whether nobody can run syswarden, the helpers and the plugin where
 * SYSWARDEN, SW_HELPERS and SW_PLUGINS say they are. */
static bool nobody_can_run(void)
{
	char hostile[512], plugin[512];
	pid_t pid;
	int status;

	snprintf(hostile, sizeof(hostile), "%s/hostile", getenv("SW_HELPERS"));
	snprintf(plugin, sizeof(plugin), "%s/file_monitor.so",
		 getenv("SW_PLUGINS"));
	pid = fork();
	if (pid == 0)
		_exit(setgroups(0, NULL) == 0 &&
			      setresgid(NOBODY, NOBODY, NOBODY) == 0 &&
			      setresuid(NOBODY, NOBODY, NOBODY) == 0 &&
			      access(getenv("SYSWARDEN"), X_OK) == 0 &&
			      access(hostile, X_OK) == 0 &&
			      access(plugin, R_OK) == 0
			  ? 0
			  : 1);
	return pid > 0 && waitpid(pid, &status, 0) == pid &&
	       WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* What is wrong with how the suite was started, or NULL.  Not being
 * root is the one reason to skip: only root can switch to nobody. */
static const char *why_not(int *exit_status)
{
	*exit_status = 77;
	if (getuid() != 0)
		return "skipped: needs root, to run syswarden and its tracee "
		       "as user nobody";
	*exit_status = 1;
	if (!getenv("SW_PLUGINS") || !getenv("SW_HELPERS") ||
	    !getenv("SYSWARDEN"))
		return "SW_PLUGINS, SW_HELPERS or SYSWARDEN is not set (run "
		       "it with meson test)";
	if (!nobody_can_run())
		return "user nobody (65534) cannot run the programs "
		       "SYSWARDEN, SW_HELPERS and SW_PLUGINS name (meson "
		       "test runs the suite through tests/nobody-stage.sh, "
		       "which stages them where nobody can)";
	return NULL;
}

int main(void)
{
	Suite *s = suite_create("hostile");
	TCase *tc = tcase_create("hostile");
	bool skipped = false;
	int i, r;
	const char *why = why_not(&r);

	if (why) {
		fprintf(stderr, "check_hostile: %s\n", why);
		return r;
	}
	if (!mkdtemp(dir) || chmod(dir, 0755) < 0) {
		perror(dir);
		return 1;
	}
	snprintf(secret, sizeof(secret), "%s/secret", dir);
	snprintf(decoy, sizeof(decoy), "%s/public", dir);
	make_file(secret, "secret\n");
	make_file(decoy, "public\n");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, traceme_is_refused);
	tcase_add_test(tc, sibling_attach_is_refused);
	tcase_add_loop_test(tc, clone_untraced_stays_traced, 0, 2);
	tcase_add_loop_test(tc, clone3_race_stays_traced, 0, 2);
	tcase_add_test(tc, rename_dodges_a_comm_filter);
	tcase_add_loop_test(tc, supervisor_out_of_reach, 0, 3);
	tcase_add_loop_test(tc, root_tracee_reaches_syswarden, 0, 2);
	tcase_add_test(tc, sigkill_takes_the_tracee_along);
	tcase_add_test(tc, sigkill_frees_an_attached_process);
	tcase_add_test(tc, sigstop_freezes_both);
	tcase_add_loop_test(tc, other_user_cannot_signal, 0, 2);
	tcase_add_test(tc, path_race_wins_and_is_reported);
	tcase_add_test(tc, pidfd_getfd_is_shut);
	for (i = 0; i < 2; i++) {
		if (!kernel_has(door_modes[i])) {
			fprintf(stderr,
				"check_hostile: %s skipped: the kernel "
				"cannot do it here (see above)\n",
				door_modes[i]);
			skipped = true;
			continue;
		}
		tcase_add_loop_test(tc, side_doors_are_shut, i, i + 1);
		tcase_add_loop_test(tc, side_doors_can_be_allowed, i, i + 1);
		if (!strcmp(door_modes[i], "uring"))
			tcase_add_loop_test(tc, uring_made_before_attach, 0, 2);
	}
	suite_add_tcase(s, tc);
	r = run_suite(s);
	if (r == 0 && skipped)
		r = 77;
	unlink(secret);
	unlink(decoy);
	rmdir(dir);
	return r;
}

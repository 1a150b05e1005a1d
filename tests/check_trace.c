// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * syswarden tests - the CLI on real helper programs.
 *
 * Every test runs in Check's fork mode as a child subreaper, so whatever
 * it starts ends up as its child: reap_check() fails a test that leaves a
 * process running, stopped or orphaned.
 */
#include <check.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"
#include "uapi-numbers.h"

#include "checkmain.h"

static void setup(void)
{
	reaper_begin();
}

static void teardown(void)
{
	reap_check(3000);
}

START_TEST(test_basic_decoding)
{
	const char *args[] = { helper("basic"), NULL };
	char pid_line[64], want[160];
	const char *tid;
	struct run r;

	run_syswarden(&r, args);
	ck_exited(r.status, 0);
	ck_assert_ptr_nonnull(strstr(r.trace, "execve(\""));
	snprintf(want, sizeof(want),
		 "openat(AT_FDCWD, \"/nonexistent/syswarden-test\", %s) = -1 "
		 "ENOENT (No such file or directory)\n",
		 helper_rdonly());
	ck_assert_msg(strstr(r.trace, want), "no %s in\n%s", want, r.trace);
	ck_assert_ptr_nonnull(
	    strstr(r.trace, "write(1, \"hello\\n\", 6) = 6\n"));
	/* An unreadable pointer prints as its address. */
	ck_assert_ptr_nonnull(strstr(r.trace, "openat(AT_FDCWD, 0x1, O_RDONLY) "
					      "= -1 EFAULT (Bad address)\n"));
	/* Paths are shown whole, whatever -s says, as strace does. */
	ck_assert_ptr_nonnull(strstr(
	    r.trace, "openat(AT_FDCWD, \"/nonexistent/abcdefghijklmnopqrstuvw"
		     "xyz0123456789\", "));
	ck_assert_ptr_nonnull(strstr(r.trace, "syscall_0x3e8("));
	ck_assert_ptr_nonnull(
	    strstr(r.trace, ") = -1 ENOSYS (Function not implemented)"));
	ck_assert_ptr_nonnull(strstr(r.trace, "exit_group(0) = ?\n"));
	ck_assert_ptr_nonnull(strstr(r.trace, "+++ exited with 0 +++\n"));
	/* One task only: no pid prefix anywhere. */
	ck_assert_ptr_null(strstr(r.trace, "[pid"));
	/* getpid's result is the thread id set_tid_address returned. */
	tid = strstr(r.trace, "set_tid_address(");
	ck_assert_ptr_nonnull(tid);
	tid = strstr(tid, ") = ");
	ck_assert_ptr_nonnull(tid);
	snprintf(pid_line, sizeof(pid_line), "getpid() = %d\n", atoi(tid + 4));
	ck_assert_msg(strstr(r.trace, pid_line), "missing %s", pid_line);
	run_free(&r);
}
END_TEST

START_TEST(test_string_limit)
{
	const char *args[] = { "-s", "5", helper("basic"), NULL };
	struct run r;

	run_syswarden(&r, args);
	ck_exited(r.status, 0);
	ck_assert_ptr_nonnull(strstr(r.trace, "write(1, \"hello\"..., 6) = 6"));
	ck_assert_ptr_nonnull(strstr(
	    r.trace, "openat(AT_FDCWD, \"/nonexistent/syswarden-test\", "));
	run_free(&r);
}
END_TEST

/* The first word of each syscall line, in order: the call names. */
static char *names_of(const char *trace)
{
	size_t cap = strlen(trace) + 1, len = 0;
	char *out = malloc(cap);
	const char *line = trace;

	ck_assert_ptr_nonnull(out);
	while (*line) {
		const char *nl = strchr(line, '\n');
		size_t n = strcspn(line, "(\n");

		if (n && line[n] == '(' && line[0] != '-' && line[0] != '+') {
			memcpy(out + len, line, n);
			len += n;
			out[len++] = ' ';
		}
		line = nl ? nl + 1 : line + strlen(line);
	}
	out[len] = '\0';
	return out;
}

START_TEST(test_registers_match_syscall_info)
{
	const char *a1[] = { helper("basic"), NULL };
	const char *a2[] = { "--registers-only", helper("basic"), NULL };
	char *n1, *n2;
	struct run r1, r2;

	run_syswarden(&r1, a1);
	run_syswarden(&r2, a2);
	ck_exited(r1.status, 0);
	ck_exited(r2.status, 0);
	n1 = names_of(r1.trace);
	n2 = names_of(r2.trace);
	ck_assert_str_eq(n1, n2);
	ck_assert_ptr_nonnull(
	    strstr(r2.trace, "write(1, \"hello\\n\", 6) = 6\n"));
	ck_assert_ptr_nonnull(strstr(r2.trace, "ENOSYS"));
	free(n1);
	free(n2);
	run_free(&r1);
	run_free(&r2);
}
END_TEST

/* The start of glibc's access(PATH) as the helpers' ABI makes it: arm64
 * has faccessat only. */
static const char *access_call(void)
{
	return helper_has_legacy_calls() ? "access(\""
					 : "faccessat(AT_FDCWD, \"";
}

START_TEST(test_threads)
{
	const char *args[] = { helper("threads"), NULL };
	char needle[96];
	struct run r;
	int i;

	run_syswarden(&r, args);
	ck_exited(r.status, 0);
	for (i = 0; i < 4; i++) {
		snprintf(needle, sizeof(needle),
			 "%s/nonexistent/thread-%d\", F_OK", access_call(), i);
		ck_assert_msg(strstr(r.trace, needle), "missing %s", needle);
	}
	ck_assert_ptr_nonnull(strstr(r.trace, "[pid "));
	/* Four threads and the process itself each end visibly. */
	ck_assert_int_eq(count_of(r.trace, "+++ exited with 0 +++"), 5);
	run_free(&r);
}
END_TEST

/* A thread's own exit code, though the group's exit_group() follows at
 * once: the kernel reports a zombie reaped after the group exit with the
 * group's code (kernel/exit.c wait_task_zombie()). By timing: 18 of 60
 * runs showed the thread "exited with 7" before the fix. */
START_TEST(test_thread_exit_before_group_exit)
{
	const char *args[] = { "-e", "trace=none", helper("threads"), "race",
			       NULL };
	struct run r;
	int i;

	for (i = 0; i < 40; i++) {
		run_syswarden(&r, args);
		ck_exited(r.status, 7);
		ck_assert_msg(count_of(r.trace, "+++ exited with 7 +++") == 1 &&
				  count_of(r.trace, "+++ exited with 0 +++") ==
				      1,
			      "run %d:\n%s", i, r.trace);
		run_free(&r);
	}
}
END_TEST

START_TEST(test_fork_vfork_exec_chain)
{
	const char *args[] = { helper("forkexec"), "3", NULL };
	struct run r;

	run_syswarden(&r, args);
	ck_exited(r.status, 3);
	/* The command's execve and one per level. */
	ck_assert_int_eq(count_of(r.trace, "execve(\""), 4);
	ck_assert_int_eq(count_of(r.trace, "+++ exited with"), 4);
	/* arm64's glibc makes vfork() with clone (no vfork call there). */
	ck_assert_ptr_nonnull(strstr(r.trace, helper_has_legacy_calls()
						  ? "vfork("
						  : "CLONE_VM|CLONE_VFORK"));
	ck_assert_ptr_nonnull(strstr(r.trace, "+++ exited with 3 +++"));
	ck_assert_ptr_nonnull(strstr(r.trace, "+++ exited with 0 +++"));
	run_free(&r);
}
END_TEST

START_TEST(test_signals_and_group_stops)
{
	const char *args[] = { helper("signals"), NULL };
	struct run r;

	run_syswarden(&r, args);
	ck_exited(r.status, 0);
	ck_assert_ptr_nonnull(strstr(r.trace, "--- SIGUSR1 {si_signo=SIGUSR1, "
					      "si_code=SI_USER, si_pid="));
	ck_assert_ptr_nonnull(strstr(r.trace, "--- stopped by SIGSTOP ---"));
	/* No "--- SIGCONT" check: the helper sends SIGTERM right after,
	 * and the kernel dequeues the lower-numbered SIGTERM first. */
	ck_assert_ptr_nonnull(strstr(r.trace, "si_code=CLD_STOPPED"));
	ck_assert_ptr_nonnull(strstr(r.trace, "si_code=CLD_CONTINUED"));
	ck_assert_ptr_nonnull(strstr(r.trace, "+++ killed by SIGTERM +++"));
	run_free(&r);
}
END_TEST

/* -n: signal and exit lines carry the task's last syscall, as strace's
 * do, even where that call is not traced: the registers tell. */
/* The number of syscall @name in the helpers' ABI (uapi headers). */
static long helper_nr(const char *name)
{
	const char *abi = NULL;
	unsigned int i, j;

	switch (helper_machine()) {
	case EM_X86_64:
		abi = "x86_64";
		break;
	case EM_386:
		abi = "i386";
		break;
	case EM_AARCH64:
		abi = "arm64";
		break;
	case EM_ARM:
		abi = "arm";
		break;
	}
	for (i = 0; abi && i < uapi_nabis; i++)
		for (j = 0;
		     !strcmp(uapi_abis[i].abi, abi) && j < uapi_abis[i].count;
		     j++)
			if (!strcmp(uapi_abis[i].nrs[j].name, name))
				return uapi_abis[i].nrs[j].nr;
	ck_abort_msg("no number for %s in ABI %s", name, abi ? abi : "?");
	return -1;
}

START_TEST(test_numbers_on_whole_lines)
{
	const char *args[] = { "-n", "-e", "trace=write", helper("signals"),
			       NULL };
	char want[64];
	struct run r;

	run_syswarden(&r, args);
	ck_exited(r.status, 0);
	snprintf(want, sizeof(want), "[%4ld] --- SIGUSR1 {", helper_nr("kill"));
	ck_assert_msg(strstr(r.trace, want), "no %s in\n%s", want, r.trace);
	snprintf(want, sizeof(want), "[%4ld] +++ exited with 0 +++",
		 helper_nr("exit_group"));
	ck_assert_msg(strstr(r.trace, want), "no %s in\n%s", want, r.trace);
	run_free(&r);
}
END_TEST

START_TEST(test_exec_from_thread)
{
	const char *args[] = { helper("thread-exec"), NULL };
	struct run r;

	run_syswarden(&r, args);
	ck_exited(r.status, 0);
	ck_assert_ptr_nonnull(
	    strstr(r.trace, "+++ superseded by execve in pid "));
	ck_assert_int_eq(count_of(r.trace, "execve(\""), 2);
	ck_assert_ptr_nonnull(strstr(r.trace, "<... execve resumed>) = 0\n"));
	run_free(&r);
}
END_TEST

START_TEST(test_exit_status_passthrough)
{
	const char *code[] = { "sh", "-c", "exit 7", NULL };
	const char *sig[] = { "sh", "-c", "kill -TERM $$", NULL };
	struct run r;

	run_syswarden(&r, code);
	ck_exited(r.status, 7);
	run_free(&r);
	/* Killed by a signal: syswarden dies of the same signal. */
	run_syswarden(&r, sig);
	ck_assert_msg(WIFSIGNALED(r.status) && WTERMSIG(r.status) == SIGTERM,
		      "status %#x", r.status);
	ck_assert_ptr_nonnull(strstr(r.trace, "+++ killed by SIGTERM +++"));
	run_free(&r);
}
END_TEST

/* The command starts with the signal dispositions it would have had
 * without syswarden: an ignored signal would survive into it. */
START_TEST(test_signal_dispositions_pass_through)
{
	char mine[64], want[80];
	const char *args[] = { "grep", "-qx", want, "/proc/self/status", NULL };
	FILE *f = fopen("/proc/self/status", "re");
	struct run r;

	/* As nohup and a shell's background job start it: syswarden handles
	 * them, and the command must still find them ignored (SIGTERM is
	 * not ignored here: the default passes through). */
	signal(SIGHUP, SIG_IGN);
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	ck_assert_ptr_nonnull(f);
	while (fgets(mine, sizeof(mine), f))
		if (!strncmp(mine, "SigIgn:", 7))
			break;
	fclose(f);
	mine[strcspn(mine, "\n")] = '\0';
	snprintf(want, sizeof(want), "%s", mine);
	run_syswarden(&r, args);
	ck_exited(r.status, 0);
	run_free(&r);
}
END_TEST

/* The command starts with the signal mask of syswarden's caller. */
START_TEST(test_signal_mask_passes_through)
{
	char mine[64], want[80];
	const char *args[] = { "grep", "-qx", want, "/proc/self/status", NULL };
	FILE *f;
	sigset_t set;
	struct run r;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	sigaddset(&set, SIGWINCH);
	sigprocmask(SIG_BLOCK, &set, NULL);
	f = fopen("/proc/self/status", "re");
	ck_assert_ptr_nonnull(f);
	while (fgets(mine, sizeof(mine), f))
		if (!strncmp(mine, "SigBlk:", 7))
			break;
	fclose(f);
	mine[strcspn(mine, "\n")] = '\0';
	ck_assert_str_ne(mine, "SigBlk:\t0000000000000000");
	snprintf(want, sizeof(want), "%s", mine);
	run_syswarden(&r, args);
	ck_exited(r.status, 0);
	run_free(&r);
}
END_TEST

/* Runs "grep -qx LINE /proc/self/status" under syswarden with @opts. */
static int status_line_matches(const char *line, const char *opt1,
			       const char *opt2)
{
	const char *args[8];
	struct run r;
	int n = 0, status;

	if (opt1)
		args[n++] = opt1;
	if (opt2)
		args[n++] = opt2;
	args[n++] = "--";
	args[n++] = "grep";
	args[n++] = "-qx";
	args[n++] = line;
	args[n++] = "/proc/self/status";
	args[n] = NULL;
	run_syswarden(&r, args);
	status = r.status;
	run_free(&r);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

START_TEST(test_prefilter_installed)
{
	/* A selection gets a filter (mode 2); everything or off gets none. */
	ck_assert_int_eq(
	    status_line_matches("Seccomp:\t2", "-e", "trace=write"), 0);
	ck_assert_int_eq(status_line_matches("Seccomp:\t0", NULL, NULL), 0);
	ck_assert_int_eq(status_line_matches("Seccomp:\t0", "--seccomp=off",
					     "-etrace=write"),
			 0);
}
END_TEST

START_TEST(test_prefilter_same_output)
{
	const char *on[] = { "--seccomp=on", "-e",
			     "trace=openat,write,access,exit_group",
			     helper("basic"), NULL };
	const char *off[] = { "--seccomp=off", "-e",
			      "trace=openat,write,access,exit_group",
			      helper("basic"), NULL };
	struct run a, b;

	run_syswarden(&a, on);
	run_syswarden(&b, off);
	ck_exited(a.status, 0);
	ck_exited(b.status, 0);
	ck_assert_ptr_nonnull(strstr(a.trace, "write(1, \"hello\\n\", 6) = 6"));
	ck_assert_str_eq(a.trace, b.trace);
	run_free(&a);
	run_free(&b);
}
END_TEST

START_TEST(test_prefilter_fallback)
{
	const char *autom[] = { "-e", "trace=write", helper("basic"), NULL };
	const char *on[] = { "--seccomp=on", "-e", "trace=write",
			     helper("basic"), NULL };
	struct run r;

	/* syswarden itself runs where no further filter is allowed. */
	/* auto: one warning, then full tracing with the same output. */
	run_wrapped(&r, helper("noseccomp"), autom);
	ck_exited(r.status, 0);
	ck_assert_int_eq(count_of(r.err, "seccomp-bpf cannot be used"), 1);
	ck_assert_ptr_nonnull(strstr(r.trace, "write(1, \"hello\\n\", 6) = 6"));
	run_free(&r);
	/* on: refused, and the command never ran. */
	run_wrapped(&r, helper("noseccomp"), on);
	ck_exited(r.status, 1);
	ck_assert_ptr_nonnull(strstr(r.err, "--seccomp=on: seccomp-bpf cannot "
					    "be used here"));
	ck_assert_str_eq(r.trace, "");
	run_free(&r);
}
END_TEST

START_TEST(test_entry_only)
{
	const char *args[] = { "--entry-only", "-e", "trace=openat,write,read",
			       helper("basic"), NULL };
	const char *line;
	char want[128];
	struct run r;

	run_syswarden(&r, args);
	ck_exited(r.status, 0);
	ck_assert_ptr_nonnull(
	    strstr(r.trace, "write(1, \"hello\\n\", 6) = ?\n"));
	snprintf(want, sizeof(want),
		 "openat(AT_FDCWD, \"/nonexistent/syswarden-test\", %s) = ?\n",
		 helper_rdonly());
	ck_assert_msg(strstr(r.trace, want), "no %s in\n%s", want, r.trace);
	/* read's buffer is not filled yet at entry: its address shows. */
	line = strstr(r.trace, "read(");
	ck_assert_ptr_nonnull(line);
	ck_assert_ptr_nonnull(strstr(line, ", 0x"));
	ck_assert(strstr(line, ", 0x") < strchr(line, '\n'));
	ck_assert_ptr_null(strstr(r.trace, "resumed>"));
	ck_assert_ptr_null(strstr(r.trace, "ENOENT"));
	run_free(&r);
}
END_TEST

START_TEST(test_clone_untraced_cannot_escape)
{
	const char *modes[] = { "--seccomp=on", "--seccomp=off" };
	struct run r;
	size_t i;

	for (i = 0; i < 2; i++) {
		/* Only access is selected: clone must stop all the same. */
		const char *args[] = { modes[i],
				       "-e",
				       helper_has_legacy_calls()
					   ? "trace=access"
					   : "trace=faccessat",
				       helper("untraced"),
				       "expect-traced",
				       NULL };
		char clone[96], clone3[96];

		run_syswarden(&r, args);
		ck_assert_msg(WIFEXITED(r.status) && !WEXITSTATUS(r.status),
			      "%s: a child escaped (status %#x)", modes[i],
			      r.status);
		snprintf(clone, sizeof(clone),
			 "%s/nonexistent/untraced-clone\"", access_call());
		snprintf(clone3, sizeof(clone3),
			 "%s/nonexistent/untraced-clone3\"", access_call());
		ck_assert_ptr_nonnull(strstr(r.trace, clone));
		ck_assert_ptr_nonnull(strstr(r.trace, clone3));
		ck_assert_int_eq(count_of(r.err, "with CLONE_UNTRACED: flag "
						 "cleared"),
				 2);
		run_free(&r);
	}
}
END_TEST

/* Runs "untraced @test @arg" under syswarden @mode with -e @set; the
 * helper's exit status counts what went wrong (escapes, crashes...). */
static void untraced_clean(const char *mode, const char *set, const char *test,
			   const char *arg)
{
	const char *args[] = { mode, "-e", set, helper("untraced"),
			       test, arg,  NULL };
	struct run r;

	run_syswarden(&r, args);
	ck_assert_msg(WIFEXITED(r.status) && !WEXITSTATUS(r.status),
		      "%s %s untraced %s: exit %d (status %#x)\n%.2000s", mode,
		      set, test, WEXITSTATUS(r.status), r.status, r.trace);
	run_free(&r);
}

static const char *const seccomp_modes[] = { "--seccomp=on", "--seccomp=off" };

/* clone3 runs as clone: what it hands back still arrives, and what clone
 * cannot do fails with ENOSYS.  With trace=none nothing but clone3's own
 * work stops at its exit. */
START_TEST(test_clone3_as_clone)
{
	const char *tests[] = { "pidfd", "settid", "regs", "invalid" };
	const char *sets[] = { "trace=clone3", "trace=none" };
	size_t i, j, k;

	for (i = 0; i < 2; i++)
		for (j = 0; j < 4; j++)
			for (k = 0; k < 2; k++)
				untraced_clean(seccomp_modes[i], sets[k],
					       tests[j], NULL);
}
END_TEST

/* Spawning threads that die between their clone3 (run as clone) and its
 * event: the children, whose parent's event never comes, still get their
 * registers back and run (the exit status counts crashed ones). */
START_TEST(test_clone3_orphans)
{
	untraced_clean(seccomp_modes[0], "trace=none", "orphans", "150");
	untraced_clean(seccomp_modes[1], "trace=none", "orphans", "150");
}
END_TEST

/* Another thread setting CLONE_UNTRACED in clone3's struct while the
 * kernel has not read it yet: no child may escape (the exit status counts
 * escaped ones). */
START_TEST(test_clone3_race_cannot_escape)
{
	untraced_clean(seccomp_modes[0], "trace=none", "race", "300");
	untraced_clean(seccomp_modes[1], "trace=none", "race", "300");
}
END_TEST

START_TEST(test_trace_set)
{
	const char *only_write[] = { "-e", "trace=write", helper("basic"),
				     NULL };
	const char *files[] = { "-e", "trace=%file", helper("basic"), NULL };
	const char *typo[] = { "-e", "trace=opnat", helper("basic"), NULL };
	struct run r;

	run_syswarden(&r, only_write);
	ck_exited(r.status, 0);
	ck_assert_ptr_nonnull(
	    strstr(r.trace, "write(1, \"hello\\n\", 6) = 6\n"));
	ck_assert_ptr_null(strstr(r.trace, "openat("));
	ck_assert_ptr_null(strstr(r.trace, "execve("));
	ck_assert_ptr_nonnull(strstr(r.trace, "+++ exited with 0 +++"));
	run_free(&r);

	run_syswarden(&r, files);
	ck_exited(r.status, 0);
	ck_assert_ptr_nonnull(
	    strstr(r.trace, "openat(AT_FDCWD, \"/nonexistent/"));
	ck_assert_ptr_nonnull(strstr(r.trace, "execve("));
	ck_assert_ptr_null(strstr(r.trace, "write("));
	run_free(&r);

	run_syswarden(&r, typo);
	ck_exited(r.status, 1);
	ck_assert_ptr_nonnull(strstr(r.err, "-e trace=opnat: no such syscall "
					    "'opnat' (did you mean openat?)"));
	run_free(&r);
}
END_TEST

START_TEST(test_bad_input)
{
	const char *missing[] = { "/nonexistent/cmd", NULL };
	const char *nopid[] = { "-p", "2147483646", NULL };
	const char *badpid[] = { "-p", "12x", NULL };
	struct run r;

	run_syswarden(&r, missing);
	ck_exited(r.status, 127);
	ck_assert_ptr_nonnull(strstr(r.err, "cannot run '/nonexistent/cmd'"));
	run_free(&r);
	run_syswarden(&r, nopid);
	ck_exited(r.status, 1);
	ck_assert_ptr_nonnull(strstr(r.err, "-p 2147483646: no such process"));
	run_free(&r);
	run_syswarden(&r, badpid);
	ck_exited(r.status, 1);
	ck_assert_ptr_nonnull(strstr(r.err, "'12x' is not a process id"));
	run_free(&r);
}
END_TEST

/* Starts the sleeper helper with its tick pipe on fd 3. */
static pid_t start_sleeper(int ticks, int *rfd)
{
	char arg[16];
	int p[2];
	pid_t pid;

	ck_assert_int_eq(pipe(p), 0);
	snprintf(arg, sizeof(arg), "%d", ticks);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		char fdarg[16];

		snprintf(fdarg, sizeof(fdarg), "%d", p[1]);
		close(p[0]);
		execl(helper("sleeper"), "sleeper", arg, fdarg, (char *)NULL);
		_exit(126);
	}
	close(p[1]);
	*rfd = p[0];
	return pid;
}

/* Reads the tick pipe to its end; true when the helper wrote "done"
 * last.  Ticks are single dots, so only the tail matters. */
static bool drain_done(int fd)
{
	char tail[8] = "", buf[256];
	size_t keep;
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		keep = (size_t)n < 4 ? (size_t)n : 4;
		memmove(tail, tail + keep, 4 - keep);
		memcpy(tail + 4 - keep, buf + n - keep, keep);
	}
	close(fd);
	return !memcmp(tail, "done", 4);
}

static void wait_for_tick(int fd)
{
	char c;

	ck_assert_int_eq(read(fd, &c, 1), 1);
}

START_TEST(test_attach_and_detach)
{
	char trace[] = "/tmp/sw-attach-XXXXXX";
	const char *args[4] = { "-p", NULL, NULL };
	char pidarg[16];
	int rfd, status, fd = mkstemp(trace);
	pid_t target, sw;

	close(fd);
	target = start_sleeper(60, &rfd);
	wait_for_tick(rfd);
	snprintf(pidarg, sizeof(pidarg), "%d", target);
	args[1] = pidarg;
	sw = start_syswarden(trace, args);
	ck_assert_msg(wait_for_text(trace, "nanosleep(", 5000),
		      "no syscall traced after attach");
	ck_assert_int_eq(tracer_of(target), sw);
	kill(sw, SIGINT);
	ck_assert_int_eq(waitpid(sw, &status, 0), sw);
	ck_exited(status, 0);
	/* Detached: no tracer, not stopped, and it runs to its end. */
	ck_assert_int_eq(tracer_of(target), 0);
	ck_assert_int_ne(proc_state(target), 'T');
	ck_assert_int_ne(proc_state(target), 't');
	ck_assert_msg(drain_done(rfd), "target did not finish its ticks");
	ck_assert_int_eq(waitpid(target, &status, 0), target);
	ck_exited(status, 0);
	ck_assert_msg(wait_for_text(trace, "[pid ", 10), "threads not shown");
	unlink(trace);
}
END_TEST

/* Attached and detached again and again while the target makes threads:
 * a detach in the middle of a clone3 (run as clone) leaves no thread
 * with clone's registers, and the target runs on. */
START_TEST(test_detach_while_spawning)
{
	char trace[] = "/tmp/sw-attach-XXXXXX";
	const char *args[] = { "-e", "trace=none", "-p", NULL, NULL };
	const char *argv[] = { helper("hookee"), "spawn", "forever", NULL };
	struct timespec ts = { 0, 30 * 1000 * 1000 };
	char pidarg[16];
	int i, status, fd = mkstemp(trace);
	pid_t target, sw, w;

	close(fd);
	target = fork();
	if (target == 0) {
		execv(argv[0], (char **)argv);
		_exit(127);
	}
	snprintf(pidarg, sizeof(pidarg), "%d", target);
	args[3] = pidarg;
	for (i = 0; i < 25; i++) {
		sw = start_syswarden(trace, args);
		nanosleep(&ts, NULL);
		kill(sw, SIGINT);
		ck_assert_int_eq(waitpid(sw, &status, 0), sw);
		w = waitpid(target, &status, WNOHANG);
		ck_assert_msg(w == 0, "the target died at detach %d: %d %s %#x",
			      i, w, strerror(errno), status);
		ck_assert_int_eq(tracer_of(target), 0);
	}
	kill(target, SIGKILL);
	waitpid(target, &status, 0);
	unlink(trace);
}
END_TEST

START_TEST(test_detach_keeps_group_stop)
{
	char trace[] = "/tmp/sw-attach-XXXXXX";
	const char *args[4] = { "-p", NULL, NULL };
	struct timespec ts = { 0, 50 * 1000 * 1000 };
	char pidarg[16];
	int rfd, status, fd = mkstemp(trace);
	pid_t target, sw;

	close(fd);
	target = start_sleeper(40, &rfd);
	wait_for_tick(rfd);
	snprintf(pidarg, sizeof(pidarg), "%d", target);
	args[1] = pidarg;
	sw = start_syswarden(trace, args);
	ck_assert(wait_for_text(trace, "nanosleep(", 5000));
	kill(target, SIGSTOP);
	ck_assert(wait_for_text(trace, "--- stopped by SIGSTOP ---", 5000));
	kill(sw, SIGTERM);
	ck_assert_int_eq(waitpid(sw, &status, 0), sw);
	ck_exited(status, 0);
	/* Still stopped, as the user left it, but no longer traced. */
	nanosleep(&ts, NULL);
	ck_assert_int_eq(tracer_of(target), 0);
	ck_assert_int_eq(proc_state(target), 'T');
	kill(target, SIGCONT);
	ck_assert(drain_done(rfd));
	ck_assert_int_eq(waitpid(target, &status, 0), target);
	ck_exited(status, 0);
	unlink(trace);
}
END_TEST

START_TEST(test_attach_and_launch_together)
{
	char pidarg[16], *joined;
	const char *args[] = { "-p", pidarg, "--", helper("basic"), NULL };
	int rfd, status;
	pid_t target;
	struct run r;

	target = start_sleeper(40, &rfd);
	wait_for_tick(rfd);
	snprintf(pidarg, sizeof(pidarg), "%d", target);
	/* Runs until both are gone; the exit status is the command's. */
	run_syswarden(&r, args);
	ck_exited(r.status, 0);
	/* Two tasks: a call's line may be split by the other's. */
	joined = trace_join(r.trace);
	ck_assert_ptr_nonnull(strstr(joined, "write(1, \"hello\\n\", 6) = 6"));
	ck_assert_ptr_nonnull(strstr(joined, "nanosleep("));
	ck_assert_ptr_nonnull(strstr(joined, ", \"done\", 4) = 4"));
	ck_assert(drain_done(rfd));
	ck_assert_int_eq(waitpid(target, &status, 0), target);
	ck_exited(status, 0);
	free(joined);
	run_free(&r);
}
END_TEST

/* -p of a single-threaded process with a command: two tasks from the
 * start, so every line names its task. */
START_TEST(test_attach_and_launch_prefix_every_line)
{
	char pidarg[32], comm[32] = "";
	const char *args[] = { "-p", pidarg, "--", helper("basic"), NULL };
	struct run r;
	pid_t target = fork();
	int status, i;

	ck_assert_int_ge(target, 0);
	if (target == 0) {
		execl("/bin/sleep", "sleep", "1", (char *)NULL);
		_exit(126);
	}
	snprintf(pidarg, sizeof(pidarg), "/proc/%d/comm", target);
	for (i = 0; i < 200 && strncmp(comm, "sleep", 5); i++) {
		char *c = slurp(pidarg);

		snprintf(comm, sizeof(comm), "%s", c ? c : "");
		free(c);
		usleep(5000);
	}
	snprintf(pidarg, sizeof(pidarg), "%d", target);
	run_syswarden(&r, args);
	ck_exited(r.status, 0);
	ck_assert_msg(r.trace[0] == '[' && !strstr(r.trace, "\nexecve(") &&
			  strstr(r.trace, "] write(1, \"hello"),
		      "lines without [pid N]:\n%s", r.trace);
	ck_assert_int_eq(waitpid(target, &status, 0), target);
	run_free(&r);
}
END_TEST

START_TEST(test_launch_dies_with_syswarden)
{
	char trace[] = "/tmp/sw-launch-XXXXXX";
	const char *args[] = { helper("sleeper"), "100000", NULL };
	int status, fd = mkstemp(trace);
	pid_t sw;

	close(fd);
	sw = start_syswarden(trace, args);
	ck_assert(wait_for_text(trace, "nanosleep(", 5000));
	kill(sw, SIGTERM);
	ck_assert_int_eq(waitpid(sw, &status, 0), sw);
	ck_assert_msg(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM,
		      "status %#x", status);
	/* The trace was flushed, and the command is gone: teardown's
	 * reap_check() fails if it lingers. */
	ck_assert(wait_for_text(trace, "+++ killed by SIGKILL +++", 10));
	unlink(trace);
}
END_TEST

static Suite *trace_suite(void)
{
	Suite *s = suite_create("trace");
	TCase *tc = tcase_create("cli");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_basic_decoding);
	tcase_add_test(tc, test_string_limit);
	tcase_add_test(tc, test_registers_match_syscall_info);
	tcase_add_test(tc, test_threads);
	tcase_add_test(tc, test_thread_exit_before_group_exit);
	tcase_add_test(tc, test_fork_vfork_exec_chain);
	tcase_add_test(tc, test_signals_and_group_stops);
	tcase_add_test(tc, test_numbers_on_whole_lines);
	tcase_add_test(tc, test_exec_from_thread);
	tcase_add_test(tc, test_exit_status_passthrough);
	tcase_add_test(tc, test_signal_dispositions_pass_through);
	tcase_add_test(tc, test_prefilter_installed);
	tcase_add_test(tc, test_prefilter_same_output);
	tcase_add_test(tc, test_prefilter_fallback);
	tcase_add_test(tc, test_entry_only);
	tcase_add_test(tc, test_clone_untraced_cannot_escape);
	tcase_add_test(tc, test_clone3_race_cannot_escape);
	tcase_add_test(tc, test_clone3_as_clone);
	tcase_add_test(tc, test_clone3_orphans);
	tcase_add_test(tc, test_trace_set);
	tcase_add_test(tc, test_bad_input);
	tcase_add_test(tc, test_attach_and_detach);
	tcase_add_test(tc, test_detach_keeps_group_stop);
	tcase_add_test(tc, test_detach_while_spawning);
	tcase_add_test(tc, test_attach_and_launch_together);
	tcase_add_test(tc, test_signal_mask_passes_through);
	tcase_add_test(tc, test_attach_and_launch_prefix_every_line);
	tcase_add_test(tc, test_launch_dies_with_syswarden);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(trace_suite());
}

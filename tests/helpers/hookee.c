// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The tracee of the hook tests (check_hooks.c).  Each mode makes calls
 * whose results the test's hooks decide, and checks what it got: the exit
 * status is the number of results that were not as the hooks promise.
 *
 *   skip      ioctl(9, 0xabcd) returns 43; ioctl(9, 0xabce) really runs;
 *             a fork-like clone returns 42 and starts no child
 *   args      ioctl(0x13, X, 0xabcd) for X in 0x1233..0x1236, and
 *             ioctl(0x14, 0x1234, 0xabcd): only X in 0x1234..0x1235
 *             with fd 0x13 return 77, the rest fail with EBADF
 *   comm      renames itself "hookee-comm-long-name", which the kernel
 *             keeps as "hookee-comm-lon"; ioctl(0x13, 0x7) is skipped
 *             with 11 by the hook whose comm matches, never with 10
 *   unknown   syscall 1999, which no table knows: ENOSYS
 *   repeat N  getppid() N times; prints nothing, checks nothing
 *   strings   opens of missing paths: the hooks give each match a result
 *   getpid    getpid() == the real pid (SYS_gettid of the leader)
 *   retval    getppid() returns 4242, set at return
 *   rewrite   ioctl(0x13, TCGETS) with its fd rewritten to 9, which is
 *             /dev/null: ENOTTY instead of EBADF
 *   thread    a thread calling getppid() forever is ended alone by the
 *             hooks; the main thread joins it and exits 0
 *   execve    runs /bin/true with argv {"true", "a1", "a2"}
 *   detach    ioctl(9, 0xabcd) returns 43, then getppid() 5 times
 *   exitgroup a thread waits in pause() for good; the main thread calls
 *             exit_group(7), which must end both
 *   uid       setresuid(-1, -1, -1), "change nothing", returns 55
 *   leaderend starts a thread that forks 50 children one after another
 *             and then exits the process with 0; meanwhile the main
 *             thread starts another thread (which the test's hooks end
 *             it at) and waits
 *   spawn     starts 4 threads (clone3, in glibc) that return 7 each
 *             and joins them; "spawn forever" does so until it fails
 *   badstr    execve("/bin/true") with argv[1] "ABCDEFGHIJ" running into
 *             an unmapped page: EFAULT
 *   cloneparent  a CLONE_PARENT child (a sibling, to /proc) calls
 *             getppid() every millisecond; both wait forever
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

static long sys_ioctl(long fd, long cmd, long arg)
{
	return syscall(SYS_ioctl, fd, cmd, arg);
}

/* 1 when @got is not @want; @want < 0 means "fails with errno -want". */
static int expect(long got, long want)
{
	if (want < 0)
		return !(got == -1 && errno == -want);
	return got != want;
}

static int mode_skip(void)
{
	int fails = 0, null = open("/dev/null", O_RDONLY);
	long r;

	if (null < 0 || dup2(null, 9) != 9)
		return 100;
	fails += expect(sys_ioctl(9, 0xabcd, 0), 43);
	fails += expect(sys_ioctl(9, 0xabce, 0), -ENOTTY);
#ifdef SYS_clone
	r = syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0);
	if (r == 0)
		_exit(0); /* the skip failed: a child was made */
	fails += expect(r, 42);
	fails += waitpid(-1, NULL, WNOHANG) != -1 || errno != ECHILD;
#endif
	return fails;
}

static int mode_args(void)
{
	int fails = 0;
	long x;

	for (x = 0x1233; x <= 0x1236; x++)
		fails += expect(sys_ioctl(0x13, x, 0xabcd),
				x == 0x1234 || x == 0x1235 ? 77 : -EBADF);
	fails += expect(sys_ioctl(0x14, 0x1234, 0xabcd), -EBADF);
	fails += expect(sys_ioctl(0x13, 0x1234, 0xabce), -EBADF);
	return fails;
}

static int mode_comm(void)
{
	if (prctl(PR_SET_NAME, "hookee-comm-long-name") < 0)
		return 100;
	return expect(sys_ioctl(0x13, 0x7, 0), 11);
}

static int mode_repeat(int n)
{
	while (n-- > 0)
		syscall(SYS_getppid);
	return 0;
}

static int mode_strings(void)
{
	static const struct {
		const char *path;
		long want;
	} cases[] = {
		{ "/nonexistent/sw-exact", 100 },
		{ "/nonexistent/sw-exact-not", -ENOENT },
		{ "/nonexistent/a-sw-middle-b", 101 },
		{ "/nonexistent/sw-sta", -ENOENT },
		{ "/sw-start/nonexistent", 102 },
		{ "/nonexistent/x.sw-end", 103 },
		{ "/nonexistent/x.sw-end.not", -ENOENT },
	};
	int fails = 0;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		fails += expect(openat(AT_FDCWD, cases[i].path, O_RDONLY),
				cases[i].want);
#ifdef SYS_open
	/* open's path is its first argument, openat's its second. */
	fails +=
	    expect(syscall(SYS_open, "/nonexistent/sw-open", O_RDONLY), 104);
	fails += expect(syscall(SYS_open, "/nonexistent/sw-exact", O_RDONLY),
			-ENOENT);
#endif
	return fails;
}

/* The skip's result must arrive even when supervision ends at once. */
static int mode_skip_then_run(void)
{
	int fails, null = open("/dev/null", O_RDONLY);

	if (null < 0 || dup2(null, 9) != 9)
		return 100;
	fails = expect(sys_ioctl(9, 0xabcd, 0), 43);
	return fails + mode_repeat(5);
}

static int mode_rewrite(void)
{
	int null = open("/dev/null", O_RDONLY);

	if (null < 0 || dup2(null, 9) != 9)
		return 100;
	return expect(sys_ioctl(0x13, TCGETS, 0), -ENOTTY);
}

static void *spin(void *arg)
{
	volatile long *n = arg;

	for (;;) {
		syscall(SYS_getppid);
		(*n)++;
	}
	return NULL;
}

static int mode_thread(void)
{
	static volatile long n;
	pthread_t th;

	if (pthread_create(&th, NULL, spin, (void *)&n))
		return 100;
	pthread_join(th, NULL);
	/* Ended at its first call, or at the one after a return hook. */
	return n > 1;
}

static void *wait_forever(void *arg)
{
	for (;;)
		pause();
	return arg;
}

static int mode_exit_group(void)
{
	pthread_t th;

	if (pthread_create(&th, NULL, wait_forever, NULL))
		return 100;
	syscall(SYS_exit_group, 7);
	return 100;
}

static int mode_clone_parent(void)
{
#ifdef SYS_clone
	if (syscall(SYS_clone, CLONE_PARENT | SIGCHLD, 0, 0, 0, 0) == 0)
		for (;;) {
			syscall(SYS_getppid);
			usleep(1000);
		}
#endif
	for (;;)
		pause();
	return 100;
}

static void *fork_then_exit(void *arg)
{
	pid_t pid;
	int i;

	for (i = 0; i < 50; i++) {
		pid = fork();
		if (pid == 0)
			_exit(0);
		if (pid < 0 || waitpid(pid, NULL, 0) != pid)
			exit(100);
	}
	exit(0);
	return arg;
}

static void *seven(void *arg)
{
	return (char *)arg + 7;
}

static int mode_leader_end(void)
{
	pthread_t th;

	if (pthread_create(&th, NULL, fork_then_exit, NULL) ||
	    pthread_create(&th, NULL, seven, NULL))
		return 100;
	pause();
	return 100;
}

static int mode_spawn(void)
{
	pthread_t th[4];
	void *ret;
	int i, fails = 0;

	for (i = 0; i < 4; i++)
		if ((fails = pthread_create(&th[i], NULL, seven, NULL))) {
			fprintf(stderr, "hookee: pthread_create: %s\n",
				strerror(fails));
			return 100;
		}
	for (i = 0; i < 4; i++)
		fails += pthread_join(th[i], &ret) || ret != (char *)NULL + 7;
	return fails;
}

static int mode_bad_string(void)
{
	long page = sysconf(_SC_PAGESIZE);
	char *p = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *argv[] = { "true", NULL, NULL };

	if (p == MAP_FAILED || munmap(p + page, page) < 0)
		return 100;
	argv[1] = p + page - 10;
	memcpy(argv[1], "ABCDEFGHIJ", 10); /* no NUL before the hole */
	return expect(execv("/bin/true", argv), -EFAULT);
}

static int mode_execve(void)
{
	char *argv[] = { "true", "a1", "a2", NULL };

	execv("/bin/true", argv);
	return 100;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	int fails;

	if (!strcmp(mode, "skip"))
		return mode_skip();
	if (!strcmp(mode, "args"))
		return mode_args();
	if (!strcmp(mode, "comm"))
		return mode_comm();
	if (!strcmp(mode, "repeat"))
		return mode_repeat(argc > 2 ? atoi(argv[2]) : 1);
	if (!strcmp(mode, "strings"))
		return mode_strings();
	if (!strcmp(mode, "getpid"))
		return expect(getpid(), syscall(SYS_gettid));
	if (!strcmp(mode, "retval"))
		return expect(syscall(SYS_getppid), 4242);
	if (!strcmp(mode, "rewrite"))
		return mode_rewrite();
	if (!strcmp(mode, "unknown"))
		return expect(syscall(1999), -ENOSYS);
	if (!strcmp(mode, "thread"))
		return mode_thread();
	if (!strcmp(mode, "execve"))
		return mode_execve();
	if (!strcmp(mode, "leaderend"))
		return mode_leader_end();
	if (!strcmp(mode, "spawn") && argc > 2)
		for (;;)
			if ((fails = mode_spawn()))
				return fails;
	if (!strcmp(mode, "spawn"))
		return mode_spawn();
	if (!strcmp(mode, "badstr"))
		return mode_bad_string();
	if (!strcmp(mode, "uid"))
		return expect(syscall(SYS_setresuid, -1L, -1L, -1L), 55);
	if (!strcmp(mode, "cloneparent"))
		return mode_clone_parent();
	if (!strcmp(mode, "exitgroup"))
		return mode_exit_group();
	if (!strcmp(mode, "detach"))
		return mode_skip_then_run();
	fprintf(stderr, "hookee: unknown mode '%s'\n", mode);
	return 100;
}

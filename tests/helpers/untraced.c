// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Tries to escape supervision with CLONE_UNTRACED, through clone and
 * clone3.  Each child reports through its exit status whether it has a
 * tracer.  "untraced expect-traced" exits 0 when both children were
 * traced; without the argument, when neither was (the untraced baseline).
 * "untraced race N" makes N clone3 calls while a second thread keeps
 * setting CLONE_UNTRACED in their struct clone_args, and exits with how
 * many children escaped (at most 100).  Under syswarden, which runs a
 * clone3 as the equivalent clone: "untraced pidfd" checks that clone3's
 * CLONE_PIDFD still hands back a pidfd and CLONE_PARENT_SETTID the tid;
 * "untraced settid" that a clone3 clone cannot express (set_tid) fails
 * with ENOSYS, so that C libraries fall back to clone; "untraced regs"
 * that a clone3 leaves the argument registers as they were, in the
 * caller and in the child, as a syscall must (x86 and arm); "untraced
 * invalid" that clone3 calls the kernel refuses fail with EINVAL, as
 * they do without syswarden; "untraced orphans N" runs N processes whose
 * threads posix_spawn (clone3 with CLONE_VFORK) until their main thread
 * exits, so that some spawners die between their clone and its event,
 * and exits with how many of the spawned children crashed (at most 100).
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <pthread.h>
#include <spawn.h>
#include <sys/prctl.h>
#include <time.h>
#include <stdint.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static int traced(void)
{
	char line[128];
	FILE *f = fopen("/proc/self/status", "re");
	int tracer = 0;

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "TracerPid: %d", &tracer) == 1)
			break;
	if (f)
		fclose(f);
	return tracer != 0;
}

/* In the child: make a visible call, and exit 0 when traced. */
static void __attribute__((noreturn)) child(const char *mark)
{
	access(mark, F_OK);
	_exit(traced() ? 0 : 1);
}

static int reap(pid_t pid)
{
	int status;

	if (pid <= 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

static struct clone_args race_args;

static void *flip(void *arg)
{
	volatile __u64 *flags = &race_args.flags;

	for (;;)
		*flags = *flags ? 0 : CLONE_UNTRACED;
	return arg;
}

static int race(int n)
{
	pthread_t th;
	int escaped = 0;
	pid_t pid;

	race_args.exit_signal = SIGCHLD;
	if (pthread_create(&th, NULL, flip, NULL))
		return 100;
	while (n-- > 0 && escaped < 100) {
		pid = (pid_t)syscall(SYS_clone3, &race_args, sizeof(race_args));
		if (pid == 0)
			_exit(traced() ? 0 : 1);
		escaped += reap(pid) != 0;
	}
	return escaped;
}

static int pidfd_and_tid(void)
{
	struct clone_args ca;
	int pidfd = -1, ptid = 0, fails = 0;
	pid_t pid;

	memset(&ca, 0, sizeof(ca));
	ca.flags = CLONE_PIDFD;
	ca.pidfd = (uintptr_t)&pidfd;
	ca.exit_signal = SIGCHLD;
	pid = (pid_t)syscall(SYS_clone3, &ca, sizeof(ca));
	if (pid == 0)
		_exit(traced() ? 0 : 1);
	fails += pidfd < 0 || fcntl(pidfd, F_GETFD) < 0;
	fails += reap(pid) != 0;
	ca.flags = CLONE_PARENT_SETTID;
	ca.parent_tid = (uintptr_t)&ptid;
	pid = (pid_t)syscall(SYS_clone3, &ca, sizeof(ca));
	if (pid == 0)
		_exit(traced() ? 0 : 1);
	fails += ptid != pid;
	fails += reap(pid) != 0;
	return fails;
}

/* clone3 with marks in the argument registers it does not use; @out gets
 * all five argument registers as the call left them. */
static long clone3_marked(struct clone_args *ca, unsigned long out[5])
{
	long ret = -1;
#if defined(__x86_64__)
	register unsigned long a0 __asm__("rdi") = (unsigned long)ca;
	register unsigned long a1 __asm__("rsi") = sizeof(*ca);
	register unsigned long a2 __asm__("rdx") = 0x1111;
	register unsigned long a3 __asm__("r10") = 0x2222;
	register unsigned long a4 __asm__("r8") = 0x3333;

	__asm__ volatile("syscall"
			 : "=a"(ret), "+r"(a0), "+r"(a1), "+r"(a2), "+r"(a3),
			   "+r"(a4)
			 : "a"((long)SYS_clone3)
			 : "rcx", "r11", "memory");
#elif defined(__i386__)
	unsigned long a0 = (unsigned long)ca, a1 = sizeof(*ca), a2 = 0x1111,
		      a3 = 0x2222, a4 = 0x3333;

	__asm__ volatile("int $0x80"
			 : "=a"(ret), "+b"(a0), "+c"(a1), "+d"(a2), "+S"(a3),
			   "+D"(a4)
			 : "a"((long)SYS_clone3)
			 : "memory");
#elif defined(__aarch64__)
	register unsigned long a0 __asm__("x0") = (unsigned long)ca;
	register unsigned long a1 __asm__("x1") = sizeof(*ca);
	register unsigned long a2 __asm__("x2") = 0x1111;
	register unsigned long a3 __asm__("x3") = 0x2222;
	register unsigned long a4 __asm__("x4") = 0x3333;
	register long nr __asm__("x8") = SYS_clone3;

	__asm__ volatile("svc #0"
			 : "+r"(a0), "+r"(a1), "+r"(a2), "+r"(a3), "+r"(a4)
			 : "r"(nr)
			 : "memory");
	ret = (long)a0;
#elif defined(__arm__)
	/* r7, the number, is Thumb's frame pointer: set and put back. */
	register unsigned long a0 __asm__("r0") = (unsigned long)ca;
	register unsigned long a1 __asm__("r1") = sizeof(*ca);
	register unsigned long a2 __asm__("r2") = 0x1111;
	register unsigned long a3 __asm__("r3") = 0x2222;
	register unsigned long a4 __asm__("r4") = 0x3333;

	__asm__ volatile("mov ip, r7\n\tmov r7, %[nr]\n\tsvc #0\n\tmov r7, ip"
			 : "+r"(a0), "+r"(a1), "+r"(a2), "+r"(a3), "+r"(a4)
			 : [nr] "r"((long)SYS_clone3)
			 : "ip", "memory");
	ret = (long)a0;
#else
	unsigned long a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0;

	errno = ENOSYS;
#endif
	out[0] = a0;
	out[1] = a1;
	out[2] = a2;
	out[3] = a3;
	out[4] = a4;
	return ret;
}

static int registers_kept(void)
{
	struct clone_args ca;
	unsigned long got[5];
	long pid;
	int bad;

	memset(&ca, 0, sizeof(ca));
	ca.exit_signal = SIGCHLD;
	pid = clone3_marked(&ca, got);
	/* arm's result is in its first argument register, x86's apart. */
#if defined(__aarch64__) || defined(__arm__)
	bad = got[0] != (unsigned long)pid || got[1] != sizeof(ca) ||
#else
	bad = got[0] != (unsigned long)&ca || got[1] != sizeof(ca) ||
#endif
	      got[2] != 0x1111 || got[3] != 0x2222 || got[4] != 0x3333;
	if (pid == 0)
		_exit(bad ? 2 : 0);
	if (pid < 0)
		return 100;
	return (bad ? 1 : 0) | reap((pid_t)pid);
}

/* The end of user space on x86_64: 47 bits, or 56 with 5-level page
 * tables (TASK_SIZE_MAX, arch/x86/include/asm/page_64_types.h); on arm64
 * at most 52 bits; 32-bit tasks end at 4 GiB, far below 47 bits. */
static uint64_t user_top(void)
{
#if defined(__x86_64__)
	char line[4096];
	int la57 = 0;
	FILE *f = fopen("/proc/cpuinfo", "re");

	while (f && !la57 && fgets(line, sizeof(line), f))
		la57 = !strncmp(line, "flags", 5) && strstr(line, " la57");
	if (f)
		fclose(f);
	return (la57 ? 1ull << 56 : 1ull << 47) - 4096;
#elif defined(__aarch64__)
	return 1ull << 52;
#else
	return 1ull << 47;
#endif
}

static int invalid_args(void)
{
	static char stack[4096];
	static const struct {
		uint64_t flags, exit_signal, stack, stack_size, set_tid;
	} cases[] = {
		{ 0, SIGCHLD, 0, 4096, 0 },
		{ 0, SIGCHLD, 1, 0, 0 }, /* stack given below */
		{ 0, SIGCHLD, 1, 1ull << 62, 0 },
		{ 0, SIGCHLD, 0, 0, 1 }, /* set_tid without its size */
		{ 0, 100, 0, 0, 0 },
		{ 0, 0x1ff, 0, 0, 0 },
		{ 0x00400000 /* CLONE_DETACHED */, SIGCHLD, 0, 0, 0 },
		{ 0x11, SIGCHLD, 0, 0, 0 }, /* CSIGNAL bits */
		{ 1ull << 40, SIGCHLD, 0, 0, 0 },
		{ CLONE_THREAD | CLONE_SIGHAND | CLONE_VM, SIGCHLD, 0, 0, 0 },
		{ CLONE_SIGHAND | CLONE_VM | 0x100000000ull, 0, 0, 0, 0 },
		/* Past the end of user space (access_ok()): set below. */
		{ 0, SIGCHLD, 2, 0x2000, 0 },
		{ 0, SIGCHLD, 3, 4096, 0 },
		{ CLONE_PIDFD | CLONE_PARENT_SETTID, SIGCHLD, 0, 0, 0 },
	};
	struct clone_args ca;
	int fails = 0, pidfd = -1;
	size_t i;
	long r;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&ca, 0, sizeof(ca));
		ca.flags = cases[i].flags;
		ca.exit_signal = cases[i].exit_signal;
		ca.stack = cases[i].stack ? (uintptr_t)stack : 0;
		ca.stack_size = cases[i].stack_size;
		ca.set_tid = cases[i].set_tid ? (uintptr_t)&fails : 0;
		if (cases[i].stack == 2)
			ca.stack = user_top() - 0x1000;
		if (cases[i].stack == 3)
			ca.stack = user_top() * 2;
		/* One place for the pidfd and the tid: refused. */
		ca.pidfd = ca.parent_tid = (uintptr_t)&pidfd;
		r = syscall(SYS_clone3, &ca, sizeof(ca));
		if (r == 0) /* wrongly made; a thread, maybe: end it alone */
			syscall(SYS_exit, 0);
		if (r > 0)
			reap((pid_t)r);
		if (r != -1 || errno != EINVAL) {
			fprintf(stderr, "untraced: case %zu: %ld (%s)\n", i, r,
				strerror(errno));
			fails++;
		}
	}
	return fails;
}

static void *spawn_forever(void *arg)
{
	char *argv[] = { "true", NULL };
	pid_t pid;

	for (;;)
		if (posix_spawn(&pid, "/bin/true", NULL, NULL, argv, environ) ==
		    0)
			waitpid(pid, NULL, 0);
	return arg;
}

static int orphans(int rounds)
{
	struct timespec ts = { 0, 0 };
	int crashed = 0, status, r;
	pthread_t th;

	/* The spawned children of a dead process come back to us. */
	if (prctl(PR_SET_CHILD_SUBREAPER, 1) < 0)
		return 100;
	for (r = 0; r < rounds && crashed < 100; r++) {
		if (fork() == 0) {
			pthread_create(&th, NULL, spawn_forever, NULL);
			pthread_create(&th, NULL, spawn_forever, NULL);
			ts.tv_nsec = (1 + r % 4) * 1000 * 1000;
			nanosleep(&ts, NULL);
			_exit(0);
		}
		while (wait(&status) > 0)
			crashed += WIFSIGNALED(status);
	}
	return crashed;
}

static int set_tid(void)
{
	struct clone_args ca;
	pid_t want = 4242, pid;

	memset(&ca, 0, sizeof(ca));
	ca.exit_signal = SIGCHLD;
	ca.set_tid = (uintptr_t)&want;
	ca.set_tid_size = 1;
	pid = (pid_t)syscall(SYS_clone3, &ca, sizeof(ca));
	if (pid == 0)
		_exit(0);
	if (pid > 0)
		reap(pid);
	return !(pid == -1 && errno == ENOSYS);
}

int main(int argc, char **argv)
{
	int want = argc > 1 && !strcmp(argv[1], "expect-traced") ? 0 : 1;
	struct clone_args ca;
	pid_t pid;
	int fails = 0;

	if (argc > 2 && !strcmp(argv[1], "race"))
		return race(atoi(argv[2]));
	if (argc > 1 && !strcmp(argv[1], "pidfd"))
		return pidfd_and_tid();
	if (argc > 1 && !strcmp(argv[1], "settid"))
		return set_tid();
	if (argc > 1 && !strcmp(argv[1], "regs"))
		return registers_kept();
	if (argc > 1 && !strcmp(argv[1], "invalid"))
		return invalid_args();
	if (argc > 2 && !strcmp(argv[1], "orphans"))
		return orphans(atoi(argv[2]));
	pid = (pid_t)syscall(SYS_clone, CLONE_UNTRACED | SIGCHLD, 0, 0, 0, 0);
	if (pid == 0)
		child("/nonexistent/untraced-clone");
	if (reap(pid) != want)
		fails |= 1;

	memset(&ca, 0, sizeof(ca));
	ca.flags = CLONE_UNTRACED;
	ca.exit_signal = SIGCHLD;
	pid = (pid_t)syscall(SYS_clone3, &ca, sizeof(ca));
	if (pid == 0)
		child("/nonexistent/untraced-clone3");
	if (reap(pid) != want)
		fails |= 2;
	return fails;
}

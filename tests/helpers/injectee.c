// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A tracee that checks, itself, what -e inject=, -e fault= and --deny did
 * to its calls, and exits 0 only when it got exactly that.  It calls
 * getpgid(0) (which libc does not call on its own) and says, for each
 * call, what it expected and what it got.
 *
 *   injectee error ERRNO N       N calls; every one fails with ERRNO
 *   injectee retval V N          N calls; every one returns V
 *   injectee when ERRNO N I,J..  N calls; exactly calls I, J... fail
 *   injectee threads ERRNO T N I T threads of N calls each; in each,
 *                                exactly its I-th fails
 *   injectee creat ERRNO         openat with O_CREAT fails with ERRNO,
 *                                without it works
 *   injectee signal SIG          one call; SIG arrives once, from the
 *                                kernel (SI_KERNEL), after it returns
 *   injectee untouched N         N calls; none fails
 *   injectee killed              one call; the process must not see it
 *                                return (exits 3 when it does)
 *   injectee untraced-child      a child made with CLONE_UNTRACED makes
 *                                one call, which must fail with EPERM
 *   injectee own-filter          loads a seccomp filter of its own that
 *                                allows everything; then one call, which
 *                                must fail with EPERM
 *   injectee race-creat N        N opens of /dev/null with O_CREAT, each
 *                                to fail with EPERM, while a thread
 *                                keeps rewriting the path
 *   injectee wait-deny FILE GO   writes its pid to FILE, waits (20 s at
 *                                most) for file GO, then makes one call,
 *                                which must fail with EPERM
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int errno_of(const char *s)
{
	int e;

	for (e = 1; e < 4096; e++)
		if (strerrorname_np(e) && !strcmp(strerrorname_np(e), s))
			return e;
	return atoi(s);
}

/* One call: its result, or -errno. */
static long call(void)
{
	long r = syscall(SYS_getpgid, 0);

	return r < 0 ? -errno : r;
}

static int check_all(long want, int n)
{
	int i, bad = 0;
	long got;

	for (i = 1; i <= n; i++) {
		got = call();
		if (got != want) {
			fprintf(stderr, "call %d: got %ld, expected %ld\n", i,
				got, want);
			bad = 1;
		}
	}
	return bad;
}

/* Whether @i is in the comma-separated list @list. */
static int listed(const char *list, int i)
{
	const char *p = list;

	while (*p) {
		if (atoi(p) == i)
			return 1;
		p += strcspn(p, ",");
		p += *p == ',';
	}
	return 0;
}

static int check_when(int err, int n, const char *list)
{
	int i, bad = 0;
	long got;

	for (i = 1; i <= n; i++) {
		got = call();
		if ((got == -err) != listed(list, i) ||
		    (got < 0 && got != -err)) {
			fprintf(stderr, "call %d: got %ld (%s expected)\n", i,
				got, listed(list, i) ? "error" : "no error");
			bad = 1;
		}
	}
	return bad;
}

struct thread_arg {
	int err, n, fail_at, bad;
};

static void *thread_main(void *p)
{
	struct thread_arg *a = p;
	char at[16];

	snprintf(at, sizeof(at), "%d", a->fail_at);
	a->bad = check_when(a->err, a->n, at);
	return NULL;
}

static int check_threads(int err, int nthreads, int n, int fail_at)
{
	pthread_t th[64];
	struct thread_arg args[64];
	int i, bad = 0;

	if (nthreads > 64)
		nthreads = 64;
	for (i = 0; i < nthreads; i++) {
		args[i] = (struct thread_arg){ err, n, fail_at, 0 };
		if (pthread_create(&th[i], NULL, thread_main, &args[i]))
			return 1;
	}
	for (i = 0; i < nthreads; i++) {
		pthread_join(th[i], NULL);
		bad |= args[i].bad;
	}
	return bad;
}

static int check_creat(int err)
{
	int fd = openat(AT_FDCWD, "/dev/null", O_WRONLY | O_CREAT, 0600);
	int e = errno, bad = 0;

	if (fd >= 0 || e != err) {
		fprintf(stderr, "openat(O_CREAT): %d, errno %d, expected %d\n",
			fd, fd < 0 ? e : 0, err);
		bad = 1;
	}
	fd = openat(AT_FDCWD, "/dev/null", O_RDONLY);
	if (fd < 0) {
		fprintf(stderr, "openat(O_RDONLY) failed: %s\n",
			strerror(errno));
		bad = 1;
	}
	return bad;
}

static volatile sig_atomic_t caught, caught_code;

static void on_signal(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	caught++;
	caught_code = si->si_code;
}

static int check_signal(int sig)
{
	struct sigaction sa;
	long got;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_signal;
	sa.sa_flags = SA_SIGINFO;
	sigaction(sig, &sa, NULL);
	got = call();
	if (got < 0 || caught != 1 || caught_code != SI_KERNEL) {
		fprintf(stderr, "signal: call %ld, caught %d, code %d\n", got,
			(int)caught, (int)caught_code);
		return 1;
	}
	return 0;
}

static int untraced_child(void)
{
	long pid = syscall(SYS_clone, CLONE_UNTRACED | SIGCHLD, 0, 0, 0, 0);
	int status;

	if (pid == 0)
		_exit(call() == -EPERM ? 0 : 1);
	if (pid < 0 || waitpid((pid_t)pid, &status, 0) != pid ||
	    !WIFEXITED(status))
		return 2;
	if (WEXITSTATUS(status))
		fprintf(stderr, "untraced child: its call was not denied\n");
	return WEXITSTATUS(status);
}

static int own_filter(void)
{
	struct sock_filter allow = BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	struct sock_fprog prog = { 1, &allow };
	long got;

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0)
		return 2;
	got = call();
	if (got != -EPERM) {
		fprintf(stderr, "own filter: got %ld, expected EPERM\n", got);
		return 1;
	}
	return 0;
}

static char race_path[16] = "/dev/null";
static volatile int race_done;

static void *flip_path(void *unused)
{
	(void)unused;
	while (!race_done) {
		memcpy(race_path, "/dev/zero", 10);
		memcpy(race_path, "/dev/null", 10);
	}
	return NULL;
}

static int race_creat(long n)
{
	pthread_t th;
	long i, through = 0;
	int fd;

	if (pthread_create(&th, NULL, flip_path, NULL))
		return 2;
	for (i = 0; i < n; i++) {
		fd = openat(AT_FDCWD, race_path, O_WRONLY | O_CREAT, 0600);
		if (fd >= 0) {
			through++;
			close(fd);
		}
	}
	race_done = 1;
	pthread_join(th, NULL);
	if (through)
		fprintf(stderr, "race-creat: %ld of %ld opens got through\n",
			through, n);
	return through ? 1 : 0;
}

static int wait_deny(const char *file, const char *go)
{
	struct timespec ms10 = { 0, 10000000 };
	FILE *f = fopen(file, "w");
	int i;
	long got;

	if (!f)
		return 2;
	fprintf(f, "%d\n", getpid());
	fclose(f);
	for (i = 0; i < 2000 && access(go, F_OK); i++)
		nanosleep(&ms10, NULL);
	got = call();
	if (got != -EPERM) {
		fprintf(stderr, "wait-deny: got %ld, expected EPERM\n", got);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";

	if (!strcmp(mode, "error") && argc == 4)
		return check_all(-errno_of(argv[2]), atoi(argv[3]));
	if (!strcmp(mode, "retval") && argc == 4)
		return check_all(atol(argv[2]), atoi(argv[3]));
	if (!strcmp(mode, "when") && argc == 5)
		return check_when(errno_of(argv[2]), atoi(argv[3]), argv[4]);
	if (!strcmp(mode, "threads") && argc == 6)
		return check_threads(errno_of(argv[2]), atoi(argv[3]),
				     atoi(argv[4]), atoi(argv[5]));
	if (!strcmp(mode, "creat") && argc == 3)
		return check_creat(errno_of(argv[2]));
	if (!strcmp(mode, "signal") && argc == 3)
		return check_signal(atoi(argv[2]));
	if (!strcmp(mode, "untouched") && argc == 3)
		return check_all(call(), atoi(argv[2]));
	if (!strcmp(mode, "killed")) {
		call();
		return 3;
	}
	if (!strcmp(mode, "untraced-child"))
		return untraced_child();
	if (!strcmp(mode, "own-filter"))
		return own_filter();
	if (!strcmp(mode, "race-creat") && argc == 3)
		return race_creat(atol(argv[2]));
	if (!strcmp(mode, "wait-deny") && argc == 4)
		return wait_deny(argv[2], argv[3]);
	fprintf(stderr, "injectee: bad arguments (see the source)\n");
	return 2;
}

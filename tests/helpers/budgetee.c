// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * budgetee - a tracee that checks, itself, what syswarden's budgets did
 * to its calls; exits 0 when all was as expected, 1 (saying why) if not.
 *
 *   budgetee calls N OK ERRNO    N getppid calls: the first OK succeed,
 *                                the rest fail with ERRNO
 *   budgetee threads T N OVER E  T threads of N getppid calls that must
 *                                succeed, then OVER each that must fail
 *                                with E
 *   budgetee tree T N OVER E     T threads of N calls that must succeed,
 *                                then OVER in the main thread that must
 *                                fail with E (a tree budget)
 *   budgetee int80 N OK ERRNO    as calls, every other one through the
 *                                i386 ABI (int $0x80; x86_64 only, else
 *                                exits 77)
 *   budgetee readclose R C       opens /dev/zero C times, reads it R
 *                                times, closes the C: all must succeed
 *   budgetee emfile MAX          opens /dev/null until EMFILE, which
 *                                must come within MAX opens, and copes:
 *                                closes them and goes on
 *   budgetee end-thread T N      a thread that calls getppid forever
 *                                (to be ended: waited for), T siblings
 *                                of N calls each that must finish
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static long n_calls, n_over;
static int want_errno;
static bool alternate; /* every other call through int $0x80 */

/* getppid, natively or (every other call, with alternate) as i386's
 * getppid, 64, from this 64-bit process; -1 with errno on failure. */
static long one_getppid(long i)
{
#ifdef __x86_64__
	long r;

	if (!alternate || i % 2 == 0)
		return syscall(SYS_getppid);
	__asm__ volatile("int $0x80" : "=a"(r) : "a"(64L) : "memory");
	if (r < 0 && r > -4096) {
		errno = (int)-r;
		return -1;
	}
	return r;
#else
	(void)i;
	return syscall(SYS_getppid);
#endif
}

static int fail(const char *what, long i, int e)
{
	fprintf(stderr, "budgetee: %s at call %ld (errno %d %s)\n", what, i, e,
		strerror(e));
	return 1;
}

/* @ok calls that must succeed, then @over that must fail with
 * want_errno; 0 or 1. */
static int calls(long ok, long over)
{
	long i;

	for (i = 0; i < ok; i++)
		if (one_getppid(i) < 0)
			return fail("a call within budget failed", i, errno);
	for (i = 0; i < over; i++)
		if (one_getppid(ok + i) >= 0 || errno != want_errno)
			return fail("a call over budget was not refused",
				    ok + i, errno);
	return 0;
}

static void *worker(void *arg)
{
	(void)arg;
	return (void *)(long)calls(n_calls, n_over);
}

static void *forever(void *arg)
{
	long i;

	(void)arg;
	for (i = 0;; i++)
		if (syscall(SYS_getppid) < 0) {
			fail("the thread to end got an error", i, errno);
			exit(1);
		}
	return NULL;
}

static int threads(long nt, int with_forever)
{
	pthread_t *tids = calloc((size_t)nt + 1, sizeof(*tids)), victim;
	void *ret;
	long i, bad = 0;

	if (!tids)
		return 1;
	if (with_forever && pthread_create(&victim, NULL, forever, NULL))
		return 1;
	for (i = 0; i < nt; i++)
		if (pthread_create(&tids[i], NULL, worker, NULL))
			return fail("pthread_create", i, errno);
	for (i = 0; i < nt; i++) {
		pthread_join(tids[i], &ret);
		bad += ret != NULL;
	}
	free(tids);
	if (bad)
		return fail("threads went wrong", bad, 0);
	/* The thread to end ends by its budget alone (glibc's join waits
	 * for the kernel to clear its tid, as after any thread's exit). */
	if (with_forever)
		pthread_join(victim, NULL);
	return 0;
}

static int emfile(long ok)
{
	long i;
	int fd, last = -1;

	for (i = 0; i <= ok; i++) {
		fd = open("/dev/null", O_RDONLY);
		if (fd < 0)
			break;
		last = fd;
	}
	if (errno != EMFILE || i > ok)
		return fail("expected EMFILE", i, errno);
	/* Coping: give back what we hold, and carry on. */
	for (fd = last; fd > 2 && fd > last - ok; fd--)
		close(fd);
	printf("got EMFILE after %ld opens, coped\n", i);
	return 0;
}

static int readclose(long reads, long n)
{
	int fds[64];
	char c;
	long i;

	for (i = 0; i < n && i < 64; i++)
		if ((fds[i] = open("/dev/zero", O_RDONLY)) < 0)
			return fail("open", i, errno);
	for (i = 0; i < reads; i++)
		if (read(fds[0], &c, 1) != 1)
			return fail("read", i, errno);
	for (i = 0; i < n && i < 64; i++)
		if (close(fds[i]) < 0)
			return fail("a close within budget failed", i, errno);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 5 && !strcmp(argv[1], "int80")) {
#ifndef __x86_64__
		fprintf(stderr, "budgetee: int80 is for x86_64\n");
		return 77;
#endif
		alternate = true;
	}
	if (argc == 5 && (!strcmp(argv[1], "calls") || alternate)) {
		want_errno = atoi(argv[4]);
		return calls(atol(argv[3]), atol(argv[2]) - atol(argv[3]));
	}
	if (argc == 6 &&
	    (!strcmp(argv[1], "threads") || !strcmp(argv[1], "tree"))) {
		bool tree = !strcmp(argv[1], "tree");

		n_calls = atol(argv[3]);
		n_over = tree ? 0 : atol(argv[4]);
		want_errno = atoi(argv[5]);
		return threads(atol(argv[2]), 0) ||
		       (tree && calls(0, atol(argv[4])));
	}
	if (argc == 4 && !strcmp(argv[1], "readclose"))
		return readclose(atol(argv[2]), atol(argv[3]));
	if (argc == 3 && !strcmp(argv[1], "emfile"))
		return emfile(atol(argv[2]));
	if (argc == 4 && !strcmp(argv[1], "end-thread")) {
		n_calls = atol(argv[3]);
		if (threads(atol(argv[2]), 1))
			return 1;
		printf("siblings finished\n");
		fflush(stdout);
		_exit(0);
	}
	fprintf(stderr, "usage: see budgetee.c\n");
	return 2;
}

// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Load for scripts/bench's scale cases.
 *
 *   tasks threads N CALLS   N threads (or, with "procs", N processes)
 *   tasks procs N CALLS     share CALLS getppid() calls evenly, all
 *                           started before any begins
 *   tasks hold N            N threads call getppid() in a loop until
 *                           SIGTERM; then prints the calls made, exits 0
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static long each;
static pthread_barrier_t start;
static volatile int stop;

static void calls(long n)
{
	while (n-- > 0)
		syscall(SYS_getppid);
}

static void *worker(void *arg)
{
	(void)arg;
	pthread_barrier_wait(&start);
	calls(each);
	return NULL;
}

static void *holder(void *arg)
{
	long *n = arg;

	while (!stop) {
		syscall(SYS_getppid);
		++*n;
	}
	return NULL;
}

static int threads(long n, void *(*fn)(void *), long *counts)
{
	pthread_t *th = calloc((size_t)n, sizeof(*th));
	pthread_attr_t attr;
	sigset_t term;
	long i, total = 0;
	int sig;

	if (!th)
		return 2;
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 64 * 1024);
	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &term, NULL);
	for (i = 0; i < n; i++)
		if (pthread_create(&th[i], &attr, fn, counts ? &counts[i] : 0))
			return 2;
	if (counts) {
		sigwait(&term, &sig);
		stop = 1;
	}
	for (i = 0; i < n; i++)
		pthread_join(th[i], NULL);
	for (i = 0; counts && i < n; i++)
		total += counts[i];
	if (counts)
		printf("%ld calls\n", total);
	return 0;
}

static int procs(long n)
{
	int go[2], status, bad = 0;
	char c;
	long i;

	if (pipe(go))
		return 2;
	for (i = 0; i < n; i++) {
		pid_t pid = fork();

		if (pid < 0)
			return 2;
		if (pid == 0) {
			close(go[1]);
			read(go[0], &c, 1); /* returns 0 when all are made */
			calls(each);
			_exit(0);
		}
	}
	close(go[0]);
	close(go[1]);
	while (wait(&status) > 0)
		bad |= !WIFEXITED(status) || WEXITSTATUS(status);
	return bad;
}

int main(int argc, char **argv)
{
	long n = argc > 2 ? atol(argv[2]) : 0;

	if (n < 1)
		return 2;
	if (argc == 4)
		each = atol(argv[3]) / n;
	if (argc == 4 && !strcmp(argv[1], "threads")) {
		pthread_barrier_init(&start, NULL, (unsigned int)n);
		return threads(n, worker, NULL);
	}
	if (argc == 4 && !strcmp(argv[1], "procs"))
		return procs(n);
	if (argc == 3 && !strcmp(argv[1], "hold"))
		return threads(n, holder, calloc((size_t)n, sizeof(long)));
	fprintf(stderr, "usage: tasks threads|procs N CALLS | tasks hold N\n");
	return 2;
}

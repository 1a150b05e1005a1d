// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Threads that race or wait on each other, for --swap.
 *
 *   swaptee race THREADS ROUNDS
 *       each thread adds one to a shared counter ROUNDS times, reading
 *       it before a getppid() and writing it after: a lost update
 *       whenever another thread runs in between.  Prints
 *       "counter=N order=H", H a hash of the order in which the threads
 *       made their rounds, on stderr.  Without --swap both vary from run
 *       to run.
 *   swaptee pipe
 *       one thread reads an empty pipe (a call --swap does not know to
 *       block) until another, started after it, writes.  Exits 0 when
 *       the byte came through.
 *   swaptee spin
 *       one thread spins in user space, with no syscall, until another,
 *       started after it, sets a flag.  Exits 0 when it saw the flag.
 *   swaptee cpus
 *       prints how many CPUs its affinity mask allows.
 *   swaptee hold THREADS
 *       THREADS threads call getppid() until SIGTERM; then exits 0.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define MAX_THREADS 64

static volatile long counter;
static volatile uint64_t order_hash = 1469598103934665603ULL;
static long rounds;
static pthread_barrier_t start;
static int fds[2];
static volatile int flag;

static void *racer(void *arg)
{
	long id = (long)arg, i, v;

	pthread_barrier_wait(&start);
	for (i = 0; i < rounds; i++) {
		v = counter;
		order_hash = (order_hash ^ (uint64_t)id) * 1099511628211ULL;
		syscall(SYS_getppid);
		counter = v + 1;
	}
	return NULL;
}

static int race(long nthreads)
{
	pthread_t th[MAX_THREADS];
	long i;

	if (nthreads < 1 || nthreads > MAX_THREADS || rounds < 1)
		return 2;
	pthread_barrier_init(&start, NULL, (unsigned int)nthreads);
	for (i = 0; i < nthreads; i++)
		if (pthread_create(&th[i], NULL, racer, (void *)i))
			return 2;
	for (i = 0; i < nthreads; i++)
		pthread_join(th[i], NULL);
	fprintf(stderr, "counter=%ld order=%016llx\n", counter,
		(unsigned long long)order_hash);
	return 0;
}

static void *reader(void *arg)
{
	char c = 0;

	(void)arg;
	return (void *)(long)(read(fds[0], &c, 1) == 1 && c == 'x');
}

static void *writer(void *arg)
{
	(void)arg;
	return (void *)(long)(write(fds[1], "x", 1) == 1);
}

static void *caller(void *arg)
{
	(void)arg;
	while (!flag)
		syscall(SYS_getppid);
	return NULL;
}

static int hold(long nthreads)
{
	pthread_t th[MAX_THREADS];
	sigset_t term;
	long i;
	int sig;

	if (nthreads < 1 || nthreads > MAX_THREADS)
		return 2;
	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &term, NULL);
	for (i = 0; i < nthreads; i++)
		if (pthread_create(&th[i], NULL, caller, NULL))
			return 2;
	sigwait(&term, &sig);
	flag = 1;
	for (i = 0; i < nthreads; i++)
		pthread_join(th[i], NULL);
	return 0;
}

static void *spinner(void *arg)
{
	(void)arg;
	while (!flag)
		;
	return (void *)1L;
}

static void *setter(void *arg)
{
	(void)arg;
	flag = 1;
	return (void *)1L;
}

/* Starts @first, then @second; 0 when both return 1. */
static int pair(void *(*first)(void *), void *(*second)(void *))
{
	pthread_t a, b;
	void *ra = NULL, *rb = NULL;

	if (pthread_create(&a, NULL, first, NULL) ||
	    pthread_create(&b, NULL, second, NULL))
		return 2;
	pthread_join(a, &ra);
	pthread_join(b, &rb);
	return ra == (void *)1L && rb == (void *)1L ? 0 : 1;
}

int main(int argc, char **argv)
{
	cpu_set_t set;

	if (argc == 4 && !strcmp(argv[1], "race")) {
		rounds = atol(argv[3]);
		return race(atol(argv[2]));
	}
	if (argc == 2 && !strcmp(argv[1], "pipe"))
		return pipe(fds) ? 2 : pair(reader, writer);
	if (argc == 2 && !strcmp(argv[1], "spin"))
		return pair(spinner, setter);
	if (argc == 3 && !strcmp(argv[1], "hold"))
		return hold(atol(argv[2]));
	if (argc == 2 && !strcmp(argv[1], "cpus")) {
		if (sched_getaffinity(0, sizeof(set), &set))
			return 2;
		printf("cpus=%d\n", CPU_COUNT(&set));
		return 0;
	}
	fprintf(stderr, "usage: swaptee race THREADS ROUNDS | pipe | spin | "
			"cpus | hold THREADS\n");
	return 2;
}

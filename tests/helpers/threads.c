// SPDX-License-Identifier: LGPL-2.1-or-later
/* Starts threads that each make a distinctive syscall, then joins them.
 * "threads race": a thread ends with exit(0) just before the process ends
 * with exit_group(7). */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define NTHREADS 4

static void *worker(void *arg)
{
	long i = (long)arg;
	char path[64];

	snprintf(path, sizeof(path), "/nonexistent/thread-%ld", i);
	return (void *)(long)access(path, F_OK);
}

static void *exit_at_once(void *arg)
{
	syscall(SYS_exit, 0);
	return arg;
}

/* The join returns when the kernel clears the thread's tid, past its
 * exit code (kernel/exit.c do_exit(), exit_mm()): the thread has ended
 * with 0 before exit_group(7), though it may not be reaped yet. */
static int race(void)
{
	pthread_t th;

	if (pthread_create(&th, NULL, exit_at_once, NULL))
		return 2;
	pthread_join(th, NULL);
	syscall(SYS_exit_group, 7);
	return 2;
}

int main(int argc, char **argv)
{
	pthread_t th[NTHREADS];
	void *ret;
	long i;
	int fails = 0;

	if (argc > 1 && !strcmp(argv[1], "race"))
		return race();
	for (i = 0; i < NTHREADS; i++)
		if (pthread_create(&th[i], NULL, worker, (void *)i))
			return 2;
	for (i = 0; i < NTHREADS; i++) {
		pthread_join(th[i], &ret);
		if ((long)ret != -1)
			fails++;
	}
	return fails;
}

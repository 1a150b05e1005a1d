// SPDX-License-Identifier: LGPL-2.1-or-later
/* Starts threads that each make a distinctive syscall, then joins them. */
#include <pthread.h>
#include <stdio.h>
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

int main(void)
{
	pthread_t th[NTHREADS];
	void *ret;
	long i;
	int fails = 0;

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

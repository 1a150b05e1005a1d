// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A target for attach tests: "sleeper TICKS [FD]" runs a leader and a
 * thread that tick TICKS times, writing one byte per tick to FD when one
 * is given.  Exits 0 when every tick ran, after writing "done" to FD.
 */
#include <pthread.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static int ticks;
static int tick_fd = -1;

static void tick_loop(int n)
{
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	int i;

	for (i = 0; i < n; i++) {
		nanosleep(&ts, NULL);
		if (tick_fd >= 0)
			(void)!write(tick_fd, ".", 1);
	}
}

static void *worker(void *arg)
{
	tick_loop(ticks);
	return arg;
}

int main(int argc, char **argv)
{
	pthread_t th;

	ticks = argc > 1 ? atoi(argv[1]) : 100;
	tick_fd = argc > 2 ? atoi(argv[2]) : -1;
	if (pthread_create(&th, NULL, worker, NULL))
		return 2;
	tick_loop(ticks);
	pthread_join(th, NULL);
	if (tick_fd >= 0)
		(void)!write(tick_fd, "done", 4);
	return 0;
}

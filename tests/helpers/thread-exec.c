// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Execs from a thread that is not the leader: the kernel makes the exec'ing
 * thread the leader (its thread id changes to the process id).  The new
 * image checks that it kept the process id and exits 0.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *self;
static char pidarg[16];

static void *execer(void *arg)
{
	execl(self, self, "after", pidarg, (char *)NULL);
	return arg;
}

int main(int argc, char **argv)
{
	pthread_t th;

	if (argc > 2 && !strcmp(argv[1], "after"))
		return atoi(argv[2]) == getpid() ? 0 : 3;
	self = argv[0];
	snprintf(pidarg, sizeof(pidarg), "%d", getpid());
	if (pthread_create(&th, NULL, execer, NULL))
		return 2;
	for (;;)
		pause(); /* the leader is superseded here */
}

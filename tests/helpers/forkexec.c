// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A chain of fork, vfork and exec: "forkexec N" forks a child that execs
 * "forkexec N-1" through vfork, and exits with the child's status plus 1.
 * "forkexec 0" exits 0, so "forkexec 3" exits 3 when the chain held.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static int run_child(const char *self, int n)
{
	char arg[16];
	int status;
	pid_t pid;

	snprintf(arg, sizeof(arg), "%d", n);
	/* Odd levels use vfork, even ones fork. */
	pid = n % 2 ? vfork() : fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		execl(self, self, arg, (char *)NULL);
		_exit(99);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 3;
	int r;

	if (n <= 0)
		return 0;
	r = run_child(argv[0], n - 1);
	return r < 0 ? 99 : r + 1;
}

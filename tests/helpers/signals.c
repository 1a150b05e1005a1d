// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Signals and group stops: a handled SIGUSR1, a child stopped with SIGSTOP
 * (the parent must see it stop, as job control does), continued with
 * SIGCONT (the parent must see that too) and killed with SIGTERM.
 */
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t got;

static void on_usr1(int sig)
{
	got = sig;
}

int main(void)
{
	int status, fails = 0;
	pid_t child;

	signal(SIGUSR1, on_usr1);
	kill(getpid(), SIGUSR1);
	if (got != SIGUSR1)
		fails |= 1;
	child = fork();
	if (child == 0) {
		for (;;)
			pause();
	}
	kill(child, SIGSTOP);
	if (waitpid(child, &status, WUNTRACED) != child ||
	    !WIFSTOPPED(status) || WSTOPSIG(status) != SIGSTOP)
		fails |= 2;
	kill(child, SIGCONT);
	if (waitpid(child, &status, WCONTINUED) != child ||
	    !WIFCONTINUED(status))
		fails |= 4;
	kill(child, SIGTERM);
	if (waitpid(child, &status, 0) != child || !WIFSIGNALED(status) ||
	    WTERMSIG(status) != SIGTERM)
		fails |= 8;
	return fails;
}

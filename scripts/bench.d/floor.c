// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The ptrace floor for scripts/bench: "floor CMD ARGS..." runs CMD under
 * a PTRACE_SYSCALL loop that decodes nothing and prints nothing.  Two
 * stops per syscall and nothing else is the least a ptrace tracer can do.
 */
#include <signal.h>
#include <stdio.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int status, sig;
	pid_t pid;

	if (argc < 2)
		return 2;
	pid = fork();
	if (pid == 0) {
		raise(SIGSTOP);
		execvp(argv[1], argv + 1);
		_exit(127);
	}
	waitpid(pid, &status, WSTOPPED);
	ptrace(PTRACE_SEIZE, pid, NULL,
	       (void *)(PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL));
	kill(pid, SIGCONT);
	while (waitpid(pid, &status, __WALL) == pid && WIFSTOPPED(status)) {
		sig = WSTOPSIG(status);
		if (sig == (SIGTRAP | 0x80) || (status >> 16) || sig == SIGSTOP)
			sig = 0;
		ptrace(PTRACE_SYSCALL, pid, NULL, (void *)(long)sig);
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

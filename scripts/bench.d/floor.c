// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The ptrace floor for scripts/bench: "floor [MODE] CMD ARGS..." runs CMD
 * under a PTRACE_SYSCALL loop that decodes nothing and prints nothing.
 * Two stops per syscall and nothing else is the least a ptrace tracer can
 * do.  MODE places tracer and tracee on CPUs:
 *   (none)          where the scheduler puts them
 *   --pin-both      both on the tracer's CPU (the tracee sees it)
 *   --pin-tracer    only the tracer on its CPU
 *   --follow        the tracer moves to the tracee's CPU whenever a stop
 *                   shows it elsewhere (read from /proc/PID/stat); the
 *                   tracee's affinity is untouched
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

static void pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

/* The CPU the task of @fd (its /proc/PID/stat) last ran on, or -1. */
static int cpu_of(int fd)
{
	char buf[1024], *p;
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);
	int field;

	if (n <= 0)
		return -1;
	buf[n] = '\0';
	p = strrchr(buf, ')');
	/* "processor" is field 39; p is at the end of field 2. */
	for (field = 2; p && field < 39; field++)
		p = strchr(p + 1, ' ');
	return p ? atoi(p + 1) : -1;
}

int main(int argc, char **argv)
{
	int status, sig, mode = 0, stat_fd = -1, cpu, mine;
	char path[64];
	pid_t pid;

	if (argc > 1 && !strcmp(argv[1], "--pin-both"))
		mode = 1;
	else if (argc > 1 && !strcmp(argv[1], "--pin-tracer"))
		mode = 2;
	else if (argc > 1 && !strcmp(argv[1], "--follow"))
		mode = 3;
	argv += mode != 0;
	argc -= mode != 0;
	if (argc < 2)
		return 2;
	mine = sched_getcpu();
	if (mode == 1)
		pin(mine); /* before the fork: the tracee inherits it */
	pid = fork();
	if (pid == 0) {
		raise(SIGSTOP);
		execvp(argv[1], argv + 1);
		_exit(127);
	}
	if (mode == 2)
		pin(mine);
	waitpid(pid, &status, WSTOPPED);
	ptrace(PTRACE_SEIZE, pid, NULL,
	       (void *)(PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL));
	kill(pid, SIGCONT);
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if (mode == 3)
		stat_fd = open(path, O_RDONLY | O_CLOEXEC);
	while (waitpid(pid, &status, __WALL) == pid && WIFSTOPPED(status)) {
		sig = WSTOPSIG(status);
		if (sig == (SIGTRAP | 0x80) || (status >> 16) || sig == SIGSTOP)
			sig = 0;
		if (stat_fd >= 0 && (cpu = cpu_of(stat_fd)) >= 0 &&
		    cpu != mine) {
			pin(cpu);
			mine = cpu;
		}
		ptrace(PTRACE_SYSCALL, pid, NULL, (void *)(long)sig);
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

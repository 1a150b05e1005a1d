// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Tries to escape supervision with CLONE_UNTRACED, through clone and
 * clone3.  Each child reports through its exit status whether it has a
 * tracer.  "untraced expect-traced" exits 0 when both children were
 * traced; without the argument, when neither was (the untraced baseline).
 */
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static int traced(void)
{
	char line[128];
	FILE *f = fopen("/proc/self/status", "re");
	int tracer = 0;

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "TracerPid: %d", &tracer) == 1)
			break;
	if (f)
		fclose(f);
	return tracer != 0;
}

/* In the child: make a visible call, and exit 0 when traced. */
static void __attribute__((noreturn)) child(const char *mark)
{
	access(mark, F_OK);
	_exit(traced() ? 0 : 1);
}

static int reap(pid_t pid)
{
	int status;

	if (pid <= 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

int main(int argc, char **argv)
{
	int want = argc > 1 && !strcmp(argv[1], "expect-traced") ? 0 : 1;
	struct clone_args ca;
	pid_t pid;
	int fails = 0;

	pid = (pid_t)syscall(SYS_clone, CLONE_UNTRACED | SIGCHLD, 0, 0, 0, 0);
	if (pid == 0)
		child("/nonexistent/untraced-clone");
	if (reap(pid) != want)
		fails |= 1;

	memset(&ca, 0, sizeof(ca));
	ca.flags = CLONE_UNTRACED;
	ca.exit_signal = SIGCHLD;
	pid = (pid_t)syscall(SYS_clone3, &ca, sizeof(ca));
	if (pid == 0)
		child("/nonexistent/untraced-clone3");
	if (reap(pid) != want)
		fails |= 2;
	return fails;
}

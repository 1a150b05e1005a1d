// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * syswarden - what the command line sets up outside the library: signals
 * (-I), the trace's sink (-o FILE, -o '|CMD'), the command's environment
 * (-E) and its path.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"

/* -I 3 and 4: the fatal signals (and SIGTSTP) never reach syswarden;
 * only once the command runs, which must start with the caller's mask. */
void cli_block_signals(unsigned int level)
{
	static const int sigs[] = { SIGHUP, SIGINT, SIGQUIT, SIGPIPE, SIGTERM };
	sigset_t set;
	size_t i;

	if (level < 3)
		return;
	sigemptyset(&set);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaddset(&set, sigs[i]);
	if (level == 4)
		sigaddset(&set, SIGTSTP);
	sigprocmask(SIG_BLOCK, &set, NULL);
}

/* The -o '|CMD' shell holds this pipe's other end until it and all it
 * started are done. */
static int pipe_done = -1;

/*
 * -o '|CMD' or '!CMD': the trace goes to "sh -c CMD".  The shell is our
 * grandchild, not our child: waiting for tracees must not wait for it,
 * nor reap it.
 */
static FILE *open_pipe(const char *cmd)
{
	int data[2], done[2];
	pid_t pid;

	if (pipe2(data, O_CLOEXEC) < 0 || pipe2(done, O_CLOEXEC) < 0)
		cli_die("-o |%s: %s", cmd, strerror(errno));
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		cli_die("-o |%s: %s", cmd, strerror(errno));
	if (pid == 0) {
		if (fork() == 0 && dup2(data[0], STDIN_FILENO) == 0 &&
		    fcntl(done[1], F_SETFD, 0) == 0)
			execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	close(data[0]);
	close(done[1]);
	pipe_done = done[0];
	return fdopen(data[1], "w");
}

/* -o FILE, or -o '|CMD' / '!CMD': a pipe to a shell command. */
FILE *cli_open_output(const struct cli *cli)
{
	const char *path = cli->outfile;
	FILE *f;

	if (!path)
		return stderr;
	if (path[0] == '|' || path[0] == '!')
		f = open_pipe(path + 1);
	else
		f = fopen(path, cli->append ? "ae" : "we");
	if (!f)
		cli_die("-o %s: %s", path, strerror(errno));
	setvbuf(f, NULL, _IOFBF, 1 << 16);
	return f;
}

/* Closes the trace; a pipe's command is then waited for. */
int cli_close_output(FILE *out)
{
	char c;
	int r;

	if (out == stderr)
		return 0;
	r = fclose(out);
	while (pipe_done >= 0 && read(pipe_done, &c, 1) != 0 && errno == EINTR)
		;
	return r;
}

/* -E VAR=VAL and -E VAR, in order, in our environment: the command
 * inherits it. */
void cli_set_env(const struct cli *cli)
{
	const char *eq;
	char *name;
	unsigned int i;
	int r;

	for (i = 0; i < cli->nenv; i++) {
		eq = strchr(cli->env[i], '=');
		name = strndup(cli->env[i], eq ? (size_t)(eq - cli->env[i])
					       : strlen(cli->env[i]));
		if (!name)
			cli_die("out of memory");
		r = eq ? setenv(name, eq + 1, 1) : unsetenv(name);
		if (r < 0)
			cli_die("-E %s: %s", cli->env[i], strerror(errno));
		free(name);
	}
}

/* execvp() without its failed tries, which the trace would show: the
 * first executable @name in $PATH (malloc'd), or @name itself. */
char *cli_find_command(const char *name)
{
	const char *path = getenv("PATH"), *p, *end;
	char *full;

	if (strchr(name, '/') || !path)
		return strdup(name);
	for (p = path; *p; p = *end ? end + 1 : end) {
		end = strchrnul(p, ':');
		if (asprintf(&full, "%.*s/%s", (int)(end - p), p, name) < 0)
			return NULL;
		if (access(full, X_OK) == 0)
			return full;
		free(full);
	}
	return strdup(name);
}

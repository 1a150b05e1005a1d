// SPDX-License-Identifier: LGPL-2.1-or-later
/* syswarden tests - running the CLI on helper programs. */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"

const char *helper(const char *name)
{
	static char path[4][512];
	static int next;
	const char *dir = getenv("SW_HELPERS");
	char *p = path[next++ % 4];

	ck_assert_msg(dir, "SW_HELPERS is not set");
	snprintf(p, sizeof(path[0]), "%s/%s", dir, name);
	return p;
}

static const char *syswarden_path(void)
{
	const char *p = getenv("SYSWARDEN");

	ck_assert_msg(p, "SYSWARDEN is not set");
	return p;
}

char *slurp(const char *path)
{
	FILE *f = fopen(path, "re");
	char *buf = NULL;
	size_t len = 0;

	if (!f)
		return NULL;
	if (getdelim(&buf, &len, '\0', f) < 0) {
		free(buf);
		buf = strdup("");
	}
	fclose(f);
	return buf;
}

static pid_t spawn(const char *wrapper, const char *trace_path,
		   const char *err_path, const char *const *args)
{
	const char *argv[64];
	size_t n = 0, i;
	pid_t pid;

	if (wrapper)
		argv[n++] = wrapper;
	argv[n++] = syswarden_path();
	argv[n++] = "-o";
	argv[n++] = trace_path;
	for (i = 0; args[i] && n < 63; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		int fd = open(err_path ? err_path : "/dev/null",
			      O_WRONLY | O_CREAT | O_TRUNC, 0600);

		dup2(fd, 2);
		execv(argv[0], (char *const *)argv);
		_exit(126);
	}
	return pid;
}

pid_t start_syswarden(const char *trace_path, const char *const *args)
{
	return spawn(NULL, trace_path, NULL, args);
}

void run_syswarden(struct run *r, const char *const *args)
{
	run_wrapped(r, NULL, args);
}

void run_wrapped(struct run *r, const char *wrapper, const char *const *args)
{
	char trace[] = "/tmp/sw-trace-XXXXXX", err[] = "/tmp/sw-err-XXXXXX";
	int fd1 = mkstemp(trace), fd2 = mkstemp(err);
	pid_t pid;

	ck_assert(fd1 >= 0 && fd2 >= 0);
	close(fd1);
	close(fd2);
	pid = spawn(wrapper, trace, err, args);
	ck_assert_int_eq(waitpid(pid, &r->status, 0), pid);
	r->trace = slurp(trace);
	r->err = slurp(err);
	unlink(trace);
	unlink(err);
	ck_assert(r->trace && r->err);
}

void run_free(struct run *r)
{
	free(r->trace);
	free(r->err);
}

int count_of(const char *hay, const char *needle)
{
	int n = 0;

	while ((hay = strstr(hay, needle))) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

long stops_of(const struct run *r)
{
	const char *p = strstr(r->err, "syswarden: stops: ");

	ck_assert_msg(p, "no --stats line in:\n%.2000s", r->err);
	return strtol(p + strlen("syswarden: stops: "), NULL, 10);
}

/* Not with helper(): outside a test, its assertion cannot report. */
const char *why_no_i386(const char *name)
{
	const char *dir = getenv("SW_HELPERS");
	char path[512];
	int status, null;
	pid_t pid;

	if (!dir)
		return "SW_HELPERS is not set (run it with meson test)";
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (access(path, X_OK) < 0)
		return "no i386 helper was built: the compiler cannot link "
		       "-m32 (scripts/setup installs gcc-12-multilib)";
	pid = fork();
	if (pid == 0) {
		null = open("/dev/null", O_WRONLY);
		dup2(null, 1);
		dup2(null, 2);
		execl(path, name, (char *)NULL);
		_exit(errno == ENOEXEC ? 77 : 126);
	}
	if (pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	    WEXITSTATUS(status) == 77)
		return "this kernel cannot run i386 binaries (exec gives "
		       "ENOEXEC: IA-32 emulation is off)";
	return NULL;
}

bool wait_for_text(const char *path, const char *needle, int ms)
{
	struct timespec ts = { 0, 10 * 1000 * 1000 };
	int waited;

	for (waited = 0; waited < ms; waited += 10) {
		char *text = slurp(path);
		bool found = text && strstr(text, needle);

		free(text);
		if (found)
			return true;
		nanosleep(&ts, NULL);
	}
	return false;
}

static char *proc_field(pid_t pid, const char *key, char *buf, size_t size)
{
	char path[64], line[256];
	FILE *f;
	char *res = NULL;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return NULL;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, strlen(key))) {
			snprintf(buf, size, "%s", line + strlen(key));
			res = buf;
			break;
		}
	fclose(f);
	return res;
}

char proc_state(pid_t pid)
{
	char buf[64], *p = proc_field(pid, "State:", buf, sizeof(buf));

	while (p && (*p == ' ' || *p == '\t'))
		p++;
	return p ? *p : 0;
}

int tracer_of(pid_t pid)
{
	char buf[64], *p = proc_field(pid, "TracerPid:", buf, sizeof(buf));

	return p ? atoi(p) : -1;
}

void reaper_begin(void)
{
	ck_assert_int_eq(prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
}

/* Kills this process's direct children; returns how many there were. */
static int kill_children(void)
{
	DIR *dir = opendir("/proc");
	struct dirent *de;
	int n = 0;

	if (!dir)
		return 0;
	while ((de = readdir(dir))) {
		pid_t pid = (pid_t)atoi(de->d_name);
		char buf[64], *p;

		if (pid <= 0)
			continue;
		p = proc_field(pid, "PPid:", buf, sizeof(buf));
		if (p && atoi(p) == getpid()) {
			kill(pid, SIGCONT);
			kill(pid, SIGKILL);
			n++;
		}
	}
	closedir(dir);
	return n;
}

void reap_check(int ms)
{
	struct timespec ts = { 0, 10 * 1000 * 1000 };
	int waited, status, alive = 0;
	pid_t pid;

	for (waited = 0; waited <= ms; waited += 10) {
		while ((pid = waitpid(-1, &status, WNOHANG | __WALL)) > 0)
			;
		if (pid < 0 && errno == ECHILD)
			return;
		nanosleep(&ts, NULL);
	}
	/* Something is still alive: hung or escaped.  Kill and fail. */
	alive = kill_children();
	while (waitpid(-1, &status, __WALL) > 0)
		;
	ck_abort_msg("%d process(es) left running after the test", alive);
}

// SPDX-License-Identifier: LGPL-2.1-or-later
/* syswarden tests - running the CLI on helper programs. */
#include <check.h>
#include <dirent.h>
#include <elf.h>
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

/*
 * The result column of one line (@line, @len bytes): syswarden pads
 * " = " out to column 40 as strace does; a padded line must reach it
 * exactly.  Collapses the padding to one space, so that the tests can
 * look for "write(1, \"hi\n\", 3) = 3" whatever the call's length.
 */
static size_t unalign_line(char *line, size_t len)
{
	size_t eq, sp;

	for (eq = len; eq > 2; eq--)
		if (line[eq - 1] == '=' && (eq == len || line[eq] == ' ') &&
		    line[eq - 2] == ' ')
			break;
	if (eq <= 2)
		return len;
	eq--; /* at the '=' */
	for (sp = eq; sp > 0 && line[sp - 1] == ' '; sp--)
		;
	if (sp == 0 || line[sp - 1] != ')' || eq - sp == 1)
		return len;
	ck_assert_msg(eq == 40, "result not at column 40: %.*s", (int)len,
		      line);
	memmove(line + sp + 1, line + eq, len - eq);
	return len - (eq - sp - 1);
}

void trace_unalign(char *text)
{
	char *in = text, *out = text, *nl;
	size_t len;

	while (*in) {
		nl = strchr(in, '\n');
		len = nl ? (size_t)(nl - in) : strlen(in);
		memmove(out, in, len);
		out += unalign_line(out, len);
		in += len;
		if (nl) {
			*out++ = '\n';
			in++;
		}
	}
	*out = '\0';
}

static pid_t spawn(const char *wrapper, const char *trace_path,
		   const char *err_path, const char *const *args)
{
	const char *argv[64];
	size_t n = 0, i;
	int exec_seen[2];
	char c;
	pid_t pid;

	if (wrapper)
		argv[n++] = wrapper;
	argv[n++] = syswarden_path();
	argv[n++] = "-o";
	argv[n++] = trace_path;
	for (i = 0; args[i] && n < 63; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	ck_assert_int_eq(pipe2(exec_seen, O_CLOEXEC), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		int fd = open(err_path ? err_path : "/dev/null",
			      O_WRONLY | O_CREAT | O_TRUNC, 0600);

		dup2(fd, 2);
		execv(argv[0], (char *const *)argv);
		_exit(126);
	}
	/*
	 * Returns once the child has exec'd (the pipe's end closes): until
	 * then it has Check's SIGINT and SIGTERM handler, which kills the
	 * test's whole process group, so a test's signal must wait.
	 */
	close(exec_seen[1]);
	while (read(exec_seen[0], &c, 1) < 0 && errno == EINTR)
		;
	close(exec_seen[0]);
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
	trace_unalign(r->trace);
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

int line_tid(const char *line, const char **body)
{
	char *end;
	long tid;

	*body = line;
	if (strncmp(line, "[pid ", 5))
		return 0;
	tid = strtol(line + 5, &end, 10);
	if (strncmp(end, "] ", 2))
		return 0;
	*body = end + 2;
	return (int)tid;
}

/* The first halves of split calls, one a task, waiting for their
 * second. */
struct split {
	int tid;
	char *head; /* the line without " <unfinished ...>" */
};

static const char unfinished[] = " <unfinished ...>";

/* Appends @len bytes of @s and a newline to the stream. */
static void put_line(FILE *f, const char *s, size_t len)
{
	fwrite(s, 1, len, f);
	fputc('\n', f);
}

/* Task @tid's slot, made on first use. */
static struct split *split_of(struct split **sp, size_t *n, int tid)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if ((*sp)[i].tid == tid)
			return &(*sp)[i];
	*sp = realloc(*sp, (*n + 1) * sizeof(**sp));
	ck_assert_ptr_nonnull(*sp);
	(*sp)[*n].tid = tid;
	(*sp)[*n].head = NULL;
	return &(*sp)[(*n)++];
}

/* Writes out the waiting first half in @s as it was, if any. */
static void flush_split(FILE *f, struct split *s)
{
	if (!s->head)
		return;
	fprintf(f, "%s%s\n", s->head, unfinished);
	free(s->head);
	s->head = NULL;
}

/* True when @s waits with the first half of call @name. */
static bool split_is(const struct split *s, const char *name, size_t len)
{
	const char *body;

	if (!s->head)
		return false;
	line_tid(s->head, &body);
	return !strncmp(body, name, len) && body[len] == '(';
}

/*
 * The slot for a resumed call of @s's task that @s does not wait for:
 * the first task's lines name no task until a second one appears, so its
 * first half may be waiting under tid 0.  Returns @s when it is not.
 */
static struct split *first_task(struct split *sp, size_t n, struct split *s,
				const char *name, size_t len)
{
	size_t i;

	if (s->head)
		return s;
	for (i = 0; i < n; i++)
		if (sp[i].tid == 0 && split_is(&sp[i], name, len)) {
			s->head = sp[i].head;
			sp[i].head = NULL;
			return s;
		}
	return s;
}

/* Handles one line (without its newline) of trace_join()'s input. */
static void join_line(FILE *f, struct split **sp, size_t *n, const char *line,
		      size_t len)
{
	size_t ulen = sizeof(unfinished) - 1;
	const char *body, *name_end, *head;
	struct split *s = split_of(sp, n, line_tid(line, &body));

	if (len >= ulen && !memcmp(line + len - ulen, unfinished, ulen)) {
		flush_split(f, s);
		s->head = strndup(line, len - ulen);
		return;
	}
	name_end = strstr(body, " resumed>");
	if (!strncmp(body, "<... ", 5) && name_end && name_end < line + len &&
	    !split_is(s, body + 5, (size_t)(name_end - body - 5)))
		s = first_task(*sp, *n, s, body + 5,
			       (size_t)(name_end - body - 5));
	if (!strncmp(body, "<... ", 5) && name_end && name_end < line + len &&
	    split_is(s, body + 5, (size_t)(name_end - body - 5))) {
		/* This line's prefix: the first half's may be none. */
		line_tid(s->head, &head);
		fwrite(line, 1, (size_t)(body - line), f);
		fputs(head, f);
		name_end += strlen(" resumed>");
		put_line(f, name_end, (size_t)(line + len - name_end));
		free(s->head);
		s->head = NULL;
		return;
	}
	flush_split(f, s);
	put_line(f, line, len);
}

char *trace_join(const char *trace)
{
	struct split *sp = NULL;
	size_t n = 0, i, size = 0;
	const char *nl;
	char *out = NULL;
	FILE *f = open_memstream(&out, &size);

	ck_assert_ptr_nonnull(f);
	for (; *trace; trace = nl + 1) {
		nl = strchrnul(trace, '\n');
		join_line(f, &sp, &n, trace, (size_t)(nl - trace));
		if (!*nl)
			break;
	}
	for (i = 0; i < n; i++)
		flush_split(f, &sp[i]);
	free(sp);
	fclose(f);
	return out;
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

int helper_machine(void)
{
	static int machine = -1;
	const char *dir = getenv("SW_HELPERS");
	Elf32_Ehdr eh; /* e_machine sits at the same offset in both */
	char path[512];
	int fd;

	if (machine >= 0 || !dir)
		return machine < 0 ? 0 : machine;
	snprintf(path, sizeof(path), "%s/basic", dir);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	machine = 0;
	if (fd >= 0 && read(fd, &eh, sizeof(eh)) == (ssize_t)sizeof(eh) &&
	    !memcmp(eh.e_ident, ELFMAG, SELFMAG))
		machine = eh.e_machine;
	if (fd >= 0)
		close(fd);
	return machine;
}

bool helper_has_legacy_calls(void)
{
	return helper_machine() != EM_AARCH64;
}

const char *helper_thread_call(void)
{
	int m = helper_machine();

	return m == EM_AARCH64 || m == EM_ARM ? "clone" : "clone3";
}

const char *helper_rdonly(void)
{
	int m = helper_machine();

	return m == EM_ARM || m == EM_386 ? "O_RDONLY|O_LARGEFILE" : "O_RDONLY";
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

void ck_exited(int status, int code)
{
	ck_assert_msg(WIFEXITED(status), "not exited: status %#x", status);
	ck_assert_int_eq(WEXITSTATUS(status), code);
}

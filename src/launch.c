// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * syswarden - getting tasks under supervision: spawn a command, or seize
 * the threads of a running process.
 *
 * A spawned child stops itself with SIGSTOP before exec; the parent seizes
 * it (PTRACE_SEIZE, so that group stops can be told apart and answered with
 * PTRACE_LISTEN) and wakes it with SIGCONT.  Its syscalls stay hidden until
 * its execve, as strace hides its own startup.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "supervisor.h"

static bool is_executable(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	       access(path, X_OK) == 0;
}

/* Finds @name the way execvp() would; returns a malloc'd path or NULL
 * with -ENOENT / -EACCES in *err. */
static char *resolve_command(const char *name, int *err)
{
	const char *path = getenv("PATH");
	char *dirs cleanup_free = NULL;
	char *dir, *save = NULL;
	bool seen = false;

	*err = -ENOENT;
	if (strchr(name, '/')) {
		if (access(name, F_OK) < 0)
			return NULL;
		*err = -EACCES;
		return is_executable(name) ? strdup(name) : NULL;
	}
	dirs = strdup(path && *path ? path : "/usr/local/bin:/usr/bin:/bin");
	if (!dirs) {
		*err = -ENOMEM;
		return NULL;
	}
	for (dir = strtok_r(dirs, ":", &save); dir;
	     dir = strtok_r(NULL, ":", &save)) {
		char *full = NULL;

		if (asprintf(&full, "%s/%s", dir, name) < 0) {
			*err = -ENOMEM;
			return NULL;
		}
		if (is_executable(full))
			return full;
		seen = seen || access(full, F_OK) == 0;
		free(full);
	}
	if (seen)
		*err = -EACCES;
	return NULL;
}

/* Writes "syswarden: WHAT ARG: ERROR" from the child with writev(2)
 * alone: after fork in a threaded embedder only async-signal-safe calls
 * are, so no stdio and no strerror(). */
static void child_say(const char *what, const char *arg, int err)
{
	const char *desc = strerrordesc_np(err);
	struct iovec parts[] = {
		{ (void *)"syswarden: ", 11 },
		{ (void *)what, strlen(what) },
		{ (void *)arg, strlen(arg) },
		{ (void *)": ", 2 },
		{ (void *)(desc ? desc : "unknown error"), 0 },
		{ (void *)"\n", 1 },
	};

	parts[4].iov_len = strlen(parts[4].iov_base);
	if (writev(STDERR_FILENO, parts, ARRAY_SIZE(parts)) < 0)
		return; /* nowhere left to say it */
}

/*
 * Takes on the user of sw_set_user(), after the filter is in (loading it
 * without no_new_privs needs root, and no_new_privs would disarm a set-id
 * command).  A set-user-ID or set-group-ID @path keeps that effective id,
 * as strace -u does.  Returns 0 or -errno.
 */
static int child_become(const struct run_as *as, const char *path)
{
	struct stat st;
	uid_t euid = as->uid;
	gid_t egid = as->gid;

	if (!as->on)
		return 0;
	if (stat(path, &st) == 0 && (st.st_mode & S_ISUID))
		euid = st.st_uid;
	if (stat(path, &st) == 0 && (st.st_mode & S_ISGID))
		egid = st.st_gid;
	if (setgroups(as->ngroups, as->groups) < 0 ||
	    setresgid(as->gid, egid, egid) < 0 ||
	    setresuid(as->uid, euid, euid) < 0)
		return -errno;
	return 0;
}

/*
 * The child's side: stop until seized, load the filter, exec.  The filter
 * goes in only once we trace the child: its RET_TRACE rules would fail
 * every selected syscall with ENOSYS without a tracer.  Never returns.
 */
static void __attribute__((noreturn))
child_exec(const char *path, char *const argv[],
	   const struct sock_fprog *filter, const struct sock_fprog *deny,
	   const struct run_as *as, const sigset_t *ignores, pid_t parent)
{
	int err, sig;

	/* What the caller had ignored stays so; the rest is the caller's
	 * handlers, which exec resets. */
	for (sig = 1; sig < NSIG; sig++)
		if (sigismember(ignores, sig) == 1)
			signal(sig, SIG_IGN);

	/* Until seized (PTRACE_O_EXITKILL), our parent's death is ours, or
	 * a syswarden killed now would leave us stopped for ever. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent)
		raise(SIGKILL);
	/* The signal mask is the caller's, as without syswarden. */
	util_stop_until_seized();
	prctl(PR_SET_PDEATHSIG, 0);
	if ((deny->filter && (err = prefilter_load(deny)) < 0) ||
	    (filter->filter && (err = prefilter_load(filter)) < 0)) {
		child_say("cannot load the seccomp filter", "", -err);
		_exit(SW_EXIT_SECCOMP_FAILED);
	}
	if ((err = child_become(as, path)) < 0) {
		child_say("cannot change user to run ", path, -err);
		_exit(SW_EXIT_EXEC_FAILED);
	}
	execv(path, argv);
	err = errno;
	child_say("cannot exec ", path, err);
	_exit(err == EACCES ? SW_EXIT_EXEC_DENIED : SW_EXIT_EXEC_FAILED);
}

static int seize_stopped_child(struct sw_supervisor *sup, pid_t pid)
{
	int status, r;

	while (waitpid(pid, &status, WSTOPPED) < 0)
		if (errno != EINTR)
			return -errno;
	if (!WIFSTOPPED(status) || WSTOPSIG(status) != SIGSTOP) {
		supervisor_warn(sup, "child %d: unexpected status %#x", pid,
				status);
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		return -ECHILD;
	}
	if (ptrace(PTRACE_SEIZE, pid, NULL,
		   (void *)(long)(SW_PTRACE_OPTIONS | PTRACE_O_EXITKILL)) < 0) {
		r = -errno;
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		return r;
	}
	kill(pid, SIGCONT);
	return 0;
}

/* -k keeps what it knows of a process until a call changes its
 * executable mappings: those calls must stop too. */
static int add_maps_calls(struct traceset *need)
{
	struct traceset *calls = NULL;
	struct strbuf err;
	int r = traceset_new(&calls);

	strbuf_init(&err);
	if (r == 0)
		r = traceset_parse(calls, STACK_MAPS_CALLS, &err);
	if (r == 0)
		r = traceset_merge(need, calls);
	traceset_free(calls);
	strbuf_release(&err);
	return r;
}

/*
 * --same-cpu: this thread, and the child it forks next, stay on the CPU it
 * runs on now.  Every ptrace stop hands over between tracer and tracee;
 * on one CPU that takes no inter-processor wake-up.
 */
static void pin_to_this_cpu(struct sw_supervisor *sup)
{
	int cpu = sched_getcpu();
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu < 0 ? 0 : cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set) < 0)
		supervisor_warn(sup, "--same-cpu: cannot pin to CPU %d: %s",
				cpu, strerror(errno));
}

/* What the command must stop at: the calls shown, when a trace is
 * printed, or counted (-c), and the calls hooks can match. */
static int selection(struct sw_supervisor *sup, struct traceset **out)
{
	struct traceset *need = NULL;
	int r = traceset_new(&need);

	if (r == 0) {
		traceset_reset(need, false);
		if (supervisor_shows(sup) || sup->summary)
			r = traceset_merge(need, sup->trace);
	}
	if (r == 0)
		r = hook_selection(&sup->hooks, need);
	if (r == 0 && sup->stack)
		r = add_maps_calls(need);
	if (r < 0) {
		traceset_free(need);
		return r;
	}
	*out = need;
	return 0;
}

/*
 * Whether a filter saves stops.  Not when it stops at every call and every
 * call's result is printed: that takes an entry and an exit stop with or
 * without it.  Otherwise it does, even when every call is selected: a call
 * that needs nothing at its exit (counting, entry hooks, --entry-only)
 * then costs one seccomp stop instead of two syscall stops.
 */
static bool filter_helps(const struct sw_supervisor *sup,
			 const struct traceset *need)
{
	return !traceset_is_all(need) || !supervisor_shows(sup) ||
	       sup->entry_only || !traceset_is_all(sup->trace);
}

/* How long building a filter may take before auto falls back (a selection
 * of 40 syscalls with conditions takes some 0.2 s); SYSWARDEN_FILTER_MS
 * in the environment overrides it. */
#define BUILD_TIMEOUT_MS 5000

static unsigned int build_timeout_ms(void)
{
	const char *env = getenv("SYSWARDEN_FILTER_MS");
	long ms;

	if (env && util_parse_long(env, 1, 600000, &ms) == 0)
		return (unsigned int)ms;
	return BUILD_TIMEOUT_MS;
}

/*
 * The filter of @need, bounded in time and size.  In auto mode a filter
 * over the kernel's size, or slow to build, drops its argument conditions
 * (the syscalls that have one stop whole), and then no filter at all;
 * in on mode both are refused (-E2BIG, -ETIMEDOUT).
 */
static int build_filter(struct sw_supervisor *sup, const struct traceset *need,
			struct sock_fprog *filter)
{
	bool on = sup->seccomp_mode == SW_SECCOMP_ON;
	unsigned int ms = build_timeout_ms();
	int r = prefilter_build_bounded(need, on ? 0 : PREFILTER_SHRINK, ms,
					&sup->stop_sig, filter);

	if (r == -ETIMEDOUT && !on) {
		supervisor_warn(sup,
				"the seccomp filter of this selection "
				"takes over %u ms to build: calls with "
				"argument conditions stop whole",
				ms);
		r = prefilter_build_bounded(need, PREFILTER_NO_CONDITIONS, ms,
					    &sup->stop_sig, filter);
	} else if (r == 1) {
		supervisor_warn(sup, "the seccomp filter of this selection is "
				     "over the kernel's size: calls with "
				     "argument conditions stop whole");
	}
	if (r < 0 && r != -EINTR && r != -ENOMEM && !on) {
		supervisor_warn(sup,
				"cannot build the seccomp filter of this "
				"selection (%s): every syscall stops",
				r == -E2BIG ? "too large" : strerror(-r));
		prefilter_free(filter);
		return 0;
	}
	return r < 0 ? r : 0;
}

/*
 * The kernel's part of --deny (inject.c): built first, for the rules it
 * enforces whole no longer make the command stop.  Calls that are shown
 * stay at the stops when a pre-selection filter would stop them, which a
 * denial in the kernel would hide (SECCOMP_RET_ERRNO and _KILL take
 * precedence over SECCOMP_RET_TRACE, kernel/seccomp.c); without that
 * filter an entry stop comes before the kernel's denial, and shows it.
 */
static int prepare_deny(struct sw_supervisor *sup, struct sock_fprog *deny)
{
	bool filtered = !traceset_is_all(sup->trace) || sup->entry_only;
	int r;

	memset(deny, 0, sizeof(*deny));
	if (!sup->injects.head ||
	    prefilter_probe_order() == PREFILTER_UNAVAILABLE)
		return 0;
	r = inject_kernel_filter(sup,
				 sup->out.fp && filtered ? sup->trace : NULL,
				 build_timeout_ms(), &sup->stop_sig, deny);
	if (r == -EINTR || r == -ENOMEM)
		return r;
	if (r < 0)
		supervisor_warn(sup,
				"cannot build the seccomp filter of --deny "
				"(%s): denied calls stop",
				r == -ETIMEDOUT ? "it takes too long"
						: strerror(-r));
	return 0;
}

/* Builds the command's filter in *filter and what it selects in *need,
 * or leaves both empty for full tracing.  Returns 0 or -errno. */
static int prepare_filter(struct sw_supervisor *sup, struct sock_fprog *filter,
			  struct traceset **need)
{
	int r;

	memset(filter, 0, sizeof(*filter));
	*need = NULL;
	/* -b execve and sw_set_signal_detaches() let processes go, which
	 * a filter would outlive; --swap counts every call. */
	if (sup->seccomp_mode == SW_SECCOMP_OFF || sup->detach_on_execve ||
	    sup->signal_detaches || sup->swap.n)
		return 0;
	r = selection(sup, need);
	if (r < 0 || !filter_helps(sup, *need))
		goto out;
	sup->seccomp_order = prefilter_probe_order();
	if (sup->stop_sig) {
		r = -EINTR;
		goto out;
	}
	if (sup->seccomp_order == PREFILTER_UNAVAILABLE) {
		if (sup->seccomp_mode == SW_SECCOMP_ON)
			r = -ENOSYS;
		else
			supervisor_warn(sup,
					"seccomp-bpf cannot be used here (no "
					"kernel support, or a filter forbids "
					"ours): every syscall stops");
		goto out;
	}
	r = build_filter(sup, *need, filter);
	if (r == 0 && sup->stop_sig)
		r = -EINTR;
	if (r == 0)
		return 0;
out:
	traceset_free(*need);
	*need = NULL;
	return r;
}

int launch_spawn(struct sw_supervisor *sup, char *const argv[])
{
	char *path cleanup_free = NULL;
	struct sock_fprog filter, deny;
	struct traceset *need = NULL;
	struct sw_tracee *t;
	pid_t pid, parent;
	int r;

	if (!argv || !argv[0])
		return -EINVAL;
	if (sup->launched)
		return -EBUSY;
	path = resolve_command(argv[0], &r);
	if (!path)
		return r;
	r = prepare_deny(sup, &deny);
	if (r == 0)
		r = prepare_filter(sup, &filter, &need);
	if (r < 0) {
		prefilter_free(&deny);
		return r;
	}
	if (sup->same_cpu > 0 || (sup->same_cpu < 0 && sup->swap.n))
		pin_to_this_cpu(sup);
	fflush(NULL);
	parent = getpid();
	pid = fork();
	if (pid < 0) {
		r = -errno;
		prefilter_free(&filter);
		prefilter_free(&deny);
		traceset_free(need);
		return r;
	}
	if (pid == 0)
		child_exec(path, argv, &filter, &deny, &sup->run_as,
			   &sup->command_ignores, parent);
	sup->launch_filtered = filter.filter != NULL;
	traceset_free(sup->filter_sel); /* of a spawn that failed */
	sup->filter_sel = need;
	prefilter_free(&filter);
	prefilter_free(&deny);
	r = seize_stopped_child(sup, pid);
	if (r < 0)
		return r;
	t = tracee_add(&sup->tracees, pid, pid);
	if (!t) {
		kill(pid, SIGKILL);
		return -ENOMEM;
	}
	/* Under its filter from the moment it loads it, before its exec. */
	t->flags =
	    TF_HIDE | TF_LAUNCHED | (sup->launch_filtered ? TF_FILTERED : 0);
	if (sup->tracees.count > 1)
		sup->out.pid_prefix = true; /* with -p, two from the start */
	sup->launched = pid;
	sup->wake_tid = pid;
	return pid;
}

/* What seizing one thread came to. */
enum seized {
	SEIZED_NEW, /* seized now */
	SEIZED_NOTHING, /* ours already, or left alone */
	SEIZED_GONE, /* ended or ending before we got it: what it made in
			the meantime nobody traces, so look again */
};

/* Seizes thread @tid of process @tgid.  Returns an enum seized, or
 * -errno when @tid cannot be seized for a reason other than its end
 * (only for @must: the thread the user named). */
static int seize_thread(struct sw_supervisor *sup, pid_t tgid, pid_t tid,
			bool must)
{
	struct sw_tracee *t;
	int err;

	if (tracee_find(&sup->tracees, tid))
		return SEIZED_NOTHING;
	if (ptrace(PTRACE_SEIZE, tid, NULL, (void *)(long)SW_PTRACE_OPTIONS) ==
	    0) {
		t = tracee_add(&sup->tracees, tid, tgid);
		if (!t) {
			ptrace(PTRACE_DETACH, tid, NULL, NULL);
			return -ENOMEM;
		}
		ptrace(PTRACE_INTERRUPT, tid, NULL, NULL);
		swap_join(&sup->swap, t);
		return SEIZED_NEW;
	}
	err = errno;
	/* EPERM: exiting, ours already (a thread we seized made it, its
	 * first stop is not seen yet), or another tracer's. */
	if (err == EPERM && tracee_read_status_id(tid, "TracerPid") == getpid())
		return SEIZED_NOTHING;
	if (err == ESRCH || (err == EPERM && tracee_is_dying(tid)))
		return SEIZED_GONE;
	if (err == EPERM && !must) {
		supervisor_warn(sup,
				"pid %d: thread %d is traced by another "
				"tracer (pid %d) and stays unsupervised",
				tgid, tid,
				tracee_read_status_id(tid, "TracerPid"));
		return SEIZED_NOTHING;
	}
	return -err;
}

/* One pass over the threads of @pid (thread group @tgid), @pid first:
 * returns how many were seized, or -errno; *gone tells whether a thread
 * ended before it was seized. */
static int seize_pass(struct sw_supervisor *sup, pid_t pid, pid_t tgid,
		      bool *gone)
{
	char path[64];
	struct dirent *de;
	int added = 0, r;
	DIR *dir;

	dir = opendir(util_fmt(path, sizeof(path), "/proc/%d/task", pid));
	if (!dir)
		return errno == ENOENT ? -ESRCH : -errno;
	*gone = false;
	/* A zombie leader waits for its threads: they are what to seize. */
	r = seize_thread(sup, tgid, pid, true);
	if (r == SEIZED_GONE)
		r = SEIZED_NOTHING;
	while (r >= 0 && (de = readdir(dir))) {
		pid_t tid = (pid_t)atoi(de->d_name);

		*gone = *gone || r == SEIZED_GONE;
		added += r == SEIZED_NEW;
		r = tid > 0 && tid != pid ? seize_thread(sup, tgid, tid, false)
					  : SEIZED_NOTHING;
	}
	*gone = *gone || r == SEIZED_GONE;
	added += r == SEIZED_NEW;
	closedir(dir);
	return r < 0 ? r : added;
}

/* Whether any thread of @tgid is ours. */
static bool have_group(const struct sw_supervisor *sup, pid_t tgid)
{
	const struct sw_tracee *t, *tmp;
	unsigned int i;

	tracee_for_each (&sup->tracees, i, t, tmp)
		if (t->tgid == tgid)
			return true;
	return false;
}

int launch_attach(struct sw_supervisor *sup, pid_t pid)
{
	pid_t tgid = pid > 0 ? tracee_read_status_id(pid, "Tgid") : -ESRCH;
	unsigned int passes = 0;
	bool gone = false;
	int r;

	if (tgid <= 0)
		return -ESRCH;
	if (tgid == getpid())
		return -EINVAL;
	if (have_group(sup, tgid))
		return -EALREADY;
	/* Threads created while we attach are found by the next pass, and
	 * so are those that a thread made before it ended unseized.  A
	 * process whose threads keep ending gets 100 passes at most. */
	do
		r = seize_pass(sup, pid, tgid, &gone);
	while (r > 0 || (r == 0 && gone && ++passes < 100));
	if (r < 0)
		return r;
	if (!have_group(sup, tgid))
		return -ESRCH;
	sup->wake_tid = pid;
	return 0;
}

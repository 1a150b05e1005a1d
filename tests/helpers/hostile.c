// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A hostile tracee: each mode is one attempt to get out from under its
 * supervisor, or past file_monitor's block.  "hostile MODE [ARGS]" exits
 * 0 when the attempt was stopped, 1 when it got through (saying how on
 * stderr), 2 when it could not be set up, 77 when the kernel lacks what
 * the attempt needs.  The supervisor is found as the task's TracerPid.
 *
 *   traceme            PTRACE_TRACEME while traced
 *   sibling            a child attaches to its traced sibling, the
 *                      parent to its own traced child
 *   clone, clone3, vfork
 *                      a child made with CLONE_UNTRACED
 *   clone3-race N      N clone3 calls while a thread keeps setting
 *                      CLONE_UNTRACED in their arguments
 *   rename NAME FILE   opens FILE, renames itself NAME (its comm), opens
 *                      FILE again: got through when the second open works
 *   seize FILE         PTRACE_SEIZE on the supervisor, then opens FILE
 *   mem-proc FILE, mem-vm FILE
 *                      finds FILE's path and (device, inode) in the
 *                      supervisor's memory and overwrites them, through
 *                      /proc/PID/mem or process_vm_readv/writev, then
 *                      opens FILE
 *   sigkill FILE       SIGKILL to the supervisor, then opens FILE over
 *                      and over (under EXITKILL it never gets to exit)
 *   sigstop FILE       SIGSTOP to the supervisor, then opens FILE; a child
 *                      sends SIGCONT once this task waits in its stop.
 *                      Stopped when the open failed and came back only
 *                      after the SIGCONT
 *   race FILE DECOY N  N opens of a buffer a thread keeps switching
 *                      between DECOY and FILE (same length)
 *   uring FILE         opens FILE with io_uring's IORING_OP_OPENAT
 *   uring-ready FILE   (for -p) makes an io_uring, writes "ready" to
 *                      stdout, waits for a byte on stdin, then opens
 *                      FILE with IORING_OP_OPENAT on that ring
 *   by-handle FILE     opens FILE with name_to_handle_at and
 *                      open_by_handle_at
 *   hold FILE          (untraced) opens FILE as descriptor 100, writes
 *                      "ready" to stdout and waits to be killed
 *   getfd FILE PID     takes descriptor 100 of process PID (a holder
 *                      outside the traced tree) with pidfd_getfd
 *
 * Every open of FILE that works reads it and says "escaped".  With
 * HOSTILE_WAIT_TRACED set in its environment, it first writes "ready" to
 * stdout and waits until it is traced (for syswarden -p).
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <liburing.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

enum { STOPPED = 0, THROUGH = 1, SETUP = 2, NO_KERNEL = 77 };

static int status_field(pid_t pid, const char *key)
{
	char path[64], line[256];
	FILE *f;
	int v = -1;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "re");
	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, key, strlen(key))) {
			v = atoi(line + strlen(key));
			break;
		}
	if (f)
		fclose(f);
	return v;
}

static pid_t supervisor(void)
{
	return status_field(getpid(), "TracerPid:");
}

static bool refused(int err)
{
	return err == EPERM || err == EACCES;
}

/* Reads a file descriptor we should not have: "escaped". */
static int escaped(int fd, const char *how)
{
	char buf[64];
	ssize_t n = read(fd, buf, sizeof(buf));

	fprintf(stderr, "hostile: escaped: %s, read %zd bytes\n", how, n);
	close(fd);
	return THROUGH;
}

/* The end of every attempt on FILE: it must not open. */
static int try_open(const char *file, const char *how)
{
	int fd = open(file, O_RDONLY);

	if (fd >= 0)
		return escaped(fd, how);
	fprintf(stderr, "hostile: open after %s: %s\n", how, strerror(errno));
	return errno == EACCES ? STOPPED : SETUP;
}

static int traceme(void)
{
	if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) == 0) {
		fprintf(stderr, "hostile: PTRACE_TRACEME worked\n");
		return THROUGH;
	}
	return errno == EPERM ? STOPPED : SETUP;
}

/* Whether attaching to @pid worked (it is detached again). */
static bool attached(pid_t pid)
{
	if (ptrace(PTRACE_SEIZE, pid, NULL, NULL) == 0 ||
	    ptrace(PTRACE_ATTACH, pid, NULL, NULL) == 0) {
		ptrace(PTRACE_DETACH, pid, NULL, NULL);
		return true;
	}
	return false;
}

static int sibling(void)
{
	pid_t a = fork(), b;
	int status, r = STOPPED;

	if (a == 0)
		for (;;)
			pause();
	b = fork();
	if (b == 0)
		_exit(attached(a) ? THROUGH : STOPPED);
	if (waitpid(b, &status, 0) != b || !WIFEXITED(status))
		r = SETUP;
	else if (WEXITSTATUS(status) != STOPPED)
		r = THROUGH;
	if (attached(a))
		r = THROUGH;
	if (r == THROUGH)
		fprintf(stderr, "hostile: attached to a traced task\n");
	kill(a, SIGKILL);
	waitpid(a, &status, 0);
	return r;
}

/* In a child: exits STOPPED when traced. */
static int child_says(void)
{
	_exit(supervisor() > 0 ? STOPPED : THROUGH);
}

static int child_status(pid_t pid, const char *how)
{
	int status;

	if (pid < 0) {
		fprintf(stderr, "hostile: %s: %s\n", how, strerror(errno));
		return errno == ENOSYS ? NO_KERNEL : SETUP;
	}
	if (waitpid(pid, &status, __WALL) != pid || !WIFEXITED(status))
		return SETUP;
	if (WEXITSTATUS(status) == THROUGH)
		fprintf(stderr, "hostile: %s made an untraced child\n", how);
	return WEXITSTATUS(status);
}

static int clone_untraced(void)
{
	pid_t pid = (pid_t)syscall(SYS_clone, CLONE_UNTRACED | SIGCHLD, 0, NULL,
				   NULL, 0);

	if (pid == 0)
		child_says();
	return child_status(pid, "clone");
}

static pid_t clone3_call(struct clone_args *args)
{
	return (pid_t)syscall(SYS_clone3, args, sizeof(*args));
}

static int clone3_untraced(void)
{
	struct clone_args args = { .flags = CLONE_UNTRACED,
				   .exit_signal = SIGCHLD };
	pid_t pid = clone3_call(&args);

	if (pid == 0)
		child_says();
	return child_status(pid, "clone3");
}

static int vfork_child(void *arg)
{
	(void)arg;
	child_says();
	return 0;
}

static int vfork_untraced(void)
{
	static char stack[64 * 1024] __attribute__((aligned(16)));
	pid_t pid =
	    clone(vfork_child, stack + sizeof(stack),
		  CLONE_VM | CLONE_VFORK | CLONE_UNTRACED | SIGCHLD, NULL);

	return child_status(pid, "clone(CLONE_VFORK)");
}

static struct clone_args race_args = { .exit_signal = SIGCHLD };

static void *flip_flags(void *arg)
{
	volatile __u64 *flags = &race_args.flags;

	for (;;)
		*flags = *flags ? 0 : CLONE_UNTRACED;
	return arg;
}

static int clone3_race(long tries)
{
	pthread_t th;
	long i, out = 0;
	int r;

	if (pthread_create(&th, NULL, flip_flags, NULL))
		return SETUP;
	for (i = 0; i < tries; i++) {
		pid_t pid = clone3_call(&race_args);

		if (pid == 0)
			child_says();
		r = child_status(pid, "clone3 raced");
		if (r == NO_KERNEL || r == SETUP)
			return r;
		out += r == THROUGH;
	}
	fprintf(stderr, "hostile: %ld of %ld children untraced\n", out, tries);
	return out ? THROUGH : STOPPED;
}

static int rename_self(const char *name, const char *file)
{
	int fd = open(file, O_RDONLY);

	if (fd >= 0 || errno != EACCES) {
		fprintf(stderr, "hostile: the first open was not refused\n");
		return SETUP;
	}
	prctl(PR_SET_NAME, name);
	fd = open(file, O_RDONLY);
	return fd >= 0 ? escaped(fd, "renamed") : STOPPED;
}

static int seize(const char *file)
{
	pid_t sup = supervisor();

	if (ptrace(PTRACE_SEIZE, sup, NULL, NULL) == 0) {
		/* It could be frozen now (PTRACE_INTERRUPT); we let go. */
		fprintf(stderr, "hostile: seized the supervisor\n");
		ptrace(PTRACE_DETACH, sup, NULL, NULL);
		return THROUGH;
	}
	fprintf(stderr, "hostile: PTRACE_SEIZE: %s\n", strerror(errno));
	return refused(errno) ? try_open(file, "seize") : SETUP;
}

/* Moves @len bytes between us and @pid's @addr, through @mem (a
 * /proc/PID/mem descriptor) or, when it is -1, process_vm_*. */
static ssize_t peer_io(pid_t pid, int mem, uintptr_t addr, void *buf,
		       size_t len, bool write)
{
	struct iovec local = { buf, len }, remote = { (void *)addr, len };

	if (mem >= 0)
		return write ? pwrite(mem, buf, len, (off_t)addr)
			     : pread(mem, buf, len, (off_t)addr);
	return write ? process_vm_writev(pid, &local, 1, &remote, 1, 0)
		     : process_vm_readv(pid, &local, 1, &remote, 1, 0);
}

/* Overwrites, in [@lo, @hi) of @pid, each @len-byte @find with @repl;
 * returns how many. */
static int edit_range(pid_t pid, int mem, uintptr_t lo, uintptr_t hi,
		      const void *find, const void *repl, size_t len)
{
	size_t size = hi - lo, i;
	char *buf = malloc(size);
	int n = 0;

	if (!buf || peer_io(pid, mem, lo, buf, size, false) != (ssize_t)size)
		goto out;
	for (i = 0; i + len <= size; i++)
		if (!memcmp(buf + i, find, len) &&
		    peer_io(pid, mem, lo + i, (void *)repl, len, true) ==
			(ssize_t)len)
			n++;
out:
	free(buf);
	return n;
}

/* Overwrites @find with @repl in every writable mapping of @pid. */
static int edit_all(pid_t pid, int mem, const void *find, const void *repl,
		    size_t len)
{
	char path[64], line[512], perms[8];
	unsigned long lo, hi;
	FILE *maps;
	int n = 0;

	snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
	maps = fopen(path, "re");
	if (!maps)
		return -errno;
	while (fgets(line, sizeof(line), maps))
		if (sscanf(line, "%lx-%lx %7s", &lo, &hi, perms) == 3 &&
		    perms[0] == 'r' && perms[1] == 'w')
			n += edit_range(pid, mem, lo, hi, find, repl, len);
	fclose(maps);
	return n;
}

static int mem_edit(const char *file, bool proc)
{
	pid_t sup = supervisor();
	char path[64], *other = strdup(file);
	uint64_t id[2], id2[2];
	struct stat st;
	int mem = -1, n, m;
	char probe;

	if (!other || stat(file, &st) < 0)
		return SETUP;
	other[0] = 'X';
	id[0] = st.st_dev;
	id[1] = st.st_ino;
	id2[0] = st.st_dev;
	id2[1] = st.st_ino + 1;
	snprintf(path, sizeof(path), "/proc/%d/mem", (int)sup);
	if (proc && (mem = open(path, O_RDWR)) < 0) {
		fprintf(stderr, "hostile: open %s: %s\n", path,
			strerror(errno));
		return refused(errno) ? try_open(file, "mem") : SETUP;
	}
	/* A refusal shows before any address is looked at (ours may not
	 * be mapped there: EFAULT is no refusal). */
	if (!proc &&
	    peer_io(sup, -1, (uintptr_t)&probe, &probe, 1, false) < 0 &&
	    refused(errno)) {
		fprintf(stderr, "hostile: process_vm_readv: %s\n",
			strerror(errno));
		return try_open(file, "mem");
	}
	n = edit_all(sup, mem, file, other, strlen(file));
	m = edit_all(sup, mem, id, id2, sizeof(id));
	fprintf(stderr, "hostile: overwrote %d paths, %d inodes\n", n, m);
	if (mem >= 0)
		close(mem);
	free(other);
	if (n < 0 && refused(-n))
		return try_open(file, "mem");
	return try_open(file, "editing the supervisor");
}

static int sigkill(const char *file)
{
	int i, fd;

	if (kill(supervisor(), SIGKILL) < 0) {
		fprintf(stderr, "hostile: kill: %s\n", strerror(errno));
		return refused(errno) ? try_open(file, "kill") : SETUP;
	}
	for (i = 0; i < 100000; i++)
		if ((fd = open(file, O_RDONLY)) >= 0)
			return escaped(fd, "the supervisor's SIGKILL");
	fprintf(stderr, "hostile: still running after the supervisor died\n");
	return THROUGH;
}

/* The state letter in /proc/PID/stat, read through @fd. */
static char state_of(int fd)
{
	char buf[512], *p;
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);

	if (n <= 0)
		return 0;
	buf[n] = '\0';
	p = strrchr(buf, ')');
	return p && p[1] ? p[2] : 0;
}

static int open_stat(pid_t pid)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	return open(path, O_RDONLY);
}

/* The child of "sigstop": once the supervisor is stopped and @pid waits
 * in its stop, tells @sent and wakes the supervisor.  Opens nothing
 * then: an open would wait for the stopped supervisor too. */
static void __attribute__((noreturn))
waker(pid_t pid, pid_t sup, volatile int *sent)
{
	int me = open_stat(pid), it = open_stat(sup);

	if (me < 0 || it < 0)
		_exit(SETUP);
	sent[1] = 1; /* ready */
	while (state_of(it) != 'T' || state_of(me) != 't')
		sched_yield();
	sent[0] = 1;
	kill(sup, SIGCONT);
	_exit(0);
}

static int sigstop(const char *file)
{
	volatile int *sent = mmap(NULL, 2 * sizeof(int), PROT_READ | PROT_WRITE,
				  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pid_t sup = supervisor(), me = getpid(), pid;
	int fd, status, err;

	if (sent == MAP_FAILED)
		return SETUP;
	pid = fork();
	if (pid == 0)
		waker(me, sup, sent);
	while (!sent[1])
		sched_yield();
	if (kill(sup, SIGSTOP) < 0) {
		fprintf(stderr, "hostile: kill: %s\n", strerror(errno));
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		return refused(errno) ? try_open(file, "kill") : SETUP;
	}
	fd = open(file, O_RDONLY);
	err = errno;
	waitpid(pid, &status, 0);
	if (fd >= 0)
		return escaped(fd, "the supervisor's SIGSTOP");
	fprintf(stderr, "hostile: open after SIGSTOP: %s, %s the SIGCONT\n",
		strerror(err), sent[0] ? "after" : "before");
	return err == EACCES && sent[0] ? STOPPED : THROUGH;
}

static char race_buf[4096];
static const char *race_paths[2];

static void *flip_path(void *arg)
{
	volatile char *p = race_buf;
	size_t len = strlen(race_paths[0]), i;
	unsigned int k = 0;

	for (;; k ^= 1)
		for (i = 0; i < len; i++)
			p[i] = race_paths[k][i];
	return arg;
}

static int race(const char *file, const char *decoy, long tries)
{
	struct stat want, got;
	pthread_t th;
	long i;
	int fd;

	if (strlen(file) != strlen(decoy) || stat(file, &want) < 0)
		return SETUP;
	race_paths[0] = decoy;
	race_paths[1] = file;
	strcpy(race_buf, decoy);
	if (pthread_create(&th, NULL, flip_path, NULL))
		return SETUP;
	for (i = 1; i <= tries; i++) {
		fd = open(race_buf, O_RDONLY);
		if (fd < 0)
			continue;
		if (fstat(fd, &got) == 0 && got.st_ino == want.st_ino &&
		    got.st_dev == want.st_dev) {
			fprintf(stderr, "hostile: won the race in %ld tries\n",
				i);
			return escaped(fd, "the path rewrite race");
		}
		close(fd);
	}
	fprintf(stderr, "hostile: no win in %ld tries\n", tries);
	return STOPPED;
}

/* Opens @file with IORING_OP_OPENAT on @ring, and closes the ring. */
static int uring_open(struct io_uring *ring, const char *file)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
	struct io_uring_cqe *cqe;
	int r, fd;

	io_uring_prep_openat(sqe, AT_FDCWD, file, O_RDONLY, 0);
	r = io_uring_submit(ring);
	if (r == 1)
		r = io_uring_wait_cqe(ring, &cqe);
	if (r < 0) {
		fprintf(stderr, "hostile: io_uring_enter: %s\n", strerror(-r));
		io_uring_queue_exit(ring);
		return refused(-r) ? STOPPED : SETUP;
	}
	fd = cqe->res;
	io_uring_cqe_seen(ring, cqe);
	io_uring_queue_exit(ring);
	if (fd >= 0)
		return escaped(fd, "IORING_OP_OPENAT");
	fprintf(stderr, "hostile: IORING_OP_OPENAT: %s\n", strerror(-fd));
	return STOPPED;
}

static int uring(const char *file)
{
	struct io_uring ring;
	int r = io_uring_queue_init(4, &ring, 0);

	if (r < 0) {
		fprintf(stderr, "hostile: io_uring_setup: %s\n", strerror(-r));
		if (r == -ENOSYS)
			return NO_KERNEL;
		return refused(-r) ? STOPPED : SETUP;
	}
	return uring_open(&ring, file);
}

/* Waits for a byte on standard input, reading it again every 10 ms
 * rather than blocking, so that a tracer sees reads end. */
static bool wait_for_go(void)
{
	char c;
	ssize_t n;

	if (fcntl(0, F_SETFL, O_NONBLOCK) < 0)
		return false;
	while ((n = read(0, &c, 1)) < 0 && errno == EAGAIN)
		usleep(10000);
	return n == 1;
}

static int uring_ready(const char *file)
{
	struct io_uring ring;
	int r = io_uring_queue_init(4, &ring, 0);

	if (r < 0) {
		/* Untraced yet: a refusal is the kernel's own
		 * (kernel.io_uring_disabled). */
		fprintf(stderr, "hostile: io_uring_setup: %s\n", strerror(-r));
		return r == -ENOSYS || refused(-r) ? NO_KERNEL : SETUP;
	}
	if (write(1, "ready\n", 6) != 6 || !wait_for_go()) {
		io_uring_queue_exit(&ring);
		return SETUP;
	}
	return uring_open(&ring, file);
}

static int by_handle(const char *file)
{
	struct file_handle *h = malloc(sizeof(*h) + MAX_HANDLE_SZ);
	int mount_id, mnt, fd;

	if (!h)
		return SETUP;
	h->handle_bytes = MAX_HANDLE_SZ;
	if (name_to_handle_at(AT_FDCWD, file, h, &mount_id, 0) < 0) {
		fprintf(stderr, "hostile: name_to_handle_at: %s\n",
			strerror(errno));
		free(h);
		if (errno == EOPNOTSUPP || errno == ENOSYS)
			return NO_KERNEL;
		return refused(errno) ? STOPPED : SETUP;
	}
	mnt = open("/", O_RDONLY | O_DIRECTORY);
	fd = open_by_handle_at(mnt, h, O_RDONLY);
	free(h);
	if (fd >= 0)
		return escaped(fd, "open_by_handle_at");
	fprintf(stderr, "hostile: open_by_handle_at: %s\n", strerror(errno));
	return refused(errno) ? STOPPED : SETUP;
}

static int hold(const char *file)
{
	int fd = open(file, O_RDONLY);

	if (fd < 0 || dup2(fd, 100) < 0 || write(1, "ready\n", 6) != 6)
		return SETUP;
	for (;;)
		pause();
}

static int getfd(pid_t pid)
{
	int pidfd = (int)syscall(SYS_pidfd_open, pid, 0), fd;

	if (pidfd < 0) {
		fprintf(stderr, "hostile: pidfd_open: %s\n", strerror(errno));
		return errno == ENOSYS ? NO_KERNEL : SETUP;
	}
	fd = (int)syscall(SYS_pidfd_getfd, pidfd, 100, 0);
	if (fd >= 0)
		return escaped(fd, "pidfd_getfd");
	fprintf(stderr, "hostile: pidfd_getfd: %s\n", strerror(errno));
	if (errno == ENOSYS)
		return NO_KERNEL;
	return refused(errno) ? STOPPED : SETUP;
}

static int usage(void)
{
	fprintf(stderr, "usage: hostile MODE [ARGS] (see hostile.c)\n");
	return SETUP;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	const char *file = argc > 2 ? argv[2] : "";

	setvbuf(stderr, NULL, _IONBF, 0);
	if (getenv("HOSTILE_WAIT_TRACED") && write(1, "ready\n", 6) != 6)
		return SETUP;
	while (getenv("HOSTILE_WAIT_TRACED") && supervisor() <= 0)
		usleep(1000);
	if (!strcmp(mode, "traceme"))
		return traceme();
	if (!strcmp(mode, "sibling"))
		return sibling();
	if (!strcmp(mode, "clone"))
		return clone_untraced();
	if (!strcmp(mode, "clone3"))
		return clone3_untraced();
	if (!strcmp(mode, "vfork"))
		return vfork_untraced();
	if (!strcmp(mode, "clone3-race") && argc > 2)
		return clone3_race(atol(argv[2]));
	if (!strcmp(mode, "rename") && argc > 3)
		return rename_self(argv[2], argv[3]);
	if (argc < 3)
		return usage();
	if (!strcmp(mode, "seize"))
		return seize(file);
	if (!strcmp(mode, "mem-proc") || !strcmp(mode, "mem-vm"))
		return mem_edit(file, !strcmp(mode, "mem-proc"));
	if (!strcmp(mode, "sigkill"))
		return sigkill(file);
	if (!strcmp(mode, "sigstop"))
		return sigstop(file);
	if (!strcmp(mode, "race") && argc > 4)
		return race(file, argv[3], atol(argv[4]));
	if (!strcmp(mode, "uring"))
		return uring(file);
	if (!strcmp(mode, "uring-ready"))
		return uring_ready(file);
	if (!strcmp(mode, "by-handle"))
		return by_handle(file);
	if (!strcmp(mode, "hold"))
		return hold(file);
	if (!strcmp(mode, "getfd") && argc > 3)
		return getfd(atoi(argv[3]));
	return usage();
}

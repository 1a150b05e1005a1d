// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Workloads for tests/check_stress.c, each checking what it observed and
 * exiting 0 only when everything was right (1 otherwise, 2 on misuse):
 *
 *   stress threads T N FILE   T threads each make N calls
 *                             lseek(-1, t * 1000000 + i, SEEK_SET), i from
 *                             0, each failing with EBADF; N 0: without
 *                             end, until something ends the thread.
 *                             FILE gets "t tid calls" a thread (calls
 *                             counts the one it was ended in, too).
 *   stress forks N            N forks one after the other; child P exits
 *                             with P % 256, and is reaped with that.
 *   stress tree B D [hold]    a tree of processes, B children a node to
 *                             depth D, all alive at once; then each node
 *                             reaps its children (exited with pid % 256)
 *                             and exits with its own pid % 256 (the root:
 *                             0).  Once all are alive, the root calls
 *                             lseek(-1, 4242, SEEK_SET); with "hold" all
 *                             then wait for ever.
 *   stress signals R          R rounds of signals queued by a child while
 *                             blocked, then delivered; then signals sent
 *                             to itself.  Prints each delivery's count.
 *   stress busy T [S]         T threads that make and check syscalls and
 *                             start a short-lived thread every S rounds
 *                             (16; 0: none), until stdin reaches its
 *                             end; prints what they checked.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_THREADS 256

static int fail(const char *what)
{
	fprintf(stderr, "stress: %s\n", what);
	return 1;
}

/* -- threads -- */

struct worker {
	pthread_t th;
	long index, calls, limit;
	pid_t tid;
	int bad;
};

static void *lseek_worker(void *arg)
{
	struct worker *w = arg;
	long i;

	w->tid = (pid_t)syscall(SYS_gettid);
	for (i = 0; !w->limit || i < w->limit; i++) {
		/* Counted first: a thread ended in the call still counts. */
		__atomic_store_n(&w->calls, i + 1, __ATOMIC_SEQ_CST);
		errno = 0;
		if (lseek(-1, w->index * 1000000 + i, SEEK_SET) != -1 ||
		    errno != EBADF)
			w->bad++;
	}
	return NULL;
}

static int run_threads(int argc, char **argv)
{
	static struct worker w[MAX_THREADS];
	long t, n = argc > 3 ? atol(argv[3]) : -1;
	long nthreads = argc > 2 ? atol(argv[2]) : 0;
	int bad = 0;
	FILE *f;

	if (nthreads < 1 || nthreads > MAX_THREADS || n < 0 || argc < 5)
		return 2;
	for (t = 0; t < nthreads; t++) {
		w[t].index = t;
		w[t].limit = n;
		if (pthread_create(&w[t].th, NULL, lseek_worker, &w[t]))
			return fail("pthread_create");
	}
	for (t = 0; t < nthreads; t++)
		pthread_join(w[t].th, NULL);
	f = fopen(argv[4], "w");
	if (!f)
		return fail("cannot write the thread file");
	for (t = 0; t < nthreads; t++) {
		fprintf(f, "%ld %d %ld\n", t, (int)w[t].tid, w[t].calls);
		bad += w[t].bad || (n && w[t].calls != n);
	}
	fclose(f);
	return bad ? fail("a thread saw a wrong lseek result") : 0;
}

/* -- forks -- */

static int reap_as_expected(pid_t pid, int code)
{
	int status;

	return waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	       WEXITSTATUS(status) == code;
}

static int run_forks(int argc, char **argv)
{
	long i, n = argc > 2 ? atol(argv[2]) : 0;
	pid_t pid;

	if (n < 1)
		return 2;
	for (i = 0; i < n; i++) {
		pid = fork();
		if (pid < 0)
			return fail("fork");
		if (pid == 0)
			_exit(getpid() % 256);
		if (!reap_as_expected(pid, pid % 256))
			return fail("a child's exit status was wrong");
	}
	return 0;
}

/* -- tree -- */

struct tree {
	int branch, depth, hold;
	int ready[2], gate[2]; /* one byte a node created; EOF: go */
};

/* Ends a node: with its pid % 256 when all went well, else with
 * something else. */
static void node_exit(int ok)
{
	_exit((getpid() + !ok) % 256);
}

/* A node at @level: makes its children, reports itself, waits at the
 * gate, reaps its children.  True when every child exited as it
 * should. */
static int tree_node(struct tree *tr, int level)
{
	pid_t kids[64];
	int i, n = level < tr->depth ? tr->branch : 0, ok = 1;
	char c = 0;

	for (i = 0; i < n; i++) {
		kids[i] = fork();
		if (kids[i] < 0)
			node_exit(0);
		if (kids[i] == 0) {
			if (write(tr->ready[1], "x", 1) != 1)
				node_exit(0);
			node_exit(tree_node(tr, level + 1));
		}
	}
	/* Every node waits here, none in wait4(): killed, each one is
	 * left for the test to reap. */
	if (read(tr->gate[0], &c, 1) != 0)
		node_exit(0);
	for (i = 0; i < n; i++)
		ok &= reap_as_expected(kids[i], kids[i] % 256);
	return ok;
}

static int run_tree(int argc, char **argv)
{
	struct tree tr = { 0 };
	long total = 0, level_n = 1, got = 0, i;
	pid_t top;
	ssize_t r;
	char buf[256];

	tr.branch = argc > 2 ? atoi(argv[2]) : 0;
	tr.depth = argc > 3 ? atoi(argv[3]) : 0;
	tr.hold = argc > 4 && !strcmp(argv[4], "hold");
	if (tr.branch < 1 || tr.branch > 64 || tr.depth < 1 || tr.depth > 12)
		return 2;
	for (i = 0; i < tr.depth; i++)
		total += (level_n *= tr.branch);
	if (pipe(tr.ready) || pipe(tr.gate))
		return fail("pipe");
	top = fork();
	if (top < 0)
		return fail("fork");
	if (top == 0) {
		/* The tree proper hangs off a child, so that the root
		 * can count the others without making any itself. */
		close(tr.ready[0]);
		close(tr.gate[1]);
		node_exit(tree_node(&tr, 0));
	}
	close(tr.ready[1]);
	close(tr.gate[0]);
	while (got < total && (r = read(tr.ready[0], buf, sizeof(buf))) > 0)
		got += r;
	if (got != total)
		return fail("not every node of the tree started");
	lseek(-1, 4242, SEEK_SET); /* a mark for the test: all alive */
	if (tr.hold)
		for (;;)
			pause();
	close(tr.gate[1]);
	return reap_as_expected(top, top % 256) ? 0
						: fail("a node exited wrongly");
}

/* -- signals -- */

/* The kinds: two standard, two real-time (queued, never merged). */
static int kinds[4];
static volatile long delivered[4];
static volatile int bad_order;
static volatile int last_rt_value[4];

static void on_signal(int sig, siginfo_t *si, void *uc)
{
	int k;

	(void)uc;
	for (k = 0; k < 4; k++)
		if (kinds[k] == sig)
			break;
	if (k == 4)
		return;
	delivered[k]++;
	/* Real-time signals arrive in the order they were queued. */
	if (k >= 2 && si->si_code == SI_QUEUE) {
		if (si->si_value.sival_int != last_rt_value[k] + 1)
			bad_order = 1;
		last_rt_value[k] = si->si_value.sival_int;
	}
}

/* One round: a child queues @per of each real-time kind and @per of
 * each standard one while we block them all; unblocked, each standard
 * kind comes once, each real-time one @per times. */
static int signal_round(int per, const sigset_t *set)
{
	union sigval v;
	pid_t child, parent = getpid();
	int i, k;

	for (k = 2; k < 4; k++)
		last_rt_value[k] = 0;
	child = fork();
	if (child < 0)
		return -1;
	if (child == 0) {
		for (i = 1; i <= per; i++)
			for (k = 0; k < 4; k++) {
				v.sival_int = i;
				if (sigqueue(parent, kinds[k], v))
					_exit(1);
			}
		_exit(0);
	}
	if (!reap_as_expected(child, 0))
		return -1;
	sigprocmask(SIG_UNBLOCK, set, NULL);
	sigprocmask(SIG_BLOCK, set, NULL);
	return 0;
}

static int run_signals(int argc, char **argv)
{
	struct sigaction sa = { .sa_sigaction = on_signal,
				.sa_flags = SA_SIGINFO };
	long want[4] = { 0 };
	int r, k, i, rounds = argc > 2 ? atoi(argv[2]) : 0, per = 100;
	sigset_t set;

	if (rounds < 1)
		return 2;
	kinds[0] = SIGUSR1;
	kinds[1] = SIGUSR2;
	kinds[2] = SIGRTMIN;
	kinds[3] = SIGRTMIN + 3;
	sigemptyset(&set);
	for (k = 0; k < 4; k++) {
		sigaddset(&set, kinds[k]);
		if (sigaction(kinds[k], &sa, NULL))
			return fail("sigaction");
	}
	sigprocmask(SIG_BLOCK, &set, NULL);
	for (r = 0; r < rounds; r++)
		if (signal_round(per, &set) < 0)
			return fail("a sending child failed");
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	/* Sent to ourselves unblocked: each one delivered before kill()
	 * returns. */
	for (i = 0; i < rounds * per; i++)
		kill(getpid(), kinds[i % 4]);
	for (k = 0; k < 4; k++) {
		want[k] = rounds * (k < 2 ? 1 : per) + rounds * per / 4;
		printf("%d %ld\n", kinds[k], delivered[k]);
	}
	for (k = 0; k < 4; k++)
		if (delivered[k] != want[k])
			return fail("a signal count is wrong");
	return bad_order ? fail("real-time signals out of order") : 0;
}

/* -- busy -- */

static atomic_int stop;
static int spawn_every = 16; /* 0: never */

static void *short_thread(void *arg)
{
	return (void *)((long)arg * 2 + (syscall(SYS_gettid) > 0));
}

/* Checks pipe round trips, getppid() and threads it starts and joins
 * until told to stop; returns how many checks failed. */
static void *busy_worker(void *arg)
{
	long i, bad = 0, ppid = getppid();
	int p[2];
	char c;
	void *ret;
	pthread_t th;

	(void)arg;
	if (pipe(p))
		return (void *)1L;
	for (i = 0; !atomic_load(&stop); i++) {
		c = (char)i;
		if (write(p[1], &c, 1) != 1 || read(p[0], &c, 1) != 1 ||
		    c != (char)i)
			bad++;
		if (getppid() != ppid)
			bad++;
		if (!spawn_every || i % spawn_every)
			continue;
		if (pthread_create(&th, NULL, short_thread, (void *)i) ||
		    pthread_join(th, &ret) || (long)ret != i * 2 + 1)
			bad++;
	}
	close(p[0]);
	close(p[1]);
	return (void *)bad;
}

static int run_busy(int argc, char **argv)
{
	pthread_t th[MAX_THREADS];
	long t, n = argc > 2 ? atol(argv[2]) : 0, bad = 0;
	void *ret;
	char buf[64];

	if (n < 1 || n > MAX_THREADS)
		return 2;
	if (argc > 3)
		spawn_every = atoi(argv[3]);
	for (t = 0; t < n; t++)
		if (pthread_create(&th[t], NULL, busy_worker, NULL))
			return fail("pthread_create");
	while (read(0, buf, sizeof(buf)) > 0)
		;
	atomic_store(&stop, 1);
	for (t = 0; t < n; t++) {
		pthread_join(th[t], &ret);
		printf("thread %ld: %ld wrong\n", t, (long)ret);
		bad += (long)ret;
	}
	return bad ? fail("a check failed") : 0;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return 2;
	if (!strcmp(argv[1], "threads"))
		return run_threads(argc, argv);
	if (!strcmp(argv[1], "forks"))
		return run_forks(argc, argv);
	if (!strcmp(argv[1], "tree"))
		return run_tree(argc, argv);
	if (!strcmp(argv[1], "signals"))
		return run_signals(argc, argv);
	if (!strcmp(argv[1], "busy"))
		return run_busy(argc, argv);
	return 2;
}

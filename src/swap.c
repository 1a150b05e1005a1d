// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * syswarden - --swap N: the threads of each process take turns.
 *
 * One thread of a process has the turn (the runner); the others are held
 * at a ptrace stop, in a queue.  The runner hands over at the entry of its
 * (N+1)-th syscall: it is held there, before the call runs, and the head
 * of the queue is restarted.  So user-space code of one process never runs
 * in two threads at once, and the interleaving is decided by syscall
 * counts, not by the scheduler.
 *
 *   runner --entry, N calls done--> held at the tail, head restarted
 *   runner --entry of a call that may block--> runs it without the turn
 *                                  (TF_SWAP_AWAY); head restarted
 *   away   --exit stop-->          held at the tail (or runs: no runner)
 *   new thread                     queued at its parent's clone event
 *
 * A call that may block (a futex wait, wait4, poll, ...) gives up the turn
 * at its entry, so a correct program never deadlocks on a thread that
 * waits for a held one.  A call not known to block that sleeps anyway (a
 * read on an empty pipe) is caught at the next tick: a runner asleep in
 * the kernel (/proc state S or D) over a whole tick gives up its turn
 * the same way, and one that ran TICK_SPIN_NS of CPU time in user space
 * with no stop (a spin lock waiting for a held thread) is interrupted and
 * handed over.  Those two are timing-driven, and so not reproducible.
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

#include "swap.h"
#include "util.h"

#define TICK_NS 10000000L /* 10 ms */
#define TICK_SPIN_NS 50000000ULL /* CPU time in user space: 50 ms */
#define UNDECIDED_NS 1000000L /* 1 ms */

/* Calls that may wait for another thread of the process; sorted. */
static const char *const blocking[] = {
	"_newselect",
	"accept",
	"accept4",
	"clock_nanosleep",
	"clock_nanosleep_time64",
	"epoll_pwait",
	"epoll_pwait2",
	"epoll_wait",
	"exit",
	"flock",
	"futex_waitv",
	"msgrcv",
	"mq_timedreceive",
	"nanosleep",
	"pause",
	"poll",
	"ppoll",
	"ppoll_time64",
	"pselect6",
	"pselect6_time64",
	"rt_sigsuspend",
	"rt_sigtimedwait",
	"rt_sigtimedwait_time64",
	"select",
	"semop",
	"semtimedop",
	"sigsuspend",
	"wait4",
	"waitid",
	"waitpid",
};

static int cmp_name(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

/* FUTEX_WAIT, FUTEX_LOCK_PI, FUTEX_WAIT_BITSET, FUTEX_WAIT_REQUEUE_PI,
 * FUTEX_LOCK_PI2 (linux/futex.h), without the private and clock bits. */
static bool futex_waits(uint64_t op)
{
	op &= ~(uint64_t)(128 | 256);
	return op == 0 || op == 6 || op == 9 || op == 11 || op == 13;
}

static bool may_block(const struct sw_event *ev)
{
	if (!ev->sc)
		return false;
	if (!strcmp(ev->sc->name, "futex") ||
	    !strcmp(ev->sc->name, "futex_time64"))
		return futex_waits(ev->args[1]);
	return bsearch(ev->sc->name, blocking, ARRAY_SIZE(blocking),
		       sizeof(blocking[0]), cmp_name) != NULL;
}

static struct swap_group **bucket(struct swap_sched *s, pid_t tgid)
{
	return &s->buckets[(unsigned int)tgid % SWAP_BUCKETS];
}

/* @t's group, made on first use; NULL when out of memory. */
static struct swap_group *group_of(struct swap_sched *s, struct sw_tracee *t)
{
	struct swap_group **b = bucket(s, t->tgid), *g;

	if (t->swap_group)
		return t->swap_group;
	for (g = *b; g && g->tgid != t->tgid; g = g->next)
		;
	if (!g) {
		g = calloc(1, sizeof(*g));
		if (!g)
			return NULL;
		g->tgid = t->tgid;
		g->next = *b;
		*b = g;
	}
	g->members++;
	t->swap_group = g;
	return g;
}

static void group_free(struct swap_sched *s, struct swap_group *g)
{
	struct swap_group **pp = bucket(s, g->tgid);

	while (*pp != g)
		pp = &(*pp)->next;
	*pp = g->next;
	free(g);
}

static bool queued(const struct swap_group *g, const struct sw_tracee *t)
{
	return t->swap_next || g->tail == t;
}

static void enqueue(struct swap_group *g, struct sw_tracee *t)
{
	if (queued(g, t))
		return;
	t->swap_next = NULL;
	if (g->tail)
		g->tail->swap_next = t;
	else
		g->head = t;
	g->tail = t;
}

static void dequeue(struct swap_group *g, struct sw_tracee *t)
{
	struct sw_tracee **pp = &g->head, *prev = NULL;

	while (*pp && *pp != t) {
		prev = *pp;
		pp = &(*pp)->swap_next;
	}
	if (!*pp)
		return;
	*pp = t->swap_next;
	if (g->tail == t)
		g->tail = prev;
	t->swap_next = NULL;
}

/* Field @n (1-based, after the command name) of /proc/TID/stat, or 0. */
static unsigned long long stat_field(pid_t tid, unsigned int n, char *state)
{
	char path[64], buf[512], *p;
	unsigned long long v = 0;
	unsigned int i;
	FILE *f = fopen(util_fmt(path, sizeof(path), "/proc/%d/stat", (int)tid),
			"re");

	if (!f)
		return 0;
	if (fgets(buf, sizeof(buf), f) && (p = strrchr(buf, ')'))) {
		*state = p[2];
		for (i = 1, p += 2; i < n && p; i++)
			if ((p = strchr(p, ' ')))
				p++;
		if (p)
			v = strtoull(p, NULL, 10);
	}
	fclose(f);
	return v;
}

/* User-space CPU time of @tid in ns (utime, field 14, in clock ticks),
 * and its state. */
static unsigned long long cpu_ns(pid_t tid, char *state)
{
	static long hz;

	if (!hz)
		hz = sysconf(_SC_CLK_TCK) > 0 ? sysconf(_SC_CLK_TCK) : 100;
	return stat_field(tid, 12, state) * (1000000000ULL / (unsigned long)hz);
}

/* Restarts held @t with the signal it was held with. */
static void restart_held(struct sw_tracee *t)
{
	t->flags &= ~TF_SWAP_HELD;
	ptrace(PTRACE_SYSCALL, t->tid, NULL, (void *)(long)t->swap_sig);
	t->swap_sig = 0;
}

/* The state letter of task @tid in /proc (R, S, D, t, Z...), or 0. */
static char state_of(pid_t tid)
{
	char state = 0;

	stat_field(tid, 0, &state);
	return state;
}

/*
 * Gives the turn, when nobody has it, to the first thread of the queue
 * held at a stop.  Threads before it that are not held are in the kernel:
 * asleep there (blocked) they are passed over; otherwise they are on
 * their way to a stop (woken by an earlier call, or new), and the turn
 * waits for them, so that who gets it does not depend on when their stop
 * comes.  A thread held at a syscall entry has that call counted.
 */
static void decide(struct swap_sched *s, struct swap_group *g)
{
	struct sw_tracee *e;
	char state;

	g->undecided = false;
	if (g->runner)
		return;
	for (e = g->head; e; e = e->swap_next) {
		if (e->flags & TF_SWAP_HELD) {
			dequeue(g, e);
			g->runner = e;
			e->swap_used = (e->flags & TF_IN_SYSCALL) ? 1 : 0;
			restart_held(e);
			return;
		}
		state = state_of(e->tid);
		if (state != 'S' && state != 'D') {
			g->undecided = true;
			s->undecided = true;
			return;
		}
	}
}

/* Holds @t at its stop, in its place in the queue or at the tail. */
static void hold(struct swap_group *g, struct sw_tracee *t, int sig)
{
	enqueue(g, t);
	t->flags |= TF_SWAP_HELD;
	t->swap_sig = sig;
}

/* The runner gives up its turn; @t (the runner) waits in the queue. */
static void give_up(struct swap_sched *s, struct swap_group *g,
		    struct sw_tracee *t)
{
	enqueue(g, t);
	g->runner = NULL;
	decide(s, g);
}

bool swap_may_run(struct swap_sched *s, struct sw_tracee *t, int sig)
{
	struct swap_group *g;

	if (!s->n || s->released || !(g = group_of(s, t)))
		return true;
	if ((t->flags & TF_SWAP_AWAY) && g->runner == t) {
		/* Into a call that may block: it runs it without the turn,
		 * in its place in the queue. */
		give_up(s, g, t);
		return true;
	}
	if (g->runner == t && !(t->flags & TF_SWAP_YIELD))
		return true;
	t->flags &= ~TF_SWAP_YIELD;
	hold(g, t, sig);
	if (g->runner == t)
		give_up(s, g, t);
	else if (!g->runner)
		decide(s, g);
	/* decide() may have given @t the turn and restarted it. */
	return false;
}

void swap_stop(struct sw_tracee *t)
{
	t->flags &= ~TF_SWAP_AWAY;
	t->swap_stops++;
}

void swap_entry(struct swap_sched *s, struct sw_tracee *t)
{
	struct swap_group *g = t->swap_group;

	if (!s->n || !g || g->runner != t)
		return;
	if (may_block(&t->sys))
		t->flags |= TF_SWAP_AWAY;
	else if (++t->swap_used > s->n)
		t->flags |= TF_SWAP_YIELD;
}

void swap_join(struct swap_sched *s, struct sw_tracee *t)
{
	struct swap_group *g;

	if (!s->n || s->released || !(g = group_of(s, t)) || g->runner == t)
		return;
	enqueue(g, t);
}

void swap_adopt(struct swap_sched *s, struct sw_tracee *parent,
		struct sw_tracee *child)
{
	if (child->tgid == parent->tgid)
		swap_join(s, child);
}

void swap_forget(struct swap_sched *s, struct sw_tracee *t)
{
	struct swap_group *g = t->swap_group;

	if (!g)
		return;
	dequeue(g, t);
	t->swap_group = NULL;
	if (g->runner == t)
		g->runner = NULL;
	if (--g->members == 0)
		group_free(s, g);
	else if (!s->released)
		decide(s, g);
}

/* One tick for @g: a turn still undecided is looked at again; a runner
 * that has not stopped since the last tick gives up its turn when it
 * sleeps in the kernel, and is interrupted when it spins in user
 * space. */
static void tick_group(struct swap_sched *s, struct swap_group *g, bool full)
{
	struct sw_tracee *r = g->runner;
	unsigned long long cpu;
	char state = 0;

	if (g->undecided)
		decide(s, g);
	if (!full || !r || !g->head)
		return;
	cpu = cpu_ns(r->tid, &state);
	if (r->swap_stops != g->tick_stops) {
		g->tick_stops = r->swap_stops;
		g->tick_cpu = cpu;
		return;
	}
	if ((r->flags & TF_IN_SYSCALL) && (state == 'S' || state == 'D')) {
		give_up(s, g, r);
	} else if (!(r->flags & TF_IN_SYSCALL) &&
		   cpu - g->tick_cpu >= TICK_SPIN_NS) {
		r->flags |= TF_SWAP_YIELD;
		g->tick_cpu = cpu;
		ptrace(PTRACE_INTERRUPT, r->tid, NULL, NULL);
	}
}

static long ns_since(const struct timespec *then, const struct timespec *now)
{
	return (now->tv_sec - then->tv_sec) * 1000000000L +
	       (now->tv_nsec - then->tv_nsec);
}

static void tick(struct swap_sched *s)
{
	struct swap_group *g;
	struct timespec now;
	unsigned int i;
	bool full, undecided = s->undecided;

	clock_gettime(CLOCK_MONOTONIC_COARSE, &now);
	full = ns_since(&s->last_tick, &now) >= TICK_NS;
	if (!full && !undecided)
		return;
	if (full)
		s->last_tick = now;
	s->undecided = false;
	for (i = 0; i < SWAP_BUCKETS; i++)
		for (g = s->buckets[i]; g; g = g->next)
			tick_group(s, g, full);
}

void swap_begin(struct swap_sched *s)
{
	struct sigaction sa;
	sigset_t chld;

	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	pthread_sigmask(SIG_BLOCK, &chld, &s->old_mask);
	sigaction(SIGCHLD, NULL, &s->old_chld);
	sa = s->old_chld;
	sa.sa_flags &= ~SA_NOCLDSTOP;
	sigaction(SIGCHLD, &sa, NULL);
}

void swap_end(struct swap_sched *s)
{
	sigaction(SIGCHLD, &s->old_chld, NULL);
	pthread_sigmask(SIG_SETMASK, &s->old_mask, NULL);
}

pid_t swap_wait(struct swap_sched *s, int *status)
{
	struct timespec ts = { 0, TICK_NS };
	sigset_t chld;
	pid_t tid;

	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	for (;;) {
		tick(s);
		tid = waitpid(-1, status, __WALL | WNOHANG);
		if (tid != 0)
			return tid;
		/* SIGCHLD is blocked: one sent since waitpid stays pending.
		 * An undecided turn is looked at again soon. */
		ts.tv_nsec = s->undecided ? UNDECIDED_NS : TICK_NS;
		if (sigtimedwait(&chld, NULL, &ts) < 0 && errno == EINTR)
			return -1;
	}
}

void swap_release(struct swap_sched *s)
{
	struct swap_group *g;
	struct sw_tracee *t;
	unsigned int i;

	s->released = true;
	for (i = 0; i < SWAP_BUCKETS; i++)
		for (g = s->buckets[i]; g; g = g->next)
			while ((t = g->head)) {
				dequeue(g, t);
				if (t->flags & TF_SWAP_HELD)
					restart_held(t);
			}
}

void swap_free(struct swap_sched *s)
{
	struct swap_group *g, *next;
	unsigned int i;

	for (i = 0; i < SWAP_BUCKETS; i++)
		for (g = s->buckets[i]; g; g = next) {
			next = g->next;
			free(g);
		}
	memset(s->buckets, 0, sizeof(s->buckets));
}

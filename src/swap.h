/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * syswarden - --swap N: the threads of each process take turns, one at a
 * time, handing over after N syscalls (see swap.c).
 */
#ifndef SW_SWAP_H
#define SW_SWAP_H

#include <signal.h>
#include <stdbool.h>
#include <time.h>

#include "tracee.h"

#define SWAP_BUCKETS 64

/* The turns of one process. */
struct swap_group {
	pid_t tgid;
	struct sw_tracee *runner; /* whose turn it is, or NULL */
	struct sw_tracee *head, *tail; /* waiting for a turn, in order */
	unsigned int members; /* tracees pointing here */
	bool undecided; /* the turn waits for a thread's stop */
	unsigned long tick_stops; /* the runner's stops at the last tick */
	unsigned long long tick_cpu; /* its CPU time then, in ns */
	struct swap_group *next; /* hash chain */
};

struct swap_sched {
	unsigned long n; /* calls per turn; 0: off */
	bool released; /* supervision is ending: everyone runs */
	bool undecided; /* some group's turn waits */
	struct timespec last_tick;
	struct swap_group *buckets[SWAP_BUCKETS];
	sigset_t old_mask; /* between swap_begin() and swap_end() */
	struct sigaction old_chld;
};

/*
 * Around supervision: blocks SIGCHLD, which swap_wait() takes with a
 * time-out, and has it sent for tracee stops too (the CLI sets
 * SA_NOCLDSTOP, see main.c; blocked and taken by sigtimedwait(), it
 * cannot put syswarden in a signal-delivery-stop).  swap_end() puts the
 * mask and the action back.
 */
void swap_begin(struct swap_sched *s);
void swap_end(struct swap_sched *s);

/*
 * Whether @t, at a stop, may be restarted now with @sig.  False: it is
 * held until its turn, when swap_give() restarts it with @sig.
 */
bool swap_may_run(struct swap_sched *s, struct sw_tracee *t, int sig);
/* At every stop of @t: it is back from the kernel. */
void swap_stop(struct sw_tracee *t);
/* At @t's syscall entry (t->sys filled): counts the call. */
void swap_entry(struct swap_sched *s, struct sw_tracee *t);
/* @t, just seized, takes its place in its process's queue: the turn
 * waits for its first stop. */
void swap_join(struct swap_sched *s, struct sw_tracee *t);
/* New thread @child of @parent's process takes its place in the queue
 * now, before its first stop, so that the order does not depend on when
 * that stop comes. */
void swap_adopt(struct swap_sched *s, struct sw_tracee *parent,
		struct sw_tracee *child);
/* @t is going away: out of the queue, and its turn passes on. */
void swap_forget(struct swap_sched *s, struct sw_tracee *t);
/* Waits for a stop like waitpid(-1, status, __WALL), waking every tick
 * to hand over from a runner blocked in the kernel or spinning in user
 * space.  SIGCHLD must be blocked. */
pid_t swap_wait(struct swap_sched *s, int *status);
/* Supervision ends: every held thread is restarted, and no more are
 * held. */
void swap_release(struct swap_sched *s);
/* Frees the groups. */
void swap_free(struct swap_sched *s);

#endif /* SW_SWAP_H */

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* syswarden - no task escapes through CLONE_UNTRACED (see untraced.c). */
#ifndef SW_UNTRACED_H
#define SW_UNTRACED_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include <syswarden/sysent.h>

struct sw_supervisor;
struct sw_tracee;

/*
 * A clone3 whose caller died between its clone and the clone event (that
 * event then never comes): its child, whose first stop may still be due,
 * is known by the registers its clone was loaded with.
 */
struct untraced_orphan {
	enum sw_abi abi;
	uint64_t loaded[5], regs[5];
};

#define UNTRACED_ORPHANS 16

/* The orphans not matched yet, oldest first; the oldest goes when full. */
struct untraced_state {
	struct untraced_orphan orphans[UNTRACED_ORPHANS];
	unsigned int n;
};

/*
 * At the entry of @t's call: a clone loses CLONE_UNTRACED, a clone3
 * becomes the equivalent clone (or fails, TF_SKIPPED, when clone cannot
 * express it, or @t is not of the launched tree).  Any other call is
 * left alone.
 */
void untraced_guard(struct sw_supervisor *sup, struct sw_tracee *t);

/*
 * At the exit stop of @t's call (@alive), or when @t is gone: a clone3
 * that ran as clone gets its registers back.
 */
void untraced_exit(struct sw_supervisor *sup, struct sw_tracee *t, bool alive);

/* @t's clone3, run as clone, will not reach its exit: a hook made it the
 * thread's exit. */
void untraced_cancel(struct sw_supervisor *sup, struct sw_tracee *t);

/* At @parent's fork, vfork or clone event, which names @child (@seen:
 * at its first stop already): the child learns what to give back, and is
 * let go if it was held. */
void untraced_claim(struct sw_supervisor *sup, struct sw_tracee *parent,
		    struct sw_tracee *child, bool seen);

/*
 * At a stop of @t that may be its first (TF_RESTORE or TF_UNCLAIMED set):
 * gives back the registers it is due.  Returns true when @t is to be held
 * there, not resumed, until untraced_claim().
 */
bool untraced_first_stop(struct sw_supervisor *sup, struct sw_tracee *t);

#endif /* SW_UNTRACED_H */

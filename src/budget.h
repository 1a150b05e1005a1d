/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * syswarden - syscall budgets (--syscall-limit, --thread-limit, --budget),
 * counted by the kernel where it allows, else at ptrace stops.
 *
 * The event loop tells the engine about new tasks, execs, exits and
 * signals; the engine counts and refuses through an internal hook per
 * budget (hook.c), so that the call over budget never runs.
 */
#ifndef SW_BUDGET_H
#define SW_BUDGET_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include <syswarden/syswarden.h>

#include "tracee.h"

struct sw_supervisor;
struct budget_state;

/* Frees the engine's state and closes its counters (NULL is allowed). */
void budget_free(struct budget_state *bs);

/* @child is new (clone, fork, vfork); it and its parent are stopped. */
void budget_new_task(struct sw_supervisor *sup, struct sw_tracee *child);
/* @t is at its exec stop: its counters went with its old image. */
void budget_exec(struct sw_supervisor *sup, struct sw_tracee *t);
/* @t exited, or is no longer traced: its counts are final. */
void budget_gone(struct sw_supervisor *sup, struct sw_tracee *t);
/* At a signal-delivery stop of @t with @si: whether it was a budget
 * counter's SIGTRAP, which the engine took (not to be delivered). */
bool budget_trap(struct sw_supervisor *sup, struct sw_tracee *t,
		 const siginfo_t *si);

#endif /* SW_BUDGET_H */

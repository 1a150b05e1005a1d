/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * syswarden - the hook engine behind include/syswarden/hook.h.
 *
 * The event loop calls hook_enter() at each syscall entry it sees and
 * hook_return() at each exit; both do nothing when no hook is registered.
 * hook_selection() tells the seccomp compiler which calls hooks can match.
 */
#ifndef SW_HOOK_H
#define SW_HOOK_H

#include <stdbool.h>

#include <syswarden/hook.h>

#include "tracee.h"
#include "traceset.h"

struct sw_supervisor;

struct hook_list {
	struct sw_hook *head; /* in registration order */
	unsigned long next_seq; /* the next hook's sequence number */
	unsigned int running; /* callbacks in progress: removal waits */
	bool has_dead; /* removed while running: freed by the sweep */
	/* The label of hooks registered without one: the plugin's name
	 * while its init runs, the running hook's label in a callback. */
	const char *label;
};

/* Frees every hook. */
void hook_list_release(struct hook_list *l);
/* A mark for hook_list_cut(): hooks registered from now on are after it. */
unsigned long hook_list_mark(const struct hook_list *l);
/* Removes every hook registered after @mark was taken. */
void hook_list_cut(struct hook_list *l, unsigned long mark);

/*
 * At the entry of @t's call: runs the matching entry hooks, then applies
 * what they asked (skip, end of the thread) and sets TF_SKIPPED,
 * TF_HOOK_RETURN and TF_END_THREAD as the exit needs.
 */
void hook_enter(struct sw_supervisor *sup, struct sw_tracee *t);

/*
 * At the exit of @t's call: gives a skipped call its result, runs the
 * matching return hooks and writes the result they leave, updating
 * t->sys.ret, *is_error and TF_INJECTED.
 */
void hook_return(struct sw_supervisor *sup, struct sw_tracee *t,
		 bool *is_error);

/*
 * At the exit of @t's call when @t is being let go (supervision ends):
 * a call a hook skipped still gets its chosen result, for it never ran
 * and would otherwise return the kernel's -ENOSYS.  Return hooks do not
 * run.
 */
void hook_release(struct sw_supervisor *sup, struct sw_tracee *t);

/* Leaves the calls of the ABIs in @abis (bits of enum sw_abi) out of
 * the seccomp filter's selection for @h (default 0): for a hook that is
 * told of those calls another way. */
void hook_set_unselected(struct sw_hook *h, unsigned int abis);

/* ORs into @need the calls every registered hook (enabled or not) can
 * match, with the scalar filters BPF can check.  0 or -ENOMEM. */
int hook_selection(const struct hook_list *l, struct traceset *need);

/* Marks @h as one whose calls a seccomp filter of the launched command
 * handles in the kernel: hook_selection() leaves it out. */
void hook_set_kernel(struct sw_hook *h, bool on);

/* Whether @v passes value filter @f, compared as signed when @sgn. */
bool hook_value_match(const struct sw_value_filter *f, uint64_t v, bool sgn);
/* Whether string @s passes the string filter (@op, @text). */
bool hook_str_match(enum sw_str_op op, const char *text, const char *s);

#endif /* SW_HOOK_H */

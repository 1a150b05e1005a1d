/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* syswarden - the budget engine's state, shared with the report. */
#ifndef SW_BUDGET_INT_H
#define SW_BUDGET_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include <syswarden/syswarden.h>

#include "traceset.h"

#define BUDGET_MAX_RULES 32
#define BUDGET_TRAP_PERF 6 /* si_code of a perf SIGTRAP (TRAP_PERF) */

struct budget_state;
struct budget_thread;

struct budget_rule {
	struct budget_state *bs;
	char *text; /* the set as given: "openat,close", "all" */
	struct traceset *sel;
	uint64_t limit;
	bool per_thread;
	enum sw_on_limit on_limit; /* what the call over budget gets */
	int err_no; /* its errno, for SW_ON_LIMIT_ERRNO */
	char *filter; /* the kernel's "id == N" filter; NULL: at stops */
	bool at_stops; /* tree budget moved to stops (several tasks) */
	uint64_t used; /* tree budget: calls counted and folded */
	size_t holder; /* slot + 1 of the one task counting it; 0: none */
	struct sw_hook *hook;
};

/* A task's counts, kept after it ends for the report. */
struct budget_thread {
	pid_t tid, tgid;
	bool live;
	int fd[BUDGET_MAX_RULES]; /* kernel counter, or -1 */
	uint64_t base[BUDGET_MAX_RULES]; /* calls counted and folded */
	uint64_t refused[BUDGET_MAX_RULES]; /* calls over budget */
};

enum budget_mode { BUDGET_STOPS = 0, BUDGET_KERNEL };

struct budget_state {
	struct sw_supervisor *sup;
	struct budget_rule rules[BUDGET_MAX_RULES];
	unsigned int nrules;
	enum sw_on_limit on_limit; /* for budgets added from now on */
	int err_no;
	enum sw_counting counting;
	enum budget_mode mode;
	bool probed;
	int tp_id; /* raw_syscalls:sys_enter, or -errno */
	char why_not[160]; /* why the kernel does not count */
	struct budget_thread *threads;
	size_t nthreads, cap;
};

/* The supervisor's budget state, made on first use; NULL without
 * memory. */
struct budget_state *budget_state_of(struct sw_supervisor *sup);

#endif /* SW_BUDGET_INT_H */

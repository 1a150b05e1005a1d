/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* syswarden - the table of traced tasks, keyed by thread id. */
#ifndef SW_TRACEE_H
#define SW_TRACEE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include <syswarden/sysent.h>

/*
 * The syscall a tracee is in: what the entry stop showed, and at exit the
 * result.  Decoders read it; hooks change it (see hook.c).
 */
struct sw_event {
	enum sw_abi abi;
	uint64_t nr;
	const struct sw_syscall *sc; /* NULL for a number not in the table */
	/* i386's socketcall or ipc when sc is the sub-call it makes, whose
	 * args are then the sub-call's (decode_subcall()); else NULL */
	const struct sw_syscall *via;
	uint64_t args[6];
	int64_t ret;
	uint64_t ip;
	uint64_t sp;
	unsigned char entry_args; /* arguments printed at entry */
};

enum tracee_flag {
	TF_HIDE = 1u << 0, /* launched child before its execve */
	TF_IN_SYSCALL = 1u << 1, /* between syscall entry and exit */
	TF_LAUNCHED = 1u << 2, /* of the launched tree: killed on stop */
	TF_SHOWN = 1u << 3, /* the current syscall is being printed */
	TF_DETACHING = 1u << 4, /* interrupted so that it can be detached */
	TF_NO_ENTRY = 1u << 5, /* exit stop whose entry we never saw */
	TF_FILTERED = 1u << 6, /* runs under our seccomp filter */
	TF_SKIP_ENTRY = 1u << 7, /* next stop is a redundant entry stop */
	TF_SKIPPED = 1u << 8, /* a hook skipped the call: skip_ret at exit */
	TF_HOOK_RETURN = 1u << 9, /* return hooks may match at exit */
	TF_INJECTED = 1u << 10, /* a hook chose the result */
	TF_END_THREAD = 1u << 11, /* end the thread at its next entry */
	TF_CLONE3 = 1u << 12, /* its clone3 runs as clone (untraced.c) */
	TF_RESTORE = 1u << 13, /* new task: clone_regs to give back */
	TF_UNCLAIMED = 1u << 14, /* new task whose parent's event is due */
	TF_HELD = 1u << 15, /* new task kept stopped until that event */
	TF_EXIT_KNOWN = 1u << 16, /* exit_status is its own, from the exit
				     event */
	TF_COUNTED = 1u << 17, /* the current syscall is in the summary */
	TF_BUDGET_STOPS = 1u << 18, /* stop at every call: a budget is
				     * spent, or counted at stops */
	TF_SWAP_HELD = 1u << 19, /* --swap: stopped until its turn */
	TF_SWAP_AWAY = 1u << 20, /* --swap: in a call that may block,
				    without the turn */
	TF_SWAP_YIELD = 1u << 21, /* --swap: hands over at its next stop */
};

/* Work left for the exit stop of the call in progress: it must stop there,
 * and is not to be detached before. */
#define TF_EXIT_WORK (TF_SKIPPED | TF_HOOK_RETURN | TF_CLONE3)

struct out_call;

struct sw_tracee {
	pid_t tid;
	pid_t tgid;
	unsigned int flags;
	struct sw_event sys;
	int64_t skip_ret; /* the result of a call a hook skipped */
	uint64_t clone_regs[5]; /* argument registers a clone3 had */
	uint64_t clone_loaded[5]; /* and those its clone was loaded with */
	unsigned long *ret_hooks; /* return hooks to run at exit, by seq */
	unsigned int nret, ret_cap;
	int end_code; /* exit code when a hook ends the thread */
	int inject_sig; /* a signal a hook sends at the call's exit */
	uint64_t last_nr; /* -n: the number its ---/+++ lines show */
	char *entry_text; /* with -e status=, the line as decoded at entry */
	int exit_status; /* its own wait status, with TF_EXIT_KNOWN */
	struct timespec entry_time; /* -T, -c: CLOCK_MONOTONIC at entry */
	struct timespec entry_stime; /* -c: the system time then */
	struct out_call *call; /* for the structured outputs (output.h) */
	struct stack_trace *stack; /* -k: taken at entry, printed after */
	unsigned int budget_slot; /* its budget.c record + 1; 0: none */
	struct swap_group *swap_group; /* --swap: its process's turns */
	struct sw_tracee *swap_next; /* --swap: the queue of that group */
	unsigned long swap_used; /* --swap: calls made in this turn */
	unsigned long swap_stops; /* --swap: stops seen */
	int swap_sig; /* --swap: signal to deliver when its turn comes */
	struct sw_tracee *next; /* hash chain */
};

#define TRACEE_BUCKETS 256

struct tracee_table {
	struct sw_tracee *buckets[TRACEE_BUCKETS];
	unsigned int count;
};

void tracee_table_init(struct tracee_table *tab);
/* Frees every entry; the tasks themselves are not touched. */
void tracee_table_release(struct tracee_table *tab);
struct sw_tracee *tracee_find(const struct tracee_table *tab, pid_t tid);
/* Adds @tid of thread group @tgid; returns NULL when out of memory. */
struct sw_tracee *tracee_add(struct tracee_table *tab, pid_t tid, pid_t tgid);
/* Unlinks and frees @t. */
void tracee_remove(struct tracee_table *tab, struct sw_tracee *t);
/* Moves @t to thread id @tid (exec from a non-leader thread). */
void tracee_rekey(struct tracee_table *tab, struct sw_tracee *t, pid_t tid);
/* Notes hook @seq (ascending within one call) to run at @t's exit;
 * 0 or -ENOMEM. */
int tracee_note_hook(struct sw_tracee *t, unsigned long seq);
/* Any tracee, or NULL when the table is empty. */
struct sw_tracee *tracee_any(const struct tracee_table *tab);
/* Whether task @tid is a zombie, dead, or gone. */
bool tracee_is_dying(pid_t tid);
/* Reads id @field ("Tgid", "PPid") of task @tid from /proc/TID/status;
 * -errno on failure. */
pid_t tracee_read_status_id(pid_t tid, const char *field);

#define tracee_for_each(tab, i, t, tmp)                                      \
	for ((i) = 0; (i) < TRACEE_BUCKETS; (i)++)                           \
		for ((t) = (tab)->buckets[i]; (t) && ((tmp) = (t)->next, 1); \
		     (t) = (tmp))

#endif /* SW_TRACEE_H */

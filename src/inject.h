/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * syswarden - enforcement from the command line: strace's -e inject= and
 * -e fault=, and --deny.
 *
 * Each rule is a hook (hook.c) on its SET, which takes -e trace='s
 * grammar with argument conditions.  At a stop the hook counts the call
 * per thread and per syscall, as strace counts its when=, and skips it
 * with the chosen result.  A deny rule may also go into a seccomp filter
 * of its own (denyfilter.c), where it needs no stop and outlives us.
 */
#ifndef SW_INJECT_H
#define SW_INJECT_H

#include <linux/filter.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "traceset.h"
#include "util.h"

struct sw_supervisor;

/* What a rule does to the calls it fires on. */
struct inject_rule {
	struct sw_supervisor *sup;
	struct inject_rule *next; /* in the order given */
	char *text; /* as the user wrote it, for messages */
	struct traceset *sel; /* its SET */
	bool deny, kill; /* --deny; :kill */
	bool skip; /* error= or retval= given */
	int64_t ret; /* the skipped call's result: -errno or retval */
	int sig; /* signal= */
	unsigned long delay_enter, delay_exit; /* microseconds */
	unsigned int first, last, step; /* when=: last 0 is no end */
	bool in_kernel; /* every call it denies is denied by the kernel */
	struct sw_hook *hook;
	struct inject_count *counts[64]; /* per thread and syscall */
};

/* The rules of a supervisor. */
struct inject_list {
	struct inject_rule *head;
};

/*
 * Parses @text ("SET:error=E:when=2+", or for @deny "SET[:error=E|:kill]")
 * and registers its hook.  @fault: -e fault=, whose error defaults to
 * ENOSYS.  Returns 0, -EINVAL with the reason in @err, or -ENOMEM.
 */
int inject_add(struct sw_supervisor *sup, const char *text, bool fault,
	       bool deny, struct strbuf *err);

/* Whether a rule is a kill deny: the kernel's part of it kills with
 * SIGSYS, so a tracee killed by SIGSYS is then taken as its doing. */
bool inject_has_kill(const struct inject_list *l);

/* Frees every rule (their hooks go with the hook list). */
void inject_release(struct inject_list *l);

/*
 * The kernel's part of the deny rules, for a command about to be
 * launched: a seccomp program that fails or kills what the rules deny
 * where libseccomp expresses it exactly (checked with bpfrun() over the
 * boundary values of each condition), built under a time bound.  Calls
 * in @shown (may be NULL) are left to the stops, which show them.  Marks
 * the rules the program enforces whole, whose hooks then no longer make
 * the command stop.  An empty program when there is nothing to do.
 * Returns 0 or -errno (-EINTR once *@stop is set).
 */
int inject_kernel_filter(struct sw_supervisor *sup,
			 const struct traceset *shown, unsigned int timeout_ms,
			 const volatile sig_atomic_t *stop,
			 struct sock_fprog *out);

#endif /* SW_INJECT_H */

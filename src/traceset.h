/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * syswarden - the set of syscalls selected with -e trace=SET.
 *
 * SET is a comma-separated list of syscall names (kernel prefixes such as
 * sys_ are accepted), %classes (%file, %process, %network, %signal, %desc,
 * %memory, %ipc), /regular-expressions over names, "all" and "none".  A
 * leading '!' selects everything but the list.  A name prefixed with '?'
 * is skipped silently when no ABI knows it.  A name may carry a condition
 * on its arguments, "write(fd == 2)" (see argcond.h); naming a syscall
 * twice ORs its conditions, and naming it without one selects it whole.
 */
#ifndef SW_TRACESET_H
#define SW_TRACESET_H

#include <stdbool.h>

#include <sys/types.h>
#include <syswarden/sysent.h>

#include "argcond.h"

#include "util.h"

struct traceset;

/* A new set that selects every syscall.  Returns 0 or -ENOMEM. */
int traceset_new(struct traceset **out);
void traceset_free(struct traceset *ts);
/*
 * Replaces the selection with SET.  On a bad SET returns -EINVAL and
 * appends to @err what was wrong, with a suggestion where one is close.
 */
int traceset_parse(struct traceset *ts, const char *set, struct strbuf *err);
/* Whether syscall @sc of @abi (NULL: a number not in the table) is in. */
bool traceset_has(const struct traceset *ts, enum sw_abi abi,
		  const struct sw_syscall *sc);
/* Whether the call in @ev of tracee @tid is selected, its arguments'
 * condition included. */
bool traceset_match(const struct traceset *ts, const struct sw_event *ev,
		    pid_t tid);
/* The condition on syscall @sc of @abi, or NULL when it has none. */
const struct argcond *traceset_cond(const struct traceset *ts, enum sw_abi abi,
				    const struct sw_syscall *sc);
/* Whether any syscall of the set carries a condition on its arguments. */
bool traceset_has_conditions(const struct traceset *ts);
/* Whether the set selects every syscall. */
bool traceset_is_all(const struct traceset *ts);
/* Selects every syscall (@all) or none, without conditions. */
void traceset_reset(struct traceset *ts, bool all);
/* Leaves out every syscall of @abi. */
void traceset_drop_abi(struct traceset *ts, enum sw_abi abi);
/* Selects numbers that no table knows, or not. */
void traceset_set_unknown(struct traceset *ts, bool on);
/* Adds what @src selects to @dst, ORing conditions.  0 or -ENOMEM. */
int traceset_merge(struct traceset *dst, const struct traceset *src);
/* Narrows every selected syscall by "&& @c" (@c not owned; NULL leaves
 * the set alone).  0 or -ENOMEM. */
int traceset_and_cond(struct traceset *ts, const struct argcond *c);
/* A syscall that @small selects and @big does not select whole, or NULL
 * when @big stops wherever @small may want to. */
const char *traceset_uncovered(const struct traceset *big,
			       const struct traceset *small);

#endif /* SW_TRACESET_H */

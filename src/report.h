/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * syswarden - the run's report (--report FILE), written as JSON with
 * json-c: counting mode, budgets and their use, per-thread and
 * per-process counts, and every enforcement event.
 */
#ifndef SW_REPORT_H
#define SW_REPORT_H

#include <stdint.h>
#include <sys/types.h>

struct sw_supervisor;
struct report;

/*
 * Notes an enforcement event of @kind ("violation", "injection",
 * "denial") on the call task @tid is stopped at the entry of: the
 * thread, the call decoded as the trace shows it, the rule (@rule, as
 * the user wrote it) and the count at that moment.  Never fails the
 * caller: without memory the event is left out and the report says so.
 */
void report_note_call(struct sw_supervisor *sup, const char *kind, pid_t tid,
		      const char *rule, uint64_t count);

/* Frees the events (NULL is allowed). */
void report_free(struct report *rep);

#endif /* SW_REPORT_H */

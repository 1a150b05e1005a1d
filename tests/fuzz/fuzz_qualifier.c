// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Fuzzes what "-e QUALIFIER" accepts: the input is one or more of the
 * option's arguments, a line each, applied in turn to one supervisor as
 * an embedder may (a set replaces the one before), each split as main.c
 * splits it ("trace=SET", "status=SET", or a bare SET, which is a trace
 * set).  A set that parses is compiled to the seccomp filter too,
 * argument conditions included.  "inject=RULE", "fault=RULE" and
 * "deny=RULE" add rules (--deny's as "deny="); the deny rules are then
 * compiled to their filter, which checks itself.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "denyfilter.h"
#include "prefilter.h"
#include "supervisor.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void trace(struct sw_supervisor *sup, const char *set)
{
	struct sock_fprog prog = { 0 };
	char err[256];

	if (sw_set_trace(sup, set, err, sizeof(err)) < 0) {
		if (!err[0])
			abort(); /* every refusal says why */
		return;
	}
	if (prefilter_build(sup->trace, 0, &prog) >= 0)
		prefilter_free(&prog);
}

static void status(struct sw_supervisor *sup, const char *set)
{
	char err[256];

	if (sw_set_status(sup, set, err, sizeof(err)) < 0 && !err[0])
		abort();
}

static void rule(struct sw_supervisor *sup, enum sw_rule_kind kind,
		 const char *text)
{
	char err[256];

	if (sw_add_rule(sup, kind, text, err, sizeof(err)) < 0 && !err[0])
		abort();
}

/* The deny rules' filter, built here rather than in its bounded child. */
static void deny_filter(struct sw_supervisor *sup)
{
	struct denyfilter_rule rules[DENYFILTER_MAX_RULES];
	struct sock_fprog prog = { 0 };
	struct inject_rule *ru;
	unsigned int n = 0;

	for (ru = sup->injects.head; ru && n < DENYFILTER_MAX_RULES;
	     ru = ru->next)
		if (ru->deny)
			rules[n++] = (struct denyfilter_rule){
				ru->sel, ru->kill ? SCMP_ACT_KILL_PROCESS
						  : SCMP_ACT_ERRNO(1)
			};
	if (n && denyfilter_build(rules, n, NULL, &prog) >= 0)
		prefilter_free(&prog);
}

/* One "-e" argument, split as main.c's parse_qualifier() splits it. */
static void qualifier(struct sw_supervisor *sup, const char *arg)
{
	const char *eq = strchr(arg, '=');

	if (!eq)
		trace(sup, arg);
	else if (eq - arg == 5 && !strncmp(arg, "trace", 5))
		trace(sup, eq + 1);
	else if (eq - arg == 6 && !strncmp(arg, "status", 6))
		status(sup, eq + 1);
	else if (eq - arg == 6 && !strncmp(arg, "inject", 6))
		rule(sup, SW_RULE_INJECT, eq + 1);
	else if (eq - arg == 5 && !strncmp(arg, "fault", 5))
		rule(sup, SW_RULE_FAULT, eq + 1);
	else if (eq - arg == 4 && !strncmp(arg, "deny", 4))
		rule(sup, SW_RULE_DENY, eq + 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sw_supervisor *sup = NULL;
	char *copy = strndup((const char *)data, size), *arg, *save = NULL;

	if (!copy || sw_supervisor_new(&sup) < 0)
		abort();
	for (arg = strtok_r(copy, "\n", &save); arg;
	     arg = strtok_r(NULL, "\n", &save))
		qualifier(sup, arg);
	deny_filter(sup);
	sw_supervisor_free(sup);
	free(copy);
	return 0;
}

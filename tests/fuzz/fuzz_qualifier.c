// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Fuzzes what "-e QUALIFIER" accepts: the input is one or more of the
 * option's arguments, a line each, applied in turn to one supervisor as
 * an embedder may (a set replaces the one before), each split as main.c
 * splits it ("trace=SET", "status=SET", or a bare SET, which is a trace
 * set).  A set that parses is compiled to the seccomp filter too,
 * argument conditions included.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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
	sw_supervisor_free(sup);
	free(copy);
	return 0;
}

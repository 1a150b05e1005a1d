// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Fuzzes what the supervisor does at each stop with a trace set: whether
 * the call is selected, its argument condition evaluated on the fake
 * tracee (fake_tracee.h), string comparisons reading its memory
 * (SW_FUZZ_PRINT=1 shows the verdict).
 *
 * Input: a trace set, a '\n', a struct fake_header, then the memory.
 */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_tracee.h"
#include "traceset.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	struct traceset *ts = NULL;
	struct fake_header h;
	struct sw_event ev;
	struct strbuf err;
	char *set;

	if (!nl)
		return 0;
	set = strndup((const char *)data, (size_t)(nl - data));
	if (!set || traceset_new(&ts) < 0)
		abort();
	strbuf_init(&err);
	if (traceset_parse(ts, set, &err) == 0 &&
	    fake_tracee_map(nl + 1, size - (size_t)(nl + 1 - data), &h, &ev) ==
		0) {
		bool in = traceset_match(ts, &ev, 1);

		if (getenv("SW_FUZZ_PRINT"))
			fprintf(stderr, "%s: %s\n", set,
				in ? "selected" : "not selected");
		fake_tracee_unmap();
	}
	strbuf_release(&err);
	traceset_free(ts);
	free(set);
	return 0;
}

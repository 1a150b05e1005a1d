/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * syswarden - strace's -P PATH: only calls that touch one of the paths.
 *
 * A call touches PATH when one of its file-name arguments is PATH, as
 * written, or one of its descriptor arguments refers to PATH
 * (/proc/TID/fd/N).  The caller adds both the path as given and what it
 * resolves to, as strace does.
 */
#ifndef SW_PATHTRACE_H
#define SW_PATHTRACE_H

#include <stdbool.h>
#include <stddef.h>

#include "tracee.h"

struct pathtrace {
	char **paths;
	size_t n;
};

/* Adds a copy of @path.  Returns 0 or -ENOMEM. */
int pathtrace_add(struct pathtrace *pt, const char *path);
void pathtrace_release(struct pathtrace *pt);
/* Whether @t's current call (its entry decoded) touches a path; true
 * when no path was added. */
bool pathtrace_match(const struct pathtrace *pt, const struct sw_tracee *t);

#endif /* SW_PATHTRACE_H */

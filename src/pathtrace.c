// SPDX-License-Identifier: LGPL-2.1-or-later
/* syswarden - strace's -P PATH. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pathtrace.h"
#include "tracemem.h"
#include "util.h"

int pathtrace_add(struct pathtrace *pt, const char *path)
{
	char **grown = realloc(pt->paths, (pt->n + 1) * sizeof(*grown));

	if (!grown)
		return -ENOMEM;
	pt->paths = grown;
	pt->paths[pt->n] = strdup(path);
	if (!pt->paths[pt->n])
		return -ENOMEM;
	pt->n++;
	return 0;
}

void pathtrace_release(struct pathtrace *pt)
{
	size_t i;

	for (i = 0; i < pt->n; i++)
		free(pt->paths[i]);
	free(pt->paths);
	pt->paths = NULL;
	pt->n = 0;
}

static bool is_wanted(const struct pathtrace *pt, const char *path)
{
	size_t i;

	for (i = 0; i < pt->n; i++)
		if (!strcmp(pt->paths[i], path))
			return true;
	return false;
}

/* Whether descriptor @fd of @tid refers to a wanted path. */
static bool fd_matches(const struct pathtrace *pt, pid_t tid, int64_t fd)
{
	char link[64], path[PATH_MAX];
	ssize_t n;

	if (fd < 0 || fd > INT_MAX)
		return false;
	snprintf(link, sizeof(link), "/proc/%d/fd/%d", tid, (int)fd);
	n = readlink(link, path, sizeof(path) - 1);
	if (n < 0)
		return false;
	path[n] = '\0';
	return is_wanted(pt, path);
}

static bool str_matches(const struct pathtrace *pt, pid_t tid, uint64_t addr)
{
	char path[PATH_MAX + 1];
	bool complete = false;

	if (tracemem_read_str(tid, addr, path, PATH_MAX, &complete) < 0)
		return false;
	return complete && is_wanted(pt, path);
}

bool pathtrace_match(const struct pathtrace *pt, const struct sw_tracee *t)
{
	const struct sw_syscall *sc = t->sys.sc;
	unsigned int i;

	if (!pt->n)
		return true;
	for (i = 0; sc && i < sc->nargs; i++) {
		const struct sw_arg *a = &sc->args[i];
		uint64_t v = t->sys.args[a->reg];

		if (a->cls == SW_ARG_FD &&
		    fd_matches(pt, t->tid,
			       sw_sysent_table(t->sys.abi)->wordsize == 4
				   ? (int32_t)v
				   : (int64_t)(int)v))
			return true;
		if (a->cls == SW_ARG_STRING && str_matches(pt, t->tid, v))
			return true;
	}
	return false;
}

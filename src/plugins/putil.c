// SPDX-License-Identifier: LGPL-2.1-or-later
/* syswarden plugins - shared helpers (see putil.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "putil.h"

int pu_read_path(struct sw_call *call, int dirfd, uint64_t addr, char *buf,
		 size_t size)
{
	char rel[4096], link[64], dir[4096];
	ssize_t n = sw_call_read_str(call, addr, rel, sizeof(rel));

	if (n < 0)
		return (int)n;
	if (rel[0] == '/') {
		snprintf(buf, size, "%s", rel);
		return 0;
	}
	if (dirfd == AT_FDCWD)
		snprintf(link, sizeof(link), "/proc/%d/cwd", call->tid);
	else
		snprintf(link, sizeof(link), "/proc/%d/fd/%d", call->tid,
			 dirfd);
	n = readlink(link, dir, sizeof(dir) - 1);
	if (n < 0)
		return -errno;
	dir[n] = '\0';
	snprintf(buf, size, "%s%s%s", dir, strcmp(dir, "/") ? "/" : "", rel);
	return 0;
}

int pu_arg_index(const struct sw_call *call, const char *name)
{
	unsigned int i;

	for (i = 0; call->proto && i < call->proto->nargs; i++)
		if (!strcmp(call->proto->args[i].name, name))
			return call->proto->args[i].reg;
	return -1;
}

const char *pu_errname(int err, char *buf, size_t size)
{
	const char *name = strerrorname_np(err);

	if (name)
		return name;
	snprintf(buf, size, "%d", err);
	return buf;
}

// SPDX-License-Identifier: LGPL-2.1-or-later
/* syswarden plugins - shared helpers (see putil.h). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
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

/* Normalises absolute @path in place as text: "//" and "/./" go, ".."
 * takes the component before it. */
static void normalise(char *path)
{
	char *out = path, *p = path;
	size_t n;

	while (*p) {
		while (*p == '/')
			p++;
		n = strcspn(p, "/");
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			while (out > path && *--out != '/')
				;
		} else if (n && !(n == 1 && p[0] == '.')) {
			*out++ = '/';
			memmove(out, p, n);
			out += n;
		}
		p += n;
	}
	if (out == path)
		*out++ = '/';
	*out = '\0';
}

int pu_resolve(struct sw_call *call, const char *path, char *out, size_t size)
{
	char link[64], root[PATH_MAX], full[2 * PATH_MAX], real[PATH_MAX];
	char tail[PATH_MAX] = "", *cut;
	size_t base, rootlen;
	ssize_t n;

	snprintf(link, sizeof(link), "/proc/%d/root", call->tid);
	n = readlink(link, root, sizeof(root) - 1);
	if (n < 0)
		return -errno;
	root[n] = '\0';
	rootlen = strcmp(root, "/") ? (size_t)n : 0;
	base = (size_t)snprintf(full, sizeof(full), "%s", link);
	snprintf(full + base, sizeof(full) - base, "%s", path);
	/* The part that exists, resolved by the kernel's rules. */
	while (!realpath(full, real)) {
		cut = strrchr(full, '/');
		if ((errno != ENOENT && errno != ENOTDIR) || !cut ||
		    (size_t)(cut - full) <= base) {
			snprintf(out, size, "%s", path);
			normalise(out);
			return 0;
		}
		memmove(tail + strlen(cut), tail, strlen(tail) + 1);
		memcpy(tail, cut, strlen(cut));
		*cut = '\0';
	}
	if (strncmp(real, root, rootlen))
		rootlen = 0; /* outside the task's root: shown as is */
	snprintf(out, size, "%s%s", real + rootlen, tail);
	normalise(out);
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

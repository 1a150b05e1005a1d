/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * syswarden plugins - what a path names for a traced task, resolved as
 * the kernel would resolve it.  Public API only, like any plugin.
 */
#ifndef SW_PLUGINS_PATH_H
#define SW_PLUGINS_PATH_H

#include <stddef.h>
#include <sys/types.h>

#include <syswarden/syswarden.h>

/* Where a lookup starts: paths that open the tree's root and the
 * directory a relative path starts from (for a task, "/proc/TID/root"
 * and "/proc/TID/cwd"), and how the task names that directory (NULL: it
 * cannot be told, from a working directory deeper than PATH_MAX, say). */
struct pu_start {
	const char *root;
	const char *dir;
	const char *dir_text;
};

/*
 * Resolves @path as the kernel would for task @tid of process @tgid
 * (both 0: for syswarden itself), from @at: following symbolic links (40
 * at most, as the kernel) and "..", never above the root, with
 * /proc/self and /proc/thread-self taken as the task's.  The part past
 * the first name that does not exist is normalised as text ("//", "/./",
 * "a/.." go).  Writes the absolute result, as the task sees it, to @out.
 * Returns 0, -ELOOP, -ENOTDIR (a file with more path after it),
 * -ENAMETOOLONG (longer than @size), -EXDEV (cannot be told: a relative
 * path from an unnameable directory, or /proc/self in a nested pid
 * namespace), or -errno.  The cost is a lookup or two a name.
 */
int pu_resolve(const struct pu_start *at, pid_t tgid, pid_t tid,
	       const char *path, char *out, size_t size);

/*
 * What the path argument of @call names: the string at @addr, relative to
 * @dirfd (AT_FDCWD: the working directory), and inside @dirfd when
 * @in_root (openat2's RESOLVE_IN_ROOT).  @given gets the path as written,
 * @real what it resolves to; both hold @size bytes.  Returns 0 or -errno
 * (-ENOENT for an empty path, which names nothing).
 */
int pu_call_path(struct sw_call *call, uint64_t addr, int dirfd, bool in_root,
		 char *given, char *real, size_t size);

#endif /* SW_PLUGINS_PATH_H */

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

/*
 * Resolves @path for task @tid of process @tgid (both 0: for syswarden
 * itself): from directory @base when relative, inside the tree that
 * @root reaches ("/proc/TID/root" for the task's root; NULL means that),
 * following symbolic links (40 at most, as the kernel) and "..", with
 * /proc/self and /proc/thread-self taken as the task's.  The part past
 * the first name that does not exist is normalised as text ("//", "/./",
 * "a/.." go).  Writes the absolute result, as seen from @root, to @out.
 * Returns 0, -ELOOP, -ENAMETOOLONG (a result longer than @size), or
 * -errno.  The cost is one lstat() a name.
 */
int pu_resolve(const char *root, pid_t tgid, pid_t tid, const char *base,
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

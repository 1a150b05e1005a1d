/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * syswarden plugins - small helpers the shipped plugins share.  They use
 * the public API only, as any third-party plugin would.
 */
#ifndef SW_PLUGINS_PUTIL_H
#define SW_PLUGINS_PUTIL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <syswarden/syswarden.h>

/*
 * Reads the path at @addr, as the call's task sees it: a relative path is
 * joined to the task's working directory (@dirfd AT_FDCWD) or to the
 * directory open as @dirfd.  Returns 0 or -errno.
 */
int pu_read_path(struct sw_call *call, int dirfd, uint64_t addr, char *buf,
		 size_t size);

/*
 * The file absolute @path names for the call's task: symbolic links,
 * "." and ".." resolved through the task's root as far as the path
 * exists, the rest normalised as text ("//", "/./", "a/.." go).  A task
 * under chroot has its absolute links resolved from our root, not its
 * own.  Returns 0 or -errno.
 */
int pu_resolve(struct sw_call *call, const char *path, char *out, size_t size);

/* The argument of @call named @name in its prototype, or -1. */
int pu_arg_index(const struct sw_call *call, const char *name);

/* "ENOENT" for 2, or the number in @buf. */
const char *pu_errname(int err, char *buf, size_t size);

#endif /* SW_PLUGINS_PUTIL_H */

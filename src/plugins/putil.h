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

/* The argument of @call named @name in its prototype, or -1. */
int pu_arg_index(const struct sw_call *call, const char *name);

/* "ENOENT" for 2, or the number in @buf. */
const char *pu_errname(int err, char *buf, size_t size);

#endif /* SW_PLUGINS_PUTIL_H */

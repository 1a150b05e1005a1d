/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * syswarden - strace's -e read=FDS and -e write=FDS: the data of a call
 * that read from or wrote to one of FDS, as a hex dump after its line.
 */
#ifndef SW_DUMP_H
#define SW_DUMP_H

#include <stdio.h>

#include "qualify.h"
#include "tracee.h"

/*
 * Dumps the buffer of @t's call, which has just returned, to @fp when it
 * is a successful (fd, buffer, length...) call on a descriptor of
 * @sets[SW_DUMP_READ] (a buffer the kernel filled: as many bytes as it
 * returned) or of @sets[SW_DUMP_WRITE] (a buffer it read: the length
 * argument).  Calls with I/O vectors (readv, sendmsg...) are not dumped.
 */
void dump_call(FILE *fp, const struct numset sets[2],
	       const struct sw_tracee *t);

#endif /* SW_DUMP_H */

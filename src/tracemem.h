/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* syswarden - reading tracee memory without ever faulting ourselves. */
#ifndef SW_TRACEMEM_H
#define SW_TRACEMEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * Copies up to @len bytes at tracee address @addr into @buf.  Returns the
 * number of bytes copied (short when the range runs into unmapped memory)
 * or -errno (-EFAULT when nothing at @addr is readable).
 */
ssize_t tracemem_read(pid_t tid, uint64_t addr, void *buf, size_t len);

/*
 * Copies exactly @len bytes at @addr into @buf, as a structure is
 * wanted whole.  Returns @len, or -errno (-EFAULT when any
 * of the range cannot be read).
 */
ssize_t tracemem_read_all(pid_t tid, uint64_t addr, void *buf, size_t len);

/*
 * Reads the NUL-terminated string at @addr, at most @max bytes of it, into
 * @buf (which holds @max + 1 bytes and is always terminated).  Sets
 * *complete when the terminating NUL was found within @max bytes.  Returns
 * the string's length in @buf or -errno.
 */
ssize_t tracemem_read_str(pid_t tid, uint64_t addr, char *buf, size_t max,
			  bool *complete);

/*
 * Copies @len bytes from @buf to tracee address @addr.  Returns 0 or
 * -errno (-EFAULT for an unwritable address).
 */
int tracemem_write(pid_t tid, uint64_t addr, const void *buf, size_t len);

/*
 * What every read above comes down to: up to @len bytes at @addr, never
 * crossing a 4096-byte boundary, into @buf.  Returns the bytes copied
 * (short or 0 at unreadable memory) or -errno.
 */
typedef ssize_t tracemem_chunk_fn(pid_t tid, uint64_t addr, void *buf,
				  size_t len);

/*
 * Replaces the reader of the traced task's memory with @fn (NULL: the
 * real one), for all threads.  A seam for the fuzzers, which decode
 * syscalls against a fake memory; the supervisor never calls it.
 */
void tracemem_set_reader(tracemem_chunk_fn *fn);

#endif /* SW_TRACEMEM_H */

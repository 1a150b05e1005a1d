// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * syswarden - reading tracee memory.
 *
 * process_vm_readv() is one syscall for any length.  Where it is missing
 * (ENOSYS: CONFIG_CROSS_MEMORY_ATTACH=n) or refused (EPERM under some LSMs),
 * /proc/TID/mem is the fallback, and PTRACE_PEEKDATA the last resort.
 * Reads never cross into a page they do not need, so a string that ends
 * just before an unmapped page still reads in full.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <unistd.h>

#include "tracemem.h"
#include "util.h"

#define PAGE_CHUNK 4096u

static bool vm_readv_broken;

static ssize_t read_proc_mem(pid_t tid, uint64_t addr, void *buf, size_t len)
{
	char path[64];
	int fd cleanup_fd = -1;
	ssize_t n;

	fd = open(util_fmt(path, sizeof(path), "/proc/%d/mem", (int)tid),
		  O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = pread(fd, buf, len, (off_t)addr);
	if (n < 0)
		return -errno;
	return n;
}

/*
 * Word by word with PTRACE_PEEKDATA, and PTRACE_POKEDATA when @out is
 * given: the bytes of a word outside [addr, addr + len) are kept.
 * Returns how many bytes were done, or -errno when none were.
 */
static ssize_t peek_poke(pid_t tid, uint64_t addr, void *in, const void *out,
			 size_t len)
{
	size_t done = 0;

	while (done < len) {
		uint64_t word_addr =
		    (addr + done) & ~(uint64_t)(sizeof(long) - 1);
		size_t off = (size_t)(addr + done - word_addr);
		size_t n = sizeof(long) - off;
		void *at = (void *)(uintptr_t)word_addr;
		long word;

		errno = 0;
		word = ptrace(PTRACE_PEEKDATA, tid, at, NULL);
		if (errno)
			return done ? (ssize_t)done : -errno;
		if (n > len - done)
			n = len - done;
		if (in)
			memcpy((char *)in + done, (char *)&word + off, n);
		if (out) {
			memcpy((char *)&word + off, (const char *)out + done,
			       n);
			if (ptrace(PTRACE_POKEDATA, tid, at, (void *)word) < 0)
				return done ? (ssize_t)done : -errno;
		}
		done += n;
	}
	return (ssize_t)done;
}

static ssize_t read_chunk_live(pid_t tid, uint64_t addr, void *buf, size_t len)
{
	struct iovec local = { .iov_base = buf, .iov_len = len };
	struct iovec remote = { .iov_base = (void *)(uintptr_t)addr,
				.iov_len = len };
	ssize_t n;

	if (!vm_readv_broken) {
		n = process_vm_readv(tid, &local, 1, &remote, 1, 0);
		if (n >= 0)
			return n;
		if (errno != ENOSYS && errno != EPERM)
			return -errno;
		vm_readv_broken = true;
	}
	n = read_proc_mem(tid, addr, buf, len);
	if (n >= 0 || n == -EIO || n == -EFAULT)
		return n;
	return peek_poke(tid, addr, buf, NULL, len);
}

static tracemem_chunk_fn *read_chunk = read_chunk_live;

void tracemem_set_reader(tracemem_chunk_fn *fn)
{
	read_chunk = fn ? fn : read_chunk_live;
}

ssize_t tracemem_read(pid_t tid, uint64_t addr, void *buf, size_t len)
{
	size_t done = 0;

	if (!addr)
		return -EFAULT;
	while (done < len) {
		uint64_t a = addr + done;
		size_t n = PAGE_CHUNK - (size_t)(a % PAGE_CHUNK);
		ssize_t r;

		if (n > len - done)
			n = len - done;
		r = read_chunk(tid, a, (char *)buf + done, n);
		if (r <= 0) {
			if (done)
				break;
			return r < 0 ? (r == -EIO ? -EFAULT : r) : -EFAULT;
		}
		done += (size_t)r;
		if ((size_t)r < n)
			break;
	}
	return (ssize_t)done;
}

ssize_t tracemem_read_all(pid_t tid, uint64_t addr, void *buf, size_t len)
{
	/* Page by page, as a chunk reader never crosses a boundary. */
	ssize_t n = tracemem_read(tid, addr, buf, len);

	if (n < 0)
		return n;
	return (size_t)n == len ? n : -EFAULT;
}

ssize_t tracemem_read_str(pid_t tid, uint64_t addr, char *buf, size_t max,
			  bool *complete)
{
	size_t done = 0;

	*complete = false;
	buf[0] = '\0';
	if (!addr)
		return -EFAULT;
	while (done < max + 1) {
		uint64_t a = addr + done;
		size_t n = PAGE_CHUNK - (size_t)(a % PAGE_CHUNK);
		ssize_t r;
		char *nul;

		if (n > max + 1 - done)
			n = max + 1 - done;
		r = read_chunk(tid, a, buf + done, n);
		if (r <= 0) {
			buf[done < max ? done : max] = '\0';
			return done ? (ssize_t)done : -EFAULT;
		}
		nul = memchr(buf + done, '\0', (size_t)r);
		if (nul) {
			*complete = true;
			return nul - buf;
		}
		done += (size_t)r;
	}
	buf[max] = '\0';
	return (ssize_t)max;
}

int tracemem_write(pid_t tid, uint64_t addr, const void *buf, size_t len)
{
	struct iovec local = { .iov_base = (void *)buf, .iov_len = len };
	struct iovec remote = { .iov_base = (void *)(uintptr_t)addr,
				.iov_len = len };
	ssize_t n;

	if (!addr)
		return -EFAULT;
	n = process_vm_writev(tid, &local, 1, &remote, 1, 0);
	if (n == (ssize_t)len)
		return 0;
	/* Read-only mappings refuse process_vm_writev; ptrace may write
	 * them (as debuggers do for breakpoints). */
	n = peek_poke(tid, addr, NULL, buf, len);
	if (n < 0)
		return (int)n;
	return n == (ssize_t)len ? 0 : -EFAULT;
}

// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Hands the kernel bytes that are not text, for tests/outputtest.py: a
 * path with invalid UTF-8 (0xff), a valid two-byte sequence and an
 * unpaired surrogate's encoding; a write of all 256 byte values, NUL
 * included; then a signal to itself.  Checks what it can itself.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t got;

static void on_usr1(int sig)
{
	got = sig;
}

int main(void)
{
	static const char path[] = "/nonexistent/\xff\xc3\xa9\xed\xa0\x80z";
	unsigned char all[256];
	int fd, i;

	for (i = 0; i < 256; i++)
		all[i] = (unsigned char)i;
	if (openat(AT_FDCWD, path, O_RDONLY) != -1 || errno != ENOENT)
		return 2;
	fd = open("/dev/null", O_WRONLY);
	if (fd < 0 || write(fd, all, sizeof(all)) != (ssize_t)sizeof(all))
		return 3;
	close(fd);
	signal(SIGUSR1, on_usr1);
	raise(SIGUSR1);
	return got == SIGUSR1 ? 0 : 4;
}

// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Makes a few syscalls with known arguments and results, and checks the
 * results itself: a failing open, a write, an unreadable pointer, a long
 * string, an unknown syscall number.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define LONG_NAME "/nonexistent/abcdefghijklmnopqrstuvwxyz0123456789"

int main(void)
{
	int fails = 0;

	if (open("/nonexistent/syswarden-test", O_RDONLY) != -1 ||
	    errno != ENOENT)
		fails++;
	if (write(1, "hello\n", 6) != 6)
		fails++;
	/* An unreadable pointer must print as an address, not crash. */
	if (syscall(SYS_openat, AT_FDCWD, (char *)1, O_RDONLY) != -1 ||
	    errno != EFAULT)
		fails++;
	if (open(LONG_NAME, O_RDONLY) != -1)
		fails++;
	/* A number no table knows. */
	if (syscall(1000) != -1 || errno != ENOSYS)
		fails++;
	if (getpid() <= 0)
		fails++;
	return fails ? 10 + fails : 0;
}

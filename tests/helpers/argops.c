// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Calls with known arguments for the argument-condition tests: writes to
 * fd -1 (EBADF, harmless) with counts 10, 100, 1000 and 5000, one write
 * to fd 2 among many to fd 1 (stdout, /dev/null in the tests), and opens
 * of a missing path with different flags.  Checks every result itself.
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#define MISSING "/nonexistent/argops"

int main(void)
{
	static const size_t counts[] = { 10, 100, 1000, 5000 };
	static const int flags[] = { O_RDONLY, O_WRONLY | O_CREAT,
				     O_WRONLY | O_CREAT | O_EXCL, O_DIRECTORY };
	static char buf[5000];
	int fails = 0, i, null = open("/dev/null", O_WRONLY);

	/* stdout goes nowhere: the writes to fd 1 are only for counting. */
	if (null < 0 || dup2(null, 1) != 1)
		return 100;

	for (i = 0; i < 4; i++)
		if (write(-1, buf, counts[i]) != -1 || errno != EBADF)
			fails++;
	for (i = 0; i < 200; i++)
		if (write(1, "x", 1) != 1)
			fails++;
	if (write(2, "", 0) != 0)
		fails++;
	for (i = 0; i < 4; i++)
		if (openat(AT_FDCWD, MISSING, flags[i], 0600) != -1 ||
		    errno != ENOENT)
			fails++;
	return fails;
}

// SPDX-License-Identifier: LGPL-2.1-or-later
/* bench (k): 20000 opens of /dev/null, each three calls deep, so that -k
 * has a stack to unwind at every one. */
#include <fcntl.h>
#include <unistd.h>

__attribute__((noinline)) static void one(void)
{
	int fd = open("/dev/null", O_RDONLY);

	if (fd >= 0)
		close(fd);
}

__attribute__((noinline)) static void two(void)
{
	one();
	__asm__ volatile("" ::: "memory"); /* not a tail call */
}

__attribute__((noinline)) static void three(void)
{
	two();
	__asm__ volatile("" ::: "memory");
}

int main(void)
{
	int i;

	for (i = 0; i < 20000; i++)
		three();
	return 0;
}

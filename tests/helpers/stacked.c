// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A known call chain for -k: main -> level_three -> level_two ->
 * level_one -> open("/dev/null").  Built with -g -O0 so that every level
 * keeps its own frame and its own line in the DWARF line table.
 */
#include <fcntl.h>
#include <unistd.h>

__attribute__((noinline)) static int level_one(void)
{
	return open("/dev/null", O_RDONLY);
}

__attribute__((noinline)) static int level_two(void)
{
	return level_one();
}

__attribute__((noinline)) int level_three(void);
__attribute__((noinline)) int level_three(void)
{
	return level_two();
}

int main(void)
{
	int fd = level_three();

	if (fd < 0)
		return 1;
	close(fd);
	return 0;
}

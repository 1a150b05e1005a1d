// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Loads the library argv[1] with dlopen() and calls its stacklib_open():
 * the library's frame is in a mapping made after the process started.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int (*fn)(void);
	void *lib;
	int fd;

	if (argc < 2)
		return 2;
	lib = dlopen(argv[1], RTLD_NOW);
	if (!lib) {
		fprintf(stderr, "stackdl: %s\n", dlerror());
		return 1;
	}
	*(void **)&fn = dlsym(lib, "stacklib_open");
	fd = fn ? fn() : -1;
	if (fd < 0)
		return 1;
	close(fd);
	return 0;
}

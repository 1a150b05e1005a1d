// SPDX-License-Identifier: LGPL-2.1-or-later
/* A library that stackdl loads with dlopen() after its start: -k must
 * name its frame, which needs the process's map read again. */
#include <fcntl.h>

int stacklib_open(void);
int stacklib_open(void)
{
	return open("/dev/null", O_RDONLY);
}

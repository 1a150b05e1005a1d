// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * "as-nobody PROG ARGS...": runs PROG as user and group nobody (65534),
 * with no supplementary groups.  The file named after a "-o" is given to
 * nobody first, so that syswarden run this way can write its trace there.
 * Exits 2 when it cannot switch (not root), 126 when PROG cannot run.
 */
#include <grp.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define NOBODY 65534

int main(int argc, char **argv)
{
	int i;

	if (argc < 2) {
		fprintf(stderr, "usage: as-nobody PROG [ARGS...]\n");
		return 2;
	}
	for (i = 1; i + 1 < argc; i++)
		if (!strcmp(argv[i], "-o") &&
		    chown(argv[i + 1], NOBODY, NOBODY) < 0) {
			perror(argv[i + 1]);
			return 2;
		}
	if (setgroups(0, NULL) < 0 || setresgid(NOBODY, NOBODY, NOBODY) < 0 ||
	    setresuid(NOBODY, NOBODY, NOBODY) < 0) {
		perror("as-nobody: cannot become nobody");
		return 2;
	}
	execv(argv[1], argv + 1);
	perror(argv[1]);
	return 126;
}

// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Fuzzes file_monitor's path resolver (src/plugins/path.c), which takes
 * paths from its "paths" option and from every traced open, against the
 * kernel: in a scratch tree of directories, files and links (relative,
 * absolute, escaping upwards, looping, dangling), a path that
 * openat2(RESOLVE_IN_ROOT) opens must resolve, and to the same place.
 * Whatever resolves is absolute and clean ("//", "/./", "/../" gone).
 *
 * Input: the path; a relative one starts in /a.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "plugins/path.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static char root[PATH_MAX], dir[PATH_MAX + 8];
static int root_fd = -1;

static void must(int r, const char *what)
{
	if (r < 0) {
		perror(what);
		abort();
	}
}

static const char *const links[][2] = {
	{ "rel", "a/b" },     { "abs", "/a" },		 { "up", "../../.." },
	{ "loop1", "loop2" }, { "loop2", "loop1" },	 { "dangle", "gone" },
	{ "tofile", "a/f" },  { "a/back", ".." },	 { "a/b/root", "/" },
	{ "a/b/dot", "." },   { "a/b/tofile", "../f/" },
};

static void remove_tree(void)
{
	size_t i;

	for (i = 0; i < sizeof(links) / sizeof(links[0]); i++)
		unlinkat(root_fd, links[i][0], 0);
	unlinkat(root_fd, "a/f", 0);
	unlinkat(root_fd, "a/b", AT_REMOVEDIR);
	unlinkat(root_fd, "a", AT_REMOVEDIR);
	rmdir(root);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char tmpl[] = "/tmp/sw-fuzz-path-XXXXXX";
	size_t i;

	must(mkdtemp(tmpl) ? 0 : -1, "mkdtemp");
	must(realpath(tmpl, root) ? 0 : -1, "realpath");
	snprintf(dir, sizeof(dir), "%s/a", root);
	must(root_fd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC), root);
	atexit(remove_tree);
	must(mkdirat(root_fd, "a", 0755), "mkdir a");
	must(mkdirat(root_fd, "a/b", 0755), "mkdir a/b");
	must(close(openat(root_fd, "a/f", O_CREAT | O_WRONLY, 0644)), "a/f");
	for (i = 0; i < sizeof(links) / sizeof(links[0]); i++)
		must(symlinkat(links[i][1], root_fd, links[i][0]), links[i][0]);
	return 0;
}

/* Absolute, and no empty, "." or ".." name. */
static void check_clean(const char *p)
{
	if (p[0] != '/' || (p[1] && p[strlen(p) - 1] == '/') ||
	    strstr(p, "//") || strstr(p, "/./") || strstr(p, "/../"))
		abort();
	if (!strcmp(p + (strlen(p) >= 2 ? strlen(p) - 2 : 0), "/.") ||
	    !strcmp(p + (strlen(p) >= 3 ? strlen(p) - 3 : 0), "/.."))
		abort();
}

/* Where the kernel's RESOLVE_IN_ROOT lookup of @path lands, as a path
 * under the scratch root into @where; false when it fails. */
static bool kernel_resolve(const char *path, char *where, size_t size)
{
	struct open_how how = { .flags = O_PATH | O_CLOEXEC,
				.resolve = RESOLVE_IN_ROOT };
	char in_root[PATH_MAX + 8], link[64], real[PATH_MAX];
	size_t rlen = strlen(root);
	ssize_t n;
	int fd;

	if ((size_t)snprintf(in_root, sizeof(in_root), "%s%s",
			     path[0] == '/' ? "" : "a/",
			     path) >= sizeof(in_root))
		return false;
	fd = (int)syscall(SYS_openat2, root_fd, in_root, &how, sizeof(how));
	if (fd < 0)
		return false;
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, real, sizeof(real) - 1);
	close(fd);
	if (n < 0)
		abort();
	real[n] = '\0';
	if (strncmp(real, root, rlen) || (real[rlen] && real[rlen] != '/'))
		abort(); /* the kernel never leaves the root */
	snprintf(where, size, "%s", real[rlen] ? real + rlen : "/");
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pu_start at = { root, dir, "/a" };
	char *path = strndup((const char *)data, size);
	char out[PATH_MAX], want[PATH_MAX];
	int r;

	if (!path)
		abort();
	r = pu_resolve(&at, 0, 0, path, out, sizeof(out));
	if (r == 0)
		check_clean(out);
	if (getenv("SW_FUZZ_PRINT"))
		fprintf(stderr, "'%s': %s (%d)\n", path, r ? "-" : out, r);
	if (path[0] && kernel_resolve(path, want, sizeof(want)) &&
	    (r != 0 || strcmp(out, want))) {
		fprintf(stderr, "'%s': kernel %s, pu_resolve %s (%d)\n", path,
			want, r ? "-" : out, r);
		abort();
	}
	free(path);
	return 0;
}

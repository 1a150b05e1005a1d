// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * syswarden plugins - resolving a traced task's paths (see path.h).
 *
 * The walk goes forward one name at a time, as the kernel's does
 * (fs/namei.c, link_path_walk()): each name is looked up with lstat()
 * under the root prefix, a symbolic link has its target spliced in
 * front of what is left, ".." drops the last resolved name.  So a path
 * costs one lstat() a name, and a link to a file that does not exist yet
 * (a create through it) still names its target.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "path.h"

#define MAX_LINKS 40 /* MAXSYMLINKS, include/linux/namei.h */

struct walk {
	const char *root; /* the prefix that reaches the tree's root */
	pid_t tgid, tid; /* whose /proc/self; 0: ours */
	char out[2 * PATH_MAX]; /* resolved so far; "" is the root */
	size_t len;
	char todo[2 * PATH_MAX]; /* what is left to walk */
	int links;
	bool missing; /* a name did not exist: the rest is text */
};

/* Appends "/NAME" (@n bytes) to the resolved path. */
static int push(struct walk *w, const char *name, size_t n)
{
	if (w->len + n + 2 > sizeof(w->out))
		return -ENAMETOOLONG;
	w->out[w->len++] = '/';
	memcpy(w->out + w->len, name, n);
	w->len += n;
	w->out[w->len] = '\0';
	return 0;
}

/* Drops the last name of the resolved path (none at the root). */
static void pop(struct walk *w)
{
	while (w->len > 0 && w->out[--w->len] != '/')
		;
	w->out[w->len] = '\0';
}

/* The target of the link just pushed, into @buf: 0, or -errno when it
 * cannot be followed as a path (a magic link to a pipe, say). */
static int link_target(struct walk *w, char *buf, size_t size)
{
	char full[sizeof(w->out) + 64];
	ssize_t n;

	if (w->tgid && !strcmp(w->out, "/proc/self"))
		return snprintf(buf, size, "/proc/%d", w->tgid) < 0 ? -EIO : 0;
	if (w->tgid && !strcmp(w->out, "/proc/thread-self"))
		return snprintf(buf, size, "/proc/%d/task/%d", w->tgid,
				w->tid) < 0
			   ? -EIO
			   : 0;
	snprintf(full, sizeof(full), "%s%s", w->root, w->out);
	n = readlink(full, buf, size - 1);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	return buf[0] == '/' || strncmp(w->out, "/proc/", 6) ? 0 : -EINVAL;
}

/* Follows the link just pushed: its target goes in front of @rest. */
static int follow(struct walk *w, const char *rest, const char **p)
{
	char target[PATH_MAX], next[sizeof(w->todo)];
	int r;

	if (++w->links > MAX_LINKS)
		return -ELOOP;
	r = link_target(w, target, sizeof(target));
	if (r < 0) {
		w->missing = true; /* not a path to follow: text from here */
		return 0;
	}
	pop(w);
	if (target[0] == '/') {
		w->len = 0;
		w->out[0] = '\0';
	}
	if ((size_t)snprintf(next, sizeof(next), "%s/%s", target, rest) >=
	    sizeof(next))
		return -ENAMETOOLONG;
	strcpy(w->todo, next);
	*p = w->todo;
	return 0;
}

/* Takes the next name of @p; false when none is left. */
static bool next_name(const char **p, const char **name, size_t *n)
{
	while (**p == '/')
		(*p)++;
	*name = *p;
	*n = strcspn(*p, "/");
	*p += *n;
	return *n > 0;
}

static int walk(struct walk *w)
{
	char full[sizeof(w->out) + 64];
	const char *p = w->todo, *name;
	struct stat st;
	size_t n;
	int r = 0;

	while (r == 0 && next_name(&p, &name, &n)) {
		if (n == 1 && name[0] == '.')
			continue;
		if (n == 2 && name[0] == '.' && name[1] == '.') {
			pop(w);
			continue;
		}
		r = push(w, name, n);
		if (r < 0 || w->missing)
			continue;
		snprintf(full, sizeof(full), "%s%s", w->root, w->out);
		if (lstat(full, &st) < 0)
			w->missing = true;
		else if (S_ISLNK(st.st_mode))
			r = follow(w, p, &p);
	}
	return r;
}

int pu_resolve(const char *root, pid_t tgid, pid_t tid, const char *base,
	       const char *path, char *out, size_t size)
{
	struct walk w;
	char own[64];
	int r;

	if (!root) {
		snprintf(own, sizeof(own), "/proc/%d/root", tid);
		root = tid ? own : "";
	}
	memset(&w, 0, sizeof(w));
	w.root = root;
	w.tgid = tgid;
	w.tid = tid;
	if ((size_t)snprintf(w.todo, sizeof(w.todo), "%s/%s",
			     path[0] == '/' ? "" : base,
			     path) >= sizeof(w.todo))
		return -ENAMETOOLONG;
	r = walk(&w);
	if (r == 0 &&
	    (size_t)snprintf(out, size, "%s", w.len ? w.out : "/") >= size)
		r = -ENAMETOOLONG;
	return r;
}

/* The path of the task's directory @dirfd (AT_FDCWD: its cwd). */
static int dir_of(const struct sw_call *call, int dirfd, char *buf, size_t size)
{
	char link[64];
	ssize_t n;

	if (dirfd == AT_FDCWD)
		snprintf(link, sizeof(link), "/proc/%d/cwd", call->tid);
	else
		snprintf(link, sizeof(link), "/proc/%d/fd/%d", call->tid,
			 dirfd);
	n = readlink(link, buf, size - 1);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	return 0;
}

int pu_call_path(struct sw_call *call, uint64_t addr, int dirfd, bool in_root,
		 char *given, char *real, size_t size)
{
	char raw[PATH_MAX], dir[PATH_MAX], root[64], inside[PATH_MAX];
	ssize_t n = sw_call_read_str(call, addr, raw, sizeof(raw));
	int r;

	if (n < 0)
		return (int)n;
	if (n == 0)
		return -ENOENT;
	r = dir_of(call, dirfd, dir, sizeof(dir));
	if (r < 0)
		return r;
	snprintf(given, size, "%s%s%s", raw[0] == '/' || in_root ? "" : dir,
		 raw[0] == '/' || in_root || !strcmp(dir, "/") ? "" : "/", raw);
	if (!in_root)
		return pu_resolve(NULL, call->pid, call->tid, dir, raw, real,
				  size);
	/* Inside @dirfd: the walk's root is the directory itself. */
	snprintf(root, sizeof(root), "/proc/%d/fd/%d", call->tid, dirfd);
	r = pu_resolve(root, call->pid, call->tid, "/", raw, inside,
		       sizeof(inside));
	if (r == 0 &&
	    (size_t)snprintf(real, size, "%s%s", strcmp(dir, "/") ? dir : "",
			     inside) >= size)
		r = -ENAMETOOLONG;
	return r;
}

// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * syswarden plugins - resolving a traced task's paths (see path.h).
 *
 * The walk goes forward one name at a time, as the kernel's does
 * (fs/namei.c, link_path_walk()), holding a descriptor of the directory
 * reached: each name is looked up there, a directory is entered, a
 * symbolic link has its target spliced in front of what is left, ".."
 * goes up but never above the root.  So a path costs a lookup or two a
 * name however deep it is, and a link to a file that does not exist yet
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
	int root, dir; /* O_PATH descriptors: the tree, the place reached */
	struct stat root_st;
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

/* Moves the walk to directory @fd (owned), or fails with -errno. */
static int enter(struct walk *w, int fd)
{
	if (fd < 0)
		return -errno;
	close(w->dir);
	w->dir = fd;
	return 0;
}

/* Whether the walk stands at its root, where ".." stays. */
static bool at_root(const struct walk *w)
{
	struct stat st;

	return fstat(w->dir, &st) == 0 && st.st_dev == w->root_st.st_dev &&
	       st.st_ino == w->root_st.st_ino;
}

/* Whether task @tid lives in a pid namespace below ours, where the
 * numbers its /proc shows are not ours. */
static bool nested_pid_ns(pid_t tid)
{
	char path[64], line[256];
	bool nested = false;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", tid);
	f = fopen(path, "re");
	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, "NSpid:", 6))
			nested = strchr(line + 7, '\t') != NULL;
	if (f)
		fclose(f);
	return nested;
}

/* The target of link @name in the current directory, into @buf.  For
 * /proc/self and /proc/thread-self, the task's own: -EXDEV when that
 * cannot be told.  -EINVAL for a /proc link to what has no path (a
 * pipe). */
static int link_target(struct walk *w, const char *name, char *buf, size_t size)
{
	bool self = !strcmp(w->out, "/proc/self");
	ssize_t n;

	if (w->tgid && (self || !strcmp(w->out, "/proc/thread-self"))) {
		if (nested_pid_ns(w->tid))
			return -EXDEV;
		if (self)
			snprintf(buf, size, "/proc/%d", w->tgid);
		else
			snprintf(buf, size, "/proc/%d/task/%d", w->tgid,
				 w->tid);
		return 0;
	}
	n = readlinkat(w->dir, name, buf, size - 1);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	/* /proc's links to what has no path read "pipe:[4711]". */
	return strncmp(w->out, "/proc/", 6) || !strchr(buf, ':') ? 0 : -EINVAL;
}

/* Follows link @name (just pushed): its target goes in front of @rest. */
static int follow(struct walk *w, const char *name, const char *rest,
		  const char **p)
{
	char target[PATH_MAX], next[sizeof(w->todo)];
	int r;

	if (++w->links > MAX_LINKS)
		return -ELOOP;
	r = link_target(w, name, target, sizeof(target));
	if (r == -EXDEV)
		return r;
	if (r < 0) {
		w->missing = true; /* not a path to follow: text from here */
		return 0;
	}
	pop(w);
	if (target[0] == '/') {
		w->len = 0;
		w->out[0] = '\0';
		r = enter(w, fcntl(w->root, F_DUPFD_CLOEXEC, 0));
	}
	/* @rest starts with its '/' (a trailing one counts), or is empty. */
	if (r == 0 && (size_t)snprintf(next, sizeof(next), "%s%s", target,
				       rest) >= sizeof(next))
		r = -ENAMETOOLONG;
	if (r == 0) {
		strcpy(w->todo, next);
		*p = w->todo;
	}
	return r;
}

/* Takes the next name of @p, at most NAME_MAX bytes; false when none is
 * left. */
static bool next_name(const char **p, char *name)
{
	size_t n;

	while (**p == '/')
		(*p)++;
	n = strcspn(*p, "/");
	if (n > NAME_MAX)
		n = NAME_MAX; /* the kernel refuses it anyway */
	memcpy(name, *p, n);
	name[n] = '\0';
	*p += strcspn(*p, "/");
	return n > 0;
}

static int step_up(struct walk *w)
{
	int r = 0;

	if (!w->missing && !at_root(w))
		r = enter(
		    w, openat(w->dir, "..", O_PATH | O_DIRECTORY | O_CLOEXEC));
	pop(w);
	return r;
}

/* Looks up @name in the current directory and moves on. */
static int step(struct walk *w, const char *name, const char **p)
{
	struct stat st;
	int r = push(w, name, strlen(name));

	if (r < 0 || w->missing)
		return r;
	if (fstatat(w->dir, name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
		w->missing = true;
		return 0;
	}
	if (S_ISLNK(st.st_mode))
		return follow(w, name, *p, p);
	if (S_ISDIR(st.st_mode))
		return enter(
		    w, openat(w->dir, name,
			      O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
	/* A file with more after it, even a lone "/": not a directory. */
	return **p ? -ENOTDIR : 0;
}

static int walk(struct walk *w)
{
	char name[NAME_MAX + 1];
	const char *p = w->todo;
	int r = 0;

	while (r == 0 && next_name(&p, name)) {
		if (!strcmp(name, "."))
			continue;
		r = strcmp(name, "..") ? step(w, name, &p) : step_up(w);
	}
	return r;
}

int pu_resolve(const struct pu_start *at, pid_t tgid, pid_t tid,
	       const char *path, char *out, size_t size)
{
	bool relative = path[0] != '/';
	struct walk w;
	int r = 0;

	memset(&w, 0, sizeof(w));
	w.tgid = tgid;
	w.tid = tid;
	w.root = open(at->root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	w.dir = open(relative ? at->dir : at->root,
		     O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (w.root < 0 || w.dir < 0 || fstat(w.root, &w.root_st) < 0)
		r = -errno;
	else if (relative && !at->dir_text)
		r = -EXDEV; /* where it starts cannot be named */
	else if ((size_t)snprintf(w.out, sizeof(w.out), "%s",
				  relative ? at->dir_text : "") >=
		 sizeof(w.out))
		r = -ENAMETOOLONG;
	w.len = strlen(w.out);
	if (w.len && w.out[w.len - 1] == '/') /* the root's text, "/" */
		w.out[--w.len] = '\0';
	if (r == 0 && (size_t)snprintf(w.todo, sizeof(w.todo), "%s", path) >=
			  sizeof(w.todo))
		r = -ENAMETOOLONG;
	if (r == 0)
		r = walk(&w);
	if (r == 0 &&
	    (size_t)snprintf(out, size, "%s", w.len ? w.out : "/") >= size)
		r = -ENAMETOOLONG;
	if (w.root >= 0)
		close(w.root);
	if (w.dir >= 0)
		close(w.dir);
	return r;
}

/* The task's view of the directory that @link (a /proc magic link)
 * opens: its path with the task's root stripped.  NULL when it cannot
 * be told (too long, or outside that root). */
static const char *task_view(const struct sw_call *call, const char *link,
			     char *buf, size_t size)
{
	char root_link[64], root[PATH_MAX];
	ssize_t n = readlink(link, buf, size - 1), k;

	snprintf(root_link, sizeof(root_link), "/proc/%d/root", call->tid);
	k = readlink(root_link, root, sizeof(root) - 1);
	if (n < 0 || k < 0 || buf[0] != '/')
		return NULL;
	buf[n] = '\0';
	root[k] = '\0';
	if (!strcmp(root, "/"))
		return buf;
	if (strncmp(buf, root, (size_t)k) || (buf[k] && buf[k] != '/'))
		return NULL;
	return buf[k] ? buf + k : "/";
}

int pu_call_path(struct sw_call *call, uint64_t addr, int dirfd, bool in_root,
		 char *given, char *real, size_t size)
{
	char raw[PATH_MAX], dir[64], root[64], text[PATH_MAX];
	char inside[PATH_MAX];
	ssize_t n = sw_call_read_str(call, addr, raw, sizeof(raw));
	struct pu_start at = { root, dir, NULL };
	const char *top;
	int r;

	if (n < 0)
		return (int)n;
	if (n == 0)
		return -ENOENT; /* names nothing */
	if (dirfd == AT_FDCWD)
		snprintf(dir, sizeof(dir), "/proc/%d/cwd", call->tid);
	else
		snprintf(dir, sizeof(dir), "/proc/%d/fd/%d", call->tid, dirfd);
	snprintf(root, sizeof(root), "/proc/%d/root", call->tid);
	if (raw[0] != '/' || in_root)
		at.dir_text = task_view(call, dir, text, sizeof(text));
	snprintf(given, size, "%s%s%s",
		 raw[0] == '/' || in_root || !at.dir_text ? "" : at.dir_text,
		 raw[0] == '/' || in_root || !at.dir_text ||
			 !strcmp(at.dir_text, "/")
		     ? ""
		     : "/",
		 raw);
	if (!in_root)
		return pu_resolve(&at, call->pid, call->tid, raw, real, size);
	/* openat2 RESOLVE_IN_ROOT: the directory is the walk's root. */
	top = at.dir_text;
	if (!top)
		return -EXDEV;
	at.root = dir;
	at.dir_text = "/";
	r = pu_resolve(&at, call->pid, call->tid, raw, inside, sizeof(inside));
	if (r == 0 &&
	    (size_t)snprintf(
		real, size, "%s%s", strcmp(top, "/") ? top : "",
		strcmp(inside, "/") || !strcmp(top, "/") ? inside : "") >= size)
		r = -ENAMETOOLONG;
	return r;
}

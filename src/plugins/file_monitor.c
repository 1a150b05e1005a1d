// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * file_monitor - reports opens of sensitive files, and can refuse them.
 *
 *   paths=P:P:...  the files to watch; one ending in '/' watches what is
 *                  under that directory (default /etc/passwd:/etc/shadow:
 *                  /etc/ssh/)
 *   block=BOOL     refuse such opens with EACCES (default false)
 *   allow_side_doors=BOOL
 *                  with block=true, let through the calls that open
 *                  files by something other than a path checked here:
 *                  io_uring (its IORING_OP_OPENAT), open_by_handle_at,
 *                  and pidfd_getfd, which takes another process's
 *                  descriptor (default false: they fail with
 *                  EPERM, as where the kernel forbids them, and are
 *                  reported)
 *
 * A file is known by what the path resolves to for the task (its working
 * directory or dirfd, symbolic links, "..", "//", /proc/self, openat2's
 * RESOLVE_IN_ROOT; see path.h), and by inode: a watched file's catches
 * hard links, a watched tree's its other mounts.  Watched paths are
 * resolved the same way at start, so one that does not exist yet is
 * known by where it will be.  Each open of one is reported at its
 * return, from what was really opened: the descriptor's file.  With
 * block=true an open is refused at its entry instead, as is one whose
 * path cannot be resolved (too long, from a working directory deeper
 * than PATH_MAX, through /proc/self of another pid namespace).  The path
 * is read from the task's memory, which another of its threads can
 * change between the check and the kernel's own reading: the report at
 * return still names what was opened ("past the block"), but the block
 * itself is a tripwire, not a sandbox.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <syswarden/plugin.h>

#include "path.h"
#include "putil.h"

static const char *const calls[] = { "open", "openat", "openat2", "creat" };
/* Calls that open files by no path on_enter() sees.  name_to_handle_at
 * is not one: a handle opens nothing without open_by_handle_at. */
static const char *const side_doors[] = { "io_uring_setup", "io_uring_enter",
					  "open_by_handle_at", "pidfd_getfd" };

struct watched {
	char *path; /* resolved; a tree ends in '/' */
	bool tree, have_inode;
	dev_t dev;
	ino_t ino;
};

struct monitor {
	struct watched *w;
	size_t n;
	bool block;
};

static const struct sw_plugin_option options[] = {
	{ "paths", SW_OPT_STRING, "/etc/passwd:/etc/shadow:/etc/ssh/",
	  "':'-separated files to watch; a trailing '/' watches a tree" },
	{ "block", SW_OPT_BOOL, "false", "refuse those opens with EACCES" },
	{ "allow_side_doors", SW_OPT_BOOL, "false",
	  "with block=true, allow io_uring, open_by_handle_at and "
	  "pidfd_getfd, which open files by no path checked here" },
	{ NULL },
};

/* The tree that holds the directory @fd opens, or one above it, by inode:
 * reached through a bind mount, say.  Closes @fd. */
static const struct watched *tree_above(const struct monitor *m, int fd)
{
	struct stat st, up;
	unsigned int depth;
	size_t i;
	int next;

	for (depth = 0; fd >= 0 && depth < 256; depth++) {
		if (fstat(fd, &st) < 0)
			break;
		for (i = 0; i < m->n; i++)
			if (m->w[i].tree && m->w[i].have_inode &&
			    m->w[i].dev == st.st_dev &&
			    m->w[i].ino == st.st_ino) {
				close(fd);
				return &m->w[i];
			}
		next = openat(fd, "..", O_PATH | O_DIRECTORY | O_CLOEXEC);
		close(fd);
		fd = next;
		if (fd >= 0 && fstat(fd, &up) == 0 && up.st_dev == st.st_dev &&
		    up.st_ino == st.st_ino)
			break; /* the root: its ".." is itself */
	}
	if (fd >= 0)
		close(fd);
	return NULL;
}

/* The watched entry that @path (resolved, for task @tid) or the
 * file @st (NULL: none) falls under, or NULL: by path, and by inode for
 * the file and for the directories above it. */
static const struct watched *watched(const struct monitor *m, pid_t tid,
				     const char *path, const struct stat *st)
{
	char dir[4096 + 64], *slash;
	size_t i, k;

	for (i = 0; i < m->n; i++) {
		const struct watched *w = &m->w[i];

		k = strlen(w->path);
		if (!w->tree && !strcmp(path, w->path))
			return w;
		/* A tree: what is under it, and the directory itself. */
		if (w->tree && !strncmp(path, w->path, k - 1) &&
		    (path[k - 1] == '/' || !path[k - 1]))
			return w;
		if (st && !w->tree && w->have_inode && st->st_dev == w->dev &&
		    st->st_ino == w->ino)
			return w;
	}
	snprintf(dir, sizeof(dir), "/proc/%d/root%s", tid, path);
	if (!st || !S_ISDIR(st->st_mode)) {
		slash = strrchr(dir, '/');
		*slash = '\0';
	}
	return tree_above(m, open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC));
}

/* The file at @real as the call's task sees it (through its root), or
 * NULL when there is none. */
static const struct stat *stat_in(const struct sw_call *call, const char *real,
				  struct stat *st)
{
	char full[4096 + 64];

	snprintf(full, sizeof(full), "/proc/%d/root%s", call->tid, real);
	return stat(full, st) == 0 ? st : NULL;
}

/* Whether openat2's struct open_how asks for RESOLVE_IN_ROOT. */
static bool in_root(struct sw_call *call)
{
	uint64_t how[3] = { 0 }; /* flags, mode, resolve */
	int arg = pu_arg_index(call, "how");

	return arg >= 0 &&
	       sw_call_read_bytes(call, call->args[arg], how, sizeof(how)) ==
		   (ssize_t)sizeof(how) &&
	       (how[2] & RESOLVE_IN_ROOT);
}

/* The call's path as given, joined to its directory (@given), and what
 * it names (@real); 0 or -errno. */
static int call_path(struct sw_call *call, char *given, char *real, size_t size)
{
	int arg = pu_arg_index(call, "filename"),
	    dfd = pu_arg_index(call, "dfd");

	if (arg < 0)
		arg = pu_arg_index(call, "pathname");
	if (arg < 0)
		return -ENOENT;
	return pu_call_path(call, call->args[arg],
			    dfd < 0 ? AT_FDCWD : (int)call->args[dfd],
			    in_root(call), given, real, size);
}

/* Writes into @out: NAME "GIVEN", then " (REAL)" where the path
 * resolved elsewhere, and " (same file as W)" for another name of a
 * watched file. */
static const char *describe(const struct sw_call *call, const char *given,
			    const char *real, const struct watched *w,
			    char *out, size_t size)
{
	char q[4 * 4096 + 8];
	bool moved = strcmp(given, real) != 0;
	bool alias = !w->tree && strcmp(real, w->path) != 0;

	snprintf(out, size, "%s %s%s%s%s%s%s%s", call->name,
		 sw_quote(q, sizeof(q), given, strlen(given), 4096),
		 moved ? " (" : "", moved ? real : "", moved ? ")" : "",
		 alias ? " (same file as " : "", alias ? w->path : "",
		 alias ? ")" : "");
	return out;
}

/* At entry, with block=true: refuses an open of a watched file, and one
 * whose path is too long to tell. */
static void on_enter(struct sw_call *call, void *data)
{
	const struct monitor *m = data;
	char given[4096], real[4096], what[2 * 4 * 4096 + 64];
	const struct watched *w;
	struct stat st;
	int r = call_path(call, given, real, sizeof(given));

	if (r == -ENAMETOOLONG || r == -EXDEV) {
		sw_call_skip(call, -EACCES);
		sw_call_report(call,
			       "%s blocked with EACCES: cannot tell what its "
			       "path names (%s)",
			       call->name,
			       r == -EXDEV
				   ? "it starts in a working directory deeper "
				     "than PATH_MAX, or goes through "
				     "/proc/self in another pid namespace"
				   : "it resolves to more than PATH_MAX bytes");
		return;
	}
	if (r < 0 ||
	    !(w = watched(m, call->tid, real, stat_in(call, real, &st))))
		return;
	sw_call_skip(call, -EACCES);
	sw_call_report(call, "%s blocked with EACCES",
		       describe(call, given, real, w, what, sizeof(what)));
}

/* At entry, with block=true: refuses a call that could open a watched
 * file by something other than a path, as if the kernel forbade it. */
static void shut_side_door(struct sw_call *call, void *data)
{
	(void)data;
	sw_call_skip(call, -EPERM);
	sw_call_report(call,
		       "%s blocked with EPERM: it opens files by no path "
		       "this plugin checks (allow_side_doors=true lets it)",
		       call->name);
}

/* At return: what a successful open opened, by its descriptor. */
static void on_opened(struct sw_call *call, const struct monitor *m)
{
	char fd[64], real[4096], given[4096], unused[4096];
	char what[2 * 4 * 4096 + 64];
	const struct watched *w;
	struct stat st;
	ssize_t n;

	snprintf(fd, sizeof(fd), "/proc/%d/fd/%d", call->tid, (int)call->ret);
	n = readlink(fd, real, sizeof(real) - 1);
	if (n < 0 || stat(fd, &st) < 0)
		return;
	real[n] = '\0';
	if (!(w = watched(m, call->tid, real, &st)))
		return;
	if (call_path(call, given, unused, sizeof(given)) < 0)
		snprintf(given, sizeof(given), "?");
	sw_call_report(call, "%s%s",
		       describe(call, given, real, w, what, sizeof(what)),
		       m->block ? " opened past the block (what its path named "
				  "changed after the check)"
				: "");
}

/* At return: a failed open of a watched path (unless blocked here). */
static void on_failed(struct sw_call *call, const struct monitor *m)
{
	char given[4096], real[4096], what[2 * 4 * 4096 + 64], num[16];
	const struct watched *w;
	struct stat st;

	if (call->skipped && m->block)
		return; /* reported when it was blocked */
	if (call_path(call, given, real, sizeof(given)) < 0 ||
	    !(w = watched(m, call->tid, real, stat_in(call, real, &st))))
		return;
	sw_call_report(call, "%s failed: %s",
		       describe(call, given, real, w, what, sizeof(what)),
		       pu_errname((int)-call->ret, num, sizeof(num)));
}

static void on_return(struct sw_call *call, void *data)
{
	if (call->ret >= 0)
		on_opened(call, data);
	else
		on_failed(call, data);
}

/* Adds watched entry @p, resolved as far as it exists. */
static int watch(struct monitor *m, const char *p)
{
	struct watched *grown = realloc(m->w, (m->n + 1) * sizeof(*grown));
	struct watched *w;
	char real[4096];
	struct stat st;

	if (!grown)
		return -ENOMEM;
	m->w = grown;
	w = memset(&m->w[m->n], 0, sizeof(*w));
	w->tree = p[strlen(p) - 1] == '/';
	if (pu_resolve(&(struct pu_start){ "/", "/", "/" }, 0, 0, p, real,
		       sizeof(real)) < 0)
		snprintf(real, sizeof(real), "%s", p);
	if (stat(real, &st) == 0 && S_ISDIR(st.st_mode) == w->tree) {
		w->have_inode = true;
		w->dev = st.st_dev;
		w->ino = st.st_ino;
	}
	if (asprintf(&w->path, "%s%s", real,
		     w->tree && real[strlen(real) - 1] != '/' ? "/" : "") < 0)
		return -ENOMEM;
	m->n++;
	return 0;
}

/* Splits the ':'-separated @list into watched entries. */
static int watch_all(struct monitor *m, const char *list, char *err)
{
	char *copy = strdup(list), *p, *save = NULL;
	int r = 0;

	if (!copy)
		return -ENOMEM;
	for (p = strtok_r(copy, ":", &save); p && r == 0;
	     p = strtok_r(NULL, ":", &save)) {
		if (p[0] != '/') {
			snprintf(err, SW_PLUGIN_ERRSIZE,
				 "paths: '%s' is not absolute", p);
			r = -EINVAL;
		} else {
			r = watch(m, p);
		}
	}
	free(copy);
	if (r == 0 && !m->n) {
		snprintf(err, SW_PLUGIN_ERRSIZE, "paths: no path given");
		r = -EINVAL;
	}
	return r;
}

static int shut_side_doors(struct sw_plugin_ctx *ctx)
{
	struct sw_hook_spec spec = { .fn = shut_side_door };
	size_t i;
	int r = 0;

	for (i = 0; r == 0 && i < sizeof(side_doors) / sizeof(side_doors[0]);
	     i++) {
		spec.name = side_doors[i];
		r = sw_hook_add(sw_plugin_supervisor(ctx), &spec, NULL,
				sw_plugin_errbuf(ctx), SW_PLUGIN_ERRSIZE);
	}
	return r;
}

static int init(struct sw_plugin_ctx *ctx)
{
	struct monitor *m = calloc(1, sizeof(*m));
	struct sw_supervisor *sup = sw_plugin_supervisor(ctx);
	struct sw_hook_spec enter = { .fn = on_enter };
	struct sw_hook_spec ret = { .when = SW_HOOK_RETURN, .fn = on_return };
	size_t i;
	int r;

	if (!m)
		return -ENOMEM;
	*sw_plugin_state(ctx) = m;
	m->block = sw_plugin_opt_bool(ctx, "block");
	r = watch_all(m, sw_plugin_opt_str(ctx, "paths"),
		      sw_plugin_errbuf(ctx));
	enter.data = ret.data = m;
	for (i = 0; r == 0 && i < sizeof(calls) / sizeof(calls[0]); i++) {
		enter.name = ret.name = calls[i];
		if (m->block)
			r = sw_hook_add(sup, &enter, NULL,
					sw_plugin_errbuf(ctx),
					SW_PLUGIN_ERRSIZE);
		if (r == 0)
			r = sw_hook_add(sup, &ret, NULL, sw_plugin_errbuf(ctx),
					SW_PLUGIN_ERRSIZE);
	}
	if (r == 0 && m->block && !sw_plugin_opt_bool(ctx, "allow_side_doors"))
		r = shut_side_doors(ctx);
	return r;
}

static void fini(struct sw_plugin_ctx *ctx)
{
	struct monitor *m = *sw_plugin_state(ctx);
	size_t i;

	for (i = 0; m && i < m->n; i++)
		free(m->w[i].path);
	if (m)
		free(m->w);
	free(m);
}

SW_PLUGIN_DEFINE("file_monitor",
		 "reports (and can block) opens of sensitive files", options,
		 init, fini)

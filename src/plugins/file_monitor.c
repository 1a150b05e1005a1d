// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * file_monitor - reports opens of sensitive paths, and can refuse them.
 *
 *   paths=P:P:...  the paths to watch; one ending in '/' watches what is
 *                  under that directory (default /etc/passwd:/etc/shadow:
 *                  /etc/ssh/)
 *   block=BOOL     refuse such opens with EACCES (default false)
 *
 * Relative paths are joined to the task's working directory, or to the
 * directory its dirfd names, before they are compared; symbolic links
 * and ".." are not resolved.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <syswarden/plugin.h>

#include "putil.h"

static const char *const calls[] = { "open", "openat", "openat2", "creat" };

struct monitor {
	char **paths;
	size_t npaths;
	bool block;
};

static const struct sw_plugin_option options[] = {
	{ "paths", SW_OPT_STRING, "/etc/passwd:/etc/shadow:/etc/ssh/",
	  "':'-separated paths to watch; a trailing '/' watches a tree" },
	{ "block", SW_OPT_BOOL, "false", "refuse those opens with EACCES" },
	{ NULL },
};

static bool sensitive(const struct monitor *m, const char *path)
{
	size_t i, n;

	for (i = 0; i < m->npaths; i++) {
		n = strlen(m->paths[i]);
		if (m->paths[i][n - 1] == '/' ? !strncmp(path, m->paths[i], n)
					      : !strcmp(path, m->paths[i]))
			return true;
	}
	return false;
}

static void on_open(struct sw_call *call, void *data)
{
	struct monitor *m = data;
	int arg = pu_arg_index(call, "filename"), dfd;
	char path[4096], q[4200];

	if (arg < 0)
		arg = pu_arg_index(call, "pathname");
	dfd = pu_arg_index(call, "dfd");
	if (arg < 0 ||
	    pu_read_path(call, dfd < 0 ? AT_FDCWD : (int)call->args[dfd],
			 call->args[arg], path, sizeof(path)) < 0 ||
	    !sensitive(m, path))
		return;
	if (m->block)
		sw_call_skip(call, -EACCES);
	sw_call_report(call, "%s %s%s", call->name,
		       sw_quote(q, sizeof(q), path, strlen(path), 4096),
		       m->block ? " blocked with EACCES" : "");
}

/* Splits the ':'-separated @list into m->paths. */
static int split_paths(struct monitor *m, const char *list, char *err)
{
	char *copy = strdup(list), *p, *save = NULL;
	int r = 0;

	if (!copy)
		return -ENOMEM;
	for (p = strtok_r(copy, ":", &save); p && r == 0;
	     p = strtok_r(NULL, ":", &save)) {
		char **grown = realloc(m->paths, (m->npaths + 1) * sizeof(p));

		if (!grown || !(grown[m->npaths] = strdup(p)))
			r = -ENOMEM;
		if (grown)
			m->paths = grown;
		if (r == 0)
			m->npaths++;
	}
	free(copy);
	if (r == 0 && !m->npaths) {
		snprintf(err, SW_PLUGIN_ERRSIZE, "paths: no path given");
		r = -EINVAL;
	}
	return r;
}

static int init(struct sw_plugin_ctx *ctx)
{
	struct monitor *m = calloc(1, sizeof(*m));
	struct sw_hook_spec spec = { .fn = on_open };
	size_t i;
	int r;

	if (!m)
		return -ENOMEM;
	*sw_plugin_state(ctx) = m;
	m->block = sw_plugin_opt_bool(ctx, "block");
	r = split_paths(m, sw_plugin_opt_str(ctx, "paths"),
			sw_plugin_errbuf(ctx));
	spec.data = m;
	for (i = 0; r == 0 && i < sizeof(calls) / sizeof(calls[0]); i++) {
		spec.name = calls[i];
		r = sw_hook_add(sw_plugin_supervisor(ctx), &spec, NULL,
				sw_plugin_errbuf(ctx), SW_PLUGIN_ERRSIZE);
	}
	return r;
}

static void fini(struct sw_plugin_ctx *ctx)
{
	struct monitor *m = *sw_plugin_state(ctx);
	size_t i;

	for (i = 0; m && i < m->npaths; i++)
		free(m->paths[i]);
	if (m)
		free(m->paths);
	free(m);
}

SW_PLUGIN_DEFINE("file_monitor",
		 "reports (and can block) opens of sensitive paths", options,
		 init, fini)

// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * exec_monitor - reports every execve and execveat: the process, its
 * parent, the file and argv; and, at return, the execs that failed.
 *
 *   max_args=N  argv entries shown (default 32)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <syswarden/plugin.h>

#include "putil.h"

#define ARG_SHOWN 256

static const struct sw_plugin_option options[] = {
	{ "max_args", SW_OPT_INT, "32", "argv entries shown" },
	{ NULL },
};

/* Writes argv at @addr into @out as ["a", "b", ...], showing at most
 * @max_args entries. */
static void format_argv(struct sw_call *call, uint64_t addr, long max_args,
			char *out, size_t size)
{
	uint64_t ptrs[256];
	char s[ARG_SHOWN + 1], q[4 * ARG_SHOWN + 8];
	size_t max = (size_t)max_args < 256 ? (size_t)max_args : 256, n;
	int count = sw_call_read_ptrlist(call, addr, ptrs, max);
	ssize_t len;
	size_t i;

	n = count == -E2BIG ? max : count < 0 ? 0 : (size_t)count;
	snprintf(out, size, "[");
	for (i = 0; i < n; i++) {
		len = sw_call_read_str(call, ptrs[i], s, sizeof(s));
		if (len == -ERANGE)
			len = ARG_SHOWN;
		snprintf(out + strlen(out), size - strlen(out), "%s%s",
			 i ? ", " : "",
			 len < 0 ? "?"
				 : sw_quote(q, sizeof(q), s, (size_t)len,
					    ARG_SHOWN));
	}
	snprintf(out + strlen(out), size - strlen(out), "%s]",
		 count == -E2BIG ? ", ..."
		 : count < 0	 ? "?"
				 : "");
}

static void on_exec(struct sw_call *call, void *data)
{
	int file = pu_arg_index(call, "filename");
	int argv = pu_arg_index(call, "argv");
	char path[4096], q[4200], args[8192];
	ssize_t n = -1;

	if (file >= 0)
		n = sw_call_read_str(call, call->args[file], path,
				     sizeof(path));
	if (argv >= 0)
		format_argv(call, call->args[argv], *(long *)data, args,
			    sizeof(args));
	sw_call_report(call, "pid %d (parent %d): %s %s %s", call->pid,
		       sw_call_ppid(call), call->name,
		       n >= 0 ? sw_quote(q, sizeof(q), path, (size_t)n, 4096)
			      : "(unreadable path)",
		       argv >= 0 ? args : "");
}

static void on_failed(struct sw_call *call, void *data)
{
	char num[16];

	sw_call_report(call, "pid %d: %s failed: %s", call->pid, call->name,
		       pu_errname((int)-call->ret, num, sizeof(num)));
}

static int init(struct sw_plugin_ctx *ctx)
{
	static const char *const names[] = { "execve", "execveat" };
	struct sw_supervisor *sup = sw_plugin_supervisor(ctx);
	long *max_args = malloc(sizeof(*max_args));
	struct sw_hook_spec enter = { .fn = on_exec, .data = max_args };
	struct sw_hook_spec failed = { .when = SW_HOOK_RETURN,
				       .fn = on_failed,
				       .ret = SW_ERROR() };
	size_t i;
	int r = 0;

	if (!max_args)
		return -ENOMEM;
	*sw_plugin_state(ctx) = max_args;
	*max_args = sw_plugin_opt_int(ctx, "max_args");
	if (*max_args < 0) {
		snprintf(sw_plugin_errbuf(ctx), SW_PLUGIN_ERRSIZE,
			 "max_args: cannot be negative");
		return -EINVAL;
	}
	for (i = 0; r == 0 && i < 2; i++) {
		enter.name = failed.name = names[i];
		r = sw_hook_add(sup, &enter, NULL, sw_plugin_errbuf(ctx),
				SW_PLUGIN_ERRSIZE);
		if (r == 0)
			r = sw_hook_add(sup, &failed, NULL,
					sw_plugin_errbuf(ctx),
					SW_PLUGIN_ERRSIZE);
	}
	return r;
}

static void fini(struct sw_plugin_ctx *ctx)
{
	free(*sw_plugin_state(ctx));
}

SW_PLUGIN_DEFINE("exec_monitor",
		 "reports execve and execveat with argv and parent", options,
		 init, fini)

// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * exec_monitor - reports every execve and execveat: the process, its
 * parent, the file and argv; and, at return, the execs that failed.
 *
 *   max_args=N  argv entries shown (default 32, at most 256); each is
 *               cut after 256 bytes
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <syswarden/plugin.h>

#include "putil.h"

#define ARG_SHOWN 256
#define MAX_ARGS 256

static const struct sw_plugin_option options[] = {
	{ "max_args", SW_OPT_INT, "32", "argv entries shown", 0, MAX_ARGS },
	{ NULL },
};

/* argv at @addr as ["a", "b", ...], at most @max_args entries, each cut
 * after ARG_SHOWN bytes; a malloc'd string, or NULL without memory. */
static char *format_argv(struct sw_call *call, uint64_t addr, long max_args)
{
	uint64_t ptrs[MAX_ARGS];
	char s[ARG_SHOWN + 1], q[4 * ARG_SHOWN + 8], *out = NULL;
	int count = sw_call_read_ptrlist(call, addr, ptrs, (size_t)max_args);
	size_t n = count == -E2BIG ? (size_t)max_args
		   : count < 0	   ? 0
				   : (size_t)count,
	       i, size;
	FILE *f = open_memstream(&out, &size);
	ssize_t len;

	if (!f)
		return NULL;
	fputc('[', f);
	for (i = 0; i < n; i++) {
		len = sw_call_read_str(call, ptrs[i], s, sizeof(s));
		fputs(i ? ", " : "", f);
		if (len == -ERANGE) /* longer: its start, and "..." */
			len = ARG_SHOWN + 1;
		fputs(len < 0
			  ? "?"
			  : sw_quote(q, sizeof(q), s, (size_t)len, ARG_SHOWN),
		      f);
	}
	if (count == -E2BIG)
		fputs(n ? ", ..." : "...", f);
	else if (count < 0)
		fputs("?", f);
	fputc(']', f);
	fclose(f);
	return out;
}

static void on_exec(struct sw_call *call, void *data)
{
	int file = pu_arg_index(call, "filename");
	int argv = pu_arg_index(call, "argv");
	char path[4096], q[4 * 4096 + 8], *args = NULL;
	ssize_t n = -1;

	if (file >= 0)
		n = sw_call_read_str(call, call->args[file], path,
				     sizeof(path));
	if (argv >= 0)
		args = format_argv(call, call->args[argv], *(long *)data);
	sw_call_report(call, "pid %d (parent %d): %s %s %s", call->pid,
		       sw_call_ppid(call), call->name,
		       n >= 0 ? sw_quote(q, sizeof(q), path, (size_t)n, 4096)
			      : "(unreadable path)",
		       args ? args : "");
	free(args);
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

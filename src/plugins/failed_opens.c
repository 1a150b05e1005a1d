// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * failed_opens - reports every open that failed, with its path and errno.
 * A return-value filter (SW_ERROR) keeps successful opens out of the
 * callback altogether.
 */
#include <stdio.h>

#include <syswarden/plugin.h>

#include "putil.h"

static const char *const calls[] = { "open", "openat", "openat2", "creat" };

static const struct sw_plugin_option options[] = { { NULL } };

static void on_failed(struct sw_call *call, void *data)
{
	int path = pu_arg_index(call, "filename");
	char buf[4096], q[4200], num[16];
	ssize_t n = -1;

	if (path < 0)
		path = pu_arg_index(call, "pathname");
	if (path >= 0)
		n = sw_call_read_str(call, call->args[path], buf, sizeof(buf));
	sw_call_report(call, "%s %s failed: %s", call->name,
		       n >= 0 ? sw_quote(q, sizeof(q), buf, (size_t)n, 4096)
			      : "(unreadable path)",
		       pu_errname((int)-call->ret, num, sizeof(num)));
}

static int init(struct sw_plugin_ctx *ctx)
{
	struct sw_hook_spec spec = { .when = SW_HOOK_RETURN,
				     .fn = on_failed,
				     .ret = SW_ERROR() };
	size_t i;
	int r = 0;

	for (i = 0; r == 0 && i < sizeof(calls) / sizeof(calls[0]); i++) {
		spec.name = calls[i];
		r = sw_hook_add(sw_plugin_supervisor(ctx), &spec, NULL,
				sw_plugin_errbuf(ctx), SW_PLUGIN_ERRSIZE);
	}
	return r;
}

SW_PLUGIN_DEFINE("failed_opens", "reports opens that failed, with errno",
		 options, init, NULL)

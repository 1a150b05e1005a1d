// SPDX-License-Identifier: LGPL-2.1-or-later
/* A test plugin whose init registers a hook, then fails. */
#include <errno.h>
#include <stdio.h>

#include <syswarden/plugin.h>

static const struct sw_plugin_option options[] = { { NULL } };

static void nop(struct sw_call *call, void *data)
{
}

static int init(struct sw_plugin_ctx *ctx)
{
	struct sw_hook_spec spec = { .name = "getppid", .fn = nop };

	sw_hook_add(sw_plugin_supervisor(ctx), &spec, NULL, NULL, 0);
	snprintf(sw_plugin_errbuf(ctx), SW_PLUGIN_ERRSIZE,
		 "the widget is missing");
	return -ENODEV;
}

SW_PLUGIN_DEFINE("failinit", "always fails", options, init, NULL)

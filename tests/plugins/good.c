// SPDX-License-Identifier: LGPL-2.1-or-later
/* A test plugin that records its options and registers one hook. */
#include <stdio.h>

#include <syswarden/plugin.h>

static const struct sw_plugin_option options[] = {
	{ "count", SW_OPT_INT, "7", "a number", 0, 99 },
	{ "loud", SW_OPT_BOOL, "false", "a switch" },
	{ "name", SW_OPT_STRING, "", "a word" },
	{ NULL },
};

__attribute__((visibility("default"))) char good_seen[128];

static void nop(struct sw_call *call, void *data)
{
}

static int init(struct sw_plugin_ctx *ctx)
{
	struct sw_hook_spec spec = { .name = "getppid", .fn = nop };

	snprintf(good_seen, sizeof(good_seen), "count=%ld loud=%d name=%s",
		 sw_plugin_opt_int(ctx, "count"),
		 sw_plugin_opt_bool(ctx, "loud"),
		 sw_plugin_opt_str(ctx, "name"));
	return sw_hook_add(sw_plugin_supervisor(ctx), &spec, NULL,
			   sw_plugin_errbuf(ctx), SW_PLUGIN_ERRSIZE);
}

SW_PLUGIN_DEFINE("good", "records its options", options, init, NULL)

// SPDX-License-Identifier: LGPL-2.1-or-later
/* A test plugin whose init removes the hooks of "good", then fails. */
#include <errno.h>
#include <stdio.h>

#include <syswarden/plugin.h>

static const struct sw_plugin_option options[] = { { NULL } };

static void nop(struct sw_call *call, void *data)
{
}

static int init(struct sw_plugin_ctx *ctx)
{
	struct sw_hook_spec spec = { .name = "getpid", .fn = nop };
	struct sw_supervisor *sup = sw_plugin_supervisor(ctx);

	sw_hooks_remove(sup, "good", NULL);
	sw_hook_add(sup, &spec, NULL, NULL, 0);
	snprintf(sw_plugin_errbuf(ctx), SW_PLUGIN_ERRSIZE, "cut and failed");
	return -EINVAL;
}

SW_PLUGIN_DEFINE("cutter", "removes good's hooks, then fails", options, init,
		 NULL)

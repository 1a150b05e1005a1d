// SPDX-License-Identifier: LGPL-2.1-or-later
/* deny_open: refuses to open one path, with EACCES. */
#include <errno.h>
#include <syswarden/plugin.h>

static const struct sw_plugin_option options[] = {
	{ "path", SW_OPT_STRING, "/etc/hostname", "the path to refuse" },
	{ NULL },
};

static void refuse(struct sw_call *call, void *path)
{
	sw_call_skip(call, -EACCES);
	sw_call_report(call, "refused %s", (const char *)path);
}

static int init(struct sw_plugin_ctx *ctx)
{
	const char *path = sw_plugin_opt_str(ctx, "path");
	struct sw_hook_spec spec = {
		.name = "openat",
		.fn = refuse,
		.data = (void *)path,
		.str[1] = SW_STR_EXACT(path), /* openat's filename */
	};

	return sw_hook_add(sw_plugin_supervisor(ctx), &spec, NULL,
			   sw_plugin_errbuf(ctx), SW_PLUGIN_ERRSIZE);
}

SW_PLUGIN_DEFINE("deny_open", "refuses to open one path", options, init, NULL)

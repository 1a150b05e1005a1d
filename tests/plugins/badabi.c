// SPDX-License-Identifier: LGPL-2.1-or-later
/* A test plugin built for another plugin ABI. */
#include <syswarden/plugin.h>

static int init(struct sw_plugin_ctx *ctx)
{
	return 0;
}

__attribute__((visibility("default"))) const struct sw_plugin_desc *
sw_plugin_entry(void);

const struct sw_plugin_desc *sw_plugin_entry(void)
{
	static const struct sw_plugin_desc desc = {
		SW_PLUGIN_ABI + 1,
		"badabi",
		"from the future",
		NULL,
		init,
		NULL,
	};

	return &desc;
}

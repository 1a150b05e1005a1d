/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* syswarden - loading plugins (see include/syswarden/plugin.h). */
#ifndef SW_PLUGIN_H
#define SW_PLUGIN_H

#include <syswarden/plugin.h>

#include "util.h"

struct sw_supervisor;

/* Runs every loaded plugin's fini, newest first, and unloads them. */
void plugin_unload_all(struct sw_supervisor *sup);

/* A context with no plugin behind it (for parsing options); NULL
 * without memory.  plugin_ctx_free() also unloads its plugin. */
struct sw_plugin_ctx *plugin_ctx_new(struct sw_supervisor *sup);
void plugin_ctx_free(struct sw_plugin_ctx *ctx);

/*
 * Sets @ctx's options to the defaults in @decl (ended by a NULL name; NULL
 * for none), then to "key=val,key=val" in @text (NULL or empty: none).  A
 * bare "key" sets a boolean option.  Returns 0, -EINVAL with the reason in
 * @err, or -EPROTO when @decl itself is wrong (a duplicate name, a bad
 * type, a default that does not parse).
 */
int plugin_parse_options(struct sw_plugin_ctx *ctx,
			 const struct sw_plugin_option *decl, const char *text,
			 struct strbuf *err);

#endif /* SW_PLUGIN_H */

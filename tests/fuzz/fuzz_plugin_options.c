// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Fuzzes a plugin's option text ("--plugin P.so:key=val,flag,...")
 * against a declaration with every option type, and the declaration's
 * defaults, which come from the plugin's own file: the input is
 * "OPTIONS" or "INT_DEFAULT\nBOOL_DEFAULT\nSTRING_DEFAULT\nOPTIONS".
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "plugin.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct sw_plugin_option fixed[] = {
	{ "limit", SW_OPT_INT, "10", "a bounded number", 1, 1000 },
	{ "any", SW_OPT_INT, "-5", "any long", 0, 0 },
	{ "neg", SW_OPT_INT, "-1", "a negative range", LONG_MIN, -1 },
	{ "verbose", SW_OPT_BOOL, "no", "a flag", 0, 0 },
	{ "path", SW_OPT_STRING, "", "a string", 0, 0 },
	{ "name", SW_OPT_STRING, "x", "another", 0, 0 },
	{ NULL },
};

/* Splits the next line off *text; NULL when there is no newline. */
static char *line(char **text)
{
	char *nl = strchr(*text, '\n'), *l = *text;

	if (!nl)
		return NULL;
	*nl = '\0';
	*text = nl + 1;
	return l;
}

/* What was accepted is what the declaration allows; a value from the
 * option text cannot hold a ',' (a default may). */
static void check_values(struct sw_plugin_ctx *ctx,
			 const struct sw_plugin_option *decl)
{
	long limit = sw_plugin_opt_int(ctx, "limit");
	const char *path = sw_plugin_opt_str(ctx, "path");

	if (limit < 1 || limit > 1000 || sw_plugin_opt_int(ctx, "neg") > -1)
		abort();
	if (!path || (strchr(path, ',') && strcmp(path, decl[4].def)))
		abort();
	sw_plugin_opt_bool(ctx, "verbose");
	sw_plugin_opt_int(ctx, "any");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sw_plugin_option decl[ARRAY_SIZE(fixed)];
	struct sw_plugin_ctx *ctx = plugin_ctx_new(NULL);
	char *copy = strndup((const char *)data, size), *text = copy;
	const struct sw_plugin_option *use = fixed;
	struct strbuf err;
	char *d[3];
	int i, r;

	if (!ctx || !copy)
		abort();
	strbuf_init(&err);
	memcpy(decl, fixed, sizeof(decl));
	for (i = 0; i < 3 && (d[i] = line(&text)); i++)
		;
	if (i == 3) {
		decl[1].def = d[0];
		decl[3].def = d[1];
		decl[4].def = d[2];
		use = decl;
	}
	r = plugin_parse_options(ctx, use, text, &err);
	if (r == 0)
		check_values(ctx, use);
	else if (r != -ENOMEM && !err.len)
		abort(); /* every refusal says why */
	strbuf_release(&err);
	plugin_ctx_free(ctx);
	free(copy);
	return 0;
}

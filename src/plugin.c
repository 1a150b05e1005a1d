// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * syswarden - plugins: finding, checking and loading shared objects that
 * register hooks, and their options.
 *
 * A spec is "PATH" or "PATH:key=val,key=val" (see options_start()).
 */
#include "config.h"

#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <syswarden/plugin.h>

#include "plugin.h"
#include "supervisor.h"

struct opt_value {
	const struct sw_plugin_option *decl;
	long i;
	bool b;
	char *s;
	bool given;
};

struct sw_plugin_ctx {
	struct sw_plugin_ctx *next;
	struct sw_supervisor *sup;
	void *handle;
	const struct sw_plugin_desc *desc;
	char *path;
	struct opt_value *values;
	size_t nvalues;
	void *state;
	char errbuf[SW_PLUGIN_ERRSIZE];
};

static const char *const type_names[] = { "INT", "BOOL", "STRING" };

/* --- options --- */

/* Decimal, or hex after 0x; never octal, so 010 is ten. */
static int parse_int(const char *text, long *out)
{
	const char *digits = text + (*text == '-' || *text == '+');
	int base = digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X')
		       ? 16
		       : 10;
	char *end;

	errno = 0;
	*out = strtol(text, &end, base);
	if (!*text || *end)
		return -EINVAL;
	return errno ? -ERANGE : 0;
}

/* Whether integer option @o declares a range. */
static bool has_range(const struct sw_plugin_option *o)
{
	return o->min || o->max;
}

/* Integer option @o's range in words: "0 or more", "1 to 64". */
static const char *range_text(const struct sw_plugin_option *o, char *buf,
			      size_t size)
{
	if (o->max == LONG_MAX)
		return util_fmt(buf, size, "%ld or more", o->min);
	if (o->min == LONG_MIN)
		return util_fmt(buf, size, "at most %ld", o->max);
	return util_fmt(buf, size, "%ld to %ld", o->min, o->max);
}

static int parse_bool(const char *text, bool *out)
{
	static const char *const yes[] = { "true", "yes", "on", "1" };
	static const char *const no[] = { "false", "no", "off", "0" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(yes); i++)
		if (!strcmp(text, yes[i]) || !strcmp(text, no[i])) {
			*out = !strcmp(text, yes[i]);
			return 0;
		}
	return -EINVAL;
}

/* Sets @v from @text in its declared type. */
static int set_value(struct opt_value *v, const char *text, struct strbuf *err)
{
	char range[64];
	int r = 0;

	switch (v->decl->type) {
	case SW_OPT_INT:
		r = parse_int(text, &v->i);
		if (r == 0 && has_range(v->decl) &&
		    (v->i < v->decl->min || v->i > v->decl->max))
			r = -ERANGE;
		break;
	case SW_OPT_BOOL:
		r = parse_bool(text, &v->b);
		break;
	case SW_OPT_STRING:
		free(v->s);
		v->s = strdup(text);
		r = v->s ? 0 : -ENOMEM;
		break;
	}
	if (r == -ERANGE && has_range(v->decl))
		strbuf_addf(err, "%s=%s: out of range (%s)", v->decl->name,
			    text, range_text(v->decl, range, sizeof(range)));
	else if (r == -EINVAL || r == -ERANGE)
		strbuf_addf(err, "%s=%s: %s", v->decl->name, text,
			    r == -ERANGE ? "out of range"
			    : v->decl->type == SW_OPT_INT
				? "not a number (decimal or 0x...)"
				: "not a boolean (true/false, yes/no, on/off, "
				  "1/0)");
	return r;
}

static void free_values(struct sw_plugin_ctx *ctx)
{
	size_t i;

	for (i = 0; i < ctx->nvalues; i++)
		free(ctx->values[i].s);
	free(ctx->values);
	ctx->values = NULL;
	ctx->nvalues = 0;
}

/* One value per declared option, set to its default. */
static int declare(struct sw_plugin_ctx *ctx, const struct sw_plugin_option *d,
		   struct strbuf *err)
{
	size_t n = 0, i, j;
	int r = 0;

	while (d && d[n].name)
		n++;
	ctx->values = calloc(n ? n : 1, sizeof(*ctx->values));
	if (!ctx->values)
		return -ENOMEM;
	ctx->nvalues = n;
	for (i = 0; i < n && r == 0; i++) {
		ctx->values[i].decl = &d[i];
		for (j = 0; j < i; j++)
			if (!strcmp(d[j].name, d[i].name))
				break;
		if (j < i || (unsigned int)d[i].type > SW_OPT_STRING) {
			strbuf_addf(err, "the plugin declares option '%s' %s",
				    d[i].name,
				    j < i ? "twice" : "with a bad type");
			r = -EPROTO;
		} else if (set_value(&ctx->values[i], d[i].def ? d[i].def : "",
				     err) < 0) {
			strbuf_addf(err, " (the plugin's own default)");
			r = -EPROTO;
		}
	}
	return r;
}

static struct opt_value *find_value(struct sw_plugin_ctx *ctx, const char *name)
{
	size_t i;

	for (i = 0; i < ctx->nvalues; i++)
		if (!strcmp(ctx->values[i].decl->name, name))
			return &ctx->values[i];
	return NULL;
}

static void unknown_option(struct sw_plugin_ctx *ctx, const char *key,
			   struct strbuf *err)
{
	const char *best = NULL;
	unsigned int best_d = 4, d;
	size_t i;

	strbuf_addf(err, "no option '%s'", key);
	for (i = 0; i < ctx->nvalues; i++) {
		d = util_edit_distance(key, ctx->values[i].decl->name);
		if (d < best_d) {
			best_d = d;
			best = ctx->values[i].decl->name;
		}
	}
	if (best)
		strbuf_addf(err, " (did you mean %s?)", best);
	strbuf_addf(err, "; known:");
	for (i = 0; i < ctx->nvalues; i++)
		strbuf_addf(err, " %s", ctx->values[i].decl->name);
	if (!ctx->nvalues)
		strbuf_addf(err, " none");
}

/* Applies one "key=value" (or a bare boolean "key"). */
static int apply_option(struct sw_plugin_ctx *ctx, char *item,
			struct strbuf *err)
{
	char *eq = strchr(item, '=');
	struct opt_value *v;

	if (eq)
		*eq = '\0';
	v = find_value(ctx, item);
	if (!*item) {
		strbuf_addf(err, "empty option name");
		return -EINVAL;
	}
	if (!v) {
		unknown_option(ctx, item, err);
		return -EINVAL;
	}
	if (v->given) {
		strbuf_addf(err, "option '%s' given twice", item);
		return -EINVAL;
	}
	v->given = true;
	if (!eq && v->decl->type == SW_OPT_BOOL)
		return set_value(v, "true", err);
	if (!eq) {
		strbuf_addf(err, "option '%s' needs a value: %s=%s", item, item,
			    type_names[v->decl->type]);
		return -EINVAL;
	}
	return set_value(v, eq + 1, err);
}

int plugin_parse_options(struct sw_plugin_ctx *ctx,
			 const struct sw_plugin_option *decl, const char *text,
			 struct strbuf *err)
{
	char *copy cleanup_free = NULL;
	char *item, *rest;
	int r;

	free_values(ctx);
	r = declare(ctx, decl, err);
	if (r < 0 || !text || !*text)
		return r;
	copy = strdup(text);
	if (!copy)
		return -ENOMEM;
	for (item = copy; r == 0 && item; item = rest) {
		rest = strchr(item, ',');
		if (rest)
			*rest++ = '\0';
		r = apply_option(ctx, item, err);
	}
	return r;
}

struct sw_plugin_ctx *plugin_ctx_new(struct sw_supervisor *sup)
{
	struct sw_plugin_ctx *ctx = calloc(1, sizeof(*ctx));

	if (ctx)
		ctx->sup = sup;
	return ctx;
}

void plugin_ctx_free(struct sw_plugin_ctx *ctx)
{
	if (!ctx)
		return;
	free_values(ctx);
	free(ctx->path);
	if (ctx->handle)
		dlclose(ctx->handle);
	free(ctx);
}

/* A misuse by the plugin's own code: no way to go on meaningfully. */
static struct opt_value *value_of(struct sw_plugin_ctx *ctx, const char *name,
				  enum sw_opt_type type)
{
	struct opt_value *v = find_value(ctx, name);

	if (v && v->decl->type == type)
		return v;
	fprintf(stderr,
		"syswarden: plugin %s asks for option '%s' as %s, but %s\n",
		ctx->desc && ctx->desc->name ? ctx->desc->name : "?", name,
		type_names[type],
		v ? "declares another type" : "does not declare it");
	abort();
}

SW_API long sw_plugin_opt_int(struct sw_plugin_ctx *ctx, const char *name)
{
	return value_of(ctx, name, SW_OPT_INT)->i;
}

SW_API bool sw_plugin_opt_bool(struct sw_plugin_ctx *ctx, const char *name)
{
	return value_of(ctx, name, SW_OPT_BOOL)->b;
}

SW_API const char *sw_plugin_opt_str(struct sw_plugin_ctx *ctx,
				     const char *name)
{
	return value_of(ctx, name, SW_OPT_STRING)->s;
}

SW_API struct sw_supervisor *sw_plugin_supervisor(struct sw_plugin_ctx *ctx)
{
	return ctx->sup;
}

SW_API char *sw_plugin_errbuf(struct sw_plugin_ctx *ctx)
{
	return ctx->errbuf;
}

SW_API void **sw_plugin_state(struct sw_plugin_ctx *ctx)
{
	return &ctx->state;
}

/* --- finding and opening --- */

/* Looks for plugin @name in one directory; a malloc'd path or NULL. */
static char *find_in(const char *dir, size_t len, const char *name)
{
	static const char *const suffixes[] = { "", ".so" };
	char *path;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(suffixes); i++) {
		if (asprintf(&path, "%.*s/%s%s", (int)len, dir, name,
			     suffixes[i]) < 0)
			return NULL;
		if (access(path, R_OK) == 0)
			return path;
		free(path);
	}
	return NULL;
}

/* The directory this library (or the program it is linked into) was
 * loaded from, into @buf; "" when the loader cannot tell. */
static void own_dir(char *buf, size_t size)
{
	Dl_info info;
	const char *slash;

	buf[0] = '\0';
	if (!dladdr((void *)own_dir, &info) || !info.dli_fname)
		return;
	slash = strrchr(info.dli_fname, '/');
	if (slash && (size_t)(slash - info.dli_fname) < size)
		snprintf(buf, size, "%.*s", (int)(slash - info.dli_fname),
			 info.dli_fname);
}

/* Where plugins are looked for, as a ':'-separated list into @sb:
 * $SYSWARDEN_PLUGIN_PATH; then beside this library: the build tree's
 * plugins when it is the build tree's own, else "syswarden/plugins",
 * which finds an install's plugins after a move to another prefix; then
 * the configured plugin directory. */
static void search_path(struct strbuf *sb)
{
	const char *env = getenv("SYSWARDEN_PLUGIN_PATH");
	char dir[PATH_MAX], real[PATH_MAX];

	if (env && *env)
		strbuf_addf(sb, "%s:", env);
	own_dir(dir, sizeof(dir));
	if (*dir && realpath(dir, real) && !strcmp(real, SW_BUILD_LIB_DIR))
		strbuf_addf(sb, "%s/plugins:", SW_BUILD_LIB_DIR);
	else if (*dir)
		strbuf_addf(sb, "%s/syswarden/plugins:", dir);
	strbuf_addf(sb, "%s", SW_PLUGIN_DIR);
}

/* The file of plugin @name: itself when it has a '/', else searched as
 * search_path() says. */
static char *resolve(const char *name, struct strbuf *err)
{
	struct strbuf dirs;
	const char *p, *end;
	char *path = NULL;

	if (strchr(name, '/')) {
		if (access(name, R_OK) == 0)
			return strdup(name);
		strbuf_addf(err, "%s: %s", name, strerror(errno));
		return NULL;
	}
	strbuf_init(&dirs);
	search_path(&dirs);
	for (p = dirs.buf; !path && p && *p; p = *end ? end + 1 : end) {
		end = p + strcspn(p, ":");
		if (end > p)
			path = find_in(p, (size_t)(end - p), name);
	}
	if (!path)
		strbuf_addf(err,
			    "no such plugin in %s (give a path with '/', or "
			    "set SYSWARDEN_PLUGIN_PATH)",
			    dirs.buf ? dirs.buf : SW_PLUGIN_DIR);
	strbuf_release(&dirs);
	return path;
}

/* Opens the plugin at ctx->path and checks its description. */
static int open_plugin(struct sw_plugin_ctx *ctx, struct strbuf *err)
{
	sw_plugin_entry_fn entry;
	const struct sw_plugin_desc *d;

	ctx->handle = dlopen(ctx->path, RTLD_NOW | RTLD_LOCAL);
	if (!ctx->handle) {
		strbuf_addf(err, "cannot load it: %s", dlerror());
		return -ENOEXEC;
	}
	*(void **)&entry = dlsym(ctx->handle, SW_PLUGIN_ENTRY);
	if (!entry) {
		strbuf_addf(err,
			    "not a syswarden plugin: it exports no %s() "
			    "(define it with SW_PLUGIN_DEFINE)",
			    SW_PLUGIN_ENTRY);
		return -ENOEXEC;
	}
	d = entry();
	if (d && d->abi != SW_PLUGIN_ABI) {
		strbuf_addf(err,
			    "built for plugin ABI %u, this syswarden speaks "
			    "ABI %u: rebuild it against these headers",
			    d->abi, SW_PLUGIN_ABI);
		return -EPROTO;
	}
	if (!d || !d->name || !d->init) {
		strbuf_addf(err, "its description lacks a name or an init");
		return -EPROTO;
	}
	ctx->desc = d;
	return 0;
}

/*
 * Where the options in @spec start: at the first ':' whose prefix names a
 * file (so directories and option values may hold ':' and '/'), else at
 * the first ':' after the last '/' before any '='.  NULL for none.
 */
static const char *options_start(const char *spec)
{
	const char *eq = strchr(spec, '='), *c, *slash = NULL;
	char *prefix;
	bool found;

	for (c = strchr(spec, ':'); c; c = strchr(c + 1, ':')) {
		prefix = strndup(spec, (size_t)(c - spec));
		found =
		    prefix && strchr(prefix, '/') && access(prefix, F_OK) == 0;
		free(prefix);
		if (found)
			return c;
	}
	for (c = spec; *c && (!eq || c < eq); c++)
		if (*c == '/')
			slash = c;
	return strchr(slash ? slash : spec, ':');
}

/* Opens the plugin of @spec into a new context, options parsed. */
static int prepare(struct sw_supervisor *sup, const char *spec,
		   struct sw_plugin_ctx **out, struct strbuf *err)
{
	struct sw_plugin_ctx *ctx = plugin_ctx_new(sup);
	const char *colon = options_start(spec);
	char *name =
	    colon ? strndup(spec, (size_t)(colon - spec)) : strdup(spec);
	int r = ctx && name ? 0 : -ENOMEM;

	if (r == 0 && !*name) {
		strbuf_addf(err, "no plugin named");
		r = -EINVAL;
	}
	if (r == 0 && !(ctx->path = resolve(name, err)))
		r = -ENOENT;
	if (r == 0)
		r = open_plugin(ctx, err);
	if (r == 0)
		r = plugin_parse_options(ctx, ctx->desc->options,
					 colon ? colon + 1 : "", err);
	free(name);
	if (r < 0) {
		plugin_ctx_free(ctx);
		return r;
	}
	*out = ctx;
	return 0;
}

/* Runs the plugin's init; on failure its hooks go again. */
static int start(struct sw_plugin_ctx *ctx, struct strbuf *err)
{
	struct sw_supervisor *sup = ctx->sup;
	unsigned long mark = hook_list_mark(&sup->hooks);
	int r;

	sup->hooks.label = ctx->desc->name;
	r = ctx->desc->init(ctx);
	sup->hooks.label = NULL;
	if (r >= 0)
		return 0;
	strbuf_addf(err, "%s", ctx->errbuf[0] ? ctx->errbuf : strerror(-r));
	if (ctx->desc->fini)
		ctx->desc->fini(ctx);
	hook_list_cut(&sup->hooks, mark);
	return r;
}

SW_API int sw_plugin_load(struct sw_supervisor *sup, const char *spec,
			  char *err, size_t errsize)
{
	struct sw_plugin_ctx *ctx = NULL;
	struct strbuf msg;
	int r;

	strbuf_init(&msg);
	r = prepare(sup, spec, &ctx, &msg);
	if (r == 0) {
		r = start(ctx, &msg);
		if (r < 0)
			plugin_ctx_free(ctx);
	}
	if (r == 0) {
		ctx->next = sup->plugins;
		sup->plugins = ctx;
	} else if (err && errsize) {
		util_fmt(err, errsize, "%s", msg.buf ? msg.buf : strerror(-r));
	}
	strbuf_release(&msg);
	return r;
}

static void print_help(const struct sw_plugin_ctx *ctx, FILE *fp)
{
	const struct sw_plugin_desc *d = ctx->desc;
	char range[64];
	size_t i;

	fprintf(fp, "%s: %s\n", d->name, d->description ? d->description : "");
	if (!ctx->nvalues) {
		fprintf(fp, "no options\n");
		return;
	}
	fprintf(fp, "options (--plugin %s:NAME=VALUE,...):\n", ctx->path);
	for (i = 0; i < ctx->nvalues; i++) {
		const struct sw_plugin_option *o = ctx->values[i].decl;

		fprintf(fp, "  %s=%s%s%s (default: %s)\n      %s\n", o->name,
			type_names[o->type], has_range(o) ? ", " : "",
			has_range(o) ? range_text(o, range, sizeof(range)) : "",
			o->def && *o->def ? o->def : "empty",
			o->help ? o->help : "");
	}
}

SW_API int sw_plugin_help(const char *path, FILE *fp, char *err, size_t errsize)
{
	struct sw_plugin_ctx *ctx = NULL;
	struct strbuf msg;
	int r;

	strbuf_init(&msg);
	if (options_start(path)) {
		strbuf_addf(&msg, "give the plugin alone: options go with "
				  "--plugin, which checks them");
		r = -EINVAL;
	} else {
		r = prepare(NULL, path, &ctx, &msg);
	}
	if (r == 0)
		print_help(ctx, fp);
	else if (err && errsize)
		util_fmt(err, errsize, "%s", msg.buf ? msg.buf : strerror(-r));
	plugin_ctx_free(ctx);
	strbuf_release(&msg);
	return r;
}

void plugin_unload_all(struct sw_supervisor *sup)
{
	struct sw_plugin_ctx *ctx;

	while ((ctx = sup->plugins)) {
		sup->plugins = ctx->next;
		if (ctx->desc->fini)
			ctx->desc->fini(ctx);
		plugin_ctx_free(ctx);
	}
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * syswarden - plugins: shared objects that register hooks.
 *
 * A plugin exports one function, sw_plugin_entry(), returning a
 * description: its name, the plugin ABI it was built for, its options and
 * an init function that registers hooks with the supervisor it is given.
 * syswarden checks the ABI, parses and validates the options (from
 * --plugin PATH.so:key=val,key=val), then calls init:
 *
 *	static const struct sw_plugin_option opts[] = {
 *		{ "limit", SW_OPT_INT, "10", "calls before the warning",
 *		  1, LONG_MAX },
 *		{ NULL },
 *	};
 *
 *	static int init(struct sw_plugin_ctx *ctx)
 *	{
 *		long limit = sw_plugin_opt_int(ctx, "limit");
 *		...
 *		return sw_hook_add(sw_plugin_supervisor(ctx), &spec, NULL,
 *				   sw_plugin_errbuf(ctx), SW_PLUGIN_ERRSIZE);
 *	}
 *
 *	SW_PLUGIN_DEFINE("counter", "counts calls", opts, init, NULL);
 *
 * Hooks a plugin registers carry the plugin's name as their label unless
 * the spec gives one, also those its hooks' callbacks register later.
 */
#ifndef SYSWARDEN_PLUGIN_H
#define SYSWARDEN_PLUGIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <syswarden/common.h>
#include <syswarden/hook.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The plugin ABI of these headers; a plugin built for another one is
 *  refused at load. */
#define SW_PLUGIN_ABI 1

/** Room for an error message from a plugin's init. */
#define SW_PLUGIN_ERRSIZE 256

/** Option types. */
enum sw_opt_type {
	SW_OPT_INT, /**< a decimal or 0x number, as long (never octal) */
	SW_OPT_BOOL, /**< true/false, yes/no, on/off, 1/0 */
	SW_OPT_STRING, /**< any text; ',' separates options, so none */
};

/**
 * One option of a plugin.  syswarden checks each value against its type
 * (and an integer against its range) before the plugin's init runs.
 */
struct sw_plugin_option {
	const char *name;
	enum sw_opt_type type;
	const char *def; /**< default, in the option's syntax */
	const char *help;
	long min, max; /**< SW_OPT_INT: accepted range; both 0: any long */
};

struct sw_plugin_ctx;

struct sw_plugin_desc {
	unsigned int abi; /**< SW_PLUGIN_ABI */
	const char *name;
	const char *description;
	const struct sw_plugin_option *options; /**< ends with name NULL */
	/** Registers hooks; returns 0 or -errno, with a message in
	 *  sw_plugin_errbuf(). */
	int (*init)(struct sw_plugin_ctx *ctx);
	/** Called before the plugin is unloaded; may be NULL. */
	void (*fini)(struct sw_plugin_ctx *ctx);
};

/** The entry point's name and type. */
#define SW_PLUGIN_ENTRY "sw_plugin_entry"
typedef const struct sw_plugin_desc *(*sw_plugin_entry_fn)(void);

#define SW_PLUGIN_DEFINE(name_, descr_, options_, init_, fini_)              \
	__attribute__((visibility("default"))) const struct sw_plugin_desc * \
	sw_plugin_entry(void);                                               \
	const struct sw_plugin_desc *sw_plugin_entry(void)                   \
	{                                                                    \
		static const struct sw_plugin_desc desc = {                  \
			SW_PLUGIN_ABI, (name_), (descr_),                    \
			(options_),    (init_), (fini_),                     \
		};                                                           \
		return &desc;                                                \
	}

/** The supervisor the plugin is loaded into. */
SW_API struct sw_supervisor *sw_plugin_supervisor(struct sw_plugin_ctx *ctx);
/** The option's value; the type must match its declaration. */
SW_API long sw_plugin_opt_int(struct sw_plugin_ctx *ctx, const char *name);
SW_API bool sw_plugin_opt_bool(struct sw_plugin_ctx *ctx, const char *name);
SW_API const char *sw_plugin_opt_str(struct sw_plugin_ctx *ctx,
				     const char *name);
/** Where init writes why it failed (SW_PLUGIN_ERRSIZE bytes). */
SW_API char *sw_plugin_errbuf(struct sw_plugin_ctx *ctx);
/** A pointer for the plugin's own state, NULL until set. */
SW_API void **sw_plugin_state(struct sw_plugin_ctx *ctx);

/**
 * Loads the plugin in @spec ("PATH.so" or "PATH.so:key=val,key=val"):
 * checks its ABI, validates the options, runs its init.  A PATH without
 * '/' is looked for in syswarden's plugin directory.  Returns 0, or
 * -errno with the reason in @err.  The plugin stays loaded until the
 * supervisor is freed.
 */
SW_API int sw_plugin_load(struct sw_supervisor *sup, const char *spec,
			  char *err, size_t errsize);

/** Writes the description and options of the plugin at @path (found as
 *  sw_plugin_load() finds it; without options) to @fp.  Returns 0 or
 *  -errno with the reason in @err. */
SW_API int sw_plugin_help(const char *path, FILE *fp, char *err,
			  size_t errsize);

#ifdef __cplusplus
}
#endif

#endif /* SYSWARDEN_PLUGIN_H */

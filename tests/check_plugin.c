// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The plugin loader: the option parser, and loading test plugins from
 * tests/plugins/ (a good one, one for another ABI, one with no entry
 * point, one whose init fails).
 */
#include <check.h>
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <syswarden/syswarden.h>

#include "checkmain.h"
#include "plugin.h"
#include "supervisor.h"

static const struct sw_plugin_option decl[] = {
	{ "limit", SW_OPT_INT, "10", "" },
	{ "small", SW_OPT_INT, "1", "", -2, 64 },
	{ "block", SW_OPT_BOOL, "false", "" },
	{ "paths", SW_OPT_STRING, "/etc/passwd", "" },
	{ NULL },
};

static struct sw_plugin_ctx *ctx;
static struct strbuf err;

static void setup(void)
{
	ctx = plugin_ctx_new(NULL);
	ck_assert_ptr_nonnull(ctx);
	strbuf_init(&err);
}

static void teardown(void)
{
	plugin_ctx_free(ctx);
	strbuf_release(&err);
}

static int parse(const char *text)
{
	strbuf_reset(&err);
	return plugin_parse_options(ctx, decl, text, &err);
}

static void assert_err(const char *text, int r, const char *needle)
{
	ck_assert_int_eq(parse(text), r);
	ck_assert_msg(err.buf && strstr(err.buf, needle), "'%s': %s", text,
		      err.buf ? err.buf : "(no message)");
}

START_TEST(defaults_and_values)
{
	ck_assert_int_eq(parse(""), 0);
	ck_assert_int_eq(sw_plugin_opt_int(ctx, "limit"), 10);
	ck_assert(!sw_plugin_opt_bool(ctx, "block"));
	ck_assert_str_eq(sw_plugin_opt_str(ctx, "paths"), "/etc/passwd");
	ck_assert_int_eq(parse("limit=0x20,block=yes,paths=/a:/b/"), 0);
	ck_assert_int_eq(sw_plugin_opt_int(ctx, "limit"), 32);
	ck_assert(sw_plugin_opt_bool(ctx, "block"));
	ck_assert_str_eq(sw_plugin_opt_str(ctx, "paths"), "/a:/b/");
	ck_assert_int_eq(parse("block,limit=-3,paths="), 0);
	ck_assert(sw_plugin_opt_bool(ctx, "block"));
	ck_assert_int_eq(sw_plugin_opt_int(ctx, "limit"), -3);
	ck_assert_str_eq(sw_plugin_opt_str(ctx, "paths"), "");
	ck_assert_int_eq(parse("block=off"), 0);
	ck_assert(!sw_plugin_opt_bool(ctx, "block"));
	/* Never octal: 010 is ten. */
	ck_assert_int_eq(parse("limit=010,small=-0x2"), 0);
	ck_assert_int_eq(sw_plugin_opt_int(ctx, "limit"), 10);
	ck_assert_int_eq(sw_plugin_opt_int(ctx, "small"), -2);
	ck_assert_int_eq(parse("small=64"), 0);
	ck_assert_int_eq(sw_plugin_opt_int(ctx, "small"), 64);
	ck_assert_int_eq(parse(NULL), 0);
}
END_TEST

START_TEST(bad_options)
{
	assert_err("limt=5", -EINVAL, "no option 'limt' (did you mean limit?)");
	assert_err("zzzzzz=1", -EINVAL, "known: limit small block paths");
	assert_err("limit=5,limit=6", -EINVAL, "given twice");
	assert_err("limit=abc", -EINVAL, "limit=abc: not a number");
	assert_err("limit=5x", -EINVAL, "not a number");
	assert_err("limit=99999999999999999999", -ERANGE, "out of range");
	assert_err("block=maybe", -EINVAL, "not a boolean");
	assert_err("small=65", -ERANGE, "small=65: out of range (-2 to 64)");
	assert_err("small=-3", -ERANGE, "out of range (-2 to 64)");
	assert_err("limit=0777x", -EINVAL, "not a number");
	assert_err("limit", -EINVAL, "needs a value: limit=INT");
	assert_err("limit=1,,block", -EINVAL, "empty option name");
}
END_TEST

START_TEST(bad_declarations)
{
	static const struct sw_plugin_option twice[] = {
		{ "a", SW_OPT_INT, "1", "" },
		{ "a", SW_OPT_BOOL, "true", "" },
		{ NULL },
	};
	static const struct sw_plugin_option bad_default[] = {
		{ "n", SW_OPT_INT, "ten", "" },
		{ NULL },
	};
	static const struct sw_plugin_option outside[] = {
		{ "n", SW_OPT_INT, "11", "", 0, 10 },
		{ NULL },
	};

	ck_assert_int_eq(plugin_parse_options(ctx, twice, "", &err), -EPROTO);
	ck_assert_msg(strstr(err.buf, "declares option 'a' twice"), "%s",
		      err.buf);
	strbuf_reset(&err);
	ck_assert_int_eq(plugin_parse_options(ctx, bad_default, "", &err),
			 -EPROTO);
	ck_assert_msg(strstr(err.buf, "the plugin's own default"), "%s",
		      err.buf);
	strbuf_reset(&err);
	ck_assert_int_eq(plugin_parse_options(ctx, outside, "", &err), -EPROTO);
	ck_assert_msg(strstr(err.buf, "n=11: out of range (0 to 10) (the "
				      "plugin's own default)"),
		      "%s", err.buf);
	strbuf_reset(&err);
	ck_assert_int_eq(plugin_parse_options(ctx, NULL, "", &err), 0);
	ck_assert_int_eq(plugin_parse_options(ctx, NULL, "x=1", &err), -EINVAL);
	ck_assert_msg(strstr(err.buf, "known: none"), "%s", err.buf);
}
END_TEST

/* Path of test plugin @name, from $SW_TEST_PLUGINS. */
static const char *test_plugin(const char *name, const char *opts)
{
	static char buf[512];

	snprintf(buf, sizeof(buf), "%s/%s.so%s", getenv("SW_TEST_PLUGINS"),
		 name, opts);
	return buf;
}

static int load(struct sw_supervisor *sup, const char *spec, char *msg)
{
	return sw_plugin_load(sup, spec, msg, 512);
}

START_TEST(load_good_plugin)
{
	struct sw_supervisor *sup;
	char msg[512];
	void *self;
	const char *seen;

	ck_assert_int_eq(sw_supervisor_new(&sup), 0);
	ck_assert_int_eq(
	    load(sup, test_plugin("good", ":count=3,loud,name=x"), msg), 0);
	/* RTLD_LOCAL: reach the plugin's global through its own handle. */
	self = dlopen(test_plugin("good", ""), RTLD_NOW | RTLD_NOLOAD);
	ck_assert_ptr_nonnull(self);
	seen = dlsym(self, "good_seen");
	ck_assert_str_eq(seen, "count=3 loud=1 name=x");
	dlclose(self);
	/* Its hook carries the plugin's name as label. */
	ck_assert_int_eq(sw_hooks_enable(sup, "good", NULL, true), 1);
	/* Options are refused before init runs. */
	ck_assert_int_eq(load(sup, test_plugin("good", ":cuont=3"), msg),
			 -EINVAL);
	ck_assert_msg(strstr(msg, "did you mean count?"), "%s", msg);
	ck_assert_int_eq(sw_hooks_enable(sup, "good", NULL, true), 1);
	sw_supervisor_free(sup);
}
END_TEST

START_TEST(refused_plugins)
{
	struct sw_supervisor *sup;
	char msg[512];

	ck_assert_int_eq(sw_supervisor_new(&sup), 0);
	ck_assert_int_eq(load(sup, test_plugin("badabi", ""), msg), -EPROTO);
	ck_assert_msg(strstr(msg, "built for plugin ABI 2, this syswarden "
				  "speaks ABI 1"),
		      "%s", msg);
	ck_assert_int_eq(load(sup, test_plugin("noentry", ""), msg), -ENOEXEC);
	ck_assert_msg(strstr(msg, "not a syswarden plugin"), "%s", msg);
	ck_assert_int_eq(load(sup, test_plugin("failinit", ""), msg), -ENODEV);
	ck_assert_str_eq(msg, "the widget is missing");
	/* The failed init's hook went with it. */
	ck_assert_ptr_null(sup->hooks.head);
	ck_assert_int_eq(load(sup, test_plugin("missing", ""), msg), -ENOENT);
	ck_assert_msg(strstr(msg, "missing.so: No such file"), "%s", msg);
	ck_assert_int_eq(load(sup, "no-such-plugin:x=1", msg), -ENOENT);
	ck_assert_msg(strstr(msg, "SYSWARDEN_PLUGIN_PATH"), "%s", msg);
	ck_assert_ptr_null(sup->plugins);
	sw_supervisor_free(sup);
}
END_TEST

/* An init that removes hooks registered before it, then fails: only its
 * own hooks go with it (the loader's mark is not a hook it may free). */
START_TEST(failed_init_after_removal)
{
	struct sw_supervisor *sup;
	char msg[512];

	ck_assert_int_eq(sw_supervisor_new(&sup), 0);
	ck_assert_int_eq(load(sup, test_plugin("good", ""), msg), 0);
	ck_assert_int_eq(load(sup, test_plugin("cutter", ""), msg), -EINVAL);
	ck_assert_str_eq(msg, "cut and failed");
	ck_assert_ptr_null(sup->hooks.head);
	sw_supervisor_free(sup);
}
END_TEST

START_TEST(help_lists_options)
{
	char msg[512], *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	ck_assert_int_eq(
	    sw_plugin_help(test_plugin("good", ""), f, msg, sizeof(msg)), 0);
	fclose(f);
	ck_assert_msg(strstr(text, "good: records its options\n"), "%s", text);
	ck_assert_msg(strstr(text, "count=INT, 0 to 99 (default: 7)\n"
				   "      a number\n"),
		      "%s", text);
	ck_assert_msg(strstr(text, "loud=BOOL"), "%s", text);
	ck_assert_msg(strstr(text, "name=STRING"), "%s", text);
	free(text);
	ck_assert_int_eq(
	    sw_plugin_help(test_plugin("badabi", ""), stdout, msg, sizeof(msg)),
	    -EPROTO);
	/* Options are checked by --plugin alone, which also runs init. */
	ck_assert_int_eq(sw_plugin_help(test_plugin("good", ":count=3"), stdout,
					msg, sizeof(msg)),
			 -EINVAL);
	ck_assert_msg(strstr(msg, "options go with --plugin"), "%s", msg);
}
END_TEST

static Suite *plugin_suite(void)
{
	Suite *s = suite_create("plugin");
	TCase *tc = tcase_create("loader");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, defaults_and_values);
	tcase_add_test(tc, bad_options);
	tcase_add_test(tc, bad_declarations);
	tcase_add_test(tc, load_good_plugin);
	tcase_add_test(tc, refused_plugins);
	tcase_add_test(tc, failed_init_after_removal);
	tcase_add_test(tc, help_lists_options);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(plugin_suite());
}

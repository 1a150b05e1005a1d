// SPDX-License-Identifier: LGPL-2.1-or-later
/* syswarden tests - parsing -e trace=SET. */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "traceset.h"

#include "checkmain.h"

static struct traceset *ts;
static struct strbuf err;

static void setup(void)
{
	ck_assert_int_eq(traceset_new(&ts), 0);
	strbuf_init(&err);
}

static void teardown(void)
{
	traceset_free(ts);
	strbuf_release(&err);
}

static bool has(enum sw_abi abi, const char *name)
{
	const struct sw_syscall *sc = sw_sysent_by_name(abi, name);

	ck_assert_msg(sc, "%s: no %s", sw_abi_name(abi), name);
	return traceset_has(ts, abi, sc);
}

static void parse_ok(const char *set)
{
	ck_assert_msg(traceset_parse(ts, set, &err) == 0, "%s: %s", set,
		      err.buf ? err.buf : "");
}

START_TEST(test_default_is_all)
{
	ck_assert(traceset_is_all(ts));
	ck_assert(traceset_has(ts, SW_ABI_X86_64, NULL));
}
END_TEST

START_TEST(test_names_on_every_abi)
{
	parse_ok("openat,close");
	ck_assert(has(SW_ABI_X86_64, "openat"));
	ck_assert(has(SW_ABI_ARM64, "openat"));
	ck_assert(has(SW_ABI_I386, "close"));
	ck_assert(!has(SW_ABI_X86_64, "read"));
	ck_assert(!traceset_has(ts, SW_ABI_X86_64, NULL));
	ck_assert(!traceset_is_all(ts));
}
END_TEST

START_TEST(test_kernel_prefixes)
{
	parse_ok("sys_openat,_sys_read,compat_sys_write");
	ck_assert(has(SW_ABI_X86_64, "openat"));
	ck_assert(has(SW_ABI_X86_64, "read"));
	ck_assert(has(SW_ABI_I386, "write"));
	ck_assert(!has(SW_ABI_X86_64, "close"));
}
END_TEST

START_TEST(test_negation_and_classes)
{
	parse_ok("!%file");
	ck_assert(!has(SW_ABI_X86_64, "openat"));
	ck_assert(!has(SW_ABI_X86_64, "execve"));
	ck_assert(has(SW_ABI_X86_64, "read"));
	ck_assert(traceset_has(ts, SW_ABI_X86_64, NULL));
	parse_ok("%network");
	ck_assert(has(SW_ABI_X86_64, "socket"));
	ck_assert(has(SW_ABI_ARM, "connect"));
	ck_assert(!has(SW_ABI_X86_64, "openat"));
	parse_ok("%process,%memory");
	ck_assert(has(SW_ABI_X86_64, "clone"));
	ck_assert(has(SW_ABI_X86_64, "mmap"));
	ck_assert(!has(SW_ABI_X86_64, "read"));
}
END_TEST

START_TEST(test_regex_all_none)
{
	parse_ok("/^open");
	ck_assert(has(SW_ABI_X86_64, "openat"));
	ck_assert(has(SW_ABI_X86_64, "open"));
	ck_assert(!has(SW_ABI_X86_64, "close"));
	parse_ok("none");
	ck_assert(!has(SW_ABI_X86_64, "openat"));
	parse_ok("all");
	ck_assert(traceset_is_all(ts));
	parse_ok("?nosuchcall,write");
	ck_assert(has(SW_ABI_X86_64, "write"));
}
END_TEST

/* Issue 15: 60 000 nested parentheses overflowed the parser's stack.
 * Parentheses, negations, parenthesised values and long && chains. */
START_TEST(test_nesting_bounded)
{
	static const char *const shapes[][3] = {
		{ "write(", "(", ")" },
		{ "write(", "!(", ")" },
		{ "write(fd == ", "(", ")" },
		{ "write(", "fd == 1 && ", "" },
	};
	const char *const *sh = shapes[_i];
	size_t n = 60000, len = strlen(sh[0]) + n * strlen(sh[1]) + 7 +
				n * strlen(sh[2]) + 2;
	char *set = malloc(len + 1), *p = set;
	size_t i;

	ck_assert_ptr_nonnull(set);
	p = stpcpy(p, sh[0]);
	for (i = 0; i < n; i++)
		p = stpcpy(p, sh[1]);
	p = stpcpy(p, _i == 2 ? "1" : "fd == 1");
	for (i = 0; i < n; i++)
		p = stpcpy(p, sh[2]);
	strcpy(p, ")");
	ck_assert_int_eq(traceset_parse(ts, set, &err), -EINVAL);
	ck_assert_msg(strstr(err.buf, "nested deeper than 64 levels") ||
			  strstr(err.buf, "more than 256 comparisons"),
		      "%s", err.buf);
	free(set);
}
END_TEST

/* strace 6.1's classes (measured on x86_64 and i386, by name elsewhere),
 * numbers, bare class words and personality suffixes. */
START_TEST(test_strace_sets)
{
	parse_ok("%creds");
	ck_assert(has(SW_ABI_X86_64, "setresuid"));
	ck_assert(has(SW_ABI_I386, "setuid32"));
	ck_assert(has(SW_ABI_ARM64, "capget"));
	ck_assert(has(SW_ABI_ARM, "setuid32"));
	ck_assert(!has(SW_ABI_X86_64, "getpid"));
	parse_ok("%%stat");
	ck_assert(has(SW_ABI_X86_64, "newfstatat"));
	ck_assert(has(SW_ABI_I386, "oldlstat"));
	ck_assert(has(SW_ABI_ARM64, "fstat"));
	ck_assert(!has(SW_ABI_X86_64, "statfs"));
	parse_ok("%pure");
	ck_assert(has(SW_ABI_X86_64, "getppid"));
	ck_assert(!has(SW_ABI_X86_64, "getrandom"));
	parse_ok("file");
	ck_assert(has(SW_ABI_X86_64, "execve"));
	ck_assert(!has(SW_ABI_X86_64, "read"));
	parse_ok("signal"); /* the class, as in strace, not i386's call */
	ck_assert(has(SW_ABI_X86_64, "rt_sigaction"));
	parse_ok("257,3");
	ck_assert(has(SW_ABI_X86_64, "openat"));
	ck_assert(has(SW_ABI_X86_64, "close"));
	ck_assert(has(SW_ABI_I386, "remap_file_pages"));
	ck_assert(!has(SW_ABI_X86_64, "read"));
	parse_ok("openat@64,close@32");
	ck_assert(has(SW_ABI_X86_64, "openat"));
	ck_assert(has(SW_ABI_ARM64, "openat"));
	ck_assert(!has(SW_ABI_I386, "openat"));
	ck_assert(has(SW_ABI_I386, "close"));
	ck_assert(!has(SW_ABI_X86_64, "close"));
	ck_assert_int_eq(traceset_parse(ts, "openat@99", &err), -EINVAL);
	ck_assert_ptr_nonnull(strstr(err.buf, "unknown personality '@99'"));
}
END_TEST

START_TEST(test_errors_suggest)
{
	ck_assert_int_eq(traceset_parse(ts, "openat,opnat", &err), -EINVAL);
	ck_assert_str_eq(err.buf,
			 "no such syscall 'opnat' (did you mean openat?)");
	strbuf_reset(&err);
	ck_assert_int_eq(traceset_parse(ts, "%files", &err), -EINVAL);
	ck_assert_ptr_nonnull(strstr(err.buf, "no such class '%files'"));
	strbuf_reset(&err);
	ck_assert_int_eq(traceset_parse(ts, "", &err), -EINVAL);
	strbuf_reset(&err);
	ck_assert_int_eq(traceset_parse(ts, "/(", &err), -EINVAL);
	strbuf_reset(&err);
	ck_assert_int_eq(traceset_parse(ts, "xyzzyplugh", &err), -EINVAL);
	ck_assert_str_eq(err.buf, "no such syscall 'xyzzyplugh'");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("traceset");
	TCase *tc = tcase_create("parse");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_default_is_all);
	tcase_add_test(tc, test_names_on_every_abi);
	tcase_add_test(tc, test_kernel_prefixes);
	tcase_add_test(tc, test_negation_and_classes);
	tcase_add_test(tc, test_regex_all_none);
	tcase_add_test(tc, test_strace_sets);
	tcase_add_test(tc, test_errors_suggest);
	tcase_add_loop_test(tc, test_nesting_bounded, 0, 4);
	suite_add_tcase(s, tc);
	return run_suite(s);
}

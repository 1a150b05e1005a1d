// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Hook registration without a tracee: names and patterns, refusals with
 * their messages, every value and string filter, the selection handed to
 * the seccomp compiler, enabling and removing by label and callback.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <string.h>

#include <syswarden/syswarden.h>

#include "checkmain.h"
#include "arch.h"
#include "bpfrun.h"
#include "hook.h"
#include "prefilter.h"
#include "supervisor.h"

static void nop(struct sw_call *call, void *data)
{
}

static void other(struct sw_call *call, void *data)
{
}

static struct sw_supervisor *sup;
static char err[512];

static void setup(void)
{
	ck_assert_int_eq(sw_supervisor_new(&sup), 0);
	err[0] = '\0';
}

static void teardown(void)
{
	sw_supervisor_free(sup);
}

static int add_named(const char *name, unsigned int when)
{
	struct sw_hook_spec spec = { .name = name, .when = when, .fn = nop };

	return sw_hook_add(sup, &spec, NULL, err, sizeof(err));
}

/* The calls of @abi that the registered hooks select, as the seccomp
 * compiler sees them. */
static struct traceset *selection(void)
{
	struct traceset *ts = NULL;

	ck_assert_int_eq(traceset_new(&ts), 0);
	traceset_reset(ts, false);
	ck_assert_int_eq(hook_selection(&sup->hooks, ts), 0);
	return ts;
}

static bool selects(const char *name)
{
	struct traceset *ts = selection();
	bool r = traceset_has(ts, SW_ABI_X86_64,
			      sw_sysent_by_name(SW_ABI_X86_64, name));

	traceset_free(ts);
	return r;
}

START_TEST(normalised_names)
{
	static const char *const names[] = { "openat",
					     "sys_openat",
					     "_sys_openat",
					     "compat_sys_openat",
					     "__x64_sys_openat",
					     "on_sys_openat_enter",
					     "on_sys_openat_return" };

	ck_assert_int_eq(add_named(names[_i], 0), 0);
	ck_assert(selects("openat"));
	ck_assert(!selects("open"));
	ck_assert(!selects("read"));
}
END_TEST

START_TEST(patterns)
{
	struct traceset *ts;

	ck_assert_int_eq(add_named("%network", 0), 0);
	ck_assert(selects("connect"));
	ck_assert(selects("sendto"));
	ck_assert(!selects("openat"));
	sw_supervisor_free(sup);
	setup();
	ck_assert_int_eq(add_named("on_unknown_sys_enter", 0), 0);
	ts = selection();
	ck_assert(traceset_has(ts, SW_ABI_X86_64, NULL));
	ck_assert(!traceset_has(ts, SW_ABI_X86_64,
				sw_sysent_by_name(SW_ABI_X86_64, "read")));
	traceset_free(ts);
	sw_supervisor_free(sup);
	setup();
	ck_assert_int_eq(add_named("on_all_sys_return", 0), 0);
	ts = selection();
	ck_assert(traceset_is_all(ts));
	traceset_free(ts);
	ck_assert_int_eq(sup->hooks.head ? 0 : 1, 0);
}
END_TEST

START_TEST(refusals)
{
	struct sw_hook_spec spec = { .name = "openat" };

	ck_assert_int_eq(add_named("opnat", 0), -EINVAL);
	ck_assert_msg(strstr(err, "did you mean openat?"), "%s", err);
	ck_assert_int_eq(add_named("on_sys_opnat_enter", 0), -EINVAL);
	ck_assert_msg(strstr(err, "did you mean openat?"), "%s", err);
	ck_assert_int_eq(add_named("on_sys_openat_middle", 0), -EINVAL);
	ck_assert_msg(strstr(err, "_enter or _return"), "%s", err);
	ck_assert_int_eq(add_named("on_openat_enter", 0), -EINVAL);
	ck_assert_msg(strstr(err, "on_sys_NAME_enter"), "%s", err);
	ck_assert_int_eq(add_named("on_sys_openat_enter", SW_HOOK_RETURN),
			 -EINVAL);
	ck_assert_msg(strstr(err, "disagrees"), "%s", err);
	ck_assert_int_eq(add_named("", 0), -EINVAL);
	ck_assert_int_eq(add_named("openat", 0x4), -EINVAL);
	ck_assert_int_eq(sw_hook_add(sup, &spec, NULL, err, sizeof(err)),
			 -EINVAL);
	ck_assert_msg(strstr(err, "needs a callback"), "%s", err);
	spec.fn = nop;
	spec.args[1] = SW_RANGE(5, 4);
	ck_assert_int_eq(sw_hook_add(sup, &spec, NULL, err, sizeof(err)),
			 -EINVAL);
	ck_assert_msg(strstr(err, "args[1]"), "%s", err);
	spec.args[1] = SW_EXACT(0);
	spec.str[2].op = SW_STR_CONTAINS;
	ck_assert_int_eq(sw_hook_add(sup, &spec, NULL, err, sizeof(err)),
			 -EINVAL);
	ck_assert_msg(strstr(err, "str[2]"), "%s", err);
	ck_assert_ptr_null(sup->hooks.head);
}
END_TEST

/* Each value filter on both sides of its edge. */
START_TEST(value_filters)
{
	static const struct {
		struct sw_value_filter f;
		uint64_t v;
		bool sgn, want;
	} cases[] = {
		{ SW_EXACT(0xabcd), 0xabcd, false, true },
		{ SW_EXACT(0xabcd), 0xabce, false, false },
		{ SW_NOT_EQUAL(3), 3, false, false },
		{ SW_NOT_EQUAL(3), 4, false, true },
		{ SW_GREATER(100), 101, false, true },
		{ SW_GREATER(100), 100, false, false },
		{ SW_GREATER(-1), 0, true, true },
		{ SW_GREATER(-1), 0, false, false }, /* unsigned: huge */
		{ SW_GREATER_EQUAL(100), 100, false, true },
		{ SW_GREATER_EQUAL(100), 99, false, false },
		{ SW_LESS(100), 99, false, true },
		{ SW_LESS(100), 100, false, false },
		{ SW_LESS(0), (uint64_t)-5, true, true },
		{ SW_LESS(0), (uint64_t)-5, false, false },
		{ SW_LESS_EQUAL(100), 100, false, true },
		{ SW_LESS_EQUAL(100), 101, false, false },
		{ SW_RANGE(0x1234, 0x1235), 0x1233, false, false },
		{ SW_RANGE(0x1234, 0x1235), 0x1234, false, true },
		{ SW_RANGE(0x1234, 0x1235), 0x1235, false, true },
		{ SW_RANGE(0x1234, 0x1235), 0x1236, false, false },
		{ SW_RANGE(-2, 2), (uint64_t)-1, true, true },
		{ SW_SUCCESS(), 0, true, true },
		{ SW_SUCCESS(), (uint64_t)-2, true, false },
		{ SW_ERROR(), (uint64_t)-2, true, true },
		{ SW_ERROR(), 7, true, false },
		{ SW_BITMASK_SET(0x5), 0x7, false, true },
		{ SW_BITMASK_SET(0x5), 0x6, false, false },
		{ SW_BITMASK_CLEAR(0x8), 0x7, false, true },
		{ SW_BITMASK_CLEAR(0x8), 0xf, false, false },
		{ { SW_FILTER_ANY, 0, 0 }, 12345, false, true },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		ck_assert_msg(hook_value_match(&cases[i].f, cases[i].v,
					       cases[i].sgn) == cases[i].want,
			      "case %zu", i);
}
END_TEST

START_TEST(string_filters)
{
	static const struct {
		enum sw_str_op op;
		const char *text, *s;
		bool want;
	} cases[] = {
		{ SW_STR_EXACT, "/etc/passwd", "/etc/passwd", true },
		{ SW_STR_EXACT, "/etc/passwd", "/etc/passwd-", false },
		{ SW_STR_EXACT, "", "", true },
		{ SW_STR_CONTAINS, "ssh", "/etc/ssh/sshd_config", true },
		{ SW_STR_CONTAINS, "ssh", "/etc/shadow", false },
		{ SW_STR_STARTSWITH, "/etc/ssh/", "/etc/ssh/x", true },
		{ SW_STR_STARTSWITH, "/etc/ssh/", "/etc/ssh", false },
		{ SW_STR_ENDSWITH, ".conf", "/etc/a.conf", true },
		{ SW_STR_ENDSWITH, ".conf", "conf", false },
		{ SW_STR_ENDSWITH, ".conf", "/etc/a.conf.bak", false },
		{ SW_STR_ANY, "x", "y", true },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		ck_assert_msg(hook_str_match(cases[i].op, cases[i].text,
					     cases[i].s) == cases[i].want,
			      "case %zu", i);
}
END_TEST

/* The header's version is the build's, and the library's. */
START_TEST(versions_agree)
{
	char text[32];

	snprintf(text, sizeof(text), "%d.%d.%d", SW_VERSION_MAJOR,
		 SW_VERSION_MINOR, SW_VERSION_MICRO);
	ck_assert_str_eq(text, SW_PACKAGE_VERSION);
	ck_assert_uint_eq(sw_version(), SW_VERSION);
}
END_TEST

/* sw_quote() writes strings as the trace does, within its buffer. */
START_TEST(quoting)
{
	char out[32];

	ck_assert_str_eq(sw_quote(out, sizeof(out), "a\"b\\c", 5, 100),
			 "\"a\\\"b\\\\c\"");
	/* NUL, then a digit: the escape takes all three octal digits. */
	ck_assert_str_eq(sw_quote(out, sizeof(out),
				  "\n\t\0"
				  "1\x7f",
				  5, 100),
			 "\"\\n\\t\\0001\\177\"");
	ck_assert_str_eq(sw_quote(out, sizeof(out), "abcdef", 6, 3),
			 "\"abc\"...");
	ck_assert_str_eq(sw_quote(out, 10, "abcdefghijkl", 12, 100),
			 "\"abcde...");
	ck_assert_str_eq(sw_quote(out, sizeof(out), "", 0, 0), "\"\"");
	ck_assert_str_eq(sw_quote(out, sizeof(out), "x", 1, 0), "\"\"...");
}
END_TEST

/* Scalar filters reach the seccomp compiler as conditions; string and
 * return filters cannot, and leave the syscall stopping whole. */
START_TEST(filters_reach_bpf)
{
	struct sw_hook_spec spec = { .name = "ioctl", .fn = nop };
	const struct sw_syscall *ioctl =
	    sw_sysent_by_name(SW_ABI_X86_64, "ioctl");
	struct traceset *ts;

	spec.args[1] = SW_EXACT(0xabcd);
	ck_assert_int_eq(sw_hook_add(sup, &spec, NULL, err, sizeof(err)), 0);
	ts = selection();
	ck_assert(traceset_has(ts, SW_ABI_X86_64, ioctl));
	ck_assert_ptr_nonnull(traceset_cond(ts, SW_ABI_X86_64, ioctl));
	traceset_free(ts);

	spec.args[1] = SW_SUCCESS();
	spec.str[0] = SW_STR_EXACT("x");
	ck_assert_int_eq(sw_hook_add(sup, &spec, NULL, err, sizeof(err)), 0);
	ts = selection();
	ck_assert_ptr_null(traceset_cond(ts, SW_ABI_X86_64, ioctl));
	traceset_free(ts);
}
END_TEST

/* Issue 15: SW_EXACT(5) on msgget's key_t (32 bits, not spelled int)
 * matches a key whose upper half is set, in the kernel's filter and in
 * the supervisor's check, as the kernel reads only the low half. */
START_TEST(exact_at_32_bits)
{
	struct sw_hook_spec spec = { .name = "msgget", .fn = nop };
	const struct sw_syscall *msgget =
	    sw_sysent_by_name(SW_ABI_X86_64, "msgget");
	struct sw_event ev = { .abi = SW_ABI_X86_64, .sc = msgget };
	struct seccomp_data data = {
		.nr = (int)msgget->nr,
		.arch = sw_sysent_table(SW_ABI_X86_64)->audit_arch
	};
	struct sock_fprog prog;
	struct traceset *ts;

	if (sw_arch_host.abis[0] != SW_ABI_X86_64)
		return; /* written for an x86_64 host */
	spec.args[0] = SW_EXACT(5);
	ck_assert_int_eq(sw_hook_add(sup, &spec, NULL, err, sizeof(err)), 0);
	ts = selection();
	ev.nr = msgget->nr;
	ev.args[0] = data.args[0] = 0xffffffff00000005ull;
	ck_assert(traceset_match(ts, &ev, 0));
	ck_assert_int_ge(prefilter_build(ts, 0, &prog), 0);
	ck_assert_uint_eq(bpfrun(prog.filter, prog.len, &data),
			  SECCOMP_RET_TRACE);
	prefilter_free(&prog);
	traceset_free(ts);
}
END_TEST

START_TEST(enable_and_remove_by_label_and_callback)
{
	struct sw_hook_spec spec = { .name = "read", .fn = nop, .label = "a" };
	struct sw_hook *h1, *h2, *h3;

	ck_assert_int_eq(sw_hook_add(sup, &spec, &h1, err, sizeof(err)), 0);
	spec.label = "b";
	ck_assert_int_eq(sw_hook_add(sup, &spec, &h2, err, sizeof(err)), 0);
	spec.fn = other;
	spec.disabled = true;
	ck_assert_int_eq(sw_hook_add(sup, &spec, &h3, err, sizeof(err)), 0);
	ck_assert(sw_hook_enabled(h1));
	ck_assert(!sw_hook_enabled(h3));
	ck_assert_int_eq(sw_hooks_enable(sup, "b", NULL, false), 2);
	ck_assert(!sw_hook_enabled(h2));
	ck_assert_int_eq(sw_hooks_enable(sup, NULL, other, true), 1);
	ck_assert(sw_hook_enabled(h3));
	ck_assert_int_eq(sw_hooks_enable(sup, "zzz", NULL, true), -ENOENT);
	ck_assert_int_eq(sw_hooks_enable(sup, NULL, NULL, true), -EINVAL);
	ck_assert_int_eq(sw_hooks_remove(sup, "b", nop), 1);
	ck_assert_int_eq(sw_hooks_remove(sup, "b", nop), -ENOENT);
	sw_hook_remove(h1);
	ck_assert_int_eq(sw_hooks_enable(sup, NULL, nop, true), -ENOENT);
	ck_assert_int_eq(sw_hooks_enable(sup, NULL, other, true), 1);
	ck_assert_ptr_eq(sup->hooks.head, h3);
}
END_TEST

/* A hook removed while callbacks run stays linked until they end, and
 * later calls that remove nothing must not forget it is to be freed. */
START_TEST(removal_waits_for_callbacks)
{
	struct sw_hook_spec spec = { .name = "read", .fn = nop, .label = "a" };
	struct sw_hook *h1, *h2;

	ck_assert_int_eq(sw_hook_add(sup, &spec, &h1, err, sizeof(err)), 0);
	spec.label = "b";
	ck_assert_int_eq(sw_hook_add(sup, &spec, &h2, err, sizeof(err)), 0);
	sup->hooks.running++; /* as inside a callback */
	sw_hook_remove(h1);
	ck_assert_ptr_eq(sup->hooks.head, h1);
	ck_assert(!sw_hook_enabled(h1));
	ck_assert_int_eq(sw_hooks_remove(sup, "zzz", NULL), -ENOENT);
	ck_assert_int_eq(sw_hooks_enable(sup, "a", NULL, true), -ENOENT);
	sup->hooks.running--;
	ck_assert_int_eq(sw_hooks_enable(sup, "b", NULL, true), 1);
	ck_assert_ptr_eq(sup->hooks.head, h2);
	ck_assert_int_eq(sw_hooks_enable(sup, NULL, nop, true), 1);
}
END_TEST

static Suite *hook_suite(void)
{
	Suite *s = suite_create("hook");
	TCase *tc = tcase_create("registration");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, normalised_names, 0, 7);
	tcase_add_test(tc, patterns);
	tcase_add_test(tc, refusals);
	tcase_add_test(tc, value_filters);
	tcase_add_test(tc, string_filters);
	tcase_add_test(tc, quoting);
	tcase_add_test(tc, versions_agree);
	tcase_add_test(tc, filters_reach_bpf);
	tcase_add_test(tc, exact_at_32_bits);
	tcase_add_test(tc, enable_and_remove_by_label_and_callback);
	tcase_add_test(tc, removal_waits_for_callbacks);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(hook_suite());
}

// SPDX-License-Identifier: LGPL-2.1-or-later
/* syswarden tests - the generated constant tables, per ABI. */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "argcond.h"
#include "decode/xlat.h"

#include "checkmain.h"

static const struct {
	enum sw_abi abi;
	enum xlat_family f;
	uint64_t val;
	const char *name; /* NULL: no name */
} names[] = {
	/* Values that differ between ABIs come out as each ABI has them. */
	{ SW_ABI_X86_64, XF_OPEN, 0200000, "O_DIRECTORY" },
	{ SW_ABI_I386, XF_OPEN, 0200000, "O_DIRECTORY" },
	{ SW_ABI_ARM64, XF_OPEN, 040000, "O_DIRECTORY" },
	{ SW_ABI_ARM64, XF_OPEN, 0200000, "O_DIRECT" },
	{ SW_ABI_ARM, XF_OPEN, 040000, "O_DIRECTORY" },
	{ SW_ABI_ARM, XF_OPEN, 0100000, "O_NOFOLLOW" },
	{ SW_ABI_ARM, XF_OPEN, 0400000, "O_LARGEFILE" },
	{ SW_ABI_X86_64, XF_OPEN, 0100000, "O_LARGEFILE" },
	{ SW_ABI_ARM64, XF_OPEN, 0100000, "O_NOFOLLOW" },
	{ SW_ABI_X86_64, XF_SA_FLAGS, 0x04000000, "SA_RESTORER" },
	{ SW_ABI_ARM, XF_SA_FLAGS, 0x04000000, "SA_RESTORER" },
	{ SW_ABI_X86_64, XF_MAP, 0x20, "MAP_ANONYMOUS" },
	{ SW_ABI_X86_64, XF_MAP, 0x40, "MAP_32BIT" },
	{ SW_ABI_ARM64, XF_MAP, 0x40, NULL },
	{ SW_ABI_I386, XF_SIGNAL, 17, "SIGCHLD" },
	{ SW_ABI_ARM, XF_SIGNAL, 6, "SIGABRT" },
	{ SW_ABI_X86_64, XF_ARCH_PRCTL, 0x1002, "ARCH_SET_FS" },
	{ SW_ABI_ARM64, XF_ARCH_PRCTL, 0x1002, NULL },
	{ SW_ABI_X86_64, XF_AT_FD, (uint64_t)-100, "AT_FDCWD" },
	{ SW_ABI_X86_64, XF_AF, 1, "AF_UNIX" },
	{ SW_ABI_ARM, XF_SOCK_FLAGS, 02000000, "SOCK_CLOEXEC" },
	{ SW_ABI_X86_64, XF_FUTEX_OP, 128, "FUTEX_WAIT_PRIVATE" },
	{ SW_ABI_X86_64, XF_FCNTL, 1030, "F_DUPFD_CLOEXEC" },
	{ SW_ABI_I386, XF_FCNTL, 12, "F_GETLK64" },
	{ SW_ABI_X86_64, XF_IOCTL, 0x5401, "TCGETS" },
	{ SW_ABI_X86_64, XF_RLIMIT, 3, "RLIMIT_STACK" },
	{ SW_ABI_X86_64, XF_ACCESS, 4, "R_OK" },
};

START_TEST(test_names)
{
	const char *got = xlat_name(names[_i].abi, names[_i].f, names[_i].val);

	if (!names[_i].name)
		ck_assert_msg(!got, "%s: %s", sw_abi_name(names[_i].abi), got);
	else
		ck_assert_msg(
		    got && !strcmp(got, names[_i].name),
		    "%s: %#llx: %s, not %s", sw_abi_name(names[_i].abi),
		    (unsigned long long)names[_i].val, got, names[_i].name);
}
END_TEST

static const struct {
	enum sw_abi abi;
	enum xlat_family f;
	uint64_t val;
	const char *text;
} flags[] = {
	{ SW_ABI_X86_64, XF_PROT, 0x3, "PROT_READ|PROT_WRITE" },
	{ SW_ABI_X86_64, XF_PROT, 0, "PROT_NONE" },
	{ SW_ABI_X86_64, XF_MAP, 0x22, "MAP_PRIVATE|MAP_ANONYMOUS" },
	{ SW_ABI_X86_64, XF_MAP, 0x802, "MAP_PRIVATE|MAP_DENYWRITE" },
	{ SW_ABI_X86_64, XF_OPEN, 02000000 | 0x80000000u,
	  "O_CLOEXEC|0x80000000" },
	{ SW_ABI_X86_64, XF_AT_FLAGS, 0, "0" },
	{ SW_ABI_X86_64, XF_AT_FLAGS, 0x1000, "AT_EMPTY_PATH" },
	{ SW_ABI_ARM, XF_OPEN, 040000 | 0400000, "O_LARGEFILE|O_DIRECTORY" },
};

START_TEST(test_flags)
{
	struct strbuf sb;

	strbuf_init(&sb);
	xlat_print_flags(&sb, flags[_i].abi, flags[_i].f, flags[_i].val);
	ck_assert_str_eq(sb.buf, flags[_i].text);
	strbuf_release(&sb);
}
END_TEST

START_TEST(test_lookup)
{
	uint64_t v = 0;

	ck_assert_int_eq(xlat_lookup(SW_ABI_ARM, "O_DIRECTORY", &v), 0);
	ck_assert_uint_eq(v, 040000);
	ck_assert_int_eq(xlat_lookup(SW_ABI_X86_64, "O_DIRECTORY", &v), 0);
	ck_assert_uint_eq(v, 0200000);
	ck_assert_int_eq(xlat_lookup(SW_ABI_X86_64, "O_DIRECTRY", &v), -ENOENT);
}
END_TEST

/* -e trace= conditions compare with the tracee's ABI's value of a
 * constant: O_DIRECTORY is 040000 on arm, 0200000 on x86_64. */
START_TEST(test_condition_per_abi)
{
	static const struct {
		enum sw_abi abi;
		uint64_t flags;
		bool match;
	} evs[] = {
		{ SW_ABI_X86_64, 0200000, true },
		{ SW_ABI_X86_64, 040000, false },
		{ SW_ABI_ARM, 040000, true },
		{ SW_ABI_ARM, 0200000, false },
		{ SW_ABI_ARM64, 040000, true },
		{ SW_ABI_I386, 0200000, true },
	};
	struct argcond *c = NULL;
	const char *text = "flags & O_DIRECTORY)", *end, *pos;
	struct strbuf err;
	size_t i;

	strbuf_init(&err);
	ck_assert_int_eq(argcond_parse("openat", text, &end, &c, &err, &pos),
			 0);
	for (i = 0; i < ARRAY_SIZE(evs); i++) {
		struct sw_event ev = { .abi = evs[i].abi };

		ev.sc = sw_sysent_by_name(ev.abi, "openat");
		ev.args[2] = evs[i].flags;
		ck_assert_msg(argcond_eval(c, &ev, 0) == evs[i].match,
			      "%s: %#llo", sw_abi_name(ev.abi),
			      (unsigned long long)evs[i].flags);
	}
	argcond_free(c);
	strbuf_release(&err);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("xlat");
	TCase *tc = tcase_create("tables");

	tcase_add_loop_test(tc, test_names, 0, ARRAY_SIZE(names));
	tcase_add_loop_test(tc, test_flags, 0, ARRAY_SIZE(flags));
	tcase_add_test(tc, test_lookup);
	tcase_add_test(tc, test_condition_per_abi);
	suite_add_tcase(s, tc);
	return run_suite(s);
}

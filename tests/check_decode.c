// SPDX-License-Identifier: LGPL-2.1-or-later
/* syswarden tests - strings, return values, signals, arguments. */
#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "decode.h"

#include "checkmain.h"

static struct strbuf sb;

static void setup(void)
{
	strbuf_init(&sb);
}

static void teardown(void)
{
	strbuf_release(&sb);
}

START_TEST(test_quoting)
{
	static const char raw[] = "a\"b\\c\n\t\x01"
				  "7\x01z\x7f\xff";

	decode_quoted(&sb, raw, sizeof(raw) - 1, false);
	/* Octal gets three digits only where a digit follows. */
	ck_assert_str_eq(sb.buf, "\"a\\\"b\\\\c\\n\\t\\0017\\1z\\177\\377\"");
	strbuf_reset(&sb);
	decode_quoted(&sb, "abc", 3, true);
	ck_assert_str_eq(sb.buf, "\"abc\"...");
	strbuf_reset(&sb);
	decode_quoted(&sb, "", 0, false);
	ck_assert_str_eq(sb.buf, "\"\"");
	/* -x: binary data all in hex, text with its usual escapes. */
	strbuf_reset(&sb);
	decode_quoted_hex(&sb, "\177EL", 3, true, 1);
	ck_assert_str_eq(sb.buf, "\"\\x7f\\x45\\x4c\"...");
	strbuf_reset(&sb);
	decode_quoted_hex(&sb, "a\nb", 3, false, 1);
	ck_assert_str_eq(sb.buf, "\"a\\nb\"");
	/* -xx: every byte. */
	strbuf_reset(&sb);
	decode_quoted_hex(&sb, "hi", 2, false, 2);
	ck_assert_str_eq(sb.buf, "\"\\x68\\x69\"");
}
END_TEST

static struct sw_event event(enum sw_abi abi, const char *name, int64_t ret)
{
	struct sw_event ev = { .abi = abi, .ret = ret };

	ev.sc = name ? sw_sysent_by_name(abi, name) : NULL;
	ck_assert(!name || ev.sc);
	return ev;
}

START_TEST(test_return_values)
{
	struct sw_event ev = event(SW_ABI_X86_64, "openat", -ENOENT);

	decode_retval(&sb, &ev, true);
	ck_assert_str_eq(sb.buf, "-1 ENOENT (No such file or directory)");
	strbuf_reset(&sb);
	ev = event(SW_ABI_X86_64, "read", -512);
	decode_retval(&sb, &ev, true);
	ck_assert_str_eq(
	    sb.buf, "? ERESTARTSYS (To be restarted if SA_RESTART is set)");
	strbuf_reset(&sb);
	ev = event(SW_ABI_X86_64, "mmap", 0x7f0012345000);
	decode_retval(&sb, &ev, false);
	ck_assert_str_eq(sb.buf, "0x7f0012345000");
	strbuf_reset(&sb);
	/* A 32-bit ABI: an address above 2 GiB stays unsigned. */
	ev = event(SW_ABI_I386, "mmap2", (int64_t)(int32_t)0xf7f00000);
	decode_retval(&sb, &ev, false);
	ck_assert_str_eq(sb.buf, "0xf7f00000");
	strbuf_reset(&sb);
	ev = event(SW_ABI_X86_64, "write", 6);
	decode_retval(&sb, &ev, false);
	ck_assert_str_eq(sb.buf, "6");
}
END_TEST

START_TEST(test_signal_names)
{
	char buf[16];

	ck_assert_str_eq(decode_signame(SIGCHLD, buf, sizeof(buf)), "SIGCHLD");
	ck_assert_str_eq(decode_signame(SIGSEGV, buf, sizeof(buf)), "SIGSEGV");
	ck_assert_str_eq(decode_signame(33, buf, sizeof(buf)), "SIGRT_1");
	ck_assert_str_eq(decode_signame(99, buf, sizeof(buf)), "99");
}
END_TEST

START_TEST(test_siginfo)
{
	siginfo_t si;

	memset(&si, 0, sizeof(si));
	si.si_signo = SIGCHLD;
	si.si_code = CLD_EXITED;
	si.si_pid = 42;
	si.si_status = 3;
	decode_siginfo(&sb, &si);
	ck_assert_str_eq(sb.buf, "{si_signo=SIGCHLD, si_code=CLD_EXITED, "
				 "si_pid=42, si_uid=0, si_status=3, "
				 "si_utime=0, si_stime=0}");
	strbuf_reset(&sb);
	memset(&si, 0, sizeof(si));
	si.si_signo = SIGSEGV;
	si.si_code = SEGV_MAPERR;
	si.si_addr = (void *)0x10;
	decode_siginfo(&sb, &si);
	ck_assert_str_eq(sb.buf, "{si_signo=SIGSEGV, si_code=SEGV_MAPERR, "
				 "si_addr=0x10}");
}
END_TEST

START_TEST(test_entry_and_exit_of_own_process)
{
	/* Decode against our own memory: the decoder reads "tracee"
	 * memory with process_vm_readv, which works on ourselves. */
	static const char path[] = "/etc/hostname";
	struct decode_ctx ctx = { .tid = getpid(), .string_limit = 32 };
	struct sw_tracee t = { .tid = getpid() };
	char buf[4] = "abc";

	t.sys = event(SW_ABI_X86_64, "openat", 3);
	t.sys.args[0] = (uint64_t)-100;
	t.sys.args[1] = (uintptr_t)path;
	t.sys.args[2] = 0;
	decode_entry(&ctx, &t, &sb);
	ck_assert_str_eq(sb.buf,
			 "openat(AT_FDCWD, \"/etc/hostname\", O_RDONLY");
	strbuf_reset(&sb);
	decode_exit(&ctx, &t, &sb, false);
	ck_assert_str_eq(sb.buf, ") = 3");
	strbuf_reset(&sb);
	/* read's buffer is decoded at exit, with the returned length. */
	t.sys = event(SW_ABI_X86_64, "read", 3);
	t.sys.args[0] = 5;
	t.sys.args[1] = (uintptr_t)buf;
	t.sys.args[2] = 100;
	decode_entry(&ctx, &t, &sb);
	ck_assert_str_eq(sb.buf, "read(5, ");
	strbuf_reset(&sb);
	decode_exit(&ctx, &t, &sb, false);
	ck_assert_str_eq(sb.buf, "\"abc\", 100) = 3");
	strbuf_reset(&sb);
	/* Unknown numbers: six raw arguments. */
	t.sys = event(SW_ABI_X86_64, NULL, -ENOSYS);
	t.sys.nr = 0x5bd;
	t.sys.args[0] = 5;
	decode_entry(&ctx, &t, &sb);
	ck_assert_str_eq(sb.buf, "syscall_0x5bd(0x5, 0, 0, 0, 0, 0");
}
END_TEST

/* Issue 15: every 32-bit C type, however spelled, is read from the low
 * half of its register, as the kernel reads it. */
START_TEST(test_narrow_types)
{
	static const struct {
		const char *call;
		unsigned int arg;
		uint64_t reg, value;
	} cases[] = {
		{ "msgget", 0, 0xffffffff00000005ull, 5 }, /* key_t */
		{ "semop", 2, 0x100000001ull, 1 }, /* unsigned */
		{ "io_setup", 0, 0x100000005ull, 5 }, /* unsigned */
		{ "mknodat", 2, 0x100000005ull, 5 }, /* umode_t */
		{ "mknodat", 3, 0x100000005ull, 5 }, /* unsigned int */
		{ "landlock_add_rule", 1, 0x100000001ull, 1 }, /* enum */
		{ "write", 2, 0x100000001ull, 0x100000001ull }, /* size_t */
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct sw_syscall *sc =
		    sw_sysent_by_name(SW_ABI_X86_64, cases[i].call);
		struct sw_event ev = { .abi = SW_ABI_X86_64, .sc = sc };
		bool sgn, wide;

		ck_assert_ptr_nonnull(sc);
		ev.args[sc->args[cases[i].arg].reg] = cases[i].reg;
		ck_assert_msg(decode_arg_scalar(&ev, &sc->args[cases[i].arg],
						&sgn, &wide) == cases[i].value,
			      "%s %s", cases[i].call,
			      sc->args[cases[i].arg].type);
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("decode");
	TCase *tc = tcase_create("decode");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_quoting);
	tcase_add_test(tc, test_return_values);
	tcase_add_test(tc, test_signal_names);
	tcase_add_test(tc, test_siginfo);
	tcase_add_test(tc, test_entry_and_exit_of_own_process);
	tcase_add_test(tc, test_narrow_types);
	suite_add_tcase(s, tc);
	return run_suite(s);
}

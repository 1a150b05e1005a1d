/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Unit tests for src/sysent.c and the generated tables: lookups, name
 * normalisation, register layouts and the class rules of
 * prototypes/README.md.
 */
#include "config.h"

#include <check.h>
#include <linux/audit.h>
#include <stdlib.h>
#include <string.h>

#include <syswarden/sysent.h>

#include "checkmain.h"

static const struct sw_syscall *get(enum sw_abi abi, const char *name)
{
	const struct sw_syscall *sc = sw_sysent_by_name(abi, name);

	ck_assert_msg(sc != NULL, "%s: no %s", sw_abi_name(abi), name);
	return sc;
}

static const struct sw_arg *arg(const struct sw_syscall *sc, const char *name)
{
	unsigned int i;

	for (i = 0; i < sc->nargs; i++)
		if (!strcmp(sc->args[i].name, name))
			return &sc->args[i];
	ck_abort_msg("%s has no argument %s", sc->name, name);
	return NULL;
}

START_TEST(test_tables)
{
	int abi;

	for (abi = 0; abi < SW_ABI_COUNT; abi++) {
		const struct sw_sysent_table *t = sw_sysent_table(abi);
		size_t i;

		ck_assert_ptr_nonnull(t);
		ck_assert_int_eq(t->abi, abi);
		ck_assert_uint_gt(t->ncalls, 300);
		ck_assert_int_eq(sw_abi_from_audit_arch(t->audit_arch), abi);
		for (i = 1; i < t->ncalls; i++)
			ck_assert_uint_lt(t->calls[i - 1].nr, t->calls[i].nr);
	}
	ck_assert_ptr_null(sw_sysent_table(SW_ABI_UNKNOWN));
	ck_assert_str_eq(sw_abi_name(SW_ABI_UNKNOWN), "unknown");
	ck_assert_str_eq(sw_abi_name(SW_ABI_I386), "i386");
	ck_assert_uint_eq(sw_sysent_table(SW_ABI_X86_64)->wordsize, 8);
	ck_assert_uint_eq(sw_sysent_table(SW_ABI_ARM)->wordsize, 4);
	ck_assert_int_eq(sw_abi_from_audit_arch(AUDIT_ARCH_AARCH64),
			 SW_ABI_ARM64);
	ck_assert_int_eq(sw_abi_from_audit_arch(AUDIT_ARCH_ARM), SW_ABI_ARM);
	ck_assert_int_eq(sw_abi_from_audit_arch(AUDIT_ARCH_PPC64),
			 SW_ABI_UNKNOWN);
}
END_TEST

START_TEST(test_by_nr)
{
	static const struct {
		enum sw_abi abi;
		uint32_t nr;
		const char *name;
	} cases[] = {
		{ SW_ABI_X86_64, 0, "read" },
		{ SW_ABI_X86_64, 257, "openat" },
		{ SW_ABI_X86_64, 262, "newfstatat" },
		{ SW_ABI_I386, 3, "read" },
		{ SW_ABI_I386, 295, "openat" },
		{ SW_ABI_I386, 192, "mmap2" },
		{ SW_ABI_ARM64, 56, "openat" },
		{ SW_ABI_ARM64, 79, "newfstatat" },
		{ SW_ABI_ARM64, 80, "fstat" },
		{ SW_ABI_ARM, 322, "openat" },
		{ SW_ABI_ARM, 0x0f0002, "cacheflush" },
		{ SW_ABI_ARM, 0x0f0005, "set_tls" },
		{ SW_ABI_X86_64, 469, "file_setattr" },
		{ SW_ABI_ARM, 451, "cachestat" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct sw_syscall *sc =
		    sw_sysent_by_nr(cases[i].abi, cases[i].nr);

		ck_assert_msg(sc != NULL, "%s: no %u",
			      sw_abi_name(cases[i].abi), cases[i].nr);
		ck_assert_str_eq(sc->name, cases[i].name);
	}
	ck_assert_ptr_null(sw_sysent_by_nr(SW_ABI_X86_64, 100000));
	ck_assert_ptr_null(sw_sysent_by_nr(SW_ABI_X86_64, 335));
	ck_assert_ptr_null(sw_sysent_by_nr(SW_ABI_ARM64, 1000));
	ck_assert_ptr_null(sw_sysent_by_nr(SW_ABI_ARM, 0x0f0007));
	ck_assert_ptr_null(sw_sysent_by_nr(SW_ABI_UNKNOWN, 0));
	/* map_shadow_stack is not wired up on i386 and arm. */
	ck_assert_ptr_nonnull(sw_sysent_by_nr(SW_ABI_X86_64, 453));
	ck_assert_ptr_nonnull(sw_sysent_by_nr(SW_ABI_ARM64, 453));
	ck_assert_ptr_null(sw_sysent_by_nr(SW_ABI_I386, 453));
	ck_assert_ptr_null(sw_sysent_by_nr(SW_ABI_ARM, 453));
}
END_TEST

START_TEST(test_names)
{
	static const char *const forms[] = {
		"openat",
		"sys_openat",
		"_sys_openat",
		"compat_sys_openat",
		"__x64_sys_openat",
		"__ia32_sys_openat",
		"__ia32_compat_sys_openat",
		"__arm64_sys_openat",
	};
	size_t i;

	for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		ck_assert_str_eq(sw_sysent_normalize(forms[i]), "openat");
		ck_assert_str_eq(get(SW_ABI_X86_64, forms[i])->name, "openat");
		ck_assert_str_eq(get(SW_ABI_ARM, forms[i])->name, "openat");
	}
	ck_assert_str_eq(sw_sysent_normalize("sys_"), "sys_");
	ck_assert_str_eq(sw_sysent_normalize("set_tls"), "set_tls");
	ck_assert_ptr_null(sw_sysent_by_name(SW_ABI_X86_64, "opnat"));
	ck_assert_ptr_null(sw_sysent_by_name(SW_ABI_X86_64, "sys_opnat"));
	ck_assert_ptr_null(sw_sysent_by_name(SW_ABI_X86_64, "mmap2"));
	ck_assert_ptr_null(sw_sysent_by_name(SW_ABI_UNKNOWN, "read"));

	/* Entry points differ from names; the entry symbol finds the call. */
	ck_assert_str_eq(get(SW_ABI_X86_64, "uname")->entry, "sys_newuname");
	ck_assert_str_eq(get(SW_ABI_X86_64, "fstat")->entry, "sys_newfstat");
	ck_assert_str_eq(get(SW_ABI_X86_64, "__x64_sys_newuname")->name,
			 "uname");
	ck_assert_str_eq(get(SW_ABI_I386, "clone")->entry,
			 "compat_sys_ia32_clone");
	ck_assert_str_eq(get(SW_ABI_ARM64, "personality")->entry,
			 "sys_arm64_personality");
}
END_TEST

START_TEST(test_clone_order)
{
	const struct sw_syscall *sc;
	int abi;

	/* Generic order: flags, newsp, parent_tidptr, child_tidptr, tls. */
	sc = get(SW_ABI_X86_64, "clone");
	ck_assert_uint_eq(sc->nargs, 5);
	ck_assert_uint_eq(arg(sc, "child_tidptr")->reg, 3);
	ck_assert_uint_eq(arg(sc, "tls")->reg, 4);

	/*
	 * CONFIG_CLONE_BACKWARDS (x86 32-bit, arm, and arm64 too):
	 * tls before child_tidptr.
	 */
	for (abi = SW_ABI_I386; abi <= SW_ABI_ARM; abi++) {
		sc = get(abi, "clone");
		ck_assert_uint_eq(sc->nargs, 5);
		ck_assert_str_eq(sc->args[3].name,
				 abi == SW_ABI_I386 ? "tls_val" : "tls");
		ck_assert_uint_eq(sc->args[3].reg, 3);
		ck_assert_str_eq(sc->args[4].name, "child_tidptr");
		ck_assert_uint_eq(sc->args[4].reg, 4);
		ck_assert_int_eq(sc->args[0].cls, SW_ARG_FLAGS);
	}
}
END_TEST

START_TEST(test_pairs)
{
	const struct sw_syscall *sc;
	const struct sw_arg *a;

	/* i386 compat entry passes (poslo, poshi): one logical argument. */
	sc = get(SW_ABI_I386, "pread64");
	ck_assert_uint_eq(sc->nargs, 4);
	ck_assert_uint_eq(sc->nregs, 5);
	a = &sc->args[3];
	ck_assert_int_eq(a->cls, SW_ARG_PAIR64);
	ck_assert_uint_eq(a->reg, 3);

	/* arm EABI aligns the pair to an even register: r4/r5. */
	sc = get(SW_ABI_ARM, "pread64");
	ck_assert_uint_eq(sc->nregs, 6);
	ck_assert_int_eq(sc->args[3].cls, SW_ARG_PAIR64);
	ck_assert_uint_eq(sc->args[3].reg, 4);

	/* ...while i386 packs it: fd r0, offset r1/r2, len r3/r4. */
	sc = get(SW_ABI_I386, "fadvise64_64");
	ck_assert_uint_eq(arg(sc, "offset")->reg, 1);
	ck_assert_uint_eq(arg(sc, "len")->reg, 3);
	sc = get(SW_ABI_ARM, "arm_fadvise64_64");
	ck_assert_uint_eq(arg(sc, "offset")->reg, 2);
	ck_assert_uint_eq(arg(sc, "len")->reg, 4);

	/* arm fanotify_mark: flags r1, mask r2/r3, dfd r4, path r5. */
	sc = get(SW_ABI_ARM, "fanotify_mark");
	ck_assert_int_eq(arg(sc, "mask")->cls, SW_ARG_PAIR64);
	ck_assert_uint_eq(arg(sc, "mask")->reg, 2);
	ck_assert_uint_eq(arg(sc, "pathname")->reg, 5);

	/* 64-bit ABIs never pair. */
	sc = get(SW_ABI_X86_64, "pread64");
	ck_assert_uint_eq(sc->nregs, 4);
	ck_assert_int_eq(sc->args[3].cls, SW_ARG_SIGNED);
}
END_TEST

START_TEST(test_arg_classes)
{
	const struct sw_syscall *sc;

	sc = get(SW_ABI_X86_64, "read");
	ck_assert_int_eq(sc->args[0].cls, SW_ARG_FD);
	ck_assert_int_eq(sc->args[1].cls, SW_ARG_BUFFER);
	ck_assert_uint_eq(sc->args[1].flags & SW_ARGF_OUT, SW_ARGF_OUT);
	ck_assert_int_eq(sc->args[1].len_arg, -1);
	ck_assert_int_eq(sc->args[2].cls, SW_ARG_UNSIGNED);

	sc = get(SW_ABI_X86_64, "write");
	ck_assert_int_eq(sc->args[1].cls, SW_ARG_BUFFER);
	ck_assert_uint_eq(sc->args[1].flags & SW_ARGF_OUT, 0);
	ck_assert_int_eq(sc->args[1].len_arg, 2);

	/* sendto's buffer is input though the kernel drops "const". */
	sc = get(SW_ABI_ARM64, "sendto");
	ck_assert_int_eq(sc->args[1].cls, SW_ARG_BUFFER);
	ck_assert_int_eq(sc->args[1].len_arg, 2);

	sc = get(SW_ABI_X86_64, "openat");
	ck_assert_int_eq(sc->args[0].cls, SW_ARG_FD);
	ck_assert_int_eq(sc->args[1].cls, SW_ARG_STRING);
	ck_assert_int_eq(sc->args[2].cls, SW_ARG_FLAGS);
	ck_assert_int_eq(sc->args[3].cls, SW_ARG_FLAGS);

	sc = get(SW_ABI_X86_64, "newfstatat");
	ck_assert_int_eq(sc->args[2].cls, SW_ARG_STRUCT);

	sc = get(SW_ABI_X86_64, "kill");
	ck_assert_int_eq(sc->args[0].cls, SW_ARG_SIGNED);

	/* Addresses declared as unsigned long print as pointers. */
	sc = get(SW_ABI_X86_64, "mmap");
	ck_assert_int_eq(sc->args[0].cls, SW_ARG_POINTER);
	ck_assert_int_eq(get(SW_ABI_X86_64, "brk")->args[0].cls,
			 SW_ARG_POINTER);
	ck_assert_int_eq(sc->args[2].cls, SW_ARG_FLAGS);
	ck_assert_int_eq(sc->args[4].cls, SW_ARG_FD);

	sc = get(SW_ABI_X86_64, "execve");
	ck_assert_int_eq(sc->args[0].cls, SW_ARG_STRING);
	ck_assert_int_eq(sc->args[1].cls, SW_ARG_POINTER);

	sc = get(SW_ABI_ARM, "cacheflush");
	ck_assert_uint_eq(sc->nargs, 3);
	ck_assert_int_eq(sc->args[2].cls, SW_ARG_FLAGS);
}
END_TEST

START_TEST(test_sysclasses)
{
	static const struct {
		const char *name;
		unsigned int classes;
	} cases[] = {
		{ "openat", SW_CLASS_FILE | SW_CLASS_DESC },
		{ "open", SW_CLASS_FILE | SW_CLASS_DESC },
		{ "stat", SW_CLASS_FILE },
		{ "read", SW_CLASS_DESC },
		{ "socket", SW_CLASS_NETWORK | SW_CLASS_DESC },
		{ "sendto", SW_CLASS_NETWORK | SW_CLASS_DESC },
		{ "mmap", SW_CLASS_MEMORY | SW_CLASS_DESC },
		{ "brk", SW_CLASS_MEMORY },
		{ "kill", SW_CLASS_SIGNAL | SW_CLASS_PROCESS },
		{ "rt_sigaction", SW_CLASS_SIGNAL },
		{ "clone", SW_CLASS_PROCESS },
		{ "execve", SW_CLASS_FILE | SW_CLASS_PROCESS },
		{ "shmget", SW_CLASS_IPC },
		{ "getpid", 0 },
		{ "mount", SW_CLASS_FILE },
		{ "fchmodat2", SW_CLASS_FILE | SW_CLASS_DESC },
		{ "mseal", SW_CLASS_MEMORY },
	};
	size_t i;
	int abi;

	for (abi = 0; abi < SW_ABI_COUNT; abi++)
		for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
			const char *name = cases[i].name;
			const struct sw_syscall *sc;

			/* Per-ABI spellings of the same call. */
			if (abi == SW_ABI_I386 && !strcmp(name, "mmap"))
				name = "mmap2";
			if (abi == SW_ABI_ARM && !strcmp(name, "mmap"))
				name = "mmap2";
			if (abi == SW_ABI_ARM64 &&
			    (!strcmp(name, "open") || !strcmp(name, "stat")))
				continue;
			sc = get(abi, name);
			ck_assert_msg(sc->classes == cases[i].classes,
				      "%s: %s: classes %#x, want %#x",
				      sw_abi_name(abi), name, sc->classes,
				      cases[i].classes);
		}
	/* i386 multiplexers. */
	ck_assert_uint_eq(get(SW_ABI_I386, "socketcall")->classes,
			  SW_CLASS_NETWORK | SW_CLASS_DESC);
	ck_assert_uint_eq(get(SW_ABI_I386, "ipc")->classes, SW_CLASS_IPC);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("sysent");
	TCase *tc = tcase_create("lookup");

	tcase_add_test(tc, test_tables);
	tcase_add_test(tc, test_by_nr);
	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_clone_order);
	tcase_add_test(tc, test_pairs);
	tcase_add_test(tc, test_arg_classes);
	tcase_add_test(tc, test_sysclasses);
	suite_add_tcase(s, tc);
	return run_suite(s);
}

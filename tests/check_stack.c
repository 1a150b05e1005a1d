// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * syswarden tests - -k on the stacked helper, whose call chain is known:
 * main -> level_three -> level_two -> level_one -> open.  Built with
 * -DSTACK_I386, the same on its i386 build (skipped, 77, where i386
 * cannot run), which elfutils unwinds.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "checkmain.h"

static void setup(void)
{
	reaper_begin();
}

static void teardown(void)
{
	reap_check(3000);
}

/* The frames printed after the first line containing @call: a pointer
 * into @trace at their start; fails the test without any. */
static const char *frames_after(const char *trace, const char *call)
{
	const char *p = strstr(trace, call);

	ck_assert_msg(p, "no %s in:\n%s", call, trace);
	p = strchr(p, '\n');
	ck_assert_ptr_nonnull(p);
	ck_assert_msg(!strncmp(p + 1, " > ", 3), "no frames after %s:\n%s",
		      call, trace);
	return p + 1;
}

/* Asserts that @frames start with the frames of @names, in order, each
 * one line " > FILE(NAME+0x...) [0x...]"; @prog's for the helper's;
 * an empty name is not checked. */
static void ck_chain(const char *frames, const char *prog,
		     const char *const *names)
{
	char want[256];
	const char *line = frames, *end;
	size_t i;

	for (i = 0; names[i]; i++) {
		ck_assert_msg(!strncmp(line, " > ", 3),
			      "frame %zu (%s) missing in:\n%s", i, names[i],
			      frames);
		end = strchr(line, '\n');
		ck_assert_ptr_nonnull(end);
		snprintf(want, sizeof(want), "%s(%s+0x", i ? prog : "",
			 names[i]);
		ck_assert_msg(!*names[i] || memmem(line, (size_t)(end - line),
						   want, strlen(want)),
			      "frame %zu is not %s:\n%s", i, want, frames);
		line = end + 1;
	}
}

static void run_stacked(struct run *r, const char *opt, const char *helper_name)
{
	const char *args[] = { opt, "-e", "trace=openat", helper(helper_name),
			       NULL };

	run_syswarden(r, args);
	ck_exited(r->status, 0);
}

#ifndef STACK_I386
/* open's frame, in libc, then the helper's frames, each by its name
 * (level_one and level_two are static: named from .symtab). */
START_TEST(test_chain_x86_64)
{
	static const char *const names[] = { "",	  "level_one",
					     "level_two", "level_three",
					     "main",	  NULL };
	const char *f;
	struct run r;

	run_stacked(&r, "-k", "stacked");
	f = frames_after(r.trace, "openat(AT_FDCWD, \"/dev/null\"");
	ck_assert_msg(
	    !strncmp(f, " > /usr/lib/x86_64-linux-gnu/libc.so.6(", 39),
	    "first frame not in libc:\n%s", f);
	ck_chain(f, "/stacked", names);
	run_free(&r);
}
END_TEST

/* A function of ld.so that is not exported: strace 6.1 names it by the
 * nearest exported symbol (_dl_catch_error+0x384c); the debug file that
 * libc6-dbg installs under /usr/lib/debug/.build-id names it. */
START_TEST(test_static_names_from_debug_files)
{
	const char *f;
	struct run r;

	run_stacked(&r, "-k", "stacked");
	f = frames_after(r.trace, "openat(AT_FDCWD, \"/etc/ld.so.cache\"");
	ck_assert_msg(strstr(f, "ld-linux-x86-64.so.2(_dl_load_cache_lookup+"),
		      "_dl_load_cache_lookup not named (is libc6-dbg "
		      "installed? scripts/setup installs it):\n%s",
		      f);
	ck_assert_ptr_null(strstr(f, "(_dl_catch_error+0x"));
	run_free(&r);
}
END_TEST

/* --stack-lines: each helper frame with its source file and line. */
START_TEST(test_stack_lines)
{
	const char *f;
	struct run r;

	run_stacked(&r, "--stack-lines", "stacked");
	f = frames_after(r.trace, "openat(AT_FDCWD, \"/dev/null\"");
	ck_assert_msg(strstr(f, "(level_one+0x"), "%s", f);
	ck_assert_msg(strstr(strstr(f, "(level_one+0x"), "helpers/stacked.c:"),
		      "no source line:\n%s", f);
	run_free(&r);
}
END_TEST

static const char *const static_chain[] = { "",		 "level_one",
					    "level_two", "level_three",
					    "main",	 NULL };

/* A static program has no PT_GNU_EH_FRAME for libunwind (strace -k shows
 * its first frame alone): elfutils unwinds it. */
START_TEST(test_static_program)
{
	struct run r;

	run_stacked(&r, "-k", "stacked-static");
	ck_chain(frames_after(r.trace, "openat(AT_FDCWD, \"/dev/null\""),
		 "/stacked-static", static_chain);
	run_free(&r);
}
END_TEST

/* The shell's modules are known when it execs the static helper in the
 * same process, which maps nothing after: only the exec can drop them,
 * or the helper's frames would be named from the shell's map. */
START_TEST(test_exec_drops_the_cache)
{
	char cmd[4096];
	const char *args[] = {
		"-k", "-e", "trace=openat", "sh", "-c", cmd, NULL
	};
	struct run r;

	/* The shell's own openat (of /etc/passwd) reads its map. */
	snprintf(cmd, sizeof(cmd), "exec 3</etc/passwd; exec %s",
		 helper("stacked-static"));
	run_syswarden(&r, args);
	ck_exited(r.status, 0);
	ck_chain(frames_after(r.trace, "openat(AT_FDCWD, \"/dev/null\""),
		 "/stacked-static", static_chain);
	run_free(&r);
}
END_TEST

/* A library loaded with dlopen() after the process's first shown call
 * (whose frames read its map): its mmap must drop the map, under the
 * seccomp filter too, where -e trace=openat alone would not stop there. */
START_TEST(test_mmap_drops_the_cache)
{
	static const char *const names[] = { "", "stacklib_open", "main",
					     NULL };
	char lib[4096];
	const char *args[] = { "-k",
			       "--seccomp=on",
			       "-e",
			       "trace=openat",
			       helper("stackdl"),
			       lib,
			       NULL };
	const char *f;
	struct run r;

	snprintf(lib, sizeof(lib), "%s", helper("libstacklib.so"));
	run_syswarden(&r, args);
	ck_exited(r.status, 0);
	f = frames_after(r.trace, "openat(AT_FDCWD, \"/dev/null\"");
	ck_chain(f, "", names);
	ck_assert_msg(strstr(f, "/libstacklib.so(stacklib_open+0x"), "%s", f);
	run_free(&r);
}
END_TEST
#else
/* i386: open's frame, in the vDSO's __kernel_vsyscall, libc's (by one
 * of its aliases), then the helper's. */
START_TEST(test_chain_i386)
{
	static const char *const names[] = {
		"", "", "level_one", "level_two", "level_three", "main", NULL
	};
	const char *f;
	struct run r;

	run_stacked(&r, "-k", "stacked32");
	f = frames_after(r.trace, "openat(AT_FDCWD, \"/dev/null\"");
	ck_assert_msg(!strncmp(f, " > [vdso](__kernel_vsyscall+0x", 30),
		      "first frame not in the vDSO:\n%s", f);
	ck_chain(f, "", names);
	ck_assert_msg(strstr(f, "\n > /usr/lib32/libc.so.6("), "%s", f);
	ck_assert_msg(strstr(f, "/stacked32(level_one+0x"), "%s", f);
	run_free(&r);
}
END_TEST
#endif

int main(void)
{
	Suite *s = suite_create("stack");
	TCase *tc = tcase_create("stack");

#ifdef STACK_I386
	const char *why = why_no_i386("stacked32");

	if (why) {
		printf("SKIP: %s\n", why);
		return 77;
	}
	tcase_add_test(tc, test_chain_i386);
#else
	tcase_add_test(tc, test_chain_x86_64);
	tcase_add_test(tc, test_static_names_from_debug_files);
	tcase_add_test(tc, test_stack_lines);
	tcase_add_test(tc, test_static_program);
	tcase_add_test(tc, test_exec_drops_the_cache);
	tcase_add_test(tc, test_mmap_drops_the_cache);
#endif
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return run_suite(s);
}

// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The shipped plugins, loaded with --plugin by the CLI on helper programs
 * that check the results they get (helpers/plugtee.c, helpers/hookee.c).
 * The tests check the reports in the trace and syswarden's status.
 */
#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <syswarden/syswarden.h>

#include "checkmain.h"
#include "testutil.h"

/* "DIR/NAME.so" followed by @opts, from $SW_PLUGINS. */
static const char *plugin(const char *name, const char *opts)
{
	static char buf[4][512];
	static unsigned int next;
	char *p = buf[next++ % 4];
	const char *dir = getenv("SW_PLUGINS");

	ck_assert_msg(dir, "SW_PLUGINS is not set");
	snprintf(p, sizeof(buf[0]), "%s/%s.so%s", dir, name, opts);
	return p;
}

static void assert_exit(const struct run *r, int code)
{
	ck_assert_msg(WIFEXITED(r->status) && WEXITSTATUS(r->status) == code,
		      "status %#x, expected exit %d; stderr:\n%.3000s",
		      r->status, code, r->err);
}

static void assert_has(const char *text, const char *needle)
{
	ck_assert_msg(strstr(text, needle), "no '%s' in:\n%.3000s", needle,
		      text);
}

/* Complete syscall lines: results other than "?". */
static int completed_calls(const char *trace)
{
	return count_of(trace, ") = ") - count_of(trace, ") = ?");
}

START_TEST(limiter_overall_budget_is_exact)
{
	const char *args[] = {
		"--plugin", plugin("syscall_limiter", ":syscall_limit=40"),
		"--",	    helper("hookee"),
		"repeat",   "1000",
		NULL
	};
	struct run r;

	run_syswarden(&r, args);
	assert_exit(&r, SW_EXIT_ENFORCED);
	assert_has(r.trace, "### syscall_limiter: all=40 spent (40 "
			    "calls) at ");
	assert_has(r.trace, ": killing every tracee\n");
	ck_assert_int_eq(completed_calls(r.trace), 40);
	ck_assert_int_eq(count_of(r.trace, "+++ killed by SIGKILL +++"), 1);
	run_free(&r);
}
END_TEST

START_TEST(limiter_ends_threads_alone)
{
	const char *args[] = {
		"-e",
		"trace=none",
		"--plugin",
		plugin("syscall_limiter", ":syscall_thread_limit=200"),
		"--",
		helper("plugtee"),
		"threads",
		"200",
		NULL
	};
	struct run r;

	run_syswarden(&r, args);
	assert_exit(&r, SW_EXIT_ENFORCED);
	/* plugtee checked both threads ended: its own status */
	ck_assert_msg(strlen(r.trace) > 22 &&
			  !strcmp(r.trace + strlen(r.trace) - 22,
				  "+++ exited with 0 +++\n"),
		      "the process did not end with 0:\n%s", r.trace);
	ck_assert_int_eq(count_of(r.trace, "spent (200 calls) at getppid: "
					   "ending the thread"),
			 2);
	run_free(&r);
}
END_TEST

/* Counting needs nothing at exit: with every call selected, each costs
 * one stop under the filter, where printing results costs two. */
START_TEST(limiter_one_stop_per_call)
{
	const char *count[] = { "--stats",
				"-e",
				"trace=none",
				"--plugin",
				plugin("syscall_limiter",
				       ":syscall_limit=1000000"),
				"--",
				helper("hookee"),
				"repeat",
				"1000",
				NULL };
	const char *full[] = { "--stats", "--",	  helper("hookee"),
			       "repeat",  "1000", NULL };
	long counted, traced;
	struct run r;

	run_syswarden(&r, count);
	assert_exit(&r, 0);
	counted = stops_of(&r);
	run_free(&r);
	run_syswarden(&r, full);
	assert_exit(&r, 0);
	traced = stops_of(&r);
	run_free(&r);
	ck_assert_int_gt(traced, 2000);
	ck_assert_msg(counted * 10 < traced * 6,
		      "%ld stops counting, %ld tracing", counted, traced);
}
END_TEST

/* A process whose only thread runs out ends with the thread's status,
 * SW_EXIT_ENFORCED, and so does syswarden. */
START_TEST(limiter_last_thread_exit_status)
{
	const char *args[] = {
		"--plugin",
		plugin("syscall_limiter", ":syscall_thread_limit=30"),
		"--",
		helper("hookee"),
		"repeat",
		"1000",
		NULL
	};
	struct run r;

	run_syswarden(&r, args);
	assert_exit(&r, SW_EXIT_ENFORCED);
	ck_assert_int_eq(completed_calls(r.trace), 30);
	run_free(&r);
}
END_TEST

START_TEST(file_monitor_reports)
{
	const char *args[] = { "-e",	   "trace=none",
			       "--plugin", plugin("file_monitor", ""),
			       "--",	   helper("plugtee"),
			       "files",	   "allow",
			       NULL };
	struct run r;

	run_syswarden(&r, args);
	assert_exit(&r, 0);
	/* By path, by a relative path, by dirfd. */
	ck_assert_int_eq(
	    count_of(r.trace, "### file_monitor: openat \"/etc/passwd\"\n"), 2);
	assert_has(r.trace, "### file_monitor: openat \"/etc/shadow\"\n");
	ck_assert_int_eq(count_of(r.trace, "hostname"), 0);
	ck_assert_int_eq(count_of(r.trace, "blocked"), 0);
	run_free(&r);
}
END_TEST

START_TEST(file_monitor_blocks)
{
	const char *args[] = {
		"-e",	    "trace=open,openat",
		"--plugin", plugin("file_monitor", ":block=true"),
		"--",	    helper("plugtee"),
		"files",    "block",
		NULL
	};
	char want[128];
	struct run r;

	run_syswarden(&r, args);
	assert_exit(&r, 0); /* plugtee got EACCES where it should */
	ck_assert_int_eq(count_of(r.trace, " blocked with EACCES\n"), 3);
	snprintf(want, sizeof(want),
		 "openat(AT_FDCWD, \"/etc/passwd\", %s) = -1 EACCES "
		 "(Permission denied) (INJECTED)",
		 helper_rdonly());
	assert_has(r.trace, want);
	run_free(&r);
}
END_TEST

START_TEST(file_monitor_custom_paths)
{
	const char *args[] = {
		"-e",
		"trace=none",
		"--plugin",
		plugin("file_monitor", ":paths=/etc/hostname:/nonexistent/"),
		"--",
		helper("plugtee"),
		"files",
		"allow",
		NULL
	};
	struct run r;

	run_syswarden(&r, args);
	assert_exit(&r, 0);
	assert_has(r.trace, "### file_monitor: openat \"/etc/hostname\"\n");
	assert_has(r.trace, "### file_monitor: openat \"/nonexistent/plugtee\" "
			    "failed: ENOENT\n");
	ck_assert_int_eq(count_of(r.trace, "passwd"), 0);
	run_free(&r);
}
END_TEST

/* Another name is the same file: "//", "/./", links. */
START_TEST(file_monitor_other_names)
{
	const char *allow[] = { "-e",	    "trace=none",
				"--plugin", plugin("file_monitor", ""),
				"--",	    helper("plugtee"),
				"names",    "allow",
				NULL };
	const char *block[] = {
		"-e",	    "trace=none",
		"--plugin", plugin("file_monitor", ":block=true"),
		"--",	    helper("plugtee"),
		"names",    "block",
		NULL
	};
	struct run r;

	run_syswarden(&r, allow);
	assert_exit(&r, 0);
	assert_has(r.trace, "openat \"/etc//passwd\" (/etc/passwd)\n");
	assert_has(r.trace, "openat \"/etc/./passwd\" (/etc/passwd)\n");
	assert_has(r.trace, "/sym\" (/etc/passwd)\n");
	run_free(&r);
	run_syswarden(&r, block); /* plugtee checked EACCES for each */
	assert_exit(&r, 0);
	ck_assert_int_ge(count_of(r.trace, " blocked with EACCES\n"), 3);
	run_free(&r);
}
END_TEST

/* Files that do not exist yet: made through a dangling link into a
 * watched tree, or where a watched path's link leads. */
START_TEST(file_monitor_creates)
{
	char dir[] = "/tmp/sw-create-XXXXXX", sub[320], opt[700], cmd[400];
	const char *modes[] = { "block", "allow" };
	struct run r;
	size_t i;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	for (i = 0; i < 2; i++) {
		const char *args[] = { "-e",	   "trace=none",
				       "--plugin", opt,
				       "--",	   helper("plugtee"),
				       "create",   dir,
				       modes[i],   NULL };

		snprintf(cmd, sizeof(cmd), "rm -rf %s/*", dir);
		ck_assert_int_eq(system(cmd), 0);
		snprintf(sub, sizeof(sub), "%s/tree", dir);
		ck_assert_int_eq(mkdir(sub, 0700), 0);
		snprintf(sub, sizeof(sub), "%s/other", dir);
		ck_assert_int_eq(mkdir(sub, 0700), 0);
		snprintf(sub, sizeof(sub), "%s/l", dir);
		ck_assert_int_eq(symlink("other", sub), 0);
		snprintf(
		    opt, sizeof(opt), "%s:paths=%s/tree/:%s/l/new2,block=%s",
		    plugin("file_monitor", ""), dir, dir, i ? "false" : "true");
		run_syswarden(&r, args);
		assert_exit(&r, 0); /* plugtee checked EACCES or success */
		ck_assert_int_eq(count_of(r.trace, i ? "/dang\" (" : "blocked"),
				 i ? 1 : 2);
		assert_has(r.trace, "/other/new2");
		run_free(&r);
	}
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

/* A watched tree reached through a bind mount is the same tree. */
START_TEST(file_monitor_bind_mount)
{
	char dir[] = "/tmp/sw-bind-XXXXXX", tree[64], bind[64], file[80];
	char opt[512], cmd[256];
	const char *args[] = { "-e", "trace=none", "--plugin", opt,
			       "--", "cat",	   file,       NULL };
	struct run r;
	FILE *f;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(tree, sizeof(tree), "%s/tree", dir);
	snprintf(bind, sizeof(bind), "%s/bind", dir);
	snprintf(file, sizeof(file), "%s/secret", bind);
	ck_assert_int_eq(mkdir(tree, 0700), 0);
	ck_assert_int_eq(mkdir(bind, 0700), 0);
	snprintf(cmd, sizeof(cmd), "%s/secret", tree);
	ck_assert_ptr_nonnull(f = fopen(cmd, "w"));
	fclose(f);
	snprintf(cmd, sizeof(cmd), "mount --bind %s %s", tree, bind);
	ck_assert_int_eq(system(cmd), 0);
	snprintf(opt, sizeof(opt), "%s:paths=%s/,block=true",
		 plugin("file_monitor", ""), tree);
	run_syswarden(&r, args);
	snprintf(cmd, sizeof(cmd), "umount %s && rm -rf %s", bind, dir);
	ck_assert_int_eq(system(cmd), 0);
	assert_exit(&r, 1); /* cat: Permission denied */
	assert_has(r.trace, "/bind/secret\" blocked with EACCES");
	run_free(&r);
}
END_TEST

/* A thread that changes the path after the check can get past the
 * block; each time it does, the return says so. */
START_TEST(file_monitor_reports_what_got_past)
{
	const char *args[] = {
		"-e",	    "trace=none",
		"--plugin", plugin("file_monitor", ":block=true"),
		"--",	    helper("plugtee"),
		"flip",	    "3000",
		NULL
	};
	struct run r;

	run_syswarden(&r, args);
	ck_assert_msg(WIFEXITED(r.status), "status %#x", r.status);
	ck_assert_int_eq(count_of(r.trace, "opened past the block"),
			 WEXITSTATUS(r.status));
	run_free(&r);
}
END_TEST

START_TEST(exec_monitor_reports)
{
	const char *args[] = {
		"-e",	    "trace=none",
		"--plugin", plugin("exec_monitor", ""),
		"--",	    "/bin/sh",
		"-c",	    "/nonexistent/prog; exec /bin/true a1 a2",
		NULL
	};
	struct run r;

	run_syswarden(&r, args);
	assert_exit(&r, 0);
	assert_has(r.trace, "execve \"/bin/sh\" [\"/bin/sh\", \"-c\", ");
	assert_has(r.trace, "execve \"/nonexistent/prog\" "
			    "[\"/nonexistent/prog\"]");
	assert_has(r.trace, ": execve failed: ENOENT");
	assert_has(r.trace, "execve \"/bin/true\" [\"/bin/true\", \"a1\", "
			    "\"a2\"]");
	ck_assert_int_eq(count_of(r.trace, "(parent "), 3);
	run_free(&r);
}
END_TEST

START_TEST(net_monitor_reports)
{
	const char *args[] = { "-e",	   "trace=none",
			       "--plugin", plugin("net_monitor", ":preview=5"),
			       "--",	   helper("plugtee"),
			       "net",	   NULL };
	struct run r;

	run_syswarden(&r, args);
	assert_exit(&r, 0);
	assert_has(r.trace, " to 127.0.0.1:9: \"hello\"...\n");
	assert_has(r.trace, "sendmsg fd ");
	assert_has(r.trace, " to connected: \"msg-d\"...\n");
	assert_has(r.trace, " to connected: \"\"\n"); /* empty sendmsg */
	assert_has(r.trace, " to 127.0.0.1:1\n");
	assert_has(r.trace, " to unix:\"/nonexistent/plugtee.sock\"\n");
	/* A path cannot forge a line of its own. */
	assert_has(r.trace, " to unix:\"/nonexistent/a\\n### forged\"\n");
	ck_assert_int_eq(count_of(r.trace, "\n### forged"), 0);
	run_free(&r);
}
END_TEST

START_TEST(failed_opens_reports)
{
	const char *args[] = { "-e",	   "trace=none",
			       "--plugin", plugin("failed_opens", ""),
			       "--",	   helper("plugtee"),
			       "files",	   "allow",
			       NULL };
	struct run r;

	run_syswarden(&r, args);
	assert_exit(&r, 0);
	assert_has(r.trace, "### failed_opens: openat \"/nonexistent/plugtee\" "
			    "failed: ENOENT\n");
	ck_assert_int_eq(count_of(r.trace, "hostname"), 0);
	ck_assert_int_eq(count_of(r.trace, "passwd"), 0);
	run_free(&r);
}
END_TEST

/* argv is cut by count and each entry by length, both marked "...". */
START_TEST(exec_monitor_cuts_argv)
{
	char big[301];
	const char *args[] = {
		"-e",	    "trace=none",
		"--plugin", plugin("exec_monitor", ":max_args=2"),
		"--",	    "/bin/true",
		big,	    "more",
		NULL
	};
	const char *none[] = {
		"-e",	    "trace=none",
		"--plugin", plugin("exec_monitor", ":max_args=0"),
		"--",	    "/bin/true",
		NULL
	};
	struct run r;

	memset(big, 'y', 300);
	big[300] = '\0';
	run_syswarden(&r, args);
	assert_exit(&r, 0);
	assert_has(r.trace, "[\"/bin/true\", \"yyyyyyyy");
	/* 256 bytes shown of 300, then the entries past max_args. */
	ck_assert_int_eq(count_of(r.trace, "y"), 256);
	assert_has(r.trace, "yy\"..., ...]\n");
	run_free(&r);
	run_syswarden(&r, none);
	assert_exit(&r, 0);
	assert_has(r.trace, "execve \"/bin/true\" [...]\n");
	run_free(&r);
}
END_TEST

/* A plugin given by name is found on SYSWARDEN_PLUGIN_PATH. */
START_TEST(plugin_by_name)
{
	const char *args[] = { "-e",	       "trace=none", "--plugin",
			       "failed_opens", "--",	     helper("plugtee"),
			       "files",	       "allow",	     NULL };
	struct run r;

	setenv("SYSWARDEN_PLUGIN_PATH", getenv("SW_PLUGINS"), 1);
	run_syswarden(&r, args);
	assert_exit(&r, 0);
	assert_has(r.trace, "### failed_opens: ");
	run_free(&r);
}
END_TEST

START_TEST(bad_options_refused)
{
	const char *unknown[] = { "--plugin",
				  plugin("syscall_limiter", ":syscall_limt=5"),
				  "--", "/bin/true", NULL };
	const char *type[] = { "--plugin",
			       plugin("syscall_limiter", ":syscall_limit=abc"),
			       "--", "/bin/true", NULL };
	const char *missing[] = { "--plugin", plugin("no_such_plugin", ""),
				  "--", "/bin/true", NULL };
	struct run r;

	run_syswarden(&r, unknown);
	assert_exit(&r, 1);
	assert_has(r.err, "syscall_limit");
	run_free(&r);
	run_syswarden(&r, type);
	assert_exit(&r, 1);
	assert_has(r.err, "abc");
	run_free(&r);
	run_syswarden(&r, missing);
	assert_exit(&r, 1);
	assert_has(r.err, "no_such_plugin");
	run_free(&r);
}
END_TEST

/* A refused plugin leaves the -o file as it was. */
START_TEST(refusal_keeps_output_file)
{
	char path[] = "/tmp/sw-keep-XXXXXX";
	const char *args[] = { "-o", path,	  "--plugin", "./nope.so",
			       "--", "/bin/true", NULL };
	int fd = mkstemp(path);
	char *text;
	struct run r;

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, "keep\n", 5), 5);
	close(fd);
	run_syswarden(&r, args);
	assert_exit(&r, 1);
	assert_has(r.err, "./nope.so");
	run_free(&r);
	text = slurp(path);
	unlink(path);
	ck_assert_str_eq(text, "keep\n");
	free(text);
}
END_TEST

static Suite *plugins_suite(void)
{
	Suite *s = suite_create("plugins");
	TCase *tc = tcase_create("shipped");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, limiter_overall_budget_is_exact);
	tcase_add_test(tc, limiter_ends_threads_alone);
	tcase_add_test(tc, limiter_one_stop_per_call);
	tcase_add_test(tc, limiter_last_thread_exit_status);
	tcase_add_test(tc, file_monitor_reports);
	tcase_add_test(tc, file_monitor_blocks);
	tcase_add_test(tc, file_monitor_custom_paths);
	tcase_add_test(tc, file_monitor_other_names);
	tcase_add_test(tc, file_monitor_creates);
	tcase_add_test(tc, file_monitor_bind_mount);
	tcase_add_test(tc, file_monitor_reports_what_got_past);
	tcase_add_test(tc, exec_monitor_reports);
	tcase_add_test(tc, exec_monitor_cuts_argv);
	tcase_add_test(tc, net_monitor_reports);
	tcase_add_test(tc, failed_opens_reports);
	tcase_add_test(tc, plugin_by_name);
	tcase_add_test(tc, bad_options_refused);
	tcase_add_test(tc, refusal_keeps_output_file);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(plugins_suite());
}

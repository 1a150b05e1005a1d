// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Hooks on a real tracee, through the public API as an embedder uses it.
 * The helper (helpers/hookee.c) checks the results the hooks gave it and
 * exits non-zero when one is wrong; the tests check what the hooks saw.
 * Every test runs twice: with the seccomp filter (hooks stop at seccomp
 * stops, scalar filters in BPF) and without (every syscall stops).
 *
 * Built twice: against hookee, and with HOOKEE_I386 against hookee32, an
 * i386 build of it, which puts the i386 side of everything to the test
 * (32-bit arguments and pointers, the compat filter rules, compat result
 * and argument writes).
 */
#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <syswarden/syswarden.h>

#include "checkmain.h"
#include "testutil.h"

#ifdef HOOKEE_I386
#define HOOKEE "hookee32"
#else
#define HOOKEE "hookee"
#endif

static struct sw_supervisor *sup;
static char err[512];

struct seen {
	int hits;
	int64_t ret;
	pid_t pid, tid, ppid;
	int r; /* what an action returned */
	int order[8];
	int norder;
	char text[256];
};

static void setup_mode(int filtered)
{
	ck_assert_int_eq(sw_supervisor_new(&sup), 0);
	sw_set_seccomp(sup, filtered ? SW_SECCOMP_ON : SW_SECCOMP_OFF);
}

static struct sw_hook *add(struct sw_hook_spec spec)
{
	struct sw_hook *h = NULL;
	int r = sw_hook_add(sup, &spec, &h, err, sizeof(err));

	ck_assert_msg(r == 0, "sw_hook_add(%s): %s", spec.name, err);
	return h;
}

/* Runs hookee in @mode (with @arg) to its end, also when a hook let it
 * go (it is then waited for here); returns its status. */
static int run_hookee(const char *mode, const char *arg)
{
	char *argv[] = { (char *)helper(HOOKEE), (char *)mode, (char *)arg,
			 NULL };
	int status = -1, pid = sw_spawn(sup, argv);

	ck_assert_int_gt(pid, 0);
	ck_assert_int_eq(sw_run(sup), 0);
	if (sw_wait_status(sup, &status) < 0)
		ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	sw_supervisor_free(sup);
	return status;
}

static void assert_clean_exit(int status)
{
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		      "hookee: status %#x (exit %d: results that were wrong)",
		      status, WEXITSTATUS(status));
}

static void skip_with(struct sw_call *call, void *data)
{
	struct seen *s = data;

	s->hits++;
	s->r = sw_call_skip(call, s->ret);
}

static void count(struct sw_call *call, void *data)
{
	struct seen *s = data;

	s->hits++;
	s->pid = call->pid;
	s->tid = call->tid;
	s->ppid = sw_call_ppid(call);
	s->ret = call->ret;
}

START_TEST(skip_ioctl_and_clone)
{
	struct seen io = { .ret = 43 }, cl = { .ret = 42 };
	FILE *out = tmpfile();
	char line[512];
	bool injected = false;

	setup_mode(_i);
	sw_set_output(sup, out);
	sw_set_trace(sup, "ioctl", err, sizeof(err));
	add((struct sw_hook_spec){ .name = "on_sys_ioctl_enter",
				   .fn = skip_with,
				   .data = &io,
				   .args[1] = SW_EXACT(0xabcd) });
	add((struct sw_hook_spec){ .name = "clone",
				   .fn = skip_with,
				   .data = &cl,
				   .args[0] = SW_EXACT(SIGCHLD) });
	assert_clean_exit(run_hookee("skip", NULL));
	ck_assert_int_eq(io.hits, 1);
	ck_assert_int_eq(io.r, 0);
	ck_assert_int_eq(cl.hits, 1);
	rewind(out);
	while (fgets(line, sizeof(line), out))
		injected |= strstr(line, "ioctl(9, _IOC(_IOC_NONE, 0xab, 0xcd, "
					 "0), ") &&
			    strstr(line, "= 43 (INJECTED)");
	fclose(out);
	ck_assert_msg(injected, "no 'ioctl(9, _IOC(_IOC_NONE, 0xab, 0xcd, 0), "
				"...) = 43 (INJECTED)'");
}
END_TEST

START_TEST(argument_filters)
{
	struct seen s = { .ret = 77 };

	setup_mode(_i);
	add((struct sw_hook_spec){ .name = "ioctl",
				   .fn = skip_with,
				   .data = &s,
				   .args = { SW_EXACT(0x13),
					     SW_RANGE(0x1234, 0x1235),
					     SW_EXACT(0xabcd) } });
	assert_clean_exit(run_hookee("args", NULL));
	ck_assert_int_eq(s.hits, 2);
}
END_TEST

START_TEST(comm_filter)
{
	struct seen wrong = { .ret = 10 }, right = { .ret = 11 }, clear = { 0 },
		    set8 = { 0 };

	setup_mode(_i);
	add((struct sw_hook_spec){ .name = "ioctl",
				   .fn = skip_with,
				   .data = &wrong,
				   .comm = "not-hookee",
				   .args[1] = SW_BITMASK_SET(0x7) });
	add((struct sw_hook_spec){ .name = "ioctl",
				   .fn = count,
				   .data = &set8,
				   .comm = "hookee-comm-lon",
				   .args[1] = SW_BITMASK_SET(0x8) });
	add((struct sw_hook_spec){ .name = "ioctl",
				   .fn = count,
				   .data = &clear,
				   .comm = "hookee-comm-lon",
				   .args[1] = SW_BITMASK_CLEAR(0x8) });
	add((struct sw_hook_spec){ .name = "ioctl",
				   .fn = skip_with,
				   .data = &right,
				   .comm = "hookee-comm-longer-than-15",
				   .args[1] = SW_BITMASK_SET(0x5) });
	assert_clean_exit(run_hookee("comm", NULL));
	ck_assert_int_eq(wrong.hits, 0);
	ck_assert_int_eq(set8.hits, 0);
	ck_assert_int_eq(clear.hits, 1);
	ck_assert_int_eq(right.hits, 1);
}
END_TEST

/* Removal by handle, by the hook itself, by label and by callback;
 * enabling and disabling, all from inside callbacks. */
struct lifecycle {
	struct seen a, self, label, fn, late, early, all;
	struct sw_hook *a_hook, *late_hook, *early_hook;
};

static void remove_self(struct sw_call *call, void *data)
{
	((struct seen *)data)->hits++;
	sw_hook_remove(call->hook);
}

static void by_fn(struct sw_call *call, void *data)
{
	((struct seen *)data)->hits++;
}

static void manager(struct sw_call *call, void *data)
{
	struct lifecycle *l = data;

	l->all.hits++;
	if (l->all.hits == 1) {
		sw_hook_remove(l->a_hook);
		ck_assert_int_eq(sw_hooks_remove(call->sup, "by-label", NULL),
				 1);
		ck_assert_int_eq(sw_hooks_remove(call->sup, NULL, by_fn), 1);
	}
	if (l->all.hits == 2)
		sw_hook_enable(l->early_hook, false);
	if (l->all.hits == 3)
		sw_hook_enable(l->late_hook, true);
}

START_TEST(remove_enable_disable)
{
	struct lifecycle l = { 0 };

	setup_mode(_i);
	l.a_hook = add((struct sw_hook_spec){
	    .name = "getppid", .fn = count, .data = &l.a });
	add((struct sw_hook_spec){
	    .name = "getppid", .fn = remove_self, .data = &l.self });
	add((struct sw_hook_spec){ .name = "getppid",
				   .fn = count,
				   .data = &l.label,
				   .label = "by-label" });
	add((struct sw_hook_spec){
	    .name = "getppid", .fn = by_fn, .data = &l.fn });
	l.early_hook = add((struct sw_hook_spec){
	    .name = "getppid", .fn = count, .data = &l.early });
	l.late_hook = add((struct sw_hook_spec){ .name = "getppid",
						 .fn = count,
						 .data = &l.late,
						 .disabled = true });
	add((struct sw_hook_spec){
	    .name = "getppid", .fn = manager, .data = &l });
	assert_clean_exit(run_hookee("repeat", "5"));
	ck_assert_int_eq(l.all.hits, 5);
	ck_assert_int_eq(l.a.hits, 1);
	ck_assert_int_eq(l.self.hits, 1);
	ck_assert_int_eq(l.label.hits, 1);
	ck_assert_int_eq(l.fn.hits, 1);
	ck_assert_int_eq(l.early.hits, 2);
	ck_assert_int_eq(l.late.hits, 2); /* enabled after its turn in 3 */
}
END_TEST

START_TEST(string_filters_on_paths)
{
	struct seen ex = { .ret = 100 }, co = { .ret = 101 },
		    st = { .ret = 102 }, en = { .ret = 103 },
		    op = { .ret = 104 };

	setup_mode(_i);
	add((struct sw_hook_spec){ .name = "openat",
				   .fn = skip_with,
				   .data = &ex,
				   .str[1] =
				       SW_STR_EXACT("/nonexistent/sw-exact") });
	add((struct sw_hook_spec){ .name = "openat",
				   .fn = skip_with,
				   .data = &co,
				   .str[1] = SW_STR_CONTAINS("sw-middle") });
	add((struct sw_hook_spec){ .name = "openat",
				   .fn = skip_with,
				   .data = &st,
				   .str[1] = SW_STR_STARTSWITH("/sw-start/") });
	add((struct sw_hook_spec){ .name = "openat",
				   .fn = skip_with,
				   .data = &en,
				   .str[1] = SW_STR_ENDSWITH(".sw-end") });
	add((struct sw_hook_spec){
	    .name = "open",
	    .fn = skip_with,
	    .data = &op,
	    .str[0] = SW_STR_STARTSWITH("/nonexistent/sw-open") });
	assert_clean_exit(run_hookee("strings", NULL));
	ck_assert_int_eq(ex.hits, 1);
	ck_assert_int_eq(co.hits, 1);
	ck_assert_int_eq(st.hits, 1);
	ck_assert_int_eq(en.hits, 1);
	/* arm64 has no open: the helper makes none there. */
	ck_assert_int_eq(op.hits, helper_has_legacy_calls() ? 1 : 0);
}
END_TEST

START_TEST(getpid_return_sees_real_pid)
{
	struct seen s = { 0 };
	char *argv[] = { (char *)helper(HOOKEE), "getpid", NULL };
	int status, pid;

	setup_mode(_i);
	add((struct sw_hook_spec){
	    .name = "on_sys_getpid_return", .fn = count, .data = &s });
	pid = sw_spawn(sup, argv);
	ck_assert_int_gt(pid, 0);
	ck_assert_int_eq(sw_run(sup), 0);
	ck_assert_int_eq(sw_wait_status(sup, &status), 0);
	sw_supervisor_free(sup);
	assert_clean_exit(status);
	ck_assert_int_eq(s.hits, 1);
	ck_assert_int_eq(s.ret, pid);
	ck_assert_int_eq(s.pid, pid);
	ck_assert_int_eq(s.tid, pid);
	ck_assert_int_eq(s.ppid, getpid()); /* we launched it */
}
END_TEST

/* Entry: the first skip wins; return: results chain in order. */
static void first(struct sw_call *call, void *data)
{
	struct seen *s = data;

	s->order[s->norder++] = 1;
	if (call->at_return)
		ck_assert_int_eq(sw_call_set_return(call, 4000), 0);
}

static void second(struct sw_call *call, void *data)
{
	struct seen *s = data;

	s->order[s->norder++] = 2;
	s->ret = call->ret;
	if (call->at_return)
		ck_assert_int_eq(sw_call_set_return(call, call->ret + 242), 0);
}

static void skip_second(struct sw_call *call, void *data)
{
	struct seen *s = data;

	s->hits++;
	s->r = sw_call_skip(call, 44);
	s->ret = call->ret;
}

START_TEST(order_and_chaining)
{
	struct seen s = { 0 }, sk1 = { .ret = 43 }, sk2 = { 0 },
		    cl = { .ret = 42 };

	setup_mode(_i);
	add((struct sw_hook_spec){
	    .name = "on_sys_getppid_return", .fn = first, .data = &s });
	add((struct sw_hook_spec){
	    .name = "on_sys_getppid_return", .fn = second, .data = &s });
	assert_clean_exit(run_hookee("retval", NULL));
	ck_assert_int_eq(s.norder, 2);
	ck_assert_int_eq(s.order[0], 1);
	ck_assert_int_eq(s.order[1], 2);
	ck_assert_int_eq(s.ret, 4000);

	setup_mode(_i);
	add((struct sw_hook_spec){ .name = "ioctl",
				   .fn = skip_with,
				   .data = &sk1,
				   .args[1] = SW_EXACT(0xabcd) });
	add((struct sw_hook_spec){ .name = "ioctl",
				   .fn = skip_second,
				   .data = &sk2,
				   .args[1] = SW_EXACT(0xabcd) });
	add((struct sw_hook_spec){ .name = "clone",
				   .fn = skip_with,
				   .data = &cl,
				   .args[0] = SW_EXACT(SIGCHLD) });
	assert_clean_exit(run_hookee("skip", NULL)); /* expects 43 */
	ck_assert_int_eq(sk2.hits, 1);
	ck_assert_int_eq(sk2.r, -EALREADY);
	ck_assert_int_eq(sk2.ret, 43);
}
END_TEST

/* uid_t is a 32-bit unsigned type: -1 and 0xffffffff are one value to
 * a filter, with the kernel's filter and without. */
START_TEST(filters_at_argument_width)
{
	struct seen hit = { .ret = 55 }, ne_long = { 0 }, ne_neg = { 0 };

	setup_mode(_i);
	add((struct sw_hook_spec){ .name = "setresuid",
				   .fn = skip_with,
				   .data = &hit,
				   .args[0] = SW_EXACT(-1) });
	add((struct sw_hook_spec){ .name = "setresuid",
				   .fn = count,
				   .data = &ne_long,
				   .args[1] = SW_NOT_EQUAL(0xffffffff) });
	add((struct sw_hook_spec){ .name = "setresuid",
				   .fn = count,
				   .data = &ne_neg,
				   .args[2] = SW_NOT_EQUAL(-1) });
	assert_clean_exit(run_hookee("uid", NULL));
	ck_assert_int_eq(hit.hits, 1);
	ck_assert_int_eq(ne_long.hits, 0);
	ck_assert_int_eq(ne_neg.hits, 0);
}
END_TEST

static void rewrite_fd(struct sw_call *call, void *data)
{
	struct seen *s = data;

	s->hits++;
	s->r = sw_call_set_arg(call, 0, 9);
}

/* Later hooks match on, and see, the rewritten argument. */
START_TEST(rewrite_argument)
{
	struct seen s = { 0 }, now9 = { 0 }, was13 = { 0 };

	setup_mode(_i);
	add((struct sw_hook_spec){
	    .name = "ioctl",
	    .fn = rewrite_fd,
	    .data = &s,
	    .args = { SW_EXACT(0x13), SW_EXACT(TCGETS) } });
	add((struct sw_hook_spec){ .name = "ioctl",
				   .fn = count,
				   .data = &now9,
				   .args = { SW_EXACT(9), SW_EXACT(TCGETS) } });
	add((struct sw_hook_spec){
	    .name = "ioctl",
	    .fn = count,
	    .data = &was13,
	    .args = { SW_EXACT(0x13), SW_EXACT(TCGETS) } });
	assert_clean_exit(run_hookee("rewrite", NULL));
	ck_assert_int_eq(s.hits, 1);
	ck_assert_int_eq(s.r, 0);
	ck_assert_int_eq(now9.hits, 1);
	ck_assert_int_eq(was13.hits, 0);
}
END_TEST

/* A hook registered from a callback starts with the next call, and
 * carries the label of the hook that registered it. */
static void replace_self(struct sw_call *call, void *data)
{
	struct sw_hook_spec spec = { .name = "getppid",
				     .fn = replace_self,
				     .data = data };

	((struct seen *)data)->hits++;
	sw_hook_remove(call->hook);
	ck_assert_int_eq(sw_hook_add(call->sup, &spec, NULL, NULL, 0), 0);
	ck_assert_int_eq(sw_hooks_enable(call->sup, "phoenix", NULL, true), 1);
}

START_TEST(hooks_added_from_callbacks)
{
	struct seen s = { 0 };

	setup_mode(_i);
	add((struct sw_hook_spec){ .name = "getppid",
				   .fn = replace_self,
				   .data = &s,
				   .label = "phoenix" });
	assert_clean_exit(run_hookee("repeat", "5"));
	ck_assert_int_eq(s.hits, 5);
}
END_TEST

static void on_both(struct sw_call *call, void *data)
{
	struct seen *s = data;

	s->order[s->norder++] = call->at_return ? 2 : 1;
	s->ret = call->ret;
}

/* Filters are decided at entry: a successful execve's return still
 * runs, though the path its filter read is gone with the old image. */
START_TEST(return_half_after_exec)
{
	struct seen s = { 0 };

	setup_mode(_i);
	add((struct sw_hook_spec){ .name = "execve",
				   .when = SW_HOOK_ENTER | SW_HOOK_RETURN,
				   .fn = on_both,
				   .data = &s,
				   .str[0] = SW_STR_EXACT("/bin/true") });
	assert_clean_exit(run_hookee("execve", NULL));
	ck_assert_int_eq(s.norder, 2);
	ck_assert_int_eq(s.order[0], 1);
	ck_assert_int_eq(s.order[1], 2);
	ck_assert_int_eq(s.ret, 0);
}
END_TEST

static void end_non_leader(struct sw_call *call, void *data)
{
	struct seen *s = data;

	if (call->tid == call->pid)
		return;
	s->hits++;
	s->r = sw_call_end_thread(call, 3);
}

/* At entry the call itself becomes the thread's exit; at return the
 * thread ends at its next call. */
START_TEST(end_one_thread)
{
	static const char *const names[] = { "on_sys_getppid_enter",
					     "on_sys_getppid_return" };
	struct seen s = { 0 };

	setup_mode(_i / 2);
	add((struct sw_hook_spec){
	    .name = names[_i % 2], .fn = end_non_leader, .data = &s });
	assert_clean_exit(run_hookee("thread", NULL));
	ck_assert_int_eq(s.hits, 1);
	ck_assert_int_eq(s.r, 0);
}
END_TEST

static void end_me(struct sw_call *call, void *data)
{
	struct seen *s = data;

	s->hits++;
	s->r = sw_call_end_thread(call, 5);
}

/* Ending the thread at exit_group leaves the call whole: the process
 * ends, its other thread with it, with exit_group's status. */
START_TEST(end_thread_at_exit_group)
{
	struct seen s = { 0 };
	int status;

	setup_mode(_i);
	add((struct sw_hook_spec){
	    .name = "exit_group", .fn = end_me, .data = &s });
	status = run_hookee("exitgroup", NULL);
	ck_assert_int_eq(s.hits, 1);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 7,
		      "status %#x", status);
}
END_TEST

static void end_at_second(struct sw_call *call, void *data)
{
	struct seen *s = data;

	if (++s->hits == 2)
		s->r = sw_call_end_thread(call, 0);
}

/* The main thread ended at its clone3 (run as clone), which so never
 * reaches its exit: the other thread's children are not held for it.
 * Where glibc makes threads with clone (arm), at its clone. */
START_TEST(end_thread_at_clone3)
{
	struct seen s = { 0 };

	setup_mode(_i);
	add((struct sw_hook_spec){ .name = helper_thread_call(),
				   .fn = end_at_second,
				   .data = &s,
				   .pid = 0 });
	s.pid = 0;
	assert_clean_exit(run_hookee("leaderend", NULL));
	ck_assert_int_ge(s.hits, 2);
}
END_TEST

static void stop_at_three(struct sw_call *call, void *data)
{
	struct seen *s = data;

	if (++s->hits == 3)
		s->r = sw_call_stop(call, SW_STOP_KILL);
}

START_TEST(stop_kills)
{
	struct seen s = { 0 };
	int status;

	setup_mode(_i);
	add((struct sw_hook_spec){
	    .name = "getppid", .fn = stop_at_three, .data = &s });
	status = run_hookee("repeat", "1000");
	ck_assert_int_eq(s.r, 0);
	ck_assert_int_eq(s.hits, 3);
	ck_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
}
END_TEST

static void interrupt(struct sw_call *call, void *data)
{
	((struct seen *)data)->hits++;
	sw_request_stop(call->sup, SIGTERM);
}

/* A CLONE_PARENT child is a sibling of the command to /proc, yet it is
 * of the command's tree: a stop request kills it with the command. */
START_TEST(clone_parent_child_dies_with_command)
{
	struct seen s = { 0 };
	int status;

	reaper_begin();
	setup_mode(_i);
	add((struct sw_hook_spec){
	    .name = "getppid", .fn = interrupt, .data = &s });
	status = run_hookee("cloneparent", NULL);
	ck_assert_int_ge(s.hits, 1);
	ck_assert_msg(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
		      "status %#x", status);
	reap_check(2000);
}
END_TEST

static void detach_at_exec(struct sw_call *call, void *data)
{
	struct seen *s = data;

	s->hits++;
	s->r = sw_call_stop(call, SW_STOP_DETACH);
}

/* The command is under its filter from before its exec: detaching at
 * the exec is refused as anywhere after it. */
START_TEST(detach_refused_at_first_exec)
{
	struct seen s = { 0 };
	int status;

	reaper_begin();
	setup_mode(_i);
	add((struct sw_hook_spec){
	    .name = "execve", .fn = detach_at_exec, .data = &s });
	status = run_hookee("repeat", "3");
	ck_assert_int_eq(s.hits, 1);
	ck_assert_int_eq(s.r, _i ? -EPERM : 0);
	assert_clean_exit(status);
	reap_check(2000);
}
END_TEST

static void detach_me(struct sw_call *call, void *data)
{
	struct seen *s = data;

	s->hits++;
	s->r = sw_call_detach_process(call);
}

/* Without a filter the process runs on untraced; under one, detaching
 * is refused (its traced calls would fail with ENOSYS). */
START_TEST(detach_process)
{
	struct seen s = { 0 };
	int status;

	reaper_begin();
	setup_mode(_i);
	add((struct sw_hook_spec){
	    .name = "getppid", .fn = detach_me, .data = &s });
	status = run_hookee("repeat", "5");
	assert_clean_exit(status);
	ck_assert_int_eq(s.r, _i ? -EPERM : 0);
	ck_assert_int_eq(s.hits, _i ? 5 : 1);
	reap_check(2000);
}
END_TEST

/* Detaching from the entry of a clone3 (which runs as clone): the caller
 * and the new thread get their registers back before they go.  Where
 * glibc makes threads with clone (arm), from the entry of that. */
START_TEST(detach_at_clone3)
{
	struct seen s = { 0 };
	int status;

	reaper_begin();
	setup_mode(_i);
	add((struct sw_hook_spec){
	    .name = helper_thread_call(), .fn = detach_me, .data = &s });
	status = run_hookee("spawn", NULL);
	ck_assert_int_ge(s.hits, 1);
	ck_assert_int_eq(s.r, _i ? -EPERM : 0);
	assert_clean_exit(status);
	reap_check(2000);
}
END_TEST

static void skip_and_let_go(struct sw_call *call, void *data)
{
	struct seen *s = data;

	s->hits++;
	ck_assert_int_eq(sw_call_skip(call, 43), 0);
	s->r = sw_call_stop(call, SW_STOP_DETACH);
}

/* Supervision ends right after a skip: the call, which never ran, still
 * returns the skip's result, not the kernel's ENOSYS.  Under the filter
 * the detach is refused and the run goes on. */
START_TEST(skip_survives_detach)
{
	struct seen s = { 0 };
	int status;

	reaper_begin();
	setup_mode(_i);
	add((struct sw_hook_spec){ .name = "ioctl",
				   .fn = skip_and_let_go,
				   .data = &s,
				   .args[1] = SW_EXACT(0xabcd) });
	status = run_hookee("detach", NULL);
	ck_assert_int_eq(s.hits, 1);
	ck_assert_int_eq(s.r, _i ? -EPERM : 0);
	assert_clean_exit(status);
	reap_check(2000);
}
END_TEST

static void report_lines(struct sw_call *call, void *data)
{
	sw_call_report(call, "one\ntwo\x01 \"%s\"", "three");
}

/* A report is one line, whatever its text holds. */
START_TEST(reports_stay_on_one_line)
{
	FILE *out = tmpfile();
	char *text;
	long n;

	setup_mode(_i);
	sw_set_output(sup, out);
	sw_set_trace(sup, "none", err, sizeof(err));
	add((struct sw_hook_spec){
	    .name = "getppid", .fn = report_lines, .label = "lines" });
	assert_clean_exit(run_hookee("repeat", "2"));
	n = ftell(out);
	text = calloc(1, (size_t)n + 1);
	rewind(out);
	ck_assert_int_eq(fread(text, 1, (size_t)n, out), n);
	fclose(out);
	ck_assert_int_eq(count_of(text, "### lines: one\\ntwo\\1 \"three\"\n"),
			 2);
	free(text);
}
END_TEST

static void unknown(struct sw_call *call, void *data)
{
	struct seen *s = data;

	if (call->nr != 1999)
		return;
	s->hits++;
	s->r = call->proto == NULL;
	snprintf(s->text, sizeof(s->text), "%s", call->name);
}

START_TEST(unknown_syscalls)
{
	struct seen s = { 0 };

	setup_mode(_i);
	add((struct sw_hook_spec){
	    .name = "on_unknown_sys_enter", .fn = unknown, .data = &s });
	assert_clean_exit(run_hookee("unknown", NULL));
	ck_assert_int_eq(s.hits, 1);
	ck_assert_int_eq(s.r, 1);
	ck_assert_str_eq(s.text, "syscall_0x7cf");
}
END_TEST

static void pid_filtered(struct sw_call *call, void *data)
{
	((struct seen *)data)->hits++;
}

START_TEST(pid_filter)
{
	struct seen none = { 0 }, mine = { 0 };

	setup_mode(_i);
	add((struct sw_hook_spec){ .name = "on_all_sys_enter",
				   .fn = pid_filtered,
				   .data = &none,
				   .pid = getpid() });
	add((struct sw_hook_spec){
	    .name = "getppid", .fn = pid_filtered, .data = &mine, .tid = 0 });
	assert_clean_exit(run_hookee("repeat", "3"));
	ck_assert_int_eq(none.hits, 0);
	ck_assert_int_eq(mine.hits, 3);
}
END_TEST

/* Reading argv, a string and bad addresses from inside a hook. */
static void on_execve(struct sw_call *call, void *data)
{
	struct seen *s = data;
	uint64_t ptrs[8];
	char buf[64];
	int n, i;

	s->hits++;
	ck_assert_int_eq(
	    sw_call_read_str(call, call->args[0], buf, sizeof(buf)),
	    (long)strlen("/bin/true"));
	ck_assert_str_eq(buf, "/bin/true");
	n = sw_call_read_ptrlist(call, call->args[1], ptrs, 8);
	ck_assert_int_eq(n, 3);
	s->text[0] = '\0';
	for (i = 0; i < n; i++) {
		ck_assert_int_ge(
		    sw_call_read_str(call, ptrs[i], buf, sizeof(buf)), 0);
		strcat(s->text, buf);
		strcat(s->text, i + 1 < n ? " " : "");
	}
	ck_assert_int_eq(sw_call_read_ptrlist(call, call->args[1], ptrs, 2),
			 -E2BIG);
	ck_assert_int_eq(sw_call_read_str(call, call->args[0], buf, 4),
			 -ERANGE);
	ck_assert_int_eq(sw_call_read_str(call, 8, buf, sizeof(buf)), -EFAULT);
	ck_assert_int_eq(sw_call_read_bytes(call, 8, buf, 4), -EFAULT);
	ck_assert_int_eq(sw_call_read_ptrlist(call, 8, ptrs, 8), -EFAULT);
	ck_assert_int_lt(sw_call_write_bytes(call, 8, "x", 1), 0);
}

static void read_bad_arg(struct sw_call *call, void *data)
{
	struct seen *s = data;
	uint64_t ptrs[4];
	char buf[64];

	s->hits++;
	ck_assert_int_eq(sw_call_read_ptrlist(call, call->args[1], ptrs, 4), 2);
	s->r = (int)sw_call_read_str(call, ptrs[1], buf, sizeof(buf));
	/* A buffer too small for what is readable is another matter. */
	ck_assert_int_eq(sw_call_read_str(call, ptrs[1], buf, 5), -ERANGE);
	ck_assert_str_eq(buf, "ABCD");
}

/* A string that runs into unmapped memory is a fault, not a long one. */
START_TEST(string_into_a_hole)
{
	struct seen s = { 0 };

	setup_mode(_i);
	add((struct sw_hook_spec){ .name = "execve",
				   .fn = read_bad_arg,
				   .data = &s,
				   .str[0] = SW_STR_EXACT("/bin/true") });
	assert_clean_exit(run_hookee("badstr", NULL));
	ck_assert_int_eq(s.hits, 1);
	ck_assert_int_eq(s.r, -EFAULT);
}
END_TEST

START_TEST(tracee_memory)
{
	struct seen s = { 0 };

	setup_mode(_i);
	add((struct sw_hook_spec){ .name = "execve",
				   .fn = on_execve,
				   .data = &s,
				   .str[0] = SW_STR_EXACT("/bin/true") });
	assert_clean_exit(run_hookee("execve", NULL));
	ck_assert_int_eq(s.hits, 1);
	ck_assert_str_eq(s.text, "true a1 a2");
}
END_TEST

/* Stops for hookee "args" with one hook; @matching picks the hook. */
static unsigned long args_stops(int filtered, bool matching)
{
	struct seen s = { .ret = 77 };
	char *argv[] = { (char *)helper(HOOKEE), "args", NULL };
	struct sw_hook_spec spec = { .name = "ioctl",
				     .fn = skip_with,
				     .data = &s,
				     .args = { SW_EXACT(0x13),
					       SW_RANGE(0x1234, 0x1235),
					       SW_EXACT(0xabcd) } };
	unsigned long stops;
	int status;

	setup_mode(filtered);
	if (!matching)
		spec = (struct sw_hook_spec){ .name = "reboot", .fn = count };
	add(spec);
	ck_assert_int_gt(sw_spawn(sup, argv), 0);
	ck_assert_int_eq(sw_run(sup), 0);
	ck_assert_int_eq(sw_wait_status(sup, &status), 0);
	stops = sw_stop_count(sup);
	sw_supervisor_free(sup);
	ck_assert_int_eq(WEXITSTATUS(status), matching ? 0 : 2);
	return stops;
}

/*
 * The scalar filters go into the kernel's filter.  Against a run whose
 * hook never matches, the hook adds two stops for each of the two
 * matching calls, and at most one for each of the two more the filter
 * cannot rule out (cmd is a 32-bit argument: its range stays in the
 * supervisor).  Without the filter every call stops twice.
 */
START_TEST(filters_preselect_in_kernel)
{
	unsigned long base = args_stops(1, false);
	unsigned long hooked = args_stops(1, true);
	unsigned long all = args_stops(0, true);

	ck_assert_msg(hooked >= base + 4 && hooked <= base + 6,
		      "%lu stops, %lu without a matching hook", hooked, base);
	ck_assert_msg(all > hooked + 40, "%lu stops unfiltered", all);
}
END_TEST

/* A hook the running filter would not stop for is refused. */
START_TEST(late_registration)
{
	struct seen s = { 0 };
	struct sw_hook_spec spec = { .name = "getppid",
				     .fn = count,
				     .data = &s };
	char *argv[] = { (char *)helper(HOOKEE), "repeat", "1", NULL };
	struct sw_hook *h;

	setup_mode(1);
	sw_set_trace(sup, "openat", err, sizeof(err));
	sw_set_output(sup, fopen("/dev/null", "w"));
	ck_assert_int_gt(sw_spawn(sup, argv), 0);
	ck_assert_int_eq(sw_hook_add(sup, &spec, &h, err, sizeof(err)), -EBUSY);
	ck_assert_msg(strstr(err, "register hooks before"), "%s", err);
	spec.name = "openat";
	ck_assert_int_eq(sw_hook_add(sup, &spec, &h, err, sizeof(err)), 0);
	ck_assert_int_eq(sw_run(sup), 0);
	sw_supervisor_free(sup);
	ck_assert_int_gt(s.hits, 0); /* the loader's openat calls */
}
END_TEST

static Suite *hook_live_suite(void)
{
	Suite *s = suite_create("hook_live");
	TCase *tc = tcase_create("hooks");

	tcase_set_timeout(tc, 30);
	tcase_add_loop_test(tc, skip_ioctl_and_clone, 0, 2);
	tcase_add_loop_test(tc, argument_filters, 0, 2);
	tcase_add_loop_test(tc, comm_filter, 0, 2);
	tcase_add_loop_test(tc, remove_enable_disable, 0, 2);
	tcase_add_loop_test(tc, string_filters_on_paths, 0, 2);
	tcase_add_loop_test(tc, getpid_return_sees_real_pid, 0, 2);
	tcase_add_loop_test(tc, order_and_chaining, 0, 2);
	tcase_add_loop_test(tc, filters_at_argument_width, 0, 2);
	tcase_add_loop_test(tc, rewrite_argument, 0, 2);
	tcase_add_loop_test(tc, hooks_added_from_callbacks, 0, 2);
	tcase_add_loop_test(tc, return_half_after_exec, 0, 2);
	tcase_add_loop_test(tc, end_one_thread, 0, 4);
	tcase_add_loop_test(tc, end_thread_at_exit_group, 0, 2);
	tcase_add_loop_test(tc, end_thread_at_clone3, 0, 2);
	tcase_add_loop_test(tc, stop_kills, 0, 2);
	tcase_add_loop_test(tc, detach_process, 0, 2);
	tcase_add_loop_test(tc, clone_parent_child_dies_with_command, 0, 2);
	tcase_add_loop_test(tc, detach_refused_at_first_exec, 0, 2);
	tcase_add_loop_test(tc, detach_at_clone3, 0, 2);
	tcase_add_loop_test(tc, skip_survives_detach, 0, 2);
	tcase_add_loop_test(tc, reports_stay_on_one_line, 0, 2);
	tcase_add_loop_test(tc, unknown_syscalls, 0, 2);
	tcase_add_loop_test(tc, pid_filter, 0, 2);
	tcase_add_loop_test(tc, tracee_memory, 0, 2);
	tcase_add_loop_test(tc, string_into_a_hole, 0, 2);
	tcase_add_test(tc, filters_preselect_in_kernel);
	tcase_add_test(tc, late_registration);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
#ifdef HOOKEE_I386
	const char *why = why_no_i386(HOOKEE);

	if (why) {
		printf("SKIP: %s\n", why);
		return 77;
	}
#endif
	return run_suite(hook_live_suite());
}

// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * syswarden tests - the seccomp filter, table-driven: for a trace set, an
 * ABI, a syscall and its arguments, the action the filter returns.  The
 * generated BPF program is exported and run through a small classic-BPF
 * interpreter here, so the i386 rules are checked on a kernel that cannot
 * run i386 code.  Live runs are in check_trace.c and check_conditions.c.
 */
#include <check.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arch.h"
#include "bpfrun.h"
#include "prefilter.h"

#include "checkmain.h"

#define TRACE SECCOMP_RET_TRACE
#define ALLOW SECCOMP_RET_ALLOW

static uint32_t run_bpf(const struct sock_filter *prog, size_t n,
			const struct seccomp_data *data)
{
	uint32_t action = bpfrun(prog, n, data);

	ck_assert_msg(action != SECCOMP_RET_KILL_PROCESS,
		      "the filter is malformed or kills");
	return action;
}

struct filter_case {
	const char *set;
	enum sw_abi abi;
	const char *syscall; /* NULL: number 1000, which no table has */
	uint64_t args[6];
	uint32_t action;
};

static const struct filter_case cases[] = {
	{ "write(fd == 2)", SW_ABI_X86_64, "write", { 2 }, TRACE },
	{ "write(fd == 2)", SW_ABI_X86_64, "write", { 1 }, ALLOW },
	{ "write(fd == 2)", SW_ABI_I386, "write", { 2 }, TRACE },
	{ "write(fd == 2)", SW_ABI_I386, "write", { 1 }, ALLOW },
	{ "write(fd == 2)", SW_ABI_X86_64, "read", { 2 }, ALLOW },
	/* clone always stops; numbers no table knows stop. */
	{ "write(fd == 2)", SW_ABI_X86_64, "clone", { 0 }, TRACE },
	{ "write(fd == 2)", SW_ABI_I386, "clone", { 0 }, TRACE },
	{ "write(fd == 2)", SW_ABI_X86_64, NULL, { 0 }, TRACE },
	{ "openat(flags & O_CREAT)",
	  SW_ABI_X86_64,
	  "openat",
	  { 0, 0, 0101 },
	  TRACE },
	{ "openat(flags & O_CREAT)",
	  SW_ABI_X86_64,
	  "openat",
	  { 0, 0, 01 },
	  ALLOW },
	{ "openat(flags & O_CREAT)",
	  SW_ABI_I386,
	  "openat",
	  { 0, 0, 0100 },
	  TRACE },
	{ "openat(flags & O_CREAT)",
	  SW_ABI_I386,
	  "openat",
	  { 0, 0, 0 },
	  ALLOW },
	{ "read(count in 3..9)", SW_ABI_X86_64, "read", { 0, 0, 5 }, TRACE },
	{ "read(count in 3..9)", SW_ABI_X86_64, "read", { 0, 0, 9 }, TRACE },
	{ "read(count in 3..9)", SW_ABI_X86_64, "read", { 0, 0, 2 }, ALLOW },
	{ "read(count in 3..9)", SW_ABI_X86_64, "read", { 0, 0, 10 }, ALLOW },
	/* 32-bit size_t: ordering is not compiled, the supervisor decides. */
	{ "read(count in 3..9)", SW_ABI_I386, "read", { 0, 0, 2 }, TRACE },
	{ "write(count > 100)", SW_ABI_X86_64, "write", { 1, 0, 50 }, ALLOW },
	{ "write(count > 100)", SW_ABI_X86_64, "write", { 1, 0, 500 }, TRACE },
	{ "write(count > 100)",
	  SW_ABI_X86_64,
	  "write",
	  { 1, 0, 0x100000000ull },
	  TRACE },
	{ "kill(sig == SIGKILL)", SW_ABI_X86_64, "kill", { 1, 9 }, TRACE },
	{ "kill(sig == SIGKILL)", SW_ABI_X86_64, "kill", { 1, 15 }, ALLOW },
	{ "kill(sig == SIGKILL)", SW_ABI_I386, "kill", { 1, 9 }, TRACE },
	{ "kill(sig == SIGKILL)", SW_ABI_I386, "kill", { 1, 15 }, ALLOW },
	{ "mmap(prot & PROT_EXEC)", SW_ABI_X86_64, "mmap", { 0, 0, 5 }, TRACE },
	{ "mmap(prot & PROT_EXEC)", SW_ABI_X86_64, "mmap", { 0, 0, 3 }, ALLOW },
	/* A narrow int: the upper half of the register does not count. */
	{ "kill(sig == SIGKILL)",
	  SW_ABI_X86_64,
	  "kill",
	  { 1, 0xffffffff00000009ull },
	  TRACE },
	/* A string condition cannot be compiled: always stops. */
	{ "openat(filename == \"/x\")",
	  SW_ABI_X86_64,
	  "openat",
	  { 0, 1 },
	  TRACE },
	{ "%file", SW_ABI_X86_64, "openat", { 0 }, TRACE },
	{ "%file", SW_ABI_I386, "open", { 0 }, TRACE },
	{ "%file", SW_ABI_X86_64, "write", { 0 }, ALLOW },
	{ "!write", SW_ABI_X86_64, "write", { 0 }, ALLOW },
	{ "!write", SW_ABI_X86_64, "read", { 0 }, TRACE },
	{ "!write", SW_ABI_I386, "write", { 0 }, ALLOW },
	/* i386 socket and IPC calls also come through socketcall and ipc:
	 * the rules of the one kind must not allow the other. */
	{ "socketcall", SW_ABI_I386, "socketcall", { 3 }, TRACE },
	{ "socketcall", SW_ABI_I386, "socketcall", { 11 }, TRACE },
	{ "socketcall", SW_ABI_I386, "getppid", { 0 }, ALLOW },
	{ "ipc", SW_ABI_I386, "ipc", { 23 }, TRACE },
	{ "socketcall,connect(fd == 3)",
	  SW_ABI_I386,
	  "socketcall",
	  { 3, 0 },
	  TRACE },
	{ "connect(fd == 3)", SW_ABI_I386, "connect", { 3 }, TRACE },
	{ "connect(fd == 3)", SW_ABI_X86_64, "connect", { 4 }, ALLOW },
	{ "connect", SW_ABI_I386, "socketcall", { 11 }, ALLOW },
	/* A few calls make a sparse filter (allow by default): numbers no
	 * table knows do not stop then. */
	{ "openat", SW_ABI_X86_64, NULL, { 0 }, ALLOW },
	{ "!write", SW_ABI_X86_64, NULL, { 0 }, TRACE },
	{ "connect", SW_ABI_I386, "sendto", { 0 }, ALLOW },
	/* Issue 15.  A value with bits outside the mask: (count & 1) is
	 * never 2, so "!= 2" always holds. */
	{ "write(count & 1 != 2)", SW_ABI_X86_64, "write", { 1, 0, 2 }, TRACE },
	{ "write(count & 1 != 2)", SW_ABI_X86_64, "write", { 1, 0, 0 }, TRACE },
	{ "write(count & 1 == 3)", SW_ABI_X86_64, "write", { 1, 0, 3 }, ALLOW },
	/* 64-bit ranges past 2^32 (libseccomp 2.5.4 gets two ordering
	 * rules on one 64-bit argument wrong). */
	{ "prctl(arg4 in 1..0x100000000)",
	  SW_ABI_X86_64,
	  "prctl",
	  { 0, 0, 0, 1 },
	  TRACE },
	{ "prctl(arg4 in 1..0x100000000)",
	  SW_ABI_X86_64,
	  "prctl",
	  { 0, 0, 0, 0x100000000ull },
	  TRACE },
	{ "prctl(arg4 in 1..0x100000000)",
	  SW_ABI_X86_64,
	  "prctl",
	  { 0, 0, 0, 0xffffffffull },
	  TRACE },
	/* ... so such a range is left to the supervisor: it stops. */
	{ "prctl(arg4 in 1..0x100000000)",
	  SW_ABI_X86_64,
	  "prctl",
	  { 0, 0, 0, 0x100000001ull },
	  TRACE },
	{ "prctl(arg4 in 1..0xffffffff)",
	  SW_ABI_X86_64,
	  "prctl",
	  { 0, 0, 0, 0x100000000ull },
	  ALLOW },
	/* 32-bit types not spelled int: the kernel sees the low half. */
	{ "msgget(key == 5)",
	  SW_ABI_X86_64,
	  "msgget",
	  { 0xffffffff00000005ull },
	  TRACE },
	{ "semop(nsops == 1)",
	  SW_ABI_X86_64,
	  "semop",
	  { 0, 0, 0x100000001ull },
	  TRACE },
};

static uint32_t audit_arch_of(enum sw_abi abi)
{
	return sw_sysent_table(abi)->audit_arch;
}

START_TEST(test_filter_cases)
{
	const struct filter_case *c = &cases[_i];
	struct seccomp_data data;
	struct traceset *ts;
	struct strbuf err;
	struct sock_fprog prog;
	unsigned int i;

	if (sw_arch_host.abis[0] != SW_ABI_X86_64)
		return; /* the cases are written for an x86_64 host */
	strbuf_init(&err);
	ck_assert_int_eq(traceset_new(&ts), 0);
	ck_assert_msg(traceset_parse(ts, c->set, &err) == 0, "%s", err.buf);
	ck_assert_int_eq(prefilter_build(ts, 0, &prog), 0);
	memset(&data, 0, sizeof(data));
	data.arch = audit_arch_of(c->abi);
	data.nr =
	    c->syscall ? (int)sw_sysent_by_name(c->abi, c->syscall)->nr : 1000;
	for (i = 0; i < 6; i++)
		data.args[i] = c->args[i];
	ck_assert_msg(run_bpf(prog.filter, prog.len, &data) == c->action,
		      "%s: %s %s: expected %s", c->set, sw_abi_name(c->abi),
		      c->syscall ? c->syscall : "1000",
		      c->action == TRACE ? "TRACE" : "ALLOW");
	prefilter_free(&prog);
	traceset_free(ts);
	strbuf_release(&err);
}
END_TEST

/* A selection of a few calls builds a short filter, one that an x32 call
 * (x86_64's number with bit 30 set) does not get through. */
START_TEST(test_sparse_filter)
{
	struct seccomp_data data = { .arch = AUDIT_ARCH_X86_64 };
	struct traceset *ts;
	struct strbuf err;
	struct sock_fprog prog;

	if (sw_arch_host.abis[0] != SW_ABI_X86_64)
		return;
	strbuf_init(&err);
	ck_assert_int_eq(traceset_new(&ts), 0);
	ck_assert_int_eq(traceset_parse(ts, "openat", &err), 0);
	ck_assert_int_eq(prefilter_build(ts, 0, &prog), 0);
	ck_assert_uint_lt(prog.len, 64);
	data.nr =
	    (int)(sw_sysent_by_name(SW_ABI_X86_64, "openat")->nr | 0x40000000u);
	ck_assert_uint_ne(run_bpf(prog.filter, prog.len, &data), ALLOW);
	prefilter_free(&prog);
	traceset_free(ts);
	strbuf_release(&err);
}
END_TEST

START_TEST(test_foreign_arch_traced)
{
	struct seccomp_data data = { .nr = 1, .arch = AUDIT_ARCH_AARCH64 };
	struct traceset *ts;
	struct strbuf err;
	struct sock_fprog prog;

	strbuf_init(&err);
	ck_assert_int_eq(traceset_new(&ts), 0);
	ck_assert_int_eq(traceset_parse(ts, "openat", &err), 0);
	ck_assert_int_eq(prefilter_build(ts, 0, &prog), 0);
	if (sw_arch_host.abis[0] != SW_ABI_X86_64)
		data.arch = AUDIT_ARCH_X86_64;
	ck_assert_int_eq(run_bpf(prog.filter, prog.len, &data), TRACE);
	prefilter_free(&prog);
	traceset_free(ts);
	strbuf_release(&err);
}
END_TEST

/* Calls that the selections must stop on every ABI, each
 * argument with its upper half set as well (the supervisor reads the
 * lower half alone on a 32-bit ABI; the kernel's seccomp_data may not). */
static const struct filter_case every_abi[] = {
	{ "write(count & 1 != 2)", 0, "write", { 1, 0, 2 }, TRACE },
	{ "prctl(arg4 in 1..0x100000000)", 0, "prctl", { 0, 0, 0, 1 }, TRACE },
	{ "msgget(key == 5)", 0, "msgget", { 5 }, TRACE },
	{ "mprotect(!(prot & 0x100000001) || len == 5)",
	  0,
	  "mprotect",
	  { 0, 5, 1 },
	  TRACE },
};

/* prefilter_build_abi(): the program as compiled (no verification to
 * widen a mistake) stops them, for each ABI, host or not. */
START_TEST(test_build_abi)
{
	const struct filter_case *c = &every_abi[_i];
	struct seccomp_data data = { 0 };
	struct traceset *ts;
	struct strbuf err;
	struct sock_fprog prog;
	unsigned int abi, hi, i;

	strbuf_init(&err);
	ck_assert_int_eq(traceset_new(&ts), 0);
	ck_assert_msg(traceset_parse(ts, c->set, &err) == 0, "%s", err.buf);
	for (abi = 0; abi < SW_ABI_COUNT; abi++) {
		ck_assert_int_eq(
		    prefilter_build_abi(ts, abi, PREFILTER_UNVERIFIED, &prog),
		    0);
		data.arch = audit_arch_of(abi);
		data.nr = (int)sw_sysent_by_name(abi, c->syscall)->nr;
		for (hi = 0; hi < 2; hi++) {
			for (i = 0; i < 6; i++)
				data.args[i] =
				    c->args[i] |
				    (hi && sw_sysent_table(abi)->wordsize == 4
					 ? 0xffffffff00000000ull
					 : 0);
			ck_assert_msg(
			    run_bpf(prog.filter, prog.len, &data) == TRACE,
			    "%s: %s %s (upper halves %s): allowed", c->set,
			    sw_abi_name(abi), c->syscall, hi ? "set" : "clear");
		}
		prefilter_free(&prog);
	}
	traceset_free(ts);
	strbuf_release(&err);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("prefilter");
	TCase *tc = tcase_create("bpf");

	tcase_add_loop_test(tc, test_filter_cases, 0,
			    sizeof(cases) / sizeof(cases[0]));
	tcase_add_test(tc, test_sparse_filter);
	tcase_add_test(tc, test_foreign_arch_traced);
	tcase_add_loop_test(tc, test_build_abi, 0,
			    sizeof(every_abi) / sizeof(every_abi[0]));
	suite_add_tcase(s, tc);
	return run_suite(s);
}

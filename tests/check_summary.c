// SPDX-License-Identifier: LGPL-2.1-or-later
/* syswarden tests - the call summary: strace -c's table, its sort keys
 * and columns. */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "summary.h"

#include "checkmain.h"

static struct summary *sum;
static char *text;
static size_t size;

static void setup(void)
{
	ck_assert_int_eq(summary_new(&sum), 0);
}

static void teardown(void)
{
	summary_free(sum);
	free(text);
	text = NULL;
}

static void count(enum sw_abi abi, unsigned int nr, bool failed, long us)
{
	struct timespec t = { us / 1000000, us % 1000000 * 1000 };

	ck_assert_int_eq(summary_count(sum, abi, nr, failed, &t), 0);
}

/* read 3 calls (1 failed) 3 ms, close 1 call 1 ms, openat 2 calls 0 s */
static void count_some(void)
{
	count(SW_ABI_X86_64, 257, false, 0);
	count(SW_ABI_X86_64, 0, false, 500);
	count(SW_ABI_X86_64, 3, false, 1000);
	count(SW_ABI_X86_64, 0, true, 2000);
	count(SW_ABI_X86_64, 0, false, 500);
	count(SW_ABI_X86_64, 257, false, 0);
}

static const char *written(void)
{
	FILE *mem = open_memstream(&text, &size);

	ck_assert_ptr_nonnull(mem);
	ck_assert_int_eq(summary_write(sum, mem), 0);
	fclose(mem);
	return text;
}

#define RULE                                                  \
	"------ ----------- ----------- --------- --------- " \
	"----------------\n"

/* strace 6.1's layout, by time: errors blank when none, usecs/call
 * truncated, the total's share 100.00. */
START_TEST(test_default_table)
{
	count_some();
	ck_assert_str_eq(
	    written(),
	    "% time     seconds  usecs/call     calls    errors "
	    "syscall\n" RULE
	    " 75.00    0.003000        1000         3         1 read\n"
	    " 25.00    0.001000        1000         1           close\n"
	    "  0.00    0.000000           0         2           openat\n" RULE
	    "100.00    0.004000         666         6         1 total\n");
}
END_TEST

/* -S calls: ties in syscall number order; no time at all: 0.00, and the
 * total still 100.00. */
START_TEST(test_sort_calls)
{
	count(SW_ABI_X86_64, 3, false, 0);
	count(SW_ABI_X86_64, 1, false, 0);
	count(SW_ABI_X86_64, 0, false, 0);
	count(SW_ABI_X86_64, 9, false, 0);
	count(SW_ABI_X86_64, 9, false, 0);
	summary_set_sort(sum, SUMMARY_SORT_CALLS);
	ck_assert_str_eq(
	    written(),
	    "% time     seconds  usecs/call     calls    errors "
	    "syscall\n" RULE
	    "  0.00    0.000000           0         2           mmap\n"
	    "  0.00    0.000000           0         1           read\n"
	    "  0.00    0.000000           0         1           write\n"
	    "  0.00    0.000000           0         1           close\n" RULE
	    "100.00    0.000000           0         5           total\n");
}
END_TEST

/* -U with the name first is padded; min and max; -S name. */
START_TEST(test_columns)
{
	enum summary_column cols[SUMMARY_NCOLUMNS];
	size_t bad;
	int n = summary_parse_columns("name,calls,errors,shortest,longest",
				      cols, SUMMARY_NCOLUMNS, &bad);

	ck_assert_int_eq(n, 5);
	count_some();
	summary_set_layout(sum, SUMMARY_SORT_NAME, cols, (size_t)n);
	ck_assert_str_eq(
	    written(),
	    "syscall              calls    errors shortest  longest\n"
	    "---------------- --------- --------- -------- --------\n"
	    "close                    1           0.001000 0.001000\n"
	    "openat                   2           0.000000 0.000000\n"
	    "read                     3         1 0.000500 0.002000\n"
	    "---------------- --------- --------- -------- --------\n"
	    "total                    6         1 0.000000 0.002000\n");
}
END_TEST

/* A 32-bit ABI's table has strace's heading; an unknown number its
 * syscall_ name. */
START_TEST(test_32bit_and_unknown)
{
	count(SW_ABI_I386, 1, false, 0);
	count(SW_ABI_I386, 100000, true, 0);
	summary_set_sort(sum, SUMMARY_SORT_NOTHING);
	ck_assert_ptr_nonnull(strstr(
	    written(), "System call usage summary for 32 bit mode:\n% time"));
	ck_assert_ptr_nonnull(strstr(text, "         1           exit\n"));
	ck_assert_ptr_nonnull(
	    strstr(text, "         1         1 syscall_0x186a0\n"));
}
END_TEST

START_TEST(test_parse)
{
	enum summary_column cols[SUMMARY_NCOLUMNS];
	enum summary_sort sort;
	size_t bad = 0;

	ck_assert_int_eq(summary_parse_sort("count", &sort), 0);
	ck_assert_int_eq(sort, SUMMARY_SORT_CALLS);
	ck_assert_int_eq(summary_parse_sort("shortest", &sort), 0);
	ck_assert_int_eq(sort, SUMMARY_SORT_MIN_TIME);
	ck_assert_int_eq(summary_parse_sort("bogus", &sort), -EINVAL);
	/* the name is added last */
	ck_assert_int_eq(summary_parse_columns("calls", cols, 8, &bad), 2);
	ck_assert_int_eq(cols[1], SUMMARY_COL_NAME);
	ck_assert_int_eq(summary_parse_columns("calls,bogus", cols, 8, &bad),
			 -EINVAL);
	ck_assert_uint_eq(bad, 6);
	ck_assert_int_eq(
	    summary_parse_columns("time,time-percent", cols, 8, &bad), -EEXIST);
	ck_assert_int_eq(summary_parse_columns("", cols, 8, &bad), -EINVAL);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("summary");
	TCase *tc = tcase_create("table");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_default_table);
	tcase_add_test(tc, test_sort_calls);
	tcase_add_test(tc, test_columns);
	tcase_add_test(tc, test_32bit_and_unknown);
	tcase_add_test(tc, test_parse);
	suite_add_tcase(s, tc);
	return run_suite(s);
}

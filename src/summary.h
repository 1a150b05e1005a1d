/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * syswarden - the call summary of strace -c: per syscall, how many
 * calls, how many failed, and the time they took, as one table per ABI.
 */
#ifndef SW_SUMMARY_H
#define SW_SUMMARY_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include <syswarden/sysent.h>

/* A column of the table (strace -U), in the order of strace's default. */
enum summary_column {
	SUMMARY_COL_TIME_PERCENT,
	SUMMARY_COL_TOTAL_TIME,
	SUMMARY_COL_AVG_TIME,
	SUMMARY_COL_CALLS,
	SUMMARY_COL_ERRORS,
	SUMMARY_COL_NAME,
	SUMMARY_COL_MIN_TIME,
	SUMMARY_COL_MAX_TIME,
	SUMMARY_NCOLUMNS,
};

/* What the rows are sorted by (strace -S); all but NAME and NOTHING
 * descending, ties in syscall number order. */
enum summary_sort {
	SUMMARY_SORT_TIME,
	SUMMARY_SORT_MIN_TIME,
	SUMMARY_SORT_MAX_TIME,
	SUMMARY_SORT_AVG_TIME,
	SUMMARY_SORT_CALLS,
	SUMMARY_SORT_ERRORS,
	SUMMARY_SORT_NAME,
	SUMMARY_SORT_NOTHING,
};

struct summary;

/* 0 or -ENOMEM. */
int summary_new(struct summary **out);
void summary_free(struct summary *s);

/* Counts one call of @nr on @abi that took @spent; 0 or -ENOMEM. */
int summary_count(struct summary *s, enum sw_abi abi, uint64_t nr, bool failed,
		  const struct timespec *spent);

/* -S KEY: 0 with *@sort set, or -EINVAL for an unknown key. */
int summary_parse_sort(const char *key, enum summary_sort *sort);
/* -U NAME,NAME...: fills @cols, returns how many, or -EINVAL (with the
 * bad name's offset in *@bad) or -E2BIG. */
int summary_parse_columns(const char *list, enum summary_column *cols,
			  size_t max, size_t *bad);

/* Sets how summary_write() lays the table out. */
void summary_set_layout(struct summary *s, enum summary_sort sort,
			const enum summary_column *cols, size_t ncols);

/* Sets the sort key alone, with strace's default columns. */
void summary_set_sort(struct summary *s, enum summary_sort sort);

/* Writes the tables; 0 or -errno of the write. */
int summary_write(const struct summary *s, FILE *fp);

#endif /* SW_SUMMARY_H */

// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * syswarden - the call summary of strace -c.
 *
 * One row per syscall of each ABI, kept in an array indexed by number
 * (numbers past ROWS_DIRECT, such as ARM's private calls, share a short
 * list).  The table is strace 6.1's: its columns, widths, headers, sort
 * keys, and a "System call usage summary for 32 bit mode:" heading over
 * the table of a 32-bit ABI under a 64-bit syswarden.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "summary.h"
#include "util.h"

#define ROWS_DIRECT 1024u

struct summary_row {
	uint64_t nr;
	unsigned long calls, errors;
	uint64_t total_ns, min_ns, max_ns;
};

struct abi_rows {
	struct summary_row *direct; /* ROWS_DIRECT of them, or NULL */
	struct summary_row *far; /* numbers from ROWS_DIRECT on */
	size_t nfar, far_cap;
};

struct summary {
	struct abi_rows abi[SW_ABI_COUNT];
	enum summary_sort sort;
	enum summary_column cols[SUMMARY_NCOLUMNS];
	size_t ncols;
};

static const enum summary_column default_cols[] = {
	SUMMARY_COL_TIME_PERCENT, SUMMARY_COL_TOTAL_TIME, SUMMARY_COL_AVG_TIME,
	SUMMARY_COL_CALLS,	  SUMMARY_COL_ERRORS,	  SUMMARY_COL_NAME,
};

int summary_new(struct summary **out)
{
	struct summary *s = calloc(1, sizeof(*s));

	if (!s)
		return -ENOMEM;
	summary_set_layout(s, SUMMARY_SORT_TIME, default_cols,
			   ARRAY_SIZE(default_cols));
	*out = s;
	return 0;
}

void summary_free(struct summary *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < SW_ABI_COUNT; i++) {
		free(s->abi[i].direct);
		free(s->abi[i].far);
	}
	free(s);
}

static struct summary_row *far_row(struct abi_rows *a, uint64_t nr)
{
	struct summary_row *grown;
	size_t i, cap;

	for (i = 0; i < a->nfar; i++)
		if (a->far[i].nr == nr)
			return &a->far[i];
	if (a->nfar == a->far_cap) {
		cap = a->far_cap ? 2 * a->far_cap : 8;
		grown = realloc(a->far, cap * sizeof(*grown));
		if (!grown)
			return NULL;
		a->far = grown;
		a->far_cap = cap;
	}
	memset(&a->far[a->nfar], 0, sizeof(a->far[0]));
	a->far[a->nfar].nr = nr;
	return &a->far[a->nfar++];
}

static struct summary_row *row_of(struct summary *s, enum sw_abi abi,
				  uint64_t nr)
{
	struct abi_rows *a = &s->abi[abi];

	if (nr >= ROWS_DIRECT)
		return far_row(a, nr);
	if (!a->direct)
		a->direct = calloc(ROWS_DIRECT, sizeof(*a->direct));
	if (!a->direct)
		return NULL;
	a->direct[nr].nr = nr;
	return &a->direct[nr];
}

int summary_count(struct summary *s, enum sw_abi abi, uint64_t nr, bool failed,
		  const struct timespec *spent)
{
	uint64_t ns =
	    (uint64_t)spent->tv_sec * 1000000000u + (uint64_t)spent->tv_nsec;
	struct summary_row *r;

	if (abi >= SW_ABI_COUNT)
		return 0;
	r = row_of(s, abi, nr);
	if (!r)
		return -ENOMEM;
	if (!r->calls || ns < r->min_ns)
		r->min_ns = ns;
	if (ns > r->max_ns)
		r->max_ns = ns;
	r->calls++;
	r->errors += failed;
	r->total_ns += ns;
	return 0;
}

/* Names of sort keys and columns, as strace spells them. */
struct key_name {
	const char *name;
	int value;
};

static const struct key_name sort_names[] = {
	{ "time", SUMMARY_SORT_TIME },
	{ "time-percent", SUMMARY_SORT_TIME },
	{ "time-total", SUMMARY_SORT_TIME },
	{ "total-time", SUMMARY_SORT_TIME },
	{ "min-time", SUMMARY_SORT_MIN_TIME },
	{ "shortest", SUMMARY_SORT_MIN_TIME },
	{ "time-min", SUMMARY_SORT_MIN_TIME },
	{ "max-time", SUMMARY_SORT_MAX_TIME },
	{ "longest", SUMMARY_SORT_MAX_TIME },
	{ "time-max", SUMMARY_SORT_MAX_TIME },
	{ "avg-time", SUMMARY_SORT_AVG_TIME },
	{ "time-avg", SUMMARY_SORT_AVG_TIME },
	{ "calls", SUMMARY_SORT_CALLS },
	{ "count", SUMMARY_SORT_CALLS },
	{ "errors", SUMMARY_SORT_ERRORS },
	{ "error", SUMMARY_SORT_ERRORS },
	{ "name", SUMMARY_SORT_NAME },
	{ "syscall", SUMMARY_SORT_NAME },
	{ "syscall-name", SUMMARY_SORT_NAME },
	{ "nothing", SUMMARY_SORT_NOTHING },
	{ "none", SUMMARY_SORT_NOTHING },
};

static const struct key_name column_names[] = {
	{ "time-percent", SUMMARY_COL_TIME_PERCENT },
	{ "time", SUMMARY_COL_TIME_PERCENT },
	{ "total-time", SUMMARY_COL_TOTAL_TIME },
	{ "time-total", SUMMARY_COL_TOTAL_TIME },
	{ "min-time", SUMMARY_COL_MIN_TIME },
	{ "shortest", SUMMARY_COL_MIN_TIME },
	{ "time-min", SUMMARY_COL_MIN_TIME },
	{ "max-time", SUMMARY_COL_MAX_TIME },
	{ "longest", SUMMARY_COL_MAX_TIME },
	{ "time-max", SUMMARY_COL_MAX_TIME },
	{ "avg-time", SUMMARY_COL_AVG_TIME },
	{ "time-avg", SUMMARY_COL_AVG_TIME },
	{ "calls", SUMMARY_COL_CALLS },
	{ "count", SUMMARY_COL_CALLS },
	{ "errors", SUMMARY_COL_ERRORS },
	{ "error", SUMMARY_COL_ERRORS },
	{ "name", SUMMARY_COL_NAME },
	{ "syscall", SUMMARY_COL_NAME },
	{ "syscall-name", SUMMARY_COL_NAME },
};

static int lookup(const struct key_name *names, size_t n, const char *w,
		  size_t len)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strlen(names[i].name) == len &&
		    !strncmp(names[i].name, w, len))
			return names[i].value;
	return -EINVAL;
}

int summary_parse_sort(const char *key, enum summary_sort *sort)
{
	int v = lookup(sort_names, ARRAY_SIZE(sort_names), key, strlen(key));

	if (v < 0)
		return v;
	*sort = (enum summary_sort)v;
	return 0;
}

int summary_parse_columns(const char *list, enum summary_column *cols,
			  size_t max, size_t *bad)
{
	const char *w = list;
	bool seen[SUMMARY_NCOLUMNS] = { false };
	size_t n = 0, len;
	int v;

	for (;;) {
		len = strcspn(w, ",");
		v = lookup(column_names, ARRAY_SIZE(column_names), w, len);
		*bad = (size_t)(w - list);
		if (v < 0)
			return -EINVAL;
		if (seen[v])
			return -EEXIST;
		if (n == max)
			return -E2BIG;
		seen[v] = true;
		cols[n++] = (enum summary_column)v;
		if (!w[len])
			break;
		w += len + 1;
	}
	/* As strace: the name is always there, last unless placed. */
	if (!seen[SUMMARY_COL_NAME] && n < max)
		cols[n++] = SUMMARY_COL_NAME;
	return (int)n;
}

void summary_set_layout(struct summary *s, enum summary_sort sort,
			const enum summary_column *cols, size_t ncols)
{
	s->sort = sort;
	s->ncols = ncols < SUMMARY_NCOLUMNS ? ncols : SUMMARY_NCOLUMNS;
	memcpy(s->cols, cols, s->ncols * sizeof(*cols));
}

void summary_set_sort(struct summary *s, enum summary_sort sort)
{
	s->sort = sort;
}

/* One table: its rows with calls, in syscall number order, then sorted. */
struct table {
	enum sw_abi abi;
	enum summary_sort sort;
	struct summary_row **rows;
	size_t n;
	struct summary_row total;
};

static uint64_t avg_ns(const struct summary_row *r)
{
	return r->calls ? r->total_ns / r->calls : 0;
}

static const char *row_name(enum sw_abi abi, const struct summary_row *r,
			    char *buf, size_t size)
{
	const struct sw_syscall *sc =
	    r->nr <= UINT32_MAX ? sw_sysent_by_nr(abi, (uint32_t)r->nr) : NULL;

	if (sc)
		return sc->name;
	return util_fmt(buf, size, "syscall_%#llx", (unsigned long long)r->nr);
}

static int cmp_desc(uint64_t a, uint64_t b)
{
	return a > b ? -1 : a < b;
}

/* qsort_r()'s comparison of two rows of @tab's table. */
static int cmp_rows(const void *pa, const void *pb, void *tab)
{
	const struct summary_row *a = *(const struct summary_row *const *)pa;
	const struct summary_row *b = *(const struct summary_row *const *)pb;
	const struct table *t = tab;
	char ba[32], bb[32];
	int c = 0;

	switch (t->sort) {
	case SUMMARY_SORT_TIME:
		c = cmp_desc(a->total_ns, b->total_ns);
		break;
	case SUMMARY_SORT_MIN_TIME:
		c = cmp_desc(a->min_ns, b->min_ns);
		break;
	case SUMMARY_SORT_MAX_TIME:
		c = cmp_desc(a->max_ns, b->max_ns);
		break;
	case SUMMARY_SORT_AVG_TIME:
		c = cmp_desc(avg_ns(a), avg_ns(b));
		break;
	case SUMMARY_SORT_CALLS:
		c = cmp_desc(a->calls, b->calls);
		break;
	case SUMMARY_SORT_ERRORS:
		c = cmp_desc(a->errors, b->errors);
		break;
	case SUMMARY_SORT_NAME:
		c = strcmp(row_name(t->abi, a, ba, sizeof(ba)),
			   row_name(t->abi, b, bb, sizeof(bb)));
		break;
	case SUMMARY_SORT_NOTHING:
		break;
	}
	return c ? c : (a->nr > b->nr) - (a->nr < b->nr);
}

static void add_total(struct summary_row *t, const struct summary_row *r)
{
	if (!t->calls || r->min_ns < t->min_ns)
		t->min_ns = r->min_ns;
	if (r->max_ns > t->max_ns)
		t->max_ns = r->max_ns;
	t->calls += r->calls;
	t->errors += r->errors;
	t->total_ns += r->total_ns;
}

/* @abi's rows with calls; 0 (none: tab->n is 0) or -ENOMEM. */
static int table_of(const struct summary *s, enum sw_abi abi, struct table *tab)
{
	const struct abi_rows *a = &s->abi[abi];
	size_t i, n = a->nfar + (a->direct ? ROWS_DIRECT : 0);

	memset(tab, 0, sizeof(*tab));
	tab->abi = abi;
	tab->rows = n ? malloc(n * sizeof(*tab->rows)) : NULL;
	if (n && !tab->rows)
		return -ENOMEM;
	for (i = 0; a->direct && i < ROWS_DIRECT; i++)
		if (a->direct[i].calls)
			tab->rows[tab->n++] = &a->direct[i];
	for (i = 0; i < a->nfar; i++)
		tab->rows[tab->n++] = &a->far[i];
	for (i = 0; i < tab->n; i++)
		add_total(&tab->total, tab->rows[i]);
	tab->sort = s->sort;
	/* qsort_r() must not see the NULL of an ABI without calls */
	if (tab->n)
		qsort_r(tab->rows, tab->n, sizeof(*tab->rows), cmp_rows, tab);
	return 0;
}

static const struct {
	const char *header;
	int width; /* negative: left-aligned */
} col_layout[SUMMARY_NCOLUMNS] = {
	[SUMMARY_COL_TIME_PERCENT] = { "% time", 6 },
	[SUMMARY_COL_TOTAL_TIME] = { "seconds", 11 },
	[SUMMARY_COL_AVG_TIME] = { "usecs/call", 11 },
	[SUMMARY_COL_CALLS] = { "calls", 9 },
	[SUMMARY_COL_ERRORS] = { "errors", 9 },
	[SUMMARY_COL_NAME] = { "syscall", -16 },
	[SUMMARY_COL_MIN_TIME] = { "shortest", 8 },
	[SUMMARY_COL_MAX_TIME] = { "longest", 8 },
};

static void put_seconds(FILE *fp, int width, uint64_t ns)
{
	fprintf(fp, "%*llu.%06llu", width - 7,
		(unsigned long long)(ns / 1000000000u),
		(unsigned long long)(ns % 1000000000u / 1000u));
}

/* One cell; the name is padded only when a column follows.  @all_ns is
 * the table's total time, 0 for the total row itself. */
static void put_cell(FILE *fp, enum summary_column c, bool last,
		     const struct summary_row *r, const char *name,
		     uint64_t all_ns)
{
	int w = col_layout[c].width;

	switch (c) {
	case SUMMARY_COL_TIME_PERCENT:
		/* all_ns is 0 for the total row: its share is all */
		fprintf(fp, "%*.2f", w,
			!all_ns ? 100.0
				: 100.0 * (double)r->total_ns / (double)all_ns);
		break;
	case SUMMARY_COL_TOTAL_TIME:
		put_seconds(fp, w, r->total_ns);
		break;
	case SUMMARY_COL_MIN_TIME:
		put_seconds(fp, w, r->min_ns);
		break;
	case SUMMARY_COL_MAX_TIME:
		put_seconds(fp, w, r->max_ns);
		break;
	case SUMMARY_COL_AVG_TIME:
		fprintf(fp, "%*llu", w, (unsigned long long)(avg_ns(r) / 1000));
		break;
	case SUMMARY_COL_CALLS:
		fprintf(fp, "%*lu", w, r->calls);
		break;
	case SUMMARY_COL_ERRORS: /* blank for none */
		if (r->errors)
			fprintf(fp, "%*lu", w, r->errors);
		else
			fprintf(fp, "%*s", w, "");
		break;
	case SUMMARY_COL_NAME:
		fprintf(fp, "%-*s", last ? 0 : -w, name);
		break;
	case SUMMARY_NCOLUMNS:
		break;
	}
}

static void put_rule(const struct summary *s, FILE *fp)
{
	size_t i;
	int w;

	for (i = 0; i < s->ncols; i++) {
		w = abs(col_layout[s->cols[i]].width);
		fprintf(fp, "%s%.*s", i ? " " : "", w, "----------------");
	}
	fputc('\n', fp);
}

static void put_row(const struct summary *s, FILE *fp,
		    const struct summary_row *r, const char *name,
		    uint64_t all_ns)
{
	size_t i;

	for (i = 0; i < s->ncols; i++) {
		if (i)
			fputc(' ', fp);
		put_cell(fp, s->cols[i], i + 1 == s->ncols, r, name, all_ns);
	}
	fputc('\n', fp);
}

static void put_table(const struct summary *s, FILE *fp,
		      const struct table *tab)
{
	const struct sw_sysent_table *st = sw_sysent_table(tab->abi);
	char buf[32];
	size_t i;
	int w;

	if (st && st->wordsize == 4 && sizeof(long) == 8)
		fputs("System call usage summary for 32 bit mode:\n", fp);
	for (i = 0; i < s->ncols; i++) {
		w = col_layout[s->cols[i]].width;
		if (w < 0 && i + 1 == s->ncols)
			w = 0;
		fprintf(fp, "%s%*s", i ? " " : "", w,
			col_layout[s->cols[i]].header);
	}
	fputc('\n', fp);
	put_rule(s, fp);
	for (i = 0; i < tab->n; i++)
		put_row(s, fp, tab->rows[i],
			row_name(tab->abi, tab->rows[i], buf, sizeof(buf)),
			tab->total.total_ns ? tab->total.total_ns : 1);
	put_rule(s, fp);
	put_row(s, fp, &tab->total, "total", 0);
}

int summary_write(const struct summary *s, FILE *fp)
{
	struct table tab;
	unsigned int abi;
	int r = 0;

	for (abi = 0; abi < SW_ABI_COUNT && r == 0; abi++) {
		r = table_of(s, (enum sw_abi)abi, &tab);
		if (r == 0 && tab.n)
			put_table(s, fp, &tab);
		free(tab.rows);
	}
	if (r == 0 && (fflush(fp) == EOF || ferror(fp)))
		r = -(errno ? errno : EIO);
	return r;
}

// SPDX-License-Identifier: LGPL-2.1-or-later
/* syswarden - the text sink, in strace's line grammar. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "output.h"
#include "util.h"

void output_init(struct output *o, FILE *fp)
{
	o->fp = fp;
	o->main = fp;
	o->files_prefix = NULL;
	o->files = NULL;
	o->nfiles = o->files_cap = 0;
	o->owner = NULL;
	o->pid_prefix = false;
	o->pid_always = false;
	o->align = 0;
	o->col = 0;
	o->stamp = SW_TIMESTAMP_NONE;
	o->stamp_digits = 0;
	o->rel_digits = o->call_digits = -1;
	o->rel_started = false;
	/* Every line is written out at once, as strace does, so that a
	 * trace can be followed live and survives a crash of ours. */
	o->flush_lines = fp != NULL;
}

int output_per_task(struct output *o, const char *prefix)
{
	char *p = strdup(prefix);

	if (!p)
		return -ENOMEM;
	free(o->files_prefix);
	o->files_prefix = p;
	return 0;
}

void output_release(struct output *o)
{
	size_t i;

	for (i = 0; i < o->nfiles; i++)
		fclose(o->files[i].fp);
	free(o->files);
	free(o->files_prefix);
	o->files = NULL;
	o->files_prefix = NULL;
	o->nfiles = o->files_cap = 0;
	o->fp = o->main;
}

static struct task_file *task_file(struct output *o, pid_t tid)
{
	size_t i;

	for (i = 0; i < o->nfiles; i++)
		if (o->files[i].tid == tid)
			return &o->files[i];
	return NULL;
}

/* @tid's file, opened at its first line; NULL when it cannot be (the
 * line is then lost). */
static struct task_file *open_task_file(struct output *o, pid_t tid)
{
	struct task_file *f = task_file(o, tid), *grown;
	char path[PATH_MAX];
	FILE *fp;

	if (f)
		return f;
	if (o->nfiles == o->files_cap) {
		size_t cap = o->files_cap ? 2 * o->files_cap : 16;

		grown = realloc(o->files, cap * sizeof(*grown));
		if (!grown)
			return NULL;
		o->files = grown;
		o->files_cap = cap;
	}
	snprintf(path, sizeof(path), "%s.%d", o->files_prefix, (int)tid);
	fp = fopen(path, "we");
	if (!fp)
		return NULL;
	f = &o->files[o->nfiles++];
	f->tid = tid;
	f->fp = fp;
	f->open = false;
	f->col = 0;
	return f;
}

/* ".FRACTION": @digits of @nsec, nothing for 0. */
static int put_fraction(FILE *fp, long nsec, int digits)
{
	long div = 1000000000;
	int i;

	if (!digits)
		return 0;
	for (i = 0; i < digits; i++)
		div /= 10;
	return fprintf(fp, ".%0*ld", digits, nsec / div);
}

/* "SECONDS.FRACTION", the seconds at least @width wide. */
static int put_seconds(FILE *fp, int width, const struct timespec *ts,
		       int digits)
{
	int n = fprintf(fp, "%*lld", width, (long long)ts->tv_sec);

	return n + put_fraction(fp, ts->tv_nsec, digits);
}

/* -t, -tt, -ttt: "18:17:51.733940 ", or "1795717071.733940 ". */
static int put_time(struct output *o)
{
	struct timespec now;
	char hms[16];
	int n;

	if (o->stamp == SW_TIMESTAMP_NONE)
		return 0;
	clock_gettime(CLOCK_REALTIME, &now);
	if (o->stamp == SW_TIMESTAMP_UNIX)
		return put_seconds(o->fp, 0, &now, o->stamp_digits) +
		       fprintf(o->fp, " ");
	strftime(hms, sizeof(hms), "%T",
		 localtime_r(&now.tv_sec, &(struct tm){ 0 }));
	n = fprintf(o->fp, "%s", hms);
	return n + put_fraction(o->fp, now.tv_nsec, o->stamp_digits) +
	       fprintf(o->fp, " ");
}

/* -r: the time since the previous line (0 for the first), after -t's
 * time "(+     0.000149) ", alone "     0.000149 ". */
static int put_relative(struct output *o)
{
	bool after = o->stamp != SW_TIMESTAMP_NONE;
	struct timespec now, d;
	int n;

	if (o->rel_digits < 0)
		return 0;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (!o->rel_started)
		o->rel_last = now;
	o->rel_started = true;
	d = util_ts_sub(&now, &o->rel_last);
	o->rel_last = now;
	n = after ? fprintf(o->fp, "(+") : 0;
	n += put_seconds(o->fp, 6, &d, o->rel_digits);
	return n + fprintf(o->fp, after ? ") " : " ");
}

/* A line's stamps; returns the columns they take. */
static size_t put_stamps(struct output *o)
{
	int n = put_time(o) + put_relative(o);

	return n > 0 ? (size_t)n : 0;
}

/* Per-task files: @t's becomes the current one, and its line open. */
static void select_task(struct output *o, const struct sw_tracee *t)
{
	struct task_file *f = open_task_file(o, t->tid);
	struct task_file *was = o->owner ? task_file(o, o->owner->tid) : NULL;

	if (was)
		was->col = o->col;
	o->fp = f ? f->fp : NULL;
	o->owner = f ? t : NULL;
	if (f && !f->open) {
		f->open = true;
		f->col = put_stamps(o);
	}
	o->col = f ? f->col : 0;
}

static void prefix(struct output *o, const struct sw_tracee *t)
{
	int n = 0;

	if (o->pid_always)
		n = fprintf(o->fp, "%d ", (int)t->tid);
	else if (o->pid_prefix)
		n = fprintf(o->fp, "[pid %5d] ", (int)t->tid);
	o->col = (n > 0 ? (size_t)n : 0) + put_stamps(o);
}

void output_duration(struct output *o, const struct timespec *start)
{
	struct timespec now, d;

	if (!o->fp || o->call_digits < 0)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	d = util_ts_sub(&now, start);
	fputs(" <", o->fp);
	o->col += 3 + (size_t)put_seconds(o->fp, 0, &d, o->call_digits);
	fputc('>', o->fp);
}

void output_end(struct output *o)
{
	struct task_file *f;

	if (!o->owner || !o->fp)
		return;
	fputc('\n', o->fp);
	if (o->flush_lines)
		fflush(o->fp);
	if (o->files_prefix) {
		f = task_file(o, o->owner->tid);
		if (f)
			f->open = false;
		o->fp = o->main;
	}
	o->owner = NULL;
}

void output_begin(struct output *o, const struct sw_tracee *t)
{
	if (!o->main)
		return;
	if (o->files_prefix) {
		select_task(o, t);
		return;
	}
	if (o->owner) {
		fputs(" <unfinished ...>", o->fp);
		output_end(o);
	}
	prefix(o, t);
	o->owner = t;
}

void output_resume(struct output *o, const struct sw_tracee *t,
		   const char *name)
{
	struct task_file *f;
	int n;

	if (!o->main || o->owner == t)
		return;
	/* A task's own file: its line was never interrupted. */
	f = o->files_prefix ? task_file(o, t->tid) : NULL;
	if (f && f->open) {
		select_task(o, t);
		return;
	}
	output_begin(o, t);
	if (!o->fp)
		return;
	n = fprintf(o->fp, "<... %s resumed>", name);
	o->col += n > 0 ? (size_t)n : 0;
}

void output_text(struct output *o, const char *s, size_t len)
{
	if (!o->fp)
		return;
	fwrite(s, 1, len, o->fp);
	o->col += len;
}

void output_result(struct output *o, const char *s, size_t len)
{
	const char *sep = NULL, *p = s;

	while ((p = memmem(p, len - (size_t)(p - s), ") = ", 4))) {
		sep = p;
		p++;
	}
	if (!o->fp || !o->align || !sep) {
		output_text(o, s, len);
		return;
	}
	/* As strace: ") ", spaces up to the column, "= result". */
	output_text(o, s, (size_t)(sep - s) + 2);
	for (; o->col < o->align; o->col++)
		fputc(' ', o->fp);
	output_text(o, sep + 2, len - (size_t)(sep - s) - 2);
}

void output_forget(struct output *o, const struct sw_tracee *t)
{
	struct task_file *f = o->files_prefix ? task_file(o, t->tid) : NULL;

	if (f) {
		if (f->open)
			fputs(" <unfinished ...>\n", f->fp);
		fclose(f->fp);
		*f = o->files[--o->nfiles];
		if (o->owner == t)
			o->owner = NULL;
		o->fp = o->main;
		return;
	}
	if (o->owner == t) {
		fputs(" <unfinished ...>", o->fp);
		output_end(o);
	}
}

void output_line(struct output *o, const struct sw_tracee *t, const char *fmt,
		 ...)
{
	va_list ap;

	if (!o->main)
		return;
	output_begin(o, t);
	if (!o->fp)
		return;
	va_start(ap, fmt);
	vfprintf(o->fp, fmt, ap);
	va_end(ap);
	output_end(o);
}

void output_lines(struct output *o, const struct sw_tracee *t, const char *s,
		  size_t len)
{
	if (!o->main)
		return;
	if (o->files_prefix)
		select_task(o, t);
	else if (o->owner && o->fp) {
		fputs(" <unfinished ...>", o->fp);
		output_end(o);
	}
	if (!o->fp)
		return;
	o->owner = t;
	fwrite(s, 1, len, o->fp);
	output_end(o);
}

int output_flush(struct output *o)
{
	size_t i;

	for (i = 0; i < o->nfiles; i++)
		if (fflush(o->files[i].fp) == EOF || ferror(o->files[i].fp))
			return -(errno ? errno : EIO);
	if (o->fp && (fflush(o->fp) == EOF || ferror(o->fp)))
		return -(errno ? errno : EIO);
	return 0;
}

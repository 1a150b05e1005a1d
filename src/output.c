// SPDX-License-Identifier: LGPL-2.1-or-later
/* syswarden - the text sink, in strace's line grammar. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#include "output.h"

void output_init(struct output *o, FILE *fp)
{
	o->fp = fp;
	o->owner = NULL;
	o->pid_prefix = false;
	o->pid_always = false;
	o->align = 0;
	o->col = 0;
	/* Every line is written out at once, as strace does, so that a
	 * trace can be followed live and survives a crash of ours. */
	o->flush_lines = fp != NULL;
}

static void prefix(struct output *o, const struct sw_tracee *t)
{
	int n = 0;

	if (o->pid_always)
		n = fprintf(o->fp, "%d ", (int)t->tid);
	else if (o->pid_prefix)
		n = fprintf(o->fp, "[pid %5d] ", (int)t->tid);
	o->col = n > 0 ? (size_t)n : 0;
}

void output_end(struct output *o)
{
	if (!o->owner)
		return;
	fputc('\n', o->fp);
	o->owner = NULL;
	if (o->flush_lines)
		fflush(o->fp);
}

void output_begin(struct output *o, const struct sw_tracee *t)
{
	if (!o->fp)
		return;
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
	if (!o->fp || o->owner == t)
		return;
	int n;

	output_begin(o, t);
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
	if (o->owner == t) {
		fputs(" <unfinished ...>", o->fp);
		output_end(o);
	}
}

void output_line(struct output *o, const struct sw_tracee *t, const char *fmt,
		 ...)
{
	va_list ap;

	if (!o->fp)
		return;
	output_begin(o, t);
	va_start(ap, fmt);
	vfprintf(o->fp, fmt, ap);
	va_end(ap);
	output_end(o);
}

int output_flush(struct output *o)
{
	if (o->fp && (fflush(o->fp) == EOF || ferror(o->fp)))
		return -(errno ? errno : EIO);
	return 0;
}

// SPDX-License-Identifier: LGPL-2.1-or-later
/* syswarden - the text sink, in strace's line grammar. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <unistd.h>

#include "output.h"

void output_init(struct output *o, FILE *fp)
{
	o->fp = fp;
	o->owner = NULL;
	o->pid_prefix = false;
	/* Every line is written out at once, as strace does, so that a
	 * trace can be followed live and survives a crash of ours. */
	o->flush_lines = fp != NULL;
}

static void prefix(struct output *o, const struct sw_tracee *t)
{
	if (o->pid_prefix)
		fprintf(o->fp, "[pid %5d] ", (int)t->tid);
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
	output_begin(o, t);
	fprintf(o->fp, "<... %s resumed>", name);
}

void output_text(struct output *o, const char *s, size_t len)
{
	if (o->fp)
		fwrite(s, 1, len, o->fp);
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

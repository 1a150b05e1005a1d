/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * syswarden - the text sink, in strace's line grammar.
 *
 * One line is open at a time.  When another tracee needs the sink, the
 * open line is ended with " <unfinished ...>" and its owner later resumes
 * on a new line with "<... NAME resumed>".  Once more than one task has
 * been traced, every line starts with "[pid N] ".
 *
 * With per-task files (strace -ff -o PREFIX), each task writes to its own
 * PREFIX.TID, where no other task's line can interrupt its own.
 */
#ifndef SW_OUTPUT_H
#define SW_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

#include "tracee.h"

struct task_file {
	pid_t tid;
	FILE *fp;
	bool open; /* a line is open */
	size_t col; /* of its open line */
};

struct output {
	FILE *fp; /* with per-task files, the current task's */
	FILE *main; /* with per-task files, fp between lines */
	char *files_prefix; /* per-task files: PREFIX of PREFIX.TID */
	struct task_file *files;
	size_t nfiles, files_cap;
	const struct sw_tracee *owner; /* tracee whose line is open */
	bool pid_prefix;
	bool pid_always; /* "PID " on every line, as strace -f -o */
	bool flush_lines; /* flush after each line */
	unsigned int align; /* column of " = result" (strace -a), or 0 */
	size_t col; /* of the open line */
};

void output_init(struct output *o, FILE *fp);
/* Writes each task's lines to PREFIX.TID from now on; 0 or -ENOMEM. */
int output_per_task(struct output *o, const char *prefix);
/* Closes the per-task files. */
void output_release(struct output *o);
/* Starts a line for @t, ending another owner's open line first. */
void output_begin(struct output *o, const struct sw_tracee *t);
/* Continues @t's line; if @t's line was interrupted, opens a new one
 * with "<... @name resumed>". */
void output_resume(struct output *o, const struct sw_tracee *t,
		   const char *name);
void output_text(struct output *o, const char *s, size_t len);
/* Continues the line with @s, whose last ") = " separates the arguments
 * from the result: that " = " is moved to the alignment column. */
void output_result(struct output *o, const char *s, size_t len);
/* Ends the open line. */
void output_end(struct output *o);
/* Called when @t goes away: its open line, if any, is ended. */
void output_forget(struct output *o, const struct sw_tracee *t);
/* Writes a whole line for @t: "--- SIGCHLD {...} ---" and the like. */
void output_line(struct output *o, const struct sw_tracee *t, const char *fmt,
		 ...) __attribute__((format(printf, 3, 4)));
/* Writes @s, one or more lines (without the last '\n'), for @t with no
 * "[pid N] " prefix: the frames of -k after @t's call. */
void output_lines(struct output *o, const struct sw_tracee *t, const char *s,
		  size_t len);
/* Flushes the sink; returns 0 or -errno (a full disk, a closed pipe). */
int output_flush(struct output *o);

#endif /* SW_OUTPUT_H */

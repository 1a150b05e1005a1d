/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * syswarden - the outputs: the strace text sink, and the structured sinks
 * (JSON lines, the timeline) fed with one event model.
 *
 * The text sink, in strace's line grammar:
 *
 * One line is open at a time.  When another tracee needs the sink, the
 * open line is ended with " <unfinished ...>" and its owner later resumes
 * on a new line with "<... NAME resumed>".  Once more than one task has
 * been traced, every line starts with "[pid N] ".
 *
 * With per-task files (strace -ff -o PREFIX), each task writes to its own
 * PREFIX.TID, where no other task's line can interrupt its own.
 *
 * What decorates each text line (strace's -t/-tt/-r timestamps, -T's
 * "<0.000012>") belongs to this sink: prefix() starts every line,
 * output_end() ends it.  The structured sinks carry times of their own.
 */
#ifndef SW_OUTPUT_H
#define SW_OUTPUT_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include <syswarden/syswarden.h>

#include "tracee.h"
#include "util.h"

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
	/* strace -t, -r and -T: digits after the second, or -1 for none */
	enum sw_timestamp stamp;
	int stamp_digits, rel_digits, call_digits;
	struct timespec rel_last; /* -r: when the previous line began */
	bool rel_started;
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
/* -T: continues the line with the time since @start (CLOCK_MONOTONIC),
 * " <0.000012>". */
void output_duration(struct output *o, const struct timespec *start);
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

/*
 * The event model of the structured sinks.  A traced call becomes one
 * struct out_call: begun at its entry (the arguments the kernel reads,
 * decoded while they are still in the tracee's memory), ended at its exit
 * (the arguments the kernel fills in, the result).  Signals, exits, new
 * tasks, execs and plugin reports are events of their own.  Each sink
 * (output_json.c, output_timeline.c) renders them in its format.
 */

struct out_arg {
	const char *name; /* from the prototype */
	uint64_t raw; /* at the C type's width */
	size_t text, text_len; /* decoded, in out_call.data */
	size_t bytes, bytes_len; /* string or buffer read, in data */
	bool has_bytes; /* a string or buffer that could be read */
	bool bytes_cut; /* longer than what was read */
	bool decoded; /* text is filled in */
	bool is_signed; /* raw compares as signed */
};

struct out_call {
	int64_t t0_real, t0_mono; /* entry, in ns */
	int64_t dur; /* ns from entry to exit */
	struct sw_event sys; /* as at entry, with the result at exit */
	unsigned int nargs;
	struct out_arg args[6];
	size_t ret_text, ret_text_len;
	bool returned; /* false: never returned (exit, a killed task) */
	bool is_error;
	bool injected; /* a hook chose the result */
	struct strbuf data; /* texts and bytes of the call */
};

enum out_kind {
	OUT_CALL, /* a call ended (or will never return) */
	OUT_SIGNAL, /* a signal delivered, or a group stop */
	OUT_EXIT, /* a task exited or was killed */
	OUT_CLONE, /* a new task */
	OUT_EXEC, /* a task ran execve */
	OUT_REPORT, /* a hook or plugin reported */
};

struct out_event {
	enum out_kind kind;
	const struct sw_tracee *t;
	int64_t real, mono; /* when, in ns */
	const struct out_call *call; /* OUT_CALL */
	int sig; /* OUT_SIGNAL; OUT_EXIT when killed */
	bool stopped; /* OUT_SIGNAL: a group stop */
	const siginfo_t *si; /* OUT_SIGNAL, or NULL */
	int status; /* OUT_EXIT: the wait status */
	pid_t other; /* OUT_CLONE: the new task; OUT_EXEC: former tid */
	const char *source, *text; /* OUT_REPORT: who, what (raw bytes) */
	/* OUT_CALL under -k: the call's frames, or NULL. */
	const struct stack_trace *stack;
};

struct out_sink;
struct stack_trace;

/* One output format. */
struct out_sink_ops {
	/* Renders @ev. */
	void (*event)(struct out_sink *s, const struct out_event *ev);
	/* Ends the output (a trailer) and flushes; 0 or -errno. */
	int (*finish)(struct out_sink *s);
	/* Flushes what is written so far; 0 or -errno. */
	int (*flush)(struct out_sink *s);
};

struct out_sink {
	const struct out_sink_ops *ops;
	FILE *fp; /* not owned */
	struct out_sink *next;
	bool finished;
};

/* The JSON lines sink (output_json.c), writing to @fp; NULL if out of
 * memory. */
struct out_sink *output_json_new(FILE *fp);
/* The Chrome/Perfetto trace-event sink (output_timeline.c). */
struct out_sink *output_timeline_new(FILE *fp);
/* Finishes (if not yet) and frees the sinks of list @s. */
void output_sinks_free(struct out_sink *s);
/* Hands @ev to every sink of list @s. */
void output_sinks_event(struct out_sink *s, const struct out_event *ev);
/* Finishes every sink once: the first error, or 0. */
int output_sinks_finish(struct out_sink *s);
/* Flushes every sink: the first error, or 0. */
int output_sinks_flush(struct out_sink *s);

/* Now, on the realtime and monotonic clocks, in ns. */
void output_now(int64_t *real, int64_t *mono);

struct decode_ctx;
struct json_object;

/* For the JSON sinks (output_json.c): a string of bytes, written as
 * UTF-8 with each invalid byte as a lone surrogate "\udcXX". */
struct json_object *outjson_bytes(const char *s, size_t len);
/* @ns / @unit as a JSON number written with @decimals decimals. */
struct json_object *outjson_ns(int64_t ns, int64_t unit, int decimals);
/* The arguments of @c by name: {"raw": 3, "text": "...", "bytes": ...}. */
struct json_object *outjson_args(const struct out_call *c);
/* @ev as one JSON lines object. */
struct json_object *outjson_event(const struct out_event *ev);

/* A call begun by @t now: decoded as far as its entry allows; NULL when
 * out of memory. */
struct out_call *out_call_begin(const struct decode_ctx *ctx,
				const struct sw_tracee *t);
/* Ends @c with @t's result (@returned false: the call never returns). */
void out_call_end(struct out_call *c, const struct decode_ctx *ctx,
		  const struct sw_tracee *t, bool returned, bool is_error);
/* Frees @c; NULL is fine. */
void out_call_free(struct out_call *c);

#endif /* SW_OUTPUT_H */

// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * syswarden - the timeline sink (--timeline FILE): the Chrome trace-event
 * JSON format that ui.perfetto.dev, chrome://tracing and speedscope open.
 *
 *   {"displayTimeUnit":"ns","traceEvents":[
 *   {"ph":"M","name":"process_name","pid":P,"tid":P,"args":{"name":COMM}},
 *   {"ph":"M","name":"thread_name","pid":P,"tid":T,"args":{"name":COMM}},
 *   {"ph":"X","name":"openat","pid":P,"tid":T,"ts":US,"dur":US,"args":{}},
 *   {"ph":"i","s":"t","name":"SIGCHLD","pid":P,"tid":T,"ts":US,...},
 *   ...
 *   ]}
 *
 * pid and tid are the tracee's, so each thread is a track grouped under
 * its process; times are microseconds since the sink was made (before
 * the run starts).
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <json-c/json.h>

#include "decode.h"
#include "output.h"

/* Thread or process ids whose name is written. */
struct idlist {
	pid_t *v;
	size_t n, cap;
};

struct timeline {
	struct out_sink sink;
	int64_t t0; /* monotonic ns when the sink was made */
	bool started; /* the header is written */
	bool any; /* an event is written: the next needs a comma */
	struct idlist threads, processes;
};

static bool idlist_has(const struct idlist *l, pid_t id)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->v[i] == id)
			return true;
	return false;
}

/* Adds @id; false when out of memory. */
static bool idlist_add(struct idlist *l, pid_t id)
{
	pid_t *grown;

	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 64;

		grown = realloc(l->v, cap * sizeof(*grown));
		if (!grown)
			return false;
		l->v = grown;
		l->cap = cap;
	}
	l->v[l->n++] = id;
	return true;
}

static void idlist_del(struct idlist *l, pid_t id)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->v[i] == id)
			l->v[i--] = l->v[--l->n];
}

static struct timeline *timeline_of(struct out_sink *s)
{
	return (struct timeline *)s;
}

static void emit(struct timeline *tl, struct json_object *o)
{
	fputs(tl->any ? ",\n" : "", tl->sink.fp);
	tl->any = true;
	fputs(json_object_to_json_string_ext(
		  o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE),
	      tl->sink.fp);
	json_object_put(o);
}

/* A new object of phase @ph for @t's track. */
static struct json_object *track_event(const struct sw_tracee *t,
				       const char *ph, const char *name)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "ph", json_object_new_string(ph));
	json_object_object_add(o, "name", outjson_bytes(name, strlen(name)));
	json_object_object_add(o, "pid", json_object_new_int(t->tgid));
	json_object_object_add(o, "tid", json_object_new_int(t->tid));
	return o;
}

static void set_ts(struct timeline *tl, struct json_object *o, int64_t mono)
{
	json_object_object_add(o, "ts", outjson_ns(mono - tl->t0, 1000, 3));
}

/* Writes metadata @what ("thread_name", "process_name") for @t's track,
 * named by the comm of task @id. */
static void name_by_comm(struct timeline *tl, const struct sw_tracee *t,
			 const char *what, pid_t id)
{
	char path[64], comm[64] = "?";
	struct json_object *o, *args;
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/comm", (int)id);
	f = fopen(path, "re");
	if (f) {
		n = fread(comm, 1, sizeof(comm) - 1, f);
		fclose(f);
		while (n && comm[n - 1] == '\n')
			n--;
		comm[n] = '\0';
	}
	o = track_event(t, "M", what);
	args = json_object_new_object();
	json_object_object_add(args, "name", outjson_bytes(comm, strlen(comm)));
	json_object_object_add(o, "args", args);
	emit(tl, o);
}

/* Names @t's track and its process at their first event. */
static void know_track(struct timeline *tl, const struct sw_tracee *t)
{
	if (!idlist_has(&tl->processes, t->tgid) &&
	    idlist_add(&tl->processes, t->tgid))
		name_by_comm(tl, t, "process_name", t->tgid);
	if (!idlist_has(&tl->threads, t->tid) &&
	    idlist_add(&tl->threads, t->tid))
		name_by_comm(tl, t, "thread_name", t->tid);
}

static struct json_object *call_slice(struct timeline *tl,
				      const struct out_event *ev)
{
	const struct out_call *c = ev->call;
	char name[32];
	struct json_object *o = track_event(
	    ev->t, "X", decode_syscall_name(&c->sys, name, sizeof(name)));
	struct json_object *args = json_object_new_object();
	unsigned int i;

	json_object_object_add(o, "cat",
			       json_object_new_string(c->injected
							  ? "syscall,injected"
							  : "syscall"));
	set_ts(tl, o, c->t0_mono);
	json_object_object_add(o, "dur", outjson_ns(c->dur, 1000, 3));
	for (i = 0; i < c->nargs; i++)
		if (c->args[i].decoded)
			json_object_object_add(
			    args, c->args[i].name,
			    outjson_bytes(c->data.buf + c->args[i].text,
					  c->args[i].text_len));
	json_object_object_add(
	    args, "=",
	    c->returned
		? outjson_bytes(c->data.buf + c->ret_text, c->ret_text_len)
		: json_object_new_string("?"));
	if (c->injected)
		json_object_object_add(args, "injected",
				       json_object_new_boolean(true));
	json_object_object_add(o, "args", args);
	return o;
}

/* The instant's name: "SIGCHLD", "exit 0", "clone 1234", "execve"... */
static const char *instant_name(const struct out_event *ev, char *buf,
				size_t size)
{
	char sig[16];

	switch (ev->kind) {
	case OUT_SIGNAL:
		return decode_signame(ev->sig, buf, size);
	case OUT_EXIT:
		if (WIFEXITED(ev->status))
			return util_fmt(buf, size, "exit %d",
					WEXITSTATUS(ev->status));
		return util_fmt(
		    buf, size, "killed by %s",
		    decode_signame(WTERMSIG(ev->status), sig, sizeof(sig)));
	case OUT_CLONE:
		return util_fmt(buf, size, "new task %d", (int)ev->other);
	case OUT_EXEC:
		return "execve";
	case OUT_REPORT:
		return util_fmt(buf, size, "report: %s", ev->source);
	default:
		return "?";
	}
}

static struct json_object *instant(struct timeline *tl,
				   const struct out_event *ev)
{
	char name[64];
	struct json_object *o =
	    track_event(ev->t, "i", instant_name(ev, name, sizeof(name)));
	struct json_object *args = json_object_new_object();

	json_object_object_add(o, "s", json_object_new_string("t"));
	json_object_object_add(
	    o, "cat",
	    json_object_new_string(ev->kind == OUT_REPORT ? "plugin" : "task"));
	set_ts(tl, o, ev->mono);
	if (ev->kind == OUT_REPORT)
		json_object_object_add(
		    args, "text", outjson_bytes(ev->text, strlen(ev->text)));
	if (ev->kind == OUT_SIGNAL)
		json_object_object_add(args, "stopped",
				       json_object_new_boolean(ev->stopped));
	if (ev->kind == OUT_CLONE)
		json_object_object_add(args, "child",
				       json_object_new_int(ev->other));
	json_object_object_add(o, "args", args);
	return o;
}

static void timeline_event(struct out_sink *s, const struct out_event *ev)
{
	struct timeline *tl = timeline_of(s);

	if (!tl->started) {
		fputs("{\"displayTimeUnit\":\"ns\",\"traceEvents\":[\n", s->fp);
	}
	/* An exec renames the track and its process. */
	if (ev->kind == OUT_EXEC) {
		idlist_del(&tl->threads, ev->t->tid);
		idlist_del(&tl->processes, ev->t->tgid);
	}
	know_track(tl, ev->t);
	tl->started = true;
	emit(tl, ev->kind == OUT_CALL ? call_slice(tl, ev) : instant(tl, ev));
}

static int timeline_flush(struct out_sink *s)
{
	if (fflush(s->fp) == EOF || ferror(s->fp))
		return -(errno ? errno : EIO);
	return 0;
}

static int timeline_finish(struct out_sink *s)
{
	struct timeline *tl = timeline_of(s);

	if (!tl->started)
		fputs("{\"displayTimeUnit\":\"ns\",\"traceEvents\":[", s->fp);
	fputs("\n]}\n", s->fp);
	free(tl->threads.v);
	free(tl->processes.v);
	memset(&tl->threads, 0, sizeof(tl->threads));
	memset(&tl->processes, 0, sizeof(tl->processes));
	return timeline_flush(s);
}

static const struct out_sink_ops timeline_ops = {
	.event = timeline_event,
	.finish = timeline_finish,
	.flush = timeline_flush,
};

struct out_sink *output_timeline_new(FILE *fp)
{
	struct timeline *tl = calloc(1, sizeof(*tl));
	int64_t real;

	if (!tl)
		return NULL;
	tl->sink.ops = &timeline_ops;
	tl->sink.fp = fp;
	output_now(&real, &tl->t0);
	return &tl->sink;
}

// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * syswarden - the JSON lines sink (--json): one object per event.
 *
 * Objects are built with json-c.  Strings from the tracee are bytes, not
 * text: they are written as UTF-8 where they are valid UTF-8, and each
 * byte that is not (0x80-0xff) as the lone surrogate U+DC00 plus the
 * byte, "\udcff" for 0xff (Python's "surrogateescape", PEP 383).  Every
 * byte, NUL included, thus comes back with
 * json.loads(line)[...].encode("utf-8", "surrogateescape").
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <json-c/json.h>

#include "decode.h"
#include "output.h"
#include "stack.h"

/* Bumped when a field changes meaning or goes away (README). */
#define JSON_SCHEMA_VERSION 1

/* The length of the valid UTF-8 sequence at @s (at most @len bytes), or
 * 0: no overlong forms, no surrogates, nothing above U+10FFFF. */
static size_t utf8_seq(const unsigned char *s, size_t len)
{
	size_t n, i;
	uint32_t cp;

	if (s[0] < 0xc2 || s[0] > 0xf4)
		return 0;
	n = s[0] < 0xe0 ? 2 : s[0] < 0xf0 ? 3 : 4;
	if (len < n)
		return 0;
	cp = s[0] & (0x7f >> n);
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return n;
}

static int bytes_to_json(struct json_object *jso, struct printbuf *pb,
			 int level, int flags)
{
	const unsigned char *s =
	    (const unsigned char *)json_object_get_string(jso);
	size_t len = (size_t)json_object_get_string_len(jso), i, n;
	char esc[8];

	printbuf_strappend(pb, "\"");
	for (i = 0; i < len; i += n) {
		n = 1;
		if (s[i] == '"' || s[i] == '\\') {
			esc[0] = '\\';
			esc[1] = (char)s[i];
			printbuf_memappend(pb, esc, 2);
		} else if (s[i] == '\n' || s[i] == '\t') {
			esc[0] = '\\';
			esc[1] = s[i] == '\n' ? 'n' : 't';
			printbuf_memappend(pb, esc, 2);
		} else if (s[i] < 0x20) {
			snprintf(esc, sizeof(esc), "\\u%04x", s[i]);
			printbuf_memappend(pb, esc, 6);
		} else if (s[i] < 0x80) {
			printbuf_memappend(pb, (const char *)&s[i], 1);
		} else if ((n = utf8_seq(&s[i], len - i))) {
			printbuf_memappend(pb, (const char *)&s[i], (int)n);
		} else {
			n = 1;
			snprintf(esc, sizeof(esc), "\\udc%02x", s[i]);
			printbuf_memappend(pb, esc, 6);
		}
	}
	printbuf_strappend(pb, "\"");
	return 0;
}

struct json_object *outjson_ns(int64_t ns, int64_t unit, int decimals)
{
	char buf[40];
	double v = (double)ns / (double)unit;

	snprintf(buf, sizeof(buf), "%.*f", decimals, v);
	return json_object_new_double_s(v, buf);
}

struct json_object *outjson_bytes(const char *s, size_t len)
{
	struct json_object *o = json_object_new_string_len(s, (int)len);

	if (o)
		json_object_set_serializer(o, bytes_to_json, NULL, NULL);
	return o;
}

static void put(struct json_object *o, const char *key, struct json_object *v)
{
	json_object_object_add(o, key, v);
}

static void put_str(struct json_object *o, const char *key, const char *s)
{
	put(o, key, outjson_bytes(s, strlen(s)));
}

static struct json_object *arg_json(const struct out_call *c,
				    const struct out_arg *a)
{
	struct json_object *o = json_object_new_object();

	put(o, "raw",
	    a->is_signed ? json_object_new_int64((int64_t)a->raw)
			 : json_object_new_uint64(a->raw));
	if (a->decoded)
		put(o, "text",
		    outjson_bytes(c->data.buf + a->text, a->text_len));
	if (a->has_bytes) {
		put(o, "bytes",
		    outjson_bytes(c->data.buf + a->bytes, a->bytes_len));
		put(o, "bytes_cut", json_object_new_boolean(a->bytes_cut));
	}
	return o;
}

struct json_object *outjson_args(const struct out_call *c)
{
	struct json_object *o = json_object_new_object();
	unsigned int i;

	for (i = 0; i < c->nargs; i++)
		put(o, c->args[i].name, arg_json(c, &c->args[i]));
	return o;
}

/* The fields every event has. */
static struct json_object *event_head(const struct out_event *ev,
				      const char *type)
{
	struct json_object *o = json_object_new_object();

	put(o, "v", json_object_new_int(JSON_SCHEMA_VERSION));
	put_str(o, "type", type);
	put(o, "time", outjson_ns(ev->real, 1000000000, 6));
	put(o, "pid", json_object_new_int(ev->t->tgid));
	put(o, "tid", json_object_new_int(ev->t->tid));
	return o;
}

/* -k's frames: [{"file", "symbol", "offset", "address", "ip"[, "src",
 * "line"]}], as far as each is known; an unwinding error ends the list
 * with {"error": "..."}. */
static struct json_object *stack_json(const struct stack_trace *st)
{
	struct json_object *a = json_object_new_array(), *f;
	size_t i;

	for (i = 0; i < st->n; i++) {
		const struct stack_frame *fr = &st->frames[i];

		f = json_object_new_object();
		if (fr->file)
			put_str(f, "file", fr->file);
		if (fr->symbol) {
			put_str(f, "symbol", fr->symbol);
			put(f, "offset", json_object_new_uint64(fr->offset));
		}
		put(f, "address", json_object_new_uint64(fr->address));
		put(f, "ip", json_object_new_uint64(fr->ip));
		if (fr->src) {
			put_str(f, "src", fr->src);
			put(f, "line", json_object_new_uint64(fr->line));
		}
		json_object_array_add(a, f);
	}
	if (st->error) {
		f = json_object_new_object();
		put_str(f, "error", strerror(-st->error));
		json_object_array_add(a, f);
	}
	return a;
}

static void call_fields(struct json_object *o, const struct out_event *ev)
{
	const struct out_call *c = ev->call;
	const struct sw_sysent_table *tab = sw_sysent_table(c->sys.abi);
	char name[32];
	size_t i;

	/* The call's own time: its entry. */
	put(o, "time", outjson_ns(c->t0_real, 1000000000, 6));
	put_str(o, "abi", tab ? tab->name : "unknown");
	put_str(o, "name", decode_syscall_name(&c->sys, name, sizeof(name)));
	put(o, "nr", json_object_new_uint64(c->sys.nr));
	put(o, "args", outjson_args(c));
	if (!c->sys.sc) {
		/* A number the table lacks: its six registers. */
		struct json_object *regs = json_object_new_array();

		for (i = 0; i < ARRAY_SIZE(c->sys.args); i++)
			json_object_array_add(
			    regs, json_object_new_uint64(c->sys.args[i]));
		put(o, "regs", regs);
	}
	if (c->returned) {
		put(o, "ret", json_object_new_int64(c->sys.ret));
		put(o, "ret_text",
		    outjson_bytes(c->data.buf + c->ret_text, c->ret_text_len));
		if (c->is_error)
			put_str(o, "errno",
				decode_errno_name((int)-c->sys.ret, name,
						  sizeof(name)));
		else
			put(o, "errno", json_object_new_null());
	} else {
		put(o, "ret", json_object_new_null());
	}
	put(o, "duration", outjson_ns(c->dur, 1000000000, 9));
	put(o, "injected", json_object_new_boolean(c->injected));
	put(o, "unfinished", json_object_new_boolean(!c->returned));
	if (ev->stack)
		put(o, "stack", stack_json(ev->stack));
}

static struct json_object *exit_json(const struct out_event *ev)
{
	char name[16];
	struct json_object *o;

	if (WIFEXITED(ev->status)) {
		o = event_head(ev, "exit");
		put(o, "code", json_object_new_int(WEXITSTATUS(ev->status)));
		return o;
	}
	o = event_head(ev, "killed");
	put_str(o, "signal",
		decode_signame(WTERMSIG(ev->status), name, sizeof(name)));
	put(o, "core_dumped",
	    json_object_new_boolean(WCOREDUMP(ev->status) != 0));
	return o;
}

static struct json_object *signal_json(const struct out_event *ev)
{
	struct json_object *o = event_head(ev, "signal");
	struct strbuf sb;
	char name[16];

	put_str(o, "signal", decode_signame(ev->sig, name, sizeof(name)));
	put(o, "stopped", json_object_new_boolean(ev->stopped));
	if (ev->si) {
		strbuf_init(&sb);
		decode_siginfo(&sb, ev->si);
		put(o, "siginfo", outjson_bytes(sb.buf ? sb.buf : "", sb.len));
		strbuf_release(&sb);
	}
	return o;
}

struct json_object *outjson_event(const struct out_event *ev)
{
	struct json_object *o = NULL;

	switch (ev->kind) {
	case OUT_CALL:
		o = event_head(ev, "call");
		call_fields(o, ev);
		break;
	case OUT_SIGNAL:
		o = signal_json(ev);
		break;
	case OUT_EXIT:
		o = exit_json(ev);
		break;
	case OUT_CLONE:
		o = event_head(ev, "clone");
		put(o, "child", json_object_new_int(ev->other));
		break;
	case OUT_EXEC:
		o = event_head(ev, "exec");
		put(o, "former_tid", json_object_new_int(ev->other));
		break;
	case OUT_REPORT:
		o = event_head(ev, "report");
		put_str(o, "source", ev->source);
		put_str(o, "text", ev->text);
		break;
	}
	return o;
}

static int stream_error(FILE *fp)
{
	if (fflush(fp) == EOF || ferror(fp))
		return -(errno ? errno : EIO);
	return 0;
}

static void json_event(struct out_sink *s, const struct out_event *ev)
{
	struct json_object *o = outjson_event(ev);

	if (!o)
		return;
	fputs(json_object_to_json_string_ext(
		  o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE),
	      s->fp);
	fputc('\n', s->fp);
	/* As the text sink: each line at once, to follow it live. */
	fflush(s->fp);
	json_object_put(o);
}

static int json_flush(struct out_sink *s)
{
	return stream_error(s->fp);
}

static const struct out_sink_ops json_ops = {
	.event = json_event,
	.finish = json_flush,
	.flush = json_flush,
};

struct out_sink *output_json_new(FILE *fp)
{
	struct out_sink *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->ops = &json_ops;
	s->fp = fp;
	return s;
}

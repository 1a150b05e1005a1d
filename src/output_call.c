// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * syswarden - one traced call as the structured outputs see it, and the
 * list of sinks they are handed to.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "decode.h"
#include "output.h"
#include "tracemem.h"

void output_now(int64_t *real, int64_t *mono)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	*real = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	*mono = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* How many bytes of buffer argument @i the call holds, or -1 when that
 * is not known (an output buffer before the call returned). */
static int64_t buffer_len(const struct out_call *c, unsigned int i,
			  bool exiting)
{
	const struct sw_arg *a = &c->sys.sc->args[i];

	if (a->flags & SW_ARGF_OUT)
		return exiting && c->sys.ret >= 0 ? c->sys.ret : -1;
	if (a->len_arg >= 0 && a->len_arg < c->sys.sc->nargs)
		return (int64_t)c->args[a->len_arg].raw;
	return -1;
}

/* Keeps the bytes a string or buffer argument points at, as many as the
 * text trace would show (a string: up to PATH_MAX or -s, whichever is
 * more). */
static void read_bytes(struct out_call *c, const struct decode_ctx *ctx,
		       unsigned int i, bool exiting)
{
	const struct sw_arg *a = &c->sys.sc->args[i];
	struct out_arg *oa = &c->args[i];
	size_t max = ctx->string_limit;
	bool complete = true;
	int64_t len = -1;
	ssize_t n = -EINVAL;
	char *buf;

	if (a->cls == SW_ARG_STRING && max < PATH_MAX)
		max = PATH_MAX;
	if (a->cls == SW_ARG_BUFFER) {
		len = buffer_len(c, i, exiting);
		if (len < 0)
			return;
		if ((uint64_t)len < max)
			max = (size_t)len;
	} else if (a->cls != SW_ARG_STRING) {
		return;
	}
	if (!oa->raw)
		return;
	buf = malloc(max + 1);
	if (!buf)
		return;
	if (a->cls == SW_ARG_STRING)
		n = tracemem_read_str(ctx->tid, oa->raw, buf, max, &complete);
	else if (max)
		n = tracemem_read_all(ctx->tid, oa->raw, buf, max);
	else
		n = 0;
	if (n >= 0) {
		oa->has_bytes = true;
		oa->bytes = c->data.len;
		oa->bytes_len = (size_t)n;
		oa->bytes_cut =
		    a->cls == SW_ARG_STRING ? !complete : (uint64_t)len > max;
		strbuf_add(&c->data, buf, (size_t)n);
	}
	free(buf);
}

static void decode_one(struct out_call *c, const struct decode_ctx *ctx,
		       unsigned int i, bool exiting)
{
	struct out_arg *oa = &c->args[i];
	size_t at = c->data.len;

	decode_arg_text(ctx, &c->sys, i, exiting, &c->data);
	oa->text = at;
	oa->text_len = c->data.len - at;
	oa->decoded = true;
	read_bytes(c, ctx, i, exiting);
}

/* Decodes the arguments of @c known at entry (@exiting false) or those
 * left for the exit. */
static void decode_args(struct out_call *c, const struct decode_ctx *ctx,
			bool exiting)
{
	unsigned int i;

	for (i = 0; i < c->nargs; i++)
		if (!c->args[i].decoded &&
		    (exiting || !decode_arg_at_exit(&c->sys, i)))
			decode_one(c, ctx, i, exiting);
}

struct out_call *out_call_begin(const struct decode_ctx *ctx,
				const struct sw_tracee *t)
{
	struct out_call *c = calloc(1, sizeof(*c));
	bool is_signed, wide;
	unsigned int i;

	if (!c)
		return NULL;
	output_now(&c->t0_real, &c->t0_mono);
	c->sys = t->sys;
	strbuf_init(&c->data);
	c->nargs = c->sys.sc ? c->sys.sc->nargs : 0;
	for (i = 0; i < c->nargs && i < ARRAY_SIZE(c->args); i++) {
		c->args[i].name = c->sys.sc->args[i].name;
		c->args[i].raw = decode_arg_scalar(&c->sys, &c->sys.sc->args[i],
						   &is_signed, &wide);
		c->args[i].is_signed = is_signed;
	}
	c->nargs = i;
	decode_args(c, ctx, false);
	return c;
}

void out_call_end(struct out_call *c, const struct decode_ctx *ctx,
		  const struct sw_tracee *t, bool returned, bool is_error)
{
	int64_t real, mono;

	output_now(&real, &mono);
	c->dur = mono - c->t0_mono;
	c->returned = returned;
	c->injected = t->flags & TF_INJECTED;
	if (!returned)
		return;
	c->sys.ret = t->sys.ret;
	c->is_error = is_error;
	decode_args(c, ctx, true);
	c->ret_text = c->data.len;
	decode_result_text(ctx, &c->sys, is_error, &c->data);
	c->ret_text_len = c->data.len - c->ret_text;
}

void out_call_free(struct out_call *c)
{
	if (!c)
		return;
	strbuf_release(&c->data);
	free(c);
}

void output_sinks_event(struct out_sink *s, const struct out_event *ev)
{
	for (; s; s = s->next)
		s->ops->event(s, ev);
}

int output_sinks_finish(struct out_sink *s)
{
	int r = 0, e;

	for (; s; s = s->next) {
		if (s->finished)
			continue;
		s->finished = true;
		e = s->ops->finish(s);
		if (e < 0 && !r)
			r = e;
	}
	return r;
}

int output_sinks_flush(struct out_sink *s)
{
	int r = 0, e;

	for (; s; s = s->next) {
		e = s->ops->flush(s);
		if (e < 0 && !r)
			r = e;
	}
	return r;
}

void output_sinks_free(struct out_sink *s)
{
	struct out_sink *next;

	output_sinks_finish(s);
	for (; s; s = next) {
		next = s->next;
		free(s);
	}
}

// SPDX-License-Identifier: LGPL-2.1-or-later
/* syswarden - the run's report as JSON (json-c does the escaping). */
#include "config.h"

#include <errno.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "budget_int.h"
#include "decode.h"
#include "report.h"
#include "supervisor.h"

struct report {
	struct json_object *events; /* array, in the order they happened */
	unsigned long lost; /* events left out for want of memory */
};

static struct report *report_of(struct sw_supervisor *sup)
{
	if (!sup->report) {
		sup->report = calloc(1, sizeof(*sup->report));
		if (sup->report)
			sup->report->events = json_object_new_array();
	}
	return sup->report && sup->report->events ? sup->report : NULL;
}

void report_free(struct report *rep)
{
	if (!rep)
		return;
	json_object_put(rep->events);
	free(rep);
}

/* "openat(AT_FDCWD, \"/etc/passwd\", O_RDONLY)": @t's call at entry, as
 * the trace shows it. */
static struct json_object *decoded_call(struct sw_supervisor *sup,
					struct sw_tracee *t)
{
	struct decode_ctx ctx = { .tid = t->tid,
				  .string_limit = sup->string_limit,
				  .entry_only = true };
	struct json_object *o;
	struct strbuf sb;

	strbuf_init(&sb);
	decode_entry(&ctx, t, &sb);
	strbuf_add(&sb, ")", 1);
	o = json_object_new_string(sb.buf ? sb.buf : "");
	strbuf_release(&sb);
	return o;
}

void report_note_call(struct sw_supervisor *sup, const char *kind, pid_t tid,
		      const char *rule, uint64_t count)
{
	struct report *rep = report_of(sup);
	struct sw_tracee *t = tracee_find(&sup->tracees, tid);
	struct json_object *ev = json_object_new_object();
	char name[32];

	if (!rep || !t || !ev) {
		json_object_put(ev);
		if (sup->report)
			sup->report->lost++;
		return;
	}
	json_object_object_add(ev, "kind", json_object_new_string(kind));
	json_object_object_add(ev, "pid", json_object_new_int(t->tgid));
	json_object_object_add(ev, "tid", json_object_new_int(t->tid));
	json_object_object_add(ev, "syscall",
			       json_object_new_string(decode_syscall_name(
				   &t->sys, name, sizeof(name))));
	json_object_object_add(ev, "call", decoded_call(sup, t));
	json_object_object_add(ev, "rule", json_object_new_string(rule));
	json_object_object_add(ev, "count", json_object_new_uint64(count));
	json_object_array_add(rep->events, ev);
}

static struct json_object *budgets_json(const struct budget_state *bs)
{
	struct json_object *a = json_object_new_array(), *o;
	const struct budget_rule *r;
	uint64_t use, peak;
	unsigned int i;
	size_t j;

	for (i = 0; bs && i < bs->nrules; i++) {
		r = &bs->rules[i];
		use = r->used;
		peak = 0;
		for (j = 0; r->per_thread && j < bs->nthreads; j++) {
			use += bs->threads[j].base[i];
			if (bs->threads[j].base[i] > peak)
				peak = bs->threads[j].base[i];
		}
		o = json_object_new_object();
		json_object_object_add(o, "set",
				       json_object_new_string(r->text));
		json_object_object_add(
		    o, "scope",
		    json_object_new_string(r->per_thread ? "thread" : "tree"));
		json_object_object_add(o, "limit",
				       json_object_new_uint64(r->limit));
		json_object_object_add(o, "used", json_object_new_uint64(use));
		if (r->per_thread)
			json_object_object_add(o, "most_by_one_thread",
					       json_object_new_uint64(peak));
		json_object_object_add(
		    o, "counting",
		    json_object_new_string(!r->filter	 ? "stops"
					   : r->at_stops ? "kernel, then stops"
							 : "kernel"));
		json_object_array_add(a, o);
	}
	return a;
}

/* {"openat": 3, ...}: @counts by rule, for one thread or one process. */
static struct json_object *counts_json(const struct budget_state *bs,
				       const uint64_t *counts)
{
	struct json_object *o = json_object_new_object();
	unsigned int i;

	for (i = 0; i < bs->nrules; i++)
		json_object_object_add(o, bs->rules[i].text,
				       json_object_new_uint64(counts[i]));
	return o;
}

static struct json_object *threads_json(const struct budget_state *bs)
{
	struct json_object *a = json_object_new_array(), *o;
	size_t j;

	for (j = 0; bs && j < bs->nthreads; j++) {
		o = json_object_new_object();
		json_object_object_add(o, "tid",
				       json_object_new_int(bs->threads[j].tid));
		json_object_object_add(
		    o, "pid", json_object_new_int(bs->threads[j].tgid));
		json_object_object_add(o, "calls",
				       counts_json(bs, bs->threads[j].base));
		json_object_object_add(o, "refused",
				       counts_json(bs, bs->threads[j].refused));
		json_object_array_add(a, o);
	}
	return a;
}

static struct json_object *processes_json(const struct budget_state *bs)
{
	struct json_object *a = json_object_new_array(), *o;
	uint64_t sum[BUDGET_MAX_RULES];
	size_t j, k;
	unsigned int i;

	for (j = 0; bs && j < bs->nthreads; j++) {
		for (k = 0; k < j; k++)
			if (bs->threads[k].tgid == bs->threads[j].tgid)
				break;
		if (k < j)
			continue; /* done with its first thread */
		memset(sum, 0, sizeof(sum));
		for (k = j; k < bs->nthreads; k++)
			for (i = 0; i < bs->nrules; i++)
				if (bs->threads[k].tgid == bs->threads[j].tgid)
					sum[i] += bs->threads[k].base[i];
		o = json_object_new_object();
		json_object_object_add(
		    o, "pid", json_object_new_int(bs->threads[j].tgid));
		json_object_object_add(o, "calls", counts_json(bs, sum));
		json_object_array_add(a, o);
	}
	return a;
}

SW_API int sw_write_report(struct sw_supervisor *sup, const char *path)
{
	struct json_object *root = json_object_new_object();
	struct report *rep = report_of(sup);
	const struct budget_state *bs = sup->budgets;
	const char *why;
	int r = 0;

	if (!root || !rep) {
		json_object_put(root);
		return -ENOMEM;
	}
	json_object_object_add(
	    root, "counting",
	    json_object_new_string(sw_budget_counting(sup, &why)));
	if (why && *why)
		json_object_object_add(root, "kernel_counting_unavailable",
				       json_object_new_string(why));
	json_object_object_add(root, "enforced",
			       json_object_new_boolean(sw_enforced(sup)));
	json_object_object_add(root, "budgets", budgets_json(bs));
	json_object_object_add(root, "threads", threads_json(bs));
	json_object_object_add(root, "processes", processes_json(bs));
	json_object_object_add(root, "events", json_object_get(rep->events));
	if (rep->lost)
		json_object_object_add(root, "events_lost",
				       json_object_new_uint64(rep->lost));
	if (json_object_to_file_ext(path, root,
				    JSON_C_TO_STRING_PRETTY |
					JSON_C_TO_STRING_NOSLASHESCAPE) < 0)
		r = errno ? -errno : -EIO;
	json_object_put(root);
	return r;
}

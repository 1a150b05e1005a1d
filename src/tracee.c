// SPDX-License-Identifier: LGPL-2.1-or-later
/* syswarden - the table of traced tasks, keyed by thread id. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"
#include "stack.h"
#include "tracee.h"
#include "util.h"

static unsigned int bucket_of(pid_t tid)
{
	return (unsigned int)tid % TRACEE_BUCKETS;
}

void tracee_table_init(struct tracee_table *tab)
{
	memset(tab, 0, sizeof(*tab));
}

static void tracee_free(struct sw_tracee *t)
{
	free(t->ret_hooks);
	free(t->entry_text);
	out_call_free(t->call);
	stack_trace_free(t->stack);
	free(t);
}

void tracee_table_release(struct tracee_table *tab)
{
	struct sw_tracee *t, *tmp;
	unsigned int i;

	tracee_for_each (tab, i, t, tmp)
		tracee_free(t);
	tracee_table_init(tab);
}

struct sw_tracee *tracee_find(const struct tracee_table *tab, pid_t tid)
{
	struct sw_tracee *t;

	for (t = tab->buckets[bucket_of(tid)]; t; t = t->next)
		if (t->tid == tid)
			return t;
	return NULL;
}

static void link_tracee(struct tracee_table *tab, struct sw_tracee *t)
{
	unsigned int b = bucket_of(t->tid);

	t->next = tab->buckets[b];
	tab->buckets[b] = t;
}

static void unlink_tracee(struct tracee_table *tab, struct sw_tracee *t)
{
	struct sw_tracee **pp = &tab->buckets[bucket_of(t->tid)];

	while (*pp && *pp != t)
		pp = &(*pp)->next;
	if (*pp)
		*pp = t->next;
}

struct sw_tracee *tracee_add(struct tracee_table *tab, pid_t tid, pid_t tgid)
{
	struct sw_tracee *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->tid = tid;
	t->tgid = tgid;
	t->sys.abi = SW_ABI_UNKNOWN;
	link_tracee(tab, t);
	tab->count++;
	return t;
}

void tracee_remove(struct tracee_table *tab, struct sw_tracee *t)
{
	unlink_tracee(tab, t);
	tab->count--;
	tracee_free(t);
}

int tracee_note_hook(struct sw_tracee *t, unsigned long seq)
{
	unsigned int cap = t->ret_cap ? t->ret_cap * 2 : 4;
	unsigned long *grown;

	if (t->nret == t->ret_cap) {
		grown = realloc(t->ret_hooks, cap * sizeof(*grown));
		if (!grown)
			return -ENOMEM;
		t->ret_hooks = grown;
		t->ret_cap = cap;
	}
	t->ret_hooks[t->nret++] = seq;
	return 0;
}

void tracee_rekey(struct tracee_table *tab, struct sw_tracee *t, pid_t tid)
{
	unlink_tracee(tab, t);
	t->tid = tid;
	link_tracee(tab, t);
}

struct sw_tracee *tracee_any(const struct tracee_table *tab)
{
	unsigned int i;

	for (i = 0; i < TRACEE_BUCKETS; i++)
		if (tab->buckets[i])
			return tab->buckets[i];
	return NULL;
}

pid_t tracee_read_status_id(pid_t tid, const char *field)
{
	char path[64], line[128];
	size_t n = strlen(field);
	long id = -ESRCH;
	FILE *f;

	util_fmt(path, sizeof(path), "/proc/%d/status", (int)tid);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, field, n) && line[n] == ':') {
			id = strtol(line + n + 1, NULL, 10);
			break;
		}
	fclose(f);
	return (pid_t)id;
}

bool tracee_is_dying(pid_t tid)
{
	char path[64], buf[256], *p;
	FILE *f = fopen(util_fmt(path, sizeof(path), "/proc/%d/stat", (int)tid),
			"re");
	bool dying = true;

	if (!f)
		return true;
	if (fgets(buf, sizeof(buf), f) && (p = strrchr(buf, ')')))
		dying = p[1] == ' ' && (p[2] == 'Z' || p[2] == 'X');
	fclose(f);
	return dying;
}

// SPDX-License-Identifier: LGPL-2.1-or-later
/* syswarden - the set of syscalls selected with -e trace=SET. */
#include "config.h"

#include <errno.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "traceset.h"

struct traceset {
	bool *sel[SW_ABI_COUNT]; /* by index into the ABI's table */
	bool unknown; /* numbers that no table knows */
};

static const struct {
	const char *name;
	unsigned int bits;
} classes[] = {
	{ "file", SW_CLASS_FILE },	 { "process", SW_CLASS_PROCESS },
	{ "network", SW_CLASS_NETWORK }, { "net", SW_CLASS_NETWORK },
	{ "signal", SW_CLASS_SIGNAL },	 { "desc", SW_CLASS_DESC },
	{ "memory", SW_CLASS_MEMORY },	 { "ipc", SW_CLASS_IPC },
};

/* What one element of SET matches. */
struct matcher {
	enum { M_ALL, M_NAME, M_CLASS, M_REGEX } kind;
	const char *name;
	unsigned int bits;
	regex_t re;
};

static void set_all(struct traceset *ts, bool v)
{
	unsigned int a;

	for (a = 0; a < SW_ABI_COUNT; a++) {
		const struct sw_sysent_table *tab = sw_sysent_table(a);
		size_t i;

		for (i = 0; i < tab->ncalls; i++)
			ts->sel[a][i] = v;
	}
	ts->unknown = v;
}

int traceset_new(struct traceset **out)
{
	struct traceset *ts = calloc(1, sizeof(*ts));
	unsigned int a;

	if (!ts)
		return -ENOMEM;
	for (a = 0; a < SW_ABI_COUNT; a++) {
		ts->sel[a] = calloc(sw_sysent_table(a)->ncalls, sizeof(bool));
		if (!ts->sel[a]) {
			traceset_free(ts);
			return -ENOMEM;
		}
	}
	set_all(ts, true);
	*out = ts;
	return 0;
}

void traceset_free(struct traceset *ts)
{
	unsigned int a;

	if (!ts)
		return;
	for (a = 0; a < SW_ABI_COUNT; a++)
		free(ts->sel[a]);
	free(ts);
}

static bool matches(const struct matcher *m, const struct sw_syscall *sc)
{
	switch (m->kind) {
	case M_ALL:
		return true;
	case M_NAME:
		return !strcmp(sc->name, m->name);
	case M_CLASS:
		return (sc->classes & m->bits) != 0;
	case M_REGEX:
		return regexec(&m->re, sc->name, 0, NULL, 0) == 0;
	}
	return false;
}

/* Marks what @m matches as @v. */
static void apply(struct traceset *ts, const struct matcher *m, bool v)
{
	size_t i;
	unsigned int a;

	for (a = 0; a < SW_ABI_COUNT; a++) {
		const struct sw_sysent_table *tab = sw_sysent_table(a);

		for (i = 0; i < tab->ncalls; i++)
			if (matches(m, &tab->calls[i]))
				ts->sel[a][i] = v;
	}
	if (m->kind == M_ALL)
		ts->unknown = v;
}

static bool known_name(const char *name)
{
	unsigned int a;

	for (a = 0; a < SW_ABI_COUNT; a++)
		if (sw_sysent_by_name(a, name))
			return true;
	return false;
}

static const char *closest_name(const char *name)
{
	const char *best = NULL;
	unsigned int best_d = 4, a;
	size_t i;

	for (a = 0; a < SW_ABI_COUNT; a++) {
		const struct sw_sysent_table *tab = sw_sysent_table(a);

		for (i = 0; i < tab->ncalls; i++) {
			unsigned int d =
			    util_edit_distance(name, tab->calls[i].name);

			if (d < best_d) {
				best_d = d;
				best = tab->calls[i].name;
			}
		}
	}
	return best;
}

static int parse_class(const char *word, struct matcher *m, struct strbuf *err)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(classes); i++)
		if (!strcmp(word, classes[i].name)) {
			m->kind = M_CLASS;
			m->bits = classes[i].bits;
			return 0;
		}
	strbuf_addf(err,
		    "no such class '%%%s' (known: %%file, %%process, "
		    "%%network, %%signal, %%desc, %%memory, %%ipc)",
		    word);
	return -EINVAL;
}

/* Fills @m from one element of SET; *optional is set for "?name". */
static int parse_word(const char *word, struct matcher *m, bool *optional,
		      struct strbuf *err)
{
	const char *hint;

	*optional = false;
	if (word[0] == '?') {
		*optional = true;
		word++;
	}
	if (!*word) {
		strbuf_addf(err, "empty syscall name");
		return -EINVAL;
	}
	if (!strcmp(word, "all")) {
		m->kind = M_ALL;
		return 0;
	}
	if (word[0] == '%')
		return parse_class(word + 1, m, err);
	if (word[0] == '/') {
		if (regcomp(&m->re, word + 1, REG_EXTENDED | REG_NOSUB)) {
			strbuf_addf(err, "bad regular expression '%s'",
				    word + 1);
			return -EINVAL;
		}
		m->kind = M_REGEX;
		return 0;
	}
	m->kind = M_NAME;
	m->name = sw_sysent_normalize(word);
	if (*optional || known_name(m->name))
		return 0;
	hint = closest_name(m->name);
	strbuf_addf(err, "no such syscall '%s'", word);
	if (hint)
		strbuf_addf(err, " (did you mean %s?)", hint);
	return -EINVAL;
}

int traceset_parse(struct traceset *ts, const char *set, struct strbuf *err)
{
	char *copy cleanup_free = strdup(set);
	char *word, *save = NULL, *p = copy;
	bool negate = false, optional;
	int r = 0;

	if (!copy)
		return -ENOMEM;
	if (*p == '!') {
		negate = true;
		p++;
	}
	set_all(ts, negate);
	if (!strcmp(p, "none"))
		return 0;
	if (!*p) {
		strbuf_addf(err, "empty set (use 'none' to trace nothing)");
		return -EINVAL;
	}
	for (word = strtok_r(p, ",", &save); word;
	     word = strtok_r(NULL, ",", &save)) {
		struct matcher m = { 0 };

		r = parse_word(word, &m, &optional, err);
		if (r < 0)
			break;
		apply(ts, &m, !negate);
		if (m.kind == M_REGEX)
			regfree(&m.re);
	}
	return r;
}

bool traceset_has(const struct traceset *ts, enum sw_abi abi,
		  const struct sw_syscall *sc)
{
	const struct sw_sysent_table *tab = sw_sysent_table(abi);

	if (!sc || !tab)
		return ts->unknown;
	return ts->sel[abi][sc - tab->calls];
}

bool traceset_is_all(const struct traceset *ts)
{
	unsigned int a;
	size_t i;

	if (!ts->unknown)
		return false;
	for (a = 0; a < SW_ABI_COUNT; a++)
		for (i = 0; i < sw_sysent_table(a)->ncalls; i++)
			if (!ts->sel[a][i])
				return false;
	return true;
}

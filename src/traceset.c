// SPDX-License-Identifier: LGPL-2.1-or-later
/* syswarden - the set of syscalls selected with -e trace=SET. */
#include "config.h"

#include <errno.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "classes.h"
#include "traceset.h"

struct traceset {
	bool *sel[SW_ABI_COUNT]; /* by index into the ABI's table */
	struct argcond **cond[SW_ABI_COUNT]; /* NULL: the whole syscall */
	bool unknown; /* numbers that no table knows */
};

/* What one element of SET matches. */
struct matcher {
	enum { M_ALL, M_NAME, M_CLASS, M_REGEX, M_NUMBER } kind;
	const char *name;
	unsigned int bits; /* M_CLASS: CL_* */
	unsigned long nr; /* M_NUMBER */
	regex_t re;
	unsigned int abis; /* bits of enum sw_abi it applies to */
};

#define ALL_ABIS ((1u << SW_ABI_COUNT) - 1)

static void set_all(struct traceset *ts, bool v)
{
	unsigned int a;

	for (a = 0; a < SW_ABI_COUNT; a++) {
		const struct sw_sysent_table *tab = sw_sysent_table(a);
		size_t i;

		for (i = 0; i < tab->ncalls; i++) {
			ts->sel[a][i] = v;
			argcond_free(ts->cond[a][i]);
			ts->cond[a][i] = NULL;
		}
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
		ts->cond[a] =
		    calloc(sw_sysent_table(a)->ncalls, sizeof(*ts->cond[a]));
		if (!ts->sel[a] || !ts->cond[a]) {
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
	size_t i;

	if (!ts)
		return;
	for (a = 0; a < SW_ABI_COUNT; a++) {
		for (i = 0; ts->cond[a] && i < sw_sysent_table(a)->ncalls; i++)
			argcond_free(ts->cond[a][i]);
		free(ts->cond[a]);
		free(ts->sel[a]);
	}
	free(ts);
}

static bool matches(const struct matcher *m, enum sw_abi abi,
		    const struct sw_syscall *sc)
{
	switch (m->kind) {
	case M_ALL:
		return true;
	case M_NAME:
		return !strcmp(sc->name, m->name);
	case M_NUMBER:
		return sc->nr == m->nr;
	case M_CLASS:
		return (classes_of(abi, sc) & m->bits) != 0;
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

		for (i = 0; (m->abis >> a & 1) && i < tab->ncalls; i++)
			if (matches(m, a, &tab->calls[i])) {
				ts->sel[a][i] = v;
				argcond_free(ts->cond[a][i]);
				ts->cond[a][i] = NULL;
			}
	}
	if (m->kind == M_ALL && m->abis == ALL_ABIS)
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
	m->bits = classes_by_name(word);
	if (m->bits) {
		m->kind = M_CLASS;
		return 0;
	}
	strbuf_addf(err, "no such class '%%%s' (known: %s)", word,
		    classes_known);
	return -EINVAL;
}

/* A syscall number, as strace takes it: the call of that number on every
 * ABI that has one. */
static int parse_number(const char *word, struct matcher *m, struct strbuf *err)
{
	char *end;
	unsigned int a;

	m->kind = M_NUMBER;
	m->nr = strtoul(word, &end, 10);
	if (*end || m->nr > UINT32_MAX) {
		strbuf_addf(err, "'%s' is not a syscall number", word);
		return -EINVAL;
	}
	for (a = 0; a < SW_ABI_COUNT; a++)
		if (sw_sysent_by_nr(a, (uint32_t)m->nr))
			return 0;
	strbuf_addf(err, "no syscall has number %s on any ABI", word);
	return -EINVAL;
}

/*
 * strace's personality suffix: "NAME@64" selects NAME on the 64-bit ABIs
 * only, "@32" on the 32-bit ones; syswarden has no x32.  Cuts it off
 * @word and sets m->abis.
 */
static int parse_suffix(char *word, struct matcher *m, struct strbuf *err)
{
	char *at = strrchr(word, '@');

	m->abis = ALL_ABIS;
	if (!at)
		return 0;
	if (!strcmp(at, "@64")) {
		m->abis = 1u << SW_ABI_X86_64 | 1u << SW_ABI_ARM64;
	} else if (!strcmp(at, "@32")) {
		m->abis = 1u << SW_ABI_I386 | 1u << SW_ABI_ARM;
	} else if (!strcmp(at, "@x32")) {
		m->abis = 0;
	} else if (word[0] != '/') {
		strbuf_addf(err,
			    "unknown personality '%s' (known: @64, @32, @x32)",
			    at);
		return -EINVAL;
	} else {
		return 0; /* an '@' of the regular expression */
	}
	*at = '\0';
	return 0;
}

/* glibc's regcomp copies an operand once for each repetition it must
 * spell out ("a+" is "aa*", "a{3}" is "aaa"), so nested repetitions
 * grow exponentially: "c++++...+" with 30 '+' takes gigabytes.  This
 * estimates the nodes regcomp will build, saturating at RE_NODES_MAX. */
#define RE_NODES_MAX 20000UL
#define RE_DEPTH_MAX 64

static unsigned long re_mul(unsigned long a, unsigned long b)
{
	return b && a > RE_NODES_MAX / b ? RE_NODES_MAX + 1 : a * b;
}

/* Copies "{m}", "{m,}" or "{m,n}" at *p spells out: the larger bound,
 * m + 1 when unbounded, at least 1.  Leaves *p on the '}'. */
static unsigned long re_brace_copies(const char **p)
{
	char *q;
	unsigned long m = strtoul(*p + 1, &q, 10), n = m;

	if (*q == ',')
		n = q[1] == '}' ? m + 1 : strtoul(q + 1, &q, 10);
	q = strchr(q, '}');
	if (q)
		*p = q;
	return n > m ? n : m ? m : 1;
}

static const char *re_skip_bracket(const char *p)
{
	p++;
	if (*p == '^')
		p++;
	if (*p == ']')
		p++;
	for (; *p && *p != ']'; p++)
		if (*p == '[' && (p[1] == ':' || p[1] == '.' || p[1] == '='))
			p = strchr(p + 2, ']') ? strchr(p + 2, ']') : p + 1;
	return *p ? p : p - 1;
}

static bool regex_too_big(const char *p)
{
	unsigned long sum[RE_DEPTH_MAX + 1] = { 0 }, last = 1, copies;
	int depth = 0;

	for (; *p; p++) {
		if (strchr("+{", *p)) {
			copies = *p == '+' ? 2 : re_brace_copies(&p);
			sum[depth] += re_mul(last, copies - 1);
			last = re_mul(last, copies);
		} else if (*p == '(') {
			if (++depth > RE_DEPTH_MAX)
				return true;
			sum[depth] = 0;
		} else if (*p == ')' && depth > 0) {
			last = sum[depth--] + 1;
			sum[depth] += last;
		} else if (!strchr("*?|^$", *p)) {
			p = *p == '['		 ? re_skip_bracket(p)
			    : *p == '\\' && p[1] ? p + 1
						 : p;
			last = 1;
			sum[depth]++;
		}
		if (sum[depth] > RE_NODES_MAX || last > RE_NODES_MAX)
			return true;
	}
	return false;
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
	if (word[0] >= '0' && word[0] <= '9')
		return parse_number(word, m, err);
	/* strace's bare class words, which it tries before names: "file",
	 * "process", "network", "signal", "ipc", "desc", "memory". */
	if (strcmp(word, "net") && classes_by_name(word) &&
	    classes_by_name(word) <= CL_IPC)
		return parse_class(word, m, err);
	if (word[0] == '/') {
		if (regex_too_big(word + 1)) {
			strbuf_addf(err,
				    "regular expression '%s' repeats too much "
				    "(over %lu nodes once its repetitions are "
				    "spelled out); nest fewer '+' or '{n}'",
				    word + 1, RE_NODES_MAX);
			return -EINVAL;
		}
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

/* Adds "name(condition)" on every ABI that has the syscall. */
static int apply_condition(struct traceset *ts, const char *name,
			   const char *text, const char **end,
			   struct strbuf *err, const char **errpos)
{
	const char *bare = sw_sysent_normalize(name);
	unsigned int a;
	bool found = false;
	int r;

	for (a = 0; a < SW_ABI_COUNT; a++) {
		const struct sw_syscall *sc = sw_sysent_by_name(a, bare);
		struct argcond *c = NULL, **slot;
		size_t i;

		if (!sc)
			continue;
		found = true;
		r = argcond_parse(sc->name, text, end, &c, err, errpos);
		if (r < 0)
			return r;
		i = (size_t)(sc - sw_sysent_table(a)->calls);
		slot = &ts->cond[a][i];
		if (ts->sel[a][i] && !*slot) {
			argcond_free(c); /* already selected whole */
			continue;
		}
		ts->sel[a][i] = true;
		*slot = *slot ? argcond_or(*slot, c) : c;
		if (!*slot)
			return -ENOMEM;
	}
	if (!found) {
		const char *hint = closest_name(bare);

		strbuf_addf(err, "no such syscall '%s'", name);
		if (hint)
			strbuf_addf(err, " (did you mean %s?)", hint);
		*errpos = name;
		return -EINVAL;
	}
	return 0;
}

/* The end of a "/regex" element at @p: the first ',' outside its
 * parentheses, brackets and braces, so "/^(mmap|mprotect)$" and
 * "/^a{1,2}$" stay whole. */
static char *regex_end(char *p)
{
	int depth = 0;

	for (; *p && (*p != ',' || depth > 0); p++) {
		if (strchr("([{", *p))
			depth++;
		else if (strchr(")]}", *p) && depth > 0)
			depth--;
	}
	return p;
}

/* Parses one element of SET, "word", "/regex" or "name(condition)";
 * *next is left at the element after it, and *more tells whether there
 * is one. */
static int parse_element(struct traceset *ts, char *p, char **next, bool *more,
			 bool negate, struct strbuf *err, const char **errpos)
{
	char *open, *tail;
	const char *end;
	struct matcher m = { 0 };
	bool optional;
	int r;

	while (*p == ' ')
		p++;
	if (p[p[0] == '?'] == '/')
		open = regex_end(p);
	else
		open = p + strcspn(p, ",(");
	for (tail = open; tail > p && tail[-1] == ' ';)
		*--tail = '\0';

	if (*open == '(') {
		if (negate) {
			strbuf_addf(err, "a condition cannot be used in a set "
					 "inverted with '!'");
			*errpos = open;
			return -EINVAL;
		}
		*open = '\0';
		r = apply_condition(ts, p, open + 1, &end, err, errpos);
		if (r < 0)
			return r;
		*next = (char *)end + 1; /* past ')' */
		while (**next == ' ')
			(*next)++;
		if (**next && **next != ',') {
			strbuf_addf(err, "expected ',' after the condition");
			*errpos = *next;
			return -EINVAL;
		}
		*more = **next == ',';
		if (*more)
			(*next)++;
		return 0;
	}
	*more = *open == ',';
	*next = *more ? open + 1 : open;
	*open = '\0';
	r = parse_suffix(p + (p[0] == '?'), &m, err);
	if (r == 0)
		r = parse_word(p, &m, &optional, err);
	if (r < 0) {
		*errpos = p;
		return r;
	}
	apply(ts, &m, !negate);
	if (m.kind == M_REGEX)
		regfree(&m.re);
	return 0;
}

/* Appends the set and a caret under byte @col of it. */
static void point_at(struct strbuf *err, const char *set, size_t col)
{
	strbuf_addf(err, "\n  %s\n  %*s^", set, (int)col, "");
}

int traceset_parse(struct traceset *ts, const char *set, struct strbuf *err)
{
	char *copy cleanup_free = strdup(set);
	char *p = copy, *next;
	const char *errpos = NULL;
	bool negate = false, more;
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
	/* A trailing ',' leaves an empty element, which parse_word()
	 * refuses like any other. */
	do {
		r = parse_element(ts, p, &next, &more, negate, err, &errpos);
		p = next;
	} while (r == 0 && more);
	if (r == -EINVAL && errpos && strpbrk(set, "("))
		point_at(err, set, (size_t)(errpos - copy));
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

bool traceset_match(const struct traceset *ts, const struct sw_event *ev,
		    pid_t tid)
{
	const struct argcond *c;

	if (!traceset_has(ts, ev->abi, ev->sc))
		return false;
	c = traceset_cond(ts, ev->abi, ev->sc);
	return !c || argcond_eval(c, ev, tid);
}

const struct argcond *traceset_cond(const struct traceset *ts, enum sw_abi abi,
				    const struct sw_syscall *sc)
{
	const struct sw_sysent_table *tab = sw_sysent_table(abi);

	if (!sc || !tab)
		return NULL;
	return ts->cond[abi][sc - tab->calls];
}

bool traceset_has_conditions(const struct traceset *ts)
{
	unsigned int a;
	size_t i;

	for (a = 0; a < SW_ABI_COUNT; a++)
		for (i = 0; i < sw_sysent_table(a)->ncalls; i++)
			if (ts->cond[a][i])
				return true;
	return false;
}

bool traceset_is_all(const struct traceset *ts)
{
	unsigned int a;
	size_t i;

	if (!ts->unknown)
		return false;
	for (a = 0; a < SW_ABI_COUNT; a++)
		for (i = 0; i < sw_sysent_table(a)->ncalls; i++)
			if (!ts->sel[a][i] || ts->cond[a][i])
				return false;
	return true;
}

void traceset_reset(struct traceset *ts, bool all)
{
	set_all(ts, all);
}

void traceset_drop_abi(struct traceset *ts, enum sw_abi abi)
{
	const struct sw_sysent_table *tab = sw_sysent_table(abi);
	size_t i;

	for (i = 0; tab && i < tab->ncalls; i++) {
		ts->sel[abi][i] = false;
		argcond_free(ts->cond[abi][i]);
		ts->cond[abi][i] = NULL;
	}
}

void traceset_set_unknown(struct traceset *ts, bool on)
{
	ts->unknown = on;
}

/* ORs @c (not owned) into slot @i of ABI @a; NULL selects it whole. */
static int or_slot(struct traceset *ts, unsigned int a, size_t i,
		   const struct argcond *c)
{
	struct argcond **slot = &ts->cond[a][i], *copy;

	if (ts->sel[a][i] && !*slot)
		return 0; /* whole already */
	if (!c) {
		argcond_free(*slot);
		*slot = NULL;
		ts->sel[a][i] = true;
		return 0;
	}
	copy = argcond_clone(c);
	if (!copy)
		return -ENOMEM;
	if (*slot)
		copy = argcond_or(*slot, copy); /* frees both on failure */
	*slot = copy;
	ts->sel[a][i] = copy != NULL;
	return copy ? 0 : -ENOMEM;
}

int traceset_merge(struct traceset *dst, const struct traceset *src)
{
	unsigned int a;
	size_t i;
	int r = 0;

	for (a = 0; a < SW_ABI_COUNT; a++)
		for (i = 0; r == 0 && i < sw_sysent_table(a)->ncalls; i++)
			if (src->sel[a][i])
				r = or_slot(dst, a, i, src->cond[a][i]);
	dst->unknown |= src->unknown;
	return r;
}

int traceset_and_cond(struct traceset *ts, const struct argcond *c)
{
	struct argcond *copy;
	unsigned int a;
	size_t i;

	for (a = 0; c && a < SW_ABI_COUNT; a++)
		for (i = 0; i < sw_sysent_table(a)->ncalls; i++) {
			if (!ts->sel[a][i])
				continue;
			copy = argcond_clone(c);
			if (!copy)
				return -ENOMEM;
			if (ts->cond[a][i])
				copy = argcond_and(ts->cond[a][i], copy);
			ts->cond[a][i] = copy;
			ts->sel[a][i] = copy != NULL;
			if (!copy)
				return -ENOMEM;
		}
	return 0;
}

const char *traceset_uncovered(const struct traceset *big,
			       const struct traceset *small)
{
	unsigned int a;
	size_t i;

	for (a = 0; a < SW_ABI_COUNT; a++)
		for (i = 0; i < sw_sysent_table(a)->ncalls; i++)
			if (small->sel[a][i] &&
			    (!big->sel[a][i] || big->cond[a][i]))
				return sw_sysent_table(a)->calls[i].name;
	return NULL;
}

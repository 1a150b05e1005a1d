// SPDX-License-Identifier: LGPL-2.1-or-later
/* syswarden - conditions on syscall arguments (see argcond.h). */
#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "argcond.h"
#include "decode.h"
#include "decode/xlat.h"
#include "tracemem.h"

/*
 * Literal operators in negation pairs: op ^ 1 is the negation.  "a & m"
 * is true when any bit of m is set in a, as in C; "!(a & m)" when none.
 */
enum lit_op {
	L_EQ,
	L_NE, /* a == v, a != v */
	L_LT,
	L_GE, /* a < v, a >= v */
	L_LE,
	L_GT, /* a <= v, a > v */
	L_IN,
	L_OUT, /* v <= a <= w, and not */
	L_MANY,
	L_MNONE, /* (a & w) != 0, (a & w) == 0 */
	L_MEQ,
	L_MNE, /* (a & w) == v, (a & w) != v */
	L_SEQ,
	L_SNE, /* string at a equals str, and not */
};

struct argcond {
	enum { C_AND, C_OR, C_NOT, C_LIT } kind;
	struct argcond *l, *r;
	char arg[32];
	enum lit_op op;
	/* The values compared, per ABI: a constant by name has the value
	 * of the tracee's ABI (O_DIRECTORY differs on arm). */
	uint64_t v[SW_ABI_COUNT], w[SW_ABI_COUNT];
	char *str;
};

/* Bounds that keep the recursive parser, evaluator and compiler within
 * a small stack: nesting ( ! and parenthesised values), and comparisons
 * (a chain of && or || is a tree as deep as it is long). */
#define MAX_DEPTH 64
#define MAX_COMPARES 256

struct parser {
	const char *name; /* the syscall */
	const char *p;
	struct strbuf *err;
	const char **errpos;
	unsigned int depth, compares;
};

void argcond_free(struct argcond *c)
{
	if (!c)
		return;
	argcond_free(c->l);
	argcond_free(c->r);
	free(c->str);
	free(c);
}

static int fail(struct parser *ps, const char *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(struct parser *ps, const char *at, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(ps->err, fmt, ap);
	va_end(ap);
	*ps->errpos = at;
	return -EINVAL;
}

/* Enters one level of nesting at @at; -EINVAL past MAX_DEPTH. */
static int nest(struct parser *ps, const char *at)
{
	if (++ps->depth <= MAX_DEPTH)
		return 0;
	return fail(ps, at, "nested deeper than %d levels: write it flatter",
		    MAX_DEPTH);
}

static void skip_space(struct parser *ps)
{
	while (isspace((unsigned char)*ps->p))
		ps->p++;
}

static bool eat(struct parser *ps, const char *tok)
{
	size_t n = strlen(tok);

	skip_space(ps);
	if (strncmp(ps->p, tok, n))
		return false;
	ps->p += n;
	return true;
}

static size_t ident_len(const char *s)
{
	size_t n = 0;

	while (isalnum((unsigned char)s[n]) || s[n] == '_')
		n++;
	return isalpha((unsigned char)s[0]) || s[0] == '_' ? n : 0;
}

/* The argument @arg of @name on any ABI; *best gets the closest name. */
static bool known_arg(const char *name, const char *arg, const char **best)
{
	unsigned int a, i, best_d = 3;

	*best = NULL;
	for (a = 0; a < SW_ABI_COUNT; a++) {
		const struct sw_syscall *sc = sw_sysent_by_name(a, name);

		for (i = 0; sc && i < sc->nargs; i++) {
			unsigned int d;

			if (!strcmp(sc->args[i].name, arg))
				return true;
			d = util_edit_distance(arg, sc->args[i].name);
			if (d < best_d) {
				best_d = d;
				*best = sc->args[i].name;
			}
		}
	}
	return false;
}

/* A constant's value on each ABI (0 on one that lacks it, as arm lacks
 * ARCH_SET_FS); false when no ABI has it. */
static bool constant_value(const char *word, uint64_t *v, const char **best)
{
	unsigned int abi, found = 0;
	char buf[16];
	int sig;

	for (abi = 0; abi < SW_ABI_COUNT; abi++) {
		v[abi] = 0;
		found += xlat_lookup(abi, word, &v[abi]) == 0;
	}
	if (found)
		return true;
	for (sig = 32; sig < 65; sig++)
		if (!strcmp(word, decode_signame(sig, buf, sizeof(buf)))) {
			for (abi = 0; abi < SW_ABI_COUNT; abi++)
				v[abi] = (uint64_t)sig;
			return true;
		}
	*best = xlat_nearest(SW_ABI_X86_64, word, 3);
	return false;
}

static int parse_value(struct parser *ps, uint64_t *v);

/* term := '-'? number | constant | '(' value ')' */
static int parse_term(struct parser *ps, uint64_t *v)
{
	const char *start, *best = NULL;
	bool neg;
	char word[48], *end;
	uint64_t num;
	unsigned int abi;
	size_t n;

	skip_space(ps);
	start = ps->p;
	if (*ps->p == '(') {
		ps->p++;
		if (nest(ps, start) < 0 || parse_value(ps, v) < 0)
			return -EINVAL;
		if (!eat(ps, ")"))
			return fail(ps, start, "this '(' is not closed");
		ps->depth--;
		return 0;
	}
	neg = *ps->p == '-';
	if (neg)
		ps->p++;
	if (isdigit((unsigned char)*ps->p)) {
		errno = 0;
		num = strtoull(ps->p, &end, 0);
		if (errno)
			return fail(ps, start, "number out of range");
		ps->p = end;
		for (abi = 0; abi < SW_ABI_COUNT; abi++)
			v[abi] = neg ? -num : num;
		return 0;
	}
	n = ident_len(ps->p);
	if (neg || !n || n >= sizeof(word))
		return fail(ps, start, "expected a number or a constant");
	memcpy(word, ps->p, n);
	word[n] = '\0';
	if (!constant_value(word, v, &best)) {
		fail(ps, start, "unknown constant '%s'", word);
		if (best)
			strbuf_addf(ps->err, " (did you mean %s?)", best);
		return -EINVAL;
	}
	ps->p += n;
	return 0;
}

/* value := term ('|' term)*, with @v one value per ABI */
static int parse_value(struct parser *ps, uint64_t *v)
{
	uint64_t t[SW_ABI_COUNT];
	unsigned int abi;
	int r = parse_term(ps, v);

	for (;;) {
		skip_space(ps);
		if (r < 0 || ps->p[0] != '|' || ps->p[1] == '|')
			return r;
		ps->p++;
		r = parse_term(ps, t);
		for (abi = 0; abi < SW_ABI_COUNT; abi++)
			v[abi] |= t[abi];
	}
}

static int parse_string(struct parser *ps, struct argcond *c)
{
	const char *start;

	skip_space(ps);
	start = ++ps->p;
	while (*ps->p && *ps->p != '"')
		ps->p++;
	if (!*ps->p)
		return fail(ps, start - 1, "unterminated string");
	c->str = strndup(start, (size_t)(ps->p - start));
	ps->p++;
	return c->str ? 0 : -ENOMEM;
}

static const struct {
	const char *tok;
	enum lit_op op;
} compare_ops[] = {
	{ "==", L_EQ }, { "!=", L_NE }, { "<=", L_LE },
	{ ">=", L_GE }, { "<", L_LT },	{ ">", L_GT },
};

/* cmp := ARG op value | ARG in value..value | ARG & value [==|!= value] */
static int parse_compare(struct parser *ps, struct argcond *c)
{
	const char *start, *best;
	size_t n, i;

	skip_space(ps);
	start = ps->p;
	n = ident_len(ps->p);
	if (!n || n >= sizeof(c->arg))
		return fail(ps, start, "expected an argument name of %s",
			    ps->name);
	memcpy(c->arg, ps->p, n);
	c->arg[n] = '\0';
	if (!known_arg(ps->name, c->arg, &best)) {
		fail(ps, start, "no argument '%s' of %s", c->arg, ps->name);
		if (best)
			strbuf_addf(ps->err, " (did you mean %s?)", best);
		return -EINVAL;
	}
	ps->p += n;
	c->kind = C_LIT;
	if (eat(ps, "in ")) {
		c->op = L_IN;
		if (parse_value(ps, c->v) < 0)
			return -EINVAL;
		if (!eat(ps, ".."))
			return fail(ps, ps->p, "expected '..' in a range");
		return parse_value(ps, c->w);
	}
	skip_space(ps);
	if (ps->p[0] == '&' && ps->p[1] != '&') {
		ps->p++;
		c->op = L_MANY;
		if (parse_value(ps, c->w) < 0)
			return -EINVAL;
		if (eat(ps, "=="))
			c->op = L_MEQ;
		else if (eat(ps, "!="))
			c->op = L_MNE;
		else
			return 0;
		return parse_value(ps, c->v);
	}
	for (i = 0; i < ARRAY_SIZE(compare_ops); i++)
		if (eat(ps, compare_ops[i].tok)) {
			c->op = compare_ops[i].op;
			skip_space(ps);
			if (*ps->p != '"')
				return parse_value(ps, c->v);
			if (c->op != L_EQ && c->op != L_NE)
				return fail(ps, ps->p,
					    "a string compares with == or !=");
			c->op = c->op == L_EQ ? L_SEQ : L_SNE;
			return parse_string(ps, c);
		}
	return fail(ps, ps->p,
		    "expected ==, !=, <, <=, >, >=, in or & "
		    "after '%s'",
		    c->arg);
}

static int parse_or(struct parser *ps, struct argcond **out);

static struct argcond *node(int kind, struct argcond *l, struct argcond *r)
{
	struct argcond *c = calloc(1, sizeof(*c));

	if (c) {
		c->kind = kind;
		c->l = l;
		c->r = r;
	}
	return c;
}

static struct argcond *join(int kind, struct argcond *a, struct argcond *b)
{
	struct argcond *c = node(kind, a, b);

	if (!c) {
		argcond_free(a);
		argcond_free(b);
	}
	return c;
}

struct argcond *argcond_or(struct argcond *a, struct argcond *b)
{
	return join(C_OR, a, b);
}

struct argcond *argcond_and(struct argcond *a, struct argcond *b)
{
	return join(C_AND, a, b);
}

struct argcond *argcond_clone(const struct argcond *c)
{
	struct argcond *n;

	if (!c)
		return NULL;
	n = malloc(sizeof(*n));
	if (!n)
		return NULL;
	*n = *c;
	n->l = argcond_clone(c->l);
	n->r = argcond_clone(c->r);
	n->str = c->str ? strdup(c->str) : NULL;
	if ((c->l && !n->l) || (c->r && !n->r) || (c->str && !n->str)) {
		argcond_free(n);
		return NULL;
	}
	return n;
}

int argcond_from_filter(unsigned int reg, const struct sw_value_filter *f,
			struct argcond **out)
{
	static const struct {
		enum sw_filter_op op;
		enum lit_op lit;
	} map[] = {
		{ SW_FILTER_EXACT, L_EQ },
		{ SW_FILTER_NOT_EQUAL, L_NE },
		{ SW_FILTER_GREATER, L_GT },
		{ SW_FILTER_GREATER_EQUAL, L_GE },
		{ SW_FILTER_LESS, L_LT },
		{ SW_FILTER_LESS_EQUAL, L_LE },
		{ SW_FILTER_RANGE, L_IN },
		{ SW_FILTER_BITMASK_SET, L_MEQ },
		{ SW_FILTER_BITMASK_CLEAR, L_MNONE },
	};
	struct argcond *c;
	size_t i;

	*out = NULL;
	for (i = 0; i < ARRAY_SIZE(map) && map[i].op != f->op; i++)
		;
	if (i == ARRAY_SIZE(map))
		return 0; /* SUCCESS/ERROR, ANY: nothing BPF needs */
	c = node(C_LIT, NULL, NULL);
	if (!c)
		return -ENOMEM;
	util_fmt(c->arg, sizeof(c->arg), "#%u", reg);
	c->op = map[i].lit;
	for (i = 0; i < SW_ABI_COUNT; i++) {
		c->v[i] = f->value;
		c->w[i] = f->op == SW_FILTER_RANGE ? f->max : f->value;
	}
	*out = c;
	return 0;
}

/* unary := '!' unary | '(' or ')' | cmp */
static int parse_unary(struct parser *ps, struct argcond **out)
{
	struct argcond *c = NULL;
	const char *open;
	int r;

	skip_space(ps);
	open = ps->p;
	if (eat(ps, "!")) {
		r = nest(ps, open);
		if (r == 0)
			r = parse_unary(ps, &c);
		if (r == 0 && !(*out = node(C_NOT, c, NULL)))
			r = -ENOMEM;
		if (r < 0)
			argcond_free(c);
		ps->depth--;
		return r;
	}
	if (eat(ps, "(")) {
		r = nest(ps, open);
		if (r == 0)
			r = parse_or(ps, &c);
		if (r == 0 && !eat(ps, ")"))
			r = fail(ps, open, "this '(' is not closed");
		if (r < 0)
			argcond_free(c);
		else
			*out = c;
		ps->depth--;
		return r;
	}
	if (++ps->compares > MAX_COMPARES)
		return fail(ps, open,
			    "more than %d comparisons in one condition",
			    MAX_COMPARES);
	c = node(C_LIT, NULL, NULL);
	if (!c)
		return -ENOMEM;
	r = parse_compare(ps, c);
	if (r < 0) {
		argcond_free(c);
		return r;
	}
	*out = c;
	return 0;
}

static int parse_binary(struct parser *ps, struct argcond **out,
			const char *tok, int kind,
			int (*sub)(struct parser *, struct argcond **))
{
	struct argcond *l = NULL, *r = NULL, *n;
	int rc = sub(ps, &l);

	while (rc == 0 && eat(ps, tok)) {
		rc = sub(ps, &r);
		if (rc < 0)
			break;
		n = node(kind, l, r);
		if (!n) {
			argcond_free(r);
			rc = -ENOMEM;
			break;
		}
		l = n;
	}
	if (rc < 0) {
		argcond_free(l);
		return rc;
	}
	*out = l;
	return 0;
}

static int parse_and(struct parser *ps, struct argcond **out)
{
	return parse_binary(ps, out, "&&", C_AND, parse_unary);
}

static int parse_or(struct parser *ps, struct argcond **out)
{
	return parse_binary(ps, out, "||", C_OR, parse_and);
}

int argcond_parse(const char *name, const char *text, const char **end,
		  struct argcond **out, struct strbuf *err, const char **errpos)
{
	struct parser ps = {
		.name = name, .p = text, .err = err, .errpos = errpos
	};
	struct argcond *c = NULL;
	int r = parse_or(&ps, &c);

	skip_space(&ps);
	if (r == 0 && *ps.p != ')')
		r = fail(&ps, ps.p, "expected &&, || or ')'");
	if (r < 0) {
		argcond_free(c);
		return r;
	}
	*end = ps.p;
	*out = c;
	return 0;
}

/* The argument called @name, or in register slot N for "#N". */
static const struct sw_arg *find_arg(const struct sw_syscall *sc,
				     const char *name)
{
	unsigned int i, reg = name[0] == '#' ? (unsigned int)atoi(name + 1) : 0;

	for (i = 0; sc && i < sc->nargs; i++)
		if (name[0] == '#' ? sc->args[i].reg == reg
				   : !strcmp(sc->args[i].name, name))
			return &sc->args[i];
	return NULL;
}

static bool less(uint64_t a, uint64_t b, bool is_signed)
{
	return is_signed ? (int64_t)a < (int64_t)b : a < b;
}

static bool eval_string(const struct argcond *c, uint64_t addr, pid_t tid)
{
	size_t n = strlen(c->str);
	char buf[n + 2];
	bool complete;
	ssize_t got = tracemem_read_str(tid, addr, buf, n + 1, &complete);
	bool same = got == (ssize_t)n && complete && !memcmp(buf, c->str, n);

	return c->op == L_SEQ ? same : !same;
}

static bool eval_lit(const struct argcond *c, const struct sw_event *ev,
		     pid_t tid)
{
	const struct sw_arg *a = find_arg(ev->sc, c->arg);
	bool sgn, wide;
	uint64_t v, k, w;
	bool res;

	if (!a)
		return false; /* the argument exists on another ABI only */
	v = decode_arg_scalar(ev, a, &sgn, &wide);
	/* The constants at the argument's type too, as BPF compares. */
	if ((unsigned int)ev->abi >= SW_ABI_COUNT)
		return false;
	k = decode_at_width(c->v[ev->abi], sgn, wide);
	w = decode_at_width(c->w[ev->abi], sgn, wide);
	switch (c->op & ~1u) {
	case L_EQ:
		res = v == k;
		break;
	case L_LT:
		res = less(v, k, sgn);
		break;
	case L_LE:
		res = !less(k, v, sgn);
		break;
	case L_IN:
		res = !less(v, k, sgn) && !less(w, v, sgn);
		break;
	case L_MANY:
		res = (v & w) != 0;
		break;
	case L_MEQ:
		res = (v & w) == k;
		break;
	default:
		return eval_string(c, v, tid);
	}
	/* The odd member of each pair is the negation. */
	return (c->op & 1u) ? !res : res;
}

bool argcond_eval(const struct argcond *c, const struct sw_event *ev, pid_t tid)
{
	switch (c->kind) {
	case C_AND:
		return argcond_eval(c->l, ev, tid) &&
		       argcond_eval(c->r, ev, tid);
	case C_OR:
		return argcond_eval(c->l, ev, tid) ||
		       argcond_eval(c->r, ev, tid);
	case C_NOT:
		return !argcond_eval(c->l, ev, tid);
	case C_LIT:
		return eval_lit(c, ev, tid);
	}
	return false;
}

/*
 * Compiling: the filter traces by default, so what it needs are the
 * ALLOW rules for "not c".  That is brought to disjunctive normal form;
 * each literal becomes alternatives that BPF compares exactly, or none
 * when it cannot (the clause is then left out: traced).
 */
#define MAX_CLAUSES 64
#define MAX_LITS 6
#define MAX_RULES 128

struct lit {
	const struct argcond *c;
	bool neg;
};

struct clause {
	struct lit lits[MAX_LITS];
	unsigned int n;
};

struct dnf {
	struct clause cl[MAX_CLAUSES];
	unsigned int n;
	bool overflow;
};

static void dnf_of(const struct argcond *c, bool neg, struct dnf *out);

static void dnf_and(const struct dnf *a, const struct dnf *b, struct dnf *out)
{
	unsigned int i, j, k;

	out->n = 0;
	out->overflow = a->overflow || b->overflow;
	for (i = 0; i < a->n && !out->overflow; i++)
		for (j = 0; j < b->n; j++) {
			struct clause *c = &out->cl[out->n];

			if (out->n == MAX_CLAUSES ||
			    a->cl[i].n + b->cl[j].n > MAX_LITS) {
				out->overflow = true;
				break;
			}
			*c = a->cl[i];
			for (k = 0; k < b->cl[j].n; k++)
				c->lits[c->n++] = b->cl[j].lits[k];
			out->n++;
		}
}

static void dnf_or(const struct dnf *a, const struct dnf *b, struct dnf *out)
{
	unsigned int i;

	*out = *a;
	out->overflow = a->overflow || b->overflow;
	for (i = 0; i < b->n && !out->overflow; i++) {
		if (out->n == MAX_CLAUSES) {
			out->overflow = true;
			break;
		}
		out->cl[out->n++] = b->cl[i];
	}
}

static void dnf_of(const struct argcond *c, bool neg, struct dnf *out)
{
	struct dnf *a, *b;

	if (c->kind == C_LIT) {
		out->n = 1;
		out->overflow = false;
		out->cl[0].n = 1;
		out->cl[0].lits[0] = (struct lit){ c, neg };
		return;
	}
	if (c->kind == C_NOT) {
		dnf_of(c->l, !neg, out);
		return;
	}
	a = malloc(sizeof(*a));
	b = malloc(sizeof(*b));
	if (!a || !b) {
		out->overflow = true;
	} else {
		dnf_of(c->l, neg, a);
		dnf_of(c->r, neg, b);
		/* De Morgan: a negated AND is an OR, and the other way. */
		if ((c->kind == C_AND) != neg)
			dnf_and(a, b, out);
		else
			dnf_or(a, b, out);
	}
	free(a);
	free(b);
}

/* The ABI whose table @sc is in. */
static enum sw_abi abi_of(const struct sw_syscall *sc)
{
	unsigned int abi;

	for (abi = 0; abi < SW_ABI_COUNT; abi++) {
		const struct sw_sysent_table *t = sw_sysent_table(abi);

		if (sc >= t->calls && sc < t->calls + t->ncalls)
			return abi;
	}
	return SW_ABI_X86_64;
}

/* lit_alternatives() of a literal that always holds. */
#define ALWAYS 64u

/* The alternatives (ORed) that compare literal @l exactly, 0 when BPF
 * cannot (or the literal never holds), or ALWAYS. */
static unsigned int lit_alternatives(const struct lit *l,
				     const struct sw_syscall *sc,
				     unsigned int wordsize,
				     struct scmp_arg_cmp *alt)
{
	const struct sw_arg *a = find_arg(sc, l->c->arg);
	enum lit_op op = l->neg ? l->c->op ^ 1u : l->c->op;
	enum sw_abi abi = abi_of(sc);
	uint64_t v = l->c->v[abi], w = l->c->w[abi];
	bool wide, unsgn;
	unsigned int n = 0, reg, bit;

	if (!a || a->cls == SW_ARG_PAIR64 || a->cls == SW_ARG_STRING)
		return 0;
	reg = a->reg;
	wide = decode_arg_is_wide(a, wordsize);
	unsgn = a->cls != SW_ARG_SIGNED && a->cls != SW_ARG_FD;
	if (!wide) {
		/* Only the low 32 bits count: masks keep to them. */
		v &= 0xffffffffu;
		w &= 0xffffffffu;
	}
	switch (op) {
	case L_EQ:
		alt[n++] =
		    wide ? SCMP_CMP64(reg, SCMP_CMP_EQ, v)
			 : SCMP_CMP64(reg, SCMP_CMP_MASKED_EQ, 0xffffffffu, v);
		break;
	case L_NE:
		if (wide) {
			alt[n++] = SCMP_CMP64(reg, SCMP_CMP_NE, v);
			break;
		}
		/* The kernel truncates a 32-bit argument, so only the low
		 * half may differ: one alternative per bit, each exact. */
		for (bit = 0; bit < 32; bit++) {
			uint64_t b = (uint64_t)1 << bit;

			alt[n++] =
			    SCMP_CMP64(reg, SCMP_CMP_MASKED_EQ, b, ~v & b);
		}
		break;
	case L_LT:
	case L_LE:
	case L_GT:
	case L_GE:
		if (!wide || !unsgn)
			return 0;
		alt[n++] = SCMP_CMP64(reg,
				      op == L_LT   ? SCMP_CMP_LT
				      : op == L_LE ? SCMP_CMP_LE
				      : op == L_GT ? SCMP_CMP_GT
						   : SCMP_CMP_GE,
				      v);
		break;
	case L_OUT:
		/* libseccomp 2.5.4 compiles "a < v || a > w" wrong when v
		 * and w differ in their upper halves (two ordering rules on
		 * one 64-bit argument): left to the supervisor. */
		if (!wide || !unsgn || (v >> 32) != (w >> 32))
			return 0;
		alt[n++] = SCMP_CMP64(reg, SCMP_CMP_LT, v);
		alt[n++] = SCMP_CMP64(reg, SCMP_CMP_GT, w);
		break;
	case L_MNONE:
		alt[n++] = SCMP_CMP64(reg, SCMP_CMP_MASKED_EQ, w, 0);
		break;
	case L_MEQ: /* never, when v has a bit outside w */
		if (v & ~w)
			return 0;
		alt[n++] = SCMP_CMP64(reg, SCMP_CMP_MASKED_EQ, w, v);
		break;
	case L_MNE: /* always, when v has a bit outside w */
		if (v & ~w)
			return ALWAYS;
		/* fall through */
	case L_MANY: /* some bit of w set: one alternative per bit */
		for (bit = 0; bit < 64 && n < 32; bit++) {
			uint64_t b = (uint64_t)1 << bit;

			if (w & b)
				alt[n++] =
				    SCMP_CMP64(reg, SCMP_CMP_MASKED_EQ, b,
					       op == L_MANY ? b : ~v & b);
		}
		if (n == 32 && bit < 64 && (w >> bit)) /* bits left over */
			return 0;
		break;
	default: /* ranges inside (two comparisons), strings */
		return 0;
	}
	return n;
}

/* Where compile_clause() puts its rules, and what it found. */
struct target {
	scmp_filter_ctx ctx;
	int nr;
	bool exact;
	uint32_t action;
	bool partial; /* some clause is not (wholly) in the rules */
};

static void add_rule(struct target *tg, const struct scmp_arg_cmp *cmps,
		     unsigned int n)
{
	int r = tg->exact ? seccomp_rule_add_exact_array(tg->ctx, tg->action,
							 tg->nr, n, cmps)
			  : seccomp_rule_add_array(tg->ctx, tg->action, tg->nr,
						   n, cmps);

	if (r < 0)
		tg->partial = true;
}

/* Whether @c is a masked compare that looks at a 64-bit upper half. */
static bool masks_upper(const struct scmp_arg_cmp *c)
{
	return c->op == SCMP_CMP_MASKED_EQ && (c->datum_a >> 32);
}

/* Whether @c is an ordering or an inequality, which libseccomp builds
 * as a chain on both halves of a 64-bit argument. */
static bool chains(const struct scmp_arg_cmp *c)
{
	return c->op != SCMP_CMP_EQ && c->op != SCMP_CMP_MASKED_EQ;
}

/*
 * libseccomp 2.5.4 never returns from adding a second rule when rules
 * join a masked compare of an upper half with an inequality or ordering
 * on another argument (found by tests/fuzz_prefilter.c:
 * mprotect(!(prot & 0x100000001) || len == 5)).  Such a clause is left
 * to the supervisor.
 */
static bool loops_libseccomp(struct scmp_arg_cmp alts[][32],
			     const unsigned int *nalt, unsigned int n)
{
	bool upper = false, chain = false;
	unsigned int i, j;

	for (i = 0; i < n; i++)
		for (j = 0; j < nalt[i]; j++) {
			upper |= masks_upper(&alts[i][j]);
			chain |= chains(&alts[i][j]);
		}
	return n > 1 && upper && chain;
}

/* Adds the rules of one clause: the product of its alternatives. */
static unsigned int compile_clause(const struct clause *cl,
				   const struct sw_syscall *sc,
				   unsigned int wordsize, struct target *tg,
				   unsigned int budget, unsigned int *compares)
{
	struct scmp_arg_cmp alts[MAX_LITS][32], rule[MAX_LITS];
	unsigned int nalt[MAX_LITS], pick[MAX_LITS] = { 0 }, i, n, rules = 0;

	for (i = n = 0; i < cl->n; i++) {
		nalt[n] = lit_alternatives(&cl->lits[i], sc, wordsize, alts[n]);
		if (!nalt[n]) {
			tg->partial = true;
			return 0; /* inexpressible: the clause stays traced */
		}
		if (nalt[n] != ALWAYS)
			n++; /* an always-true literal adds nothing */
	}
	if (loops_libseccomp(alts, nalt, n)) {
		tg->partial = true;
		return 0;
	}
	for (;;) {
		if (rules == budget) {
			tg->partial = true;
			return rules;
		}
		for (i = 0; i < n; i++)
			rule[i] = alts[i][pick[i]];
		/* libseccomp refuses two comparisons of one argument in a
		 * rule; such a rule is left out, which only traces more. */
		add_rule(tg, rule, n);
		rules++;
		*compares += n;
		for (i = 0; i < n && ++pick[i] == nalt[i]; i++)
			pick[i] = 0;
		if (i == n)
			return rules;
	}
}

/* The rules of @action where @c holds (@neg: where it does not). */
static int compile(const struct argcond *c, bool neg,
		   const struct sw_syscall *sc, unsigned int wordsize,
		   struct target *tg)
{
	struct dnf *d = malloc(sizeof(*d));
	unsigned int i, rules = 0, compares = 0;

	if (!d)
		return -ENOMEM;
	dnf_of(c, neg, d);
	tg->partial |= d->overflow;
	for (i = 0; !d->overflow && i < d->n; i++) {
		if (rules == MAX_RULES) {
			tg->partial = true;
			break;
		}
		rules += compile_clause(&d->cl[i], sc, wordsize, tg,
					MAX_RULES - rules, &compares);
	}
	free(d);
	return (int)compares;
}

int argcond_compile(const struct argcond *c, const struct sw_syscall *sc,
		    unsigned int wordsize, scmp_filter_ctx ctx, int nr,
		    bool exact)
{
	struct target tg = { ctx, nr, exact, SCMP_ACT_ALLOW, false };

	return compile(c, true, sc, wordsize, &tg);
}

int argcond_compile_where(const struct argcond *c, const struct sw_syscall *sc,
			  unsigned int wordsize, scmp_filter_ctx ctx, int nr,
			  bool exact, uint32_t action, bool *partial)
{
	struct target tg = { ctx, nr, exact, action, false };
	int r = compile(c, false, sc, wordsize, &tg);

	*partial = tg.partial;
	return r;
}

static void probe_add(struct argcond_probes *p, unsigned int reg, uint64_t x)
{
	unsigned int i;

	for (i = 0; i < p->n[reg]; i++)
		if (p->v[reg][i] == x)
			return;
	if (p->n[reg] < ARGCOND_PROBES)
		p->v[reg][p->n[reg]++] = x;
}

/* @x with each upper half that tells a 32-bit compare from a 64-bit one. */
static void probe_halves(struct argcond_probes *p, unsigned int reg, uint64_t x)
{
	probe_add(p, reg, x);
	probe_add(p, reg, x & 0xffffffffu);
	probe_add(p, reg, x | 0xffffffff00000000ull);
	probe_add(p, reg, x ^ (1ull << 32));
}

void argcond_probes(const struct argcond *c, const struct sw_syscall *sc,
		    struct argcond_probes *p)
{
	const struct sw_arg *a;
	uint64_t base[8], v, w;
	unsigned int i;

	if (c->kind != C_LIT) {
		argcond_probes(c->l, sc, p);
		if (c->r)
			argcond_probes(c->r, sc, p);
		return;
	}
	a = find_arg(sc, c->arg);
	if (!a || a->cls == SW_ARG_PAIR64 || a->reg >= 6 || c->op == L_SEQ ||
	    c->op == L_SNE)
		return;
	v = c->v[abi_of(sc)];
	w = c->w[abi_of(sc)];
	base[0] = v;
	base[1] = v - 1;
	base[2] = v + 1;
	base[3] = w;
	base[4] = w - 1;
	base[5] = w + 1;
	base[6] = v | w;
	base[7] = 0;
	for (i = 0; i < ARRAY_SIZE(base); i++)
		probe_halves(p, a->reg, base[i]);
}

void argcond_walk_init(struct argcond_walk *w, const struct argcond_probes *p,
		       unsigned int wordsize, uint64_t seed)
{
	unsigned int reg;

	w->p = p;
	w->k = 0;
	w->total = 1;
	w->state = seed * 2654435761u + 1;
	w->wordsize = wordsize;
	for (reg = 0; reg < 6; reg++)
		if (p->n[reg] && (w->total *= p->n[reg]) > ARGCOND_MAX_VECTORS)
			w->total = ARGCOND_MAX_VECTORS + 1;
}

/* A small deterministic generator for sampling large probe products. */
static uint64_t next_random(uint64_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return *state;
}

bool argcond_walk_next(struct argcond_walk *w, uint64_t args[6])
{
	bool sample = w->total > ARGCOND_MAX_VECTORS;
	uint64_t k = w->k, pick;
	unsigned int reg;

	if (w->k >= ARGCOND_MAX_VECTORS || w->k >= w->total)
		return false;
	w->k++;
	for (reg = 0; reg < 6; reg++) {
		if (!w->p->n[reg]) {
			args[reg] = 0;
			continue;
		}
		pick = sample ? next_random(&w->state) : k;
		args[reg] = w->p->v[reg][pick % w->p->n[reg]];
		if (!sample)
			k /= w->p->n[reg];
		/* The supervisor reads the lower half alone.  The kernel's
		 * seccomp_data may hold an upper half too (int $0x80 from
		 * 64-bit code), which libseccomp's 32-bit rules do not read:
		 * fuzz_presel checks that they stop whatever it holds. */
		if (w->wordsize == 4)
			args[reg] &= 0xffffffffu;
	}
	return true;
}

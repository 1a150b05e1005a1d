// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * syswarden - -e inject=, -e fault= and --deny (see inject.h).
 *
 *	-e inject=SET:error=ERRNO|retval=N[:signal=SIG][:delay_enter=US]
 *		     [:delay_exit=US][:when=EXPR]
 *	-e fault=SET[:error=ERRNO][:when=EXPR]
 *	--deny SET[:error=ERRNO|:kill]
 *
 * when= is strace's: N (the N-th call only), N+ (the N-th and every one
 * after), N+S (every S-th from the N-th), N..M (the N-th to the M-th),
 * N..M+S; calls are counted per thread and per syscall, as strace counts
 * them, and only the calls SET selects (its conditions included).
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <syswarden/hook.h>

#include "decode.h"
#include "denyfilter.h"
#include "inject.h"
#include "qualify.h"
#include "supervisor.h"

/* How often one thread made one syscall that a rule selects. */
struct inject_count {
	struct inject_count *next;
	pid_t tid;
	uint32_t nr;
	unsigned int abi;
	unsigned long n;
	bool exit_due; /* delay_exit= at this call's exit */
};

#define WHEN_MAX 65535

static void rule_free(struct inject_rule *ru)
{
	struct inject_count *c, *next;
	size_t i;

	if (!ru)
		return;
	for (i = 0; i < ARRAY_SIZE(ru->counts); i++)
		for (c = ru->counts[i]; c; c = next) {
			next = c->next;
			free(c);
		}
	traceset_free(ru->sel);
	free(ru->text);
	free(ru);
}

void inject_release(struct inject_list *l)
{
	struct inject_rule *ru, *next;

	for (ru = l->head; ru; ru = next) {
		next = ru->next;
		rule_free(ru);
	}
	l->head = NULL;
}

/* --- parsing --- */

/* The end of SET in @text: its first ':' outside parentheses and
 * quotes, or its end. */
static const char *set_end(const char *text)
{
	unsigned int depth = 0;
	bool quoted = false;
	const char *p;

	for (p = text; *p; p++) {
		if (quoted && *p == '\\' && p[1])
			p++;
		else if (*p == '"')
			quoted = !quoted;
		else if (!quoted && *p == '(')
			depth++;
		else if (!quoted && *p == ')' && depth)
			depth--;
		else if (!quoted && !depth && *p == ':')
			break;
	}
	return p;
}

/* An errno by name (EACCES) or number, 1 to 4095. */
static int parse_errno(const char *v, struct strbuf *err)
{
	const char *name;
	long n;
	int e;

	if (util_parse_long(v, 1, 4095, &n) == 0)
		return (int)n;
	for (e = 1; e < 4096; e++) {
		name = strerrorname_np(e);
		if (name && !strcmp(name, v))
			return e;
	}
	strbuf_addf(err,
		    "error=%s: no such errno (expected a name such as "
		    "EACCES, or a number from 1 to 4095)",
		    v);
	return -EINVAL;
}

/* A delay in microseconds: N, or N with s, ms, us or ns after it. */
static int parse_delay(const char *key, const char *v, unsigned long *out,
		       struct strbuf *err)
{
	static const struct {
		const char *unit;
		unsigned long mul, div;
	} units[] = { { "", 1, 1 },
		      { "us", 1, 1 },
		      { "ms", 1000, 1 },
		      { "s", 1000000, 1 },
		      { "ns", 1, 1000 } };
	char *end;
	unsigned long n;
	size_t i;

	errno = 0;
	n = strtoul(v, &end, 10);
	for (i = 0; !errno && end != v && *v != '-' && i < ARRAY_SIZE(units);
	     i++)
		if (!strcmp(end, units[i].unit) && n <= 3600000000ul) {
			*out = n * units[i].mul / units[i].div;
			if (*out <= 3600000000ul)
				return 0;
		}
	strbuf_addf(err,
		    "%s=%s: expected microseconds up to an hour (a number, "
		    "or one with s, ms, us or ns after it)",
		    key, v);
	return -EINVAL;
}

/* One number of when=, from 1 to WHEN_MAX; *end is left after it. */
static int when_number(const char *p, char **end, unsigned int *out)
{
	unsigned long n;

	if (*p < '0' || *p > '9')
		return -EINVAL;
	errno = 0;
	n = strtoul(p, end, 10);
	if (errno || n < 1 || n > WHEN_MAX)
		return -EINVAL;
	*out = (unsigned int)n;
	return 0;
}

/* strace's when=: N, N+, N+S, N..M, N..M+S. */
static int parse_when(struct inject_rule *ru, const char *v, struct strbuf *err)
{
	char *p = (char *)v;
	int r = when_number(p, &p, &ru->first);

	ru->last = 0;
	ru->step = 0;
	if (r == 0 && p[0] == '.' && p[1] == '.') {
		r = when_number(p + 2, &p, &ru->last);
		ru->step = 1;
		if (r == 0 && ru->last < ru->first)
			r = -EINVAL;
	} else if (r == 0 && !*p) {
		ru->last = ru->first; /* the N-th alone */
	}
	if (r == 0 && *p == '+') {
		ru->step = 1;
		if (p[1])
			r = when_number(p + 1, &p, &ru->step);
		else
			p++;
	}
	if (r == 0 && *p)
		r = -EINVAL;
	if (r < 0)
		strbuf_addf(err,
			    "when=%s: expected N, N+, N+STEP, N..M or "
			    "N..M+STEP, numbers from 1 to %d, M not below N",
			    v, WHEN_MAX);
	return r;
}

/* One KEY=VALUE (or the bare word "kill") of a rule. */
static int parse_token(struct inject_rule *ru, char *tok, bool fault,
		       struct strbuf *err)
{
	char *v = strchr(tok, '=');
	long n;
	int e;

	if (v)
		*v++ = '\0';
	if (ru->deny && !v && !strcmp(tok, "kill")) {
		ru->kill = true;
		return 0;
	}
	if (v && !strcmp(tok, "error")) {
		e = parse_errno(v, err);
		if (e < 0)
			return e;
		if (ru->skip) {
			strbuf_addf(err, "error=: only one error= or retval=");
			return -EINVAL;
		}
		ru->skip = true;
		ru->ret = -e;
		return 0;
	}
	if (ru->deny || fault || !v)
		goto bad;
	if (!strcmp(tok, "retval")) {
		if (ru->skip || util_parse_long(v, 0, 0x7fffffff, &n) < 0) {
			strbuf_addf(err,
				    ru->skip ? "retval=: only one error= or "
					       "retval="
					     : "retval=%s: expected a number "
					       "from 0 to 2147483647",
				    v);
			return -EINVAL;
		}
		ru->skip = true;
		ru->ret = n;
		return 0;
	}
	if (!strcmp(tok, "signal")) {
		n = qualify_signal(v);
		if (n <= 0 && util_parse_long(v, 1, 64, &n) < 0) {
			strbuf_addf(err, "signal=%s: no such signal", v);
			return -EINVAL;
		}
		ru->sig = (int)n;
		return 0;
	}
	if (!strcmp(tok, "delay_enter"))
		return parse_delay(tok, v, &ru->delay_enter, err);
	if (!strcmp(tok, "delay_exit"))
		return parse_delay(tok, v, &ru->delay_exit, err);
	if (!strcmp(tok, "syscall") || !strncmp(tok, "poke_", 5)) {
		strbuf_addf(err,
			    "%s=: not yet: syswarden does not replace "
			    "calls nor write tracee memory from the "
			    "command line (a hook can)",
			    tok);
		return -EINVAL;
	}
bad:
	strbuf_addf(err, "'%s%s%s': expected %s", tok, v ? "=" : "", v ? v : "",
		    ru->deny ? "error=ERRNO or kill"
		    : fault  ? "error=ERRNO or when=EXPR"
			     : "error=, retval=, signal=, delay_enter=, "
			       "delay_exit= or when=");
	return -EINVAL;
}

/* The options after SET, ':'-separated. */
static int parse_options(struct inject_rule *ru, const char *opts, bool fault,
			 struct strbuf *err)
{
	char *copy cleanup_free = strdup(opts);
	char *tok, *save = NULL;
	int r = 0;

	if (!copy)
		return -ENOMEM;
	for (tok = strtok_r(copy, ":", &save); tok && r == 0;
	     tok = strtok_r(NULL, ":", &save)) {
		if (!ru->deny && !strncmp(tok, "when=", 5))
			r = parse_when(ru, tok + 5, err);
		else
			r = parse_token(ru, tok, fault, err);
	}
	if (r == 0 && ru->kill && ru->skip) {
		strbuf_addf(err, "error= and kill: one or the other");
		r = -EINVAL;
	}
	return r;
}

/* Fills @ru from @text; *set_out gets SET (malloc'd). */
static int parse_rule(struct inject_rule *ru, const char *text, bool fault,
		      char **set_out, struct strbuf *err)
{
	const char *end = set_end(text);
	int r;

	ru->first = ru->step = 1; /* every call */
	if (end == text) {
		strbuf_addf(err, "expected SET first: a syscall, a list, a "
				 "%%class, or one with a condition");
		return -EINVAL;
	}
	*set_out = strndup(text, (size_t)(end - text));
	if (!*set_out)
		return -ENOMEM;
	r = parse_options(ru, *end ? end + 1 : "", fault, err);
	if (r == 0 && fault && !ru->skip) {
		ru->skip = true;
		ru->ret = -ENOSYS; /* strace's default */
	}
	if (r == 0 && ru->deny && !ru->skip && !ru->kill) {
		ru->skip = true;
		ru->ret = -EPERM;
	}
	if (r == 0 && !ru->skip && !ru->kill && !ru->sig && !ru->delay_enter &&
	    !ru->delay_exit) {
		strbuf_addf(err, "nothing to inject: give error=, retval=, "
				 "signal=, delay_enter= or delay_exit=");
		r = -EINVAL;
	}
	return r;
}

/* --- at the stops --- */

static struct inject_count *count_of(struct inject_rule *ru,
				     const struct sw_call *call)
{
	size_t b = ((unsigned int)call->tid * 31u + (uint32_t)call->nr) %
		   ARRAY_SIZE(ru->counts);
	struct inject_count *c;

	for (c = ru->counts[b]; c; c = c->next)
		if (c->tid == call->tid && c->nr == (uint32_t)call->nr &&
		    c->abi == (unsigned int)call->abi)
			return c;
	c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	c->tid = call->tid;
	c->nr = (uint32_t)call->nr;
	c->abi = (unsigned int)call->abi;
	c->next = ru->counts[b];
	ru->counts[b] = c;
	return c;
}

/* Whether the @n-th call fires the rule. */
static bool fires(const struct inject_rule *ru, unsigned long n)
{
	if (n < ru->first || (ru->last && n > ru->last))
		return false;
	return ru->step ? (n - ru->first) % ru->step == 0 : n == ru->first;
}

static void delay(unsigned long us)
{
	struct timespec ts = { (time_t)(us / 1000000),
			       (long)(us % 1000000) * 1000 };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static void act(struct inject_rule *ru, struct sw_call *call,
		struct inject_count *c)
{
	if (ru->delay_enter)
		delay(ru->delay_enter);
	/* Of several rules firing on one call the first one's result
	 * stands (sw_call_skip() says -EALREADY to the others). */
	/* A call seen here is killed here, with SIGKILL; the kernel's
	 * filter kills those it alone sees with SIGSYS. */
	if (ru->skip || ru->kill)
		sw_call_skip(call, ru->kill ? -EPERM : ru->ret);
	if (ru->sig)
		sw_call_signal(call, ru->sig);
	if (ru->kill) {
		ru->sup->enforced = true; /* exit SW_EXIT_ENFORCED */
		kill(call->pid, SIGKILL);
	}
	c->exit_due = ru->delay_exit != 0;
}

bool inject_has_kill(const struct inject_list *l)
{
	const struct inject_rule *ru;

	for (ru = l->head; ru; ru = ru->next)
		if (ru->kill)
			return true;
	return false;
}

static void on_call(struct sw_call *call, void *data)
{
	struct inject_rule *ru = data;
	struct inject_count *c = count_of(ru, call);

	if (!c) {
		supervisor_warn(ru->sup,
				"pid %d: out of memory: %s not counted",
				call->tid, ru->text);
		return;
	}
	if (call->at_return) {
		if (c->exit_due)
			delay(ru->delay_exit);
		c->exit_due = false;
		return;
	}
	if (fires(ru, ++c->n))
		act(ru, call, c);
}

static int add_hook(struct inject_rule *ru, const char *set, const char *label,
		    struct strbuf *err)
{
	struct sw_hook_spec spec = {
		.name = set,
		.when = SW_HOOK_ENTER | (ru->delay_exit ? SW_HOOK_RETURN : 0),
		.fn = on_call,
		.data = ru,
		.label = label,
	};
	char msg[512];
	int r = sw_hook_add(ru->sup, &spec, &ru->hook, msg, sizeof(msg));

	if (r == -EINVAL)
		strbuf_addf(err, "%s", msg);
	return r;
}

int inject_add(struct sw_supervisor *sup, const char *text, bool fault,
	       bool deny, struct strbuf *err)
{
	struct inject_rule *ru = calloc(1, sizeof(*ru)), **pp;
	char *set cleanup_free = NULL;
	int r;

	if (!ru)
		return -ENOMEM;
	ru->sup = sup;
	ru->deny = deny;
	ru->text = strdup(text);
	r = ru->text ? parse_rule(ru, text, fault, &set, err) : -ENOMEM;
	if (r == 0)
		r = traceset_new(&ru->sel);
	if (r == 0)
		r = traceset_parse(ru->sel, set, err);
	if (r == 0)
		r = add_hook(ru, set,
			     deny    ? "deny"
			     : fault ? "fault"
				     : "inject",
			     err);
	if (r < 0) {
		rule_free(ru);
		return r;
	}
	for (pp = &sup->injects.head; *pp; pp = &(*pp)->next)
		;
	*pp = ru;
	return 0;
}

/* --- in the kernel --- */

struct kernel_args {
	struct denyfilter_rule rules[DENYFILTER_MAX_RULES];
	unsigned int n;
	const struct traceset *shown;
};

static int build_kernel(const void *arg, struct sock_fprog *out)
{
	const struct kernel_args *a = arg;

	return denyfilter_build(a->rules, a->n, a->shown, out);
}

int inject_kernel_filter(struct sw_supervisor *sup,
			 const struct traceset *shown, unsigned int timeout_ms,
			 const volatile sig_atomic_t *stop,
			 struct sock_fprog *out)
{
	struct inject_rule *ru, *of[DENYFILTER_MAX_RULES];
	struct kernel_args a = { .shown = shown };
	unsigned int i;
	int r;

	memset(out, 0, sizeof(*out));
	for (ru = sup->injects.head; ru && a.n < DENYFILTER_MAX_RULES;
	     ru = ru->next)
		if (ru->deny) {
			of[a.n] = ru;
			a.rules[a.n].sel = ru->sel;
			a.rules[a.n++].action =
			    ru->kill ? SCMP_ACT_KILL_PROCESS
				     : SCMP_ACT_ERRNO((uint16_t)-ru->ret);
		}
	if (!a.n)
		return 0;
	r = prefilter_run_bounded(build_kernel, &a, timeout_ms, stop, out);
	if (!out->len)
		prefilter_free(out); /* nothing went into the kernel */
	for (i = 0; i < a.n; i++) {
		of[i]->in_kernel = r >= 0 && (r >> i) & 1;
		hook_set_kernel(of[i]->hook, of[i]->in_kernel);
	}
	return r < 0 ? r : 0;
}

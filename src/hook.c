// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * syswarden - hooks: registration, matching and what callbacks may do.
 *
 * A hook's syscall selection is a trace set (traceset.c), so a hook name
 * takes everything -e trace= takes.  Its scalar argument filters also
 * become argument conditions for the seccomp compiler (hook_selection()),
 * so that a launched command stops only where some hook can match.
 * Matching at a stop goes from cheap to dear: ids, the selection, scalar
 * filters, then the task's name and strings read from its memory.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "arch.h"
#include "decode.h"
#include "hook.h"
#include "supervisor.h"
#include "tracemem.h"
#include <sys/ptrace.h>

struct hook_str {
	enum sw_str_op op;
	char *text;
};

struct sw_hook {
	struct sw_supervisor *sup;
	struct sw_hook *next;
	unsigned long seq; /* registration order, never reused */
	unsigned int when;
	bool enabled, dead;
	bool kernel; /* the kernel does its work: no stop needed */
	unsigned int unselected; /* ABIs left out of the selection */
	sw_hook_fn fn;
	void *data;
	char *label;
	char comm[16]; /* empty: any */
	pid_t pid, tid;
	struct traceset *sel;
	struct argcond *bpf; /* the scalar filters the filter can use */
	struct sw_value_filter args[6], ret;
	struct hook_str str[6];
};

/* A call as callbacks see it, and what they asked for. */
struct call_ctx {
	struct sw_call call;
	struct sw_tracee *t;
	char name[32];
	char comm[16];
	bool have_comm;
	pid_t ppid; /* 0 until read */
	bool end_thread;
};

#define CALL_CTX(c) ((struct call_ctx *)(void *)(c))

static const char *const when_suffix[] = { "_enter", "_return" };

static void hook_free(struct sw_hook *h)
{
	unsigned int i;

	if (!h)
		return;
	traceset_free(h->sel);
	argcond_free(h->bpf);
	for (i = 0; i < 6; i++)
		free(h->str[i].text);
	free(h->label);
	free(h);
}

static void sweep(struct hook_list *l);

void hook_list_release(struct hook_list *l)
{
	struct sw_hook *h, *next;

	for (h = l->head; h; h = next) {
		next = h->next;
		hook_free(h);
	}
	l->head = NULL;
}

unsigned long hook_list_mark(const struct hook_list *l)
{
	return l->next_seq;
}

void hook_list_cut(struct hook_list *l, unsigned long mark)
{
	struct sw_hook *h;

	for (h = l->head; h; h = h->next)
		if (h->seq >= mark)
			h->dead = l->has_dead = true;
	sweep(l);
}

/* Frees the hooks removed while callbacks ran. */
static void sweep(struct hook_list *l)
{
	struct sw_hook **pp = &l->head, *h;

	if (l->running || !l->has_dead)
		return;
	while ((h = *pp)) {
		if (h->dead) {
			*pp = h->next;
			hook_free(h);
		} else {
			pp = &h->next;
		}
	}
	l->has_dead = false;
}

/* --- registration --- */

/* Strips "_enter"/"_return" from @word (a copy), setting *when. */
static bool strip_when(char *word, unsigned int *when)
{
	size_t n = strlen(word), i;

	for (i = 0; i < ARRAY_SIZE(when_suffix); i++) {
		size_t k = strlen(when_suffix[i]);

		if (n > k && !strcmp(word + n - k, when_suffix[i])) {
			word[n - k] = '\0';
			*when = i ? SW_HOOK_RETURN : SW_HOOK_ENTER;
			return true;
		}
	}
	return false;
}

/* Fills @sel from a hook name (see struct sw_hook_spec); *when is set
 * when the name says it. */
static int parse_name(const char *name, struct traceset *sel,
		      unsigned int *when, struct strbuf *err)
{
	char *word cleanup_free = NULL;

	*when = 0;
	if (!name || !*name) {
		strbuf_addf(err, "a hook needs a syscall name or pattern");
		return -EINVAL;
	}
	if (strncmp(name, "on_", 3))
		return traceset_parse(sel, name, err);
	word = strdup(name + 3);
	if (!word)
		return -ENOMEM;
	if (!strip_when(word, when)) {
		strbuf_addf(err,
			    "'%s': a name starting with on_ ends in _enter or "
			    "_return (on_sys_openat_enter, on_all_sys_return)",
			    name);
		return -EINVAL;
	}
	if (!strcmp(word, "all_sys") || !strcmp(word, "unknown_sys")) {
		traceset_reset(sel, word[0] == 'a');
		traceset_set_unknown(sel, true);
		return 0;
	}
	if (strncmp(word, "sys_", 4) || !word[4]) {
		strbuf_addf(err,
			    "'%s': expected on_sys_NAME_enter, "
			    "on_sys_NAME_return, on_all_sys_* or "
			    "on_unknown_sys_*",
			    name);
		return -EINVAL;
	}
	return traceset_parse(sel, word + 4, err);
}

static bool filter_valid(const struct sw_value_filter *f)
{
	if ((unsigned int)f->op > SW_FILTER_BITMASK_CLEAR)
		return false;
	return f->op != SW_FILTER_RANGE || f->value <= f->max ||
	       (int64_t)f->value <= (int64_t)f->max;
}

/* Checks @spec; the reason goes to @err. */
static int check_spec(const struct sw_hook_spec *spec, struct strbuf *err)
{
	unsigned int i;

	if (!spec->fn) {
		strbuf_addf(err, "a hook needs a callback");
		return -EINVAL;
	}
	if (spec->when & ~(SW_HOOK_ENTER | SW_HOOK_RETURN)) {
		strbuf_addf(err,
			    "when: %#x is not SW_HOOK_ENTER and/or "
			    "SW_HOOK_RETURN",
			    spec->when);
		return -EINVAL;
	}
	for (i = 0; i < 6; i++)
		if (!filter_valid(&spec->args[i])) {
			strbuf_addf(err,
				    "args[%u]: bad filter (op %d, range "
				    "upside down?)",
				    i, spec->args[i].op);
			return -EINVAL;
		} else if ((unsigned int)spec->str[i].op > SW_STR_ENDSWITH ||
			   (spec->str[i].op && !spec->str[i].text)) {
			strbuf_addf(err, "str[%u]: bad string filter", i);
			return -EINVAL;
		}
	if (!filter_valid(&spec->ret)) {
		strbuf_addf(err, "ret: bad filter (op %d)", spec->ret.op);
		return -EINVAL;
	}
	return 0;
}

/* The scalar filters as one argument condition, or NULL for none. */
static int bpf_condition(struct sw_hook *h)
{
	struct argcond *c;
	unsigned int i;
	int r;

	for (i = 0; i < 6; i++) {
		r = argcond_from_filter(i, &h->args[i], &c);
		if (r < 0)
			return r;
		if (c && h->bpf)
			c = argcond_and(h->bpf, c);
		else if (!c)
			continue;
		h->bpf = c;
		if (!c)
			return -ENOMEM;
	}
	return 0;
}

/* Copies what @spec says into @h, after the selection is parsed. */
static int fill_hook(struct sw_hook *h, const struct sw_hook_spec *spec,
		     const char *label)
{
	unsigned int i;

	h->fn = spec->fn;
	h->data = spec->data;
	h->enabled = !spec->disabled;
	h->pid = spec->pid;
	h->tid = spec->tid;
	if (spec->comm)
		util_fmt(h->comm, sizeof(h->comm), "%s", spec->comm);
	memcpy(h->args, spec->args, sizeof(h->args));
	h->ret = spec->ret;
	if (label && !(h->label = strdup(label)))
		return -ENOMEM;
	for (i = 0; i < 6; i++) {
		h->str[i].op = spec->str[i].op;
		if (spec->str[i].op &&
		    !(h->str[i].text = strdup(spec->str[i].text)))
			return -ENOMEM;
	}
	return bpf_condition(h);
}

static int selection_of(const struct sw_hook *h, struct traceset *need)
{
	struct traceset *one = NULL;
	int r = traceset_new(&one);
	unsigned int a;

	if (r == 0) {
		traceset_reset(one, false);
		r = traceset_merge(one, h->sel);
	}
	if (r == 0)
		r = traceset_and_cond(one, h->bpf);
	for (a = 0; r == 0 && a < SW_ABI_COUNT; a++)
		if (h->unselected & (1u << a))
			traceset_drop_abi(one, (enum sw_abi)a);
	if (r == 0)
		r = traceset_merge(need, one);
	traceset_free(one);
	return r;
}

int hook_selection(const struct hook_list *l, struct traceset *need)
{
	const struct sw_hook *h;
	int r = 0;

	for (h = l->head; h && r == 0; h = h->next)
		if (!h->dead && !h->kernel)
			r = selection_of(h, need);
	return r;
}

void hook_set_kernel(struct sw_hook *h, bool on)
{
	h->kernel = on;
}

void hook_set_unselected(struct sw_hook *h, unsigned int abis)
{
	h->unselected = abis;
}

/* A hook registered after a filtered launch must not wait for stops the
 * filter never makes. */
static int check_filter_covers(struct sw_supervisor *sup,
			       const struct sw_hook *h, struct strbuf *err)
{
	struct traceset *need = NULL;
	const char *missing;
	int r;

	if (!sup->filter_sel)
		return 0;
	r = traceset_new(&need);
	if (r == 0) {
		traceset_reset(need, false);
		r = selection_of(h, need);
	}
	missing = r == 0 ? traceset_uncovered(sup->filter_sel, need) : NULL;
	if (missing) {
		strbuf_addf(err,
			    "the command already runs under a seccomp filter "
			    "that does not stop at every %s call: register "
			    "hooks before starting it, or turn the filter off",
			    missing);
		r = -EBUSY;
	}
	traceset_free(need);
	return r;
}

static void append(struct hook_list *l, struct sw_hook *h)
{
	struct sw_hook **pp = &l->head;

	while (*pp)
		pp = &(*pp)->next;
	h->seq = l->next_seq++;
	*pp = h;
}

static int hook_new(struct sw_supervisor *sup, const struct sw_hook_spec *spec,
		    struct sw_hook **out, struct strbuf *err)
{
	struct sw_hook *h = calloc(1, sizeof(*h));
	const char *label = spec->label ? spec->label : sup->hooks.label;
	unsigned int when = 0;
	int r;

	if (!h)
		return -ENOMEM;
	h->sup = sup;
	r = check_spec(spec, err);
	if (r == 0)
		r = traceset_new(&h->sel);
	if (r == 0)
		r = parse_name(spec->name, h->sel, &when, err);
	if (r == 0 && when && spec->when && spec->when != when) {
		strbuf_addf(err, "'%s' says when it runs; .when disagrees",
			    spec->name);
		r = -EINVAL;
	}
	h->when = spec->when ? spec->when : when ? when : SW_HOOK_ENTER;
	if (r == 0)
		r = fill_hook(h, spec, label);
	if (r == 0)
		r = check_filter_covers(sup, h, err);
	if (r < 0) {
		hook_free(h);
		return r;
	}
	*out = h;
	return 0;
}

SW_API int sw_hook_add(struct sw_supervisor *sup,
		       const struct sw_hook_spec *spec, struct sw_hook **out,
		       char *err, size_t errsize)
{
	struct strbuf msg;
	struct sw_hook *h = NULL;
	int r;

	strbuf_init(&msg);
	r = spec ? hook_new(sup, spec, &h, &msg) : -EINVAL;
	if (r < 0 && err && errsize)
		util_fmt(err, errsize, "%s%s%s",
			 spec && spec->name ? spec->name : "",
			 spec && spec->name ? ": " : "",
			 msg.buf ? msg.buf : strerror(-r));
	strbuf_release(&msg);
	if (r < 0)
		return r;
	append(&sup->hooks, h);
	if (out)
		*out = h;
	return 0;
}

SW_API void sw_hook_enable(struct sw_hook *h, bool on)
{
	h->enabled = on;
}

SW_API bool sw_hook_enabled(const struct sw_hook *h)
{
	return h->enabled && !h->dead;
}

SW_API void sw_hook_remove(struct sw_hook *h)
{
	struct hook_list *l = &h->sup->hooks;

	h->dead = true;
	l->has_dead = true;
	sweep(l);
}

/* What sw_hooks_enable() and sw_hooks_remove() do to each hook. */
enum bulk_action { BULK_DISABLE, BULK_ENABLE, BULK_REMOVE };

/* Applies @act to every live hook with @label and/or @fn; returns how
 * many, -ENOENT for none, -EINVAL when neither is given. */
static int bulk(struct sw_supervisor *sup, const char *label, sw_hook_fn fn,
		enum bulk_action act)
{
	struct sw_hook *h;
	int n = 0;

	if (!label && !fn)
		return -EINVAL;
	for (h = sup->hooks.head; h; h = h->next) {
		if (h->dead ||
		    (label && (!h->label || strcmp(h->label, label))) ||
		    (fn && h->fn != fn))
			continue;
		if (act == BULK_REMOVE)
			h->dead = sup->hooks.has_dead = true;
		else
			h->enabled = act == BULK_ENABLE;
		n++;
	}
	sweep(&sup->hooks);
	return n ? n : -ENOENT;
}

SW_API int sw_hooks_enable(struct sw_supervisor *sup, const char *label,
			   sw_hook_fn fn, bool on)
{
	return bulk(sup, label, fn, on ? BULK_ENABLE : BULK_DISABLE);
}

SW_API int sw_hooks_remove(struct sw_supervisor *sup, const char *label,
			   sw_hook_fn fn)
{
	return bulk(sup, label, fn, BULK_REMOVE);
}

/* --- matching --- */

static bool less(uint64_t a, uint64_t b, bool sgn)
{
	return sgn ? (int64_t)a < (int64_t)b : a < b;
}

bool hook_value_match(const struct sw_value_filter *f, uint64_t v, bool sgn)
{
	switch (f->op) {
	case SW_FILTER_ANY:
		return true;
	case SW_FILTER_EXACT:
		return v == f->value;
	case SW_FILTER_NOT_EQUAL:
		return v != f->value;
	case SW_FILTER_GREATER:
		return less(f->value, v, sgn);
	case SW_FILTER_GREATER_EQUAL:
		return !less(v, f->value, sgn);
	case SW_FILTER_LESS:
		return less(v, f->value, sgn);
	case SW_FILTER_LESS_EQUAL:
		return !less(f->value, v, sgn);
	case SW_FILTER_RANGE:
		return !less(v, f->value, sgn) && !less(f->max, v, sgn);
	case SW_FILTER_SUCCESS:
		return (int64_t)v >= 0;
	case SW_FILTER_ERROR:
		return (int64_t)v < 0;
	case SW_FILTER_BITMASK_SET:
		return (v & f->value) == f->value;
	case SW_FILTER_BITMASK_CLEAR:
		return (v & f->value) == 0;
	}
	return false;
}

/* Whether register slot @reg of @ev passes @f, both taken at the
 * argument's C type, as argcond.c and the kernel's filter compare. */
static bool arg_passes(const struct sw_value_filter *f,
		       const struct sw_event *ev, unsigned int reg)
{
	struct sw_value_filter at = *f;
	uint64_t v = ev->args[reg];
	bool sgn = false, wide = true;
	unsigned int i;

	for (i = 0; ev->sc && i < ev->sc->nargs; i++)
		if (ev->sc->args[i].reg == reg) {
			v = decode_arg_scalar(ev, &ev->sc->args[i], &sgn,
					      &wide);
			break;
		}
	at.value = decode_at_width(f->value, sgn, wide);
	at.max = decode_at_width(f->max, sgn, wide);
	return hook_value_match(&at, v, sgn);
}

bool hook_str_match(enum sw_str_op op, const char *text, const char *s)
{
	size_t n = strlen(s), k = strlen(text);

	switch (op) {
	case SW_STR_ANY:
		return true;
	case SW_STR_EXACT:
		return !strcmp(s, text);
	case SW_STR_CONTAINS:
		return strstr(s, text) != NULL;
	case SW_STR_STARTSWITH:
		return !strncmp(s, text, k);
	case SW_STR_ENDSWITH:
		return n >= k && !strcmp(s + n - k, text);
	}
	return false;
}

/* A string filter on the tracee's memory at @addr. */
static bool str_filter(const struct hook_str *f, pid_t tid, uint64_t addr)
{
	char buf[SW_STR_FILTER_MAX + 1];
	bool complete;
	ssize_t n =
	    tracemem_read_str(tid, addr, buf, SW_STR_FILTER_MAX, &complete);

	return n >= 0 && complete && hook_str_match(f->op, f->text, buf);
}

static const char *call_comm(struct call_ctx *cx)
{
	char path[64];
	FILE *f;

	if (cx->have_comm)
		return cx->comm;
	cx->have_comm = true;
	f = fopen(util_fmt(path, sizeof(path), "/proc/%d/comm", cx->t->tid),
		  "re");
	if (f && fgets(cx->comm, sizeof(cx->comm), f))
		cx->comm[strcspn(cx->comm, "\n")] = '\0';
	if (f)
		fclose(f);
	return cx->comm;
}

/* Whether @h matches the call in @cx, the return value aside. */
static bool matches(const struct sw_hook *h, struct call_ctx *cx)
{
	const struct sw_tracee *t = cx->t;
	unsigned int i;

	if (!h->enabled || h->dead || (h->pid && h->pid != t->tgid) ||
	    (h->tid && h->tid != t->tid) ||
	    !traceset_match(h->sel, &t->sys, t->tid))
		return false;
	for (i = 0; i < 6; i++)
		if (h->args[i].op && !arg_passes(&h->args[i], &t->sys, i))
			return false;
	if (h->comm[0] && strcmp(h->comm, call_comm(cx)))
		return false;
	for (i = 0; i < 6; i++)
		if (h->str[i].op &&
		    !str_filter(&h->str[i], t->tid, t->sys.args[i]))
			return false;
	return true;
}

/* --- running --- */

static void call_init(struct call_ctx *cx, struct sw_supervisor *sup,
		      struct sw_tracee *t, bool at_return)
{
	struct sw_call *c = &cx->call;

	memset(cx, 0, sizeof(*cx));
	cx->t = t;
	c->name = decode_syscall_name(&t->sys, cx->name, sizeof(cx->name));
	c->nr = t->sys.nr;
	c->abi = t->sys.abi;
	c->proto = t->sys.sc;
	c->pid = t->tgid;
	c->tid = t->tid;
	c->ip = t->sys.ip;
	c->sp = t->sys.sp;
	c->argc = t->sys.sc ? t->sys.sc->nregs : 6;
	memcpy(c->args, t->sys.args, sizeof(c->args));
	c->at_return = at_return;
	c->skipped = (t->flags & TF_SKIPPED) != 0;
	c->ret = at_return ? t->sys.ret : t->skip_ret;
	c->sup = sup;
}

/* Runs @h's callback on the call in @cx; hooks the callback registers
 * without a label get @h's. */
static void call_hook(struct sw_supervisor *sup, struct sw_hook *h,
		      struct call_ctx *cx)
{
	const char *label = sup->hooks.label;

	cx->call.hook = h;
	sup->hooks.label = h->label;
	h->fn(&cx->call, h->data);
	sup->hooks.label = label;
}

/*
 * At entry: runs the matching entry hooks in order, and notes in the
 * tracee the matching return hooks, which run at the exit (filters are
 * decided here, on the call as it starts: the strings an argument points
 * to may be gone by the exit).  Hooks registered by these callbacks wait
 * for the next call.
 */
static void run_entry_hooks(struct sw_supervisor *sup, struct call_ctx *cx)
{
	unsigned long end = sup->hooks.next_seq;
	struct sw_hook *h;

	sup->hooks.running++;
	for (h = sup->hooks.head; h && h->seq < end; h = h->next) {
		if (!matches(h, cx))
			continue;
		if ((h->when & SW_HOOK_RETURN) &&
		    tracee_note_hook(cx->t, h->seq) < 0)
			supervisor_warn(sup,
					"pid %d: out of memory: a return "
					"hook will not run",
					cx->t->tid);
		if (h->when & SW_HOOK_ENTER)
			call_hook(sup, h, cx);
	}
	sup->hooks.running--;
	sweep(&sup->hooks);
}

/* At the exit: runs the return hooks noted at entry that are still
 * enabled and whose return-value filter passes. */
static void run_return_hooks(struct sw_supervisor *sup, struct call_ctx *cx)
{
	struct sw_tracee *t = cx->t;
	struct sw_hook *h;
	unsigned int i = 0;

	sup->hooks.running++;
	for (h = sup->hooks.head; h && i < t->nret; h = h->next) {
		while (i < t->nret && t->ret_hooks[i] < h->seq)
			i++;
		if (i < t->nret && t->ret_hooks[i] == h->seq && h->enabled &&
		    !h->dead &&
		    hook_value_match(&h->ret, (uint64_t)cx->call.ret, true))
			call_hook(sup, h, cx);
	}
	t->nret = 0;
	sup->hooks.running--;
	sweep(&sup->hooks);
}

/* Turns the call at entry into exit(code) of this thread alone. */
static void end_thread(struct sw_supervisor *sup, struct sw_tracee *t)
{
	const struct sw_syscall *ex = sw_sysent_by_name(t->sys.abi, "exit");
	int r;

	/* An exit ends the thread anyway (unskip it); exit_group must stay
	 * whole, or the other threads would live on, maybe blocked. */
	if (decode_never_returns(&t->sys))
		r = t->flags & TF_SKIPPED
			? sw_arch_host.set_scno(t->tid, t->sys.abi, t->sys.nr)
			: 0;
	else
		r = ex ? sw_arch_host.set_scno(t->tid, t->sys.abi, ex->nr)
		       : -ENOSYS;
	if (r == 0 && !decode_never_returns(&t->sys))
		r = sw_arch_host.set_arg(t->tid, t->sys.abi, 0,
					 (uint64_t)t->end_code);
	if (r < 0)
		supervisor_warn(sup, "pid %d: cannot end the thread: %s",
				t->tid, strerror(-r));
	t->flags &= ~(TF_END_THREAD | TF_SKIPPED | TF_HOOK_RETURN);
	untraced_cancel(sup, t); /* a clone3 made exit has no exit stop */
}

void hook_enter(struct sw_supervisor *sup, struct sw_tracee *t)
{
	struct call_ctx cx;

	t->nret = 0;
	if (sup->hooks.head && !(t->flags & TF_END_THREAD)) {
		call_init(&cx, sup, t, false);
		run_entry_hooks(sup, &cx);
		/* A signal to deliver, or return hooks, need the exit. */
		if (t->nret || t->inject_sig)
			t->flags |= TF_HOOK_RETURN;
		if (cx.end_thread)
			t->flags |= TF_END_THREAD;
	}
	if (t->flags & TF_END_THREAD)
		end_thread(sup, t);
}

/* Makes @ret the result of @t's call, at its exit stop. */
static void write_result(struct sw_supervisor *sup, struct sw_tracee *t,
			 int64_t ret, bool *is_error)
{
	int r = sw_arch_host.set_retval(t->tid, t->sys.abi, ret);

	if (r < 0)
		supervisor_warn(sup, "pid %d: cannot set the result of %s: %s",
				t->tid, t->sys.sc ? t->sys.sc->name : "a call",
				strerror(-r));
	t->sys.ret = ret;
	*is_error = ret < 0 && ret >= -4095;
	t->flags |= TF_INJECTED;
}

void hook_return(struct sw_supervisor *sup, struct sw_tracee *t, bool *is_error)
{
	struct call_ctx cx;
	int64_t ret = t->sys.ret;

	if (t->flags & TF_SKIPPED)
		ret = t->skip_ret;
	if (t->flags & TF_HOOK_RETURN) {
		t->sys.ret = ret;
		call_init(&cx, sup, t, true);
		run_return_hooks(sup, &cx);
		ret = cx.call.ret;
		if (cx.end_thread)
			t->flags |= TF_END_THREAD;
	}
	if (ret != t->sys.ret || (t->flags & TF_SKIPPED))
		write_result(sup, t, ret, is_error);
	t->flags &= ~(TF_SKIPPED | TF_HOOK_RETURN);
}

void hook_release(struct sw_supervisor *sup, struct sw_tracee *t)
{
	bool is_error;

	if (t->flags & TF_SKIPPED)
		write_result(sup, t, t->skip_ret, &is_error);
	t->nret = 0;
	t->flags &= ~(TF_SKIPPED | TF_HOOK_RETURN);
}

/* --- what a callback can do --- */

SW_API const char *sw_call_comm(struct sw_call *call)
{
	return call_comm(CALL_CTX(call));
}

SW_API pid_t sw_call_ppid(struct sw_call *call)
{
	struct call_ctx *cx = CALL_CTX(call);
	pid_t ppid;

	if (!cx->ppid) {
		ppid = tracee_read_status_id(call->pid, "PPid");
		cx->ppid = ppid > 0 ? ppid : 0;
	}
	return cx->ppid;
}

SW_API int sw_call_skip(struct sw_call *call, int64_t ret)
{
	struct sw_tracee *t = CALL_CTX(call)->t;
	int r;

	if (call->at_return)
		return -EINVAL;
	if (call->skipped)
		return -EALREADY;
	r = sw_arch_host.set_scno(t->tid, t->sys.abi, -1);
	if (r < 0)
		return r;
	call->skipped = true;
	call->ret = ret;
	t->skip_ret = ret;
	t->flags |= TF_SKIPPED;
	return 0;
}

SW_API int sw_call_signal(struct sw_call *call, int sig)
{
	if (call->at_return || sig <= 0 || sig > 64)
		return -EINVAL;
	CALL_CTX(call)->t->inject_sig = sig;
	return 0;
}

SW_API int sw_call_set_return(struct sw_call *call, int64_t ret)
{
	if (!call->at_return)
		return -EINVAL;
	call->ret = ret;
	return 0;
}

SW_API int sw_call_set_arg(struct sw_call *call, unsigned int i, uint64_t value)
{
	struct sw_tracee *t = CALL_CTX(call)->t;
	int r;

	if (call->at_return || i >= 6)
		return -EINVAL;
	if (t->flags & TF_CLONE3)
		return -EPERM; /* its registers are clone's now (untraced.c) */
	if (t->sys.via)
		return -EOPNOTSUPP; /* the argument is in socketcall's array */
	r = sw_arch_host.set_arg(t->tid, t->sys.abi, i, value);
	if (r == 0) /* later hooks match, and the trace shows, the new value */
		call->args[i] = t->sys.args[i] = value;
	return r;
}

SW_API ssize_t sw_call_read_bytes(struct sw_call *call, uint64_t addr,
				  void *buf, size_t len)
{
	return tracemem_read(call->tid, addr, buf, len);
}

SW_API ssize_t sw_call_read_str(struct sw_call *call, uint64_t addr, char *buf,
				size_t size)
{
	bool complete;
	ssize_t n;

	if (!size)
		return -EINVAL;
	n = tracemem_read_str(call->tid, addr, buf, size - 1, &complete);
	if (n < 0 || complete)
		return n;
	/* Cut by @size, or by unreadable memory before any NUL. */
	return (size_t)n == size - 1 ? -ERANGE : -EFAULT;
}

SW_API int sw_call_read_ptrlist(struct sw_call *call, uint64_t addr,
				uint64_t *out, size_t max)
{
	const struct sw_sysent_table *tab = sw_sysent_table(call->abi);
	size_t word = tab ? tab->wordsize : sizeof(uint64_t), n;
	uint64_t p = 0;
	ssize_t got;

	for (n = 0; n <= max; n++) {
		p = 0;
		got = tracemem_read(call->tid, addr + n * word, &p, word);
		if (got < 0)
			return (int)got;
		if ((size_t)got != word)
			return -EFAULT;
		if (!p)
			return (int)n;
		if (n < max)
			out[n] = p;
	}
	return -E2BIG;
}

SW_API int sw_call_write_bytes(struct sw_call *call, uint64_t addr,
			       const void *buf, size_t len)
{
	return tracemem_write(call->tid, addr, buf, len);
}

static bool any_filtered(struct sw_supervisor *sup, pid_t tgid)
{
	struct sw_tracee *t, *tmp;
	unsigned int i;

	tracee_for_each (&sup->tracees, i, t, tmp)
		if ((t->flags & TF_FILTERED) && (!tgid || t->tgid == tgid))
			return true;
	return false;
}

SW_API int sw_call_stop(struct sw_call *call, enum sw_stop_mode mode)
{
	struct sw_supervisor *sup = call->sup;

	if (mode != SW_STOP_KILL && mode != SW_STOP_DETACH)
		return -EINVAL;
	if (mode == SW_STOP_DETACH && any_filtered(sup, 0))
		return -EPERM;
	/* The call that asked for the kill does not run. */
	if (mode == SW_STOP_KILL && !call->at_return)
		sw_call_skip(call, -EINTR);
	sup->stop_mode = mode;
	sup->stop_by_hook = true;
	return 0;
}

SW_API int sw_call_end_thread(struct sw_call *call, int code)
{
	CALL_CTX(call)->end_thread = true;
	CALL_CTX(call)->t->end_code = code;
	return 0;
}

SW_API int sw_call_detach_process(struct sw_call *call)
{
	struct sw_supervisor *sup = call->sup;
	struct sw_tracee *t, *tmp, *self = CALL_CTX(call)->t;
	unsigned int i;

	if (any_filtered(sup, self->tgid))
		return -EPERM;
	tracee_for_each (&sup->tracees, i, t, tmp) {
		if (t->tgid != self->tgid)
			continue;
		t->flags |= TF_DETACHING;
		if (t != self)
			ptrace(PTRACE_INTERRUPT, t->tid, NULL, NULL);
	}
	return 0;
}

SW_API void sw_call_report(struct sw_call *call, const char *fmt, ...)
{
	struct sw_supervisor *sup = call->sup;
	const char *src =
	    call->hook && call->hook->label ? call->hook->label : "hook";
	struct strbuf sb, line;
	struct out_event ev = { .kind = OUT_REPORT, .t = CALL_CTX(call)->t };
	va_list ap;

	strbuf_init(&sb);
	strbuf_init(&line);
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	decode_escaped(&line, sb.buf ? sb.buf : "", sb.len, false);
	ev.source = src;
	ev.text = sb.buf ? sb.buf : "";
	supervisor_emit(sup, &ev);
	if (sup->out.fp)
		output_line(&sup->out, CALL_CTX(call)->t, "### %s: %s", src,
			    line.buf ? line.buf : "");
	else if (sup->log && !sup->sinks)
		fprintf(sup->log, "syswarden: %s: pid %d: %s\n", src, call->tid,
			line.buf ? line.buf : "");
	strbuf_release(&line);
	strbuf_release(&sb);
}

SW_API char *sw_quote(char *out, size_t size, const void *s, size_t len,
		      size_t max)
{
	struct strbuf sb;
	size_t keep;

	if (!size)
		return out;
	strbuf_init(&sb);
	decode_quoted(&sb, s, len < max ? len : max, len > max);
	keep = sb.len < size ? sb.len : size - 1;
	memcpy(out, sb.buf ? sb.buf : "", keep);
	out[keep] = '\0';
	if (keep < sb.len && size > 4)
		memcpy(out + size - 4, "...", 4);
	strbuf_release(&sb);
	return out;
}

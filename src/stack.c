// SPDX-License-Identifier: LGPL-2.1-or-later
/* syswarden - stack traces of tracees stopped at a syscall (see stack.h). */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "stack.h"
#include "tracee.h"

bool stack_maps_change(const struct sw_event *ev)
{
	const char *name = ev->sc ? ev->sc->name : "";

	if (!strcmp(name, "mprotect"))
		return (ev->args[2] & PROT_EXEC) != 0;
	return !strcmp(name, "mmap") || !strcmp(name, "mmap2") ||
	       !strcmp(name, "munmap") || !strcmp(name, "mremap");
}

static void frame_release(struct stack_frame *f)
{
	free(f->file);
	free(f->symbol);
	free(f->src);
	memset(f, 0, sizeof(*f));
}

void stack_trace_release(struct stack_trace *st)
{
	size_t i;

	for (i = 0; i < st->n; i++)
		frame_release(&st->frames[i]);
	free(st->frames);
	st->frames = NULL;
	st->n = 0;
	st->error = 0;
}

void stack_trace_free(struct stack_trace *st)
{
	if (!st)
		return;
	stack_trace_release(st);
	free(st);
}

/* One frame: " > FILE(SYMBOL+0xOFF) [0xADDR]", as strace -k writes it;
 * "FILE() [0xADDR]" without a symbol, "? [0xIP]" outside any file. */
static int format_frame(const struct stack_frame *f, struct strbuf *sb)
{
	int r;

	if (!f->file)
		return strbuf_addf(sb, " > ? [0x%" PRIx64 "]", f->ip);
	if (f->symbol)
		r = strbuf_addf(sb, " > %s(%s+0x%" PRIx64 ") [0x%" PRIx64 "]",
				f->file, f->symbol, f->offset, f->address);
	else
		r = strbuf_addf(sb, " > %s() [0x%" PRIx64 "]", f->file,
				f->address);
	if (r >= 0 && f->src)
		r = strbuf_addf(sb, " %s:%u", f->src, f->line);
	return r;
}

int stack_format(const struct stack_trace *st, struct strbuf *sb)
{
	size_t i;
	int r = 0;

	for (i = 0; i < st->n && r >= 0; i++) {
		if (i)
			r = strbuf_add(sb, "\n", 1);
		if (r >= 0)
			r = format_frame(&st->frames[i], sb);
	}
	if (r >= 0 && st->error)
		r = strbuf_addf(sb, "%s > unwind stopped: %s",
				st->n ? "\n" : "", strerror(-st->error));
	return r < 0 ? -ENOMEM : 0;
}

#if HAVE_STACK

#include <elfutils/libdwfl.h>
#include <gelf.h>
#include <libunwind-ptrace.h>

#include "arch.h"

/* Frames already named, by address: libdwfl looks a symbol up by going
 * through the whole table (libc's has some 10 000), and the same few
 * call sites come back call after call. */
#define MEMO_SIZE 1024 /* a power of two */

struct frame_memo {
	bool used;
	bool caller; /* named as a return address */
	struct stack_frame f;
};

/* A module's symbols by address, built once: libdwfl looks an address up
 * by going through the whole table. */
struct sym {
	uint64_t start, size;
	const char *name; /* in the module's ELF data */
	bool global;
};

struct sym_index {
	Dwfl_Module *mod;
	Dwarf_Addr start, end; /* where it was mapped */
	char *name; /* its file */
	struct sym *syms; /* by start; NULL when the module has none */
	size_t n;
};

/* What is known of one process. */
struct stack_proc {
	pid_t tgid;
	Dwfl *dwfl; /* its modules, with symbols and CFI */
	bool dwfl_attached; /* elfutils' unwinder is set up on it */
	unw_addr_space_t as; /* libunwind's caches */
	struct frame_memo *memo; /* MEMO_SIZE of them, or NULL */
	struct sym_index *index; /* one per module looked into */
	size_t nindex;
	bool stale; /* its map is to be read again */
	struct stack_proc *next;
};

struct stack_cache {
	struct stack_proc *procs;
	bool lines;
};

/* Debug files are looked for beside the file, in .debug/, and under
 * /usr/lib/debug (by build id: .build-id/xx/yyyy.debug), elfutils'
 * default path. */
static const Dwfl_Callbacks proc_callbacks = {
	.find_elf = dwfl_linux_proc_find_elf,
	.find_debuginfo = dwfl_standard_find_debuginfo,
};

int stack_cache_new(struct stack_cache **out, bool lines)
{
	struct stack_cache *c = calloc(1, sizeof(*c));

	if (!c)
		return -ENOMEM;
	c->lines = lines;
	*out = c;
	return 0;
}

static void drop_indexes(struct stack_proc *p)
{
	size_t i;

	for (i = 0; i < p->nindex; i++) {
		free(p->index[i].syms);
		free(p->index[i].name);
	}
	free(p->index);
	p->index = NULL;
	p->nindex = 0;
}

/* Whether @ix's module is still mapped where it was, from the same file:
 * libdwfl keeps such a module when the map is read again, and frees the
 * others (whose address a new module may then get). */
static bool index_still_valid(Dwfl *dwfl, const struct sym_index *ix)
{
	Dwfl_Module *m = dwfl_addrmodule(dwfl, ix->start);
	Dwarf_Addr start = 0, end = 0;
	const char *name;

	if (m != ix->mod)
		return false;
	name = dwfl_module_info(m, NULL, &start, &end, NULL, NULL, NULL, NULL);
	return start == ix->start && end == ix->end && name &&
	       !strcmp(name, ix->name);
}

/* After the map was read again: keeps the indexes of modules still
 * there. */
static void prune_indexes(struct stack_proc *p)
{
	size_t i, kept = 0;

	for (i = 0; i < p->nindex; i++) {
		if (index_still_valid(p->dwfl, &p->index[i])) {
			p->index[kept++] = p->index[i];
			continue;
		}
		free(p->index[i].syms);
		free(p->index[i].name);
	}
	p->nindex = kept;
}

static void proc_free(struct stack_proc *p)
{
	size_t i;

	for (i = 0; p->memo && i < MEMO_SIZE; i++)
		frame_release(&p->memo[i].f);
	free(p->memo);
	drop_indexes(p);
	if (p->dwfl)
		dwfl_end(p->dwfl);
	if (p->as)
		unw_destroy_addr_space(p->as);
	free(p);
}

void stack_cache_free(struct stack_cache *c)
{
	struct stack_proc *p, *next;

	if (!c)
		return;
	for (p = c->procs; p; p = next) {
		next = p->next;
		proc_free(p);
	}
	free(c);
}

void stack_forget(struct stack_cache *c, pid_t tgid)
{
	struct stack_proc **pp, *p;

	for (pp = &c->procs; (p = *pp); pp = &p->next)
		if (p->tgid == tgid) {
			*pp = p->next;
			proc_free(p);
			return;
		}
}

void stack_invalidate(struct stack_cache *c, pid_t tgid)
{
	struct stack_proc *p;
	size_t i;

	for (p = c->procs; p && p->tgid != tgid; p = p->next)
		;
	if (!p)
		return;
	p->stale = true;
	for (i = 0; p->memo && i < MEMO_SIZE; i++) {
		frame_release(&p->memo[i].f);
		p->memo[i].used = false;
	}
	if (p->as)
		unw_flush_cache(p->as, 0, 0);
}

/* Reads @p's map into its Dwfl: modules mapped as before are kept, with
 * what was loaded of them.  0 or -errno. */
static int proc_report(struct stack_proc *p)
{
	int r;

	dwfl_report_begin(p->dwfl);
	r = dwfl_linux_proc_report(p->dwfl, p->tgid);
	if (dwfl_report_end(p->dwfl, NULL, NULL) != 0 && r == 0)
		r = EIO;
	if (r != 0)
		return r > 0 ? -r : -EIO;
	p->stale = false;
	prune_indexes(p);
	return 0;
}

/* @tgid's entry, made with its module list read from /proc/TGID/maps. */
static int proc_get(struct stack_cache *c, pid_t tgid, struct stack_proc **out)
{
	struct stack_proc *p;
	int r = -ENOMEM;

	for (p = c->procs; p; p = p->next)
		if (p->tgid == tgid) {
			*out = p;
			return p->stale ? proc_report(p) : 0;
		}
	p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	p->tgid = tgid;
	p->dwfl = dwfl_begin(&proc_callbacks);
	if (!p->dwfl)
		goto fail;
	r = proc_report(p);
	if (r < 0)
		goto fail;
	p->next = c->procs;
	c->procs = p;
	*out = p;
	return 0;
fail:
	proc_free(p);
	return r;
}

/* The host's own ABI, with libunwind.  Its caches (unwind tables by
 * address) live in the process's address space object. */
static int unwind_native(struct stack_proc *p, pid_t tid, uint64_t *ips,
			 size_t *n)
{
	unw_cursor_t cur;
	unw_word_t ip;
	void *upt;
	int r;

	if (!p->as) {
		p->as = unw_create_addr_space(&_UPT_accessors, 0);
		if (!p->as)
			return -ENOMEM;
		/* syswarden has one thread: the global policy would only
		 * add a signal mask change around each cache access. */
		unw_set_caching_policy(p->as, UNW_CACHE_PER_THREAD);
	}
	upt = _UPT_create(tid);
	if (!upt)
		return -ENOMEM;
	r = unw_init_remote(&cur, p->as, upt);
	while (r >= 0 && *n < STACK_MAX_FRAMES) {
		r = unw_get_reg(&cur, UNW_REG_IP, &ip);
		if (r < 0 || !ip)
			break;
		ips[(*n)++] = ip;
		r = unw_step(&cur);
		if (r <= 0)
			break;
	}
	_UPT_destroy(upt);
	return r < 0 ? -EIO : 0;
}

struct ip_list {
	uint64_t *ips;
	size_t n;
};

static int add_frame(Dwfl_Frame *state, void *arg)
{
	struct ip_list *l = arg;
	Dwarf_Addr pc;

	if (!dwfl_frame_pc(state, &pc, NULL) || !pc)
		return DWARF_CB_ABORT;
	l->ips[l->n++] = pc;
	return l->n < STACK_MAX_FRAMES ? DWARF_CB_OK : DWARF_CB_ABORT;
}

/* The other ABI (i386 on an x86_64 host), which a libunwind built for the
 * host cannot unwind: elfutils' unwinder, on the tracee already stopped
 * by us. */
static int unwind_compat(struct stack_proc *p, pid_t tid, uint64_t *ips,
			 size_t *n)
{
	struct ip_list l = { ips, 0 };
	int r;

	if (!p->dwfl_attached) {
		if (dwfl_linux_proc_attach(p->dwfl, p->tgid, true) != 0)
			return -EIO;
		p->dwfl_attached = true;
	}
	r = dwfl_getthread_frames(p->dwfl, tid, add_frame, &l);
	*n = l.n;
	/* It ends in an error past the outermost frame, as often as not. */
	return r < 0 && !l.n ? -EIO : 0;
}

/* Keeps elfutils' frames in @ips when it finds more than the @n there. */
static void unwind_other(struct stack_proc *p, pid_t tid, uint64_t *ips,
			 size_t *n, int *error)
{
	uint64_t more[STACK_MAX_FRAMES];
	size_t m = 0;
	int r = unwind_compat(p, tid, more, &m);

	if (m <= *n && *n)
		return;
	memcpy(ips, more, m * sizeof(*ips));
	*n = m;
	*error = r;
}

/* @ip of module @m as an offset in its file, by its LOAD segment. */
static uint64_t file_offset(Dwfl_Module *m, uint64_t ip)
{
	GElf_Addr bias = 0;
	GElf_Phdr ph;
	Dwarf_Addr start = 0;
	Elf *elf = dwfl_module_getelf(m, &bias);
	size_t i, nph = 0;

	if (elf && elf_getphdrnum(elf, &nph) == 0)
		for (i = 0; i < nph; i++)
			if (gelf_getphdr(elf, (int)i, &ph) &&
			    ph.p_type == PT_LOAD && ip - bias >= ph.p_vaddr &&
			    ip - bias < ph.p_vaddr + ph.p_memsz)
				return ip - bias - ph.p_vaddr + ph.p_offset;
	dwfl_module_info(m, NULL, &start, NULL, NULL, NULL, NULL, NULL);
	return ip - start;
}

/* By start; of the aliases at one start, global names first, then by
 * name, so that an address always gets the same one. */
static int sym_cmp(const void *a, const void *b)
{
	const struct sym *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->global != y->global)
		return x->global ? -1 : 1;
	return strcmp(x->name, y->name);
}

static bool sym_wanted(const GElf_Sym *sym, GElf_Word shndx, GElf_Addr addr)
{
	int type = GELF_ST_TYPE(sym->st_info);

	return addr && shndx != SHN_UNDEF && type != STT_SECTION &&
	       type != STT_FILE && type != STT_TLS;
}

/* Fills @ix with @m's symbols, sorted.  0 or -ENOMEM. */
static int index_build(struct sym_index *ix, Dwfl_Module *m)
{
	int i, n = dwfl_module_getsymtab(m);
	GElf_Word shndx;
	GElf_Addr addr;
	GElf_Sym sym;
	const char *name;

	ix->mod = m;
	ix->n = 0;
	name = dwfl_module_info(m, NULL, &ix->start, &ix->end, NULL, NULL, NULL,
				NULL);
	ix->name = strdup(name ? name : "");
	ix->syms = n > 1 ? calloc((size_t)n, sizeof(*ix->syms)) : NULL;
	if (!ix->name || (n > 1 && !ix->syms)) {
		free(ix->name);
		free(ix->syms);
		return -ENOMEM;
	}
	for (i = 1; i < n; i++) {
		name = dwfl_module_getsym_info(m, i, &sym, &addr, &shndx, NULL,
					       NULL);
		if (!name || !*name || !sym_wanted(&sym, shndx, addr))
			continue;
		ix->syms[ix->n++] = (struct sym){
			.start = addr,
			.size = sym.st_size,
			.name = name,
			.global = GELF_ST_BIND(sym.st_info) != STB_LOCAL,
		};
	}
	if (ix->n)
		qsort(ix->syms, ix->n, sizeof(*ix->syms), sym_cmp);
	return 0;
}

/* @m's index in @p, built at its first use; NULL when out of memory. */
static struct sym_index *index_of(struct stack_proc *p, Dwfl_Module *m)
{
	struct sym_index *grown;
	size_t i;

	for (i = 0; i < p->nindex; i++)
		if (p->index[i].mod == m)
			return &p->index[i];
	grown = realloc(p->index, (p->nindex + 1) * sizeof(*grown));
	if (!grown)
		return NULL;
	p->index = grown;
	if (index_build(&grown[p->nindex], m) < 0)
		return NULL;
	return &grown[p->nindex++];
}

/* The symbol that holds @addr (or the sizeless one before it). */
static const struct sym *sym_find(const struct sym_index *ix, uint64_t addr)
{
	size_t lo = 0, hi = ix->n, mid;
	const struct sym *s;

	while (lo < hi) { /* the first symbol past @addr */
		mid = lo + (hi - lo) / 2;
		if (ix->syms[mid].start <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return NULL;
	s = &ix->syms[lo - 1];
	while (s > ix->syms && s[-1].start == s->start)
		s--; /* the preferred one of that start */
	return !s->size || addr < s->start + s->size ? s : NULL;
}

/* Names frame @f.  A caller's frame holds a return address, which may be
 * past its function's end (a call to a noreturn function): it is looked
 * up one byte before. */
static int name_frame(const struct stack_cache *c, struct stack_proc *p,
		      struct stack_frame *f, bool caller)
{
	Dwarf_Addr look = f->ip - caller;
	Dwfl_Module *m = dwfl_addrmodule(p->dwfl, look);
	const struct sym_index *ix;
	const struct sym *sym;
	Dwfl_Line *line;
	const char *s;
	int ln = 0;

	if (!m)
		return 0;
	s = dwfl_module_info(m, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
	/* elfutils calls the vDSO "[vdso: PID]"; strace "[vdso]" */
	if (s && !strncmp(s, "[vdso", 5))
		s = "[vdso]";
	if (s && !(f->file = strdup(s)))
		return -ENOMEM;
	f->address = file_offset(m, f->ip);
	ix = index_of(p, m);
	if (!ix)
		return -ENOMEM;
	sym = sym_find(ix, look);
	s = sym ? sym->name : NULL;
	/* without its version: "__libc_start_main", not "...@@GLIBC_2.34" */
	if (s && !(f->symbol = strndup(s, strcspn(s, "@"))))
		return -ENOMEM;
	f->offset = sym ? f->ip - sym->start : 0;
	line = c->lines ? dwfl_module_getsrc(m, look) : NULL;
	s = line ? dwfl_lineinfo(line, NULL, &ln, NULL, NULL, NULL) : NULL;
	if (s && !(f->src = strdup(s)))
		return -ENOMEM;
	f->line = (unsigned int)ln;
	return 0;
}

/* Copies @from's names into @to; 0 or -ENOMEM. */
static int frame_copy(struct stack_frame *to, const struct stack_frame *from)
{
	*to = (struct stack_frame){ .ip = from->ip,
				    .address = from->address,
				    .offset = from->offset,
				    .line = from->line };
	if ((from->file && !(to->file = strdup(from->file))) ||
	    (from->symbol && !(to->symbol = strdup(from->symbol))) ||
	    (from->src && !(to->src = strdup(from->src))))
		return -ENOMEM;
	return 0;
}

/* name_frame() through @p's memo. */
static int name_frame_memo(const struct stack_cache *c, struct stack_proc *p,
			   struct stack_frame *f, bool caller)
{
	struct frame_memo *m;
	uint64_t h = f->ip * 0x9e3779b97f4a7c15ull;
	int r;

	if (!p->memo)
		p->memo = calloc(MEMO_SIZE, sizeof(*p->memo));
	if (!p->memo)
		return name_frame(c, p, f, caller);
	m = &p->memo[(h >> 32) & (MEMO_SIZE - 1)];
	if (m->used && m->f.ip == f->ip && m->caller == caller)
		return frame_copy(f, &m->f);
	r = name_frame(c, p, f, caller);
	if (r < 0)
		return r;
	frame_release(&m->f);
	m->used = frame_copy(&m->f, f) == 0;
	m->caller = caller;
	return 0;
}

int stack_capture(struct stack_cache *c, const struct sw_tracee *t,
		  enum sw_abi abi, struct stack_trace *out)
{
	uint64_t ips[STACK_MAX_FRAMES];
	struct stack_proc *p = NULL;
	size_t i, n = 0;
	int r;

	memset(out, 0, sizeof(*out));
	r = proc_get(c, t->tgid, &p);
	if (r < 0)
		return r;
	if (abi == sw_arch_host.abis[0])
		out->error = unwind_native(p, t->tid, ips, &n);
	/* libunwind finds unwind tables through PT_GNU_EH_FRAME, which a
	 * static program has none of; elfutils reads .eh_frame itself. */
	if (abi != sw_arch_host.abis[0] || n < 2)
		unwind_other(p, t->tid, ips, &n, &out->error);
	out->frames = calloc(n ? n : 1, sizeof(*out->frames));
	if (!out->frames)
		return -ENOMEM;
	for (i = 0; i < n && r >= 0; i++) {
		out->frames[i].ip = ips[i];
		out->n++;
		r = name_frame_memo(c, p, &out->frames[i], i > 0);
	}
	if (r < 0)
		stack_trace_release(out);
	return r;
}

#else /* !HAVE_STACK */

int stack_cache_new(struct stack_cache **out, bool lines)
{
	(void)lines;
	*out = NULL;
	return -ENOTSUP;
}

void stack_cache_free(struct stack_cache *c)
{
	(void)c;
}

void stack_invalidate(struct stack_cache *c, pid_t tgid)
{
	(void)c;
	(void)tgid;
}

void stack_forget(struct stack_cache *c, pid_t tgid)
{
	(void)c;
	(void)tgid;
}

int stack_capture(struct stack_cache *c, const struct sw_tracee *t,
		  enum sw_abi abi, struct stack_trace *out)
{
	(void)c;
	(void)t;
	(void)abi;
	memset(out, 0, sizeof(*out));
	return -ENOTSUP;
}

#endif /* HAVE_STACK */

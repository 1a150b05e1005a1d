/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * syswarden - conditions on a syscall's arguments in a trace set:
 *
 *	write(fd == 2)   openat(flags & O_CREAT)   kill(sig == SIGKILL)
 *	read(fd in 3..9 && count > 4096)   openat(filename == "/etc/passwd")
 *
 * A condition compares named arguments (names from the prototypes) with
 * numbers or constants by name, joined by &&, || and !.  The supervisor
 * evaluates it exactly at each stop; the seccomp filter gets what BPF can
 * express of it (argcond_compile()), always erring towards stopping.
 */
#ifndef SW_ARGCOND_H
#define SW_ARGCOND_H

#include <seccomp.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include <syswarden/hook.h>

#include "tracee.h"
#include "util.h"

struct argcond;

/*
 * Parses the condition of syscall @name starting at @text (just after
 * '('), up to the matching ')', which *end is left pointing at.  Argument
 * names must exist in @name's prototype on some ABI.  On error returns
 * -EINVAL, appends the reason to @err and sets *errpos to the offending
 * byte of @text.
 */
int argcond_parse(const char *name, const char *text, const char **end,
		  struct argcond **out, struct strbuf *err,
		  const char **errpos);
void argcond_free(struct argcond *c);
/* "@a || @b", owning both; NULL (and both freed) when out of memory. */
struct argcond *argcond_or(struct argcond *a, struct argcond *b);
/* "@a && @b", likewise. */
struct argcond *argcond_and(struct argcond *a, struct argcond *b);
/* A deep copy of @c (NULL for NULL or when out of memory). */
struct argcond *argcond_clone(const struct argcond *c);
/*
 * The condition a hook's value filter @f puts on register slot @reg, as
 * far as the seccomp compiler can use it: NULL in *out for a filter that
 * BPF has nothing to gain from (success, error).  Returns 0 or -ENOMEM.
 */
int argcond_from_filter(unsigned int reg, const struct sw_value_filter *f,
			struct argcond **out);

/* Whether the syscall in @ev (of tracee @tid, for string arguments)
 * satisfies @c, with each argument at its C type's width and sign. */
bool argcond_eval(const struct argcond *c, const struct sw_event *ev,
		  pid_t tid);

/*
 * Adds to @ctx the SCMP_ACT_ALLOW rules under which syscall @sc (number
 * @nr as libseccomp wants it, @exact for seccomp_rule_add_exact) cannot
 * satisfy @c.  Whatever BPF cannot express is left out, so the filter's
 * default (trace) covers it.  Returns how many argument comparisons its
 * rules hold in all, or -errno.
 */
int argcond_compile(const struct argcond *c, const struct sw_syscall *sc,
		    unsigned int wordsize, scmp_filter_ctx ctx, int nr,
		    bool exact);

/*
 * Adds to @ctx rules of @action under which syscall @sc satisfies @c:
 * each rule implies @c.  *partial is set when some of @c could not be
 * expressed (or libseccomp refused a rule), so the rules cover less than
 * @c.  Returns the comparisons the rules hold, or -errno.
 */
int argcond_compile_where(const struct argcond *c, const struct sw_syscall *sc,
			  unsigned int wordsize, scmp_filter_ctx ctx, int nr,
			  bool exact, uint32_t action, bool *partial);

/* Values per register slot worth running a filter compiled from a
 * condition on: its constants, one off, with either upper half. */
#define ARGCOND_PROBES 64
struct argcond_probes {
	uint64_t v[6][ARGCOND_PROBES];
	unsigned int n[6];
};

/*
 * A walk over the argument vectors of @p: every combination of its slots'
 * values while there are at most ARGCOND_MAX_VECTORS, and that many drawn
 * from them (deterministically, from @seed) when there are more.  With
 * no probe values at all, one vector of zeros.
 */
#define ARGCOND_MAX_VECTORS 4096
struct argcond_walk {
	const struct argcond_probes *p;
	uint64_t k, total, state;
	unsigned int wordsize;
};

void argcond_walk_init(struct argcond_walk *w, const struct argcond_probes *p,
		       unsigned int wordsize, uint64_t seed);
/* The next vector into @args (lower halves only for a @wordsize of 4);
 * false when the walk is done. */
bool argcond_walk_next(struct argcond_walk *w, uint64_t args[6]);

/* Fills @p with the probe values of @c on @sc (none for a slot that @c
 * does not compare, or compares as a string). */
void argcond_probes(const struct argcond *c, const struct sw_syscall *sc,
		    struct argcond_probes *p);

#endif /* SW_ARGCOND_H */

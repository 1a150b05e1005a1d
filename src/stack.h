/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * syswarden - stack traces of tracees stopped at a syscall (strace's -k).
 *
 * A tracee of the host's own ABI is unwound with libunwind-ptrace; one of
 * the other ABI (i386 on x86_64), which libunwind built for the host
 * cannot unwind, with elfutils' unwinder.  Frames are named with
 * elfutils' libdwfl: the full symbol table (.symtab) where the file or
 * its separate debug file (/usr/lib/debug/.build-id/...) has one, so that
 * static functions get their own names, else the dynamic one.
 *
 * What is expensive is kept per process: the modules mapped, with their
 * symbol tables, unwind tables and the frames named.  A call that changes
 * executable mappings (stack_maps_change()) makes the map be read again
 * (stack_invalidate(): modules still mapped where they were are kept);
 * an exec or the process's end drops everything (stack_forget()).
 *
 * A trace is data (struct stack_trace); stack_format() makes strace's
 * text of it.
 */
#ifndef SW_STACK_H
#define SW_STACK_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include <syswarden/sysent.h>

#include "util.h"

struct sw_event;
struct sw_tracee;

/* At most this many frames a trace, as strace (256). */
#define STACK_MAX_FRAMES 256

struct stack_frame {
	uint64_t ip; /* in the tracee's address space */
	uint64_t address; /* @ip as an offset in @file, strace's [0x...] */
	char *file; /* the mapped file, or NULL */
	char *symbol; /* the function, or NULL */
	uint64_t offset; /* of @ip from @symbol */
	char *src; /* --stack-lines: source file, or NULL */
	unsigned int line; /* and line, when @src */
};

struct stack_trace {
	struct stack_frame *frames;
	size_t n;
	int error; /* -errno when unwinding stopped on an error, else 0 */
};

struct stack_cache;

/* A cache for a supervisor; @lines: look up source lines too.  Returns 0,
 * -ENOMEM, or -ENOTSUP when syswarden was built without libunwind and
 * elfutils. */
int stack_cache_new(struct stack_cache **out, bool lines);
void stack_cache_free(struct stack_cache *c);

/*
 * Unwinds @t, stopped at a syscall and now running code of @abi, into
 * @out (released by the caller with stack_trace_release()).  Returns 0
 * or -errno; a partial trace (an unwind that stopped early) is 0 with
 * @out->error set.
 */
int stack_capture(struct stack_cache *c, const struct sw_tracee *t,
		  enum sw_abi abi, struct stack_trace *out);
void stack_trace_release(struct stack_trace *st);
/* Releases and frees @st, which may be NULL. */
void stack_trace_free(struct stack_trace *st);

/* Whether the call in @ev, at its entry, changes the executable mappings
 * of its process: mmap, munmap, mremap, mprotect with PROT_EXEC. */
bool stack_maps_change(const struct sw_event *ev);
/* The names of those calls, for a -e trace= selection. */
#define STACK_MAPS_CALLS "?mmap,?mmap2,?munmap,?mremap,?mprotect"
/* Makes process @tgid's map be read again at its next trace (after the
 * calls above). */
void stack_invalidate(struct stack_cache *c, pid_t tgid);
/* Drops all that is known of process @tgid (at exec, at its end). */
void stack_forget(struct stack_cache *c, pid_t tgid);

/* Appends strace's lines for @st, " > FILE(SYMBOL+0xOFF) [0xADDR]" one a
 * frame, each but the last followed by '\n'.  0 or -ENOMEM. */
int stack_format(const struct stack_trace *st, struct strbuf *sb);

#endif /* SW_STACK_H */

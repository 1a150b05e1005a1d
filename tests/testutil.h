/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* syswarden tests - running the CLI on helper programs. */
#ifndef SW_TESTUTIL_H
#define SW_TESTUTIL_H

#include <stdbool.h>
#include <sys/types.h>

/* The result of one syswarden run. */
struct run {
	int status; /* syswarden's wait status */
	char *trace; /* the -o file's text, unaligned (trace_unalign) */
	char *err; /* what syswarden wrote to stderr */
};

/* Full path of helper program @name (from $SW_HELPERS). */
const char *helper(const char *name);

/* Runs syswarden with @args (NULL-terminated, without -o) to the end. */
void run_syswarden(struct run *r, const char *const *args);
/* The same, with syswarden started by program @wrapper (NULL: none). */
void run_wrapped(struct run *r, const char *wrapper, const char *const *args);
/* Starts syswarden in the background with its trace in @trace_path;
 * returns once it has exec'd. */
pid_t start_syswarden(const char *trace_path, const char *const *args);
void run_free(struct run *r);

/* Reads a whole file; NULL if it does not exist. */
char *slurp(const char *path);
/*
 * Checks that every line of @text whose result is padded has it at
 * column 40 (strace's default), and collapses that padding to one space
 * in place.  run_syswarden() applies it to its trace.
 */
void trace_unalign(char *text);
/* How many times @needle occurs in @hay. */
int count_of(const char *hay, const char *needle);
/*
 * @trace with every call that another task's line split in two
 * ("call(args <unfinished ...>" ... "<... call resumed>) = r") made whole
 * again, in the place of its second part; free() it.  A part that has
 * no partner (a task that ended in the call) stays as it was.
 */
char *trace_join(const char *trace);
/* The task id a trace line names ("[pid N] "), or 0 when it names none;
 * *body is set to what follows the prefix. */
int line_tid(const char *line, const char **body);
/* The stop count a run with --stats printed (the test fails without). */
long stops_of(const struct run *r);
/*
 * Why i386 helper @name cannot run here (not built, or the kernel lacks
 * IA-32 emulation), or NULL.  Callable outside a test.  A helper that
 * runs and fails is no reason: the tests then say what is wrong.
 */
const char *why_no_i386(const char *name);
/*
 * The ELF machine (EM_X86_64, EM_386, EM_AARCH64, EM_ARM) of the helper
 * programs, which may be another ABI than the tests' own (arm64 tests
 * tracing armhf helpers).  Callable outside a test (0 when unknown).
 */
int helper_machine(void);
/* Whether the helpers' ABI has the legacy calls (open, access, vfork...)
 * that arm64's asm-generic table left out; glibc makes them with the
 * *at and clone calls there. */
bool helper_has_legacy_calls(void);
/* The call the helpers' glibc (2.36) makes threads and posix_spawn
 * children with: clone3 on x86, clone on arm (no clone3 there yet). */
const char *helper_thread_call(void);
/* The flags glibc's open(PATH, O_RDONLY) shows in the helpers' ABI:
 * 32-bit glibc adds O_LARGEFILE. */
const char *helper_rdonly(void);
/* Waits up to @ms for @path to contain @needle. */
bool wait_for_text(const char *path, const char *needle, int ms);
/* The state letter of @pid from /proc (R, S, T, t, Z...) or 0. */
char proc_state(pid_t pid);
/* The TracerPid of @pid, or -1. */
int tracer_of(pid_t pid);

/*
 * Makes this process the reaper of orphans, so that every process a test
 * starts ends up as our child.  reap_check() then fails the test when any
 * of them is still alive (hung or escaped) after @ms, and kills them.
 */
void reaper_begin(void);
void reap_check(int ms);

/* Asserts that wait status @status is an exit with @code. */
void ck_exited(int status, int code);

#endif /* SW_TESTUTIL_H */

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* syswarden - small pure helpers shared by every module. */
#ifndef SW_UTIL_H
#define SW_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static inline void cleanup_freep(void *p)
{
	free(*(void **)p);
}
#define cleanup_free __attribute__((cleanup(cleanup_freep)))

static inline void cleanup_closep(int *fd)
{
	if (*fd >= 0)
		close(*fd);
}
#define cleanup_fd __attribute__((cleanup(cleanup_closep)))

/* Hands ownership of *pp to the caller and leaves NULL behind. */
static inline void *steal_ptr(void *pp)
{
	void **p = pp;
	void *v = *p;

	*p = NULL;
	return v;
}

/* A growable, always NUL-terminated string. */
struct strbuf {
	char *buf;
	size_t len;
	size_t cap;
};

void strbuf_init(struct strbuf *sb);
void strbuf_release(struct strbuf *sb);
void strbuf_reset(struct strbuf *sb);
int strbuf_addf(struct strbuf *sb, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
int strbuf_add(struct strbuf *sb, const char *s, size_t n);

/* Levenshtein distance between two short strings, capped at 255. */
unsigned int util_edit_distance(const char *a, const char *b);

/* Formats into a fixed buffer; always terminates.  Returns @buf. */
char *util_fmt(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Parses a decimal integer in [min, max]; returns 0 or -EINVAL/-ERANGE. */
int util_parse_long(const char *s, long min, long max, long *out);

/*
 * In a child that its parent is to seize: stops itself with SIGSTOP,
 * dumpable first.  A non-dumpable parent (syswarden makes itself one,
 * out of its tracees' reach) has a non-dumpable fork, and a tracer
 * without CAP_SYS_PTRACE cannot seize that (kernel/ptrace.c,
 * __ptrace_may_access()); an exec would reset it anyway.  Makes only
 * system calls, as a fork of a threaded process must.
 */
void util_stop_until_seized(void);

/* @a - @b. */
struct timespec util_ts_sub(const struct timespec *a, const struct timespec *b);

/* CLOCK_MONOTONIC in milliseconds. */
int64_t util_now_ms(void);

#endif /* SW_UTIL_H */

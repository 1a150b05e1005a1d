/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * syswarden - the small sets of strace's -e qualifiers: status=, signal=,
 * read= and write=.  (trace= is traceset.h's.)
 */
#ifndef SW_QUALIFY_H
#define SW_QUALIFY_H

#include <stdbool.h>
#include <stdint.h>

#include "util.h"

#define NUMSET_MAX 4096

/* A set of non-negative numbers: bits below NUMSET_MAX, one flag for
 * every number above. */
struct numset {
	uint64_t bits[NUMSET_MAX / 64];
	bool above;
};

/* Whether @n is in @ns. */
bool numset_has(const struct numset *ns, unsigned long n);
/* Every number, or none. */
void numset_fill(struct numset *ns, bool all);

/* Parses strace's "[!]all|none|N,N..." into @ns; @word, when not NULL,
 * turns a word other than a number into one (a signal name) or returns
 * -1.  @what names an element in messages ("signal").  Returns 0, or
 * -EINVAL with the reason in @err. */
int qualify_numbers(const char *set, struct numset *ns,
		    long (*word)(const char *w), const char *what,
		    unsigned long max, struct strbuf *err);

/* The signal named @w: "SIGINT", "INT", "int", "SIGRT_3"; or -1. */
long qualify_signal(const char *w);

/* -e status=SET into SW_STATUS_* bits.  Returns 0 or -EINVAL. */
int qualify_status(const char *set, unsigned int *mask, struct strbuf *err);

#endif /* SW_QUALIFY_H */

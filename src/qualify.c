// SPDX-License-Identifier: LGPL-2.1-or-later
/* syswarden - the sets of -e status=, signal=, read= and write=. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <syswarden/syswarden.h>

#include "decode.h"
#include "qualify.h"

bool numset_has(const struct numset *ns, unsigned long n)
{
	if (n >= NUMSET_MAX)
		return ns->above;
	return (ns->bits[n / 64] >> (n % 64)) & 1;
}

void numset_fill(struct numset *ns, bool all)
{
	memset(ns->bits, all ? 0xff : 0, sizeof(ns->bits));
	ns->above = all;
}

static void numset_invert(struct numset *ns)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ns->bits); i++)
		ns->bits[i] = ~ns->bits[i];
	ns->above = !ns->above;
}

static int add_word(struct numset *ns, const char *w,
		    long (*word)(const char *w), const char *what,
		    unsigned long max, struct strbuf *err)
{
	char *end;
	long n;

	if (!strcmp(w, "all")) {
		numset_fill(ns, true);
		return 0;
	}
	if (!strcmp(w, "none"))
		return 0;
	errno = 0;
	n = strtol(w, &end, 10);
	if (end == w || *end || errno)
		n = word ? word(w) : -1;
	if (n < 0 || (unsigned long)n > max) {
		strbuf_addf(err, "no such %s '%s'", what, w);
		return -EINVAL;
	}
	if (n < NUMSET_MAX)
		ns->bits[n / 64] |= 1ull << (n % 64);
	else
		ns->above = true; /* numbers past the bitmap: all or none */
	return 0;
}

int qualify_numbers(const char *set, struct numset *ns,
		    long (*word)(const char *w), const char *what,
		    unsigned long max, struct strbuf *err)
{
	char *copy cleanup_free = strdup(set);
	char *w, *save = NULL, *p = copy;
	bool negate;
	int r = 0;

	if (!copy)
		return -ENOMEM;
	negate = *p == '!';
	p += negate;
	numset_fill(ns, false);
	if (!*p) {
		strbuf_addf(err, "empty set (use 'none')");
		return -EINVAL;
	}
	for (w = strtok_r(p, ",", &save); w && r == 0;
	     w = strtok_r(NULL, ",", &save))
		r = add_word(ns, w, word, what, max, err);
	if (r == 0 && negate)
		numset_invert(ns);
	return r;
}

long qualify_signal(const char *w)
{
	char name[16];
	int sig;

	if (!strncasecmp(w, "SIG", 3))
		w += 3;
	for (sig = 1; sig <= 64; sig++)
		if (!strcasecmp(w, decode_signame(sig, name, sizeof(name)) + 3))
			return sig;
	return -1;
}

static const struct {
	const char *name;
	unsigned int bits;
} statuses[] = {
	{ "successful", SW_STATUS_SUCCESSFUL },
	{ "failed", SW_STATUS_FAILED },
	{ "unfinished", SW_STATUS_UNFINISHED },
	{ "unavailable", SW_STATUS_UNAVAILABLE },
	{ "detached", SW_STATUS_DETACHED },
};

#define STATUS_ALL 0x1fu

int qualify_status(const char *set, unsigned int *mask, struct strbuf *err)
{
	char *copy cleanup_free = strdup(set);
	char *w, *save = NULL, *p = copy;
	unsigned int bits = 0;
	bool negate, found;
	size_t i;

	if (!copy)
		return -ENOMEM;
	negate = *p == '!';
	p += negate;
	for (w = strtok_r(p, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		found = !strcmp(w, "none");
		if (!strcmp(w, "all")) {
			bits = STATUS_ALL;
			found = true;
		}
		for (i = 0; i < ARRAY_SIZE(statuses); i++)
			if (!strcmp(w, statuses[i].name)) {
				bits |= statuses[i].bits;
				found = true;
			}
		if (!found) {
			strbuf_addf(err,
				    "no such status '%s' (known: successful, "
				    "failed, unfinished, unavailable, "
				    "detached, all, none)",
				    w);
			return -EINVAL;
		}
	}
	*mask = negate ? STATUS_ALL & ~bits : bits;
	return 0;
}

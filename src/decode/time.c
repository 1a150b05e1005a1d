// SPDX-License-Identifier: LGPL-2.1-or-later
/* syswarden - time: timespec and utimensat's pair of times. */
#include "config.h"

#include <inttypes.h>
#include <string.h>
#include <time.h>

#include "decode/private.h"

/* utimensat's special nanoseconds (include/uapi/linux/stat.h). */
#define TS_UTIME_NOW ((1l << 30) - 1l)
#define TS_UTIME_OMIT ((1l << 30) - 2l)

/*
 * The size of one timespec member: __kernel_timespec has 64-bit members
 * on every ABI, old_timespec32 32-bit ones, and a plain timespec the
 * ABI's long.
 */
static unsigned int ts_word(const struct dcall *dc, unsigned int i)
{
	const char *type =
	    i < dc->ev->sc->nargs ? dc->ev->sc->args[i].type : "";

	if (strstr(type, "__kernel_timespec") ||
	    strstr(type, "__kernel_itimerspec"))
		return 8;
	if (strstr(type, "timespec32") || strstr(type, "itimerspec32"))
		return 4;
	return layout_of(dc->abi)->timespec_size / 2;
}

static int64_t get_word(const unsigned char *p, unsigned int w)
{
	int32_t v32;
	int64_t v64;

	if (w == 4) {
		memcpy(&v32, p, 4);
		return v32;
	}
	memcpy(&v64, p, 8);
	return v64;
}

void dec_timespec(struct dcall *dc, unsigned int i, uint64_t v,
		  unsigned int fam)
{
	unsigned int w = ts_word(dc, i);
	unsigned char b[16];

	if (!dcall_read(dc, v, b, 2 * w)) {
		print_pointer(dc->sb, v);
		return;
	}
	strbuf_addf(dc->sb, "{tv_sec=%" PRId64 ", tv_nsec=%" PRId64 "}",
		    get_word(b, w), get_word(b + w, w));
}

void print_time_comment(struct strbuf *sb, int64_t sec, int64_t nsec)
{
	time_t t = (time_t)sec;
	char date[64];
	struct tm tm;

	if (!localtime_r(&t, &tm) ||
	    !strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S", &tm))
		return;
	strbuf_addf(sb, " /* %s", date);
	if (nsec)
		strbuf_addf(sb, ".%09" PRId64, nsec);
	if (strftime(date, sizeof(date), "%z", &tm))
		strbuf_addf(sb, "%s", date);
	strbuf_add(sb, " */", 3);
}

/* One time of utimensat, with strace's comment giving the date. */
static void print_utime(struct strbuf *sb, int64_t sec, int64_t nsec)
{
	if (nsec == TS_UTIME_NOW || nsec == TS_UTIME_OMIT) {
		strbuf_addf(sb, "%s",
			    nsec == TS_UTIME_NOW ? "UTIME_NOW" : "UTIME_OMIT");
		return;
	}
	strbuf_addf(sb, "{tv_sec=%" PRId64 ", tv_nsec=%" PRId64 "}", sec, nsec);
	print_time_comment(sb, sec, nsec);
}

void dec_utimes(struct dcall *dc, unsigned int i, uint64_t v, unsigned int fam)
{
	unsigned int w = ts_word(dc, i);
	unsigned char b[32];

	if (!v) {
		strbuf_add(dc->sb, "NULL", 4);
		return;
	}
	if (!dcall_read(dc, v, b, 4 * w)) {
		print_pointer(dc->sb, v);
		return;
	}
	strbuf_add(dc->sb, "[", 1);
	print_utime(dc->sb, get_word(b, w), get_word(b + w, w));
	strbuf_add(dc->sb, ", ", 2);
	print_utime(dc->sb, get_word(b + 2 * w, w), get_word(b + 3 * w, w));
	strbuf_add(dc->sb, "]", 1);
}

/* struct itimerspec: it_interval then it_value, two timespecs of the
 * argument's type (__kernel_itimerspec or old_itimerspec32), read at
 * once. */
void dec_itimerspec(struct dcall *dc, unsigned int i, uint64_t v,
		    unsigned int fam)
{
	unsigned int w = ts_word(dc, i);
	unsigned char b[32];

	if (!v || !dcall_read(dc, v, b, 4 * w)) {
		print_pointer(dc->sb, v);
		return;
	}
	strbuf_addf(dc->sb,
		    "{it_interval={tv_sec=%" PRId64 ", tv_nsec=%" PRId64 "}, "
		    "it_value={tv_sec=%" PRId64 ", tv_nsec=%" PRId64 "}}",
		    get_word(b, w), get_word(b + w, w), get_word(b + 2 * w, w),
		    get_word(b + 3 * w, w));
}

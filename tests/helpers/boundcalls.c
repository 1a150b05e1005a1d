// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Calls with boundary values, for the filter-on/off differential fuzzer
 * (tests/fuzz_prefilter.c): each call below is made with each value of
 * bounds[] in one argument (the others at their default), and with every
 * varied argument at once.  Upper halves are set on 32-bit arguments too;
 * the kernel reads their low half.  Every call is harmless whatever the
 * values: a NULL buffer or path (EFAULT), an unaligned address (EINVAL),
 * an unknown prctl option (EINVAL), a bad fd, or /dev/null.  Built for
 * x86_64 and for i386 (boundcalls32), where a long is 32 bits and upper
 * halves cannot be passed.
 */
#include <fcntl.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <unistd.h>

#define NARGS 6

static const uint64_t bounds[] = {
	0,
	1,
	2,
	3,
	5,
	0x7f,
	0x80,
	0xff,
	0x100,
	0x7fffffff,
	0x80000000,
	0xffffffff,
	0x100000000ull,
	0x100000001ull,
	0x100000005ull,
	0xffffffff00000005ull,
	0x7fffffffffffffffull,
	0x8000000000000000ull,
	0xfffffffffffffffeull,
	0xffffffffffffffffull,
};

/* The fd every call uses by default: none is open there. */
#define BADFD 1000
/* A prctl option no kernel knows, with the upper halves it may carry. */
#define NOOPTION 0x7fffff00u

struct call {
	long nr;
	uint64_t def[NARGS]; /* default arguments */
	unsigned int vary; /* bit i: argument i takes the bounds */
	uint64_t keep_low; /* bits the kernel must see as in def[0] */
};

static const struct call calls[] = {
	{ SYS_write, { BADFD, 0, 5 }, 0x5, 0 },
	{ SYS_read, { BADFD, 0, 5 }, 0x5, 0 },
	{ SYS_lseek, { BADFD, 0, 0 }, 0x7, 0 },
	{ SYS_pread64, { BADFD, 0, 5, 0 }, 0xd, 0 },
	{ SYS_mprotect, { 1, 4096, 0 }, 0x6, 0 },
	/* option keeps its unknown low half; the rest vary. */
	{ SYS_prctl, { NOOPTION }, 0x1f, 0xffffffffu },
	{ SYS_io_setup, { 5, 0 }, 0x1, 0 },
	{ SYS_mknodat, { BADFD, 0, 0, 0 }, 0xd, 0 },
	{ SYS_landlock_add_rule, { BADFD, 1, 0, 1 }, 0xb, 0 },
	{ SYS_fcntl, { BADFD, 1, 0 }, 0x6, 0 },
#ifdef SYS_semop
	{ SYS_semop, { 0x7fffffff, 0, 1 }, 0x5, 0 },
#endif
};

static void make(const struct call *c, const uint64_t a[NARGS])
{
	long v[NARGS];
	unsigned int i;

	for (i = 0; i < NARGS; i++)
		v[i] = (long)a[i];
	if (c->nr == SYS_pread64 && sizeof(long) == 4) {
		/* i386 takes the 64-bit position in two registers. */
		v[4] = (long)(a[3] >> 32);
	}
	syscall(c->nr, v[0], v[1], v[2], v[3], v[4], v[5]);
}

static void make_all(const struct call *c)
{
	uint64_t a[NARGS];
	unsigned int i, b;

	for (b = 0; b < sizeof(bounds) / sizeof(bounds[0]); b++) {
		for (i = 0; i < NARGS; i++) {
			unsigned int j;

			if (!(c->vary & (1u << i)))
				continue;
			for (j = 0; j < NARGS; j++)
				a[j] = c->def[j];
			a[i] = bounds[b];
			if (i == 0 && c->keep_low)
				a[0] = (a[0] & ~c->keep_low) | c->def[0];
			make(c, a);
		}
		for (i = 0; i < NARGS; i++)
			a[i] = c->vary & (1u << i) ? bounds[b] : c->def[i];
		if (c->keep_low)
			a[0] = (a[0] & ~c->keep_low) | c->def[0];
		make(c, a);
	}
}

int main(void)
{
	unsigned int i;
	int null = open("/dev/null", O_RDWR);

	/* Reads and seeks on fds 0-2 (some bounds are small) stay here. */
	for (i = 0; i < 3; i++)
		if (null < 0 || dup2(null, (int)i) != (int)i)
			return 100;
	for (i = 0; i < sizeof(calls) / sizeof(calls[0]); i++)
		make_all(&calls[i]);
	return 0;
}

// SPDX-License-Identifier: LGPL-2.1-or-later
/* syswarden - files: paths, open flags, modes, stat, directories, fcntl. */
#include "config.h"

#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "decode/private.h"

/* S_IFMT and the mode bits strace names (include/uapi/linux/stat.h:
 * the same on every ABI). */
#define MODE_IFMT 0170000u
#define MODE_SUID 04000u
#define MODE_SGID 02000u
#define MODE_SVTX 01000u

void dec_path(struct dcall *dc, unsigned int i, uint64_t v, unsigned int fam)
{
	/* strace shows whole paths, whatever -s says. */
	print_string_max(dc, v, PATH_MAX);
}

/* getcwd: the path the call wrote, its length (with the NUL) returned;
 * no path the kernel writes is longer than PATH_MAX. */
void dec_path_out(struct dcall *dc, unsigned int i, uint64_t v,
		  unsigned int fam)
{
	uint64_t len = dc->ev->ret > 0 ? (uint64_t)dc->ev->ret : 0;

	print_string_max(dc, v, len < PATH_MAX ? (size_t)len : PATH_MAX);
}

void dec_mode(struct dcall *dc, unsigned int i, uint64_t v, unsigned int fam)
{
	strbuf_addf(dc->sb, "%#03" PRIo64, v & 07777777);
}

void print_mode(struct strbuf *sb, enum sw_abi abi, uint32_t mode,
		bool with_type)
{
	if (with_type) {
		const char *type = xlat_name(abi, XF_S_IF, mode & MODE_IFMT);

		if (type)
			strbuf_addf(sb, "%s|", type);
		else
			strbuf_addf(sb, "%#o|", mode & MODE_IFMT);
	}
	if (mode & MODE_SUID)
		strbuf_add(sb, "S_ISUID|", 8);
	if (mode & MODE_SGID)
		strbuf_add(sb, "S_ISGID|", 8);
	if (mode & MODE_SVTX)
		strbuf_add(sb, "S_ISVTX|", 8);
	strbuf_addf(sb, "%#03o", mode & 0777);
}

/* O_RDONLY and its kin are a two-bit field, the rest are flags. */
void dec_open_flags(struct dcall *dc, unsigned int i, uint64_t v,
		    unsigned int fam)
{
	const char *mode = xlat_name(dc->abi, XF_OPEN_ACCESS, v & 3);

	v &= 0xffffffffu;
	if (mode)
		strbuf_addf(dc->sb, "%s", mode);
	else
		strbuf_addf(dc->sb, "%#" PRIx64, v & 3);
	if (v & ~(uint64_t)3) {
		strbuf_add(dc->sb, "|", 1);
		xlat_print_flags(dc->sb, dc->abi, XF_OPEN, v & ~(uint64_t)3);
	}
}

/* statx: the sync type (a two-bit field, 0 is AT_STATX_SYNC_AS_STAT),
 * then the other AT_* flags. */
void dec_statx_flags(struct dcall *dc, unsigned int i, uint64_t v,
		     unsigned int fam)
{
	v &= 0xffffffffu;
	if (!(v & 0x6000)) {
		strbuf_add(dc->sb, "AT_STATX_SYNC_AS_STAT", 21);
		if (!v)
			return;
		strbuf_add(dc->sb, "|", 1);
	}
	xlat_print_flags(dc->sb, dc->abi, XF_AT_FLAGS, v);
}

static uint64_t get_u64(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return v;
}

static uint32_t get_u32(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

/* makedev() as strace writes it, from the kernel's dev_t encoding
 * (new_encode_dev(), include/linux/kdev_t.h). */
static void print_dev(struct strbuf *sb, uint64_t dev)
{
	uint64_t major = ((dev >> 8) & 0xfff) | ((dev >> 32) & ~0xfffull);
	uint64_t minor = (dev & 0xff) | ((dev >> 12) & ~0xffull);

	strbuf_addf(sb, "makedev(%#" PRIx64 ", %#" PRIx64 ")", major, minor);
}

static void print_stat_body(struct strbuf *sb, enum sw_abi abi, uint32_t mode,
			    uint64_t rdev, int64_t size)
{
	strbuf_add(sb, "{st_mode=", 9);
	print_mode(sb, abi, mode, true);
	if ((mode & MODE_IFMT) == 0020000 || (mode & MODE_IFMT) == 0060000) {
		strbuf_add(sb, ", st_rdev=", 10);
		print_dev(sb, rdev);
	} else {
		strbuf_addf(sb, ", st_size=%" PRId64, size);
	}
	strbuf_add(sb, ", ...}", 6);
}

static uint64_t get_n(const unsigned char *p, unsigned int size)
{
	return size == 8 ? get_u64(p) : get_u32(p);
}

static int64_t get_time(const unsigned char *p, unsigned int size)
{
	return size == 8 ? (int64_t)get_u64(p) : (int32_t)get_u32(p);
}

/* Every member, as strace -v shows them. */
static void print_stat_verbose(struct strbuf *sb, enum sw_abi abi,
			       const unsigned char *b)
{
	static const char *const times[] = { "st_atime", "st_mtime",
					     "st_ctime" };
	const struct abi_layout *l = layout_of(abi);
	uint32_t mode = get_u32(b + l->st_mode);
	unsigned int w = l->st_time_word, k;

	strbuf_add(sb, "{st_dev=", 8);
	print_dev(sb, get_u64(b));
	strbuf_addf(sb, ", st_ino=%" PRIu64 ", st_mode=",
		    get_n(b + l->st_ino, l->st_ino_size));
	print_mode(sb, abi, mode, true);
	strbuf_addf(sb,
		    ", st_nlink=%" PRIu64 ", st_uid=%u, st_gid=%u, "
		    "st_blksize=%" PRIu64 ", st_blocks=%" PRIu64,
		    get_n(b + l->st_nlink, l->st_nlink_size),
		    get_u32(b + l->st_uid), get_u32(b + l->st_gid),
		    get_n(b + l->st_blksize, l->st_blksize_size),
		    get_u64(b + l->st_blocks));
	if ((mode & MODE_IFMT) == 0020000 || (mode & MODE_IFMT) == 0060000) {
		strbuf_add(sb, ", st_rdev=", 10);
		print_dev(sb, get_u64(b + l->st_rdev));
	} else {
		strbuf_addf(sb, ", st_size=%" PRId64,
			    (int64_t)get_u64(b + l->st_size));
	}
	for (k = 0; k < ARRAY_SIZE(times); k++) {
		const unsigned char *t = b + l->st_atime + 2 * w * k;
		int64_t sec = get_time(t, w), nsec = get_time(t + w, w);

		strbuf_addf(sb, ", %s=%" PRId64, times[k], sec);
		print_time_comment(sb, sec, nsec);
		strbuf_addf(sb, ", %s_nsec=%" PRId64, times[k], nsec);
	}
	strbuf_add(sb, "}", 1);
}

/* struct stat or stat64 in the ABI's layout, abbreviated as strace does
 * without -v. */
void dec_stat(struct dcall *dc, unsigned int i, uint64_t v, unsigned int fam)
{
	const struct abi_layout *l = layout_of(dc->abi);
	unsigned char buf[144];

	if (l->stat_size > sizeof(buf) ||
	    !dcall_read(dc, v, buf, l->stat_size)) {
		print_pointer(dc->sb, v);
		return;
	}
	if (dc->ctx->verbose) {
		print_stat_verbose(dc->sb, dc->abi, buf);
		return;
	}
	print_stat_body(dc->sb, dc->abi, get_u32(buf + l->st_mode),
			get_u64(buf + l->st_rdev),
			(int64_t)get_u64(buf + l->st_size));
}

/* STATX_BASIC_STATS (include/uapi/linux/stat.h), named as a whole. */
#define STATX_BASIC 0x7ffu

static void print_statx_mask(struct dcall *dc, uint32_t mask)
{
	uint32_t rest = mask;

	if ((mask & STATX_BASIC) == STATX_BASIC) {
		strbuf_add(dc->sb, "STATX_BASIC_STATS", 17);
		rest &= ~STATX_BASIC;
		if (rest)
			strbuf_add(dc->sb, "|", 1);
	}
	if (rest || (mask & STATX_BASIC) != STATX_BASIC)
		xlat_print_flags(dc->sb, dc->abi, XF_STATX_MASK, rest);
}

void dec_statx_mask(struct dcall *dc, unsigned int i, uint64_t v,
		    unsigned int fam)
{
	print_statx_mask(dc, (uint32_t)v);
}

/* struct statx has one layout on every ABI. */
void dec_statx(struct dcall *dc, unsigned int i, uint64_t v, unsigned int fam)
{
	unsigned char buf[144];

	if (!dcall_read(dc, v, buf, sizeof(buf))) {
		print_pointer(dc->sb, v);
		return;
	}
	strbuf_add(dc->sb, "{stx_mask=", 10);
	print_statx_mask(dc, get_u32(buf));
	strbuf_add(dc->sb, ", stx_attributes=", 17);
	xlat_print_flags(dc->sb, dc->abi, XF_STATX_ATTR, get_u64(buf + 8));
	strbuf_add(dc->sb, ", stx_mode=", 11);
	print_mode(dc->sb, dc->abi, (uint16_t)get_u32(buf + 28), true);
	strbuf_addf(dc->sb, ", stx_size=%" PRIu64 ", ...}", get_u64(buf + 40));
}

/* ST_VALID: the kernel's own flag (include/linux/statfs.h), which no
 * user-space header defines. */
#define STATFS_VALID 0x20u

/*
 * struct statfs: words of the ABI (__statfs_word), but the fsid's two
 * ints.  Shown whole, as strace does.
 */
void dec_statfs(struct dcall *dc, unsigned int i, uint64_t v, unsigned int fam)
{
	static const char *const counts[] = {
		"f_bsize",  "f_blocks", "f_bfree",
		"f_bavail", "f_files",	"f_ffree",
	};
	unsigned int w = dc->wordsize;
	unsigned char b[11 * 8];
	uint64_t type, flags;
	uint32_t fsid[2];
	const char *name;
	size_t k;

	if (!dcall_read(dc, v, b, 10 * w + 8)) {
		print_pointer(dc->sb, v);
		return;
	}
	type = dcall_word(dc, b);
	name = xlat_name(dc->abi, XF_FS_MAGIC, type);
	if (name)
		strbuf_addf(dc->sb, "{f_type=%s", name);
	else
		strbuf_addf(dc->sb, "{f_type=%#" PRIx64, type);
	for (k = 0; k < ARRAY_SIZE(counts); k++)
		strbuf_addf(dc->sb, ", %s=%" PRIu64, counts[k],
			    dcall_word(dc, b + (k + 1) * w));
	memcpy(fsid, b + 7 * w, 8);
	strbuf_addf(dc->sb,
		    ", f_fsid={val=[%#x, %#x]}, f_namelen=%" PRIu64
		    ", f_frsize=%" PRIu64 ", f_flags=",
		    fsid[0], fsid[1], dcall_word(dc, b + 7 * w + 8),
		    dcall_word(dc, b + 8 * w + 8));
	flags = dcall_word(dc, b + 9 * w + 8);
	if (flags & STATFS_VALID) {
		strbuf_add(dc->sb, "ST_VALID", 8);
		flags &= ~(uint64_t)STATFS_VALID;
		if (flags)
			strbuf_add(dc->sb, "|", 1);
	}
	if (flags || !(dcall_word(dc, b + 9 * w + 8) & STATFS_VALID))
		xlat_print_flags(dc->sb, dc->abi, XF_STATFS_FLAGS, flags);
	strbuf_add(dc->sb, "}", 1);
}

/* The largest getdents result whose entries are counted (glibc asks
 * for 32 KiB at a time). */
#define DIRENTS_MAX (1u << 20)

/*
 * getdents/getdents64 at exit: the buffer's address and how many entries
 * the call returned, counted by their d_reclen (at 16 in linux_dirent64,
 * after two words in linux_dirent).
 */
void dec_dirents(struct dcall *dc, unsigned int i, uint64_t v, unsigned int fam)
{
	size_t len = dc->ev->ret > 0 ? (size_t)dc->ev->ret : 0;
	unsigned int off =
	    strcmp(dc->ev->sc->name, "getdents64") ? 2 * dc->wordsize : 16;
	unsigned char *buf = NULL;
	size_t at = 0, n = 0;

	print_pointer(dc->sb, v);
	/* The result is at most the buffer's size, which is the tracee's
	 * to choose: past DIRENTS_MAX the entries are not counted. */
	if (len > DIRENTS_MAX)
		goto out;
	buf = len ? malloc(len) : NULL;
	if (len && (!buf || !dcall_read(dc, v, buf, len)))
		goto out;
	while (at + off + 2 <= len) {
		uint16_t reclen;

		memcpy(&reclen, buf + at + off, 2);
		if (!reclen)
			break;
		at += reclen;
		n++;
	}
	strbuf_addf(dc->sb, " /* %zu entries */", n);
out:
	free(buf);
}

void dec_fd_pair(struct dcall *dc, unsigned int i, uint64_t v, unsigned int fam)
{
	int32_t fds[2];

	if (!dcall_read(dc, v, fds, sizeof(fds))) {
		print_pointer(dc->sb, v);
		return;
	}
	strbuf_addf(dc->sb, "[%d, %d]", fds[0], fds[1]);
}

/* What fcntl's third argument is, by command (fs/fcntl.c, do_fcntl()). */
enum fcntl_arg { FA_NONE, FA_INT, FA_FDFLAGS, FA_FLFLAGS, FA_PTR };

static enum fcntl_arg fcntl_arg_kind(const char *cmd)
{
	static const struct {
		const char *cmd;
		enum fcntl_arg kind;
	} kinds[] = {
		{ "F_GETFD", FA_NONE },	       { "F_GETFL", FA_NONE },
		{ "F_GETOWN", FA_NONE },       { "F_GETSIG", FA_NONE },
		{ "F_GETLEASE", FA_NONE },     { "F_GET_SEALS", FA_NONE },
		{ "F_GETPIPE_SZ", FA_NONE },   { "F_SETFD", FA_FDFLAGS },
		{ "F_SETFL", FA_FLFLAGS },     { "F_DUPFD", FA_INT },
		{ "F_DUPFD_CLOEXEC", FA_INT }, { "F_SETOWN", FA_INT },
		{ "F_SETSIG", FA_INT },	       { "F_SETLEASE", FA_INT },
		{ "F_NOTIFY", FA_INT },	       { "F_SETPIPE_SZ", FA_INT },
		{ "F_ADD_SEALS", FA_INT },
	};
	size_t k;

	for (k = 0; cmd && k < ARRAY_SIZE(kinds); k++)
		if (!strcmp(kinds[k].cmd, cmd))
			return kinds[k].kind;
	return FA_PTR;
}

void dec_fcntl(struct dcall *dc, unsigned int i, uint64_t v, unsigned int fam)
{
	uint64_t cmd = dcall_arg(dc, 1) & 0xffffffffu;
	const char *name = xlat_name(dc->abi, XF_FCNTL, cmd);
	uint64_t arg = dcall_arg(dc, 2);

	strbuf_addf(dc->sb, "%d, ", (int)(int32_t)dcall_arg(dc, 0));
	if (name)
		strbuf_addf(dc->sb, "%s", name);
	else
		strbuf_addf(dc->sb, "%#" PRIx64, cmd);
	switch (fcntl_arg_kind(name)) {
	case FA_NONE:
		break;
	case FA_INT:
		strbuf_addf(dc->sb, ", %d", (int)(int32_t)arg);
		break;
	case FA_FDFLAGS:
		strbuf_add(dc->sb, ", ", 2);
		xlat_print_flags(dc->sb, dc->abi, XF_FD_FLAGS, arg);
		break;
	case FA_FLFLAGS:
		strbuf_add(dc->sb, ", ", 2);
		dec_open_flags(dc, 2, arg, 0);
		break;
	case FA_PTR:
		strbuf_add(dc->sb, ", ", 2);
		print_pointer(dc->sb, arg);
		break;
	}
}

/* F_GETFD's and F_GETFL's results are flags: "0x8000 (flags ...)". */
void dec_fcntl_ret(struct dcall *dc, unsigned int i, uint64_t v,
		   unsigned int fam)
{
	const char *name = xlat_name(dc->abi, XF_FCNTL, dcall_arg(dc, 1));

	if (!name || (strcmp(name, "F_GETFD") && strcmp(name, "F_GETFL")) ||
	    (!v && !strcmp(name, "F_GETFD"))) {
		decode_retval(dc->sb, dc->ev, false);
		return;
	}
	strbuf_addf(dc->sb, "%#" PRIx64 " (flags ", v);
	if (!strcmp(name, "F_GETFD"))
		xlat_print_flags(dc->sb, dc->abi, XF_FD_FLAGS, v);
	else
		dec_open_flags(dc, i, v, 0);
	strbuf_add(dc->sb, ")", 1);
}

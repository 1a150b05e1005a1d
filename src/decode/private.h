/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * syswarden - what the decoders of src/decode/ share.
 *
 * One decoder per kind of argument, in the file of its family (files.c,
 * memory.c, processes.c, signals.c, network.c, time.c, ipc.c, ioctl.c);
 * core.c walks a call's arguments and picks each one's decoder from the
 * generated table (argdec.h); subcall.c turns i386's socketcall and ipc
 * into the calls they make.  Structures are read with one tracee read
 * each, in the tracee ABI's layout (layout.c); one that cannot be read
 * prints as its address.
 */
#ifndef SW_DECODE_PRIVATE_H
#define SW_DECODE_PRIVATE_H

#include <stdbool.h>
#include <stdint.h>

#include "decode.h"
#include "decode/argdec.h"
#include "decode/xlat.h"

/* One call being decoded. */
struct dcall {
	const struct decode_ctx *ctx;
	const struct sw_event *ev;
	struct strbuf *sb;
	enum sw_abi abi;
	unsigned int wordsize; /* 4 or 8 */
	bool exiting;
};

/* Prints argument @i whose value is @v; @fam is the xlat family of the
 * table's entry, where it has one. */
typedef void argdec_fn(struct dcall *dc, unsigned int i, uint64_t v,
		       unsigned int fam);

/* Structure layouts of one ABI (offsets and sizes in bytes). */
struct abi_layout {
	unsigned int stat_size, st_mode, st_rdev, st_size;
	/* the rest of struct stat, for -v: st_dev is a u64 at 0, st_uid
	 * and st_gid u32, st_blocks a u64; each time is two members of
	 * st_time_word bytes, seconds then nanoseconds */
	unsigned int st_ino, st_ino_size, st_nlink, st_nlink_size, st_uid,
	    st_gid, st_blksize, st_blksize_size, st_blocks, st_atime,
	    st_time_word;
	unsigned int timespec_size; /* struct timespec: two longs */
};

const struct abi_layout *layout_of(enum sw_abi abi);

/* core.c */
uint64_t dcall_arg(const struct dcall *dc, unsigned int i);
/* The index of the argument called @name, or -1. */
int dcall_arg_index(const struct dcall *dc, const char *name);
/* Reads exactly @len bytes at @addr; false when they cannot all be
 * read. */
bool dcall_read(const struct dcall *dc, uint64_t addr, void *buf, size_t len);
/* Reads up to @len bytes at @addr: how many, or -errno. */
ssize_t dcall_read_some(const struct dcall *dc, uint64_t addr, void *buf,
			size_t len);
/* A word of the tracee's size at @p (little endian). */
uint64_t dcall_word(const struct dcall *dc, const void *p);
void print_pointer(struct strbuf *sb, uint64_t v);
/* A file descriptor, with its path under -y. */
void print_fd_num(const struct dcall *dc, int fd);
void print_integer(struct strbuf *sb, uint64_t v, bool is_signed, bool wide);
/* A string at @addr, at most @max bytes shown. */
void print_string_max(const struct dcall *dc, uint64_t addr, size_t max);
/* A buffer of @len bytes at @addr, at most -s of them shown. */
void print_buffer(const struct decode_ctx *ctx, struct strbuf *sb,
		  uint64_t addr, uint64_t len);
/* The argument printed by its class, as without a decoder. */
void print_default(struct dcall *dc, unsigned int i);

/* Decoders, by file. */
argdec_fn dec_path, dec_path_out, dec_mode, dec_open_flags, dec_statx_flags,
    dec_stat, dec_statx, dec_statfs, dec_dirents, dec_fd_pair, dec_fcntl,
    dec_fcntl_ret, dec_statx_mask;
argdec_fn dec_pgoff, dec_user_desc, dec_user_desc_ret;
argdec_fn dec_argv, dec_envp, dec_clone, dec_wait_status, dec_rlimit64,
    dec_cpuset, dec_utsname, dec_sysinfo, dec_futex, dec_id, dec_rlimit,
    dec_clone_args, dec_rusage, dec_int_ptr, dec_sched_policy_ret;
argdec_fn dec_signal, dec_sigset, dec_sigaction, dec_stack, dec_siginfo;
argdec_fn dec_sockaddr, dec_socket_type, dec_pollfds, dec_poll_ret, dec_iovec,
    dec_msghdr, dec_epoll_event, dec_epoll_events, dec_sockopt_name,
    dec_sockopt_val, dec_sockopt_val_out;
argdec_fn dec_timespec, dec_utimes, dec_itimerspec;
argdec_fn dec_ioctl_cmd, dec_ioctl_arg;
argdec_fn dec_ipc_key, dec_ipc_get_flags, dec_ipc_cmd, dec_semun, dec_msgbuf,
    dec_shmat_ret;

/* ioctl.c: whether ioctl's argument is written by the kernel (printed at
 * exit), and whether it is shown at all. */
bool ioctl_arg_at_exit(const struct sw_event *ev);
bool ioctl_has_arg(const struct sw_event *ev);

/* Appends a file mode: "S_IFREG|0644" (@with_type), or "0644". */
void print_mode(struct strbuf *sb, enum sw_abi abi, uint32_t mode,
		bool with_type);
/* Appends a signal set of @bytes bytes: "[INT TERM]" or "~[RTMIN]". */
void print_sigset(struct strbuf *sb, enum sw_abi abi, const unsigned char *set,
		  size_t bytes);
/* Appends the date of a time in the local time zone, in a comment, as
 * strace writes it after a time: 2026-11-26T15:27:32.421399771+0000. */
void print_time_comment(struct strbuf *sb, int64_t sec, int64_t nsec);

#endif /* SW_DECODE_PRIVATE_H */

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * syswarden - which decoder prints which argument.
 *
 * The table is generated per ABI from prototypes/decoders.tbl by
 * scripts/gen-sysent.py, in the order of that ABI's syscall table: row
 * i belongs to calls[i].  Slots 0-5 are the arguments, ARGDEC_RET the
 * result and ARGDEC_CALL a decoder of the whole argument list.
 */
#ifndef SW_DECODE_ARGDEC_H
#define SW_DECODE_ARGDEC_H

#include "decode-families.h"

enum argdec {
	ARGDEC_DEFAULT = 0, /* by the argument's class */
	ARGDEC_FLAGS, /* xlat family, as flags */
	ARGDEC_ENUM, /* xlat family, one value */
	ARGDEC_HEX,
	ARGDEC_FD,
	ARGDEC_MODE, /* octal, with a leading 0 */
	ARGDEC_PATH, /* string up to PATH_MAX, not cut at -s */
	ARGDEC_PATH_OUT, /* path the call wrote (getcwd) */
	ARGDEC_OPEN_FLAGS, /* access mode, then O_* flags */
	ARGDEC_STATX_FLAGS, /* sync type, then AT_* flags */
	ARGDEC_SOCKET_TYPE, /* SOCK_STREAM|SOCK_CLOEXEC */
	ARGDEC_SIGNAL,
	ARGDEC_SIGSET,
	ARGDEC_SIGACTION,
	ARGDEC_STACK,
	ARGDEC_STAT,
	ARGDEC_STATX,
	ARGDEC_STATFS,
	ARGDEC_DIRENTS,
	ARGDEC_FD_PAIR,
	ARGDEC_ARGV,
	ARGDEC_ENVP,
	ARGDEC_WAIT_STATUS,
	ARGDEC_RLIMIT64,
	ARGDEC_CPUSET,
	ARGDEC_UTSNAME,
	ARGDEC_SYSINFO,
	ARGDEC_TIMESPEC,
	ARGDEC_UTIMES,
	ARGDEC_SOCKADDR,
	ARGDEC_PGOFF, /* mmap2's offset in pages, shown in bytes */
	ARGDEC_CLONE, /* whole call */
	ARGDEC_FCNTL, /* whole call */
	ARGDEC_FUTEX, /* whole call */
	ARGDEC_FCNTL_RET, /* result */
	ARGDEC_ID, /* uid or gid: -1 for "unchanged" */
	ARGDEC_CLONE_ARGS, /* clone3's struct clone_args */
	ARGDEC_POLLFDS, /* poll's array of struct pollfd */
	ARGDEC_POLL_RET, /* its result, with the events returned */
	ARGDEC_STATX_MASK, /* STATX_BASIC_STATS as a whole */
	ARGDEC_RLIMIT, /* struct rlimit of the ABI's words */
	ARGDEC_USER_DESC, /* i386's struct user_desc */
	ARGDEC_USER_DESC_RET, /* set_thread_area's result, with the slot */
	ARGDEC_IOVEC, /* an array of struct iovec, with the buffers */
	ARGDEC_IPC_KEY, /* IPC_PRIVATE or hex */
	ARGDEC_IPC_GET_FLAGS, /* IPC_CREAT|0600 */
	ARGDEC_IPC_CMD, /* IPC_64|IPC_RMID, per object kind */
	ARGDEC_SEMUN, /* semctl's union semun */
	ARGDEC_MSGBUF, /* {mtype=1, mtext="..."} */
	ARGDEC_SHMAT_RET, /* the address attached */
	ARGDEC_MSGHDR, /* struct msghdr, with its iovec's buffers */
	ARGDEC_EPOLL_EVENT, /* epoll_ctl's struct epoll_event */
	ARGDEC_EPOLL_EVENTS, /* epoll_wait's, as many as returned */
	ARGDEC_RUSAGE, /* struct rusage */
	ARGDEC_SIGINFO, /* siginfo_t (64-bit ABIs) */
	ARGDEC_SOCKOPT_NAME, /* by the level: SO_*, TCP_* */
	ARGDEC_SOCKOPT_VAL, /* [1], {l_onoff=...}: setsockopt's */
	ARGDEC_SOCKOPT_VAL_OUT, /* the same, getsockopt's at exit */
	ARGDEC_INT_PTR, /* an int in memory: [0] (struct sched_param) */
	ARGDEC_SCHED_POLICY_RET, /* "0 (SCHED_OTHER)" */
	ARGDEC_ITIMERSPEC, /* struct itimerspec, of the argument's type */
	ARGDEC_IOCTL_CMD, /* the request by name */
	ARGDEC_IOCTL_ARG, /* by request; at exit for what the kernel writes */
	ARGDEC_COUNT,
};

#define ARGDEC_SLOTS 8
#define ARGDEC_RET 6
#define ARGDEC_CALL 7

struct argdec_ref {
	unsigned char dec; /* enum argdec */
	unsigned char fam; /* enum xlat_family, for FLAGS and ENUM */
	unsigned char exit; /* printed when the call returns */
};

extern const struct argdec_ref argdec_x86_64[][ARGDEC_SLOTS];
extern const struct argdec_ref argdec_i386[][ARGDEC_SLOTS];
extern const struct argdec_ref argdec_arm64[][ARGDEC_SLOTS];
extern const struct argdec_ref argdec_arm[][ARGDEC_SLOTS];

#endif /* SW_DECODE_ARGDEC_H */

// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * syswarden tests - the decoders of src/decode/, one row each: an ABI,
 * a syscall, its registers, the tracee memory its pointers reach, the
 * result, and the line strace would print.  "Tracee" memory is our own
 * (process_vm_readv works on ourselves), placed below 2 GiB so that the
 * 32-bit ABIs' rows can point at it.  The i386 and arm rows check those
 * ABIs' layouts even where their code cannot run.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "decode.h"

#include "checkmain.h"

/* An argument that stands for the address of blob N of the row. */
#define MEM(n) (0x5eed0000ull + (n))
#define BAD 0x10ull /* an address nothing is mapped at */

struct blob {
	const void *p;
	size_t len;
};

#define BLOB(x)                \
	{                      \
		(x), sizeof(x) \
	}

struct row {
	enum sw_abi abi;
	const char *call;
	uint64_t args[6];
	int64_t ret;
	struct blob mem[3];
	const char *text;
};

/* Little-endian structure images, built byte by byte. */
#define U16(v) (v) & 0xff, ((v) >> 8) & 0xff
#define U32(v) U16((v)&0xffff), U16(((unsigned long long)(v) >> 16) & 0xffff)
#define U64(v)                                      \
	U32((unsigned long long)(v)&0xffffffffull), \
	    U32((unsigned long long)(v) >> 32)

/* struct stat, x86_64: mode at 24, rdev at 40, size at 48 (144 bytes). */
static const unsigned char stat_x86_64[144] = {
	[24] = U32(0100644),
	[48] = U64(1234),
};
static const unsigned char stat_x86_64_chr[144] = {
	[24] = U32(0020666),
	[40] = U64(0x103),
};
/* asm-generic struct stat (arm64): mode at 16, size at 48 (128). */
static const unsigned char stat_arm64[128] = {
	[16] = U32(0040755),
	[48] = U64(4096),
};
/* struct stat64, i386: packed, size at 44 (96 bytes). */
static const unsigned char stat64_i386[96] = {
	[16] = U32(0100600),
	[44] = U64(77),
};
/* struct stat64, arm EABI: size aligned to 48 (104 bytes). */
static const unsigned char stat64_arm[104] = {
	[16] = U32(0120777),
	[48] = U64(9),
};
/* struct sigaction, 64-bit: handler, flags, restorer, mask. */
static const unsigned char sa_x86_64[32] = {
	U64(0x401000),
	U64(0x04000000 | 0x10000000),
	U64(0x402000),
	U64((1ull << 1) | (1ull << 14)),
};
/* struct compat_sigaction, i386: 4-byte words. */
static const unsigned char sa_i386[20] = {
	U32(1), U32(0), U32(0), U32(0), U32(0),
};
static const unsigned char sigset_rt[8] = {
	U64(~(3ull << 31)),
};
static const unsigned char status_exit3[4] = { U32(3 << 8) };
static const unsigned char status_kill[4] = { U32(9) };
static const unsigned char rlim[16] = {
	U64(8192ull * 1024),
	U64(~0ull),
};
static const unsigned char udesc[16] = {
	U32(12),
	U32(0xf7f12100),
	U32(0xfffff),
	U32(0x51),
};
static const unsigned char rlim32[8] = { U32(8192 * 1024), U32(~0u) };
static const unsigned char sa_in[16] = {
	U16(2), 0, 80, 127, 0, 0, 1,
};
static const unsigned char sun_path[] = {
	U16(1), '/', 't', 'm', 'p', '/', 's', 0,
};
static const unsigned char fds[8] = { U32(3), U32(4) };
static const unsigned char pollfds[16] = {
	U32(3), U16(1), U16(1), U32(4), U16(4), U16(0),
};
static const unsigned char ts_x86_64[16] = { U64(1), U64(500) };
/* struct termios: c_iflag ICRNL|IXON, c_oflag OPOST|ONLCR, c_cflag
 * B38400|CS8|CREAD, c_lflag ISIG|ICANON|ECHO|IEXTEN|ECHOCTL. */
static const unsigned char tios[16] = {
	U32(0400 | 02000),
	U32(1 | 4),
	U32(017 | 060 | 0200),
	U32(1 | 2 | 010 | 0100000 | 01000),
};
static const unsigned char tios_raw[16] = { U32(0), U32(0), U32(0x1002 | 040),
					    U32(0x2000) };
static const unsigned char winsize[8] = { U16(24), U16(80), U16(0), U16(0) };
static const unsigned char one[4] = { U32(1) };
/* struct msghdr with no name, iovec or control: seven words */
static const unsigned char msg_empty64[56] = { [48] = U32(0x20) };
static const unsigned char msg_empty32[28] = { [24] = U32(0x20 | 0x8) };
/* struct epoll_event: packed on x86 (12 bytes), 16 bytes on arm */
static const unsigned char epev_x86[24] = { U32(1), U64(3), U32(4 | 1),
					    U64(0x100000007ull) };
static const unsigned char epev_arm[16] = { U32(0x2000), 0, 0, 0, 0, U64(9) };
/* struct rusage: two timevals, then fourteen longs (words of the ABI) */
static const unsigned char ru64[144] = { U64(1), U64(2), U64(3), U64(4) };
static const unsigned char ru32[72] = { U32(5), U32(6), U32(7), U32(8) };
/* struct itimerspec: interval, then value */
static const unsigned char its64[32] = { U64(0), U64(5), U64(1), U64(0) };
static const unsigned char its32[16] = { U32(2), U32(0), U32(0), U32(9) };
static const unsigned char prio[4] = { U32(7) };
static const unsigned char four[4] = { U32(4) };
static const unsigned char linger[8] = { U32(1), U32(30) };
static const unsigned char eight[4] = { U32(8) };
/* siginfo_t of a child that exited 3 after 1.44 s of user time */
static const unsigned char si_chld[128] = {
	[0] = U32(17), [8] = U32(1),	[16] = U32(1234),
	[24] = U32(3), [32] = U64(144),
};
/* i386 socketcall argument arrays: 4-byte words. */
static const unsigned char sc_sendto[24] = {
	U32(3), U32(0), U32(0), U32(0x40), U32(0), U32(0),
};
static const unsigned char sc_socket[12] = { U32(2), U32(1), U32(0) };
static const unsigned char word0[4] = { U32(0) };
static const unsigned char shm_addr[4] = { U32(0xf7f00000) };
/* struct msgbuf: a long mtype, then the text */
static const unsigned char msg_i386[12] = { U32(1), 'h', 'i' };
static const unsigned char msg_x86_64[12] = { U64(2), 'o', 'k', '!', 0 };
/* msgrcv's old ipc(2) form: struct ipc_kludge { msgp, msgtyp } */
static const unsigned char kludge_null[8] = { U32(0), U32(-3) };
static const unsigned char ts_i386[8] = { U32(2), U32(7) };

static const struct row rows[] = {
	/* files: flags and modes, per ABI */
	{ SW_ABI_X86_64,
	  "openat",
	  { -100, MEM(0), 02000000 },
	  3,
	  { BLOB("/etc/passwd") },
	  "openat(AT_FDCWD, \"/etc/passwd\", O_RDONLY|O_CLOEXEC) = 3" },
	{ SW_ABI_X86_64,
	  "openat",
	  { 5, MEM(0), 0101 | 01000, 0640 },
	  4,
	  { BLOB("x") },
	  "openat(5, \"x\", O_WRONLY|O_CREAT|O_TRUNC, 0640) = 4" },
	{ SW_ABI_ARM,
	  "openat",
	  { -100, MEM(0), 040000 | 0400000 },
	  3,
	  { BLOB("/") },
	  "openat(AT_FDCWD, \"/\", O_RDONLY|O_LARGEFILE|O_DIRECTORY) = 3" },
	{ SW_ABI_X86_64,
	  "access",
	  { MEM(0), 4 },
	  -ENOENT,
	  { BLOB("/x") },
	  "access(\"/x\", R_OK) = -1 ENOENT (No such file or directory)" },
	{ SW_ABI_X86_64,
	  "newfstatat",
	  { 3, MEM(0), MEM(1), 0x1000 },
	  0,
	  { BLOB(""), BLOB(stat_x86_64) },
	  "newfstatat(3, \"\", {st_mode=S_IFREG|0644, st_size=1234, ...}, "
	  "AT_EMPTY_PATH) = 0" },
	{ SW_ABI_X86_64,
	  "fstat",
	  { 0, MEM(0) },
	  0,
	  { BLOB(stat_x86_64_chr) },
	  "fstat(0, {st_mode=S_IFCHR|0666, st_rdev=makedev(0x1, 0x3), "
	  "...}) = 0" },
	{ SW_ABI_ARM64,
	  "newfstatat",
	  { -100, MEM(0), MEM(1), 0x100 },
	  0,
	  { BLOB("d"), BLOB(stat_arm64) },
	  "newfstatat(AT_FDCWD, \"d\", {st_mode=S_IFDIR|0755, st_size=4096, "
	  "...}, AT_SYMLINK_NOFOLLOW) = 0" },
	{ SW_ABI_I386,
	  "fstat64",
	  { 3, MEM(0) },
	  0,
	  { BLOB(stat64_i386) },
	  "fstat64(3, {st_mode=S_IFREG|0600, st_size=77, ...}) = 0" },
	{ SW_ABI_ARM,
	  "fstat64",
	  { 3, MEM(0) },
	  0,
	  { BLOB(stat64_arm) },
	  "fstat64(3, {st_mode=S_IFLNK|0777, st_size=9, ...}) = 0" },
	/* output structures: an address when the call failed, or when
	 * the memory cannot be read */
	{ SW_ABI_X86_64,
	  "fstat",
	  { 3, MEM(0) },
	  -EBADF,
	  { BLOB(stat_x86_64) },
	  NULL },
	{ SW_ABI_X86_64,
	  "fstat",
	  { 3, BAD },
	  0,
	  { { NULL, 0 } },
	  "fstat(3, 0x10) = 0" },
	{ SW_ABI_X86_64,
	  "lseek",
	  { 3, 0, 2 },
	  10,
	  { { NULL, 0 } },
	  "lseek(3, 0, SEEK_END) = 10" },
	{ SW_ABI_X86_64,
	  "fcntl",
	  { 3, 3 },
	  0x8002,
	  { { NULL, 0 } },
	  "fcntl(3, F_GETFL) = 0x8002 (flags O_RDWR|O_LARGEFILE)" },
	{ SW_ABI_X86_64,
	  "fcntl",
	  { 3, 2, 1 },
	  0,
	  { { NULL, 0 } },
	  "fcntl(3, F_SETFD, FD_CLOEXEC) = 0" },
	{ SW_ABI_X86_64,
	  "pipe2",
	  { MEM(0), 02000000 },
	  0,
	  { BLOB(fds) },
	  "pipe2([3, 4], O_CLOEXEC) = 0" },
	{ SW_ABI_X86_64,
	  "umask",
	  { 022 },
	  077,
	  { { NULL, 0 } },
	  "umask(022) = 077" },
	{ SW_ABI_X86_64,
	  "fchown",
	  { 3, 0, 0xffffffff },
	  0,
	  { { NULL, 0 } },
	  "fchown(3, 0, -1) = 0" },
	/* memory */
	{ SW_ABI_X86_64,
	  "mmap",
	  { 0, 8192, 3, 0x22, -1, 0 },
	  0x7f0000000000,
	  { { NULL, 0 } },
	  "mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, "
	  "-1, 0) = 0x7f0000000000" },
	{ SW_ABI_ARM,
	  "mmap2",
	  { 0, 4096, 5, 0x802, 3, 2 },
	  0x40000000,
	  { { NULL, 0 } },
	  "mmap2(NULL, 4096, PROT_READ|PROT_EXEC, MAP_PRIVATE|MAP_DENYWRITE, "
	  "3, 0x2000) = 0x40000000" },
	{ SW_ABI_X86_64,
	  "madvise",
	  { 0x1000, 4096, 4 },
	  0,
	  { { NULL, 0 } },
	  "madvise(0x1000, 4096, MADV_DONTNEED) = 0" },
	/* signals */
	{ SW_ABI_X86_64,
	  "rt_sigaction",
	  { 2, MEM(0), 0, 8 },
	  0,
	  { BLOB(sa_x86_64) },
	  "rt_sigaction(SIGINT, {sa_handler=0x401000, sa_mask=[INT TERM], "
	  "sa_flags=SA_RESTORER|SA_RESTART, sa_restorer=0x402000}, NULL, "
	  "8) = 0" },
	{ SW_ABI_I386,
	  "rt_sigaction",
	  { 13, MEM(0), 0, 8 },
	  0,
	  { BLOB(sa_i386) },
	  "rt_sigaction(SIGPIPE, {sa_handler=SIG_IGN, sa_mask=[], "
	  "sa_flags=0}, NULL, 8) = 0" },
	{ SW_ABI_X86_64,
	  "rt_sigprocmask",
	  { 2, MEM(0), 0, 8 },
	  0,
	  { BLOB(sigset_rt) },
	  "rt_sigprocmask(SIG_SETMASK, ~[RTMIN RT_1], NULL, 8) = 0" },
	{ SW_ABI_ARM64,
	  "kill",
	  { 42, 15 },
	  0,
	  { { NULL, 0 } },
	  "kill(42, SIGTERM) = 0" },
	/* processes */
	{ SW_ABI_X86_64,
	  "wait4",
	  { -1, MEM(0), 0, 0 },
	  42,
	  { BLOB(status_exit3) },
	  "wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 3}], 0, NULL) = "
	  "42" },
	{ SW_ABI_ARM,
	  "wait4",
	  { -1, MEM(0), 1, 0 },
	  42,
	  { BLOB(status_kill) },
	  "wait4(-1, [{WIFSIGNALED(s) && WTERMSIG(s) == SIGKILL}], WNOHANG, "
	  "NULL) = 42" },
	{ SW_ABI_I386,
	  "ugetrlimit",
	  { 3, MEM(0) },
	  0,
	  { BLOB(rlim32) },
	  "ugetrlimit(RLIMIT_STACK, {rlim_cur=8192*1024, "
	  "rlim_max=RLIM_INFINITY}) = 0" },
	{ SW_ABI_X86_64,
	  "prlimit64",
	  { 0, 3, 0, MEM(0) },
	  0,
	  { BLOB(rlim) },
	  "prlimit64(0, RLIMIT_STACK, NULL, {rlim_cur=8192*1024, "
	  "rlim_max=RLIM64_INFINITY}) = 0" },
	{ SW_ABI_X86_64,
	  "clone",
	  { 0x01200011, 0, 0, 0x7f00, 0 },
	  7,
	  { { NULL, 0 } },
	  "clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|"
	  "CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f00) = 7" },
	/* arm: tls before child_tidptr (CONFIG_CLONE_BACKWARDS) */
	{ SW_ABI_ARM,
	  "clone",
	  { 0x01200011, 0, 0, 0, 0x7f00 },
	  7,
	  { { NULL, 0 } },
	  "clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|"
	  "CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f00) = 7" },
	{ SW_ABI_X86_64,
	  "futex",
	  { 0x1000, 129, 1 },
	  0,
	  { { NULL, 0 } },
	  "futex(0x1000, FUTEX_WAKE_PRIVATE, 1) = 0" },
	{ SW_ABI_X86_64,
	  "arch_prctl",
	  { 0x1002, 0x7f00 },
	  0,
	  { { NULL, 0 } },
	  "arch_prctl(ARCH_SET_FS, 0x7f00) = 0" },
	{ SW_ABI_I386,
	  "set_thread_area",
	  { MEM(0) },
	  0,
	  { BLOB(udesc) },
	  "set_thread_area({entry_number=12, base_addr=0xf7f12100, "
	  "limit=0x0fffff, seg_32bit=1, contents=0, read_exec_only=0, "
	  "limit_in_pages=1, seg_not_present=0, useable=1}) = 0 "
	  "(entry_number=12)" },
	/* time */
	{ SW_ABI_X86_64,
	  "nanosleep",
	  { MEM(0), 0 },
	  0,
	  { BLOB(ts_x86_64) },
	  "nanosleep({tv_sec=1, tv_nsec=500}, NULL) = 0" },
	{ SW_ABI_I386,
	  "nanosleep",
	  { MEM(0), 0 },
	  0,
	  { BLOB(ts_i386) },
	  "nanosleep({tv_sec=2, tv_nsec=7}, NULL) = 0" },
	/* network */
	{ SW_ABI_ARM,
	  "poll",
	  { MEM(0), 2, 0 },
	  1,
	  { BLOB(pollfds) },
	  "poll([{fd=3, events=POLLIN}, {fd=4, events=POLLOUT}], 2, 0) = 1 "
	  "([{fd=3, revents=POLLIN}])" },
	{ SW_ABI_X86_64,
	  "poll",
	  { MEM(0), 2, 0 },
	  0,
	  { BLOB(pollfds) },
	  "poll([{fd=3, events=POLLIN}, {fd=4, events=POLLOUT}], 2, 0) = 0 "
	  "(Timeout)" },
	{ SW_ABI_X86_64,
	  "socket",
	  { 2, 1 | 02000000 | 04000, 0 },
	  3,
	  { { NULL, 0 } },
	  "socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC|SOCK_NONBLOCK, 0) = 3" },
	{ SW_ABI_X86_64,
	  "connect",
	  { 3, MEM(0), 16 },
	  0,
	  { BLOB(sa_in) },
	  "connect(3, {sa_family=AF_INET, sin_port=htons(80), "
	  "sin_addr=inet_addr(\"127.0.0.1\")}, 16) = 0" },
	{ SW_ABI_ARM,
	  "connect",
	  { 3, MEM(0), 9 },
	  -ENOENT,
	  { BLOB(sun_path) },
	  "connect(3, {sa_family=AF_UNIX, sun_path=\"/tmp/s\"}, 9) = -1 "
	  "ENOENT (No such file or directory)" },
	/* ioctl: the argument by request, at exit when the kernel writes it */
	{ SW_ABI_X86_64,
	  "ioctl",
	  { 0, 0x5401, MEM(0) },
	  0,
	  { BLOB(tios) },
	  "ioctl(0, TCGETS, {c_iflag=ICRNL|IXON, c_oflag=NL0|CR0|TAB0|BS0|VT0|"
	  "FF0|OPOST|ONLCR, c_cflag=B38400|CS8|CREAD, c_lflag=ISIG|ICANON|ECHO|"
	  "IEXTEN|ECHOCTL, ...}) = 0" },
	{ SW_ABI_ARM,
	  "ioctl",
	  { 0, 0x5402, MEM(0) },
	  0,
	  { BLOB(tios_raw) },
	  "ioctl(0, TCSETS, {c_iflag=, c_oflag=NL0|CR0|TAB0|BS0|VT0|FF0, "
	  "c_cflag=B115200|CS7, c_lflag=0x2000, ...}) = 0" },
	{ SW_ABI_X86_64,
	  "ioctl",
	  { 1, 0x5401, MEM(0) },
	  -ENOTTY,
	  { BLOB(tios) } },
	{ SW_ABI_I386,
	  "ioctl",
	  { 1, 0x5413, MEM(0) },
	  0,
	  { BLOB(winsize) },
	  "ioctl(1, TIOCGWINSZ, {ws_row=24, ws_col=80, ws_xpixel=0, "
	  "ws_ypixel=0}) = 0" },
	{ SW_ABI_ARM64,
	  "ioctl",
	  { 3, 0x5421, MEM(0) },
	  0,
	  { BLOB(one) },
	  "ioctl(3, FIONBIO, [1]) = 0" },
	{ SW_ABI_X86_64,
	  "ioctl",
	  { 3, 0x5451, 0 },
	  0,
	  { { NULL, 0 } },
	  "ioctl(3, FIOCLEX) = 0" },
	{ SW_ABI_X86_64,
	  "ioctl",
	  { 4, 0x40049409, 3 },
	  -EOPNOTSUPP,
	  { { NULL, 0 } },
	  "ioctl(4, BTRFS_IOC_CLONE or FICLONE, 3) = -1 EOPNOTSUPP (Operation "
	  "not supported)" },
	{ SW_ABI_X86_64,
	  "ioctl",
	  { 4, 0xc0ffee, 0x1000 },
	  -ENOTTY,
	  { { NULL, 0 } },
	  "ioctl(4, _IOC(_IOC_NONE, 0xff, 0xee, 0xc0), 0x1000) = -1 ENOTTY "
	  "(Inappropriate ioctl for "
	  "device)" },
	{ SW_ABI_X86_64,
	  "recvmsg",
	  { 3, MEM(0), 0x4000 },
	  0,
	  { BLOB(msg_empty64) },
	  "recvmsg(3, {msg_name=NULL, msg_namelen=0, msg_iov=NULL, "
	  "msg_iovlen=0, "
	  "msg_controllen=0, msg_flags=MSG_TRUNC}, MSG_NOSIGNAL) = 0" },
	{ SW_ABI_I386,
	  "sendmsg",
	  { 3, MEM(0), 0 },
	  0,
	  { BLOB(msg_empty32) },
	  "sendmsg(3, {msg_name=NULL, msg_namelen=0, msg_iov=NULL, "
	  "msg_iovlen=0, "
	  "msg_controllen=0, msg_flags=MSG_CTRUNC|MSG_TRUNC}, 0) = 0" },
	{ SW_ABI_X86_64,
	  "recvmsg",
	  { 3, MEM(0), 0 },
	  -EAGAIN,
	  { BLOB(msg_empty64) } },
	{ SW_ABI_X86_64,
	  "epoll_wait",
	  { 5, MEM(0), 8, -1 },
	  2,
	  { BLOB(epev_x86) },
	  "epoll_wait(5, [{events=EPOLLIN, data={u32=3, u64=3}}, "
	  "{events=EPOLLIN|EPOLLOUT, data={u32=7, u64=4294967303}}], 8, -1) = "
	  "2" },
	{ SW_ABI_I386,
	  "epoll_ctl",
	  { 5, 1, 3, MEM(0) },
	  0,
	  { BLOB(epev_x86) },
	  "epoll_ctl(5, EPOLL_CTL_ADD, 3, {events=EPOLLIN, data={u32=3, "
	  "u64=3}}) = 0" },
	{ SW_ABI_ARM64,
	  "epoll_ctl",
	  { 5, 1, 9, MEM(0) },
	  0,
	  { BLOB(epev_arm) },
	  "epoll_ctl(5, EPOLL_CTL_ADD, 9, {events=EPOLLRDHUP, data={u32=9, "
	  "u64=9}}) = 0" },
	{ SW_ABI_X86_64,
	  "getrusage",
	  { 0, MEM(0) },
	  0,
	  { BLOB(ru64) },
	  "getrusage(RUSAGE_SELF, {ru_utime={tv_sec=1, tv_usec=2}, "
	  "ru_stime={tv_sec=3, tv_usec=4}, ...}) = 0" },
	{ SW_ABI_I386,
	  "wait4",
	  { -1, 0, 1, MEM(0) },
	  42,
	  { BLOB(ru32) },
	  "wait4(-1, NULL, WNOHANG, {ru_utime={tv_sec=5, tv_usec=6}, "
	  "ru_stime={tv_sec=7, tv_usec=8}, ...}) = 42" },
	{ SW_ABI_X86_64,
	  "timerfd_settime",
	  { 3, 1, MEM(0), 0 },
	  0,
	  { BLOB(its64) },
	  "timerfd_settime(3, TFD_TIMER_ABSTIME, {it_interval={tv_sec=0, "
	  "tv_nsec=5}, it_value={tv_sec=1, tv_nsec=0}}, NULL) = 0" },
	{ SW_ABI_I386,
	  "timer_gettime",
	  { 0, MEM(0) },
	  0,
	  { BLOB(its32) },
	  "timer_gettime(0, {it_interval={tv_sec=2, tv_nsec=0}, "
	  "it_value={tv_sec=0, tv_nsec=9}}) = 0" },
	{ SW_ABI_ARM,
	  "sched_setscheduler",
	  { 0, 1, MEM(0) },
	  0,
	  { BLOB(prio) },
	  "sched_setscheduler(0, SCHED_FIFO, [7]) = 0" },
	{ SW_ABI_X86_64,
	  "sched_getscheduler",
	  { 0 },
	  0,
	  { { NULL, 0 } },
	  "sched_getscheduler(0) = 0 (SCHED_OTHER)" },
	{ SW_ABI_X86_64,
	  "getsockopt",
	  { 3, 1, 4, MEM(0), MEM(1) },
	  0,
	  { BLOB(prio), BLOB(four) },
	  "getsockopt(3, SOL_SOCKET, SO_ERROR, [7], [4]) = 0" },
	{ SW_ABI_ARM64,
	  "getsockopt",
	  { 3, 1, 13, MEM(0), MEM(1) },
	  0,
	  { BLOB(linger), BLOB(eight) },
	  "getsockopt(3, SOL_SOCKET, SO_LINGER, {l_onoff=1, l_linger=30}, [8]) "
	  "= 0" },
	{ SW_ABI_I386,
	  "setsockopt",
	  { 3, 6, 1, MEM(0), 4 },
	  0,
	  { BLOB(one) },
	  "setsockopt(3, SOL_TCP, TCP_NODELAY, [1], 4) = 0" },
	{ SW_ABI_X86_64,
	  "waitid",
	  { 1, 1234, MEM(0), 4, 0 },
	  0,
	  { BLOB(si_chld) },
	  "waitid(P_PID, 1234, {si_signo=SIGCHLD, si_code=CLD_EXITED, "
	  "si_pid=1234, si_uid=0, si_status=3, si_utime=144 /* 1.44 s */, "
	  "si_stime=0}, WEXITED, NULL) = 0" },
	/* SysV IPC, and i386's socketcall and ipc as the calls they make */
	{ SW_ABI_X86_64,
	  "semget",
	  { 0, 1, 01000 | 02000 | 0600 },
	  5,
	  { { NULL, 0 } },
	  "semget(IPC_PRIVATE, 1, IPC_CREAT|IPC_EXCL|0600) = 5" },
	{ SW_ABI_X86_64,
	  "msgsnd",
	  { 5, MEM(0), 4, 04000 },
	  0,
	  { BLOB(msg_x86_64) },
	  "msgsnd(5, {mtype=2, mtext=\"ok!\\0\"}, 4, IPC_NOWAIT) = 0" },
	{ SW_ABI_X86_64,
	  "shmctl",
	  { 5, 2, 0 },
	  0,
	  { { NULL, 0 } },
	  "shmctl(5, IPC_STAT, NULL) = 0" },
	{ SW_ABI_ARM,
	  "msgget",
	  { 0x1234, 01000 | 0640 },
	  2,
	  { { NULL, 0 } },
	  "msgget(0x1234, IPC_CREAT|0640) = 2" },
	{ SW_ABI_ARM,
	  "shmget",
	  { 0, 4096, 01000 | 04000 | 0600 },
	  2,
	  { { NULL, 0 } },
	  "shmget(IPC_PRIVATE, 4096, IPC_CREAT|SHM_HUGETLB|0600) = 2" },
	{ SW_ABI_I386,
	  "socketcall",
	  { 11, MEM(0) },
	  0,
	  { BLOB(sc_sendto) },
	  "sendto(3, NULL, 0, MSG_DONTWAIT, NULL, 0) = 0" },
	{ SW_ABI_I386,
	  "socketcall",
	  { 1, MEM(0) },
	  3,
	  { BLOB(sc_socket) },
	  "socket(AF_INET, SOCK_STREAM, 0) = 3" },
	/* send has no i386 prototype: it stays socketcall */
	{ SW_ABI_I386, "socketcall", { 9, MEM(0) }, 0, { BLOB(sc_socket) } },
	/* an array that cannot be read: socketcall, as the kernel fails it */
	{ SW_ABI_I386,
	  "socketcall",
	  { 1, BAD },
	  -EFAULT,
	  { { NULL, 0 } },
	  "socketcall(1, 0x10) = -1 EFAULT (Bad address)" },
	{ SW_ABI_I386,
	  "ipc",
	  { 2, 0, 1, 01000 | 0600 },
	  5,
	  { { NULL, 0 } },
	  "semget(IPC_PRIVATE, 1, IPC_CREAT|0600) = 5" },
	{ SW_ABI_I386,
	  "ipc",
	  { 3, 7, 0, 0x100, MEM(0) },
	  0,
	  { BLOB(word0) },
	  "semctl(7, 0, IPC_64|IPC_RMID, [NULL]) = 0" },
	{ SW_ABI_I386,
	  "ipc",
	  { 12 | 1 << 16, 7, 8, 0, MEM(0), 1 },
	  3,
	  { BLOB(msg_i386) },
	  "msgrcv(7, {mtype=1, mtext=\"hi\\0\\0\\0\\0\\0\\0\"}, 8, 1, 0) = 3" },
	{ SW_ABI_I386,
	  "ipc",
	  { 12, 7, 8, 010000, MEM(0) },
	  -ENOMSG,
	  { BLOB(kludge_null) },
	  "msgrcv(7, NULL, 8, -3, MSG_NOERROR) = -1 ENOMSG (No message of "
	  "desired type)" },
	{ SW_ABI_I386,
	  "ipc",
	  { 21, 7, 010000, MEM(0), 0 },
	  0,
	  { BLOB(shm_addr) },
	  "shmat(7, NULL, SHM_RDONLY) = 0xf7f00000" },
	/* semop has no i386 prototype: it stays ipc */
	{ SW_ABI_I386, "ipc", { 1, 7, 1, 0, MEM(0) }, 0, { BLOB(word0) } },
};

#ifdef MAP_32BIT
#define LOW_MAP MAP_32BIT
#else
#define LOW_MAP 0
#endif

static void *arena;

static void setup(void)
{
	/* Below 2 GiB, for the 32-bit rows' pointers: MAP_32BIT is x86's
	 * only; elsewhere the address is a hint, free in a fresh process. */
	arena = mmap((void *)0x40000000ul, 1 << 16, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | LOW_MAP, -1, 0);
	ck_assert(arena != MAP_FAILED);
	ck_assert_msg((uintptr_t)arena < 0x80000000ul, "arena at %p", arena);
}

static void teardown(void)
{
	munmap(arena, 1 << 16);
}

START_TEST(test_row)
{
	const struct row *r = &rows[_i];
	struct decode_ctx ctx = { .tid = getpid(), .string_limit = 32 };
	struct sw_tracee t = { .tid = getpid() };
	uint64_t at[3] = { 0 };
	char *p = arena;
	struct strbuf sb;
	size_t k;

	for (k = 0; k < 3; k++) {
		if (!r->mem[k].p)
			continue;
		memcpy(p, r->mem[k].p, r->mem[k].len);
		at[k] = (uintptr_t)p;
		p += (r->mem[k].len + 15) & ~(size_t)15;
	}
	t.sys.abi = r->abi;
	t.sys.sc = sw_sysent_by_name(r->abi, r->call);
	ck_assert_msg(t.sys.sc, "%s has no %s", sw_abi_name(r->abi), r->call);
	for (k = 0; k < 6; k++) {
		uint64_t v = r->args[k];

		t.sys.args[k] = v >= MEM(0) && v < MEM(3) ? at[v - MEM(0)] : v;
		if (sw_sysent_table(r->abi)->wordsize == 4)
			t.sys.args[k] &= 0xffffffffu;
	}
	t.sys.ret = r->ret;
	decode_subcall(&t.sys, t.tid); /* i386's socketcall and ipc */
	strbuf_init(&sb);
	decode_entry(&ctx, &t, &sb);
	decode_exit(&ctx, &t, &sb, r->ret < 0);
	if (r->text) {
		ck_assert_str_eq(sb.buf, r->text);
	} else {
		/* A failed call's output structure is its address. */
		char addr[32];

		snprintf(addr, sizeof(addr), "%#llx",
			 (unsigned long long)at[0]);
		ck_assert_msg(strstr(sb.buf, addr) && !strchr(sb.buf, '{'),
			      "%s", sb.buf);
	}
	strbuf_release(&sb);
}
END_TEST

/* execve: the argument vector and the count of variables, with 64-bit
 * and 32-bit pointers. */
START_TEST(test_execve)
{
	static const char *const argv[] = { "ls", "-la", NULL };
	struct decode_ctx ctx = { .tid = getpid(), .string_limit = 32 };
	struct sw_tracee t = { .tid = getpid() };
	uint32_t *v32 = (uint32_t *)((char *)arena + 256);
	char *strs = (char *)arena + 512;
	struct strbuf sb;

	strbuf_init(&sb);
	t.sys.abi = SW_ABI_X86_64;
	t.sys.sc = sw_sysent_by_name(SW_ABI_X86_64, "execve");
	t.sys.args[0] = (uintptr_t) "/bin/ls";
	t.sys.args[1] = (uintptr_t)argv;
	t.sys.args[2] = (uintptr_t)(argv + 1); /* one variable */
	decode_entry(&ctx, &t, &sb);
	decode_exit(&ctx, &t, &sb, false);
	ck_assert_msg(!strncmp(sb.buf,
			       "execve(\"/bin/ls\", [\"ls\", "
			       "\"-la\"], 0x",
			       35) &&
			  strstr(sb.buf, " /* 1 var */) = 0"),
		      "%s", sb.buf);
	strbuf_reset(&sb);
	memcpy(strs, "sh\0-c\0", 6);
	v32[0] = (uint32_t)(uintptr_t)strs;
	v32[1] = (uint32_t)(uintptr_t)(strs + 3);
	v32[2] = 0;
	t.sys.abi = SW_ABI_I386;
	t.sys.sc = sw_sysent_by_name(SW_ABI_I386, "execve");
	t.sys.args[0] = (uint32_t)(uintptr_t)strs;
	t.sys.args[1] = (uint32_t)(uintptr_t)v32;
	t.sys.args[2] = (uint32_t)(uintptr_t)(v32 + 2); /* none */
	decode_entry(&ctx, &t, &sb);
	decode_exit(&ctx, &t, &sb, false);
	ck_assert_msg(strstr(sb.buf, "[\"sh\", \"-c\"], 0x") &&
			  strstr(sb.buf, " /* 0 vars */) = 0"),
		      "%s", sb.buf);
	strbuf_release(&sb);
}
END_TEST

/* Vectored I/O: writev's buffers whole, readv's as far as the result
 * says they were filled; 32-bit iovecs on arm. */
START_TEST(test_iovec)
{
	struct decode_ctx ctx = { .tid = getpid(), .string_limit = 32 };
	struct sw_tracee t = { .tid = getpid() };
	char *data = (char *)arena + 1024;
	uint32_t *v32 = (uint32_t *)arena;
	uint64_t v64[4];
	struct strbuf sb;

	memcpy(data, "abcdefgh", 8);
	strbuf_init(&sb);
	v32[0] = (uint32_t)(uintptr_t)data;
	v32[1] = 2;
	v32[2] = (uint32_t)(uintptr_t)(data + 2);
	v32[3] = 3;
	t.sys.abi = SW_ABI_ARM;
	t.sys.sc = sw_sysent_by_name(SW_ABI_ARM, "writev");
	t.sys.args[0] = 1;
	t.sys.args[1] = (uint32_t)(uintptr_t)v32;
	t.sys.args[2] = 2;
	t.sys.ret = 5;
	decode_entry(&ctx, &t, &sb);
	decode_exit(&ctx, &t, &sb, false);
	ck_assert_str_eq(sb.buf, "writev(1, [{iov_base=\"ab\", iov_len=2}, "
				 "{iov_base=\"cde\", iov_len=3}], 2) = 5");
	strbuf_reset(&sb);
	v64[0] = (uintptr_t)data;
	v64[1] = 2;
	v64[2] = (uintptr_t)(data + 2);
	v64[3] = 5;
	t.sys.abi = SW_ABI_X86_64;
	t.sys.sc = sw_sysent_by_name(SW_ABI_X86_64, "readv");
	t.sys.args[0] = 3;
	t.sys.args[1] = (uintptr_t)v64;
	t.sys.args[2] = 2;
	t.sys.ret = 3;
	decode_entry(&ctx, &t, &sb);
	decode_exit(&ctx, &t, &sb, false);
	ck_assert_str_eq(sb.buf, "readv(3, [{iov_base=\"ab\", iov_len=2}, "
				 "{iov_base=\"c\", iov_len=5}], 2) = 3");
	strbuf_release(&sb);
}
END_TEST

/* --arg-names: each argument after its prototype's name. */
START_TEST(test_arg_names)
{
	struct decode_ctx ctx = { .tid = getpid(),
				  .string_limit = 32,
				  .arg_names = true };
	struct sw_tracee t = { .tid = getpid() };
	struct strbuf sb;

	strbuf_init(&sb);
	t.sys.abi = SW_ABI_ARM64;
	t.sys.sc = sw_sysent_by_name(SW_ABI_ARM64, "openat");
	t.sys.args[0] = (uint64_t)-100;
	t.sys.args[1] = (uintptr_t) "/etc/passwd";
	t.sys.args[2] = 02000000;
	t.sys.ret = 3;
	decode_entry(&ctx, &t, &sb);
	decode_exit(&ctx, &t, &sb, false);
	ck_assert_str_eq(sb.buf, "openat(dfd: AT_FDCWD, filename: "
				 "\"/etc/passwd\", flags: O_RDONLY|O_CLOEXEC) "
				 "= 3");
	/* -n: the number on the call's ABI (arm64's openat is 56). */
	strbuf_reset(&sb);
	ctx.arg_names = false;
	ctx.numbers = true;
	t.sys.nr = t.sys.sc->nr;
	decode_entry(&ctx, &t, &sb);
	ck_assert_str_eq(sb.buf, "[  56] openat(AT_FDCWD, \"/etc/passwd\", "
				 "O_RDONLY|O_CLOEXEC");
	strbuf_release(&sb);
}
END_TEST

/* -e raw=: every argument in hex at its type's width (i386's AT_FDCWD
 * is 0xffffff9c), the result too; -e verbose=: a structure as its
 * address, the flags still named. */
START_TEST(test_raw_and_addresses)
{
	struct decode_ctx ctx = { .tid = getpid(),
				  .string_limit = 32,
				  .raw = true };
	struct sw_tracee t = { .tid = getpid() };
	char want[64];
	struct strbuf sb;

	strbuf_init(&sb);
	t.sys.abi = SW_ABI_I386;
	t.sys.sc = sw_sysent_by_name(SW_ABI_I386, "openat");
	t.sys.args[0] = 0xffffff9c;
	t.sys.args[2] = 02000000;
	t.sys.ret = 3;
	decode_entry(&ctx, &t, &sb);
	decode_exit(&ctx, &t, &sb, false);
	ck_assert_str_eq(sb.buf, "openat(0xffffff9c, 0, 0x80000, 0) = 0x3");
	strbuf_reset(&sb);
	ctx.raw = false;
	ctx.addresses = true;
	t.sys.abi = SW_ABI_X86_64;
	t.sys.sc = sw_sysent_by_name(SW_ABI_X86_64, "newfstatat");
	t.sys.args[0] = 3;
	t.sys.args[1] = (uintptr_t) "";
	t.sys.args[2] = (uintptr_t)arena;
	t.sys.args[3] = 0x1000;
	t.sys.ret = 0;
	decode_entry(&ctx, &t, &sb);
	decode_exit(&ctx, &t, &sb, false);
	snprintf(want, sizeof(want),
		 "newfstatat(3, \"\", %p, AT_EMPTY_PATH) = 0", arena);
	ck_assert_str_eq(sb.buf, want);
	strbuf_release(&sb);
}
END_TEST

/* -y: descriptors with their paths, in arguments and in results. */
START_TEST(test_fd_paths)
{
	struct decode_ctx ctx = { .tid = getpid(),
				  .string_limit = 32,
				  .fd_paths = true };
	struct sw_tracee t = { .tid = getpid() };
	int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	char want[128];
	struct strbuf sb;

	ck_assert_int_ge(fd, 0);
	strbuf_init(&sb);
	t.sys.abi = SW_ABI_X86_64;
	t.sys.sc = sw_sysent_by_name(SW_ABI_X86_64, "dup");
	t.sys.args[0] = (uint64_t)fd;
	t.sys.ret = fd;
	decode_entry(&ctx, &t, &sb);
	decode_exit(&ctx, &t, &sb, false);
	snprintf(want, sizeof(want), "dup(%d</dev/null>) = %d</dev/null>", fd,
		 fd);
	ck_assert_str_eq(sb.buf, want);
	/* AT_FDCWD with the tracee's working directory. */
	strbuf_reset(&sb);
	t.sys.sc = sw_sysent_by_name(SW_ABI_X86_64, "fchmodat");
	t.sys.args[0] = (uint64_t)-100;
	t.sys.args[1] = (uintptr_t) "f";
	t.sys.args[2] = 0644;
	t.sys.ret = 0;
	ck_assert_int_eq(chdir("/tmp"), 0);
	decode_entry(&ctx, &t, &sb);
	ck_assert_str_eq(sb.buf, "fchmodat(AT_FDCWD</tmp>, \"f\", 0644");
	close(fd);
	strbuf_release(&sb);
}
END_TEST

/* -v: struct stat64 whole, in i386's packed layout. */
static const unsigned char
    stat64_i386_full[96] = {
	    U64(0xfe00),     U32(0),
	    U32(0), /* st_dev, pad, __st_ino */
	    U32(0100644),    U32(2),
	    U32(1000),	     U32(100), /* mode nlink uid gid */
	    U64(0),	     U32(0), /* st_rdev, pad */
	    U64(5),	     U32(4096),
	    U64(8), /* st_size st_blksize st_blocks */
	    U32(1672531200), U32(0),
	    U32(1672531200), U32(5),
	    U32(1672531200), U32(0), /* times */
	    U64(77777), /* st_ino */
    };

START_TEST(test_verbose_stat)
{
	struct decode_ctx ctx = { .tid = getpid(),
				  .string_limit = 32,
				  .verbose = true };
	struct sw_tracee t = { .tid = getpid() };
	struct strbuf sb;

	setenv("TZ", "UTC", 1);
	tzset();
	memcpy(arena, stat64_i386_full, sizeof(stat64_i386_full));
	strbuf_init(&sb);
	t.sys.abi = SW_ABI_I386;
	t.sys.sc = sw_sysent_by_name(SW_ABI_I386, "fstat64");
	t.sys.args[0] = 3;
	t.sys.args[1] = (uint32_t)(uintptr_t)arena;
	decode_entry(&ctx, &t, &sb);
	decode_exit(&ctx, &t, &sb, false);
	ck_assert_str_eq(
	    sb.buf,
	    "fstat64(3, {st_dev=makedev(0xfe, 0), st_ino=77777, "
	    "st_mode=S_IFREG|0644, st_nlink=2, st_uid=1000, st_gid=100, "
	    "st_blksize=4096, st_blocks=8, st_size=5, st_atime=1672531200 "
	    "/* 2023-01-01T00:00:00+0000 */, st_atime_nsec=0, "
	    "st_mtime=1672531200 /* 2023-01-01T00:00:00.000000005+0000 */, "
	    "st_mtime_nsec=5, st_ctime=1672531200 /* "
	    "2023-01-01T00:00:00+0000 */, st_ctime_nsec=0}) = 0");
	strbuf_release(&sb);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("decoders");
	TCase *tc = tcase_create("rows");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_row, 0, ARRAY_SIZE(rows));
	tcase_add_test(tc, test_execve);
	tcase_add_test(tc, test_arg_names);
	tcase_add_test(tc, test_raw_and_addresses);
	tcase_add_test(tc, test_iovec);
	tcase_add_test(tc, test_fd_paths);
	tcase_add_test(tc, test_verbose_stat);
	suite_add_tcase(s, tc);
	return run_suite(s);
}

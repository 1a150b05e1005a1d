// SPDX-License-Identifier: LGPL-2.1-or-later
/* syswarden - network: socket types and addresses, poll, vectored I/O. */
#include "config.h"

#include <arpa/inet.h>
#include <inttypes.h>
#include <string.h>

#include "decode/private.h"

/* The type is an enum in its low four bits (include/linux/net.h,
 * SOCK_TYPE_MASK), flags above. */
void dec_socket_type(struct dcall *dc, unsigned int i, uint64_t v,
		     unsigned int fam)
{
	uint64_t type = v & 0xf, rest = v & 0xfffffff0u;
	const char *name = xlat_name(dc->abi, XF_SOCK_TYPE, type);

	/* accept4 has only the flags. */
	if (!strcmp(dc->ev->sc->name, "accept4")) {
		xlat_print_flags(dc->sb, dc->abi, XF_SOCK_FLAGS, v);
		return;
	}
	if (name)
		strbuf_addf(dc->sb, "%s", name);
	else
		strbuf_addf(dc->sb, "%#" PRIx64, type);
	if (rest) {
		strbuf_add(dc->sb, "|", 1);
		xlat_print_flags(dc->sb, dc->abi, XF_SOCK_FLAGS, rest);
	}
}

/* Address families with a layout here (include/linux/socket.h). */
#define FAM_UNIX 1
#define FAM_INET 2
#define FAM_INET6 10
#define FAM_NETLINK 16

static void print_unix(struct strbuf *sb, const unsigned char *a, size_t len)
{
	const char *path = (const char *)a + 2;
	size_t n = len > 2 ? len - 2 : 0;

	if (!n) {
		strbuf_add(sb, "}", 1);
		return;
	}
	strbuf_add(sb, ", sun_path=", 11);
	if (!path[0]) {
		/* An abstract name: no NUL ends it, the length does. */
		strbuf_add(sb, "@", 1);
		decode_quoted(sb, path + 1, n - 1, false);
	} else {
		decode_quoted(sb, path, strnlen(path, n), false);
	}
	strbuf_add(sb, "}", 1);
}

static void print_inet(struct strbuf *sb, const unsigned char *a)
{
	char ip[INET_ADDRSTRLEN];
	uint16_t port;

	memcpy(&port, a + 2, 2);
	inet_ntop(AF_INET, a + 4, ip, sizeof(ip));
	strbuf_addf(sb, ", sin_port=htons(%u), sin_addr=inet_addr(\"%s\")}",
		    ntohs(port), ip);
}

static void print_inet6(struct strbuf *sb, const unsigned char *a)
{
	char ip[INET6_ADDRSTRLEN];
	uint32_t flow, scope;
	uint16_t port;

	memcpy(&port, a + 2, 2);
	memcpy(&flow, a + 4, 4);
	memcpy(&scope, a + 24, 4);
	inet_ntop(AF_INET6, a + 8, ip, sizeof(ip));
	strbuf_addf(sb,
		    ", sin6_port=htons(%u), sin6_flowinfo=htonl(%u), "
		    "inet_pton(AF_INET6, \"%s\", &sin6_addr), "
		    "sin6_scope_id=%u}",
		    ntohs(port), ntohl(flow), ip, scope);
}

static void print_netlink(struct strbuf *sb, const unsigned char *a)
{
	uint32_t pid, groups;

	memcpy(&pid, a + 4, 4);
	memcpy(&groups, a + 8, 4);
	strbuf_addf(sb, ", nl_pid=%u, nl_groups=%08x}", pid, groups);
}

/* A socket address of @len bytes at @v, read at once; its layout is the
 * same on every ABI. */
static void print_sockaddr(struct dcall *dc, uint64_t v, uint64_t len)
{
	unsigned char a[128];
	const char *name;
	uint16_t family;

	if (len > sizeof(a))
		len = sizeof(a);
	if (len < 2 || !dcall_read(dc, v, a, (size_t)len)) {
		print_pointer(dc->sb, v);
		return;
	}
	memset(a + len, 0, sizeof(a) - len);
	memcpy(&family, a, 2);
	name = xlat_name(dc->abi, XF_AF, family);
	if (name)
		strbuf_addf(dc->sb, "{sa_family=%s", name);
	else
		strbuf_addf(dc->sb, "{sa_family=%u", family);
	if (family == FAM_UNIX)
		print_unix(dc->sb, a, (size_t)len);
	else if (family == FAM_INET && len >= 8)
		print_inet(dc->sb, a);
	else if (family == FAM_INET6 && len >= 28)
		print_inet6(dc->sb, a);
	else if (family == FAM_NETLINK && len >= 12)
		print_netlink(dc->sb, a);
	else {
		strbuf_add(dc->sb, ", sa_data=", 10);
		decode_quoted(dc->sb, (const char *)a + 2, (size_t)len - 2,
			      false);
		strbuf_add(dc->sb, "}", 1);
	}
}

/* A socket address of the length the next argument gives. */
void dec_sockaddr(struct dcall *dc, unsigned int i, uint64_t v,
		  unsigned int fam)
{
	print_sockaddr(dc, v, dcall_arg(dc, i + 1) & 0xffffffffu);
}

/* struct pollfd: int fd, short events, short revents, on every ABI.
 * At most this many are shown, then "...". */
#define POLLFD_MAX 64

/* Reads poll's array into @fds; returns how many, or -1. */
static int read_pollfds(struct dcall *dc, unsigned char *fds, size_t *total)
{
	int k = dcall_arg_index(dc, "nfds");
	uint64_t n = k >= 0 ? dcall_arg(dc, (unsigned int)k) & 0xffffffffu : 0;
	size_t want = n < POLLFD_MAX ? (size_t)n : POLLFD_MAX;

	*total = (size_t)n;
	if (!dcall_read(dc, dcall_arg(dc, 0), fds, want * 8))
		return -1;
	return (int)want;
}

static void print_pollfds(struct dcall *dc, const unsigned char *fds, int n,
			  size_t total, bool returned)
{
	bool first = true;
	int k;

	strbuf_add(dc->sb, "[", 1);
	for (k = 0; k < n; k++) {
		int32_t fd;
		uint16_t ev;

		memcpy(&fd, fds + 8 * k, 4);
		memcpy(&ev, fds + 8 * k + (returned ? 6 : 4), 2);
		if (returned && !ev)
			continue;
		strbuf_addf(dc->sb, "%s{fd=%d, %s=", first ? "" : ", ", fd,
			    returned ? "revents" : "events");
		xlat_print_flags(dc->sb, dc->abi, XF_POLL, ev);
		strbuf_add(dc->sb, "}", 1);
		first = false;
	}
	if ((size_t)n < total && !returned)
		strbuf_add(dc->sb, ", ...", 5);
	strbuf_add(dc->sb, "]", 1);
}

void dec_pollfds(struct dcall *dc, unsigned int i, uint64_t v, unsigned int fam)
{
	unsigned char fds[POLLFD_MAX * 8];
	size_t total;
	int n = read_pollfds(dc, fds, &total);

	if (n < 0)
		print_pointer(dc->sb, v);
	else
		print_pollfds(dc, fds, n, total, false);
}

/* "1 ([{fd=3, revents=POLLIN}])", or "0 (Timeout)". */
void dec_poll_ret(struct dcall *dc, unsigned int i, uint64_t v,
		  unsigned int fam)
{
	unsigned char fds[POLLFD_MAX * 8];
	size_t total;
	int n;

	decode_retval(dc->sb, dc->ev, false);
	if (!v) {
		strbuf_add(dc->sb, " (Timeout)", 10);
		return;
	}
	n = read_pollfds(dc, fds, &total);
	if (n < 0)
		return;
	strbuf_add(dc->sb, " (", 2);
	print_pollfds(dc, fds, n, total, true);
	strbuf_add(dc->sb, ")", 1);
}

/* Entries of an iovec array shown, then "...". */
#define IOV_MAX_SHOWN 64

/*
 * An array of @n struct iovec (two words) at @v, read at once: the
 * buffers in full (up to -s) at entry, at exit only as far as the result
 * says the kernel filled them.
 */
static void print_iovec(struct dcall *dc, uint64_t v, uint64_t n)
{
	unsigned int w = dc->wordsize;
	uint64_t k;
	uint64_t left = dc->ev->ret > 0 ? (uint64_t)dc->ev->ret : 0;
	unsigned char b[IOV_MAX_SHOWN * 16];
	size_t shown = n < IOV_MAX_SHOWN ? (size_t)n : IOV_MAX_SHOWN;

	if (!dcall_read(dc, v, b, shown * 2 * w)) {
		print_pointer(dc->sb, v);
		return;
	}
	strbuf_add(dc->sb, "[", 1);
	for (k = 0; k < shown; k++) {
		uint64_t base = dcall_word(dc, b + 2 * w * k);
		uint64_t len = dcall_word(dc, b + 2 * w * k + w);
		uint64_t data = len;

		if (dc->exiting) {
			data = len < left ? len : left;
			left -= data;
		}
		strbuf_addf(dc->sb, "%s{iov_base=", k ? ", " : "");
		print_buffer(dc->ctx, dc->sb, base, data);
		strbuf_addf(dc->sb, ", iov_len=%" PRIu64 "}", len);
	}
	if (shown < n)
		strbuf_add(dc->sb, ", ...", 5);
	strbuf_add(dc->sb, "]", 1);
}

/* The array the next argument counts (readv, writev). */
void dec_iovec(struct dcall *dc, unsigned int i, uint64_t v, unsigned int fam)
{
	print_iovec(dc, v, dcall_arg(dc, i + 1));
}

/*
 * struct msghdr (user_msghdr, or compat_msghdr on a 32-bit ABI): name,
 * namelen, iov, iovlen, control, controllen, flags, each in a word of the
 * ABI (namelen and flags are ints, padded on 64-bit ABIs); read at once.
 * Control messages are shown as their address.
 */
void dec_msghdr(struct dcall *dc, unsigned int i, uint64_t v, unsigned int fam)
{
	unsigned int w = dc->wordsize;
	unsigned char m[7 * 8];
	uint64_t name, iov, control, controllen;
	uint32_t namelen, flags;

	if (!dcall_read(dc, v, m, 7 * w)) {
		print_pointer(dc->sb, v);
		return;
	}
	name = dcall_word(dc, m);
	memcpy(&namelen, m + w, 4);
	iov = dcall_word(dc, m + 2 * w);
	control = dcall_word(dc, m + 4 * w);
	controllen = dcall_word(dc, m + 5 * w);
	memcpy(&flags, m + 6 * w, 4);
	strbuf_add(dc->sb, "{msg_name=", 10);
	if (name && namelen)
		print_sockaddr(dc, name, namelen);
	else
		print_pointer(dc->sb, name);
	strbuf_addf(dc->sb, ", msg_namelen=%d, msg_iov=", (int)namelen);
	print_iovec(dc, iov, dcall_word(dc, m + 3 * w));
	strbuf_addf(dc->sb, ", msg_iovlen=%" PRIu64, dcall_word(dc, m + 3 * w));
	if (control && controllen) {
		strbuf_add(dc->sb, ", msg_control=", 14);
		print_pointer(dc->sb, control);
	}
	strbuf_addf(dc->sb,
		    ", msg_controllen=%" PRIu64 ", msg_flags=", controllen);
	xlat_print_flags(dc->sb, dc->abi, XF_MSG, flags);
	strbuf_add(dc->sb, "}", 1);
}

/* Events of an epoll_wait shown, then "...". */
#define EPOLL_MAX_SHOWN 64

/* struct epoll_event: u32 events, u64 data; packed to 12 bytes on x86
 * (include/uapi/linux/eventpoll.h, EPOLL_PACKED), 16 on arm. */
static unsigned int epoll_event_size(const struct dcall *dc)
{
	return dc->abi == SW_ABI_X86_64 || dc->abi == SW_ABI_I386 ? 12 : 16;
}

static void print_epoll_event(struct dcall *dc, const unsigned char *e)
{
	uint32_t events, u32;
	uint64_t u64;
	unsigned int data = epoll_event_size(dc) - 8;

	memcpy(&events, e, 4);
	memcpy(&u32, e + data, 4);
	memcpy(&u64, e + data, 8);
	strbuf_add(dc->sb, "{events=", 8);
	xlat_print_flags(dc->sb, dc->abi, XF_EPOLL_EVENTS, events);
	strbuf_addf(dc->sb, ", data={u32=%" PRIu32 ", u64=%" PRIu64 "}}", u32,
		    u64);
}

/* epoll_ctl's event. */
void dec_epoll_event(struct dcall *dc, unsigned int i, uint64_t v,
		     unsigned int fam)
{
	unsigned char e[16];

	if (!v || !dcall_read(dc, v, e, epoll_event_size(dc))) {
		print_pointer(dc->sb, v);
		return;
	}
	print_epoll_event(dc, e);
}

/* epoll_wait's events, as many as it returned, read at once. */
void dec_epoll_events(struct dcall *dc, unsigned int i, uint64_t v,
		      unsigned int fam)
{
	unsigned int size = epoll_event_size(dc);
	unsigned char e[EPOLL_MAX_SHOWN * 16];
	uint64_t n = dc->ev->ret > 0 ? (uint64_t)dc->ev->ret : 0, k;
	size_t shown = n < EPOLL_MAX_SHOWN ? (size_t)n : EPOLL_MAX_SHOWN;

	if (shown && !dcall_read(dc, v, e, shown * size)) {
		print_pointer(dc->sb, v);
		return;
	}
	strbuf_add(dc->sb, "[", 1);
	for (k = 0; k < shown; k++) {
		if (k)
			strbuf_add(dc->sb, ", ", 2);
		print_epoll_event(dc, e + k * size);
	}
	if (shown < n)
		strbuf_add(dc->sb, ", ...", 5);
	strbuf_add(dc->sb, "]", 1);
}

/* Socket option levels with their option names here (the level's value
 * is the same on every ABI: SOL_SOCKET's asm/socket.h, IPPROTO_TCP). */
#define LEVEL_SOCKET 1
#define LEVEL_TCP 6
#define SO_LINGER_NAME "SO_LINGER"

/* getsockopt's and setsockopt's optname, by the level before it. */
void dec_sockopt_name(struct dcall *dc, unsigned int i, uint64_t v,
		      unsigned int fam)
{
	uint32_t level = (uint32_t)dcall_arg(dc, 1);
	const char *name = NULL;

	if (level == LEVEL_SOCKET)
		name = xlat_name(dc->abi, XF_SO, (uint32_t)v);
	else if (level == LEVEL_TCP)
		name = xlat_name(dc->abi, XF_TCP_OPT, (uint32_t)v);
	if (name)
		strbuf_addf(dc->sb, "%s", name);
	else
		strbuf_addf(dc->sb, "%d", (int)(int32_t)v);
}

/* An option value of @len bytes at @v: an int as [1], struct linger,
 * else its address. */
static void print_sockopt(struct dcall *dc, uint64_t v, int64_t len)
{
	const char *name =
	    (uint32_t)dcall_arg(dc, 1) == LEVEL_SOCKET
		? xlat_name(dc->abi, XF_SO, (uint32_t)dcall_arg(dc, 2))
		: NULL;
	int32_t w[2];

	if (len == 8 && name && !strcmp(name, SO_LINGER_NAME) &&
	    dcall_read(dc, v, w, 8))
		strbuf_addf(dc->sb, "{l_onoff=%d, l_linger=%d}", (int)w[0],
			    (int)w[1]);
	else if (len == 4 && dcall_read(dc, v, w, 4))
		strbuf_addf(dc->sb, "[%d]", (int)w[0]);
	else
		print_pointer(dc->sb, v);
}

/* setsockopt's value, of the length its last argument gives. */
void dec_sockopt_val(struct dcall *dc, unsigned int i, uint64_t v,
		     unsigned int fam)
{
	print_sockopt(dc, v, (int32_t)dcall_arg(dc, i + 1));
}

/* getsockopt's value, of the length the kernel wrote back at optlen. */
void dec_sockopt_val_out(struct dcall *dc, unsigned int i, uint64_t v,
			 unsigned int fam)
{
	int32_t len;

	if (!dcall_read(dc, dcall_arg(dc, i + 1), &len, sizeof(len)))
		len = -1;
	print_sockopt(dc, v, len);
}

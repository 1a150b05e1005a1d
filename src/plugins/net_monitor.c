// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * net_monitor - reports sendto, sendmsg and connect: the peer address and
 * the start of the data sent.
 *
 *   preview=N  bytes of data shown (default 32)
 *
 * A send on a connected socket names no peer; it is shown as "connected".
 * sendmsg shows its first iovec.  struct msghdr is read at the layout of
 * the call's ABI (pointer-sized fields on 32-bit ABIs are 4 bytes).  On
 * i386, where the C library reaches these calls through socketcall(2),
 * syswarden shows them as the calls they make, so the same hooks see
 * them; socketcall stops only for these three.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <syswarden/plugin.h>

#include "putil.h"

#define PREVIEW_MAX 4096

static const struct sw_plugin_option options[] = {
	{ "preview", SW_OPT_INT, "32", "bytes of data shown", 0, PREVIEW_MAX },
	{ NULL },
};

/* Formats the sockaddr of @len bytes at @addr: "127.0.0.1:80",
 * "[::1]:80", "unix:/path", "unix:@abstract". */
static const char *peer(struct sw_call *call, uint64_t addr, uint64_t len,
			char *out, size_t size)
{
	struct sockaddr_storage ss = { 0 };
	const struct sockaddr_in *in4 = (const void *)&ss;
	const struct sockaddr_in6 *in6 = (const void *)&ss;
	const struct sockaddr_un *un = (const void *)&ss;
	char ip[INET6_ADDRSTRLEN], q[4 * sizeof(un->sun_path) + 8];
	size_t path_len;
	ssize_t n;

	if (!addr)
		return "connected";
	n = sw_call_read_bytes(call, addr, &ss,
			       len < sizeof(ss) ? (size_t)len : sizeof(ss));
	if (n < (ssize_t)sizeof(sa_family_t))
		return "(unreadable address)";
	path_len = (size_t)n - offsetof(struct sockaddr_un, sun_path);
	if (path_len > sizeof(un->sun_path))
		path_len = sizeof(un->sun_path);
	if (ss.ss_family == AF_INET)
		snprintf(out, size, "%s:%u",
			 inet_ntop(AF_INET, &in4->sin_addr, ip, sizeof(ip)),
			 ntohs(in4->sin_port));
	else if (ss.ss_family == AF_INET6)
		snprintf(out, size, "[%s]:%u",
			 inet_ntop(AF_INET6, &in6->sin6_addr, ip, sizeof(ip)),
			 ntohs(in6->sin6_port));
	else if (ss.ss_family == AF_UNIX && n > 2 && un->sun_path[0])
		snprintf(out, size, "unix:%s",
			 sw_quote(q, sizeof(q), un->sun_path,
				  strnlen(un->sun_path, path_len), path_len));
	else if (ss.ss_family == AF_UNIX && n > 2)
		snprintf(out, size, "unix:@%s",
			 sw_quote(q, sizeof(q), un->sun_path + 1, path_len - 1,
				  path_len));
	else
		snprintf(out, size, "family %u", ss.ss_family);
	return out;
}

static const char *preview(struct sw_call *call, uint64_t buf, uint64_t len,
			   long max, char *out, size_t size)
{
	char data[PREVIEW_MAX];
	size_t want = len < (uint64_t)max ? (size_t)len : (size_t)max;
	ssize_t n;

	if (want > sizeof(data))
		want = sizeof(data);
	n = want ? sw_call_read_bytes(call, buf, data, want) : 0;
	if (n < 0)
		return "(unreadable data)";
	/* Shows the @n bytes read, and "..." when @len is longer. */
	return sw_quote(out, size, data, (size_t)len, (size_t)n);
}

/* The fields of struct user_msghdr that matter, at the ABI's layout. */
static int read_msghdr(struct sw_call *call, uint64_t addr, uint64_t *name,
		       uint64_t *namelen, uint64_t iov[2])
{
	const struct sw_sysent_table *tab = sw_sysent_table(call->abi);
	size_t w = tab ? tab->wordsize : 8;
	unsigned char hdr[56], vec[16];
	uint64_t iovp = 0, iovlen = 0;
	uint32_t nl = 0;

	if (sw_call_read_bytes(call, addr, hdr, 4 * w) != (ssize_t)(4 * w))
		return -EFAULT;
	*name = 0;
	memcpy(name, hdr, w); /* little-endian hosts: low bytes first */
	memcpy(&nl, hdr + w, 4);
	*namelen = nl;
	memcpy(&iovp, hdr + 2 * w, w);
	memcpy(&iovlen, hdr + 3 * w, w);
	iov[0] = iov[1] = 0;
	if (!iovlen)
		return 0;
	if (sw_call_read_bytes(call, iovp, vec, 2 * w) != (ssize_t)(2 * w))
		return -EFAULT;
	memcpy(&iov[0], vec, w);
	memcpy(&iov[1], vec + w, w);
	return 0;
}

/* A send or connect. */
struct net_call {
	const char *what;
	uint64_t fd, addr, addrlen, buf, len;
	bool is_msg;
};

/* Fills @nc from the arguments in @a of call @what. */
static void from_args(struct net_call *nc, const char *what, const uint64_t *a)
{
	memset(nc, 0, sizeof(*nc));
	nc->what = what;
	nc->fd = a[0];
	if (!strcmp(what, "connect")) {
		nc->addr = a[1];
		nc->addrlen = a[2];
	} else if (!strcmp(what, "sendto")) {
		nc->buf = a[1];
		nc->len = a[2];
		nc->addr = a[4];
		nc->addrlen = a[5];
	} else {
		nc->is_msg = true;
		nc->buf = a[1]; /* the msghdr */
	}
}

static void report(struct sw_call *call, const struct net_call *nc, long max)
{
	char who[512], what[4 * 4096 + 8];
	uint64_t name, namelen, iov[2];

	if (nc->is_msg &&
	    read_msghdr(call, nc->buf, &name, &namelen, iov) < 0) {
		sw_call_report(call, "sendmsg fd %d: (unreadable msghdr)",
			       (int)nc->fd);
	} else if (nc->is_msg) {
		sw_call_report(
		    call, "sendmsg fd %d to %s: %s", (int)nc->fd,
		    peer(call, name, namelen, who, sizeof(who)),
		    preview(call, iov[0], iov[1], max, what, sizeof(what)));
	} else if (!strcmp(nc->what, "connect")) {
		sw_call_report(
		    call, "connect fd %d to %s", (int)nc->fd,
		    peer(call, nc->addr, nc->addrlen, who, sizeof(who)));
	} else {
		sw_call_report(
		    call, "sendto fd %d to %s: %s", (int)nc->fd,
		    peer(call, nc->addr, nc->addrlen, who, sizeof(who)),
		    preview(call, nc->buf, nc->len, max, what, sizeof(what)));
	}
}

static void on_call(struct sw_call *call, void *data)
{
	struct net_call nc;

	from_args(&nc, call->name, call->args);
	report(call, &nc, *(long *)data);
}

static int init(struct sw_plugin_ctx *ctx)
{
	struct sw_supervisor *sup = sw_plugin_supervisor(ctx);
	long *max = malloc(sizeof(*max));
	struct sw_hook_spec spec = { .name = "sendto,sendmsg,connect",
				     .fn = on_call,
				     .data = max };

	if (!max)
		return -ENOMEM;
	*sw_plugin_state(ctx) = max;
	*max = sw_plugin_opt_int(ctx, "preview");
	return sw_hook_add(sup, &spec, NULL, sw_plugin_errbuf(ctx),
			   SW_PLUGIN_ERRSIZE);
}

static void fini(struct sw_plugin_ctx *ctx)
{
	free(*sw_plugin_state(ctx));
}

SW_PLUGIN_DEFINE("net_monitor",
		 "reports sendto, sendmsg and connect with peer and data",
		 options, init, fini)

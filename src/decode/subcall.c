// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * syswarden - i386's multiplexers, socketcall(2) and ipc(2), seen as the
 * call they make.
 *
 * Debian's i386 glibc makes every socket call as socketcall(SYS_SENDTO,
 * args) and every SysV IPC call as ipc(SEMGET, ...).  strace shows them
 * as sendto(...) and semget(...), and so do we: at entry the event takes
 * the sub-call's prototype from the ABI's table and its arguments in the
 * sub-call's own order, so that the trace, -e trace=, hooks and argument
 * conditions all see sendto.  Numbers and argument layouts are the
 * kernel's (include/uapi/linux/net.h and net/compat.c's nargs; ipc/syscall.c
 * compat_ksys_ipc() and include/uapi/linux/ipc.h).
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "decode.h"
#include "tracemem.h"
#include "util.h"

/* socketcall's sub-calls, by SYS_* number (1-20), with their argument
 * count: the words socketcall reads at its second argument. */
static const struct {
	const char *name;
	unsigned char nargs;
} socket_calls[] = {
	[1] = { "socket", 3 },	    [2] = { "bind", 3 },
	[3] = { "connect", 3 },	    [4] = { "listen", 2 },
	[5] = { "accept", 3 },	    [6] = { "getsockname", 3 },
	[7] = { "getpeername", 3 }, [8] = { "socketpair", 4 },
	[9] = { "send", 4 },	    [10] = { "recv", 4 },
	[11] = { "sendto", 6 },	    [12] = { "recvfrom", 6 },
	[13] = { "shutdown", 2 },   [14] = { "setsockopt", 5 },
	[15] = { "getsockopt", 5 }, [16] = { "sendmsg", 3 },
	[17] = { "recvmsg", 3 },    [18] = { "accept4", 4 },
	[19] = { "recvmmsg", 5 },   [20] = { "sendmmsg", 4 },
};

/* ipc's arguments after its first (the call): first, second, third, ptr,
 * fifth.  Each sub-call takes some of them, in its own order; IPC_PTR_WORD
 * is the word ptr points to (semctl's fourth argument). */
enum { IPC_FIRST, IPC_SECOND, IPC_THIRD, IPC_PTR, IPC_FIFTH, IPC_PTR_WORD };

/* ipc's sub-calls, by call number, and where each argument comes from.
 * semop and semtimedop (1, 4) have no i386 prototype to show them with
 * (only semtimedop_time64, whose timeout differs): they stay ipc(). */
static const struct {
	unsigned char call;
	const char *name;
	unsigned char nargs;
	unsigned char from[5];
} ipc_calls[] = {
	{ 2, "semget", 3, { IPC_FIRST, IPC_SECOND, IPC_THIRD } },
	{ 3, "semctl", 4, { IPC_FIRST, IPC_SECOND, IPC_THIRD, IPC_PTR_WORD } },
	{ 11, "msgsnd", 4, { IPC_FIRST, IPC_PTR, IPC_SECOND, IPC_THIRD } },
	/* version 1 (the call's high half); version 0 passes a struct
	 * ipc_kludge, read below */
	{ 12,
	  "msgrcv",
	  5,
	  { IPC_FIRST, IPC_PTR, IPC_SECOND, IPC_FIFTH, IPC_THIRD } },
	{ 13, "msgget", 2, { IPC_FIRST, IPC_SECOND } },
	{ 14, "msgctl", 3, { IPC_FIRST, IPC_SECOND, IPC_PTR } },
	/* the attached address goes to *third (kept in args[3] for
	 * ipc.c), the call returns 0 */
	{ 21, "shmat", 3, { IPC_FIRST, IPC_PTR, IPC_SECOND } },
	{ 22, "shmdt", 1, { IPC_PTR } },
	{ 23, "shmget", 3, { IPC_FIRST, IPC_SECOND, IPC_THIRD } },
	{ 24, "shmctl", 3, { IPC_FIRST, IPC_SECOND, IPC_PTR } },
};

#define IPC_MSGRCV 12
#define IPC_SHMAT 21

/* Reads @n 32-bit words at @addr into @out: 0, or -errno. */
static int read_words(pid_t tid, uint64_t addr, uint64_t *out, unsigned int n)
{
	uint32_t w[6];
	ssize_t r;
	unsigned int i;

	if (n > ARRAY_SIZE(w))
		return -EINVAL;
	r = tracemem_read_all(tid, addr, w, n * sizeof(w[0]));
	if (r < 0)
		return (int)r;
	for (i = 0; i < n; i++)
		out[i] = w[i];
	return 0;
}

/* The sub-call's prototype on the event's ABI and the multiplexer's
 * record in @ev; false when the ABI has no such call. */
static bool become(struct sw_event *ev, const char *name)
{
	const struct sw_syscall *sc = sw_sysent_by_name(ev->abi, name);

	if (!sc)
		return false;
	ev->via = ev->sc;
	ev->sc = sc;
	return true;
}

static void socketcall_enter(struct sw_event *ev, pid_t tid)
{
	uint64_t call = ev->args[0], args[6] = { 0 };

	if (call == 0 || call >= ARRAY_SIZE(socket_calls) ||
	    !sw_sysent_by_name(ev->abi, socket_calls[call].name))
		return;
	if (read_words(tid, ev->args[1], args, socket_calls[call].nargs) < 0)
		return; /* the kernel fails it with EFAULT: shown as is */
	become(ev, socket_calls[call].name);
	memcpy(ev->args, args, sizeof(ev->args));
}

static void ipc_enter(struct sw_event *ev, pid_t tid)
{
	uint64_t call = ev->args[0] & 0xffff,
		 version = ev->args[0] >> 16 & 0xffff;
	uint64_t from[6], args[6] = { 0 }, kludge[2] = { 0 };
	size_t i, k;

	for (i = 0; i < ARRAY_SIZE(ipc_calls) && ipc_calls[i].call != call; i++)
		;
	if (i == ARRAY_SIZE(ipc_calls) ||
	    !sw_sysent_by_name(ev->abi, ipc_calls[i].name))
		return;
	memcpy(from, ev->args + 1, 5 * sizeof(from[0]));
	from[IPC_PTR_WORD] = 0;
	if (call == 3 &&
	    read_words(tid, from[IPC_PTR], &from[IPC_PTR_WORD], 1) < 0)
		return;
	/* msgrcv's old form: ptr points to { msgp, msgtyp } */
	if (call == IPC_MSGRCV && version == 0) {
		if (read_words(tid, from[IPC_PTR], kludge, 2) < 0)
			return;
		from[IPC_PTR] = kludge[0];
		from[IPC_FIFTH] = (uint64_t)(int64_t)(int32_t)kludge[1];
	}
	for (k = 0; k < ipc_calls[i].nargs; k++)
		args[k] = from[ipc_calls[i].from[k]];
	if (call == IPC_SHMAT)
		args[3] = from[IPC_THIRD]; /* where the address goes */
	become(ev, ipc_calls[i].name);
	memcpy(ev->args, args, sizeof(ev->args));
}

void decode_subcall(struct sw_event *ev, pid_t tid)
{
	ev->via = NULL;
	if (!ev->sc || ev->abi != SW_ABI_I386)
		return;
	if (!strcmp(ev->sc->name, "socketcall"))
		socketcall_enter(ev, tid);
	else if (!strcmp(ev->sc->name, "ipc"))
		ipc_enter(ev, tid);
}

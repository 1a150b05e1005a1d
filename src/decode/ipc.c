// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * syswarden - SysV IPC: keys, get flags, ctl commands, message buffers
 * (semget, semctl, msgget, msgsnd, msgrcv, msgctl, shmget, shmat, shmctl;
 * on i386 through ipc(2), see subcall.c).
 */
#include "config.h"

#include <inttypes.h>
#include <string.h>

#include "decode/private.h"
#include "tracemem.h"

#define IPC_MODE_BITS 0777
#define IPC_64_FLAG 0x100 /* include/uapi/linux/ipc.h IPC_64 */

void dec_ipc_key(struct dcall *dc, unsigned int i, uint64_t v, unsigned int fam)
{
	if ((uint32_t)v == 0)
		strbuf_add(dc->sb, "IPC_PRIVATE", 11);
	else
		strbuf_addf(dc->sb, "%#" PRIx32, (uint32_t)v);
}

/* "IPC_CREAT|IPC_EXCL|0600": the family's flags, then the mode. */
void dec_ipc_get_flags(struct dcall *dc, unsigned int i, uint64_t v,
		       unsigned int fam)
{
	enum xlat_family f =
	    !strcmp(dc->ev->sc->name, "shmget") ? XF_SHM_FLAGS : XF_IPC_FLAGS;
	uint32_t flags = (uint32_t)v & ~IPC_MODE_BITS;

	if (flags) {
		xlat_print_flags(dc->sb, dc->abi, f, flags);
		strbuf_add(dc->sb, "|", 1);
	}
	strbuf_addf(dc->sb, "%#03" PRIo32, (uint32_t)v & IPC_MODE_BITS);
}

/* A ctl command of semctl, msgctl or shmctl, with IPC_64 when the C
 * library asks for the new structure layouts. */
void dec_ipc_cmd(struct dcall *dc, unsigned int i, uint64_t v, unsigned int fam)
{
	const char *n = dc->ev->sc->name;
	enum xlat_family f = !strncmp(n, "sem", 3)   ? XF_SEM_CMD
			     : !strncmp(n, "msg", 3) ? XF_MSG_CMD
						     : XF_SHM_CMD;
	uint32_t cmd = (uint32_t)v;

	if (cmd & IPC_64_FLAG) {
		strbuf_add(dc->sb, "IPC_64|", 7);
		cmd &= ~IPC_64_FLAG;
	}
	xlat_print_enum(dc->sb, dc->abi, f, cmd);
}

/* semctl's fourth argument, a union semun passed by value; i386's ipc(2)
 * passes it by address, and subcall.c has read it: shown in brackets as
 * strace does. */
void dec_semun(struct dcall *dc, unsigned int i, uint64_t v, unsigned int fam)
{
	if (dc->ev->via)
		strbuf_add(dc->sb, "[", 1);
	print_pointer(dc->sb, v);
	if (dc->ev->via)
		strbuf_add(dc->sb, "]", 1);
}

/* struct msgbuf: a long mtype, then msgsz bytes of text (msgsnd's third
 * argument, and msgrcv's); one read for both. */
void dec_msgbuf(struct dcall *dc, unsigned int i, uint64_t v, unsigned int fam)
{
	uint64_t size = dcall_arg(dc, 2);
	size_t want =
	    size < dc->ctx->string_limit ? (size_t)size : dc->ctx->string_limit;
	char buf[8 + dc->ctx->string_limit + 1];
	int64_t type;
	ssize_t n;

	n = tracemem_read(dc->ctx->tid, v, buf, dc->wordsize + want);
	if (n < 0 || (size_t)n < dc->wordsize + want) {
		print_pointer(dc->sb, v);
		return;
	}
	type = (int64_t)dcall_word(dc, buf);
	if (dc->wordsize == 4)
		type = (int32_t)type;
	strbuf_addf(dc->sb, "{mtype=%" PRId64 ", mtext=", type);
	decode_quoted_hex(dc->sb, buf + dc->wordsize, want, size > want,
			  dc->ctx->hex);
	strbuf_add(dc->sb, "}", 1);
}

/* shmat's result, the address attached.  Through i386's ipc(2) the call
 * returns 0 and stores the address at its third argument, which
 * subcall.c keeps in args[3]: read at exit, as strace shows it. */
void dec_shmat_ret(struct dcall *dc, unsigned int i, uint64_t v,
		   unsigned int fam)
{
	uint32_t addr;

	if (dc->ev->via && v == 0 &&
	    dcall_read(dc, dc->ev->args[3], &addr, sizeof(addr)))
		v = addr;
	if (dc->wordsize == 4)
		v &= 0xffffffffu;
	strbuf_addf(dc->sb, "%#" PRIx64, v);
}

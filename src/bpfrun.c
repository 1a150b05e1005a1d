// SPDX-License-Identifier: LGPL-2.1-or-later
/* syswarden - classic BPF seccomp evaluator (see bpfrun.h). */
#include "config.h"

#include <stdbool.h>
#include <string.h>

#include "bpfrun.h"

#define BAD SECCOMP_RET_KILL_PROCESS

static bool alu(uint16_t code, uint32_t *a, uint32_t src)
{
	switch (BPF_OP(code)) {
	case BPF_AND:
		*a &= src;
		return true;
	case BPF_OR:
		*a |= src;
		return true;
	case BPF_XOR:
		*a ^= src;
		return true;
	case BPF_ADD:
		*a += src;
		return true;
	case BPF_SUB:
		*a -= src;
		return true;
	case BPF_RSH:
		*a = src < 32 ? *a >> src : 0;
		return true;
	case BPF_LSH:
		*a = src < 32 ? *a << src : 0;
		return true;
	}
	return false;
}

/* Whether a conditional jump is taken; *ok false for an unknown op. */
static bool jump_taken(uint16_t code, uint32_t a, uint32_t src, bool *ok)
{
	*ok = true;
	switch (BPF_OP(code)) {
	case BPF_JEQ:
		return a == src;
	case BPF_JGT:
		return a > src;
	case BPF_JGE:
		return a >= src;
	case BPF_JSET:
		return (a & src) != 0;
	}
	*ok = false;
	return false;
}

uint32_t bpfrun(const struct sock_filter *prog, size_t n,
		const struct seccomp_data *data)
{
	const unsigned char *d = (const unsigned char *)data;
	uint32_t a = 0, x = 0, mem[BPF_MEMWORDS] = { 0 };
	size_t pc = 0;
	bool ok;

	while (pc < n) {
		const struct sock_filter *f = &prog[pc++];
		uint32_t src = BPF_SRC(f->code) == BPF_X ? x : f->k;

		switch (BPF_CLASS(f->code)) {
		case BPF_LD:
			if (BPF_MODE(f->code) == BPF_ABS) {
				if (f->k % 4 || f->k + 4 > sizeof(*data))
					return BAD;
				memcpy(&a, d + f->k, 4);
			} else if (BPF_MODE(f->code) == BPF_IMM) {
				a = f->k;
			} else if (f->k < BPF_MEMWORDS) {
				a = mem[f->k];
			} else {
				return BAD;
			}
			break;
		case BPF_LDX:
			if (BPF_MODE(f->code) != BPF_IMM &&
			    f->k >= BPF_MEMWORDS)
				return BAD;
			x = BPF_MODE(f->code) == BPF_IMM ? f->k : mem[f->k];
			break;
		case BPF_ST:
		case BPF_STX:
			if (f->k >= BPF_MEMWORDS)
				return BAD;
			mem[f->k] = BPF_CLASS(f->code) == BPF_ST ? a : x;
			break;
		case BPF_ALU:
			if (!alu(f->code, &a, src))
				return BAD;
			break;
		case BPF_JMP:
			if (BPF_OP(f->code) == BPF_JA) {
				pc += f->k;
				break;
			}
			pc += jump_taken(f->code, a, src, &ok) ? f->jt : f->jf;
			if (!ok)
				return BAD;
			break;
		case BPF_RET:
			return (BPF_RVAL(f->code) == BPF_A ? a : f->k) &
			       SECCOMP_RET_ACTION_FULL;
		case BPF_MISC:
			if (BPF_MISCOP(f->code) == BPF_TAX)
				x = a;
			else
				a = x;
			break;
		default:
			return BAD;
		}
	}
	return BAD;
}

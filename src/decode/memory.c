// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * syswarden - memory: mmap, mprotect, mremap, madvise.
 *
 * Their flags and advice are named from the tables alone
 * (prototypes/decoders.tbl: PROT_*, MAP_*, MREMAP_*, MADV_*); what is
 * left here is mmap2's offset, which the kernel takes in 4096-byte units
 * on i386 and arm (arch/x86/kernel/sys_ia32.c, arch/arm/kernel/entry-common.S)
 * and strace shows in bytes.
 */
#include "config.h"

#include <inttypes.h>

#include "decode/private.h"

void dec_pgoff(struct dcall *dc, unsigned int i, uint64_t v, unsigned int fam)
{
	strbuf_addf(dc->sb, "%#" PRIx64, (v & 0xffffffffu) << 12);
}

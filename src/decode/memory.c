// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * syswarden - memory: mmap, mprotect, mremap, madvise, i386's TLS
 * descriptors.
 *
 * Their flags and advice are named from the tables alone
 * (prototypes/decoders.tbl: PROT_*, MAP_*, MREMAP_*, MADV_*); what is
 * left here is mmap2's offset, which the kernel takes in 4096-byte units
 * on i386 and arm (arch/x86/kernel/sys_ia32.c, arch/arm/kernel/entry-common.S)
 * and strace shows in bytes.
 */
#include "config.h"

#include <inttypes.h>
#include <string.h>

#include "decode/private.h"

void dec_pgoff(struct dcall *dc, unsigned int i, uint64_t v, unsigned int fam)
{
	strbuf_addf(dc->sb, "%#" PRIx64, (v & 0xffffffffu) << 12);
}

/*
 * struct user_desc (arch/x86/include/uapi/asm/ldt.h): three u32, then
 * bit fields seg_32bit:1, contents:2, read_exec_only:1,
 * limit_in_pages:1, seg_not_present:1, useable:1.
 */
void dec_user_desc(struct dcall *dc, unsigned int i, uint64_t v,
		   unsigned int fam)
{
	uint32_t d[4];

	if (!dcall_read(dc, v, d, sizeof(d))) {
		print_pointer(dc->sb, v);
		return;
	}
	strbuf_addf(dc->sb,
		    "{entry_number=%d, base_addr=%#x, limit=%#08x, "
		    "seg_32bit=%u, contents=%u, read_exec_only=%u, "
		    "limit_in_pages=%u, seg_not_present=%u, useable=%u}",
		    (int32_t)d[0], d[1], d[2], d[3] & 1, (d[3] >> 1) & 3,
		    (d[3] >> 3) & 1, (d[3] >> 4) & 1, (d[3] >> 5) & 1,
		    (d[3] >> 6) & 1);
}

/* "0 (entry_number=12)": the slot the kernel wrote back. */
void dec_user_desc_ret(struct dcall *dc, unsigned int i, uint64_t v,
		       unsigned int fam)
{
	uint32_t slot;

	decode_retval(dc->sb, dc->ev, false);
	if (dcall_read(dc, dcall_arg(dc, 0), &slot, sizeof(slot)))
		strbuf_addf(dc->sb, " (entry_number=%d)", (int32_t)slot);
}

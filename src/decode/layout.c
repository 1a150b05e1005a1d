// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * syswarden - structure layouts of each ABI, apart from the decoders.
 *
 * struct stat is the kernel's for newfstatat and fstat on x86_64
 * (arch/x86/include/uapi/asm/stat.h) and arm64 (asm-generic/stat.h), and
 * struct stat64 for the *stat64 calls on i386 (packed to 4 bytes) and
 * arm (EABI: 64-bit members aligned to 8).
 */
#include "config.h"

#include "decode/private.h"

static const struct abi_layout layouts[SW_ABI_COUNT] = {
	[SW_ABI_X86_64] = { .stat_size = 144,
			    .st_mode = 24,
			    .st_rdev = 40,
			    .st_size = 48,
			    .st_ino = 8,
			    .st_ino_size = 8,
			    .st_nlink = 16,
			    .st_nlink_size = 8,
			    .st_uid = 28,
			    .st_gid = 32,
			    .st_blksize = 56,
			    .st_blksize_size = 8,
			    .st_blocks = 64,
			    .st_atime = 72,
			    .st_time_word = 8,
			    .timespec_size = 16 },
	[SW_ABI_ARM64] = { .stat_size = 128,
			   .st_mode = 16,
			   .st_rdev = 32,
			   .st_size = 48,
			   .st_ino = 8,
			   .st_ino_size = 8,
			   .st_nlink = 20,
			   .st_nlink_size = 4,
			   .st_uid = 24,
			   .st_gid = 28,
			   .st_blksize = 56,
			   .st_blksize_size = 4,
			   .st_blocks = 64,
			   .st_atime = 72,
			   .st_time_word = 8,
			   .timespec_size = 16 },
	/* stat64's full st_ino is at its end; __st_ino at 12 is 32 bits */
	[SW_ABI_I386] = { .stat_size = 96,
			  .st_mode = 16,
			  .st_rdev = 32,
			  .st_size = 44,
			  .st_ino = 88,
			  .st_ino_size = 8,
			  .st_nlink = 20,
			  .st_nlink_size = 4,
			  .st_uid = 24,
			  .st_gid = 28,
			  .st_blksize = 52,
			  .st_blksize_size = 4,
			  .st_blocks = 56,
			  .st_atime = 64,
			  .st_time_word = 4,
			  .timespec_size = 8 },
	[SW_ABI_ARM] = { .stat_size = 104,
			 .st_mode = 16,
			 .st_rdev = 32,
			 .st_size = 48,
			 .st_ino = 96,
			 .st_ino_size = 8,
			 .st_nlink = 20,
			 .st_nlink_size = 4,
			 .st_uid = 24,
			 .st_gid = 28,
			 .st_blksize = 56,
			 .st_blksize_size = 4,
			 .st_blocks = 64,
			 .st_atime = 72,
			 .st_time_word = 4,
			 .timespec_size = 8 },
};

const struct abi_layout *layout_of(enum sw_abi abi)
{
	if ((unsigned int)abi >= SW_ABI_COUNT)
		return &layouts[SW_ABI_X86_64];
	return &layouts[abi];
}

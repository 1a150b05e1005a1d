/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* syswarden - version and export macros shared by the public headers. */
#ifndef SYSWARDEN_COMMON_H
#define SYSWARDEN_COMMON_H

#define SW_VERSION_MAJOR 0
#define SW_VERSION_MINOR 1
#define SW_VERSION_MICRO 0
/** The version as one number: 0x00MMmmuu. */
#define SW_VERSION \
	((SW_VERSION_MAJOR << 16) | (SW_VERSION_MINOR << 8) | SW_VERSION_MICRO)

#if defined(SW_BUILDING_LIBRARY)
#define SW_API __attribute__((visibility("default")))
#else
#define SW_API
#endif

#endif /* SYSWARDEN_COMMON_H */

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* syswarden - loading plugins (see include/syswarden/plugin.h). */
#ifndef SW_PLUGIN_H
#define SW_PLUGIN_H

struct sw_supervisor;

/* Runs every loaded plugin's fini, newest first, and unloads them. */
void plugin_unload_all(struct sw_supervisor *sup);

#endif /* SW_PLUGIN_H */

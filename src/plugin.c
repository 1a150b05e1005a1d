// SPDX-License-Identifier: LGPL-2.1-or-later
/* TEMPORARY placeholder so the hook engine links; helper-5 replaces this
 * whole file with the plugin loader. */
#include "config.h"

#include "plugin.h"

void plugin_unload_all(struct sw_supervisor *sup)
{
	(void)sup;
}

// SPDX-License-Identifier: LGPL-2.1-or-later
/* syswarden plugins - shared helpers (see putil.h). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "putil.h"

int pu_arg_index(const struct sw_call *call, const char *name)
{
	unsigned int i;

	for (i = 0; call->proto && i < call->proto->nargs; i++)
		if (!strcmp(call->proto->args[i].name, name))
			return call->proto->args[i].reg;
	return -1;
}

const char *pu_errname(int err, char *buf, size_t size)
{
	const char *name = strerrorname_np(err);

	if (name)
		return name;
	snprintf(buf, size, "%d", err);
	return buf;
}

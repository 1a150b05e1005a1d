/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * syswarden - --policy FILE: the budget options in a JSON file, so a test
 * suite keeps its budgets beside its tests.  Keys are the long options'
 * names; the command line wins over the file, and adds to its budgets:
 *
 *	{
 *		"budget": ["openat=20", "connect=0:per-thread"],
 *		"syscall-limit": 100000,
 *		"thread-limit": 5000,
 *		"on-limit": "errno=EMFILE",
 *		"budget-counting": "auto",
 *		"report": "budgets.json"
 *	}
 */
#ifndef SW_POLICY_H
#define SW_POLICY_H

#include "cli.h"

/* Fills what @cli leaves unset from @cli->policy; exits with the file
 * name and line on a mistake. */
void policy_load(struct cli *cli);

#endif /* SW_POLICY_H */

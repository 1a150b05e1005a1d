/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* syswarden tests - the runner every Check suite ends with. */
#ifndef SW_CHECKMAIN_H
#define SW_CHECKMAIN_H

#include <check.h>

/* Runs @s (fork mode unless CK_FORK says otherwise) and frees it;
 * returns the process exit status: 0 when every test passed. */
static inline int run_suite(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}

#endif /* SW_CHECKMAIN_H */

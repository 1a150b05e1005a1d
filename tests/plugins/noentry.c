// SPDX-License-Identifier: LGPL-2.1-or-later
/* A shared object that is not a syswarden plugin. */
__attribute__((visibility("default"))) int not_a_plugin(void);

int not_a_plugin(void)
{
	return 42;
}

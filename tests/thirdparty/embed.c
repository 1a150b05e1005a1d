// SPDX-License-Identifier: LGPL-2.1-or-later
/* embed: runs a command; its opens of /etc/shadow fail with EACCES. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <syswarden/syswarden.h>

static void deny(struct sw_call *call, void *data)
{
	sw_call_skip(call, -EACCES);
	sw_call_report(call, "%s of /etc/shadow refused", call->name);
}

int main(int argc, char **argv)
{
	struct sw_hook_spec spec = {
		.name = "openat", /* which calls */
		.fn = deny,
		.str[1] = SW_STR_EXACT("/etc/shadow"), /* openat's filename */
	};
	struct sw_supervisor *sup;
	char err[256] = "";
	int status = 0, r;

	if (argc < 2 || sw_supervisor_new(&sup) < 0)
		return 2;
	sw_set_output(sup, stderr); /* the trace: here, reports and exits */
	r = sw_set_trace(sup, "none", err, sizeof(err));
	if (r >= 0)
		r = sw_hook_add(sup, &spec, NULL, err, sizeof(err));
	if (r >= 0)
		r = sw_spawn(sup, argv + 1);
	if (r >= 0)
		r = sw_run(sup);
	if (r >= 0)
		r = sw_wait_status(sup, &status);
	if (r < 0)
		fprintf(stderr, "embed: %s\n", *err ? err : strerror(-r));
	sw_supervisor_free(sup);
	if (r < 0)
		return 1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

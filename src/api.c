// SPDX-License-Identifier: LGPL-2.1-or-later
/* syswarden - the public API: thin checks over the supervisor. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>

#include "plugin.h"
#include "report.h"
#include "supervisor.h"

#define DEFAULT_STRING_LIMIT 32

SW_API unsigned int sw_version(void)
{
	return SW_VERSION;
}

SW_API int sw_supervisor_new(struct sw_supervisor **out)
{
	struct sw_supervisor *sup = calloc(1, sizeof(*sup));
	int r;

	if (!sup)
		return -ENOMEM;
	tracee_table_init(&sup->tracees);
	output_init(&sup->out, NULL);
	strbuf_init(&sup->line);
	sup->string_limit = DEFAULT_STRING_LIMIT;
	sup->log = stderr;
	sup->same_cpu = -1;
	sigemptyset(&sup->command_ignores);
	numset_fill(&sup->signals, true);
	r = traceset_new(&sup->trace);
	if (r < 0) {
		free(sup);
		return r;
	}
	*out = sup;
	return 0;
}

SW_API void sw_supervisor_free(struct sw_supervisor *sup)
{
	size_t i;

	if (!sup)
		return;
	supervisor_release(sup);
	plugin_unload_all(sup);
	hook_list_release(&sup->hooks);
	inject_release(&sup->injects);
	budget_free(sup->budgets);
	report_free(sup->report);
	tracee_table_release(&sup->tracees);
	swap_free(&sup->swap);
	traceset_free(sup->trace);
	traceset_free(sup->filter_sel);
	summary_free(sup->summary);
	for (i = 0; i < ARRAY_SIZE(sup->decode_sets); i++)
		traceset_free(sup->decode_sets[i]);
	pathtrace_release(&sup->paths);
	stack_cache_free(sup->stack);
	free(sup->run_as.groups);
	strbuf_release(&sup->line);
	output_release(&sup->out);
	output_sinks_free(sup->sinks);
	free(sup);
}

SW_API void sw_set_output(struct sw_supervisor *sup, FILE *fp)
{
	struct output was = sup->out;

	sup->out.files_prefix = NULL;
	output_release(&sup->out);
	output_init(&sup->out, fp);
	sup->out.files_prefix = was.files_prefix;
	sup->out.pid_prefix = was.pid_prefix;
	sup->out.pid_always = was.pid_always;
	sup->out.align = was.align;
	sup->out.stamp = was.stamp;
	sup->out.stamp_digits = was.stamp_digits;
	sup->out.rel_digits = was.rel_digits;
	sup->out.call_digits = was.call_digits;
}

SW_API int sw_add_output(struct sw_supervisor *sup,
			 enum sw_output_format format, FILE *fp)
{
	struct out_sink *s = NULL, **tail = &sup->sinks;

	if (!fp)
		return -EINVAL;
	if (format == SW_OUTPUT_JSON)
		s = output_json_new(fp);
	else if (format == SW_OUTPUT_TIMELINE)
		s = output_timeline_new(fp);
	else
		return -EINVAL;
	if (!s)
		return -ENOMEM;
	while (*tail)
		tail = &(*tail)->next;
	*tail = s;
	return 0;
}

SW_API int sw_set_stack_trace(struct sw_supervisor *sup, unsigned int flags)
{
	struct stack_cache *c = NULL;
	int r;

	if (flags & ~(SW_STACK_ON | SW_STACK_LINES))
		return -EINVAL;
	if (sup->launched || sup->tracees.count)
		return -EBUSY;
	if (flags) {
		r = stack_cache_new(&c, flags & SW_STACK_LINES);
		if (r < 0)
			return r;
	}
	stack_cache_free(sup->stack);
	sup->stack = c;
	return 0;
}

SW_API void sw_set_log(struct sw_supervisor *sup, FILE *fp)
{
	sup->log = fp;
}

SW_API int sw_set_string_limit(struct sw_supervisor *sup, unsigned int n)
{
	if (n > 1u << 20)
		return -ERANGE;
	sup->string_limit = n;
	return 0;
}

SW_API int sw_set_trace(struct sw_supervisor *sup, const char *set, char *err,
			size_t errsize)
{
	struct strbuf msg;
	int r;

	strbuf_init(&msg);
	r = traceset_parse(sup->trace, set, &msg);
	if (r < 0 && err && errsize)
		util_fmt(err, errsize, "%s", msg.buf ? msg.buf : strerror(-r));
	strbuf_release(&msg);
	return r;
}

/* Copies @msg (or strerror(-r)) into the caller's @err. */
static int report(int r, const struct strbuf *msg, char *err, size_t errsize)
{
	if (r < 0 && err && errsize)
		util_fmt(err, errsize, "%s",
			 msg->buf ? msg->buf : strerror(-r));
	return r;
}

SW_API int sw_set_status(struct sw_supervisor *sup, const char *set, char *err,
			 size_t errsize)
{
	struct strbuf msg;
	unsigned int mask = 0;
	int r;

	strbuf_init(&msg);
	r = report(qualify_status(set, &mask, &msg), &msg, err, errsize);
	strbuf_release(&msg);
	if (r == 0)
		sup->status_filter = mask | STATUS_FILTER_ON;
	return r;
}

SW_API int sw_set_signals(struct sw_supervisor *sup, const char *set, char *err,
			  size_t errsize)
{
	struct strbuf msg;
	int r;

	strbuf_init(&msg);
	r = qualify_numbers(set, &sup->signals, qualify_signal, "signal", 64,
			    &msg);
	r = report(r, &msg, err, errsize);
	strbuf_release(&msg);
	return r;
}

SW_API void sw_set_quiet(struct sw_supervisor *sup, unsigned int what)
{
	sup->quiet = what;
}

SW_API int sw_set_dump(struct sw_supervisor *sup, enum sw_dump which,
		       const char *fds, char *err, size_t errsize)
{
	struct strbuf msg;
	int r;

	if (which != SW_DUMP_READ && which != SW_DUMP_WRITE)
		return -EINVAL;
	strbuf_init(&msg);
	r = qualify_numbers(fds, &sup->dump[which], NULL, "descriptor",
			    0x7fffffff, &msg);
	r = report(r, &msg, err, errsize);
	strbuf_release(&msg);
	return r;
}

SW_API int sw_add_trace_path(struct sw_supervisor *sup, const char *path)
{
	return pathtrace_add(&sup->paths, path);
}

SW_API int sw_set_user(struct sw_supervisor *sup, uid_t uid, gid_t gid,
		       const gid_t *groups, size_t ngroups)
{
	gid_t *copy = NULL;

	if (ngroups > 65536)
		return -EINVAL;
	if (ngroups && !(copy = malloc(ngroups * sizeof(*copy))))
		return -ENOMEM;
	if (ngroups)
		memcpy(copy, groups, ngroups * sizeof(*copy));
	free(sup->run_as.groups);
	sup->run_as = (struct run_as){ true, uid, gid, copy, ngroups };
	return 0;
}

SW_API void sw_set_command_ignores(struct sw_supervisor *sup,
				   const sigset_t *set)
{
	if (set)
		sup->command_ignores = *set;
	else
		sigemptyset(&sup->command_ignores);
}

SW_API void sw_set_signal_detaches(struct sw_supervisor *sup, bool on)
{
	sup->signal_detaches = on;
}

SW_API void sw_set_detach_on_execve(struct sw_supervisor *sup, bool on)
{
	sup->detach_on_execve = on;
}

SW_API int sw_set_output_per_task(struct sw_supervisor *sup, const char *prefix)
{
	if (!prefix || !*prefix)
		return -EINVAL;
	if (!sup->out.main)
		sw_set_output(sup, stderr);
	return output_per_task(&sup->out, prefix);
}

SW_API int sw_set_display(struct sw_supervisor *sup, unsigned int flags,
			  unsigned int align_column)
{
	if (flags &
		~(SW_DISPLAY_ARG_NAMES | SW_DISPLAY_PID_ALWAYS |
		  SW_DISPLAY_FD_PATHS | SW_DISPLAY_HEX | SW_DISPLAY_HEX_ALL |
		  SW_DISPLAY_VERBOSE | SW_DISPLAY_NUMBERS) ||
	    align_column > 1000)
		return -EINVAL;
	sup->arg_names = flags & SW_DISPLAY_ARG_NAMES;
	sup->fd_paths = flags & SW_DISPLAY_FD_PATHS;
	sup->verbose = flags & SW_DISPLAY_VERBOSE;
	sup->numbers = flags & SW_DISPLAY_NUMBERS;
	sup->hex = flags & SW_DISPLAY_HEX_ALL ? 2
		   : flags & SW_DISPLAY_HEX   ? 1
					      : 0;
	sup->out.pid_always = flags & SW_DISPLAY_PID_ALWAYS;
	sup->out.align = align_column;
	return 0;
}

static bool good_digits(int digits, bool optional)
{
	return (optional && digits == -1) || digits == 0 || digits == 3 ||
	       digits == 6 || digits == 9;
}

SW_API int sw_set_timestamps(struct sw_supervisor *sup, enum sw_timestamp stamp,
			     int stamp_digits, int rel_digits, int call_digits)
{
	if (stamp > SW_TIMESTAMP_UNIX || !good_digits(stamp_digits, false) ||
	    !good_digits(rel_digits, true) || !good_digits(call_digits, true))
		return -EINVAL;
	sup->out.stamp = stamp;
	sup->out.stamp_digits = stamp_digits;
	sup->out.rel_digits = rel_digits;
	sup->out.call_digits = call_digits;
	return 0;
}

SW_API int sw_set_summary(struct sw_supervisor *sup, unsigned int flags,
			  const char *sort_by, const char *columns, char *err,
			  size_t errsize)
{
	enum summary_column cols[SUMMARY_NCOLUMNS];
	enum summary_sort sort = SUMMARY_SORT_TIME;
	size_t bad = 0;
	int ncols = 0, r;

	if (flags & ~(unsigned int)(SW_SUMMARY_ON | SW_SUMMARY_WALL_CLOCK))
		return -EINVAL;
	if (sort_by && summary_parse_sort(sort_by, &sort) < 0) {
		util_fmt(err, errsize,
			 "-S %s: no such sort key (known: time, min-time, "
			 "max-time, avg-time, calls, errors, name, nothing)",
			 sort_by);
		return -EINVAL;
	}
	if (columns) {
		ncols = summary_parse_columns(columns, cols, ARRAY_SIZE(cols),
					      &bad);
		if (ncols < 0) {
			util_fmt(err, errsize,
				 ncols == -EEXIST
				     ? "-U %s: column '%.*s' is there twice"
				     : "-U %s: no such column '%.*s' (known: "
				       "time-percent, total-time, min-time, "
				       "max-time, avg-time, calls, errors, "
				       "name)",
				 columns, (int)strcspn(columns + bad, ","),
				 columns + bad);
			return -EINVAL;
		}
	}
	summary_free(sup->summary);
	sup->summary = NULL;
	sup->summary_wall = flags & SW_SUMMARY_WALL_CLOCK;
	if (!(flags & SW_SUMMARY_ON))
		return 0;
	r = summary_new(&sup->summary);
	if (r < 0)
		return r;
	if (columns)
		summary_set_layout(sup->summary, sort, cols, (size_t)ncols);
	else
		summary_set_sort(sup->summary, sort);
	return 0;
}

SW_API int sw_write_summary(const struct sw_supervisor *sup, FILE *fp)
{
	if (!sup->summary)
		return -ENOENT;
	return summary_write(sup->summary, fp);
}

SW_API int sw_set_decode_set(struct sw_supervisor *sup,
			     enum sw_decode_set which, const char *set,
			     char *err, size_t errsize)
{
	struct traceset *ts = NULL;
	struct strbuf msg;
	int r;

	if ((unsigned int)which >= ARRAY_SIZE(sup->decode_sets) || !set)
		return -EINVAL;
	strbuf_init(&msg);
	r = traceset_new(&ts);
	if (r == 0)
		r = traceset_parse(ts, set, &msg);
	if (r == 0 && traceset_has_conditions(ts)) {
		strbuf_addf(&msg, "%s: no conditions on arguments here", set);
		r = -EINVAL;
	}
	if (r == 0) {
		traceset_free(sup->decode_sets[which]);
		sup->decode_sets[which] = ts;
		ts = NULL;
	}
	traceset_free(ts);
	r = report(r, &msg, err, errsize);
	strbuf_release(&msg);
	return r;
}

SW_API void sw_set_entry_only(struct sw_supervisor *sup, bool on)
{
	sup->entry_only = on;
}

SW_API void sw_set_registers_only(struct sw_supervisor *sup, bool on)
{
	sup->si_mode = on ? SI_REGS : SI_PROBE;
}

SW_API void sw_set_seccomp(struct sw_supervisor *sup, enum sw_seccomp mode)
{
	sup->seccomp_mode = mode;
}

SW_API int sw_add_rule(struct sw_supervisor *sup, enum sw_rule_kind kind,
		       const char *rule, char *err, size_t errsize)
{
	struct strbuf msg;
	int r;

	if ((unsigned int)kind > SW_RULE_DENY || !rule)
		return -EINVAL;
	strbuf_init(&msg);
	r = inject_add(sup, rule, kind == SW_RULE_FAULT, kind == SW_RULE_DENY,
		       &msg);
	r = report(r, &msg, err, errsize);
	strbuf_release(&msg);
	return r;
}

SW_API int sw_set_swap(struct sw_supervisor *sup, unsigned long n)
{
	if (sup->tracees.count)
		return -EBUSY;
	sup->swap.n = n;
	return 0;
}

SW_API void sw_set_same_cpu(struct sw_supervisor *sup, bool on)
{
	sup->same_cpu = on;
}

SW_API int sw_spawn(struct sw_supervisor *sup, char *const argv[])
{
	return launch_spawn(sup, argv);
}

SW_API int sw_attach(struct sw_supervisor *sup, pid_t pid)
{
	int r = launch_attach(sup, pid);

	if (r >= 0 && sup->seccomp_mode != SW_SECCOMP_OFF &&
	    !traceset_is_all(sup->trace) && !sup->warned_attach) {
		supervisor_warn(sup,
				"-p %d: attached processes are traced "
				"without seccomp pre-selection: every syscall "
				"stops",
				pid);
		sup->warned_attach = true;
	}
	if (r >= 0 && sup->tracees.count > 1)
		sup->out.pid_prefix = true;
	return r;
}

SW_API int sw_attach_command(struct sw_supervisor *sup, pid_t pid)
{
	struct sw_tracee *t;
	int r = launch_attach(sup, pid);

	/* Shown from its exec on, as a launched command is. */
	if (r >= 0 && (t = tracee_find(&sup->tracees, pid)))
		t->flags |= TF_HIDE;
	return r;
}

SW_API int sw_run(struct sw_supervisor *sup)
{
	return supervisor_run(sup);
}

SW_API int sw_wait_status(const struct sw_supervisor *sup, int *status)
{
	if (!sup->launched_done)
		return -ENOENT;
	*status = sup->launched_status;
	return 0;
}

SW_API void sw_request_stop(struct sw_supervisor *sup, int sig)
{
	int saved = errno;
	pid_t wake = sup->wake_tid;

	sup->stop_sig = sig ? sig : SIGTERM;
	/* Wakes the loop's waitpid() even when every tracee is idle. */
	if (wake > 0)
		ptrace(PTRACE_INTERRUPT, wake, NULL, NULL);
	errno = saved;
}

SW_API int sw_stop_signal(const struct sw_supervisor *sup)
{
	return sup->stop_sig;
}

SW_API unsigned long sw_stop_count(const struct sw_supervisor *sup)
{
	return sup->nstops;
}

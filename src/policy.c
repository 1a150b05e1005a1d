// SPDX-License-Identifier: LGPL-2.1-or-later
/* syswarden - --policy FILE, read with json-c (see policy.h). */
#include "config.h"

#include <errno.h>
#include <json-c/json.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy.h"

/* The policy's text and tree live as long as the options that point
 * into them: to the end of the run. */
static char *text;
static struct json_object *root;

/* The line of byte @off of the text, from 1. */
static int line_at(size_t off)
{
	int line = 1;
	size_t i;

	for (i = 0; i < off && text[i]; i++)
		line += text[i] == '\n';
	return line;
}

/* The line where key @key is written (json-c keeps no positions). */
static int line_of_key(const char *key)
{
	char quoted[256];
	const char *p;

	snprintf(quoted, sizeof(quoted), "\"%s\"", key);
	p = strstr(text, quoted);
	return p ? line_at((size_t)(p - text)) : 1;
}

static void __attribute__((noreturn))
bad(const struct cli *cli, const char *key, const char *why)
{
	cli_die("--policy %s:%d: \"%s\": %s", cli->policy, line_of_key(key),
		key, why);
}

static char *slurp(const struct cli *cli)
{
	FILE *f = fopen(cli->policy, "r");
	size_t n = 0, cap = 4096;
	char *buf = malloc(cap + 1), *grown;

	if (!f)
		cli_die("--policy %s: %s", cli->policy, strerror(errno));
	while (buf && (n += fread(buf + n, 1, cap - n, f)) == cap) {
		grown = realloc(buf, 2 * cap + 1);
		if (!grown)
			free(buf);
		buf = grown;
		cap *= 2;
	}
	fclose(f);
	if (!buf)
		cli_die("--policy %s: out of memory", cli->policy);
	buf[n] = '\0';
	return buf;
}

static void parse(const struct cli *cli)
{
	struct json_tokener *tok = json_tokener_new();
	enum json_tokener_error e;
	int line;

	if (!tok)
		cli_die("--policy %s: out of memory", cli->policy);
	root = json_tokener_parse_ex(tok, text, (int)strlen(text) + 1);
	e = json_tokener_get_error(tok);
	line = line_at(json_tokener_get_parse_end(tok));
	json_tokener_free(tok);
	if (!root || e != json_tokener_success)
		cli_die("--policy %s:%d: not JSON: %s", cli->policy, line,
			json_tokener_error_desc(e));
	if (!json_object_is_type(root, json_type_object))
		cli_die("--policy %s:1: expected an object: { \"budget\": "
			"[\"openat=20\"], ... }",
			cli->policy);
}

static long number(const struct cli *cli, const char *key,
		   struct json_object *v)
{
	int64_t n = json_object_get_int64(v);

	if (!json_object_is_type(v, json_type_int) || n < 1)
		bad(cli, key, "expected a number of calls, 1 or more");
	return n > LONG_MAX ? LONG_MAX : (long)n;
}

static const char *string(const struct cli *cli, const char *key,
			  struct json_object *v)
{
	if (!json_object_is_type(v, json_type_string))
		bad(cli, key, "expected a string");
	return json_object_get_string(v);
}

static void add_budget(struct cli *cli, const char *key, const char *b)
{
	if (!strchr(b, '='))
		bad(cli, key, "expected \"SET=N\" or \"SET=N:per-thread\"");
	if (cli->nbudgets == CLI_MAX_BUDGETS)
		bad(cli, key, "too many budgets");
	/* The command line's come after: both count. */
	memmove(cli->budgets + 1, cli->budgets,
		cli->nbudgets * sizeof(cli->budgets[0]));
	cli->budgets[0] = b;
	cli->nbudgets++;
}

static void budgets(struct cli *cli, const char *key, struct json_object *v)
{
	size_t i, n;

	if (json_object_is_type(v, json_type_string)) {
		add_budget(cli, key, json_object_get_string(v));
		return;
	}
	if (!json_object_is_type(v, json_type_array))
		bad(cli, key, "expected \"SET=N\" or a list of them");
	n = json_object_array_length(v);
	for (i = n; i-- > 0;)
		add_budget(cli, key,
			   string(cli, key, json_object_array_get_idx(v, i)));
}

static void option(struct cli *cli, const char *key, struct json_object *v)
{
	if (!strcmp(key, "budget"))
		budgets(cli, key, v);
	else if (!strcmp(key, "syscall-limit"))
		cli->syscall_limit = cli->syscall_limit ? cli->syscall_limit
							: number(cli, key, v);
	else if (!strcmp(key, "thread-limit"))
		cli->thread_limit =
		    cli->thread_limit ? cli->thread_limit : number(cli, key, v);
	else if (!strcmp(key, "on-limit"))
		cli->on_limit =
		    cli->on_limit ? cli->on_limit : string(cli, key, v);
	else if (!strcmp(key, "budget-counting"))
		cli->count_in =
		    cli->count_in ? cli->count_in : string(cli, key, v);
	else if (!strcmp(key, "report"))
		cli->report = cli->report ? cli->report : string(cli, key, v);
	else
		bad(cli, key,
		    "not a policy option (budget, syscall-limit, "
		    "thread-limit, on-limit, budget-counting, report)");
}

void policy_load(struct cli *cli)
{
	const char *c;

	text = slurp(cli);
	parse(cli);
	json_object_object_foreach(root, key, v) option(cli, key, v);
	c = cli->count_in;
	if (c && strcmp(c, "auto") && strcmp(c, "kernel") && strcmp(c, "stops"))
		bad(cli, "budget-counting", "expected auto, kernel or stops");
}

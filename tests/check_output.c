// SPDX-License-Identifier: LGPL-2.1-or-later
/* syswarden tests - the line grammar: prefixes, unfinished and resumed. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "output.h"

#include "checkmain.h"

static char *text;
static size_t size;
static FILE *mem;
static struct output out;
static struct sw_tracee a = { .tid = 101 }, b = { .tid = 202 };

static void setup(void)
{
	mem = open_memstream(&text, &size);
	ck_assert_ptr_nonnull(mem);
	output_init(&out, mem);
}

static void teardown(void)
{
	fclose(mem);
	free(text);
}

static const char *flushed(void)
{
	fflush(mem);
	return text;
}

START_TEST(test_single_line)
{
	output_begin(&out, &a);
	output_text(&out, "close(3", 7);
	output_resume(&out, &a, "close");
	output_text(&out, ") = 0", 5);
	output_end(&out);
	ck_assert_str_eq(flushed(), "close(3) = 0\n");
}
END_TEST

/* strace -a: ") ", spaces to the column, "= "; a line past the column
 * keeps one space.  The column counts the prefix and the resumed
 * text, and the last ") = " is the one moved (a string may hold one). */
START_TEST(test_alignment)
{
	out.align = 20;
	output_begin(&out, &a);
	output_result(&out, "brk(NULL) = 0x1000", 18);
	output_end(&out);
	output_begin(&out, &a);
	output_result(&out, "write(1, \") = \", 4) = 4", 23);
	output_end(&out);
	out.pid_always = true;
	output_begin(&out, &a);
	output_text(&out, "read(0, ", 8);
	output_begin(&out, &b);
	output_result(&out, "exit(0) = ?", 11);
	output_end(&out);
	output_resume(&out, &a, "read");
	output_result(&out, "\"\", 1) = 0", 10);
	output_end(&out);
	/* "=" at column 20, counted from 0 as strace does. */
	ck_assert_str_eq(flushed(), "brk(NULL)           = 0x1000\n"
				    "write(1, \") = \", 4) = 4\n"
				    "101 read(0,  <unfinished ...>\n"
				    "202 exit(0)         = ?\n"
				    "101 <... read resumed>\"\", 1) = 0\n");
}
END_TEST

static char *slurp(const char *path)
{
	static char buf[512];
	FILE *f = fopen(path, "r");
	size_t n;

	ck_assert_msg(f, "%s missing", path);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* -ff: each task's lines in its own PREFIX.TID, never interrupted, no
 * pid prefix; a task that goes mid-line ends it "<unfinished ...>". */
START_TEST(test_per_task_files)
{
	char dir[] = "/tmp/sw-ff-XXXXXX", prefix[64], path[96];

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(prefix, sizeof(prefix), "%s/tr", dir);
	out.pid_prefix = true;
	ck_assert_int_eq(output_per_task(&out, prefix), 0);
	output_begin(&out, &a);
	output_text(&out, "read(0, ", 8);
	output_begin(&out, &b);
	output_text(&out, "getpid(", 7);
	output_resume(&out, &b, "getpid");
	output_result(&out, ") = 202", 7);
	output_end(&out);
	output_resume(&out, &a, "read");
	output_text(&out, "\"x\", 1) = 1", 11);
	output_end(&out);
	output_begin(&out, &b);
	output_text(&out, "pause(", 6);
	output_forget(&out, &b);
	output_release(&out);
	snprintf(path, sizeof(path), "%s.101", prefix);
	ck_assert_str_eq(slurp(path), "read(0, \"x\", 1) = 1\n");
	unlink(path);
	snprintf(path, sizeof(path), "%s.202", prefix);
	ck_assert_str_eq(slurp(path),
			 "getpid() = 202\npause( <unfinished ...>\n");
	unlink(path);
	rmdir(dir);
	/* Nothing went to the main sink. */
	ck_assert(!flushed() || !*flushed());
}
END_TEST

START_TEST(test_interleaving)
{
	out.pid_prefix = true;
	output_begin(&out, &a);
	output_text(&out, "read(0, ", 8);
	output_begin(&out, &b);
	output_text(&out, "getpid(", 7);
	output_resume(&out, &b, "getpid");
	output_text(&out, ") = 202", 7);
	output_end(&out);
	output_resume(&out, &a, "read");
	output_text(&out, "\"x\", 1) = 1", 11);
	output_end(&out);
	ck_assert_str_eq(flushed(),
			 "[pid   101] read(0,  <unfinished ...>\n"
			 "[pid   202] getpid() = 202\n"
			 "[pid   101] <... read resumed>\"x\", 1) = 1\n");
}
END_TEST

START_TEST(test_whole_lines_and_forget)
{
	output_begin(&out, &a);
	output_text(&out, "pause(", 6);
	output_line(&out, &b, "--- %s ---", "SIGCHLD {}");
	output_begin(&out, &a);
	output_text(&out, "exit(0", 6);
	output_forget(&out, &a);
	output_line(&out, &a, "+++ exited with %d +++", 0);
	ck_assert_str_eq(flushed(), "pause( <unfinished ...>\n"
				    "--- SIGCHLD {} ---\n"
				    "exit(0 <unfinished ...>\n"
				    "+++ exited with 0 +++\n");
}
END_TEST

START_TEST(test_no_sink)
{
	struct output none;

	output_init(&none, NULL);
	output_begin(&none, &a);
	output_text(&none, "x", 1);
	output_end(&none);
	output_line(&none, &a, "y");
	ck_assert_int_eq(output_flush(&none), 0);
}
END_TEST

/* @s with every digit as '9': the shape of a timestamp. */
static const char *shape(const char *s)
{
	static char buf[512];
	size_t i;

	for (i = 0; s[i] && i + 1 < sizeof(buf); i++)
		buf[i] = s[i] >= '0' && s[i] <= '9' ? '9' : s[i];
	buf[i] = '\0';
	return buf;
}

/* -tt -r and -T, as strace 6.1 lays them out; -r's first line is 0. */
START_TEST(test_stamps)
{
	struct timespec start;

	out.stamp = SW_TIMESTAMP_TIME;
	out.stamp_digits = 6;
	out.rel_digits = 6;
	out.call_digits = 6;
	out.align = 40;
	clock_gettime(CLOCK_MONOTONIC, &start);
	output_begin(&out, &a);
	output_result(&out, "close(3) = 0", 12);
	output_duration(&out, &start);
	output_end(&out);
	output_line(&out, &a, "+++ exited with 0 +++");
	ck_assert_str_eq(shape(flushed()),
			 "99:99:99.999999 (+     9.999999) close(9) = 9 "
			 "<9.999999>\n"
			 "99:99:99.999999 (+     9.999999) +++ exited with 9 "
			 "+++\n");
	ck_assert_ptr_nonnull(strstr(text, " (+     0.000000) close(3) = 0"));
}
END_TEST

/* -ttt with nanoseconds, -r alone in milliseconds, -T in seconds; the
 * alignment column counts the stamp. */
START_TEST(test_stamp_precisions)
{
	struct timespec start;

	out.stamp = SW_TIMESTAMP_UNIX;
	out.stamp_digits = 9;
	out.align = 40;
	output_line(&out, &a, "x");
	out.stamp = SW_TIMESTAMP_NONE;
	out.rel_digits = 3;
	out.call_digits = 0;
	clock_gettime(CLOCK_MONOTONIC, &start);
	output_begin(&out, &a);
	output_result(&out, "close(3) = 0", 12);
	output_duration(&out, &start);
	output_end(&out);
	ck_assert_str_eq(shape(flushed()), "9999999999.999999999 x\n"
					   "     9.999 close(9)"
					   "                     = 9 <9>\n");
}
END_TEST

/* -ff: each task's file has the stamps at its lines' start. */
START_TEST(test_per_task_stamps)
{
	char dir[] = "/tmp/sw-ff-XXXXXX", prefix[64], path[96];

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(prefix, sizeof(prefix), "%s/tr", dir);
	out.rel_digits = 6;
	ck_assert_int_eq(output_per_task(&out, prefix), 0);
	output_begin(&out, &a);
	output_text(&out, "read(0, ", 8);
	output_begin(&out, &b);
	output_text(&out, "getpid() = 202", 14);
	output_end(&out);
	output_resume(&out, &a, "read");
	output_text(&out, "\"x\", 1) = 1", 11);
	output_end(&out);
	output_release(&out);
	snprintf(path, sizeof(path), "%s.101", prefix);
	ck_assert_str_eq(slurp(path), "     0.000000 read(0, \"x\", 1) = 1\n");
	unlink(path);
	snprintf(path, sizeof(path), "%s.202", prefix);
	ck_assert_str_eq(shape(slurp(path)), "     9.999999 getpid() = 999\n");
	unlink(path);
	rmdir(dir);
}
END_TEST

/* Tracee bytes as JSON text: UTF-8 kept where valid, every other byte a
 * lone surrogate U+DC00+byte. */
static const struct {
	const char *in;
	size_t len;
	const char *json;
} byte_cases[] = {
	{ "a\"\\\n\t", 5, "\"a\\\"\\\\\\n\\t\"" },
	{ "\0\x01\x1f\x7f", 4, "\"\\u0000\\u0001\\u001f\x7f\"" },
	{ "\xff", 1, "\"\\udcff\"" },
	{ "\x80z", 2, "\"\\udc80z\"" },
	{ "\xc3\xa9", 2, "\"\xc3\xa9\"" }, /* e acute: kept */
	{ "\xf0\x9f\x98\x80", 4, "\"\xf0\x9f\x98\x80\"" }, /* U+1F600 */
	{ "\xc3", 1, "\"\\udcc3\"" }, /* cut short */
	{ "\xc0\xaf", 2, "\"\\udcc0\\udcaf\"" }, /* overlong '/' */
	{ "\xe0\x80\xaf", 3, "\"\\udce0\\udc80\\udcaf\"" }, /* overlong */
	{ "\xed\xa0\x80", 3, "\"\\udced\\udca0\\udc80\"" }, /* U+D800 */
	{ "\xf4\x90\x80\x80", 4,
	  "\"\\udcf4\\udc90\\udc80\\udc80\"" }, /* above U+10FFFF */
};

START_TEST(test_json_bytes)
{
	struct json_object *o =
	    outjson_bytes(byte_cases[_i].in, byte_cases[_i].len);

	ck_assert_str_eq(
	    json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN),
	    byte_cases[_i].json);
	json_object_put(o);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("output");
	TCase *tc = tcase_create("grammar");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_single_line);
	tcase_add_test(tc, test_interleaving);
	tcase_add_test(tc, test_alignment);
	tcase_add_test(tc, test_per_task_files);
	tcase_add_test(tc, test_whole_lines_and_forget);
	tcase_add_test(tc, test_no_sink);
	tcase_add_test(tc, test_stamps);
	tcase_add_test(tc, test_stamp_precisions);
	tcase_add_test(tc, test_per_task_stamps);
	suite_add_tcase(s, tc);
	tc = tcase_create("json");
	tcase_add_loop_test(tc, test_json_bytes, 0, ARRAY_SIZE(byte_cases));
	suite_add_tcase(s, tc);
	return run_suite(s);
}

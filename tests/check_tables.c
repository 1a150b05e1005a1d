/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Cross-checks the generated syscall tables against two independent
 * sources: libseccomp's syscall resolver and the kernel uapi headers
 * installed on the build machine (numbers emitted by
 * tests/gen-uapi-numbers.py).
 *
 * Every disagreement must be listed in known_diffs[] below with the reason,
 * and every entry there must still be needed: the test fails both on a new
 * disagreement and on a stale allow-list entry.
 */
#include "config.h"

#include <check.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <syswarden/sysent.h>

#include "uapi-numbers.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* What was compared. */
enum diff_kind {
	DIFF_SCMP_NAME = 1u << 0, /* libseccomp number for our name differs */
	DIFF_SCMP_NR = 1u << 1, /* libseccomp name for our number differs */
	DIFF_UAPI = 1u << 2, /* header lacks our name or numbers it else */
	DIFF_UAPI_EXTRA = 1u << 3, /* header has a syscall our table lacks */
};

struct known_diff {
	const char *abi; /* an ABI name, or "*" for each ABI with the name */
	const char *name;
	unsigned int kinds;
	const char *why;
	unsigned int used[SW_ABI_COUNT];
};

#define ALL_SCMP (DIFF_SCMP_NAME | DIFF_SCMP_NR)

/*
 * Reasons shared by several entries.
 */
#define WHY_NEW                                               \
	"added after Linux 6.1 (prototypes/supplement.tbl): " \
	"unknown to libseccomp 2.5.4 and to the 6.1 uapi headers"
#define WHY_NEW_UAPI                                          \
	"added after Linux 6.1 (prototypes/supplement.tbl): " \
	"unknown to the 6.1 uapi headers"
#define WHY_MUX                                                                \
	"i386 direct socket/SysV IPC call: libseccomp resolves the "           \
	"name to its socketcall()/ipc() pseudo-syscall number (-1xx/-2xx) so " \
	"that filters catch both entry paths; number->name agrees"

static struct known_diff known_diffs[] = {
	/*
	 * 451..456: Debian's libseccomp 2.5.4 already knows them (and agrees),
	 * the 6.1 headers do not.  457..469: newer than both.
	 */
	{ "*", "cachestat", DIFF_UAPI, WHY_NEW_UAPI, { 0 } },
	{ "*", "fchmodat2", DIFF_UAPI, WHY_NEW_UAPI, { 0 } },
	{ "*", "map_shadow_stack", DIFF_UAPI, WHY_NEW_UAPI, { 0 } },
	{ "*", "futex_wake", DIFF_UAPI, WHY_NEW_UAPI, { 0 } },
	{ "*", "futex_wait", DIFF_UAPI, WHY_NEW_UAPI, { 0 } },
	{ "*", "futex_requeue", DIFF_UAPI, WHY_NEW_UAPI, { 0 } },
	{ "*", "statmount", ALL_SCMP | DIFF_UAPI, WHY_NEW, { 0 } },
	{ "*", "listmount", ALL_SCMP | DIFF_UAPI, WHY_NEW, { 0 } },
	{ "*", "lsm_get_self_attr", ALL_SCMP | DIFF_UAPI, WHY_NEW, { 0 } },
	{ "*", "lsm_set_self_attr", ALL_SCMP | DIFF_UAPI, WHY_NEW, { 0 } },
	{ "*", "lsm_list_modules", ALL_SCMP | DIFF_UAPI, WHY_NEW, { 0 } },
	{ "*", "mseal", ALL_SCMP | DIFF_UAPI, WHY_NEW, { 0 } },
	{ "*", "setxattrat", ALL_SCMP | DIFF_UAPI, WHY_NEW, { 0 } },
	{ "*", "getxattrat", ALL_SCMP | DIFF_UAPI, WHY_NEW, { 0 } },
	{ "*", "listxattrat", ALL_SCMP | DIFF_UAPI, WHY_NEW, { 0 } },
	{ "*", "removexattrat", ALL_SCMP | DIFF_UAPI, WHY_NEW, { 0 } },
	{ "*", "open_tree_attr", ALL_SCMP | DIFF_UAPI, WHY_NEW, { 0 } },
	{ "*", "file_getattr", ALL_SCMP | DIFF_UAPI, WHY_NEW, { 0 } },
	{ "*", "file_setattr", ALL_SCMP | DIFF_UAPI, WHY_NEW, { 0 } },

	/* i386 calls that also exist as socketcall()/ipc() subcalls. */
	{ "i386", "socket", DIFF_SCMP_NAME, WHY_MUX, { 0 } },
	{ "i386", "socketpair", DIFF_SCMP_NAME, WHY_MUX, { 0 } },
	{ "i386", "bind", DIFF_SCMP_NAME, WHY_MUX, { 0 } },
	{ "i386", "connect", DIFF_SCMP_NAME, WHY_MUX, { 0 } },
	{ "i386", "listen", DIFF_SCMP_NAME, WHY_MUX, { 0 } },
	{ "i386", "accept4", DIFF_SCMP_NAME, WHY_MUX, { 0 } },
	{ "i386", "getsockopt", DIFF_SCMP_NAME, WHY_MUX, { 0 } },
	{ "i386", "setsockopt", DIFF_SCMP_NAME, WHY_MUX, { 0 } },
	{ "i386", "getsockname", DIFF_SCMP_NAME, WHY_MUX, { 0 } },
	{ "i386", "getpeername", DIFF_SCMP_NAME, WHY_MUX, { 0 } },
	{ "i386", "sendto", DIFF_SCMP_NAME, WHY_MUX, { 0 } },
	{ "i386", "sendmsg", DIFF_SCMP_NAME, WHY_MUX, { 0 } },
	{ "i386", "recvfrom", DIFF_SCMP_NAME, WHY_MUX, { 0 } },
	{ "i386", "recvmsg", DIFF_SCMP_NAME, WHY_MUX, { 0 } },
	{ "i386", "shutdown", DIFF_SCMP_NAME, WHY_MUX, { 0 } },
	{ "i386", "recvmmsg", DIFF_SCMP_NAME, WHY_MUX, { 0 } },
	{ "i386", "sendmmsg", DIFF_SCMP_NAME, WHY_MUX, { 0 } },
	{ "i386", "semget", DIFF_SCMP_NAME, WHY_MUX, { 0 } },
	{ "i386", "semctl", DIFF_SCMP_NAME, WHY_MUX, { 0 } },
	{ "i386", "shmget", DIFF_SCMP_NAME, WHY_MUX, { 0 } },
	{ "i386", "shmctl", DIFF_SCMP_NAME, WHY_MUX, { 0 } },
	{ "i386", "shmat", DIFF_SCMP_NAME, WHY_MUX, { 0 } },
	{ "i386", "shmdt", DIFF_SCMP_NAME, WHY_MUX, { 0 } },
	{ "i386", "msgget", DIFF_SCMP_NAME, WHY_MUX, { 0 } },
	{ "i386", "msgsnd", DIFF_SCMP_NAME, WHY_MUX, { 0 } },
	{ "i386", "msgrcv", DIFF_SCMP_NAME, WHY_MUX, { 0 } },
	{ "i386", "msgctl", DIFF_SCMP_NAME, WHY_MUX, { 0 } },

	/*
	 * arch/arm/include/uapi/asm/unistd.h defines __NR_sync_file_range2
	 * as an alias of __NR_arm_sync_file_range (341); the kernel table
	 * and strace call it arm_sync_file_range.
	 */
	{ "arm",
	  "sync_file_range2",
	  DIFF_UAPI_EXTRA,
	  "uapi alias of arm_sync_file_range (same number 341)",
	  { 0 } },
};

static const uint32_t scmp_arch[SW_ABI_COUNT] = {
	[SW_ABI_X86_64] = SCMP_ARCH_X86_64,
	[SW_ABI_I386] = SCMP_ARCH_X86,
	[SW_ABI_ARM64] = SCMP_ARCH_AARCH64,
	[SW_ABI_ARM] = SCMP_ARCH_ARM,
};

static unsigned int unexpected;

/* Records a disagreement; returns 1 when the allow-list covers it. */
static int report(enum sw_abi abi, const char *name, enum diff_kind kind,
		  const char *detail)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(known_diffs); i++) {
		struct known_diff *k = &known_diffs[i];

		if (strcmp(k->name, name) || !(k->kinds & kind))
			continue;
		if (strcmp(k->abi, "*") && strcmp(k->abi, sw_abi_name(abi)))
			continue;
		k->used[abi] |= kind;
		return 1;
	}
	fprintf(stderr, "%s: %s: %s\n", sw_abi_name(abi), name, detail);
	unexpected++;
	return 0;
}

static const struct uapi_abi *uapi_for(enum sw_abi abi)
{
	unsigned int i;

	for (i = 0; i < uapi_nabis; i++)
		if (!strcmp(uapi_abis[i].abi, sw_abi_name(abi)))
			return &uapi_abis[i];
	return NULL;
}

static const struct uapi_nr *uapi_find(const struct uapi_abi *u,
				       const char *name)
{
	unsigned int i;

	for (i = 0; i < u->count; i++)
		if (!strcmp(u->nrs[i].name, name))
			return &u->nrs[i];
	return NULL;
}

/* Checks one ABI; returns 0 if its uapi header is missing (skipped). */
static int check_abi(enum sw_abi abi)
{
	const struct sw_sysent_table *tab = sw_sysent_table(abi);
	const struct uapi_abi *u = uapi_for(abi);
	unsigned int allowed = 0, before = unexpected;
	char detail[160];
	size_t i;

	ck_assert_ptr_nonnull(tab);
	for (i = 0; i < tab->ncalls; i++) {
		const struct sw_syscall *sc = &tab->calls[i];
		int nr =
		    seccomp_syscall_resolve_name_arch(scmp_arch[abi], sc->name);
		char *sname = seccomp_syscall_resolve_num_arch(scmp_arch[abi],
							       (int)sc->nr);

		if (nr != (int)sc->nr) {
			snprintf(detail, sizeof(detail),
				 "libseccomp numbers it %d, table %u", nr,
				 sc->nr);
			allowed +=
			    report(abi, sc->name, DIFF_SCMP_NAME, detail);
		}
		if (!sname || strcmp(sname, sc->name)) {
			snprintf(detail, sizeof(detail),
				 "libseccomp calls %u \"%s\"", sc->nr,
				 sname ? sname : "(nothing)");
			allowed += report(abi, sc->name, DIFF_SCMP_NR, detail);
		}
		free(sname);

		if (u && u->count) {
			const struct uapi_nr *h = uapi_find(u, sc->name);

			if (!h || h->nr != (long)sc->nr) {
				snprintf(detail, sizeof(detail),
					 "%s: %s, table %u", u->header,
					 h ? "numbered differently"
					   : "no such __NR_",
					 sc->nr);
				allowed +=
				    report(abi, sc->name, DIFF_UAPI, detail);
			}
		}
	}
	if (u && u->count) {
		for (i = 0; i < u->count; i++) {
			if (sw_sysent_by_nr(abi, (uint32_t)u->nrs[i].nr) &&
			    !strcmp(sw_sysent_by_nr(abi, (uint32_t)u->nrs[i].nr)
					->name,
				    u->nrs[i].name))
				continue;
			snprintf(detail, sizeof(detail),
				 "%s defines it as %ld, table lacks it",
				 u->header, u->nrs[i].nr);
			allowed += report(abi, u->nrs[i].name, DIFF_UAPI_EXTRA,
					  detail);
		}
	}
	printf("%s: %zu entries checked against libseccomp%s%s, "
	       "%u allow-listed, %u unexpected\n",
	       sw_abi_name(abi), tab->ncalls, u && u->count ? " and " : "",
	       u && u->count ? u->header : " (uapi header missing)", allowed,
	       unexpected - before);
	if (u && !u->count)
		printf("%s: skipped uapi check: %s\n", sw_abi_name(abi),
		       u->missing);
	return u && u->count;
}

/*
 * An allow-list entry is stale when one of its kinds went unused on an
 * ABI where it applies: its own ABI, or for "*" every ABI whose table (or,
 * for DIFF_UAPI_EXTRA, whose header) has the name.
 */
static unsigned int check_stale(const int *uapi_done)
{
	unsigned int stale = 0;
	size_t i;
	int abi;

	for (i = 0; i < ARRAY_SIZE(known_diffs); i++) {
		const struct known_diff *k = &known_diffs[i];

		for (abi = 0; abi < SW_ABI_COUNT; abi++) {
			unsigned int want = k->kinds;

			if (strcmp(k->abi, "*") &&
			    strcmp(k->abi, sw_abi_name(abi)))
				continue;
			if (!uapi_done[abi])
				want &= ~(unsigned int)(DIFF_UAPI |
							DIFF_UAPI_EXTRA);
			if (!strcmp(k->abi, "*") &&
			    !sw_sysent_by_name(abi, k->name))
				continue;
			if ((k->used[abi] & want) == want)
				continue;
			fprintf(stderr,
				"%s: %s: allow-list entry no longer "
				"needed (kinds %#x, seen %#x): %s\n",
				sw_abi_name(abi), k->name, want, k->used[abi],
				k->why);
			stale++;
		}
	}
	return stale;
}

START_TEST(test_tables_agree)
{
	int uapi_done[SW_ABI_COUNT] = { 0 };
	int abi, skipped = 0;
	unsigned int stale;

	for (abi = 0; abi < SW_ABI_COUNT; abi++) {
		uapi_done[abi] = check_abi(abi);
		skipped += !uapi_done[abi];
	}
	stale = check_stale(uapi_done);
	fflush(stdout);
	ck_assert_msg(unexpected == 0,
		      "%u disagreements not in the allow-list (see stderr)",
		      unexpected);
	ck_assert_msg(stale == 0, "%u stale allow-list entries (see stderr)",
		      stale);
	if (skipped) {
		fprintf(stderr,
			"check_tables: %d ABI(s) without uapi "
			"headers: install linux-libc-dev-arm64-cross and "
			"linux-libc-dev-armhf-cross\n",
			skipped);
		exit(77);
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("tables");
	TCase *tc = tcase_create("numbers");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_tables_agree);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	/* No fork: exit(77) must reach meson as the process's status. */
	srunner_set_fork_status(sr, CK_NOFORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

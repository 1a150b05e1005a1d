#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# A third party's plugin and program, each built from a scratch directory
# against the installed headers with pkg-config alone, then run: the
# plugin in the installed syswarden, the program on the installed
# library.  Both are the very files the README shows.
#
# usage: thirdparty.sh BUILD_DIR SOURCE_DIR
# SW_CFLAGS, if set, is added to both compilations (a sanitizer build's
# -fsanitize=...).
set -eu
build=$1
src=$2
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

fail() {
	echo "thirdparty: $*" >&2
	exit 1
}

# The README's copy of tests/thirdparty/NAME, between its markers.
check_readme_copy() {
	awk -v name="$1" '$0 == "<!-- begin " name " -->" { f = 1; next }
	     $0 == "<!-- end " name " -->" { f = 0 } f' "$src/README.md" |
		sed '1d;$d' >"$scratch/readme-$1"
	diff -u "$src/tests/thirdparty/$1" "$scratch/readme-$1" ||
		fail "README.md's $1 differs from tests/thirdparty/$1"
}

check_readme_copy deny_open.c
check_readme_copy embed.c

meson install -C "$build" --destdir "$scratch/root" --no-rebuild --quiet
pc=$(find "$scratch/root" -name syswarden.pc | head -n 1)
[ -n "$pc" ] || fail "no syswarden.pc installed"
PKG_CONFIG_PATH=$(dirname "$pc")
PKG_CONFIG_SYSROOT_DIR=$scratch/root
export PKG_CONFIG_PATH PKG_CONFIG_SYSROOT_DIR
lib=$(find "$scratch/root" -name 'libsyswarden.so.*' | head -n 1)
exe=$(find "$scratch/root" -type f -name syswarden -perm -u+x | head -n 1)
[ -n "$lib" ] && [ -n "$exe" ] || fail "syswarden was not installed"
LD_LIBRARY_PATH=$(dirname "$lib")
export LD_LIBRARY_PATH

mkdir "$scratch/work"
cp "$src/tests/thirdparty/deny_open.c" "$src/tests/thirdparty/embed.c" \
	"$scratch/work/"
cd "$scratch/work"
# shellcheck disable=SC2046,SC2086 # pkg-config's words and SW_CFLAGS split
cc ${SW_CFLAGS:-} -Wall -Werror -shared -fPIC -fvisibility=hidden \
	-o deny_open.so deny_open.c $(pkg-config --cflags --libs syswarden)
# shellcheck disable=SC2046,SC2086
cc ${SW_CFLAGS:-} -Wall -Werror -o embed embed.c \
	$(pkg-config --cflags --libs syswarden)

# The plugin, loaded by the installed syswarden.
if "$exe" -o trace -e trace=openat \
	--plugin ./deny_open.so:path=/etc/hostname -- cat /etc/hostname \
	>out 2>err; then
	fail "cat read /etc/hostname through the plugin"
fi
grep -q 'Permission denied' err || fail "cat did not get EACCES: $(cat err)"
grep -q '^### deny_open: refused /etc/hostname$' trace ||
	fail "no report in the trace: $(cat trace)"
grep -q '"/etc/hostname", .*= -1 EACCES (Permission denied) (INJECTED)$' \
	trace || fail "no injected openat in the trace: $(cat trace)"

# The program, on the installed library: its exit status is cat's.
status=0
./embed cat /etc/shadow >out 2>err || status=$?
[ "$status" = 1 ] || fail "embed cat /etc/shadow exited $status: $(cat err)"
grep -q '^### hook: openat of /etc/shadow refused$' err ||
	fail "no report from embed: $(cat err)"
grep -q 'Permission denied' err || fail "cat did not get EACCES: $(cat err)"
./embed cat /etc/hostname >out 2>err || fail "embed cat /etc/hostname: $(cat err)"
cmp -s out /etc/hostname || fail "embed changed what cat printed"
echo "thirdparty: plugin and program built with pkg-config and run"

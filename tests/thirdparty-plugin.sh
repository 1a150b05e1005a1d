#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# A third party's plugin, built from a scratch directory against the
# installed headers with pkg-config alone, then loaded by the installed
# syswarden.  Also checks that the README shows this very plugin.
#
# usage: thirdparty-plugin.sh BUILD_DIR SOURCE_DIR
set -eu
build=$1
src=$2
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

fail() {
	echo "thirdparty-plugin: $*" >&2
	exit 1
}

awk '/^<!-- begin deny_open.c -->/ { f = 1; next }
     /^<!-- end deny_open.c -->/ { f = 0 } f' "$src/README.md" |
	sed '1d;$d' >"$scratch/readme.c"
diff -u "$src/tests/thirdparty/deny_open.c" "$scratch/readme.c" ||
	fail "README.md's example plugin differs from tests/thirdparty/deny_open.c"

meson install -C "$build" --destdir "$scratch/root" --no-rebuild --quiet
pc=$(find "$scratch/root" -name syswarden.pc | head -n 1)
[ -n "$pc" ] || fail "no syswarden.pc installed"
PKG_CONFIG_PATH=$(dirname "$pc")
PKG_CONFIG_SYSROOT_DIR=$scratch/root
export PKG_CONFIG_PATH PKG_CONFIG_SYSROOT_DIR

mkdir "$scratch/work"
cp "$src/tests/thirdparty/deny_open.c" "$scratch/work/"
cd "$scratch/work"
# shellcheck disable=SC2046 # pkg-config's words are meant to split
cc -Wall -Werror -shared -fPIC -fvisibility=hidden -o deny_open.so \
	deny_open.c $(pkg-config --cflags --libs syswarden)

lib=$(find "$scratch/root" -name 'libsyswarden.so.*' | head -n 1)
exe=$(find "$scratch/root" -type f -name syswarden -perm -u+x | head -n 1)
[ -n "$lib" ] && [ -n "$exe" ] || fail "syswarden was not installed"
if LD_LIBRARY_PATH=$(dirname "$lib") "$exe" -o trace -e trace=openat \
	--plugin ./deny_open.so:path=/etc/hostname -- cat /etc/hostname \
	>out 2>err; then
	fail "cat read /etc/hostname through the plugin"
fi
grep -q 'Permission denied' err || fail "cat did not get EACCES: $(cat err)"
grep -q '^### deny_open: refused /etc/hostname$' trace ||
	fail "no report in the trace: $(cat trace)"
grep -q '"/etc/hostname", .*= -1 EACCES (Permission denied) (INJECTED)$' \
	trace || fail "no injected openat in the trace: $(cat trace)"
echo "thirdparty-plugin: built with pkg-config, loaded, refused the open"

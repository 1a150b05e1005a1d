#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# An installed syswarden runs from wherever it was installed, with no
# environment at all: the command and the plugins find the library
# through their run path, and plugins are found by name beside the
# library.  The install is made under a scratch directory, a prefix the
# build was not configured for.  A build tree's command finds the build
# tree's plugins by name too.
#
# usage: install.sh BUILD_DIR
set -eu
build=$1
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

fail() {
	echo "install: $*" >&2
	exit 1
}

meson install -C "$build" --destdir "$scratch/root" --no-rebuild --quiet
# Moved away from the destdir's prefix, to prove nothing names it.
mv "$scratch/root" "$scratch/moved"
exe=$(find "$scratch/moved" -type f -path '*/bin/syswarden' -perm -u+x |
	head -n 1)
[ -n "$exe" ] || fail "syswarden was not installed"
cd "$scratch"

env -i "$exe" -o trace -e trace=exit_group -- true ||
	fail "installed syswarden -- true failed: $(cat trace 2>/dev/null)"
grep -qx 'exit_group(0)                           = ?' trace || fail "no trace: $(cat trace)"

env -i "$exe" -o trace -e trace=none \
	--plugin file_monitor:paths=/etc/hostname -- cat /etc/hostname \
	>out 2>err || fail "plugin by name, installed: $(cat err)"
grep -q '^### file_monitor: .*/etc/hostname' trace ||
	fail "no file_monitor report: $(cat trace)"

env -i "$build/src/syswarden" --plugin-help syscall_limiter >out 2>err ||
	fail "build tree: plugin by name: $(cat err)"
grep -q 'syscall_limiter' out || fail "no plugin help: $(cat out)"
# The man page (built when scdoc is there) and the bash completion.
page=$(find "$scratch/moved" -path '*/man1/syswarden.1' | head -n 1)
if command -v scdoc >/dev/null; then
	[ -n "$page" ] || fail "no man page installed"
	if command -v man >/dev/null; then
		MANPATH=${page%/man1/*} man syswarden 2>/dev/null |
			grep -q 'syswarden - trace' ||
			fail "man syswarden does not show the page"
	fi
fi
find "$scratch/moved" -path '*/bash-completion/completions/syswarden' |
	grep -q . || fail "no bash completion installed"
echo "install: installed command and plugins run from a moved prefix;"
echo "install: man page and bash completion installed"

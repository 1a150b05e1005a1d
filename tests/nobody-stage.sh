#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Runs PROGRAM where user nobody can run syswarden, its plugins and the
# named helpers.  When nobody cannot reach them in the build tree (a
# build under a directory only root may enter, such as a clone in
# /root), they are staged in a fresh directory under /tmp: syswarden,
# its library and plugins installed there (an install finds its library
# and plugins relative to itself), the helpers copied beside.
# SYSWARDEN, SW_PLUGINS and SW_HELPERS then name the staged files, and
# PROGRAM runs from there.  Not root: PROGRAM runs as it is (it says why
# it cannot switch to nobody).
#
# usage: nobody-stage.sh BUILD_DIR HELPER... -- PROGRAM [ARGS...]
set -eu
build=$1
shift
helpers=""
while [ "$1" != "--" ]; do
	helpers="$helpers $1"
	shift
done
shift

fail() {
	echo "nobody-stage: $*" >&2
	exit 1
}

# Whether nobody can run syswarden, the plugin and the helpers.
nobody_can_run() {
	for h in $helpers; do
		"$SW_HELPERS/as-nobody" /usr/bin/test -x "$SW_HELPERS/$h" ||
			return 1
	done
	"$SW_HELPERS/as-nobody" /usr/bin/test -x "$SYSWARDEN" &&
		"$SW_HELPERS/as-nobody" /usr/bin/test -r \
			"$SW_PLUGINS/file_monitor.so"
}

if [ "$(id -u)" != 0 ] || nobody_can_run; then
	exec "$@"
fi

stage=$(mktemp -d /tmp/sw-stage-XXXXXX)
trap 'rm -rf "$stage"' EXIT
trap 'exit 1' HUP INT TERM
chmod 0755 "$stage"
meson install -C "$build" --destdir "$stage/root" --no-rebuild --quiet \
	>"$stage/install.log" 2>&1 ||
	fail "meson install failed: $(cat "$stage/install.log")"
SYSWARDEN=$(find "$stage/root" -type f -name syswarden -perm -u+x)
plugin=$(find "$stage/root" -type f -name file_monitor.so)
[ -n "$SYSWARDEN" ] && [ -n "$plugin" ] ||
	fail "no syswarden or file_monitor.so in the install"
SW_PLUGINS=$(dirname "$plugin")
mkdir "$stage/helpers"
for h in $helpers; do
	cp "$SW_HELPERS/$h" "$stage/helpers/"
done
SW_HELPERS=$stage/helpers
export SYSWARDEN SW_PLUGINS SW_HELPERS
nobody_can_run || fail "nobody cannot run the files staged in $stage"
echo "nobody-stage: nobody cannot enter $build: running from $stage" >&2
cd "$stage"
"$@"

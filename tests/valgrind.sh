#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Representative syswarden runs under valgrind's memcheck: a full trace of
# a shell pipeline, attach and detach, each shipped plugin, a hook through
# the library (the README's embed example), conditions and selections,
# refused input.  A run passes when it ends as it should (status, and a
# line of its trace) and memcheck finds nothing: no memory error, no
# block lost, and no block at all left allocated when syswarden exits.
#
# Tracees run natively: memcheck follows syswarden, not what it execs.
#
# usage: valgrind.sh BUILD_DIR SOURCE_DIR
set -u
build=$1
src=$2
sw=$build/src/syswarden
helpers=$build/tests
plugins=$build/src/plugins

command -v valgrind >/dev/null || {
	echo "valgrind: not installed (scripts/setup installs it)" >&2
	exit 77
}
scratch=$(mktemp -d)
target=
cleanup() {
	[ -n "$target" ] && kill "$target" 2>/dev/null
	rm -rf "$scratch"
}
trap cleanup EXIT

passed=0
failed=0

# vg PROGRAM ARGS...: runs PROGRAM under memcheck, one log a process
# ($scratch/vg.PID): syswarden's own, and its forks' until they exec.  The
# process itself is $vgpid.
#
# valgrind 3.19 does not know seccomp(2) and answers ENOSYS (its warning,
# a "--PID--" line, is not a report): under memcheck syswarden runs
# without its filter, every syscall stopping.  The filter's paths are
# covered by the sanitizer build's suites (scripts/test, step sanitize).
vg_exec() {
	exec valgrind --error-exitcode=99 --leak-check=full \
		--show-leak-kinds=all \
		--errors-for-leak-kinds=definite,indirect,possible \
		--log-file="$scratch/vg.%p" "$@"
}

vg() {
	rm -f "$scratch"/vg.*
	vg_exec "$@" &
	vgpid=$!
	wait "$vgpid"
}

# What memcheck found: errors (bad accesses, lost blocks) in any process,
# or blocks the main process still held at exit.  A fork that ends
# without exec (the filter probe) holds its parent's heap, as expected.
reported() {
	if grep -q 'ERROR SUMMARY: [1-9]' "$scratch"/vg.*; then
		grep -h '^==' "$scratch"/vg.*
	elif ! grep -q 'All heap blocks were freed' "$scratch/vg.$vgpid"; then
		sed -n '/HEAP SUMMARY/,$p' "$scratch/vg.$vgpid"
	else
		return 1
	fi
}

# result NAME WHY: WHY empty for a pass.
result() {
	if [ -z "$2" ]; then
		echo "valgrind: ok $1"
		passed=$((passed + 1))
	else
		printf "valgrind: FAIL %s: %s\n" "$1" "$2" >&2
		cat "$scratch/report" >&2
		failed=$((failed + 1))
	fi
}

# check NAME STATUS WANT_STATUS [TEXT FILE]: the run's verdict.
check() {
	why=
	if reported >"$scratch/report"; then
		why="memcheck reported (status $2)"
	elif [ "$2" != "$3" ]; then
		why="exited $2, not $3: $(tail -n 3 "$scratch/err")"
	elif [ $# -ge 5 ] && ! grep -qF -- "$4" "$5"; then
		why="no '$4' in $5: $(tail -n 3 "$5")"
	fi
	result "$1" "$why"
}

# run NAME WANT_STATUS TEXT -- SYSWARDEN_ARGS...: TEXT is looked for in
# the trace, or in stderr when it starts with "syswarden:".
run() {
	name=$1 want=$2 pattern=$3
	shift 4
	vg "$sw" -o "$scratch/trace" "$@" >"$scratch/out" 2>"$scratch/err"
	status=$?
	where=$scratch/trace
	case $pattern in
	syswarden:*) where=$scratch/err ;;
	esac
	check "$name" "$status" "$want" "$pattern" "$where"
}

run pipeline 0 '+++ exited with 0 +++' -- sh -c 'ls / | wc -l'
# --json and --timeline: every call object built and freed (json-c).
run json-timeline 0 '"type":"exit","time"' \
	-- --json --timeline "$scratch/timeline" -s 300 \
	-- "$helpers/jsonbytes"
run conditions 0 'write(1, "hi\n", 3)                     = 3' \
	-- -e 'trace=write(fd == 1),openat(flags & O_CREAT)' \
	-- sh -c 'echo hi; echo x >/dev/null'
run selection 1 '"/nonexistent", O_RDONLY) = -1 ENOENT' \
	-- -s 8 -e status=failed -e 'trace=%file,/^write,?nosuch' \
	-- sh -c 'echo hi; cat /nonexistent'
run misspelt-syscall 1 'syswarden: -e trace=opnat: no such syscall' \
	-- -e trace=opnat -- true
# It leaked 88 bytes from argcond.c's parser until 98f25e3.
run unclosed-condition 1 'syswarden: -e trace=write(!(fd==1)&&(fd==21t6)' \
	-- -e 'trace=write(!(fd==1)&&(fd==21t6)' -- true

# -e inject= with when= and several rules, --deny, a refused rule; on the
# self-checking injectee.
run inject 0 'getpgid(0)                              = -1 ENOTTY (Inappropriate ioctl for device) (INJECTED)' \
	-- -e trace=getpgid -e 'inject=getpgid:error=ENOTTY:when=2..6+2' \
	-e 'inject=getpgid:signal=USR1:when=20' \
	-- "$helpers/injectee" when ENOTTY 9 2,4,6
run deny 0 'getpgid(0)                              = -1 EPERM (Operation not permitted) (INJECTED)' \
	-- -e trace=getpgid --deny getpgid --deny 'openat(flags & O_CREAT)' \
	-- "$helpers/injectee" error EPERM 3
run bad-inject 1 'syswarden: -e inject=getpgid:error=EIO:when=5..2: when=' \
	-- -e 'inject=getpgid:error=EIO:when=5..2' -- true

# Each shipped plugin, on the self-checking plugtee where it can.
run limiter 86 'spent (200 calls)' \
	-- -e trace=none \
	--plugin "$plugins/syscall_limiter.so:syscall_thread_limit=200" \
	-- "$helpers/plugtee" threads 200
run file_monitor 0 'blocked with EACCES' \
	-- -e trace=none --plugin "$plugins/file_monitor.so:block=true" \
	-- "$helpers/plugtee" files block
run exec_monitor 127 'execve failed: ENOENT' \
	-- -e trace=none --plugin "$plugins/exec_monitor.so" \
	-- sh -c 'ls / >/dev/null; /nonexistent'
run net_monitor 0 '### net_monitor: sendto' \
	-- -e trace=none --plugin "$plugins/net_monitor.so" \
	-- "$helpers/plugtee" net
run failed_opens 1 '### failed_opens: ' \
	-- -e trace=none --plugin "$plugins/failed_opens.so" \
	-- cat /nonexistent

# Attach to a sleeping process, then detach on SIGINT: the target runs on,
# untraced.
"$helpers/sleeper" 100000 & # 20 ms a tick: it outlives any wait here
target=$!
rm -f "$scratch"/vg.*
vg_exec "$sw" -o "$scratch/trace" -p "$target" 2>"$scratch/err" &
vgpid=$! # valgrind itself, not a subshell: SIGINT must reach syswarden
traced() {
	grep -q 'nanosleep(' "$scratch/trace" 2>/dev/null
}
i=0
while ! traced && [ $i -lt 300 ]; do
	sleep 0.1
	i=$((i + 1))
done
kill -INT "$vgpid"
wait "$vgpid"
status=$?
why=
if ! traced; then
	why="nothing traced in 30 s after attach"
elif ! kill -0 "$target" 2>/dev/null; then
	why="the target did not survive the detach"
elif ! grep -q '^TracerPid:[[:space:]]*0$' "/proc/$target/status"; then
	why="the target is still traced after SIGINT"
elif grep -q '^State:[[:space:]]*[tT]' "/proc/$target/status"; then
	why="the target was left stopped"
fi
kill "$target" 2>/dev/null
wait "$target" 2>/dev/null
target=
if [ -n "$why" ]; then
	result attach-detach "$why"
else
	check attach-detach "$status" 0
fi

# A hook through the library: the README's embed example, built here.
if cc -o "$scratch/embed" "$src/tests/thirdparty/embed.c" \
	-I"$src/include" -L"$build/src" -lsyswarden \
	-Wl,-rpath,"$build/src" 2>"$scratch/err"; then
	vg "$scratch/embed" cat /etc/shadow >"$scratch/out" 2>"$scratch/err"
	check embed-hook $? 1 '### hook: openat of /etc/shadow refused' \
		"$scratch/err"
else
	result embed-hook "cannot build embed.c: $(cat "$scratch/err")"
fi

echo "valgrind: $passed passed, $failed failed"
[ "$failed" = 0 ]

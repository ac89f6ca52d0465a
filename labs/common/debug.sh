#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# debug.sh - make debug: run one test with the student's code under gdb, in the foreground.
#
#   debug.sh SUITE/NAME [GDB-ARGUMENT...]     from the lab's folder, after make all build/debug-wrap
#
# The tests call the student's functions in build/worker (remote.h), so that
# is the process to debug. The test runner starts it under build/debug-wrap
# (MEMLABS_WORKER_WRAP), which says its process id and stops; gdb attaches,
# lets it become build/worker (same process, so the tests still read its
# maps and memory by that id) and stops at the worker's first instruction.
# The arguments after the test's name go to gdb then (-ex 'break
# maps_parse_line' -ex continue; -batch for a script). When gdb ends, the
# worker is let go (detach): the test finishes and says whether it passed.
set -u
test=${1:-}
if [ -z "$test" ] || [[ $test == -* ]]; then
	echo "usage: make debug T=suite/name [B=function] [GDB_ARGS='...']   (build/run-tests --list shows the names)" >&2
	exit 2
fi
shift
command -v gdb >/dev/null 2>&1 || {
	echo "make debug: gdb is not installed (make deps-learner, in the project's root, installs it)" >&2
	exit 2
}
if ! build/run-tests --list 2>/dev/null | grep -q .; then
	echo "make debug: build/run-tests does not list tests: is the lab built (make)?" >&2
	exit 2
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/memlabs-debug-XXXXXX")
log=$dir/stderr
runner=
# shellcheck disable=SC2317 # run by the trap
cleanup() {
	# The runner, and with it what it started: the worker dies with the
	# test's process (PR_SET_PDEATHSIG in remote.c).
	[ -n "$runner" ] && kill "$runner" 2>/dev/null
	rm -rf "$dir"
}
trap cleanup EXIT

# The runner's error output is the terminal's (without the list of the
# tests left out) and a file, where Criterion says the test's process id
# and the wrap the worker's. Criterion's debug
# mode has no time limit; it stops the test at its start for a debugger of
# the tests: going on is all the test needs. A call may take as long as the
# session.
: > "$log"
MEMLABS_CALL_SECONDS=86400 MEMLABS_WORKER_WRAP=build/debug-wrap \
	build/run-tests --filter="$test" --debug=idle < /dev/null \
	2> >(tee "$log" | grep --line-buffered -v -e '^\[SKIP\] .*: Test is disabled$' -e '^\[====\] Running ' >&2) &
runner=$!

# wait_for PATTERN: the number the runner's output shows in \(...\) of PATTERN.
wait_for() {
	local n
	for ((i = 0; i < 100; i++)); do
		n=$(sed -n "s/$1/\\1/p" "$log" | head -n 1)
		[ -n "$n" ] && { printf '%s\n' "$n"; return 0; }
		kill -0 "$runner" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}
pid=
if tester=$(wait_for '^.*: Started test has PID \([0-9][0-9]*\)\.$'); then
	kill -CONT "$tester" 2>/dev/null
	pid=$(wait_for '^memlabs-debug: worker pid \([0-9][0-9]*\)$')
fi
if [ -z "$pid" ]; then
	wait "$runner"
	runner=
	echo "make debug: the test $test started no worker (is the name right? build/run-tests --list)" >&2
	exit 1
fi

# Attached, then on to the exec of build/worker, where the session starts.
# Quitting gdb lets the worker go on, so that the test ends with its verdict.
cat > "$dir/gdbinit" <<'EOF'
set pagination off
set confirm off
set breakpoint pending on
handle SIGSTOP nostop noprint nopass
catch exec
continue
delete
handle SIGSTOP stop print pass
define hook-quit
  detach
end
EOF
# In batch mode gdb skips the hook: there the last command is detach.
last=()
for a in "$@"; do
	[ "$a" = -batch ] || [ "$a" = --batch ] && last=(-ex detach)
done
gdb -q -iex 'set debuginfod enabled off' -p "$pid" -x "$dir/gdbinit" "$@" "${last[@]}"
status=$?
# gdb leaves a process it attached to stopped as it found it (the wrap's
# SIGSTOP): going on is the test's.
kill -CONT "$pid" 2>/dev/null
# The test's verdict (the worker runs on after detach; a few seconds at most).
for ((i = 0; i < 100; i++)); do
	kill -0 "$runner" 2>/dev/null || break
	sleep 0.1
done
wait "$runner" 2>/dev/null
runner=
exit "$status"

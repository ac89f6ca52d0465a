#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# progress.sh - make progress / make watch: run a lab's tests, say how far it is and what to do next.
#
#   progress.sh [--short|--lines|--next]     from the lab's folder, after make all
#
# Runs build/run-tests (its TAP report) and reads build/run-tests --lab-list
# (each test's points and hint, in the order of the tasks). Prints a line
# for the lab (tests passed / total, their points, a bar), then one line per
# suite (a task's tests), then the first failing test in that order with
# its message and hint, and the commands that run it alone. --short leaves
# out the suites, --lines the next test, --next prints only the next test. The points are those
# of the lab's Criterion tests, whole for a test that passes; make grade
# counts partial credit and, in labs 04 and 05, the trace driver's tests.
# Exit status: 0 when every test that ran passed, 1 otherwise.
set -u
mode=${1:-all}
lab=$(basename "$PWD")
tap=$(mktemp "${TMPDIR:-/tmp}/memlabs-tap-XXXXXX")
list=$(mktemp "${TMPDIR:-/tmp}/memlabs-list-XXXXXX")
trap 'rm -f "$tap" "$list"' EXIT
if ! build/run-tests --lab-list > "$list" 2>/dev/null || ! [ -s "$list" ]; then
	echo "$lab: no tests to run (does it build? make)"
	exit 1
fi
build/run-tests --tap="$tap" > /dev/null 2>&1
# A lab with trace tests (labs 04, 05) has points these tests do not hold.
driver=$(make -s --no-print-directory lab-info 2>/dev/null | sed -n 's/^driver-tests \(..*\)$/\1/p')

awk -F'\t' -v mode="$mode" -v lab="$lab" -v driver="$driver" '
# The TAP report: "ok - suite::name ...", "not ok - ...", then for a failure
# its messages, indented, up to "  ...".
FNR == NR {
	if (match($0, /^(not )?ok - [^ ]+/)) {
		failed = substr($0, 1, 3) == "not"
		name = $0
		sub(/^(not )?ok - /, "", name)
		sub(/ .*/, "", name)
		sub(/::/, "/", name)
		status[name] = failed ? "fail" : ($0 ~ /# SKIP/ ? "skip" : "pass")
		cur = failed ? name : ""
		next
	}
	if (cur != "" && /^      +[^ ]/ && nmsg[cur] < 3) {   # its first lines
		line = $0
		sub(/^ +/, "", line)
		msg[cur] = nmsg[cur] ? msg[cur] "\n  " line : line
		nmsg[cur]++
	}
	next
}
# The lab list: suite/name, points, signal, partial, hint.
{
	name = $1; pts = $2; hint[name] = $5
	suite = name; sub(/\/.*/, "", suite)
	if (!(suite in seen)) { seen[suite] = 1; order[++nsuites] = suite }
	st = (name in status) ? status[name] : "fail"
	if (!(name in status))
		msg[name] = "the test did not report (it crashed the runner, or was not run)"
	if (st == "skip")
		next
	total++; maxpts += pts; smax[suite] += pts; stotal[suite]++
	if (st == "pass") { passed++; got += pts; sgot[suite] += pts; spassed[suite]++ }
	else if (next_test == "") next_test = name
}
END {
	width = 30
	filled = maxpts ? int(width * got / maxpts + 0.5) : 0
	bar = ""
	for (i = 0; i < width; i++) bar = bar (i < filled ? "#" : ".")
	if (mode != "--next")
		printf "%s: %d/%d tests, %d/%d points  [%s]%s\n", lab, passed, total, got, maxpts, bar,
		       driver != "" ? "  (make grade adds the trace tests)" : ""
	if (mode == "all" || mode == "--lines")
		for (i = 1; i <= nsuites; i++) {
			s = order[i]
			printf "  %-10s %3d/%-3d tests %4d/%-3d points%s\n", s, spassed[s], stotal[s], sgot[s], smax[s],
			       spassed[s] == stotal[s] ? "  done" : ""
		}
	if (next_test == "")
		exit 0
	if (mode == "--lines")
		exit 1
	printf "next: %s\n", next_test
	if (next_test in msg)
		printf "  %s\n", msg[next_test]
	printf "  hint: %s\n", hint[next_test]
	printf "  alone: make test TESTFLAGS=--filter=%s   in gdb: make debug T=%s\n", next_test, next_test
	exit 1
}' "$tap" "$list"

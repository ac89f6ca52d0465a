#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# 51-watch.sh - make watch runs the tests again when a student file is saved,
# and make progress (a lab's, the project's) says how far each lab is and
# what to do next. On copies of the labs as shipped. Run from the root.
set -u
. tests/lib.sh

W=${SCRATCH:-/tmp}/watch.$$
watcher=
trap '[ -n "$watcher" ] && kill "$watcher" 2>/dev/null; rm -rf "$W"' EXIT
mkdir -p "$W"
cp -r labs solutions "$W/"     # labs 04, 05 build the reference in too
rm -rf "$W"/labs/*/build
lab=$W/labs/01-segments

# --- make watch: a save starts a second run -----------------------------------
if ! command -v inotifywait >/dev/null 2>&1; then
	notok "make watch: inotifywait is not installed (make deps-learner)"
else
	(cd "$lab" && exec timeout 90 make -s watch RUNS=2 > "$W/watch.out" 2>&1) &
	watcher=$!
	for ((i = 0; i < 600; i++)); do
		grep -q '^(waiting for you to save' "$W/watch.out" && break
		sleep 0.1
	done
	check "make watch: the first run shows the lab's line and waits for a save" \
		grep -q '^(waiting for you to save maps.c' "$W/watch.out"
	check "make watch: the first run shows the next failing test and its hint" \
		bash -c 'grep -q "^next: maps/" "$1" && grep -q "^  hint: " "$1"' _ "$W/watch.out"
	sleep 0.5
	cp solutions/01-segments/maps.c "$lab/maps.c"      # a save: task 1 done
	for ((i = 0; i < 600; i++)); do
		kill -0 "$watcher" 2>/dev/null || break
		sleep 0.1
	done
	kill "$watcher" 2>/dev/null
	wait "$watcher" 2>/dev/null
	watcher=
	check "make watch: saving maps.c starts run 2" \
		grep -q '^=== make watch: run 2 at .* (maps.c saved) ===$' "$W/watch.out"
	run2=$(sed -n '/run 2 at/,$p' "$W/watch.out")
	check "make watch: run 2 has task 1 done (the next failing test is past maps/*)" \
		bash -c 'grep -q "^next: classify/" <<< "$1"' _ "$run2"
	check "make watch: run 2's line counts the 14 tests of maps/*" \
		bash -c 'grep -Eq "^01-segments: 14/34 tests, 37/100 points" <<< "$1"' _ "$run2"
fi

# --- make progress in a lab, and in the project --------------------------------
out=$(make -s -C "$lab" progress 2>&1)
check "make progress: one line per suite, maps/* done" \
	bash -c 'grep -Eq "^  maps +14/14 +tests +37/37 +points +done$" <<< "$1" && grep -Eq "^  aslr +0/4 " <<< "$1"' _ "$out"
check "make progress: the next failing test, and how to run it alone or in gdb" \
	bash -c 'grep -q "^  alone: make test TESTFLAGS=--filter=classify/[a-z_]* *in gdb: make debug T=classify/" <<< "$1"' _ "$out"
out=$(cd "$W" && labs/common/all-progress.sh 2>&1)
for l in $(labs); do
	check "make progress in the project: a line for lab $l" \
		bash -c 'grep -Eq "^$2: [0-9]+/[0-9]+ tests, [0-9]+/[0-9]+ points" <<< "$1"' _ "$out" "$l"
done
check "make progress in the project: the next test is lab 01's" \
	bash -c 'grep -q "^in labs/01-segments " <<< "$1" && grep -q "^next: classify/" <<< "$1"' _ "$out"
check "make progress in the project: the current lab is the one saved last" \
	bash -c 'cd "$1" && [ "$(labs/common/current-lab.sh)" = labs/01-segments ] &&
		[ "$(labs/common/current-lab.sh "" bump/x)" = labs/02-brk ] &&
		[ "$(labs/common/current-lab.sh 05)" = labs/05-malloc ]' _ "$W"
exit 0

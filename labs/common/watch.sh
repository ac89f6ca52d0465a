#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# watch.sh - make watch: build and run the lab's tests again each time one of your files is saved.
#
#   watch.sh FILE...        from the lab's folder; FILE... are your files (STUDENT)
#
# Each run builds (make all: a compiler error is shown and the tests wait
# for the next save), then prints progress.sh --short: the lab's line and
# the next failing test with its message and hint. Then it waits, with
# inotifywait (inotify-tools), until one of the files is written or replaced
# (editors that save by renaming a new file over the old one too). A save
# made while the tests ran starts the next run at once. Ctrl-C ends it.
# WATCH_RUNS=N ends it after N runs (the project's own test of it).
set -u
if [ $# -eq 0 ]; then
	echo "usage: watch.sh FILE...   (make watch gives it the lab's STUDENT files)" >&2
	exit 2
fi
command -v inotifywait >/dev/null 2>&1 || {
	echo "make watch: inotifywait is not installed (make deps-learner, in the project's root, installs inotify-tools)" >&2
	exit 2
}
max=${WATCH_RUNS:-0}
stamp=$(mktemp "${TMPDIR:-/tmp}/memlabs-watch-XXXXXX")
trap 'rm -f "$stamp"' EXIT

# Whether a file of yours changed since the stamp was touched.
saved_since_stamp() {
	local f
	for f in "$@"; do
		[ "$f" -nt "$stamp" ] && return 0
	done
	return 1
}

runs=0 why="start"
while :; do
	touch "$stamp"
	runs=$((runs + 1))
	printf '\n=== make watch: run %d at %s (%s) ===\n' "$runs" "$(date +%H:%M:%S)" "$why"
	if make -s --no-print-directory all; then
		"$(dirname "$0")/progress.sh" --short
	else
		echo "the build failed: fix the first error above, then save"
	fi
	[ "$max" -gt 0 ] && [ "$runs" -ge "$max" ] && exit 0
	if saved_since_stamp "$@"; then
		why="saved during the last run"
		continue
	fi
	echo "(waiting for you to save $*; Ctrl-C ends)"
	while :; do
		name=$(inotifywait -q -e close_write -e moved_to --format %f . 2>/dev/null) || exit 1
		for f in "$@"; do
			[ "$name" = "$f" ] && { why="$f saved"; break 2; }
		done
	done
done

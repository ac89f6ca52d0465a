#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# all-progress.sh - make progress in the project's root: every lab's line and tasks, then what to do next.
#
#   all-progress.sh          from the project's root
#
# For each lab: build it (make all; a lab that does not build says so),
# then progress.sh --lines (the lab's line and one line per suite of
# tests). Then, for the first lab that is not done, its next failing test
# (progress.sh --next) and where to run the commands it shows.
set -u
first=
for d in labs/[0-9][0-9]-*/; do
	d=${d%/}
	[ -f "$d/Makefile" ] || continue
	if ! out=$(make -s --no-print-directory -C "$d" all 2>&1); then
		printf '%s: does not build; the first errors:\n' "${d#labs/}"
		printf '%s\n' "$out" | grep -m 3 -i 'error' | sed 's/^/  /'
		[ -n "$first" ] || first=$d
		continue
	fi
	(cd "$d" && ../common/progress.sh --lines) || { [ -n "$first" ] || first=$d; }
done
[ -n "$first" ] || exit 0
printf '\nin %s (cd there, or make watch LAB=%s):\n' "$first" "${first#labs/}"
[ -x "$first/build/run-tests" ] && (cd "$first" && ../common/progress.sh --next)
exit 1

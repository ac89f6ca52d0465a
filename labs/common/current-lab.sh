#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# current-lab.sh - the lab the project-wide make watch/debug act on: its folder (labs/NN-name).
#
#   current-lab.sh [LAB] [SUITE/NAME]        from the project's root
#
# LAB (01, 01-segments) names it. Without it: among the labs that have the
# test's suite (SUITES in their Makefile; any lab without a test), the one
# where one of your files (STUDENT) was saved last.
set -u
want=${1:-} test=${2:-}
if [ -n "$want" ]; then
	for d in labs/"${want#labs/}"*/; do
		[ -f "$d/Makefile" ] && { printf '%s\n' "${d%/}"; exit 0; }
	done
	echo "no lab $want in labs/" >&2
	exit 1
fi
suite=${test%%/*}
best='' best_time=-1
for d in labs/[0-9][0-9]-*/; do
	d=${d%/}
	[ -f "$d/Makefile" ] || continue
	if [ -n "$suite" ]; then
		suites=$(make -s --no-print-directory -C "$d" suites 2>/dev/null)
		[[ " $suites " == *" $suite "* ]] || continue
	fi
	for f in $(make -s --no-print-directory -C "$d" student-files 2>/dev/null); do
		[ -f "$d/$f" ] || continue
		t=$(stat -c %Y "$d/$f")
		[ "$t" -gt "$best_time" ] && best=$d best_time=$t
	done
done
if [ -z "$best" ]; then
	echo "no lab has ${suite:+the suite $suite and }your files${suite:+ (LAB=NN says which)}" >&2
	exit 1
fi
printf '%s\n' "$best"

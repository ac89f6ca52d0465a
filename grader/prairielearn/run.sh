#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# run.sh - PrairieLearn's external grader runs this, as root, in the grading
# image for each submission: grade /grade/student (the files the question
# asks for: mm.c, or the lab's files) and write /grade/results/results.json.
set -u
# MEMLABS_GRADE_ROOT: for trying it outside PrairieLearn (tests/grader).
root=${MEMLABS_GRADE_ROOT:-/grade}
here=$(cd "$(dirname "$0")" && pwd)
results=$root/results/results.json
mkdir -p "$root/results"
cd "$here" || exit 1
LAB=
# shellcheck source=/dev/null # written by the packer
. ./assignment.conf

# Student code runs as an unprivileged user of its own: it may read the
# labs and traces, but not the reference pack (objects, kept by root).
chmod -R a+rX labs grader
chmod 600 reference-pack.tar.gz
status=2
if make -s build/grader > "$root/results/grader.err" 2>&1; then
	build/grader --quiet --submission "$root/student" ${LAB:+--lab "$LAB"} \
		--reference reference-pack.tar.gz --format prairielearn --out "$results" \
		2>> "$root/results/grader.err"
	status=$?
fi
if [ "$status" -ge 2 ] || [ ! -s "$results" ]; then
	# The grader could not run: not the student's fault, so no attempt is
	# spent ("gradable": false), and the reason is shown.
	python3 - "$results" "$root/results/grader.err" <<'PY'
import json, sys
err = open(sys.argv[2], errors='replace').read()[-3000:]
json.dump({"gradable": False,
           "format_errors": ["The grader could not run; tell your instructor.", err]},
          open(sys.argv[1], 'w'))
PY
fi
exit 0

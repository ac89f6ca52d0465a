# shellcheck shell=bash
# SPDX-License-Identifier: MIT
# PrairieLearn (issue 18): make prairielearn packs what a course needs, and
# its run.sh, run as PrairieLearn's external grader runs it (the files in
# /grade), writes the results.json PrairieLearn documents: the score as a
# fraction, a test per test with points and max_points; "gradable": false
# with the reason when nothing builds or the grader cannot run.
. tests/lib.sh
lab=02-brk
pl="$SCRATCH/pl"
make -s prairielearn LAB="$lab" OUT="$pl" > /dev/null 2>&1
check "make prairielearn: serverFilesCourse/memlabs with run.sh and the reference as a pack, info.json, a Dockerfile; no solutions/" \
	bash -c 'test -x "$1/serverFilesCourse/memlabs/run.sh" -a -f "$1/serverFilesCourse/memlabs/reference-pack.tar.gz" -a -f "$1/Dockerfile" -a ! -e "$1/serverFilesCourse/memlabs/solutions" && python3 -c "import json,sys; o=json.load(open(sys.argv[1]))[\"externalGradingOptions\"]; assert o[\"entrypoint\"]==\"/grade/serverFilesCourse/memlabs/run.sh\"" "$1/info.json"' _ "$pl"

# grade NAME FILES...: a /grade tree with those student files, run.sh run in it.
grade() {
	local name=$1; shift
	local g="$SCRATCH/grade-$name"
	rm -rf "$g" && mkdir -p "$g/student" "$g/serverFilesCourse"
	cp -r "$pl/serverFilesCourse/memlabs" "$g/serverFilesCourse/"
	[ $# -gt 0 ] && cp "$@" "$g/student/"
	MEMLABS_GRADE_ROOT="$g" bash "$g/serverFilesCourse/memlabs/run.sh" > /dev/null 2>&1
	printf '%s\n' "$g/results/results.json"
}

r=$(grade reference solutions/$lab/*.c)
check "prairielearn: the reference's files score 1.0, each test with points = max_points, and the points add up" \
	python3 - "$r" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert r['gradable'] is True and r['score'] == 1.0, (r.get('score'), r.get('output', '')[:300])
assert r['tests'] and all(t['points'] == t['max_points'] for t in r['tests']), r['tests'][:3]
assert sum(t['max_points'] for t in r['tests']) == 100
assert all(set(t) >= {'name', 'points', 'max_points', 'message', 'output'} for t in r['tests'])
PY
r=$(grade skeleton labs/$lab/heap.c labs/$lab/probe.c labs/$lab/bump.c labs/$lab/maps.c)
check "prairielearn: the skeleton's files score 0, gradable, the failures' messages say why" \
	python3 - "$r" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert r['gradable'] is True and r['score'] == 0, r.get('score')
assert all(t['points'] == 0 for t in r['tests'])
assert any(t['message'].startswith('fail: ') for t in r['tests']), [t['message'] for t in r['tests']][:3]
PY
printf 'this is not C\n' > "$SCRATCH/heap.c"
r=$(grade broken "$SCRATCH/heap.c" solutions/$lab/probe.c solutions/$lab/bump.c solutions/$lab/maps.c)
check "prairielearn: a submission that does not build is not gradable (no attempt spent), with the compiler's words" \
	python3 - "$r" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert r['gradable'] is False and any('heap.c' in e for e in r['format_errors']), r
PY
g="$SCRATCH/grade-nograder"
rm -rf "$g" && mkdir -p "$g/student" "$g/serverFilesCourse" && cp -r "$pl/serverFilesCourse/memlabs" "$g/serverFilesCourse/"
rm -rf "$g/serverFilesCourse/memlabs/grader/src" "$g/serverFilesCourse/memlabs/build"
MEMLABS_GRADE_ROOT="$g" bash "$g/serverFilesCourse/memlabs/run.sh" > /dev/null 2>&1
check "prairielearn: when the grader cannot run, results.json says so and spends no attempt" \
	python3 - "$g/results/results.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert r['gradable'] is False and 'could not run' in r['format_errors'][0], r
PY

#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# designs.sh - lab 05's planted weak designs (issue 13): allocators that are
# correct but slow or wasteful, graded as students' submissions, so that the
# score is seen to separate designs.
#
#   designs/implicit/mm.c   one implicit list, boundary tags, first fit
#   designs/explicit/mm.c   one explicit LIFO free list, first fit
#
# Each builds warning-free with gcc and clang, gets every Criterion test's
# points (the implicit list: but those of check/*, the checker's rules on
# heaps in the handout's block format, with PREV_ALLOC bits and free lists,
# which CS:APP's boundary tags on every block are not) and passes every
# trace (it is correct), and the lab scores land in
# the bands of issue 13, which the handout states (labs/05-malloc/README.md,
# "How it is graded"): implicit at most 70, explicit at least 5 more than
# implicit and at most 90, the reference (which has slabs; the bar is the
# reference without them) 100. The ok lines give each design's score, its
# trace points, and per trace the driver's message (utilization,
# instructions per operation against the reference's, and their ratio).
set -u
. tests/lib.sh
root=$PWD
here=tests/labs/05-malloc/designs
designs=(implicit explicit)
work=$(mktemp -d "${SCRATCH:-/tmp}/designs-XXXXXX")
trap 'rm -rf "$work"' EXIT

for d in "${designs[@]}"; do
	for cc in gcc clang; do
		command -v "$cc" > /dev/null || { ok "05 design $d: $cc absent, not built with it"; continue; }
		check "05 design $d: builds with $cc -std=c17 -Wall -Wextra -Werror" \
			"$cc" -std=c17 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror -I labs/05-malloc -I labs/common \
			-c "$here/$d/mm.c" -o "$work/$d-$cc.o"
	done
done

# grade NAME MM_C: the lab 05 report of a submission made of MM_C alone, in
# $work/NAME.json (empty if the grader wrote none).
grade() {
	mkdir -p "$work/$1/05-malloc"
	cp "$2" "$work/$1/05-malloc/mm.c"
	"$GRADER" --quiet --lab 05 --submission "$work/$1" --format json --out "$work/$1.json" > /dev/null 2>&1
	[ -s "$work/$1.json" ]
}

# What a report says, one python expression over it (r) at a time.
report() {   # report NAME EXPR
	json "$work/$1.json" "$2"
}
SCORE="[l['score'] for l in r['labs'] if l['lab']=='05-malloc'][0]"
TESTS="[t for l in r['labs'] if l['lab']=='05-malloc' for t in l['tests']]"

if ! grade reference "$root/solutions/05-malloc/mm.c"; then
	notok "05 designs: the grader wrote no report for the reference"
	exit 0
fi
declare -A score
score[reference]=$(report reference "$SCORE")
ok "05 designs: graded the reference: ${score[reference]}"

for d in "${designs[@]}"; do
	if ! grade "$d" "$here/$d/mm.c"; then
		notok "05 design $d: the grader wrote no report"
		continue
	fi
	score[$d]=$(report "$d" "$SCORE")
	exempt="'traces/'" but=
	[ "$d" = implicit ] && exempt="('traces/', 'check/')" but=" but check/*"
	lost=$(report "$d" "'; '.join(t['name'] + ' (' + t['status'] + '): ' + (t['message'] or '')[:300]
		for t in $TESTS if not t['name'].startswith($exempt) and t['score'] < t['max_score'])")
	if [ -z "$lost" ]; then
		ok "05 design $d: every Criterion test's points$but"
	else
		notok "05 design $d: Criterion tests lost points: $lost"
	fi
	failed=$(report "$d" "'; '.join(t['name'] + ' (' + t['status'] + '): ' + (t['message'] or '')[:300]
		for t in $TESTS if t['name'].startswith('traces/') and t['status'] != 'pass')")
	if [ -z "$failed" ]; then
		ok "05 design $d: every trace correct"
	else
		notok "05 design $d: traces failed: $failed"
	fi
	# The score, the trace points, and each trace's message with the ratio of
	# its instructions per operation to the reference's.
	summary=$(python3 - "$work/$d.json" <<-'EOF'
		import json, re, sys
		r = json.load(open(sys.argv[1]))
		lab = [l for l in r['labs'] if l['lab'] == '05-malloc'][0]
		traces = [t for t in lab['tests'] if t['name'].startswith('traces/')]
		got = sum(t['score'] for t in traces)
		top = sum(t['max_score'] for t in traces)
		parts = []
		for t in traces:
		    msg = t['message'] or ''
		    m = re.search(r'(\d+) instructions per operation \(reference (\d+)\)', msg)
		    ratio = ' [x%.2f the reference]' % (int(m[1]) / int(m[2])) if m else ''
		    parts.append('%s %.2f/%.2f: %s%s' % (t['name'][7:], t['score'], t['max_score'], msg, ratio))
		print('%s/100, traces %.2f/%.0f; %s' % (lab['score'], got, top, ' | '.join(parts)))
	EOF
	)
	ok "05 design $d: $summary"
done

# The bands.
band() {   # band CONDITION WHAT: CONDITION in python over i, e, r (the scores)
	if python3 -c "import sys; i, e, r = (float(x) for x in sys.argv[2:]); sys.exit(not ($1))" \
		"$1" "${score[implicit]:-0}" "${score[explicit]:-0}" "${score[reference]}"; then
		ok "05 designs: $2 (implicit ${score[implicit]}, explicit ${score[explicit]}, reference ${score[reference]})"
	else
		notok "05 designs: not $2 (implicit ${score[implicit]}, explicit ${score[explicit]}, reference ${score[reference]})"
	fi
}
band "r >= 99.95" "the reference scores 100"
if [ -n "${score[implicit]:-}" ] && [ -n "${score[explicit]:-}" ]; then
	band "i <= 70" "the implicit list scores at most 70"
	band "i + 5 <= e <= 90" "the explicit list scores at least 5 more than the implicit list and at most 90"
fi
exit 0

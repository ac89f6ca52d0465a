# shellcheck shell=bash
# The reference scores full marks in every lab; the untouched skeletons
# score 0 without the grader failing; every lab's tests add up to 100
# points and each has a hint.
. tests/lib.sh

out="$SCRATCH/solutions.json"
"$GRADER" --quiet --submission solutions --format json --out "$out" >/dev/null 2>&1
status=$?
check "grading solutions/ exits 0 (every lab full marks)" test "$status" -eq 0
for lab in $(labs); do
	score=$(json "$out" "[l['score'] for l in r['labs'] if l['lab']=='$lab'][0]")
	if [ "$score" = 100 ]; then
		ok "$lab: solutions/ scores 100"
	else
		lost=$(json "$out" "'; '.join(t['name']+' ('+t['status']+'): '+t['message'][:300] for l in r['labs'] if l['lab']=='$lab' for t in l['tests'] if t['score']<t['max_score'])")
		notok "$lab: solutions/ scores $score, not 100: $lost"
	fi
	total=$(json "$out" "round(sum(t['max_score'] for l in r['labs'] if l['lab']=='$lab' for t in l['tests']), 6)")
	check "$lab: the tests' points add up to 100 (they add up to $total)" \
		python3 -c "import sys; sys.exit(abs($total - 100) > 1e-6)"
	nohint=$(json "$out" "', '.join(t['name'] for l in r['labs'] if l['lab']=='$lab' for t in l['tests'] if not t['hint'].strip())")
	check "$lab: every test has a hint${nohint:+ (none: $nohint)}" test -z "$nohint"
done

out="$SCRATCH/skeletons.json"
"$GRADER" --quiet --submission labs --format json --out "$out" >/dev/null 2>&1
status=$?
check "grading the untouched labs/ exits 1 (points lost), not 2 (grader error)" test "$status" -eq 1
for lab in $(labs); do
	score=$(json "$out" "[l['score'] for l in r['labs'] if l['lab']=='$lab'][0]")
	if [ "$score" = 0 ]; then
		ok "$lab: the untouched skeleton scores 0"
	else
		won=$(json "$out" "', '.join(t['name'] for l in r['labs'] if l['lab']=='$lab' for t in l['tests'] if t['score']>0)")
		notok "$lab: the untouched skeleton scores $score, not 0 (points from: $won)"
	fi
	built=$(json "$out" "[l['build'] for l in r['labs'] if l['lab']=='$lab'][0]")
	check "$lab: the untouched skeleton builds" test "$built" = ok
	n=$(json "$out" "[len(l['tests']) for l in r['labs'] if l['lab']=='$lab'][0]")
	m=$(json "$SCRATCH/solutions.json" "[len(l['tests']) for l in r['labs'] if l['lab']=='$lab'][0]")
	check "$lab: the skeleton's report lists every test ($n of $m)" test "$n" = "$m"
done

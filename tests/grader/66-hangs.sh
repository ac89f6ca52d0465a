# shellcheck shell=bash
# SPDX-License-Identifier: MIT
# A submission that hangs in every test (issue 12 item 7, issue 14 item 3):
# each student function's body starts with an endless loop. The grader
# grades it in at most 60 s per lab, every test still listed, each a
# time-out whose message says it hung and names the function that did not
# return, without the test's usual hint (grade.c's budget, judge.c).
. tests/lib.sh

sub="$SCRATCH/hangs"
# Lab 01 (Criterion tests only; lab 03 is the same case: measured 35-37 s),
# and labs 04 and 05, whose trace driver has its own budget.
for lab in 01-segments 04-toy 05-malloc; do
	mkdir -p "$sub/$lab"
	for f in $(make -s -C "labs/$lab" student-files); do
		# After each line that opens a function's body, "for (;;) ;"
		# (04's placement.txt is not code: as it is).
		case $f in
		*.c) awk '{ print } /^\{$/ { print "\tfor (;;)\n\t\t;" }' "labs/$lab/$f" > "$sub/$lab/$f" ;;
		*) cp "labs/$lab/$f" "$sub/$lab/$f" ;;
		esac
	done
	chmod -R a+rX "$sub"
	out="$SCRATCH/hangs-$lab.json"
	start=$SECONDS
	"$GRADER" --quiet --lab "$lab" --submission "$sub" --format json --out "$out" >/dev/null 2>&1
	took=$((SECONDS - start))
	listed=$(cat labs/"$lab"/tests/*.c | grep -cE '^LAB_TEST(_X|_SIGNAL|_PARTIAL)?\(')
	traces=$(find labs/traces -maxdepth 1 -name '*.rep' | wc -l)
	# Lab 05's real-* traces too (DRIVER_PACKED: labs/traces/real).
	[ "$lab" = 05-malloc ] && traces=$((traces + $(find labs/traces/real -name '*.rep.gz' | wc -l)))
	listed=$((listed + traces * $(make -s -C "labs/$lab" lab-info | grep -c '^driver-tests .')))
	check "$lab hanging everywhere: graded in $took s (at most 60), its $listed tests all listed" \
		python3 - "$out" "$took" "$listed" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
took, listed = float(sys.argv[2]), int(sys.argv[3])
assert took <= 60, took
lab = r['labs'][0]
assert lab['outcome'] == 'graded' and lab['score'] == 0, (lab['outcome'], lab['score'])
assert len(lab['tests']) == listed, (len(lab['tests']), listed)
PY
	check "$lab hanging everywhere: every test is a time-out saying it hung and which function, no hint" \
		python3 - "$out" <<'PY'
import json, re, sys
r = json.load(open(sys.argv[1]))
for t in r['labs'][0]['tests']:
    if t['name'].startswith('placement/'):  # lab 04's answers in a text file: no code to hang
        continue
    if t['name'].startswith('traces/'):     # the trace driver's: it names the call
        assert t['status'] == 'timeout' and t['score'] == 0, t
        assert re.match(r'[a-z_ ]+ did not return within [0-9.]+ s: an endless loop', t['message']), t
        continue
    assert t['status'] == 'timeout' and t['score'] == 0, t
    assert re.match(r'hung: [a-z_]+ did not return within [0-9.]+ s: an endless loop', t['message']), t
    assert t['hint'] == '', t
PY
done

# shellcheck shell=bash
# SPDX-License-Identifier: MIT
# The reference scores full marks in every lab; the untouched skeletons
# score 0 without the grader failing; every lab's tests add up to 100
# points and each has a hint.
. tests/lib.sh

out="$SCRATCH/solutions.json"
"$GRADER" --quiet --submission solutions --format json --out "$out" \
	--also text="$SCRATCH/solutions.txt" >/dev/null 2>&1
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
"$GRADER" --quiet --submission labs --format json --out "$out" \
	--also text="$SCRATCH/skeletons.txt" >/dev/null 2>&1
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

# Each handout's grading table: a row's points are those of the tests it
# names (`suite/*`, `suite/prefix*`, `suite/test`) in the graded reference's
# report, and its "(N tests)" counts them.
for lab in $(labs); do
	check "$lab: the handout's grading table gives each row its tests' points and count" \
		python3 - "$SCRATCH/solutions.json" "$lab" "labs/$lab/README.md" <<'PY'
import json, re, sys
r = json.load(open(sys.argv[1]))
lab = [l for l in r['labs'] if l['lab'] == sys.argv[2]][0]
tests = {t['name']: t['max_score'] for t in lab['tests']}
text = open(sys.argv[3]).read()
table = text.split('## How it is graded', 1)[1].split('\n## ', 1)[0]
wrong, rows = [], 0
for line in table.splitlines():
    if not line.startswith('|') or re.search(r'\*\*total\*\*', line, re.I):
        continue
    cells = line.strip().strip('|').split('|')
    try:
        points = float(cells[-1].strip(' *'))
    except ValueError:
        continue
    want, seen = 0.0, False
    for m in re.finditer(r'`([a-z0-9_]+)/([a-z0-9_]*\*|[a-z0-9_]+)`( \((?:the project\'s )?(\d+) (?:tests?|traces?))?', line):
        s, t, _, n = m.groups()
        if t.endswith('*'):
            hit = [p for name, p in tests.items() if name.startswith(f'{s}/{t[:-1]}')]
            if hit:
                seen = True
                want += sum(hit)
                if n and int(n) != len(hit):
                    wrong.append(f'{s}/{t} has {len(hit)} tests, the handout says {n}')
        elif f'{s}/{t}' in tests:
            seen = True
            want += tests[f'{s}/{t}']
    if seen:
        rows += 1
        if abs(want - points) > 0.05:
            wrong.append(f'row "{cells[0].strip()}": {points:g} points in the handout, {want:g} in the report')
assert rows, 'no row of the grading table names the tests it covers'
assert not wrong, '; '.join(wrong)
PY
done

# The text report a student reads (issue 14): one screen, failures that
# share an assertion grouped and counted, one next step whose command runs.
txt="$SCRATCH/skeletons.txt"
# A line a lab, the tasks and failures of the lab in progress (at most 20),
# the head and the next step (10): under 40 for eight labs.
n=$(wc -l < "$txt")
max=$(($(labs | wc -w) + 30))
check "the untouched labs/' text report fits a screen ($n lines, at most $max)" test "$n" -le "$max"
n=$(wc -l < "$SCRATCH/solutions.txt")
check "solutions/' text report: a line per lab, all done ($n lines, at most $(($(labs | wc -w) + 7)))" \
	bash -c "[ $n -le $(($(labs | wc -w) + 7)) ] && grep -q '^All done' '$SCRATCH/solutions.txt'"
groups=$(python3 - "$txt" "$out" <<'PY'
# Each "N tests: FAILURE (names...)" line: N tests of the lab above it fail
# that way (its first line up to the first '(' or '"', as the grader groups
# them, after the test's own name and "Assertion failed: "), and the named
# ones are among them.
import json, re, sys
text = open(sys.argv[1]).read().split('\nNext:')[0]
labs = {l['lab']: l for l in json.load(open(sys.argv[2]))['labs']}

def cut(line):
    return re.split(r'[("]', line)[0]

def failure(t):
    line = t['message'].split('\n')[0].replace('Assertion failed: ', '', 1)
    own = t['name'].split('/')[-1]
    first = line.split(' ')[0]
    if first.startswith(own) and ': ' in line and first.endswith(':'):
        line = line.split(': ', 1)[1]
    return line

lab, bad, seen = None, [], 0
for line in text.split('\n'):
    m = re.match(r'(\d\d-\S+) ', line)
    if m:
        lab = labs[m.group(1)]
        continue
    m = re.match(r'  (\d+) tests: (.*) \(([^()]*)\)$', line)
    if not m:
        continue
    seen += 1
    count, names = int(m.group(1)), [n for n in m.group(3).split(', ') if n != '...']
    shown = m.group(2)
    whole = not shown.endswith('...') or cut(shown) != shown
    key = cut(shown[:-3] if shown.endswith('...') else shown)
    lost = {t['name']: t for t in lab['tests'] if t['score'] < t['max_score']}
    same = [n for n, t in lost.items()
            if (cut(failure(t)) == key if whole else cut(failure(t)).startswith(key))]
    if len(same) != count or any(n not in same for n in names):
        bad.append('%s (the JSON has %d such tests)' % (line, len(same)))
print('%d:%s' % (seen, ' | '.join(bad)))
PY
)
[ "${groups%%:*}" -ge 2 ] 2>/dev/null && [ -z "${groups#*:}" ]
check "the skeletons' grouped failures count right (${groups%%:*} groups checked against the JSON report)${groups#*:}" \
	test $? = 0
check "the skeletons' report names the first test of lab 01 as the next step" \
	grep -q '^Next: lab 01-segments is not started.*' "$txt"
cmd=$(sed -n 's/^  run it: //p' "$txt")
check "the next step's command runs that test alone (make -C .../labs/01-segments test T=maps/...)" \
	bash -c "[[ '$cmd' == 'make -C $PWD/labs/01-segments test T=maps/'* ]]"
for from in . labs/01-segments; do
	(cd "$from" && timeout 300 bash -c "$cmd") > "$SCRATCH/next.out" 2>&1
	check "the next step's command runs from $from: one test, the one named" \
		bash -c "grep -q 'Tested: 1 ' '$SCRATCH/next.out' && grep -q '${cmd##*T=}' <(sed 's/::/\//' '$SCRATCH/next.out')"
done

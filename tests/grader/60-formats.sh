# shellcheck shell=bash
# SPDX-License-Identifier: MIT
# The report's formats (issue 7): gradescope, autolab, junit and tap say the
# same as the JSON report of the same grading, each in its platform's shape.
. tests/lib.sh
rm -rf "$SCRATCH/fixture-root"
. tests/grader/fixture-root.sh

# A submission with mixed results: lab 98 right, lab 99 crashing in one test.
sub="$SCRATCH/formats-sub"
mkdir -p "$sub/98-plain" "$sub/99-hostile"
cp "$root/solutions/98-plain/plain.c" "$sub/98-plain/"
{ echo "#define MODE 2"; cat "$root/solutions/99-hostile/hostile.c"; } > "$sub/99-hostile/hostile.c"
for f in json gradescope autolab junit tap; do
	{ MEMLABS_VISIBILITY=after_due_date "$g" --quiet --timeout 5 --submission "$sub" --format $f \
		--out "$SCRATCH/formats.$f" >/dev/null 2>&1
	  echo $? > "$SCRATCH/formats.$f.status"; } &
done
wait
check "every format: the grader exits 1 (points lost)" \
	bash -c "cat '$SCRATCH'/formats.*.status | sort -u | grep -qx 1 && [ \$(cat '$SCRATCH'/formats.*.status | sort -u | wc -l) = 1 ]"

check "gradescope: results.json has score, execution_time, output and every test with name, score, max_score, status, output, visibility" \
	python3 - "$SCRATCH/formats.gradescope" "$SCRATCH/formats.json" <<'PY'
import json, sys
g = json.load(open(sys.argv[1])); r = json.load(open(sys.argv[2]))
assert g['score'] == r['score'] == 196, (g['score'], r['score'])
assert isinstance(g['execution_time'], int) and g['execution_time'] >= 0, g['execution_time']
assert '99-hostile' in g['output'] and '96/100' in g['output'], g['output']
names = [l['lab'] + ': ' + t['name'] for l in r['labs'] for t in l['tests']]
assert [t['name'] for t in g['tests']] == names, [t['name'] for t in g['tests']]
for t in g['tests']:
    assert set(t) >= {'name', 'score', 'max_score', 'status', 'output', 'visibility'}, t
    assert t['status'] == ('passed' if t['score'] == t['max_score'] else 'failed'), t
    assert t['visibility'] == 'after_due_date', t
crash = [t for t in g['tests'] if t['name'].endswith('hostile/crash')][0]
assert crash['score'] == 0 and 'crashed' in crash['output'] and 'hint: add() adds.' in crash['output'], crash
assert abs(sum(t['score'] for t in g['tests']) - g['score']) < 1e-6
PY

check "autolab: the last line of output is {\"scores\": ...} with each lab's score, the report above it" \
	python3 - "$SCRATCH/formats.autolab" "$SCRATCH/formats.json" <<'PY'
import json, sys
lines = open(sys.argv[1]).read().rstrip('\n').split('\n')
r = json.load(open(sys.argv[2]))
last = json.loads(lines[-1])
assert last == {'scores': {l['lab']: l['score'] for l in r['labs']}}, last
text = '\n'.join(lines[:-1])
assert 'hostile/crash' in text and 'hint:' in text, text[:500]
PY

check "junit: well-formed XML, a testsuite per lab, a testcase per test, failures and errors counted" \
	python3 - "$SCRATCH/formats.junit" "$SCRATCH/formats.json" <<'PY'
import json, sys, xml.etree.ElementTree as ET
x = ET.parse(sys.argv[1]).getroot(); r = json.load(open(sys.argv[2]))
assert x.tag == 'testsuites'
suites = x.findall('testsuite')
assert [s.get('name') for s in suites] == [l['lab'] for l in r['labs']]
for s, l in zip(suites, r['labs']):
    cases = s.findall('testcase')
    assert [c.get('name') for c in cases] == [t['name'] for t in l['tests']]
    bad = sum(1 for t in l['tests'] if t['status'] in ('error', 'timeout'))
    assert int(s.get('errors')) == bad == sum(1 for c in cases if c.find('error') is not None)
    assert int(s.get('failures')) == sum(1 for c in cases if c.find('failure') is not None)
    props = {p.get('name'): p.get('value') for p in s.find('properties').iter('property')}
    props = {k: float(v) for k, v in props.items() if k not in ('build', 'outcome')}
    assert props['score'] == l['score'], (props['score'], l['score'])
    for c, t in zip(cases, l['tests']):
        got = (props[t['name'] + ' score'], props[t['name'] + ' max_score'])
        assert got == (t['score'], t['max_score']), (got, t)
        for bad in c.findall('failure') + c.findall('error'):
            msg = bad.get('message')
            assert msg.endswith('/%g points)' % t['max_score']) and len(msg) > 20, msg
            first = (t['message'] or '').split('\n')[0][:60]
            assert first in msg, (first, msg)
PY

# The strictest schema CI servers read, Jenkins' junit-10.xsd, as rules:
# which children and attributes each element may have, which attributes it
# must have, and the form of a time.
check "junit: keeps to the strict schema (Jenkins' junit-10.xsd): no properties in a testcase, no skipped on testsuites" \
	python3 - "$SCRATCH/formats.junit" <<'PY'
import re, sys, xml.etree.ElementTree as ET
TEXT = {'failure', 'error', 'skipped', 'system-out', 'system-err'}
RULES = {   # element: (children allowed, attributes allowed, attributes required)
    'testsuites': ({'testsuite'}, {'name', 'time', 'tests', 'failures', 'errors'}, set()),
    'testsuite': ({'testsuite', 'properties', 'testcase', 'system-out', 'system-err'},
                  {'name', 'tests', 'failures', 'errors', 'group', 'time', 'skipped', 'timestamp',
                   'hostname', 'id', 'package', 'file', 'log', 'url'}, {'name', 'tests', 'failures', 'errors'}),
    'properties': ({'property'}, set(), set()),
    'property': (set(), {'name', 'value'}, {'name', 'value'}),
    'testcase': (TEXT, {'name', 'time', 'classname', 'group'}, {'name'}),
}
for t in TEXT:
    RULES[t] = (set(), {'type', 'message'} if t in ('failure', 'error', 'skipped') else set(), set())
TIME = re.compile(r'^(([0-9]{0,3},)*[0-9]{3}|[0-9]{0,3})*(\.[0-9]*)?$')
def walk(e, path):
    children, allowed, required = RULES[e.tag]
    where = path + '/' + e.tag
    assert set(e.attrib) <= allowed, (where, set(e.attrib) - allowed)
    assert required <= set(e.attrib), (where, required - set(e.attrib))
    if 'time' in e.attrib:
        assert TIME.match(e.get('time')), (where, e.get('time'))
    for c in e:
        assert c.tag in children, (where, c.tag)
        walk(c, where)
root = ET.parse(sys.argv[1]).getroot()
assert root.tag == 'testsuites'
walk(root, '')
PY

check "tap: a plan, one line per test, not ok exactly where points were lost, a YAML block with the message" \
	python3 - "$SCRATCH/formats.tap" "$SCRATCH/formats.json" <<'PY'
import json, re, sys
text = open(sys.argv[1]).read(); r = json.load(open(sys.argv[2]))
tests = [t for l in r['labs'] for t in l['tests']]
lines = text.split('\n')
assert lines[0] == 'TAP version 13' and lines[1] == '1..%d' % len(tests), lines[:2]
results = [l for l in lines if re.match(r'(not )?ok \d+ - ', l)]
assert len(results) == len(tests)
for line, t in zip(results, tests):
    assert line.startswith('not ok') == (t['score'] < t['max_score']), (line, t)
    assert t['name'] in line
i = text.index('hostile/crash')
assert '  ---\n  status: error\n  message: |\n    crashed' in text[i:], text[i:i+300]
PY

# --also: one grading, several formats (what CI does).
"$g" --quiet --timeout 5 --submission "$sub" --format text --out "$SCRATCH/also.txt" \
	--also junit="$SCRATCH/also.xml" --also tap="$SCRATCH/also.tap" >/dev/null 2>&1
check "--also FORMAT=FILE: the same grading written in more formats" \
	bash -c "grep -q 'hostile/crash' '$SCRATCH/also.txt' &&
	         python3 -c 'import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])' '$SCRATCH/also.xml' &&
	         diff <(grep -E '^(not )?ok' '$SCRATCH/also.tap') <(grep -E '^(not )?ok' '$SCRATCH/formats.tap')"
# A submission named with bytes no report may hold: control characters,
# a UTF-16 surrogate, an overlong form, U+FFFE.
bad="$SCRATCH/$(printf 'sub\001\013\033[31m\355\240\200\300\257\357\277\276<&x')"
mkdir -p "$bad/98-plain"
cp "$root/solutions/98-plain/plain.c" "$bad/98-plain/"
"$g" --quiet --lab 98 --submission "$bad" --format json --out "$SCRATCH/bad.json" \
	--also gradescope="$SCRATCH/bad.gs.json" --also junit="$SCRATCH/bad.xml" \
	--also tap="$SCRATCH/bad.tap" --also text="$SCRATCH/bad.txt" >/dev/null 2>&1
check "a submission named with control characters and malformed UTF-8: every report is strict UTF-8, the JSON ones parse, the JUnit is valid XML" \
	python3 - "$SCRATCH/bad" <<'PY'
import json, shutil, subprocess, sys, xml.etree.ElementTree as ET
base = sys.argv[1]
for ext in ['.json', '.gs.json', '.xml', '.tap', '.txt']:
    open(base + ext, 'rb').read().decode('utf-8', 'strict')
r = json.load(open(base + '.json'))
assert r['submission'].endswith('sub???[31m????????<&x'), r['submission']
json.load(open(base + '.gs.json'))
ET.parse(base + '.xml')
if shutil.which('xmllint'):
    subprocess.run(['xmllint', '--noout', base + '.xml'], check=True)
PY

"$g" --also yaml=x --submission "$sub" >/dev/null 2>&1; status=$?
check "--also with an unknown format: exit 2" test $status = 2

# The CI workflow a course's template repository uses: valid YAML whose
# grading command the grader accepts.
check "the GitHub Actions workflow parses and uses only options the grader has" \
	python3 - .github/workflows/grade.yml <<'PY'
import re, sys
text = open(sys.argv[1]).read()
try:
    import yaml
    w = yaml.safe_load(text)
    assert 'grade' in w['jobs'], w['jobs'].keys()
except ImportError:
    pass
opts = set(re.findall(r'--([a-z-]+)', re.search(r'sudo build/grader.*?\n\s*\n', text, re.S).group(0)))
known = {'submission', 'lab', 'reference', 'format', 'out', 'also'}
assert opts <= known, opts - known
PY

# ... on a runner image and major versions of actions that are current
# (2026: ubuntu-22.04 is on its way out; checkout v6 and upload-artifact v7
# run on Node 24), installing what grading as root needs.
check "the GitHub Actions workflow runs on ubuntu-24.04 or later with current actions, and installs grading's and the sandbox's packages" \
	python3 - .github/workflows/grade.yml <<'PY'
import re, sys
text = open(sys.argv[1]).read()
for image in re.findall(r'runs-on:\s*(\S+)', text):
    m = re.match(r'ubuntu-(\d+)\.04$', image)
    assert m and int(m.group(1)) >= 24, image
least = {'actions/checkout': 6, 'actions/upload-artifact': 7}
for action, major in re.findall(r'uses:\s*([\w-]+/[\w-]+)@v(\d+)', text):
    assert int(major) >= least.get(action, 0), (action, major)
assert re.search(r'grader/deps\.sh grade sandbox', text), 'install step'
PY

# Writing to a path that is not a regular file (a pipe, /dev/stdout) works
# and never replaces it.
"$g" --quiet --lab 98 --submission "$sub" --format autolab --out /dev/stdout 2>/dev/null > "$SCRATCH/formats.stdout"
check "OUT=/dev/stdout: the report goes to standard output, /dev/stdout is untouched" \
	bash -c "tail -n 1 '$SCRATCH/formats.stdout' | grep -qx '{\"scores\": {\"98-plain\": 100}}' && [ -c /dev/null ] && [ -L /dev/stdout ]"

# A wrapped submission (a clone with labs/ inside a folder) and flat files
# for one lab are found.
mkdir -p "$SCRATCH/wrapped/alice/labs/98-plain" "$SCRATCH/flat"
cp "$root/solutions/98-plain/plain.c" "$SCRATCH/wrapped/alice/labs/98-plain/"
cp "$root/solutions/98-plain/plain.c" "$SCRATCH/flat/"
mkdir -p "$SCRATCH/linked/98-plain"
ln -sfn "$root/solutions/98-plain/plain.c" "$SCRATCH/linked/98-plain/plain.c"
{ "$g" --quiet --lab 98 --submission "$SCRATCH/wrapped" >/dev/null 2>&1; echo $? > "$SCRATCH/s1"; } &
{ "$g" --quiet --lab 98 --submission "$SCRATCH/flat" >/dev/null 2>&1; echo $? > "$SCRATCH/s2"; } &
"$g" --quiet --submission "$SCRATCH/flat" --format json --out "$SCRATCH/flat-all.json" >/dev/null 2>&1 &
"$g" --quiet --lab 98 --submission "$SCRATCH/linked" --format json --out "$SCRATCH/linked.json" >/dev/null 2>&1 &
wait
s1=$(cat "$SCRATCH/s1") s2=$(cat "$SCRATCH/s2")
check "a submission wrapped in folders (alice/labs/98-plain) is found: full marks" test "$s1" = 0
check "flat files for one lab (LAB=98, plain.c at the top) are found: full marks" test "$s2" = 0
check "flat files are not taken when every lab is graded (which lab would they be?)" \
	bash -c "grep -q 'no 98-plain/plain.c' '$SCRATCH/flat-all.json' && grep -q '\"outcome\": \"not_started\"' '$SCRATCH/flat-all.json'"

# A symbolic link to the reference is not a student file.
check "a student file that is a symbolic link (to solutions/) counts as missing" \
	bash -c "grep -q 'no 98-plain/plain.c' '$SCRATCH/linked.json' && grep -q '\"score\": 0,' '$SCRATCH/linked.json'"

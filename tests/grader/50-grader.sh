# shellcheck shell=bash
# SPDX-License-Identifier: MIT
# The grader itself: its exit statuses and errors, a submission that does
# not build, and submissions that crash, hang, exit early, fork, flood the
# output or print fake results (tests/grader/fixtures).
. tests/lib.sh

rm -rf "$SCRATCH/fixture-root"   # hostile submissions below may have damaged an older one
. tests/grader/fixture-root.sh

# Exit statuses and one-line errors.
"$g" --submission "$root/nonexistent" >/dev/null 2>"$SCRATCH/err"; status=$?
check "a SUBMISSION that does not exist: exit 2 and one line naming it" \
	bash -c "[ $status = 2 ] && [ \$(wc -l < '$SCRATCH/err') = 1 ] && grep -q nonexistent '$SCRATCH/err'"
"$g" --lab 42 --submission "$root/solutions" >/dev/null 2>"$SCRATCH/err"; status=$?
check "an unknown LAB: exit 2 and the valid labs listed" \
	bash -c "[ $status = 2 ] && grep -q '98-plain, 99-hostile' '$SCRATCH/err'"
"$g" --format yaml --submission "$root/solutions" >/dev/null 2>"$SCRATCH/err"; status=$?
check "an unknown FORMAT: exit 2" test $status = 2
# A grader that stops after claiming its sandbox user (a REFERENCE that does
# not exist) still gives the claim back: no new file in /run/memlabs-uids
# that no running grader holds locked.
before=$(find /run/memlabs-uids -mindepth 1 -printf '%f ' 2>/dev/null)
"$g" --reference "$root/nonexistent" --submission "$root/solutions" >/dev/null 2>&1; status=$?
left=$(new_unclaimed "$before")
check "a grader that stops with status 2 after setup leaves no sandbox user claimed" \
	bash -c "[ $status = 2 ] && [ -z '$left' ]"
"$g" --submission "$root/solutions" --lab 98 >/dev/null 2>&1; status=$?
check "full marks: exit 0" test $status = 0
"$g" --submission "$root/labs" --lab plain >/dev/null 2>&1; status=$?
check "points lost: exit 1" test $status = 1

# The text report of the skeleton: a line per lab and per suite, the
# failures grouped, then the next step: the first test, its message, its
# hint and the command that runs it alone. FORMAT=text-full lists every test.
"$g" --submission "$root/labs" --lab 98 > "$SCRATCH/text" 2>&1
check "text report: the next test shows its message" grep -q 'twice(21) returned -1, expected 42' "$SCRATCH/text"
check "text report: the next test shows its hint" grep -q 'hint: Multiply by two.' "$SCRATCH/text"
check "text report: a score line per lab, a line per suite" \
	bash -c "grep -qE '^98-plain +0/100 +NOT STARTED: ' '$SCRATCH/text' && grep -qE '^  plain +0/2 tests +0/100 points$' '$SCRATCH/text'"
check "text report: the untouched skeleton is not started, and the next thing is its task 1" \
	grep -q 'Next: lab 98-plain is not started. Start with task 1' "$SCRATCH/text"
check "text report: two different failures, a line each (the test, where, what)" \
	bash -c "grep -qx '  plain/small: tests/test_plain.c:7: twice(21) returned -1, expected 42' '$SCRATCH/text' &&
	         grep -qx '  plain/negative: tests/test_plain.c:12: twice(-4) returned -1, expected -8' '$SCRATCH/text'"
# The command it prints runs that test alone, from the project's root and
# from the lab's folder.
cmd=$(sed -n 's/^  run it: //p' "$SCRATCH/text")
check "text report: the next step's command names the test (make -C LAB test T=plain/small)" \
	bash -c "[[ '$cmd' == 'make -C $root/labs/98-plain test T=plain/small' ]]"
for from in "$root" "$root/labs/98-plain"; do
	(cd "$from" && timeout 120 bash -c "$cmd") > "$SCRATCH/next.out" 2>&1
	check "text report: its command runs the one test from ${from#"$root"}/" \
		bash -c "grep -q 'plain::small' '$SCRATCH/next.out' && grep -q 'Tested: 1 ' '$SCRATCH/next.out'"
done
"$g" --submission "$root/labs" --lab 98 --format text-full > "$SCRATCH/text-full" 2>&1
check "FORMAT=text-full: every test with its message and hint" \
	bash -c "grep -qE '^  FAIL  plain/small +0/50' '$SCRATCH/text-full' && grep -qE '^  FAIL  plain/negative +0/50' '$SCRATCH/text-full' &&
	         grep -q 'hint: Negative numbers too.' '$SCRATCH/text-full' && grep -q 'Next: lab 98-plain is not started' '$SCRATCH/text-full'"
mkdir -p "$SCRATCH/half/98-plain"
printf 'int twice(int x) { return x < 0 ? 0 : 2 * x; }\n' > "$SCRATCH/half/98-plain/plain.c"
"$g" --submission "$SCRATCH/half" --lab 98 > "$SCRATCH/half.text" 2>&1
check "text report: the next thing to do in a lab under way is its first test that lost points" \
	grep -q 'Next: lab 98-plain, test plain/negative' "$SCRATCH/half.text"
check "text report: no colour when not a terminal" bash -c "! grep -q $'\033' '$SCRATCH/text'"

# A submission that does not compile scores 0 with the compiler's error;
# the other lab is still graded.
sub="$SCRATCH/broken"
mkdir -p "$sub/98-plain" "$sub/99-hostile"
printf 'int twice(int x) { return 2 * x }\n' > "$sub/98-plain/plain.c"
cp "$root/solutions/99-hostile/hostile.c" "$sub/99-hostile/"
"$g" --submission "$sub" --format json --out "$sub.json" >/dev/null 2>&1; status=$?
check "a lab that does not build: exit 1, not a grader error" test $status = 1
check "a lab that does not build scores 0 and shows the compiler's error" \
	python3 - "$sub.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
lab = {l['lab']: l for l in r['labs']}
p = lab['98-plain']
assert p['build'] == 'failed' and p['score'] == 0, p
assert 'error: expected' in p['build_log'], p['build_log']
assert [t['name'] for t in p['tests']] == ['plain/small', 'plain/negative'], p['tests']
assert lab['99-hostile']['score'] == 100, lab['99-hostile']
PY

# A submission without the student's file.
mkdir -p "$SCRATCH/empty"
"$g" --submission "$SCRATCH/empty" --lab 98 --format json --out "$SCRATCH/empty.json" >/dev/null 2>&1
check "a submission without the lab's file: not started, and the report names the file" \
	python3 - "$SCRATCH/empty.json" <<'PY'
import json, sys
lab = json.load(open(sys.argv[1]))['labs'][0]
assert lab['outcome'] == 'not_started' and 'no 98-plain/plain.c' in lab['message'], lab
PY

# Hostile submissions: only the test that misbehaves loses its points.
# Each is built from the reference with "#define MODE n" (and the paths it
# attacks); see tests/grader/fixtures/README.md.
rm -f /tmp/memlabs-planted-by-hostile /var/tmp/memlabs-planted-by-hostile
ipcrm -M 0x4d454d4c 2>/dev/null
root_user=false
[ "$(id -u)" = 0 ] && [ -z "${MEMLABS_NO_SANDBOX_USER:-}" ] && root_user=true
hostile() {  # mode: build the submission and grade it into $SCRATCH/hostile-MODE.json
	local mode=$1 sub="$SCRATCH/hostile-$1"
	mkdir -p "$sub/99-hostile"
	{ echo "#define MODE $mode"; echo "#define ROOT \"$root\""; echo "#define OUT_PATH \"$sub.json\""
	  echo "#define SOLUTION_FILE \"$root/solutions/99-hostile/hostile.c\""
	  cat "$root/solutions/99-hostile/hostile.c"; } > "$sub/99-hostile/hostile.c"
	# Its scratch copies in a folder of its own, to look for leftovers.
	mkdir -p "$SCRATCH/tmp-$mode"
	# A secret in the grader's environment, which mode 21 prints.
	GRADER_SECRET_TOKEN=memlabs-secret-4711 TMPDIR="$SCRATCH/tmp-$mode" "$g" --quiet --timeout 5 --lab 99 --submission "$sub" \
		--format json --out "$sub.json" --also junit="$sub.xml" --also gradescope="$sub.gs.json" \
		>/dev/null 2>&1
}
verdict() {  # mode test-name expected-statuses expected-scores
	local mode=$1 test=$2 statuses=$3 score=$4
	check "hostile submission: $test is graded $statuses, the report is complete, score $score" \
		python3 - "$SCRATCH/hostile-$mode.json" "$test" "$statuses" "$score" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
test, statuses = sys.argv[2], sys.argv[3].split('|')
scores = [float(s) for s in sys.argv[4].split('|')]
tests = r['labs'][0]['tests']
assert len(tests) == 25, 'tests listed: %d' % len(tests)
for t in tests:
    if t['name'] == 'hostile/' + test:
        assert t['status'] in statuses, t
    elif max(scores) > 0:
        assert t['status'] == 'pass', t
assert r['score'] in scores, 'score %s, expected %s' % (r['score'], scores)
PY
}
# Three at a time, the ones that wait for the time limit together: the
# suite stays short. Each grader has a user of its own. 14 comes last: not
# as root, it does delete the fixture's grader.
for group in "3 9 11" "18 1 2" "4 5 6" "7 8 10" "12 13 15" "16 17 19" "20 21 22" "23 24" "14"; do
	for mode in $group; do
		hostile "$mode" &
	done
	wait
done
verdict 1 exit0 fail 96
verdict 2 crash error 96
verdict 3 hang timeout 96
verdict 4 fork_return pass 100
verdict 5 fake_report fail 0
verdict 6 flood pass 100
# The body finished and passed; the crash comes after Criterion has the result.
verdict 7 abort_at_exit 'pass|fail|error' '96|100'
verdict 8 close_stdout pass 100
verdict 9 deaf_loop timeout 96
verdict 10 fork_bomb 'pass|fail|error|timeout' '96|100'
check "hostile submission: nothing the fork bomb started outlives the grading" \
	bash -c "! pgrep -f '$SCRATCH/tmp-1[0]/' >/dev/null"
verdict 11 sleep timeout 96
verdict 12 gigabyte pass 100
verdict 13 write_report fail 0
check "hostile submission: writing into the report path leaves the grader's report" \
	bash -c "grep -q '\"name\": \"hostile/write_report\"' '$SCRATCH/hostile-13.json'"
verdict 17 alloc_100g pass 100
verdict 18 signal_handlers timeout 96
# FIFOs in place of the marks and the TAP record: the grader never waits on
# them (opened non-blocking, only a regular file is read), the report is whole.
verdict 20 fifo_files 'timeout|error|fail' 96
check "hostile submission: the FIFOs went with its scratch folder" \
	bash -c "[ -z \"\$(ls -A '$SCRATCH/tmp-20')\" ]"
# Its environment printed into the report: the grader's own is not in it.
verdict 21 environment error 96
check "hostile submission: the environment it printed is in the report, the grader's secret is not" \
	bash -c "grep -q LC_ALL=C '$SCRATCH/hostile-21.json' && ! grep -q memlabs-secret '$SCRATCH/hostile-21.json'"
# Surrogates, overlong forms, code points past U+10FFFF, U+FFFE/U+FFFF and
# control characters XML forbids in its output: each byte becomes '?', and
# every report still parses (JUnit: xmllint too, when installed).
verdict 22 bad_utf8 error 96
check "hostile submission: its malformed UTF-8 is shown as '?', and the JSON, JUnit and Gradescope reports parse" \
	python3 - "$SCRATCH/hostile-22" <<'PY'
import json, sys, xml.etree.ElementTree as ET
base = sys.argv[1]
r = json.load(open(base + '.json'))
msg = [t for t in r['labs'][0]['tests'] if t['name'] == 'hostile/bad_utf8'][0]['message']
assert 'surrogate ??? overlong ?? ??? ???? past ???? ???? nonchar ??? ??? control ????? end' in msg, msg
json.load(open(base + '.gs.json'))
ET.parse(base + '.xml')
import shutil, subprocess
if shutil.which('xmllint'):
    subprocess.run(['xmllint', '--noout', base + '.xml'], check=True)
PY
if $root_user; then
	# Two graders in PID namespaces of their own (two containers): both
	# are pid 1 there, yet their students run as two different users.
	verdict 23 whoami error 96
	for ns in a b; do
		sub="$SCRATCH/hostile-23"
		unshare --pid --fork --mount-proc env TMPDIR="$SCRATCH/tmp-23" "$g" --quiet --timeout 5 \
			--lab 99 --submission "$sub" --format json --out "$SCRATCH/uid-$ns.json" >/dev/null 2>&1 &
	done
	wait
	check "hostile submission: graders in two PID namespaces give their students two different sandbox users, given back at the end" \
		python3 - "$SCRATCH/uid-a.json" "$SCRATCH/uid-b.json" <<'PY'
import json, os, re, sys
uids = []
for f in sys.argv[1:]:
    t = [t for t in json.load(open(f))['labs'][0]['tests'] if t['name'] == 'hostile/whoami'][0]
    uids.append(int(re.search(r'uid=(\d+)', t['message']).group(1)))
assert uids[0] != uids[1] and min(uids) >= 1500000000, uids
# Each claim is given back when its grader ends.
for u in uids:
    assert not os.path.exists('/run/memlabs-uids/%d' % u), u
PY
	verdict 24 leave_behind pass 100
	check "hostile submission: its System V shared memory, its file in /var/tmp and its tree deeper than PATH_MAX are gone" \
		bash -c "! grep -qE '^ *1296387404 ' /proc/sysvipc/shm && [ ! -e /var/tmp/memlabs-planted-by-hostile ] &&
		         [ -z \"\$(ls -A '$SCRATCH/tmp-24')\" ]"
	verdict 14 delete_grader pass 100
	check "hostile submission: the grader and labs/common are still there after it tried to delete them" \
		test -x "$root/build/grader" -a -f "$root/labs/common/lab.mk"
	check "hostile submission: a file it left in /tmp stayed in its own private /tmp" \
		test ! -e /tmp/memlabs-planted-by-hostile
	verdict 15 read_solutions pass 100
	verdict 16 include_solutions pass 100
	verdict 19 network pass 100
else
	# Without root the grader cannot switch users nor hide folders: the
	# reports must still be complete, whatever the code managed to do.
	verdict 15 read_solutions 'pass|error' '96|100'
	verdict 16 include_solutions 'pass|error' '96|100'
	verdict 19 network 'pass|error' '96|100'
	verdict 14 delete_grader 'pass|fail|error' '0|96|100'
	verdict 24 leave_behind pass 100
	ipcrm -M 0x4d454d4c 2>/dev/null
	rm -f /var/tmp/memlabs-planted-by-hostile
	ok "hostile submission: deleting the grader's files is only prevented as root (skipped: not root)"
fi

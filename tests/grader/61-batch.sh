# shellcheck shell=bash
# SPDX-License-Identifier: MIT
# Batch grading of a class (issue 7): every student folder, .zip or .tar.gz,
# in parallel, into a CSV gradebook and a report per student; grading twice
# gives the same gradebook.
. tests/lib.sh
. tests/grader/fixture-root.sh

class="$SCRATCH/class"
rm -rf "$class" "$SCRATCH/wrap"
mkdir -p "$class/alice" "$SCRATCH/wrap"
cp -r "$root/solutions/." "$class/alice/"
# bob: a zip of a folder holding a clone's labs/, with lab 99 not started.
mkdir -p "$SCRATCH/wrap/bob/labs/98-plain"
cp "$root/solutions/98-plain/plain.c" "$SCRATCH/wrap/bob/labs/98-plain/"
(cd "$SCRATCH/wrap" && python3 -c 'import shutil; shutil.make_archive("bob", "zip", ".", "bob")') &&
	mv "$SCRATCH/wrap/bob.zip" "$class/"
# carol: a .tar.gz whose lab 98 does not compile.
mkdir -p "$SCRATCH/wrap/carol/98-plain" "$SCRATCH/wrap/carol/99-hostile"
printf 'int twice(int x) { return 2 * x }\n' > "$SCRATCH/wrap/carol/98-plain/plain.c"
cp "$root/solutions/99-hostile/hostile.c" "$SCRATCH/wrap/carol/99-hostile/"
tar -czf "$class/carol.tar.gz" -C "$SCRATCH/wrap/carol" .
# dave: not an archive at all.
echo "this is not a zip" > "$class/dave.zip"
# "erin, jr": a name to quote in CSV, and a test that hangs.
mkdir -p "$class/erin, jr/98-plain" "$class/erin, jr/99-hostile"
cp "$root/solutions/98-plain/plain.c" "$class/erin, jr/98-plain/"
{ echo "#define MODE 3"; cat "$root/solutions/99-hostile/hostile.c"; } > "$class/erin, jr/99-hostile/hostile.c"
# mallory: the student file is a link to the reference.
mkdir -p "$class/mallory/98-plain"
ln -sfn "$root/solutions/98-plain/plain.c" "$class/mallory/98-plain/plain.c"
echo "not a submission" > "$class/README.txt"

"$g" --quiet --timeout 5 --batch "$class" --jobs 2 --format json --out "$SCRATCH/grades1" >/dev/null 2>&1
status=$?
check "batch: exits 1 when a student could not be graded (dave)" test $status = 1
check "batch: the gradebook has a row per student, in order, with per-lab scores, total and status" \
	python3 - "$SCRATCH/grades1/gradebook.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
assert rows[0] == ['student', '98-plain', '99-hostile', 'total', 'status'], rows[0]
got = {r[0]: r[1:] for r in rows[1:]}
assert [r[0] for r in rows[1:]] == ['alice', 'bob', 'carol', 'dave', 'erin, jr', 'mallory'], [r[0] for r in rows[1:]]
assert got['alice'] == ['100', '100', '200', 'graded'], got['alice']
assert got['bob'] == ['100', '0', '100', '99-hostile not started'], got['bob']
assert got['carol'] == ['0', '100', '100', '98-plain does not build'], got['carol']
assert got['dave'][:3] == ['', '', ''] and got['dave'][3].startswith('error: cannot unpack dave.zip'), got['dave']
assert got['erin, jr'] == ['100', '96', '196', 'graded'], got['erin, jr']
assert got['mallory'] == ['0', '0', '0', '98-plain not started; 99-hostile not started'], got['mallory']
PY
check "batch: one report per graded student, in the chosen format" \
	python3 - "$SCRATCH/grades1" <<'PY'
import json, os, sys
d = sys.argv[1]
for name, score in [('alice', 200), ('bob', 100), ('carol', 100), ('erin, jr', 196), ('mallory', 0)]:
    r = json.load(open(os.path.join(d, name + '.json')))
    assert r['score'] == score, (name, r['score'])
    assert r['submission'] == name
assert sorted(os.listdir(d)) == sorted(['alice.json', 'bob.json', 'carol.json', 'erin, jr.json',
                                         'mallory.json', 'gradebook.csv']), os.listdir(d)
PY

"$g" --quiet --timeout 5 --batch "$class" --jobs 3 --format json --out "$SCRATCH/grades2" >/dev/null 2>&1
check "batch: grading the class again (3 jobs instead of 2) gives the same gradebook" \
	cmp "$SCRATCH/grades1/gradebook.csv" "$SCRATCH/grades2/gradebook.csv"

# One lab, flat uploads (what students hand in for a single assignment).
mkdir -p "$SCRATCH/one-lab/frank" "$SCRATCH/one-lab/gina"
cp "$root/solutions/98-plain/plain.c" "$SCRATCH/one-lab/frank/"
cp "$root/labs/98-plain/plain.c" "$SCRATCH/one-lab/gina/"
"$g" --quiet --batch "$SCRATCH/one-lab" --lab plain --out "$SCRATCH/grades3" >/dev/null 2>&1
check "batch of one lab: flat files are graded, a text report each" \
	bash -c "diff <(printf 'student,98-plain,total,status\nfrank,100,100,graded\ngina,0,0,98-plain not started\n') '$SCRATCH/grades3/gradebook.csv' &&
	         grep -q 'twice(21) returned -1' '$SCRATCH/grades3/gina.txt'"

# Names that attack the gradebook: formulas for a spreadsheet, and two names
# that differ only in a control character (one file name once sanitised).
class="$SCRATCH/hostile-names"
rm -rf "$class"
for name in '=1+2' '@SUM(A1)' '-3' $'twin\001' $'twin\002' 'twin_' $'u\xed\xa0\x80\xc0\xafv'; do
	mkdir -p "$class/$name"
	cp "$root/solutions/98-plain/plain.c" "$class/$name/"
done
"$g" --quiet --batch "$class" --lab plain --out "$SCRATCH/grades4" >/dev/null 2>&1
check "batch: names starting with = @ - are not formulas; names made alike by sanitising get a row and a report each, the status naming the report; a name that is not UTF-8 is '?' in the gradebook and the report" \
	python3 - "$SCRATCH/grades4" <<'PY'
import csv, os, sys
d = sys.argv[1]
rows = list(csv.reader(open(os.path.join(d, 'gradebook.csv'), encoding='utf-8', errors='strict')))[1:]
assert [r[0] for r in rows] == ["'-3", "'=1+2", "'@SUM(A1)", 'twin ', 'twin ', 'twin_', 'u?????v'], rows
assert all(r[1:3] == ['100', '100'] for r in rows), rows
assert [r[3] for r in rows[3:]] == ['graded; report twin_-2.txt', 'graded; report twin_-3.txt', 'graded', 'graded'], rows
names = [os.fsencode(n) for n in os.listdir(d)]
assert sorted(names) == sorted([b'-3.txt', b'=1+2.txt', b'@SUM(A1).txt', b'twin_.txt', b'twin_-2.txt',
                                b'twin_-3.txt', b'u\xed\xa0\x80\xc0\xafv.txt', b'gradebook.csv']), names
assert 'submission u?????v' in open(os.path.join(d, os.fsdecode(b'u\xed\xa0\x80\xc0\xafv.txt')),
                                    encoding='utf-8', errors='strict').read()
PY

make -s grade-batch >/dev/null 2>"$SCRATCH/usage"; status=$?
check "make grade-batch without SUBMISSIONS: exit 2 and the usage" \
	bash -c "[ $status = 2 ] && grep -q 'SUBMISSIONS=dir' '$SCRATCH/usage'"

# shellcheck shell=bash
# SPDX-License-Identifier: MIT
# Hidden solutions and Gradescope (issue 7): the reference pack holds objects
# and no sources; the Gradescope autograder built from it grades a lab to
# full marks on a copy of the project that has no solutions/ at all.
. tests/lib.sh

# Student code runs as another user: it must reach the copied project.
chmod 711 "$SCRATCH"
pack="$SCRATCH/reference-pack.tar.gz"
make -s reference-pack OUT="$pack" >/dev/null 2>&1
check "make reference-pack: a tarball with its marker" \
	bash -c "tar -tzf '$pack' | grep -qx './REFERENCE-PACK'"
check "the reference pack holds no source files" \
	bash -c "! tar -tzf '$pack' | grep -E '\\.(c|h)\$'"
mkdir -p "$SCRATCH/pack" && tar -xzf "$pack" -C "$SCRATCH/pack"
objs=$(cd "$SCRATCH/pack" && find . -name '*.o' | sort)
for o in $objs; do
	check "reference pack: $o has no debug information (no source lines)" \
		bash -c "! objdump -h '$SCRATCH/pack/$o' | grep -q '\\.debug_'"
done
# The first lab that needs the reference (through the trace driver), else lab 01.
# shellcheck disable=SC2012 # lab folders, named NN-name
lab=$(cd "$SCRATCH/pack" && ls -d [0-9][0-9]-*/ 2>/dev/null | head -n 1)
lab=${lab%/}
[ -n "$lab" ] || lab=$(labs | head -n 1)

zip="$SCRATCH/autograder.zip"
make -s gradescope LAB="$lab" OUT="$zip" >/dev/null 2>&1
ag="$SCRATCH/ag"
rm -rf "$ag" && mkdir -p "$ag/source" "$ag/submission/upload"
(cd "$ag/source" && python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(".")' "$zip")
chmod +x "$ag/source/run_autograder" "$ag/source/setup.sh" 2>/dev/null
check "gradescope: autograder.zip has setup.sh and run_autograder at its top and the project in memlabs/" \
	test -f "$ag/source/setup.sh" -a -f "$ag/source/run_autograder" -a -f "$ag/source/memlabs/labs/common/lab.mk"
check "gradescope: setup.sh installs the packages it needs from the project's list (grader/packages is in the zip, grader/deps.sh lists them)" \
	bash -c 'test -f "$1/memlabs/grader/packages" && (cd "$1/memlabs" && bash grader/deps.sh --list grade sandbox) | grep -qw valgrind' _ "$ag/source"
check "gradescope: autograder.zip has no solutions/ and no file of it" \
	python3 - "$zip" solutions <<'PY'
import os, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
names = z.namelist()
assert not [n for n in names if '/solutions/' in n or n.startswith('solutions/')], 'solutions/ in the zip'
contents = {z.read(n) for n in names}
for d, _, files in os.walk(sys.argv[2]):
    for f in files:
        data = open(os.path.join(d, f), 'rb').read()
        # The skeleton may ship a reference file unchanged (a data file): only code counts.
        if f.endswith('.c'):
            assert data not in contents, os.path.join(d, f) + ' is in the zip'
PY
# The student's files, flat, in a folder of the upload (as Gradescope's
# "upload a folder" gives them).
cp solutions/"$lab"/* "$ag/submission/upload/"
# As the README says to try it: setup.sh (packages, the grader), then run_autograder.
bash "$ag/source/setup.sh" >/dev/null 2>&1
MEMLABS_AUTOGRADER_ROOT="$ag" bash "$ag/source/run_autograder" >/dev/null 2>&1
check "gradescope: run_autograder grades the reference's files to 100 without solutions/ ($lab)" \
	python3 - "$ag/results/results.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
lost = [(t['name'], t['output'][:200]) for t in r['tests'] if t['score'] < t['max_score']]
assert r['score'] == 100, (r['score'], lost, r['output'][:500])
PY
rm -rf "$ag/submission"
MEMLABS_AUTOGRADER_ROOT="$ag" bash "$ag/source/run_autograder" >/dev/null 2>&1
check "gradescope: when the grader cannot run, results.json says so (score 0 and the reason)" \
	python3 - "$ag/results/results.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert r['score'] == 0 and 'could not run' in r['output'] and 'SUBMISSION' in r['output'], r
PY

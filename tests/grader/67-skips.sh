# shellcheck shell=bash
# SPDX-License-Identifier: MIT
# Skips are not trusted (issue 12): a skip counts only when trusted code in
# the student's place skips too. Each submission below is the reference plus
# a constructor that makes the student's process look like a machine that
# cannot run a test: /proc unreadable (PR_SET_DUMPABLE 0) and ASLR off
# (ADDR_NO_RANDOMIZE) in both; in lab 01 a getauxval that says there is no
# vDSO; in lab 02 a hard RLIMIT_DATA "already too low". None of them gains
# points from a skip: each test it made skip is a failure saying so, and
# the lab's score is its tests' sum, not scaled. Graded twice: with the
# reference's sources (the reference re-runs the test) and with a reference
# pack, which has no sources for these labs (the skeleton re-runs it).
. tests/lib.sh

sub="$SCRATCH/skips"
make_hostile() {   # LAB FILE: the reference, with hostile code appended to FILE
	mkdir -p "$sub/$1"
	cp -r "solutions/$1/." "$sub/$1/"
	cat >> "$sub/$1/$2"
}
make_hostile 01-segments classify.c <<'C'

#include <sys/personality.h>
#include <sys/prctl.h>

__attribute__((constructor)) static void hostile_skips(void)
{
	prctl(PR_SET_DUMPABLE, 0);
	personality(ADDR_NO_RANDOMIZE);
}

/* The worker reports where the vDSO is through getauxval: "nowhere". */
unsigned long getauxval(unsigned long type)
{
	(void)type;
	return 0;
}
C
make_hostile 02-brk bump.c <<'C'

#include <stdio.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/resource.h>

/* A hard RLIMIT_DATA just above what the process uses: the test that
   lowers the limit finds it "already too low". */
__attribute__((constructor)) static void hostile_skips(void)
{
	prctl(PR_SET_DUMPABLE, 0);
	personality(ADDR_NO_RANDOMIZE);
	long kib = 0;
	char line[256];
	FILE *f = fopen("/proc/self/status", "r");
	while (f && fgets(line, sizeof line, f))
		if (sscanf(line, "VmData: %ld", &kib) == 1)
			break;
	if (f)
		fclose(f);
	struct rlimit r = { (rlim_t)kib * 1024 + 32768, (rlim_t)kib * 1024 + 32768 };
	setrlimit(RLIMIT_DATA, &r);
}
C

# A reference pack without sources: these labs need no objects, so the
# marker alone makes one.
pack="$SCRATCH/skips-pack"
mkdir -p "$pack"
echo "memlabs reference pack" > "$pack/REFERENCE-PACK"

for lab in 01-segments 02-brk; do
	case $lab in
	01-segments) skipped=classify/kernel_pages ;;
	02-brk) skipped=heap/grow_over_rlimit_fails ;;
	esac
	for how in sources pack; do
		out="$SCRATCH/skips-$lab-$how.json"
		if [ $how = pack ]; then
			who="the lab as shipped"
			"$GRADER" --quiet --lab "$lab" --submission "$sub" --reference "$pack" --format json \
				--out "$out" >/dev/null 2>&1
		else
			who="the reference solution"
			"$GRADER" --quiet --lab "$lab" --submission "$sub" --format json --out "$out" >/dev/null 2>&1
		fi
		check "$lab, a process that makes tests skip ($how): $skipped fails, saying $who does not skip it; no test skipped, no score scaled" \
			python3 - "$out" "$skipped" "$who" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
name, who = sys.argv[2], sys.argv[3]
lab = r['labs'][0]
assert lab['outcome'] == 'graded', lab['outcome']
assert not [t['name'] for t in lab['tests'] if t['status'] == 'skip'], lab['tests']
t = [t for t in lab['tests'] if t['name'] == name][0]
assert t['status'] == 'fail' and t['score'] == 0, t
assert t['message'].startswith('skipped: '), t
assert 'but ' + who in t['message'] and 'your process caused the skip' in t['message'], t
total = round(sum(t['score'] for t in lab['tests']), 2)
assert abs(lab['score'] - total) < 0.01 and lab['score'] < 100, (lab['score'], total)
PY
	done
done

# A skip the machine causes stands: under setarch -R the tests themselves
# run without ASLR, and the reference skips brk_gap_is_random too. The lab
# is scored over the rest; Gradescope shows the skip as neither passed nor
# failed.
if setarch -R true 2>/dev/null; then
	out="$SCRATCH/skips-honest.json"
	setarch -R "$GRADER" --quiet --lab 02-brk --submission solutions --format json --out "$out" \
		--also gradescope="$SCRATCH/skips-honest.gs.json" >/dev/null 2>&1
	check "02-brk without ASLR for the grader: maps/brk_gap_is_random is skipped, the reference skipping it too; 100/100; on Gradescope neither passed nor failed" \
		python3 - "$out" "$SCRATCH/skips-honest.gs.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); g = json.load(open(sys.argv[2]))
lab = r['labs'][0]
assert lab['score'] == 100, lab['score']
t = [t for t in lab['tests'] if t['name'] == 'maps/brk_gap_is_random'][0]
assert t['status'] == 'skip' and 'the reference solution skips it too' in t['message'], t
gt = [t for t in g['tests'] if t['name'] == 'maps/brk_gap_is_random'][0]
assert 'status' not in gt and 'max_score' not in gt and gt['output'].startswith('skipped: '), gt
assert all(t.get('status') in ('passed', 'failed') for t in g['tests'] if t is not gt), g['tests']
PY
else
	ok "02-brk without ASLR for the grader (skipped: setarch -R is refused here)"
fi

# shellcheck shell=bash
# SPDX-License-Identifier: MIT
# Why a lab scored what it did (issue "one home for each job", part 3): each
# outcome - graded, not started (nothing handed in, or the skeleton as
# shipped), files missing, build failed, reference missing, grader error -
# in the text report (its words and its next step), the JSON report
# ("outcome") and the batch gradebook's status; among them an empty
# submission and a student repository without solutions/.
#
# A project of three fixture labs (tests/grader/fixtures/outcomes and
# 98-plain): 96-ref compares the student's code with the reference's, 97-pair
# has two student files.
. tests/lib.sh

chmod 711 "$SCRATCH"
top="$SCRATCH/outcomes"
rm -rf "$top"
root="$top/root"
mkdir -p "$root/build" "$root/labs" "$root/solutions"
cp "$GRADER" "$root/build/grader"
cp -r labs/common "$root/labs/common"
rm -rf "$root/labs/common/build"
cp -r tests/grader/fixtures/labs/98-plain tests/grader/fixtures/outcomes/labs/. "$root/labs/"
cp -r tests/grader/fixtures/solutions/98-plain tests/grader/fixtures/outcomes/solutions/. "$root/solutions/"
# The same project without solutions/: what a student's repository holds.
bare="$top/bare"
cp -r "$root" "$bare"
rm -rf "$bare/solutions"
# A reference pack that lists an object it does not hold.
pack="$top/broken-pack"
mkdir -p "$pack/96-ref"
echo "a broken pack" > "$pack/REFERENCE-PACK"
echo "build/ref/mine.o" > "$pack/96-ref/FILES"

# The submissions.
sub="$top/sub"
mkdir -p "$sub/done" "$sub/empty" "$sub/skeleton" "$sub/broken" "$sub/partial"
cp -r "$root/solutions/." "$sub/done/"
for lab in 96-ref 97-pair 98-plain; do
	mkdir -p "$sub/skeleton/$lab"
	cp "$root/labs/$lab"/*.c "$sub/skeleton/$lab/"
done
cp -r "$root/solutions/." "$sub/broken/"
printf 'int twice(int x) { return 2 * x }\n' > "$sub/broken/98-plain/plain.c"
cp -r "$root/solutions/." "$sub/partial/"
rm "$sub/partial/97-pair/other.c"

# grade NAME ROOT SUBMISSION [OPTION...]: text and JSON of one grading.
grade() {
	local name=$1 r=$2 s=$3; shift 3
	"$r/build/grader" --quiet --timeout 10 --submission "$s" --format json \
		--out "$top/$name.json" --also text="$top/$name.txt" "$@" >/dev/null 2>"$top/$name.err"
	echo $? > "$top/$name.status"
}
grade 'done' "$root" "$sub/done" &
grade empty "$root" "$sub/empty" &
wait
grade skeleton "$root" "$sub/skeleton" &
grade broken "$root" "$sub/broken" &
wait
grade partial "$root" "$sub/partial" &
grade bare-done "$bare" "$sub/done" &
wait
grade bare-empty "$bare" "$sub/empty" &
grade broken-pack "$root" "$sub/done" --reference "$pack" &
wait

# outcomes NAME "OUTCOME OUTCOME OUTCOME" [BUILT...]: the JSON report's
# outcome of 96-ref, 97-pair and 98-plain, and whether each built.
outcomes() {
	python3 - "$top/$1.json" "$2" "${3:-}" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
got = [l['outcome'] for l in r['labs']]
assert got == sys.argv[2].split(), (got, [l['message'][:200] for l in r['labs']])
if sys.argv[3]:
    built = [l['build'] for l in r['labs']]
    assert built == sys.argv[3].split(), built
for l in r['labs']:
    assert (l['outcome'] == 'graded') == (l['message'] == ''), l
    assert l['outcome'] in ('graded', 'not_started') or l['score'] == 0, l
PY
}
says() { grep -qF -- "$2" "$top/$1.txt"; }
never() { ! grep -qF -- "$2" "$top/$1.txt"; }

check "graded: every lab's outcome is graded, full marks, exit 0" \
	bash -c "$(declare -f outcomes); top='$top'; outcomes done 'graded graded graded' 'ok ok ok' && [ \$(cat '$top/done.status') = 0 ]"
check "graded: the text report has no outcome line, and says all done" \
	bash -c "$(declare -f says never); top='$top'; says done 'All done' && never done 'NOT STARTED' && never done 'BUILD FAILED'"

check "an empty submission: every lab not started, none built, every test listed as not run" \
	bash -c "$(declare -f outcomes); top='$top'; outcomes empty 'not_started not_started not_started' 'failed failed failed' &&
	         python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); assert [len(l[\"tests\"]) for l in r[\"labs\"]] == [1, 2, 2]' '$top/empty.json'"
check "an empty submission: the text says not started and names the files, the next step is task 1" \
	bash -c "$(declare -f says); top='$top'; says empty 'NOT STARTED: the submission has none of its files (no 97-pair/half.c, 97-pair/other.c)' &&
	         says empty 'Next: lab 96-ref is not started. Start with task 1 of its handout'"
check "an empty submission: no build failure, no compiler error to fix" \
	bash -c "$(declare -f never); top='$top'; never empty 'BUILD FAILED' && never empty 'compiler' && never empty 'Fix the first'"

check "the skeleton as shipped: not started, built, its tests run (and fail with their messages)" \
	bash -c "$(declare -f outcomes); top='$top'; outcomes skeleton 'not_started not_started not_started' 'ok ok ok' &&
	         grep -q 'half(8) returned -1, expected 4' '$top/skeleton.json'"
check "the skeleton as shipped: the text says not started, and the next step is task 1" \
	bash -c "$(declare -f says never); top='$top'; says skeleton 'NOT STARTED: its files are the skeleton as shipped' &&
	         says skeleton 'Next: lab 96-ref is not started. Start with task 1' && never skeleton 'Fix the first'"

check "a lab that does not compile: build_failed, with the compiler's error; the others graded" \
	bash -c "$(declare -f outcomes); top='$top'; outcomes broken 'graded graded build_failed' 'ok ok failed' &&
	         python3 -c 'import json,sys; l=json.load(open(sys.argv[1]))[\"labs\"][2]; assert \"error: expected\" in l[\"build_log\"], l' '$top/broken.json'"
check "a lab that does not compile: the text says BUILD FAILED and to fix the first compiler error" \
	bash -c "$(declare -f says); top='$top'; says broken 'BUILD FAILED: the lab scores 0. The compiler said:' &&
	         says broken 'Next: lab 98-plain does not build. Fix the first compiler error above'"

check "a lab with a file missing: files_missing; the others graded" \
	bash -c "$(declare -f outcomes); top='$top'; outcomes partial 'graded files_missing graded' 'ok failed ok'"
check "a lab with a file missing: the text names the file, and no compiler error to fix" \
	bash -c "$(declare -f says never); top='$top'; says partial 'FILES MISSING: the submission has no 97-pair/other.c' &&
	         says partial 'Next: lab 97-pair is graded only with all of its files: hand in 97-pair/other.c' &&
	         never partial 'Fix the first' && never partial 'BUILD FAILED'"

check "a repository without solutions/: the lab that needs the reference is reference_missing, not built; the others graded" \
	bash -c "$(declare -f outcomes); top='$top'; outcomes bare-done 'reference_missing graded graded' 'failed ok ok'"
check "a repository without solutions/: the text says what an instructor must supply, and blames no one's code" \
	bash -c "$(declare -f says never); top='$top'; says bare-done 'NOT GRADED: this lab needs the reference solution' && says bare-done 'solutions/ in the project' &&
	         says bare-done 'REFERENCE= a reference pack' && says bare-done 'Hiding the solutions' &&
	         says bare-done 'Next: lab 96-ref was not graded' &&
	         never bare-done 'BUILD FAILED' && never bare-done 'Fix the first' && never bare-done 'compiler'"
check "a repository without solutions/, an empty submission: every lab not started" \
	bash -c "$(declare -f outcomes); top='$top'; outcomes bare-empty 'not_started not_started not_started'"

check "a reference pack that lacks an object: grader_error for the lab that needs it; the others graded" \
	bash -c "$(declare -f outcomes); top='$top'; outcomes broken-pack 'grader_error graded graded' 'failed ok ok'"
check "a grader error: the text says it is the grader's fault, not the submission's" \
	bash -c "$(declare -f says never); top='$top'; says broken-pack 'GRADER ERROR: the grader could not grade this lab: its own failure, not the' &&
	         says broken-pack 'cannot install the reference' && says broken-pack 'Next: lab 96-ref was not graded: the grader failed' &&
	         never broken-pack 'Fix the first'"

# The other formats carry the outcome too.
"$root/build/grader" --quiet --submission "$sub/partial" --format junit --out "$top/partial.xml" \
	--also tap="$top/partial.tap" --also gradescope="$top/partial.gs.json" >/dev/null 2>&1
check "junit, tap and gradescope say why a lab scored 0" \
	bash -c "grep -q '<property name=\"outcome\" value=\"files_missing\"/>' '$top/partial.xml' &&
	         grep -q '^# 97-pair: 0/100 (files missing)' '$top/partial.tap' &&
	         grep -q '97-pair, files missing: the submission has no 97-pair/other.c:' '$top/partial.gs.json'"

# The gradebook: a status per student that names each lab not graded and why.
class="$top/class"
mkdir -p "$class"
cp -r "$sub/done" "$sub/empty" "$sub/skeleton" "$sub/broken" "$sub/partial" "$class/"
"$root/build/grader" --quiet --timeout 10 --batch "$class" --jobs 2 --out "$top/grades" >/dev/null 2>&1
"$bare/build/grader" --quiet --timeout 10 --batch "$class" --jobs 2 --out "$top/grades-bare" >/dev/null 2>&1
"$root/build/grader" --quiet --timeout 10 --batch "$class" --jobs 2 --out "$top/grades-pack" \
	--reference "$pack" --lab 96 >/dev/null 2>&1
check "batch: the status column says each lab's outcome" \
	diff - "$top/grades/gradebook.csv" <<'CSV'
student,96-ref,97-pair,98-plain,total,status
broken,100,100,0,200,98-plain does not build
done,100,100,100,300,graded
empty,0,0,0,0,96-ref not started; 97-pair not started; 98-plain not started
partial,100,0,100,200,97-pair has missing files
skeleton,0,0,0,0,96-ref not started; 97-pair not started; 98-plain not started
CSV
check "batch without solutions/: the lab that needs the reference has none to be graded with" \
	bash -c "grep -qx 'done,0,100,100,200,96-ref has no reference to be graded with' '$top/grades-bare/gradebook.csv' &&
	         grep -qx 'empty,0,0,0,0,96-ref not started; 97-pair not started; 98-plain not started' '$top/grades-bare/gradebook.csv'"
check "batch with a broken reference pack: a grader error, not the student's" \
	grep -qx 'done,0,0,96-ref could not be graded (grader error)' "$top/grades-pack/gradebook.csv"

# The project itself, without solutions/: a student's repository of the
# real labs. Lab 04 needs the reference; untouched, it is not graded (no
# build, no blame); empty, it is not started.
repo="$top/repo"
mkdir -p "$repo/build"
cp -r Makefile labs "$repo/"
find "$repo/labs" -name build -type d -prune -exec rm -rf {} +
cp "$GRADER" "$repo/build/grader"
lab04=$(cd "$repo/labs" && ls -d 04-*)
"$repo/build/grader" --quiet --lab 04 --submission "$repo/labs" --format json --out "$top/repo.json" \
	--also text="$top/repo.txt" >/dev/null 2>&1
mkdir -p "$top/nothing"
"$repo/build/grader" --quiet --lab 04 --submission "$top/nothing" --format json --out "$top/repo-empty.json" \
	--also text="$top/repo-empty.txt" >/dev/null 2>&1
check "the project without solutions/: lab $lab04 as shipped is reference_missing, with what to supply" \
	bash -c "grep -q '\"outcome\": \"reference_missing\"' '$top/repo.json' && grep -q 'NOT GRADED: ' '$top/repo.txt' &&
	         grep -q 'REFERENCE= a reference pack' '$top/repo.txt' && ! grep -q 'BUILD FAILED' '$top/repo.txt' &&
	         ! grep -q 'Fix the first' '$top/repo.txt'"
check "the project without solutions/: an empty submission of lab $lab04 is not started" \
	bash -c "grep -q '\"outcome\": \"not_started\"' '$top/repo-empty.json' &&
	         grep -q 'Next: lab $lab04 is not started. Start with task 1' '$top/repo-empty.txt'"

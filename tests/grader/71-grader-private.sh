# shellcheck shell=bash
# SPDX-License-Identifier: MIT
# What is the grader's stays the grader's, even to student code that has
# read all of its source (issue "the judge"):
# - the reference's objects (reference.h): a lab whose build links the
#   reference (the trace driver of labs 04 and 05) is built without them by
#   the sandbox user, then they are linked in by the grader and closed to
#   everyone else. A submission (fixtures/forgers/peek_reference.c) asks for
#   them: embedded at its build (.incbin), it does not build; opened at its
#   tests, none opens.
# - the reference's programs: a constructor that made the submission's
#   driver worker the reference's (execv of build/driver-worker-ref,
#   fixtures/forgers/become_reference.c) took all 24 trace points of lab 04
#   from the skeleton; the grader now covers those programs in the
#   student's workers' mount namespace (workerexec.c).
# - the test's descriptors: the worker keeps only those it is given
#   (workerexec.c). A constructor (fixtures/forgers/mark_fd.c) that writes
#   a full share into the marks file through a descriptor inherited from its
#   test took all 15 points of lab 03's partial test from the skeleton.
. tests/lib.sh
hostile_work grader-private "grader private"
peek=tests/grader/fixtures/forgers/peek_reference.c

# submission NAME [DEFINE]: lab 04's skeleton, its toy_init replaced by the peeker's.
submission() {
	local dir="$work/$1"
	mkdir -p "$dir/04-toy"
	cp labs/04-toy/placement.txt "$dir/04-toy/"
	{
		[ -z "${2:-}" ] || printf '#define %s\n' "$2"
		sed 's/^int toy_init(void)$/int toy_init_skeleton(void)/' labs/04-toy/toy.c
		cat "$peek"
	} > "$dir/04-toy/toy.c"
	chmod -R a+rX "$dir"
	printf '%s\n' "$dir"
}

report() {
	python3 -c '
import json, re, sys
r = json.load(open(sys.argv[1]))["labs"][0]
seen = [m.group(1) for t in r["tests"] for m in [re.search(r"toy_init returned (\d+)", t["message"])] if m]
print(r["outcome"], seen[0] if seen else "-")
' "$1" 2>/dev/null || echo "no report"
}

# The three gradings at once (each builds its copies of the lab).
sub=$(submission open)
"$GRADER" --quiet --lab 04 --submission "$sub" --only 'toy/init*' --format json \
	--out "$work/open.json" >/dev/null 2>&1 &
sub=$(submission incbin INCBIN)
"$GRADER" --quiet --lab 04 --submission "$sub" --only 'toy/init*' --format json \
	--out "$work/incbin.json" >/dev/null 2>&1 &
# Lab 04's skeleton and the worker that becomes the reference's, on a trace.
mkdir -p "$work/become/04-toy"
cp labs/04-toy/placement.txt "$work/become/04-toy/"
cat labs/04-toy/toy.c tests/grader/fixtures/forgers/become_reference.c > "$work/become/04-toy/toy.c"
chmod -R a+rX "$work/become"
"$GRADER" --quiet --lab 04 --submission "$work/become" --only 'traces/binary' --format json \
	--out "$work/become.json" >/dev/null 2>&1 &
# The skeleton of lab 03 and the marks forger, on its partial test.
mkdir -p "$work/markfd/03-mmap-threshold"
# shellcheck disable=SC2046 # the lab's file names, one word each
(cd labs/03-mmap-threshold && cp $(make -s --no-print-directory student-files) "$work/markfd/03-mmap-threshold/")
cat tests/grader/fixtures/forgers/mark_fd.c >> "$work/markfd/03-mmap-threshold/predict.c"
chmod -R a+rX "$work/markfd"
"$GRADER" --quiet --lab 03 --submission "$work/markfd" --only 'predict/random_sequences' \
	--format json --out "$work/markfd.json" >/dev/null 2>&1 &
wait

got=$(report "$work/open.json")
if [ "$got" = "graded 1000" ]; then
	ok "grader private: student code at its tests opens none of the reference's objects and programs"
else
	notok "grader private: student code at its tests opened some of the reference's files: '$got' (want 'graded 1000'; the bits: peek_reference.c)"
fi

got=$(report "$work/incbin.json")
if [ "${got%% *}" = build_failed ]; then
	ok "grader private: a build that embeds the reference's object (.incbin) finds none to embed"
else
	notok "grader private: a build that embeds the reference's object (.incbin) was '$got' (want build_failed)"
fi
got=$(python3 -c '
import json, sys
t = json.load(open(sys.argv[1]))["labs"][0]["tests"]
print(sum(x["score"] for x in t) if t else "no test")
' "$work/markfd.json" 2>/dev/null || echo "no report")
if [ "$got" = 0 ]; then
	ok "grader private: a worker cannot write a partial test's share through a descriptor of its test (lab 03's skeleton and the forger: 0 points)"
else
	notok "grader private: the marks forger took $got points of lab 03's predict/random_sequences (want 0): the worker holds a descriptor of its test"
fi
got=$(python3 -c '
import json, sys
t = json.load(open(sys.argv[1]))["labs"][0]["tests"]
print(" ".join("%s=%s" % (x["name"], x["score"]) for x in t) or "no test")
' "$work/become.json" 2>/dev/null || echo "no report")
if [ "$got" = "traces/binary=0" ]; then
	ok "grader private: a submission's driver worker cannot become the reference's (lab 04's skeleton and an execv of it: 0 points)"
else
	notok "grader private: the worker that becomes the reference's scored '$got' (want traces/binary=0)"
fi
rm -rf "$work"

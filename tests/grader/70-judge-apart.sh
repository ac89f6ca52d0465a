# shellcheck shell=bash
# SPDX-License-Identifier: MIT
# The verdict is decided where no student code runs (issue "the judge"): in
# a lab with a worker (labs/common/remote.h; every lab's Criterion tests) the tests hold no
# student code and run as the grader's user, the student's code runs in
# build/worker as the sandbox user, and what the tests write is out of its
# reach. A forger written from the public source (fixtures/forgers/forge.c)
# must score 0 there; in a lab whose runner holds student code (the fixture
# 98-plain) the same forger takes every point, which shows it is a real one.
. tests/lib.sh
hostile_work judge-apart "judge apart"
forger=tests/grader/fixtures/forgers/forge.c

# submission NAME LAB FILE...: the lab's skeleton files, the forger added to the first.
submission() {
	local dir="$work/$1" lab=$2 first=$3
	mkdir -p "$dir/$lab"
	# shellcheck disable=SC2046 # the lab's file names, one word each
	(cd "labs/$lab" && cp $(make -s --no-print-directory student-files) "$dir/$lab/")
	cat "$forger" >> "$dir/$lab/$first"
	chmod -R a+rX "$dir"
	printf '%s\n' "$dir"
}

score() {
	python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r["labs"][0]["score"])' "$1" 2>/dev/null || echo "no report"
}

# Every lab's tests run the student's code in a worker: the Criterion tests
# and the trace driver of labs 04 and 05 alike. Not one point may be forged.
for lab_file in 01-segments:maps.c 02-brk:heap.c 03-mmap-threshold:trace.c 04-toy:toy.c 05-malloc:mm.c 06-pages:decode.c 07-release:measure.c 08-limits:probe.c; do
	lab=${lab_file%%:*}
	sub=$(submission "lab$lab" "$lab" "${lab_file#*:}")
	"$GRADER" --quiet --lab "${lab%%-*}" --submission "$sub" --format json \
		--out "$work/$lab.json" >/dev/null 2>&1
	s=$(python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
print(sum(t["score"] for t in r["labs"][0]["tests"]))
' "$work/$lab.json" 2>/dev/null || echo "no report")
	if [ "$s" = 0 ]; then ok "judge apart: the forger takes none of lab $lab's points (its code runs in the worker)"
	else notok "judge apart: the forger takes $s of lab $lab's test points (want 0)"
	fi
done

# The same forger where the runner holds student code.
. tests/grader/fixture-root.sh
mkdir -p "$work/plain/98-plain"
cp "$root/labs/98-plain/plain.c" "$work/plain/98-plain/"
cat "$forger" >> "$work/plain/98-plain/plain.c"
chmod -R a+rX "$work/plain"
"$g" --quiet --lab 98 --submission "$work/plain" --format json --out "$work/plain.json" >/dev/null 2>&1
s=$(score "$work/plain.json")
if [ "$s" = 100 ]; then ok "judge apart: the same forger takes every point where the runner holds student code (98-plain): it is a real forger"
else notok "judge apart: the forger scores $s in 98-plain: it no longer forges, so the labs' 0 proves nothing"
fi

# Who runs what: the worker as the sandbox user, not as the tests' (root).
mkdir -p "$work/uid/03-mmap-threshold"
cp solutions/03-mmap-threshold/*.c "$work/uid/03-mmap-threshold/"
cat >> "$work/uid/03-mmap-threshold/chunk.c" <<'C'
#include <unistd.h>
/* chunk_size(1), asked by the tests, answers 1000000 + the worker's user. */
size_t uid_answer(void) { return 1000000 + (size_t)getuid(); }
C
sed -i 's/^size_t chunk_size(size_t request)$/size_t chunk_size_real(size_t request);\nsize_t uid_answer(void);\nsize_t chunk_size(size_t request) { return request == 1 ? uid_answer() : chunk_size_real(request); }\nsize_t chunk_size_real(size_t request)/' "$work/uid/03-mmap-threshold/chunk.c"
chmod -R a+rX "$work/uid"
"$GRADER" --quiet --lab 03 --submission "$work/uid" --format json --out "$work/uid.json" >/dev/null 2>&1
uid=$(python3 -c '
import json, re, sys
r = json.load(open(sys.argv[1]))
for t in r["labs"][0]["tests"]:
    m = re.search(r"chunk_size\(1\) = (\d+)", t["message"])
    if m:
        print(int(m.group(1)) - 1000000); break
' "$work/uid.json")
if [ -n "$uid" ] && [ "$uid" -gt 0 ]; then
	ok "judge apart: lab 03's worker runs as the sandbox user ($uid), its tests as the grader (0)"
else
	notok "judge apart: lab 03's worker ran as user '${uid:-?}' (want the sandbox user, not root)"
fi
rm -rf "$work"

# shellcheck shell=bash
# SPDX-License-Identifier: MIT
# Autolab (grader/autolab/): make autolab packs an assessment, and its
# autograde-Makefile run the way Autolab's Tango runs it - make's output and
# errors in one file, the last line read as the scores - ends with the
# scores JSON whether the student earns everything, loses points, hands in
# code that does not compile, or the grader cannot run.
. tests/lib.sh
work="$SCRATCH/autolab"
rm -rf "$work"
mkdir -p "$work"
chmod 711 "$SCRATCH"
lab=05-malloc

if ! out=$(make -s autolab LAB=05 OUT="$work/pack" 2>&1); then
	notok "autolab: make autolab LAB=05 packs the assessment: $out"
	exit 0
fi
check "autolab: autograde.tar holds the project and the reference pack, and no solutions/" \
	bash -c "tar tf '$work/pack/autograde.tar' | grep -q '^memlabs/reference-pack.tar.gz$' &&
	         tar tf '$work/pack/autograde.tar' | grep -q '^memlabs/labs/$lab/mm.h$' &&
	         ! tar tf '$work/pack/autograde.tar' | grep -q 'solutions/'"

# tango NAME HANDIN-FILE [MAKEFILE-SED]: a job folder as Tango lays it out,
# make run with its output in one file; prints that file's last line.
tango() {
	local job="$work/$1"
	mkdir -p "$job"
	chmod 755 "$job"
	cp "$work/pack/autograde.tar" "$job/"
	sed "${3:-}" "$work/pack/autograde-Makefile" > "$job/Makefile"
	cp "$2" "$job/mm.c"
	(cd "$job" && env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS make > output 2>&1 < /dev/null)
	tail -n 1 "$job/output"
}

# score LINE: the lab's score in a scores line, or "not JSON".
score() {
	python3 -c 'import json,sys; print(json.loads(sys.argv[1])["scores"]["'"$lab"'"])' "$1" 2>/dev/null ||
		echo "not JSON: $1"
}

s=$(score "$(tango full solutions/$lab/mm.c)")
if [ "$s" = 100 ]; then ok "autolab: the reference's mm.c: the last line is the scores, 100"
else notok "autolab: the reference's mm.c: last line gives $s (want 100)"
fi

s=$(score "$(tango skeleton labs/$lab/mm.c)")
if [ "$s" = 0 ]; then ok "autolab: points lost (the skeleton): the last line is still the scores, 0 (not make's Error line)"
else notok "autolab: the skeleton: last line gives $s (want 0)"
fi

printf 'this is not C\n' > "$work/broken.c"
s=$(score "$(tango broken "$work/broken.c")")
if [ "$s" = 0 ] && grep -q "not C\|error" "$work/broken/output"; then
	ok "autolab: a handin that does not compile: the compiler's error, then the scores, 0"
else
	notok "autolab: a handin that does not compile: last line gives $s"
fi

s=$(score "$(tango nograder solutions/$lab/mm.c 's/^LAB    := .*/LAB    := 99-nothing/')")
if grep -q '"99-nothing": 0' "$work/nograder/output" && grep -q "could not run" "$work/nograder/output"; then
	ok "autolab: when the grader cannot run, the output says so and the last line is still scores"
else
	notok "autolab: a grader that cannot run: last line $(tail -n 1 "$work/nograder/output")"
fi
# Run by a job user that is not root (Tango's default) and has no sudo
# rule: the grader refuses, says why, and the last line is still scores.
if [ "$(id -u)" = 0 ]; then
	job="$work/nobody"
	mkdir -p "$job"
	cp "$work/pack/autograde.tar" "$work/pack/autograde-Makefile" "$job/"
	mv "$job/autograde-Makefile" "$job/Makefile"
	cp "solutions/$lab/mm.c" "$job/"
	chown -R 65534:65534 "$job"
	(cd "$job" && env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS -u MEMLABS_ALLOW_UNSAFE \
		setpriv --reuid=65534 --regid=65534 --clear-groups make > output 2>&1 < /dev/null)
	s=$(score "$(tail -n 1 "$job/output")")
	if [ "$s" = 0 ] && grep -q "refusing: grading others' code as a user that is not root" "$job/output"; then
		ok "autolab: run by a job user that is not root, the grader refuses and says why; the last line is the scores, 0"
	else
		notok "autolab: as a user that is not root: last line gives $s; $(grep -m1 grader "$job/output")"
	fi
fi
rm -rf "$work"

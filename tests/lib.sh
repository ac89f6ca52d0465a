# shellcheck shell=bash
# SPDX-License-Identifier: MIT
# lib.sh - what the project's checks share. Sourced by tests/run and every part.
#
# A check prints one line per verdict, "ok - what" or "not ok - what: why";
# tests/run counts them.

ok()    { printf 'ok - %s\n' "$*"; }
notok() { printf 'not ok - %s\n' "$*"; }

# check "description" command...: ok when the command succeeds; else not ok,
# with the command's last lines of output.
check() {
	local what=$1; shift
	local out
	if out=$("$@" 2>&1); then
		ok "$what"
	else
		notok "$what: $(printf '%s' "$out" | tail -n 15)"
	fi
}

# The labs: folders of labs/ named NN-something with a Makefile.
labs() {
	local d
	for d in labs/[0-9][0-9]-*/; do
		[ -f "$d/Makefile" ] && basename "$d"
	done
}

# json FILE EXPR: evaluate a Python expression over the JSON document `r`.
json() {
	python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}

# lab_copy LAB DEST [reference]: copy labs/common and labs/LAB into DEST
# (as DEST/common and DEST/LAB, without build folders), the way the grader
# lays a lab out; with "reference", the reference's files go over the
# skeleton's. Prints the lab's folder.
lab_copy() {
	local lab=$1 dest=$2
	mkdir -p "$dest"
	cp -r labs/common "labs/$lab" "$dest/"
	rm -rf "$dest/common/build" "$dest/$lab/build"
	[ "${3:-}" = reference ] && cp -r "solutions/$lab/." "$dest/$lab/"
	printf '%s\n' "$dest/$lab"
}

# A submission folder: labs/ with every lab's student files taken from
# solutions/ (so that labs/common and fixed files are the shipped ones).
make_solution_submission() {
	local dest=$1 lab
	mkdir -p "$dest"
	for lab in $(labs); do
		mkdir -p "$dest/$lab"
		[ -d "solutions/$lab" ] && cp -r "solutions/$lab/." "$dest/$lab/"
	done
}

# new_unclaimed "CLAIMS BEFORE": the sandbox uid claims in /run/memlabs-uids
# (setup.c) that were not there before and that no grader holds locked.
new_unclaimed() {
	local f
	for f in /run/memlabs-uids/*; do
		[ -e "$f" ] || continue
		f=${f##*/}
		case " $1 " in *" $f "*) continue ;; esac
		# Twice, a moment apart: a grader running beside this part (tests/run
		# runs two at a time) creates its file an instant before it locks it.
		flock -n "/run/memlabs-uids/$f" true && sleep 0.5 &&
			[ -e "/run/memlabs-uids/$f" ] && flock -n "/run/memlabs-uids/$f" true &&
			printf '%s ' "$f"
	done
}

GRADER=${GRADER:-build/grader}
# The checks grade the project's own fixtures: run as a user that is not
# root, they allow what the grader otherwise refuses (grading others' code
# without root, grader/README.md); 65-batch-limits checks the refusal.
[ "$(id -u)" = 0 ] || export MEMLABS_ALLOW_UNSAFE=1
# The parts change their scratch folder's mode (chmod 711) and remove it: a
# SCRATCH that is a shared folder (/tmp, a home) gets a folder of its own
# inside, never those changes.
case ${SCRATCH:-} in
"" | / | /tmp | /tmp/ | /var/tmp | /var/tmp/ | /dev/shm | /dev/shm/ | "${HOME:-/root}" | "${HOME:-/root}/")
	SCRATCH=$(mktemp -d "${SCRATCH:-/tmp}/memlabs-test-XXXXXX" 2>/dev/null || mktemp -d /tmp/memlabs-test-XXXXXX) ;;
esac

# A part that grades hostile submissions starts with this: hostile_work
# NAME WHAT sets work (a scratch folder the sandbox user can reach), or
# ends the part with a skip when the grader is not root (only a root grader
# runs student code as another user).
hostile_work() {
	if [ "$(id -u)" != 0 ]; then
		ok "$2: skipped, the grader is not root here (only a root grader can run student code as another user)"
		exit 0
	fi
	work="$SCRATCH/$1"
	rm -rf "$work"
	mkdir -p "$work"
	chmod 711 "$SCRATCH" "$work"
}

# A lab's own check (tests/labs/LAB/check.sh) starts with this:
# reference_lab LAB sets work (its scratch folder) and dir (a copy of the lab
# with the reference's files, built against this project's labs/driver and
# labs/traces: MEMLABS); the part ends there if it does not build.
reference_lab() {
	lab=$1
	work="$SCRATCH/check-$lab"
	rm -rf "$work"
	dir=$(lab_copy "$lab" "$work/labs" reference)
	if ! make -s -C "$dir" MEMLABS="$PWD" >"$work/build.log" 2>&1; then
		notok "$lab: the reference builds: $(tail -n 5 "$work/build.log")"
		exit 0
	fi
	ok "$lab: the reference builds"
}

# ... and ends with this: tests_pass_within SECONDS runs the lab's tests, all
# of them, with the reference, within that time.
tests_pass_within() {
	local start=$SECONDS took
	if (cd "$dir" && ./build/run-tests >"$work/tests.log" 2>&1); then
		ok "$lab: the reference passes its tests"
	else
		notok "$lab: the reference fails its tests: $(grep -A3 FAIL "$work/tests.log" | head -8)"
	fi
	took=$((SECONDS - start))
	check "$lab: the lab's tests take ${took}s (limit $1)" test "$took" -le "$1"
	rm -rf "$work"
}

#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# race.sh - lab 01's reference passes all its tests, run after run, from
# checkouts whose paths have different lengths (the length moves [heap]'s
# line in /proc/self/maps across the kernel's read boundaries: issue 14).
# Run from the repository's root; prints "ok - ..." / "not ok - ..." lines.
#
#   RACE_RUNS=N        runs per path length (make test: 20)
#   RACE_LENGTHS="..." the checkout paths' lengths (make test: 10 40 80 120)
#   RACE_SECONDS=S     stop after the round that ends past S seconds of runs,
#                      once RACE_MIN_RUNS (5) rounds are done (make test: 40;
#                      0: no limit). A round is one run at each length.
#
# The issue's full check, about 20 minutes on one core:
#   RACE_RUNS=200 RACE_SECONDS=0 RACE_LENGTHS="$(seq -s ' ' 10 10 120)" bash tests/labs/01-segments/race.sh
set -u
. tests/lib.sh

LAB=01-segments
RUNS=${RACE_RUNS:-20}
LENGTHS=${RACE_LENGTHS:-10 40 80 120}
BUDGET=${RACE_SECONDS:-40}
MIN_RUNS=${RACE_MIN_RUNS:-5}
W=${SCRATCH:-/tmp}/race-$LAB.$$
base=$(mktemp -d /tmp/XXXXX)    # 10 characters
trap 'rm -rf "$W" "$base"' EXIT

# Built once: the binaries do not depend on where they are, /proc/self/maps does.
lab_copy "$LAB" "$W/labs" reference >/dev/null
if ! out=$(make -s -C "$W/labs/$LAB" all 2>&1); then
	notok "$LAB: the reference builds: $(printf '%s' "$out" | tail -n 5)"
	exit 0
fi

# A checkout root under $base whose path is exactly $1 characters long
# (10, or 12 and more).
root_of_length() {
	local path=$base more
	while [ ${#path} -lt "$1" ]; do
		more=$(($1 - ${#path} - 1))
		[ "$more" -gt 60 ] && more=50
		if [ "$more" -lt 1 ]; then
			[ "$path" = "$base" ] && return 1
			path=${path}r
			continue
		fi
		path=$path/$(printf "%${more}s" '' | tr ' ' r)
	done
	printf '%s\n' "$path"
}

declare -A root failed first
for len in $LENGTHS; do
	root[$len]=$(root_of_length "$len") || { notok "$LAB: no checkout path of $len characters (10 or 12 and more)"; continue; }
	mkdir -p "${root[$len]}/labs"
	cp -r "$W/labs/common" "$W/labs/$LAB" "${root[$len]}/labs/"
	failed[$len]=0 first[$len]=""
done

start=$SECONDS runs=0
while [ "$runs" -lt "$RUNS" ]; do
	for len in "${!root[@]}"; do
		if ! out=$(cd "${root[$len]}/labs/$LAB" && ./build/run-tests 2>&1); then
			failed[$len]=$((failed[$len] + 1))
			[ -n "${first[$len]}" ] || first[$len]=$(printf '%s\n' "$out" | grep -m 3 -E 'FAIL|Assertion|listed')
		fi
	done
	runs=$((runs + 1))
	[ "$BUDGET" -gt 0 ] && [ "$runs" -ge "$MIN_RUNS" ] && [ $((SECONDS - start)) -ge "$BUDGET" ] && break
done

for len in $LENGTHS; do
	[ -n "${root[$len]:-}" ] || continue
	if [ "${failed[$len]}" -eq 0 ]; then
		ok "$LAB: the reference passes all its tests $runs times of $runs from a checkout path of $len characters"
	else
		notok "$LAB: the reference failed ${failed[$len]} runs of $runs from a checkout path of $len characters: ${first[$len]}"
	fi
done
exit 0

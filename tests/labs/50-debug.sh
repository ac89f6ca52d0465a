#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# 50-debug.sh - make debug stops in the student's function: gdb in batch mode,
# on lab 01 (a breakpoint in maps_parse_line, bt, p) and lab 02 (the probe,
# with SIGSEGV let through to the student's handler). After gdb the worker
# goes on and the test passes. Run from the repository's root.
set -u
. tests/lib.sh

if ! command -v gdb >/dev/null 2>&1; then
	notok "make debug: gdb is not installed (make deps-learner)"
	exit 0
fi
W=${SCRATCH:-/tmp}/debug.$$
trap 'rm -rf "$W"' EXIT

# debug_run LAB TEST FUNCTION GDB-ARGS: make debug's output in $out.
debug_run() {
	local dir
	dir=$(lab_copy "$1" "$W/$1" reference)
	if ! out=$(make -s -C "$dir" all 2>&1); then
		notok "make debug: lab $1's reference builds: $(printf '%s' "$out" | tail -n 5)"
		return 1
	fi
	out=$(cd "$dir" && timeout 60 make -s debug T="$2" B="$3" GDB_ARGS="$4" 2>&1)
}

# expect WHAT REGEX: ok when make debug's output has a line matching REGEX.
expect() {
	if grep -Eq -- "$2" <<< "$out"; then
		ok "make debug: $1"
	else
		notok "make debug: $1: no line matches '$2' in: $(tail -n 15 <<< "$out")"
	fi
}

if debug_run 01-segments maps/parses_file_mapping maps_parse_line '-batch -ex bt -ex "p e->perms"'; then
	expect "lab 01: gdb stops at the breakpoint in maps_parse_line" '^Breakpoint [0-9]+, maps_parse_line \(line='
	expect "lab 01: bt shows maps_parse_line called by the worker" '^#1 .* in w_maps_parse_line '
	expect "lab 01: p prints the student's argument" '^\$1 = "'
	expect "lab 01: after gdb the test goes on and passes" '^\[PASS\] maps::parses_file_mapping'
fi

if debug_run 02-brk probe/unmapped_memory probe_readable \
	'-batch -ex "handle SIGSEGV nostop noprint pass" -ex "p addr" -ex continue -ex "p addr"'; then
	expect "lab 02: gdb stops in probe_readable (address 16)" '^\$1 = \(const void \*\) 0x10$'
	expect "lab 02: with SIGSEGV let through, the probe goes on to its next call" '^\$2 = \(const void \*\) 0x'
	expect "lab 02: the probe's handler got the SIGSEGV, the test passes" '^\[PASS\] probe::unmapped_memory'
fi
exit 0

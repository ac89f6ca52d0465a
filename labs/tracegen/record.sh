#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# record.sh - re-record the project's shipped traces of real programs.
#
# Usage: labs/tracegen/record.sh [OUTDIR]     (default: labs/traces)
#
# What the programs allocate depends on the C library, the locale and the
# files they read, so a new recording differs from the shipped one in its
# details: the shipped files are what these commands did on Debian 12
# (glibc 2.36) when they were recorded. The inputs are made here, so the
# same machine gives the same traces.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/../traces}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C
# 2,000 lines of pseudo-random words, the same every time.
awk 'BEGIN { srand(4); for (i = 0; i < 2000; i++) {
	n = 1 + int(rand() * 8); s = ""
	for (j = 0; j < n; j++) s = s sprintf("%c", 97 + int(rand() * 26))
	print s, int(rand() * 100000) } }' > "$tmp/words"
mkdir -p "$tmp/dir"
for i in $(seq 1 40); do echo "$i" > "$tmp/dir/file-$i"; done
"$here/memrec.sh" "$out/rec-ls.rep" ls -l "$tmp/dir" > /dev/null
"$here/memrec.sh" "$out/rec-sort.rep" sort "$tmp/words" > /dev/null
"$here/memrec.sh" "$out/rec-perl.rep" perl -e \
	'my %h; $h{"k$_"} = "v" x ($_ % 50) for 1..800; delete $h{"k$_"} for grep { $_ % 3 } 1..800; print scalar(keys %h), "\n"' > /dev/null

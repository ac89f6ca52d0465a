#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# memrec.sh - record a program's allocations as a trace.
#
# Usage: labs/tracegen/memrec.sh OUT.rep CMD [ARGS...]
# Try:   labs/tracegen/memrec.sh /tmp/ls.rep ls -l /etc
#        (then, in labs/04-toy: build/mdriver -V -f /tmp/ls.rep)
#
# Builds libmemrec.so (memrec.c) if needed, runs CMD with it preloaded, and
# turns the record of CMD's own process (not of the programs it starts) into
# a trace: a classic header, the operations, and a free for every block
# still live at exit, so that the trace ends with an empty heap.
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 OUT.rep CMD [ARGS...]" >&2; exit 2; }
out=$1; shift
here=$(cd "$(dirname "$0")" && pwd)
so=${MEMREC_SO:-${TMPDIR:-/tmp}/memlabs-memrec/libmemrec.so}
if [ ! -e "$so" ] || [ "$here/memrec.c" -nt "$so" ]; then
	mkdir -p "$(dirname "$so")"
	${CC:-cc} -std=c17 -D_GNU_SOURCE -O2 -Wall -Wextra -fPIC -shared \
		"$here/memrec.c" -o "$so" -lpthread
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
( exec env LD_PRELOAD="$so" MEMREC_FILE="$tmp/raw" "$@" ) || status=$?
# The first process to allocate is CMD itself: the lowest pid that wrote.
# shellcheck disable=SC2012 # our own names, sorted by their number
raw=$(ls "$tmp"/raw.* 2>/dev/null | sort -t. -k2 -n | head -1 || true)
[ -n "$raw" ] || { echo "memrec: $1 made no allocation that was recorded" >&2; exit 1; }
awk '
	{ op[NR] = $0 }
	$1 == "a" || $1 == "r" { size = $3 }
	$1 == "c" { size = $3 * $4 }
	$1 != "f" { cur += size - live[$2]; live[$2] = size; if ($2 + 1 > ids) ids = $2 + 1 }
	$1 == "f" { cur -= live[$2]; delete live[$2] }
	cur > peak { peak = cur }
	END {
		n = NR
		for (id in live) op[++n] = "f " id
		print (peak > 4096 ? peak : 4096); print ids; print n; print 1
		for (i = 1; i <= n; i++) print op[i]
	}' "$raw" > "$out"
echo "memrec: $(sed -n 3p "$out") operations on $(sed -n 2p "$out") blocks -> $out (exit status $status)" >&2

#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# memrec.sh - record a program's allocations as a trace.
#
# Usage: labs/tracegen/memrec.sh OUT.rep CMD [ARGS...]
# Try:   labs/tracegen/memrec.sh /tmp/ls.rep ls -l /etc
#        (then, in labs/04-toy: build/mdriver -V -f /tmp/ls.rep)
#        MEMREC_OPS=50000 labs/tracegen/memrec.sh /tmp/cc1.rep CMD...
#        keeps the program's first 50,000 operations (then the frees)
#
# Builds libmemrec.so (memrec.c) if needed, runs CMD with it preloaded, and
# turns the record of CMD's own process (not of the programs it starts) into
# a trace: a classic header, the operations, and a free for every block
# still live at exit (or after the first MEMREC_OPS operations, when set:
# the rest of the record is left out), so that the trace ends with an
# empty heap. Ids are given again, the one freed last first, so that a
# long trace's blocks need few of them.
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
max=${MEMREC_OPS:-0}
case $max in *[!0-9]*) echo "memrec: MEMREC_OPS=$max is not a number" >&2; exit 2 ;; esac
awk -v max="$max" '
	max > 0 && NR > max { exit }
	{ raw = $2 }
	$1 == "a" || $1 == "c" {        # a new block: the id freed last, or a new one
		id = nfree ? free[nfree--] : ids++
		map[raw] = id
	}
	$1 == "r" || $1 == "f" { id = map[raw] }
	$1 == "f" { delete map[raw]; free[++nfree] = id }
	{ $2 = id }
	{ op[++n] = $0 }
	$1 == "a" || $1 == "r" { size = $3 }
	$1 == "c" { size = $3 * $4 }
	$1 != "f" { cur += size - live[id]; live[id] = size }
	$1 == "f" { cur -= live[id]; delete live[id] }
	cur > peak { peak = cur }
	END {
		for (id in live) op[++n] = "f " id
		print (peak > 4096 ? peak : 4096); print ids + 0; print n; print 1
		for (i = 1; i <= n; i++) print op[i]
	}' "$raw" > "$out"
echo "memrec: $(sed -n 3p "$out") operations, $(sed -n 2p "$out") ids -> $out (exit status $status)" >&2

# shellcheck shell=bash
# SPDX-License-Identifier: MIT
# check.sh - lab 08's own checks: what its handout tells the reader to run
# does what the handout says, on this machine, with the reference solution
# (memprobe under a limit, the supervisor's outcomes, and the 32-bit runs
# where gcc -m32 works), and the whole lab's tests stay fast.
. tests/lib.sh
reference_lab 08-limits

# Task 1: under ulimit -v 262144 (256 MiB), both probes find a little less.
out=$(cd "$dir" && ulimit -v 262144 && ./build/memprobe largest && ./build/memprobe total 4)
check "$lab: memprobe under ulimit -v 262144 finds between 200 and 256 MiB" \
	grep -qE '^total [0-9]+ \((2[0-4][0-9]|25[0-5]) MiB' <<<"$out"

# Task 2: the supervisor's three outcomes of the handout.
sup() { (cd "$dir" && ./build/supervise "$@" 2>&1); }
check "$lab: supervise -a 64m victim heap: enomem" grep -q '^outcome enomem ' <<<"$(sup -a 64m ./build/victim heap -)"
check "$lab: supervise -d 32m victim mmap: enomem" grep -q '^outcome enomem ' <<<"$(sup -d 32m ./build/victim mmap -)"
check "$lab: supervise -s 1m victim stack: segv" grep -q '^outcome segv ' <<<"$(sup -s 1m ./build/victim stack -)"

# 32-bit: about 4 GiB, 3 GiB with --3gb; the articles' i386 map.
if [ -x "$dir/build/memprobe32" ] && (cd "$dir" && ./build/memprobe32 maps >/dev/null 2>&1); then
	mib() { sed -n 's/^total [0-9]* (\([0-9]*\) MiB.*/\1/p'; }
	full=$(cd "$dir" && setarch i386 -R ./build/memprobe32 total | mib)
	three=$(cd "$dir" && setarch i386 -R --3gb ./build/memprobe32 total | mib)
	check "$lab: a 32-bit process here reserves more than 3 GiB (${full:-?} MiB)" test "${full:-0}" -gt 3072
	check "$lab: under --3gb, less than 3 GiB (${three:-?} MiB)" test "${three:-9999}" -lt 3072 -a "${three:-0}" -gt 2048
	maps=$(cd "$dir" && setarch i386 -R --3gb ./build/memprobe32 maps)
	check "$lab: -m32 -no-pie under setarch i386 -R --3gb: text at 0x08048000, stack ending at 0xc0000000" \
		bash -c 'grep -q "^08048000-" <<<"$1" && grep -q -- "-c0000000 .*\[stack\]" <<<"$1"' _ "$maps"
	# The articles' i386 map with lab 01's layout (the reference's lab 01
	# next to this copy, as ../01-segments is in a student's tree): the
	# table its code prints against the raw maps layout.c prints from the
	# same process a moment later (anonymous mappings and the heap may have
	# grown in between: those rows are not compared).
	lab_copy 01-segments "$(dirname "$dir")" reference >/dev/null
	if (cd "$dir" && make -s layout32 >"$work/layout32.log" 2>&1); then
		out=$(cd "$dir" && setarch i386 -R --3gb ./build/layout32 -m -t)
		check "$lab: make layout32 (lab 01's layout, -m32 -no-pie) under setarch i386 -R --3gb: text at 0x08048000, the heap right after .bss, the stack ending at 0xc0000000, each row of the table a mapping of the raw maps" \
			awk '
			function pad(s) { return substr("0000000000000000" s, length(s) + 1) }
			/^[0-9a-f]+-[0-9a-f]+ / { split($1, a, "-"); raw[pad(a[1]) " " pad(a[2])] = 1; next }
			/^[0-9a-f]+ [0-9a-f]+ / {
				if (!rows++) first = ($1 == "0000000008048000")
				if ($5 != "mmap" && $5 != "heap" && !(($1 " " $2) in raw)) bad = bad " " $1
				if ($5 == "text" && $1 <= "0000000008049000") text = 1
				if ($5 == "heap" && $1 == bss_end) heap = 1
				if ($5 == "bss") bss_end = $2
				if ($5 == "stack" && $2 == "00000000c0000000") stack = 1
			}
			END { exit !(rows > 10 && bad == "" && first && text && heap && stack) }' <<<"$out"
	else
		notok "$lab: make layout32 builds lab 01's layout with -m32: $(tail -n 5 "$work/layout32.log")"
	fi
else
	ok "$lab: the 32-bit checks: skipped, gcc -m32 does not build or run here"
fi

# The lab's tests, all of them, in well under 20 seconds.
tests_pass_within 20

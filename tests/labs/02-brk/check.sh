# shellcheck shell=bash
# SPDX-License-Identifier: MIT
# 02-brk.sh - lab 02's own checks: what its handout tells the reader to run
# does what the handout says, on this machine, with the reference solution.
. tests/lib.sh
reference_lab 02-brk
run() { (cd "$dir" && "$@" 2>&1); }

# Task 3 / brkdemo: after growing by one byte the rest of the page is
# writable and the next page is not; RSS falls after heap_shrink.
out=$(run ./build/brkdemo 1)
if grep -q 'last byte of that page .* writable? yes' <<<"$out" &&
   grep -q 'first byte of the next page .* writable? no' <<<"$out"; then
	ok "$lab: brkdemo 1 shows the rest of the break's page writable and the next page not"
else
	notok "$lab: brkdemo 1 does not show page granularity: $out"
fi
out=$(run ./build/brkdemo 64M)
rss=$(sed -n 's/.*RSS \([0-9]*\) KiB -> touched: \([0-9]*\) KiB -> after heap_shrink: \([0-9]*\) KiB.*/\1 \2 \3/p' <<<"$out")
read -r r0 r1 r2 <<<"$rss"
if [ -n "$r2" ] && [ $((r1 - r0)) -gt 60000 ] && [ $((r1 - r2)) -gt 60000 ]; then
	ok "$lab: brkdemo 64M: RSS rises by 64 MiB and falls after heap_shrink ($r0 -> $r1 -> $r2 KiB)"
else
	notok "$lab: brkdemo 64M does not show RSS rising and falling: $out"
fi
out=$(cd "$dir" && ulimit -d 1000 && ./build/brkdemo 64M 2>&1)
if grep -q 'heap_grow(67108864): Cannot allocate memory' <<<"$out"; then
	ok "$lab: with ulimit -d 1000, brkdemo 64M fails with ENOMEM"
else
	notok "$lab: with ulimit -d 1000, brkdemo 64M did not fail with ENOMEM: $out"
fi
out=$(run strace -e trace=brk ./build/brkdemo 10)
if ! strace -e trace=none true >/dev/null 2>&1; then
	ok "$lab: strace cannot trace here (skipped the strace check)"
elif grep -q '^brk(NULL)' <<<"$out" && grep -q '^--- SIGSEGV' <<<"$out"; then
	ok "$lab: strace of brkdemo shows brk(NULL) and the probe's caught SIGSEGV"
else
	notok "$lab: strace -e trace=brk ./build/brkdemo 10 does not show brk(NULL) and a SIGSEGV: $(head -5 <<<"$out")"
fi

# Task 5 / firstbrk: no heap before the first move; gap below a page
# without ASLR.
out=$(run ./build/firstbrk)
if grep -q '^heap_before 0 ' <<<"$out" && grep -q '^heap_after 1 ' <<<"$out"; then
	ok "$lab: firstbrk sees no [heap] before the break moves, and one after"
else
	notok "$lab: firstbrk: $out"
fi
if out=$(run setarch -R ./build/firstbrk) && gap=$(sed -n 's/^gap //p' <<<"$out") && [ -n "$gap" ]; then
	if [ "$gap" -ge 0 ] && [ "$gap" -lt "$(getconf PAGESIZE)" ]; then
		ok "$lab: setarch -R firstbrk: gap $gap is less than a page"
	else
		notok "$lab: setarch -R firstbrk: gap $gap is not less than a page"
	fi
else
	ok "$lab: setarch -R is not available here (skipped)"
fi

# free_and_sbrk: the three runs the handout quotes.
expect_free() {
	local want=$1; shift
	local out
	out=$(run ./build/free_and_sbrk "$@")
	if grep -q "($want by" <<<"$out"; then
		ok "$lab: free_and_sbrk $*: break $want, as the handout says"
	else
		notok "$lab: free_and_sbrk $*: expected '$want': $(tail -1 <<<"$out")"
	fi
}
expect_free "not lowered" 100 10k 1 99
expect_free "lowered" 100 10k
expect_free "lowered" 100 10k 80 100
expect_free "not lowered" 100 10k 100 100
expect_free "not lowered" 100 10k 1 100 2


rm -rf "$work"

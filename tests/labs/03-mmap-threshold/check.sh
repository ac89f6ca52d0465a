# shellcheck shell=bash
# SPDX-License-Identifier: MIT
# 03-mmap-threshold.sh - lab 03's own checks: the reference model predicts
# the real glibc of this machine on every operation of 1000+ random
# sequences; the mallinfo2() fallback works (forced, and with no strace on
# PATH); the numbers the handout quotes are what this machine shows.
. tests/lib.sh
reference_lab 03-mmap-threshold
run() { (cd "$dir" && "$@" 2>&1); }

# The required one: 100% of at least 1000 random sequences, observed with
# strace where it works. 1000 sequences of 16 operations (always the same),
# then 200 of 64 from a seed that changes every day (shown in the line, so a
# failure can be replayed with build/compare --random 1 --ops 64 --seed S).
expect_all() {
	local what=$1 want=$2; shift 2
	local out
	out=$(run "$@")
	local last
	last=$(tail -n 1 <<<"$out")
	if grep -q "^$want of $want sequences matched" <<<"$last"; then
		ok "$lab: $what: $last"
	else
		notok "$lab: $what: $last; first mismatch: $(grep -m1 -B40 '^(seed' <<<"$out" | head -45)"
	fi
}
expect_all "reference vs real glibc, 1000 random sequences of 16 ops" 1000 ./build/compare --random 1000 --seed 1 --ops 16 --quiet
seed=$(( ($(date +%s) / 86400) * 1000 ))
expect_all "reference vs real glibc, 200 random sequences of 64 ops, seeds $seed.." 200 ./build/compare --random 200 --seed "$seed" --ops 64 --quiet
if ! strace -f -o /dev/null -e trace=brk true >/dev/null 2>&1; then
	ok "$lab: NOTE strace/ptrace does not work here: the runs above used the mallinfo2() fallback"
fi

# The fallback, forced by the environment and by strace missing from PATH.
out=$(cd "$dir" && MEMLAB_OBSERVE=mallinfo ./build/compare --random 100 --seed 7 --quiet 2>&1 | tail -n 1)
if grep -q '^100 of 100 sequences matched.*mallinfo2' <<<"$out"; then
	ok "$lab: MEMLAB_OBSERVE=mallinfo: the fallback observes and says so: $out"
else
	notok "$lab: MEMLAB_OBSERVE=mallinfo: $out"
fi
out=$(cd "$dir" && PATH=/nonexistent ./build/compare m200000 f0 m300000 2>&1 | tail -n 1)
if grep -q '^3 of 3 operations predicted right; NOTE.*mallinfo2' <<<"$out"; then
	ok "$lab: without strace on PATH the runner falls back to mallinfo2() with a note"
else
	notok "$lab: without strace on PATH: $out"
fi

# The numbers the handout quotes.
out=$(run ./build/switchpoint 256k)
if grep -q 'fresh process: *malloc(134473) is the first' <<<"$out" &&
   grep -q '262144): malloc(262121) is the first' <<<"$out"; then
	ok "$lab: switchpoint finds 134473 (fresh) and 262121 (threshold 256 KiB), as the handout says"
else
	notok "$lab: switchpoint does not give the handout's numbers: $out"
fi
out=$(run ./build/compare m131049 m131049)
if grep -q '0  malloc(131049) *brk +135168 *brk +135168' <<<"$out" &&
   grep -q '1  malloc(131049) *mmap 135168 *mmap 135168' <<<"$out"; then
	ok "$lab: 'compare m131049 m131049': first from the heap, second mmapped, as the handout says"
else
	notok "$lab: 'compare m131049 m131049' differs from the handout: $out"
fi
out=$(run ./build/stats 0)
if grep -q 'usable 24' <<<"$out" && grep -q 'in use bytes *= *688' <<<"$out" &&
   grep -q 'system bytes *= *135168' <<<"$out"; then
	ok "$lab: stats 0: usable 24, in use 688 (tcache 656 + 32), system 135168, as the handout says"
else
	notok "$lab: stats 0 differs from the handout: $out"
fi
out=$(run ./build/compare m300000 f0 m300000)
if grep -q '2  malloc(300000) *brk +299008 *brk +299008' <<<"$out"; then
	ok "$lab: after freeing a 300000-byte mmapped block, the same request comes from brk"
else
	notok "$lab: dynamic threshold example differs from the handout: $out"
fi
out=$(run ./build/compare M1000000 T0 P0 m65536 m68920 f3)
if grep -q '5  free(#3) *brk +4096 *brk +4096' <<<"$out"; then
	ok "$lab: the handout's quirk: with a 32-byte top chunk, free() grows the heap by a page"
else
	notok "$lab: the 32-byte-top quirk example differs from the handout: $out"
fi
out=$(run ./build/compare M67108864 m40000000)
if grep -q '1  malloc(40000000) *brk +135168, brk +39997440 *brk +135168, brk +39997440' <<<"$out"; then
	ok "$lab: mallopt(M_MMAP_THRESHOLD, 64 MiB) is accepted: 40 MB come from brk, as the handout says"
else
	notok "$lab: 'compare M67108864 m40000000' differs from the handout: $out"
fi
out=$(run ./build/stats -c 64M)
rss=$(sed -n 's/^RSS \([0-9]*\) KiB before, \([0-9]*\) KiB after.*/\1 \2/p' <<<"$out")
read -r r0 r1 <<<"$rss"
if [ -n "$r1" ] && [ $((r1 - r0)) -lt 8192 ]; then
	ok "$lab: calloc(64 MiB) leaves RSS almost unchanged ($r0 -> $r1 KiB): mmapped memory comes zeroed"
else
	notok "$lab: stats -c 64M: $out"
fi
out=$(cd "$dir" && MALLOC_TOP_PAD_=131072 strace -e trace=brk,mmap,munmap,lseek ./build/seqchild m300000 f0 m300000 2>&1 | sed -n '/lseek(-1, 2,/,/lseek(-1, 3,/p')
if ! strace -f -o /dev/null -e trace=brk true >/dev/null 2>&1; then
	ok "$lab: strace cannot trace here (skipped the MALLOC_TOP_PAD_ check)"
elif grep -q '^mmap(NULL, 303104' <<<"$out"; then
	ok "$lab: MALLOC_TOP_PAD_ in the environment turns the dynamic threshold off, as the handout says"
else
	notok "$lab: with MALLOC_TOP_PAD_=131072 the third operation was not mmapped: $out"
fi
out=$(run ./build/parsetrace tests/fixtures/threads.txt)
if [ "$(wc -l <<<"$out")" = 27 ] && grep -q 'pid 7364 *mmap .*len 134217728' <<<"$out"; then
	ok "$lab: parsetrace reads the threads fixture (27 calls)"
else
	notok "$lab: parsetrace tests/fixtures/threads.txt: $(head -3 <<<"$out")"
fi

# A predict() that runs the sequence instead of modelling it, or that writes
# files, gets nowhere: it runs in a child that can only compute.
cat > "$dir/predict.c" <<'CHEAT'
#include "predict.h"
#include "runner.h"
#include <errno.h>
#include <stdio.h>
int predict(const struct seq *s, struct op_events out[])
{
	char err[256];
	FILE *f = fopen("build/seqchild", "w");
	if (f)
		fputs("#!/bin/sh\n", f);
	if (run_sequence(s, out, err, sizeof err) < 0)
		return -1;
	return 0;
}
CHEAT
if make -s -C "$dir" build/compare >"$work/cheat.log" 2>&1; then
	out=$(cd "$dir" && ./build/compare m200000 f0 2>&1)
	if grep -q 'predict() returned -1 (Operation not permitted)' <<<"$out" &&
	   [ "$(head -c 4 "$dir/build/seqchild")" = "$(printf '\177ELF')" ]; then
		ok "$lab: a predict() that runs the sequence itself or writes files is refused"
	else
		notok "$lab: a cheating predict() was not refused: $out"
	fi
else
	notok "$lab: the cheating predict() did not build: $(tail -n 3 "$work/cheat.log")"
fi
cp "solutions/$lab/predict.c" "$dir/predict.c"

rm -rf "$work"

# shellcheck shell=bash
# SPDX-License-Identifier: MIT
# 30-allocators.sh - the driver catches allocators that misbehave in every
# way it claims to (README.md, "What is checked"): memory not from the heap,
# misaligned or overlapping payloads, writes into live blocks, NULL, a
# crash, a hang, an exit, a realloc that does not copy, a calloc that does
# not zero, and timed replays that do other work than the checked one.
. tests/driver/toy.bash

# misbehave NAME 'EXPECTED' SED [EXTRA-C]: a toy.c variant, replayed on the
# short trace; the driver must report the trace as failed with the message.
misbehave() {
	local name=$1 want=$2
	if ! lab_with "$name" "$3" "${4:-}"; then
		notok "driver: the '$name' allocator builds: $(tail -n 5 "$work/$name/build.log")"
		return
	fi
	local out
	# -T 6: a hang in a batch of the checked replay costs its 2 s twice
	# (the replay runs again one call per operation, to name it).
	out=$("$work/$name/$lab/build/mdriver" -s -T 6 -f "$root/labs/traces/short.rep" 2>&1)
	if grep -qF -- "$want" <<<"$out" && grep -q "short .* \(fail\|timeout\)" <<<"$out"; then
		ok "driver: mdriver catches an allocator that $name: $(sed -n 3p <<<"$out" | sed 's/^ *//' | head -c 200)"
	else
		notok "driver: an allocator that $name: want '$want', got: $(head -c 400 <<<"$out")"
	fi
	rm -rf "${work:?}/$name"
}
rename='s/^void \*toy_malloc(size_t size)$/static void *real_malloc(size_t size)/'
misbehave "hands out the C library's memory" "is not inside the heap" "$rename" \
	'#include <stdlib.h>
void *toy_malloc(size_t size) { return malloc(size); }'
misbehave "returns a misaligned payload" "is not aligned to 16 bytes" "$rename" \
	'void *toy_malloc(size_t size) { char *p = real_malloc(size + 8); return p ? p + 8 : p; }'
misbehave "returns a block twice" "overlaps block" "$rename" \
	'void *toy_malloc(size_t size) { static char *last; if (last && size < 100) return last; return last = real_malloc(size < 100 ? 100 : size); }'
misbehave "writes into a live payload" "was changed before it was freed" "$rename" \
	'void *toy_malloc(size_t size) { static char *first; char *p = real_malloc(size); if (first) first[3] ^= 1; else first = p; return p; }'
misbehave "returns NULL" "malloc returned NULL for block" "$rename" \
	'void *toy_malloc(size_t size) { (void)real_malloc; (void)size; return 0; }'
misbehave "crashes" "malloc crashed the student's process: killed by signal 11" "$rename" \
	'void *toy_malloc(size_t size) { static int n; if (++n == 3) *(volatile int *)0 = 0; return real_malloc(size); }'
misbehave "hangs" "malloc did not return within 2 s" "$rename" \
	'void *toy_malloc(size_t size) { static int n; if (++n == 3) for (;;) {} return real_malloc(size); }'
misbehave "exits the process" "process ended during malloc, with exit status 0" "$rename" \
	'#include <stdlib.h>
void *toy_malloc(size_t size) { static int n; if (++n == 3) exit(0); return real_malloc(size); }'
# realloc and calloc: the toy has neither, so these give the submission's side
# a bad one through the adapter (ALLOCATOR_STUDENT is defined only there).
bad_api() {
	local name=$1 want=$2 trace=$3 funcs=$4 fields=$5 dir="$work/$1"
	lab_copy "$lab" "$dir" reference >/dev/null
	cat > "$dir/$lab/alloc_api.c" <<C
#include "allocator.h"
#include "toy.h"
#ifdef ALLOCATOR_STUDENT
$funcs
#endif
const struct allocator ALLOCATOR_VAR = {
	.name = "toy", .init = toy_init, .malloc = toy_malloc, .free = toy_free,
#ifdef ALLOCATOR_STUDENT
	$fields
#endif
	.check = toy_check, .uses_memlib = true,
};
C
	if ! make -s -C "$dir/$lab" MEMLABS="$root" REFERENCE="$root/solutions" >"$dir/build.log" 2>&1; then
		notok "driver: the '$name' adapter builds: $(tail -n 5 "$dir/build.log")"
		return
	fi
	local out
	out=$("$dir/$lab/build/mdriver" -s -f "$root/labs/traces/$trace.rep" 2>&1)
	if grep -qF -- "$want" <<<"$out" && grep -q "^$trace .* fail" <<<"$out"; then
		ok "driver: mdriver catches $name: $(sed -n 3p <<<"$out" | sed 's/^ *//' | head -c 200)"
	else
		notok "driver: $name: want '$want', got: $(head -c 400 <<<"$out")"
	fi
	rm -rf "$dir"
}
bad_api "a realloc that does not copy" "did not keep its contents" realloc \
	'static void *bad_realloc(void *p, size_t n) { void *q = toy_malloc(n); toy_free(p); return q; }' \
	'.realloc = bad_realloc,'
bad_api "a calloc that does not zero" "is not zero" calloc \
	'static void *bad_calloc(size_t n, size_t size) { return toy_malloc(n * size); }' \
	'.calloc = bad_calloc,'

# Allocators that do other work when they are timed than when they are
# checked (they tell by counting inits: the checked replay calls it once,
# each timed replay once more). cheat NAME 'EXPECTED' STATUS C-CODE: the
# driver's line for random.rep must have the status and the message, and
# a pass must score 0.8 of the points (correctness and utilization only).
renames='s/^int toy_init(void)$/static int real_init(void)/; s/^void \*toy_malloc(size_t size)$/static void *real_malloc(size_t size)/; s/^void toy_free(void \*ptr)$/static void real_free(void *ptr)/'
cheat() {
	local name=$1 want=$2 status=$3
	if ! lab_with "$name" "$renames" "$4"; then
		notok "driver: the '$name' allocator builds: $(tail -n 5 "$work/$name/build.log")"
		return
	fi
	rm -f "$work/$name/r"
	TRACES='' "$work/$name/$lab/build/mdriver" --lab-results "$work/$name/r" \
		-f "$root/labs/traces/random.rep" >/dev/null 2>&1
	local line score max
	line=$(cat "$work/$name/r")
	score=$(cut -f4 <<<"$line"); max=$(cut -f5 <<<"$line")
	if grep -q "	$status	" <<<"$line" && grep -qF -- "$want" <<<"$line" &&
	   { [ "$status" != pass ] || awk -v s="$score" -v m="$max" 'BEGIN {exit !(s < 0.81 * m && s > 0.79 * m)}'; }; then
		ok "driver: an allocator that $name: $status, $score of $max: $(cut -f6 <<<"$line" | head -c 200)"
	else
		notok "driver: an allocator that $name: want $status and '$want', got: $(head -c 400 <<<"$line")"
	fi
	rm -rf "${work:?}/$name"
}
cheat "bumps a pointer when timed" "no speed points: the timed replays needed" pass \
	'#include "memlib.h"
static int round_;
int toy_init(void) { round_++; return real_init(); }
void *toy_malloc(size_t size) { if (round_ < 2) return real_malloc(size);
	char *p = mem_sbrk((intptr_t)((size + 31) & ~(size_t)15)); return p == (void *)-1 ? 0 : p + 16; }
void toy_free(void *ptr) { if (round_ < 2) real_free(ptr); }'
cheat "hands out the checked replay's payloads again when timed" "in a timed replay, on a variant of the trace" fail \
	'static int round_, n;
static void *seen[1 << 16];
int toy_init(void) { round_++; n = 0; return real_init(); }
void *toy_malloc(size_t size) { if (round_ < 2) return seen[n++ & 0xffff] = real_malloc(size); return seen[n++ & 0xffff]; }
void toy_free(void *ptr) { if (round_ < 2) real_free(ptr); }'

rm -rf "$work"

# shellcheck shell=bash
# SPDX-License-Identifier: MIT
# check.sh - lab 07's own checks: what its handout tells the reader to run
# does what the handout says, on this machine, with the reference solution
# (rssplot: the defaults keep the heap resident until the top block goes,
# the policy gives it back), and the whole lab's tests stay fast.
. tests/lib.sh
reference_lab 07-release

# rssplot's rows: phase, default kB, policy kB, faults of each.
rss_ok() { # rss_ok OUTPUT
	awk '/^$/ { exit }
	     /^free all but the top / { d = $(NF-3); p = $(NF-2) }
	     /^free the top block / { e = $(NF-3) }
	     END { exit !(d > 40000 && p < d - 32768 && e < d - 32768) }' <<<"$1"
}
out=$(cd "$dir" && ./build/rssplot 2>&1)
check "$lab: rssplot shows the defaults' heap resident until the top block goes, the policy's given back" \
	rss_ok "$out"
# Where ptrace is allowed, the policy's trim is one madvise in that phase.
if ! grep -q 'ptrace refused' <<<"$out"; then
	check "$lab: rssplot counts the policy's madvise of malloc_trim(0) after the big free" \
		grep -qE '^free all but the top +[0-9]+/[0-9]+ +0/[1-9]' <<<"$out"
fi

# analyse (task 1b): the reference's model beside glibc on huge.rep, eight
# phases; at the end nothing is mmapped and the heap is all but given back
# by a trim (the book says so); a random trace from a seed; bad input says
# what is wrong.
traces=$PWD/labs/traces
out=$(cd "$dir" && ./build/analyse "$traces/huge.rep" 2>&1)
analyse_ok() { # analyse_ok OUTPUT
	awk 'NR > 2 { n++; split($5, m, "/"); split($7, r, "/"); split($3, h, "/") }
	     END { exit !(n == 8 && m[1] == 0 && m[2] == 0 && r[2] > h[2] / 2) }' <<<"$1"
}
check "$lab: analyse huge.rep prints 8 phases, nothing mmapped at the end, most of the heap reclaimable" \
	analyse_ok "$out"
check "$lab: analyse -s 7 prints the random trace of seed 7" \
	bash -c "cd '$dir' && ./build/analyse -s 7 | grep -q '^random-7: '"
bad=$(cd "$dir" && ./build/analyse /no/such.rep 2>&1; echo "status $?")
check "$lab: analyse of a missing trace says so and fails" \
	grep -qE 'such.rep.*No such file' <<<"$bad"
check "$lab: analyse of a missing trace exits 1" grep -q 'status 1' <<<"$bad"

# An analyse() that measures instead of modelling gets nowhere: the worker
# runs it in a child that can only compute, without brk
# (labs/common/run_confined.h). One runs the tests' own replay (fork and
# exec of build/replay-glibc; unconfined it scores full marks); one replays
# the trace on glibc's malloc in its own process and reads mallinfo2 (with
# brk allowed it gets 5 traces of 6 right in heap_and_in_use).
# cheat_analyse NAME TEST EXPECT: heapmodel.c from standard input; the
# output of the tests TEST must hold the line EXPECT.
cheat_analyse() {
	cat > "$dir/heapmodel.c"
	if ! make -s -C "$dir" MEMLABS="$PWD" >"$work/cheat.log" 2>&1; then
		notok "$lab: the $1 analyse() did not build: $(tail -n 3 "$work/cheat.log")"
		return
	fi
	local out
	out=$(cd "$dir" && ./build/run-tests --filter="$2" 2>&1)
	if grep -q "$3" <<<"$out" && grep -q 'Passing: 0 ' <<<"$out"; then
		ok "$lab: an analyse() that $1 loses $2"
	else
		notok "$lab: an analyse() that $1 was not refused: $(grep -E 'traces right|Synthesis' <<<"$out" | head -5)"
	fi
}
cheat_analyse "runs the tests' replay" 'analyse/*' 'analyse returned -1 (Operation not permitted)' <<'CHEAT'
#include "heapmodel.h"
#include "glibcrun.h"
#include <errno.h>
int analyse(const struct trace *t, const struct glibc_params *p, struct phase_mem out[AN_PHASES])
{
	struct glibc_phase g[AN_PHASES];
	char err[256];
	(void)p;
	if (glibc_measure(NULL, t, g, err, sizeof err) < 0)
		return -1;
	for (int k = 0; k < AN_PHASES; k++)
		out[k] = g[k].m;
	return 0;
}
CHEAT
# Without brk, glibc's heap is mmapped: a replay's numbers differ from the
# real heap's (now and then one trace falls within the tolerances).
cheat_analyse "replays the trace on its own malloc" 'analyse/heap_and_in_use' ' [01] of [0-9]* traces right' <<'CHEAT'
#include "heapmodel.h"
#include <errno.h>
#include <malloc.h>
#include <string.h>
#include <sys/mman.h>

int analyse(const struct trace *t, const struct glibc_params *p, struct phase_mem out[AN_PHASES])
{
	if (!t || !p || !out || t->num_ids <= 0) {
		errno = EINVAL;
		return -1;
	}
	void **ptr = mmap(NULL, (size_t)t->num_ids * sizeof *ptr, PROT_READ | PROT_WRITE,
	                  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (ptr == MAP_FAILED)
		return -1;
	malloc_trim(0);
	struct mallinfo2 m0 = mallinfo2();
	int k = 0;
	for (int i = 0; i <= t->num_ops; i++) {
		while (k < AN_PHASES && an_phase_end(t->num_ops, k) == i) {
			struct mallinfo2 mi = mallinfo2();
			out[k].heap = mi.arena;
			out[k].in_use = mi.uordblks - m0.uordblks;
			out[k].mmapped = mi.hblkhd - m0.hblkhd;
			out[k].resident = mi.uordblks - m0.uordblks + mi.hblkhd - m0.hblkhd;
			out[k].reclaimable = mi.fordblks > mi.keepcost ? (mi.fordblks - mi.keepcost) & ~(size_t)4095 : 0;
			k++;
		}
		if (i == t->num_ops)
			break;
		const struct op *op = &t->ops[i];
		switch (op->kind) {
		case OP_ALLOC:
			ptr[op->id] = malloc(op->size);
			break;
		case OP_CALLOC:
			ptr[op->id] = calloc(op->nmemb, op->size / (op->nmemb ? op->nmemb : 1));
			break;
		case OP_REALLOC:
			ptr[op->id] = realloc(ptr[op->id], op->size);
			break;
		case OP_FREE:
			free(ptr[op->id]);
			ptr[op->id] = NULL;
			break;
		}
		if (op->kind != OP_FREE && ptr[op->id])
			memset(ptr[op->id], 0xa5, op->size);
	}
	return 0;
}
CHEAT
cp "solutions/$lab/heapmodel.c" "$dir/heapmodel.c"
make -s -C "$dir" MEMLABS="$PWD" >"$work/build.log" 2>&1 || notok "$lab: the reference does not build again"

# The lab's tests, all of them, in well under 15 seconds.
tests_pass_within 15

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

# The lab's tests, all of them, in well under 15 seconds.
tests_pass_within 15

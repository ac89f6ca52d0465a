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

# The lab's tests, all of them, in well under 15 seconds.
tests_pass_within 15

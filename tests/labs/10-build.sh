# shellcheck shell=bash
# SPDX-License-Identifier: MIT
# Everything builds warning-free (-Wall -Wextra -Werror) with gcc and clang:
# the grader, and every lab both as shipped (the skeleton) and completed
# with the reference solution.
. tests/lib.sh

for cc in gcc clang; do
	check "grader builds with $cc -Werror" \
		$cc -std=c17 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror grader/src/*.c -o "$SCRATCH/grader-$cc" -lm
done

for lab in $(labs); do
	for which in skeleton solution; do
		for cc in gcc clang; do
			dir="$SCRATCH/build-$lab-$which-$cc"
			labdir=$(lab_copy "$lab" "$dir" "$([ $which = solution ] && echo reference)")
			check "$lab ($which) builds with $cc -Werror" \
				make -s -C "$labdir" all CC=$cc WERROR=-Werror MEMLABS="$PWD" REFERENCE="$PWD/solutions"
			rm -rf "$dir"
		done
	done
done

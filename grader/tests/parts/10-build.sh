# Everything builds warning-free (-Wall -Wextra -Werror) with gcc and clang:
# the grader, and every lab both as shipped (the skeleton) and completed
# with the reference solution.
. grader/tests/lib.sh

for cc in gcc clang; do
	check "grader builds with $cc -Werror" \
		$cc -std=c17 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror grader/src/*.c -o "$SCRATCH/grader-$cc" -lm
done

for lab in $(labs); do
	for which in skeleton solution; do
		for cc in gcc clang; do
			dir="$SCRATCH/build-$lab-$which-$cc"
			mkdir -p "$dir"
			cp -r labs/common "$dir/common"
			cp -r "labs/$lab" "$dir/$lab"
			rm -rf "$dir/$lab/build" "$dir/common/build"
			[ $which = solution ] && cp -r "solutions/$lab/." "$dir/$lab/"
			check "$lab ($which) builds with $cc -Werror" \
				make -s -C "$dir/$lab" all CC=$cc WERROR=-Werror MEMLABS="$PWD" REFERENCE="$PWD/solutions"
			rm -rf "$dir"
		done
	done
done

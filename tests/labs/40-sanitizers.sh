# shellcheck shell=bash
# SPDX-License-Identifier: MIT
# The reference solutions pass their tests under AddressSanitizer and
# UndefinedBehaviorSanitizer; the grader runs clean under them too.
. tests/lib.sh

export ASAN_OPTIONS=handle_segv=0:allow_user_segv_handler=1:detect_leaks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
for lab in $(labs); do
	dir="$SCRATCH/san-$lab"
	labdir=$(lab_copy "$lab" "$dir" reference)
	check "$lab: the reference passes its tests under ASan+UBSan" \
		make -s -C "$labdir" test SAN=1 MEMLABS="$PWD" REFERENCE="$PWD/solutions"
	rm -rf "$dir"
done

# The grader itself, built with the sanitizers, grading one lab.
root="$SCRATCH/san-grader"
mkdir -p "$root/build"
first=$(labs | head -n 1)
if [ -n "$first" ]; then
	lab_copy "$first" "$root/labs" >/dev/null
	ln -s "$PWD/solutions" "$root/solutions"
	if gcc -std=c17 -D_GNU_SOURCE -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all \
		grader/src/*.c -o "$root/build/grader" -lm 2>"$root/cc.log"; then
		ASAN_OPTIONS=detect_leaks=1 "$root/build/grader" --quiet --submission "$root/solutions" \
			--format json --out "$root/r.json" >/dev/null 2>"$root/err.log"
		status=$?
		if [ $status -le 1 ] && ! grep -q 'Sanitizer' "$root/err.log"; then
			ok "the grader runs clean under ASan+UBSan (grading $first)"
		else
			notok "the grader under ASan+UBSan: exit $status: $(head -c 1500 "$root/err.log")"
		fi
	else
		notok "the grader builds with ASan+UBSan: $(head -c 1500 "$root/cc.log")"
	fi
fi
rm -rf "$root"

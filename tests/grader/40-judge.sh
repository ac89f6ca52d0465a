# shellcheck shell=bash
# SPDX-License-Identifier: MIT
# The judge's unit tests (tests/grader/judge_test.c): every combination of
# what running a test can show, judged as grader/README.md says; and the
# grader's readers of the lab protocols on what labs/common/labproto.c
# writes. Built with the grader's sources (all but main.c), under
# AddressSanitizer and UndefinedBehaviorSanitizer.
. tests/lib.sh

bin="$SCRATCH/judge_test"
src=()
for f in grader/src/*.c; do [[ $f == */main.c ]] || src+=("$f"); done
# shellcheck disable=SC2046 # pkg-config's words are flags
if ${CC:-cc} -std=c17 -D_GNU_SOURCE -g -O1 -Wall -Wextra -Werror \
	-fsanitize=address,undefined -fno-sanitize-recover=all \
	-Igrader/src -Ilabs/common tests/grader/judge_test.c "${src[@]}" labs/common/labproto.c \
	$(pkg-config --cflags --libs criterion) -lm -o "$bin" > "$SCRATCH/judge_test.log" 2>&1; then
	ok "the judge's tests build (-Wall -Wextra -Werror, ASan and UBSan)"
else
	notok "the judge's tests build: $(tail -n 15 "$SCRATCH/judge_test.log")"
	exit 0
fi
# Criterion's own TAP, one line per test; "ok - suite::name" counts.
rm -f "$SCRATCH/judge_test.tap"
ASAN_OPTIONS=detect_leaks=1 "$bin" -j1 --tap="$SCRATCH/judge_test.tap" > "$SCRATCH/judge_test.out" 2>&1
status=$?
grep -E '^(not )?ok - ' "$SCRATCH/judge_test.tap" | sed -E 's/^((not )?ok - )/\1judge_test: /'
n=$(grep -cE '^ok - ' "$SCRATCH/judge_test.tap")
if [ $status = 0 ] && [ "$n" -ge 8 ]; then
	ok "judge_test exits 0 with its $n tests passed"
else
	notok "judge_test exits $status with $n tests passed: $(tail -n 20 "$SCRATCH/judge_test.out")"
fi

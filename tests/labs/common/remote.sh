# shellcheck shell=bash
# SPDX-License-Identifier: MIT
# remote.sh - labs/common/remote*.c, the channel between a lab's tests (the
# judge) and the process that runs the student's code: remote_test.c's
# cases against the misbehaving worker of remote_fixture.c, with the judge
# built by gcc, clang and under ASan+UBSan (the worker stays plain: under
# ASan a crash becomes an exit, which the judge reports as such).
. tests/lib.sh
work="$SCRATCH/remote"
mkdir -p "$work"
src=tests/labs/common
flags=(-std=c17 -D_GNU_SOURCE -Wall -Wextra -Werror -Ilabs/common -I"$src")
crit=$(pkg-config --libs criterion 2>/dev/null || echo -lcriterion)

if ! out=$(gcc "${flags[@]}" "$src/remote_fixture.c" labs/common/remote_worker.c labs/common/remote_msg.c \
		-o "$work/worker" 2>&1); then
	notok "remote: the test worker builds: $out"
	exit 0
fi
for build in gcc clang "gcc -fsanitize=address,undefined -fno-sanitize-recover=all"; do
	read -r -a cc <<<"$build"
	judge="$work/judge-${cc[0]}-${#cc[@]}"
	# shellcheck disable=SC2086 # $crit: pkg-config's flags, as words
	if ! out=$("${cc[@]}" "${flags[@]}" "$src/remote_test.c" labs/common/remote.c labs/common/remote_msg.c \
			-o "$judge" $crit 2>&1); then
		notok "remote ($build): the judge's side builds warning-free: $out"
		continue
	fi
	tap="$judge.tap"
	MEMLABS_WORKER="$work/worker" "$judge" --tap="$tap" -j1 >"$judge.log" 2>&1
	if ! grep -q '^ok \|^not ok ' "$tap" 2>/dev/null; then
		notok "remote ($build): the judge ran no test: $(tail -5 "$judge.log")"
		continue
	fi
	while IFS= read -r line; do
		case $line in
		"ok - "*) ok "remote ($build): ${line#ok - }" ;;
		"not ok - "*) notok "remote ($build): ${line#not ok - }: $(grep -A3 "${line#not ok - }" "$judge.log" | tail -3 | tr '\n' ' ')" ;;
		esac
	done < <(sed -n 's/^\(ok\|not ok\) - \([^ ]*\).*/\1 - \2/p' "$tap")
	if grep -q "LeakSanitizer\|runtime error" "$judge.log"; then
		notok "remote ($build): the judge's side is clean under the sanitizers: $(grep -m3 "LeakSanitizer\|runtime error" "$judge.log")"
	fi
done

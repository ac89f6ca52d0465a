# shellcheck shell=bash
# SPDX-License-Identifier: MIT
# 40-sanitizers.sh - the driver, built with ASan+UBSan, replays every trace
# with the reference, shipped and (when ../shared/traces is there) public,
# checked, and the shipped ones timed too; and 300 mutated traces, each of
# which replays or is refused with a message: no crash, no sanitizer report.
. tests/driver/toy.bash

export ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
if SANBUILD=SAN=1 lab_with san; then
	sdrv="$work/san/$lab/build/mdriver"
	sets=("$root/labs/traces")
	for s in csapp cmu; do
		[ -d "$root/../shared/traces/$s" ] && sets+=("$root/../shared/traces/$s")
	done
	for d in "${sets[@]}"; do
		out=$("$sdrv" -R -T 120 -t "$d" 2>&1); status=$?
		total=$(find "$d" -maxdepth 1 -name '*.rep' | wc -l)
		if [ $status -eq 0 ] && ! grep -q Sanitizer <<<"$out" && grep -q "^$total of $total traces correct" <<<"$out"; then
			ok "driver: the reference replays all $total traces of $(basename "$d") with every check, under ASan+UBSan"
		else
			notok "driver: the reference under ASan+UBSan on $d: exit $status: $(grep -v ' ok ' <<<"$out" | head -c 600)"
		fi
	done
	[ ${#sets[@]} -eq 1 ] && ok "driver: ../shared/traces is absent: only the project's traces were replayed"
	# The timed replays too (the C library's set-up, the turns), in the
	# grader's mode and the benchmark's, with few replays.
	rm -f "$work/san-results"
	out=$("$sdrv" -n 2 --lab-results "$work/san-results" 2>&1; "$sdrv" --bench -n 2 "$root/labs/traces" 2>&1); status=$?
	if [ $status -eq 0 ] && ! grep -q Sanitizer <<<"$out" &&
	   [ "$(grep -c '	pass	.*libc_kops=[1-9]' "$work/san-results")" -eq "$nshipped" ] &&
	   grep -q "^all $nshipped " <<<"$out"; then
		ok "driver: the reference's timed replays, beside the C library's, in --lab-results and --bench, under ASan+UBSan"
	else
		notok "driver: timed replays under ASan+UBSan: exit $status: $(grep -v '^[a-z-]* .*%' <<<"$out" | head -c 600) $(head -c 300 "$work/san-results")"
	fi
	# Nothing crashes on bad input: 300 random mutations of a trace (bytes
	# changed, lines dropped, doubled or cut) give a result or a message.
	mkdir -p "$work/fuzz"
	python3 - "$root/labs/traces/short.rep" "$work/fuzz" <<'PY'
import random, sys
src = open(sys.argv[1], 'rb').read()
rng = random.Random(4)
for i in range(300):
    lines = src.split(b'\n')
    for _ in range(rng.randint(1, 4)):
        k = rng.randrange(len(lines))
        how = rng.randrange(5)
        if how == 0:
            del lines[k]
        elif how == 1:
            lines.insert(k, lines[rng.randrange(len(lines))])
        elif how == 2 and lines[k]:
            j = rng.randrange(len(lines[k]))
            lines[k] = lines[k][:j] + bytes([rng.choice(b'0123456789 afrcx-\t\0\xff')]) + lines[k][j + 1:]
        elif how == 3:
            lines[k] = lines[k][:rng.randrange(len(lines[k]) + 1)]
        else:
            lines[k] = lines[k] + b' ' + str(rng.choice([0, 1, 7, 99, 2**31, 2**64, -1])).encode()
    if i % 2 and len(lines) > 4:   # half keep num_ops honest, to get past it
        lines[2] = str(sum(1 for l in lines[4:] if l.strip())).encode()
    open(f'{sys.argv[2]}/m{i:03d}.rep', 'wb').write(b'\n'.join(lines))
PY
	out=$("$sdrv" -R -T 20 -t "$work/fuzz" 2>&1); status=$?
	counted=$(grep -cE '^m[0-9]{3} +(ok|error) ' <<<"$out")
	if [ $status -le 1 ] && [ "$counted" -eq 300 ] && ! grep -q 'Sanitizer\|died of' <<<"$out"; then
		ok "driver: 300 mutated traces: each replays or is refused with a message ($(grep -c ' error ' <<<"$out") refused), no crash under ASan+UBSan"
	else
		notok "driver: mutated traces: exit $status, $counted of 300 reported: $(grep -v ' ok \| error \|malformed' <<<"$out" | head -c 600)"
	fi
else
	notok "driver: the lab builds with SAN=1: $(tail -n 5 "$work/san/build.log")"
fi
rm -rf "$work/san"

rm -rf "$work"

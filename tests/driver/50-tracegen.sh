# shellcheck shell=bash
# SPDX-License-Identifier: MIT
# 50-tracegen.sh - the trace tools of labs/tracegen: the shipped synthetic
# traces are what gen.py writes; memrec.sh records a real program into a
# trace the driver replays.
. tests/driver/toy.bash
build_reference_driver

if python3 labs/tracegen/gen.py "$work/gen" 2>"$work/gen.log"; then
	stale=""
	for f in "$work"/gen/*.rep; do
		cmp -s "$f" "labs/traces/$(basename "$f")" || stale="$stale $(basename "$f")"
	done
	if [ -z "$stale" ]; then
		ok "tracegen: the shipped synthetic traces are exactly what gen.py writes ($(find "$work/gen" -name '*.rep' | wc -l) files)"
	else
		notok "tracegen: shipped traces differ from gen.py's output:$stale (run labs/tracegen/gen.py)"
	fi
else
	notok "tracegen: gen.py runs: $(tail -3 "$work/gen.log")"
fi
if MEMREC_SO="$work/libmemrec.so" labs/tracegen/memrec.sh "$work/ls.rep" ls -l "$root/labs" >/dev/null 2>"$work/rec.log"; then
	out=$("$drv" -s -f "$work/ls.rep" 2>&1)
	if grep -q "^1 of 1 traces correct" <<<"$out"; then
		ok "tracegen: memrec.sh records 'ls -l' ($(sed -n 3p "$work/ls.rep") operations) into a trace the driver replays"
	else
		notok "tracegen: the recorded trace does not replay: $(head -c 400 <<<"$out")"
	fi
else
	notok "tracegen: memrec.sh ls -l: $(tail -3 "$work/rec.log")"
fi

rm -rf "$work"

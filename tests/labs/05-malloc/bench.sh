#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bench.sh - lab 05's make bench, quickly (one short trace, one timed replay,
# one real program): the table has a row for glibc, the reference and each
# other malloc installed, with numbers; one that is not installed is a note
# and no row, never a failure; the chart is well-formed SVG naming them all.
set -u
. tests/lib.sh
root=$PWD
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
lab=$(lab_copy 05-malloc "$tmp/labs")

mallocs="jemalloc:libjemalloc.so.2 mimalloc:libmimalloc.so.2 tcmalloc:libtcmalloc_minimal.so.4"
installed=()
for m in $mallocs; do
	case $(cc -print-file-name="${m#*:}") in /*) installed+=("${m%%:*}") ;; esac
done
REALPROGS_ONLY="ls" make --no-print-directory -s -C "$lab" MEMLABS="$root" bench SUBMISSION="$root/solutions" \
	BENCH_TRACES="$root/labs/traces/short.rep" BENCH_FLAGS="-n 1" RUNS=1 \
	BENCH_MALLOCS="$mallocs nosuch:libnosuch.so.9" > "$tmp/out" 2>&1
status=$?
if [ $status -ne 0 ] || [ ! -f "$lab/build/bench.txt" ]; then
	notok "05: make bench: exit $status: $(tail -c 600 "$tmp/out")"
	exit 0
fi
ok "05: make bench runs on a short trace set with ${#installed[@]} other malloc(s) installed (${installed[*]:-none}) and one absent"

if why=$(python3 - "$lab/build" "${installed[@]}" 2>&1 <<'PY'
import re, sys
import xml.etree.ElementTree as ET
d, want = sys.argv[1], ["glibc", "reference"] + sys.argv[2:]
text = open(d + "/bench.txt").read()
rows = {l.split()[0]: l.split()[1:] for l in text.splitlines()
        if re.match(r"^\w+ +(-|\d+\.\d\d) ", l)}
# yours: the solutions' mm.c, a row of its own when the driver's reference
# is built otherwise (lab 05's: without slabs).
if "yours" in rows:
    want.insert(1, "yours")
assert list(rows) == want, f"rows {list(rows)}, want {want}"
for name, f in rows.items():
    assert re.fullmatch(r"\d+\.\d\d", f[0]), f"{name}: no Kops x: {f}"
    assert re.fullmatch(r"\d+\.\d\d", f[2]) and re.fullmatch(r"\d+\.\d\d", f[3]), f"{name}: no real programs' ratios: {f}"
assert rows["glibc"][0] == rows["glibc"][2] == rows["glibc"][3] == "1.00", rows["glibc"]
assert rows["reference"][1].endswith("%"), rows["reference"]
assert "nosuch: not installed, left out" in text, "no note for the absent malloc"
svg = ET.parse(d + "/bench.svg").getroot()
assert svg.tag == "{http://www.w3.org/2000/svg}svg", svg.tag
words = {t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")}
assert set(want) <= words, f"the chart names {sorted(words & set(want))}, not all of {want}"
PY
); then
	ok "05: make bench writes build/bench.txt (a row per malloc: glibc, the reference, ${installed[*]:-no other}) and a well-formed build/bench.svg naming them"
else
	notok "05: make bench's table or chart: $why: $(head -c 800 "$lab/build/bench.txt")"
fi
if grep -q "^written: .*/build/bench.txt and .*/build/bench.svg$" "$tmp/out"; then
	ok "05: make bench says where it wrote the table and the chart"
else
	notok "05: make bench does not say where it wrote them: $(tail -c 300 "$tmp/out")"
fi

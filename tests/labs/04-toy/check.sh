# shellcheck shell=bash
# SPDX-License-Identifier: MIT
# 04-toy.sh - lab 04's own checks: the reference builds with the trace
# driver, and the handout's table adds up and names every test. The driver,
# memlib and the trace tools have their own parts (tests/driver,
# tests/memlib); the generic checks of every lab are in tests/labs/*.sh.
. tests/lib.sh
lab=04-toy
work="$SCRATCH/check-$lab"
rm -rf "$work"
mkdir -p "$work"
root=$PWD
lab_copy "$lab" "$work/ref" reference >/dev/null
if ! make -s -C "$work/ref/$lab" MEMLABS="$root" REFERENCE="$root/solutions" >"$work/build.log" 2>&1; then
	notok "$lab: the reference builds: $(tail -n 5 "$work/build.log")"
	exit 0
fi
ok "$lab: the reference builds with the driver"
# The placement simulator makes every answer of placement.txt: it is the
# reference's, linked into the tests, never a file of the lab students read.
if ! grep -rlq 'sim_run(const struct puzzle \*pz, enum policy pol, long answers\[\], int max)$' "labs/$lab" &&
   grep -q 'placement_sim.o' "labs/$lab/Makefile" && [ -f "solutions/$lab/placement_sim.c" ]; then
	ok "$lab: the placement simulator (the answers) is the reference's, not in the lab"
else
	notok "$lab: the placement simulator's code is in labs/$lab, where students read it (or the tests no longer link the reference's)"
fi
nshipped=$("$work/ref/$lab/build/mdriver" --lab-list | wc -l)   # one test per trace

# --- the handout -------------------------------------------------------------
readme=labs/$lab/README.md
crit=$(cd "$work/ref/$lab" && ./build/run-tests --lab-list | awk -F'\t' '{s += $2} END {print s}')
total=$(sed -n 's/^| \*\*total\*\* | \([0-9]*\) tests | \*\*\([0-9]*\)\*\* |$/\1 \2/p' "$readme")
ntests=$(( $(cd "$work/ref/$lab" && ./build/run-tests --lab-list | wc -l) + nshipped ))
table=$(awk -F'|' '/^\| [0-9]\./ {s += $(NF-1)} END {print s}' "$readme")
if [ "$total" = "$ntests 100" ] && [ "$table" -eq 100 ] && [ $((crit + 24)) -eq 100 ]; then
	ok "$lab: the handout's table adds up to 100 over $ntests tests, as the tests and the driver list them"
else
	notok "$lab: handout table: '$total' (want '$ntests 100'), rows sum to $table, tests+traces = $((crit + 24))"
fi
unnamed=""
for t in $(cd "$work/ref/$lab" && ./build/run-tests --lab-list | cut -f1); do
	grep -qF "\`$t\`" "$readme" || grep -qF "\`${t%%/*}/*\`" "$readme" || unnamed="$unnamed $t"
done
if [ -z "$unnamed" ]; then
	ok "$lab: every test of the lab is named in the handout (or its suite is)"
else
	notok "$lab: the handout does not name these tests:$unnamed"
fi
rm -rf "$work"

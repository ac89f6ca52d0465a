#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# 01-segments.sh - lab 01's own checks: its fixtures are the articles'
# listings, the handout's claims hold on this machine, the programs show what
# the handout says they show, the grading table matches the tests.
# Run from the repository's root; prints "ok - ..." / "not ok - ..." lines.
set -u
. tests/lib.sh

LAB=01-segments
W=${SCRATCH:-/tmp}/check-$LAB.$$
trap 'rm -rf "$W"' EXIT
lab_copy "$LAB" "$W/labs" reference >/dev/null
if ! out=$(make -s -C "$W/labs/$LAB" all 2>&1); then
	notok "$LAB: the reference builds: $(printf '%s' "$out" | tail -n 5)"
	exit 0
fi
B=$W/labs/$LAB/build

# --- the fixtures quote the source articles exactly ---------------------------
src=../shared/sources/01-memory-management-draft.md
[ -f "$src" ] || src=/work/shared/sources/01-memory-management-draft.md
if [ -f "$src" ]; then
	check "$LAB: i386-cat.maps is the article's 32-bit listing, line for line" \
		diff <(sed -n '/^001c0000/,/^bfbd9000/p' "$src") "labs/$LAB/tests/fixtures/i386-cat.maps"
	check "$LAB: x86_64-cat.maps is the article's 64-bit listing, line for line" \
		diff <(sed -n '/^00400000-0040b000/,/^ffffffffff600000/p' "$src") "labs/$LAB/tests/fixtures/x86_64-cat.maps"
else
	ok "$LAB: fixtures vs articles (skipped: the source articles are not beside the repository)"
fi

# --- the handout's claims, on this machine ------------------------------------
cat > "$W/t.c" <<'EOF'
int main(void) { return 0; }
EOF
if gcc -no-pie "$W/t.c" -o "$W/t" 2>/dev/null; then
	first=$(readelf -lW "$W/t" | awk '$1 == "LOAD" { print $3; exit }')
	if [ "$((first))" -eq $((0x400000)) ]; then
		ok "$LAB handout: gcc -no-pie loads the program at 0x400000"
	else
		notok "$LAB handout: gcc -no-pie loads the program at 0x400000: first LOAD at $first"
	fi
	gcc "$W/t.c" -o "$W/t" 2>/dev/null
	type=$(readelf -hW "$W/t" | awk '/Type:/ { print $2 }')
	check "$LAB handout: gcc builds PIE (ELF type DYN) by default, found '$type'" test "$type" = DYN
fi

table=$("$B/layout" -t)
row() { printf '%s\n' "$table" | grep -F -- "$1" | head -n 1; }
lit=$(row '"a string literal"')
check "$LAB handout: a string literal is in an r--p rodata mapping ($(awk '{ print $3, $5 }' <<< "$lit"))" \
	bash -c '[[ $1 == *" r--p "*" rodata "* ]]' _ "$lit"
big=$(row 'big_zero_array[last]')
check "$LAB handout: a big bss array spills into an anonymous mapping, still bss ($(awk '{ print $5, $6 }' <<< "$big"))" \
	bash -c '[[ $1 == *" bss "*"(anonymous)"* ]]' _ "$big"
for ex in 'a_function()' 'const_table[]' 'initialised_global' 'zero_global' 'malloc(16)' \
	'malloc(1 MiB)' 'printf()' 'a_local'; do
	[ -n "$(row "$ex")" ] || { notok "$LAB layout: the table shows example $ex"; continue; }
	ok "$LAB layout: the table shows example $ex"
done
diagram=$("$B/layout" -d)
check "$LAB layout: the diagram shows NULL in the gap at the bottom" \
	bash -c 'printf "%s\n" "$1" | grep -q ": gap .*<- NULL"' _ "$diagram"
vs=$(grep -F '[vsyscall]' /proc/self/maps | awk '{ print $2 }')
check "$LAB handout: [vsyscall] is --xp here (or absent), found '${vs:-absent}'" \
	bash -c '[ -z "$1" ] || [ "$1" = "--xp" ]' _ "$vs"

if setarch -R true 2>/dev/null; then
	first=$(setarch -R "$B/layout" -t | awk 'NR == 4 { print $1 }')
	check "$LAB handout: with ASLR off a PIE program starts at 0x555555554000, found $first" \
		test "$first" = 0000555555554000
	summary=$("$B/aslr" -R | tail -n 1)
	check "$LAB aslr -R: nothing moves ('$summary')" \
		bash -c '[[ $1 =~ ^0\ of\ ([0-9]+)\ regions ]] && [ "${BASH_REMATCH[1]}" -ge 5 ]' _ "$summary"
else
	ok "$LAB handout: ASLR-off claims (skipped: personality(ADDR_NO_RANDOMIZE) refused here)"
fi
if [ "$(cat /proc/sys/kernel/randomize_va_space)" != 0 ]; then
	out=$("$B/aslr" "$B/layout" -r)
	check "$LAB aslr: run twice, the PIE layout program itself moves" \
		bash -c 'grep -Eq "^layout .* moved$" <<< "$1"' _ "$out"
	out=$("$B/aslr")
	check "$LAB aslr: [stack] moves and [vsyscall] stays" \
		bash -c 'grep -Eq "^\[stack\] .* moved$" <<< "$1" && { ! grep -q "^\[vsyscall\]" <<< "$1" || grep -Eq "^\[vsyscall\] .* same$" <<< "$1"; }' _ "$out"
fi

# --- the grading table of the handout matches the tests -----------------------
list=$("$B/run-tests" --lab-list)
for suite in maps classify rows aslr; do
	pts=$(printf '%s\n' "$list" | awk -F'\t' -v s="$suite/" 'index($1, s) == 1 { p += $2 } END { print p + 0 }')
	n=$(printf '%s\n' "$list" | grep -c "^$suite/")
	line=$(grep -F "\`$suite/*\`" "labs/$LAB/README.md" | grep '^|' | head -n 1)
	check "$LAB README: $suite/* is $n tests for $pts points" \
		bash -c '[[ $1 == *"($2 tests)"*"| $3 |"* ]]' _ "$line" "$n" "$pts"
done

# The shape every lab shares (TODOs, the table's total) is checked for all
# labs by tests/labs/25-handouts.sh; that the skeletons are made from the
# references, and their regions, by tests/labs/26-skeletons.sh.
exit 0

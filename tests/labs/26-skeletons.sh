# shellcheck shell=bash
# SPDX-License-Identifier: MIT
# The skeletons in labs/ are made from the references in solutions/ by
# solutions/make-skeletons, and committed: each must be what it makes now.
# Every region of the references is used (the book includes it, or it says
# what the skeleton has there) and every region the book includes exists.
# Then the same check, on a copy broken on purpose, must fail and say where.
. tests/lib.sh

MS=solutions/make-skeletons
if out=$($MS --check 2>&1); then
	ok "skeletons and regions: $out"
else
	notok "skeletons and regions ($MS --check): $(printf '%s' "$out" | tail -n 15)"
fi

# A copy of what the generator reads, to break.
copy=$SCRATCH/skeletons
mkdir -p "$copy/book"
cp -r labs solutions "$copy/"
cp -r book/chapters book/demos "$copy/book/"
rm -rf "$copy"/labs/*/build "$copy"/labs/common/build

# fails WHAT EXPECTED: the copy's --check fails with a line holding EXPECTED.
fails() {
	local what=$1 expect=$2 out
	if out=$("$copy/$MS" --check 2>&1); then
		notok "$MS --check accepts $what"
	elif grep -qF -- "$expect" <<<"$out"; then
		ok "$MS --check fails on $what, saying: $(grep -F -- "$expect" <<<"$out" | head -1)"
	else
		notok "$MS --check fails on $what without saying '$expect': $(head -5 <<<"$out")"
	fi
}
restore() { local f; for f; do cp "$f" "$copy/$f"; done; }

# A skeleton edited by hand: a fixed line of heap_grow's TODO.
skel=labs/02-brk/heap.c
n=$(grep -n 'TODO: move the break up by n bytes' "$copy/$skel" | cut -d: -f1)
if [ -z "$n" ]; then
	notok "$skel has no line 'TODO: move the break up by n bytes' to edit"
else
	sed -i "${n}s/move the break up/move the break UP/" "$copy/$skel"
	fails "a skeleton edited by hand" \
		"$skel: region heap_grow differs from what $MS makes (line $n): run $MS, or edit solutions/02-brk/heap.c"
	# ... which running the generator puts right.
	if out=$("$copy/$MS" 2>&1) && grep -qx "wrote $skel" <<<"$out" && cmp -s "$copy/$skel" "$skel"; then
		ok "$MS writes the edited skeleton back as it was"
	else
		notok "$MS did not write $skel back: $out"
	fi
fi

# A line outside the regions.
sed -i 's|^#include "heap.h"$|#include "heap.h" /* edited */|' "$copy/$skel"
fails "a skeleton edited outside its regions" "$skel: the lines before region heap_break differ"
restore "$skel"

# A region nothing uses.
ref=solutions/02-brk/heap.c
sed -i 's|^#include "heap.h"$|// >>> nobody-uses-this\n&\n// <<< nobody-uses-this|' "$copy/$ref"
"$copy/$MS" >/dev/null 2>&1      # the skeleton gets the new markers too
fails "a region nothing uses" "$ref:$(grep -n '>>> nobody-uses-this' "$copy/$ref" | cut -d: -f1): region nobody-uses-this is used by nothing"
restore "$ref" "$skel"

# A region the book includes that is not there.
printf '\n```{include="%s#no-such-region"}\n```\n' "$ref" >> "$copy/book/chapters/08-lab02.md"
fails "a book include of a missing region" "$ref#no-such-region: $ref has no region no-such-region"
restore book/chapters/08-lab02.md

# Markers that do not pair.
sed -i '0,/^\t\/\/ <<< heap_grow$/{/^\t\/\/ <<< heap_grow$/d}' "$copy/$ref"
fails "a region that is never closed" "region heap_grow is never closed"
restore "$ref"

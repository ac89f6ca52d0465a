# shellcheck shell=bash
# SPDX-License-Identifier: MIT
# Every lab has the same shape: a handout with the same sections and a
# grading table that adds up to 100; each student file of the skeleton has a
# TODO and differs from the reference, whose code has none (the skeleton's
# lines it keeps, "//| ...", are not its code). That the skeletons are made
# from the references, and their regions, is 26-skeletons.sh's.
. tests/lib.sh

sections=("## Goal" "## Before you start" "## Tasks" "## Run" "## How it is graded" "## Hints" "## Done when")

# The points column (the last cell) of the first table under "How it is
# graded": "sum total" of the rows above the total row, and the total row's.
table_points() {
	awk '/^## How it is graded/ { on = 1; next }
	     on && /^## / { exit }
	     on && /^\|/ { seen = 1; n = split($0, c, "|"); v = c[n - 1]; gsub(/[ *]/, "", v)
	                   if (tolower($0) ~ /\*\*total\*\*|\| *total *\|/) { total = v; exit }
	                   if (v ~ /^[0-9.]+$/) sum += v; next }
	     on && seen && !/^\|/ { exit }
	     END { print sum + 0, total + 0 }' "$1"
}

for lab in $(labs); do
	readme="labs/$lab/README.md"
	missing=""
	for s in "${sections[@]}"; do
		grep -q "^$s" "$readme" || missing="$missing '$s'"
	done
	check "$lab: the handout has every section of a lab's handout${missing:+ (missing:$missing)}" test -z "$missing"
	# What a student is told to run is in the repository: no path into
	# ../shared (the developers' material beside it) or a builder's folder.
	outside=$(grep -nE '\.\./shared|/work/|/home/[a-z]' "$readme" "labs/$lab"/tools/* 2>/dev/null | head -n 3)
	check "$lab: the handout and its tools name nothing outside the repository${outside:+ ($outside)}" test -z "$outside"
	read -r sum total < <(table_points "$readme")
	check "$lab: the handout's grading table adds up to 100 (rows: $sum, total row: $total)" \
		test "$sum" = 100 -a "$total" = 100

	for f in $(make -s -C "labs/$lab" student-files); do
		skel="labs/$lab/$f" ref="solutions/$lab/$f"
		check "$lab: the skeleton's $f is not the reference" bash -c "! cmp -s '$skel' '$ref'"
		case $f in *.c|*.h) ;; *) continue ;; esac
		check "$lab: the skeleton's $f has a TODO" grep -q TODO "$skel"
		check "$lab: the reference's $f has no TODO" bash -c "! grep -v '^[[:space:]]*//|' '$ref' | grep -q TODO"
	done
done

# shellcheck shell=bash
# SPDX-License-Identifier: MIT
# stage.sh - what the course-platform packers share (gradescope/make-autograder,
# autolab/make-autograde): the lab an assignment is about, and a copy of the
# project that grades it without the reference's sources. Sourced from the
# project's root, after build/grader is built.

# resolve_lab NAME: the lab's folder name for 05, 5, 05-malloc or malloc
# (what the grader's --lab accepts); exits 2 naming the labs when none fits.
resolve_lab() {
	local want=$1 l n found=
	for l in $(build/grader --list-labs); do
		n=${l%%-*}
		case $want in "$l" | "${l#*-}") found=$l ;; esac
		[[ $want =~ ^[0-9]+$ ]] && [ $((10#$want)) = $((10#$n)) ] && found=$l
	done
	if [ -z "$found" ]; then
		echo "unknown LAB '$want'; the labs are: $(build/grader --list-labs | tr '\n' ' ')" >&2
		exit 2
	fi
	printf '%s\n' "$found"
}

# stage_project DIR [REFERENCE]: DIR/ gets the Makefile, labs/ and the
# grader's sources, and DIR/reference-pack.tar.gz the reference as objects
# (grader/README.md, "Hiding the solutions"): no solutions/, no build
# products, no leftovers of a test run.
stage_project() {
	local dir=$1 reference=${2:-} d
	mkdir -p "$dir/grader"
	cp Makefile VERSION LICENSE LICENSE-docs "$dir/"
	cp -r labs "$dir/labs"
	for d in src gradescope autolab deps.sh packages stage.sh; do
		[ -e "grader/$d" ] && cp -r "grader/$d" "$dir/grader/"
	done
	find "$dir" \( -name build -type d -o -name '.labtest-*' \) -prune -exec rm -rf {} +
	build/grader --reference-pack "$dir/reference-pack.tar.gz" ${reference:+--reference "$reference"} >/dev/null
}

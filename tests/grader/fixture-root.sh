# shellcheck shell=bash
# SPDX-License-Identifier: MIT
# fixture-root.sh - sourced by parts/5x-6x: a project root in $SCRATCH made of
# labs/common and the grader's fixture labs (98-plain, 99-hostile), with its
# own copy of the grader. Sets root and g.
# Student code runs as another user (when the grader is root): it must reach
# the fixture project.
chmod 711 "$SCRATCH"
root="$SCRATCH/fixture-root"
if [ ! -x "$root/build/grader" ]; then
	rm -rf "$root"
	mkdir -p "$root/build" "$root/labs"
	cp "$GRADER" "$root/build/grader"
	cp -r labs/common "$root/labs/common"
	rm -rf "$root/labs/common/build"
	cp -r tests/grader/fixtures/labs/. "$root/labs/"
	cp -r tests/grader/fixtures/solutions "$root/solutions"
fi
# shellcheck disable=SC2034 # for the parts that source this file
g="$root/build/grader"

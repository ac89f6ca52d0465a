# shellcheck shell=bash
# SPDX-License-Identifier: MIT
# tests/run: alone
# Each planted bug loses the points of the tests aimed at it. A bug is
# tests/labs/LAB/bugs/BUG/bug.patch (a unified diff against the reference in
# solutions/LAB/, one bug) and EXPECT (a first line "# what the bug is",
# then the names of the tests that must lose points because of it).
# A lab's bugs are graded as one class (--batch): each bug a student of its
# own, two at a time, as a course would grade them.
. tests/lib.sh

for labdir in tests/labs/[0-9][0-9]-*/; do
	lab=$(basename "$labdir")
	[ -d "$labdir/bugs" ] || continue
	class="$SCRATCH/bugs-$lab"
	grades="$class.grades"
	mkdir -p "$class"
	bugs=() expected=()
	for bugdir in "$labdir"bugs/*/; do
		bugdir=${bugdir%/}
		[ -f "$bugdir/EXPECT" ] || continue
		bug=$(basename "$bugdir")
		sub="$class/$bug"
		mkdir -p "$sub/$lab"
		cp -r "solutions/$lab/." "$sub/$lab/"
		if ! out=$(patch -s -p1 -d "$sub/$lab" < "$bugdir/bug.patch" 2>&1); then
			notok "$lab bug '$bug': bug.patch no longer applies to solutions/$lab: $out"
			rm -rf "$sub"
			continue
		fi
		bugs+=("$bug")
		while read -r test; do
			case $test in ''|'#'*) ;; *) expected+=("$test") ;; esac
		done < "$bugdir/EXPECT"
	done
	[ ${#bugs[@]} -gt 0 ] || continue
	# The bugs are about correctness: no instruction counts (faster); and
	# only the tests some EXPECT names are run (--only). The bugs are the
	# project's own code: a batch as another user than root is allowed.
	only=$(printf '%s\n' "${expected[@]}" | sort -u | paste -sd, -)
	MEMLABS_NO_COUNT=1 "$GRADER" --quiet --batch "$class" --jobs 2 --lab "$lab" --format json \
		--only "$only" --out "$grades" --allow-unsafe >/dev/null 2>&1
	for bug in "${bugs[@]}"; do
		bugdir="$labdir/bugs/$bug"
		what=$(sed -n '1s/^# *//p' "$bugdir/EXPECT")
		out="$grades/$bug.json"
		if [ ! -s "$out" ]; then
			notok "$lab bug '$bug' ($what): the grader wrote no report"
			continue
		fi
		while read -r test; do
			case $test in ''|'#'*) continue ;; esac
			lost=$(json "$out" "[t['score'] < t['max_score'] for l in r['labs'] for t in l['tests'] if t['name']=='$test']")
			case $lost in
			"[True]") ok "$lab bug '$bug' ($what) is caught by $test" ;;
			"[]") notok "$lab bug '$bug': EXPECT names $test, which the lab does not have" ;;
			*) notok "$lab bug '$bug' ($what) is NOT caught by $test" ;;
			esac
		done < "$bugdir/EXPECT"
	done
	rm -rf "$class" "$grades"
done

# Each planted bug loses the points of the tests aimed at it. A bug is
# tests/labs/LAB/bugs/BUG/bug.patch (a unified diff against the reference in
# solutions/LAB/, one bug) and EXPECT (a first line "# what the bug is",
# then the names of the tests that must lose points because of it).
. tests/lib.sh

for bugdir in tests/labs/[0-9][0-9]-*/bugs/*/; do
	bugdir=${bugdir%/}
	[ -f "$bugdir/EXPECT" ] || continue
	lab=$(basename "$(dirname "$(dirname "$bugdir")")")
	bug=$(basename "$bugdir")
	what=$(sed -n '1s/^# *//p' "$bugdir/EXPECT")
	sub="$SCRATCH/bug-$lab-$bug"
	mkdir -p "$sub/$lab"
	cp -r "solutions/$lab/." "$sub/$lab/"
	if ! out=$(patch -s -p1 -d "$sub/$lab" < "$bugdir/bug.patch" 2>&1); then
		notok "$lab bug '$bug': bug.patch no longer applies to solutions/$lab: $out"
		rm -rf "$sub"
		continue
	fi
	out="$sub.json"
	# The bugs are about correctness: no instruction counts (faster).
	MEMLABS_NO_COUNT=1 "$GRADER" --quiet --lab "$lab" --submission "$sub" --format json \
		--out "$out" >/dev/null 2>&1
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
	rm -rf "$sub" "$out"
done

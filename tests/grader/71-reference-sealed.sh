# shellcheck shell=bash
# SPDX-License-Identifier: MIT
# The reference's objects are the grader's (issue "the judge", reference.h):
# a lab whose build links the reference (the trace driver of labs 04 and 05)
# is built without them by the sandbox user, then they are linked in by the
# grader and closed to everyone else. A submission written from the public
# source (fixtures/forgers/peek_reference.c) asks for them: embedded at its
# build (.incbin), it does not build; opened at its tests, none opens.
. tests/lib.sh
work="$SCRATCH/reference-sealed"
rm -rf "$work"
mkdir -p "$work"
chmod 711 "$SCRATCH" "$work"
peek=tests/grader/fixtures/forgers/peek_reference.c

if [ "$(id -u)" != 0 ]; then
	ok "reference sealed: skipped, the grader is not root here (only a root grader can run student code as another user)"
	exit 0
fi

# submission NAME [DEFINE]: lab 04's skeleton, its toy_init replaced by the peeker's.
submission() {
	local dir="$work/$1"
	mkdir -p "$dir/04-toy"
	cp labs/04-toy/placement.txt "$dir/04-toy/"
	{
		[ -z "${2:-}" ] || printf '#define %s\n' "$2"
		sed 's/^int toy_init(void)$/int toy_init_skeleton(void)/' labs/04-toy/toy.c
		cat "$peek"
	} > "$dir/04-toy/toy.c"
	chmod -R a+rX "$dir"
	printf '%s\n' "$dir"
}

report() {
	python3 -c '
import json, re, sys
r = json.load(open(sys.argv[1]))["labs"][0]
seen = [m.group(1) for t in r["tests"] for m in [re.search(r"toy_init returned (\d+)", t["message"])] if m]
print(r["outcome"], seen[0] if seen else "-")
' "$1" 2>/dev/null || echo "no report"
}

sub=$(submission open)
"$GRADER" --quiet --lab 04 --submission "$sub" --only 'toy/init*' --format json \
	--out "$work/open.json" >/dev/null 2>&1
got=$(report "$work/open.json")
if [ "$got" = "graded 1000" ]; then
	ok "reference sealed: student code at its tests opens none of the reference's objects and programs"
else
	notok "reference sealed: student code at its tests opened some of the reference's files: '$got' (want 'graded 1000'; the bits: peek_reference.c)"
fi

sub=$(submission incbin INCBIN)
"$GRADER" --quiet --lab 04 --submission "$sub" --only 'toy/init*' --format json \
	--out "$work/incbin.json" >/dev/null 2>&1
got=$(report "$work/incbin.json")
if [ "${got%% *}" = build_failed ]; then
	ok "reference sealed: a build that embeds the reference's object (.incbin) finds none to embed"
else
	notok "reference sealed: a build that embeds the reference's object (.incbin) was '$got' (want build_failed)"
fi
rm -rf "$work"

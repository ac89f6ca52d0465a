# shellcheck shell=bash
# SPDX-License-Identifier: MIT
# 20-malformed.sh - the driver refuses every kind of malformed trace before
# any allocator runs, with a message naming the file, the line and what is
# wrong; it reads both headers (classic and CMU); in --lab-results a
# malformed trace is an error line and the other traces still run.
. tests/driver/toy.bash
build_reference_driver

# bad NAME 'EXPECTED MESSAGE' CONTENT: the driver must refuse the trace with a
# message containing the text (and the file and line), and must not crash.
bad() {
	local name=$1 want=$2 file="$work/bad/$1.rep"
	mkdir -p "$work/bad"
	# shellcheck disable=SC2059 # the trace text is a format: its \n and \t are meant
	printf "$3" > "$file"
	local out status
	out=$("$drv" -s -f "$file" 2>&1); status=$?
	if [ $status -eq 1 ] && grep -qF -- "$want" <<<"$out" && grep -q "error" <<<"$out"; then
		ok "driver: mdriver refuses a trace with $name: $(grep -o 'malformed trace: .*' <<<"$out" | head -c 160)"
	else
		notok "driver: a trace with $name: exit $status (want 1), message without '$want': $(head -c 400 <<<"$out")"
	fi
}
H='100\n4\n'   # a classic header's first two numbers
bad "an unknown operation"    ".rep:6: unknown operation 'x'"    "${H}2\n1\na 0 8\nx 0\n"
bad "a missing size"          ".rep:5: 'a' is missing the size"  "${H}1\n1\na 0\n"
bad "a missing block id"      "'f' is missing the block id"           "${H}1\n1\nf\n"
bad "an id out of range"      "block id 4 is out of range: the header says num_ids = 4" "${H}1\n1\na 4 8\n"
bad "a free of a block never allocated" "'f 2': block 2 is not live" "${H}2\n1\na 0 8\nf 2\n"
bad "a double free"           "'f 0': block 0 is not live"            "${H}3\n1\na 0 8\nf 0\nf 0\n"
bad "a realloc of a freed block" "'r 0': block 0 is not live"         "${H}3\n1\na 0 8\nf 0\nr 0 9\n"
bad "an alloc of a live id"   "'a 0': block 0 is still live"          "${H}2\n1\na 0 8\na 0 8\n"
bad "a size that is not a number" "the size '12x' is not a number"    "${H}1\n1\na 0 12x\n"
bad "a negative size"         "the size '-5' is not a number"         "${H}1\n1\na 0 -5\n"
bad "a size of 0"             "the size is 0"                         "${H}1\n1\na 0 0\n"
bad "a size over 1 GiB"       "larger than the 1 GiB"                 "${H}1\n1\na 0 2000000000\n"
bad "an extra field"          "'f' takes 1 field, found 2"            "${H}2\n1\na 0 8\nf 0 8\n"
bad "a calloc without its element size" "'c' is missing the element size" "${H}1\n1\nc 0 4\n"
bad "fewer operations than num_ops" "the file ends after 1 operations; the header's num_ops says 3" "${H}3\n1\na 0 8\n"
bad "more operations than num_ops" "more operations than the header's num_ops = 1" "${H}1\n1\na 0 8\nf 0\n"
bad "a header cut short"      "the file ends inside the header: num_ops is missing" "100\n4\n"
bad "an empty file"           "the file ends inside the header: sugg_heapsize is missing" ""
bad "a header that is not numbers" "header line 2 (num_ids): 'four' is not a number" "100\nfour\n1\n1\na 0 8\n"
bad "two numbers on a header line" "header line 1 (sugg_heapsize): expected one number, found 2 fields" "100 4\n1\n1\na 0 8\n"
bad "num_ids of 0"            "num_ids is 0: it must be between 1"    "100\n0\n1\n1\na 0 8\n"
bad "a NUL byte"              "not a text file"                       "${H}1\n1\na 0 8\0\n"
bad "no operations"           "the trace has no operations"           "${H}0\n1\n"
out=$("$drv" -s -f "$work/bad/does-not-exist.rep" 2>&1)
if grep -q "cannot open: No such file or directory" <<<"$out"; then
	ok "driver: mdriver reports a trace file that does not exist"
else
	notok "driver: a missing trace file: $(head -c 300 <<<"$out")"
fi
# The same operations under both headers replay alike.
printf '1\n3\n4\n40\na 0 8\na 1 16\nf 0\nf 1\n' > "$work/cmu.rep"
printf '4096\n3\n4\n1\na 0 8\na 1 16\nf 0\nf 1\n' > "$work/classic.rep"
if "$drv" -s -f "$work/cmu.rep" -f "$work/classic.rep" >/dev/null 2>&1; then
	ok "driver: mdriver reads the CMU header (weight first) and the classic one (heap size first)"
else
	notok "driver: a trace with a CMU or classic header fails: $("$drv" -s -f "$work/cmu.rep" -f "$work/classic.rep" 2>&1 | head -c 300)"
fi
# --lab-results of a malformed trace: an error line, the others still run.
rm -f "$work/results-bad"
TRACES="$work/bad" "$drv" -s --lab-results "$work/results-bad" >/dev/null 2>&1
if [ "$(grep -c '	error	' "$work/results-bad")" -eq "$(find "$work/bad" -name '*.rep' | wc -l)" ] &&
   [ "$(grep -c '	pass	' "$work/results-bad")" -eq "$nshipped" ]; then
	ok "driver: in --lab-results a malformed trace is an error and the other traces still pass"
else
	notok "driver: --lab-results with malformed traces: $(grep -v '	pass	' "$work/results-bad" | head -3)"
fi
rm -rf "$work"

# bound.awk - how well can ANY allocator with 8-byte headers and 16-byte
# alignment do on a set of traces?
#
# Usage: awk -f bound.awk TRACE.rep ...
#
# A request of p bytes needs a block of round16(p + 8) bytes (at least 16)
# however cleverly the blocks are placed. For each trace this prints the sum
# of the payloads over the sum of the blocks, over all its requests: an
# estimate of the best utilization the block format allows. Then the
# average over the traces, and over those a CMU header scores (weight 1-3;
# a classic CS:APP header has a heap size there and counts too).
#
# Try: awk -f bound.awk ../../../shared/traces/cmu/*.rep
function block(p,   b) { b = int((p + 8 + 15) / 16) * 16; return b < 16 ? 16 : b }
FNR == 1 { weight[FILENAME] = $1 }
FNR <= 4 { next }
$1 == "a" || $1 == "r" { pay[FILENAME] += $3; blk[FILENAME] += block($3) }
$1 == "c" { pay[FILENAME] += $3 * $4; blk[FILENAME] += block($3 * $4) }
END {
	for (f in pay) {
		r = pay[f] / blk[f]
		printf "%-50s %5.1f%%\n", f, 100 * r
		all += r; n++
		if (weight[f] >= 1) { scored += r; m++ }
	}
	printf "average over %d traces: %.1f%%; over the %d scored: %.1f%%\n", n, 100 * all / n, m, 100 * scored / m
}

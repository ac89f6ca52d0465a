# SPDX-License-Identifier: MIT
# bound.awk - how well can an allocator with 16-byte alignment do on a set
# of traces, with a header on every block, and with small blocks in slabs?
#
# Usage: awk -f bound.awk TRACE.rep ...
#
# With an 8-byte header, a request of p bytes needs a block of
# round16(p + 8) bytes (at least 16) however cleverly the blocks are placed.
# A slab slot has no header: round16(p) bytes, which is 16 less when p is a
# multiple of 16 or 9..15 past one (lab 05, task 7). For each trace this
# prints the sum of the payloads over the sum of the blocks, over all its
# requests, for both formats: an estimate of the best utilization each
# allows. Then the averages over the traces, and over those a CMU header
# scores (weight 1-3; a classic CS:APP header has a heap size there and
# counts too).
#
# Try: awk -f bound.awk ../../traces/*.rep
BEGIN { if (SLAB_MAX == "") SLAB_MAX = 32 }   # as the reference; -v SLAB_MAX=112 to try more
function round16(p) { p = int((p + 15) / 16) * 16; return p < 16 ? 16 : p }
function header(p) { return round16(p + 8) }
function slab(p) { return p <= SLAB_MAX && round16(p) < header(p) ? round16(p) : header(p) }
function add(f, p) { pay[f] += p; hdr[f] += header(p); slb[f] += slab(p) }
FNR == 1 { weight[FILENAME] = $1 }
FNR <= 4 { next }
$1 == "a" || $1 == "r" { add(FILENAME, $3) }
$1 == "c" { add(FILENAME, $3 * $4) }
END {
	printf "%-50s %8s %8s\n", "trace", "headers", "slabs"
	for (f in pay) {
		h = pay[f] / hdr[f]; s = pay[f] / slb[f]
		printf "%-50s %7.1f%% %7.1f%%\n", f, 100 * h, 100 * s
		all_h += h; all_s += s; n++
		if (weight[f] >= 1) { scored_h += h; scored_s += s; m++ }
	}
	printf "average over %d traces: %.1f%% with headers, %.1f%% with slabs\n",
	       n, 100 * all_h / n, 100 * all_s / n
	printf "average over the %d scored: %.1f%% with headers, %.1f%% with slabs\n",
	       m, 100 * scored_h / m, 100 * scored_s / m
}

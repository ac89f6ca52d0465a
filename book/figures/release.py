# SPDX-License-Identifier: MIT
"""release.py - RSS over time, glibc's defaults against a release policy, from a real run.

Runs build/bin/rssplot (lab 07's reference): the workload of lab 07 (48 MiB
of 16 KiB blocks, all freed but the top one, six rounds of 8 MiB churn, the
top block freed) in two children, one with glibc's defaults and one with
the reference policy, and prints each child's Rss after each phase as this
process read it from /proc/PID/smaps_rollup. The figure draws both series.
If rssplot is missing or prints something else, the figure says so.

Usage: python3 release.py BIN_DIR > release.svg
"""
import re
import subprocess
import sys
from svg import Svg

SERIES = (("default", "#c00000", "glibc's defaults"), ("policy", "#2e75b6", "the reference policy (malloc_trim past 16 MiB of new free memory)"))


def measure(bin_dir):
    try:
        out = subprocess.run([f"{bin_dir}/rssplot"], capture_output=True, text=True, timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    rows = []
    for line in out.splitlines():
        if rows and not line.strip():
            break  # the table of system calls follows
        m = re.match(r"^(\S.*?)\s{2,}(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*$", line)
        if m:
            rows.append((m[1], int(m[2]), int(m[3])))
    return rows or None


def main():
    rows = measure(sys.argv[1] if len(sys.argv) > 1 else ".")
    left, top, w, h = 80, 70, 600, 260
    svg = Svg(left + w + 40, top + h + 170, "RSS over time: glibc's defaults and a release policy")
    svg.text(20, 24, "Resident size after each phase of lab 07's workload", size=14, weight="bold")
    svg.text(20, 42, "from a run of lab 07's rssplot while this book was built" if rows else
             "lab 07's rssplot did not run when this book was built: nothing to draw", size=11, italic=True)
    top_kb = max((max(r[1], r[2]) for r in rows or []), default=1)
    top_mib = max(8, -(-top_kb // 1024 // 8) * 8)
    svg.line(left, top + h, left + w, top + h)
    svg.line(left, top, left, top + h)
    for mib in range(0, top_mib + 1, 8):
        y = top + h - h * mib / top_mib
        svg.line(left - 4, y, left, y)
        svg.text(left - 8, y + 4, f"{mib} MiB", size=10, anchor="end")
    n = len(rows or [])
    step = w / max(n - 1, 1)
    for i, (label, _, _) in enumerate(rows or []):
        x = left + i * step
        svg.line(x, top + h, x, top + h + 4)
        svg.text(x, top + h + 16, i, size=10, anchor="middle")
    for k, (_, colour, what) in enumerate(SERIES):
        pts = [(left + i * step, top + h - h * (r[1 + k] / 1024) / top_mib) for i, r in enumerate(rows or [])]
        for (x1, y1), (x2, y2) in zip(pts, pts[1:]):
            svg.line(x1, y1, x2, y2, stroke=colour, sw=2.5, dash="6,3" if k else None)
        yy = top + h + 40 + k * 20
        svg.line(left, yy - 4, left + 30, yy - 4, stroke=colour, sw=2.5, dash="6,3" if k else None)
        svg.text(left + 38, yy, what, size=12)
    for i, (label, _, _) in enumerate(rows or []):
        svg.text(left + (i % 2) * 300, top + h + 90 + (i // 2) * 15, f"{i}: {label}", size=10)
    print(svg.render(), end="")


if __name__ == "__main__":
    main()

# SPDX-License-Identifier: MIT
"""pages.py - a region's pages, step by step, from a real run of lab 06's pagemap --demo.

Runs build/bin/pagemap --demo (the lab 06 reference): it maps 16 pages,
reads, writes, forks and drops some, and after each step prints the region
one character per page as /proc/self/pagemap shows it (. not present,
0 the zero page, x exclusive, s shared). The figure draws those rows as
cells. If pagemap is missing or prints something else, the figure says so.

Usage: python3 pages.py BIN_DIR > pages.svg
"""
import re
import subprocess
import sys
from svg import Svg

STATES = {  # character: (fill, what it means)
    ".": ("#ffffff", "not present"),
    "0": ("#d9d9d9", "the zero page: read, never written (s to a reader who cannot see PFNs)"),
    "x": ("#9dc3e6", "present, this process's alone"),
    "s": ("#f4b183", "present, shared (copy-on-write after fork)"),
}


def measure(bin_dir):
    try:
        out = subprocess.run([f"{bin_dir}/pagemap", "--demo"], capture_output=True, text=True,
                             timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    rows = []
    for line in out.splitlines():
        m = re.match(r"^(\S.*?)\s{2,}([.0xs]+)\s*$", line)
        if m:
            rows.append((m[1], m[2]))
    return rows or None


def main():
    rows = measure(sys.argv[1] if len(sys.argv) > 1 else ".")
    n = max((len(r[1]) for r in rows), default=16) if rows else 16
    cell, left, top = 28, 230, 70
    height = top + cell * max(len(rows or []), 1) + 115
    svg = Svg(max(left + n * cell + 30, 740), height, "A region's pages, step by step")
    svg.text(20, 24, "An anonymous mapping's pages after each step, as /proc/self/pagemap shows them",
             size=14, weight="bold")
    svg.text(20, 42, "from a run of lab 06's pagemap --demo while this book was built" if rows else
             "lab 06's pagemap did not run when this book was built: no pages to draw", size=11, italic=True)
    for i in range(n):
        svg.text(left + i * cell + cell / 2, top - 8, i, size=10, anchor="middle", mono=True)
    for r, (label, pages) in enumerate(rows or []):
        y = top + r * cell
        svg.text(left - 10, y + cell * 0.65, label, size=12, anchor="end")
        for i, c in enumerate(pages):
            fill = STATES.get(c, ("#ff0000", "?"))[0]
            svg.rect(left + i * cell, y, cell, cell, fill=fill)
            svg.text(left + i * cell + cell / 2, y + cell * 0.68, c, size=12, anchor="middle", mono=True)
    y = top + cell * max(len(rows or []), 1) + 30
    for k, (c, (fill, what)) in enumerate(STATES.items()):
        yy = y + k * 22
        svg.rect(left, yy - 13, 18, 18, fill=fill)
        svg.text(left + 9, yy + 1, c, size=12, anchor="middle", mono=True)
        svg.text(left + 28, yy, what, size=12)
    print(svg.render(), end="")


if __name__ == "__main__":
    main()

# SPDX-License-Identifier: MIT
"""coalesce.py - blocks being freed and merged, from a real run of lab 05's mmdemo.

Runs the lab 05 reference's mmdemo (built by the book's Makefile in
build/labs/05-malloc) on three allocations freed in the order 0, 2, 1, and
draws the heap after each operation from the block list mm_checkheap prints:
one bar per step, one box per block (allocated or free), widths growing with
the block size but not to scale. If mmdemo is missing, the figure says so.

Usage: python3 coalesce.py BIN_DIR > coalesce.svg
"""
import os
import re
import subprocess
import sys
from svg import Svg, COLOURS

OPS = ["a0:24", "a1:24", "a2:24", "f0", "f2", "f1"]
BLOCK = re.compile(r"^\s+0x[0-9a-f]+\s+\+0x([0-9a-f]+)\s+(\d+)\s+(alloc|free)")


def run(bin_dir):
    prog = os.path.join(bin_dir, "..", "labs", "05-malloc", "build", "mmdemo")
    try:
        out = subprocess.run([prog] + OPS, capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return None
    steps, cur = [], None
    for line in (out.stdout + "\n" + out.stderr).splitlines():
        head = re.match(r"^([af]\d+(?::\d+)?) ->", line)
        if head:
            cur = (head[1], [])
            steps.append(cur)
            continue
        m = BLOCK.match(line)
        if m and cur:
            cur[1].append((int(m[1], 16), int(m[2]), m[3]))
    return steps if len(steps) == len(OPS) and all(s[1] for s in steps) else None


def main():
    steps = run(sys.argv[1] if len(sys.argv) > 1 else ".")
    svg = Svg(800, 90 + 50 * len(OPS), "Freeing three blocks and coalescing, from lab 05's mmdemo")
    svg.text(20, 24, "mmdemo a0:24 a1:24 a2:24 f0 f2 f1: the heap after each operation",
             size=14, weight="bold")
    if not steps:
        svg.text(20, 60, "(lab 05's mmdemo did not run when this book was built)", size=12, italic=True)
        sys.stdout.write(svg.render())
        return
    svg.text(20, 42, "from a run of the lab 05 reference while this book was built; widths not to scale",
             size=11, italic=True)
    y = 60
    for op, blocks in steps:
        svg.text(20, y + 20, op, size=12, mono=True, weight="bold")
        x = 90
        blocks = sorted(blocks)
        # Small blocks get a readable width; the largest fills the rest, so
        # every bar is the same heap, 640 pixels long.
        widths = [46 + min(size, 256) * 0.1 for _, size, _ in blocks]
        big = max(range(len(blocks)), key=lambda i: blocks[i][1])
        widths[big] = max(60, 640 - (sum(widths) - widths[big]))
        for (off, size, state), w in zip(blocks, widths):
            svg.rect(x, y, w, 30, fill=COLOURS["heap"] if state == "alloc" else "#ffffff",
                     dash=None if state == "alloc" else "4,3")
            svg.text(x + w / 2, y + 19, f"{size} {'used' if state == 'alloc' else 'free'}",
                     size=10, anchor="middle")
            x += w
        y += 50
    sys.stdout.write(svg.render())


main()

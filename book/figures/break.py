# SPDX-License-Identifier: MIT
"""break.py - the program break after sbrk(1), from a real run of lab 02's brkdemo.

Runs build/bin/brkdemo 1 (the lab 02 reference) and reads the heap's start,
the break after heap_grow(1) and the end of the break's page from its output.
If brkdemo is missing or prints something else, the figure is drawn without
addresses and says so.

Usage: python3 break.py BIN_DIR > break.svg
"""
import re
import subprocess
import sys
from svg import Svg, COLOURS


def measure(bin_dir):
    try:
        out = subprocess.run([f"{bin_dir}/brkdemo", "1"], capture_output=True, text=True,
                             timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    grow = re.search(r"heap_grow\(1\) returned (0x[0-9a-f]+); the break is now (0x[0-9a-f]+)", out)
    page = re.search(r"which ends at (0x[0-9a-f]+)", out)
    heap = re.search(r"\[heap\] (0x[0-9a-f]+)-(0x[0-9a-f]+)", out)
    if not (grow and page and heap):
        return None
    return dict(old=int(grow[1], 16), brk=int(grow[2], 16), page_end=int(page[1], 16),
                heap_lo=int(heap[1], 16), heap_hi=int(heap[2], 16))


def main():
    m = measure(sys.argv[1] if len(sys.argv) > 1 else ".")
    svg = Svg(800, 400, "The program break after sbrk(1)")
    svg.text(20, 24, "The program break after heap_grow(1): byte-granular break, page-granular memory",
             size=14, weight="bold")
    note = ("from a run of lab 02's brkdemo while this book was built" if m else
            "lab 02's brkdemo did not run when this book was built: addresses left out")
    svg.text(20, 42, note, size=11, italic=True)
    x, w = 190, 260
    rows = [  # (label, height, fill, address below the box, dashed)
        ("not mapped: touching it is SIGSEGV", 60, "#ffffff", "page_end", True),
        ("rest of the break's page: usable" + (f" ({m['page_end'] - m['brk']} bytes)" if m else ""),
         70, COLOURS["bss"], "brk", False),
        ("the 1 byte heap_grow(1) added", 24, COLOURS["data"], "old", False),
        ("the heap below: malloc's and yours", 110, COLOURS["heap"], "heap_lo", False),
    ]
    y = 70
    for label, h, fill, addr, dashed in rows:
        svg.rect(x, y, w, h, fill=fill, dash="4,3" if dashed else None)
        svg.text(x + w / 2, y + h / 2 + 4, label, size=11, anchor="middle")
        y += h
        if m:
            svg.text(x - 8, y + 4, f"{m[addr]:#x}", size=10, anchor="end", mono=True)
    names = {"page_end": "end of the [heap] mapping", "brk": "the break: sbrk(0)",
             "old": "the old break: what heap_grow returned", "heap_lo": "start of [heap]"}
    y = 70
    for label, h, fill, addr, dashed in rows:
        y += h
        svg.line(x + w + 6, y, x + w + 40, y, dash="2,2")
        svg.text(x + w + 46, y + 4, names[addr], size=11)
    if m:
        svg.text(20, y + 40, f"[heap] is {m['heap_lo']:#x}-{m['heap_hi']:#x}: it ends on a page boundary, "
                 f"{m['page_end'] - m['brk']} bytes past the break.", size=11, italic=True)
    sys.stdout.write(svg.render())


main()

# SPDX-License-Identifier: MIT
"""chunk.py - a glibc malloc chunk on a 64-bit system, in use and free.

Drawn from the field tables below (glibc malloc/malloc.c, struct malloc_chunk).
"""
import sys
from svg import Svg

IN_USE = [  # (label, bytes, fill)
    ("prev_size: last 8 bytes of the previous chunk's payload (when it is in use)", 8, "#eeeeee"),
    ("size | A M P   (size of this chunk, a multiple of 16; 3 flag bits)", 8, "#f4b183"),
    ("payload: malloc returns a pointer here (16-byte aligned)", 48, "#9dc3e6"),
    ("next chunk's prev_size: usable by this payload too (malloc_usable_size = 56)", 8, "#bdd7ee"),
]
FREE = [
    ("prev_size", 8, "#eeeeee"),
    ("size | A M P", 8, "#f4b183"),
    ("fd: next free chunk in the bin", 8, "#a9d18e"),
    ("bk: previous free chunk in the bin", 8, "#a9d18e"),
    ("(large bins: fd_nextsize, bk_nextsize) ... unused bytes", 32, "#ffffff"),
    ("next chunk's prev_size = this chunk's size (P bit of next chunk clear)", 8, "#eeeeee"),
]
SCALE = 2.4


def draw(svg, x, y, fields, title):
    svg.text(x, y - 10, title, size=13, weight="bold")
    for label, n, fill in fields:
        h = n * SCALE
        svg.rect(x, y, 600, h, fill=fill)
        svg.text(x + 8, y + h / 2 + 4, label, size=11)
        svg.text(x + 612, y + h / 2 + 4, f"{n} B", size=10, mono=True)
        y += h
    return y


def main():
    svg = Svg(760, 470, "A glibc malloc chunk, in use and free")
    y = draw(svg, 20, 40, IN_USE, "In use: malloc(48) -> a 64-byte chunk")
    svg.line(8, 40 + 16 * SCALE, 18, 40 + 16 * SCALE, arrow=True)
    svg.text(20, y + 20, "chunk size = max(32, (request + 8 + 15) rounded down to 16)", size=11, mono=True)
    svg.text(20, y + 36, "A: not the main arena   M: from mmap   P: previous chunk in use", size=11, mono=True)
    draw(svg, 20, y + 80, FREE, "Free, in a bin: the payload holds the list links")
    sys.stdout.write(svg.render())


main()

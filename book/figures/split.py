# SPDX-License-Identifier: MIT
"""split.py - the user/kernel split of a 32-bit (i386) and an x86-64 address space.

Drawn from the table below: boundaries from the kernel's documentation
(Documentation/arch/x86/x86_64/mm.rst; i386 with the default 3G/1G split).
"""
import sys
from svg import Svg, COLOURS

I386 = [  # (start, end, label, kind)
    (0x00000000, 0xC0000000, "user space: 3 GiB", "mmap"),
    (0xC0000000, 0x100000000, "kernel space: 1 GiB", "kernel"),
]
X86_64 = [  # 4-level paging: 48-bit virtual addresses, sign-extended
    (0x0000000000000000, 0x0000800000000000, "user space: 128 TiB (47 bits)", "mmap"),
    (0x0000800000000000, 0xFFFF800000000000, "non-canonical hole: addresses here fault", "reserved"),
    (0xFFFF800000000000, 0x10000000000000000, "kernel space: 128 TiB", "kernel"),
]


def column(svg, x, top, height, regions, title, heights, digits):
    svg.text(x + 80, top - 14, title, size=14, anchor="middle", weight="bold")
    y = top + height
    for (start, end, label, kind), h in zip(regions, heights):
        y -= h
        fill = COLOURS[kind]
        svg.rect(x, y, 160, h, fill=fill, dash="5,3" if kind == "reserved" else None)
        colour = "#fff" if kind == "kernel" else "#111"
        words = label.split(": ")
        svg.text(x + 80, y + h / 2 - (6 if len(words) > 1 else -4), words[0], size=12,
                 anchor="middle", fill=colour, weight="bold")
        if len(words) > 1:
            svg.text(x + 80, y + h / 2 + 12, words[1], size=12, anchor="middle", fill=colour)
        svg.text(x + 166, y + h - 2, f"0x{start:0{digits}x}", size=10, mono=True)
    svg.text(x + 166, top + 10, f"0x{regions[-1][1] - 1:0{digits}x}", size=10, mono=True)


def main():
    svg = Svg(760, 470, "User and kernel space on i386 and x86-64")
    column(svg, 30, 50, 360, I386, "i386 (32-bit): 4 GiB", [270, 90], 8)
    # The x86-64 hole is 2^64 - 2^48 bytes: far too big to draw to scale.
    column(svg, 380, 50, 360, X86_64, "x86-64 (4-level paging)", [150, 60, 150], 16)
    svg.text(380, 440, "Not to scale: the hole is 16 EiB minus 256 TiB;", size=11, italic=True)
    svg.text(380, 456, "each half of the canonical space is 2^47 bytes.", size=11, italic=True)
    svg.text(30, 440, "Every process has its own user part;", size=11, italic=True)
    svg.text(30, 456, "the kernel part is the same in all of them.", size=11, italic=True)
    sys.stdout.write(svg.render())


main()

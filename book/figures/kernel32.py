# SPDX-License-Identifier: MIT
"""kernel32.py - the kernel's 1 GiB on i386 (3G/1G split, no PAE details).

The fixed values come from the kernel source (arch/x86/include/asm/
pgtable_32_areas.h, arch/x86/mm/init_32.c): a 128 MiB vmalloc reserve leaves
896 MiB for the direct map of low memory, followed by an 8 MiB gap. Where the
vmalloc area ends and the kmap and fixmap areas begin depends on the
configuration (number of CPUs, PAE), so those are named, not numbered.
"""
import sys
from svg import Svg, COLOURS

MIB = 1 << 20
AREAS = [  # (start, size, name, what, height in the drawing)
    (0xC0000000, 896 * MIB, "direct map (low memory)",
     "physical 0-896 MiB at virtual = physical + 0xC0000000", 230),
    (0xF8000000, 8 * MIB, "VMALLOC_OFFSET gap", "8 MiB left unmapped: catches overruns", 26),
    (0xF8800000, 108 * MIB, "vmalloc area",
     "virtually contiguous, physically scattered (vmalloc, ioremap, modules)", 80),
    ("PKMAP_BASE", 8 * MIB, "persistent kmap", "long-lived windows onto high memory (kmap)", 34),
    ("FIXADDR_START", 8 * MIB - 4096, "fixmap",
     "fixed-purpose pages, per-CPU temporary maps (kmap_atomic)", 34),
]


def main():
    svg = Svg(760, 520, "Kernel space on i386")
    top, x = 40, 40
    svg.text(x, 24, "i386 kernel space, 0xC0000000-0xFFFFFFFF (1 GiB); high addresses at the top",
             size=13, weight="bold")
    y = top + sum(a[4] for a in AREAS)
    for start, size, name, what, h in AREAS:
        y -= h
        svg.rect(x, y, 200, h, fill=COLOURS["kernel"] if "direct" in name else
                 ("#ffffff" if "gap" in name else "#bfbfbf"), dash="4,3" if "gap" in name else None)
        svg.text(x + 100, y + h / 2 + 4, name, size=11, anchor="middle",
                 fill="#fff" if "direct" in name else "#111")
        label = start if isinstance(start, str) else f"0x{start:08x}"
        svg.text(x + 210, y + h - 3, label, size=10, mono=True)
        svg.text(x + 310, y + h / 2 + 4, what, size=11)
    svg.text(x + 210, top + 8, "FIXADDR_TOP 0xfffff000", size=10, mono=True)
    y0 = top + sum(a[4] for a in AREAS) + 30
    svg.text(x, y0, "Physical memory above 896 MiB (high memory) has no permanent kernel address:",
             size=11, italic=True)
    svg.text(x, y0 + 16, "the kernel maps a page of it for a while (kmap, kmap_atomic) or into vmalloc space.",
             size=11, italic=True)
    svg.text(x, y0 + 32, "On x86-64 there is no high memory: the direct map covers all of physical memory.",
             size=11, italic=True)
    sys.stdout.write(svg.render())


main()

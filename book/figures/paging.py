# SPDX-License-Identifier: MIT
"""paging.py - two processes' virtual pages mapped onto physical page frames.

The drawing comes from the mapping table below: which virtual page of which
process uses which physical frame (None: not resident yet).
"""
import sys
from svg import Svg, COLOURS

PROCS = {
    "process A": [("text (cat)", "text", 2), ("data", "data", 5), ("heap, touched", "heap", 0),
                  ("heap, never touched", "heap", None), ("libc text", "lib", 6),
                  ("stack", "stack", 3)],
    "process B": [("text (cat)", "text", 2), ("data", "data", 7), ("heap, touched", "heap", 1),
                  ("libc text", "lib", 6), ("stack", "stack", 4)],
}
FRAMES = 8
ROW = 34


def main():
    svg = Svg(760, 370, "Virtual pages of two processes mapped onto physical frames")
    xa, xf, xb, top = 20, 320, 560, 50
    svg.text(xa + 90, top - 16, "process A (virtual)", size=13, anchor="middle", weight="bold")
    svg.text(xb + 90, top - 16, "process B (virtual)", size=13, anchor="middle", weight="bold")
    svg.text(xf + 60, top - 16, "physical frames", size=13, anchor="middle", weight="bold")
    for f in range(FRAMES):
        svg.rect(xf, top + f * ROW, 120, ROW - 6, fill="#f2f2f2")
        svg.text(xf + 60, top + f * ROW + 18, f"frame {f}", size=11, anchor="middle", mono=True)
    for name, x, side in (("process A", xa, 1), ("process B", xb, -1)):
        for i, (label, kind, frame) in enumerate(PROCS[name]):
            y = top + i * (ROW + 8)
            svg.rect(x, y, 180, ROW - 6, fill=COLOURS[kind], dash=None if frame is not None else "4,3")
            svg.text(x + 90, y + 18, label, size=11, anchor="middle")
            if frame is None:
                continue
            fy = top + frame * ROW + (ROW - 6) / 2
            if side == 1:
                svg.line(x + 180, y + (ROW - 6) / 2, xf - 2, fy, arrow=True)
            else:
                svg.line(x, y + (ROW - 6) / 2, xf + 122, fy, arrow=True)
    svg.text(20, 358, "Both processes map cat's text and libc's text onto the same frames (read-only, shared). "
             "A page never touched has no frame.", size=11, italic=True)
    sys.stdout.write(svg.render())


main()

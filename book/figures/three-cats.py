# SPDX-License-Identifier: MIT
"""three-cats.py - `cat /proc/self/maps` then and now, side by side.

Draws three listings of the same command: the two quoted in the source
articles (i386 with glibc 2.12, x86-64 with glibc 2.17 and a non-PIE cat),
which lab 01 keeps as test fixtures, and a run on the machine building the
book. One box per run of mappings of the same file (or of anonymous memory),
highest address at the top; not to scale.

Usage: python3 three-cats.py BIN_DIR > three-cats.svg
"""
import os
import subprocess
import sys
from svg import Svg, COLOURS

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
FIXTURES = os.path.join(ROOT, "labs", "01-segments", "tests", "fixtures")


def parse(text):
    rows = []
    for line in text.splitlines():
        f = line.split(None, 5)
        if len(f) < 5 or "-" not in f[0]:
            continue
        lo, hi = (int(x, 16) for x in f[0].split("-"))
        rows.append((lo, hi, f[1], f[5].strip() if len(f) > 5 else ""))
    return rows


def kind(path, perms):
    if path in ("[heap]", "[stack]"):
        return path.strip("[]")
    if path.startswith("["):
        return "vdso"
    if not path:
        return "mmap"
    base = path.rsplit("/", 1)[-1]
    if base == "cat":
        return "text"
    if ".so" in base or base.startswith("ld-"):
        return "lib"
    return "file"


def boxes(rows):
    out = []
    for lo, hi, perms, path in sorted(rows):
        name = path.rsplit("/", 1)[-1] if path else "(anonymous)"
        if out and out[-1]["name"] == name and out[-1]["hi"] == lo:
            out[-1]["hi"] = hi
        else:
            out.append(dict(lo=lo, hi=hi, name=name, kind=kind(path, perms)))
    return out


def column(svg, x, title, sub, rows, digits):
    svg.text(x + 110, 40, title, size=13, anchor="middle", weight="bold")
    svg.text(x + 110, 56, sub, size=11, anchor="middle", italic=True)
    y = 70
    for b in reversed(boxes(rows)):
        svg.rect(x + 90, y, 170, 20, fill=COLOURS[b["kind"]])
        svg.text(x + 96, y + 14, b["name"][:24], size=10)
        svg.text(x + 86, y + 14, f"{b['lo']:0{digits}x}", size=9, anchor="end", mono=True)
        y += 22
    return y


def main():
    try:
        i386 = parse(open(os.path.join(FIXTURES, "i386-cat.maps")).read())
        x64 = parse(open(os.path.join(FIXTURES, "x86_64-cat.maps")).read())
        now = parse(subprocess.run(["cat", "/proc/self/maps"], capture_output=True, text=True,
                                   env=dict(os.environ, LC_ALL="C"),
                                   check=True).stdout)
    except (OSError, subprocess.SubprocessError) as e:
        sys.exit(f"three-cats.py: {e} (the old listings are lab 01's fixtures)")
    svg = Svg(840, 560, "cat /proc/self/maps on i386 (glibc 2.12), x86-64 (glibc 2.17) and now")
    svg.text(20, 20, "cat /proc/self/maps, three times (highest address first; not to scale)",
             size=14, weight="bold")
    h = max(column(svg, 0, "i386, glibc 2.12", "article sample; text at 0x08048000", i386, 8),
            column(svg, 280, "x86-64, glibc 2.17", "article sample; no PIE, text at 0x400000", x64, 12),
            column(svg, 560, "this machine", "run while the book was built; PIE", now, 12))
    svg.height = h + 20
    sys.stdout.write(svg.render())


main()

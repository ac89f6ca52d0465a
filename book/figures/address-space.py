# SPDX-License-Identifier: MIT
"""address-space.py - the address-space figure, drawn from a real run.

Runs the lab 01 reference's layout program (built by the book's Makefile into
build/bin) with -t, reads its table (START END PERMS SIZE KIND NAME <- examples)
and draws the classic figure of a process's address space: highest address at
the top, one box per run of mappings of the same kind and name, the gaps
between them, and where each example object landed. Not to scale: the gaps
are far bigger than the mappings.

Usage: python3 address-space.py BIN_DIR > address-space.svg
"""
import re
import subprocess
import sys
from svg import Svg, COLOURS, human

ROW = re.compile(r"^([0-9a-f]{16}) ([0-9a-f]{16}) (\S+)\s+(\S+)\s+(\S+)\s+(.*)$")
EXAMPLE = re.compile(r"(.+?) \((0x[0-9a-f]+|0)\)(?:, |$)")


def read_layout(bin_dir):
    try:
        out = subprocess.run([f"{bin_dir}/layout", "-t"], capture_output=True, text=True,
                             check=True, timeout=20).stdout
    except (OSError, subprocess.SubprocessError) as e:
        sys.exit(f"address-space.py: cannot run the lab 01 layout program ({bin_dir}/layout -t): {e}")
    rows = []
    for line in out.splitlines():
        m = ROW.match(line)
        if not m:
            continue
        start, end, perms, _size, kind, rest = m.groups()
        name, _, ex = rest.partition("  <- ")
        examples = [label for label, _addr in EXAMPLE.findall(ex)] if ex else []
        rows.append(dict(start=int(start, 16), end=int(end, 16), perms=perms, kind=kind,
                         name=name.strip(), examples=examples))
    if len(rows) < 5:
        sys.exit("address-space.py: the layout program printed no table I can read:\n" + out[:2000])
    return rows


def boxes(rows):
    """Runs of touching rows with the same kind and name; gaps in between."""
    out = []
    for r in rows:
        last = out[-1] if out else None
        if last and not last["gap"] and last["end"] == r["start"] and \
                last["kind"] == r["kind"] and last["name"] == r["name"]:
            last["end"] = r["end"]
            last["examples"] += r["examples"]
            last["perms"].append(r["perms"])
            continue
        if last and last["end"] < r["start"]:
            out.append(dict(gap=True, start=last["end"], end=r["start"]))
        out.append(dict(gap=False, start=r["start"], end=r["end"], kind=r["kind"],
                        name=r["name"], perms=[r["perms"]], examples=list(r["examples"])))
    return out


def short(name):
    return name.rsplit("/", 1)[-1] if name else ""


def main():
    rows = read_layout(sys.argv[1] if len(sys.argv) > 1 else ".")
    bx = boxes(rows)
    box_h, gap_h, top = 30, 20, 60
    height = top + sum(gap_h if b["gap"] else box_h for b in bx) + gap_h + 60
    svg = Svg(860, height, "The address space of the lab 01 layout program, from a real run")
    svg.text(20, 24, "The address space of one run of lab 01's layout program (highest address first)",
             size=14, weight="bold")
    svg.text(20, 42, "Drawn when this book was built from `layout -t`; boxes are not to scale.",
             size=11, italic=True)
    x, w = 170, 300
    y = top
    for b in reversed(bx):
        if b["gap"]:
            svg.rect(x, y, w, gap_h, fill="#ffffff", stroke="#999", dash="3,3")
            hole = " (mostly the non-canonical hole)" if b["start"] < 1 << 47 < b["end"] else ""
            svg.text(x + w / 2, y + 14, f"unmapped gap, {human(b['end'] - b['start'])}{hole}",
                     size=10, anchor="middle", fill="#666", italic=True)
            y += gap_h
            continue
        svg.rect(x, y, w, box_h, fill=COLOURS.get(b["kind"], "#ddd"))
        name = short(b["name"]).strip("[]")
        label = b["kind"] + (f" ({name})" if name and name not in ("(anonymous)", b["kind"]) else "")
        svg.text(x + 8, y + 19, label, size=12, weight="bold")
        svg.text(x + w - 8, y + 19, human(b["end"] - b["start"]), size=11, anchor="end", mono=True)
        svg.text(x - 8, y + box_h - 2, f"{b['start']:x}", size=10, anchor="end", mono=True)
        if b["examples"]:
            svg.line(x + w + 40, y + box_h / 2, x + w + 4, y + box_h / 2, arrow=True)
            svg.text(x + w + 46, y + box_h / 2 + 4, ", ".join(b["examples"]), size=11, mono=True)
        y += box_h
    svg.text(x - 8, top + 10, f"{bx[-1]['end']:x}", size=10, anchor="end", mono=True)
    svg.rect(x, y, w, gap_h, fill="#ffffff", stroke="#999", dash="3,3")
    svg.text(x + w / 2, y + 14, f"unmapped from address 0, {human(bx[0]['start'])}", size=10,
             anchor="middle", fill="#666", italic=True)
    svg.line(x + w + 40, y + gap_h / 2, x + w + 4, y + gap_h / 2, arrow=True)
    svg.text(x + w + 46, y + gap_h / 2 + 4, "NULL", size=11, mono=True)
    svg.text(x - 8, y + gap_h - 2, "0", size=10, anchor="end", mono=True)
    y += gap_h
    svg.text(20, y + 30, "Kinds come from the lab 01 reference's classify(): text, rodata, data, bss,"
             " heap, mmap, lib, file, stack, vdso, vvar, vsyscall.", size=11, italic=True)
    sys.stdout.write(svg.render())


main()

#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""benchtable.py - make bench's one table and one chart, from its runs.

Usage: benchtable.py DIR TABLE.txt CHART.svg

DIR is what make bench wrote (build/bench/):
  mallocs            "NAME PATH" per malloc besides glibc, in the table's
                     order (yours, the reference, jemalloc, ...); PATH "-"
                     when it is not installed (a note, not a row)
  traces-glibc.txt   mdriver --bench: yours, the reference, the C library
  traces-NAME.txt    mdriver --bench with MDRIVER_LIBC_PRELOAD: yours, the
                     reference, NAME in the C library's column
  realprogs.tsv      realprogs.sh --compare: program, malloc, seconds,
                     peak KiB, status
  about              lines printed above the table (the run: when, where)

Every number is a ratio to glibc's, each measured in one run:
  traces   Kops vs glibc on a set's "all" line (all its operations over
           all their time). For NAME, the reference is the go-between:
           (reference vs glibc, from traces-glibc.txt) / (reference vs
           NAME, from traces-NAME.txt), each a ratio of one run.
  util     the set's mean utilization, for the allocators over memlib
           (yours, the reference); the others do not use memlib's heap,
           and their memory is the real programs' peak RSS.
  time     real programs: the geometric mean over the programs of the
           median wall time / glibc's (lower is faster).
  RSS      the same for the peak resident set (lower is smaller).
"""
import math
import os
import re
import sys

# book/figures/svg.py, the book's own SVG writer: in the project (MEMLABS,
# which the lab's Makefile passes, or three folders up).
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.environ.get("MEMLABS") or os.path.join(HERE, "..", "..", "..")
sys.path.insert(0, os.path.join(ROOT, "book", "figures"))
sys.dont_write_bytecode = True     # nothing written into the project
from svg import Svg  # noqa: E402


def read_bench(path):
    """{set name: {'mine': (util, vs) or None, 'ref': (util, vs), 'libc_kops': k}}"""
    sets, cur = {}, None
    if not os.path.exists(path):
        return sets
    for line in open(path):
        m = re.match(r"^== (.*): \d+ traces?$", line)
        if m:
            cur = os.path.basename(m.group(1).rstrip("/"))
            cur = "project" if cur == "traces" else cur     # labs/traces
            cur = "real" if cur == "traces-real" else cur   # build/traces-real
            continue
        if cur and line.startswith("all "):
            f = line.split()
            num = lambda s: None if s == "-" else float(s.rstrip("%"))
            failed = re.search(r"\((\d+) failed\)", line)
            sets[cur] = {"mine": (num(f[3]), num(f[5])), "ref": (num(f[6]), num(f[8])),
                         "libc_kops": num(f[9]), "failed": int(failed.group(1)) if failed else 0}
    return sets


def geomean(xs):
    xs = [x for x in xs if x and x > 0]
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else None


def main():
    d, out_txt, out_svg = sys.argv[1:4]
    mallocs = [l.split(None, 1) for l in open(os.path.join(d, "mallocs")) if l.strip()]
    present = [(n, p.strip()) for n, p in mallocs if p.strip() != "-"]
    absent = [n for n, p in mallocs if p.strip() == "-"]
    glibc = read_bench(os.path.join(d, "traces-glibc.txt"))
    setnames = list(glibc)
    progs = {}
    tsv = os.path.join(d, "realprogs.tsv")
    if os.path.exists(tsv):
        for line in open(tsv):
            p, m, s, k, st = line.rstrip("\n").split("\t")
            progs.setdefault(p, {})[m] = (float(s), float(k)) if st == "ok" else None

    rows = []           # (name, {set: (vs, util)}, time, rss, notes)
    for name, _ in [("glibc", "")] + present:
        tr, notes = {}, []
        for s in setnames:
            g = glibc[s]
            if name == "glibc":
                tr[s] = (1.0, None)
            elif name == "yours":
                tr[s] = (g["mine"][1], g["mine"][0])
            elif name == "reference":
                tr[s] = (g["ref"][1], g["ref"][0])
            else:
                x = read_bench(os.path.join(d, f"traces-{name}.txt")).get(s)
                vs = g["ref"][1] / x["ref"][1] if x and x["ref"][1] and g["ref"][1] else None
                tr[s] = (vs, None)
        t = geomean([progs[p][name][0] / progs[p]["glibc"][0] for p in progs
                     if progs[p].get(name) and progs[p].get("glibc")])
        r = geomean([progs[p][name][1] / progs[p]["glibc"][1] for p in progs
                     if progs[p].get(name) and progs[p].get("glibc")])
        bad = [f"{glibc[s]['failed']} of {s}" for s in setnames if glibc[s]["failed"]]
        if name == "yours" and bad:
            notes.append(f"yours failed traces ({', '.join(bad)}; {d}/traces-glibc.txt says "
                         "why): a set's numbers are over the others, and no real programs ran.")
        failed = [p for p in progs if name in progs[p] and progs[p][name] is None]
        if failed:
            notes.append(f"{name} failed on {', '.join(failed)} (left out of its means)")
        rows.append((name, tr, t, r, notes))

    f2 = lambda x: "-" if x is None else f"{x:.2f}"
    pc = lambda x: "-" if x is None else f"{x:.1f}%"
    head1 = f"{'':<10}"
    head2 = f"{'malloc':<10}"
    for s in setnames:
        head1 += f" {('traces: ' + s)[:17]:>17}"
        head2 += f" {'Kops x':>8} {'util':>8}"
    head1 += f" {'real programs':>17}"
    head2 += f" {'time x':>8} {'RSS x':>8}"
    lines = [open(os.path.join(d, "about")).read().rstrip("\n"), "", head1, head2]
    for name, tr, t, r, _ in rows:
        line = f"{name:<10}"
        for s in setnames:
            line += f" {f2(tr[s][0]):>8} {pc(tr[s][1]):>8}"
        line += f" {f2(t):>8} {f2(r):>8}"
        lines.append(line)
    lines += ["",
              "Every x is a ratio to glibc's (the C library's malloc) measured in the same run.",
              "Kops x: throughput on the set's traces (mdriver --bench, its 'all' line; higher",
              "  is faster); for jemalloc, mimalloc, tcmalloc: the reference vs glibc over the",
              "  reference vs it, each from one run with it preloaded in the C library's place.",
              "util: mean peak payload / heap on the set; only for allocators over memlib's heap.",
              "real programs (" + ", ".join(progs) + "): geometric means over the",
              "  programs of median wall time x and peak RSS x (lower is faster, smaller).",
              "The full tables: " + d + "/ (traces-*.txt, realprogs.txt)."]
    for _, _, _, _, notes in rows:
        lines += notes
    for n in absent:
        lines.append(f"{n}: not installed, left out (make bench installs it on Debian/Ubuntu).")
    if not progs:
        lines.append("No real programs were run.")
    with open(out_txt, "w") as f:
        f.write("\n".join(lines) + "\n")

    chart(rows, setnames, out_svg)


def chart(rows, setnames, path):
    """Two panels: speed (traces' Kops x, real programs' 1 / time x) and
    memory (real programs' RSS x), a group of bars per malloc, 1 = glibc."""
    speed_keys = [f"traces: {s}" for s in setnames] + ["real programs (1 / time x)"]
    colours = ["#9dc3e6", "#5b9bd5", "#2e75b6", "#1f4e79", "#f4b183"][:len(setnames)] + ["#a9d18e"]
    if len(colours) < len(speed_keys):
        colours = ["#9dc3e6"] * (len(speed_keys) - 1) + ["#a9d18e"]
    speed = [[tr[s][0] for s in setnames] + [1 / t if t else None] for _, tr, t, _, _ in rows]
    mem = [[r] for _, _, _, r, _ in rows]
    names = [r[0] for r in rows]
    n = len(rows)
    group = max(16 * len(speed_keys) + 14, 76)
    pw1 = 60 + n * group
    pw2 = 60 + n * 76
    width, height = pw1 + pw2 + 60, 350 + 18 * len(speed_keys)
    svg = Svg(width, height, "make bench: each malloc's speed and memory as multiples of glibc's")
    svg.text(width / 2, 20, "make bench: each malloc vs glibc (1 = glibc, same run)", size=14,
             anchor="middle", weight="bold")
    top, bottom = 50, 300

    def panel(x0, pw, data, barw, step, title, cols):
        vals = [v for vs in data for v in vs if v]
        vmax = max([1.25] + vals) * 1.1
        y = lambda v: bottom - (bottom - top) * v / vmax
        svg.text(x0 + pw / 2, top - 12, title, size=12, anchor="middle", weight="bold")
        svg.line(x0 + 40, top, x0 + 40, bottom)
        svg.line(x0 + 40, bottom, x0 + pw, bottom)
        tick = 0.5 if vmax <= 4 else 1.0 if vmax <= 8 else 5.0
        v = 0.0
        while v <= vmax:
            svg.line(x0 + 36, y(v), x0 + 40, y(v))
            svg.text(x0 + 32, y(v) + 4, f"{v:g}", size=10, anchor="end")
            v += tick
        svg.line(x0 + 40, y(1), x0 + pw, y(1), stroke="#c00000", dash="4 3")
        for i, vs in enumerate(data):
            gx = x0 + 50 + i * step + (step - 14 - len(vs) * barw) / 2
            for k, v in enumerate(vs):
                if v is None:
                    svg.text(gx + k * barw + barw / 2, bottom - 4, "-", size=10, anchor="middle")
                    continue
                svg.rect(gx + k * barw, y(v), barw - 2, bottom - y(v), fill=cols[k], stroke="#333")
                svg.text(gx + k * barw + barw / 2 - 1, y(v) - 3, f"{v:.2f}", size=8, anchor="middle")
            svg.text(gx + len(vs) * barw / 2, bottom + 16, names[i], size=11, anchor="middle")

    panel(20, pw1, speed, 16, group, "speed x glibc (higher is faster)", colours)
    panel(20 + pw1 + 20, pw2, mem, 28, 76, "peak RSS x glibc", ["#f4b183"])
    ly = bottom + 40
    for k, key in enumerate(speed_keys + ["real programs' peak RSS x (lower is smaller)"]):
        col = (colours + ["#f4b183"])[k]
        svg.rect(30, ly + 18 * k - 10, 12, 12, fill=col)
        svg.text(48, ly + 18 * k, key, size=11)
    with open(path, "w") as f:
        f.write(svg.render())


if __name__ == "__main__":
    main()

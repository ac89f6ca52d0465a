#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""realprogs_time.py - real programs under several mallocs: wall time and peak RSS.

Usage: realprogs_time.py DIR RUNS [--tsv FILE] NAME=LIB... < programs

Reads "name|command" lines on standard input (tools/realprogs.sh writes
them, with the inputs in DIR) and runs each command in DIR with each
allocator: NAME=LIB preloads LIB (LD_PRELOAD), NAME= is the C library's
malloc as the program gets it (glibc). The allocators take turns, run
after run, so that the machine's load falls on all alike. Each command
runs at least RUNS times per allocator, more for short ones (about a
second's worth, at most 50).

A run is one of runrss (tools/runrss.c; RUNRSS names the program): its
wall time from fork to wait, its peak RSS the kernel's (wait4's
ru_maxrss, in KiB: the largest resident set of the program or of any of
its children, at least the ~1 MiB runrss had when it forked). Prints one table per program with the
medians and their ratios to glibc's, and with --tsv writes the same as
"program allocator seconds rss_kib status" lines. The first run of each
allocator must exit as glibc's did with the same output, or the allocator
is "failed" for that program and not timed.
"""
import os
import statistics
import subprocess
import sys

LIMIT = float(os.environ.get("REALPROGS_TIMEOUT", "120"))
RUNRSS = os.environ.get("RUNRSS", "runrss")     # tools/runrss.c, built


def run_rss(workdir, cmd, lib, capture=False):
    """One run: (seconds, peak RSS KiB, exit status, output or None)."""
    env = dict(os.environ)
    env.pop("LD_PRELOAD", None)
    env["RUNRSS_PRELOAD"] = lib
    out = os.path.join(workdir, "runrss.out") if capture else os.devnull
    # A first run may hang (timeout); the timed ones have run once.
    argv = [RUNRSS, out] + (["timeout", "-k", "5", "%d" % LIMIT] if capture else []) \
        + ["sh", "-c", cmd]
    p = subprocess.run(argv, cwd=workdir, env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.DEVNULL, check=True)
    secs, kib, rc = p.stdout.split()
    data = None
    if capture:
        with open(out, "rb") as f:
            data = f.read()
    return float(secs), int(kib), int(rc), data


def main():
    args = sys.argv[1:]
    tsv = None
    if "--tsv" in args:
        i = args.index("--tsv")
        tsv = args[i + 1]
        del args[i:i + 2]
    if len(args) < 3:
        sys.exit(__doc__.split("\n\n")[1])
    workdir, runs, allocs = args[0], int(args[1]), [a.split("=", 1) for a in args[2:]]
    programs = [line.rstrip("\n").split("|", 1) for line in sys.stdin if "|" in line]
    rows = []
    for name, cmd in programs:
        # First runs: the outputs, and how long one takes.
        first = {}
        for alloc, lib in allocs:
            first[alloc] = run_rss(workdir, cmd, lib, capture=True)
        g = first[allocs[0][0]]
        ok = {a: first[a][2] == g[2] and first[a][3] == g[3] for a, _ in allocs}
        n = max(runs, 1, min(50, int(1 / (g[0] + 0.001))))
        secs = {a: [] for a, _ in allocs}
        rss = {a: [] for a, _ in allocs}
        for _ in range(n):
            for alloc, lib in allocs:
                if not ok[alloc]:
                    continue
                s, m, rc, _ = run_rss(workdir, cmd, lib)
                secs[alloc].append(s)
                rss[alloc].append(m)
        base = allocs[0][0]
        gs, gm = statistics.median(secs[base]), statistics.median(rss[base])
        print("\n%-8s %-10s %9s %7s %10s %7s   (medians of %d runs)"
              % (name, "malloc", "seconds", "vs " + base, "peak KiB", "vs " + base, n))
        for alloc, _ in allocs:
            if not ok[alloc]:
                why = "exit status %d" % first[alloc][2] if first[alloc][2] != g[2] else "output differs"
                print("%-8s %-10s failed: %s (%s: %d)" % ("", alloc, why, base, g[2]))
                rows.append((name, alloc, "-", "-", "failed"))
                continue
            s, m = statistics.median(secs[alloc]), statistics.median(rss[alloc])
            print("%-8s %-10s %9.3f %7.2f %10.0f %7.2f" % ("", alloc, s, s / gs, m, m / gm))
            rows.append((name, alloc, "%.6f" % s, "%d" % m, "ok"))
    if tsv:
        with open(tsv, "w") as f:
            for r in rows:
                f.write("\t".join(r) + "\n")


if __name__ == "__main__":
    main()

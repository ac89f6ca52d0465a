#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""gen.py - write the project's synthetic allocation traces.

Usage: labs/tracegen/gen.py [OUTDIR]        (default: labs/traces)
Try:   labs/tracegen/gen.py /tmp/t && head /tmp/t/binary.rep

Each pattern below is a function that returns a list of operations; the
same seed gives the same file every time, so the shipped traces can be
checked against a fresh run (tests/labs/04-traces/check.sh does).
Sizes are kept moderate so that lab 04's implicit-list allocator replays
every trace in well under a second.
"""
import os
import random
import sys


class Trace:
    """Operations with ids handed out and freed ids reused."""

    def __init__(self):
        self.ops = []
        self.live = {}          # id -> size
        self.free_ids = []
        self.next_id = 0

    def alloc(self, size, calloc_n=0):
        ident = self.free_ids.pop() if self.free_ids else self._new_id()
        if calloc_n:
            self.ops.append(f"c {ident} {calloc_n} {size}")
            size *= calloc_n
        else:
            self.ops.append(f"a {ident} {size}")
        self.live[ident] = size
        return ident

    def _new_id(self):
        self.next_id += 1
        return self.next_id - 1

    def realloc(self, ident, size):
        self.ops.append(f"r {ident} {size}")
        self.live[ident] = size

    def free(self, ident):
        self.ops.append(f"f {ident}")
        del self.live[ident]
        self.free_ids.append(ident)

    def free_all(self, rng=None):
        ids = list(self.live)
        if rng:
            rng.shuffle(ids)
        for ident in ids:
            self.free(ident)

    def text(self, cmu_header=False):
        live, cur, peak = {}, 0, 0
        for op in self.ops:
            f = op.split()
            cur -= live.pop(f[1], 0)
            if f[0] in ("a", "r"):
                live[f[1]] = int(f[2])
            elif f[0] == "c":
                live[f[1]] = int(f[2]) * int(f[3])
            cur += live.get(f[1], 0)
            peak = max(peak, cur)
        if cmu_header:
            head = [1, self.next_id, len(self.ops), peak]          # weight first
        else:
            head = [max(peak, 4096), self.next_id, len(self.ops), 1]  # heap size first
        return "\n".join(str(h) for h in head) + "\n" + "\n".join(self.ops) + "\n"


def log_size(rng, lo, hi):
    """A size between lo and hi, small ones as likely as large ones per octave."""
    import math
    return int(math.exp(rng.uniform(math.log(lo), math.log(hi))))


def short(rng):
    """Ten operations to read by hand: splits, a merge of three blocks, reuse."""
    t = Trace()
    a, b, c = t.alloc(24), t.alloc(100), t.alloc(40)
    d = t.alloc(500)
    t.free(b)
    t.free(a)
    t.free(c)            # a, b and c merge into one free block
    e = t.alloc(150)     # fits in the merged block
    t.free(d)
    t.free(e)
    return t


def random_sizes(rng):
    """Random sizes 1 B - 4 KiB, random frees, about 400 blocks live."""
    t = Trace()
    for _ in range(3000):
        if t.live and (len(t.live) > 400 or rng.random() < 0.45):
            t.free(rng.choice(list(t.live)))
        else:
            t.alloc(log_size(rng, 1, 4096))
    t.free_all(rng)
    return t


def binary(rng):
    """Small and large blocks alternate; the small ones are freed, leaving
    holes too small for the next, larger requests (CS:APP's binary pattern)."""
    t = Trace()
    small = []
    for _ in range(800):
        small.append(t.alloc(16))
        t.alloc(112)
    for s in small:
        t.free(s)
    for _ in range(800):
        t.alloc(128)
    t.free_all(rng)
    return t


def coalescing(rng):
    """Pairs allocated side by side and freed together: only an allocator
    that merges neighbours can reuse the pair's space for the double size."""
    t = Trace()
    for _ in range(600):
        size = rng.choice([64, 200, 1000])
        x, y = t.alloc(size), t.alloc(size)
        t.free(x)
        t.free(y)
        t.alloc(2 * size)
    t.free_all(rng)
    return t


def realloc_growth(rng):
    """A few arrays growing by realloc, like vectors being appended to,
    between short-lived small allocations."""
    t = Trace()
    arrays = {t.alloc(8): 8 for _ in range(4)}
    for step in range(1200):
        ident = rng.choice(list(arrays))
        arrays[ident] += rng.choice([8, 16, 24, 64])
        t.realloc(ident, arrays[ident])
        s = t.alloc(rng.randint(1, 64))
        if step % 3:
            t.free(s)
    t.free_all(rng)
    return t


def many_small(rng):
    """Five thousand blocks of 1 to 32 bytes, freed in random order: the
    minimum block size and the tags dominate the heap."""
    t = Trace()
    for _ in range(5000):
        t.alloc(rng.randint(1, 32))
    t.free_all(rng)
    return t


def few_huge(rng):
    """A handful of blocks of 256 KiB to 4 MiB, some freed and requested
    again a bit larger."""
    t = Trace()
    ids = [t.alloc(log_size(rng, 256 << 10, 4 << 20)) for _ in range(6)]
    for ident in ids[::2]:
        size = t.live[ident]
        t.free(ident)
        t.alloc(size + rng.randint(1, 4096))
    t.free_all(rng)
    return t


def lifetimes(rng):
    """Long-lived blocks allocated now and then stay to the end, while
    short-lived ones come and go around them: the long-lived ones pin the
    heap and fragment it."""
    t = Trace()
    short_lived = []
    for step in range(3000):
        if step % 25 == 0:
            t.alloc(log_size(rng, 16, 512))         # long-lived, never freed
        short_lived.append(t.alloc(log_size(rng, 16, 2048)))
        if len(short_lived) > 20:
            t.free(short_lived.pop(rng.randrange(len(short_lived))))
    for s in short_lived:
        t.free(s)
    t.free_all(rng)
    return t


def calloc_mix(rng):
    """calloc beside malloc (the project's 'c' operation): calloc'd memory
    must read zero even where a freed block's data used to be."""
    t = Trace()
    for _ in range(1500):
        if t.live and rng.random() < 0.4:
            t.free(rng.choice(list(t.live)))
        elif rng.random() < 0.5:
            t.alloc(rng.randint(1, 64), calloc_n=rng.randint(1, 16))
        else:
            t.alloc(log_size(rng, 8, 1024))
    t.free_all(rng)
    return t


PATTERNS = [
    # name, function, CMU header?
    ("short", short, False),
    ("random", random_sizes, False),
    ("binary", binary, False),
    ("coalescing", coalescing, True),
    ("realloc", realloc_growth, False),
    ("small", many_small, True),
    ("huge", few_huge, False),
    ("lifetimes", lifetimes, True),
    ("calloc", calloc_mix, False),
]


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "traces")
    os.makedirs(out, exist_ok=True)
    for seed, (name, fn, cmu) in enumerate(PATTERNS):
        trace = fn(random.Random(1000 + seed))
        with open(os.path.join(out, name + ".rep"), "w") as f:
            f.write(trace.text(cmu_header=cmu))


if __name__ == "__main__":
    main()

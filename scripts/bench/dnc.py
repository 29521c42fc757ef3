#!/usr/bin/env python3
"""Writes a deterministic do-not-call list for the benchmark: COUNT numbers, one column `telefono`, in the
same messy shapes as generate.py's leads (so every one goes through the phone rules), a quarter of each of
its four kinds of number. Uruguayan numbers come from the same small number spaces as the leads', so a few
per cent of the 2M leads are on the list; the Argentine and Spanish ones mostly are not. About 0.5 % of the
entries are invalid, as a real list's are.

usage: dnc.py COUNT OUTPUT.csv
"""
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from generate import INVALID, number  # noqa: E402


def main():
    count, path = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(20261205)
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write("telefono\r\n")
        lines = []
        for entry in range(count):
            roll = rng.random()
            if roll < 0.005:
                lines.append((INVALID[rng.randrange(len(INVALID))] or "n/a") + "\r\n")
            else:
                kind = (0, 1, 2, 3)[entry % 4]
                # Low indices are numbers the leads have; high ones mostly not.
                index = entry // 4 * 100 if roll < 0.01 else 60_000_000 + entry // 4
                lines.append(number(kind, index, rng.randrange(6)).replace(",", " ") + "\r\n")
            if len(lines) == 100_000:
                out.write("".join(lines))
                lines.clear()
        out.write("".join(lines))


if __name__ == "__main__":
    main()

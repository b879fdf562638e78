"""A lifted loop's speed: the same numeric loop in a function that object mode runs (a dict and
a string around it, the loop lifted and compiled), in a nopython function, and in CPython.

    python bench/objmode.py          # prints the table, writes docs/benchmarks/objmode.md

A benchmark, not a test: it asserts nothing about time. Best of --repeat timings of one call
each, after a warm-up call (which compiles).
"""

import argparse
import sys
import warnings
from pathlib import Path

import numpy as np
from _timing import best, write_table

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "python"))

import oxjit

N = 1_000_000


def lifted(a, name):
    meta = {"name": name, "n": a.shape[0]}  # a dict and str methods: object mode
    s = 0.0
    for i in range(a.shape[0]):
        x = a[i]
        s += x * x - 0.5 * x
    return meta["name"].upper(), s


def loop_only(a):
    s = 0.0
    for i in range(a.shape[0]):
        x = a[i]
        s += x * x - 0.5 * x
    return s


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument(
        "--out", default=str(Path(__file__).resolve().parent.parent / "docs/benchmarks/objmode.md")
    )
    args = parser.parse_args(argv)
    a = np.random.default_rng(0).random(N)
    warnings.simplefilter("ignore")
    rows = [
        (
            "object mode, loop lifted (jit(forceobj=True))",
            oxjit.jit(forceobj=True)(lifted),
            (a, "x"),
        ),
        ("nopython (njit), the loop alone", oxjit.njit(loop_only), (a,)),
        ("CPython, the loop alone", loop_only, (a,)),
    ]
    times = [(label, best(f, *fargs, repeat=args.repeat)) for label, f, fargs in rows]
    nopython = times[1][1]
    lines = [
        "# A lifted loop against nopython mode",
        "",
        f"Written by `python bench/objmode.py`: a loop over {N:,} floats, best of {args.repeat}.",
        "",
        "| | time | / nopython |",
        "|---|---|---|",
    ]
    lines += [f"| {label} | {t * 1e3:.2f} ms | {t / nopython:.2f} |" for label, t in times]
    write_table(lines, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())

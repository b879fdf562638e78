"""What a `try` statement costs while nothing is raised: the same hot loops with and without a
`try` around their body (or around the whole loop), compiled by oxjit and by Numba, and CPython
for scale; and a loop where one iteration in a thousand raises and is caught.

    python bench/exceptions.py       # prints the table, writes docs/benchmarks/exceptions.md

A benchmark, not a test: it asserts nothing about time. Best of --repeat timings of one call
each, after a warm-up call (which compiles). Numba only catches with a bare `except` or
`except Exception`, so the loops use `except Exception`.
"""

import argparse
import sys
import warnings
from pathlib import Path

import numpy as np
from _timing import best, write_table

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "python"))

import oxjit

N = 5_000_000


def plain(a, b):
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i] * b[i] + 1.0
    return s


def try_in_body(a, b):
    s = 0.0
    for i in range(a.shape[0]):
        try:
            s += a[i] * b[i] + 1.0
        except Exception:  # noqa: BLE001 - the only class Numba catches
            s = -1.0
    return s


def try_around_loop(a, b):
    s = 0.0
    try:
        for i in range(a.shape[0]):
            s += a[i] * b[i] + 1.0
    except Exception:  # noqa: BLE001 - the only class Numba catches
        s = -1.0
    return s


def int_division(a, b):
    s = 0
    for i in range(a.shape[0]):
        s += a[i] // b[i]
    return s


def int_division_caught(a, b):
    s = 0
    for i in range(a.shape[0]):
        try:
            s += a[i] // b[i]
        except Exception:  # noqa: BLE001 - the only class Numba catches
            s -= 1
    return s


def numba_or_none():
    try:
        import numba
    except ImportError:
        return None
    return numba


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument(
        "--out",
        default=str(Path(__file__).resolve().parent.parent / "docs/benchmarks/exceptions.md"),
    )
    args = parser.parse_args(argv)
    rng = np.random.default_rng(0)
    a, b = rng.random(N), rng.random(N)
    ia = rng.integers(0, 1000, N)
    ib = rng.integers(1, 1000, N)
    ib_zeros = ib.copy()
    ib_zeros[::1000] = 0  # one iteration in a thousand raises ZeroDivisionError
    warnings.simplefilter("ignore")
    numba = numba_or_none()
    # Each group's first loop is the base of its ratios.
    groups = [
        [
            ("float loop, no `try`", plain, (a, b)),
            ("float loop, `try` around the body", try_in_body, (a, b)),
            ("float loop, `try` around the loop", try_around_loop, (a, b)),
        ],
        [
            ("int `//` loop, no `try`", int_division, (ia, ib)),
            ("int `//` loop, `try` around the body", int_division_caught, (ia, ib)),
            ("int `//` loop, 1 in 1000 raises and is caught", int_division_caught, (ia, ib_zeros)),
        ],
    ]
    lines = [
        "# The cost of `try`",
        "",
        (
            f"Written by `python bench/exceptions.py`: loops over {N:,} items, best of "
            f"{args.repeat}; the ratio is against the first loop of its group (oxjit); "
            "CPython timed on a fiftieth of the items, times 50."
        ),
        "",
        "| loop | oxjit | / no `try` | Numba | CPython |",
        "|---|---|---|---|---|",
    ]
    for group in groups:
        base = None
        for label, f, fargs in group:
            ours = best(oxjit.njit(f), *fargs, repeat=args.repeat)
            base = base or ours
            theirs = best(numba.njit(f), *fargs, repeat=args.repeat) if numba else None
            python = best(f, *(x[: N // 50] for x in fargs), repeat=1) * 50
            numba_text = f"{theirs * 1e3:.2f} ms" if theirs else "n/a"
            lines.append(
                f"| {label} | {ours * 1e3:.2f} ms | {ours / base:.2f} | {numba_text} "
                f"| {python * 1e3:.0f} ms |"
            )
    write_table(lines, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""prange's speed-up: a compute-bound and a memory-bound kernel, each compiled serially and with
parallel=True, by oxjit and by Numba, in one run (CPython for scale on the compute-bound one).

    python bench/parallel.py          # prints the table, writes docs/benchmarks/parallel.md

A benchmark, not a test: it asserts nothing about time (it checks that every system computes
the same result). Best of --repeat timings of one call each, after a warm-up call (which
compiles). The speed-up is the serial time over the parallel time of the same system; it is
bounded by the machine's cores (`os.cpu_count()`), and the memory-bound kernel by its memory
bandwidth.
"""

import argparse
import math
import os
import sys
from pathlib import Path

import numpy as np
from _timing import best, write_table

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "python"))

import oxjit


def compute_bound(a, out):
    # A few hundred flops per element: the threads hardly touch memory.
    for i in oxjit.prange(a.shape[0]):
        x = a[i]
        s = 0.0
        for k in range(64):
            s += math.sin(x * k) * math.cos(x + k)
        out[i] = s
    return out


def memory_bound(a, b, out):
    # Two loads and a store per two flops: bandwidth decides.
    total = 0.0
    for i in oxjit.prange(a.shape[0]):
        v = a[i] * 2.0 + b[i]
        out[i] = v
        total += v
    return total


def with_numba(fn):
    """`fn` with `oxjit.prange` read as `numba.prange` (so Numba parallelises it)."""
    import numba

    glob = dict(fn.__globals__, oxjit=numba)
    clone = type(fn)(fn.__code__, glob, fn.__name__, fn.__defaults__)
    return numba.njit(clone), numba.njit(parallel=True)(clone)


def systems(fn):
    rows = [("oxjit", oxjit.njit(fn), oxjit.njit(parallel=True)(fn))]
    try:
        serial, parallel = with_numba(fn)
        rows.append(("Numba", serial, parallel))
    except ImportError:
        pass
    return rows


def measure(name, fn, args, repeat, python_args=None):
    lines = []
    results = []
    for system, serial, parallel in systems(fn):
        t_serial = best(serial, *args(), repeat=repeat)
        t_parallel = best(parallel, *args(), repeat=repeat)
        results.append(parallel(*args()))
        lines.append((system, t_serial, t_parallel))
    first = results[0]
    for r in results[1:]:
        same = np.allclose(r, first) if isinstance(first, np.ndarray) else math.isclose(r, first)
        assert same, f"{name}: the systems disagree"
    if python_args is not None:
        small, scale = python_args
        t = best(fn, *small(), repeat=1) * scale
        lines.append(("CPython (scaled from a smaller input)", t, None))
    return lines


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--n", type=int, default=10_000_000)
    parser.add_argument(
        "--out", default=str(Path(__file__).resolve().parent.parent / "docs/benchmarks/parallel.md")
    )
    opts = parser.parse_args(argv)
    rng = np.random.default_rng(0)
    n = opts.n
    a, b = rng.random(n), rng.random(n)
    out = np.empty(n)
    m = n // 20
    small = a[: m // 100]
    kernels = [
        (
            f"compute-bound ({m:,} elements x 64 sin/cos)",
            compute_bound,
            lambda: (a[:m], out[:m]),
            (lambda: (small, np.empty_like(small)), 100),
        ),
        (f"memory-bound ({n:,} elements, 24 bytes each)", memory_bound, lambda: (a, b, out), None),
    ]
    lines = [
        "# prange: parallel speed-up",
        "",
        (
            f"Written by `python bench/parallel.py`: best of {opts.repeat}, on "
            f"{os.cpu_count()} cores ({oxjit.parallel.pool_size()} threads in oxjit's pool)."
        ),
        "",
        "| kernel | system | serial | parallel=True | speed-up |",
        "|---|---|---|---|---|",
    ]
    for name, fn, args, python_args in kernels:
        for system, t_serial, t_parallel in measure(name, fn, args, opts.repeat, python_args):
            if t_parallel is None:
                lines.append(f"| {name} | {system} | {t_serial * 1e3:.1f} ms | | |")
            else:
                lines.append(
                    f"| {name} | {system} | {t_serial * 1e3:.1f} ms | {t_parallel * 1e3:.1f} ms "
                    f"| {t_serial / t_parallel:.2f}x |"
                )
    write_table(lines, opts.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())

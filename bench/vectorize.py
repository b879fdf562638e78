"""``@vectorize`` and ``@guvectorize`` of oxjit side by side with NumPy and Numba.

    python bench/vectorize.py                  # print the table, write docs/benchmarks/vectorize.md
    python bench/vectorize.py --repeat 3       # quicker, noisier

A benchmark, not a test: it asserts nothing about time (it does check that every system computes
the same values first). Numba is optional (its column is left out when it cannot be imported).
One process; each timing is the best of --repeat runs of a loop of calls (``timeit``):

- ufunc throughput: a kernel given to ``@vectorize(["float64(float64, float64)"])`` applied to
  two contiguous float64 arrays of 1,000,000 items, against the same expression written with
  NumPy's ufuncs, and against Numba's ``@vectorize`` of the same kernel. Two kernels: the
  ``rel_diff`` of issue 10 (``abs(x - y) / max(abs(x), abs(y), 1)``) and a polynomial.
- ``target="parallel"``: a compute-bound kernel (a short loop of sin/cos per element) on
  200,000 pairs, ``target="cpu"`` and ``target="parallel"`` of each system (the speed-up on this
  machine's cores).
- gufunc call overhead: one call of a ``"(n)->()"`` sum over 4 items (a 1-d input: one kernel
  call), microseconds per call, oxjit against Numba's ``@guvectorize``.
"""

import argparse
import importlib.util
import math
import sys
import timeit
from pathlib import Path

import numpy as np

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

N = 1_000_000


def rel_diff(x, y):
    return abs(x - y) / max(abs(x), abs(y), 1)


def rel_diff_numpy(x, y):
    return np.abs(x - y) / np.maximum(np.maximum(np.abs(x), np.abs(y)), 1.0)


def poly(x, y):
    return ((3.0 * x - 2.0) * x + y) * x + 0.5


def poly_numpy(x, y):
    return ((3.0 * x - 2.0) * x + y) * x + 0.5


def trig(x, y):
    s = 0.0
    for k in range(16):
        s += math.sin(x * k) * math.cos(y + k)
    return s


def gsum(a, out):
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i]
    out[0] = s


KERNELS = {"rel_diff": (rel_diff, rel_diff_numpy), "poly": (poly, poly_numpy)}


def best(stmt, repeat, number):
    """Seconds per call: the best of ``repeat`` loops of ``number`` calls."""
    return min(timeit.repeat(stmt, repeat=repeat, number=number)) / number


def builders():
    """``(vectorize, guvectorize)`` of each system that can be imported."""
    import oxjit

    systems = {"oxjit": (oxjit.vectorize, oxjit.guvectorize)}
    if importlib.util.find_spec("numba") is not None:
        import numba

        systems["numba"] = (numba.vectorize, numba.guvectorize)
    else:
        print("  numba: not importable, left out", file=sys.stderr)
    return systems


def ufunc_rows(systems, repeat):
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=N), rng.normal(size=N)
    rows = {}
    for name, (kernel, numpy_form) in KERNELS.items():
        expected = numpy_form(x, y)
        row = {"numpy": best(lambda f=numpy_form: f(x, y), repeat, 20)}
        for system, (vectorize, _) in systems.items():
            ufunc = vectorize(["float64(float64, float64)"])(kernel)
            np.testing.assert_allclose(ufunc(x, y), expected, rtol=1e-15, atol=0)
            row[system] = best(lambda u=ufunc: u(x, y), repeat, 20)
        rows[name] = row
    return rows


def parallel_rows(systems, repeat):
    rng = np.random.default_rng(1)
    x, y = rng.random(200_000), rng.random(200_000)
    rows = {}
    for system, (vectorize, _) in systems.items():
        serial = vectorize(["float64(float64, float64)"])(trig)
        parallel = vectorize(["float64(float64, float64)"], target="parallel")(trig)
        assert np.array_equal(serial(x, y), parallel(x, y))
        rows[system] = (
            best(lambda u=serial: u(x, y), repeat, 3),
            best(lambda u=parallel: u(x, y), repeat, 3),
        )
    return rows


def gufunc_row(systems, repeat):
    a = np.arange(4.0)
    row = {}
    for system, (_, guvectorize) in systems.items():
        g = guvectorize(["void(float64[:], float64[:])"], "(n)->()")(gsum)
        assert g(a) == 6.0
        row[system] = best(lambda g=g: g(a), repeat, 20_000)
    return row


def parallel_table(prow):
    import os

    lines = [
        "",
        (
            f"## target='parallel': compute-bound kernel on 200,000 pairs, {os.cpu_count()} "
            f"CPUs (ms per call)"
        ),
        "",
        "| system | target='cpu' | target='parallel' | speed-up |",
        "|---|---|---|---|",
    ]
    for system, (serial, parallel) in prow.items():
        lines.append(
            f"| {system} | {serial * 1e3:.2f} | {parallel * 1e3:.2f} | {serial / parallel:.2f}x |"
        )
    return "\n".join(lines) + "\n"


def table(rows, grow, repeat):
    systems = [s for s in ("oxjit", "numba") if s in grow]
    lines = [
        "# @vectorize and @guvectorize: oxjit, NumPy and Numba",
        "",
        (
            f"Written by `python bench/vectorize.py` (best of {repeat} loops, one process; see "
            f"the script's docstring)."
        ),
        "",
        f"## ufunc on two contiguous float64 arrays of {N:,} items (ms per call)",
        "",
        "| kernel | NumPy expression | "
        + " | ".join(systems)
        + " | oxjit vs NumPy |"
        + (" oxjit vs Numba |" if "numba" in systems else ""),
        "|---|---|" + "---|" * len(systems) + "---|" + ("---|" if "numba" in systems else ""),
    ]
    for name, row in rows.items():
        cells = [f"{row['numpy'] * 1e3:.2f}"] + [f"{row[s] * 1e3:.2f}" for s in systems]
        cells.append(f"{row['numpy'] / row['oxjit']:.2f}x")
        if "numba" in systems:
            cells.append(f"{row['numba'] / row['oxjit']:.2f}x")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "## gufunc call overhead: `(n)->()` sum of 4 items, one call (µs per call)",
        "",
        "| " + " | ".join(systems) + " |",
        "|" + "---|" * len(systems),
        "| " + " | ".join(f"{grow[s] * 1e6:.2f}" for s in systems) + " |",
    ]
    return "\n".join(lines) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--out", default=str(ROOT / "docs" / "benchmarks" / "vectorize.md"))
    args = parser.parse_args(argv)
    systems = builders()
    rows = ufunc_rows(systems, args.repeat)
    grow = gufunc_row(systems, args.repeat)
    from harness import machine

    info = machine.describe()
    prow = parallel_rows(systems, args.repeat)
    text = table(rows, grow, args.repeat) + parallel_table(prow)
    text += (
        f"\nMachine: {info['cpu']} ({info['cpus']} CPUs), Python {info['python']}, NumPy "
        f"{info['numpy']}, Numba {info['numba']}; load before: {info['load_before']} (the "
        f"parallel speed-up needs idle cores: with the load near the number of CPUs, the "
        f"chunks wait for each other).\n"
    )
    print(text)
    Path(args.out).write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())

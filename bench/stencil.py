"""``@stencil``: oxjit's against Numba's, and the same computation written with NumPy slices.

    python bench/stencil.py              # prints the table, writes docs/benchmarks/stencil.md
    python bench/stencil.py --repeat 3   # quicker, noisier

A benchmark, not a test: it asserts nothing about time (the results are checked equal first).
Numba is optional (its columns are left out when it cannot be imported). Each kernel is timed
called from Python and called inside an ``@njit`` function; best of --repeat calls after a
warm-up call (which compiles). Numba's stencil called from Python compiles its loop nest again
at every call (its ``StencilFunc.__call__``), so that column shows Numba's compile time: Numba's
users call stencils from ``@njit`` code, the column to compare.

Kernels:

- ``jacobi``: the 4-point average of a 2000x2000 float64 grid (memory-bound);
- ``blend``: two 2000x2000 arrays and a scalar, 3x3 neighborhood;
- ``moving``: a 30-point trailing mean of 2,000,000 floats, a loop with ``neighborhood=``.
"""

import argparse
import sys
from pathlib import Path

import numpy as np
from _timing import best, write_table

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "python"))

N2, N1, WINDOW = 2000, 2_000_000, 30


def jacobi(a):
    return 0.25 * (a[-1, 0] + a[1, 0] + a[0, -1] + a[0, 1])


def blend(a, b, w):
    return w * (a[-1, -1] + a[1, 1]) + (1.0 - w) * b[0, 0]


def moving(a):
    s = 0.0
    for i in range(-29, 1):
        s += a[i]
    return s / 30


def jacobi_numpy(a):
    out = np.zeros_like(a)
    out[1:-1, 1:-1] = 0.25 * (a[:-2, 1:-1] + a[2:, 1:-1] + a[1:-1, :-2] + a[1:-1, 2:])
    return out


def blend_numpy(a, b, w):
    out = np.zeros_like(a)
    out[1:-1, 1:-1] = w * (a[:-2, :-2] + a[2:, 2:]) + (1.0 - w) * b[1:-1, 1:-1]
    return out


def moving_numpy(a):
    out = np.zeros_like(a)
    c = np.cumsum(a)
    # The same additions in the same order would need a loop: NumPy's version is a cumulative
    # sum (rounds differently), compared with a tolerance.
    out[WINDOW - 1 :] = (c[WINDOW - 1 :] - np.concatenate(([0.0], c[:-WINDOW]))) / WINDOW
    return out


KERNELS = {
    "jacobi": (jacobi, {}, jacobi_numpy, lambda rng: (rng.random((N2, N2)),)),
    "blend": (
        blend,
        {},
        blend_numpy,
        lambda rng: (rng.random((N2, N2)), rng.random((N2, N2)), 0.3),
    ),
    "moving": (
        moving,
        {"neighborhood": ((-(WINDOW - 1), 0),)},
        moving_numpy,
        lambda rng: (rng.random(N1),),
    ),
}


def inside_njit(njit, st, nargs):
    """``@njit def f(args): return st(args)`` for a stencil of ``nargs`` arguments."""
    names = ", ".join(f"x{i}" for i in range(nargs))
    namespace = {"st": st}
    text = f"def call_in_njit({names}):\n    return st({names})\n"
    path = ROOT / "bench" / "results" / f"_stencil_{id(st)}.py"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)  # oxjit compiles from a file's source
    exec(compile(text, str(path), "exec"), namespace)  # noqa: S102 (our own text)
    return njit(namespace["call_in_njit"])


def systems():
    import oxjit

    found = {"oxjit": (oxjit.stencil, oxjit.njit)}
    try:
        import numba
    except ImportError:
        print("  numba cannot be imported: its columns are left out", file=sys.stderr)
    else:
        found["numba"] = (numba.stencil, numba.njit)
    return found


def measure(repeat):
    rng = np.random.default_rng(0)
    found = systems()
    rows = []
    for name, (kernel, options, numpy_version, make) in KERNELS.items():
        args = make(rng)
        want = numpy_version(*args)
        row = {"kernel": name, "numpy": best(numpy_version, *args, repeat=repeat)}
        for system, (stencil, njit) in found.items():
            st = stencil(**options)(kernel)
            in_njit = inside_njit(njit, st, len(args))
            got = in_njit(*args)
            same = np.allclose(got, want, rtol=1e-9, atol=1e-12)
            if not same or got.dtype != want.dtype:
                raise SystemExit(f"{system} {name}: the result differs from NumPy's")
            row[f"{system} from Python"] = best(
                st, *args, repeat=1 if system == "numba" else repeat
            )
            row[f"{system} in @njit"] = best(in_njit, *args, repeat=repeat)
        rows.append(row)
    return rows, list(found)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--out", default=str(ROOT / "docs" / "benchmarks" / "stencil.md"))
    args = parser.parse_args(argv)
    rows, found = measure(args.repeat)
    columns = [f"{s} {where}" for s in found for where in ("in @njit", "from Python")]
    columns.append("numpy")
    header = "| kernel | " + " | ".join(columns)
    if "numba" in found:
        header += " | oxjit / Numba, in @njit"
    lines = [
        "# @stencil, oxjit and Numba",
        "",
        (
            f"Written by `python bench/stencil.py` (best of {args.repeat} calls after a warm-up; "
            "Numba's stencil from Python: one call, it compiles at every call). See the "
            "script's docstring for the kernels."
        ),
        "",
        header + " |",
        "|---" * (header.count("|")) + "|",
    ]
    for row in rows:
        cells = [f"{row[c] * 1e3:.2f} ms" for c in columns]
        if "numba" in found:
            cells.append(f"{row['oxjit in @njit'] / row['numba in @njit']:.2f}")
        lines.append(f"| {row['kernel']} | " + " | ".join(cells) + " |")
    write_table(lines, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())

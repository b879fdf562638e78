"""Array programs: loops over NumPy arrays (indexing, in-place updates), arrays made in compiled
code, and whole-array expressions fused into one loop.

Plain Python: this module runs unchanged under CPython (see examples/programs/__init__.py).
"""

import numpy as np

from programs import Program

JIT = [
    "matmul",
    "laplace_step",
    "histogram",
    "prefix_sum",
    "pairwise_min_distance",
    "matmul_new",
    "smoothstep_blend",
    "zscore_rows",
]


def matmul(a, b, out):
    """The seed paper's naive matrix multiply (Table 1)."""
    n, m = a.shape
    p = b.shape[1]
    for i in range(n):
        for j in range(p):
            s = 0.0
            for k in range(m):
                s += a[i, k] * b[k, j]
            out[i, j] = s
    return out


def laplace_step(u, out, steps):
    """Jacobi iterations of the 2-D Laplace equation (a 5-point stencil)."""
    n, m = u.shape
    for _ in range(steps):
        for i in range(1, n - 1):
            for j in range(1, m - 1):
                out[i, j] = 0.25 * (u[i - 1, j] + u[i + 1, j] + u[i, j - 1] + u[i, j + 1])
        for i in range(1, n - 1):
            for j in range(1, m - 1):
                u[i, j] = out[i, j]
    return u


def histogram(x, counts, lo, hi):
    """Counts of x in equal bins of [lo, hi)."""
    nbins = len(counts)
    width = (hi - lo) / nbins
    for v in x:
        if lo <= v < hi:
            counts[int((v - lo) / width)] += 1
    return counts


def prefix_sum(x, out):
    total = 0.0
    for i in range(len(x)):
        total += x[i]
        out[i] = total
    return out


def pairwise_min_distance(points):
    """The smallest distance between two of n points (n x 3 array), O(n^2)."""
    n = points.shape[0]
    best = 1e300
    for i in range(n):
        for j in range(i + 1, n):
            d = 0.0
            for k in range(3):
                t = points[i, k] - points[j, k]
                d += t * t
            best = min(best, d)
    return best**0.5


def matmul_new(a, b):
    """The issue's matmul: the result allocated in compiled code with np.zeros."""
    n, m = a.shape
    c = np.zeros((n, b.shape[1]))
    for i in range(n):
        for j in range(b.shape[1]):
            s = 0.0
            for k in range(m):
                s += a[i, k] * b[k, j]
            c[i, j] = s
    return c


def smoothstep_blend(x, a, b):
    """A polynomial of arrays, written as NumPy code: NumPy makes a temporary array per
    operation; compiled, the whole line is one loop (seed 000 §4.5.2)."""
    return a + (b - a) * (x * x * (3.0 - 2.0 * x))


def zscore_rows(x):
    """Each row standardised: reductions along an axis, broadcasting against them."""
    mean = x.mean(axis=1)
    std = x.std(axis=1)
    return (x - mean[:, np.newaxis]) / std[:, np.newaxis]


def select_rows_columns(x, cols, threshold):
    rows = x[x[:, 0] > threshold]  # a mask picks rows
    picked = rows[:, cols]  # an index array picks columns
    picked[:, cols < 0] = 0.0  # assigned through a mask beside a slice
    return picked


def _rng(seed):
    return np.random.default_rng(seed)


def _arrays_equal(a, b):
    return type(a) is type(b) and np.array_equal(a, b)


PROGRAMS = [
    Program(
        "matmul 128x128",
        "matmul",
        make_args=lambda: (
            _rng(1).random((128, 128)),
            _rng(2).random((128, 128)),
            np.zeros((128, 128)),
        ),
        same=_arrays_equal,
        note="seed 000 Table 1",
    ),
    Program(
        "Laplace 200x200, 20 steps",
        "laplace_step",
        make_args=lambda: (_rng(3).random((200, 200)), np.zeros((200, 200)), 20),
        same=_arrays_equal,
        note="2-D stencil",
    ),
    Program(
        "histogram 1M into 64 bins",
        "histogram",
        make_args=lambda: (
            _rng(4).standard_normal(1_000_000),
            np.zeros(64, dtype=np.int64),
            -3.0,
            3.0,
        ),
        same=_arrays_equal,
        note="data-dependent writes",
    ),
    Program(
        "prefix sum 1M",
        "prefix_sum",
        make_args=lambda: (_rng(5).random(1_000_000), np.zeros(1_000_000)),
        same=_arrays_equal,
        note="loop-carried sum",
    ),
    Program(
        "closest pair of 1500 points",
        "pairwise_min_distance",
        make_args=lambda: (_rng(6).random((1500, 3)),),
        # CPython computes with numpy float64 scalars; compiled code returns a Python float.
        same=lambda a, b: isinstance(b, float) and float(a) == b,
        note="triangular loop",
    ),
    Program(
        "matmul 128x128, np.zeros inside",
        "matmul_new",
        make_args=lambda: (_rng(1).random((128, 128)), _rng(2).random((128, 128))),
        same=_arrays_equal,
        note="allocation in compiled code",
    ),
    Program(
        "blend polynomial, 1M items",
        "smoothstep_blend",
        make_args=lambda: (
            _rng(7).random(1_000_000),
            _rng(8).random(1_000_000),
            _rng(9).random(1_000_000),
        ),
        same=_arrays_equal,
        note="array expression, fused",
    ),
    Program(
        "z-scores of 2000x500 rows",
        "zscore_rows",
        make_args=lambda: (_rng(10).standard_normal((2000, 500)),),
        same=_arrays_equal,
        note="axis reductions + broadcasting",
    ),
    Program(
        "rows by mask, columns by index, 20000x64",
        "select_rows_columns",
        make_args=lambda: (
            _rng(11).random((20000, 64)),
            _rng(12).integers(-64, 64, 16),
            0.5,
        ),
        same=_arrays_equal,
        note="advanced indexing",
    ),
]

"""``np.histogram`` of a strided view, and float powers by a number (``a ** 2.0``, ``a ** 3``),
whole-array NumPy code: the CPython column is NumPy's own."""

import numpy as np
from harness.spec import Kernel, close, exact, rng

JIT = ["np_histogram", "square_cube"]

BINS = 64


def np_histogram(x):
    """Counts in 64 equal bins of every other item, the range found from the items."""
    return np.histogram(x[::2], BINS)[0]


def square_cube(a):
    """A square (NumPy's `x * x`) and a cube (the C library's `pow`, as NumPy's)."""
    return a**2.0, a**3


def make_hist_inputs(n):
    return (rng(41).standard_normal(2 * n),)


def make_power_inputs(n):
    return (rng(42).standard_normal(n),)


KERNELS = [
    Kernel(
        name="np_histogram",
        entry="np_histogram",
        description=f"np.histogram(x[::2], {BINS}) of n normal float64, NumPy's edges and counts",
        make_inputs=make_hist_inputs,
        sizes={"quick": (1 << 22,), "full": (1 << 24,)},
        python_sizes={"quick": 1 << 22, "full": 1 << 24},
        check_size=10_000,
        work=lambda n: n,
        check=exact,
        check_note="exact",
        reference=np_histogram,
        loop=False,
        tags=("numpy",),
    ),
    Kernel(
        name="square_cube",
        entry="square_cube",
        description="a ** 2.0 and a ** 3 of n float64 (NumPy's x * x and pow)",
        make_inputs=make_power_inputs,
        sizes={"quick": (1 << 22,), "full": (1 << 24,)},
        python_sizes={"quick": 1 << 22, "full": 1 << 24},
        check_size=10_000,
        work=lambda n: n,
        check=close(1e-15),
        check_note="rtol 1e-15 (exact against the C library's pow; NumPy's AVX-512 pow differs)",
        reference=square_cube,
        loop=False,
        tags=("numpy",),
    ),
]

"""A transcendental expression over a long array, ``np.exp(-x * x) * np.sin(x)``. The CPython
column is NumPy's own code (which uses SIMD exp/sin where the CPU has them)."""

import numpy as np
from harness.spec import Kernel, close, rng

JIT = ["gauss_sin"]


def gauss_sin(x):
    """exp(-x^2) sin(x), a new array."""
    return np.exp(-x * x) * np.sin(x)


def make_inputs(n):
    return (rng(34).uniform(-4.0, 4.0, n),)


KERNELS = [
    Kernel(
        name="gauss_sin",
        entry="gauss_sin",
        description="np.exp(-x * x) * np.sin(x) on n float64 in [-4, 4]",
        make_inputs=make_inputs,
        sizes={"quick": (1 << 16, 1 << 22), "full": (1 << 16, 1 << 22)},
        python_sizes={"quick": 1 << 22, "full": 1 << 22},
        check_size=10_000,
        work=lambda n: n,
        check=close(1e-13, atol=1e-300),
        check_note="rtol 1e-13 (NumPy's SIMD exp/sin and libm's differ in the last bits)",
        reference=gauss_sin,
        bytes_moved=lambda n: 16 * n,
        loop=False,
        tags=("numpy", "array expression", "ufunc"),
    ),
]

"""Jacobi iterations of the 2-D Laplace equation: the seed's 5-point stencil, in place."""

import numpy as np
from harness.cref import function, i64, ptr
from harness.spec import Kernel, close, rng

JIT = ["laplace_step"]

STEPS = 20


def laplace_step(u, out, steps):
    """``steps`` Jacobi sweeps of u's interior (out is the scratch grid); u is updated in place."""
    n, m = u.shape
    for _ in range(steps):
        for i in range(1, n - 1):
            for j in range(1, m - 1):
                out[i, j] = 0.25 * (u[i - 1, j] + u[i + 1, j] + u[i, j - 1] + u[i, j + 1])
        for i in range(1, n - 1):
            for j in range(1, m - 1):
                u[i, j] = out[i, j]
    return u


def make_inputs(n):
    return rng(5).random((n, n)), np.zeros((n, n)), STEPS


def c_call(lib, u, out, steps):
    n, m = u.shape
    function(lib, "laplace_step")(ptr(u), ptr(out), i64(n), i64(m), i64(steps))
    return u


KERNELS = [
    Kernel(
        name="laplace",
        entry="laplace_step",
        description=f"{STEPS} Jacobi sweeps of an n x n grid (5-point stencil, copy back)",
        make_inputs=make_inputs,
        sizes={"quick": (512,), "full": (256, 1024)},
        python_sizes={"quick": 48, "full": 192},
        check_size=20,
        work=lambda n: STEPS * (n - 2) ** 2,
        check=close(1e-12),
        check_note="rtol 1e-12 (same operations in the same order)",
        c_call=c_call,
    )
]

"""A 5-point stencil written with slices, as NumPy users write Jacobi's step: into a new array,
and into the interior of a given one. The CPython column is NumPy's own code."""

import numpy as np
from harness.spec import Kernel, close, rng

JIT = ["stencil_new", "stencil_into"]

COLS = 1024


def stencil_new(u):
    """The average of the four neighbours of every interior point, a new array."""
    return 0.25 * (u[:-2, 1:-1] + u[2:, 1:-1] + u[1:-1, :-2] + u[1:-1, 2:])


def stencil_into(u, v):
    """The same written into v's interior (v's border is left as it is)."""
    v[1:-1, 1:-1] = 0.25 * (u[:-2, 1:-1] + u[2:, 1:-1] + u[1:-1, :-2] + u[1:-1, 2:])
    return v


def make_new_inputs(n):
    return (rng(32).random((n // COLS, COLS)),)


def make_into_inputs(n):
    u = rng(33).random((n // COLS, COLS))
    return u, np.zeros_like(u)


def _kernel(name, description, make_inputs, reference):
    return Kernel(
        name=name,
        entry=name,
        description=description,
        make_inputs=make_inputs,
        sizes={"quick": (1 << 16, 1 << 22), "full": (1 << 16, 1 << 22)},
        python_sizes={"quick": 1 << 22, "full": 1 << 22},
        check_size=64 * COLS,
        work=lambda n: n,
        check=close(1e-15),
        check_note="rtol 1e-15 (the same additions in the same order)",
        reference=reference,
        bytes_moved=lambda n: 16 * n,
        loop=False,
        tags=("numpy", "array expression", "stencil"),
    )


KERNELS = [
    _kernel(
        "stencil_new",
        f"0.25 * (u[:-2, 1:-1] + u[2:, 1:-1] + u[1:-1, :-2] + u[1:-1, 2:]), rows of {COLS}",
        make_new_inputs,
        stencil_new,
    ),
    _kernel(
        "stencil_into",
        f"v[1:-1, 1:-1] = the same stencil, rows of {COLS}",
        make_into_inputs,
        stencil_into,
    ),
]

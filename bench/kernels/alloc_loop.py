"""Allocation in the loop: a small temporary array per iteration (path length of a polyline)."""

import ctypes
import math

import numpy as np
from harness.cref import function, i64, ptr
from harness.spec import Kernel, close, rng

JIT = ["path_length"]


def path_length(points):
    """The length of the polyline through the n points (n x 3), a new 3-vector per segment."""
    n = points.shape[0]
    total = 0.0
    for i in range(n - 1):
        d = np.empty(3)
        for k in range(3):
            d[k] = points[i + 1, k] - points[i, k]
        total += math.sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2])
    return total


def make_inputs(n):
    return (rng(17).standard_normal((n, 3)),)


def reference(points):
    d = np.diff(points, axis=0)
    return np.sqrt((d * d).sum(axis=1)).sum()


def c_call(lib, points):
    return function(lib, "path_length", ctypes.c_double)(ptr(points), i64(points.shape[0]))


KERNELS = [
    Kernel(
        name="alloc_loop",
        entry="path_length",
        description="polyline length of n points, np.empty(3) in every iteration",
        make_inputs=make_inputs,
        sizes={"quick": (1 << 18,), "full": (1 << 20,)},
        python_sizes={"quick": 1 << 13, "full": 1 << 17},
        check_size=1000,
        work=lambda n: n,
        check=close(1e-10),
        check_note="rtol 1e-10 (NumPy's sum is pairwise, the loop's sequential)",
        reference=reference,
        c_call=c_call,
        tags=("alloc",),
    )
]

"""Pairwise energy with prange: every pair of n points once, summed (a triangular loop, so rows
cost unequal time), compiled with parallel=True by the JITs; CPython runs it serially."""

import numpy as np
from harness.spec import Kernel, close, rng

JIT = ["pairwise_energy"]
JIT_OPTIONS = {"parallel": True}

prange = range  # the worker puts the JIT's prange here


def pairwise_energy(x, y):
    total = 0.0
    for i in prange(x.shape[0]):
        for j in range(i + 1, x.shape[0]):
            d = (x[i] - x[j]) ** 2 + (y[i] - y[j]) ** 2
            total += 1.0 / (d + 1.0)
    return total


def make_inputs(n):
    g = rng(11)
    return g.random(n), g.random(n)


def reference(x, y):
    d = (x[:, None] - x[None, :]) ** 2 + (y[:, None] - y[None, :]) ** 2
    e = 1.0 / (d + 1.0)
    return float(np.triu(e, 1).sum())


KERNELS = [
    Kernel(
        name="prange_energy",
        entry="pairwise_energy",
        description="sum over the n(n-1)/2 pairs of n points, a prange reduction (parallel=True)",
        make_inputs=make_inputs,
        sizes={"quick": (3000,), "full": (6000,)},
        python_sizes={"quick": 300, "full": 600},
        check_size=200,
        work=lambda n: n * (n - 1) / 2,
        check=close(rtol=1e-9),
        check_note="relative 1e-9 (the parallel sum adds its chunks' partial sums in another "
        "order than the serial loop)",
        reference=reference,
        tags=("parallel",),
    )
]

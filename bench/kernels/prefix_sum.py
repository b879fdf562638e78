"""Prefix sum: running totals into a new array (a loop-carried dependency, memory-bound)."""

import numpy as np
from harness.cref import function, i64, ptr
from harness.spec import Kernel, close, rng

JIT = ["prefix_sum"]


def prefix_sum(x):
    """out[i] = x[0] + ... + x[i], in a new array."""
    out = np.empty_like(x)
    total = 0.0
    for i in range(x.shape[0]):
        total += x[i]
        out[i] = total
    return out


def make_inputs(n):
    return (rng(7).random(n),)


def reference(x):
    return np.cumsum(x)


def c_call(lib, x):
    out = np.empty_like(x)
    function(lib, "prefix_sum")(ptr(x), ptr(out), i64(x.shape[0]))
    return out


KERNELS = [
    Kernel(
        name="prefix_sum",
        entry="prefix_sum",
        description="running sum of n float64 into a new array",
        make_inputs=make_inputs,
        sizes={"quick": (1 << 24,), "full": (1 << 24,)},
        python_sizes={"quick": 1 << 16, "full": 1 << 20},
        check_size=10_000,
        work=lambda n: n,
        check=close(1e-12),
        check_note="rtol 1e-12 (np.cumsum adds in the same order)",
        reference=reference,
        c_call=c_call,
        bytes_moved=lambda n: 16 * n,
        memory_bound=True,
        tags=("alloc",),
    )
]

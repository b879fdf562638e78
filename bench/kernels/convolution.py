"""1-D convolution of a signal with a short filter, the valid part, into a new array."""

import numpy as np
from harness.cref import function, i64, ptr
from harness.spec import Kernel, close_in_norm, rng

JIT = ["convolve"]

TAPS = 31


def convolve(x, w):
    """np.convolve(x, w, "valid"), as two loops."""
    n = x.shape[0]
    m = w.shape[0]
    out = np.zeros(n - m + 1)
    for i in range(n - m + 1):
        s = 0.0
        for j in range(m):
            s += x[i + j] * w[m - 1 - j]
        out[i] = s
    return out


def make_inputs(n):
    g = rng(10)
    return g.standard_normal(n), g.standard_normal(TAPS)


def reference(x, w):
    return np.convolve(x, w, "valid")


def c_call(lib, x, w):
    out = np.zeros(x.shape[0] - w.shape[0] + 1)
    function(lib, "convolve")(ptr(x), i64(x.shape[0]), ptr(w), i64(w.shape[0]), ptr(out))
    return out


KERNELS = [
    Kernel(
        name="convolution",
        entry="convolve",
        description=f"valid 1-D convolution of n samples with {TAPS} taps, new array",
        make_inputs=make_inputs,
        sizes={"quick": (1 << 20,), "full": (1 << 22,)},
        python_sizes={"quick": 1 << 11, "full": 1 << 15},
        check_size=1000,
        work=lambda n: n * TAPS,
        check=close_in_norm(1e-12),
        check_note="max error <= 1e-12 x the largest |element| (np.convolve sums in another "
        "order, and sums of normal values cancel)",
        reference=reference,
        c_call=c_call,
        tags=("alloc",),
    )
]

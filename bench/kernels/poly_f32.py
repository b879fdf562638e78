"""A float32 kernel: a cubic polynomial of each element, float32 throughout, into out."""

import numpy as np
from harness.cref import f32, function, i64, ptr
from harness.spec import Kernel, close, rng

JIT = ["poly_f32"]

COEFFS = (0.5, -1.25, 0.75, 0.125)


def poly_f32(x, out, c0, c1, c2, c3):
    """out[i] = c0 + c1 x + c2 x^2 + c3 x^3 by Horner's rule (float32 arrays and coefficients)."""
    for i in range(x.shape[0]):
        v = x[i]
        out[i] = ((c3 * v + c2) * v + c1) * v + c0
    return out


def make_inputs(n):
    x = rng(13).random(n, dtype=np.float32)
    return (x, np.zeros(n, np.float32), *(np.float32(c) for c in COEFFS))


def reference(x, out, c0, c1, c2, c3):
    return ((c3 * x + c2) * x + c1) * x + c0


def c_call(lib, x, out, c0, c1, c2, c3):
    args = (ptr(x), ptr(out), i64(x.shape[0]), f32(c0), f32(c1), f32(c2), f32(c3))
    function(lib, "poly_f32")(*args)
    return out


KERNELS = [
    Kernel(
        name="poly_f32",
        entry="poly_f32",
        description="cubic polynomial of n float32 values into out (float32 arithmetic)",
        make_inputs=make_inputs,
        sizes={"quick": (1 << 25,), "full": (1 << 25,)},
        python_sizes={"quick": 1 << 16, "full": 1 << 20},
        check_size=10_000,
        work=lambda n: n,
        check=close(1e-6),
        check_note="rtol 1e-6 (float32; the same operations round identically unless fused)",
        reference=reference,
        c_call=c_call,
        bytes_moved=lambda n: 8 * n,
        memory_bound=True,
        tags=("float32",),
    )
]

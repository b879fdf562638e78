"""The seed's naive matrix multiply: three nested loops, the result in a preallocated ``out``."""

import numpy as np
from harness.cref import function, i64, ptr
from harness.spec import Kernel, close, rng

JIT = ["matmul"]


def matmul(a, b, out):
    """out = a @ b, the seed paper's naive i-j-k loops (Table 1)."""
    n, m = a.shape
    p = b.shape[1]
    for i in range(n):
        for j in range(p):
            s = 0.0
            for k in range(m):
                s += a[i, k] * b[k, j]
            out[i, j] = s
    return out


def make_inputs(n):
    return rng(1).random((n, n)), rng(2).random((n, n)), np.zeros((n, n))


def reference(a, b, out):
    return a @ b


def c_call(lib, a, b, out):
    n, m = a.shape
    function(lib, "matmul")(ptr(a), ptr(b), ptr(out), i64(n), i64(m), i64(b.shape[1]))
    return out


KERNELS = [
    Kernel(
        name="matmul",
        entry="matmul",
        description="naive i-j-k matrix multiply, n x n, into out",
        make_inputs=make_inputs,
        sizes={"quick": (64, 256), "full": (64, 128, 256, 512)},
        python_sizes={"quick": 64, "full": 128},
        check_size=24,
        work=lambda n: n**3,
        check=close(1e-12),
        check_note="rtol 1e-12 (BLAS sums in another order)",
        reference=reference,
        c_call=c_call,
    )
]

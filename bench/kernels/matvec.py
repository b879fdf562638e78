"""Matrix-vector products as NumPy users write them (NPBench's atax, bicg, mvt): ``A @ x`` and
``x @ A`` of an n x n float64 matrix (BLAS ``gemv`` under all three), and a loop over rows that
calls ``np.dot`` on short row slices (NPBench's cholesky, trmm, trisolv: there the cost of each
call, not the arithmetic, is what is timed). The CPython column is NumPy's own code."""

import numpy as np
from harness.spec import Kernel, close, rng

JIT = ["matvec", "vecmat", "row_dots"]


def matvec(a, x):
    """A @ x."""
    return a @ x


def vecmat(a, x):
    """x @ A."""
    return x @ a


def row_dots(a, x):
    """np.dot of each row's leading part with the vector's: n(n-1)/2 multiply-adds in n calls."""
    n = a.shape[0]
    out = np.empty(n)
    for i in range(n):
        out[i] = np.dot(a[i, :i], x[:i])
    return out


def make_inputs(n):
    return rng(41).random((n, n)), rng(42).random(n)


def _kernel(name, description, reference, sizes, loop):
    return Kernel(
        name=name,
        entry=name,
        description=description,
        make_inputs=make_inputs,
        sizes={"quick": sizes, "full": sizes},
        python_sizes={"quick": sizes[-1], "full": sizes[-1]},
        check_size=48,
        work=lambda n: n * n,
        check=close(1e-12),
        check_note="rtol 1e-12 (BLAS sums in its own order)",
        reference=reference,
        bytes_moved=lambda n: 8 * n * n,
        loop=loop,
        tags=("numpy", "linalg"),
    )


def _row_dots_ref(a, x):
    return np.array([np.dot(a[i, :i], x[:i]) for i in range(a.shape[0])])


KERNELS = [
    _kernel("matvec", "A @ x, A n x n float64", lambda a, x: a @ x, (256, 2048), False),
    _kernel("vecmat", "x @ A, A n x n float64", lambda a, x: x @ a, (256, 2048), False),
    _kernel("row_dots", "np.dot(a[i, :i], x[:i]) for each row", _row_dots_ref, (64, 256), True),
]

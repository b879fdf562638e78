"""Array expressions: ``a * x + y``, and a longer chain with ufuncs (NumPy's own style)."""

import numpy as np
from harness.cref import f64, function, i64, ptr
from harness.spec import Kernel, close, rng

JIT = ["axpy", "chain"]


def axpy(a, x, y):
    """a * x + y, a new array."""
    return a * x + y


def chain(x, y, z):
    """A longer expression with ufuncs, a new array."""
    return np.sqrt(x * x + y * y) * np.exp(-z) + 2.5 * x - y / (1.0 + z * z)


def make_axpy_inputs(n):
    g = rng(15)
    return 2.5, g.random(n), g.random(n)


def make_chain_inputs(n):
    g = rng(16)
    return g.random(n), g.random(n), g.random(n)


def axpy_c_call(lib, a, x, y):
    out = np.empty_like(x)
    function(lib, "axpy")(f64(a), ptr(x), ptr(y), ptr(out), i64(x.shape[0]))
    return out


def chain_c_call(lib, x, y, z):
    out = np.empty_like(x)
    function(lib, "chain")(ptr(x), ptr(y), ptr(z), ptr(out), i64(x.shape[0]))
    return out


KERNELS = [
    Kernel(
        name="axpy",
        entry="axpy",
        description="a * x + y on n float64 (array expression), new array",
        make_inputs=make_axpy_inputs,
        sizes={"quick": (1 << 24,), "full": (1 << 24,)},
        python_sizes={"quick": 1 << 24, "full": 1 << 24},
        check_size=10_000,
        work=lambda n: n,
        check=close(1e-15),
        check_note="rtol 1e-15 (the same two roundings; only a fused multiply-add would differ)",
        reference=axpy,
        c_call=axpy_c_call,
        bytes_moved=lambda n: 24 * n,
        memory_bound=True,
        loop=False,
        tags=("alloc", "array expression"),
    ),
    Kernel(
        name="chain",
        entry="chain",
        description="sqrt(x*x + y*y) * exp(-z) + 2.5*x - y / (1 + z*z), new array",
        make_inputs=make_chain_inputs,
        sizes={"quick": (1 << 22,), "full": (1 << 24,)},
        python_sizes={"quick": 1 << 22, "full": 1 << 24},
        check_size=10_000,
        work=lambda n: n,
        check=close(1e-13, atol=1e-15),
        check_note="rtol 1e-13 (NumPy's vectorised exp differs from libm's in the last bit)",
        reference=chain,
        c_call=chain_c_call,
        bytes_moved=lambda n: 32 * n,
        loop=False,
        tags=("alloc", "array expression", "ufunc"),
    ),
]

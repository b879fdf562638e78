"""STREAM's triad as a Python loop: ``a[i] = b[i] + s * c[i]`` into a preallocated a."""

from harness.cref import f64, function, i64, ptr
from harness.spec import Kernel, close, rng

JIT = ["triad"]


def triad(a, b, c, s):
    """a[i] = b[i] + s * c[i] for every i; returns a."""
    for i in range(a.shape[0]):
        a[i] = b[i] + s * c[i]
    return a


def make_inputs(n):
    g = rng(18)
    return g.random(n), g.random(n), g.random(n), 3.0


def reference(a, b, c, s):
    return b + s * c


def c_call(lib, a, b, c, s):
    function(lib, "triad")(ptr(a), ptr(b), ptr(c), f64(s), i64(a.shape[0]))
    return a


KERNELS = [
    Kernel(
        name="triad",
        entry="triad",
        description="a[i] = b[i] + s * c[i] over n float64, in place (a loop)",
        make_inputs=make_inputs,
        sizes={"quick": (1 << 24,), "full": (1 << 24,)},
        python_sizes={"quick": 1 << 16, "full": 1 << 20},
        check_size=10_000,
        work=lambda n: n,
        check=close(1e-15),
        check_note="rtol 1e-15 (the same two roundings)",
        reference=reference,
        c_call=c_call,
        bytes_moved=lambda n: 24 * n,
        memory_bound=True,
    )
]

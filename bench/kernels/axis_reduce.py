"""Reductions over an axis: ``a.sum(axis=0)`` and ``a.mean(axis=1)`` of a 2-D array. The CPython
column is NumPy's own code."""

from harness.spec import Kernel, close, rng

JIT = ["sum_axis0", "mean_axis1"]

COLS = 1024


def sum_axis0(a):
    """Column sums."""
    return a.sum(axis=0)


def mean_axis1(a):
    """Row means."""
    return a.mean(axis=1)


def make_inputs(n):
    return (rng(35).random((n // COLS, COLS)),)


def _kernel(name, description, reference):
    return Kernel(
        name=name,
        entry=name,
        description=description,
        make_inputs=make_inputs,
        sizes={"quick": (1 << 16, 1 << 22), "full": (1 << 16, 1 << 22)},
        python_sizes={"quick": 1 << 22, "full": 1 << 22},
        check_size=64 * COLS,
        work=lambda n: n,
        check=close(1e-12),
        check_note="rtol 1e-12 (NumPy adds pairwise along a contiguous axis)",
        reference=reference,
        bytes_moved=lambda n: 8 * n,
        loop=False,
        tags=("numpy", "reduction"),
    )


KERNELS = [
    _kernel("sum_axis0", f"a.sum(axis=0), a of n float64 in rows of {COLS}", sum_axis0),
    _kernel("mean_axis1", f"a.mean(axis=1), a of n float64 in rows of {COLS}", mean_axis1),
]

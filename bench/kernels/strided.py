"""Reductions over strided views: a loop over ``a[::2]``, and ``.sum()`` of a 2-D view."""

import ctypes

from harness.cref import function, i64, ptr
from harness.spec import Kernel, close, rng

JIT = ["strided_loop_sum", "view_sum"]

STEP = 2
COLS = 1024


def strided_loop_sum(a, step):
    """The sum of a[::step], by a loop over the view."""
    total = 0.0
    for x in a[::step]:
        total += x
    return total


def view_sum(a):
    """The sum of every other column of a's inner rows, by the view's sum() method."""
    return a[1:-1, ::2].sum()


def make_loop_inputs(n):
    return rng(11).random(n), STEP


def make_view_inputs(n):
    return (rng(12).random((n // COLS, COLS)),)


def loop_reference(a, step):
    return a[::step].sum()


def view_reference(a):
    return a[1:-1, ::2].sum()


def loop_c_call(lib, a, step):
    return function(lib, "strided_sum", ctypes.c_double)(ptr(a), i64(a.shape[0]), i64(step))


def view_c_call(lib, a):
    rows, cols = a.shape
    return function(lib, "view_sum", ctypes.c_double)(ptr(a), i64(rows), i64(cols))


KERNELS = [
    Kernel(
        name="strided_loop",
        entry="strided_loop_sum",
        description=f"sum of a[::{STEP}] by a for loop over the view, a of n float64",
        make_inputs=make_loop_inputs,
        sizes={"quick": (1 << 24,), "full": (1 << 24,)},
        python_sizes={"quick": 1 << 17, "full": 1 << 22},
        check_size=10_000,
        work=lambda n: n,
        check=close(1e-9),
        check_note="rtol 1e-9 (the loop adds in sequence, NumPy pairwise)",
        reference=loop_reference,
        c_call=loop_c_call,
        bytes_moved=lambda n: 8 * n,
        memory_bound=True,
    ),
    Kernel(
        name="view_sum",
        entry="view_sum",
        description=f"a[1:-1, ::2].sum(), a of n float64 in rows of {COLS}",
        make_inputs=make_view_inputs,
        sizes={"quick": (1 << 24,), "full": (1 << 24,)},
        python_sizes={"quick": 1 << 24, "full": 1 << 24},
        check_size=16 * COLS,
        work=lambda n: n,
        check=close(1e-9),
        check_note="rtol 1e-9 (pairwise or sequential summation)",
        reference=view_reference,
        c_call=view_c_call,
        bytes_moved=lambda n: 8 * n,
        memory_bound=True,
        loop=False,
    ),
]

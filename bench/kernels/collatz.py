"""Collatz: the longest chain below n, an integer-heavy loop with a data-dependent trip count."""

import ctypes
import math

from harness.cref import function, i64
from harness.spec import Kernel, exact

JIT = ["collatz_longest"]


def collatz_longest(n):
    """(start, steps) of the longest Collatz chain among the starts 1..n-1 (the first if tied)."""
    best_start = 1
    best_steps = 0
    for start in range(1, n):
        m = start
        steps = 0
        while m != 1:
            if m % 2 == 0:
                m = m // 2
            else:
                m = 3 * m + 1
            steps += 1
        if steps > best_steps:
            best_steps = steps
            best_start = start
    return best_start, best_steps


def make_inputs(n):
    return (n,)


def c_call(lib, n):
    steps = ctypes.c_int64()
    start = function(lib, "collatz_longest", ctypes.c_int64)(i64(n), ctypes.byref(steps))
    return start, steps.value


KERNELS = [
    Kernel(
        name="collatz",
        entry="collatz_longest",
        description="longest Collatz chain with a start below n (int64 arithmetic, while loop)",
        make_inputs=make_inputs,
        sizes={"quick": (1 << 18,), "full": (1 << 20,)},
        python_sizes={"quick": 1 << 12, "full": 1 << 16},
        check_size=3000,
        # the mean chain length grows like log n
        work=lambda n: n * math.log(n),
        check=exact,
        check_note="exact",
        c_call=c_call,
        tags=("int",),
    )
]

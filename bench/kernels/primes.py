"""Counting primes by trial division: a ``while`` loop with an early exit (``break``/``else``)."""

import ctypes
import math

from harness.cref import function, i64
from harness.spec import Kernel, exact

JIT = ["count_primes"]


def count_primes(n):
    """The number of primes below n, each candidate tried against every d with d * d <= k."""
    count = 0
    for k in range(2, n):
        d = 2
        while d * d <= k:
            if k % d == 0:
                break
            d += 1
        else:
            count += 1
    return count


def make_inputs(n):
    return (n,)


def c_call(lib, n):
    return function(lib, "count_primes", ctypes.c_int64)(i64(n))


KERNELS = [
    Kernel(
        name="primes",
        entry="count_primes",
        description="primes below n by trial division (while ... break ... else)",
        make_inputs=make_inputs,
        sizes={"quick": (1 << 18,), "full": (1 << 18, 1 << 20)},
        python_sizes={"quick": 1 << 14, "full": 1 << 18},
        check_size=5000,
        # primes dominate: about n / log n of them, each tried against sqrt(k) divisors
        work=lambda n: n**1.5 / math.log(n),
        check=exact,
        check_note="exact",
        c_call=c_call,
        tags=("int",),
    )
]

"""Recursive Fibonacci: call overhead inside compiled code."""

import ctypes

from harness.cref import function, i64
from harness.spec import Kernel, exact

JIT = ["fib"]


def fib(n):
    """The n-th Fibonacci number, by the doubly recursive definition."""
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def calls(n):
    """How many calls fib(n) makes."""
    a, b = 1, 1  # calls of fib(0), fib(1)
    for _ in range(n - 1):
        a, b = b, a + b + 1
    return b if n > 0 else a


def make_inputs(n):
    return (n,)


def c_call(lib, n):
    return function(lib, "fib", ctypes.c_int64)(i64(n))


KERNELS = [
    Kernel(
        name="fib",
        entry="fib",
        description="fib(n), doubly recursive",
        make_inputs=make_inputs,
        sizes={"quick": (27,), "full": (25, 30)},
        python_sizes={"quick": 22, "full": 28},
        check_size=15,
        work=calls,
        check=exact,
        check_note="exact",
        c_call=c_call,
        tags=("int", "recursion"),
    )
]

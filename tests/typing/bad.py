"""Mistakes that oxjit's type information lets mypy catch before anything runs.

Each line marked ``# E: <mypy error code>`` must be reported by mypy, with that code, and no
other line (tests/test_typing.py checks both directions). Never run.
"""

import oxjit
from oxjit import float64, int64, njit


@njit
def add(a: int, b: int) -> int:
    return a + b


add("x", 1)  # E: arg-type
add(1)  # E: call-arg
njit(fastmath="yes")  # E: call-overload
njit(error_model="c")  # E: call-overload
njit(parallel=True, cachee=True)  # E: call-overload
njit(forceobj=True)  # E: call-overload
oxjit.jit(forceobj=True, fastmath="yes")  # E: call-overload
add.compile(3)  # E: arg-type
float64(int64, "float64")  # E: call-overload
x: str = add(1, 2)  # E: assignment
oxjit.types.Array(float64, 1, "X")  # E: arg-type
add.no_such_method()  # E: attr-defined

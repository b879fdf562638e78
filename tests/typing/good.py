"""The public API as a user writes it: mypy must accept this file and infer these types.

tests/test_typing.py runs mypy over it (with oxjit's own stubs and py.typed), and also runs it, so
that every line here is real, working code.
"""

from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt
import oxjit
from oxjit import float64, int64, njit, types
from oxjit.dispatcher import Dispatcher
from typing_extensions import assert_type


@njit
def add(a: int, b: int) -> int:
    return a + b


@oxjit.jit(fastmath=True, error_model="numpy", boundscheck=None, nogil=True)
def scale(x: npt.NDArray[np.float64], k: float) -> npt.NDArray[np.float64]:
    return x * k


@njit(["float64(float64, int64)", float64(float64, int64)])
def power(x: float, n: int) -> float:
    return x**n


square = njit(lambda x: x * x)


@oxjit.jit(forceobj=True, looplift=True)
def in_object_mode(n: int) -> list[int]:
    out = []
    for i in range(n):
        out.append(i * i)
    return out


as_dispatcher: Dispatcher[[int, int], int] = add
assert_type(add(2, 3), int)
assert_type(scale(np.ones(3), 2.0), npt.NDArray[np.float64])
assert_type(power(2.0, 3), float)
assert_type(square(3), Any)
assert_type(in_object_mode(3), list[int])

sig = float64(int64, float64[:, ::1])
assert_type(sig, types.Signature)
assert_type(float64[::1], types.Array)
assert_type(types.UniTuple(int64, 2), types.UniTuple)
assert_type(oxjit.typeof(1.5), types.Type)
assert_type(add.signatures, list[tuple[types.Type, ...]])
assert_type(add.nopython_signatures, list[types.Signature])
assert_type(add.compile("int64(int64, int64)"), Callable[..., Any])
assert_type(add.inspect_llvm(), dict[tuple[types.Type, ...], str])
assert_type(add.inspect_asm((int64, int64)), str)
assert_type(add.py_func(1, 2), int)

for i in oxjit.prange(3):
    assert_type(i, int)

try:
    njit(lambda: undefined_name)()  # type: ignore[name-defined]  # noqa: F821
except oxjit.TypingError as e:
    assert_type(e, oxjit.errors.TypingError)

assert in_object_mode(3) == [0, 1, 4]
assert add(2, 3) == 5 and power(2.0, 3) == 8.0 and square(3) == 9
assert scale(np.ones(3), 2.0).tolist() == [2.0, 2.0, 2.0]

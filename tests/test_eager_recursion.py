"""Self-recursive functions compiled eagerly (explicit signature at decoration): the recursive call
names the function before the decorator's result is bound to it, as a module global or as a
closure cell; it must resolve to the function itself, as in Numba."""

import numpy as np
import pytest
from conftest import JIT_DISABLED, oxjit


@oxjit.njit("int64(int64)")
def fib_global(n):
    if n < 2:
        return n
    return fib_global(n - 1) + fib_global(n=n - 2)


def fib_plain(n):
    return n if n < 2 else fib_plain(n - 1) + fib_plain(n - 2)


def test_module_level_eager_self_recursion():
    assert fib_global(20) == fib_plain(20) == 6765
    assert type(fib_global(20)) is int


def test_closure_eager_self_recursion():
    @oxjit.njit("int8(int64)")
    def fact(n):
        if n <= 1:
            return 1
        return n * fact(n - 1)

    expected = 1
    for k in range(2, 7):
        expected = int(np.int64(k * expected).astype(np.int8)) if not JIT_DISABLED else k * expected
    assert fact(6) == expected


@pytest.mark.requires_jit
def test_eager_signatures_are_locked():
    with pytest.raises(TypeError):
        fib_global(1.5j)

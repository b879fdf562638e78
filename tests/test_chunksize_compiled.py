"""Numba's parallel chunk size inside compiled code: `get_parallel_chunksize()`,
`set_parallel_chunksize(n)` and `with parallel_chunksize(n):` read and set the calling thread's
setting, the one Python's calls read and set and the thread's parallel loops use. Numba 0.68
gives, for `cs2` below, `(4, 0)`, and for `set_then_get`, `(0, 7)` with 7 read back from Python
after the call. Compared with CPython (the same functions called from Python)."""

import numpy as np
import oxjit
import pytest
from conftest import assert_diagnostic, assert_same, compile_error, jitted
from oxjit import get_parallel_chunksize, parallel_chunksize, prange, set_parallel_chunksize

pytestmark = pytest.mark.requires_jit


@pytest.fixture(autouse=True)
def default_chunksize():
    oxjit.set_parallel_chunksize(0)
    yield
    oxjit.set_parallel_chunksize(0)


def read():
    return get_parallel_chunksize()


def inside_block(n):
    with parallel_chunksize(n):
        inside = get_parallel_chunksize()
    return inside, get_parallel_chunksize()


def by_module(n):
    with oxjit.parallel_chunksize(n):
        inside = oxjit.get_parallel_chunksize()
    return inside, oxjit.get_parallel_chunksize()


def set_then_get(n):
    old = set_parallel_chunksize(n)
    return old, get_parallel_chunksize()


def restored_on_raise(n):
    with parallel_chunksize(n):
        if n > 3:
            raise ValueError("big")
    return get_parallel_chunksize()


def negative(n):
    return set_parallel_chunksize(n)


def not_an_int(x):
    return set_parallel_chunksize(x)


def parallel_sum(a, n):
    total = 0.0
    old = set_parallel_chunksize(n)
    for i in prange(a.shape[0]):
        total += a[i]
    set_parallel_chunksize(old)
    return total


def prange_in_block(a, n):
    total = 0.0
    with parallel_chunksize(n):
        for i in prange(a.shape[0]):
            total += a[i]
    return total


def test_read_in_compiled_code():
    assert_same(read)
    oxjit.set_parallel_chunksize(9)
    assert jitted(read)() == 9


def test_with_block_sets_and_restores():
    assert_same(inside_block, 4)
    assert_same(by_module, 6)
    assert oxjit.get_parallel_chunksize() == 0


def test_set_returns_the_previous_and_python_sees_it():
    assert jitted(set_then_get)(7) == (0, 7)
    assert oxjit.get_parallel_chunksize() == 7


def test_restored_when_the_block_raises():
    assert_same(restored_on_raise, 2)
    assert_same(restored_on_raise, 5)
    assert oxjit.get_parallel_chunksize() == 0


def test_errors_as_numbas():
    assert_same(negative, -1)
    assert oxjit.get_parallel_chunksize() == 0
    err = compile_error(not_an_int, 1.5)
    assert_diagnostic(err, not_an_int, "set_parallel_chunksize(x)", oxjit.errors.TypingError)
    assert "The parallel chunksize must be an integer" in str(err)


def test_parallel_loop_after_setting_the_size():
    a = np.arange(1000, dtype=np.float64)
    f = oxjit.njit(parallel=True)(parallel_sum)
    assert f(a, 7) == parallel_sum(a, 7)
    assert oxjit.get_parallel_chunksize() == 0


def test_prange_loop_inside_the_block_is_refused_naming_the_loop():
    # Numba runs it; here a prange loop inside any `with` or `try` is not outlined yet.
    with pytest.raises(oxjit.errors.UnsupportedError) as info:
        oxjit.njit(parallel=True)(prange_in_block)(np.ones(10), 2)
    assert_diagnostic(
        info.value, prange_in_block, "prange(a.shape[0])", oxjit.errors.UnsupportedError
    )

"""Functions as arguments (issue 9, part 2): a compiled function, or a plain Python function
(compiled for the purpose), passed to a compiled function, which is specialised on it: one
specialization per function, the call inlined by LLVM."""

import math
import warnings

import numpy as np
import oxjit
import pytest
from conftest import JIT_DISABLED, assert_same
from oxjit.types import DispatcherType, float64, int64

pytestmark = pytest.mark.skipif(JIT_DISABLED, reason="compiles")


@oxjit.njit
def square(x):
    return x * x


def cube(x):
    return x * x * x


def midpoint(f, a, b, n):
    h = (b - a) / n
    s = 0.0
    for i in range(n):
        s += f(a + (i + 0.5) * h)
    return h * s


def compose(f, g, x):
    return f(g(x))


def apply_rows(f, a):
    out = np.empty(a.shape[0])
    for i in range(a.shape[0]):
        out[i] = f(a[i])
    return out


def test_a_compiled_function_as_argument():
    assert_same(midpoint, square, 0.0, 1.0, 100)
    assert_same(compose, square, square, 3)


def test_a_plain_function_is_compiled_for_the_call():
    assert_same(midpoint, cube, 0.0, 2.0, 64)
    assert_same(compose, cube, square, 2)
    assert_same(midpoint, lambda x: math.sin(x) + 1, 0.0, 1.0, 10)


def test_each_function_is_its_own_specialization():
    disp = oxjit.njit(midpoint)
    disp(square, 0.0, 1.0, 10)
    disp(cube, 0.0, 1.0, 10)
    disp(square, 0.0, 1.0, 20)  # no new specialization
    sigs = disp.signatures
    assert len(sigs) == 2
    assert all(isinstance(s[0], DispatcherType) for s in sigs)
    assert sigs[0][0] != sigs[1][0]
    assert sigs[0][1:] == (float64, float64, int64)
    assert oxjit.typeof(square) == sigs[0][0]
    assert str(sigs[0][0]).startswith("Dispatcher(#")


def test_function_argument_with_arrays():
    a = np.arange(6.0).reshape(3, 2)
    got = oxjit.njit(apply_rows)(oxjit.njit(lambda r: r.sum()), a)
    assert np.array_equal(got, a.sum(axis=1))


def parallel_apply(f, a):
    out = np.empty_like(a)
    for i in oxjit.prange(a.shape[0]):
        out[i] = f(a[i])
    return out


def test_function_argument_in_a_parallel_loop():
    a = np.arange(100.0)
    got = oxjit.njit(parallel=True)(parallel_apply)(square, a)
    assert np.array_equal(got, a * a)


def adds_none(x):
    return x + None


def test_a_function_argument_that_cannot_compile():
    with pytest.raises(oxjit.errors.CompilerError) as info:
        oxjit.njit(compose)(adds_none, square, 2)
    assert "test_function_args.py" in str(info.value)


def test_cache_true_does_not_cache_function_arguments():
    disp = oxjit.njit(cache=True)(compose)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert disp(square, square, 2) == 16
    assert any("is not cached" in str(w.message) for w in caught)
    assert all(issubclass(w.category, oxjit.errors.NumbaWarning) for w in caught)

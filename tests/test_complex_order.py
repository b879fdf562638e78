"""`<`, `<=`, `>`, `>=` and np.less/np.greater... of complex arrays, in NumPy's lexicographic
order (real parts first, imaginary parts where those are equal; a NaN in either part of either
side gives False), compared with NumPy item by item. Python's complex numbers have no order:
comparing two of them stays a compile-time error, as CPython's TypeError."""

import warnings

import numpy as np
import pytest
from conftest import assert_same, compile_error

NAN, INF = float("nan"), float("inf")
PARTS = [-INF, -1.0, -0.0, 0.0, 1.0, 2.5, INF, NAN]
ITEMS = np.array([complex(r, i) for r in PARTS for i in PARTS])


def lt(a, b):
    return a < b


def le(a, b):
    return a <= b


def gt(a, b):
    return a > b


def ge(a, b):
    return a >= b


def np_less(a, b):
    return np.less(a, b)


def np_greater_equal(a, b):
    return np.greater_equal(a, b)


def masked_sum(a, b):
    return complex(a[a.real != b.real].sum() + a[a > b].size)


@pytest.fixture(autouse=True)
def _quiet():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # NumPy's "invalid value" for NaN items
        yield


@pytest.mark.parametrize("f", [lt, le, gt, ge, np_less, np_greater_equal])
@pytest.mark.parametrize("dtype", [np.complex128, np.complex64])
def test_every_pair(f, dtype):
    a = np.repeat(ITEMS, ITEMS.size).astype(dtype)
    b = np.tile(ITEMS, ITEMS.size).astype(dtype)
    assert_same(f, a, b)


@pytest.mark.parametrize("f", [lt, le, gt, ge])
def test_with_numbers_and_real_arrays(f):
    a = ITEMS.reshape(8, 8)
    assert_same(f, a, 1.0)
    assert_same(f, a, 0)
    assert_same(f, a, 1 + 1j)
    assert_same(f, 1.0, a)
    assert_same(f, a, np.array(PARTS))  # broadcast along the last axis
    assert_same(f, a.T, np.arange(8.0)[:, None])
    assert_same(f, a[::2, 1::3], a[1::2, ::3])


def test_in_an_expression():
    assert_same(masked_sum, ITEMS, ITEMS[::-1].copy())


def test_python_complex_numbers_stay_unordered():
    exc = compile_error(lt, 1 + 2j, 2 + 1j)
    assert "cannot compare" in str(exc)

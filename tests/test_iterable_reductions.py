"""sum, any, all, and min/max of one iterable (ranges, arrays, homogeneous tuples, enumerate
and zip of those): the items a for loop sees, reduced as CPython reduces them."""

import numpy as np
import oxjit
import pytest
from conftest import assert_promoted, compile_error


def plain(value):
    """CPython's result with NumPy scalars (items of arrays) as the Python numbers compiled code
    returns, as Numba boxes them."""
    if isinstance(value, tuple):
        return tuple(plain(v) for v in value)
    return value.item() if isinstance(value, np.generic) else value


def assert_same(fn, *args):
    assert_promoted(fn, plain, *args)


def sum_of(x):
    return sum(x)


def sum_from(x, start):
    return sum(x, start)


def any_of(x):
    return any(x)


def all_of(x):
    return all(x)


def min_of(x):
    return min(x)


def max_of(x):
    return max(x)


def sum_of_range(n):
    return sum(range(n)), sum(range(3, n, 2)), sum(range(n, 0, -1))


def min_max_of_ranges(n):
    return min(range(2, n)), max(range(n, 1, -3))


ARRAYS = [
    np.arange(7.0),
    np.array([2.5, -1.0, np.nan, 7.0, -3.5]),
    np.array([np.nan, 1.0, 2.0]),
    np.arange(10, dtype=np.int32),
    np.array([True, False, True]),
    np.array([0, 0, 0], dtype=np.uint8),
    np.arange(12.0).reshape(3, 4)[:, 1],  # strided
]


@pytest.mark.parametrize("a", ARRAYS, ids=lambda a: f"{a.dtype}{a.shape}")
@pytest.mark.parametrize("fn", [sum_of, any_of, all_of, min_of, max_of])
def test_reductions_of_arrays(fn, a):
    assert_same(fn, a)


@pytest.mark.parametrize("fn", [any_of, all_of])
def test_reductions_of_empty_arrays(fn):
    assert_same(fn, np.zeros(0))
    assert_same(sum_of, np.zeros(0, dtype=np.int32))


def test_sum_of_no_float_is_a_float():
    # CPython returns the start, 0 (an int); compiled code has one result type, the sum's: 0.0,
    # as in Numba.
    got = oxjit.njit(sum_of)(np.zeros(0))
    assert type(got) is float and got == 0.0


@pytest.mark.parametrize("fn", [min_of, max_of])
def test_min_max_of_nothing_raise(fn):
    assert_same(fn, np.zeros(0))


def test_ranges_and_tuples():
    assert_same(sum_of_range, 10)
    assert_same(sum_of_range, 0)
    assert_same(min_max_of_ranges, 9)
    assert_same(sum_of, (1, 2, 3))
    assert_same(sum_from, (1, 2, 3), 0.5)
    assert_same(sum_from, np.arange(4), 10)
    assert_same(any_of, (0, 0, 3))
    assert_same(all_of, (1, 2, 0))
    assert_same(min_of, (4, 2, 9))


def enumerated_max(a):
    best = 0
    for i, x in enumerate(a):
        best = max(best, i)
    return best, sum(a[:3]), any(a > 2)


def test_inside_loops_and_with_expressions():
    assert_same(enumerated_max, np.arange(5.0))


def sum_of_float_tuple(x):
    return sum((x, 2.0, 3.0))


def max_of_rows(a):
    return max(a)


def sum_of_mixed_tuple(x):
    return sum((x, 2.0, 3))


@pytest.mark.parametrize(
    "fn, args, words",
    [
        (sum_of_float_tuple, (1.0,), "differs between CPython versions"),
        (max_of_rows, (np.ones((2, 2)),), "items of type array"),
        (sum_of_mixed_tuple, (1,), "items of different types"),
    ],
)
def test_refused(fn, args, words):
    e = compile_error(fn, *args)
    assert isinstance(e, oxjit.errors.UnsupportedError)
    assert words in str(e)

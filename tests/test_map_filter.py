"""`map`, `filter` and `functools.reduce` in compiled code (`oxjit/_functional.py`: compiled
generators, as Numba's), compared with CPython: consumed by `list`, `sum`, `for`, with lambdas,
compiled functions and builtins as the function, several iterables, `filter(None, ...)`, and
reduce's errors."""

# ruff: noqa: C417 (map and filter are what the tests compile)

import functools
from functools import reduce

import numpy as np
import oxjit
import pytest
from conftest import assert_same
from test_nrt import assert_no_leak


@oxjit.njit
def double(x):
    return 2 * x


def mapped(xs, ys):
    return (
        list(map(lambda x: x * 2, xs)),
        list(map(lambda x, y: x + y, xs, ys)),
        list(map(double, xs)),
        sum(map(abs, xs)),
        [v for v in map(lambda x: x + 1, ys)],
    )


def filtered(xs):
    return (
        list(filter(lambda x: x > 1, xs)),
        list(filter(None, xs)),
        sum(filter(lambda x: x % 2 == 0, xs)),
    )


def looped(a):
    s = 0.0
    for v in map(lambda x: x * x, a):
        s += v
    for v in filter(lambda x: x > 1.0, a):
        s += v
    return float(s)


def reduced(xs):
    return reduce(lambda a, b: a + b, xs), functools.reduce(lambda a, b: a * b, xs, 10)


def reduced_imported_inside(xs):
    from functools import reduce as fold

    return fold(lambda a, b: max(a, b), xs)


def pipeline(n):
    return sum(map(lambda x: x * 3, filter(lambda x: x % 2, range(n))))


@pytest.mark.parametrize("xs, ys", [([1, -2, 3, 0], [4, 5, 6, 7]), ([0, 5], [1, 2, 3]), ([], [])])
def test_map(xs, ys):
    assert_same(mapped, xs, ys)


@pytest.mark.parametrize("xs", [[0, 1, 2, 3, 4], [], [0, 0]])
def test_filter(xs):
    assert_same(filtered, xs)


def test_map_filter_over_arrays_and_ranges():
    assert_same(looped, np.array([0.5, 1.5, 2.0]))
    assert_same(pipeline, 10)


@pytest.mark.parametrize("xs", [[1, 2, 3], [5], []])
def test_reduce(xs):
    assert_same(reduced, xs)
    assert_same(reduced_imported_inside, xs)


def test_no_leaks():
    assert_no_leak(mapped, [1, 2, 3], [4, 5, 6])
    assert_no_leak(filtered, [0, 1, 2])

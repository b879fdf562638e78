"""enumerate() and zip() over ranges, homogeneous tuples and 1-d arrays, in for loops."""

import numpy as np
import pytest
from conftest import assert_same, jitted


def enumerate_range(n):
    s = 0
    for i, x in enumerate(range(10, 10 + n, 3)):
        s += i * x
    return s


def enumerate_start(n):
    s = 0
    for i, x in enumerate(range(n), 5):
        s += i - x
    return s


def enumerate_keyword_start(n):
    s = 0
    for i, x in enumerate(range(n), start=-2):
        s += i * 10 + x
    return s


def enumerate_tuple(a, b, c):
    s = 0.0
    for i, x in enumerate((a, b, c)):
        s += i * x
    return s


def zip_ranges(n, m):
    s = 0
    for x, y in zip(range(n), range(m, 0, -1)):
        s += x * y
    return s


def zip_three(n):
    s = 0
    for x, y, z in zip(range(n), range(1, n + 5), (7, 8, 9)):
        s += x + 2 * y + 3 * z
    return s


def nested(n):
    s = 0
    for i, (x, y) in enumerate(zip(range(n), range(n, 2 * n))):
        s += i * x + y
    return s


def dot(a, b):
    s = 0.0
    for x, y in zip(a, b):
        s += x * y
    return s


def weighted(a):
    s = 0.0
    for i, x in enumerate(a):
        s += i * x
    return s


@pytest.mark.parametrize("n", [0, 1, 5, 17])
def test_enumerate_and_zip_ranges(n):
    assert_same(enumerate_range, n)
    assert_same(enumerate_start, n)
    assert_same(enumerate_keyword_start, n)
    assert_same(zip_ranges, n, n + 3)
    assert_same(zip_ranges, n + 3, n)
    assert_same(zip_three, n)
    assert_same(nested, n)


def test_enumerate_tuple():
    assert_same(enumerate_tuple, 1.5, -2.0, 4.25)


@pytest.mark.parametrize("n", [0, 3, 100])
def test_arrays(n):
    a = np.linspace(0.0, 1.0, n)
    b = np.arange(n + 2, dtype=np.float64)[::-1][: n + 2]
    assert jitted(dot)(a, b) == float(dot(a, b))
    assert jitted(weighted)(a) == float(weighted(a))

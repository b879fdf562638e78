"""`numpy.polynomial`'s power-series helpers (`polyadd`, `polysub`, `polymul`, `polyval`,
`polyutils.trimseq`, `polyutils.as_series`) compiled, compared with NumPy."""

import numpy as np
import pytest
from conftest import assert_same


def arith(c1, c2):
    P = np.polynomial.polynomial
    return P.polyadd(c1, c2), P.polysub(c1, c2), P.polymul(c1, c2), P.polysub(c2, c1)


def value_at(x, c):
    return np.polynomial.polynomial.polyval(x, c)


def value_at_number(x, c):
    return float(np.polynomial.polynomial.polyval(x, c))  # a NumPy scalar in NumPy


def helpers(c1, c2):
    pu = np.polynomial.polyutils
    return pu.trimseq(c1).copy(), pu.as_series((c1, c2)), pu.as_series((c1, c2), False)


SERIES = [
    np.array([1.0, 2.0, 0.0, 0.0]),
    np.array([3, 0, -1]),
    np.array([0.0, 0.0]),
    np.array([1.5, -2.0, 0.5], np.float32),
    np.array([2.0]),
    np.zeros(0),
]


@pytest.mark.parametrize("c1", SERIES, ids=range(len(SERIES)))
def test_series(c1):
    for c2 in SERIES:
        assert_same(arith, c1, c2)
        assert_same(helpers, c1, c2)
    if c1.size:
        for x in (0.5, -2.0, 3):
            assert_same(value_at_number, x, c1)
        assert_same(value_at, np.linspace(-1.0, 2.0, 7), c1)


def divide(c1, c2):
    return np.polynomial.polynomial.polydiv(c1, c2)


@pytest.mark.parametrize("c1", SERIES, ids=range(len(SERIES)))
def test_polydiv(c1):
    for c2 in SERIES + [np.array([1.0, 0.5, -2.0, 4.0, 0.0])]:
        assert_same(divide, c1, c2)


def integrate(c, m):
    P = np.polynomial.polynomial
    return P.polyint(c, m), P.polyint(c, m, scl=2.0)


def integrate_from(c, m):
    return np.polynomial.polynomial.polyint(c, m, lbnd=0.5)


@pytest.mark.parametrize("c", SERIES[:5], ids=range(5))
def test_polyint(c):
    for m in (0, 1, 2, 3, -1):
        assert_same(integrate, c, m)
        if c.dtype != np.float32:  # float32 with lbnd: last-bit differences (docs)
            assert_same(integrate_from, c, m)


# -- array-likes: lists, tuples and numbers as coefficients (Numba's test_polynomial inputs) --


def add(c1, c2):
    return np.polynomial.polynomial.polyadd(c1, c2)


def sub(c1, c2):
    return np.polynomial.polynomial.polysub(c1, c2)


def mul(c1, c2):
    return np.polynomial.polynomial.polymul(c1, c2)


LIKES = [
    ([1, 2, 3], [1, 2, 3]),
    ([1, 2, 3], (1, 2, 3)),
    ((1, 2, 3), [1, 2, 3]),
    ([1, 2, 3], 3),
    (3, (1, 2, 3)),
    ((1, 2, 3), 3.0),
    ((1, 2, 3), 3j),
    ((1, 1e-3, 3), (1, 2, 3)),
    ((1, 2.5, 0), [0.0, 0.0]),
    (np.array([1j, 2j, 3j]), np.array([1.0, 2.0, 3.0])),
    (np.array([1, 2, 3]), np.array([1j, 2j, 3j])),
    (np.array([1 + 2j, 0, 3j], np.complex64), (1, 2)),
    (np.arange(10).reshape(5, 2), np.array([1, 2, 3])),  # NumPy's "not 1-d"
    (np.array([1.0]), np.zeros((2, 0))),  # empty first, as NumPy checks
    ([1, 2], [0]),  # division by zero
]


@pytest.mark.parametrize("c1, c2", LIKES, ids=range(len(LIKES)))
def test_array_likes(c1, c2):
    for f in (add, sub, mul, divide):
        assert_same(f, c1, c2)


def as_series(a):
    return np.polynomial.polyutils.as_series(a)


def as_series_untrimmed(a):
    return np.polynomial.polyutils.as_series(a, False)


SERIES_LIKES = [
    np.arange(4),
    np.arange(6).reshape((2, 3)),
    (1, np.arange(3), np.arange(2, dtype=np.float32)),
    ((0, 0, 1e-3, 0, 1e-5, 0, 0), (1, 2, 3, 4, 5, 6, 7)),
    ((0, 0, 1e-3, 0), (1j, 2, 3j, 4j, 5, 6j, 7)),
    (2, [1.1, 0.0]),
    ((1, 2, 3, 0),),
    (np.array([1, 2, 3, 0]),),
    np.array([[]], dtype=np.float64),
    ([1, 2, 3], np.array([], dtype=np.float64), np.array([1, 2, 1])),
    ([1, 2, 3], np.arange(16).reshape(4, 4)),
]


@pytest.mark.parametrize("a", SERIES_LIKES, ids=range(len(SERIES_LIKES)))
def test_as_series_likes(a):
    assert_same(as_series, a)
    assert_same(as_series_untrimmed, a)


def value_tensor(x, c):
    return np.polynomial.polynomial.polyval(x, c, True)


def value_pointwise(x, c):
    return np.polynomial.polynomial.polyval(x, c, False)


VALUES = [
    (np.array([], dtype=np.float64), [1]),
    (np.arange(4).reshape(2, 2), [1, 2, 3]),
    (np.linspace(-1, 1, 9), [0, -1, 0, 1]),
    (np.zeros((2, 2)), [1, 0, 0]),
    (np.array([1, 2]), np.arange(4).reshape(2, 2)),
    ([1, 2], np.arange(4).reshape(2, 2)),
    (np.array([0.5, 2.0]), np.arange(12.0).reshape(3, 2, 2)),
]


@pytest.mark.parametrize("x, c", VALUES, ids=range(len(VALUES)))
def test_polyval_likes(x, c):
    assert_same(value_at, x, c)
    assert_same(value_tensor, x, c)
    assert_same(value_pointwise, x, c)


def test_polyval_number_likes():
    assert_same(value_at_number, 1, [1, 2, 3])
    assert_same(value_at_number, 2.5, (1, 0.5))
    assert_same(value_at_number, -1.5, 3)


def integrate_once(c):
    return np.polynomial.polynomial.polyint(c)


def test_polyint_likes():
    assert_same(integrate_once, [1, 2, 3])
    assert_same(integrate_once, (1.5, 2))
    assert_same(integrate_once, 3)
    for m in (2, 3):
        assert_same(integrate, [0], m)
        assert_same(integrate, [0, 0, 1], m)
    assert_same(integrate_once, np.array([[0, 1], [0, 2]]))
    assert_same(integrate_once, np.arange(8).reshape((2, 2, 2)))
    assert_same(integrate, np.arange(8.0).reshape((2, 2, 2)), 2)
    assert_same(integrate, np.zeros((1, 3)), 2)


def as_series_trim(a, trim):
    return np.polynomial.polyutils.as_series(a, trim)


def test_as_series_runtime_trim():
    for a in ((1, np.arange(3), np.array([2.0, 0.0])), np.arange(6).reshape((2, 3)), np.zeros(3)):
        assert_same(as_series_trim, a, True)
        assert_same(as_series_trim, a, False)

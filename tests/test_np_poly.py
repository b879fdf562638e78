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

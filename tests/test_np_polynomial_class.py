"""`numpy.polynomial.polynomial.Polynomial` in compiled code (Numba's `PolynomialType`): made
with the class (its coefficients, domain and window converted and checked as NumPy's
`__init__` does), its `coef`, `domain` and `window`, passed in from Python and returned as a
real `Polynomial`; compared with NumPy (values, dtypes, layouts; errors by class and
message)."""

import numpy as np
import oxjit
import pytest
from conftest import assert_same, compile_error, same_value
from numpy.polynomial.polynomial import Polynomial


def make(c):
    p = Polynomial(c)
    return p, p.coef, p.domain, p.window


def make3(c, d, w):
    p = np.polynomial.polynomial.Polynomial(c, d, w)
    return p, p.coef, p.domain, p.window


def make_domain(c, d):
    p = np.polynomial.Polynomial(c, domain=d)
    return p.coef, p.domain, p.window


def make_window(c, w):
    p = Polynomial(c, None, w)
    return p.coef, p.domain, p.window


def parts(p):
    return p.coef, p.domain, p.window


def identity(p):
    return p


def rebuilt(p):
    return Polynomial(p.coef * 2, p.domain, p.window)


def two(p, q):
    return (q, p)


def length(p):
    return len(p)


def keep_in_list(c):
    out = [Polynomial(c)]
    out.append(Polynomial(c + 1))
    return out[1].coef


def changed_after(c):
    p = Polynomial(c)
    c[0] = 99
    return p.coef


COEFS = [
    np.array([1.0, 2.0, 3.0]),
    np.array([3, 0, -1]),
    np.array([1, 2], np.int8),
    np.array([0.5, -1.5], np.float32),
    np.array([1.0 + 2.0j, 0.0]),
    np.array([1.0, 2.0], np.complex64),
    np.array([7.0]),
    np.arange(10.0)[::3],
    np.arange(6.0).reshape(2, 3)[:, 1],
    np.array([0.0, 0.0]),
]


@pytest.mark.parametrize("c", COEFS, ids=range(len(COEFS)))
def test_coefficients(c):
    assert_same(make, c)


@pytest.mark.parametrize(
    "c",
    [[1, 2, 3], (1.5, 2), 3, 2.5, [1, 2.5], (1j, 2)],
    ids=["list", "tuple", "int", "float", "list2", "complex_tuple"],
)
def test_array_likes(c):
    assert_same(make, c)


DOMAINS = [
    np.array([0.0, 2.0]),
    np.array([0, 5]),
    np.array([-1.0, 1.0], np.float32),
    np.arange(4.0)[::2],
]


@pytest.mark.parametrize("d", DOMAINS, ids=range(len(DOMAINS)))
def test_domain_and_window(d):
    c = np.array([1.0, 2.0])
    assert_same(make3, c, d, d[::-1].copy())
    assert_same(make3, c, np.array([0.0, 1.0]), d)
    assert_same(make_domain, c, d)
    assert_same(make_window, c, d)


@pytest.mark.parametrize(
    "args",
    [
        (np.zeros(0),),
        (np.zeros((2, 2)),),
        (np.zeros((0, 2)),),
        (np.ones(3, bool),),
        ([],),
    ],
    ids=["empty", "2d", "empty2d", "bool", "empty_list"],
)
def test_coefficient_errors(args):
    assert_same(make, *args)


@pytest.mark.parametrize(
    "d, w",
    [
        (np.array([0.0, 1.0, 2.0]), np.array([0.0, 1.0])),
        (np.array([0.0]), np.array([0.0, 1.0])),
        (np.zeros(0), np.array([0.0, 1.0])),
        (np.array([0.0, 1.0]), np.array([0.0, 1.0, 2.0])),
        (np.array([0.0, 1.0]), np.zeros((1, 2))),
        (np.array([0.0, 1.0, 2.0]), np.array([0.0])),
    ],
)
def test_domain_window_errors(d, w):
    assert_same(make3, np.array([1.0, 2.0]), d, w)


def _check_same_polynomial(got, expected):
    assert type(got) is Polynomial
    for name in ("coef", "domain", "window"):
        assert same_value(getattr(got, name), getattr(expected, name)), name
    assert got.symbol == "x"


@pytest.mark.parametrize(
    "p",
    [
        Polynomial([1.0, 2.0, 3.0]),
        Polynomial([1, 2], [0, 1], [1, 3]),
        Polynomial(np.array([1.0, 2.0], np.float32)),
        Polynomial([1j, 2]),
    ],
    ids=range(4),
)
def test_from_python(p):
    assert_same(parts, p)
    _check_same_polynomial(oxjit.njit(identity)(p), p)
    _check_same_polynomial(oxjit.njit(rebuilt)(p), rebuilt(p))
    q = Polynomial([5.0])
    got = oxjit.njit(two)(p, q)
    _check_same_polynomial(got[0], q)
    _check_same_polynomial(got[1], p)


def test_in_containers_and_copies():
    assert_same(keep_in_list, np.array([1.0, 2.0]))
    # The coefficients are a copy, as NumPy's: changing the argument leaves them.
    assert_same(changed_after, np.array([1.0, 2.0]))


def drop_made(c):
    p = Polynomial(c)
    q = Polynomial(p.coef, p.domain, np.array([0.0, 2.0]))
    return q.window[1] + p.coef[0]


def drop_passed(p, c):
    q = Polynomial(c, p.domain, p.window)
    return q.coef[0]


@pytest.mark.requires_jit
@pytest.mark.parametrize(
    "fn, args",
    [
        (make, (np.arange(3.0),)),
        (drop_made, (np.arange(3.0),)),
        (drop_passed, (Polynomial([1.0, 2.0]), np.arange(2))),
        (rebuilt, (Polynomial([1.0, 2.0]),)),
    ],
    ids=["make", "drop_made", "drop_passed", "rebuilt"],
)
def test_no_leak(fn, args):
    from test_nrt import assert_no_leak

    assert_no_leak(fn, *args)


def test_no_other_operations():
    # As in Numba: a Polynomial has its three attributes in compiled code, no `len`, indexing,
    # iteration or arithmetic (NumPy's would give a different answer than a tuple's).
    exc = compile_error(length, Polynomial([1.0, 2.0]))
    assert "PolynomialType(array(float64, 1d, C)" in str(exc)


def test_symbol_refused():
    def with_symbol(c):
        return Polynomial(c, symbol="t")

    exc = compile_error(with_symbol, np.array([1.0]))
    assert "symbol= is not supported" in str(exc)


def maybe(c, flag):
    p = None
    if flag:
        p = Polynomial(c)
    return p


def in_a_list(c):
    return [Polynomial(c), Polynomial(c * 2)]


def second_coef(ps):
    return ps[1].coef


def test_optional_and_lists():
    c = np.arange(2.0)
    _check_same_polynomial(oxjit.njit(maybe)(c, True), Polynomial(c))
    assert oxjit.njit(maybe)(c, False) is None
    got = oxjit.njit(in_a_list)(c)
    assert type(got) is list and len(got) == 2
    for g, e in zip(got, in_a_list(c)):
        _check_same_polynomial(g, e)
    ps = [Polynomial([1.0]), Polynomial([2.0, 3.0])]
    assert same_value(oxjit.njit(second_coef)(ps), second_coef(ps))

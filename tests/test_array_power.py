"""`a ** s` and `np.power(a, s)` of float arrays with a number `s`, bit for bit as NumPy 2:
the operator's shortcuts (Python int 2 and -1, float 0.5) and the float32/float64 loop's own
for one exponent given to every item (-1, 0, 0.5, 1, 2: `1/x`, `1`, `sqrt`, `x`, `x*x`, which
differ from the C library's `pow` in the last bit for some items, and at -0.0 and -inf); any
other exponent is `pow`, as in NumPy. Integer arrays: repeated squaring, wrapping as NumPy's."""

import numpy as np
import pytest
from conftest import assert_same, jitted


def op_pow(a, s):
    return a**s


def np_pow(a, s):
    return np.power(a, s)


def literal_pows(a):
    return a**2, a**-1, a**0.5, a**3, a**2.0, a**-1.0, a**0, a**1.0, a**-2, a**0.25


def np_literal_pows(a):
    return np.power(a, 2.0), np.power(a, -1), np.power(a, 0.5), np.power(a, 3.0), np.power(a, 1)


def bits(x):
    x = np.asarray(x)
    return x.view(np.int64 if x.dtype == np.float64 else np.int32)


def sample(dtype):
    a = np.random.default_rng(5).standard_normal(4000) * 10
    a[:6] = [-0.0, 0.0, -np.inf, np.inf, np.nan, 1e200]
    return a.astype(dtype)


def same_bits(f, *args):
    with np.errstate(all="ignore"):
        expected = f(*args)
        got = jitted(f)(*args)
    if not isinstance(expected, tuple):
        expected, got = (expected,), (got,)
    assert len(got) == len(expected)
    for g, e in zip(got, expected):
        assert g.dtype == e.dtype and g.shape == e.shape
        assert np.array_equal(bits(g), bits(e)), (f.__name__, args[1:])


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("s", [2, 2.0, -1, -1.0, 0.5, 0, 0.0, 1, 1.0, 3, 3.0, -2, 0.25, 1.5])
def test_scalar_exponents_bit_for_bit(dtype, s):
    a = sample(dtype)
    same_bits(op_pow, a, s)
    same_bits(np_pow, a, s)
    same_bits(op_pow, a[::-3], s)
    same_bits(np_pow, a.reshape(40, 100).T, s)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_literal_exponents_bit_for_bit(dtype):
    a = sample(dtype)
    same_bits(literal_pows, a)
    same_bits(np_literal_pows, a)


def test_pow_differs_from_the_shortcuts():
    # The cases the shortcuts exist for: NumPy's x*x is not the C library's pow(x, 2.0) on
    # every item, nor sqrt pow(x, 0.5) at -0.0 and -inf; the test above would catch either.
    a = sample(np.float64)
    with np.errstate(all="ignore"):
        assert not np.array_equal(bits(a**2.0), bits(np.power(a, np.full_like(a, 2.0))))
        assert bits(a**0.5)[0] != bits(np.power(a[:1], np.array([0.5])))[0]


@pytest.mark.parametrize("dtype", [np.int8, np.int32, np.int64, np.uint16])
def test_integer_arrays(dtype):
    a = np.arange(-7, 9).astype(dtype)
    for s in [0, 1, 2, 3, 7, 13]:
        assert_same(op_pow, a, s)
        assert_same(np_pow, a, s)
    assert_same(op_pow, a, 2.0)
    assert_same(op_pow, a, 0.5)

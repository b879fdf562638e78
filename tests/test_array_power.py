"""`a ** s` and `np.power(a, s)` of float arrays with a number `s`, bit for bit as NumPy 2:
the operator's shortcuts (Python int 2 and -1, float 0.5) and the float32/float64 loop's own
for one exponent given to every item (-1, 0, 0.5, 1, 2: `1/x`, `1`, `sqrt`, `x`, `x*x`, which
differ from the C library's `pow` in the last bit for some items, and at -0.0 and -inf); any
other exponent is `pow`, as in NumPy. Integer arrays: repeated squaring, wrapping as NumPy's."""

import math
from fractions import Fraction

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


def cube(a):
    return a**3


def cube_loop(a):
    out = np.empty_like(a)
    for i in range(a.shape[0]):
        out[i] = a[i] ** 3
    return out


def cube_scalar(x):
    return x**3, x**3.0


def cube_sample():
    # Float64 `x ** 3` is computed in double-double arithmetic and checked against a bound of
    # pow's error; items near a tie (about one in twenty-five), huge, tiny and special ones call
    # pow. Exact ties: (1 + k 2^-18)^3 needs 55 bits, some of them end in a half.
    rng = np.random.default_rng(8)
    wide = np.ldexp(rng.random(20000) + 0.5, rng.integers(-400, 400, 20000))
    wide[::2] *= -1
    ties = 1.0 + np.arange(-300, 300) * 2.0**-18
    edges = [2.0**-60, -(2.0**-60), 2.0**60, np.nextafter(2.0**60, 4.0), np.nextafter(2.0**-60, 0),
             2.0**-341, 2.0**341, 5e-324, -5e-324, 1.7e308, 2.0**-350, 3.0, -3.0, 0.5, 2.0**20]  # fmt: skip
    return np.concatenate(
        [sample(np.float64), rng.standard_normal(20000), wide, ties, -ties, edges]
    )


def test_cube_bit_for_bit():
    a = cube_sample()
    same_bits(cube, a)
    same_bits(cube, a[::-3])
    same_bits(np_pow, a, 3)
    same_bits(cube_loop, a[np.abs(a) < 1e100])


def near_tie_items(lo, hi, count, seed):
    """Random float64 whose cube lies between `lo` and `hi` ulp from its nearest double: the
    band where the fast path's margin (0.48, 0.485 for |x| within 2^+-8) decides."""
    rng = np.random.default_rng(seed)
    found = []
    while len(found) < count:
        for x in np.concatenate([rng.standard_normal(4000), np.exp2(rng.uniform(-60, 60, 4000))]):
            exact = Fraction(float(x)) ** 3
            r = float(exact)
            d = abs(Fraction(r) - exact) / Fraction(math.ulp(r))
            if lo <= d <= hi:
                found.append(float(x))
    return np.array(found)


def test_cube_near_ties_bit_for_bit():
    a = np.concatenate([near_tie_items(0.47, 0.5, 400, 1), near_tie_items(0.479, 0.487, 400, 2)])
    same_bits(cube, a)
    same_bits(cube, -a)
    same_bits(cube_loop, a)


def test_cube_scalars_as_cpython():
    a = cube_sample()
    for x in a[np.isfinite(a) & (np.abs(a) < 1e100)][::97]:
        assert_same(cube_scalar, float(x))
    for x in [0.0, -0.0, 1.0, -1.0, 2.0**-60, 1.0 + 2.0**-18, 1e-200, -1e-120]:
        assert_same(cube_scalar, x)

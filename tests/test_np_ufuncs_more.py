"""NumPy functions of items from Numba's list beyond the common ones: `signbit`, `logaddexp`,
`logaddexp2`, `nextafter`, `spacing`, `float_power`, `gcd`, `lcm`, `degrees`/`radians` (NumPy's
`rad2deg`/`deg2rad` loops), `isposinf`, `isneginf` and `sinc`, on numbers and arrays, compared
with NumPy exactly."""

import warnings

import numpy as np
import oxjit
import pytest
from conftest import assert_diagnostic, assert_same, compile_error

SPECIAL = [0.0, -0.0, 1.0, -2.5, 1e-310, -5e-324, np.inf, -np.inf, np.nan, 1e308, 0.1, 700.0]


def floats(dtype):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.array(SPECIAL).astype(dtype)


def unary(a):
    return np.signbit(a), np.degrees(a), np.radians(a), np.isposinf(a), np.isneginf(a)


def unary_spacing(a):
    return np.spacing(a)


def binary(a, b):
    return np.logaddexp(a, b), np.logaddexp2(a, b), np.float_power(a, b)


def binary_next(a, b):
    return np.nextafter(a, b)


def numbers(x, y):
    return (np.full(1, np.signbit(x)), np.full(1, np.logaddexp(x, y)),
            np.full(1, np.logaddexp2(x, y)), np.full(1, np.nextafter(x, y)),
            np.full(1, np.spacing(x)), np.full(1, np.float_power(x, y)))  # fmt: skip


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_float_ufuncs(dtype):
    a = floats(dtype)
    b = np.roll(a, 3)
    grid = a[:, None]
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        for x in (a, a[::-2], a.reshape(3, 4), np.asfortranarray(a.reshape(3, 4))):
            assert_same(unary, x)
            assert_same(unary_spacing, x)
        assert_same(binary, a, b)
        assert_same(binary, grid, a)
        assert_same(binary_next, a, b)
        assert_same(binary_next, grid, a)
        assert_same(binary, a, 2.5)
        assert_same(binary_next, a, 0.0)
        for x, y in zip(a, b):
            if dtype == np.float32 and (np.isnan(x) or np.isnan(y)):
                continue  # (a NaN float32 argument does not compare equal to itself afterwards)
            assert_same(numbers, x, y)


# (8-bit integers and booleans are not here: NumPy computes their float results in float16,
# oxjit in float32, see docs/numpy-features.md.)
@pytest.mark.parametrize("dtype", [np.int64, np.int32, np.int16, np.uint16, np.uint32])
def test_ufuncs_of_integers(dtype):
    a = np.array([3, -2, 0, 7, 100, -128], dtype=np.int64)
    if np.iinfo(dtype).min == 0:
        a = np.abs(a)
    a = a.astype(dtype)
    with np.errstate(all="ignore"):
        assert_same(unary, a)
        assert_same(binary, a, a[::-1])


def gcd_lcm(a, b):
    return np.gcd(a, b), np.lcm(a, b)


def gcd_numbers(x, y):
    return int(np.gcd(x, y)), int(np.lcm(x, y))


@pytest.mark.parametrize("dtype", [np.int64, np.int32, np.int8, np.uint8, np.uint64])
def test_gcd_lcm(dtype):
    a = np.array([12, 18, 0, 7, 35, 100, 64], dtype=np.int64)
    b = np.array([8, -27, 5, 0, 21, 75, 0], dtype=np.int64)
    if np.iinfo(dtype).min == 0:
        b = np.abs(b)
    a, b = a.astype(dtype), b.astype(dtype)
    with np.errstate(all="ignore"):
        assert_same(gcd_lcm, a, b)
        assert_same(gcd_lcm, a.reshape(7, 1), b)
        assert_same(gcd_lcm, a, 6)
    for x, y in [(12, 18), (-12, 18), (0, 0), (0, 5), (7, -7), (2**40, 6)]:
        assert_same(gcd_numbers, x, y)


@pytest.mark.requires_jit
def test_errors():
    f = np.ones(3)
    for fn, args, snippet, cls, text in [
        (gcd_lcm, (f, f), "np.gcd(a, b)", oxjit.errors.TypingError,
         ("ufunc 'gcd' did not contain a loop with signature matching types (<class "
          "'numpy.dtypes.Float64DType'>, <class 'numpy.dtypes.Float64DType'>) -> None")),
        (gcd_lcm, (f > 0, f > 1), "np.gcd(a, b)", oxjit.errors.TypingError,
         "ufunc 'gcd' did not contain a loop with signature matching types"),
        (binary_next, (f.astype(np.float16), f.astype(np.float16)), "np.nextafter(a, b)",
         oxjit.errors.UnsupportedError, "np.nextafter() of float16 numbers"),
        (binary_next, (f.astype(np.int8), f.astype(np.int8)), "np.nextafter(a, b)",
         oxjit.errors.UnsupportedError, "and of booleans and 8-bit integers"),
    ]:  # fmt: skip
        msg = assert_diagnostic(compile_error(fn, *args), fn, snippet, cls)
        assert text in msg, msg
    with pytest.raises(TypeError, match="ufunc 'gcd' did not contain a loop with signature"):
        np.gcd(f, f)


def complex_tests(z):
    return np.iscomplex(z), np.isreal(z)


def complex_tests_number(z):
    return np.full(1, np.iscomplex(z)), np.full(1, np.isreal(z))


def test_iscomplex_isreal():
    z = np.array([1 + 0j, 2j, complex(np.nan, 0), complex(0, np.nan), -0j, 3 - 1e-300j])
    for a in (z, z.astype(np.complex64), z.real, z.real.astype(np.int16), z[::-2]):
        assert_same(complex_tests, a)
    for x in (1 + 0j, 2j, 3.5, 7, True):
        assert_same(complex_tests_number, x)


def sinc(a):
    return np.sinc(a)


def sinc_number(x):
    return float(np.sinc(x))


def test_sinc():
    # float64 and integers: the C library's sin, as NumPy's. (NumPy computes float32 sines of
    # arrays with its own SIMD code, which differs from the C library's sinf in the last bit.)
    a = floats(np.float64)
    for x in (a, a[::-2], np.linspace(-3, 3, 61).reshape(61, 1), np.arange(-5, 6, dtype=np.int16)):
        with np.errstate(all="ignore"):
            assert_same(sinc, x)
    for x in (0.0, 0.5, -2.25, 1e-300, 3):
        assert_same(sinc_number, x)


def test_nextafter_of_float16_and_float64_is_float64():
    # NumPy promotes first: the float64 loop, not float16's.
    a = np.array([1.0, -2.5, 0.0, 65504.0], np.float16)
    b = np.array([2.0, -3.0, -1.0, np.inf])
    assert_same(binary_next, a, b)

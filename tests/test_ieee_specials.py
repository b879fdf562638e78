"""Array operators over IEEE special values (±0, ±inf, NaN, subnormals, ±max, ±tiny), float32,
float64, complex64 and complex128, against NumPy: every pair of special values through
`+ - * / // % **` and the comparisons, as operators and ufuncs, array with array and array with
a Python scalar. NumPy never raises here: `x // 0.0` is `x / 0.0` (±inf or NaN, as
`npy_floor_divide`), `x % 0.0` is NaN, integer `//` and `%` by zero give 0.

Float results are compared bit for bit (NaN's sign included, which matches). For complex results
a NaN compares equal to any NaN: which sign a NaN part gets from `inf * 0` or `inf - inf` is not
specified by IEEE 754, and LLVM may commute the operands that decide it; everything else (zeros'
signs, infinities, finite values to the last bit) is compared exactly."""

import warnings

import numpy as np
import pytest
from conftest import assert_same, compare_outcomes, jitted, pure_python

FLOAT_DTYPES = [np.float32, np.float64]
COMPLEX_DTYPES = [np.complex64, np.complex128]


def specials(dtype):
    fi = np.finfo(dtype)
    values = [0.0, -0.0, 1.0, -1.0, 0.5, -2.5, 3.0, 7.0, 1e10, np.inf, -np.inf, np.nan,
              fi.smallest_subnormal, -fi.smallest_subnormal, fi.tiny, -fi.tiny, fi.max, -fi.max]  # fmt: skip
    return np.array(values, dtype)


def complex_specials(dtype):
    part = specials(np.float32 if dtype == np.complex64 else np.float64)
    re, im = part[[0, 1, 2, 3, 4, 6, 9, 10, 11, 16]], part[[0, 1, 2, 3, 9, 11, 14]]
    return np.array([complex(r, i) for r in re for i in im], dtype)


def pairs(x):
    """Every (x[i], x[j]): two arrays of len(x)**2 items."""
    return np.repeat(x, len(x)), np.tile(x, len(x))


def float_operators(a, b):
    return (a + b, a - b, a * b, a / b, a // b, a % b, a**b,
            a == b, a != b, a < b, a <= b, a > b, a >= b)  # fmt: skip


def float_ufuncs(a, b):
    return (np.add(a, b), np.subtract(a, b), np.multiply(a, b), np.true_divide(a, b),
            np.floor_divide(a, b), np.remainder(a, b), np.mod(a, b), np.power(a, b),
            np.less(a, b), np.equal(a, b), np.where(a >= b, a, b))  # fmt: skip


def complex_operators(a, b):
    return (a + b, a - b, a * b, a / b, a**b, a == b, a != b,
            np.multiply(a, b), np.divide(a, b), np.power(a, b), np.square(a), -a)  # fmt: skip


def by_scalar(a, s):
    return a + s, a - s, a * s, a / s, a // s, a % s, a**s, s // a, s % a, s / a, a < s


def complex_by_scalar(a, s):
    return a + s, a * s, a / s, a**s, s / a, s**a, a == s


def canonical_nans(v):
    """`v` with every NaN (of a complex array's parts) replaced by the positive quiet NaN."""
    if isinstance(v, tuple):
        return tuple(canonical_nans(x) for x in v)
    if isinstance(v, np.ndarray) and v.dtype.kind == "c":
        v = v.copy()
        for part in (v.real, v.imag):
            part[np.isnan(part)] = np.nan
    return v


def assert_same_nan_free(fn, *args):
    """`assert_same`, but NaN parts of complex results compare equal whatever their sign."""
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = canonical_nans(pure_python(fn)(*args))
        got = canonical_nans(jitted(fn)(*args))
    compare_outcomes(fn.__name__, (True, expected), (True, got))


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
def test_float_operators_over_special_pairs(dtype):
    a, b = pairs(specials(dtype))
    with np.errstate(all="ignore"):
        assert_same(float_operators, a, b)
        assert_same(float_ufuncs, a, b)
        # Strided views take the general loop.
        assert_same(float_operators, a[::3], b[::3])


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
@pytest.mark.parametrize(
    "s", [0.0, -0.0, np.inf, -np.inf, np.nan, 2.0, -1e-310, 1e300, 0.5, 2, -1, 3]
)
def test_float_arrays_with_special_python_scalars(dtype, s):
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert_same(by_scalar, specials(dtype), s)


def test_floor_division_by_zero_is_x_over_zero():
    # The example: NumPy's npy_floor_divide gives inf, -inf, inf, nan, nan.
    x = np.array([1.0, -1.0, np.inf, 0.0, np.nan])
    with np.errstate(all="ignore"):
        assert_same(lambda a: (a // 0.0, a // -0.0, a % 0.0, a % -0.0), x)
        assert_same(lambda a: (a // 0.0, a % 0.0), x.astype(np.float32))


def literal_operands(a):
    # Constant divisors and exponents: LLVM knows them, the results must not change.
    return (a % 2.0, a // 2.0, a % -0.0, a // 0.0, 2.0 % a, a % np.inf, a**2, a**0.5, a**-1,
            np.fmod(a, 2.0), np.fmod(a, 0.0))  # fmt: skip


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
def test_literal_operands_over_specials(dtype):
    with np.errstate(all="ignore"):
        assert_same(literal_operands, specials(dtype))


def fmod(a, b):
    return np.fmod(a, b), np.fmod(a, 3), np.fmod(-7, b)


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
def test_fmod_over_special_pairs(dtype):
    with np.errstate(all="ignore"):
        assert_same(fmod, *pairs(specials(dtype)))


@pytest.mark.parametrize("dtype", [np.int8, np.int64, np.bool_])
def test_integer_fmod(dtype):
    # C's remainder (the dividend's sign); 0 for a zero divisor, and for MIN % -1.
    if dtype == np.bool_:
        a, b = np.array([0, 1, 1, 0], dtype), np.array([0, 0, 1, 1], dtype)
    else:
        lo = np.iinfo(dtype).min
        a, b = np.array([lo, -7, 7, -7, 5, 0, lo], dtype), np.array([-1, 2, -2, 0, 3, -3, 2], dtype)
    with np.errstate(all="ignore"):
        assert_same(fmod, a, b)


def int_division(a, b):
    return a // b, a % b, np.floor_divide(a, b), np.remainder(a, b), a // 0, a % 0


@pytest.mark.parametrize("dtype", [np.int8, np.int32, np.int64, np.uint8, np.uint64])
def test_integer_division_by_zero_gives_zero(dtype):
    ii = np.iinfo(dtype)
    a = np.array([ii.min, -1 if ii.min else 0, 0, 1, 7, ii.max], dtype)
    b = np.array([0, 0, 0, 0, 3, 0], dtype)
    with np.errstate(all="ignore"):
        assert_same(int_division, a, b)


@pytest.mark.parametrize("dtype", COMPLEX_DTYPES)
def test_complex_operators_over_special_pairs(dtype):
    a, b = pairs(complex_specials(dtype))
    assert_same_nan_free(complex_operators, a, b)


@pytest.mark.parametrize("dtype", COMPLEX_DTYPES)
def test_complex_operators_round_as_numpy(dtype):
    # Finite values to the last bit: NumPy's multiply fuses one product (FMA), its divide is
    # Smith's method with a reciprocal scale, its power multiplies small integer exponents.
    rng = np.random.default_rng(7)
    a = (rng.standard_normal(301) * 5 + 1j * rng.standard_normal(301)).astype(dtype)
    b = (rng.standard_normal(301) + 1j * rng.standard_normal(301) * 5).astype(dtype)
    assert_same_nan_free(complex_operators, a, b)
    assert_same_nan_free(complex_operators, a[:-1:2], b[1::2])
    for s in [2, 3, -2, 7, 0.5, 1j, 2.5 - 1j, 0.0, complex("inf+0j")]:
        assert_same_nan_free(complex_by_scalar, a, s)

"""Comparisons of arrays with Python numbers, NumPy 2's way (NEP 50): a Python int compares with
an integer array by its exact value, even where it is outside the array's dtype
(`uint8_array > -1` is all True, `int8_array < 300` too), unlike arithmetic, which raises
OverflowError; next to a float array a Python number is rounded to the array's dtype first.
Integer arrays of different signs compare exactly (NumPy's int64/uint64 loops).

Every integer and float dtype, against the edge values of every integer type, as operators, as
`np.less`-style functions, inside `np.where`, and element by element in a loop (`a[i] > -1`, where
`a[i]` is a NumPy scalar). Python ints outside int64 and uint64 cannot be typed by the compiler:
those raise a clear error, never a wrapped comparison."""

import numpy as np
import pytest
from conftest import assert_same, jitted

INT_DTYPES = [np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64]
FLOAT_DTYPES = [np.float32, np.float64]

# Python ints the compiler can type (int64, or uint64 from 2**63 on).
TYPABLE = [-(2**63), -(2**31) - 1, -129, -128, -1, 0, 1, 127, 128, 255, 256, 65535, 65536,
           2**31, 2**32, 2**53 + 1, 2**63 - 1, 2**63, 2**64 - 1]  # fmt: skip
UNTYPABLE = [-(2**64), -(2**63) - 1, 2**64, 2**100]
FLOATS = [float("nan"), float("inf"), float("-inf"), -0.0, 0.5, -1.5, 255.5, 1e300, 1e-300]


def edge_values(dtype):
    """The extremes of `dtype` and small values around zero."""
    if np.dtype(dtype).kind == "f":
        fi = np.finfo(dtype)
        items = [-np.inf, fi.min, -1.0, -0.0, 0.0, fi.smallest_subnormal, 1.0, 255.0, 256.0,
                 16777216.0, 16777217.0, 2.0**53, 2.0**63, fi.max, np.inf, np.nan]  # fmt: skip
        return np.array(items, dtype)
    ii = np.iinfo(dtype)
    items = {ii.min, ii.min + 1, -1, 0, 1, 127, 128, 255, 256, ii.max - 1, ii.max}
    return np.array(sorted(v for v in items if ii.min <= v <= ii.max), dtype)


def all_comparisons(a, x):
    """Every comparison at once, as one fused loop (one compile per type pair): bit k of each
    item is the k-th comparison's outcome."""
    return ((a == x) * 1 + (a != x) * 2 + (a < x) * 4 + (a <= x) * 8 + (a > x) * 16
            + (a >= x) * 32 + (x == a) * 64 + (x < a) * 128 + (x >= a) * 256
            + np.less(a, x) * 512 + np.greater_equal(x, a) * 1024 + np.not_equal(a, x) * 2048
            + np.where(np.logical_and(a > x, a != x), 4096, 0))  # fmt: skip


def where_comparison(a, x):
    return np.where(a <= x, a, 0), np.equal(x, a)


def elementwise_loop(a, x):
    out = np.empty((6, a.size), np.bool_)
    for i in range(a.size):
        out[0, i] = a[i] == x
        out[1, i] = a[i] != x
        out[2, i] = a[i] < x
        out[3, i] = a[i] <= x
        out[4, i] = a[i] > x
        out[5, i] = x >= a[i]
    return out


def minus_one_literal(a):
    return a > -1, a >= -1, a == -1, -1 < a, np.greater(a, -1), a < 300, a != 300


@pytest.mark.parametrize("dtype", INT_DTYPES)
def test_integer_arrays_against_python_ints(dtype):
    a = edge_values(dtype)
    for x in TYPABLE:
        assert_same(all_comparisons, a, x)
        assert_same(where_comparison, a, x)


@pytest.mark.parametrize("dtype", INT_DTYPES)
def test_scalar_elements_against_python_ints(dtype):
    # `a[i]` is a NumPy scalar of the array's dtype: NumPy 2 compares it exactly too.
    a = edge_values(dtype)
    for x in TYPABLE:
        assert_same(elementwise_loop, a, x)


@pytest.mark.parametrize("dtype", INT_DTYPES + FLOAT_DTYPES)
def test_literals_outside_the_dtype(dtype):
    assert_same(minus_one_literal, edge_values(dtype))


def test_the_reported_case():
    assert_same(lambda a: a > -1, np.array([0, 1, 255], np.uint8))


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
def test_float_arrays_against_python_ints(dtype):
    # The int is rounded to the array's dtype first: float32(16777216) == 16777217 is True.
    a = edge_values(dtype)
    for x in TYPABLE:
        assert_same(all_comparisons, a, x)
        assert_same(where_comparison, a, x)


@pytest.mark.parametrize("dtype", INT_DTYPES + FLOAT_DTYPES)
def test_arrays_against_python_floats(dtype):
    a = edge_values(dtype)
    for x in FLOATS:
        assert_same(all_comparisons, a, x)
        assert_same(where_comparison, a, x)
        if dtype != np.float32:
            # Scalar float32 code follows Numba's typing (compared in float64), not NEP 50's
            # (README: "Known differences"); arrays of float32 round the Python float.
            assert_same(elementwise_loop, a, x)


def test_bool_and_complex_arrays_against_python_ints():
    b = np.array([False, True])
    c = np.array([0j, 1 + 0j, 255 + 0j, -1 + 0j, complex("nan+0j"), 1j])
    for x in [-(2**63), -1, 0, 1, 2, 255, 2**62]:
        assert_same(all_comparisons, b, x)
        assert_same(complex_equality, c, x)


def mixed_arrays(a, b):
    return ((a == b) * 1 + (a != b) * 2 + (a < b) * 4 + (a <= b) * 8 + (a > b) * 16
            + (a >= b) * 32 + np.less(b, a) * 64)  # fmt: skip


def complex_equality(c, x):
    return (c == x) * 1 + (c != x) * 2 + (x == c) * 4 + np.not_equal(c, x) * 8


def test_integer_arrays_of_different_signs_compare_exactly():
    # int64 against uint64: NumPy 2 compares exactly (2**63 - 1 != 2**63), no float64 rounding.
    s = np.array([-(2**63), -1, 0, 2**62, 2**63 - 1, 2**63 - 1], np.int64)
    u = np.array([2**63, 0, 0, 2**62 + 1, 2**63, 2**63 - 1], np.uint64)
    assert_same(mixed_arrays, s, u)
    assert_same(mixed_arrays, u, s)
    assert_same(mixed_arrays, s.astype(np.int8), u)
    assert_same(
        mixed_arrays, np.array([-1, 0, 1, 127], np.int8), np.array([255, 0, 1, 2**32], np.uint64)
    )


@pytest.mark.requires_jit
@pytest.mark.parametrize("x", UNTYPABLE)
def test_untypable_python_ints_raise(x):
    a = edge_values(np.uint8)
    with pytest.raises(OverflowError, match="too large for a 64-bit integer"):
        jitted(all_comparisons)(a, x)


def add(a, x):
    return a + x


def shifted_in_place(a, x):
    a -= x
    return a


@pytest.mark.parametrize("dtype", [np.int8, np.int16, np.int64, np.uint8, np.uint16, np.bool_])
@pytest.mark.parametrize("x", [2**63, 2**64 - 1])
def test_arithmetic_with_python_ints_above_int64_raises(dtype, x):
    # Unlike comparisons, arithmetic raises NumPy's OverflowError instead of wrapping the int.
    # (For uint32 NumPy words it "out of bounds for uint32"; oxjit raises the same class.)
    a = np.array([0, 1], dtype)
    assert_same(add, a, x)
    if dtype != np.bool_:
        assert_same(shifted_in_place, a.copy(), x)


def test_uint64_arrays_take_python_ints_up_to_2_64():
    a = np.array([0, 1, 2**63], np.uint64)
    assert_same(add, a, 2**63 - 1)
    assert_same(add, a, 2**63)
    assert_same(add, a[:2], 2**64 - 2)

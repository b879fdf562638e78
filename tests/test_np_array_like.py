"""NumPy functions given what NumPy turns into an array (``np.asarray``): a number, a tuple or a
(nested) list, as Numba accepts them. ``np.asarray`` itself, ``np.asarray_chkfinite``,
``np.delete``, ``np.insert`` and ``np.unwrap`` (n-d arrays along the last axis, an integer
period), compared with NumPy (values, dtypes, shapes, exception class and message); what stays
refused is a compile error naming the line."""

import numpy as np
import oxjit
import pytest
from conftest import assert_diagnostic, assert_same, compile_error


def asarray(x):
    return np.asarray(x)


def asarray_dtype(x):
    return np.asarray(x, np.float32), np.asarray(x, dtype=np.int64)


def asarray_display():
    return np.asarray([1, 2, 3]), np.asarray((1.5, 2.5)), np.asarray([[1, 2], [3, 4]])


@pytest.mark.parametrize(
    "x",
    [
        3,
        -2.5,
        1 + 2j,
        True,
        np.float32(1.25),
        np.int8(-3),
        [1, 2, 3],
        [1.5, -0.0],
        [[1, 2], [3, 4]],
        (1, 2, 3),
        (1.5, 2.5),
        ((1, 2), (3, 4)),
        [True, False],
    ],
)
def test_asarray_of_non_arrays(x):
    assert_same(asarray, x)


@pytest.mark.parametrize("x", [3, 2.5, [1, 2, 3], (1.5, 2.5), [[1, 2], [3, 4]]])
def test_asarray_dtype(x):
    assert_same(asarray_dtype, x)


def test_asarray_display():
    assert_same(asarray_display)


def test_asarray_ragged_list():
    # NumPy refuses a ragged nested list (ValueError), as the compiled code does.
    assert_same(asarray, [[1, 2], [3]])


def test_asarray_of_an_array_is_the_array():
    a = np.arange(4.0)
    assert oxjit.njit(asarray)(a) is a


def asarray_str(s):
    return np.asarray(s)


def test_asarray_of_str_refused():
    e = compile_error(asarray_str, "abc")
    assert "asarray() of" in str(e)
    assert_diagnostic(e, asarray_str, "np.asarray(s)", oxjit.errors.UnsupportedError)


def chkfinite(a):
    return np.asarray_chkfinite(a)


def chkfinite_dtype(a):
    return np.asarray_chkfinite(a, np.float32)


@pytest.mark.parametrize(
    "a",
    [
        np.array([1, 2, 3]),
        np.array([1.0, np.nan]),
        [1, 2, 3, 4],
        [1.0, np.inf],
        (1.5, 2.5),
        [[1.0, 2.0], [3.0, -np.inf]],
        2.5,
        np.array([[1.0, 2.0]]).T,
    ],
)
def test_asarray_chkfinite(a):
    assert_same(chkfinite, a)
    assert_same(chkfinite_dtype, a)


def delete(arr, obj):
    return np.delete(arr, obj)


def insert(arr, obj, values):
    return np.insert(arr, obj, values)


@pytest.mark.parametrize(
    "arr", [[1, 2, 3, 4, 5], [1.5, 2.5, 3.5], (1, 2, 3, 4), [[1, 2], [3, 4]], np.arange(6)]
)
def test_delete_insert_of_sequences(arr):
    for obj in (0, 2, -1, 7, -9):
        assert_same(delete, arr, obj)
        assert_same(insert, arr, obj, 99)
    assert_same(delete, arr, [0, 1])
    assert_same(insert, arr, 1, [98, 97])


def unwrap(p):
    return np.unwrap(p)


def unwrap_period(p, period):
    return np.unwrap(p, period=period)


def unwrap_all(p, discont, period):
    return np.unwrap(p, discont, -1, period=period)


UNWRAP_CASES = [
    np.array([1.0, 7.28318531]),
    np.array([0.0, 0.78539816, 1.57079633, 5.49778714, 6.28318531]),
    np.arange(16).reshape(4, 4),
    np.arange(16.0).reshape(4, 4) * 2.5,
    np.linspace(0, 30, 24).reshape(2, 3, 4),
    np.array([0, 75, 150, 225, 50, 180]),
    np.array([1, 257]),
    np.array([0, 1, 2, -1, 0]),
    np.array([5]),
    np.zeros((3, 1)),
    [0.0, 4.0, 8.0, 1.0],
    [[0, 5, 10], [1, 7, 2]],
]


@pytest.mark.parametrize("p", UNWRAP_CASES)
def test_unwrap_nd_and_sequences(p):
    assert_same(unwrap, p)


@pytest.mark.parametrize("p", UNWRAP_CASES)
@pytest.mark.parametrize("period", [255, 250, 4, 5, 1.5, 7])
def test_unwrap_period(p, period):
    assert_same(unwrap_period, p, period)


@pytest.mark.parametrize("p", UNWRAP_CASES)
def test_unwrap_discont_and_period(p):
    assert_same(unwrap_all, p, 140, 250)
    assert_same(unwrap_all, p, 1.0, 3)
    assert_same(unwrap_all, p, 0.5, 2.0)


def unwrap_runtime_axis(p, discont, axis, period):
    return np.unwrap(p, discont, axis, period=period)


@pytest.mark.parametrize("axis", [-1, 0, 1, -2])
def test_unwrap_runtime_axis_of_1d(axis):
    p = np.array([0, 75, 150, 225, 50, 180])
    assert_same(unwrap_runtime_axis, p, None, axis, 250)
    assert_same(unwrap_runtime_axis, p * 0.5, 1.0, axis, 2.5)


def unwrap_axis0(p):
    return np.unwrap(p, axis=0)


def test_unwrap_other_axis_refused():
    e = compile_error(unwrap_axis0, np.zeros((2, 3)))
    # axis= arrives as a plain int64 here, not a constant: refused either way.
    assert "np.unwrap: " in str(e) and "axis" in str(e)
    assert_diagnostic(e, unwrap_axis0, "np.unwrap(p, axis=0)", oxjit.errors.TypingError)


def test_unwrap_of_str_refused():
    e = compile_error(unwrap, "abc")
    assert_diagnostic(e, unwrap, "np.unwrap(p)", oxjit.errors.TypingError)

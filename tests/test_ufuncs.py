"""NumPy's operator ufuncs as functions (np.add, np.less, np.logical_and...) on numbers and
arrays, and out= for every ufunc: written in place, computed in the operation's own type.
Compared with NumPy exactly, or the same exception."""

import numpy as np
import pytest
from conftest import assert_same, jitted


def arithmetic(a, b):
    return (
        np.add(a, b),
        np.subtract(a, b),
        np.multiply(a, 2),
        np.divide(a, b),
        np.true_divide(b, 3),
        np.floor_divide(a, b),
        np.remainder(a, b),
        np.mod(a, 3),
        np.negative(a),
        np.positive(b),
        np.square(a),
    )


def comparisons(a, b):
    return (
        np.equal(a, b),
        np.not_equal(a, b),
        np.less(a, b),
        np.less_equal(a, 1),
        np.greater(a, b),
        np.greater_equal(b, a),
    )


def logic(a, b):
    return (
        np.logical_and(a > 0, b > 0),
        np.logical_or(a, b),
        np.logical_xor(a > 1, b),
        np.logical_not(a),
    )


def bitwise(a, b):
    return (
        np.bitwise_and(a, b),
        np.bitwise_or(a, b),
        np.bitwise_xor(a, 5),
        np.invert(a),
        np.bitwise_not(b),
        np.left_shift(a, 2),
        np.right_shift(b, 1),
    )


def scalars(x, y):
    return np.add(x, y), np.multiply(x, y), np.less(x, y), np.logical_and(x, y), np.square(x)


def with_out(a, b, out):
    np.add(a, b, out=out)
    np.multiply(out, 2.0, out=out)
    np.sqrt(out, out=out)
    return out


def out_returned(a, out):
    r = np.negative(a, out=out)
    r[0] = 100.0
    return out


@pytest.mark.parametrize(
    "a,b",
    [
        (np.arange(1.0, 7.0), np.array([2.0, -1.0, 0.5, 3.0, 7.0, -2.5])),
        (np.arange(12.0).reshape(3, 4), np.arange(4.0) + 1),
        (np.array([1, 5, -3, 7]), np.array([2, -2, 3, 1])),
    ],
)
def test_operator_ufuncs(a, b):
    with np.errstate(all="ignore"):
        assert_same(arithmetic, a, b)
        assert_same(comparisons, a, b)
        assert_same(logic, a, b)


def test_bitwise_ufuncs():
    assert_same(bitwise, np.array([1, 5, 12, 7]), np.array([3, 6, 10, 0]))
    assert_same(bitwise, np.array([1, 5, 12, 7], dtype=np.int8), np.array([3, 6, 10, 0], np.int8))


def test_on_numbers():
    # float(): compiled code returns Python numbers (NumPy gives NumPy scalars).
    got = jitted(scalars)(2.5, 4.0)
    assert got == tuple(type(g)(e) for g, e in zip(got, scalars(2.5, 4.0)))


def test_out():
    a, b = np.arange(4.0), np.ones(4)
    assert_same(with_out, a, b, np.zeros(4))
    assert_same(out_returned, a, np.zeros(4))
    assert_same(with_out, a, b, np.zeros(3))


def add_f32_into_f64(a, b, out):
    np.add(a, b, out=out)
    return out


def test_out_computes_in_the_operations_type():
    a = np.array([1e-8, 1.0], dtype=np.float32)
    assert_same(add_f32_into_f64, a, a, np.zeros(2))


def clips(a):
    return np.clip(a, -1.0, 2.0), a.clip(0, 3), np.clip(a, a - 1, 1.5), np.clip(a * 2, -1, 1) + 1


@pytest.mark.parametrize(
    "a",
    [
        np.array([-3.0, 0.5, 2.5, np.nan, -np.inf, 1.0]),
        np.arange(-3, 4),
        np.arange(12.0).reshape(3, 4) - 5,
        np.array([-3, 7], dtype=np.int8),
    ],
)
def test_clip(a):
    assert_same(clips, a)

"""`a, b = arr`: an array unpacked along its first axis as CPython unpacks any iterable (rows as
views sharing the array's memory, items of a 1-d array as numbers), with CPython's ValueError
when the length differs; and `np.ndenumerate`."""

import numpy as np
import oxjit
import pytest
from conftest import assert_diagnostic, assert_same, compile_error


def two(a):
    x, y = a
    out = np.empty(2, a.dtype)  # (NumPy's items are NumPy scalars, compiled ones numbers)
    out[0] = x
    out[1] = y
    return out


def three(a):
    x, y, z = a
    out = np.empty(3, a.dtype)
    out[0], out[1], out[2] = z, y, x
    return out


def two_rows(a):
    x, y = a
    return x, y


def three_rows(a):
    x, y, z = a
    return z, y, x


def rows_written(a):
    top, bottom = a
    top[0] = -1  # a view: writes the caller's array
    bottom += 1
    return a


def nested(a):
    (p, q), (r, s) = a
    return int(p * 10 + q), int(r * 10 + s)


def in_loop(pts):
    total = 0.0
    for k in range(pts.shape[0]):
        x, y = pts[k]
        total += x * y
    return float(total)


def targets(a):
    out = np.zeros(3)
    out[0], out[2] = a
    return out


@pytest.mark.parametrize("dtype", [np.float64, np.int32, np.bool_, np.complex128, np.uint8])
def test_unpack_items(dtype):
    a = np.array([3, 0, 5], dtype=dtype)
    assert_same(three, a)
    assert_same(two, a[1:])
    assert_same(two, a[::-2])
    assert_same(targets, np.array([1.5, 2.5]))


def test_unpack_rows():
    m = np.arange(6.0).reshape(2, 3)
    assert_same(two_rows, m)
    assert_same(two_rows, np.asfortranarray(m))
    assert_same(two_rows, m.T[::2])
    assert_same(three_rows, np.arange(24).reshape(3, 2, 4)[:, ::-1])
    assert_same(rows_written, np.arange(6).reshape(2, 3))
    assert_same(rows_written, np.asfortranarray(np.arange(6.0).reshape(2, 3)))
    assert_same(nested, np.arange(4).reshape(2, 2))
    assert_same(in_loop, np.arange(10.0).reshape(5, 2))


def test_unpack_wrong_length():
    # CPython's messages: "too many values to unpack (expected 2)", "not enough values to
    # unpack (expected 3, got 2)".
    for a in (np.arange(3.0), np.zeros(0), np.arange(1), np.arange(5, dtype=np.int8)):
        assert_same(two, a)
        assert_same(three, a)
    for a in (np.arange(12).reshape(4, 3), np.zeros((0, 2)), np.ones((1, 3))):
        assert_same(two_rows, a)
        assert_same(three_rows, a)
    assert_same(in_loop, np.arange(9.0).reshape(3, 3))
    assert_same(nested, np.arange(6).reshape(2, 3))
    # Nothing is assigned when the length is wrong.
    assert_same(targets, np.array([1.0, 2.0, 3.0]))


def zero_d(a):
    x, _ = a
    return x


@pytest.mark.requires_jit
def test_unpack_zero_d():
    with pytest.raises(TypeError, match="iteration over a 0-d array"):
        zero_d(np.array(1.0))
    exc = compile_error(zero_d, np.array(1.0))
    msg = assert_diagnostic(exc, zero_d, "x, _", oxjit.errors.TypingError)
    assert "iteration over a 0-d array" in msg, msg


# ------------------------------------------------------------------------------------------------
# np.ndenumerate


def enumerate_all(a):
    idx = np.zeros((a.size, a.ndim), np.int64)
    vals = np.zeros(a.size, a.dtype)
    for k, (i, x) in enumerate(np.ndenumerate(a)):
        for d in range(a.ndim):
            idx[k, d] = i[d]
        vals[k] = x
    return idx, vals


def enumerate_write(a):
    out = np.zeros(a.shape)
    for (i, j), x in np.ndenumerate(a):
        out[i, j] = x * (i + 1) + j
    return out


def enumerate_held(a):
    it = np.ndenumerate(a)
    total = 0.0
    for i, x in it:
        total += i[0] * x
    return float(total)


LAYOUTS = [
    np.arange(12.0).reshape(3, 4),
    np.asfortranarray(np.arange(12.0).reshape(3, 4)),
    np.arange(24).reshape(4, 6)[::2, ::-3],
    np.arange(24.0).reshape(4, 6).T[1::2],
    np.zeros((0, 3)),
]


@pytest.mark.parametrize("a", LAYOUTS, ids=range(len(LAYOUTS)))
def test_ndenumerate(a):
    assert_same(enumerate_all, a)
    assert_same(enumerate_write, a)
    assert_same(enumerate_held, a)


def test_ndenumerate_dims():
    for a in (np.arange(5, dtype=np.int16), np.arange(24).reshape(2, 3, 4)[:, ::2, 1:], np.ones(0)):
        assert_same(enumerate_all, a)
        assert_same(enumerate_held, a)
    assert_same(enumerate_all, np.array([True, False]))

"""No leaks in the ufunc methods, the run-time axis switch and np.nditer of several operands,
on their normal paths and where they raise midway (an empty reduction without identity, an
index out of bounds, an axis outside the dimensions, shapes that do not broadcast)."""

import numpy as np
import pytest
from test_nrt import assert_no_leak

pytestmark = pytest.mark.requires_jit


def reduce_generic(a, k):
    s = np.subtract.reduce(a, axis=k)
    return np.bitwise_or.reduce(a.astype(np.int64), axis=None, keepdims=True).sum() + s.sum()


def reduce_strided_all(a):
    return np.add.reduce(np.bitwise_xor.reduce(a[::2, ::2], axis=None, keepdims=True))


def accumulate_outer(a):
    return np.maximum.accumulate(a, axis=1).sum() + np.multiply.outer(a[0], a[1]).sum()


def at_in_place(a, i):
    c = a.copy()
    np.add.at(c, i, 1.0)
    return c.sum()


def run_time_axis(a, k):
    return a.sum(axis=k).sum() + np.cumsum(a, axis=k).sum() + a.std(axis=k, keepdims=True).sum()


def run_time_axis_after_alloc(a, k):
    b = a * 2.0
    return b.sum(axis=k).sum()


def nditer_pairs(a, b):
    t = 0.0
    for x, y in np.nditer((a + 1.0, b)):
        t += float(x) * float(y)
    return t


def test_no_leaks():
    a = np.arange(12.0).reshape(3, 4)
    assert_no_leak(reduce_generic, a.astype(np.int32), 1)
    assert_no_leak(reduce_strided_all, np.arange(36).reshape(6, 6))
    assert_no_leak(accumulate_outer, a)
    assert_no_leak(at_in_place, np.zeros(5), np.array([0, 0, 4]))
    assert_no_leak(run_time_axis, a, 0)
    assert_no_leak(run_time_axis, a, -1)
    assert_no_leak(nditer_pairs, a, np.arange(4.0))


def test_no_leaks_when_raising():
    a = np.zeros((2, 0), np.int32)
    assert_no_leak(reduce_generic, a, 1, expect_raise=ValueError)
    assert_no_leak(at_in_place, np.zeros(5), np.array([0, 7]), expect_raise=IndexError)
    assert_no_leak(
        run_time_axis_after_alloc, np.ones((2, 3)), 2, expect_raise=np.exceptions.AxisError
    )
    assert_no_leak(nditer_pairs, np.ones((2, 3)), np.ones(4), expect_raise=ValueError)

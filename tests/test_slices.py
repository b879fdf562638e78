"""Every slice of short arrays, against NumPy: all starts and stops from before the beginning to
past the end (and None), steps ±1..±3 (and None), read as views and written (a value, an array),
on arrays of 0 to 5 items, so that no clamping rule (`a[len(a):stop:-k]`, `a[-n-2::-1]`...) can
be off by one unnoticed."""

import itertools

import numpy as np
import pytest
from conftest import assert_same

STEPS = [None, 1, 2, 3, -1, -2, -3]


def bounds(n):
    return [None, *range(-n - 2, n + 3)]


def get_slice(a, start, stop, step):
    return a[start:stop:step]


def get_slice_len(a, start, stop, step):
    # Where the view starts and its stride (for empty views NumPy's are arbitrary).
    v = a[start:stop:step]
    if len(v) == 0:
        return 0, 0, 0
    return len(v), v.strides[0], v.ctypes.data - a.ctypes.data


def set_slice_value(a, start, stop, step):
    a[start:stop:step] = -1.0
    return a


def set_slice_array(a, start, stop, step, b):
    a[start:stop:step] = b
    return a


def get_slice_2d(m, start, stop, step):
    return m[1:, start:stop:step], m[start:stop:step, ::-1]


def combos(n):
    return list(itertools.product(bounds(n), bounds(n), STEPS))


@pytest.mark.parametrize("n", range(6))
def test_every_slice_read(n):
    a = np.arange(n, dtype=np.float64) * 1.5
    for start, stop, step in combos(n):
        assert_same(get_slice, a, start, stop, step)
        assert_same(get_slice_len, a, start, stop, step)


@pytest.mark.parametrize("n", range(6))
def test_every_slice_written(n):
    a = np.arange(n, dtype=np.float64) * 1.5
    for start, stop, step in combos(n):
        assert_same(set_slice_value, a, start, stop, step)
        length = len(range(n)[start:stop:step])
        assert_same(set_slice_array, a, start, stop, step, np.arange(length) + 100.0)
        if length != 1:  # a wrong length raises NumPy's ValueError (one item broadcasts)
            assert_same(set_slice_array, a, start, stop, step, np.arange(length + 1) + 100.0)


@pytest.mark.parametrize("n", [0, 1, 4])
def test_every_slice_of_a_matrix_axis(n):
    m = np.arange(4.0 * n).reshape(4, n) if n else np.ones((4, 0))
    for start, stop, step in combos(n):
        assert_same(get_slice_2d, m, start, stop, step)


def test_zero_step_raises():
    assert_same(get_slice, np.arange(3.0), None, None, 0)
    assert_same(set_slice_value, np.arange(3.0), 1, None, 0)

"""`np.lib.stride_tricks.as_strided` and `sliding_window_view` compiled, against NumPy: views
of the array's memory (written through where writeable, read-only by default for windows),
every dtype and layout, NumPy's ValueErrors for windows."""

import numpy as np
import pytest
from conftest import assert_same, compile_error
from numpy.lib.stride_tricks import as_strided, sliding_window_view


def pairs(v):
    return as_strided(v, (v.shape[0] - 1, 2), (v.strides[0], v.strides[0]))


def same_shape(a):
    return as_strided(a)


def read_only(v):
    return as_strided(v, (2, 2), (8, 8), writeable=False)


def written(v):
    w = as_strided(v, (2, 2), (v.strides[0], v.strides[0]))
    w[1, 0] = 42
    return v


def windows(v, n):
    return sliding_window_view(v, n)


def windows_2d(a):
    return sliding_window_view(a, (2, 2))


def windows_axis(a, n):
    return sliding_window_view(a, n, axis=-1)


def windows_writeable(v):
    w = sliding_window_view(v, 3, writeable=True)
    w[0, 2] = 7
    return v


def moving_average(v, n):
    return sliding_window_view(v, n).mean(axis=-1)


@pytest.mark.parametrize("dtype", [np.int8, np.int32, np.float32, np.float64, np.complex128])
def test_as_strided_views(dtype):
    v = np.arange(7).astype(dtype)
    assert_same(pairs, v)
    assert_same(pairs, v[::-2])
    assert_same(same_shape, np.arange(6.0).reshape(2, 3).T)
    assert_same(read_only, np.arange(4.0))
    assert_same(written, np.arange(5, dtype=np.int64))


@pytest.mark.parametrize("dtype", [np.uint8, np.int64, np.float64])
def test_sliding_windows(dtype):
    v = np.arange(8).astype(dtype)
    for n in (1, 3, 8):
        assert_same(windows, v, n)
    a = np.arange(20).reshape(4, 5).astype(dtype)
    assert_same(windows_2d, a)
    assert_same(windows_2d, np.asfortranarray(a))
    assert_same(windows_axis, a[:, ::-1], 3)
    assert_same(windows_writeable, np.arange(6.0))
    assert_same(moving_average, np.arange(10.0), 4)


def test_window_errors():
    v = np.arange(5.0)
    assert_same(windows, v, 6)
    assert_same(windows, v, -1)
    assert_same(windows_axis, np.ones((2, 3)), 4)


def windows_too_few(a):
    return sliding_window_view(a, 2)


def test_a_window_per_dimension():
    assert_same(windows_too_few, np.ones((3, 3)))


def windows_bad_axis(a):
    return sliding_window_view(a, 2, axis=2)


def test_axis_out_of_bounds_at_compile_time():
    with pytest.raises(ValueError, match="axis 2 is out of bounds for array of dimension 2"):
        windows_bad_axis(np.ones((3, 3)))
    assert "axis 2 is out of bounds" in str(compile_error(windows_bad_axis, np.ones((3, 3))))

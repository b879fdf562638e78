"""`np.count_nonzero(a, axis=..., keepdims=...)` compiled, against NumPy: an integer axis
(negative too), a tuple of axes, `keepdims`, every dtype (NaN counts, -0.0 does not, a complex
number counts where either part is nonzero) and layout; the whole array is an `int`."""

import numpy as np
import pytest
from conftest import assert_same, compile_error
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

DTYPES = [np.bool_, np.int8, np.uint8, np.int16, np.uint16, np.int32, np.uint32, np.int64,
          np.uint64, np.float32, np.float64, np.complex64, np.complex128]  # fmt: skip


# A number comes back as a Python int from compiled code (NumPy's is an np.int64): int() both.
def whole(a):
    return int(np.count_nonzero(a))


def axis0(a):
    return np.count_nonzero(a, axis=0)


def axis_last(a):
    return np.count_nonzero(a, axis=-1)


def axis1_kept(a):
    return np.count_nonzero(a, axis=1, keepdims=True)


def axes_pair(a):
    return np.count_nonzero(a, axis=(0, 2))


def axes_pair_kept(a):
    return np.count_nonzero(a, axis=(2, 0), keepdims=True)


def all_axes(a):
    return int(np.count_nonzero(a, axis=(0, 1, 2)))


def none_kept(a):
    return np.count_nonzero(a, keepdims=True)


def sample(shape, dtype, seed=0):
    rng = np.random.default_rng(seed)
    a = rng.integers(-1, 2, shape).astype(dtype)
    if np.dtype(dtype).kind == "f":
        a.flat[::5] = np.nan
        a.flat[1::7] = -0.0
    if np.dtype(dtype).kind == "c":
        a = a + 1j * rng.integers(0, 2, shape)
        a = a.astype(dtype)
    return a


@pytest.mark.parametrize("dtype", DTYPES)
def test_each_dtype_along_each_axis(dtype):
    a = sample((3, 4, 5), dtype)
    for fn in (whole, axis0, axis_last, axis1_kept, axes_pair, axes_pair_kept, all_axes, none_kept):
        assert_same(fn, a)


@pytest.mark.parametrize("fn", [axis0, axis_last, axis1_kept, axes_pair, axes_pair_kept])
def test_layouts(fn):
    a = sample((4, 6, 5), np.float64, seed=3)
    assert_same(fn, np.asfortranarray(a))
    assert_same(fn, a[::-1, 1::2, ::2])
    assert_same(fn, a.transpose(2, 0, 1))


def test_empty_axes():
    assert_same(axis0, np.zeros((0, 3, 2)))
    assert_same(axis_last, np.ones((2, 3, 0)))
    assert_same(axes_pair, np.ones((0, 3, 0)))


def one_axis_of_a_vector(v):
    return int(np.count_nonzero(v, axis=0)), np.count_nonzero(v, axis=-1, keepdims=True)


def test_one_dimension():
    assert_same(one_axis_of_a_vector, np.array([0.0, 1.0, np.nan, -0.0, 2.0]))


def axis_out_of_bounds(a):
    return np.count_nonzero(a, axis=3)


def axis_twice(a):
    return np.count_nonzero(a, axis=(0, -3))


def test_bad_axes_are_numpys_errors_at_compile_time():
    a = np.ones((2, 3, 4))
    with pytest.raises(
        np.exceptions.AxisError, match="axis 3 is out of bounds for array of dimension 3"
    ):
        axis_out_of_bounds(a)
    assert "axis 3 is out of bounds for array of dimension 3" in str(
        compile_error(axis_out_of_bounds, a)
    )
    with pytest.raises(ValueError, match="duplicate value in 'axis'"):
        axis_twice(a)
    assert "duplicate value in 'axis'" in str(compile_error(axis_twice, a))


@settings(max_examples=40, deadline=None)
@given(
    hnp.arrays(
        np.int8, hnp.array_shapes(min_dims=3, max_dims=3, max_side=4), elements=st.integers(-1, 1)
    )
)
def test_property_counts_match_numpy(a):
    for fn in (axis0, axis_last, axes_pair, axes_pair_kept):
        assert_same(fn, a)

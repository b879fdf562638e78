"""`np.unique(ar, axis=k)` compiled: the distinct sub-arrays along an axis, sorted as NumPy's
structured rows (each field in turn, NaNs last, `-0.0 == 0.0`, rows holding a NaN never merged),
with `return_index`/`return_inverse`/`return_counts` (a 1-d inverse, as NumPy 2's), compared with
NumPy exactly (values, dtypes, shapes, layout flags), an axis known at run time, NumPy's
AxisError, and a hypothesis test over small int matrices with repeats."""

import numpy as np
import oxjit
import pytest
from conftest import assert_diagnostic, assert_same, compile_error
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

DTYPES = [np.bool_, np.int8, np.uint8, np.int16, np.uint16, np.int32, np.uint32, np.int64,
          np.uint64, np.float32, np.float64]  # fmt: skip


def plain0(a):
    return np.unique(a, axis=0)


def plain1(a):
    return np.unique(a, axis=1)


def last(a):
    return np.unique(a, axis=-1)


def everything(a, k):
    return np.unique(a, True, True, True, k)


def index_only(a):
    return np.unique(a, return_index=True, axis=1)


def inverse_only(a):
    return np.unique(a, return_inverse=True, axis=0)


def counts_only(a):
    return np.unique(a, return_counts=True, axis=-1)


def sample(shape, dtype, seed=0):
    """Sub-arrays with repeats, not in order."""
    n = int(np.prod(shape))
    values = (np.arange(n) * 7 + seed) % 5 % (2 if dtype is np.bool_ else 3)
    a = values.astype(dtype).reshape(shape)
    # Repeat the first sub-array along every axis so that each axis has duplicates.
    for k in range(a.ndim):
        first = np.take(a, [0], axis=k)
        a = np.concatenate([a, first], axis=k)
    return a


@pytest.mark.parametrize("dtype", DTYPES)
def test_each_dtype_two_axes(dtype):
    a = sample((4, 3), dtype)
    for f in (plain0, plain1, last, index_only, inverse_only, counts_only):
        assert_same(f, a)
    for k in (0, 1, -1, -2):
        assert_same(everything, a, k)


@pytest.mark.parametrize("shape", [(3, 2, 2), (2, 3, 4), (1, 4, 2)])
def test_three_dimensions_every_axis(shape):
    a = sample(shape, np.int64, seed=3)
    for k in (0, 1, 2, -1):
        assert_same(everything, a, k)
        assert_same(lambda x, k: np.unique(x, axis=k), a, k)


def test_floats_with_negatives_zeros_and_nans():
    nan = np.nan
    a = np.array([[1.0, -2.0], [-0.0, 5.0], [0.0, 5.0], [nan, 1.0], [nan, 1.0], [-1.0, 3.0],
                  [1.0, nan], [1.0, -2.0], [-np.inf, 0.5]])  # fmt: skip
    assert_same(everything, a, 0)
    assert_same(everything, a.T.copy(), 1)
    assert_same(everything, a.astype(np.float32), 0)
    # equal_nan does not merge rows holding a NaN (NumPy compares them as structured items)
    assert_same(lambda x: np.unique(x, return_counts=True, axis=0, equal_nan=True), a)


def test_bools_and_layouts():
    a = np.array([[True, False, True], [False, False, True], [True, False, True]])
    assert_same(everything, a, 0)
    assert_same(everything, a, 1)
    b = sample((5, 4), np.int32)
    assert_same(everything, np.asfortranarray(b), 0)
    assert_same(everything, b[::2, ::-1], 1)
    assert_same(everything, b.T, 0)


def test_one_dimension_and_empty():
    a = np.array([3.0, np.nan, 1.0, np.nan, 3.0])
    assert_same(everything, a, 0)
    assert_same(everything, a, -1)
    assert_same(everything, np.zeros((0, 3)), 0)
    assert_same(everything, np.zeros((0, 3)), 1)
    assert_same(everything, np.zeros((3, 0), np.int64), 0)
    assert_same(everything, np.zeros((2, 0, 2)), 2)


def test_bad_axis_raises_numpy_axis_error():
    a = sample((2, 3), np.int64)
    for k in (2, -3, 7):
        assert_same(everything, a, k)
        assert_same(lambda x, k: np.unique(x, axis=k), a, k)
    assert_same(everything, np.arange(4), 1)


@settings(max_examples=60, deadline=None)
@given(
    hnp.arrays(
        np.int64, hnp.array_shapes(min_dims=2, max_dims=3, max_side=5), elements=st.integers(-2, 2)
    ),
    st.integers(-3, 2),
)
def test_random_small_int_arrays(a, k):
    assert_same(everything, a, k)


def test_refusals():
    def complex_rows(a):
        return np.unique(a, axis=0)

    def float_axis(a):
        return np.unique(a, axis=1.5)

    a = np.ones((2, 2))
    msg = assert_diagnostic(
        compile_error(complex_rows, a + 1j), complex_rows, "np.unique(a, axis=0)",
        oxjit.errors.UnsupportedError,
    )  # fmt: skip
    assert "complex128 items is not supported" in msg, msg
    msg = assert_diagnostic(
        compile_error(float_axis, a), float_axis, "np.unique(a, axis=1.5)",
        oxjit.errors.TypingError,
    )  # fmt: skip
    assert "axis must be an integer, not float64" in msg, msg


def test_no_leaks():
    from test_nrt import assert_no_leak

    a = sample((4, 3), np.float64)
    assert_no_leak(everything, a, 1)
    assert_no_leak(plain0, a)
    assert_no_leak(inverse_only, a.T)

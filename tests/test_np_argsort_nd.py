"""`np.argsort` and `a.argsort()` of arrays of several dimensions (along the last axis, each
row sorted stably into a C array of indices), compiled, against NumPy; and
`np.take_along_axis` with them, as Numba's list has it."""

import numpy as np
import pytest
from conftest import assert_same

DTYPES = [np.bool_, np.int8, np.uint8, np.int16, np.uint16, np.int32, np.uint32, np.int64,
          np.uint64, np.float32, np.float64, np.complex128]  # fmt: skip


def argsort(a):
    return np.argsort(a, kind="stable")


def argsort_last(a):
    return a.argsort(axis=-1, kind="stable")


def sorted_along(a):
    return np.take_along_axis(a, np.argsort(a, axis=1, kind="stable"), 1)


def sample(shape, dtype, seed=0):
    rng = np.random.default_rng(seed)
    a = rng.integers(-3, 4, shape).astype(dtype)
    if np.dtype(dtype).kind == "f":
        a.flat[::4] = np.nan
    return a


@pytest.mark.parametrize("dtype", DTYPES)
def test_rows_of_each_dtype(dtype):
    assert_same(argsort, sample((3, 7), dtype))
    assert_same(argsort_last, sample((2, 3, 5), dtype))


def test_layouts_and_empty_rows():
    a = sample((4, 6, 5), np.float64, seed=2)
    assert_same(argsort, np.asfortranarray(a))
    assert_same(argsort, a[::-1, 1::2, ::-2])
    assert_same(argsort, np.zeros((3, 0)))
    assert_same(argsort, np.zeros((0, 3)))


def test_take_along_axis_of_the_order():
    assert_same(sorted_along, sample((5, 6), np.float64, seed=4))
    assert_same(sorted_along, sample((3, 4), np.int32, seed=5))

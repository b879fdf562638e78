"""`key in a` of arrays (NumPy's `(a == key).any()`: integers compared exactly, others in
their common type, NaN found nowhere), and `np.asarray(a, dtype)` and the scalar types called
on arrays (`np.float32(a)`): the array itself in its own dtype, a copy in another (in the
array's memory order); compiled, against NumPy."""

import numpy as np
import pytest
from conftest import assert_same

DTYPES = [np.bool_, np.int8, np.uint8, np.int16, np.uint16, np.int32, np.uint32, np.int64,
          np.uint64, np.float32, np.float64, np.complex64, np.complex128]  # fmt: skip


def contains(a, key):
    return key in a


def not_contains(a, key):
    return key not in a


@pytest.mark.parametrize("dtype", DTYPES)
def test_keys_of_each_kind(dtype):
    a = np.array([[0, 1, 2], [3, 250, 7]]).astype(dtype)
    for key in (0, 1, 7, 9, -6, 250, 2.0, 2.5, True, 1 + 0j, float("nan")):
        assert_same(contains, a, key)
    assert_same(not_contains, a, 3)


def test_edge_values_and_layouts():
    a = np.array([np.nan, -0.0, np.inf, 1.5])
    for key in (0.0, -0.0, np.inf, float("nan"), 1.5, np.float32(1.5)):
        assert_same(contains, a, key)
    big = np.array([2**63 - 1, -(2**63)], dtype=np.int64)
    assert_same(contains, big, 2**63 - 1)
    assert_same(contains, big, -1)
    u = np.array([2**64 - 1], dtype=np.uint64)
    assert_same(contains, u, -1)
    m = np.arange(12.0).reshape(3, 4)
    assert_same(contains, m.T, 5.0)
    assert_same(contains, m[:, ::3], 5.0)
    assert_same(contains, np.zeros((0, 3)), 0.0)


def asarray(a, dtype):
    return np.asarray(a, dtype)


def asarray_keyword(a):
    return np.asarray(a, dtype=np.float32)


@pytest.mark.parametrize(
    "dtype", [np.int8, np.int64, np.uint16, np.float32, np.float64, np.complex128, np.bool_]
)
def test_asarray_with_a_dtype(dtype):
    a = np.array([[1.5, -2.0, 0.0], [3.0, 4.25, 7.0]])
    assert_same(asarray, a, dtype)
    assert_same(asarray, np.asfortranarray(a), dtype)
    assert_same(asarray, a[:, ::2], dtype)
    assert_same(asarray_keyword, a.astype(np.int32))
    assert_same(asarray, a, np.float64)


def scalar_types_of_arrays(a):
    return np.float64(a), np.int32(a), np.float32(a), np.uint8(a), np.complex128(a), np.bool_(a)


def same_dtype_is_the_array(a):
    return np.float64(a)


def test_scalar_types_called_on_arrays():
    a = np.array([[1.5, -2.0, 0.0], [3.0, 4.25, 7.0]])
    assert_same(scalar_types_of_arrays, a)
    assert_same(scalar_types_of_arrays, np.asfortranarray(a))
    assert_same(scalar_types_of_arrays, a[:, ::-2])
    assert_same(same_dtype_is_the_array, a)
    assert_same(same_dtype_is_the_array, np.arange(5))

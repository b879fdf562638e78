"""Advanced indexing mixed with basic indices (`a[:, idx]`, `a[i, idx]`, `a[idx, 1:3]`,
`a[rows, cols]`, `a[mask, 0]`, `a[a[:, 0] > 3]`, `a[..., idx]`), read and assigned, compared with
NumPy exactly: values, dtype, shape (including NumPy's rule that index arrays separated by a
slice put their dimensions first), the array after an assignment, and NumPy's errors."""

import numpy as np
import pytest
from conftest import assert_same


def layouts(a):
    """`a` as C, Fortran and strided (every other column of a wider array) arrays."""
    wide = np.zeros(a.shape[:-1] + (2 * a.shape[-1],), a.dtype)
    wide[..., ::2] = a
    return [a.copy(), np.asfortranarray(a), wide[..., ::2]]


def g_slice_idx(a, idx):
    return a[:, idx]


def g_int_idx(a, idx):
    return a[1, idx]


def g_idx_slice(a, idx):
    return a[idx, 1:3]


def g_idx_int(a, idx):
    return a[idx, -1]


def g_two(a, idx):
    return a[idx, idx[::-1]]


def g_outer(a, idx):
    return a[idx[:, None], idx[None, :]]


def g_mask_rows(a, idx):
    return a[a[:, 0] != 3]


def g_mask_cols(a, idx):
    return a[1:, np.arange(a.shape[1]) % 2 == 0]


def g_mask_int(a, idx):
    return a[np.arange(a.shape[0]) % 2 == 1, 0]


def g_ellipsis(a, idx):
    return a[..., idx]


def g_newaxis(a, idx):
    return a[None, :, idx]


def g_2d_index(a, idx):
    return a[:, idx.reshape(2, -1)]


GETTERS = [g_slice_idx, g_int_idx, g_idx_slice, g_idx_int, g_two, g_outer, g_mask_rows,
           g_mask_cols, g_mask_int, g_ellipsis, g_newaxis, g_2d_index]  # fmt: skip


@pytest.mark.parametrize("f", GETTERS)
@pytest.mark.parametrize("dtype", [np.float64, np.int32, np.complex128, np.bool_])
def test_get_2d(f, dtype):
    base = (np.arange(4 * 6).reshape(4, 6) * 7 % 11).astype(dtype)
    idx = np.array([0, -1, 2, 2])
    for a in layouts(base):
        assert_same(f, a, idx)


def g3_int_slice_idx(a, idx):
    return a[1, :, idx]  # separated: index dimensions first


def g3_slice_int_idx(a, idx):
    return a[:, 1, idx]  # adjacent: in place


def g3_idx_slice_int(a, idx):
    return a[idx, :, 1]  # separated


def g3_none_int_idx(a, idx):
    return a[None, 1, idx]


def g3_idx_none_idx(a, idx):
    return a[idx, None, idx]


def g3_middle(a, idx):
    return a[:, idx, :]


def g3_ellipsis_first(a, idx):
    return a[idx, ...]


def g3_rows(a, idx):
    return a[idx]


def g3_none_int_slice_idx(a, idx):
    return a[None, 1, :, idx]  # separated, the first advanced entry after a new axis


def g4_slice_int_slice_idx(a, idx):
    return a[:, 1, :, idx]


def test_get_4d_separated():
    """Index dimensions first where the advanced entries are separated, even when the first of
    them comes after basic indices."""
    a = np.arange(2 * 3 * 4 * 5, dtype=np.float64).reshape(2, 3, 4, 5)
    for x in layouts(a):
        assert_same(g4_slice_int_slice_idx, x, np.array([4, 0, -1]))
        assert_same(g3_none_int_slice_idx, x[0], np.array([4, 0, -1]))


GETTERS_3D = [g3_rows, g3_int_slice_idx, g3_slice_int_idx, g3_idx_slice_int, g3_none_int_idx,
              g3_idx_none_idx, g3_middle, g3_ellipsis_first, g_ellipsis]  # fmt: skip


@pytest.mark.parametrize("f", GETTERS_3D)
def test_get_3d(f):
    base = np.arange(3 * 4 * 5, dtype=np.float64).reshape(3, 4, 5)
    for a in layouts(base):
        assert_same(f, a, np.array([2, 0, -1]))
        assert_same(f, a, np.array([], dtype=np.int64))


@pytest.mark.parametrize("dtype", [np.int8, np.uint16, np.int32, np.int64, np.uint64])
def test_index_dtypes(dtype):
    a = np.arange(20.0).reshape(4, 5)
    assert_same(g_slice_idx, a, np.array([4, 0, 3], dtype=dtype))
    assert_same(g_two, a, np.array([3, 0, 1], dtype=dtype))


def s_slice_idx(a, idx, x):
    a[:, idx] = x
    return a


def s_int_idx(a, idx, x):
    a[1, idx] = x


def s_two(a, idx, x):
    a[idx, idx[::-1]] = x


def s_rows(a, idx, x):
    a[idx] = x


def s_mask_rows(a, idx, x):
    a[a[:, 0] != 4] = x


def s_int_slice_idx3(a, idx, x):
    a[1, :, idx] = x


@pytest.mark.parametrize("f", [s_slice_idx, s_int_idx, s_two, s_rows, s_mask_rows])
def test_set_2d(f):
    base = np.arange(4 * 4, dtype=np.float64).reshape(4, 4)
    idx = np.array([3, -4, 1])
    for a in layouts(base):
        assert_same(f, a, idx, 2.5)
        assert_same(f, a, idx, True)
        assert_same(f, a, idx, np.float32(-1.5))
    # Arrays broadcast to the indexed shape, converted to a's dtype (NumPy's error where not).
    for x in [np.arange(3.0), np.arange(4) * 2]:
        assert_same(f, base.copy(), idx, x)
    if f not in (s_int_idx, s_two):  # a 2-d value for a 1-d result: refused when typed
        assert_same(f, base.copy(), idx, np.ones((1, 3), np.int8))
        assert_same(f, base.copy(), idx, np.arange(12.0).reshape(4, 3))


def test_set_3d_separated():
    a = np.zeros((3, 4, 5))
    idx = np.array([0, 4])
    assert_same(s_int_slice_idx3, a, idx, np.arange(8.0).reshape(2, 4))
    assert_same(s_int_slice_idx3, a, idx, np.arange(4.0))
    assert_same(s_int_slice_idx3, a, idx, np.arange(8.0).reshape(4, 2))  # NumPy's error


def test_set_repeated_indices_last_wins():
    a = np.zeros((3, 4))
    assert_same(s_slice_idx, a, np.array([1, 1, -3, 2]), np.arange(12.0).reshape(3, 4))


def s_alias(a, idx, x):
    a[:, idx] = a[0]
    return a


def s_alias_col(a, idx, x):
    a[idx, 0] = a[:, 1]
    return a


def test_set_source_overlaps():
    a = np.arange(16.0).reshape(4, 4)
    assert_same(s_alias, a, np.array([3, 2, 1, 0]), 0)
    assert_same(s_alias_col, a, np.array([3, 2, 1, 0]), 0)


def test_set_integer_array_into_int_array():
    a = np.zeros((3, 5), dtype=np.int16)
    assert_same(s_slice_idx, a, np.array([0, 4]), np.array([[1.9, -2.7]] * 3))
    assert_same(s_rows, a, np.array([2, 0]), np.array([7, 8, 9, 10, 11]))


@pytest.mark.parametrize("bad", [4, -5, 100])
def test_errors_out_of_bounds(bad):
    a = np.arange(12.0).reshape(3, 4)
    idx = np.array([0, bad])
    assert_same(g_slice_idx, a, idx)
    assert_same(g_idx_int, a.T.copy(), idx)
    assert_same(s_slice_idx, a, idx, 1.0)
    assert_same(s_slice_idx, a, idx, np.ones(2))
    # The integer beside an index array is checked too.
    assert_same(g_int_idx, np.arange(4.0).reshape(1, 4), np.array([0, 1]))
    assert_same(g_int_idx, np.zeros((0, 4)), np.array([0]))


def test_errors_shapes():
    a = np.arange(12.0).reshape(3, 4)
    # Index arrays that do not broadcast together.
    assert_same(g_two, a, np.array([0, 1, 2]))  # fine: reversed is the same length
    assert_same(g_outer, a, np.array([0, 1, 2]))
    assert_same(lambda_two_lengths, a, np.array([0, 1, 2]))
    # A mask of the wrong length.
    assert_same(g_mask_cols, np.arange(15.0).reshape(3, 5), None)
    assert_same(mask_too_short, a, np.array([True, False]))
    # A value array that does not broadcast to the result.
    assert_same(s_slice_idx, a, np.array([0, 1]), np.ones(3))
    assert_same(s_slice_idx, a, np.array([0, 1]), np.ones((2, 3)))


def lambda_two_lengths(a, idx):
    return a[idx, idx[:2]]


def mask_too_short(a, m):
    return a[m, 1:]


def test_empty():
    a = np.arange(12.0).reshape(3, 4)
    assert_same(g_slice_idx, a, np.array([], dtype=np.int64))
    assert_same(g_slice_idx, np.zeros((0, 4)), np.array([1, 3]))
    assert_same(g_mask_rows, np.zeros((0, 4)), None)
    assert_same(s_slice_idx, np.zeros((0, 4)), np.array([1, 3]), 1.0)


def take_axis0(a, idx):
    return np.take(a, idx, axis=0)


def take_axis1(a, idx):
    return np.take(a, idx, axis=1)


def take_last(a, idx):
    return np.take(a, idx, axis=-1)


def take_method(a, idx):
    return a.take(idx, axis=1)


@pytest.mark.parametrize("f", [take_axis0, take_axis1, take_last, take_method])
def test_take_axis(f):
    """np.take along an axis: the indices' dimensions replace the axis, in a new C array."""
    base = np.arange(3 * 5 * 4, dtype=np.float64).reshape(3, 5, 4)
    for a in layouts(base) + layouts(base[0]):
        assert_same(f, a, np.array([2, 0, -1, 2]))
        assert_same(f, a, np.array([[1, -2], [0, 0]], dtype=np.int32))
        assert_same(f, a, 1)
        assert_same(f, a, -3)
        assert_same(f, a, np.array([], dtype=np.int64))
        assert_same(f, a, np.array([0, 7]))  # NumPy's IndexError
        assert_same(f, a, 9)
    # A non-empty take from an empty axis; an empty take is fine.
    assert_same(f, np.zeros((2, 0, 0)), np.array([0]))
    assert_same(f, np.zeros((2, 0, 0)), np.array([], dtype=np.int64))


def test_take_axis_1d_and_errors():
    assert_same(take_axis0, np.arange(5.0), np.array([4, -5]))
    # axis=2 of a 2-d array: NumPy's AxisError at compile time, tests/test_np_axis_errors.py

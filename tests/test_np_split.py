"""`np.split`, `np.array_split`, `np.hsplit`, `np.vsplit`, `np.dsplit` (lists of views),
`np.delete`, `np.insert`, `np.resize`, `np.select`, `np.take_along_axis` and `np.extract`,
compared with NumPy: values, dtypes, shapes, layouts, memory shared with the argument, and
NumPy's exceptions (class and message) for bad input."""

import numpy as np
import pytest
from conftest import assert_same


def split_n(a, n):
    return np.split(a, n)


def split_axis1(a, n):
    return np.split(a, n, axis=1)


def split_axis_neg(a, n):
    return np.split(a, n, axis=-1)


def split_axis3(a, n):
    return np.split(a, n, axis=3)


def array_split_n(a, n):
    return np.array_split(a, n)


def array_split_axis1(a, n):
    return np.array_split(a, n, 1)


def hsplit(a, n):
    return np.hsplit(a, n)


def vsplit(a, n):
    return np.vsplit(a, n)


def dsplit(a, n):
    return np.dsplit(a, n)


def split_written(a):
    parts = np.split(a, 2)
    parts[1][0] = -1.0  # a view: the caller's array changes
    return len(parts)


def split_literal_list(a):
    return np.split(a, [1, 3]), np.array_split(a, (2,)), np.split(a, ())


ARRAYS = [
    np.arange(12.0),
    np.arange(24).reshape(4, 6),
    np.asfortranarray(np.arange(24.0).reshape(4, 6)),
    np.arange(48, dtype=np.int32).reshape(4, 6, 2)[:, ::-1],
    np.zeros((0, 4)),
]


@pytest.mark.parametrize("a", ARRAYS, ids=range(len(ARRAYS)))
@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 0, -1])
def test_split_sections(a, n):
    assert_same(split_n, a, n)
    assert_same(array_split_n, a, n)
    if a.ndim > 1:
        assert_same(split_axis1, a, n)
        assert_same(array_split_axis1, a, n)
    assert_same(split_axis_neg, a, n)
    assert_same(split_axis3, a, n)
    assert_same(hsplit, a, n)
    assert_same(vsplit, a, n)
    assert_same(dsplit, a, n)


@pytest.mark.parametrize("a", ARRAYS, ids=range(len(ARRAYS)))
def test_split_indices(a):
    for idx in ([2, 3], [3, 1, 9], [-2], np.array([1, 2, 5]), (0, 0)):
        assert_same(split_n, a, idx)
        assert_same(array_split_n, a, idx)
        assert_same(hsplit, a, idx)
    assert_same(split_literal_list, a)


def test_split_views():
    assert_same(split_written, np.arange(6.0))


# -- delete, insert, resize -----------------------------------------------------------------


def delete(a, obj):
    return np.delete(a, obj)


def insert(a, obj, values):
    return np.insert(a, obj, values)


def resize(a, shape):
    return np.resize(a, shape)


@pytest.mark.parametrize("a", ARRAYS[:4], ids=range(4))
def test_delete(a):
    n = a.size
    for obj in (0, 1, -1, n - 1, n, -n, -n - 1):
        assert_same(delete, a, obj)
    for obj in (np.array([0, 2, 2]), np.array([[1, -1]]), [1, 3], (0,), np.array([n])):
        assert_same(delete, a, obj)
    mask = np.arange(n) % 3 == 0
    assert_same(delete, a, mask)
    assert_same(delete, a, mask[:-1])


def test_delete_empty():
    assert_same(delete, np.zeros(0), 0)


@pytest.mark.parametrize("a", ARRAYS[:4], ids=range(4))
def test_insert(a):
    n = a.size
    for obj in (0, 2, -1, n, -n, n + 1, -n - 1):
        assert_same(insert, a, obj, 7)
        assert_same(insert, a, obj, 2.5)
        assert_same(insert, a, obj, np.array([1.5, -2.0]))
        assert_same(insert, a, obj, [4, 5, 6])


def test_resize():
    for a in ARRAYS:
        for shape in (7, 0, (2, 3), (3, 4, 2), (5,), (2, -1), -1):
            assert_same(resize, a, shape)


# -- select, take_along_axis, extract -------------------------------------------------------


def select(v):
    return np.select([v > 3, v < 2], [v, -v])


def select_default(v, d):
    return np.select([v > 3, v < 2], [v, v * 2], d)


def select_tuple(v, w):
    return np.select((v > 3, w), (v, v + 1))


def select_mismatch(v):
    return np.select([v > 3, v < 2], [v])


def select_not_bool(v):
    return np.select([v > 3, v], [v, v])


def select_broadcast(v, m):
    return np.select([v > 2, m > 5], [m, v])


@pytest.mark.parametrize(
    "v",
    [
        np.arange(6.0),
        np.arange(6, dtype=np.int32),
        np.arange(6, dtype=np.uint8)[::-1],
        np.arange(12.0).reshape(3, 4),
    ],
    ids=range(4),
)
def test_select(v):
    assert_same(select, v)
    for d in (0, 1.5, -3, True, np.float32(2.0), 2j):
        assert_same(select_default, v, d)
    assert_same(select_tuple, v, v < 1)
    assert_same(select_mismatch, v)
    assert_same(select_not_bool, v)


def test_select_broadcast():
    assert_same(select_broadcast, np.arange(4.0), np.arange(12.0).reshape(3, 4))


def take_along(a, idx, axis):
    return np.take_along_axis(a, idx, axis)


def take_along_last(a, idx):
    return np.take_along_axis(a, idx)


def take_along_none(a, idx):
    return np.take_along_axis(a, idx, None)


def take_along_axis0(a, idx):
    return np.take_along_axis(a, idx, 0)


def take_along_axis1(a, idx):
    return np.take_along_axis(a, idx, 1)


def take_along_axis_neg(a, idx):
    return np.take_along_axis(a, idx, -1)


def take_along_axis5(a, idx):
    return np.take_along_axis(a, idx, 5)


def test_take_along_axis():
    rng = np.random.default_rng(3)
    a = rng.normal(size=(4, 5))
    for f in (take_along_axis0, take_along_axis1, take_along_axis_neg, take_along_last):
        assert_same(f, a, np.argsort(a, axis=0 if f is take_along_axis0 else 1))
        assert_same(f, a, np.array([[0, -1, 2]]))
        assert_same(f, a, np.array([[1], [0], [4], [-5]]))
        assert_same(f, a, np.array([[7]]))
        assert_same(f, a, np.zeros((3, 2), np.int64))
        assert_same(f, a, np.zeros((4, 5)))
        assert_same(f, a, np.zeros(3, np.int64))
    assert_same(take_along_axis5, a, np.zeros((1, 1), np.int64))
    b = np.arange(24, dtype=np.int16).reshape(2, 3, 4)
    assert_same(take_along_axis1, b, np.argsort(-b, axis=1))
    assert_same(take_along_axis1, b, np.zeros((2, 5, 1), np.int32))
    v = np.arange(5.0)[::-1]
    assert_same(take_along_axis0, v, np.array([4, 0, -2]))
    assert_same(take_along_none, a, np.array([19, 0, -3]))
    assert_same(take_along_none, a, np.array([20]))
    assert_same(take_along_none, a, np.array([[0]]))
    assert_same(take_along_none, a, np.array([1.0]))


def extract(c, a):
    return np.extract(c, a)


def test_extract():
    a = np.arange(12.0).reshape(3, 4)
    assert_same(extract, a > 4, a)
    assert_same(extract, np.asfortranarray(a) % 3 == 0, a)
    assert_same(extract, np.array([1, 0, 2]), a)
    assert_same(extract, np.ones(13, np.bool_), a)
    assert_same(extract, np.zeros(13, np.bool_), a)


def trim(a):
    return np.trim_zeros(a), np.trim_zeros(a, "f"), np.trim_zeros(a, trim="B")


def trim_bad(a):
    return np.trim_zeros(a, "fx")


def test_trim_zeros():
    for a in (
        np.array([0.0, 0.0, 1.5, 0.0, 2.0, 0.0]),
        np.array([0, 0, 0]),
        np.zeros(0),
        np.array([-0.0, np.nan, 0.0]),
        np.array([3, 0, 1], np.uint8)[::-1],
        np.array([False, True, False]),
    ):
        assert_same(trim, a)
    assert_same(trim_bad, np.ones(2))


def chkfinite(a):
    return np.asarray_chkfinite(a)


def test_asarray_chkfinite():
    for a in (np.arange(4.0), np.array([1.0, np.inf]), np.array([np.nan]), np.arange(3)):
        assert_same(chkfinite, a)


def split_runtime_axis(a, k):
    return np.split(a, 2, axis=k)


def test_unsupported_is_a_clear_error():
    import oxjit

    with pytest.raises(oxjit.errors.TypingError, match="'axis' must be an integer known when"):
        oxjit.njit(split_runtime_axis)(np.arange(4.0), 0)
    with pytest.raises(oxjit.errors.TypingError, match="axis= is not supported yet"):
        oxjit.njit(delete_axis)(np.arange(4.0))


def delete_axis(a):
    return np.delete(a, 1, axis=0)


def vsplit_first(a):
    return np.vsplit(a, 2)[0]


def split_axis2_first(a):
    return np.split(a, 2, axis=2)[0]


def test_split_errors_when_called():
    # The error is NumPy's, raised by the call, also where its result is used.
    assert_same(vsplit_first, np.arange(4.0))
    assert_same(split_axis2_first, np.arange(4.0).reshape(2, 2))

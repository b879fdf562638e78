"""np.where (fused like an operator, and its one-argument form), np.nonzero, boolean masks and
integer index arrays (reading copies, assigning through them), np.sort / a.sort() / np.argsort /
np.unique. Compared with NumPy exactly, or the same exception."""

import numpy as np
import pytest
from conftest import assert_same


def where3(a):
    return np.where(a > 0, a, 0), np.where(a > 0, 1.0, -1.0), np.where(a < 0, a * 2, a - 1)


def where1(a):
    return np.where(a > 0), np.nonzero(a), a.nonzero()


def mask_get(a, m):
    return a[m], a[a > 0.5]


# Functions that assign copy their input first: assert_same runs CPython, then the compiled
# function, on the same arguments.
def mask_set(a, x):
    a = a.copy()
    a[a > 0.5] = x
    return a


def mask_set_values(a, v):
    a = a.copy()
    a[a > 0.5] = v
    return a


def index_get(a, idx):
    return a[idx]


def index_set(a, idx, x):
    a = a.copy()
    a[idx] = x
    return a


def sorts(a):
    return np.sort(a), np.unique(a)


def argsort(a):
    return np.argsort(a), a.argsort()


def sort_in_place(a):
    a = a.copy()
    a.sort()
    return a


rng = np.random.default_rng(11)
VALUES = [
    rng.standard_normal(20),
    rng.standard_normal((4, 5)),
    np.asfortranarray(rng.standard_normal((3, 4))),
    rng.standard_normal((6, 8))[::2, ::3],
    rng.integers(-3, 4, 15),
    rng.integers(0, 5, (3, 4)).astype(np.int32),
    np.array([2.0, np.nan, -1.0, np.inf, 2.0, np.nan, -np.inf]),
]


@pytest.mark.parametrize("a", VALUES, ids=range(len(VALUES)))
def test_where_and_nonzero(a):
    with np.errstate(invalid="ignore"):
        assert_same(where3, a)
        assert_same(where1, a)


@pytest.mark.parametrize("a", VALUES, ids=range(len(VALUES)))
def test_masks(a):
    with np.errstate(invalid="ignore"):
        m = a > 0
        assert_same(mask_get, a, m)
        assert_same(mask_set, a, 9)
        n = int(np.count_nonzero(a > 0.5))
        assert_same(mask_set_values, a.astype(np.float64), np.arange(float(n)))


def test_mask_errors():
    a = np.arange(5.0)
    assert_same(mask_get, a, np.array([True, False]))
    assert_same(mask_set_values, a, np.arange(7.0))


@pytest.mark.parametrize("idx", [[0, 4, 2, 2], [-1, -5], [], [[1, 2], [3, 0]]])
def test_index_arrays(idx):
    a = np.arange(5.0) * 1.5
    ix = np.array(idx, dtype=np.int64)
    assert_same(index_get, a, ix)
    assert_same(index_set, a, ix, -2.0)


def test_index_array_errors():
    a = np.arange(5.0)
    assert_same(index_get, a, np.array([1, 5]))
    assert_same(index_get, a, np.array([-6]))
    assert_same(index_set, a, np.array([7]), 1.0)


@pytest.mark.parametrize("a", VALUES, ids=range(len(VALUES)))
def test_sorting(a):
    assert_same(sorts, a)
    if a.ndim == 1:
        # Distinct values: NumPy's quicksort and oxjit's stable sort agree on the indices.
        b = np.unique(a)[::-1].copy()
        assert_same(argsort, b)
    assert_same(sort_in_place, np.ascontiguousarray(a))


def take_rows(a, idx):
    return a[idx]


def set_rows(a, idx, x):
    a = a.copy()
    a[idx] = x
    return a


@pytest.mark.parametrize(
    "idx", [[2, 0, 0], [-1], [], [[0, 1], [2, -3]]], ids=["repeat", "negative", "empty", "2d"]
)
def test_index_arrays_into_matrices(idx):
    ix = np.array(idx, dtype=np.int64)
    for a in (np.arange(12.0).reshape(3, 4), np.arange(24).reshape(3, 2, 4)[:, :, ::2]):
        assert_same(take_rows, a, ix)
        assert_same(set_rows, a, ix, -1)


def test_index_arrays_into_matrices_errors():
    a = np.arange(12.0).reshape(3, 4)
    assert_same(take_rows, a, np.array([3]))
    assert_same(set_rows, a, np.array([-4]), 0.0)

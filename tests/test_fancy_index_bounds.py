"""Integer-array indexes (`a[idx]`, `a[idx] = v`, `np.take`, `a[i, idx]`) with indices at and
beyond both ends of the axis, compared with NumPy: the gathered values, the items written, and
NumPy's IndexError (class and message, naming the first bad index) where one is outside.

The compiled check is one unsigned compare per index, with the wrap of negative indices on a
side path: these cases cover each side of it (0, n - 1, -1, -n, n, -n - 1, the int64 limits)."""

import numpy as np
import pytest
from conftest import assert_same


def gather(a, idx):
    return a[idx]


def gather_rows(a, idx):
    return a[idx]


def gather_axis1(a, i, idx):
    return a[i, idx]


def scatter(a, idx, v):
    a[idx] = v
    return a


def take(a, idx):
    return np.take(a, idx)


def gather_sum(a, idx):
    s = 0.0
    for x in a[idx]:
        s += x
    return float(s)


N = 7
EDGES = [0, N - 1, -1, -N, 3, -4]
BAD = [N, -N - 1, 2**63 - 1, -(2**63), 100, -100]


@pytest.mark.parametrize("f", [gather, take, gather_sum])
@pytest.mark.parametrize("dtype", [np.int64, np.int32, np.uint8, np.intp])
def test_inside(f, dtype):
    idx = np.array(EDGES, dtype=np.int64)
    if np.dtype(dtype).kind == "u":
        idx = idx[idx >= 0]
    assert_same(f, np.arange(N, dtype=np.float64) * 1.5, idx.astype(dtype))


@pytest.mark.parametrize("f", [gather, take, gather_sum])
@pytest.mark.parametrize("bad", BAD)
@pytest.mark.parametrize("where", [0, 3, 5])
def test_outside(f, bad, where):
    idx = np.array(EDGES, dtype=np.int64)
    idx[where] = bad
    assert_same(f, np.arange(N, dtype=np.float64), idx)


@pytest.mark.parametrize("bad", [None] + BAD)
def test_rows_and_axis1(bad):
    a = np.arange(N * 3, dtype=np.int64).reshape(N, 3)
    idx = np.array(EDGES, dtype=np.int64)
    if bad is not None:
        idx[2] = bad
    assert_same(gather_rows, a, idx)
    assert_same(gather_axis1, a.T.copy(), 1, idx)


@pytest.mark.parametrize("bad", [None] + BAD)
def test_scatter(bad):
    idx = np.array([1, -1, 4, -7], dtype=np.int64)
    if bad is not None:
        idx[3] = bad
    assert_same(scatter, np.zeros(N), idx, 2.5)
    assert_same(scatter, np.zeros(N), idx, np.arange(4.0))


def test_empty_axis():
    assert_same(gather, np.zeros(0), np.array([0]))
    assert_same(gather, np.zeros(0), np.array([-1]))
    assert_same(gather, np.zeros(0), np.array([], dtype=np.int64))

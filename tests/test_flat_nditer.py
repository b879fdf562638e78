"""a.flat (iteration in C order, a.flat[i] reads and writes) and np.nditer (the items in memory
order, as numbers: x.item() works as on NumPy's 0-d items)."""

import numpy as np
import pytest
from conftest import assert_same

LAYOUTS = [
    np.arange(12.0).reshape(3, 4),
    np.asfortranarray(np.arange(12.0).reshape(3, 4)),
    np.arange(24.0).reshape(4, 6)[::2, ::-3],
    np.arange(5),
    np.arange(24.0).reshape(4, 6).T[::2],
    np.arange(60.0).reshape(3, 4, 5)[:, ::-1, ::2],
]


def flat_walk(a):
    out = np.zeros(a.size)
    for k, x in enumerate(a.flat):
        out[k] = x
    return out


def flat_index(a):
    b = a.copy()
    b.flat[1] = -5
    return a.flat[0].item(), a.flat[-1].item(), a.flat[a.size // 2].item(), b


def nditer_walk(a):
    out = np.zeros(a.size)
    for k, x in enumerate(np.nditer(a)):
        out[k] = x.item()
    return out


def flat_error(a):
    return a.flat[100]


@pytest.mark.parametrize("a", LAYOUTS, ids=range(len(LAYOUTS)))
def test_flat_and_nditer(a):
    assert_same(flat_walk, a)
    assert_same(nditer_walk, a)
    assert_same(flat_index, a)
    assert_same(flat_error, a)


# Layouts for the contiguous fast path (items `flat` apart, no division per item): views typed
# with layout A in compiled code that are C-contiguous at run time (the fast path's run-time test),
# and ones that are not; a dimension of one with an odd stride; 1-d reversed and strided views;
# F arrays walked in C order; empty arrays.
MORE = [
    np.arange(12.0).reshape(3, 4)[:, ::1],
    np.arange(24.0).reshape(2, 3, 4)[::1],
    np.lib.stride_tricks.as_strided(np.arange(8.0), shape=(1, 4), strides=(800, 16)),
    np.lib.stride_tricks.as_strided(np.arange(8.0), shape=(4, 1), strides=(8, 0)),
    np.arange(10.0)[::-1],
    np.arange(10, dtype=np.int32)[::3],
    np.asfortranarray(np.arange(24.0).reshape(2, 3, 4)),
    np.zeros((0, 3)),
    np.zeros((3, 0), order="F"),
]


def flat_views(a):
    # A view made in compiled code: layout A, C-contiguous at run time where `a` is.
    v = a[::1]
    s = 0.0
    for x in v.flat:
        s = s * 0.5 + x
    t = 0.0
    for x in np.nditer(v):
        t = t * 0.5 + x.item()
    total = 0.0
    for i in range(v.size):
        total = total * 0.5 + v.flat[i]
    return float(s), float(t), float(total)


def nditer_two(a, b):
    total = 0.0
    for u, v in np.nditer((a, b)):
        total = total * 0.5 + u.item() * v.item()
    return float(total)


def zip_flat(a, b):
    total = 0.0
    for u, v in zip(a.flat, b.flat):
        total = total * 0.5 + u * v
    return float(total)


@pytest.mark.parametrize("a", MORE, ids=range(len(MORE)))
def test_flat_fast_path_layouts(a):
    assert_same(flat_walk, a)
    assert_same(zip_flat, a, a)
    if not a.size:  # np.nditer raises for empty operands (not yet in compiled code)
        return
    assert_same(nditer_walk, a)
    assert_same(flat_index, a)
    assert_same(flat_views, a)
    assert_same(nditer_two, a, a)
    assert_same(nditer_two, a, np.ascontiguousarray(a))
    assert_same(nditer_two, np.asfortranarray(a), a)
    if a.ndim == 2 and a.shape[1]:
        assert_same(nditer_two, a, a[0])  # broadcast: a stride of 0


# Writing through `a.flat[i] = v` in any layout: the item at C-order position i of the caller's
# array (a view's base sees it), the value cast as NumPy's assignment casts it.


def flat_write(a):
    for k in range(a.size):
        a.flat[k] = k * 2 + 1
    a.flat[-1] = -7
    return a


def flat_write_iter(a):
    for k, x in enumerate(a.flat):
        a.flat[k] = x * 3 - k
    return a


def flat_write_out_of_bounds(a):
    a.flat[a.size] = 1
    return a


WRITABLE = [
    np.arange(12.0).reshape(3, 4),
    np.asfortranarray(np.arange(12.0).reshape(3, 4)),
    np.arange(24).reshape(4, 6)[::2, ::-3],
    np.arange(24.0).reshape(4, 6).T[::2],
    np.arange(60, dtype=np.int16).reshape(3, 4, 5)[:, ::-1, ::2],
    np.arange(10, dtype=np.float32)[::-3],
]


@pytest.mark.parametrize("a", WRITABLE, ids=range(len(WRITABLE)))
def test_flat_writes(a):
    assert_same(flat_write, a)
    assert_same(flat_write_iter, a)
    assert_same(flat_write_out_of_bounds, a)


def base_seen(n):
    base = np.zeros((4, 6))
    view = base[1::2, ::-2]
    for k in range(view.size):
        view.flat[k] = k + n
    return base


def test_flat_writes_reach_the_base():
    assert_same(base_seen, 10)

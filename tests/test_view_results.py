"""Views returned by indexing and by functions: their layout (a view that is not contiguous is
never read as if it were) and their references (a view a call returns owns one: `np.real(z)`
returned the array's block unowned, which was then freed twice)."""

import gc

import numpy as np
import pytest
from conftest import assert_same, jitted

M = np.arange(20.0).reshape(4, 5)
T = np.arange(24.0).reshape(2, 3, 4)


def col_sum(m):
    return float(m[..., 0].sum())


def col_copy(m):
    return m[..., 1].copy()


def col_arith(m):
    return m[..., 0] * 2.0 + 1.0


def inner_sum(t):
    return float(t[..., 1].sum()), float(t[1, ..., 2].sum()), float(t[..., 1, :].sum())


def col_np_sum(m):
    return float(np.sum(m[..., -1])), float(np.mean(m[..., 2]))


def row_views(m):
    # Leading integers then whole axes: contiguous rows.
    return float(m[1].sum()), float(m[2, ...].sum()), float(m[3, :].sum())


@pytest.mark.parametrize("fn", [col_sum, col_copy, col_arith, col_np_sum, row_views])
@pytest.mark.parametrize("layout", ["C", "F", "strided"])
def test_ellipsis_views_2d(fn, layout):
    m = {"C": M, "F": np.asfortranarray(M), "strided": np.arange(40.0).reshape(4, 10)[:, ::2]}[
        layout
    ]
    assert_same(fn, m)


def test_ellipsis_views_3d():
    assert_same(inner_sum, T)


def parts(a):
    z = a * (1 + 2j)  # made here: a block of compiled code's own
    return (
        float(np.real(z).sum()),
        float(np.imag(z).sum()),
        float(np.real(z.real).sum()),
        float(z.real.conj().sum()),
    )


def parts_kept(z):
    r = np.real(z)
    i = np.imag(z)
    return r, i


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_parts_of_complex_arrays(dtype):
    a = np.arange(20.0).astype(dtype)
    for _ in range(20):
        assert_same(parts, a)
        # Churn the allocator: a block freed twice shows up here (or in glibc's checks).
        junk = [np.ones(9) for _ in range(20)]
        del junk


def test_parts_returned_share_memory():
    z = np.arange(6.0) * (1 + 2j)
    assert_same(parts_kept, z)


@pytest.mark.requires_jit
def test_parts_free_once():
    from oxjit.runtime import get_allocation_stats

    f = jitted(parts)
    a = np.arange(20.0)
    f(a)
    gc.collect()
    before = get_allocation_stats()
    for _ in range(50):
        f(a)
    after = get_allocation_stats()
    # Each call's temporaries (if any) are freed, each exactly once.
    assert after.alloc - before.alloc == after.free - before.free

"""Whole-array sums, products and means of arrays whose layout is known only at run time are
reduced in NumPy's order: an array that is one block of items (a C array with its axes
permuted, `a.transpose(1, 0, 2)`) as one run in memory order, with NumPy's pairwise summation
over it, so float results match NumPy's bit for bit; other strided views as before. The
results are wrapped in arrays to compare their dtypes."""

import numpy as np
import oxjit
import pytest
from conftest import assert_same


def total(a):
    return np.full(1, np.sum(a))


def method_total(a):
    return np.full(1, a.sum())


def product(a):
    return np.full(1, np.prod(a))


def average(a):
    return np.full(1, a.mean())


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64, np.int32, np.complex128])
def test_permuted_axes_reduce_in_memory_order(dtype):
    rng = np.random.default_rng(5)
    base = rng.normal(0.0, 1.0, (6, 40, 50))
    if np.dtype(dtype).kind == "c":
        base = base + 1j * rng.normal(0.0, 1.0, base.shape)
    a = (base * (1000 if np.dtype(dtype).kind == "i" else 1)).astype(dtype)
    # Dense views (one block: NumPy reduces them as one run), then a strided one.
    views = [a.transpose(1, 0, 2), a.transpose(2, 1, 0), a.transpose(0, 2, 1),
             np.asfortranarray(a).transpose(1, 2, 0)]  # fmt: skip
    if np.dtype(dtype).kind != "c":
        views.append(a[:, ::2, :])
    for v in views:
        for fn in [total, method_total, average][: 2 if np.dtype(dtype).kind == "c" else 3]:
            assert_same(fn, v)
    small = (np.arange(1, 25).reshape(2, 3, 4) / 7).astype(dtype)
    for v in [small.transpose(1, 0, 2), small.transpose(2, 0, 1)]:
        assert_same(product, v)


def view_total(a):
    return np.full(1, a[1:-1, ::2].sum())


def reversed_view_total(a):
    return np.full(1, a[::-1, ::-5].sum())


def deep_view_total(a):
    return np.full(1, a[:, 1:, ::2].sum())


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_strided_views_sum_as_numpy(dtype):
    # Views of up to 8192 items (NumPy's buffer), copied a row at a time by the runtime: many
    # short rows, a few long ones, reversed strides, three axes, empty and one-row views.
    rng = np.random.default_rng(11)
    for shape in [(70, 101), (3, 12001), (900, 9)]:
        a = (rng.random(shape) * 1e4 - 5e3).astype(dtype)
        assert_same(view_total, a)
        assert_same(reversed_view_total, a)
        assert_same(average, a[::2, ::3])
    b = (rng.random((5, 20, 130)) - 0.5).astype(dtype)
    assert_same(deep_view_total, b)
    for shape in [(2, 300), (3, 300), (50, 2), (0, 10)]:
        assert_same(view_total, np.ones(shape, dtype))


def test_long_strided_views_sum_to_numpys_within_rounding():
    # Beyond 8192 items NumPy 2.3+ groups whole rows into its buffer, where the compiled sum
    # fills it to the brim (NumPy's earlier rule): the same sum up to rounding.
    a = np.random.default_rng(12).random((400, 1024))
    got = oxjit.njit(view_total)(a)[0]
    assert abs(got - a[1:-1, ::2].sum()) <= 1e-12 * a.size

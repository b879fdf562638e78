"""Reductions along an axis known only at run time (`a.sum(axis=k)`, `np.mean(a, axis=k)`,
`np.add.reduce(a, axis=k)`...), compared with NumPy exactly: every axis (negative ones too) of
1-3 dimensional arrays, every dtype, C/F/strided layouts, keepdims, and NumPy's AxisError for an
axis outside the dimensions."""

import numpy as np
import pytest
from conftest import assert_same

DTYPES = [np.bool_, np.int8, np.uint8, np.int16, np.uint32, np.int64, np.uint64, np.float32,
          np.float64, np.complex128]  # fmt: skip


def sample(shape, dtype, seed=0):
    rng = np.random.default_rng(seed)
    if dtype is np.bool_:
        return rng.integers(0, 2, size=shape).astype(dtype)
    x = rng.integers(1, 9, size=shape).astype(dtype)
    if np.issubdtype(dtype, np.inexact):
        x = x + rng.random(size=shape).astype(dtype) / 3
    return x


def layouts(shape, dtype):
    a = sample(shape, dtype)
    big = sample(tuple(2 * n for n in shape), dtype, seed=1)
    return [a, np.asfortranarray(a), big[tuple(slice(None, None, 2) for _ in shape)]]


def r_sum(a, k):
    return a.sum(axis=k)


def r_prod(a, k):
    return np.prod(a, axis=k)


def r_max(a, k):
    return a.max(axis=k)


def r_min(a, k):
    return np.min(a, k)


def r_argmax(a, k):
    return a.argmax(axis=k)


def r_argmin(a, k):
    return np.argmin(a, axis=k)


def r_all(a, k):
    return a.all(axis=k)


def r_any(a, k):
    return np.any(a, axis=k)


def r_mean(a, k):
    return np.mean(a, axis=k)


def r_std(a, k):
    return a.std(axis=k)


def r_var(a, k):
    return np.var(a, axis=k, ddof=1)


def r_cumsum(a, k):
    return np.cumsum(a, axis=k)


def r_cumprod(a, k):
    return a.cumprod(axis=k)


def r_sum_keepdims(a, k):
    return a.sum(axis=k, keepdims=True)


def r_max_keepdims(a, k):
    return np.max(a, axis=k, keepdims=True)


def r_ufunc_reduce(a, k):
    return np.add.reduce(a, axis=k)


def r_ufunc_reduce_generic(a, k):
    return np.bitwise_or.reduce(a, axis=k)


def r_ufunc_accumulate(a, k):
    return np.maximum.accumulate(a, axis=k)


REAL_ONLY = {r_max, r_min, r_argmax, r_argmin, r_max_keepdims, r_ufunc_accumulate}
NO_COMPLEX_AXIS = {r_mean, r_std, r_var}
REDUCTIONS = [r_sum, r_prod, r_max, r_min, r_argmax, r_argmin, r_all, r_any, r_mean, r_std,
              r_var, r_cumsum, r_cumprod, r_sum_keepdims, r_max_keepdims, r_ufunc_reduce,
              r_ufunc_accumulate]  # fmt: skip


def wrap(fn):
    """1-d reductions give numbers: compared in an array of their dtype."""

    def wrapped(a, k):
        return np.full(1, fn(a, k))

    return wrapped


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("fn", REDUCTIONS, ids=lambda f: f.__name__)
def test_run_time_axis(fn, dtype):
    if dtype is np.complex128 and (fn in REAL_ONLY or fn in NO_COMPLEX_AXIS):
        return
    if dtype is np.bool_ and fn in (r_mean, r_std, r_var):
        return
    for shape in [(3, 4), (2, 3, 4)]:
        for a in layouts(shape, dtype):
            for k in range(-len(shape), len(shape)):
                assert_same(fn, a, k)
            assert_same(fn, a, len(shape))  # AxisError
            assert_same(fn, a, -len(shape) - 1)  # AxisError


def r_sum_1d(a, k):
    return np.full(1, a.sum(axis=k))


def r_argmax_1d(a, k):
    return np.full(1, a.argmax(axis=k))


def r_generic_1d(a, k):
    return np.full(1, np.bitwise_xor.reduce(a, axis=k))


@pytest.mark.parametrize("dtype", [np.int8, np.uint64, np.float32, np.float64])
def test_run_time_axis_1d(dtype):
    for a in layouts((7,), dtype):
        for k in (0, -1, 1, -2):
            assert_same(r_sum_1d, a, k)
            assert_same(r_argmax_1d, a, k)
            assert_same(r_cumsum, a, k)
    for k in (0, -1, 3):
        assert_same(r_generic_1d, sample(6, np.int16), k)


@pytest.mark.parametrize("dtype", [np.int16, np.int64, np.uint8])
def test_run_time_axis_generic_reduce(dtype):
    for a in layouts((3, 4), dtype) + layouts((2, 3, 4), dtype):
        for k in range(-a.ndim, a.ndim + 1):
            assert_same(r_ufunc_reduce_generic, a, k)


def test_float_sums_keep_numpys_order():
    rng = np.random.default_rng(7)
    a = rng.random((50, 300)) * 10.0 ** rng.integers(-6, 6, (50, 300))
    for b in (a, np.asfortranarray(a), a[::2, ::3], a.T):
        for k in (0, 1, -1):
            assert_same(r_sum, b, k)
            assert_same(r_mean, b, k)
            assert_same(r_ufunc_reduce, b, k)


def r_in_loop(a):
    out = 0.0
    for k in range(a.ndim):
        out += a.sum(axis=k).sum()
    return np.full(1, out)


def test_axis_from_a_loop():
    assert_same(r_in_loop, np.arange(24.0).reshape(2, 3, 4))

"""`np.transpose(a, axes)` / `a.transpose(*axes)` (views, compared with NumPy exactly: values,
dtype, layout flags, memory sharing) and reductions over a tuple of axes (`np.sum(a, axis=(1,
2))`, `max`/`min`/`prod`/`all`/`any`/`mean`/`std`/`var`, keepdims), with NumPy's errors.

Float sums over several axes are compared on integer-valued floats: oxjit reduces one axis after
another (as Numba does), NumPy in one pass, so other floats may round differently in the last
bits."""

import warnings

import numpy as np
import oxjit
import pytest
from conftest import assert_diagnostic, assert_same, compile_error


def sample(shape, dtype=np.float64):
    n = int(np.prod(shape))
    values = np.arange(1, n + 1) * 7 % 13
    return values.astype(dtype).reshape(shape)


def layouts(shape, dtype=np.float64):
    a = sample(shape, dtype)
    wide = np.zeros(shape[:-1] + (2 * shape[-1],), dtype=dtype)
    wide[..., ::2] = a
    return [a, np.asfortranarray(a), wide[..., ::2], a[::-1]]


# ------------------------------------------------------------------------------------------------
# transpose with axes


def transpose_kw(a):
    return np.transpose(a, axes=(1, 0, 2))


def transpose_pos(a):
    return np.transpose(a, (2, 0, -2))


def transpose_none(a):
    return np.transpose(a, None)


def method_items(a):
    return a.transpose(1, 2, 0)


def method_tuple(a):
    return a.transpose((2, 1, 0))


def method_same(a):
    return a.transpose(0, 1, 2)


def transpose_copy_write(a):
    t = np.transpose(a, axes=(1, 0, 2)).copy()
    t[0, 0, 0] = -1.0
    return t, a


def transpose_2d(a):
    return a.transpose(1, 0), np.transpose(a, (0, 1))


def transpose_1d(a):
    return np.transpose(a, (0,)), a.transpose(-1)


@pytest.mark.parametrize("dtype", [np.int32, np.float64, np.complex128, np.bool_])
def test_transpose_axes(dtype):
    for a in layouts((2, 3, 4), dtype) + [sample((0, 3, 2), dtype), sample((1, 4, 1), dtype)]:
        for fn in (transpose_kw, transpose_pos, transpose_none, method_items, method_tuple,
                   method_same):  # fmt: skip
            assert_same(fn, a)


def test_transpose_axes_small():
    for a in layouts((3, 4)):
        assert_same(transpose_2d, a)
    for a in layouts((5,)):
        assert_same(transpose_1d, a)
    assert_same(transpose_copy_write, sample((2, 3, 4)))


def transpose_short(a):
    return np.transpose(a, (1, 0))


def transpose_repeated(a):
    return a.transpose(1, 1, 0)


def transpose_out(a):
    return np.transpose(a, axes=(0, 1, 3))


def transpose_float(a):
    return np.transpose(a, (1.0, 0, 2))


def transpose_extra(a):
    return np.transpose(a, 1, 0, 2)


def transpose_run_time(a, k):
    return np.transpose(a, (k, 0, 2))


@pytest.mark.requires_jit
def test_transpose_axes_errors():
    a = sample((2, 3, 4))
    typing, unsupported = oxjit.errors.TypingError, oxjit.errors.UnsupportedError
    cases = [
        (transpose_short, (a,), "np.transpose(a, (1, 0))", typing, "axes don't match array"),
        (transpose_repeated, (a,), "a.transpose(1, 1, 0)", typing, "repeated axis in transpose"),
        (transpose_out, (a,), "np.transpose(a, axes=(0, 1, 3))", typing,
         "axis 3 is out of bounds for array of dimension 3"),
        (transpose_float, (a,), "np.transpose(a, (1.0, 0, 2))", typing,
         "cannot be interpreted as an integer"),
        (transpose_extra, (a,), "np.transpose(a, 1, 0, 2)", typing,
         "transpose() takes from 1 to 2 positional arguments but 4 were given"),
        (transpose_run_time, (a, 1), "np.transpose(a, (k, 0, 2))", unsupported,
         "the axes must be constant integers"),
    ]  # fmt: skip
    for fn, args, snippet, cls, text in cases:
        msg = assert_diagnostic(compile_error(fn, *args), fn, snippet, cls)
        assert text in msg, msg
    # NumPy raises the same (as ValueError/AxisError/TypeError) for each.
    for fn, args, *_ in cases[:-1]:
        with pytest.raises((ValueError, TypeError)):
            fn(*args)


# ------------------------------------------------------------------------------------------------
# reductions over a tuple of axes


def sum_123(a):
    return np.sum(a, axis=(1, 2, 3))


def sum_02(a):
    return a.sum(axis=(0, 2))


def sum_neg_keep(a):
    return np.sum(a, axis=(-1, 0), keepdims=True)


def sum_all(a):
    # (a scalar comes back as a Python number, as from Numba: compared as an array)
    return np.full(1, np.sum(a, axis=(0, 1, 2))), np.full(1, a.max(axis=(2, 0, 1)))


def sum_one(a):
    return np.sum(a, axis=(1,))


def max_12(a):
    return np.max(a, axis=(1, 2))


def min_01_keep(a):
    return a.min(axis=(0, 1), keepdims=True)


def prod_02(a):
    return np.prod(a, axis=(0, 2))


def all_any(a):
    return np.all(a, axis=(0, 2)), np.any(a > 3, axis=(1, 2))


def mean_12(a):
    return np.mean(a, axis=(1, 2))


def mean_20_keep(a):
    return a.mean(axis=(2, 0), keepdims=True)


def sum_dtype(a):
    return np.sum(a, axis=(0, 1), dtype=np.float64)


REDUCTIONS = [sum_02, sum_neg_keep, sum_all, sum_one, max_12, min_01_keep, prod_02, all_any,
              mean_12, mean_20_keep, sum_dtype]  # fmt: skip


@pytest.mark.parametrize("dtype", [np.int8, np.int32, np.uint16, np.int64, np.float32,
                                   np.float64, np.bool_])  # fmt: skip
def test_reduce_axes(dtype):
    for a in layouts((3, 2, 4), dtype) + [sample((1, 2, 1), dtype)]:
        for fn in REDUCTIONS:
            assert_same(fn, a)


def test_reduce_axes_4d_5d():
    for a in layouts((2, 3, 2, 5)):
        assert_same(sum_123, a)
        assert_same(mean_12, a)
    # conv2d of npbench: the product of a window and the weights, summed over three axes.
    x = sample((2, 3, 3, 2, 1)) * sample((1, 3, 3, 2, 4))
    assert_same(sum_123, x)


def test_reduce_axes_empty():
    e = sample((2, 0, 3))
    for fn in (sum_02, sum_neg_keep, sum_all, prod_02, all_any, mean_12):
        assert_same(fn, e)
    assert_same(max_12, e)  # NumPy's ValueError: zero-size array to reduction operation


def sum_dup(a):
    return np.sum(a, axis=(0, 0))


def sum_out(a):
    return np.sum(a, axis=(0, 3))


def argmax_tuple(a):
    return np.argmax(a, axis=(0, 1))


def cumsum_tuple(a):
    return np.cumsum(a, axis=(0, 1))


def sum_run_time(a, k):
    return np.sum(a, axis=(0, k))


@pytest.mark.requires_jit
def test_reduce_axes_errors():
    a = sample((2, 3, 4))
    typing, unsupported = oxjit.errors.TypingError, oxjit.errors.UnsupportedError
    cases = [
        (sum_dup, (a,), "np.sum(a, axis=(0, 0))", typing, "duplicate value in 'axis'"),
        (sum_out, (a,), "np.sum(a, axis=(0, 3))", typing,
         "axis 3 is out of bounds for array of dimension 3"),
        (argmax_tuple, (a,), "np.argmax(a, axis=(0, 1))", typing,
         "'tuple' object cannot be interpreted as an integer"),
        (cumsum_tuple, (a,), "np.cumsum(a, axis=(0, 1))", typing,
         "'tuple' object cannot be interpreted as an integer"),
        (sum_run_time, (a, 1), "np.sum(a, axis=(0, k))", unsupported,
         "a tuple axis must be constant integers"),
    ]  # fmt: skip
    for fn, args, snippet, cls, text in cases:
        msg = assert_diagnostic(compile_error(fn, *args), fn, snippet, cls)
        assert text in msg, msg
    for fn, args, *_ in cases[:4]:
        with pytest.raises((ValueError, TypeError)):
            fn(*args)


# ------------------------------------------------------------------------------------------------
# std and var over a tuple of axes
#
# The reduced groups hold 4, 8 or 16 small integers here: their means and squared deviations are
# exact binary fractions, so the sums are exact in any order and the results are NumPy's to the
# bit (other data may differ in the last bits, as the sums above).


def std_02(a):
    return np.std(a, axis=(0, 2))


def var_neg_keep(a):
    return a.var(axis=(-1, 0), keepdims=True)


def std_ddof(a):
    return a.std(axis=(2, 0), ddof=1), np.var(a, (0, 2), None, None, 2)


def var_one(a):
    # one axis: the plain reduction, NumPy's exactly
    return np.var(a, axis=(1,)), a.std(axis=(-2,), keepdims=True)


def std_all(a):
    # all the axes: the whole array's, a number
    return np.full(1, np.std(a, axis=(0, 1, 2))), np.full(1, a.var(axis=(2, 0, 1), ddof=1))


def std_4d(a):
    return np.std(a, axis=(0, 1)), a.var(axis=(0, 3)), np.std(a, axis=(0, 1, 3), keepdims=True)


@pytest.mark.parametrize("dtype", [np.int8, np.int64, np.uint16, np.float32, np.float64, np.bool_])
def test_std_var_axes(dtype):
    for a in layouts((2, 3, 4), dtype) + layouts((4, 3, 2), dtype):
        for fn in (std_02, var_neg_keep, std_ddof, var_one):
            assert_same(fn, a)
    for a in layouts((2, 2, 3, 4), dtype):
        assert_same(std_4d, a)
    for a in layouts((2, 2, 4), dtype):
        assert_same(std_all, a)


def test_std_var_axes_empty():
    assert_same(std_02, sample((2, 0, 4)))  # nothing to reduce into
    with warnings.catch_warnings():
        # NumPy's nan (0 / 0) where nothing is reduced, with RuntimeWarnings compiled code lacks.
        warnings.simplefilter("ignore", RuntimeWarning)
        assert_same(std_02, sample((0, 3, 4)))
        assert_same(var_neg_keep, sample((0, 3, 4)))


def std_complex(a):
    return np.std(a, axis=(0, 2))


def std_tuple_run_time(a, k):
    return np.std(a, axis=(0, k))


@pytest.mark.requires_jit
def test_std_var_axes_errors():
    a = sample((2, 3, 4))
    typing, unsupported = oxjit.errors.TypingError, oxjit.errors.UnsupportedError
    cases = [
        (std_complex, (a.astype(np.complex128),), "np.std(a, axis=(0, 2))",
         "complex128 arrays over a tuple of axes is not supported yet"),
        (std_tuple_run_time, (a, 1), "np.std(a, axis=(0, k))",
         "a tuple axis must be constant integers"),
    ]  # fmt: skip
    for fn, args, snippet, text in cases:
        msg = assert_diagnostic(compile_error(fn, *args), fn, snippet, unsupported)
        assert text in msg, msg
    with pytest.raises(ValueError, match="duplicate value in 'axis'"):
        np.std(a, axis=(0, 0))
    msg = assert_diagnostic(compile_error(var_dup, a), var_dup, "a.var(axis=(2, -1))", typing)
    assert "duplicate value in 'axis'" in msg, msg


def var_dup(a):
    return a.var(axis=(2, -1))

"""Methods of NumPy's ufuncs compiled (`np.add.reduce`, `np.maximum.accumulate`,
`np.multiply.outer`, `np.add.at`), compared with NumPy exactly (values, dtypes, layouts):
every dtype, 1-3 dimensions, C/F/strided layouts, axis None/int/tuple/negative, keepdims,
initial, empty arrays, NumPy's errors, and what is refused at compile time."""

import numpy as np
import oxjit
import pytest
from conftest import assert_same, compile_error

DTYPES = [np.bool_, np.int8, np.uint8, np.int16, np.uint16, np.int32, np.uint32, np.int64,
          np.uint64, np.float32, np.float64, np.complex128]  # fmt: skip


def sample(shape, dtype, seed=0):
    rng = np.random.default_rng(seed)
    if dtype is np.bool_:
        return rng.integers(0, 2, size=shape).astype(dtype)
    x = rng.integers(1, 9, size=shape).astype(dtype)
    if np.issubdtype(dtype, np.inexact):
        x = x + rng.random(size=shape).astype(dtype) / 3
    return x


def layouts(shape, dtype):
    """The same items as a C array, an F array and a strided view."""
    a = sample(shape, dtype)
    big = sample(tuple(2 * n for n in shape), dtype, seed=1)
    strided = big[tuple(slice(None, None, 2) for _ in shape)]
    return [a, np.asfortranarray(a), strided]


def add_reduce(a):
    return np.add.reduce(a)


def add_reduce_1d(a):
    return np.full(1, np.add.reduce(a))


def multiply_reduce(a):
    return np.multiply.reduce(a, axis=-1)


def subtract_reduce(a):
    return np.subtract.reduce(a)


def maximum_reduce(a):
    return np.maximum.reduce(a, axis=1)


def minimum_reduce(a):
    return np.minimum.reduce(a, 0)


def fmax_reduce(a):
    return np.fmax.reduce(a, axis=1)


def hypot_reduce(a):
    return np.hypot.reduce(a, axis=0)


def logical_and_reduce(a):
    return np.logical_and.reduce(a, axis=1)


def logical_or_reduce(a):
    return np.logical_or.reduce(a, axis=0)


def bitwise_or_reduce(a):
    return np.bitwise_or.reduce(a, axis=1)


def bitwise_and_reduce(a):
    return np.bitwise_and.reduce(a, axis=0)


def bitwise_xor_reduce(a):
    return np.bitwise_xor.reduce(a, axis=1)


def divide_reduce(a):
    return np.divide.reduce(a, axis=1)


def floor_divide_reduce(a):
    return np.floor_divide.reduce(a, axis=0)


def power_reduce(a):
    return np.power.reduce(a, axis=1)


REDUCERS = [add_reduce, multiply_reduce, subtract_reduce, maximum_reduce, minimum_reduce,
            fmax_reduce, hypot_reduce, logical_and_reduce, logical_or_reduce, bitwise_or_reduce,
            bitwise_and_reduce, bitwise_xor_reduce, divide_reduce, floor_divide_reduce,
            power_reduce]  # fmt: skip


def numpy_refuses(fn, *args):
    """Whether NumPy has no loop for these dtypes (TypeError), or computes in float16, which
    oxjit refuses at compile time."""
    try:
        r = fn(*args)
    except TypeError:
        return True
    return getattr(r, "dtype", None) == np.float16


def same_or_refused(fn, *args):
    """NumPy's result, or, where NumPy has no loop for the dtype (TypeError), a compile-time
    refusal."""
    if numpy_refuses(fn, *args):
        assert isinstance(compile_error(fn, *args), oxjit.errors.CompilerError)
    else:
        assert_same(fn, *args)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("fn", REDUCERS, ids=lambda f: f.__name__)
def test_reduce_dtypes_layouts(fn, dtype):
    if dtype is np.complex128 and fn in (hypot_reduce, fmax_reduce, maximum_reduce, minimum_reduce):
        assert isinstance(compile_error(fn, sample((3, 4), dtype)), oxjit.errors.CompilerError)
        return
    for a in layouts((3, 4), dtype):
        same_or_refused(fn, a)


@pytest.mark.parametrize("dtype", DTYPES)
def test_add_reduce_1d_3d(dtype):
    for a in layouts((7,), dtype):
        assert_same(add_reduce_1d, a)
    for a in layouts((2, 3, 4), dtype):
        assert_same(add_reduce, a)


def reduce_axes(a, k):
    return np.add.reduce(a, axis=k)


def reduce_none(a):
    return np.full(1, np.multiply.reduce(a, axis=None))


def reduce_tuple(a):
    return np.full(1, np.maximum.reduce(a, axis=(0, 1, 2)))


def reduce_tuple_one(a):
    return np.bitwise_or.reduce(a, axis=(1,))


def reduce_keepdims(a):
    return np.add.reduce(a, axis=1, keepdims=True)


def reduce_keepdims_generic(a):
    return np.subtract.reduce(a, axis=2, keepdims=True)


def reduce_keepdims_none(a):
    return np.bitwise_xor.reduce(a, axis=None, keepdims=True)


def reduce_initial(a, x):
    return np.subtract.reduce(a, axis=1, initial=x)


def reduce_initial_max(a, x):
    return np.maximum.reduce(a, axis=0, initial=x)


def reduce_dtype(a):
    return np.add.reduce(a, axis=0, dtype=np.float64)


@pytest.mark.parametrize("dtype", [np.int8, np.uint16, np.int64, np.float32, np.float64])
def test_reduce_options(dtype):
    for a in layouts((2, 3, 4), dtype):
        for k in (0, 1, 2, -1, -3):
            assert_same(reduce_axes, a, k)
        assert_same(reduce_none, a)
        assert_same(reduce_tuple, a)
        assert_same(reduce_keepdims, a)
        assert_same(reduce_keepdims_generic, a)
        assert_same(reduce_dtype, a)
        assert_same(reduce_initial, a, 5)
        assert_same(reduce_initial_max, a, 7)
        if dtype not in (np.float32, np.float64):
            assert_same(reduce_tuple_one, a)
            assert_same(reduce_keepdims_none, a)


def test_float_add_reduce_is_pairwise_like_numpy():
    rng = np.random.default_rng(3)
    for n in (1, 7, 8, 9, 100, 1000, 10001):
        a = rng.random(n) * 10.0 ** rng.integers(-8, 8, n)
        assert_same(add_reduce_1d, a)
        assert_same(add_reduce_1d, a.astype(np.float32))
    b = rng.random((300, 70))
    assert_same(add_reduce, b)
    assert_same(add_reduce, np.asfortranarray(b))
    assert_same(reduce_axes, b, 1)
    assert_same(reduce_axes, b[::2, ::3], 1)


def test_reduce_empty():
    e = np.zeros((0, 3))
    assert_same(add_reduce, e)
    assert_same(subtract_reduce, e)  # ValueError: no identity
    assert_same(minimum_reduce, e)  # ValueError: no identity
    assert_same(hypot_reduce, e)
    assert_same(bitwise_and_reduce, np.zeros((0, 2), np.uint8))
    assert_same(reduce_initial, np.zeros((2, 0)), 4.0)


def accumulate_0(a):
    return np.add.accumulate(a)


def accumulate_1(a):
    return np.multiply.accumulate(a, axis=1)


def accumulate_last(a):
    return np.maximum.accumulate(a, axis=-1)


def accumulate_subtract(a):
    return np.subtract.accumulate(a, 0)


def accumulate_or(a):
    return np.logical_or.accumulate(a, axis=1)


def accumulate_hypot(a):
    return np.hypot.accumulate(a, axis=1)


def accumulate_divide(a):
    return np.divide.accumulate(a, axis=1)


ACCUMULATORS = [accumulate_0, accumulate_1, accumulate_last, accumulate_subtract, accumulate_or,
                accumulate_hypot, accumulate_divide]  # fmt: skip


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("fn", ACCUMULATORS, ids=lambda f: f.__name__)
def test_accumulate_dtypes_layouts(fn, dtype):
    if dtype is np.complex128 and fn in (accumulate_last, accumulate_hypot):
        assert isinstance(compile_error(fn, sample((3, 4), dtype)), oxjit.errors.CompilerError)
        return
    for a in layouts((3, 4), dtype) + layouts((2, 3, 4), dtype):
        same_or_refused(fn, a)


@pytest.mark.parametrize("dtype", DTYPES)
def test_accumulate_1d(dtype):
    for a in layouts((9,), dtype) + [np.zeros(0, dtype)]:
        assert_same(accumulate_0, a)
        assert_same(accumulate_last, a) if dtype is not np.complex128 else None


def test_accumulate_empty_axis():
    assert_same(accumulate_1, np.zeros((3, 0)))
    assert_same(accumulate_0, np.zeros((0, 3), np.int32))


def outer_add(a, b):
    return np.add.outer(a, b)


def outer_multiply(a, b):
    return np.multiply.outer(a, b)


def outer_maximum(a, b):
    return np.maximum.outer(a, b)


def outer_less(a, b):
    return np.less.outer(a, b)


def outer_and(a, b):
    return np.logical_and.outer(a, b)


def outer_subtract(a, b):
    return np.subtract.outer(a, b)


OUTERS = [outer_add, outer_multiply, outer_maximum, outer_less, outer_and, outer_subtract]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("fn", OUTERS, ids=lambda f: f.__name__)
def test_outer(fn, dtype):
    if dtype is np.complex128 and fn in (outer_maximum, outer_less):
        return
    a = sample(4, dtype)
    b = sample(3, dtype, seed=2)
    same_or_refused(fn, a, b)
    same_or_refused(fn, a[::2], b[::-1])
    same_or_refused(fn, sample((2, 3), dtype), b)
    same_or_refused(fn, a, sample((2, 2, 2), dtype))
    same_or_refused(fn, a, sample(3, np.float32))
    same_or_refused(fn, np.zeros(0, dtype), b)


def at_add(a, i, b):
    np.add.at(a, i, b)
    return a


def at_multiply(a, i, b):
    np.multiply.at(a, i, b)


def at_maximum(a, i, b):
    np.maximum.at(a, i, b)


def at_subtract(a, i, b):
    np.subtract.at(a, i, b)


def at_negative(a, i):
    np.negative.at(a, i)


@pytest.mark.parametrize("dtype", [d for d in DTYPES if d is not np.bool_])
def test_at(dtype):
    idx = np.array([0, 2, 2, -1, 0, 0])
    for a in layouts((5,), dtype):
        assert_same(at_add, a, idx, 3)
        assert_same(at_add, a, idx, sample(6, dtype))
        assert_same(at_add, a, idx, sample(1, dtype))
        assert_same(at_add, a, 3, 2)
        assert_same(at_multiply, a, idx, 2)
        assert_same(at_subtract, a, idx.astype(np.int32), 1)
        if dtype is not np.complex128:
            assert_same(at_maximum, a, idx, sample(6, dtype, seed=5))
        if dtype not in (np.uint8, np.uint16, np.uint32, np.uint64):
            assert_same(at_negative, a, idx)


def test_at_wraps_and_casts_like_numpy():
    assert_same(at_add, np.arange(3, dtype=np.int8), np.array([0, 0, 2]), np.int64(100))
    assert_same(at_add, np.zeros(3, np.float32), np.array([1, 1]), 0.1)
    assert_same(at_add, np.array([True, False]), np.array([1, 1]), True)


def test_at_errors():
    a = np.zeros(4)
    assert_same(at_add, a, np.array([1, 4]), 1.0)  # IndexError
    assert_same(at_add, a, np.array([-5]), 1.0)  # IndexError
    assert_same(at_add, a, np.array([0, 1, 2]), np.ones(2))  # ValueError: shape mismatch
    err = compile_error(at_add, np.zeros(3, np.int64), np.array([0]), 0.5)
    assert "same_kind" in str(err)


def reduce_out(a, o):
    return np.add.reduce(a, out=o)


def reduce_where(a):
    return np.add.reduce(a, where=False)


def reduceat(a):
    return np.add.reduceat(a, np.array([0, 2]))


def reduce_all_axes_subtract(a):
    return np.subtract.reduce(a, axis=None)


def reduce_unary(a):
    return np.negative.reduce(a)


def reduce_dtype_other(a):
    return np.subtract.reduce(a, dtype=np.float32)


def reduce_two_of_three(a):
    return np.add.reduce(a, axis=(0, 1))


def test_refused_clearly():
    a = np.ones((2, 3))
    msgs = [
        (reduce_out, (a, np.zeros(3)), "out="),
        (reduce_where, (a,), "where="),
        (reduceat, (np.ones(4),), "reduceat() is not supported"),
        (reduce_all_axes_subtract, (a,), "not reorderable"),
        (reduce_unary, (a,), "only supported for binary functions"),
        (reduce_dtype_other, (a,), "dtype="),
        (reduce_two_of_three, (np.ones((2, 2, 2)),), "one axis or all of them"),
    ]
    for fn, args, text in msgs:
        err = compile_error(fn, *args)
        assert text in str(err), (fn.__name__, str(err))
    # NumPy's own refusal of the same: a ValueError.
    with pytest.raises(ValueError, match="not reorderable"):
        reduce_all_axes_subtract(a)

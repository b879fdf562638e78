"""np.nditer over several operands compiled: `for x, y in np.nditer((a, b))` with broadcasting,
in NumPy's order (C order for C-contiguous operands), every dtype, 1-3 dimensions, mixed dtypes,
NumPy's ValueError for shapes that do not broadcast, F-ordered operands and strided views (whose
order NumPy decides from their strides at run time), and the refusal of op_flags)."""

import numpy as np
import pytest
from conftest import assert_same, compile_error

DTYPES = [np.bool_, np.int8, np.uint8, np.int16, np.uint16, np.int32, np.uint32, np.int64,
          np.uint64, np.float32, np.float64, np.complex128]  # fmt: skip


def sample(shape, dtype, seed=0):
    rng = np.random.default_rng(seed)
    if dtype is np.bool_:
        return rng.integers(0, 2, size=shape).astype(dtype)
    return (rng.integers(0, 50, size=shape) - 20).astype(dtype)


def pairs(a, b):
    """The items of both, in the order nditer gives them, in arrays of their dtypes."""
    n = a.size + b.size + 60
    xs = np.zeros(n, a.dtype)
    ys = np.zeros(n, b.dtype)
    k = 0
    for x, y in np.nditer((a, b)):
        xs[k] = x.item()
        ys[k] = y.item()
        k += 1
    return xs[:k], ys[:k]


def triples_sum(a, b, c):
    total = 0.0
    k = 0
    for x, y, z in np.nditer((a, b, c)):
        total += (float(x) + 2.0 * float(y) - float(z)) * (k + 1)
        k += 1
    return np.full(1, total), k


@pytest.mark.parametrize("dtype", DTYPES)
def test_two_operands_every_dtype(dtype):
    for shape in [(5,), (3, 4), (2, 3, 4)]:
        a = sample(shape, dtype)
        b = sample(shape, np.float64, seed=1)
        assert_same(pairs, a, b)
        assert_same(pairs, a, b.astype(np.int32))


@pytest.mark.parametrize("dtype", [np.int8, np.uint32, np.float32, np.complex128])
def test_broadcasting(dtype):
    a = sample((2, 3, 4), dtype)
    assert_same(pairs, a, sample(4, np.int64))
    assert_same(pairs, sample(4, np.int64), a)
    assert_same(pairs, a, sample((3, 1), np.float64))
    assert_same(pairs, sample((2, 1, 4), dtype), a)
    assert_same(pairs, sample((3, 1), dtype), sample((1, 4), dtype))
    assert_same(pairs, sample((1,), dtype), sample((3, 4), dtype))
    assert_same(pairs, np.zeros((0, 3), dtype), sample(3, dtype))


def test_three_operands():
    a = np.arange(12.0).reshape(3, 4)
    assert_same(triples_sum, a, np.arange(4), np.ones((3, 1), np.float32))
    assert_same(triples_sum, a, a * 2, a.astype(np.int16))
    assert_same(triples_sum, np.arange(4.0), np.ones((2, 3, 1)), np.arange(4, dtype=np.uint8))


def test_shapes_that_do_not_broadcast():
    assert_same(pairs, np.ones((2, 3)), np.ones(4))  # ValueError, NumPy's message
    assert_same(pairs, np.ones((2, 3, 4)), np.ones((3, 2, 4)))


def op_flags(a, b):
    total = 0.0
    for x, y in np.nditer((a, b), op_flags=[["readwrite"], ["readonly"]]):
        total += float(x)
    return total


def strided(a, b):
    n = 0
    for x, y in np.nditer((a, b)):
        n += 1
    return n


def test_refused_clearly():
    err = compile_error(op_flags, np.ones(3), np.ones(3))
    assert "op_flags" in str(err)


def test_counts_strided_and_fortran():
    assert_same(strided, np.ones((4, 6))[::2, ::3], np.ones(2))
    assert_same(strided, np.asfortranarray(np.ones((2, 3))), np.ones(3))


def layouts(shape, dtype=np.float64, seed=0):
    """The same items as a C array, an F array, a transposed view, a strided view, reversed
    views (one axis, every axis) and a view with a negative and a positive stride."""
    n = int(np.prod(shape))
    base = (np.arange(n) * 3 % 17).astype(dtype).reshape(shape)
    big = np.zeros(tuple(2 * d for d in shape), dtype)
    big[tuple(slice(None, None, 2) for _ in shape)] = base
    out = [
        base,
        np.asfortranarray(base),
        base.T.copy().T,
        big[tuple(slice(None, None, 2) for _ in shape)],
    ]
    out.append(base[::-1])
    out.append(base[tuple(slice(None, None, -1) for _ in shape)])
    if len(shape) > 1:
        out.append(np.asfortranarray(base)[:, ::-1])
        out.append(base.T)
    return out


@pytest.mark.parametrize("shape", [(5,), (3, 4), (2, 3, 4)])
def test_orders_of_two_operands(shape):
    # NumPy's order='K' from the strides: every pair of layouts, and each with a C operand.
    firsts = layouts(shape)
    seconds = layouts(shape, np.int32, seed=1)
    for a in firsts:
        for b in seconds:
            assert_same(pairs, a, b)


def test_orders_with_broadcasting():
    f = np.asfortranarray(np.arange(24.0).reshape(2, 3, 4))
    assert_same(pairs, f, np.arange(4))
    assert_same(pairs, np.arange(4), f)
    assert_same(pairs, f, np.ones((3, 1)))
    assert_same(pairs, f.T, np.arange(2.0))
    assert_same(pairs, np.asfortranarray(np.ones((3, 1))), np.arange(4.0)[::-1])
    assert_same(
        pairs, np.asfortranarray(np.arange(12.0).reshape(3, 4)), np.arange(12).reshape(3, 4)
    )
    g = np.asfortranarray(np.arange(6.0).reshape(2, 3))
    assert_same(triples_sum, g, g.T.T, np.arange(3.0)[::-1])
    assert_same(triples_sum, g[:, ::2], np.ones((2, 1)), g[::-1, ::2])

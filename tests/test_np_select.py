"""`np.select` as one fused loop, compared with NumPy: tuples (list displays) and lists of
conditions and choices, choices and defaults that are numbers or arrays, broadcasting between
all of them (NumPy's shape), strided and reversed views, NumPy's dtype (NEP 50 for numbers), and
NumPy's errors in NumPy's order (class and message)."""

import numpy as np
import pytest
from conftest import assert_same

RNG = np.random.default_rng(14)


def three(x, y, z):
    return np.select([x > 0.5, y < 0.2, z > 0.9], [x, y * 2, -z], -1.0)


def three_numbers(x, y):
    return np.select([x > 0.5, y < 0.2, x < y], [1, 2.5, 3], 7)


def with_default(x, y, d):
    return np.select([x > 0.5, y < 0.2], [x, y], d)


def mixed(c, x, n):
    return np.select([c, x > 0], [n, x], 0)


def pairs(c1, c2, h1, h2):
    return np.select([c1, c2], [h1, h2])


def from_lists(conds, choices):
    return np.select(conds, choices, 5)


def from_lists_default(conds, choices, d):
    return np.select(conds, choices, d)


def test_fused_values_and_views():
    x, y, z = RNG.random(50), RNG.random(50), RNG.random(50)
    assert_same(three, x, y, z)
    assert_same(three, x[::2], y[1::2], z[::-2])
    assert_same(three, x[:0], y[:0], z[:0])
    assert_same(three_numbers, x, y)
    a = RNG.random((6, 7))
    assert_same(three, a, a.T.copy().T, a[::-1])
    assert_same(three, a.T, a.T[::-1], a.T)
    assert_same(three_numbers, a, a[:, ::-1])
    b = RNG.random((3, 4, 5))
    assert_same(three, b, b[::-1], b.transpose(1, 0, 2).copy().transpose(1, 0, 2))


@pytest.mark.parametrize(
    "d", [0, -2, 1.5, True, np.float32(2.0), np.int8(3), 2j, np.uint64(9)], ids=range(8)
)
def test_fused_dtypes(d):
    x, y = RNG.random(9), RNG.random(9)
    assert_same(with_default, x, y, d)
    assert_same(with_default, x.astype(np.float32), y.astype(np.float32), d)
    i, j = (x * 10).astype(np.int16), (y * 10).astype(np.uint8)
    assert_same(with_default, i, j, d)
    assert_same(mixed, x > 0.3, i, np.int32(4))
    assert_same(mixed, x > 0.3, x.astype(np.float32), 1j)


def test_fused_broadcast():
    row, col = RNG.random(5), RNG.random((4, 1))
    m = RNG.random((4, 5))
    assert_same(pairs, row > 0.5, col > 0.5, m, row)
    assert_same(pairs, m > 0.5, col > 0.2, col, 3.0)
    assert_same(pairs, row > 0.5, row < 0.2, col, col.T)  # the result (4, 5) from the choices
    assert_same(with_default, row, row, m)  # an array default broadcasts too
    assert_same(with_default, row[:1], col, row)
    assert_same(pairs, RNG.random((1, 5)) > 0.5, col > 0.5, 1, np.arange(4)[:, None])


def test_fused_errors():
    v, w = RNG.random(3), RNG.random(4)
    assert_same(pairs, v > 0.5, w > 0.5, v, v)  # conditions (arg 0 and arg 1)
    assert_same(pairs, v > 0.5, v > 0.5, v, w)  # choices
    assert_same(with_default, v, v, w)  # the default is the choices' last argument
    assert_same(pairs, v > 0.5, v > 0.5, w, w)  # conditions against choices
    m = RNG.random((2, 3))
    assert_same(pairs, m > 0.5, RNG.random((4, 1)) > 0.5, 1, 2)
    assert_same(pairs, v, v > 0.5, v, v)  # not boolean: after the shapes
    assert_same(pairs, v, w > 0.5, v, v)  # shapes first
    assert_same(pairs, v > 0, v.astype(np.int64), v, v)


def from_lists_empty(x):
    conds = [x > 0]
    choices = [x]
    conds.clear()
    choices.clear()
    return np.select(conds, choices)


def test_fused_lists():
    x = RNG.random(20)
    conds = [x > 0.7, x < 0.1, x > 0.5]
    choices = [x, -x, x * 3]
    assert_same(from_lists, conds, choices)
    assert_same(from_lists_default, conds, choices, 0.5)
    assert_same(from_lists_default, conds, choices, x[::-1])
    assert_same(from_lists_default, [x > 0.5, x[:1] > 0.5], [x, x], 1)
    # NumPy's errors: lengths, no conditions, shapes (arguments counted along the list).
    assert_same(from_lists, conds, [x, x])
    assert_same(from_lists_empty, x)
    assert_same(from_lists, [x > 0, x[:3] > 0], [x, x])
    assert_same(from_lists, [x > 0, x > 1], [x, x[:4]])
    assert_same(from_lists_default, [x > 0], [x], x[:3])
    m = RNG.random((3, 4))
    assert_same(from_lists, [m > 0.5, m[:1] < 0.2], [m, m[:, :1].copy()])

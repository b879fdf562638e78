"""Reductions with NumPy's arguments: `axis` (sums rounded as NumPy rounds them: pairwise along the
axis innermost in memory, item by item along the others), `std`/`var` with `ddof`, `cumsum`/
`cumprod`, keyword arguments; and iterating over the rows of n-d arrays. Compared with NumPy
exactly."""

import numpy as np
import pytest
from conftest import assert_same


def sums(a):
    return a.sum(axis=0), a.sum(axis=-1), np.sum(a, 1), np.sum(a, axis=0)


def means(a):
    return a.mean(axis=0), np.mean(a, 1), a.prod(axis=0), np.prod(a, axis=-1)


def extremes(a):
    return a.min(axis=0), np.max(a, axis=1), a.argmin(axis=1), np.argmax(a, axis=0)


def logic(a):
    return (a > 0).all(axis=0), np.any(a > 0, axis=1)


# float(): compiled code returns NumPy scalars as Python numbers, as Numba does.
def spreads(a):
    whole = float(a.std()), float(a.var()), float(np.std(a, ddof=1))
    return whole, a.var(axis=0), np.std(a, axis=1), a.var(0, ddof=2)


def cumulative(a):
    return np.cumsum(a), a.cumsum(axis=0), np.cumprod(a, axis=1), a.cumprod()


def one_d(a):
    return float(a.sum(axis=0)), float(a.std()), a.cumsum(), float(np.mean(a, axis=-1))


def rows(a):
    total = 0.0
    for row in a:
        total += row[0] - row[-1]
    return float(total)


def rows_of_views(a):
    out = np.zeros(a.shape[0])
    for i, row in enumerate(a[:, ::2]):
        out[i] = row.sum()
    return out


def increment_rows(a):
    for row in a:
        row += 1.0
    return a


def planes(a):
    s = 0.0
    for plane in a:
        for row in plane:
            s += row.max()
    return float(s)


rng = np.random.default_rng(7)
ARRAYS = [
    rng.standard_normal((5, 300)) * 1e3,
    rng.standard_normal((300, 5)),
    np.asfortranarray(rng.standard_normal((40, 7))),
    rng.standard_normal((30, 12))[::2, ::-3],
    rng.standard_normal((3, 4)).astype(np.float32),
    rng.integers(-5, 6, (4, 6)),
    rng.integers(0, 3, (3, 5)).astype(np.uint8),
    np.array([[0.0, -0.0], [-0.0, -0.0], [np.nan, 1.0]]),
]


@pytest.mark.parametrize("a", ARRAYS, ids=range(len(ARRAYS)))
def test_reductions_along_axes(a):
    with np.errstate(all="ignore"):
        assert_same(sums, a)
        assert_same(means, a)
        assert_same(extremes, a)
        assert_same(logic, a)
        assert_same(spreads, a)
        assert_same(cumulative, a)
        assert_same(rows_of_views, a)
        if a.dtype == np.float64:
            # (Scalar arithmetic on float32/uint8 items follows Numba's scalar rules, not NEP 50.)
            assert_same(rows, a)


def test_three_dimensions():
    a = rng.standard_normal((4, 5, 6))
    assert_same(lambda_sum3, a)
    assert_same(planes, a)


def lambda_sum3(a):
    return a.sum(axis=0), a.sum(axis=1), a.sum(axis=2), a.std(axis=1), np.cumsum(a, axis=1)


def test_one_dimensional_axis_forms():
    assert_same(one_d, np.linspace(-1, 1, 33))
    assert_same(one_d, np.arange(10))


def test_rows_are_views():
    assert_same(increment_rows, np.zeros((3, 2)))


def empty_axis(a):
    return a.sum(axis=0), a.prod(axis=0), a.cumsum(axis=0)


def empty_max(a):
    return a.max(axis=0)


def test_empty_axes():
    assert_same(empty_axis, np.zeros((0, 3)))
    assert_same(empty_max, np.zeros((0, 3)))


def with_dtype(a):
    return (
        float(a.sum(dtype=np.float64)),
        a.sum(axis=0, dtype=np.float64),
        a.sum(axis=-1, dtype=np.float32),
        np.cumsum(a, dtype=np.float64),
        a.prod(axis=0, dtype=np.int64),
        float(a.mean(dtype=np.float32)),
    )


@pytest.mark.parametrize(
    "a",
    [
        rng.integers(-5, 6, (7, 300)),
        rng.standard_normal((300, 9)).astype(np.float32),
        rng.standard_normal((40, 30)),
    ],
    ids=["int", "float32", "float64"],
)
def test_reductions_with_dtype(a):
    with np.errstate(all="ignore"):
        assert_same(with_dtype, a)


def kept(a):
    return (
        a.sum(axis=0, keepdims=True),
        a.mean(axis=1, keepdims=True),
        np.max(a, axis=-1, keepdims=True),
        a.std(axis=0, keepdims=True),
        a.sum(keepdims=True),
        a - a.mean(axis=1, keepdims=True),
        a.argmin(axis=1, keepdims=True),
    )


def kept_1d(v):
    return v.sum(keepdims=True), v.max(axis=0, keepdims=True)


def test_keepdims():
    assert_same(kept, rng.standard_normal((5, 7)))
    assert_same(kept, np.asfortranarray(rng.standard_normal((6, 3))))
    assert_same(kept_1d, np.arange(5.0))

"""`np.partition`, `a.partition`, `np.argpartition` compiled. NumPy's introselect leaves the
items around each `kth` in an order it does not specify, so the compiled results (sorted rows,
an order NumPy's contract allows) are checked against NumPy by that contract: the same dtype,
shape and layout flags, the same `kth` items as NumPy's, nothing greater before and nothing
smaller after each, the same items in each row; NumPy's ValueError for `kth` out of bounds."""

import numpy as np
import oxjit
import pytest
from conftest import assert_diagnostic, assert_same, compile_error, same_layout

DTYPES = [np.bool_, np.int8, np.uint8, np.int16, np.uint16, np.int32, np.uint32, np.int64,
          np.uint64, np.float32, np.float64]  # fmt: skip


@oxjit.njit
def partition(a, k):
    return np.partition(a, k)


@oxjit.njit
def partition_pair(a, k, j):
    return np.partition(a, (k, j))


@oxjit.njit
def argpartition(a, k):
    return np.argpartition(a, k)


@oxjit.njit
def partition_method(a, k):
    a.partition(k)


@oxjit.njit
def argpartition_method(a, k):
    return a.argpartition(k)


def sample(shape, dtype, seed=0):
    rng = np.random.default_rng(seed)
    if np.dtype(dtype).kind == "f":
        values = rng.normal(0, 3, shape).round(1)
        values.flat[:: max(1, values.size // 3)] = np.nan
        return values.astype(dtype)
    return rng.integers(0, 2 if dtype is np.bool_ else 9, shape).astype(dtype)


def check_partitioned(got, expected, kths):
    """`got` keeps NumPy's partition contract for `kths` along the last axis."""
    assert got.dtype == expected.dtype and got.shape == expected.shape
    assert same_layout(got, expected)
    rows = got.reshape(-1, got.shape[-1]) if got.size else got.reshape(0, 0)
    want = expected.reshape(rows.shape)
    for row, ref in zip(rows, want):
        assert np.array_equal(np.sort(row), np.sort(ref), equal_nan=True)
        for k in kths:
            k %= len(row)
            assert np.array_equal(row[k], ref[k], equal_nan=True)
            nan_after = np.isnan(row[k + 1 :]) if row.dtype.kind == "f" else False
            if row.dtype.kind != "f" or not np.isnan(row[k]):
                assert (row[:k] <= row[k]).all() and ((row[k + 1 :] >= row[k]) | nan_after).all()


@pytest.mark.parametrize("dtype", DTYPES)
def test_partition_contract(dtype):
    for shape in [(9,), (4, 7), (2, 3, 5)]:
        a = sample(shape, dtype)
        views = [a, a[..., ::-1], np.asfortranarray(a)] if a.ndim > 1 else [a, a[::2], a[::-1]]
        for x in views:
            n = x.shape[-1]
            for k in [0, n // 2, n - 1, -1, -n]:
                check_partitioned(partition(x, k), np.partition(x, k), [k])
            check_partitioned(partition_pair(x, 1, -2), np.partition(x, (1, -2)), [1, -2])
            if x.ndim == 1:
                for k in [0, n // 2, -1]:
                    idx = argpartition(x, k)
                    assert idx.dtype == np.intp and idx.shape == x.shape
                    check_partitioned(x[idx], x[np.argpartition(x, k)], [k])
                    assert np.array_equal(np.sort(idx), np.arange(n))
                    assert np.array_equal(argpartition_method(x, k), idx)


def test_partition_in_place():
    a = sample((3, 8), np.float64)
    b = a.copy()
    assert partition_method(a, 3) is None
    check_partitioned(a, np.partition(b, 3), [3])


def test_kth_out_of_bounds_raises_numpys_error():
    def part(a, k):
        return np.partition(a, k)

    def argpart(a, k):
        return np.argpartition(a, k)

    a = np.arange(5.0)
    for k in [5, -6, 100]:
        assert_same(part, a, k)
        assert_same(argpart, a, k)
    assert_same(part, np.zeros((3, 0)), 0)
    assert_same(part, np.zeros(0), -4)


def test_refusals():
    def axis0(a):
        return np.partition(a, 1, axis=0)

    def kind(a):
        return np.partition(a, 1, kind="heapsort")

    def float_kth(a):
        return np.partition(a, 1.5)

    a = np.ones((3, 3))
    cases = [
        (axis0, "np.partition(a, 1, axis=0)", oxjit.errors.UnsupportedError, "other than the last"),
        (kind, 'np.partition(a, 1, kind="heapsort")', oxjit.errors.TypingError,
         "select kind must be 'introselect' (got 'heapsort')"),
        (float_kth, "np.partition(a, 1.5)", oxjit.errors.UnsupportedError, "kth must be"),
    ]  # fmt: skip
    for fn, snippet, cls, text in cases:
        msg = assert_diagnostic(compile_error(fn, a), fn, snippet, cls)
        assert text in msg, msg


def tril(m, k):
    return np.tril(m, k)


def triu(m, k):
    return np.triu(m, k)


@pytest.mark.parametrize("dtype", [np.bool_, np.int32, np.uint8, np.float64, np.complex128])
def test_triangles_of_stacks_and_vectors(dtype):
    # tril/triu live beside partition in this batch: above two dimensions they work on the
    # last two axes, and a 1-d `m` gives NumPy's (n, n) result.
    base = (np.arange(1, 2 * 3 * 4 + 1) % 7).astype(dtype).reshape(2, 3, 4)
    for m in [base, np.asfortranarray(base), base[:, ::-1, ::2], base[0, 0], base[0, :, 1]]:
        for k in [-1, 0, 2]:
            assert_same(tril, m, k)
            assert_same(triu, m, k)

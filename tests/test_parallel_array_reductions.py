"""Reductions into arrays in prange loops (docs/parallel.md): whole arrays (`A += x`, `-=`, `*=`,
`A = A + x`) and indirect updates (`h[k] += w` at an index other than the loop's variable, a
histogram). Each function runs in CPython, compiled serially and compiled with parallel=True,
on copies of the same arguments, with one thread, the pool's threads and small chunk sizes
(many chunks, so many private arrays): the same value, type and changes to the arguments as
the serial loop, exactly where the additions are exact (integers, floats that are multiples
of 1/4), within a relative 1e-12 where only the order of float additions differs."""

import copy

import numpy as np
import oxjit
import pytest
from conftest import JIT_DISABLED, assert_diagnostic, same_value
from oxjit import prange

pytestmark = pytest.mark.skipif(JIT_DISABLED, reason="compiles with parallel=True")

_PARALLEL = {}


def par(fn):
    if fn not in _PARALLEL:
        _PARALLEL[fn] = oxjit.njit(parallel=True)(fn)
    return _PARALLEL[fn]


def run_parallel(fn, args, threads, chunksize):
    size = oxjit.get_num_threads()
    oxjit.set_num_threads(threads)
    try:
        with oxjit.parallel_chunksize(chunksize):
            return par(fn)(*args)
    finally:
        oxjit.set_num_threads(size)


# One thread; all of the pool's (one chunk each); chunks of 3 and 1 iterations (many chunks).
SETTINGS = [(1, 0), ("pool", 0), ("pool", 3), ("pool", 1)]


def threads_of(t):
    return oxjit.parallel.pool_size() if t == "pool" else t


def assert_reduces_like_serial(fn, *args, rtol=0.0):
    """CPython, serial and parallel compiled runs agree (exactly unless `rtol`), results and
    argument changes alike; returns the parallel result of the last setting."""
    py_args = copy.deepcopy(args)
    expected = fn(*py_args)
    ser_args = copy.deepcopy(args)
    serial = oxjit.njit(fn)(*ser_args)
    # CPython's NumPy scalars are Python numbers compiled, as in Numba: values compared.
    assert equal(expected, serial, rtol), f"{fn.__name__}: serial {serial!r} != {expected!r}"
    got = None
    for threads, chunk in SETTINGS:
        jit_args = copy.deepcopy(args)
        got = run_parallel(fn, jit_args, threads_of(threads), chunk)
        close(got, serial, rtol, fn.__name__)
        for a, b in zip(ser_args, jit_args):
            close(b, a, rtol, fn.__name__ + " (arguments)")
    return got


def equal(a, b, rtol):
    if isinstance(a, tuple):
        return (
            isinstance(b, tuple)
            and len(a) == len(b)
            and all(equal(x, y, rtol) for x, y in zip(a, b))
        )
    if rtol:
        return np.allclose(a, b, rtol=rtol, atol=0)
    return np.array_equal(a, b) if isinstance(a, np.ndarray) else a == b


def close(got, expected, rtol, what):
    if isinstance(expected, tuple):
        assert isinstance(got, tuple) and len(got) == len(expected), what
        for g, e in zip(got, expected):
            close(g, e, rtol, what)
        return
    if rtol and isinstance(expected, np.ndarray):
        assert got.dtype == expected.dtype and got.shape == expected.shape, what
        np.testing.assert_allclose(got, expected, rtol=rtol, atol=0, err_msg=what)
        return
    assert same_value(got, expected), f"{what}: {got!r} != {expected!r}"


# Exactly summable data: multiples of 1/4, small integers.
ROWS = (np.arange(600).reshape(200, 3) % 13).astype(np.float64) * 0.25
INT_ROWS = (np.arange(800).reshape(100, 4, 2) * 7 % 23).astype(np.int64) - 11


def add_rows(a):
    acc = np.zeros(a.shape[1])
    for i in prange(a.shape[0]):
        acc += a[i]
    return acc


def subtract_rows_2d(a, acc):
    for i in prange(a.shape[0]):
        acc -= a[i] * 2
    return acc


def add_into_argument(acc, a):
    for i in prange(a.shape[0]):
        acc += a[i]
    return acc.sum()


def rebind_sum(acc, n):
    for i in prange(n):
        acc = acc + np.arange(3.0) * i
    return acc


def rebind_sum_left(acc, n):
    for i in prange(n):
        acc = np.arange(3) * i + acc
    return acc


def multiply(acc, n):
    for i in prange(n):
        acc *= 2.0 if i % 3 else 0.5
    return acc


def int32_counts(a):
    counts = np.zeros(4, np.int32)
    for i in prange(a.shape[0]):
        counts += (a[i] > 0).astype(np.int32)
    return counts


def conditional(a):
    acc = np.zeros(a.shape[1])
    for i in prange(a.shape[0]):
        if a[i, 0] > 1.0:
            acc += a[i]
        else:
            acc -= 1.0
    return acc


def complex_sum(z):
    acc = np.zeros((2, 3), np.complex128)
    for i in prange(z.shape[0]):
        acc += z[i] * (1 - 1j)
    return acc


def two_arrays_and_a_scalar(a):
    s = np.zeros(a.shape[1])
    p = np.ones(a.shape[1])
    total = 0.0
    for i in prange(a.shape[0]):
        s += a[i]
        p *= 1.0 + (a[i] > 2.5)
        total += a[i, 0]
    return s, p, total


@pytest.mark.parametrize(
    "fn, args",
    [
        (add_rows, (ROWS,)),
        (subtract_rows_2d, (INT_ROWS, np.full((4, 2), 5, np.int64))),
        (add_into_argument, (np.ones(3), ROWS)),
        (rebind_sum, (np.full(3, 0.5), 50)),
        (rebind_sum_left, (np.full(3, 2, np.int64), 50)),
        (multiply, (np.full(2, 3.0), 30)),
        (int32_counts, (INT_ROWS[:, :, 0],)),
        (conditional, (ROWS,)),
        (complex_sum, (ROWS[:20].reshape(10, 2, 3) - 1j * ROWS[20:40].reshape(10, 2, 3),)),
        (two_arrays_and_a_scalar, (ROWS,)),
        # Views as the accumulator (strided: layout 'A'; Fortran order).
        (add_into_argument, (np.ones(6)[::2], ROWS)),
        (subtract_rows_2d, (INT_ROWS, np.full((8, 2), 5, np.int64)[::2])),
        (subtract_rows_2d, (INT_ROWS, np.asfortranarray(np.full((4, 2), 5, np.int64)))),
        # No iteration: the initial array; one iteration.
        (add_into_argument, (np.ones(3), ROWS[:0])),
        (rebind_sum, (np.full(3, 0.5), 0)),
        (add_rows, (ROWS[:1],)),
    ],
    ids=lambda x: getattr(x, "__name__", ""),
)
def test_whole_array_reductions_equal_the_serial_loop(fn, args):
    assert_reduces_like_serial(fn, *args)


def test_in_place_updates_the_original_and_rebinding_does_not():
    acc = np.zeros(3)
    par(add_into_argument)(acc, ROWS)
    assert np.array_equal(acc, ROWS.sum(axis=0))
    start = np.full(3, 0.5)
    out = par(rebind_sum)(start, 10)
    assert np.array_equal(start, np.full(3, 0.5)) and out is not start


def contour_integral(NR, NM, slab_per_bc, Ham, int_pts, Y):
    P0 = np.zeros((NR, NM), dtype=np.complex128)
    P1 = np.zeros((NR, NM), dtype=np.complex128)
    for i in prange(len(int_pts)):
        z = int_pts[i]
        Tz = np.zeros((NR, NR), dtype=np.complex128)
        for n in prange(slab_per_bc + 1):
            zz = np.power(z, slab_per_bc / 2 - n)
            Tz += zz * Ham[n]
        if NR == NM:
            X = np.linalg.inv(Tz)
        else:
            X = np.linalg.solve(Tz, Y)
        if abs(z) < 1.0:
            X = -X
        P0 += X
        P1 += z * X
    return P0, P1


@pytest.mark.parametrize("NR, NM", [(6, 6), (5, 9)])
def test_contour_integral_nested_prange(NR, NM):
    rng = np.random.default_rng(NR + NM)
    slab = 2
    ham = rng.random((slab + 1, NR, NR)) + 1j * rng.random((slab + 1, NR, NR))
    pts = rng.random(24) * 2 - 1 + 1j * rng.random(24)
    y = rng.random((NR, NM)) + 0j
    assert_reduces_like_serial(contour_integral, NR, NM, slab, ham, pts, y, rtol=1e-12)
    report = par(contour_integral).parallel_diagnostics
    import io

    text = io.StringIO()
    report(file=text)
    assert "P0 (+)" in text.getvalue() and "P1 (+)" in text.getvalue()
    assert "runs serially: it is nested" in text.getvalue()


def float_rows(a):
    acc = np.zeros(a.shape[1])
    for i in prange(a.shape[0]):
        acc += np.sin(a[i])
    return acc


def test_float_sums_repeat_bit_for_bit():
    x = np.random.default_rng(3).random((500, 7))
    assert_reduces_like_serial(float_rows, x, rtol=1e-12)
    first = par(float_rows)(x)
    for _ in range(5):
        assert same_value(par(float_rows)(x), first)


def add_wrong_shape(acc, n):
    for i in prange(n):
        acc += np.ones(4)
    return acc


def rebind_wrong_shape(acc, n):
    for i in prange(n):
        acc = acc + np.ones(4)
    return acc


@pytest.mark.parametrize("fn", [add_wrong_shape, rebind_wrong_shape])
def test_shape_mismatch_raises_numpys_error(fn):
    with pytest.raises(ValueError) as expected:
        fn(np.zeros(3), 5)
    for threads, chunk in SETTINGS:
        with pytest.raises(ValueError) as got:
            run_parallel(fn, (np.zeros(3), 5), threads_of(threads), chunk)
        assert str(got.value) == str(expected.value)


def raises_in_iteration(a, bad):
    acc = np.zeros(3)
    for i in prange(a.shape[0]):
        if i == bad:
            raise IndexError("iteration", 77)
        acc += a[i]
    return acc


def test_exception_from_an_iteration_with_private_arrays():
    for threads, chunk in SETTINGS:
        with pytest.raises(IndexError) as got:
            run_parallel(raises_in_iteration, (ROWS, 77), threads_of(threads), chunk)
        assert got.value.args == ("iteration", 77)
    # The pool still works afterwards, and the result is right.
    assert np.array_equal(par(raises_in_iteration)(ROWS, -1), ROWS.sum(axis=0))


# Indirect updates: histograms.
VALUES = np.random.default_rng(5).random(3000)
BINS = (VALUES * 37).astype(np.int64) % 10


def histogram(x, nbins):
    h = np.zeros(nbins, np.int64)
    for i in prange(x.shape[0]):
        h[int(x[i] * nbins)] += 1
    return h


def weighted(bins, w):
    h = np.zeros(10)
    for i in prange(bins.shape[0]):
        h[bins[i]] += w[i]
    return h


def weighted_subtract_into(h, bins, w):
    for i in prange(bins.shape[0]):
        h[bins[i]] = h[bins[i]] - w[i]


def two_d(bins, n):
    h = np.zeros((4, 10), np.int32)
    for i in prange(n):
        h[i % 4, bins[i]] += 2
    return h


def inner_serial_loop(bins, n):
    h = np.zeros(10, np.uint16)
    for i in prange(n):
        for j in range(3):
            h[bins[(i + j) % n]] += 1
    return h


def products(bins, n):
    h = np.ones(10, np.int64)
    for i in prange(n):
        h[bins[i]] *= 1 + (i % 50 == 0)
    return h


def complex_bins(bins, n):
    h = np.zeros(10, np.complex128)
    for i in prange(n):
        h[bins[i]] += (i % 8) * 0.25 - 0.5j
    return h


def own_items(a):
    # `a[i] += ...` at the loop's own index: no other iteration touches the item.
    for i in prange(a.shape[0]):
        a[i] += 1.0
    return a


@pytest.mark.parametrize(
    "fn, args",
    [
        (histogram, (VALUES, 16)),
        (weighted, (BINS, (np.arange(3000) % 9) * 0.25)),
        (weighted_subtract_into, (np.full(10, 1.5), BINS, (np.arange(3000) % 5) * 0.5)),
        (two_d, (BINS, 3000)),
        (inner_serial_loop, (BINS, 3000)),
        (products, (BINS, 3000)),
        (complex_bins, (BINS, 3000)),
        (own_items, (np.arange(7.0),)),
        (histogram, (VALUES[:0], 4)),
    ],
    ids=lambda x: getattr(x, "__name__", ""),
)
def test_indirect_updates_equal_the_serial_loop(fn, args):
    assert_reduces_like_serial(fn, *args)
    # A reduction, not a race that happened to go right.
    reduced = "[...] (" in diagnostics(fn)
    assert reduced == (fn is not own_items)


def test_random_float_histogram_within_reassociation():
    w = np.random.default_rng(9).standard_normal(3000)
    assert_reduces_like_serial(weighted, BINS, w, rtol=1e-12)


def diagnostics(fn):
    import io

    text = io.StringIO()
    par(fn).parallel_diagnostics(file=text)
    return text.getvalue()


def truncating(bins, n):
    h = np.zeros(10, np.int64)
    for i in prange(n):
        h[bins[i]] += 0.5
    return h


def test_truncating_item_updates_are_not_reductions():
    # int(h[k] + 0.5) is no sum of the updates: the loop runs as written.
    assert np.array_equal(run_parallel(truncating, (BINS, 300), 1, 0), truncating(BINS, 300))
    assert "no reduction" in diagnostics(truncating)


def test_diagnostics_name_the_array_reductions():
    par(histogram)(VALUES, 8)
    assert "reductions: h[...] (+)" in diagnostics(histogram)
    par(own_items)(np.arange(3.0))
    assert "no reduction" in diagnostics(own_items)
    par(products)(BINS, 10)
    assert "reductions: h[...] (*)" in diagnostics(products)


def read_in_loop(a):
    acc = np.zeros(3)
    for i in prange(a.shape[0]):
        acc += a[i]
        a[i, 0] = acc.sum()
    return acc


def mixed_forms(a):
    acc = np.zeros(3)
    for i in prange(a.shape[0]):
        acc += a[i]
        acc = acc + a[i]
    return acc


def divided(a):
    acc = np.ones(3)
    for i in prange(a.shape[0]):
        acc /= a[i]
    return acc


@pytest.mark.parametrize(
    "fn, words",
    [
        (read_in_loop, "variable 'acc' is read in the loop"),
        (mixed_forms, "both in place (A += x) and by assignment (A = A + x)"),
        (divided, "variable 'acc' is read in the loop"),
    ],
    ids=lambda x: getattr(x, "__name__", ""),
)
def test_other_array_updates_are_compile_errors(fn, words):
    with pytest.raises(oxjit.errors.CompilerError) as info:
        oxjit.njit(parallel=True)(fn)(ROWS.copy())
    assert words in str(info.value)
    assert_diagnostic(info.value, fn, "prange(a.shape[0])", oxjit.errors.UnsupportedError)

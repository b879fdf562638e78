"""`a[mask]` of 1-d arrays against NumPy: masks of every density (a sparse mask skips eight
false items at a time, a dense one stores without branches), lengths around the eight-item
words, strided items and masks, every dtype, and masks whose bytes are neither 0 nor 1 (a view
of other bytes: NumPy takes any nonzero byte as true)."""

import numpy as np
import oxjit
import pytest
from conftest import JIT_DISABLED, assert_same
from oxjit import prange

RNG = np.random.default_rng(7)


def select(a, m):
    return a[m]


def bins_means(data, radius, npt):
    # NPBench's azimint_naive: one sparse mask per bin.
    rmax = radius.max()
    res = np.zeros(npt, dtype=np.float64)
    for i in range(npt):
        r1 = rmax * i / npt
        r2 = rmax * (i + 1) / npt
        values = data[np.logical_and(r1 <= radius, radius < r2)]
        res[i] = values.mean() if values.size else 0.0
    return res


@pytest.mark.parametrize("n", [0, 1, 7, 8, 9, 16, 17, 64, 1001])
@pytest.mark.parametrize("density", [0.0, 0.01, 0.5, 1.0])
def test_densities_and_lengths(n, density):
    a = RNG.random(n)
    m = RNG.random(n) < density
    assert_same(select, a, m)


@pytest.mark.parametrize(
    "dtype", [np.float64, np.float32, np.int64, np.int8, np.uint16, np.complex128, np.bool_]
)
def test_dtypes(dtype):
    a = (RNG.random(100) * 50).astype(dtype)
    assert_same(select, a, RNG.random(100) < 0.3)


def test_strided_items_and_masks():
    a = RNG.random(203)
    m = RNG.random(203) < 0.4
    assert_same(select, a[::-2], m[::2])
    assert_same(select, a[1::2], m[::2].copy())
    assert_same(select, a[:101], m[1::2])


def test_mask_bytes_other_than_one():
    raw = np.array([0, 2, 0, 255, 1, 0, 0, 128, 3, 0, 7, 0, 0, 0, 0, 0, 0, 64], dtype=np.uint8)
    a = np.arange(raw.size, dtype=np.float64)
    assert_same(select, a, raw.view(np.bool_))


def test_azimint_bins():
    data, radius = RNG.random(5000), RNG.random(5000)
    assert_same(bins_means, data, radius, 64)


def band(r, lo, hi):
    return (r >= lo) & (r < hi)


def band_2d_into(r, lo, hi, out):
    out[:, ::2] = (r >= lo) & (r < hi)
    return out


@pytest.mark.parametrize("n", [0, 1, 7, 8, 9, 31, 64, 67, 1001])
def test_band_masks_as_numpy(n):
    # A mask made by a whole-array expression is stored a byte per item (vectorised, eight or
    # more at a time): the same values and bytes (0 or 1) as NumPy's, tails included.
    r = RNG.random(n)
    assert_same(band, r, 0.25, 0.5)
    assert_same(band, r[::-2], 0.1, 0.9)
    got = oxjit.njit(band)(r, 0.25, 0.5)
    assert np.array_equal(got.view(np.uint8), band(r, 0.25, 0.5).view(np.uint8))
    grid = RNG.random((5, 2 * n + 1))
    assert_same(band_2d_into, grid[:, ::2], 0.3, 0.6, np.ones((5, 2 * n + 1), np.bool_))


def bins_means_prange(data, radius, npt):
    # NPBench's azimint_naive as a prange loop of whole-array mask statements.
    rmax = radius.max()
    res = np.zeros(npt, dtype=np.float64)
    for i in prange(npt):
        r1 = rmax * i / npt
        r2 = rmax * (i + 1) / npt
        mask = (radius >= r1) & (radius < r2)
        res[i] = np.mean(data[mask])
    return res


@pytest.mark.skipif(JIT_DISABLED, reason="compiles with parallel=True")
def test_azimint_prange_bins():
    data, radius = RNG.random(5000), RNG.random(5000)
    want = bins_means_prange(data, radius, 64)
    for parallel in (False, True):
        got = oxjit.njit(parallel=parallel)(bins_means_prange)(data, radius, 64)
        assert got.dtype == want.dtype and np.array_equal(got, want)

"""`np.histogram` compiled, compared with NumPy exactly: a number of equal bins (NumPy's
`linspace` edges and its index arithmetic, so items on the edges fall where NumPy's do) or an
array of edges (returned itself, as NumPy's `asarray`), `range=`, `density=`, `weights=`
(int64 and float64), every integer dtype and float64, C/F/strided layouts, empty arrays,
NaNs, and NumPy's ValueErrors with their messages."""

import numpy as np
import oxjit
import pytest
from conftest import assert_diagnostic, assert_same, compile_error

DTYPES = [np.int8, np.uint8, np.int16, np.uint16, np.int32, np.uint32, np.int64, np.uint64,
          np.float64]  # fmt: skip


def hist(a):
    return np.histogram(a)


def hist_bins(a, bins):
    return np.histogram(a, bins)


def hist_range(a, bins, lo, hi):
    return np.histogram(a, bins, range=(lo, hi))


def hist_density(a, bins):
    return np.histogram(a, bins, density=True)


def hist_weights(a, bins, w):
    return np.histogram(a, bins=bins, weights=w)


def hist_weights_density(a, bins, w):
    return np.histogram(a, bins=bins, weights=w, density=True)


def hist_everything(a, bins, lo, hi, w):
    return np.histogram(a, bins, (lo, hi), True, w)


def sample(shape, dtype, seed=0):
    rng = np.random.default_rng(seed)
    if np.dtype(dtype).kind == "f":
        return rng.normal(3.0, 2.0, shape).astype(dtype)
    info = np.iinfo(dtype)
    return rng.integers(max(info.min, -50), min(info.max, 100), shape).astype(dtype)


def layouts(a):
    if a.ndim == 1:
        return [a, a[::2], a[::-1]]
    return [a, np.asfortranarray(a), a[:, ::2], a.T]


@pytest.mark.parametrize("dtype", DTYPES)
def test_equal_bins(dtype):
    a = sample((6, 7), dtype)
    for x in layouts(a):
        assert_same(hist, x)
        for bins in [1, 3, 7, 50]:
            assert_same(hist_bins, x, bins)
            assert_same(hist_density, x, bins)
            assert_same(hist_range, x, bins, 0, 40)
            assert_same(hist_range, x, bins, -2.5, 7.25)


def test_items_on_edges_and_specials():
    # Items on NumPy's edges (0.1 steps that do not divide exactly), the last edge inclusive.
    a = np.linspace(0.0, 1.0, 101)
    for bins in [3, 7, 10, 30]:
        assert_same(hist_bins, a, bins)
        assert_same(hist_range, a, bins, 0.1, 0.7)
    assert_same(hist_bins, np.array([5, 5, 5]), 3)
    assert_same(hist_bins, np.array([2.5]), 4)
    assert_same(hist_range, np.array([1.0, np.nan, 2.0, np.inf]), 4, 0.0, 3.0)
    assert_same(hist_range, np.array([1.0, 2.0]), 2, 4, 4)
    assert_same(hist, np.zeros(0))
    assert_same(hist_density, np.zeros(0, np.int32), 4)
    big = np.array([-(2**62), 2**62], np.int64)
    assert_same(hist_bins, big, 5)
    u = np.array([0, 2**64 - 1], np.uint64)
    assert_same(hist_bins, u, 4)


def test_edges_given():
    a = sample((40,), np.float64)
    for edges in [np.array([-1.0, 0.0, 2.5, 3.0, 10.0]), np.array([0, 2, 5]),
                  np.array([1.0, 1.0, 2.0]), np.array([-1.0, 0.0, 1.0, 2.0, 4.0])[::2],
                  np.array([3.0]), np.array([0.5, 4.5], np.float32)]:  # fmt: skip
        assert_same(hist_bins, a, edges)
        assert_same(hist_density, a, edges)
        assert_same(hist_bins, sample((5, 4), np.int32), edges)
    assert_same(hist_bins, np.array([1.0, np.nan, 2.0, 5.0]), np.array([1.0, 2.0, 5.0]))
    assert_same(hist_bins, np.zeros(0), np.array([0.0, 1.0]))


def test_weights():
    a = sample((5, 6), np.float64)
    wf = sample((5, 6), np.float64, seed=3)
    wi = sample((5, 6), np.int64, seed=4)
    edges = np.array([-2.0, 1.0, 3.0, 9.0])
    for w in [wf, wi]:
        for x, y in [(a, w), (np.asfortranarray(a), w), (a, np.asfortranarray(w)), (a.T, w.T)]:
            assert_same(hist_weights, x, 6, y)
            assert_same(hist_weights, x, edges, y)
            assert_same(hist_weights_density, x, 6, y)
            assert_same(hist_weights_density, x, edges, y)
            assert_same(hist_everything, x, 4, 0, 5.0, y)


def test_numpys_errors():
    a = np.array([1.0, 2.0, 3.0])
    assert_same(hist_bins, a, 0)
    assert_same(hist_bins, a, -3)
    assert_same(hist_range, a, 3, 2.0, 1.0)
    assert_same(hist_range, a, 3, 0, np.inf)
    assert_same(hist_range, a, 3, np.nan, 1.0)
    assert_same(hist_range, a, 3, -np.inf, 2)
    assert_same(hist_bins, np.array([1.0, np.nan]), 3)
    assert_same(hist_bins, np.array([1.0, np.inf]), 3)
    assert_same(hist_range, np.array([1.0]), 10**6, 1.0, 1.0 + 1e-12)
    assert_same(hist_bins, a, np.array([3.0, 1.0]))
    assert_same(hist_weights, a, 3, np.ones(2))
    assert_same(hist_weights, a, 3, np.ones((3, 1)))


def test_frees_what_it_makes():
    from test_nrt import assert_no_leak

    a = sample((30,), np.float64)
    w = sample((30,), np.float64, seed=1)
    assert_no_leak(oxjit.njit(hist), a)
    assert_no_leak(oxjit.njit(hist_weights_density), a, 5, w)
    assert_no_leak(oxjit.njit(hist_weights_density), a, np.array([0.0, 1.0, 4.0]), w)
    assert_no_leak(oxjit.njit(hist_bins), a, 0, expect_raise=ValueError)
    assert_no_leak(oxjit.njit(hist_bins), a, np.array([1.0, 0.0]), expect_raise=ValueError)


def test_refusals():
    def float32_items(a):
        return np.histogram(a)

    def estimator(a):
        return np.histogram(a, "auto")

    def float_bins(a):
        return np.histogram(a, 2.5)

    def runtime_density(a, d):
        return np.histogram(a, 3, density=d)

    def bins_2d(a):
        return np.histogram(a, np.ones((2, 2)))

    f = np.ones(3)
    cases = [
        (float32_items, (f.astype(np.float32),), "np.histogram(a)",
         oxjit.errors.UnsupportedError, "float32 is not supported yet"),
        (estimator, (f,), 'np.histogram(a, "auto")', oxjit.errors.UnsupportedError,
         "bin estimators"),
        (float_bins, (f,), "np.histogram(a, 2.5)", oxjit.errors.TypingError,
         "`bins` must be an integer, a string, or an array"),
        (runtime_density, (f, True), "np.histogram(a, 3, density=d)",
         oxjit.errors.UnsupportedError, "density must be a constant"),
        (bins_2d, (f,), "np.histogram(a, np.ones((2, 2)))", oxjit.errors.TypingError,
         "`bins` must be 1d, when an array"),
    ]  # fmt: skip
    for fn, args, snippet, cls, text in cases:
        msg = assert_diagnostic(compile_error(fn, *args), fn, snippet, cls)
        assert text in msg, msg


def test_read_in_place_any_layout():
    # The items and weights are read where they lie (no copy): strided, reversed, 3-d and 0-d
    # arrays, and more than one of NumPy's 65536-item blocks (float weights summed per block).
    rng = np.random.default_rng(7)
    big = rng.normal(0.0, 1.0, 3 * 65536 + 5)
    wbig = rng.random(3 * 65536 + 5)
    assert_same(hist_bins, big, 33)
    assert_same(hist_range, big[::3], 10, -1.0, 2.0)
    assert_same(hist_weights, big, 17, wbig)
    assert_same(hist_weights, big[::-2], 17, wbig[1::2])
    assert_same(hist_weights, big[:131072].reshape(256, 512).T, 9, wbig[:131072].reshape(512, 256))
    assert_same(hist_weights, big, np.array([-2.0, -0.5, 0.0, 0.25, 3.0]), wbig)
    cube = sample((3, 4, 5), np.int16)
    assert_same(hist_bins, cube[:, ::-1, 1::2], 6)
    assert_same(hist_weights, cube.transpose(2, 0, 1), 4, sample((5, 3, 4), np.int64, seed=2))
    assert_same(hist_bins, np.array(2.5), 3)
    assert_same(hist_bins, np.array(7), np.array([0, 5, 10]))


def test_edges_with_nan_and_narrow_bins():
    a = np.array([0.5, 1.5, np.nan, 2.0, -1.0, 1.0])
    for edges in [np.array([0.0, np.nan, 2.0]), np.array([0.0, 1.0, np.nan]),
                  np.array([np.nan, np.nan])]:  # fmt: skip
        assert_same(hist_bins, a, edges)
        assert_same(hist_weights, a, edges, np.arange(6.0))
    # Bins a few units in the last place wide: the items near the edges take NumPy's steps.
    x = 1.0 + np.arange(-40, 400) * 2.0**-52
    assert_same(hist_range, x, 50, 1.0, 1.0 + 300 * 2.0**-52)
    assert_same(hist_bins, np.array([1e300, -1e300, 0.0, 5e299]), 7)
    assert_same(hist_bins, np.array([5e-324, 0.0, 1e-323, 2e-323]), 3)


def test_items_near_edges_in_one_row():
    # Float64 items in one row (1-d at any step, or C-contiguous) are counted by a loop of
    # their own: items on every edge and one float either side of it, outside the range by a
    # float, NaN and infinities, as NumPy counts them; contiguous and strided, 1-d and 2-d.
    lo, hi, bins = -1.3, 2.9, 7
    edges = np.histogram_bin_edges(np.array([lo, hi]), bins)
    near = np.concatenate([edges, np.nextafter(edges, -np.inf), np.nextafter(edges, np.inf)])
    specials = np.array([np.nan, np.inf, -np.inf, 0.0, -0.0])
    rng = np.random.default_rng(21)
    a = rng.permutation(np.concatenate([near, specials, rng.uniform(lo, hi, 977)]))
    for x in [a, a[::2], a[::-3], a[:1000].reshape(40, 25), a[:1000].reshape(40, 25)[:, ::2]]:
        assert_same(hist_range, x, bins, lo, hi)
        finite = x[np.isfinite(x)]
        assert_same(hist_bins, finite, bins)
        assert_same(hist_range, finite, 64, finite.min(), np.nextafter(finite.max(), 0))


def test_rows_four_items_at_a_time():
    # The one-row loops take the items four at a time (two pairs in SIMD registers) and the
    # last one to three alone: an item on an edge, a float either side of one, out of range,
    # NaN or infinite, in each of the four places and in the tail; rows with and without a
    # tail, contiguous and strided.
    lo, hi, bins = -1.3, 2.9, 7
    edges = np.histogram_bin_edges(np.array([lo, hi]), bins)
    inner = edges[3]
    specials = [np.nan, np.inf, -np.inf, inner, np.nextafter(inner, -np.inf),
                np.nextafter(inner, np.inf), lo, hi, np.nextafter(lo, -np.inf),
                np.nextafter(hi, np.inf), 1e300, -3e9]  # fmt: skip
    base = np.random.default_rng(5).uniform(lo, hi, 23)
    for special in specials:
        for k in range(23):
            x = base.copy()
            x[k] = special
            for row in [x, x[:22], x[:21], x[:20], np.repeat(x, 2)[::2]]:
                assert_same(hist_range, row, bins, lo, hi)
            assert_same(hist_density, x[np.isfinite(x)], 5)


def test_rows_counted_by_blocks():
    # Rows of 256 items and more are counted by blocks of 256 (bins in fixed point, the blocks
    # with an item near an edge by NumPy's steps): an item on an edge, a float either side of
    # one, out of range by a float, NaN, infinite or huge, at the start, middle and end of a
    # block and in the tail; a range that most items miss; edges a few floats apart.
    lo, hi, bins = -1.3, 2.9, 7
    edges = np.histogram_bin_edges(np.array([lo, hi]), bins)
    inner = edges[3]
    specials = [np.nan, np.inf, -np.inf, inner, np.nextafter(inner, -np.inf),
                np.nextafter(inner, np.inf), lo, hi, np.nextafter(lo, -np.inf),
                np.nextafter(hi, np.inf), 1e300, -3e9, 2.0**40]  # fmt: skip
    base = np.random.default_rng(11).uniform(lo, hi, 3 * 256 + 5)
    for special in specials:
        for k in [0, 3, 128, 255, 256, 511, 700, 768, 772]:
            x = base.copy()
            x[k] = special
            for row in [x, x[::-1], np.repeat(x, 2)[::2], x[:768].reshape(3, 256)]:
                assert_same(hist_range, row, bins, lo, hi)
            finite = x[np.isfinite(x)]
            assert_same(hist_bins, finite, bins)
            assert_same(hist_density, finite, 64)
    wide = np.random.default_rng(12).normal(0.0, 10.0, 5000)
    for bins, lo, hi in [(64, 0.0, 1.0), (3, -30.0, -29.0), (1000, -0.5, 0.5), (2**20, -1.0, 1.0)]:
        assert_same(hist_range, wide, bins, lo, hi)
        assert_same(hist_range, wide[::3], bins, lo, hi)
    # Every item on an edge or a float beside one: every block by NumPy's steps.
    on = np.linspace(-2.0, 2.0, 4001)
    for bins in [4, 40, 64, 4000]:
        assert_same(hist_bins, on, bins)
        assert_same(hist_bins, np.nextafter(on, np.inf), bins)
        assert_same(hist_range, np.nextafter(on, -np.inf), bins, -2.0, 2.0)
    x = 1.0 + np.arange(-40, 4000) * 2.0**-52
    assert_same(hist_range, x, 50, 1.0, 1.0 + 3000 * 2.0**-52)
    assert_same(hist_bins, np.concatenate([[-1e300, 1e300], np.zeros(600)]), 9)


def test_random_rows_against_numpy():
    # Rows of random sizes, spreads and steps, integer-valued or not, with and without a
    # range: the counts and edges of NumPy.
    rng = np.random.default_rng(13)
    f, g = oxjit.njit(hist_bins), oxjit.njit(hist_range)
    for _ in range(300):
        n = int(rng.integers(0, 3000))
        scale = 10.0 ** rng.uniform(-8, 8)
        x = rng.normal(rng.uniform(-5, 5) * scale, scale, n)
        if rng.random() < 0.3:
            x = np.round(x / scale * 4)
        step = int(rng.choice([1, 2, -1, 3]))
        x = x[::step]
        bins = int(rng.choice([1, 2, 7, 10, 64, 100, 999]))
        if n:
            got, want = f(x, bins), np.histogram(x, bins)
            assert np.array_equal(got[0], want[0]) and np.array_equal(got[1], want[1])
        a, b = np.sort(rng.normal(0.0, 2.0, 2) * (scale if rng.random() < 0.5 else 1.0))
        if rng.random() < 0.2:
            a, b = np.round(a), np.round(b) + 1
        got, want = g(x, bins, a, b), np.histogram(x, bins, range=(a, b))
        assert np.array_equal(got[0], want[0]) and np.array_equal(got[1], want[1])


def test_row_range_found_in_every_place():
    # The least and greatest item (the range where none is given) in each of four lanes and in
    # the tail; a NaN anywhere is NumPy's ValueError; zeros as the outer edges give the counts
    # and edges of NumPy but for its sign: NumPy's min and max leave which of equal zeros
    # they find to their SIMD lanes, which differ by CPU.
    base = np.random.default_rng(6).uniform(-1.0, 1.0, 23)
    for k in range(23):
        x = base.copy()
        x[k], x[(k * 7 + 3) % 23] = -5.0, 7.0
        for row in [x, x[:21], x[::-1], x.reshape(1, 23)]:
            assert_same(hist_bins, row, 9)
        x[(k * 5 + 1) % 23] = np.nan
        assert_same(hist_bins, x, 9)
    neg = -np.random.default_rng(8).uniform(0.5, 1.0, 22)
    f = oxjit.njit(hist_bins)
    for a, b in [(0.0, -0.0), (-0.0, 0.0)]:
        for k in [0, 1, 2, 3, 9, 20]:
            x = neg.copy()
            x[k], x[(k + 5) % 22] = a, b
            for row in [x, -x, x[::2]]:
                (counts, edges), (want, want_edges) = f(row, 4), np.histogram(row, 4)
                assert np.array_equal(counts, want) and np.array_equal(edges, want_edges)


def test_one_bin_huge_bin_counts_and_big_counts():
    rng = np.random.default_rng(9)
    x = rng.normal(0.0, 1.0, 100_003)
    assert_same(hist_bins, x, 1)
    assert_same(hist_range, x, 1, -0.5, 0.5)
    assert_same(hist_range, x[:5001], 2**20, -3.0, 3.0)
    assert_same(hist_bins, x[::7], 100_000)
    # Every item in one bin (equal items widen the range by a half either side).
    assert_same(hist_bins, np.full(100_003, 2.5), 3)
    assert_same(hist_range, np.full(70_001, 0.25), 4, 0.0, 1.0)
    # Integer items go through the general reader; the same bins.
    assert_same(hist_bins, rng.integers(-100, 100, 10_001), 16)

"""The demo's set functions and signals: NumPy's `unique` with counts, `intersect1d`,
`setdiff1d`, `isin` and `convolve` inside one compiled function, checked against NumPy."""

import numpy as np
import oxjit


@oxjit.njit
def order_report(today, yesterday, weights):
    items, counts = np.unique(today, return_counts=True)
    kept = np.intersect1d(today, yesterday)
    new = np.setdiff1d(today, yesterday)
    repeat = np.isin(today, yesterday)
    smooth = np.convolve(counts.astype(np.float64), weights, "same")
    # The distinct (weekday, item) pairs: the columns of a 2-d array, `np.unique(axis=1)`.
    pairs = np.unique(np.stack((today % 7, today)), axis=1)
    return items, counts, kept, new, np.count_nonzero(repeat), smooth, pairs


def demo_sets():
    rng = np.random.default_rng(7)
    today = rng.integers(0, 40, 5_000)
    yesterday = rng.integers(10, 60, 5_000)
    weights = np.array([0.25, 0.5, 0.25])
    got = order_report(today, yesterday, weights)
    expected = order_report.py_func(today, yesterday, weights)
    for g, e in zip(got, expected):
        assert np.array_equal(g, e) and np.asarray(g).dtype == np.asarray(e).dtype, (g, e)
    return (
        f"set functions: {len(got[0])} distinct items, {len(got[2])} seen both days, "
        f"{len(got[3])} new, {got[4]} repeat orders, counts smoothed by np.convolve, "
        f"{got[6].shape[1]} distinct (weekday, item) columns by np.unique(axis=1): "
        f"NumPy's results"
    )

"""The demo's ufunc methods: `np.add.at` (a histogram with repeated bins), `np.maximum.accumulate`
(a running peak), `np.subtract.outer` and a sum along an axis chosen at run time, checked
against NumPy."""

import numpy as np
import oxjit


@oxjit.njit
def drawdown_report(prices, bins, axis):
    counts = np.zeros(8, np.int64)
    np.add.at(counts, bins, 1)
    peak = np.maximum.accumulate(prices, axis=1)
    drawdown = (peak - prices) / peak
    spread = np.subtract.outer(prices[0], prices[1])
    return counts, drawdown, spread, np.add.reduce(prices, axis=axis)


def demo_ufunc_methods():
    rng = np.random.default_rng(5)
    prices = 100.0 + np.cumsum(rng.normal(0.0, 1.0, (3, 50)), axis=1)
    bins = rng.integers(0, 8, 200)
    for axis in (0, 1):
        got = drawdown_report(prices, bins, axis)
        expected = drawdown_report.py_func(prices, bins, axis)
        for g, e in zip(got, expected):
            assert g.dtype == e.dtype and np.array_equal(g, e), (g, e)
    return (
        f"ufunc methods: np.add.at histogram of {len(bins)} draws, running peaks by "
        f"np.maximum.accumulate (worst drawdown {got[1].max():.2%}), np.subtract.outer, "
        f"np.add.reduce along an axis given at run time: NumPy's values to the bit"
    )

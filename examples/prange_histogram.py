"""The demo's reductions into arrays in a prange loop: a 2-d histogram (`h[bx, by] += 1` at
computed indices, updates that meet in a bin) and a whole-array sum (`total += points[i]`), each
thread filling its own copy, checked against NumPy."""

import time

import numpy as np
import oxjit


@oxjit.njit(parallel=True)
def histogram_2d(points, bins):
    h = np.zeros((bins, bins), np.int64)
    total = np.zeros(points.shape[1])
    for i in oxjit.prange(points.shape[0]):
        h[int(points[i, 0] * bins), int(points[i, 1] * bins)] += 1
        total += points[i]
    return h, total


def demo_parallel_histogram():
    rng = np.random.default_rng(11)
    points = rng.random((2_000_000, 2))
    h, total = histogram_2d(points, 64)
    expected, _, _ = np.histogram2d(points[:, 0], points[:, 1], 64, [[0, 1], [0, 1]])
    assert np.array_equal(h, expected.astype(np.int64)), "histogram"
    assert np.allclose(total, points.sum(axis=0), rtol=1e-12), total
    t = time.perf_counter()
    histogram_2d(points, 64)
    elapsed = time.perf_counter() - t
    return (
        f"prange reductions into arrays: a 64x64 histogram of 2 million points "
        f"(np.histogram2d's counts exactly) and their sums, {elapsed * 1e3:.0f} ms on "
        f"{oxjit.get_num_threads()} threads"
    )

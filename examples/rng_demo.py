"""The demo's random walk: `np.random.default_rng(seed)` inside a compiled function draws NumPy's
own stream (PCG64, the normal ziggurat, Lemire's bounded integers), and a Generator passed in is
advanced in place, so Python continues where compiled code stopped."""

import time

import numpy as np
import oxjit


@oxjit.njit
def walk_stats(seed, n):
    rng = np.random.default_rng(seed)
    steps = rng.normal(0.0, 1.0, n) * (2 * rng.integers(0, 2, n) - 1)
    position = 0.0
    furthest = 0.0
    for s in steps:
        position += s
        furthest = max(furthest, abs(position))
    return position, furthest


@oxjit.njit
def inside_circle(rng, n):
    hits = 0
    for _ in range(n):
        x, y = rng.random(), rng.random()
        if x * x + y * y < 1.0:
            hits += 1
    return hits


def demo_rng():
    n = 1_000_000
    got = walk_stats(42, n)
    assert got == walk_stats.py_func(42, n), got
    mine, numpys = np.random.default_rng(5), np.random.default_rng(5)
    t = time.perf_counter()
    hits = inside_circle(mine, n)
    t_jit = time.perf_counter() - t
    draws = numpys.random(2 * n)
    assert hits == int(np.count_nonzero(draws[0::2] ** 2 + draws[1::2] ** 2 < 1.0))
    assert mine.random() == numpys.random()  # Python continues the same stream
    return (
        f"np.random.Generator: a 10^6-step walk from default_rng(42), NumPy's values exactly "
        f"(end {got[0]:.3f}); pi ~ {4 * hits / n:.4f} from a Generator passed in, one draw at a "
        f"time in {t_jit * 1e3:.1f} ms, its state then continued by NumPy"
    )

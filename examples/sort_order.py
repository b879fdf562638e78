"""The demo's sorting: `sorted()`/`list.sort()` with CPython's own timsort, so that even lists
with NaNs (where `<` is no order) come out exactly as CPython leaves them, and `reversed()`;
10^6 floats drawn in the loop are sorted and timed.
"""

import math
import time

import oxjit


def nan_story(xs):
    by_abs = sorted(xs, key=lambda v: abs(v), reverse=True)
    pairs = [(i % 3, x) for i, x in enumerate(xs)]
    pairs.sort()
    countdown = [f"{i}:{c}" for i, c in zip(reversed(range(len(xs))), reversed("sorted!"))]
    return sorted(xs), by_abs, pairs[:4], countdown


def draw_and_sort(n):
    # Floats made in the loop (an LCG), a NaN every 1000th, so that the timing is the sort's.
    xs = [0.0] * n
    s = 12345
    for i in range(n):
        s = (s * 1103515245 + 12345) % 2147483648
        xs[i] = math.nan if i % 1000 == 0 else s / 2147483648.0
    xs.sort()
    return xs[:3], xs[n // 2]


def same(a, b):
    return repr(a) == repr(b)


def demo_sort_order():
    nan = math.nan
    xs = [3.0, nan, 2.0, -0.0, 1.0, nan, 0.0, -1.0, 5.0]
    compiled = oxjit.njit(nan_story)
    assert same(compiled(list(xs)), nan_story(list(xs)))
    n = 10**6
    fast = oxjit.njit(draw_and_sort)
    assert same(fast(n), draw_and_sort(n))  # NaNs where CPython's timsort leaves them
    t = time.perf_counter()
    fast(n)
    t_jit = time.perf_counter() - t
    t = time.perf_counter()
    draw_and_sort(n)
    t_py = time.perf_counter() - t
    return (
        f"sorted() with NaNs in CPython's order: {compiled(list(xs))[0]}; 10^6 floats with NaNs "
        f"drawn and sorted as CPython sorts them in {t_jit * 1e3:.1f} ms "
        f"(CPython {t_py * 1e3:.1f} ms)"
    )


if __name__ == "__main__":
    print(demo_sort_order())

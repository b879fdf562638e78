"""The demo's small temporary arrays: a 3-vector made with ``np.empty(3)`` in every iteration of a
loop lives in a reused stack buffer (nothing allocated, shown by the runtime's allocation counter),
while an array the loop keeps (appended to a list) still gets its own block; results equal
CPython's.
"""

import math
import time

import numpy as np
import oxjit
from oxjit.runtime import get_allocation_stats


def path_length(points):
    total = 0.0
    for i in range(points.shape[0] - 1):
        d = np.empty(3)
        for k in range(3):
            d[k] = points[i + 1, k] - points[i, k]
        total += math.sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2])
    return total


def kept_steps(points):
    steps = []
    for i in range(points.shape[0] - 1):
        steps.append(points[i + 1] - points[i])
    return steps


def allocations(f, *args):
    before = get_allocation_stats().alloc
    result = f(*args)
    return result, get_allocation_stats().alloc - before


def demo_stack_temps():
    points = np.random.default_rng(7).standard_normal((1 << 18, 3))
    fast, keep = oxjit.njit(path_length), oxjit.njit(kept_steps)
    small = points[:1000]
    assert math.isclose(fast(small), path_length(small), rel_tol=1e-12)
    assert all(np.array_equal(a, b) for a, b in zip(keep(small), kept_steps(small)))
    length, n_alloc = allocations(fast, points)
    t = time.perf_counter()
    fast(points)
    t_jit = time.perf_counter() - t
    steps, n_kept = allocations(keep, small)
    return (
        f"np.empty(3) per point on the stack: {points.shape[0]} points, {n_alloc} allocations, "
        f"{t_jit * 1e3:.2f} ms (length {length:.1f}); arrays kept in a list: {len(steps)} steps, "
        f"{n_kept} allocations"
    )


if __name__ == "__main__":
    print(demo_stack_temps())

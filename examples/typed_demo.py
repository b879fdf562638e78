"""The demo's typed containers (`oxjit.typed`, Numba's `numba.typed`): a typed List made in
Python and changed in place by compiled code (no copy in, no reflection out), and a typed Dict
built by compiled code and returned without copying, then used from Python.
"""

import time

import oxjit
from oxjit import types
from oxjit.typed import Dict, List


@oxjit.njit
def smooth_in_place(xs, width):
    """Replaces each reading by the mean of a window ending at it; appends the overall mean."""
    acc = 0.0
    window = List.empty_list(types.float64)
    total = 0.0
    for i in range(len(xs)):
        x = xs[i]
        total += x
        window.append(x)
        acc += x
        if len(window) > width:
            acc -= window.pop(0)
        xs[i] = acc / len(window)
    xs.append(total / len(xs))


@oxjit.njit
def histogram(xs, buckets):
    counts = Dict.empty(types.int64, types.int64)
    for x in xs:
        b = int(x * buckets)
        counts[b] = counts.get(b, 0) + 1
    return counts


def demo_typed():
    n = 200_000
    readings = [((i * 7919) % 1000) / 1000.0 for i in range(n)]
    List(readings)  # warm-up: the first large allocation
    t = time.perf_counter()
    xs = List(readings)  # one pass through the C API, no compiled code called per item
    t_make = time.perf_counter() - t
    smooth_in_place(xs, 8)
    assert len(xs) == n + 1  # the append made inside is seen here: the same block
    counts = histogram(xs, 10)
    assert isinstance(counts, Dict) and sum(counts.values()) == n + 1
    expected = {}
    for x in xs:
        expected[int(x * 10)] = expected.get(int(x * 10), 0) + 1
    assert dict(counts) == expected
    return (
        f"typed containers: List of {n} floats from Python in {t_make * 1e3:.1f} ms, smoothed "
        f"in place by compiled code, histogram returned as {repr(counts)[:40]}...; equal to "
        f"CPython's"
    )

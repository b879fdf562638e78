"""A generator pipeline (`sum(f(x) for x in gen(n))`) against the same loop written by hand, and
a generator of arrays receiving arrays with `send()`, checked against CPython."""

import time

import numpy as np
import oxjit


@oxjit.njit
def midpoints(a, b, n):
    h = (b - a) / n
    for i in range(n):
        yield a + (i + 0.5) * h


@oxjit.njit
def pipeline(a, b, n):
    h = (b - a) / n
    return h * sum(x * x + 1.0 for x in midpoints(a, b, n))


@oxjit.njit
def by_hand(a, b, n):
    h = (b - a) / n
    s = 0.0
    for i in range(n):
        x = a + (i + 0.5) * h
        s += x * x + 1.0
    return h * s


@oxjit.njit
def accumulate(first):
    total = first.copy()
    while True:
        x = yield total
        if x is not None:
            total = total + x  # kept across the next yield, after the sender dropped it


def feed(make, rows):
    g = make(rows[0])
    next(g)
    for row in rows[1:]:
        g.send(row)
    return next(g)


def cpu_best(f, *args):
    f(*args)
    best = float("inf")
    for _ in range(5):
        t = time.process_time()
        f(*args)
        best = min(best, time.process_time() - t)
    return best


def demo_generator_pipeline():
    n = 10_000_000
    assert abs(pipeline(0.0, 1.0, 1000) - pipeline.py_func(0.0, 1.0, 1000)) < 1e-12
    t_gen, t_hand = cpu_best(pipeline, 0.0, 1.0, n), cpu_best(by_hand, 0.0, 1.0, n)
    rows = [np.arange(3.0) * k for k in range(1, 5)]
    got = feed(accumulate, rows)
    assert np.array_equal(got, feed(accumulate.py_func, rows)), got
    return (
        f"generator pipeline sum(x*x + 1 for x in midpoints(0, 1, 10^7)): {t_gen * 1e3:.1f} ms, "
        f"the loop by hand {t_hand * 1e3:.1f} ms; arrays sent into a generator: {got.tolist()}"
    )

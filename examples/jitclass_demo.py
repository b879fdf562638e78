"""The demo's jitclass: a running-statistics class compiled with `@jitclass`, fed inside a
compiled loop and read from Python, compared with the same class run by CPython."""

import numpy as np
import oxjit
from oxjit import float64, int64
from oxjit.experimental import jitclass


class Stats:
    def __init__(self, n):
        self.count = 0
        self.mean = 0.0
        self.m2 = 0.0
        self.last = np.zeros(n)

    def push(self, x):
        # Welford's update; the last values in a ring buffer held by the instance.
        self.last[self.count % self.last.size] = x
        self.count += 1
        delta = x - self.mean
        self.mean += delta / self.count
        self.m2 += delta * (x - self.mean)

    @property
    def variance(self):
        return self.m2 / (self.count - 1)


JStats = jitclass([("count", int64), ("mean", float64), ("m2", float64), ("last", float64[:])])(
    Stats
)


def feed(s, xs):
    for x in xs:
        s.push(x)
    return s.variance


def demo_jitclass():
    xs = np.random.default_rng(7).normal(3.0, 2.0, 100_000)
    plain = Stats(4)
    expected = feed(plain, xs)
    s = JStats(4)
    got = oxjit.njit(feed)(s, xs)
    assert got == expected and s.mean == plain.mean and s.last.tolist() == plain.last.tolist()
    return f"jitclass: running mean {s.mean:.5f}, variance {got:.5f} over {s.count} values, CPython's bit for bit"


if __name__ == "__main__":
    print(demo_jitclass())

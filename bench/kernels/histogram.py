"""Histogram: counts of values in equal bins, a new counts array (data-dependent writes)."""

import numpy as np
from harness.cref import f64, function, i64, ptr
from harness.spec import Kernel, exact, rng

JIT = ["histogram"]

BINS = 64


def histogram(x, nbins, lo, hi):
    """Counts of the values of x in nbins equal bins of [lo, hi); values outside are dropped."""
    counts = np.zeros(nbins, np.int64)
    width = (hi - lo) / nbins
    for v in x:
        if lo <= v < hi:
            counts[int((v - lo) / width)] += 1
    return counts


def make_inputs(n):
    return rng(6).standard_normal(n), BINS, -3.0, 3.0


def reference(x, nbins, lo, hi):
    """The same bin arithmetic, vectorised (np.histogram computes bin edges differently)."""
    inside = x[(lo <= x) & (x < hi)]
    return np.bincount(((inside - lo) / ((hi - lo) / nbins)).astype(np.int64), minlength=nbins)


def c_call(lib, x, nbins, lo, hi):
    counts = np.zeros(nbins, np.int64)
    function(lib, "histogram")(ptr(x), i64(x.shape[0]), ptr(counts), i64(nbins), f64(lo), f64(hi))
    return counts


KERNELS = [
    Kernel(
        name="histogram",
        entry="histogram",
        description=f"{BINS}-bin histogram of n normal values, new counts array",
        make_inputs=make_inputs,
        sizes={"quick": (1 << 22,), "full": (1 << 24,)},
        python_sizes={"quick": 1 << 16, "full": 1 << 20},
        check_size=10_000,
        work=lambda n: n,
        check=exact,
        check_note="exact",
        reference=reference,
        c_call=c_call,
        tags=("alloc",),
    )
]

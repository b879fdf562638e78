"""Timing a call: warm-up, repeated samples until the median is stable, median and spread.

A *sample* is the mean time of ``number`` back-to-back calls, ``number`` chosen so that a sample
lasts at least :attr:`Budget.min_sample` seconds (1 for slow calls). Samples are taken until at
least ``min_samples`` are in and the relative interquartile range is below ``stable_spread``, or
until the time budget or ``max_samples`` runs out.
"""

import statistics
import time
from dataclasses import dataclass

CLOCK = time.perf_counter


@dataclass(frozen=True)
class Budget:
    """How long to spend on one timing."""

    min_samples: int
    max_samples: int
    seconds: float
    """Stop taking samples after this long (once min_samples are in)."""
    min_sample: float
    """Shortest sample, in seconds."""
    stable_spread: float = 0.02
    """Stop early once (q75 - q25) / median is below this."""


BUDGETS = {
    "quick": Budget(min_samples=5, max_samples=25, seconds=0.5, min_sample=0.005),
    "full": Budget(min_samples=7, max_samples=50, seconds=2.0, min_sample=0.02),
}
# CPython's calls are long (sizes are chosen for ~20-200 ms) and its figures only set the scale.
PYTHON_BUDGETS = {
    "quick": Budget(min_samples=1, max_samples=3, seconds=0.1, min_sample=0.0),
    "full": Budget(min_samples=3, max_samples=7, seconds=1.0, min_sample=0.0),
}


def relative_iqr(samples):
    """(q75 - q25) / median of the samples (0 with fewer than 2)."""
    if len(samples) < 2:
        return 0.0
    q1, q2, q3 = statistics.quantiles(samples, n=4, method="inclusive")
    return (q3 - q1) / q2 if q2 > 0 else 0.0


def measure(call, budget, first=None):
    """Time ``call()`` (already warm): a dict with the median, spread and samples, in seconds.

    ``first`` is the duration of a call just made (the warm-up), used to pick ``number``.
    """
    if first is None:
        t0 = CLOCK()
        call()
        first = CLOCK() - t0
    number = (
        max(1, int(budget.min_sample / max(first, 1e-9)) + 1) if first < budget.min_sample else 1
    )
    samples = []
    start = CLOCK()
    while True:
        t0 = CLOCK()
        for _ in range(number):
            call()
        samples.append((CLOCK() - t0) / number)
        n = len(samples)
        if n >= budget.max_samples:
            break
        if n >= budget.min_samples:
            if CLOCK() - start > budget.seconds:
                break
            if n >= 5 and relative_iqr(samples) < budget.stable_spread:
                break
    return {
        "median": statistics.median(samples),
        "min": min(samples),
        "spread": relative_iqr(samples),
        "samples": samples,
        "number": number,
    }

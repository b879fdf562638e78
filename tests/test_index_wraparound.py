"""Negative indices count from the end; indices the compiler proves non-negative skip that
wrap-around (a speed-up only): results must match CPython/NumPy either way."""

import numpy as np
import pytest
from conftest import assert_same


def shifted(a):
    out = np.zeros(a.shape[0])
    for i in range(a.shape[0]):
        out[i] = a[i - 1] + a[i - a.shape[0]]
    return out


def reversed_copy(a):
    n = a.shape[0]
    out = np.zeros(n)
    for j in range(n):
        out[j] = a[n - 1 - j]
    return out


def convolve(x, w):
    n = x.shape[0]
    m = w.shape[0]
    out = np.zeros(n - m + 1)
    for i in range(n - m + 1):
        s = 0.0
        for j in range(m):
            s += x[i + j] * w[m - 1 - j]
        out[i] = s
    return out


def from_the_end(a, k):
    return float(a[-k]), float(a[k - 5]), float(a[len(a) - k])


def strided(a):
    s = 0.0
    for i in range(1, a.shape[0], 2):
        s += a[i] * a[i // 2] - a[i % 3]
    return float(s)


def two_d(a):
    n, m = a.shape
    s = 0.0
    for i in range(n):
        for j in range(m):
            s += a[i, m - 1 - j] * a[n - 1 - i, j] + a[i - n, -1 - j]
    return float(s)


@pytest.mark.parametrize("n", [1, 5, 16])
def test_wraparound_and_known_non_negative_indices(n):
    a = np.arange(n, dtype=np.float64) * 1.5 - 2
    assert_same(shifted, a)
    assert_same(reversed_copy, a)
    assert_same(strided, a)
    assert_same(convolve, np.arange(20.0), a[: min(n, 20)])
    if n >= 5:
        assert_same(from_the_end, a, 2)
    assert_same(two_d, np.arange(n * 3.0).reshape(n, 3))

"""`np.dstack` of 1-d arrays (NumPy's `(1, n, k)`) and `Generator.zipf` (NumPy 2's algorithm,
the same numbers from the same seed, NumPy's ValueError), compiled, against NumPy."""

import numpy as np
import pytest
from conftest import assert_same


def dstack(a, b):
    return np.dstack((a, b))


def dstack3(a, b, c):
    return np.dstack((a, b, c))


@pytest.mark.parametrize("dtype", [np.int8, np.int64, np.float32, np.float64, np.complex128])
def test_dstack_of_vectors(dtype):
    a = np.arange(5).astype(dtype)
    assert_same(dstack, a, a[::-1])
    assert_same(dstack3, a, a * 2, a[::-1])
    assert_same(dstack, a[:0], a[:0])


def test_dstack_lengths_that_differ():
    assert_same(dstack, np.arange(3.0), np.arange(4.0))


def zipf(seed, a):
    return np.random.default_rng(seed).zipf(a)


def zipf_sized(seed, a, size):
    return np.random.default_rng(seed).zipf(a, size)


@pytest.mark.parametrize("seed", [0, 5, 2024])
def test_zipf_draws_numpys_numbers(seed):
    for a in (1.0001, 1.5, 2.0, 3.5, 40.0, 1024.9, 1025.0, 5000.0):
        assert_same(zipf, seed, a)
    assert_same(zipf_sized, seed, 1.3, 50)
    assert_same(zipf_sized, seed, 2.5, (3, 4))


def test_zipf_errors():
    for a in (1.0, 0.5, -2.0, float("nan")):
        assert_same(zipf, 0, a)

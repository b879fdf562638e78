"""`np.random.dirichlet` and `np.random.multinomial` (the legacy `RandomState` functions)
compiled, against NumPy: the same numbers from the same seed, `size` None, an integer or a
tuple, `alpha`/`pvals` arrays, lists or tuples; NumPy's ValueErrors."""

import numpy as np
import pytest
from conftest import assert_same


def dirichlet(seed, alpha):
    np.random.seed(seed)
    return np.random.dirichlet(alpha)


def dirichlet_sized(seed, alpha, size):
    np.random.seed(seed)
    return np.random.dirichlet(alpha, size)


def multinomial(seed, n, pvals):
    np.random.seed(seed)
    return np.random.multinomial(n, pvals)


def multinomial_sized(seed, n, pvals, size):
    np.random.seed(seed)
    return np.random.multinomial(n, pvals, size=size)


@pytest.mark.parametrize("seed", [0, 1, 12345])
def test_dirichlet_draws_numpys_numbers(seed):
    assert_same(dirichlet, seed, np.array([0.5, 1.0, 2.5, 10.0]))
    assert_same(dirichlet, seed, [0.2, 0.3])
    assert_same(dirichlet, seed, (1, 2, 3))
    assert_same(dirichlet_sized, seed, np.array([1.0, 2.0]), 5)
    assert_same(dirichlet_sized, seed, np.array([1.0, 2.0, 0.7]), (2, 3))


def test_dirichlet_errors():
    assert_same(dirichlet, 0, np.array([1.0, 0.0]))
    assert_same(dirichlet, 0, np.array([1.0, -2.0]))
    assert_same(dirichlet, 0, np.ones((2, 2)))


@pytest.mark.parametrize("seed", [0, 3, 999])
def test_multinomial_draws_numpys_numbers(seed):
    assert_same(multinomial, seed, 20, np.array([0.2, 0.3, 0.5]))
    assert_same(multinomial, seed, 1000, [0.1, 0.6, 0.05, 0.25])
    assert_same(multinomial, seed, 7, (0.5, 0.5))
    assert_same(multinomial, seed, 0, [0.5, 0.5])
    assert_same(multinomial_sized, seed, 50, np.array([0.25, 0.25, 0.5]), 4)
    assert_same(multinomial_sized, seed, 100, np.array([0.9, 0.1]), (2, 3))
    assert_same(multinomial, seed, 10, np.array([1.0, 0.0, 0.0]))


def test_multinomial_errors():
    assert_same(multinomial, 0, 5, np.array([0.7, 0.6, 0.1]))
    assert_same(multinomial, 0, 5, np.array([-0.1, 1.1]))
    assert_same(multinomial, 0, 5, np.array([0.5, np.nan]))
    assert_same(multinomial, 0, -1, np.array([0.5, 0.5]))
    assert_same(multinomial, 0, 5, np.array([0.6, 0.6, 0.0], np.float32))
    assert_same(multinomial, 0, 5, np.array([0.6, 0.40001, 0.0], np.float32))
    assert_same(multinomial, 0, 5, np.ones((2, 2)) / 4)

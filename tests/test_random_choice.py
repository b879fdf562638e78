"""np.random.choice with replace= and p=: the same stream as NumPy's legacy generator after the
same seed, and NumPy's ValueErrors."""

import numpy as np
import pytest
from conftest import assert_same


def without_replacement(seed, n, k):
    np.random.seed(seed)
    a = np.random.choice(n, k, replace=False)
    b = np.random.choice(n, replace=False)
    c = np.random.random()
    return a, b, c


def array_without_replacement(seed, a, k):
    np.random.seed(seed)
    x = np.random.choice(a, k, replace=False)
    y = np.random.choice(a, (2, 2), False)
    return x, y, np.random.randint(0, 100)


def replace_flag(seed, n, flag):
    np.random.seed(seed)
    return np.random.choice(n, 5, replace=flag), np.random.choice(n, replace=flag)


def with_p(seed, a, p):
    np.random.seed(seed)
    x = np.random.choice(a, 6, p=p)
    y = int(np.random.choice(a, p=p))
    z = np.random.choice(len(a), (2, 3), True, p)
    return x, y, z, np.random.random()


def with_p_without_replacement(seed, a, p, k):
    np.random.seed(seed)
    x = np.random.choice(a, k, replace=False, p=p)
    y = np.random.choice(len(p), replace=False, p=p)
    return x, y, np.random.random()


def choice_args(n, k, replace):
    np.random.seed(0)
    return np.random.choice(n, k, replace=replace)


def choice_p(n, k, replace, p):
    np.random.seed(0)
    return np.random.choice(n, k, replace=replace, p=p)


def choice_scalar(n, replace):
    np.random.seed(0)
    return np.random.choice(n, replace=replace)


@pytest.mark.parametrize("seed", [0, 1, 12345])
@pytest.mark.parametrize("n,k", [(5, 3), (10, 10), (1000, 7), (70000, 3), (3, 0)])
def test_without_replacement_matches_numpy(seed, n, k):
    assert_same(without_replacement, seed, n, k)


@pytest.mark.parametrize("seed", [0, 7])
@pytest.mark.parametrize(
    "a", [np.arange(10.0) * 1.5, np.array([3, 1, 4, 1, 5, 9], np.int32), np.arange(20)[::3]]
)
def test_array_without_replacement(seed, a):
    assert_same(array_without_replacement, seed, a, 4)


@pytest.mark.parametrize("flag", [True, False])
def test_replace_as_a_runtime_value(flag):
    assert_same(replace_flag, 3, 8, flag)


P3 = np.array([0.2, 0.5, 0.3])
P5 = np.array([0.1, 0.0, 0.4, 0.25, 0.25])


@pytest.mark.parametrize("seed", [0, 42])
@pytest.mark.parametrize(
    "a,p",
    [
        (np.array([10, 20, 30]), P3),
        (np.arange(5.0), P5),
        (np.arange(5.0), P5.astype(np.float32)),
        (np.array([7, 8]), np.array([1.0, 0.0])),
        (np.arange(4), np.array([0.25, 0.25, 0.25, 0.25])[::-1]),
    ],
)
def test_p_matches_numpy(seed, a, p):
    assert_same(with_p, seed, a, p)


@pytest.mark.parametrize("seed", [0, 5, 99])
@pytest.mark.parametrize("k", [1, 3, 4])
def test_p_without_replacement_matches_numpy(seed, k):
    assert_same(with_p_without_replacement, seed, np.arange(5) * 10, P5, k)


@pytest.mark.parametrize(
    "n,k,replace",
    [(5, 6, False), (0, 1, False), (0, 0, False), (0, 0, True), (3, -1, False), (3, -1, True)],
)
def test_numpys_errors(n, k, replace):
    assert_same(choice_args, n, k, replace)


@pytest.mark.parametrize("n", [0, -2])
@pytest.mark.parametrize("replace", [True, False])
def test_empty_population_without_size(n, replace):
    assert_same(choice_scalar, n, replace)


@pytest.mark.parametrize(
    "n,k,replace,p",
    [
        (3, 2, True, np.array([0.5, 0.5])),
        (3, 2, True, np.array([0.5, 0.6, 0.1])),
        (3, 2, True, np.array([0.5, np.nan, 0.1])),
        (3, 2, True, np.array([1.5, -0.5, 0.0])),
        (3, 3, False, np.array([0.5, 0.5, 0.0])),
        (3, 2, False, np.array([0.5, 0.5, 0.0])),
        (3, 2, True, np.array([0.3333, 0.3333, 0.3334], np.float32)),
        (3, 2, True, np.array([0.33333333, 0.33333333, 0.33333333])),
        (3, 2, True, np.array([0.333, 0.333, 0.333], np.float32)),
    ],
)
def test_p_errors_and_tolerance(n, k, replace, p):
    assert_same(choice_p, n, k, replace, p)


def empty_array_choice(a):
    return np.random.choice(a)


def test_empty_array():
    assert_same(empty_array_choice, np.zeros(0))

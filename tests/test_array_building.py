"""np.array from list displays and tuples (nested, of numbers or arrays), np.concatenate,
np.stack, np.vstack, np.hstack. Compared with NumPy exactly, or the same exception."""

import numpy as np
import pytest
from conftest import assert_same


def literals(x):
    return (
        np.array([1, 2, 3]),
        np.array([1.5, x, 3]),
        np.array([[1, 2], [3, 4]]),
        np.array(((x, 0.0), (1.0, x)), dtype=np.float32),
        np.array([True, False]),
        np.array([1, 2], np.int8),
        np.array([[[1, 2]], [[3, 4]]]),
    )


def from_arrays(a, b):
    return np.array([a, b]), np.array((a, a, b)), np.array(a)


def joins(a, b):
    return (
        np.concatenate((a, b)),
        np.concatenate([a, b, a], axis=0),
        np.stack((a, b)),
        np.stack([a, b], axis=-1),
        np.vstack((a, b)),
        np.hstack((a, b)),
    )


def joins2(a, b):
    return (
        np.concatenate((a, b), axis=1),
        np.concatenate((a, b), axis=0),
        np.stack((a, b), axis=1),
        np.vstack([a, b]),
        np.hstack([a, b]),
    )


def concat(a, b):
    return np.concatenate((a, b), axis=1)


def stack(a, b):
    return np.stack((a, b))


def test_literals():
    assert_same(literals, 2.5)


@pytest.mark.parametrize(
    "a,b",
    [
        (np.arange(3.0), np.arange(3.0) * 2),
        (np.arange(4, dtype=np.int32), np.arange(4) - 2),
        (np.arange(6.0)[::2], np.ones(3, dtype=np.float32)),
    ],
)
def test_joining_vectors(a, b):
    assert_same(from_arrays, a, b)
    assert_same(joins, a, b)


def test_joining_matrices():
    a = np.arange(6.0).reshape(2, 3)
    b = np.asfortranarray(np.arange(6.0).reshape(2, 3) + 10)
    assert_same(joins2, a, b)


def test_joining_errors():
    assert_same(concat, np.zeros((2, 3)), np.zeros((3, 3)))
    assert_same(stack, np.zeros(3), np.zeros(4))


def grids(x, y):
    gx, gy = np.meshgrid(x, y)
    return gx, gy, np.meshgrid(y, x)[0]


def test_meshgrid():
    assert_same(grids, np.arange(3.0), np.arange(4) * 2)
    assert_same(grids, np.linspace(0, 1, 5)[::2], np.arange(2.0))

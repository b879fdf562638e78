"""a.flat (iteration in C order, a.flat[i] reads and writes) and np.nditer (the items in memory
order, as numbers: x.item() works as on NumPy's 0-d items)."""

import numpy as np
import pytest
from conftest import assert_same

LAYOUTS = [
    np.arange(12.0).reshape(3, 4),
    np.asfortranarray(np.arange(12.0).reshape(3, 4)),
    np.arange(24.0).reshape(4, 6)[::2, ::-3],
    np.arange(5),
    np.arange(24.0).reshape(4, 6).T[::2],
    np.arange(60.0).reshape(3, 4, 5)[:, ::-1, ::2],
]


def flat_walk(a):
    out = np.zeros(a.size)
    for k, x in enumerate(a.flat):
        out[k] = x
    return out


def flat_index(a):
    b = a.copy()
    b.flat[1] = -5
    return a.flat[0].item(), a.flat[-1].item(), a.flat[a.size // 2].item(), b


def nditer_walk(a):
    out = np.zeros(a.size)
    for k, x in enumerate(np.nditer(a)):
        out[k] = x.item()
    return out


def flat_error(a):
    return a.flat[100]


@pytest.mark.parametrize("a", LAYOUTS, ids=range(len(LAYOUTS)))
def test_flat_and_nditer(a):
    assert_same(flat_walk, a)
    assert_same(nditer_walk, a)
    assert_same(flat_index, a)
    assert_same(flat_error, a)

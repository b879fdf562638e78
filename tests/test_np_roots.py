"""`np.roots` (the companion matrix's eigenvalues) and `np.broadcast_arrays`, compared with
NumPy: values, dtypes, shapes and NumPy's errors."""

import numpy as np
import pytest
from conftest import assert_same


def roots(p):
    return np.roots(p)


ROOTS = [
    np.array([1.0, -3.0, 2.0]),
    np.array([0, 1, -3, 2, 0, 0]),  # leading and trailing zeros; ints become float64
    np.array([1, -6, 11, -6], np.int32),
    np.array([0.0, 0.0]),
    np.array([5.0]),
    np.zeros(0),
    np.array([1 + 0j, 0, 1]),
    np.array([2.0, 0.0, -8.0], np.float32),
    np.array([1j, 2, -1j, 0]),
    np.arange(4.0).reshape(2, 2),  # NumPy's "rank-1" ValueError
]


@pytest.mark.parametrize("p", ROOTS, ids=range(len(ROOTS)))
def test_roots(p):
    assert_same(roots, p)


def test_roots_complex_of_real_refused():
    # Real coefficients whose roots are complex: eigvals' ValueError (a type fixed when
    # compiling); complex coefficients give NumPy's roots.
    from oxjit import njit

    with pytest.raises(ValueError, match="complex eigenvalues"):
        njit(roots)(np.array([1.0, 0.0, 1.0]))
    assert_same(roots, np.array([1.0, 0.0, 1.0]).astype(np.complex128))


def broadcast3(x, y, z):
    a, b, c = np.broadcast_arrays(x, y, z)
    return a.copy(), b.copy(), c.copy(), a.shape


def broadcast1(x):
    return np.broadcast_arrays(x)[0].copy()


def test_broadcast_arrays():
    x, y, z = np.arange(3.0), np.ones((2, 1), np.int32), np.array([[[True]]])
    assert_same(broadcast3, x, y, z)
    assert_same(broadcast3, x, x, x[::-1])
    assert_same(broadcast3, np.ones((4, 1, 3)), y, x)
    assert_same(broadcast3, x, np.ones(4), y)  # NumPy's shape mismatch message
    assert_same(broadcast1, y)

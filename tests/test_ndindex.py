"""np.ndindex: every index of a shape in C order, as tuples."""

import numpy as np
from conftest import assert_same


def visit(a):
    total = 0.0
    count = 0
    for idx in np.ndindex(a.shape):
        total += a[idx] * (count + 1)
        count += 1
    return float(total), count


def visit_dims(n, m):
    out = np.zeros((n, m), dtype=np.int64)
    for k, (i, j) in enumerate(np.ndindex(n, m)):
        out[i, j] = k
    return out


def test_ndindex():
    assert_same(visit, np.arange(24.0).reshape(2, 3, 4))
    assert_same(visit, np.arange(5.0))
    assert_same(visit_dims, 3, 4)
    assert_same(visit_dims, 0, 4)

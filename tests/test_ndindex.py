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


def visit_shape(shape):
    out = []
    for idx in np.ndindex(shape):
        out.append(idx)  # noqa: PERF402 - the loop is what is tested
    return out


def test_ndindex_shapes():
    # The indices are kept and stepped (no division per index): every carry across axes.
    for shape in [(1, 1), (2, 1, 3), (1, 5), (3, 1), (4, 2, 3), (0, 3), (3, 0), (2, 0, 2), (7,)]:
        assert_same(visit_shape, shape)
    assert_same(visit, np.arange(60.0).reshape(3, 4, 5)[:, ::2, ::-1])
    assert_same(visit, np.arange(2.0).reshape(1, 2, 1, 1))

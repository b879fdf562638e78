"""The direct paths of vector products and of ``np.outer``, compared exactly with NumPy:
``np.dot(x, y)`` / ``x @ y`` of two vectors of the result's float or complex type (the runtime's
vector path: NumPy's ``@TYPE@_dot``, with ``np.dot``'s contiguous copy of operands BLAS cannot
take, its multiplication for one element and its errors), the loops over rows that call it
(NPBench's cholesky, durbin, trmm, spmv, symm), and ``np.outer`` of every element type into
its typed rows. Lengths past BLAS's unrolling (17, 300) make BLAS and a plain loop round
differently, so each must take NumPy's path."""

import numpy as np
import pytest
from test_linalg import check, layouts, random

FLOATS = [np.float64, np.float32, np.complex128, np.complex64]


def dot_fn(a, b):
    return np.dot(a, b)


def matmul_op(a, b):
    return a @ b


def dot_method(a, b):
    return a.dot(b)


def vector_layouts(v):
    """C, every third item, reversed (negative stride), and a reversed view of every other item."""
    return layouts(v, ("C", "strided", "reversed")) + [np.repeat(v, 2)[::-2]]


@pytest.mark.parametrize("fn", [dot_fn, matmul_op, dot_method], ids=lambda f: f.__name__)
@pytest.mark.parametrize("n", [0, 1, 2, 3, 17, 300])
@pytest.mark.parametrize("dtype", FLOATS, ids=lambda d: np.dtype(d).name)
def test_vector_products(fn, n, dtype):
    for a in vector_layouts(random(n, dtype, 1)):
        for b in vector_layouts(random(n, dtype, 2)):
            check(fn, a, b)


@pytest.mark.parametrize("fn", [dot_fn, matmul_op], ids=lambda f: f.__name__)
def test_vector_products_repeated_item(fn):
    # A zero stride (np.broadcast_to): np.dot copies it, @ reads it in place.
    for n in (1, 5, 40):
        a = np.broadcast_to(np.float64(1.0 / 3.0), (n,))
        check(fn, a, random(n, np.float64, 3))
        check(fn, random(n, np.complex64, 4), np.broadcast_to(np.complex64(0.1 - 0.7j), (n,)))


@pytest.mark.parametrize("fn", [dot_fn, matmul_op], ids=lambda f: f.__name__)
@pytest.mark.parametrize("lengths", [(3, 2), (1, 2), (2, 1), (0, 1)], ids=str)
@pytest.mark.parametrize("dtype", [np.float64, np.complex64], ids=lambda d: np.dtype(d).name)
def test_vector_products_length_mismatch(fn, lengths, dtype):
    check(fn, random(lengths[0], dtype, 1), random(lengths[1], dtype, 2))


@pytest.mark.parametrize("fn", [dot_fn, matmul_op], ids=lambda f: f.__name__)
def test_vector_products_other_types(fn):
    # Operands of other types than the result's keep the general path (converted first).
    check(fn, random(17, np.float32, 1), random(17, np.float64, 2))
    check(fn, random(17, np.int64, 1), random(17, np.float64, 2))
    check(fn, random(17, np.int32, 1), random(17, np.int32, 2))
    check(fn, random(17, np.float64, 1), random(17, np.complex128, 2))


@pytest.mark.parametrize("fn", [dot_fn, matmul_op], ids=lambda f: f.__name__)
def test_vector_products_special_values(fn):
    a = np.array([1.0, np.nan, -0.0, np.inf])
    b = np.array([0.0, 1.0, -0.0, 2.0])
    check(fn, a, b)
    check(fn, a[2:3], b[2:3])  # one element: np.dot multiplies (-0.0 * -0.0), @ adds to 0.0
    check(fn, -a[2:3], b[2:3])


def cholesky_rows(a):
    # NPBench's cholesky: np.dot of contiguous row slices, lengths 0 to n - 1.
    a = a.copy()
    a[0, 0] = np.sqrt(a[0, 0])
    for i in range(1, a.shape[0]):
        for j in range(i):
            a[i, j] -= np.dot(a[i, :j], a[j, :j])
            a[i, j] /= a[j, j]
        a[i, i] -= np.dot(a[i, :i], a[i, :i])
        a[i, i] = np.sqrt(a[i, i])
    return a


def durbin(r):
    # NPBench's durbin: np.dot of a reversed (negative-stride) slice.
    y = np.empty_like(r)
    alpha = -r[0]
    beta = 1.0
    y[0] = -r[0]
    for k in range(1, r.shape[0]):
        beta *= 1.0 - alpha * alpha
        alpha = -(r[k] + np.dot(np.flip(r[:k]), y[:k])) / beta
        y[:k] += alpha * np.flip(y[:k])
        y[k] = alpha
    return y


def column_dots(a, b):
    # NPBench's trmm and symm: strided column slices with contiguous and strided ones.
    out = np.zeros((a.shape[0], b.shape[1]), a.dtype)
    for i in range(a.shape[0]):
        for j in range(b.shape[1]):
            out[i, j] = np.dot(a[i + 1 :, i], b[i + 1 :, j]) + b[:i, j] @ a[i, :i]
    return out


def spmv(rows, cols, vals, x):
    # NPBench's spmv: a gathered vector (x[cols]) with a slice.
    y = np.empty(rows.size - 1, vals.dtype)
    for i in range(rows.size - 1):
        y[i] = vals[rows[i] : rows[i + 1]] @ x[cols[rows[i] : rows[i + 1]]]
    return y


@pytest.mark.parametrize("dtype", FLOATS, ids=lambda d: np.dtype(d).name)
def test_loops_of_vector_products(dtype):
    n = 24
    g = random((n, n), dtype, 5)
    spd = (g @ g.conj().T + n * np.eye(n)).astype(dtype)
    if np.dtype(dtype).kind == "f":
        check(cholesky_rows, spd)
    if dtype is np.float64:
        # (float32 differs before any product: NumPy 2 keeps `1.0 - alpha * alpha` float32.)
        check(durbin, random(n, dtype, 6) * 0.1)
    check(column_dots, random((n, n), dtype, 7), random((n, n + 3), dtype, 8))
    rng = np.random.default_rng(9)
    rows = np.concatenate(([0], np.cumsum(rng.integers(0, 5, n)))).astype(np.int64)
    cols = rng.integers(0, n, rows[-1]).astype(np.int64)
    check(spmv, rows, cols, random(rows[-1], dtype, 10), random(n, dtype, 11))


def outer(a, b):
    return np.outer(a, b)


@pytest.mark.parametrize(
    "dtype", FLOATS + [np.int64, np.int8, np.bool_], ids=lambda d: np.dtype(d).name
)
def test_outer_typed_rows(dtype):
    for sa, sb in [((37,), (65,)), ((4, 5), (3, 7)), ((0,), (9,)), ((9,), (0,))]:
        for a in layouts(random(sa, dtype, 1), ("C", "F", "strided", "reversed")):
            for b in layouts(random(sb, dtype, 2), ("C", "reversed")):
                check(outer, a, b)


@pytest.mark.parametrize(
    "types", [(np.float32, np.float64), (np.int64, np.float32), (np.int8, np.complex64),
              (np.complex64, np.float64), (np.bool_, np.float64), (np.uint8, np.int16)],
    ids=str,
)  # fmt: skip
def test_outer_converted_operands(types):
    check(outer, random(33, types[0], 1), random(19, types[1], 2))
    check(outer, random((3, 4), types[0], 3)[:, ::-1], random(19, types[1], 4)[::2])


def test_outer_special_values():
    a = np.array([np.nan, -0.0, np.inf, 1.0])
    b = np.array([0.0, -1.0, np.inf])
    check(outer, a, b)
    c = np.array([1 + 2j, np.nan + 1j, -0.0 - 0.0j], np.complex128)
    check(outer, c, c[::-1])

"""`np.logspace`, `np.geomspace`, the window functions (`np.hanning`, `np.hamming`,
`np.blackman`, `np.bartlett`, `np.kaiser`), `np.unwrap`, `np.kron` and `np.vdot`, compared
with NumPy bit for bit (values, dtypes, shapes) and by exception class and message."""

import numpy as np
import pytest
from conftest import assert_same


def logspace(a, b, n):
    return np.logspace(a, b, n)


def logspace_args(a, b, n):
    return np.logspace(a, b, n, False, 2.0), np.logspace(a, b, num=n, base=3, endpoint=True)


def logspace_dtype(a, b):
    return np.logspace(a, b, 7, dtype=np.float32), np.logspace(a, b, 4, dtype=np.int64)


def geomspace(a, b, n):
    return np.geomspace(a, b, n)


def geomspace_args(a, b, n):
    return np.geomspace(a, b, n, endpoint=False), np.geomspace(a, b, n, dtype=np.float32)


@pytest.mark.parametrize(
    "a, b", [(0.0, 2.0), (-1.5, 3.25), (2, -3), (1.0, 1000.0), (-1.0, -1e-3), (3, 3)]
)
def test_logspace_geomspace(a, b):
    for n in (0, 1, 2, 5, 50, -1):
        assert_same(logspace, a, b, n)
        assert_same(logspace_args, a, b, n)
        assert_same(geomspace, a, b, n)
        assert_same(geomspace_args, a, b, n)
    assert_same(logspace_dtype, a, b)


def test_geomspace_errors():
    assert_same(geomspace, 0.0, 2.0, 3)
    assert_same(geomspace, 1, 0, 3)
    assert_same(geomspace, -1.0, 8.0, 4)  # NaN after the first, as NumPy


def windows(m):
    return np.hanning(m), np.hamming(m), np.blackman(m), np.bartlett(m)


def kaiser(m, beta):
    return np.kaiser(m, beta)


@pytest.mark.parametrize("m", [-2, 0, 1, 2, 3, 4, 5, 12, 51, 256])
def test_windows(m):
    assert_same(windows, m)
    for beta in (0.0, 2.0, 8.6, 14, -3.0, 40.0):
        assert_same(kaiser, m, beta)


def unwrap(p):
    return np.unwrap(p)


def unwrap_args(p):
    return np.unwrap(p, discont=4.0), np.unwrap(p, period=1.5), np.unwrap(p, 0.5, -1)


@pytest.mark.parametrize(
    "p",
    [
        np.array([0.0, 3.0, 6.5, 0.5, -6.0, 12.0, -np.pi, np.pi, 0.0]),
        np.linspace(0.0, 40.0, 23)[::-1],
        np.array([0.0, 3.0, 6.5, 0.5, -6.0], np.float32),
        np.array([0, 4, 9, -2, 14]),
        np.array([1.0]),
        np.zeros(0),
    ],
    ids=range(6),
)
def test_unwrap(p):
    assert_same(unwrap, p)
    assert_same(unwrap_args, p)


def kron(a, b):
    return np.kron(a, b)


def kron_values(a, b):
    # Where an input is not C-ordered, NumPy may lay its result out otherwise (a difference
    # the docs state): the values compared in a C copy.
    return np.ascontiguousarray(np.kron(a, b))


KRON = [
    np.arange(3.0),
    np.array([[1, 2], [3, 4]], np.int8),
    np.asfortranarray(np.arange(6.0).reshape(2, 3)),
    np.arange(12.0).reshape(3, 4)[::2, ::-1],
    np.array([1 + 2j, -1j]),
    np.array([True, False]),
    np.arange(8, dtype=np.uint16).reshape(2, 2, 2),
    np.zeros((0, 2)),
]


@pytest.mark.parametrize("a", KRON, ids=range(len(KRON)))
def test_kron(a):
    for b in KRON:
        assert_same(kron_values, a, b)
        if a.flags.c_contiguous and b.flags.c_contiguous:
            assert_same(kron, a, b)


def vdot(a, b):
    return float(np.vdot(a, b))  # a NumPy scalar in NumPy, a Python number compiled


def vdot_complex(a, b):
    return complex(np.vdot(a, b))


def test_vdot():
    assert_same(vdot, np.arange(4.0), np.arange(4.0)[::-1])
    assert_same(vdot, np.arange(6.0).reshape(2, 3), np.ones((3, 2)))
    assert_same(vdot_complex, np.array([1 + 2j, 3 - 1j]), np.array([2 - 1j, 1j]))
    assert_same(vdot, np.arange(3.0), np.arange(4.0))


def indices(shape):
    return np.indices(shape)


def indices_dtype(shape):
    return np.indices(shape, dtype=np.int8), np.indices(shape, np.float32)


def test_indices():
    for shape in ((3,), (2, 3), (2, 0, 4), (1, 2, 1, 3)):
        assert_same(indices, shape)
        assert_same(indices_dtype, shape)


def divmod_(a, b):
    return np.divmod(a, b)


def divmod_numbers(a, b):
    q, r = np.divmod(a, b)
    return float(q), float(r)


def test_divmod():
    f = np.array([-3.5, -2.0, 0.0, 1.5, 7.25, np.inf, np.nan])
    i = np.array([-7, -3, 0, 4, 9])
    assert_same(divmod_, f, 2.0)
    assert_same(divmod_, f, f[::-1])
    assert_same(divmod_, i, 3)
    assert_same(divmod_, i, i[::-1])
    assert_same(divmod_numbers, 7.5, -2.0)
    assert_same(divmod_numbers, -7, 2)
    assert_same(divmod_numbers, 3.0, 0.0)


def nanpercentile(a, q):
    return float(np.nanpercentile(a, q))  # (a NumPy scalar in NumPy)


def nanquantile(a, q):
    return float(np.nanquantile(a, q))


def test_nan_quantiles():
    for a in (
        np.array([3.0, np.nan, 1.0, 7.5, -2.0, np.nan]),
        np.array([[np.nan, 2.0], [5.0, 0.5]], np.float32),
        np.array([np.nan, np.nan]),
        np.zeros(0),
    ):
        for q in (0, 30.0, 50, 99.5, 100.0, 101.0, -1.0):
            assert_same(nanpercentile, a, q)
            assert_same(nanquantile, a, q / 100)
        assert_same(nanquantile, a, 1.5)


def shapes2(a, b):
    return np.broadcast_shapes(a, b)


def shapes3(a, b, c):
    return np.broadcast_shapes(a, b, c)


def test_broadcast_shapes():
    for a, b in (
        ((2,), (3,)),
        ((3,), 4),
        (3, (1,)),
        ((2, 1), (1, 3)),
        ((0, 1), (1, 5)),
        ((2, -1), (1,)),
    ):
        assert_same(shapes2, a, b)
    for a, b, c in (
        ((2, 1), (1, 3), (4, 3)),
        ((5, 1), (1,), (2, 3, 7)),
        ((1, 3), (2, 1), (5, 2, 3)),
    ):
        assert_same(shapes3, a, b, c)

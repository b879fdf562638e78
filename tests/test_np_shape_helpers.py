"""`np.asfortranarray`, `np.atleast_1d/2d/3d` (views sharing the array's memory, as NumPy's, or
the array itself), `np.isscalar`/`np.iscomplexobj`/`np.isrealobj` and `np.nan_to_num`, compared
with NumPy."""

import numpy as np
import oxjit
import pytest
from conftest import assert_diagnostic, assert_same, compile_error


def fortran(a):
    return np.asfortranarray(a)  # (compared with its layout flags)


def atleast(a):
    return np.atleast_1d(a), np.atleast_2d(a), np.atleast_3d(a)


def atleast_written(a):
    v = np.atleast_3d(a)
    v[0, 0, 0] = -1  # a view: the caller's array changes
    return v.shape, a


def questions(x):
    return np.isscalar(x), np.iscomplexobj(x), np.isrealobj(x)


ARRAYS = [
    np.arange(6.0).reshape(2, 3),
    np.asfortranarray(np.arange(6.0).reshape(2, 3)),
    np.arange(24, dtype=np.int32).reshape(4, 6)[::2, ::-3],
    np.arange(5, dtype=np.complex128),
    np.arange(10)[::-2],
    np.arange(24.0).reshape(2, 3, 4),
    np.zeros((0, 3)),
]


@pytest.mark.parametrize("a", ARRAYS, ids=range(len(ARRAYS)))
def test_layout_helpers(a):
    assert_same(fortran, a)
    assert_same(atleast, a)
    if a.size:
        assert_same(atleast_written, a.copy())
    assert_same(questions, a)


def atleast_several(a, b, c):
    # NumPy 2's tuple of each one's result (a view, or the array itself).
    return np.atleast_1d(a, b), np.atleast_2d(a, b, c), np.atleast_3d(c, a)


def atleast_several_written(a, b):
    x, y = np.atleast_2d(a, b)
    x[0, 0] = 100
    y[0, -1] = -5
    return x, y


def atleast_of_lists():
    # Lists are converted as NumPy's asarray does (see test_np_sequence_args.py).
    return np.atleast_2d([1, 2, 3], [[1.5], [2.5]])


@pytest.mark.parametrize(
    "a, b, c",
    [
        (np.arange(3), np.ones((2, 2)), np.array(4.5)),
        (np.array(1), np.arange(24.0).reshape(2, 3, 4), np.arange(6).reshape(2, 3).T),
        (np.arange(10)[::3], np.zeros((2, 1), dtype=np.float32), np.arange(4) > 1),
    ],
)
def test_atleast_several_arrays(a, b, c):
    assert_same(atleast_several, a, b, c)
    assert_same(atleast_several_written, a.copy(), b.copy())


def test_atleast_several_lists():
    assert_same(atleast_of_lists)


def test_atleast_zero_d():
    assert_same(atleast, np.array(2.5))
    assert_same(atleast_written, np.array(7))
    assert_same(questions, np.array(1j))


def test_questions_numbers():
    for x in (1, 2.5, 1j, True, np.float32(2), np.complex64(1j), (1.0, 2j), (1, 2), "text"):
        assert_same(questions, x)


def nan_to_num(a):
    return np.nan_to_num(a)


def nan_to_num_number(x):
    return np.full(1, np.nan_to_num(x))


def nan_to_num_given(a):
    return np.nan_to_num(a, nan=-1.0, posinf=1e30, neginf=-2)


def nan_to_num_in_place(a):
    b = np.nan_to_num(a, copy=False, nan=7.0)
    return b, a


SPECIAL = np.array([0.0, np.nan, np.inf, -np.inf, -0.0, 1.5, 3e38, -np.nan, 1e300])


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int32, np.bool_])
def test_nan_to_num(dtype):
    with np.errstate(all="ignore"):
        a = SPECIAL.astype(dtype)
    m = np.resize(a, 12).reshape(3, 4)
    for x in (a, a[::-2], m, np.asfortranarray(m), m[:, ::2]):
        assert_same(nan_to_num, x)
        assert_same(nan_to_num_given, x)
        assert_same(nan_to_num_in_place, x)
    for v in a[:4]:
        if dtype == np.float32 and np.isnan(v):
            continue  # (a NaN float32 argument does not compare equal to itself afterwards)
        assert_same(nan_to_num_number, v)


def broadcast(a):
    return np.broadcast_to(a, (2, 3, 4))


def broadcast_int(a, n):
    return np.broadcast_to(a, n)


def broadcast_rows(a, k):
    return np.broadcast_to(a, (k, a.shape[0]))


@pytest.mark.parametrize(
    "a",
    [
        np.arange(4.0),
        np.arange(3)[:, None],
        np.ones((2, 1, 4), np.int8),
        np.array(5.0),
        np.arange(12).reshape(3, 4)[:, ::-1],
        np.arange(8.0)[::2],
        np.arange(5.0),
    ],
)
def test_broadcast_to(a):
    # A read-only view (compared with its flags); NumPy's ValueError where it cannot stretch.
    assert_same(broadcast, a)
    if a.ndim <= 1:
        assert_same(broadcast_int, a, 4)
        assert_same(broadcast_int, a, -1)
    if a.ndim == 1:
        assert_same(broadcast_rows, a, 3)
        assert_same(broadcast_rows, a, 0)
        assert_same(broadcast_rows, a, -2)


@pytest.mark.requires_jit
def test_broadcast_to_more_dimensions():
    a = np.ones((2, 3))
    with pytest.raises(ValueError, match="input operand has more dimensions"):
        broadcast_int(a, 3)
    exc = compile_error(broadcast_int, a, 3)
    msg = assert_diagnostic(exc, broadcast_int, "np.broadcast_to(a, n)", oxjit.errors.TypingError)
    assert "input operand has more dimensions than allowed by the axis remapping" in msg, msg


def column_stack(a, b):
    return np.column_stack((a, b))


def dstack(a, b):
    return np.dstack((a, b))


def test_column_stack_dstack():
    v = np.arange(4.0)
    m = np.arange(12).reshape(3, 4)
    assert_same(column_stack, v, v[::-1] * 2)
    assert_same(column_stack, v.astype(np.int8), v)
    assert_same(column_stack, m, m[:, :2])
    assert_same(column_stack, np.asfortranarray(m), m)
    assert_same(column_stack, m, m[:2])  # NumPy's ValueError: the lengths differ
    assert_same(dstack, m, m * 2)
    assert_same(dstack, np.asfortranarray(m), m.astype(np.float32))
    t = np.arange(24).reshape(2, 3, 4)
    assert_same(dstack, t, t[:, :, :1])
    assert_same(dstack, t, t[:1])  # NumPy's ValueError


# (NumPy's results are NumPy scalars, compiled ones numbers: compared as 1-item arrays.)
def trapezoid(y):
    return np.full(1, np.trapezoid(y))


def trapezoid_x(y, x):
    return np.full(1, np.trapezoid(y, x))


def trapezoid_dx(y, dx):
    return np.full(1, np.trapezoid(y, dx=dx))


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64, np.int8])
def test_trapezoid(dtype):
    y = (np.sin(np.arange(300) * 0.37) * 50).astype(dtype)
    x = np.cumsum(np.abs(np.cos(np.arange(300) * 0.1)))
    for v in (y, y[::-3], y[:1], y[:0], y[:2]):
        assert_same(trapezoid, v)
        assert_same(trapezoid_dx, v, 0.25)
        assert_same(trapezoid_dx, v, 3)
        assert_same(trapezoid_x, v, x[: v.size])
        assert_same(trapezoid_x, v, x[: v.size].astype(np.float32))
    assert_same(trapezoid_x, y[:5], x[:2])  # one difference, broadcast
    assert_same(trapezoid_x, y[:2], x[:5])  # one sum, broadcast
    assert_same(trapezoid_x, y[:5], x[:4])  # NumPy's ValueError


def moveaxis(a):
    return np.moveaxis(a, 0, -1), np.moveaxis(a, -1, 0), np.moveaxis(a, (0, 1), (2, 0))


def moveaxis_bad_axis(a):
    return np.moveaxis(a, 3, 0)


def moveaxis_repeated(a):
    return np.moveaxis(a, (0, 0), (1, 2))


def moveaxis_lengths(a):
    return np.moveaxis(a, (0, 1), (1,))


@pytest.mark.parametrize(
    "a",
    [
        np.arange(24.0).reshape(2, 3, 4),
        np.asfortranarray(np.arange(24).reshape(2, 3, 4)),
        np.arange(48).reshape(4, 3, 4)[::2, :, ::-1],
    ],
)
def test_moveaxis(a):
    assert_same(moveaxis, a)


@pytest.mark.requires_jit
def test_moveaxis_errors():
    a = np.zeros((2, 3, 4))
    for fn, snippet, text in [
        (moveaxis_bad_axis, "np.moveaxis(a, 3, 0)", "source: axis 3 is out of bounds"),
        (moveaxis_repeated, "np.moveaxis(a, (0, 0), (1, 2))", "repeated axis in `source`"),
        (moveaxis_lengths, "np.moveaxis(a, (0, 1), (1,))", "must have the same number"),
    ]:
        with pytest.raises(ValueError, match=text.replace("(", r"\(")):
            fn(a)
        msg = assert_diagnostic(compile_error(fn, a), fn, snippet, oxjit.errors.TypingError)
        assert text in msg, msg


def tri_indices(n, k, m):
    return np.tril_indices(n, k, m), np.triu_indices(n, k, m)


def tri_indices_square(n):
    return np.tril_indices(n), np.triu_indices(n, 1)


def tri_indices_from(a, k):
    return np.tril_indices_from(a, k), np.triu_indices_from(a)


def test_tri_indices():
    for n, k, m in [(4, 0, 4), (3, 1, 5), (5, -2, 3), (0, 0, 3), (3, 7, 2), (3, -9, 4), (-1, 0, 2)]:
        assert_same(tri_indices, n, k, m)
    for n in (0, 1, 4):
        assert_same(tri_indices_square, n)
    assert_same(tri_indices_from, np.zeros((3, 5)), -1)
    assert_same(tri_indices_from, np.zeros((4, 2), order="F"), 2)


def append(a, v):
    return np.append(a, v)


def test_append():
    m = np.arange(6).reshape(2, 3)
    for a, v in [(np.arange(3.0), np.arange(2.0)), (m, np.asfortranarray(m)), (m.T[::-1], 7),
                 (np.arange(4, dtype=np.float32), 1.5), (np.arange(4, dtype=np.int8), m),
                 (np.zeros(0), np.array(3)), (np.array([True]), False), (2.5, m)]:  # fmt: skip
        assert_same(append, a, v)


def diagflat(v, k):
    return np.diagflat(v, k)


def test_diagflat():
    m = np.arange(1, 7).reshape(2, 3)
    for v in (np.arange(3.0), m, np.asfortranarray(m), m[:, ::-2], np.zeros(0)):
        for k in (0, 2, -1):
            assert_same(diagflat, v, k)


def fill_diagonal(a, v):
    np.fill_diagonal(a, v)
    return a


def fill_diagonal_wrap(a, v):
    r = np.fill_diagonal(a, v, wrap=True)
    return a, r is None


def test_fill_diagonal():
    for a in (np.zeros((3, 3)), np.zeros((5, 3)), np.zeros((2, 4), np.int32), np.zeros((7, 2)),
              np.asfortranarray(np.zeros((4, 3))), np.zeros((6, 8))[::2, 1::2],
              np.zeros((3, 3, 3)), np.zeros((2, 2, 2, 2)), np.zeros((0, 3))):  # fmt: skip
        assert_same(fill_diagonal, a, 7.5)
        assert_same(fill_diagonal_wrap, a, 2)
    assert_same(fill_diagonal, np.zeros((2, 3, 3)), 1)  # NumPy's ValueError


def shape_of(a):
    return np.shape(a), np.shape(2.5)


def c_types(x):
    return np.full(1, np.intc(x)), np.full(1, np.uintc(x)), np.full(1, np.uintp(x))


def test_shape_and_c_types():
    for a in (np.zeros((2, 3)), np.zeros(4)[::2], np.array(1.0), np.zeros((0, 1, 2), order="F")):
        assert_same(shape_of, a)
    for x in (3, 7.9, True):
        assert_same(c_types, x)

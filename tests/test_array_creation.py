"""Arrays made in compiled code: np.empty/zeros/ones/full (+ _like), arange, linspace, eye,
identity, copies and conversions, reshape/ravel/flatten/transpose. Compared with NumPy exactly:
dtype, shape and every element (see `same_array` in conftest), or the same exception."""

import numpy as np
import pytest
from conftest import assert_same, compile_error, jitted, pure_python, same_value


def zeros1(n):
    return np.zeros(n)


def zeros2(n, m):
    return np.zeros((n, m))


def ones_int32(n):
    return np.ones((n, 2), dtype=np.int32)


def ones_kw_float(n):
    return np.ones(n, dtype=float)


def zeros_dtype_string(n):
    return np.zeros(n, "int16")


def zeros_bool(n):
    return np.zeros(n, np.bool_)


def zeros_complex(n):
    return np.zeros((2, n), dtype=np.complex64)


def full_int(n):
    return np.full(n, 3)


def full_float(n, x):
    return np.full((n, n), x)


def full_with_dtype(n):
    return np.full(n, 2.7, dtype=np.int64)


def full_float32(n):
    return np.full(n, np.float32(1.5))


def empty_shape(n):
    return np.empty((n, 3)).shape


def like(a):
    return np.zeros_like(a), np.ones_like(a), np.full_like(a, 7), np.empty_like(a).shape


def like_dtype(a):
    return np.zeros_like(a, dtype=np.float32), np.ones_like(a, np.int8)


def zeros_of_dtype_of(a):
    return np.zeros(3, a.dtype)


@pytest.mark.parametrize("n", [0, 1, 5])
def test_zeros_ones_full(n):
    assert_same(zeros1, n)
    assert_same(zeros2, n, 3)
    assert_same(ones_int32, n)
    assert_same(ones_kw_float, n)
    assert_same(zeros_dtype_string, n)
    assert_same(zeros_bool, n)
    assert_same(zeros_complex, n)
    assert_same(full_int, n)
    assert_same(full_float, n, -0.0)
    assert_same(full_float, n, float("nan"))
    assert_same(full_with_dtype, n)
    assert_same(full_float32, n)
    assert_same(empty_shape, n)


@pytest.mark.parametrize(
    "a",
    [
        np.arange(6.0).reshape(2, 3),
        np.arange(6, dtype=np.int16),
        np.asfortranarray(np.arange(6.0).reshape(2, 3)),
        np.arange(12.0).reshape(3, 4)[::2, 1:],
        np.array([True, False]),
    ],
)
def test_like(a):
    assert_same(like, a)
    assert_same(like_dtype, a)
    assert_same(zeros_of_dtype_of, a)


def test_negative_dimensions_raise():
    assert_same(zeros1, -1)
    assert_same(zeros2, 2, -3)


def arange1(n):
    return np.arange(n)


def arange2(a, b):
    return np.arange(a, b)


def arange3(a, b, c):
    return np.arange(a, b, c)


def arange_dtype(n):
    return np.arange(n, dtype=np.float32)


def arange_kw(n):
    return np.arange(1, n, dtype=np.int32)


@pytest.mark.parametrize(
    "args",
    [
        (5, 1, None),
        (0, 10, 3),
        (10, 0, -3),
        (-7, 7, 2),
        (1.0, 2.0, 0.3),
        (0.1, 1.0, 0.1),
        (1, 2, 0.25),
        (5.5, -1.5, -0.7),
        (0, 0, 1),
        (3, 10, 0),
        (0.0, 1.0, 0.0),
    ],
)
def test_arange(args):
    a, b, c = args
    assert_same(arange1, a if isinstance(a, int) else 7)
    assert_same(arange2, a, b)
    if c is not None:
        assert_same(arange3, a, b, c)


def test_arange_dtypes():
    assert_same(arange_dtype, 5)
    assert_same(arange_kw, 6)
    assert_same(arange1, 0)
    assert_same(arange1, -3)
    assert_same(arange1, 2.5)


def linspace3(a, b, n):
    return np.linspace(a, b, n)


def linspace_default(a, b):
    return np.linspace(a, b)


def linspace_open(a, b, n):
    return np.linspace(a, b, n, endpoint=False)


def linspace_int(a, b, n):
    return np.linspace(a, b, n, dtype=np.int64)


@pytest.mark.parametrize(
    "a,b,n",
    [(0, 1, 5), (0.0, 1.0, 7), (-3.5, 2.25, 11), (1, 1, 4), (2.0, -1.0, 1), (0, 1, 0), (0, 10, 2)],
)
def test_linspace(a, b, n):
    assert_same(linspace3, a, b, n)
    assert_same(linspace_open, a, b, n)
    assert_same(linspace_int, a, b, n)
    assert_same(linspace_default, a, b)


def test_linspace_float32_and_errors():
    assert_same(linspace3, np.float32(0.1), np.float32(0.7), 9)
    assert_same(linspace3, 0.0, 1.0, -1)
    assert_same(linspace3, 0.0, 5e-324, 3)


def eye1(n):
    return np.eye(n)


def eye_k(n, m, k):
    return np.eye(n, m, k)


def eye_dtype(n):
    return np.eye(n, dtype=np.int32), np.identity(n), np.identity(n, np.bool_)


@pytest.mark.parametrize("n", [0, 1, 4])
def test_eye_identity(n):
    assert_same(eye1, n)
    assert_same(eye_dtype, n)
    for m in (1, 3, 6):
        for k in (-5, -1, 0, 2, 7):
            assert_same(eye_k, n, m, k)


def copies(a):
    return a.copy(), np.copy(a), a.flatten(), np.ascontiguousarray(a)


def astypes(a):
    return a.astype(np.float32), a.astype(np.int64), a.astype(np.complex128), a.astype(np.bool_)


def astype_same(a):
    # To its own dtype: still a new array (copy=True is astype's default), never `a` itself.
    return a.astype(a.dtype), a.astype(np.float64), a.astype(np.int32)


def copy_is_independent(a):
    b = a.copy()
    b[0] = 99
    return a, b


LAYOUTS = [
    np.arange(12.0).reshape(3, 4),
    np.asfortranarray(np.arange(12.0).reshape(3, 4)),
    np.arange(24.0).reshape(4, 6)[::2, ::-3],
    np.arange(10, dtype=np.int32)[1::3],
    np.linspace(-2, 2, 5),
]


@pytest.mark.parametrize("a", LAYOUTS, ids=range(len(LAYOUTS)))
def test_copies_and_astype(a):
    assert_same(copies, a)
    assert_same(astypes, a)
    assert_same(astype_same, a)


def test_copy_is_independent():
    a = np.arange(4.0)
    got_a, got_b = jitted(copy_is_independent)(a)
    assert got_a is a and a[0] == 0.0 and got_b[0] == 99.0


def reshape2(a, n, m):
    return a.reshape(n, m)


def reshape_tuple(a):
    return a.reshape((2, -1))


def reshape_infer(a, n):
    return a.reshape(-1, n)


def ravel(a):
    return a.ravel(), np.ravel(a)


def transposes(a):
    return a.transpose(), np.transpose(a)


@pytest.mark.parametrize("a", LAYOUTS[:3], ids=range(3))
def test_ravel_transpose(a):
    assert_same(ravel, a)
    assert_same(transposes, a)


@pytest.mark.parametrize("a", LAYOUTS[:3], ids=range(3))
def test_reshape(a):
    assert_same(reshape2, a, 2, a.size // 2)
    assert_same(reshape_tuple, a)
    assert_same(reshape_infer, a, 2)


def test_reshape_errors():
    a = np.arange(6)
    assert_same(reshape2, a, 4, 5)
    assert_same(reshape_infer, a, 4)
    assert_same(reshape2, a, -1, -1)


def reshape_writes_through(a):
    b = a.reshape(2, 3)
    b[1, 1] = -1
    return a


def reshape_writes_through_3(a):
    b = a.reshape(3, 2)
    b[2, 0] = -1
    return a


def reshape_then_write_1(a, shape):
    b = a.reshape(shape)
    b[-1] = 99
    return b, a


def reshape_then_write_2(a, shape):
    b = a.reshape(shape)
    b[-1, -1] = 99
    return b, a


def reshape_then_write_3(a, shape):
    b = a.reshape(shape)
    b[-1, -1, -1] = 99
    return b, a


# (source, shape): NumPy's `_attempt_nocopy_reshape` gives a view for some of these strided
# sources and a copy for others; writing through the result must touch the source exactly when
# NumPy's does, and the result must have NumPy's layout.
STRIDED_RESHAPES = [
    (lambda: np.arange(12)[::2], (2, 3)),
    (lambda: np.arange(12.0)[::-2], (3, 2)),
    (lambda: np.arange(16.0).reshape(4, 4)[:, :2], (8,)),
    (lambda: np.arange(16.0).reshape(4, 4)[:, :2], (2, 2, 2)),
    (lambda: np.arange(16.0).reshape(4, 4)[::2], (8,)),
    (lambda: np.arange(6.0).reshape(3, 2).T, (6,)),
    (lambda: np.arange(6.0).reshape(3, 2).T, (2, 1, 3)),
    (lambda: np.arange(6.0).reshape(3, 2).T, (2, 3)),
    (lambda: np.asfortranarray(np.arange(6.0).reshape(2, 3)), (1, 2, 3)),
    (lambda: np.asfortranarray(np.arange(6.0).reshape(2, 3)), (3, 2)),
    (lambda: np.arange(24.0).reshape(2, 3, 4)[:, ::2, :], (2, 8)),
    (lambda: np.arange(24.0).reshape(2, 3, 4)[:, ::2, :], (4, 4)),
    (lambda: np.zeros((0, 4))[:, ::2], (2, 0)),
]


@pytest.mark.parametrize(
    "make, fn, source_changed",
    [
        (lambda: np.arange(6), reshape_writes_through, True),
        # A strided source whose strides allow it gives a view too (NumPy's no-copy reshape).
        (lambda: np.arange(12)[::2], reshape_writes_through, True),
        # A transposed source cannot be read as (3, 2) in C order: a copy, the source untouched.
        (lambda: np.arange(6).reshape(3, 2).T, reshape_writes_through_3, False),
    ],
    ids=["contiguous", "strided", "transposed"],
)
def test_reshape_is_a_view_where_numpy_makes_one(make, fn, source_changed):
    # Each side gets its own source: the writes through the result are compared.
    expected, got = make(), make()
    assert same_value(pure_python(fn)(expected), jitted(fn)(got))
    assert same_value(expected, got)
    assert (-1 in got) == source_changed


@pytest.mark.parametrize("case", range(len(STRIDED_RESHAPES)))
def test_reshape_views_where_numpy_does(case):
    make, shape = STRIDED_RESHAPES[case]
    writer = [reshape_then_write_1, reshape_then_write_2, reshape_then_write_3][len(shape) - 1]
    if 0 in shape:
        assert_same(reshape2, make(), *shape)
        return
    assert_same(writer, make(), shape)


def fill(a, x):
    a.fill(x)
    return a


def test_fill():
    assert_same(fill, np.zeros(4), 2.5)
    assert_same(fill, np.zeros((2, 3), dtype=np.int8), 7)
    assert_same(fill, np.zeros((4, 4))[::2, 1:], 1.0)


def matmul(A, B):
    n, m = A.shape
    C = np.zeros((n, B.shape[1]))
    for i in range(n):
        for j in range(B.shape[1]):
            s = 0.0
            for k in range(m):
                s += A[i, k] * B[k, j]
            C[i, j] = s
    return C


def test_matmul_from_the_issue():
    rng = np.random.default_rng(0)
    A, B = rng.random((7, 5)), rng.random((5, 3))
    assert_same(matmul, A, B)


def make_in_loop(n):
    total = 0.0
    for i in range(n):
        row = np.full(i + 1, i * 0.5)
        total += row.sum()
    return float(total)


def test_allocation_in_a_loop():
    assert_same(make_in_loop, 50)


def returned_pair(n):
    a = np.zeros(n)
    b = a[1:]
    b[0] = 5.0
    return a, b


@pytest.mark.requires_jit
def test_views_of_new_arrays_share_their_block():
    a, b = jitted(returned_pair)(4)
    assert a[1] == 5.0
    b[1] = 6.0
    assert a[2] == 6.0
    assert a.flags.writeable and a.flags.c_contiguous and a.flags.owndata is False


def diagonals(v, m):
    return (
        np.diag(v),
        np.diag(v, 1),
        np.diag(v, k=-2),
        np.diag(m),
        np.diag(m, 1),
        np.diag(m, -1),
        np.diag(m, 9),
    )


def diagonal_view(m, k):
    d = np.diag(m, k)
    n = min(m.shape[0], m.shape[1])
    for i in range(n):  # the view sees later writes to its array
        m[i, n - 1 - i] += 100
    return d, d.size, d.strides, d.ctypes.data - m.ctypes.data


def write_diagonal(m):
    d = np.diag(m)
    d[0] = 1.0
    return d


def triangles(m, k):
    return np.tri(3), np.tri(3, 4, k), np.tri(2, dtype=np.int64), np.triu(m), np.tril(m, k)


def items(a, i):
    return a.item(i), a.item(-1)


def single_item(a):
    return a.item()


def test_diag_tri_triu_tril():
    v = np.arange(1.0, 4.0)
    m = np.arange(12).reshape(3, 4)
    assert_same(diagonals, v, m)
    for k in (-1, 0, 2):
        assert_same(triangles, m, k)
        assert_same(triangles, np.asfortranarray(m.T), k)


@pytest.mark.parametrize(
    "m",
    [np.arange(12.0).reshape(3, 4), np.asfortranarray(np.arange(12.0).reshape(4, 3)),
     np.arange(48.0).reshape(6, 8)[::-2, 1::3], np.arange(6).reshape(6, 1), np.ones((0, 3))],
    ids=["C", "F", "strided", "column", "empty"],
)  # fmt: skip
@pytest.mark.parametrize("k", [-7, -4, -3, -1, 0, 1, 2, 3, 4, 5])
def test_diag_of_a_matrix_is_a_read_only_view(m, k):
    # NumPy's np.diag(m, k) is m.diagonal(k): a read-only view whose data starts on the diagonal
    # when it lies within the matrix (edges included), else at m's data.
    d = assert_same(diagonal_view, m, k)[0]
    assert d.flags.writeable == np.diag(m, k).flags.writeable


@pytest.mark.requires_jit
def test_writing_into_a_diagonal_is_a_typing_error():
    exc = compile_error(write_diagonal, np.ones((3, 3)))
    assert type(exc).__name__ == "TypingError"
    assert "read-only" in str(exc) and "d[0] = 1.0" in str(exc)


def test_item():
    a = np.arange(6.0).reshape(2, 3)
    assert_same(items, a, 4)
    assert_same(items, a, 7)
    assert_same(items, np.arange(5)[::2], 1)
    assert_same(single_item, np.ones((1, 1)) * 2.5)
    assert_same(single_item, np.arange(3.0))


def views_as(a):
    return a.view(np.int64), a.view(np.uint64)[::-1], a.T.view(np.int64)


def bits_roundtrip(a):
    b = a.view(np.int64)
    b[0] = 4607182418800017408  # the bits of 1.0
    return a


def test_view_as_another_dtype():
    a = np.array([[1.5, -2.0], [0.0, -0.0]])
    assert_same(views_as, a)
    assert_same(bits_roundtrip, np.zeros(3))


def address(a):
    return a.ctypes.data


@pytest.mark.requires_jit
def test_ctypes_data():
    a = np.arange(4.0)
    assert jitted(address)(a) == a.ctypes.data
    assert jitted(address)(a[2:]) == a[2:].ctypes.data


def address_if_given(a, n):
    b = a if n > 0 else None
    if b is not None:
        return b.ctypes.data
    return 0


@pytest.mark.requires_jit
def test_ctypes_data_of_an_unwrapped_optional():
    # Typing records the array of `b.ctypes`; promotion unwraps the optional `b` and keeps
    # that record in step.
    a = np.arange(4.0)
    assert jitted(address_if_given)(a, 1) == a.ctypes.data
    assert jitted(address_if_given)(a, 0) == 0

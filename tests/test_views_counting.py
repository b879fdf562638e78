"""`np.flip`, `np.fliplr`, `np.flipud`, `np.swapaxes` (views: compared with NumPy exactly, values,
dtype, layout flags and memory sharing, over layouts, dimensions and empty axes), and
`np.count_nonzero`, `np.array_equal` (numbers out), with NumPy's errors."""

import numpy as np
import oxjit
import pytest
from conftest import assert_diagnostic, assert_same, compile_error

DTYPES = [np.bool_, np.int8, np.uint8, np.int16, np.uint16, np.int32, np.uint32, np.int64,
          np.uint64, np.float32, np.float64, np.complex64, np.complex128]  # fmt: skip


def sample(shape, dtype=np.float64):
    n = int(np.prod(shape))
    values = np.arange(1, n + 1) * 7 % 13
    if np.dtype(dtype).kind == "c":
        return (values + 1j * values[::-1]).astype(dtype).reshape(shape)
    return values.astype(dtype).reshape(shape)


def layouts(shape, dtype=np.float64):
    a = sample(shape, dtype)
    wide = np.zeros(shape[:-1] + (2 * shape[-1],), dtype=dtype)
    wide[..., ::2] = a
    return [a, np.asfortranarray(a), wide[..., ::2], a[::-1]]


def flip(a):
    return np.flip(a)


def flip0(a):
    return np.flip(a, 0)


def flip_last(a):
    return np.flip(a, axis=-1)


def fliplr(a):
    return np.fliplr(a)


def flipud(a):
    return np.flipud(a)


def flip_then_write(a):
    v = np.flip(a, 0)
    v[0] = 0
    return v


def swap01(a):
    return np.swapaxes(a, 0, 1)


def swap_last_first(a):
    return a.swapaxes(-1, 0)


def swap_same(a):
    return np.swapaxes(a, 1, 1)


@pytest.mark.parametrize("dtype", DTYPES)
def test_flip_dtypes(dtype):
    for a in layouts((3, 4), dtype):
        for fn in (flip, flip0, flip_last, fliplr, flipud, swap01, swap_last_first, swap_same):
            assert_same(fn, a)


@pytest.mark.parametrize("shape", [(5,), (2, 3), (2, 3, 4), (0, 3), (3, 0), (1, 4, 1)])
def test_flip_shapes(shape):
    for a in layouts(shape):
        assert_same(flip, a)
        assert_same(flip0, a)
        assert_same(flip_last, a)
        assert_same(flipud, a)
        if shape[0]:  # (indexing is not bounds-checked by default, as in Numba)
            assert_same(flip_then_write, a)
        if len(shape) > 1:
            assert_same(fliplr, a)
            assert_same(swap01, a)
            assert_same(swap_last_first, a)
            assert_same(swap_same, a)


def test_flip_read_only_stays_read_only():
    a = sample((2, 3))
    a.flags.writeable = False
    for fn in (flip, fliplr, swap01):
        assert_same(fn, a)


def flip_tuple(a):
    return np.flip(a, (0, 1))


def flip_axis_2(a):
    return np.flip(a, 2)


def swap_out(a):
    return np.swapaxes(a, 2, 0)


def swap_out2(a):
    return np.swapaxes(a, 0, -3)


def swap_runtime(a, k):
    return np.swapaxes(a, 0, k)


@pytest.mark.requires_jit
def test_views_refused_at_compile_time():
    a, v = sample((2, 3)), sample((3,))
    typing, unsupported = oxjit.errors.TypingError, oxjit.errors.UnsupportedError
    cases = [
        (fliplr, (v,), "np.fliplr(a)", typing, "Input must be >= 2-d."),
        (flip_axis_2, (a,), "np.flip(a, 2)", typing, "axis 2 is out of bounds for array of dimension 2"),
        (flip_tuple, (a,), "np.flip(a, (0, 1))", unsupported, "a tuple of axes is not supported yet"),
        (swap_out, (a,), "np.swapaxes(a, 2, 0)", typing, "axis1: axis 2 is out of bounds for array of dimension 2"),
        (swap_out2, (a,), "np.swapaxes(a, 0, -3)", typing, "axis2: axis -3 is out of bounds for array of dimension 2"),
        (swap_runtime, (a, 1), "np.swapaxes(a, 0, k)", typing, "axis2: axis must be a constant integer"),
        (flip, (1.0,), "np.flip(a)", unsupported, "flip() of float64 is not supported (arrays only)"),
    ]  # fmt: skip
    for fn, args, snippet, cls, text in cases:
        msg = assert_diagnostic(compile_error(fn, *args), fn, snippet, cls)
        assert text in msg, msg


# ------------------------------------------------------------------------------------------------
# np.count_nonzero and np.array_equal


def count_nonzero(a):
    return np.full(1, np.count_nonzero(a))


@pytest.mark.parametrize("dtype", DTYPES)
def test_count_nonzero(dtype):
    for a in layouts((3, 4), dtype) + [sample((0, 2), dtype), np.zeros((), dtype)]:
        assert_same(count_nonzero, a)


def test_count_nonzero_specials():
    assert_same(count_nonzero, np.array([0.0, -0.0, np.nan, np.inf, 1e-320]))
    assert_same(count_nonzero, np.array([0j, complex(0, -0.0), 1j, complex(np.nan, 0)]))


def array_equal(a, b):
    return np.array_equal(a, b)


def array_equal_nan(a, b):
    return np.array_equal(a, b, equal_nan=True)


def array_equal_flag(a, b, e):
    return np.array_equal(a, b, e)


def test_array_equal():
    a = sample((3, 4))
    pairs = [(a, a.copy()), (a, np.asfortranarray(a)), (a, a.T), (a, a[:2]), (a, a[0]),
             (a, a + 1), (a, a.astype(np.int64)), (a, a.astype(np.float32) + 0.5),
             (np.zeros(0), np.zeros(0, np.int8)), (np.zeros((0, 2)), np.zeros((2, 0))),
             (np.array(3.0), np.array(3)), (np.arange(3, dtype=np.uint64), np.arange(3)),
             (np.array([2**63], np.uint64), np.array([-(2**63)])),
             (np.array([2**53 + 1]), np.array([2.0**53])),
             (np.array([1.0, np.nan]), np.array([1.0, np.nan])),
             (np.array([1.0, np.nan]), np.array([np.nan, 1.0])),
             (np.array([complex(np.nan, 1)]), np.array([complex(1, np.nan)])),
             (np.array([1 + 2j]), np.array([1.0])), (np.array([True, False]), np.array([1, 0]))]  # fmt: skip
    for x, y in pairs:
        assert_same(array_equal, x, y)
        assert_same(array_equal_nan, x, y)
        assert_same(array_equal_flag, x, y, True)
        assert_same(array_equal_flag, x, y, False)


def count_axis(a, k):
    return np.count_nonzero(a, axis=k)


def equal_nan_int(a):
    return np.array_equal(a, a, 1)


@pytest.mark.requires_jit
def test_counting_refused_at_compile_time():
    a = sample((2, 3))
    typing, unsupported = oxjit.errors.TypingError, oxjit.errors.UnsupportedError
    cases = [
        (count_axis, (a, 0), "np.count_nonzero(a, axis=k)", unsupported, "axis must be a constant integer or tuple"),
        (equal_nan_int, (a,), "np.array_equal(a, a, 1)", typing, "equal_nan must be a bool, not int64"),
        (array_equal, (a, 1.0), "np.array_equal(a, b)", unsupported, "array_equal() of float64 is not supported"),
    ]  # fmt: skip
    for fn, args, snippet, cls, text in cases:
        msg = assert_diagnostic(compile_error(fn, *args), fn, snippet, cls)
        assert text in msg, msg


# ------------------------------------------------------------------------------------------------
# np.ptp, np.expand_dims, np.take


def ptp(a):
    return np.full(1, np.ptp(a))


@pytest.mark.parametrize("dtype", [d for d in DTYPES if np.dtype(d).kind not in "bc"])
def test_ptp(dtype):
    for a in layouts((3, 4), dtype) + [np.zeros((), dtype), sample((0,), dtype)]:
        assert_same(ptp, a)
    assert_same(ptp, np.array([0, 200, 255], dtype=np.uint8))
    assert_same(ptp, np.array([-100, 100], dtype=np.int8))


def test_ptp_nan():
    assert_same(ptp, np.array([1.0, np.nan, 3.0]))
    assert_same(ptp, np.array([np.inf, -np.inf]))
    assert_same(ptp, np.array([-0.0, 0.0]))


def expand0(a):
    return np.expand_dims(a, 0)


def expand1(a):
    return np.expand_dims(a, axis=1)


def expand_last(a):
    return np.expand_dims(a, -1)


def expand_write(a):
    v = np.expand_dims(a, 0)
    v[0, 0] = 42
    return v, a


@pytest.mark.parametrize("shape", [(4,), (2, 3), (2, 3, 4)])
def test_expand_dims(shape):
    for a in layouts(shape):
        for fn in (expand0, expand1, expand_last, expand_write):
            assert_same(fn, a)
    assert_same(expand0, np.array(5.0))


def take(a, i):
    return np.take(a, i)


def take_scalar(a, i):
    return np.full(1, np.take(a, i))


def take_method(a, i):
    return a.take(i)


@pytest.mark.parametrize("dtype", DTYPES)
def test_take(dtype):
    idx = np.array([[0, -1, 5], [11, -12, 3]])
    for a in layouts((3, 4), dtype):
        assert_same(take, a, idx)
        assert_same(take_method, a, idx[0])
        assert_same(take, a, idx.T)
        for i in (0, 7, -1, -12):
            assert_same(take_scalar, a, i)


def test_take_errors_and_index_dtypes():
    a = sample((2, 3))
    for i in (6, -7, 2**40):
        assert_same(take_scalar, a, i)
    assert_same(take, a, np.array([1, 7, 8]))
    assert_same(take, a, np.array([1, -9, 8]))
    assert_same(take, a, np.array([2**63], dtype=np.uint64))
    for dt in (np.int8, np.uint8, np.int32, np.uint32, np.bool_):
        assert_same(take, a, np.array([1, 0, 1], dtype=dt))
    empty = np.zeros(0)
    assert_same(take_scalar, empty, 0)
    assert_same(take, empty, np.array([0]))
    assert_same(take, empty, np.zeros(0, dtype=np.int64))
    assert_same(take, a, np.zeros((2, 0), dtype=np.int64))


def take_out(a):
    return np.take(a, np.array([0]), out=a[0, :1])


def take_axis_variable(a):
    k = a.ndim - 1
    return np.take(a, 0, axis=k)


def take_float(a):
    return np.take(a, np.array([1.0]))


def take_clip(a):
    return np.take(a, 0, mode="clip")


def ptp_bool(a):
    return np.ptp(a)


def ptp_axis(a):
    return np.ptp(a, axis=0)


def expand_out(a):
    return np.expand_dims(a, 3)


@pytest.mark.requires_jit
def test_refused_at_compile_time():
    a = sample((2, 3))
    typing, unsupported = oxjit.errors.TypingError, oxjit.errors.UnsupportedError
    cases = [
        (take_out, (a,), "np.take(a, np.array([0]), out=a[0, :1])", unsupported, "out= is not supported yet"),
        (take_axis_variable, (a,), "np.take(a, 0, axis=k)", unsupported, "axis must be a constant integer or None"),
        (take_float, (a,), "np.take(a, np.array([1.0]))", typing, "Cannot cast array data from dtype('float64') to dtype('int64') according to the rule 'same_kind'"),
        (take_clip, (a,), 'np.take(a, 0, mode="clip")', unsupported, "only mode='raise' is supported"),
        (ptp_bool, (a > 1,), "np.ptp(a)", typing, "numpy boolean subtract, the `-` operator, is not supported"),
        (ptp_axis, (a,), "np.ptp(a, axis=0)", unsupported, "axis=, out= and keepdims= are not supported yet"),
        (expand_out, (a,), "np.expand_dims(a, 3)", typing, "axis 3 is out of bounds for array of dimension 3"),
    ]  # fmt: skip
    for fn, args, snippet, cls, text in cases:
        msg = assert_diagnostic(compile_error(fn, *args), fn, snippet, cls)
        assert text in msg, msg

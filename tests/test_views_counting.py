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


def count_axis(a):
    return np.count_nonzero(a, axis=0)


def equal_nan_int(a):
    return np.array_equal(a, a, 1)


@pytest.mark.requires_jit
def test_counting_refused_at_compile_time():
    a = sample((2, 3))
    typing, unsupported = oxjit.errors.TypingError, oxjit.errors.UnsupportedError
    cases = [
        (count_axis, (a,), "np.count_nonzero(a, axis=0)", unsupported, "axis= and keepdims= are not supported yet"),
        (equal_nan_int, (a,), "np.array_equal(a, a, 1)", typing, "equal_nan must be a bool, not int64"),
        (array_equal, (a, 1.0), "np.array_equal(a, b)", unsupported, "array_equal() of float64 is not supported"),
    ]  # fmt: skip
    for fn, args, snippet, cls, text in cases:
        msg = assert_diagnostic(compile_error(fn, *args), fn, snippet, cls)
        assert text in msg, msg

"""`np.flatnonzero`, `np.argwhere`, `np.ediff1d`, `np.digitize` and `np.rot90`, compared with
NumPy exactly: values, dtypes, shapes, layout flags (argwhere is F-ordered as NumPy's), memory
sharing (rot90 is a view), every dtype and layout, NaN, empty arrays and NumPy's errors."""

import numpy as np
import oxjit
import pytest
from conftest import assert_diagnostic, assert_same, compile_error

DTYPES = [np.bool_, np.int8, np.uint8, np.int16, np.uint16, np.int32, np.uint32, np.int64,
          np.uint64, np.float32, np.float64, np.complex64, np.complex128]  # fmt: skip


def sample(shape, dtype=np.float64):
    """Values with zeros among them, not in order."""
    n = int(np.prod(shape))
    values = np.arange(1, n + 1) * 7 % 13 * 19 % 251 % 5
    if np.dtype(dtype).kind == "c":
        return (values + 1j * values[::-1]).astype(dtype).reshape(shape)
    return values.astype(dtype).reshape(shape)


def layouts(shape, dtype=np.float64):
    a = sample(shape, dtype)
    wide = np.zeros(shape[:-1] + (2 * shape[-1],), dtype=dtype)
    wide[..., ::2] = a
    return [a, np.asfortranarray(a), wide[..., ::2], a[::-1]]


def flatnonzero(a):
    return np.flatnonzero(a)


def argwhere(a):
    return np.argwhere(a)


def ediff1d(a):
    return np.ediff1d(a)


@pytest.mark.parametrize("dtype", DTYPES)
def test_nonzero_indices_and_differences(dtype):
    for shape in [(7,), (3, 5), (2, 3, 4), (0,), (2, 0)]:
        for a in layouts(shape, dtype) if 0 not in shape else [np.zeros(shape, dtype)]:
            assert_same(flatnonzero, a)
            assert_same(argwhere, a)
            if dtype is not np.bool_:
                assert_same(ediff1d, a)
    assert_same(argwhere, np.ones((3, 2), dtype))
    assert_same(flatnonzero, np.array([np.nan, 0.0, -0.0, 1.0]))


def test_ediff1d_wraps_and_specials():
    assert_same(ediff1d, np.array([1, 5, 2, 255, 0], dtype=np.uint8))
    assert_same(ediff1d, np.array([1.0, np.inf, np.nan, -np.inf, 2.0]))
    assert_same(ediff1d, np.array([3.0]))


def digitize(x, bins):
    return np.digitize(x, bins)


def digitize_right(x, bins):
    return np.digitize(x, bins, right=True)


def digitize_scalar(x, bins):
    return np.full(1, np.digitize(x, bins))


def digitize_scalar_right(x, bins):
    return np.full(1, np.digitize(x, bins, True))


BINS = [np.array([0.0, 1.0, 2.5, 4.0, 10.0]), np.array([10.0, 4.0, 2.5, 1.0, 0.0]),
        np.array([1, 1, 2, 2, 3]), np.array([3, 3, 2, 1, 1]), np.array([2.0, 2.0, 2.0]),
        np.array([0.0]), np.zeros(0), np.array([0.0, 1.0, 2.0, 3.0, 4.0, 5.0])[::2],
        np.array([1, 5, 9], dtype=np.uint8)]  # fmt: skip
XS = [np.array([-1.0, 0.0, 0.5, 1.0, 2.5, 3.0, 4.0, 10.0, 11.0, np.nan, np.inf, -np.inf]),
      np.arange(-2, 12).reshape(2, 7), np.asfortranarray(np.arange(12.0).reshape(3, 4)) / 2,
      np.array([1, 2, 3], dtype=np.int8), np.array([], dtype=np.float32)]  # fmt: skip


def test_digitize():
    for bins in BINS:
        for x in XS:
            assert_same(digitize, x, bins)
            assert_same(digitize_right, x, bins)
        for x in (-1.0, 0.0, 1.0, 2.5, 3, 100, np.nan):
            assert_same(digitize_scalar, x, bins)
            assert_same(digitize_scalar_right, x, bins)
    for bad in (np.array([1.0, 3.0, 2.0]), np.array([3.0, 1.0, 2.0]), np.array([1.0, np.nan, 3.0])):
        assert_same(digitize, XS[0], bad)
        assert_same(digitize_scalar, 1.0, bad)


def rot90(m):
    return np.rot90(m)


def rot90_k(m, k):
    return np.rot90(m, k)


def rot90_axes(m, k):
    return np.rot90(m, k, axes=(1, 0))


def rot90_last(m, k):
    return np.rot90(m, k, (-1, 0))


def rot90_write(m):
    r = np.rot90(m)
    r[0, 0] = 99
    return r


@pytest.mark.parametrize("dtype", [np.int32, np.float64, np.complex64, np.bool_])
def test_rot90(dtype):
    for shape in [(2, 3), (4, 1), (0, 3), (2, 3, 4)]:
        for m in layouts(shape, dtype) if 0 not in shape else [np.zeros(shape, dtype)]:
            assert_same(rot90, m)
            for k in range(-5, 6):
                assert_same(rot90_k, m, k)
                assert_same(rot90_axes, m, k)
                if m.ndim == 3:
                    assert_same(rot90_last, m, k)
    assert_same(rot90_write, sample((2, 3)))
    ro = sample((2, 3))
    ro.flags.writeable = False
    assert_same(rot90, ro)


def ediff_to_end(a):
    return np.ediff1d(a, to_end=1)


def digitize_complex(a):
    return np.digitize(a, np.arange(3.0))


def digitize_2d_bins(a):
    return np.digitize(1.0, a)


def digitize_runtime_right(a, r):
    return np.digitize(1.0, a, r)


def rot90_same_axes(a):
    return np.rot90(a, 1, (0, 0))


def rot90_bad_axes(a):
    return np.rot90(a, 1, (0, 3))


def rot90_three_axes(a):
    return np.rot90(a, 1, (0, 1, 2))


def rot90_1d(a):
    return np.rot90(a)


@pytest.mark.requires_jit
def test_refused_at_compile_time():
    a = sample((2, 3))
    typing, unsupported = oxjit.errors.TypingError, oxjit.errors.UnsupportedError
    cases = [
        (ediff1d, (a > 1,), "np.ediff1d(a)", typing, "numpy boolean subtract"),
        (ediff_to_end, (a,), "np.ediff1d(a, to_end=1)", unsupported, "to_end= and to_begin= are not supported yet"),
        (digitize_complex, (a + 1j,), "np.digitize(a, np.arange(3.0))", typing, "x may not be complex"),
        (digitize_2d_bins, (a,), "np.digitize(1.0, a)", typing, "object too deep for desired array"),
        (digitize_runtime_right, (a[0], True), "np.digitize(1.0, a, r)", unsupported, "right must be a constant bool"),
        (rot90_same_axes, (a,), "np.rot90(a, 1, (0, 0))", typing, "Axes must be different."),
        (rot90_bad_axes, (a,), "np.rot90(a, 1, (0, 3))", typing, "Axes=(0, 3) out of range for array of ndim=2."),
        (rot90_same_axes, (a,), "np.rot90(a, 1, (0, 0))", typing, "Axes must be different."),
        (rot90_three_axes, (a,), "np.rot90(a, 1, (0, 1, 2))", typing, "len(axes) must be 2."),
        (rot90_1d, (a[0],), "np.rot90(a)", typing, "Axes must be different."),
    ]  # fmt: skip
    for fn, args, snippet, cls, text in cases:
        msg = assert_diagnostic(compile_error(fn, *args), fn, snippet, cls)
        assert text in msg, msg


@pytest.mark.requires_jit
def test_no_leaks():
    from test_nrt import assert_no_leak

    a = sample((4, 5))
    assert_no_leak(flatnonzero, a)
    assert_no_leak(argwhere, a)
    assert_no_leak(ediff1d, a)
    assert_no_leak(digitize, a, BINS[1])
    assert_no_leak(rot90_of_new, 3)


def rot90_of_new(n):
    # The view holds the only reference to the new array's block.
    return np.rot90(np.ones((n, 2)), 3)

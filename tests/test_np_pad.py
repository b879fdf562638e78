"""`np.pad` compiled, compared with NumPy exactly: the modes 'constant', 'edge', 'wrap',
'reflect' and 'symmetric' on 1-3 dimensions, every real dtype and complex, `pad_width` as an
integer, `(before, after)`, `(w,)`, per-axis pairs (also known only at run time), widths larger
than the axis (NumPy repeats its steps), `constant_values` cast into the dtype, C/F/strided
layouts, empty arrays, NumPy's errors and the refusals."""

import numpy as np
import oxjit
import pytest
from conftest import assert_diagnostic, assert_same, compile_error

DTYPES = [np.bool_, np.int8, np.uint8, np.int16, np.uint16, np.int32, np.uint32, np.int64,
          np.uint64, np.float32, np.float64, np.complex128]  # fmt: skip
MODES = ["constant", "edge", "wrap", "reflect", "symmetric"]


def pad_int(a):
    return np.pad(a, 2)


def pad_constant(a, w, v):
    return np.pad(a, w, constant_values=v)


def pad_edge(a, w):
    return np.pad(a, w, "edge")


def pad_wrap(a, w):
    return np.pad(a, w, mode="wrap")


def pad_reflect(a, w):
    return np.pad(a, w, "reflect")


def pad_symmetric(a, w):
    return np.pad(a, w, "symmetric")


def pad_default(a, w):
    return np.pad(a, w)


BY_MODE = [pad_default, pad_edge, pad_wrap, pad_reflect, pad_symmetric]


def sample(shape, dtype, seed=0):
    rng = np.random.default_rng(seed)
    return rng.integers(0, 2 if dtype is np.bool_ else 100, size=shape).astype(dtype)


@pytest.mark.parametrize("dtype", DTYPES)
def test_pad_dtypes(dtype):
    assert_same(pad_int, sample(5, dtype))
    assert_same(pad_int, sample((3, 4), dtype))
    for fn in BY_MODE:
        assert_same(fn, sample(5, dtype), (1, 3))
        assert_same(fn, sample((3, 4), dtype), ((1, 2), (3, 0)))


def test_pad_widths():
    a1, a2, a3 = sample(4, np.int64), sample((3, 4), np.float64), sample((2, 3, 4), np.int32)
    for fn in BY_MODE:
        for w in [0, 3, (2,), (0, 2), (5, 1), ((2, 3),), ((0, 1),)]:
            assert_same(fn, a1, w)
            assert_same(fn, a2, w)
            assert_same(fn, a3, w)
        assert_same(fn, a2, ((1, 0), (2, 2)))
        assert_same(fn, a2, ((3,), (1,)))
        assert_same(fn, a3, ((1, 0), (0, 0), (2, 1)))
        # Widths longer than the axis, several times over.
        assert_same(fn, a1, (11, 9))
        assert_same(fn, sample(1, np.int64), (3, 4))
        assert_same(fn, sample(2, np.int64), (7, 5))
        assert_same(fn, a2, ((7, 8), (9, 13)))


def test_pad_constant_values():
    a = sample((3, 4), np.int16)
    assert_same(pad_constant, a, 2, 7)
    assert_same(pad_constant, a, 1, -3)
    assert_same(pad_constant, a.astype(np.float32), (1, 2), 2.5)
    assert_same(pad_constant, a.astype(np.float64), 1, np.nan)
    assert_same(pad_constant, a.astype(np.uint8), 1, 300)
    assert_same(pad_constant, a.astype(np.int64), 1, True)


def test_pad_layouts():
    a = sample((6, 8), np.float64)
    for fn in BY_MODE:
        assert_same(fn, np.asfortranarray(a), (1, 2))
        assert_same(fn, a[::2, 1::3], ((2, 1), (0, 3)))
        assert_same(fn, a[::-1], 2)
        assert_same(fn, sample(9, np.int64)[::-2], (4, 3))


def test_pad_empty():
    for fn in BY_MODE:
        assert_same(fn, np.zeros(0), 0)
        assert_same(fn, np.zeros((0, 3)), ((0, 0), (1, 1)))
        # NumPy's ValueError for extending an empty axis (constant mode fills it).
        assert_same(fn, np.zeros(0), 2)
        assert_same(fn, np.zeros((2, 0)), ((1, 1), (0, 1)))


def test_pad_errors():
    a = sample((3, 4), np.int64)
    for fn in BY_MODE:
        assert_same(fn, a, -1)
        assert_same(fn, a, (1, -2))
        assert_same(fn, a, ((1, 1), (0, -1)))


def test_pad_frees_what_it_makes():
    from test_nrt import assert_no_leak

    for fn in BY_MODE:
        assert_no_leak(oxjit.njit(fn), sample((3, 4), np.float64), (2, 3))


def test_pad_refusals():
    def mean_mode(a):
        return np.pad(a, 1, "mean")

    def unknown_mode(a):
        return np.pad(a, 1, "bogus")

    def runtime_mode(a, m):
        return np.pad(a, 1, m)

    def edge_values(a):
        return np.pad(a, 1, "edge", constant_values=3)

    def three_widths(a):
        return np.pad(a, (1, 2, 3))

    def array_width(a):
        return np.pad(a, a)

    def ragged(a):
        return np.pad(a, ((3,), (1, 2)))

    i64 = np.ones(3, np.int64)
    cases = [
        (mean_mode, (i64,), 'np.pad(a, 1, "mean")', oxjit.errors.UnsupportedError,
         "mode 'mean' is not supported yet"),
        (unknown_mode, (i64,), 'np.pad(a, 1, "bogus")', oxjit.errors.TypingError,
         "mode 'bogus' is not supported"),
        (runtime_mode, (i64, "edge"), "np.pad(a, 1, m)", oxjit.errors.UnsupportedError,
         "mode must be a constant string"),
        (edge_values, (i64,), 'np.pad(a, 1, "edge", constant_values=3)',
         oxjit.errors.TypingError,
         "unsupported keyword arguments for mode 'edge': {'constant_values'}"),
        (three_widths, (i64,), "np.pad(a, (1, 2, 3))", oxjit.errors.TypingError,
         "does not broadcast"),
        (array_width, (i64,), "np.pad(a, a)", oxjit.errors.TypingError, "does not broadcast"),
        (ragged, (np.ones((2, 2)),), "np.pad(a, ((3,), (1, 2)))", oxjit.errors.TypingError,
         "pairs of different lengths"),
    ]  # fmt: skip
    for fn, args, snippet, cls, text in cases:
        msg = assert_diagnostic(compile_error(fn, *args), fn, snippet, cls)
        assert text in msg, msg

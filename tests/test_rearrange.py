"""Functions that rearrange an array's items into a new array: `np.roll`, `np.tile`,
`np.repeat` (and `a.repeat`). Compared with NumPy exactly: values, dtype, shape and layout flags
(a result laid out as NumPy lays it out), over every dtype, 1-d to 3-d arrays in C, F and
non-contiguous layouts, axes counted from either end, shifts and counts of any size, empty and
0-d arrays, and NumPy's errors."""

import numpy as np
import oxjit
import pytest
from conftest import assert_diagnostic, assert_same, compile_error

DTYPES = [np.bool_, np.int8, np.uint8, np.int16, np.uint16, np.int32, np.uint32, np.int64,
          np.uint64, np.float32, np.float64, np.complex64, np.complex128]  # fmt: skip


def sample(shape, dtype=np.float64):
    """Distinct values (where the dtype holds them) in an array of `shape`."""
    n = int(np.prod(shape))
    values = np.arange(1, n + 1) * 7 % 251
    if np.dtype(dtype).kind == "c":
        return (values + 1j * values[::-1]).astype(dtype).reshape(shape)
    return values.astype(dtype).reshape(shape)


def layouts(shape, dtype=np.float64):
    """The same values in a C array, an F array and a non-contiguous view."""
    a = sample(shape, dtype)
    wide = np.zeros(shape[:-1] + (2 * shape[-1],), dtype=dtype) if shape else a
    if shape:
        wide[..., ::2] = a
        view = wide[..., ::2]
    else:
        view = a
    return [a, np.asfortranarray(a), view]


# ------------------------------------------------------------------------------------------------
# np.roll


def roll_flat(a, shift):
    return np.roll(a, shift)


def roll_0(a, shift):
    return np.roll(a, shift, 0)


def roll_1(a, shift):
    return np.roll(a, shift, axis=1)


def roll_last(a, shift):
    return np.roll(a, shift, axis=-1)


def roll_keywords(a, shift):
    return np.roll(a=a, shift=shift, axis=None)


SHIFTS = [0, 1, -1, 5, -7, 123456789012, -(2**62)]


@pytest.mark.parametrize("dtype", DTYPES)
def test_roll_dtypes(dtype):
    for a in layouts((3, 4), dtype):
        for shift in (2, -3):
            assert_same(roll_flat, a, shift)
            assert_same(roll_0, a, shift)
            assert_same(roll_1, a, shift)


@pytest.mark.parametrize("shape", [(6,), (3, 5), (2, 3, 4)])
def test_roll_shapes_layouts_shifts(shape):
    for a in layouts(shape):
        for shift in SHIFTS:
            assert_same(roll_flat, a, shift)
            assert_same(roll_0, a, shift)
            assert_same(roll_last, a, shift)
            assert_same(roll_keywords, a, shift)
            if a.ndim > 1:
                assert_same(roll_1, a, shift)


def test_roll_shift_types():
    a = sample((2, 5))
    for shift in (np.int8(-3), np.uint8(200), np.uint64(2**64 - 1), np.uint64(2**63 + 5), True):
        assert_same(roll_flat, a, shift)
        assert_same(roll_1, a, shift)


def test_roll_empty_and_zero_d():
    for shape in [(0,), (2, 0), (0, 3)]:
        a = np.zeros(shape)
        for shift in (0, 3, -4):
            assert_same(roll_flat, a, shift)
            assert_same(roll_0, a, shift)
            assert_same(roll_last, a, shift)
    for x in (np.array(4.5), np.array(7, dtype=np.int16)):
        assert_same(roll_flat, x, 3)


def roll_result_is_new(a):
    b = np.roll(a, 1)
    b[0] = 100.0
    return a, b


def test_roll_is_a_copy():
    assert_same(roll_result_is_new, np.array([1.0, 2.0, 3.0]))


def roll_axis_2(a):
    return np.roll(a, 1, axis=2)


def roll_float_shift(a):
    return np.roll(a, 1.5)


def roll_tuple_shift(a):
    return np.roll(a, (1, 2), axis=(0, 1))


def roll_runtime_axis(a, k):
    return np.roll(a, 1, axis=k)


def roll_number(x):
    return np.roll(x, 1)


@pytest.mark.requires_jit
def test_roll_refused_at_compile_time():
    a = sample((2, 3))
    typing, unsupported = oxjit.errors.TypingError, oxjit.errors.UnsupportedError
    cases = [
        (roll_axis_2, (a,), "np.roll(a, 1, axis=2)", typing, "axis 2 is out of bounds for array of dimension 2"),
        (roll_float_shift, (a,), "np.roll(a, 1.5)", typing, "roll(): shift must be an integer, not float64"),
        (roll_tuple_shift, (a,), "np.roll(a, (1, 2), axis=(0, 1))", unsupported, "a tuple of shifts is not supported"),
        (roll_runtime_axis, (a, 1), "np.roll(a, 1, axis=k)", typing, "axis must be a constant integer"),
        (roll_number, (3.0,), "np.roll(x, 1)", unsupported, "roll() of float64 is not supported (arrays of numbers only)"),
    ]  # fmt: skip
    for fn, args, snippet, cls, text in cases:
        msg = assert_diagnostic(compile_error(fn, *args), fn, snippet, cls)
        assert text in msg, msg


# ------------------------------------------------------------------------------------------------
# np.repeat and a.repeat


def repeat_flat(a, r):
    return np.repeat(a, r)


def repeat_0(a, r):
    return np.repeat(a, r, axis=0)


def repeat_1(a, r):
    return np.repeat(a, r, 1)


def repeat_last(a, r):
    return np.repeat(a, repeats=r, axis=-1)


def repeat_method(a, r):
    return a.repeat(r)


def repeat_method_axis(a, r):
    return a.repeat(r, axis=0)


@pytest.mark.parametrize("dtype", DTYPES)
def test_repeat_dtypes(dtype):
    for a in layouts((2, 3), dtype):
        assert_same(repeat_flat, a, 2)
        assert_same(repeat_0, a, np.array([1, 0]))
        assert_same(repeat_1, a, np.array([2, 0, 1]))
        assert_same(repeat_method, a, 3)


@pytest.mark.parametrize("shape", [(5,), (3, 4), (2, 3, 2)])
def test_repeat_shapes_layouts_counts(shape):
    for a in layouts(shape):
        n0, nl = a.shape[0], a.shape[-1]
        for r in (0, 1, 3, np.array([2]), np.array(2), np.int8(2), True):
            for fn in (repeat_flat, repeat_0, repeat_last, repeat_method, repeat_method_axis):
                assert_same(fn, a, r)
        assert_same(repeat_flat, a, np.arange(a.size) % 3)
        assert_same(repeat_0, a, np.arange(n0, dtype=np.int16) % 3)
        assert_same(repeat_last, a, (np.arange(nl) % 2).astype(np.uint32))
        assert_same(repeat_last, a, np.arange(nl) % 2 == 0)
        if a.ndim > 1:
            assert_same(repeat_1, a, np.arange(a.shape[1], dtype=np.uint8))


def test_repeat_empty_and_zero_d():
    for shape in [(0,), (2, 0), (0, 3)]:
        a = np.zeros(shape)
        for r in (0, 2, -1, np.array([3]), np.array([], dtype=np.int64)):
            assert_same(repeat_flat, a, r)
            assert_same(repeat_0, a, r)
            assert_same(repeat_last, a, r)
    for x in (np.array(4.5), np.array(7, dtype=np.int16)):
        assert_same(repeat_flat, x, 3)
        assert_same(repeat_method, x, np.array([2]))


def test_repeat_errors_as_numpys():
    a = sample((2, 3))
    assert_same(repeat_flat, a, -1)
    assert_same(repeat_0, a, np.int8(-2))
    assert_same(repeat_0, a, np.array([-1]))
    assert_same(repeat_1, a, np.array([1, -1, 2]))
    assert_same(repeat_1, a, np.array([1, 2]))
    assert_same(repeat_flat, a, np.array([1, 2, 3]))
    assert_same(repeat_0, a, np.array([], dtype=np.int64))


def repeat_axis_2(a):
    return np.repeat(a, 2, axis=2)


def repeat_float(a):
    return np.repeat(a, 1.5)


def repeat_uint64(a, r):
    return np.repeat(a, r)


def repeat_2d_counts(a, r):
    return np.repeat(a, r)


def repeat_runtime_axis(a, k):
    return a.repeat(2, k)


@pytest.mark.requires_jit
def test_repeat_refused_at_compile_time():
    a = sample((2, 3))
    typing = oxjit.errors.TypingError
    counts64 = np.array([1, 2], dtype=np.uint64)
    cases = [
        (repeat_axis_2, (a,), "np.repeat(a, 2, axis=2)", "axis 2 is out of bounds for array of dimension 2"),
        (repeat_float, (a,), "np.repeat(a, 1.5)", "cannot cast float64 to int64 according to the rule 'safe'"),
        (repeat_uint64, (a, counts64), "np.repeat(a, r)", "cannot cast uint64 to int64 according to the rule 'safe'"),
        (repeat_2d_counts, (a, np.ones((2, 3), np.int64)), "np.repeat(a, r)", "object too deep"),
        (repeat_runtime_axis, (a, 0), "a.repeat(2, k)", "axis must be a constant integer"),
    ]  # fmt: skip
    for fn, args, snippet, text in cases:
        msg = assert_diagnostic(compile_error(fn, *args), fn, snippet, typing)
        assert text in msg, msg


# ------------------------------------------------------------------------------------------------
# np.tile


def tile(a, reps):
    return np.tile(a, reps)


def tile_pair(a, r, s):
    return np.tile(a, (r, s))


def tile_three(a, r, s, t):
    return np.tile(A=a, reps=(r, s, t))


@pytest.mark.parametrize("dtype", DTYPES)
def test_tile_dtypes(dtype):
    for a in layouts((2, 3), dtype):
        assert_same(tile, a, 2)
        assert_same(tile_pair, a, 2, 3)
        assert_same(tile_three, a, 2, 1, 2)


@pytest.mark.parametrize("shape", [(4,), (2, 3), (2, 3, 2)])
def test_tile_shapes_layouts_reps(shape):
    for a in layouts(shape):
        for r in (0, 1, 3, np.int8(2), True):
            assert_same(tile, a, r)
        for r, s in [(1, 1), (2, 1), (1, 3), (0, 2), (3, 0), (2, 2)]:
            assert_same(tile_pair, a, r, s)
        for r, s, t in [(1, 1, 1), (1, 2, 1), (2, 1, 3), (1, 1, 2)]:
            assert_same(tile_three, a, r, s, t)


def tile_empty_reps(a):
    return np.tile(a, ())


def test_tile_empty_zero_d_and_no_reps():
    for a in (
        np.zeros((0,)),
        np.zeros((2, 0)),
        np.zeros((0, 3)),
        np.asfortranarray(np.zeros((0, 3))),
    ):
        assert_same(tile, a, 3)
        assert_same(tile_pair, a, 2, 1)
        assert_same(tile_three, a, 1, 1, 1)
    for x in (np.array(4.5), np.array(7, dtype=np.int16)):
        assert_same(tile, x, 3)
        assert_same(tile_pair, x, 2, 1)
        assert_same(tile_empty_reps, x)
    for a in layouts((2, 3)):
        assert_same(tile_empty_reps, a)


def test_tile_negative_reps_as_numpy():
    a = sample((2, 3))
    assert_same(tile, a, -1)
    assert_same(tile_pair, a, 0, -1)
    assert_same(tile_pair, a, 1, -1)
    e = np.zeros((0, 3))
    assert_same(tile_pair, e, 1, -2)
    assert_same(tile_pair, e, -1, 1)
    assert_same(tile_three, np.zeros((0, 3, 4)), 1, -2, 1)
    assert_same(tile_three, np.zeros((0, 3, 4)), 1, -2, -1)
    assert_same(tile_pair, np.zeros((3, 0)), -1, 1)
    assert_same(tile, np.zeros(0), -1)


def tile_result_is_new(a):
    b = np.tile(a, 1)
    b[0] = 100.0
    return a, b


def test_tile_is_a_copy():
    assert_same(tile_result_is_new, np.array([1.0, 2.0, 3.0]))


def tile_float_reps(a):
    return np.tile(a, 1.5)


def tile_list_reps(a):
    return np.tile(a, (2, 1.0))


def tile_number(x):
    return np.tile(x, 2)


@pytest.mark.requires_jit
def test_tile_refused_at_compile_time():
    a = sample((2, 3))
    typing, unsupported = oxjit.errors.TypingError, oxjit.errors.UnsupportedError
    cases = [
        (tile_float_reps, (a,), "np.tile(a, 1.5)", typing, "tile(): reps must be an integer or a tuple of integers, not float64"),
        (tile_list_reps, (a,), "np.tile(a, (2, 1.0))", typing, "reps must be an integer or a tuple of integers"),
        (tile_number, (2.0,), "np.tile(x, 2)", unsupported, "tile() of float64 is not supported (arrays of numbers only)"),
    ]  # fmt: skip
    for fn, args, snippet, cls, text in cases:
        msg = assert_diagnostic(compile_error(fn, *args), fn, snippet, cls)
        assert text in msg, msg

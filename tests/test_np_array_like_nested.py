"""Tuples and lists nested in any mix as NumPy array-likes (``([1, 2], [3, 4])``,
``[(1, 2), (3, 4)]``, a tuple of a list and an array): ``np.array``/``np.asarray`` make NumPy's
array (shape, dtype, values) and raise NumPy's ValueError for a ragged level; every NumPy function
given one converts it first (the array-like retry). A str stays refused, with a clear error."""

import numpy as np
import oxjit
import pytest
from conftest import assert_diagnostic, assert_same, compile_error


def asarray(x):
    return np.asarray(x)


def array_of(x):
    return np.array(x)


def array_f32(x):
    return np.array(x, dtype=np.float32)


NESTED = [
    ([1, 2], [3, 4]),
    ([1.5, 2], [3, 4]),
    [(1, 2), (3, 4)],
    [(1, 2.5), (3, 4)],
    [(True, False)],
    ([[1, 2], [3, 4]], [[5, 6], [7, 8]]),
    [([1, 2], [3, 4])],
    ([1, 2], (3, 4)),
    ((1, 2), [3, 4]),
    ([1, 2], np.array([3.0, 4.0])),
    ([1 + 2j, 3], [4, 5]),
    [(True, 2j)],
    ([], []),
    [(1, 2)] * 3,
]


@pytest.mark.parametrize("x", NESTED)
@pytest.mark.parametrize("fn", [asarray, array_of, array_f32])
def test_nested_sequences(fn, x):
    if fn is array_f32 and "complex" in repr(np.asarray(x).dtype):
        return  # refused: test_complex_items_to_a_real_dtype_are_refused
    if x == ([], []):
        # An empty list's items are typed by its type (int64 here), as Numba types them;
        # NumPy, seeing no items, makes float64: compare the shape only.
        got = oxjit.njit(fn)(x)
        assert got.shape == fn(x).shape
        return
    assert_same(fn, x)


def array_int(x):
    return np.array(x, dtype=np.int64)


@pytest.mark.parametrize("x", [([1 + 2j, 3], [4, 5]), [(1 + 2j, 3)], (1 + 2j, 3), [1 + 2j], 1 + 2j])
@pytest.mark.parametrize("fn", [array_f32, array_int])
def test_complex_items_to_a_real_dtype_are_refused(fn, x):
    # NumPy raises TypeError for Python complex numbers (float()/int() of a complex).
    with pytest.raises(TypeError):
        fn(x)
    e = compile_error(fn, x)
    assert "real number, not complex" in str(e)
    assert_diagnostic(e, fn, "np.array(", oxjit.errors.TypingError)


@pytest.mark.parametrize(
    "x",
    [
        ([1, 2], [3]),
        ([[1, 2], [3]], [[5, 6]]),
        ([[1, 2], [3, 4]], [[5, 6], [7]]),
        ([1, 2], (3, 4, 5)),
        [[(1, 2)], [(3, 4), (5, 6)]],
    ],
)
def test_ragged_levels_raise_numpys_error(x):
    # ValueError with NumPy's message: the shallowest level that is not rectangular.
    assert_same(asarray, x)


def test_ragged_array_items_raise():
    with pytest.raises(ValueError):
        oxjit.njit(asarray)(([1, 2], np.arange(3.0)))
    with pytest.raises(ValueError):
        asarray(([1, 2], np.arange(3.0)))


def test_empty_list_of_tuples_keeps_the_tuple_dimension():
    got = oxjit.njit(asarray)(oxjit.typed.List.empty_list(oxjit.types.UniTuple(oxjit.int64, 2)))
    assert got.shape == (0, 2) and got.dtype == np.int64


def flipud(x):
    return np.flipud(x)


def fliplr(x):
    return np.fliplr(x)


def total(x):
    return np.full(1, np.sum(x))


def transpose(x):
    return np.transpose(x)


def cross(a, b):
    return np.cross(a, b)


@pytest.mark.parametrize("fn", [flipud, fliplr, total, transpose])
@pytest.mark.parametrize("x", [([1, 2], [3, 4]), [(1.5, 2), (3, 4)], ([1, 2, 3], (4, 5, 6))])
def test_numpy_functions_convert_nested_sequences(fn, x):
    assert_same(fn, x)


def test_cross_of_a_list_of_tuples():
    assert_same(cross, [(1, 2, 3), (4, 5, 6)], ((7, 8, 9), [1, 0, 0]))


def test_fliplr_of_a_ragged_tuple_of_lists():
    assert_same(fliplr, ([1, 2], [3]))


def asarray_str(s):
    return np.asarray(s)


def asarray_str_literal():
    return np.asarray("abc")


def test_asarray_of_a_str_is_refused_clearly():
    e = compile_error(asarray_str, "abc")
    assert "'<U'" in str(e)
    assert_diagnostic(e, asarray_str, "np.asarray(s)", oxjit.errors.UnsupportedError)
    e = compile_error(asarray_str_literal)
    assert "'<U'" in str(e)


@pytest.mark.requires_jit
def test_no_leaks():
    from test_nrt import assert_no_leak

    assert_no_leak(asarray, ([1, 2], [3, 4]))
    assert_no_leak(asarray, [(1, 2.5), (3, 4)])
    assert_no_leak(asarray, ([1, 2], np.arange(2.0)))
    assert_no_leak(flipud, ([1, 2], [3, 4]))
    # The ragged checks raise before the array is made; an array item's check after.
    assert_no_leak(asarray, ([1, 2], [3]), expect_raise=ValueError)
    assert_no_leak(asarray, ([1, 2], np.arange(3.0)), expect_raise=ValueError)

"""Lists and tuples of numbers given to NumPy functions where they take an array: NumPy converts
every array-like argument with ``np.asarray``, and so does compiled code, for every NumPy function
whose call does not type with the sequence itself (``typeinfer/rules/array_like.rs``: the call is
typed again with the arrays, and ``np.asarray`` runs just before it). Compared with NumPy: values,
dtypes, shapes, result types, exception class and message; what stays refused is a compile error
naming the line."""

import numpy as np
import oxjit
import pytest
from conftest import assert_diagnostic, assert_same, compile_error


def bincount(x):
    return np.bincount(x)


def bincount_weights(x, w):
    return np.bincount(x, w)


def bincount_minlength(x):
    return np.bincount(x, minlength=6)


def flipud(a):
    return np.flipud(a)


def fliplr(a):
    return np.fliplr(a)


def array_equal(a, b):
    return np.array_equal(a, b)


def cross(a, b):
    return np.cross(a, b)


def ptp(a):
    # Compiled code returns Python numbers: a scalar result goes into a 0-d array to compare
    # its dtype.
    return np.asarray(np.ptp(a))


def percentile(a, q):
    return np.asarray(np.percentile(a, q))


def quantile(a, q):
    return np.asarray(np.quantile(a, q))


def argwhere(a):
    return np.argwhere(a)


def flatnonzero(a):
    return np.flatnonzero(a)


def isin(a, b):
    return np.isin(a, b)


def sum_mean_max(a):
    return (
        np.asarray(np.sum(a)),
        np.asarray(np.mean(a)),
        np.asarray(np.max(a)),
        np.asarray(np.argmax(a)),
        np.cumsum(a),
    )


def sort_unique(a):
    return np.sort(a), np.unique(a), np.diff(a)


def sum_axis(a):
    return np.sum(a, axis=0), np.sum(a, 1)


def sqrt(a):
    return np.sqrt(a)


def searchsorted(a, v):
    return np.asarray(np.searchsorted(a, v))


def dot(a, b):
    return np.asarray(np.dot(a, b))


def display_args():
    # Displays written in the call, the most common form in Numba's own tests.
    return np.bincount([0, 1, 1, 3]), np.cross((1, 2, 3), (4, 5, 6)), np.flipud([1.5, 2.5])


@oxjit.njit
def ptp_loop(a):
    # A list in a loop: converted at each call, each array given back after its call.
    s = 0.0
    for i in range(3):
        s += np.ptp([a[i], 2.0 * a[i], -1.0])
    return s


def literal_then_array(a):
    return np.asarray(ptp_loop(a))


INTS = [[0, 1, 1, 3, 2, 1, 7], (1, 1, 2), [5]]
NUMS = [[1.5, -2.0, 3.25], (1, 2, 3), [True, False, True], (2.5, 1, -3), [[1, 2], [3, 4]]]


@pytest.mark.parametrize("x", INTS)
def test_bincount(x):
    assert_same(bincount, x)
    assert_same(bincount_minlength, x)
    assert_same(bincount_weights, x, [0.5] * len(x))
    assert_same(bincount_weights, np.array(x), tuple(range(len(x))))


def test_bincount_errors():
    # NumPy's ValueError for a negative item, from the converted list.
    assert_same(bincount, [1, -1, 2])
    assert_same(bincount_weights, [0, 1], [1.0, 2.0, 3.0])


@pytest.mark.parametrize("a", NUMS + [[[1, 2, 3]], ((1.0, 2.0), (3.0, 4.0))])
def test_flips(a):
    assert_same(flipud, a)
    if np.ndim(a) >= 2:
        assert_same(fliplr, a)


def test_fliplr_of_1d_sequence_refused_as_1d_arrays():
    # NumPy's ValueError for a 1-d array is a compile-time error of oxjit's (known from the
    # type); a 1-d list gets the same one.
    with pytest.raises(ValueError, match="Input must be >= 2-d"):
        fliplr([1, 2, 3])
    e = compile_error(fliplr, [1, 2, 3])
    assert "Input must be >= 2-d." in str(e)
    assert_diagnostic(e, fliplr, "np.fliplr(a)", oxjit.errors.TypingError)


@pytest.mark.parametrize(
    "a, b",
    [
        ((1, 2, 3), (1, 2, 3)),
        ([1, 2, 3], (1, 2, 4)),
        ([1.0, 2.0], np.array([1, 2])),
        ([1, 2], [1, 2, 3]),
        ([[1, 2], [3, 4]], np.array([[1, 2], [3, 4]])),
    ],
)
def test_array_equal(a, b):
    assert_same(array_equal, a, b)


@pytest.mark.parametrize(
    "a, b",
    [
        ((1, 2, 3), (4, 5, 6)),
        ([1.5, 2.0, -1.0], np.array([0.0, 1.0, 2.0])),
        ([1, 2, 0], (3, 4.5, 5)),
    ],
)
def test_cross(a, b):
    assert_same(cross, a, b)


@pytest.mark.parametrize("a", NUMS[:2] + NUMS[3:])
def test_ptp(a):
    assert_same(ptp, a)


@pytest.mark.parametrize("a", [[1.0, 2.0, 4.0, 10.0], (3, 1, 2), [[1, 2], [3, 5]]])
def test_percentile_quantile(a):
    assert_same(percentile, a, 50)
    assert_same(percentile, a, [10, 50, 90])
    assert_same(percentile, np.array(a), (25.0, 75.0))
    assert_same(quantile, a, 0.5)
    assert_same(quantile, a, [0.1, 0.9])
    assert_same(quantile, np.array(a, dtype=np.float64), (0.25, 0.75))


def test_percentile_out_of_range_raises_as_numpy():
    assert_same(percentile, [1.0, 2.0], [50, 150])


@pytest.mark.parametrize("a", [[0, 1, 0, 2], ((0.0, 1.5), (2.0, 0.0)), [True, False]])
def test_argwhere_flatnonzero(a):
    assert_same(argwhere, a)
    assert_same(flatnonzero, a)


@pytest.mark.parametrize(
    "a, b", [([1, 2, 3, 4], [2, 4]), ((1.5, 2.5), np.array([2.5])), (np.arange(5), (1, 3, 9))]
)
def test_isin(a, b):
    assert_same(isin, a, b)


@pytest.mark.parametrize("a", NUMS[:4])
def test_reductions_and_more(a):
    assert_same(sum_mean_max, a)
    assert_same(sort_unique, a)
    if not isinstance(a[0], bool):
        # (np.sqrt of booleans is float16 in NumPy, float64 here, for arrays too: not yet.)
        assert_same(sqrt, a)


def test_axis_of_a_nested_list():
    assert_same(sum_axis, [[1, 2, 3], [4, 5, 6]])
    assert_same(sum_axis, ((1.5, 2.5), (3.5, 4.5)))


def sum_axis_out_of_range(a):
    return np.sum(a, axis=2)


def test_axis_error_of_a_list():
    # NumPy converts first, then finds the axis out of range: its AxisError, at compile time.
    with pytest.raises(np.exceptions.AxisError):
        sum_axis_out_of_range([1, 2])
    e = compile_error(sum_axis_out_of_range, [1, 2])
    assert "axis 2 is out of bounds for array of dimension 1" in str(e)


def test_searchsorted_dot():
    assert_same(searchsorted, [1, 3, 5, 7], 4)
    assert_same(searchsorted, (1.0, 2.0), np.array([0.5, 3.0]))
    assert_same(dot, [1.0, 2.0], (3.0, 4.0))


def test_displays_and_loops():
    assert_same(display_args)
    assert_same(literal_then_array, np.array([1.0, -4.0, 2.5]))


def test_ragged_list_raises_as_numpy():
    # np.asarray's ValueError for a ragged nested list, from the conversion.
    assert_same(ptp, [[1, 2], [3]])


def test_no_leak_of_the_converted_arrays():
    from oxjit.runtime import get_allocation_stats

    f = ptp_loop
    a = np.array([1.0, 2.0, 3.0])
    f(a)
    before = get_allocation_stats()
    f(a)
    after = get_allocation_stats()
    # Three arrays made (one per call of np.ptp), three given back.
    assert (after.alloc - before.alloc, after.free - before.free) == (3, 3)


def ptp_of_strings(a):
    return np.ptp(a)


def test_sequences_of_non_numbers_stay_refused():
    e = compile_error(ptp_of_strings, ["a", "b"])
    assert_diagnostic(e, ptp_of_strings, "np.ptp(a)", oxjit.errors.UnsupportedError)
    assert "ptp() of list(unicode_type)" in str(e)


def tile_tuple(a):
    # A tuple where NumPy takes a shape-like stays a tuple (`reps`, `shape`, `axis`).
    return np.tile(a, (2, 2)), np.zeros((2, 3)), np.sum(np.ones((2, 2, 2)), axis=(0, 1))


def test_shapes_and_axes_stay_tuples():
    assert_same(tile_tuple, np.arange(3))

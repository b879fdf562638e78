"""`slice` objects in compiled code, compared with CPython: `slice(stop)`, `slice(start, stop,
step)` and `slice(*t)` built in the function or passed in, indexing arrays, lists, strings and
tuples, and their `.start`/`.stop`/`.step` (`None` where a part is missing, as CPython's; Numba
gives the defaults instead). `...` (Ellipsis) passed as an argument indexes as `a[...]` written
in the code. NumPy's `np.isin` of a number makes a 0-d array; a number as its test elements is
one too."""

import numpy as np
import oxjit
import pytest
from conftest import assert_diagnostic, assert_same, compile_error


def parts(sl):
    return sl.start, sl.stop, sl.step


def built(*args):
    sl = slice(*args)
    return sl.start, sl.stop, sl.step


def built_one(a):
    s = slice(a)
    return s.start, s.stop, s.step


def built_two(a, b):
    s = slice(a, b)
    return s.start, s.stop, s.step


def built_three(a, b, c):
    s = slice(a, b, c)
    return s.start, s.stop, s.step


PARTS = [None, 0, 3, -2, 42]
STEPS = [None, 1, 2, -1, -3]


@pytest.mark.parametrize("start", PARTS)
@pytest.mark.parametrize("stop", PARTS)
@pytest.mark.parametrize("step", STEPS)
def test_parts_of_a_passed_slice(start, stop, step):
    assert_same(parts, slice(start, stop, step))


@pytest.mark.parametrize("args", [(5,), (None,), (1, None), (None, 4), (1, 9, 3), (None, None, -1)])
def test_slice_constructor(args):
    assert_same(built, *args)
    fn = {1: built_one, 2: built_two, 3: built_three}[len(args)]
    assert_same(fn, *args)


def index_array(a, start, stop, step):
    return a[slice(start, stop, step)]


def index_list(l, start, stop, step):
    return l[slice(start, stop, step)]


def index_str(s, start, stop, step):
    return s[slice(start, stop, step)]


def index_tuple():
    t = (1, 2.5, 3, 4)
    return t[slice(1, 3)], t[slice(None, None, -1)], t[slice(2)]


def index_passed(a, s):
    return a[s]


def write_array(a, start, stop, step):
    a[slice(start, stop, step)] = 7
    return a


@pytest.mark.parametrize(
    "bounds", [(1, None, 2), (None, None, -1), (-3, None, None), (8, 2, -2), (0, 0, 1)]
)
def test_indexing_with_built_slices(bounds):
    assert_same(index_array, np.arange(10.0), *bounds)
    assert_same(index_list, [1, 2, 3, 4, 5, 6], *bounds)
    assert_same(index_str, "hello world", *bounds)
    assert_same(write_array, np.arange(10), *bounds)


def test_indexing_a_tuple_with_constant_slices():
    assert_same(index_tuple)


@pytest.mark.parametrize(
    "s", [slice(2, 8, 3), slice(None, None, -2), slice(-1, None, -1), slice(5)]
)
def test_indexing_with_passed_slices(s):
    assert_same(index_passed, np.arange(10), s)
    assert_same(index_passed, [1, 2, 3, 4, 5], s)
    assert_same(index_passed, "abcdefg", s)


def test_zero_step_raises_as_cpython():
    assert_same(index_array, np.arange(4), 1, 3, 0)
    assert_same(index_list, [1, 2, 3], None, None, 0)
    assert_same(index_passed, np.arange(4), slice(None, None, 0))


def index_ellipsis(a, e):
    return a[e]


def set_ellipsis(a, e):
    a[e] = 1.5
    return a


def test_ellipsis_argument():
    a = np.arange(12.0).reshape(3, 4)
    assert_same(index_ellipsis, a, Ellipsis)
    assert_same(index_ellipsis, a, (Ellipsis, 1))
    assert_same(index_ellipsis, a, (0, Ellipsis))
    assert_same(set_ellipsis, a, Ellipsis)
    assert_same(set_ellipsis, a, (Ellipsis, 2))


NEW_AXIS_CASES = [
    (slice(None), np.newaxis),
    (slice(1), Ellipsis, np.newaxis, 1),
    (1, np.newaxis, Ellipsis),
    (np.newaxis, slice(1), Ellipsis, np.newaxis, 1),
    (1, Ellipsis, None, np.newaxis),
    (np.newaxis, 1, Ellipsis, None),
]


def set_index(a, idx, item):
    a[idx] = item
    return a


@pytest.mark.parametrize("idx", NEW_AXIS_CASES)
def test_index_tuples_passed_in(idx):
    # Slices, None, ints and Ellipsis in one tuple argument (numba's test_add_axis).
    a = np.arange(4 * 5 * 6 * 7).reshape((4, 5, 6, 7))
    assert_same(index_ellipsis, a, idx)
    assert_same(set_index, np.zeros_like(a), idx, a[idx])


def give_back(marker):
    return marker


def test_returning_ellipsis_is_refused():
    e = compile_error(give_back, Ellipsis)
    assert "ellipsis" in str(e)
    assert_diagnostic(e, give_back, "def give_back(marker)", oxjit.errors.TypingError)


def isin_number(x, b):
    return np.isin(x, b)


def isin_number_invert(x, b):
    return np.isin(x, b, invert=True)


@pytest.mark.parametrize("x", [3, -1, 2.5, 4.0])
def test_isin_of_a_number(x):
    b = np.arange(5) if isinstance(x, int) else np.arange(5.0)
    assert_same(isin_number, x, b)
    assert_same(isin_number_invert, x, b)
    assert_same(isin_number, x, [1, 3, 5] if isinstance(x, int) else [2.5, 3.5])


@pytest.mark.parametrize("y", [3, 7])
def test_isin_of_a_number_as_test_elements(y):
    a = np.arange(6).reshape(2, 3)
    assert_same(isin_number, a, y)
    assert_same(isin_number_invert, a, y)
    assert_same(isin_number, 3, y)

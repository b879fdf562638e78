"""Memory layout of results, compared with NumPy's: `same_array` (conftest) compares the C/F
contiguity flags and writeability of every array, so each `assert_same` here checks that a result
is laid out as NumPy lays it out. NumPy keeps its inputs' memory order (`order='K'`) in array
expressions and ufuncs, `np.copy`, `astype`, `np.array(a)`, the `*_like` functions, `np.sort`,
`np.clip`, `np.where` and reductions along an axis; `a.copy()`, `np.ascontiguousarray` and
argmin/argmax along an axis are C."""

import numpy as np
import pytest
from conftest import assert_same


def c_array(shape=(3, 4), dtype=np.float64):
    return np.arange(np.prod(shape), dtype=dtype).reshape(shape) - 5


def f_array(shape=(3, 4), dtype=np.float64):
    return np.asfortranarray(c_array(shape, dtype))


# name -> a function making the inputs; every case is run through every expression below.
INPUTS = {
    "all C": lambda: (c_array(), c_array() * 2),
    "all F": lambda: (f_array(), f_array() * 2),
    "F and C": lambda: (f_array(), c_array()),
    "C and F": lambda: (c_array(), f_array()),
    "F and a row": lambda: (f_array(), np.arange(4.0)),
    "F and a column": lambda: (f_array(), np.arange(3.0).reshape(3, 1)),
    "F and a 1x4 row": lambda: (f_array(), np.arange(4.0).reshape(1, 4)),
    "1-d": lambda: (np.arange(5.0), np.arange(5.0)[::-1]),
    "1-d strided": lambda: (np.arange(10.0)[::2], np.arange(5.0)),
    "strided C order": lambda: (c_array((6, 8))[::2, ::2], c_array((3, 4))),
    "strided F order": lambda: (c_array((8, 6))[::2, ::2].T, c_array((4, 3)).T.copy()),
    "transposed": lambda: (c_array((4, 3)).T, c_array((4, 3)).T),
    "transposed and F": lambda: (c_array((4, 3)).T, f_array()),
    "reversed rows": lambda: (c_array()[::-1], c_array()),
    "reversed F": lambda: (f_array()[:, ::-1], f_array()),
    "3-d F": lambda: (f_array((2, 3, 4)), f_array((2, 3, 4))),
    "3-d F and its last 2 axes": lambda: (f_array((2, 3, 4)), f_array((3, 4))),
    "3-d mixed strides": lambda: (c_array((2, 3, 4)).transpose(1, 0, 2), c_array((3, 2, 4))),
    "3-d F and C": lambda: (f_array((2, 3, 4)), c_array((2, 3, 4))),
    "empty F": lambda: (f_array((0, 3)), f_array((0, 3))),
}


def add_scalar(a, b):
    return a + 1.0


def add(a, b):
    return a + b


def fused(a, b):
    return np.sqrt(np.abs(a * 2.0 - b)) + 1


def ufunc(a, b):
    return np.sin(a), np.maximum(a, b), np.negative(b)


def compare(a, b):
    return a > b, a == 0


def where_clip(a, b):
    return np.where(a > 0, a, b), np.clip(a, -1.0, 2.0)


def astype(a, b):
    return a.astype(np.float32), a.astype(np.int64)


EXPRESSIONS = [add_scalar, add, fused, ufunc, compare, where_clip, astype]


@pytest.mark.parametrize("fn", EXPRESSIONS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("case", list(INPUTS))
def test_expression_results_keep_numpy_order(fn, case):
    a, b = INPUTS[case]()
    with np.errstate(all="ignore"):
        assert_same(fn, a, b)


def copies(a):
    return np.copy(a), a.copy(), np.array(a), np.asarray(a), np.ascontiguousarray(a)


def likes(a):
    return np.zeros_like(a), np.ones_like(a), np.full_like(a, 7), np.empty_like(a).shape


def sort(a):
    return np.sort(a), np.sort(a, axis=-1)


def along_axes(a):
    return a.sum(axis=0), a.sum(axis=-1), a.max(axis=1), a.mean(axis=0), a.std(axis=1)


def along_axes_kept(a):
    return a.sum(axis=0, keepdims=True), a.min(axis=-1, keepdims=True), a.argmax(axis=0)


def cumulative(a):
    return a.cumsum(axis=0), np.cumprod(a, axis=-1), a.cumsum()


ARRAYS = {
    "C": lambda: c_array(),
    "F": lambda: f_array(),
    "strided": lambda: c_array((6, 8))[::2, 1::3],
    "transposed strided": lambda: c_array((8, 6))[::2, ::3].T,
    "3-d F": lambda: f_array((2, 3, 4)),
    "3-d transposed": lambda: c_array((2, 3, 4)).transpose(2, 0, 1),
    "1-d strided": lambda: np.arange(12.0)[::3],
    "column": lambda: np.arange(3.0).reshape(3, 1),
}


@pytest.mark.parametrize("fn", [copies, likes, sort, cumulative],
                         ids=lambda f: f.__name__)  # fmt: skip
@pytest.mark.parametrize("case", list(ARRAYS))
def test_copies_keep_numpy_order(fn, case):
    assert_same(fn, ARRAYS[case]())


@pytest.mark.parametrize("fn", [along_axes, along_axes_kept], ids=lambda f: f.__name__)
@pytest.mark.parametrize("case", [k for k in ARRAYS if k not in ("1-d strided",)])
def test_reductions_along_axes_keep_numpy_order(fn, case):
    assert_same(fn, ARRAYS[case]())


def nonzero(a):
    return np.nonzero(a > 0), np.where(a > 2)


def diagonal(a):
    return np.diag(a), np.diag(a, 1), np.diag(a, -5)


@pytest.mark.parametrize("case", list(ARRAYS))
def test_nonzero_columns_are_numpy_views(case):
    assert_same(nonzero, ARRAYS[case]())


@pytest.mark.parametrize("case", [k for k in ARRAYS if k in ("C", "F", "strided", "column")])
def test_diag_of_a_matrix_is_a_read_only_view(case):
    assert_same(diagonal, ARRAYS[case]())


def returned_views(a):
    return a, a[1:], a.T, a[:, 0]


@pytest.mark.parametrize("readonly", [False, True])
@pytest.mark.parametrize("case", ["C", "F", "strided"])
def test_views_keep_layout_and_writeability(case, readonly):
    a = ARRAYS[case]()
    a.flags.writeable = not readonly
    assert_same(returned_views, a)


def joined(a, b):
    return np.concatenate((a, b)), np.concatenate((a, b), axis=1), np.vstack((a, b))


def stacked(a, b):
    return np.stack((a, b)), np.stack((a, b), axis=-1), np.hstack((a, b))


@pytest.mark.parametrize("fn", [joined, stacked], ids=lambda f: f.__name__)
@pytest.mark.parametrize(
    "case", ["all C", "all F", "F and C", "strided F order", "transposed", "transposed and F"]
)
def test_joined_arrays_keep_numpy_order(fn, case):
    a, b = INPUTS[case]()
    assert_same(fn, a, b)

"""In-place whole-array statements (`a[...] = expr`, `a += expr`, `out=`) whose inputs may
overlap the output: computed through a temporary of the output's memory order, then copied over,
as NumPy does; the loops are emitted once for both the direct and the staged path (see
`arrayexpr.rs::expr_into_out`), and a store of a new array read nowhere else skips the overlap
check (`array.rs::fresh_single_use`). Compared with NumPy for C, F and strided outputs in 1-3
dimensions, with every temporary given back (an element that raises included)."""

import gc

import numpy as np
import pytest
from conftest import assert_same, jitted

pytestmark = pytest.mark.requires_jit


def column_recurrence(d, a, b):
    # vadv's Thomas sweep: each column written from the one before (overlapping strided views).
    d = d.copy()
    for k in range(1, d.shape[2]):
        d[:, :, k] = (d[:, :, k] - d[:, :, k - 1] * a) * b
    return d


def test_column_recurrence_3d():
    rng = np.random.default_rng(1)
    d = rng.random((4, 5, 6))
    assert_same(column_recurrence, d, rng.random((4, 5)), rng.random((4, 5)))


def shift_add_f(a):
    a = a.copy()
    a[1:, :] += a[:-1, :]
    return a


def whole_f_reversed(a):
    a = a.copy()
    a += a[::-1, ::-1]
    return a


@pytest.mark.parametrize("order", ["C", "F"])
def test_overlap_f_and_c_outputs(order):
    a = np.asarray(np.arange(20.0).reshape(4, 5), order=order)
    assert_same(shift_add_f, a)
    assert_same(whole_f_reversed, a)


def transposed_in_place(m):
    m = np.asfortranarray(m)
    m += m.T * 2.0
    return m


def test_f_output_with_transposed_input():
    assert_same(transposed_in_place, np.arange(16.0).reshape(4, 4))


def ints_into_self(a, e):
    a = a.copy()
    a[1:] += a[:-1] ** e
    return a


def test_staged_integer_powers():
    # Staged (a[:-1] overlaps a[1:]); the exponents' array broadcasts.
    assert_same(ints_into_self, np.arange(1, 6), np.array([1, 2, 0, 3]))
    assert_same(ints_into_self, np.arange(1, 6), 2)


def int_array_power(a, e):
    return a**e


def test_negative_integer_power_of_array_items_is_numpys_error():
    for fn, args in (
        (ints_into_self, (np.arange(1, 6), np.array([1, -2, 0, 3]))),
        (int_array_power, (np.arange(1, 4), -1)),
        (int_array_power, (np.arange(1, 4), np.array([2, -1, 0]))),
    ):
        with pytest.raises(ValueError) as expected:
            fn(*args)
        with pytest.raises(ValueError) as got:
            jitted(fn)(*args)
        assert str(got.value) == str(expected.value)


def no_overlap(a, b):
    a = a.copy()
    a[:, 1:] = b[:, :-1] * 2.0 + 1.0
    return a


def test_no_overlap_writes_directly():
    assert_same(no_overlap, np.zeros((3, 4)), np.arange(12.0).reshape(3, 4))


# `view[...] = expr`: the expression's new array, read only by the store, is copied without the
# overlap check; a value read elsewhere too keeps it (it may be what the view is of).


def shift_from_expression(a):
    a = a.copy()
    a[1:] = a[:-1] * 2.0 + 1.0
    return a


def shift_within_temporary(a):
    t = a * 2.0
    t[1:] = t[:-1]
    return t


def broadcast_store(m, v):
    m = m.copy()
    m[1:, :] = v * 3 - 1
    return m


def cast_store(a, b):
    a = a.copy()
    a[::2] = b / 3.0
    return a


def column_store(d, a):
    d = d.copy()
    for k in range(1, d.shape[2]):
        d[:, :, k] = (d[:, :, k - 1] + a) * 0.5
    return d


def test_store_of_expression():
    assert_same(shift_from_expression, np.arange(6.0))
    assert_same(shift_within_temporary, np.arange(6.0))
    assert_same(broadcast_store, np.zeros((3, 4)), np.arange(4))
    assert_same(cast_store, np.arange(6), np.arange(3.0) * 7)
    rng = np.random.default_rng(2)
    assert_same(column_store, rng.random((3, 4, 5)), rng.random((3, 4)))


def test_store_of_expression_shape_error():
    # NumPy's ValueError for a source that does not broadcast into the view.
    assert_same(broadcast_store, np.zeros((3, 4)), np.arange(3))


def _stats():
    from oxjit.runtime import get_allocation_stats

    gc.collect()
    return get_allocation_stats()


@pytest.mark.parametrize(
    "fn,args,raises",
    [
        (column_recurrence, (np.ones((3, 3, 4)), np.ones((3, 3)), np.ones((3, 3))), None),
        (shift_add_f, (np.asfortranarray(np.ones((4, 4))),), None),
        (no_overlap, (np.zeros((3, 4)), np.ones((3, 4))), None),
        (ints_into_self, (np.arange(1, 6), np.array([1, -2, 0, 3])), ValueError),
        (shift_from_expression, (np.arange(6.0),), None),
        (shift_within_temporary, (np.arange(6.0),), None),
        (broadcast_store, (np.zeros((3, 4)), np.arange(3)), ValueError),
    ],
)
def test_temporary_given_back(fn, args, raises):
    f = jitted(fn)

    def call():
        if raises is None:
            return f(*args)
        with pytest.raises(raises):
            f(*args)
        return None

    call()
    before = _stats()
    for _ in range(10):
        call()
    after = _stats()
    assert after.alloc - before.alloc == after.free - before.free, (before, after)

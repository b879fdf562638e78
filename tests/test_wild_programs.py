"""What running public Numba programs unchanged turned up (numba-examples, Numba's documentation
examples; bench/numba_examples.py and bench/numba_doc_examples.py run them whole): slicing a
tuple (`a.shape[:2]`), arrays kept in typed containers after the caller drops them, and the
`numba.core` / `numba.extending` imports."""

import gc
import inspect
import os
import sys

import numpy as np
import oxjit
import pytest
from conftest import assert_diagnostic, assert_same, compile_error
from oxjit.typed import Dict, List

# ---------------------------------------------------------------------------------------------
# Tuple slices (numba-examples' lennard_jones: np.empty(mat.shape[:2]))


def slices(t):
    return t[1:], t[:-1], t[::-1], t[5:], t[-2::-2], t[:2], t[-10:10], t[1:1], t[::2], t[:]


def shape_head(a):
    out = np.empty(a.shape[:2], dtype=a.dtype)
    out[:] = 1.5
    return out, a.shape[1:], a.shape[::-1]


def slice_of_slice(t):
    u = t[1:]
    return u[1:], len(t[:2]), t[:2][0]


def sliced_then_unpacked(t):
    a, b = t[1:3]
    return a * 2, b


@pytest.mark.parametrize("t", [(1, 2.0, 3), (1,), (), (1, 2, 3, 4, 5, 6), ("a", 2.5, (1, 2), True)])
def test_tuple_slices_as_python(t):
    assert_same(slices, t)


def test_shape_slices():
    assert_same(shape_head, np.zeros((2, 3, 4)))
    assert_same(shape_head, np.zeros((5, 1)))


def test_slice_of_a_slice_and_unpacking():
    assert_same(slice_of_slice, (1, 2.5, "x", 4))
    assert_same(sliced_then_unpacked, (1, 2.5, 7, 4))


def slice_by_variable(t, n):
    return t[:n]


def test_slice_by_a_variable_is_a_clear_error():
    exc = compile_error(slice_by_variable, (1, 2, 3), 2)
    msg = assert_diagnostic(exc, slice_by_variable, "t[:n]", oxjit.errors.TypingError)
    assert "sliced by constants" in msg


# ---------------------------------------------------------------------------------------------
# Arrays in typed containers outlive the caller's reference (Numba's typed-dict documentation
# example stores temporaries: d['posx'] = np.asarray([...]))


def churn():
    """Frees and reuses memory, so a dangling array would show other numbers (or crash)."""
    gc.collect()
    return [np.full(k % 7 + 1, -1.0) for k in range(300)]


def test_dict_from_python_keeps_its_arrays():
    d = Dict.empty(key_type=oxjit.types.unicode_type, value_type=oxjit.types.float64[:])
    d["posx"] = np.asarray([1, 0.5, 2], dtype="f8")
    d["velx"] = np.asarray([0.5, 0, 0.7], dtype="f8")
    junk = churn()
    assert d["posx"].tolist() == [1.0, 0.5, 2.0]
    assert d["velx"].tolist() == [0.5, 0.0, 0.7]
    del junk

    @oxjit.njit
    def move(d):
        d["posx"] += d["velx"]

    move(d)
    assert d["posx"].tolist() == [1.5, 0.5, 2.7]


def test_list_from_python_keeps_its_arrays_and_shares_them():
    kept = np.zeros(3)
    items = List()
    for i in range(3):
        items.append(np.arange(3.0) + i)
    items.append(kept)
    junk = churn()
    assert [x.tolist() for x in items] == [[0, 1, 2], [1, 2, 3], [2, 3, 4], [0, 0, 0]]
    kept[0] = 9.0  # the same buffer, as in Numba
    assert items[3][0] == 9.0
    del junk


def test_arrays_stored_by_compiled_code_outlive_the_call():
    @oxjit.njit
    def put(d, a):
        d[1] = a

    @oxjit.njit
    def wrap(a, b):
        views = [a[1:]]
        views.append(b[::2])
        return [a, b], {0: (a, 1)}, views

    d = Dict.empty(key_type=oxjit.types.int64, value_type=oxjit.types.float64[::1])
    put(d, np.arange(3.0) + 5)
    lst, dd, views = wrap(np.arange(2.0) + 7, np.arange(4.0))
    junk = churn()
    assert d[1].tolist() == [5.0, 6.0, 7.0]
    assert [x.tolist() for x in views] == [[8.0], [0.0, 2.0]]
    assert [x.tolist() for x in lst] == [[7.0, 8.0], [0.0, 1.0, 2.0, 3.0]]
    assert dd[0][0].tolist() == [7.0, 8.0] and dd[0][1] == 1
    del junk


def test_owned_arrays_are_given_back():
    a = np.arange(4.0)
    before = sys.getrefcount(a)
    d = Dict.empty(key_type=oxjit.types.int64, value_type=oxjit.types.float64[:])
    d[0] = a
    d[1] = a
    assert sys.getrefcount(a) == before + 2
    d[1] = np.zeros(1)
    assert sys.getrefcount(a) == before + 1
    del d
    gc.collect()
    assert sys.getrefcount(a) == before


# ---------------------------------------------------------------------------------------------
# `c[k] += v` updates the item in place, as Python's __iadd__ does (Numba's typed-dict example:
# d['posx'] += d['velx'] on a dict of arrays)


def row_in_place(m, v):
    row = m[0]
    m[0] += v
    m[1, :] *= 2.0
    return row, m


def list_item_in_place(a):
    items = [a, a * 2.0]
    alias = items[0]
    items[0] += 1.0
    items[1] -= alias
    return alias, items[0], items[1]


def dict_item_in_place(a, b):
    d = {"x": a, "y": b}
    d["x"] += d["y"]
    d["y"] //= 2
    return d["x"], d["y"]


def scalar_items_in_place(a, t):
    a[1] += 2.5
    a[-1] **= 2
    d = {1: 2}
    d[1] += 40
    lst = [t, t]
    lst[0] += t
    return a, d[1], lst


def test_augmented_assignment_to_an_item_is_in_place():
    assert_same(row_in_place, np.arange(6.0).reshape(2, 3), np.ones(3))
    assert_same(list_item_in_place, np.arange(3.0))
    assert_same(dict_item_in_place, np.arange(3.0), np.full(3, 5.0))
    assert_same(scalar_items_in_place, np.arange(4.0), 3)


# ---------------------------------------------------------------------------------------------
# list() and dict() without arguments (Numba's typed-dict example: d = dict(), typed by its uses)


def empty_constructors():
    d = dict()  # noqa: C408 - the call is what is tested
    d[3] = np.arange(3)
    d[5] = np.arange(5)
    lst = list()  # noqa: C408 - the call is what is tested
    for k in d:
        lst.append(k * 1.5)
    return d, lst


def test_empty_list_and_dict_calls_are_displays():
    assert_same(empty_constructors)


# ---------------------------------------------------------------------------------------------
# A string from a constant tuple is a literal (Numba's record example: rec[fields[0]])

FIELDS = ("a1", "a2")


def field_sum(rec):
    local = ("a1", "a2")
    return rec[local[0]] + rec[FIELDS[1]] + rec[FIELDS[-1]]


def unrolled_field_sum(rec):
    out = 0
    for f in oxjit.literal_unroll(FIELDS):
        out += rec[f]
    return out


MIXED = (1, 2.5, "three")


def unrolled_global(n):
    out = []
    for x in oxjit.literal_unroll(MIXED):
        out.append(str(x) * n)
    return out


def test_record_field_named_through_a_constant_tuple():
    arr = np.array([(1, 2)], dtype=[("a1", "f8"), ("a2", "f8")])
    assert oxjit.njit(field_sum)(arr[0]) == field_sum(arr[0]) == 5.0


def test_literal_unroll_over_a_global_tuple():
    arr = np.array([(1, 2)], dtype=[("a1", "f8"), ("a2", "f8")])
    assert oxjit.njit(unrolled_field_sum)(arr[0]) == unrolled_field_sum(arr[0]) == 3.0
    assert_same(unrolled_global, 2)


# ---------------------------------------------------------------------------------------------
# numba.core and numba.extending


def test_core_types_is_types():
    from oxjit.core import errors, types

    assert types is oxjit.types and errors is oxjit.errors
    assert types.float64[:] == oxjit.float64[:]


def test_extending_register_jitable_is_callable_from_compiled_code():
    from oxjit.extending import register_jitable

    @register_jitable
    def clip(x, lo, hi):
        return min(max(x, lo), hi)

    @oxjit.njit
    def use(a):
        return clip(a, 0.0, 1.0) + clip(-a, 0.0, 1.0)

    assert use(0.25) == clip.py_func(0.25, 0.0, 1.0) + clip.py_func(-0.25, 0.0, 1.0)
    assert clip(3, 0, 1) == 1


def test_extending_api_is_refused_where_it_is_used():
    from oxjit import extending

    def power(x, n):
        raise NotImplementedError

    with pytest.raises(oxjit.errors.UnsupportedError) as info:

        @extending.lower_builtin(power, int, int)  # the line the error names
        def lower_power(context, builder, sig, args):
            return None

    line = inspect.currentframe().f_lineno - 4
    msg = str(info.value)
    assert f"{os.path.basename(__file__)}:{line}:" in msg
    assert "numba.extending.lower_builtin" in msg and "@njit" in msg
    with pytest.raises(oxjit.errors.UnsupportedError, match="models.StructModel"):
        extending.models.StructModel  # noqa: B018


# ---------------------------------------------------------------------------------------------
# dispatcher.compile(sig) returns a callable, as Numba's entry point (numba-examples' legacy
# sum.py: csum2d = jit(sum2d).compile(double(double[:, ::1])); csum2d(arr))


def sum2d(arr):
    m, n = arr.shape
    result = 0.0
    for i in range(m):
        for j in range(n):
            result += arr[i, j]
    return result


def test_compile_returns_a_callable_entry_point():
    entry = oxjit.jit(sum2d).compile(oxjit.double(oxjit.double[:, ::1]))
    a = np.arange(12.0).reshape(3, 4)
    assert entry(a) == sum2d(a)
    assert "sum2d" in repr(entry)


def test_config_has_numbas_settings():
    # numba-examples' legacy pi.py: run_parallel = numba.config.NUMBA_NUM_THREADS > 1
    from oxjit import config
    from oxjit.core import config as core_config

    assert core_config is config
    assert config.NUMBA_NUM_THREADS == oxjit.parallel.pool_size() >= 1
    assert config.IS_WIN32 == sys.platform.startswith("win32")
    assert config.MACHINE_BITS == 64
    with pytest.raises(AttributeError):
        config.NO_SUCH_SETTING  # noqa: B018


@pytest.mark.parametrize(
    "dtype, name",
    [
        (np.float32, "float32"),
        ("f8", "float64"),
        (np.dtype("i2"), "int16"),
        (np.uint64, "uint64"),
        (np.complex64, "complex64"),
        (np.bool_, "bool"),
    ],
)
def test_from_dtype(dtype, name):
    # numba.from_dtype: the item type of a dtype, usable in signatures.
    t = oxjit.from_dtype(dtype)
    assert t == getattr(oxjit.types, "boolean" if name == "bool" else name)
    f = oxjit.njit(t[:](t[:]))(lambda a: a + a)
    a = np.arange(3).astype(dtype)
    assert f(a).dtype == a.dtype and np.array_equal(f(a), a + a)


def test_from_dtype_record_and_errors():
    rec = np.dtype([("x", "f8"), ("n", "i4")])
    assert isinstance(oxjit.from_dtype(rec), oxjit.types.Record)
    # Numba's class (a TypingError), for a dtype it has no type for as for a value no dtype is.
    with pytest.raises(oxjit.errors.NumbaNotImplementedError, match="not a NumPy dtype"):
        oxjit.from_dtype("not a dtype")

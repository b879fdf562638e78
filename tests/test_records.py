"""Structured dtypes (records) in compiled code, as Numba supports them: arrays of records as
arguments (any layout), fields read and written through `a[i]['x']`, `a[i].x`, `r[0]`, `for r in
a` (a record is a reference into its array: writes reach the caller's array), field views
`a['x']` / `a.x`, sub-array fields, `np.void` arguments, records returned as `np.void`,
`np.empty` of a global structured dtype; aligned and packed layouts; the errors for what is not
supported; no leaks."""

import gc

import numpy as np
import oxjit
import pytest
from conftest import assert_diagnostic, assert_same, compile_error, jitted, same_value

pytestmark = pytest.mark.requires_jit

ALIGNED = np.dtype([("x", "i4"), ("y", "f8"), ("b", "?"), ("c", "c16")], align=True)
PACKED = np.dtype([("x", "i4"), ("y", "f8"), ("b", "?"), ("c", "c16")])
NESTED = np.dtype([("x", "i2"), ("v", "f8", (3,)), ("m", "i4", (2, 2))], align=True)
SMALL = np.dtype([("x", "u1"), ("y", "f4")])
DTYPES = [ALIGNED, PACKED]


def records(dtype, n=5, seed=0):
    rng = np.random.default_rng(seed)
    a = np.zeros(n, dtype)
    a["x"] = rng.integers(-50, 50, n)
    if "y" in dtype.names:
        a["y"] = rng.standard_normal(n)
    if "b" in dtype.names:
        a["b"] = rng.integers(0, 2, n).astype(bool)
        a["c"] = rng.standard_normal(n) + 1j * rng.standard_normal(n)
    if "v" in dtype.names:
        a["v"] = rng.standard_normal((n, 3))
        a["m"] = rng.integers(-9, 9, (n, 2, 2))
    return a


def layouts(a):
    """The same records C-contiguous, strided, and (2-d) Fortran-ordered."""
    two = np.concatenate([a, a]).reshape(2, -1)
    return [a, a[::2], a[::-1], two, np.asfortranarray(two), two[:, 1:]]


# -------------------------------------------------------------------------------------------
# reading fields


def sum_fields(a):
    s = 0.0
    for i in range(len(a)):
        s += float(a[i]["x"]) * float(a[i]["y"])
    return s


def sum_fields_2d(a):
    s = 0.0
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            s += float(a[i, j]["x"]) - float(a[i, j]["y"])
    return s


def iterate_records(a):
    out = []
    for r in a:
        out.append((int(r["x"]), float(r["y"]), bool(r["b"]), complex(r["c"])))
    return out


def by_position(a, i):
    r = a[i]
    return int(r[0]), float(r[1]), bool(r[2]), complex(r[3])


@pytest.mark.parametrize("dtype", DTYPES, ids=["aligned", "packed"])
def test_read_fields_every_layout(dtype):
    for arr in layouts(records(dtype)):
        fn = sum_fields_2d if arr.ndim == 2 else sum_fields
        assert_same(fn, arr)


@pytest.mark.parametrize("dtype", DTYPES, ids=["aligned", "packed"])
def test_iterate_and_index_by_position(dtype):
    a = records(dtype)
    assert_same(iterate_records, a)
    assert_same(iterate_records, a[::-2])
    for i in (0, 3, -1):
        assert_same(by_position, a, i)


def test_ellipsis_index_is_not_a_field_name():
    # `a[...]` reaches compiled code as the Ellipsis constant, a string internally: it must
    # index the array, not look up a field (nor break `...` on arrays of numbers).
    def view_then_fields(a):
        v = a[...]
        return float(v[1]["y"]) + int(v[0]["x"]), v.shape

    def numbers(m):
        return m[...], m[..., 0], m[1, ..., 2]

    assert_same(view_then_fields, records(ALIGNED))
    assert_same(numbers, np.arange(24.0).reshape(2, 3, 4))


def test_len_and_itemsize():
    def f(a):
        return len(a), a.itemsize, a.size, a.nbytes

    for dtype in (ALIGNED, PACKED, NESTED, SMALL):
        assert_same(f, records(dtype))


def test_index_out_of_bounds_raises_numpys_error():
    def f(a, i):
        return float(a[i]["y"])

    g = oxjit.njit(boundscheck=True)(f)
    for i in (5, -6):
        with pytest.raises(IndexError) as expected:
            f(records(ALIGNED), i)
        with pytest.raises(IndexError) as got:
            g(records(ALIGNED), i)
        assert str(got.value) == str(expected.value)


# -------------------------------------------------------------------------------------------
# writing fields: the caller's array changes


def write_items(a):
    for i in range(len(a)):
        a[i]["y"] = a[i]["x"] * 2.5
        a[i]["x"] += 1
        a[i]["b"] = a[i]["x"] > 0
        a[i]["c"] = a[i]["c"] * 1j


def write_through_iteration(a):
    for r in a:
        r["y"] = r["y"] + r["x"]
        r[0] = 7


def write_2d(a):
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            a[i, j]["x"] = i * 10 + j


@pytest.mark.parametrize("dtype", DTYPES, ids=["aligned", "packed"])
def test_writes_reach_the_callers_array(dtype):
    for arr in layouts(records(dtype)):
        if arr.ndim == 2:
            assert_same(write_2d, arr)
        else:
            assert_same(write_items, arr)
            assert_same(write_through_iteration, arr)


def test_store_converts_as_numpy_casts():
    def f(a):
        a[0]["x"] = 3.9  # truncated into the int32 field
        a[1]["y"] = 7  # an int into the float field
        a[2]["b"] = 2.5  # nonzero is True

    assert_same(f, records(ALIGNED))
    assert_same(f, records(PACKED))


# -------------------------------------------------------------------------------------------
# field views


def field_views(a):
    return a["x"], a["y"]


def field_view_writes(a):
    ys = a["y"]
    ys[1:] = 0.5
    a["x"] = 3
    return float(ys.sum())


def field_view_2d(a):
    return a["y"][:, ::-1], a["x"].T


@pytest.mark.parametrize("dtype", DTYPES, ids=["aligned", "packed"])
def test_field_views_share_the_records_memory(dtype):
    a = records(dtype)
    for arr in (a, a[::2], a[::-1]):
        assert_same(field_views, arr)
        assert_same(field_view_writes, arr)
    two = np.concatenate([a, a]).reshape(2, -1)
    assert_same(field_view_2d, two)
    assert_same(field_view_2d, np.asfortranarray(two))


def test_field_view_attribute_is_the_subscripts_view():
    def attr(a):
        return a.x, a.y

    a = records(ALIGNED)
    x, y = jitted(attr)(a)
    assert same_value(x, a["x"]) and same_value(y, a["y"])
    assert np.shares_memory(x, a) and np.shares_memory(y, a)


# -------------------------------------------------------------------------------------------
# attribute syntax (Numba's `r.x`; CPython's np.void has no attributes, so the compiled
# function with attributes is compared with the same function written with subscripts)


def attr_program(a):
    s = 0.0
    for r in a:
        r.y = r.x * 0.5
        r.x += 2
        s += r.y
    a[0].b = True
    return s


def subscript_program(a):
    s = 0.0
    for r in a:
        r["y"] = r["x"] * 0.5
        r["x"] += 2
        s += r["y"]
    a[0]["b"] = True
    return s


@pytest.mark.parametrize("dtype", DTYPES, ids=["aligned", "packed"])
def test_attribute_syntax(dtype):
    a = records(dtype)
    b = a.copy()
    got = jitted(attr_program)(a)
    expected = float(subscript_program(b))
    assert same_value(got, expected)
    assert same_value(a, b)


# -------------------------------------------------------------------------------------------
# sub-array fields


def nested_reads(a):
    out = []
    for r in a:
        out.append(float(r["v"].sum()) + float(r["m"][1, 0]) + int(r["x"]))
    return out


def nested_writes(a):
    for i in range(len(a)):
        v = a[i]["v"]
        v[0] = i
        a[i]["m"][0, 1] = -i
        a[i]["v"][1:] = 2.5


def nested_views(a):
    return a["v"], a["m"][:, 1, :]


def test_sub_array_fields():
    a = records(NESTED)
    for arr in (a, a[::2]):
        assert_same(nested_reads, arr)
        assert_same(nested_writes, arr)
        assert_same(nested_views, arr)


# -------------------------------------------------------------------------------------------
# records as arguments and results


def get_item(a, i):
    return a[i]


@pytest.mark.parametrize("dtype", [ALIGNED, PACKED, NESTED], ids=["aligned", "packed", "nested"])
def test_record_result_is_an_np_void_copy(dtype):
    a = records(dtype)
    got = assert_same(get_item, a, 2)
    assert type(got) is np.void and got.dtype == dtype
    got[0] = 99  # a copy: the array is unchanged
    assert a[2][0] != 99


def set_fields(r, x):
    r["x"] = x
    r["y"] = r["y"] * 2


def test_np_void_argument_is_a_reference():
    a = records(ALIGNED)
    b = a.copy()
    jitted(set_fields)(a[1], 5)
    set_fields(b[1], 5)
    assert same_value(a, b)
    own = b[3].copy()  # a record owning its memory
    jitted(set_fields)(own, -4)
    assert own["x"] == -4 and own["y"] == b[3]["y"] * 2


def read_record(r):
    return int(r[0]) + float(r["y"])


def test_np_void_argument_reads():
    a = records(PACKED)
    for i in range(len(a)):
        assert same_value(jitted(read_record)(a[i]), read_record(a[i]))


def test_each_structured_dtype_compiles_separately():
    def f(a):
        return float(a[0]["y"]) + float(a[0]["x"])

    g = jitted(f)
    for dtype in (ALIGNED, PACKED, SMALL):
        a = records(dtype)
        assert same_value(g(a), f(a))
    assert len(g.signatures) == 3


# -------------------------------------------------------------------------------------------
# arrays of records made in compiled code

GLOBAL_DTYPE = NESTED


def make_records(n):
    b = np.empty(n, dtype=GLOBAL_DTYPE)
    for i in range(n):
        b[i]["x"] = i
        b[i]["v"][:] = i / 2
        b[i]["m"][:, :] = -i
    return b


def make_like(a):
    b = np.empty(len(a), a.dtype)
    for i in range(len(a)):
        b[i]["x"] = a[i]["x"] + 1
        b[i]["y"] = 0.0
        b[i]["b"] = False
        b[i]["c"] = 1j
    return b


def test_np_empty_of_a_structured_dtype():
    got = assert_same(make_records, 4)
    assert got.dtype == GLOBAL_DTYPE
    assert_same(make_like, records(PACKED))
    assert_same(make_like, records(ALIGNED))


def keep_record(n):
    b = np.empty(n, dtype=GLOBAL_DTYPE)
    b[0]["x"] = 3
    b[0]["v"][:] = 1.0
    b[0]["m"][:, :] = 2
    return b[0]


def record_outlives_its_name(n):
    r = np.empty(n, dtype=GLOBAL_DTYPE)[n - 1]
    r["x"] = 11
    return int(r["x"])


def test_a_record_keeps_its_array_alive():
    got = assert_same(keep_record, 3)
    assert type(got) is np.void
    assert_same(record_outlives_its_name, 4)


# -------------------------------------------------------------------------------------------
# memory


def stats():
    from oxjit.runtime import get_allocation_stats

    gc.collect()
    return get_allocation_stats()


@pytest.mark.parametrize("fn", [make_records, keep_record, record_outlives_its_name])
def test_no_leak(fn):
    f = jitted(fn)
    f(5)
    before = stats()
    for _ in range(20):
        result = f(5)
        del result
    after = stats()
    assert after.alloc - before.alloc > 0
    assert after.alloc - before.alloc == after.free - before.free, (before, after)


def test_views_of_a_new_array_are_not_leaked():
    def f(n):
        b = np.empty(n, dtype=GLOBAL_DTYPE)
        b["x"] = 1
        xs = b["x"]
        return xs, b["v"]

    g = jitted(f)
    g(3)
    before = stats()
    for _ in range(10):
        xs, vs = g(3)
        assert xs.sum() == 3 and vs.shape == (3, 3)
        del xs, vs
    after = stats()
    assert after.alloc - before.alloc == after.free - before.free, (before, after)


# -------------------------------------------------------------------------------------------
# errors


def test_unknown_field_is_a_typing_error_with_location():
    def by_name(a):
        return a[0]["z"]

    def by_attribute(a):
        return a[0].zz

    def view(a):
        return a["w"]

    def store(a):
        a[0].q = 1

    a = records(ALIGNED)
    for fn, snippet in (
        (by_name, 'a[0]["z"]'),
        (by_attribute, "a[0].zz"),
        (view, 'a["w"]'),
        (store, "a[0].q"),
    ):
        exc = compile_error(fn, a)
        msg = assert_diagnostic(exc, fn, snippet, oxjit.errors.TypingError)
        assert "was not found in record with fields ('x', 'y', 'b', 'c')" in msg


def test_position_out_of_range():
    def f(a):
        return a[0][4]

    exc = compile_error(f, records(ALIGNED))
    msg = assert_diagnostic(exc, f, "a[0][4]", oxjit.errors.TypingError)
    assert "Requested index 4 is out of range" in msg


def test_string_fields_are_refused_naming_the_field():
    def f(a):
        return a[0]["x"]

    a = np.zeros(3, [("x", "i8"), ("name", "U10")])
    with pytest.raises(oxjit.errors.TypingError, match="the field 'name'"):
        jitted(f)(a)


def test_refused_stores():
    def whole_item(a):
        a[0] = 1.0

    def whole_sub_array(a):
        a[0].v = 1.0

    def attribute_of_other(a):
        a.shape = 3

    typing, unsupported = oxjit.errors.TypingError, oxjit.errors.UnsupportedError
    for fn, arr, snippet, text, cls in (
        (whole_item, records(ALIGNED), "a[0] = 1.0", "items of an array of records", typing),
        (whole_sub_array, records(NESTED), "a[0].v", "sub-array field 'v'", typing),
        (attribute_of_other, np.zeros(3), "a.shape", "the attribute 'shape'", unsupported),
    ):
        exc = compile_error(fn, arr)
        msg = assert_diagnostic(exc, fn, snippet, cls)
        assert text in msg


def test_functions_and_copies_of_record_arrays_are_refused():
    def sort(a):
        return np.sort(a)

    def copy(a):
        return a.copy()

    def concat(a):
        return np.concatenate((a, a))

    def fancy(a):
        return a[np.array([0, 2])]

    def arith(a):
        return a + 1

    def slice_store(a):
        a[1:3] = a[0:2]

    a = records(ALIGNED)
    for fn, snippet in (
        (sort, "np.sort(a)"),
        (copy, "a.copy()"),
        (concat, "np.concatenate((a, a))"),
        (fancy, "a[np.array([0, 2])]"),
        (arith, "a + 1"),
        (slice_store, "a[1:3] = a[0:2]"),
    ):
        exc = compile_error(fn, a)
        assert_diagnostic(exc, fn, snippet, oxjit.errors.TypingError)


def test_views_of_record_arrays_return_to_python():
    def views(a):
        return a[1:4], a[::-1], a.T

    assert_same(views, records(PACKED))
    two = np.concatenate([records(ALIGNED)] * 2).reshape(2, -1)
    assert_same(views, two)


def test_signatures_name_the_record_type():
    def f(a):
        return len(a)

    g = jitted(f)
    g(records(PACKED))
    (sig,) = g.signatures
    assert str(sig[0]) == (
        "array(Record(x[type=int32;offset=0],y[type=float64;offset=4],b[type=bool;offset=12],"
        "c[type=complex128;offset=13];29;False), 1d, C)"
    )

"""`oxjit.typed.Dict(iterable)` in compiled code (Numba's `Dict(iterable)`): a typed Dict of the
(key, value) pairs of an iterable, compared with the same call run by CPython (a typed Dict
there too): the items in order, their types, the class of the result; the errors for what is
no iterable of pairs; no leaked block."""

import gc

import oxjit
import pytest
from conftest import assert_diagnostic, compile_error, same_value
from oxjit.typed import Dict, List


def from_zip(a, b):
    return Dict(zip(a, b))


def from_range_zip(a_, b):
    a = range(3)
    return Dict(zip(a, b))


def from_list_zip(a_, b):
    a = [0, 1, 2]
    return Dict(zip(a, b))


def from_nested_zip(a, b):
    c = zip(a, b)
    return Dict(zip(a, zip(c, a)))


def tuple_keys(a, b):
    return Dict(zip(zip(a, b), b))


def from_items(items):
    return Dict(items)


def from_display():
    return Dict([(1, 2.5), (3, 4.5), (1, 6.5)])


def from_comprehension(n):
    return Dict([(i, i * i) for i in range(n)])


def from_enumerate(s):
    return Dict(enumerate(s))


def then_used(a, b):
    d = Dict(zip(a, b))
    d[100] = 1.5
    return d[a[0]] + len(d)


def empty_then_filled(n):
    d = Dict(zip(range(n), range(n)))
    return len(d)


def same_typed_dict(py, jit):
    assert type(jit) is type(py) is Dict
    assert same_value(list(py.items()), list(jit.items())), (dict(py), dict(jit))


@pytest.mark.parametrize(
    "fn,args",
    [
        (from_zip, ((0, 1, 2), "abc")),
        (from_zip, ((0, 1, 2), (1.5, 2.5, 3.5))),
        (from_zip, ("key", [4, 5, 6])),
        (from_range_zip, ((0, 1, 2), "abc")),
        (from_list_zip, ((0, 1, 2), "abc")),
        (from_nested_zip, ((0, 1, 2), "abc")),
        (tuple_keys, ((0, 1, 2), "abc")),
        (from_items, (((1, "a"), (3, "b")),)),
        (from_items, ([(1, 2.0), (1, 3.0)],)),
        (from_display, ()),
        (from_comprehension, (5,)),
        (from_comprehension, (0,)),
        (from_enumerate, ("xyz",)),
    ],
)
def test_as_cpython(fn, args):
    same_typed_dict(fn(*args), oxjit.njit(fn)(*args))


def test_values_of_their_types():
    # A later equal key keeps the first key's place and takes the new value, as dict() does.
    py = from_items([(1, 2.0), (2, 3.0), (1, 4.0)])
    jit = oxjit.njit(from_items)([(1, 2.0), (2, 3.0), (1, 4.0)])
    same_typed_dict(py, jit)
    assert all(type(v) is float for v in jit.values())


def test_used_in_compiled_code():
    assert oxjit.njit(then_used)((7, 8), (0.5, 1.5)) == then_used((7, 8), (0.5, 1.5))
    assert oxjit.njit(empty_then_filled)(0) == 0


def test_no_leak():
    from oxjit.runtime import get_allocation_stats

    f = oxjit.njit(from_zip)
    f((0, 1, 2), "abc")
    gc.collect()
    before = get_allocation_stats()
    for _ in range(20):
        f((0, 1, 2), "abc")
    gc.collect()
    after = get_allocation_stats()
    assert after.alloc - before.alloc == after.free - before.free


def mapping(k, v):
    return Dict({k: v})


def not_iterable():
    return Dict(3)


def not_pairs(t):
    return Dict(t)


def test_mapping_refused():
    # Numba refuses a mapping too (a dict would give its keys, not pairs).
    e = compile_error(mapping, 1, 2)
    assert "iterable of (key, value) pairs" in assert_diagnostic(
        e, mapping, "Dict({k: v})", oxjit.errors.TypingError
    )


def test_not_iterable_refused():
    e = compile_error(not_iterable)
    assert "not iterable" in assert_diagnostic(e, not_iterable, "Dict(3)", oxjit.errors.TypingError)


def test_items_not_pairs_refused():
    e = compile_error(not_pairs, ((1, 2, 3), (4, 5, 6)))
    assert "2 is required" in assert_diagnostic(e, not_pairs, "Dict(t)", oxjit.errors.TypingError)
    e = compile_error(not_pairs, List([1, 2]))
    assert "(key, value) pairs" in str(e)

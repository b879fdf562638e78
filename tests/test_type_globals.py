"""Numba type objects held in globals and closure variables, used inside compiled code, as
Numba's documentation for typed containers writes them (``float_array = types.float64[:]``,
then ``Dict.empty(key_type=types.unicode_type, value_type=float_array)`` in the function).

Such a global is a type reference in compiled code (Numba's ``TypeRef``): what
``Dict.empty``/``List.empty_list`` read. Each function is compared with CPython (the same calls
on oxjit's typed containers from Python); what a type reference cannot do is refused with an
error naming the line."""

import numpy as np
import oxjit
import pytest
from conftest import assert_diagnostic, assert_same, compile_error
from oxjit import types
from oxjit.typed import Dict, List

pytestmark = pytest.mark.requires_jit

float_array = types.float64[:]
int_pair = types.UniTuple(types.int64, 2)
mixed_pair = types.Tuple((types.int64, types.float64))
int_list = types.ListType(types.int64)
str_to_int = types.DictType(types.unicode_type, types.int64)
item64 = types.int64
matrix = types.float64[:, ::1]


def dict_of_arrays(n):
    # Numba's documentation's example (typed containers, "Dict.empty").
    d = Dict.empty(key_type=types.unicode_type, value_type=float_array)
    d["posx"] = np.arange(n).astype(np.float64)
    d["posy"] = np.arange(n, n + n).astype(np.float64)
    d["posx"] += 0.5
    return float(d["posx"].sum() + d["posy"][-1]), len(d)


def positional_types(n):
    d = Dict.empty(types.int64, float_array)
    for i in range(n):
        d[i] = np.full(i + 1, i * 1.5)
    return [float(d[k].sum()) for k in d]


def list_of_arrays(n):
    l = List.empty_list(float_array)
    for i in range(n):
        l.append(np.ones(i) * i)
    return [float(a.sum()) for a in l], len(l)


def list_of_ints(n):
    l = List.empty_list(item64)
    for i in range(n):
        l.append(i * i)
    return l[-1], len(l)


def tuple_keys(n):
    d = Dict.empty(key_type=int_pair, value_type=types.float64)
    for i in range(n):
        d[(i, i + 1)] = i / 2
    return d[(1, 2)], len(d), (n - 1, n) in d


def tuple_values(n):
    d = Dict.empty(key_type=types.int64, value_type=mixed_pair)
    for i in range(n):
        d[i] = (i, i * 0.25)
    return d[n - 1]


def lists_of_lists(n):
    outer = List.empty_list(int_list)
    for i in range(n):
        inner = List.empty_list(types.int64)
        for j in range(i):
            inner.append(j)
        outer.append(inner)
    return [len(x) for x in outer]


def dict_of_dicts(n):
    outer = Dict.empty(key_type=types.int64, value_type=str_to_int)
    for i in range(n):
        inner = Dict.empty(key_type=types.unicode_type, value_type=types.int64)
        inner["k" + str(i)] = i
        outer[i] = inner
    return outer[n - 1]["k" + str(n - 1)], len(outer)


def dict_of_matrices(n):
    d = Dict.empty(key_type=types.int64, value_type=matrix)
    d[0] = np.eye(n)
    return float(d[0].sum())


def test_dict_of_arrays_as_numbas_documentation_writes_it():
    assert_same(dict_of_arrays, 4)
    assert_same(positional_types, 5)


def test_list_of_arrays_and_scalar_type_globals():
    assert_same(list_of_arrays, 4)
    assert_same(list_of_ints, 6)


def test_tuple_type_globals():
    assert_same(tuple_keys, 5)
    assert_same(tuple_values, 3)


def test_container_type_globals():
    assert_same(lists_of_lists, 4)
    assert_same(dict_of_dicts, 3)


def test_contiguous_array_type_global():
    assert_same(dict_of_matrices, 3)


def make_closure(item_type):
    def fill(n):
        l = List.empty_list(item_type)
        for i in range(n):
            l.append(np.arange(i, dtype=np.float64))
        return [float(a.sum()) for a in l]

    return fill


def make_scalar_closure(item_type):
    def fill(n):
        l = List.empty_list(item_type)
        for i in range(n):
            l.append(i + 0.5)
        return l[n - 1]

    return fill


def test_types_in_closure_variables():
    assert_same(make_closure(types.float64[:]), 5)
    assert_same(make_scalar_closure(types.float64), 5)
    assert_same(make_scalar_closure(types.complex128), 5)


def test_the_compiled_container_is_the_type_given():
    @oxjit.njit
    def f():
        return Dict.empty(key_type=types.unicode_type, value_type=float_array)

    d = f()
    d["a"] = np.arange(3.0)
    # A value of another type is refused where the dict holds arrays of float64.
    with pytest.raises(TypeError):
        d["b"] = 1.0


def returns_type(n):
    return float_array


def calls_type(n):
    return float_array(n)


def empty_of_array_type(n):
    return np.empty(n, dtype=float_array)


def test_what_a_type_reference_cannot_do_is_refused():
    assert_diagnostic(
        compile_error(returns_type, 1), returns_type, "float_array", oxjit.errors.TypingError
    )
    err = compile_error(calls_type, 1)
    assert_diagnostic(err, calls_type, "float_array(n)", type(err))
    err = compile_error(empty_of_array_type, 1)
    assert_diagnostic(err, empty_of_array_type, "np.empty(n, dtype=float_array)", type(err))
    assert "typeref[array(float64, 1d, A)]" in str(err)

"""`isinstance(x, C)` against CPython on the same objects: containers (a Python list and an
`oxjit.typed.List` are one type in compiled code, told apart at run time), `range`, `bytes`,
`object`, `np.ndarray`, exception classes (caught and built), jitclasses, named tuples, values
that may be `None`, and tuples of classes; branches the answer rules out are not typed."""

from collections import namedtuple

import numpy as np
import oxjit
import pytest
from conftest import assert_same, compile_error, jitted
from oxjit import int64, typed
from oxjit.experimental import jitclass
from oxjit.typed import Dict, List

Point = namedtuple("Point", ["x", "y"])
NUMERIC = (int, float)
SEQUENCES = (list, tuple, (str, range))


class AppError(ValueError):
    pass


class OtherError(Exception):
    pass


def is_list(x):
    return isinstance(x, list)


def is_typed_list(x):
    return isinstance(x, List)


def is_typed_list_module(x):
    return isinstance(x, typed.List)


def is_any_list(x):
    return isinstance(x, (list, List))


def is_dict(x):
    return isinstance(x, dict)


def is_typed_dict(x):
    return isinstance(x, Dict)


def is_set(x):
    return isinstance(x, set)


def is_frozenset(x):
    return isinstance(x, frozenset)


def is_tuple(x):
    return isinstance(x, tuple)


def is_str(x):
    return isinstance(x, str)


def is_bytes(x):
    return isinstance(x, bytes)


def is_object(x):
    return isinstance(x, object)


def is_ndarray(x):
    return isinstance(x, np.ndarray)


def is_number(x):
    return isinstance(x, (int, float, complex))


def is_none(x):
    return x is None


def is_sequence(x):
    return isinstance(x, (list, tuple, str, range, np.ndarray))


def is_point(x):
    return isinstance(x, Point)


CLASS_TESTS = [
    is_list,
    is_typed_list,
    is_typed_list_module,
    is_any_list,
    is_dict,
    is_typed_dict,
    is_set,
    is_frozenset,
    is_tuple,
    is_str,
    is_bytes,
    is_object,
    is_ndarray,
    is_number,
    is_none,
    is_sequence,
    is_point,
]


def _typed_list(items):
    out = List()
    for x in items:
        out.append(x)
    return out


def _typed_dict(pairs):
    out = Dict()
    for k, v in pairs:
        out[k] = v
    return out


VALUES = [
    pytest.param(lambda: [1, 2], id="list"),
    pytest.param(lambda: [[1.5], []], id="list-of-lists"),
    pytest.param(lambda: _typed_list([1, 2]), id="typed-list"),
    pytest.param(lambda: {1: 2.5}, id="dict"),
    pytest.param(lambda: _typed_dict([(1, 2.5)]), id="typed-dict"),
    pytest.param(lambda: {1, 2}, id="set"),
    pytest.param(lambda: (1, 2.5), id="tuple"),
    pytest.param(lambda: Point(1, 2), id="namedtuple"),
    pytest.param(lambda: "abc", id="str"),
    pytest.param(lambda: 3, id="int"),
    pytest.param(lambda: True, id="bool"),
    pytest.param(lambda: 2.5, id="float"),
    pytest.param(lambda: 1j, id="complex"),
    pytest.param(lambda: None, id="None"),
    pytest.param(lambda: np.arange(3.0), id="ndarray"),
]


@pytest.mark.parametrize("make", VALUES)
@pytest.mark.parametrize("fn", CLASS_TESTS, ids=lambda f: f.__name__)
def test_isinstance_of_arguments(fn, make):
    assert_same(fn, make())


# Values made in compiled code: the block says which container Python gets back.


def made_list():
    x = [1, 2]
    return isinstance(x, list), isinstance(x, List), isinstance(x, (list, List))


def made_typed_list():
    x = List()
    x.append(1)
    return isinstance(x, list), isinstance(x, List), isinstance(x, (list, List))


def made_dict():
    d = {"a": 1}
    return isinstance(d, dict), isinstance(d, Dict)


def made_typed_dict():
    d = Dict()
    d["a"] = 1
    return isinstance(d, dict), isinstance(d, Dict)


def made_range(n):
    return isinstance(range(n), range), isinstance(n, range)


def made_comprehension(n):
    return isinstance([i for i in range(n)], list), isinstance({i: i for i in range(n)}, dict)


@pytest.mark.parametrize(
    "fn", [made_list, made_typed_list, made_dict, made_typed_dict], ids=lambda f: f.__name__
)
def test_isinstance_of_containers_made_inside(fn):
    assert_same(fn)


def test_isinstance_of_range_and_comprehensions():
    assert_same(made_range, 3)
    assert_same(made_comprehension, 3)


def copies_typed_list(x):
    y = x.copy()
    z = x[:1]
    return isinstance(y, List), isinstance(z, List), isinstance(y, list)


def test_isinstance_of_typed_list_copies():
    assert_same(copies_typed_list, _typed_list([1, 2, 3]))
    assert_same(copies_typed_list, [1, 2, 3])


def derived_lists(t):
    a = list(t)
    b = sorted(t)
    c = t[:]
    d = [x for x in t]
    return isinstance(a, List), isinstance(b, List), isinstance(c, List), isinstance(d, List)


def listed(t):
    return list(t), sorted(t)


def test_isinstance_of_lists_made_from_a_typed_list():
    # `list()` and `sorted()` make Python lists, a slice of a typed List is one.
    assert_same(derived_lists, _typed_list([3, 1, 2]))
    assert_same(derived_lists, [3, 1, 2])
    a, b = jitted(listed)(_typed_list([3, 1, 2]))
    assert type(a) is list and type(b) is list
    assert (a, b) == ([3, 1, 2], [1, 2, 3])


def typed_items(outer):
    # The items of a typed List of typed Lists are typed Lists.
    return isinstance(outer[0], List), isinstance(outer[0], list)


def test_isinstance_of_nested_typed_list_items():
    inner = _typed_list([1.0])
    outer = List()
    outer.append(inner)
    assert_same(typed_items, outer)


# A branch ruled out is not typed: only the side for the argument's type is compiled.


def first_item(x):
    if isinstance(x, (list, List, tuple)):
        return x[0] * 1.0
    if isinstance(x, dict):
        return 0.5
    if isinstance(x, np.ndarray):
        return float(x.sum())
    return x + 0.0


@pytest.mark.parametrize(
    "make",
    [
        lambda: [3, 4],
        lambda: (2, 5),
        lambda: {1: 2},
        lambda: np.ones(3),
        lambda: 7,
    ],
)
def test_isinstance_prunes_other_types(make):
    assert_same(first_item, make())


def test_typed_container_in_code_typed_for_a_python_one():
    # The other branch of `isinstance(x, list)` does not type for a list: the function is typed
    # for Python lists, and a typed List raises TypeError rather than take the wrong branch.
    f = jitted(sum_or_self)
    assert f([3, 4]) == 7.0
    with pytest.raises(TypeError, match="typed.List reached isinstance"):
        f(_typed_list([3, 4]))
    g = jitted(first_item)
    assert g({1: 2}) == 0.5
    with pytest.raises(TypeError, match="typed.Dict reached isinstance"):
        g(_typed_dict([(1, 2)]))
    assert_same(sum_or_self, 2.5)


def sum_or_self(x):
    if isinstance(x, list):
        return float(sum(x))
    return x + 0.0


def list_kind(x):
    # Both sides type for a list: which runs is the run-time answer.
    if isinstance(x, List):
        return "typed", len(x)
    return "list", len(x)


def test_list_kind_at_run_time():
    assert_same(list_kind, [1, 2, 3])
    assert_same(list_kind, _typed_list([1, 2]))


# Values that may be None.


def maybe(n):
    x = n if n > 0 else None
    return isinstance(x, int), (x is None), isinstance(x, (int, type(None)))


def maybe_list(n):
    x = [n] if n > 0 else None
    return isinstance(x, list), isinstance(x, List), isinstance(x, float)


@pytest.mark.parametrize("n", [-1, 0, 4])
def test_isinstance_of_optional(n):
    assert_same(maybe, n)
    assert_same(maybe_list, n)


# Exceptions: caught (class known at run time) and built.


@oxjit.njit
def raise_one(k):
    if k == 0:
        raise AppError("app")
    if k == 1:
        raise OtherError("other")
    if k == 2:
        raise KeyError("k")
    return k


def caught_class(k):
    try:
        raise_one(k)
    except Exception as e:  # noqa: BLE001 (the classes are what the test compares)
        return (
            isinstance(e, AppError),
            isinstance(e, ValueError),
            isinstance(e, (OtherError, LookupError)),
            isinstance(e, KeyError),
            isinstance(e, Exception),
            isinstance(e, object),
            isinstance(e, int),
        )
    return (False, False, False, False, False, False, False)


@pytest.mark.parametrize("k", [0, 1, 2, 3])
def test_isinstance_of_caught_exceptions(k):
    assert_same(caught_class, k)


def built_exception():
    e = AppError("x")
    return isinstance(e, ValueError), isinstance(e, AppError), isinstance(e, KeyError)


def test_isinstance_of_built_exception():
    assert_same(built_exception)


# jitclasses.


@jitclass([("v", int64)])
class Box:
    def __init__(self, v):
        self.v = v


@jitclass([("v", int64)])
class Crate:
    def __init__(self, v):
        self.v = v


@oxjit.njit
def jitclass_kinds(n):
    b = Box(n)
    return isinstance(b, Box), isinstance(b, Crate), isinstance(b, (Crate, Box)), isinstance(n, Box)


def test_isinstance_of_jitclass_instances():
    assert jitclass_kinds(3) == (True, False, True, False)
    assert jitclass_kinds.py_func(3) == (True, False, True, False)


# NumPy scalar classes follow Numba: a value is an instance of the type it has in compiled code.


def is_float64(x):
    return isinstance(x, np.float64), isinstance(x, np.int64), isinstance(x, np.float32)


@pytest.mark.parametrize("x", [np.float64(1.5), np.float32(2.0), np.int64(3)])
def test_isinstance_of_numpy_scalar_types(x):
    assert_same(is_float64, x)


# What is refused, and what classes cannot be called.


def against_a_function(x):
    return isinstance(x, len)


def calls_object():
    return object()


def test_isinstance_refuses_what_is_no_class():
    err = compile_error(against_a_function, 1)
    assert "isinstance() with" in str(err)


def test_calling_a_test_only_class_is_refused():
    err = compile_error(calls_object)
    assert "object() is not supported" in str(err)
    assert isinstance(err, oxjit.errors.UnsupportedError)


def list_twice(x):
    return isinstance(x, list)


def test_one_specialisation_answers_for_both_lists():
    f = jitted(list_twice)
    assert f([1]) is True
    assert f(_typed_list([1])) is False
    assert f([2, 3]) is True


# type(x): a class known when compiling; comparing two classes is a constant.


def type_checks(x):
    t = type(x)
    return (
        t is int,
        t is float,
        t is str,
        t is tuple,
        t == np.ndarray,
        t is not bool,
        t is type(None),
    )


@pytest.mark.parametrize("x", [3, 2.5, True, "s", (1, 2), np.ones(2), None, 1j])
def test_type_is(x):
    assert_same(type_checks, x)


def type_prunes(x):
    if type(x) is str:
        return len(x)
    if type(x) is tuple:
        return x[0]
    return x


@pytest.mark.parametrize("x", ["abc", (7, 8), 5])
def test_type_is_prunes(x):
    assert_same(type_prunes, x)


def convert_like(x, v):
    return type(x)(v)


@pytest.mark.parametrize("x, v", [(1, 2.7), (1.5, 3), ("a", 12), (True, 0), ((1,), (4, 5))])
def test_type_of_x_converts(x, v):
    assert_same(convert_like, x, v)


def type_of_list(x):
    return type(x) is list


def test_type_of_a_list_is_refused():
    err = compile_error(type_of_list, [1])
    assert "isinstance(x, list) tells them apart" in str(err)


# Tuples of classes held in globals.


def in_global_tuples(x):
    return isinstance(x, NUMERIC), isinstance(x, SEQUENCES)


@pytest.mark.parametrize("x", [1, 2.5, [1], (1, 2), "s", 1j])
def test_isinstance_of_global_tuples_of_classes(x):
    assert_same(in_global_tuples, x)


def in_module_tuple(x):
    return isinstance(x, np.ScalarType)


def test_isinstance_of_a_module_attribute_tuple():
    # `np.ScalarType` holds classes compiled code has no name for: refused, clearly.
    err = compile_error(in_module_tuple, 1)
    assert "ScalarType" in str(err)

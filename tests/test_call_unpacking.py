"""Starred arguments at call sites (`f(*t)`, `f(a, *t, x, *u, k=1)`, `g(*args)` forwarding):
tuples spread into the positional arguments of compiled functions, closures, lambdas, functions
passed as values, builtins, NumPy functions, methods, named tuple classes, jitclasses and
exception classes, compared with CPython. A starred value that is not a tuple (a list, an array,
a range: a length known only at run time) is a compile-time error naming the call and the type.
Also `~` of booleans (Numba's rule: logical not, as NumPy's booleans)."""

import collections

import numpy as np
import oxjit
import pytest
from conftest import assert_diagnostic, assert_same, compile_error


@oxjit.njit
def add3(a, b, c=10):
    return a * 100 + b * 10 + c


@oxjit.njit
def pair(x):
    return x, x + 1


@oxjit.njit
def label(name, x, *rest, sep=":"):
    return name + sep + str(x), rest


Point = collections.namedtuple("Point", ["x", "y"])


def star_tuple_arg(t):
    return add3(*t)


def star_mixed(a, b, x):
    return add3(*a, x, *b)


def star_with_keyword(t, c):
    return add3(*t, c=c)


def star_with_double_star(t, c):
    return add3(*t, **{"c": c})  # noqa: PIE804


@oxjit.njit
def forward(*args):
    return add3(*args)


def forward_two_levels(*args):
    return forward(*args)


def forward_kwargs(*args, **kw):
    return add3(*args, **kw)


def star_local_display(x):
    t = (x, x + 1)
    return add3(*t)


def star_displays(x):
    return add3(*(x, 2), *[3])


def star_call_result(x):
    return add3(*pair(x), 5)


def star_shape(a):
    return add3(*a.shape)


def star_mixed_types(t):
    return label(*t)


def star_varargs_callee(t, u):
    return label("n", *t, *u, sep="-")


def star_closure(t, k):
    def inner(a, b):
        return (a - b) * k

    return inner(*t)


def star_lambda(t):
    f = lambda a, b, c: a * b + c
    return f(*t)


@oxjit.njit
def apply(f, *args):
    return f(*args)


def star_function_value(t):
    return apply(add3, *t)


def star_inside_closure(t):
    def inner(*args):
        return add3(*args)

    return inner(*t)


def star_builtins(t):
    return max(*t), min(*t), abs(*t[:1])


def star_range(bounds):
    total = 0
    for i in range(*bounds):
        total += i
    return total


def star_zip(arrays):
    total = 0.0
    for a, b in zip(*arrays):
        total += a * b
    return float(total)


def star_np_zeros(shape):
    return np.zeros(*shape)


def star_method(a, axes):
    return a.sum(*axes)


def star_method_all(a, axes):
    return float(a.sum(*axes))


def star_namedtuple(t):
    p = Point(*t)
    return p.x - p.y


def star_exception(t):
    raise ValueError(*t)


def star_in_loop(ts):
    total = 0
    for t in ts:
        total += add3(*t)
    return total


def star_evaluation_order(xs):
    # Arguments are evaluated left to right, starred ones included.
    return add3(xs.pop(), *(xs.pop(), xs.pop()))


def star_in_unrolled_loop(ts):
    # One call site, one copy per item of the heterogeneous tuple: each its own length.
    total = 0
    for t in oxjit.literal_unroll(ts):
        total += add3(*t)
    return total


def star_in_genexpr(ts):
    return sum(add3(*t) for t in ts)


def star_in_comprehension(ts):
    return [add3(*t) for t in ts]


def star_in_tuple_genexpr(ts):
    return tuple(add3(*t) for t in ts)


def star_in_try_finally(t, out):
    try:
        return add3(*t)
    finally:
        out.append(add3(*t[:2]))


def star_nested(t):
    return add3(*(add3(*t), 1))


@pytest.mark.parametrize(
    "fn,args",
    [
        (star_in_unrolled_loop, (((1, 2), (1, 2, 3), (4.5, 1)),)),
        (star_in_genexpr, ([(1, 2), (3, 4)],)),
        (star_in_comprehension, ([(1, 2), (3, 4)],)),
        (star_in_tuple_genexpr, (((1, 2), (3, 4, 5)),)),
        (star_in_try_finally, ((1, 2, 3), [0])),
        (star_nested, ((1, 2),)),
        (star_tuple_arg, ((1, 2, 3),)),
        (star_tuple_arg, ((1, 2),)),
        (star_tuple_arg, ((1.5, 2, True),)),
        (star_mixed, ((1,), (), 7)),
        (star_mixed, ((), (4, 5), 7)),
        (star_with_keyword, ((1, 2), 3)),
        (star_with_double_star, ((1, 2), 3)),
        (forward, (1, 2)),
        (forward, (1, 2, 3)),
        (forward_two_levels, (1, 2.5)),
        (forward_kwargs, (1, 2)),
        (star_local_display, (4,)),
        (star_displays, (1,)),
        (star_call_result, (3,)),
        (star_shape, (np.zeros((2, 3, 4)),)),
        (star_mixed_types, (("a", 1, 2.5, True),)),
        (star_varargs_callee, ((1,), ("x", 2.0))),
        (star_closure, ((5, 2), 3)),
        (star_lambda, ((2.0, 3.0, 1.0),)),
        (star_function_value, ((1, 2, 3),)),
        (star_inside_closure, ((1, 2),)),
        (star_builtins, ((-3, 7, 2),)),
        (star_builtins, ((-3.5, 1.0),)),
        (star_range, ((2, 10, 3),)),
        (star_range, ((5,),)),
        (star_zip, ((np.arange(4.0), np.arange(4.0) + 1),)),
        (star_np_zeros, (((2, 3),),)),
        (star_np_zeros, ((3,),)),
        (star_method, (np.arange(6.0).reshape(2, 3), (0,))),
        (star_method_all, (np.arange(6.0).reshape(2, 3), ())),
        (star_namedtuple, ((5, 2),)),
        (star_exception, (("bad", 3),)),
        (star_exception, (("only",),)),
        (star_in_loop, ([(1, 2), (3, 4)],)),
        (star_evaluation_order, ([1, 2, 3],)),
    ],
    ids=lambda x: getattr(x, "__name__", None),
)
def test_starred_arguments(fn, args):
    assert_same(fn, *args)


def star_print(t):
    print(*t)
    print(*t, sep="|")


def test_starred_print(capfd):
    star_print((1, "a", 2.5))
    expected = capfd.readouterr().out
    oxjit.njit(star_print)((1, "a", 2.5))
    assert capfd.readouterr().out == expected


@oxjit.experimental.jitclass([("a", oxjit.int64), ("b", oxjit.float64)])
class Pair:
    def __init__(self, a, b):
        self.a = a
        self.b = b


def star_jitclass(t):
    p = Pair(*t)
    return p.a + p.b


@pytest.mark.requires_jit
def test_starred_jitclass_constructor():
    assert_same(star_jitclass, (2, 0.5))


# --- refused: lengths known only at run time ------------------------------------------------


def star_list(xs):
    return add3(*xs)


def star_array(a):
    return add3(*a)


def star_range_value(n):
    return add3(*range(n))


@pytest.mark.requires_jit
@pytest.mark.parametrize(
    "fn,arg,seen",
    [
        (star_list, [1, 2, 3], "list(int64)"),
        (star_array, np.arange(3), "array(int64, 1d, C)"),
        (star_range_value, 3, "range"),
    ],
    ids=lambda x: getattr(x, "__name__", None),
)
def test_starred_value_must_be_a_tuple(fn, arg, seen):
    exc = compile_error(fn, arg)
    msg = assert_diagnostic(exc, fn, "add3(", oxjit.errors.UnsupportedError)
    assert "must be a tuple" in msg
    assert seen in msg


def star_too_few(t):
    return add3(*t)


@pytest.mark.requires_jit
def test_starred_call_that_does_not_bind():
    # CPython raises when the call runs; the number of arguments is known when compiling.
    exc = compile_error(star_too_few, (1,))
    assert "missing 1 required positional argument: 'b'" in str(exc)


# --- `~` of booleans ------------------------------------------------------------------------


def invert_items(a, b):
    return bool(~a[0]), bool(~a[1]), bool(~(b[0] > 0)), bool(~(b[1] > 0))


def invert_np_bool(x):
    return bool(~np.bool_(x))


@pytest.mark.parametrize(
    "a,b",
    [(np.array([True, False]), np.array([1, -1])), (np.array([False, True]), np.array([0.0, 2.0]))],
)
def test_invert_numpy_booleans(a, b):
    assert_same(invert_items, a, b)


@pytest.mark.parametrize("x", [True, False, 0, 3])
def test_invert_np_bool_call(x):
    assert_same(invert_np_bool, x)


def invert_bool(b):
    return ~b


@pytest.mark.requires_jit
@pytest.mark.parametrize("b", [True, False])
def test_invert_python_bool_is_numba_logical_not(b):
    # Numba's rule (test_operators.test_bitwise_not): `~b` of any boolean is `not b`; CPython's
    # `~True == -2` holds for Python's bools, which compiled code types as NumPy's.
    got = oxjit.njit(invert_bool)(b)
    assert type(got) is bool and got == np.invert(np.bool_(b))


# --- uint64 values as Python ints -----------------------------------------------------------


def uint64_int(x):
    return int(x)


def uint64_ops(x, y):
    return int(x // y), int(x % y), int(abs(x)), int(x + y), int(max(x, y))


def uint64_sum(a):
    return int(a.sum()), int(a[0]), int(a.max())


def uint64_literal():
    return int(np.uint64(18446744073709551608))


@pytest.mark.parametrize("x", [np.uint64(2**64 - 8), np.uint64(2**63), np.uint64(5)])
def test_int_of_uint64(x):
    assert_same(uint64_int, x)


@pytest.mark.parametrize(
    "x,y", [(np.uint64(2**64 - 8), np.uint64(3)), (np.uint64(2**63 + 1), np.uint64(2**62))]
)
def test_uint64_arithmetic_as_int(x, y):
    assert_same(uint64_ops, x, y)


def test_uint64_array_results_as_int():
    assert_same(uint64_sum, np.array([2**63, 2**62, 7], dtype=np.uint64))


def test_uint64_literal_as_int():
    assert_same(uint64_literal)


# --- list displays whose items have no common type ------------------------------------------


def mixed_list_str():
    return [1, "a"]


def mixed_list_tuple(x):
    return [x, (2, 3)]


def numbers_list(x):
    return [1, 2.5, x]


@pytest.mark.requires_jit
@pytest.mark.parametrize(
    "fn,args,snippet,seen",
    [
        (mixed_list_str, (), '[1, "a"]', "int64, Literal[str]"),
        (mixed_list_tuple, (1,), "[x, (2, 3)]", "int64, UniTuple(int64 x 2)"),
    ],
    ids=lambda x: getattr(x, "__name__", None),
)
def test_list_display_items_must_unify(fn, args, snippet, seen):
    exc = compile_error(fn, *args)
    msg = assert_diagnostic(exc, fn, snippet, oxjit.errors.TypingError)
    assert "do not unify" in msg and seen in msg


@pytest.mark.requires_jit
def test_list_display_numbers_unify_to_float():
    # As Numba: ints and floats make a list of floats (CPython keeps each item's type).
    assert oxjit.njit(numbers_list)(3) == [float(v) for v in numbers_list(3)]
    assert all(type(v) is float for v in oxjit.njit(numbers_list)(3))

"""`tuple(<generator expression>)` where the number of items is known when compiling: over a
tuple argument (homogeneous or not), a tuple display, a local assigned one tuple display, a
string literal, `range()` of integer constants or of `len()` of such a tuple, with nested `for`
clauses. The loops are unrolled, each item typed for itself (CPython's tuple of `str(x)` over
`(1, 2.5)` is a tuple of two strings). Where the length is only known at run time (an `if`
clause, a list, `range(n)` of a variable, a rebound tuple) the compiler refuses it, naming the
line and column and saying why."""

import numpy as np
import oxjit
import pytest
from conftest import assert_diagnostic, assert_same, compile_error
from test_nrt import assert_no_leak

pytestmark = pytest.mark.requires_jit


def doubled(t):
    return tuple(x * 2 for x in t)


def of_display():
    return tuple(x * 2 for x in (1, 2, 3))


def of_mixed_display(n):
    return tuple(x + n for x in (1, 2.5, True))


def as_strings(t):
    return tuple(str(x) for x in t)


def of_local():
    t = (4, 5, 6)
    return tuple(x - 1 for x in t)


def of_range_constant(a):
    return tuple(a * i for i in range(4))


def of_range_steps():
    return (
        tuple(i for i in range(2, 11, 3)),
        tuple(i for i in range(5, -5, -4)),
        tuple(i for i in range(3, 1)),
        tuple(i for i in range(-2)),
    )


def of_range_len(t):
    return tuple(t[i] * i for i in range(len(t)))


def of_string():
    return tuple(c + c for c in "aé€")


def nested(t, u):
    return tuple((x, y) for x in t for y in u)


def unpacked(pairs):
    return tuple(a * b for a, b in pairs)


def enclosing_read(t, k):
    return tuple(x * k for x in t)


def of_arrays(n):
    t = (np.arange(n), np.ones(n))
    return tuple(float(a.sum()) for a in t)


def kept_arrays(n):
    t = (np.arange(n), np.ones(n))
    return tuple(a + 1 for a in t)


def loop_variable_unchanged(t):
    x = 100
    u = tuple(x + 1 for x in t)
    return u, x


def evaluation_order(t):
    out = []
    u = tuple(out.append(x) or x for x in t)
    out.append(-1)
    return u, out


def used_in_loop(t):
    s = 0.0
    for k in range(3):
        s += sum(tuple(x * k for x in t))
    return s


def test_homogeneous_tuple_arguments():
    assert_same(doubled, (1, 2, 3))
    assert_same(doubled, (1.5, -2.0))
    assert_same(doubled, ())
    assert_same(doubled, ("a", "bc"))
    assert_same(enclosing_read, (1, 2), 3)
    assert_same(loop_variable_unchanged, (7, 8))


def test_displays_and_locals():
    assert_same(of_display)
    assert_same(of_mixed_display, 2)
    assert_same(of_local)
    assert_same(of_string)


def test_heterogeneous_items():
    assert_same(as_strings, (1, 2.5))
    assert_same(as_strings, (True, "x", 3))
    assert_same(doubled, (1, 2.5, "s"))
    assert_same(unpacked, ((1, 2), (3.5, 2)))


def test_ranges():
    assert_same(of_range_constant, 3)
    assert_same(of_range_constant, 0.5)
    assert_same(of_range_steps)
    assert_same(of_range_len, (4, 5, 6))
    assert_same(of_range_len, (1.5,))


def test_nested_clauses():
    assert_same(nested, (1, 2), ("a", "b", "c"))
    assert_same(nested, (1, 2), ())


def test_side_effects_in_order():
    assert_same(evaluation_order, (3, 1, 2))
    assert_same(used_in_loop, (1, 2))


def test_arrays_and_leaks():
    assert_same(of_arrays, 4)
    assert_same(kept_arrays, 3)
    assert_no_leak(kept_arrays, 5)


def test_each_specialization_has_its_length():
    f = oxjit.njit(doubled)
    assert f((1, 2)) == (2, 4)
    assert f((1, 2, 3, 4)) == (2, 4, 6, 8)
    assert f((1.5,)) == (3.0,)


def with_if(t):
    return tuple(x for x in t if x > 1)


def over_list(n):
    a = [n, n + 1]
    return tuple(x for x in a)


def over_variable_range(n):
    return tuple(i for i in range(n))


def over_rebound(t):
    t = t + t
    return tuple(x for x in t)


def over_item(t):
    return tuple(y for x in t for y in x)


def apply(f, x):
    return f(x)


def with_lambda(t):
    return tuple(apply(lambda y: y + 1, x) for x in t)


def lambda_after(t):
    u = tuple(x * 2 for x in t)
    g = lambda y: y + 1.5
    return u, g(3)


def reduction_inside(t):
    return tuple(sum(y * x for y in (1, 2)) for x in t)


def test_inner_functions_keep_their_numbers():
    assert_same(lambda_after, (1, 2))
    assert_same(lambda_after, (1.5,))
    assert_same(reduction_inside, (3, 4))


def test_lambda_inside_refused():
    msg = assert_diagnostic(
        compile_error(with_lambda, (1, 2)), with_lambda, "lambda y", oxjit.errors.UnsupportedError
    )
    assert "a lambda or a generator expression inside tuple(... for ...)" in msg


@pytest.mark.parametrize(
    "fn,args,snippet",
    [
        (over_list, (3,), "for x in a"),
        (over_variable_range, (3,), "in range(n)"),
        (over_rebound, ((1, 2),), "for x in t"),
        (over_item, (((1, 2), (3, 4)),), "for y in x"),
        (doubled, ([1, 2],), "for x in t"),
    ],
)
def test_run_time_lengths_refused(fn, args, snippet):
    msg = assert_diagnostic(compile_error(fn, *args), fn, snippet, oxjit.errors.UnsupportedError)
    assert "tuple() of a generator expression" in msg
    assert "is only known at run time" in msg
    assert "a tuple argument of the function" in msg


def test_if_clause_refused():
    msg = assert_diagnostic(
        compile_error(with_if, (1, 2, 3)), with_if, "x > 1", oxjit.errors.UnsupportedError
    )
    assert "with an 'if' clause" in msg
    assert "only known at run time" in msg

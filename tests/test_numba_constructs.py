"""Numba's constructs that Numba programs (and Numba's own tests) use, compiled as CPython runs
them: `literal_unroll` of what is not a tuple of known length, literal lists, `slice` and class
arguments, `@njit` on an inner function. Each compared with CPython (and, where noted, with
what Numba does)."""

import numpy as np
import oxjit
import pytest
from conftest import assert_diagnostic, assert_same, compile_error
from oxjit import literal_unroll, njit

pytestmark = [pytest.mark.requires_oxjit, pytest.mark.requires_jit]


# ---------------------------------------------------------------------------------------------
# literal_unroll(x) where x is no tuple of known length: a plain loop, as Python's


def unroll_sum(x):
    s = 0
    for v in literal_unroll(x):
        s += v
    return s


def unroll_sum_float(x):
    s = 0.0
    for v in literal_unroll(x):
        s += v
    return float(s)


@pytest.mark.parametrize("x", [[1, 2, 3], (1, 2, 3), (1.5, 2), (), [0.5, 2.0]])
def test_unroll_of_an_argument_iterates(x):
    # (Numba refuses a list or an array argument; Python iterates, and so does oxjit.)
    assert_same(unroll_sum, x)


@pytest.mark.parametrize("x", [np.arange(4.0), np.arange(3, dtype=np.int32), np.zeros(0)])
def test_unroll_of_an_array_argument_iterates(x):
    assert_same(unroll_sum_float, x)


def unroll_range(n):
    s = 0
    for v in literal_unroll(range(n)):
        s += v * v
    return s


def unroll_made_array(n):
    s = 0.0
    for v in literal_unroll(np.arange(n) / 2):
        s += v
    return float(s)


def unroll_list_argument_break(xs, stop):
    out = 0
    for v in literal_unroll(xs):
        if v == stop:
            break
        out = out * 10 + v
    else:
        out = -out
    return out


def test_unroll_of_a_range_an_expression_a_list():
    assert_same(unroll_range, 5)
    assert_same(unroll_range, 0)
    assert_same(unroll_made_array, 5)
    assert_same(unroll_list_argument_break, [1, 2, 3], 3)
    assert_same(unroll_list_argument_break, [1, 2, 3], 7)


def unroll_local_tuple():
    t = (1, "ab", 2.5)
    out = ""
    for v in literal_unroll(t):
        out += str(v)
    return out


def unroll_tuple_slices(t):
    a = 0
    for v in literal_unroll(t[1:]):
        a += len(str(v))
    b = ""
    for v in literal_unroll(t[::-1]):
        b += str(v)
    c = 0
    for v in literal_unroll(t[:-5]):
        c += 1
    return a, b, c


def unroll_len(t):
    return len(literal_unroll(t))


def test_unroll_of_a_local_tuple_and_slices():
    assert_same(unroll_local_tuple)
    assert_same(unroll_tuple_slices, (1, "xyz", 2.5, True))
    assert_same(unroll_len, (1, "xyz", 2.5))


# ---------------------------------------------------------------------------------------------
# Literal lists: a list display of several types, gone over by literal_unroll (Numba's
# LiteralList)


def literal_list():
    items = [1, "a", 2.5, (3, "b")]
    n = 0
    text = ""
    for v in literal_unroll(items):
        n += 1
        text += str(v)
    return n, text, items[1], items[-1], len(items)


def literal_list_display():
    out = []
    for v in literal_unroll(["apple", 3390155550, 1.5]):
        out.append(str(v))
    return out


def literal_list_continue():
    s = 0.0
    for v in literal_unroll([1, 2.5, 3, 4.5]):
        if v == 3:
            continue
        s += v
    return s


def literal_list_queries():
    items = ["a", 1, "a", 2, "b", 2.5]
    found = []
    for x in literal_unroll(("a", "d", 2, 6)):
        found.append(x in items)
    return found, items.count("a"), items.count(2), len(items), 2.5 not in items


def literal_list_unused():
    items = [1, "a"]  # noqa: F841 (Numba's test_basic_compile: made, never read)
    return 0


def mixed_numbers():
    # Read by constant indices only: each item as Python has it (a list would make both floats).
    items = [1.5, 2]
    return items[0], items[1], items[-1]


def homogeneous_out_of_range():
    items = [1, 2]
    return items[2]


def test_literal_lists():
    assert_same(literal_list)
    assert_same(literal_list_display)
    assert_same(literal_list_continue)
    assert_same(literal_list_queries)
    assert_same(literal_list_unused)
    assert_same(mixed_numbers)
    # Out of range: a list, which raises IndexError as Python's.
    assert_same(homogeneous_out_of_range)


def literal_list_used_as_a_list():
    items = [1, "a"]
    for v in literal_unroll(items):
        pass
    items.append(2)
    return len(items)


def test_a_mixed_list_used_as_a_list_is_still_refused():
    err = compile_error(literal_list_used_as_a_list)
    assert_diagnostic(err, literal_list_used_as_a_list, '[1, "a"]', oxjit.errors.CompilerError)


# ---------------------------------------------------------------------------------------------
# slice objects as arguments (Numba accepts them: f(a, slice(1, 5)))


def take(a, s):
    return a[s]


def slice_of_list(xs, s):
    return xs[s], len(xs[s])


def slice_of_str(t, s):
    return t[s]


@pytest.mark.parametrize(
    "s",
    [slice(1, 5), slice(None, None, 2), slice(-3, None), slice(None, -1, -2), slice(8, 2, -1)],
)
def test_slice_arguments(s):
    assert_same(take, np.arange(10.0), s)
    assert_same(slice_of_list, [1, 2, 3, 4, 5, 6], s)
    assert_same(slice_of_str, "abcdefghij", s)


def test_slice_argument_errors():
    assert_same(take, np.arange(10.0), slice(None, None, 0))
    assert_same(slice_of_str, "abc", slice(None, None, 0))
    with pytest.raises(TypeError, match="slice argument's start must be an int"):
        njit(take)(np.arange(3), slice(1.5, 2))


# ---------------------------------------------------------------------------------------------
# Classes as arguments (Numba's NumberClass: f(np.float32, x))


def convert(cls, x):
    return cls(x)


@pytest.mark.parametrize("cls", [float, int, bool, complex])
def test_class_arguments(cls):
    # (Numba refuses Python's classes as arguments; Python calls them, and so does oxjit.)
    assert_same(convert, cls, 3)
    assert_same(convert, cls, 2.75)


@pytest.mark.parametrize("cls", [np.float32, np.int16, np.uint8, np.complex64, np.float64])
def test_numpy_class_arguments_as_numbas(cls):
    numba = pytest.importorskip("numba")
    ours, theirs = njit(convert), numba.njit(convert)
    for x in (3, 2.75, 7.5):
        got, want = ours(cls, x), theirs(cls, x)
        assert type(got) is type(want) and got == want, (cls, x, got, want)
        # The value as NumPy converts it (Numba boxes NumPy scalars as Python numbers).
        assert got == cls(x).item()


def test_a_class_oxjit_cannot_call_is_still_refused():
    class Mine:
        pass

    with pytest.raises(TypeError, match="arguments of type 'type' are not supported"):
        njit(convert)(Mine, 1)


# ---------------------------------------------------------------------------------------------
# @njit on a function defined inside a compiled function: compiled with it, as a closure


def inner_njit(x):
    @njit
    def double(y):
        return y * 2

    @oxjit.jit(nopython=True, cache=False)
    def plus(y):
        return y + x

    return double(x) + plus(1)


def inner_njit_called_in_a_loop(n):
    k = 3

    @njit()
    def scaled(i):
        return i * k

    return sum([scaled(i) for i in range(n)])


def test_njit_on_an_inner_function():
    # (Numba refuses it: "Untyped global name 'njit'"; Python runs it.)
    assert_same(inner_njit, 4)
    assert_same(inner_njit, 2.5)
    assert_same(inner_njit_called_in_a_loop, 5)


def inner_with_signature(x):
    @njit("float64(float64)")
    def half(y):
        return y / 2

    return half(x)


def test_inner_njit_with_a_signature_is_refused():
    err = compile_error(inner_with_signature, 3.0)
    assert_diagnostic(err, inner_with_signature, "@njit(", oxjit.errors.UnsupportedError)

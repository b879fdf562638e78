"""`x in t`, `x not in t`, `t.index(x[, start[, stop]])` and `t.count(x)` of tuples, homogeneous
or not, against CPython (value and type, errors by class and message); and `in` of a list
display or of a set display of constants, which asks the tuple of the items (nothing built)."""

import math

import numpy as np
import oxjit
import pytest
from conftest import assert_diagnostic, assert_same, compile_error

# --------------------------------------------------------------------------------------------
# x in t


def contains(x, t):
    return x in t, x not in t


NUMBERS = [
    (2, (1, 2, 3)),
    (4, (1, 2, 3)),
    (-1, (1, 2, 3)),
    (2.0, (1, 2, 3)),
    (2.5, (1, 2, 3)),
    (1, (1.0, 2.5)),
    (3, (1.0, 2.5)),
    (True, (0, 1)),
    (False, (1, 2)),
    (1.0, (True, False)),
    (-0.0, (0.0, 1.0)),
    (0.0, (-0.0,)),
    (0, (-0.0,)),
    (float("nan"), (1.0, float("nan"))),
    (float("inf"), (1.0, float("inf"))),
    (2**62, (2**62, 1)),
    (2**53 + 1, (float(2**53),)),
    (1 + 2j, (1 + 2j, 3j)),
    (1.0, (1 + 0j, 3j)),
    (5, ()),
]


@pytest.mark.parametrize(("x", "t"), NUMBERS)
def test_numbers(x, t):
    assert_same(contains, x, t)


STRINGS = [
    ("e", ("a", "e", "i")),
    ("z", ("a", "e", "i")),
    ("", ("", "a")),
    ("", ("a",)),
    ("ab", ("a", "b", "ab")),
    ("é", ("e", "é")),
    ("€", ("€uro", "€")),
    ("𝄞", ("a", "𝄞")),
    ("a", ("A",)),
]


@pytest.mark.parametrize(("x", "t"), STRINGS)
def test_strings(x, t):
    assert_same(contains, x, t)


NESTED = [
    ((1, 2), ((1, 2), (3, 4))),
    ((1, 3), ((1, 2), (3, 4))),
    ((1, 2.0), ((1, 2), (3, 4))),
    ((1, "a"), ((1, "b"), (1, "a"))),
    ((1, 2), ((1, 2, 3), (1,))),
    (((1, 2), "x"), (((1, 2), "y"), ((1, 2), "x"))),
]


@pytest.mark.parametrize(("x", "t"), NESTED)
def test_nested_tuples(x, t):
    assert_same(contains, x, t)


MIXED = [
    (1, ("a", 1.0)),
    (1, ("a", 2.0)),
    ("a", (1, "a")),
    ("b", (1, "a")),
    (None, (1, None)),
    (None, (1, "a")),
    (0, (None, "0", (0,))),
    ((0,), (None, "0", (0,))),
    ((0,), (None, "0", (0, 0))),
    ("0", (None, "0", (0,))),
    ((1, "a"), ((1, 2), (1, "a"))),
    ((1, "a"), ((1, 2), ("a", 1))),
    (True, ("True", 1.0)),
]


@pytest.mark.parametrize(("x", "t"), MIXED)
def test_heterogeneous(x, t):
    assert_same(contains, x, t)


def literal_tuples(i, c):
    return (
        i in (1, 2, 3),
        i not in (1, 2, 3),
        c in ("a", "e", "i", "o", "u"),
        i in (1, "a", 2.5, None),
        c in (1, "a", 2.5, None),
        (i, c) in ((1, "a"), (2, "b")),
        i in (),
    )


@pytest.mark.parametrize(("i", "c"), [(1, "a"), (2, "b"), (3, "z"), (0, "")])
def test_literal_tuples(i, c):
    assert_same(literal_tuples, i, c)


def bound_tuple(x):
    t = (x - 1, x, x + 1)
    u = ("k", x)
    return x in t, x * 3 in t, x in u, "k" in u, "j" in u


@pytest.mark.parametrize("x", [0, 7, -3])
def test_tuple_of_values(x):
    assert_same(bound_tuple, x)


def chained(x):
    # `in` inside a chain of comparisons, and with `and`/`or`.
    return (
        0 < x in (1, 2, 3),
        2 > x not in (5, 1),
        x in (1, 2) or x in (5, 6),
        x in (1, 2) and x not in (2,),
    )


@pytest.mark.parametrize("x", [0, 1, 2, 5, 7])
def test_chained(x):
    assert_same(chained, x)


# --------------------------------------------------------------------------------------------
# t.index(x), t.count(x)


def index(t, x):
    return t.index(x)


def index_from(t, x, start):
    return t.index(x, start)


def index_between(t, x, start, stop):
    return t.index(x, start, stop)


def count(t, x):
    return t.count(x)


@pytest.mark.parametrize(
    ("t", "x"),
    [
        ((1, 2, 1, 3), 1),
        ((1, 2, 1, 3), 3),
        ((1, 2, 1, 3), 3.0),
        ((1, 2, 1, 3), 4),
        ((1.0, True, 1), 1),
        (("a", "b", "a"), "a"),
        (("a", "b", "a"), "c"),
        ((1, "a", 2.5), 2.5),
        ((1, "a", 2.5), "b"),
        (((1, 2), (3, 4)), (3, 4)),
        ((), 1),
        ((0.0,), float("nan")),
    ],
)
def test_index_and_count(t, x):
    assert_same(index, t, x)
    assert_same(count, t, x)


@pytest.mark.parametrize("start", [0, 1, 2, 3, 4, 10, -1, -2, -10])
def test_index_start(start):
    assert_same(index_from, (1, 2, 1, 3), 1, start)
    assert_same(index_from, ("a", 2, "a"), "a", start)


@pytest.mark.parametrize(
    ("start", "stop"),
    [(0, 4), (1, 3), (1, 2), (0, 0), (2, 1), (-3, -1), (-10, 10), (0, -2), (3, 100), (True, 3)],
)
def test_index_start_stop(start, stop):
    assert_same(index_between, (1, 2, 1, 3), 1, start, stop)
    assert_same(index_between, (1, 2, 1, 3), 3, start, stop)


# --------------------------------------------------------------------------------------------
# in of displays: a list display, a set display of constants


def vowels_set(s):
    n = 0
    for c in s:
        if c in {"a", "e", "i", "o", "u"}:
            n += 1
    return n


def vowels_tuple(s):
    n = 0
    for c in s:
        if c not in ("a", "e", "i", "o", "u"):
            n += 1
    return n


def vowels_list(s):
    n = 0
    for c in s:
        if c in ["a", "e", "i", "o", "u"]:
            n += 1
    return n


TEXTS = ["", "the quick brown fox jumps over the lazy dog", "AEIOU aeiou", "ça été où €"]


@pytest.mark.parametrize("s", TEXTS)
def test_vowel_loops(s):
    assert_same(vowels_set, s)
    assert_same(vowels_tuple, s)
    assert_same(vowels_list, s)


def set_displays(x):
    return (
        x in {1, 2, 3},
        x not in {1, 2, 3},
        x in {1, 2},
        x in {-1, 2 * 3, 0.5},
        x in {1, "a", 2.5, None},
        x in {True},
        x in {-0.0},
        x in {(1, 2), (3, 4)},
    )


@pytest.mark.parametrize("x", [1, 6, -1, 0, 0.5, 1.0, True, False, -0.0, float("nan"), 2**63 - 1])
def test_set_displays(x):
    assert_same(set_displays, x)


def set_display_strings(c):
    return c in {"a", "bc", ""}, c in {"x", 1}, c in {"€", "é"}, c not in {"a"}


@pytest.mark.parametrize("c", ["a", "bc", "", "b", "€", "é"])
def test_set_display_strings(c):
    assert_same(set_display_strings, c)


def set_display_tuples(t):
    return t in {(1, 2), (3, 4)}, t in {(1, "a"), 5}, t in {"(1, 2)", (1, 2.0)}


@pytest.mark.parametrize("t", [(1, 2), (3, 4), (1, 3), (1.0, 2.0)])
def test_set_display_tuples(t):
    assert_same(set_display_tuples, t)


def list_displays(x, y):
    return (
        x in [1, 2, 3],
        x not in [1, 2, 3],
        x in [y, y + 1],
        x in [1, "a"],
        x in [[1], [2]] if False else x in [(1,), 2],
        x in [1] == [1],
        x in [] if False else x in [y],
    )


@pytest.mark.parametrize(("x", "y"), [(1, 0), (2, 2), (5, 4), (0, -1), (1.0, 1)])
def test_list_displays(x, y):
    assert_same(list_displays, x, y)


def list_display_of_lists(a):
    return a in [[1, 2], [3]], a not in [[1, 2], [3]]


@pytest.mark.parametrize("a", [[1, 2], [3], [1], []])
def test_list_display_of_lists(a):
    assert_same(list_display_of_lists, a)


def displays_evaluate_items(x):
    calls = [0]

    def item(v):
        calls[0] += 1
        return v

    found = x in [item(1), item(2), item(3)]
    return found, calls[0]


def test_list_display_items_all_evaluated():
    # CPython builds the display (every item evaluated) before the search.
    assert_same(displays_evaluate_items, 1)


# --------------------------------------------------------------------------------------------
# errors at compile time


def unhashable_in_set_display(a):
    return a in {1, 2}


@pytest.mark.requires_jit
def test_unhashable_in_set_display():
    # CPython raises TypeError: unhashable type: 'list' (a set lookup hashes x).
    with pytest.raises(TypeError, match="unhashable type: 'list'"):
        unhashable_in_set_display([1])
    exc = compile_error(unhashable_in_set_display, [1])
    msg = assert_diagnostic(exc, unhashable_in_set_display, "a in {1, 2}", oxjit.errors.TypingError)
    assert "unhashable type" in msg


def array_in_tuple(a):
    return a in (1, 2)


def number_in_tuple_of_arrays(a):
    return 1 in (a, a)


@pytest.mark.requires_jit
@pytest.mark.parametrize("fn", [array_in_tuple, number_in_tuple_of_arrays])
def test_arrays_are_refused(fn):
    exc = compile_error(fn, np.arange(3.0))
    snippet = "a in (1, 2)" if fn is array_in_tuple else "1 in (a, a)"
    msg = assert_diagnostic(exc, fn, snippet, oxjit.errors.UnsupportedError)
    assert "is not supported" in msg


def index_with_float_start(t):
    return t.index(1, 0.5)


@pytest.mark.requires_jit
def test_index_start_must_be_an_integer():
    with pytest.raises(TypeError, match="slice indices must be integers"):
        index_with_float_start((1, 2))
    exc = compile_error(index_with_float_start, (1, 2))
    assert_diagnostic(exc, index_with_float_start, "t.index(1, 0.5)", oxjit.errors.TypingError)


def test_nan_constant_display():
    # A NaN is never equal: not found in a tuple of NaNs made apart (CPython compares by
    # identity first, and these are different objects).
    assert_same(contains, math.nan * 0, (float("nan"), 1.0))


# --------------------------------------------------------------------------------------------
# == of a string with a literal (inline: length, kind, then the code units)


def equals_literals(s):
    return (
        s == "a",
        "a" == s,
        s != "a",
        s == "",
        s == "ab",
        s == "é",
        s == "€",
        s != "𝄞",
        s == "a€𝄞",
        s == "the quick brown fox",
        s in ("é", "a€𝄞", "the quick brown fox", ""),
        s in {"é", "a€𝄞", "the quick brown fox", ""},
    )


@pytest.mark.parametrize(
    "s",
    ["a", "", "ab", "ba", "é", "e", "€", "𝄞", "a€𝄞", "a€", "the quick brown fox", "the quick brown",
     "\x00", "aa", "ā"],
)  # fmt: skip
def test_equals_literals(s):
    assert_same(equals_literals, s)


def characters_of(s):
    # Characters taken out of wider strings keep the narrowest kind.
    n = 0
    for c in s:
        if c in ("a", "é", "€", "𝄞"):
            n += 1
        if c == "a" or c == "𝄞":
            n += 10
    return n


@pytest.mark.parametrize("s", ["a€𝄞é", "aaa", "𝄞𝄞a", "éé€", "xyz"])
def test_characters_of_wide_strings(s):
    assert_same(characters_of, s)

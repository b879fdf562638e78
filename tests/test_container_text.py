"""`str()`, `repr()`, f-strings and `print` of lists, dicts, sets and tuples (nested), as
CPython writes them: items by their `repr`, sets in CPython's order, `set()` and `(1,)`. An
empty display whose item type nothing in the function gives stays refused at compile time."""

import pytest
from conftest import assert_same, jitted
from test_nrt import assert_no_leak

pytestmark = pytest.mark.requires_jit


def texts(xs, n):
    d = {i: [x * i for x in xs] for i in range(n)}
    s = {x * 3 for x in xs}
    words = ["a", "b'c", 'd"e', "é"]
    return (
        str(xs),
        repr(xs),
        str(d),
        str(s),
        str(s - s),
        str(xs[:0]),
        str({k: v for k, v in d.items() if k < 0}),
        str((1,)),
        str((1, 2.5, "x", None)),
        str([(1, "a"), (2, "b")]),
        repr(words),
        str({"k": {"n": [1.5, -0.0, 1e22]}}),
        f"{xs} {d!r} {s}",
        str([[1], [], [2, 3]]),
        str([True, False]),
        str({(1, 2): None}),
    )


def test_texts():
    assert_same(texts, [1.5, 2.0, 3.25], 3)
    assert_same(texts, [0.1, 7.0], 1)


def printing(xs):
    print(xs, {1: "a"}, {3, 1, 2}, (1, [2]), xs[:0], set(xs) - set(xs))
    print([["x"], ["y", "z"]], {"k": ()}, sep="|")
    return 0


def test_print(capfd):
    printing([1, 2])
    want = capfd.readouterr().out
    jitted(printing)([1, 2])
    assert capfd.readouterr().out == want


def test_no_leak():
    assert_no_leak(texts, [1.5, 2.0], 2)


def never_typed():
    return str([])


def test_untyped_empty_display_is_refused():
    from conftest import compile_error

    err = compile_error(never_typed)
    assert "cannot infer the item type of the empty list" in str(err)

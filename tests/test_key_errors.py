"""`KeyError` of a missing key, against CPython: the exception's class, `str()` and `args` (the
key itself, tuples included: `KeyError((1, 2))` shows `(1, 2)`) for `d[k]`, `del d[k]`,
`d.pop(k)` and `s.remove(k)`, with keys of every hashable type compiled code has."""

import math

import pytest
from conftest import assert_same, jitted, pure_python

pytestmark = pytest.mark.requires_jit


def getitem(keys, k):
    d = {}
    for i, key in enumerate(keys):
        d[key] = i
    return d[k]


def delete(keys, k):
    d = {}
    for i, key in enumerate(keys):
        d[key] = i
    del d[k]
    return len(d)


def pop(keys, k):
    d = {}
    for i, key in enumerate(keys):
        d[key] = i
    return d.pop(k)


def remove(keys, k):
    s = set(keys)
    s.remove(k)
    return len(s)


def caught_text(keys, k):
    d = {}
    for i, key in enumerate(keys):
        d[key] = i
    try:
        return str(d[k])
    except KeyError as e:
        return "missing " + str(e)


CASES = [
    ([(1, 2), (3, 4)], (1, 3)),
    ([(1, 2.5)], (2, -0.5)),
    ([(1.5, 2.0)], (math.inf, -math.inf)),
    ([("a", 1)], ("b", 1)),
    ([("it's", 'q"x')], ("it's", 'q"y\n')),
    ([((1, 2), 3)], ((1, 2), 4)),
    ([((1, (2, "z")), 3.0)], ((1, (2, "y")), 3.0)),
    ([(True, 1)], (False, 1)),
    ([(1,)], (2,)),
    ([1.5, 2.5], 3.25),
    ([1.5], -0.0),
    ([1, 2], 7),
    ([-1], -9),
    (["a", "b"], "c"),
    (["a"], ""),
    (["é"], "ß"),
]


def _args(fn, keys, k):
    """`e.args` of the exception `fn(keys, k)` raises in CPython and compiled."""
    out = []
    for f in (pure_python(fn), jitted(fn)):
        with pytest.raises(KeyError) as info:
            f(list(keys), k)
        out.append(info.value.args)
    return out


@pytest.mark.parametrize("fn", [getitem, delete, pop, remove])
@pytest.mark.parametrize(("keys", "k"), CASES)
def test_key_error_matches_cpython(fn, keys, k):
    assert_same(fn, list(keys), k)
    expected, got = _args(fn, keys, k)
    assert repr(expected) == repr(got)
    assert [type(a) for a in expected] == [type(a) for a in got]


def test_nan_key():
    expected, got = _args(getitem, [(1.0, 2.0)], (math.nan, 1.0))
    assert math.isnan(got[0][0]) and got[0][1] == 1.0 and len(got) == len(expected) == 1
    with pytest.raises(KeyError) as info:
        jitted(getitem)([(1.0, 2.0)], (math.nan, 1.0))
    assert str(info.value) == "(nan, 1.0)"


@pytest.mark.parametrize(("keys", "k"), CASES)
def test_str_of_caught_key_error(keys, k):
    assert_same(caught_text, list(keys), k)


def test_no_leak():
    from test_nrt import assert_no_leak

    assert_no_leak(getitem, [(1, "a")], (2, "b"), expect_raise=KeyError)
    assert_no_leak(remove, [(1, (2.5, "x"))], (1, (2.5, "y")), expect_raise=KeyError)

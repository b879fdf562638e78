"""Values that may be None (optionals) taken as they are, as CPython takes them: `print`, `str`,
`repr`, f-strings (`{x}`, `{x!r}`, a format spec: CPython's TypeError on None), `==`/`!=` with
None, a value or another optional, `hash`, and tuples holding such values (printed, compared,
hashed, used as dict keys and set items). Elsewhere an optional is its value (see
tests/test_optional.py)."""

import oxjit
import pytest
from conftest import assert_same, jitted, pure_python

pytestmark = pytest.mark.requires_jit


@oxjit.njit
def maybe(x):
    return x if x > 0 else None


@oxjit.njit
def maybe_float(x):
    return x * 0.5 if x > 0 else None


@oxjit.njit
def maybe_str(x):
    return "ab'c" if x > 0 else None


def texts(x):
    y = maybe(x)
    f = maybe_float(x)
    s = maybe_str(x)
    return str(y), repr(y), str(f), repr(f), str(s), repr(s)


def fstrings(x):
    y = maybe(x)
    s = maybe_str(x)
    return f"<{y}|{y!r}|{s}|{s!r}|{maybe_float(x)}>"


def fstring_spec(x):
    return f"{maybe_float(x):.2f}"


def fstring_empty_spec(x):
    y = maybe(x)
    return f"{y:}", format(y), format(y, "")


def equalities(x):
    y = maybe(x)
    z = maybe(x - 1)
    return (
        y == None,
        y != None,
        None == y,
        y == 3,
        y != 3,
        3 == y,
        y == 3.0,
        y == z,
        y != z,
        y == y,  # noqa: PLR0124 - an optional equals itself
        y is None,
        y is not None,
    )


def string_equalities(x):
    s = maybe_str(x)
    return s == "ab'c", s != "ab'c", "x" == s, s == None, s == maybe_str(x - 1)


def none_against_values(x):
    return x == None, None != x, "a" == None, (x, 1) == None  # noqa: PLR0133


def tuple_texts(x):
    t = (maybe(x), 2, maybe_str(x))
    return str(t), repr(t), f"{t}", str(((maybe(x),), (maybe_float(x), "a")))


def tuple_equalities(x):
    t = (maybe(x), 2)
    return t == (None, 2), t != (None, 2), t == (x, 2), t == (maybe(x - 1), 2), (None, 2) == t


def hashes(x):
    return hash(maybe(x)) == hash(x if x > 0 else None), hash(maybe(x)), hash((maybe(x), 1))


def dict_of_tuple_keys(x):
    d = {}
    for i in range(4):
        d[(maybe(x - i), i % 2)] = i
    return d, (None, 1) in d, (None, 0) in d, d.get((maybe(x), 1), -1)


def set_of_tuples(x):
    s = set()
    for i in range(5):
        s.add((maybe(x - i), 0))
    return len(s), (None, 0) in s, (x, 0) in s


def none_keys():
    d = {None: 1, 2: 3} if False else {}
    d[None] = 5
    return d, None in d


@pytest.mark.parametrize("x", [0, 1, 3])
def test_text(x):
    for fn in (texts, fstrings, fstring_empty_spec, tuple_texts):
        assert_same(fn, x)


@pytest.mark.parametrize("x", [0, 3])
def test_format_spec_of_none(x):
    assert_same(fstring_spec, x)


def test_format_spec_of_none_message():
    with pytest.raises(
        TypeError, match=r"^unsupported format string passed to NoneType.__format__$"
    ):
        jitted(fstring_spec)(0)


@pytest.mark.parametrize("x", [0, 1, 3, 4])
def test_equality(x):
    for fn in (equalities, string_equalities, none_against_values, tuple_equalities):
        assert_same(fn, x)


@pytest.mark.parametrize("x", [0, 3])
def test_hash(x):
    # hash(None) differs between processes before Python 3.12: compared within this one.
    assert_same(hashes, x)


@pytest.mark.parametrize("x", [0, 2, 5])
def test_dict_keys_and_set_items(x):
    assert_same(dict_of_tuple_keys, x)
    assert_same(set_of_tuples, x)


def test_none_as_a_key():
    assert_same(none_keys)


def prints(x):
    y = maybe(x)
    print(y, maybe_str(x), maybe_float(x))
    print((y, 2), ((maybe_str(x), y),), sep="|")


@pytest.mark.parametrize("x", [0, 3])
def test_print(capsys, x):
    pure_python(prints)(x)
    expected = capsys.readouterr().out
    jitted(prints)(x)
    assert capsys.readouterr().out == expected


def ordering_of_none(x):
    return maybe(x) < 2


def test_ordering_of_none_is_still_a_type_error():
    """`<` uses an optional as its value: on None, a TypeError (CPython's says why in its words)."""
    assert_same(ordering_of_none, 1)
    with pytest.raises(TypeError):
        jitted(ordering_of_none)(0)


def list_display(x):
    a = [maybe(x), maybe(x - 1), 3]
    return a, str(a), a == [None, None, 3], a != [x, None, 3], None in a, a[2] + 1


def list_of_optionals_grows(x):
    a = [None, 1]
    for i in range(3):
        a.append(maybe(x - i))
    a.insert(0, maybe(x))
    return a, repr(a), a.count(None), None in a


def set_of_optionals(x):
    s = {None, 1}
    for i in range(4):
        s.add(maybe(x - i))
    return len(s), None in s, sorted([v for v in s if v is not None])


def list_item_used_as_a_number(x):
    a = [maybe(x), 2]
    return a[0] + a[1]


@pytest.mark.parametrize("x", [0, 1, 2, 4])
def test_lists_and_sets_of_optionals(x):
    for fn in (list_display, list_of_optionals_grows, set_of_optionals):
        assert_same(fn, x)


def test_list_item_used_as_a_number():
    assert_same(list_item_used_as_a_number, 3)
    with pytest.raises(TypeError, match="may be None was None"):
        jitted(list_item_used_as_a_number)(0)


def dict_of_optional_values(x):
    d = {1: None, 2: 5}
    d[3] = maybe(x)
    d[4] = maybe(x - 1)
    return d, str(d), d[3] == None, d.get(4) == None


def dict_of_optional_keys(x):
    d = {None: 1}
    d[maybe(x)] = 2
    d[maybe(x + 1)] = 3
    return d, None in d, d[None]


def list_item_set(x):
    a = [None, 1]
    a[1] = maybe(x)
    return a


@pytest.mark.parametrize("x", [0, 1, 3])
def test_dicts_and_list_items_of_optionals(x):
    for fn in (dict_of_optional_values, dict_of_optional_keys, list_item_set):
        assert_same(fn, x)

"""Exceptions the runtime's string functions raise (`int("x")`, `s.index(t)`, an empty
separator) are caught by a `try` statement's `except` clause around them, as CPython's, with
nothing leaked."""

import pytest
from conftest import assert_same
from test_nrt import assert_no_leak

pytestmark = pytest.mark.requires_jit


def parse(s):
    try:
        return int(s)
    except ValueError:
        return -1


def parse_message(s):
    try:
        n = float(s.strip() + "")
    except ValueError as e:
        return "bad: " + str(e)
    return str(n)


def find(s, t):
    try:
        return s.index(t)
    except ValueError:
        return -2
    finally:
        s = s + "!"


def split_caught(s, sep):
    out = []
    try:
        for w in s.split(sep):
            out.append(w + "!")
    except ValueError as e:
        out.append(str(e))
    return out


def split_list_caught(s, sep):
    try:
        parts = s.split(sep)
    except ValueError:
        return -1
    return len(parts)


def not_caught(s):
    try:
        return int(s.upper())
    except KeyError:
        return -1


def test_caught_as_cpython():
    for s in ["12", "x", " 7 ", "日本"]:
        assert_same(parse, s)
        assert_same(parse_message, s)
        assert_same(not_caught, s)
    assert_same(find, "abc", "c")
    assert_same(find, "abc", "z")
    for sep in [",", ""]:
        assert_same(split_caught, "a,b", sep)
        assert_same(split_list_caught, "a,b", sep)


def test_nothing_leaked():
    assert_no_leak(parse_message, "x")
    assert_no_leak(find, "abc", "z")
    assert_no_leak(split_caught, "a,b", "")
    assert_no_leak(split_list_caught, "a,b", "")
    assert_no_leak(not_caught, "xyz", expect_raise=ValueError)

# ruff: noqa: UP031, UP032  (the formatting constructs under test)
"""Strings live in reference-counted blocks: every block a string-building function makes is
freed exactly once, on every path (loops, branches, exceptions raised midway, results returned
to Python, arguments)."""

import pytest
from conftest import jitted
from test_nrt import assert_no_leak

pytestmark = pytest.mark.requires_jit


def build_in_loop(n):
    out = ""
    for i in range(n):
        out += str(i) + ","
    return len(out)


def iterate_chars(s):
    n = 0
    for c in s:
        if c.isdigit():
            n += int(c)
    return n


def methods_chain(s):
    t = s.strip().upper().replace("A", "b")
    return t.center(20, "*"), t.partition("B"), len(t.title())


def fstrings(x, n):
    return f"{x:.3f} {n:>8,} {x!r} {'lit'} {n:x}"


def raises_midway(s, n):
    t = s + "x"
    u = t * 2
    return u[n]


def int_parse_fails(s):
    t = s.strip() + "z"
    return int(t)


def returns_tuple(s):
    return s[::-1], ("a", s)


def format_method(a, s):
    return "{} {!r} {:>5}".format(a, s, s) + "%d %s" % (a, s)


def branches(s, flag):
    t = s.upper() if flag else "const"
    if len(t) > 3:
        return t + "!"
    return t


def test_string_building_frees_its_blocks():
    assert_no_leak(build_in_loop, 50)
    assert_no_leak(iterate_chars, "a1b2c3 日本 🎉 9")
    assert_no_leak(methods_chain, "  banana  ")
    assert_no_leak(fstrings, 3.25, 1234567)
    assert_no_leak(format_method, 7, "é")
    assert_no_leak(branches, "héllo", True)
    assert_no_leak(branches, "hé", True)
    assert_no_leak(returns_tuple, "日本語")


def test_exceptions_free_what_is_live():
    assert_no_leak(raises_midway, "abc", 100, expect_raise=IndexError)
    assert_no_leak(int_parse_fails, " 12 ", expect_raise=ValueError)


def test_many_calls_do_not_grow():
    from oxjit.runtime import get_allocation_stats

    f = jitted(fstrings)
    f(1.5, 2)
    before = get_allocation_stats()
    for i in range(20000):
        f(i * 0.5, i)
    after = get_allocation_stats()
    assert after.alloc - before.alloc == after.free - before.free


def zips(a, b):
    out = ""
    for x, y in zip(a, b):
        out += y + x
    for i, c in enumerate(a):
        out += c * i
    return out


def test_iterators_over_strings_free_their_items():
    assert_no_leak(zips, "abc", "日本語🎉")


def appends(n):
    s = ""
    for i in range(n):
        s += str(i)
        if i % 7 == 0:
            s += "日"
    t = s
    t += "!"
    return len(s) + len(t)


def test_appending_in_place_frees_once():
    assert_no_leak(appends, 200)


def split_join(s):
    words = s.split()
    parts = s.split(",")
    lines = s.splitlines(True)
    return " ".join(words), len(parts), "|".join(lines), s.rsplit(None, 1)


def test_lists_of_strings_free_their_items():
    assert_no_leak(split_join, "a b,c 日本\nx 🎉,y\r\nlast")

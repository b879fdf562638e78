# ruff: noqa: UP031, UP032, F507, F523, F524  (the formatting constructs under test)
"""Formatting: f-strings with format specs and conversions, ``format()``, ``str.format`` and
``%``, bit for bit as CPython (floats rounded half-even on their exact binary value)."""

import math

import pytest
from conftest import assert_same, compile_error

FLOATS = [0.0, -0.0, 1.0, 0.1, 2.5, 0.125, 0.375, 2.675, 1e16, 1.5e-5, 123456.789, -1234.5678, 1e300, 5e-324,
          math.inf, -math.inf, math.nan, 0.5, 1.25, 999999.5]  # fmt: skip
INTS = [0, 1, -1, 42, -42, 255, 1234567, -1234567, 2**63 - 1, -(2**63)]
FLOAT_SPECS = ["", ".3f", ".0f", ".1f", "e", ".2e", "E", "g", ".3g", "G", "%", ".1%", ",.2f", "_.3f", ">12.4f", "<10", "^12.2e",
               "+.2f", " .2f", "=+12.3f", "012.3f", "#.0f", "#g", ".3", ".10", "z.1f", "*^15,.3f", "08.2f", "n"]  # fmt: skip
INT_SPECS = ["", "d", "5d", "<5d", "^7", "+d", " d", "08d", ",", "_", ">8,", "x", "X", "#x", "#o", "b", "#b", "_b", "_x", "010,",
             "=+9", "c", ".2f", "e", "%", "g", "n", "*>10", "0=10", "q", ",x", ".2d"]  # fmt: skip
STR_SPECS = ["", "s", "10", "<10", ">10", "^10", "*^11", ".2", "^7.3", "05", "+", "=5", ",", "d"]


def fmt(x, spec):
    return format(x, spec)


def fstring_float(x):
    return f"{x:.3f}|{x!r}|{x}|{x:e}|{x:%}|{x:10.2f}|{x!s:>12}"


def fstring_int(n):
    return f"{n:>8,}|{n:08d}|{n:x}|{n!r}|{n}|{n:+}|{n:^9}"


def fstring_str(s):
    return f"[{s:^10}]{s!r}{s}{s:*<6.2}"


def fstring_nested(x, w, p):
    return f"{x:{w}.{p}f}|{x:>{w}}"


def fstring_debug(x, s):
    return f"{x=}, {s=}, {x = :.2f}"


def fstring_mixed(a, b, c):
    return f"{a} + {b} = {a + b}; {c}"


def format_method(a, b, s):
    return "{} and {:.2f} and {!r:>8} {{literal}}".format(a, b, s), "{1}{0}{1}".format(s, a)


def percent(a, b, s):
    return "%d %5.2f %s|%r|%-6d|%x|%e|%g|%%|%c|%.3s|%+d" % (a, b, s, s, a, a, b, b, 65, s, a)


def percent_one(x):
    return "value: %s" % x


def percent_bad_type(s):
    return "%d" % s


def percent_count(a):
    return "%d %d" % (a,)


def percent_extra(a, b):
    return "%d" % (a, b)


@pytest.mark.parametrize("spec", FLOAT_SPECS)
def test_float_specs(spec):
    for x in FLOATS:
        assert_same(fmt, x, spec)


@pytest.mark.parametrize("spec", INT_SPECS)
def test_int_specs(spec):
    for n in INTS:
        assert_same(fmt, n, spec)
    assert_same(fmt, True, spec)


@pytest.mark.parametrize("spec", STR_SPECS)
def test_str_specs(spec):
    for s in ["", "abc", "héllo", "日本語", "🎉x"]:
        assert_same(fmt, s, spec)


@pytest.mark.parametrize("x", FLOATS)
def test_fstrings_of_floats(x):
    assert_same(fstring_float, x)
    assert_same(fstring_nested, x, 12, 3)
    assert_same(fstring_debug, x, "é")


@pytest.mark.parametrize("n", INTS)
def test_fstrings_of_ints(n):
    assert_same(fstring_int, n)
    assert_same(fstring_mixed, n // 4, 2, "日本")


@pytest.mark.parametrize("s", ["", "ab", "héllo", "日本語テキスト", "it's", "🎉"])
def test_fstrings_of_strings(s):
    assert_same(fstring_str, s)
    assert_same(format_method, 3, 2.345, s)
    assert_same(percent, 42, 3.14159, s)


def test_percent():
    assert_same(percent_one, 3.5)
    assert_same(percent_one, "x")
    assert_same(percent_bad_type, "x")
    assert_same(percent_count, 1)
    assert_same(percent_extra, 1, 2)


def format_bad_index(a):
    return "{0} {2}".format(a, a)


def fstring_ascii(x):
    return f"{x!a}"


def test_format_errors_at_compile_time():
    e = compile_error(format_bad_index, 1)
    assert "Replacement index 2 out of range" in str(e)
    e = compile_error(fstring_ascii, 1)
    assert "'!a'" in str(e)

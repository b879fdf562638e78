# ruff: noqa: UP031  (the formatting constructs under test)
"""`str()` of integers of every width (NumPy's int8 ... uint64 scalars and array items) and
`int(s, base)` / `int(s, base=b)` of strings, against CPython: values, types, and `ValueError`s
by message (bases 0 and 2-36, `0x`/`0o`/`0b` prefixes, underscores, whitespace, signs)."""

import numpy as np
import oxjit
import pytest
from conftest import assert_diagnostic, assert_same, compile_error

pytestmark = pytest.mark.requires_jit

NARROW = [np.int8, np.int16, np.int32, np.uint8, np.uint16, np.uint32, np.uint64, np.int64]


def to_str(x):
    return str(x)


def in_fstring(x):
    return f"<{x}>"


def formatted(x):
    return format(x, ">6") + f"{x:x}"


def percent(x, y):
    return "%d/%s" % (x, y)


def item_strs(a):
    out = ""
    for i in range(a.size):
        out += str(a[i]) + ","
    return out


@pytest.mark.parametrize("dtype", NARROW, ids=lambda d: d.__name__)
def test_str_of_every_width(dtype):
    info = np.iinfo(dtype)
    for v in (info.min, info.max, 0, 1, info.max // 3):
        assert_same(to_str, dtype(v))
        assert_same(in_fstring, dtype(v))
        assert_same(formatted, dtype(v))


@pytest.mark.parametrize("dtype", [np.int8, np.uint8, np.int16, np.uint32], ids=str)
def test_percent_of_narrow(dtype):
    assert_same(percent, dtype(np.iinfo(dtype).max), dtype(np.iinfo(dtype).min))


@pytest.mark.parametrize("dtype", NARROW, ids=lambda d: d.__name__)
def test_str_of_array_items(dtype):
    info = np.iinfo(dtype)
    assert_same(item_strs, np.array([info.min, info.max, 0, 7], dtype=dtype))


def test_str_of_bools():
    for v in (True, False, np.bool_(True), np.bool_(False)):
        assert_same(to_str, v)


def repr_of(x):
    return repr(x)


@pytest.mark.parametrize("x", [np.int8(-5), np.uint8(200), np.int16(7), np.uint32(4000000000)])
def test_repr_of_narrow_is_numpys(x):
    # NumPy 2 writes `np.int8(-5)` (tests/test_int_text_builtins.py covers every width).
    assert oxjit.njit(repr_of)(x) == repr_of(x)


def percent_repr(x):
    return "%-3r|" % x


def test_percent_repr_of_narrow_is_refused():
    assert percent_repr(np.int8(5)) == "np.int8(5)|"  # CPython's, with NumPy 2
    exc = compile_error(percent_repr, np.int8(5))
    assert_diagnostic(exc, percent_repr, '"%-3r|" % x', oxjit.errors.TypingError)


def int_base(s, b):
    return int(s, b)


def int_base_kw(s, b):
    return int(s, base=b)


def int_base16(s):
    return int(s, base=16)


def int_base0(s):
    return int(s, 0)


CASES = [
    ("ff", 16), ("FF", 16), ("0xff", 16), ("0XfF", 16), ("0xff", 0), ("0o17", 0), ("0O17", 8),
    ("0b101", 0), ("0B101", 2), ("0b101", 16), ("  -1_000 ", 0), ("1_000", 10), ("\t+7\n", 8),
    ("z", 36), ("Zz", 36), ("-0", 0), ("0", 0), ("00", 0), ("0_0", 0), ("0x_f", 16),
    ("0x_f", 0), ("9223372036854775807", 10), ("-9223372036854775808", 0), ("777", 8),
    ("zz", 16), ("010", 0), ("_1", 10), ("1_", 10), ("1__0", 10), ("", 10), ("  ", 0), ("0x", 16),
    ("0x", 0), ("9", 8), ("2", 2), ("0o8", 0), ("0b2", 0), ("0xg", 0), ("- 1", 10), ("+-1", 10),
    ("1 2", 10), ("0x1", 10), ("0b1", 8), ("0o1", 16), ("10", 1), ("10", 37), ("10", -1),
    ("10", -10), ("", 1), ("1.5", 10), ("١٢", 10), ("0x__f", 16),
]  # fmt: skip


@pytest.mark.parametrize("s, b", CASES, ids=repr)
def test_int_of_str_with_base(s, b):
    assert_same(int_base, s, b)
    assert_same(int_base_kw, s, b)


@pytest.mark.parametrize("s", ["ff", "0xFF", " -a_b ", "zz", "0b1", "", "0o7"], ids=repr)
def test_int_constant_bases(s):
    assert_same(int_base16, s)
    assert_same(int_base0, s)


def int_narrow_base(s, b):
    return int(s, base=b) + int(s, b)


def test_int_base_of_narrow_types():
    assert_same(int_narrow_base, "11", np.int8(2))
    assert_same(int_narrow_base, "11", np.uint8(36))
    assert_same(int_narrow_base, "11", np.uint8(37))
    assert_same(int_narrow_base, "11", True)


def int_bad_keyword(s):
    return int(s, bas=16)


def int_value_keyword(s):
    return int(x=s)


def test_int_keyword_errors():
    for fn, snippet in ((int_bad_keyword, "int(s, bas=16)"), (int_value_keyword, "int(x=s)")):
        with pytest.raises(TypeError):  # CPython's too
            fn("1")
        exc = compile_error(fn, "1")
        assert_diagnostic(exc, fn, snippet, oxjit.errors.TypingError)


def str_object_keyword(x):
    return str(object=x) + "!"


@pytest.mark.parametrize("x", ["a string", np.int8(-4), np.uint16(9), 2.5, True], ids=repr)
def test_str_object_keyword(x):
    assert_same(str_object_keyword, x)

"""Strings (``unicode_type``): arguments and results, literals, ``len``, indexing, slicing,
iteration, ``+ * += in == < hash``, ``ord chr str repr int float`` and ``print``, compared with
CPython (value and type; exceptions by class and message), on ASCII, latin-1, BMP (CJK) and
astral (emoji) text."""

import oxjit
import pytest
from conftest import assert_same, compile_error, jitted

TEXTS = [
    "",
    "a",
    "hello",
    "héllo wörld",
    "日本語テキスト",
    "emoji 🎉 and 🐍!",
    "mixé 日本 🎉",
    "a\tb\nc",
]


def identity(s):
    return s


def literal():
    return "constant"


def literal_in_tuple(s):
    return ("x", s, 1)


def length(s):
    return len(s)


def index(s, i):
    return s[i]


def slice3(s, a, b, c):
    return s[a:b:c]


def slices(s):
    return s[1:], s[:-1], s[::2], s[::-1], s[-3:], s[2:1], s[:100]


def iterate(s):
    out = ""
    n = 0
    for c in s:
        out = c + out
        n += 1
    return out, n


def concat(a, b):
    return a + b + "!"


def repeat(s, n):
    return s * n, n * s


def augmented(s, n):
    out = ""
    for _ in range(n):
        out += s
    return out


def contains(a, b):
    return a in b, a not in b


def comparisons(a, b):
    return a == b, a != b, a < b, a <= b, a > b, a >= b


def truth(s):
    if s:
        return 1
    return 0


def not_empty(s):
    return not s


def merge_literals(flag):
    s = "yes" if flag else "no"
    return s


def str_hash(s):
    return hash(s)


def ord_chr(s):
    return ord(s), chr(ord(s) + 1)


def to_chr(i):
    return chr(i)


def str_of_number(x):
    return str(x), repr(x)


def str_of_str(s):
    return str(s), repr(s)


def to_int(s):
    return int(s)


def to_int_base(s, b):
    return int(s, b)


def to_float(s):
    return float(s)


def empty_str():
    return str()  # noqa: UP018 (the call under test)


def is_none_test(s):
    return s is None, s is not None


@pytest.mark.parametrize("s", TEXTS)
def test_round_trip_and_basics(s):
    assert_same(identity, s)
    assert_same(length, s)
    assert_same(slices, s)
    assert_same(iterate, s)
    assert_same(concat, s, s)
    assert_same(truth, s)
    assert_same(not_empty, s)
    assert_same(str_hash, s)
    assert_same(str_of_str, s)
    assert_same(is_none_test, s)


def test_literals():
    assert_same(literal)
    assert_same(literal_in_tuple, "é")
    assert_same(merge_literals, True)
    assert_same(merge_literals, False)
    assert_same(empty_str)


@pytest.mark.parametrize("i", [0, 1, 4, -1, -5, 5, 100, -100])
def test_index(i):
    for s in ["hello", "日本語テキスト", "🎉a🐍b!"]:
        assert_same(index, s, i)


@pytest.mark.parametrize(
    "a,b,c",
    [
        (None, None, None),
        (1, None, 2),
        (None, None, -1),
        (-2, 1, -1),
        (10, -10, -3),
        (0, 100, 7),
        (None, None, 0),
        (3, 3, 1),
    ],
)
def test_slice3(a, b, c):
    for s in ["héllo wörld", "日本語テキスト", "🎉a🐍b!c"]:
        assert_same(slice3, s, a, b, c)


@pytest.mark.parametrize("n", [-1, 0, 1, 3])
def test_repeat(n):
    assert_same(repeat, "ab", n)
    assert_same(repeat, "日🎉", n)
    assert_same(augmented, "é", n)


@pytest.mark.parametrize(
    "a,b",
    [
        ("a", "abc"),
        ("", "abc"),
        ("bc", "abc"),
        ("x", "abc"),
        ("wö", "héllo wörld"),
        ("🐍", "a🐍b"),
        ("abc", "ab"),
    ],
)
def test_contains_and_compare(a, b):
    assert_same(contains, a, b)
    assert_same(comparisons, a, b)
    assert_same(comparisons, b, a)
    assert_same(comparisons, a, a)


@pytest.mark.parametrize("s", ["a", "é", "日", "🎉", "", "ab"])
def test_ord(s):
    assert_same(ord_chr, s)


@pytest.mark.parametrize("i", [0, 65, 233, 0x65E5, 0x1F389, 0x10FFFF, 0x110000, -1])
def test_chr(i):
    assert_same(to_chr, i)


@pytest.mark.parametrize(
    "x",
    [
        0,
        -7,
        123456789,
        2**63 - 1,
        -(2**63),
        True,
        False,
        0.1,
        1e16,
        1e-5,
        -0.0,
        1.5,
        1e300,
        float("inf"),
        float("nan"),
        123456.789,
    ],
)
def test_str_repr_of_numbers(x):
    assert_same(str_of_number, x)


@pytest.mark.parametrize(
    "s",
    [
        "42",
        " -17 ",
        "+3",
        "1_000",
        "0",
        "-0",
        "1__0",
        "abc",
        "",
        " ",
        "12a",
        "٣",
        "３４",
        "3.5",
        "\t7\n",
    ],
)
def test_int(s):
    assert_same(to_int, s)


@pytest.mark.parametrize(
    "s,b",
    [
        ("ff", 16),
        ("0xff", 16),
        ("0xff", 0),
        ("0b101", 0),
        ("010", 0),
        ("0o17", 8),
        ("z", 36),
        ("12", 1),
        ("12", 37),
        ("7", 7),
    ],
)
def test_int_base(s, b):
    assert_same(to_int_base, s, b)


@pytest.mark.parametrize(
    "s",
    [
        "1.5",
        " -2.5e3 ",
        "inf",
        "-Infinity",
        "nan",
        "1_000.5",
        "1__0",
        ".5",
        "5.",
        "abc",
        "",
        "1e",
        "0x10",
        "  3  ",
        "1_e5",
        "+1.5E-3",
    ],
)
def test_float(s):
    assert_same(to_float, s)


def test_int_beyond_int64_raises_overflow():
    # CPython's int is unbounded; compiled ints are 64-bit (as Numba's), so this is refused.
    with pytest.raises(OverflowError, match="int64"):
        jitted(to_int)("99999999999999999999")


def print_things(s, n, x):
    print(s, n, x, "lit")
    print(s, s, sep="|", end="$\n")
    print(f"{s}={n}")
    print((s, n))


def test_print(capsys):
    print_things("héllo 🎉", 3, 2.5)
    expected = capsys.readouterr().out
    jitted(print_things)("héllo 🎉", 3, 2.5)
    assert capsys.readouterr().out == expected


def str_plus_int(s, n):
    return s + n


def str_lt_int(s, n):
    return s < n


def test_bad_operands_are_compile_errors():
    e = compile_error(str_plus_int, "a", 1)
    assert "unicode_type" in str(e) and "int64" in str(e)
    assert isinstance(e, oxjit.errors.TypingError)
    e = compile_error(str_lt_int, "a", 1)
    assert "unicode_type" in str(e) and "int64" in str(e)


GREETING = "héllo"


@oxjit.njit
def repeat_helper(s, k):
    return s * k


def calls_and_globals(s):
    return repeat_helper(s, 2) + repeat_helper("lit", 1) + GREETING


def optional_string(flag):
    x = None
    if flag:
        x = "yes"
    if x is None:
        return "none"
    return x


def enumerate_and_zip(a, b):
    out = ""
    for x, y in zip(a, b):
        out += y + x
    for i, (x, y) in enumerate(zip(a, range(3))):
        out += x * (y + i)
    for i, c in enumerate(b):
        out += str(i) + c
    return out


def tuple_of_strings(a, b):
    out = ""
    for s in (a, b, "c"):
        out += s
    return out, (a, b)[1], len((a, "x"))


def test_strings_through_calls_optionals_and_iterators():
    assert_same(calls_and_globals, "ab")
    assert_same(optional_string, True)
    assert_same(optional_string, False)
    assert_same(enumerate_and_zip, "abc", "日本語🎉")
    assert_same(tuple_of_strings, "x", "é")


def test_explicit_signature():
    f = oxjit.njit("unicode_type(unicode_type, int64)")(index)
    assert f("héllo", 1) == "é"


def append_aliases(n):
    s = "ab" * n
    t = s
    s += "x"
    u = s
    pair = (u, 1)
    s += "y"
    return s, t, u, pair


def append_widens(n):
    s = "a" * n
    s += "é"
    s += "日本"
    s += "🎉"
    s += "z"
    s += s
    return s, len(s), hash(s) == hash("a" * n + "é日本🎉z" + "a" * n + "é日本🎉z")


def append_in_loop(n):
    s = ""
    for i in range(n):
        s += chr(97 + i % 26)
        if i % 50 == 49:
            s += "日"
    return s


def test_append_in_place_keeps_values():
    assert_same(append_aliases, 3)
    assert_same(append_widens, 4)
    assert_same(append_widens, 0)
    assert_same(append_in_loop, 1000)

"""The methods of ``str``, compared with CPython on ASCII and non-ASCII text: stripping,
searching, replacing, case mappings, predicates, padding, partitioning, joining."""

import pytest
from conftest import assert_same, compile_error

TEXTS = [
    "",
    "  Hello, World!  ",
    "héllo wörld",
    "ÉCOLE Straße",
    "日本語 テキスト 日本",
    "🎉 emoji 🐍 🎉",
    "a\tb\tc",
    "abcabcabc",
    "Title Case Text",
    "ΣΑΣ σας",
]


def strips(s):
    return (
        s.strip(),
        s.lstrip(),
        s.rstrip(),
        s.strip("🎉 !H"),
        s.lstrip("a "),
        s.rstrip("c"),
        s.strip(None),
    )


def searches(s):
    return (s.find("l"), s.rfind("l"), s.find("bc", 2), s.find("é", 1, -1), s.count("a"), s.count(""),
            s.count("bc", 1, 7), s.rfind("日", 0, 5), s.find(""), s.rfind(""), s.find("", 100))  # fmt: skip


def index_of(s, sub):
    return s.index(sub), s.rindex(sub)


def replaces(s):
    return (
        s.replace("l", "L"),
        s.replace("bc", "", 2),
        s.replace("", "-"),
        s.replace("🎉", "!", 1),
        s.replace("x", "y"),
    )


def affixes(s):
    return (s.startswith("  H"), s.endswith("!  "), s.startswith(("a", "日", "🎉")), s.endswith("c", 0, 3),
            s.startswith("", 100), s.startswith("", len(s)), s.endswith(("ld", "本")), s.startswith("b", 1))  # fmt: skip


def cases(s):
    return s.upper(), s.lower(), s.title(), s.capitalize(), s.swapcase(), s.casefold()


def predicates(s):
    return (s.isdigit(), s.isalpha(), s.isspace(), s.isalnum(), s.isupper(), s.islower(), s.isdecimal(),
            s.isnumeric(), s.istitle(), s.isidentifier(), s.isascii(), s.isprintable())  # fmt: skip


def pads(s, w):
    return (
        s.zfill(w),
        s.center(w),
        s.ljust(w),
        s.rjust(w),
        s.center(w, "*"),
        s.ljust(w, "日"),
        s.rjust(w, "🎉"),
    )


def tabs(s):
    return s.expandtabs(), s.expandtabs(4), s.expandtabs(0)


def partitions(s, sep):
    return s.partition(sep), s.rpartition(sep)


def joins(sep, a, b, c):
    return sep.join((a, b, c)), sep.join(("x",)), "".join((a, b))  # noqa: FLY002


@pytest.mark.parametrize("s", TEXTS)
def test_methods_on_text(s):
    assert_same(strips, s)
    assert_same(searches, s)
    assert_same(replaces, s)
    assert_same(affixes, s)
    assert_same(cases, s)
    assert_same(predicates, s)
    assert_same(tabs, s)
    for w in (-1, 0, 5, 30):
        assert_same(pads, s, w)


@pytest.mark.parametrize(
    "s",
    ["123", "٣٤", "²", "五", "½", "12a", "abc", "ABC", "Abc Def", "abc def", "a1_b", "1abc", "_x", "   ", "\t\n", "é", "ǅ", "a\x00",
     "-42", "+7", "x\u200b", "ﬁ", "ß"],
)  # fmt: skip
def test_predicates_and_cases(s):
    assert_same(predicates, s)
    assert_same(cases, s)
    assert_same(pads, s, 6)


@pytest.mark.parametrize(
    "s,sub", [("hello", "l"), ("hello", "z"), ("日本語日本", "日本"), ("🎉a🎉", "🎉"), ("abc", "")]
)
def test_index(s, sub):
    assert_same(index_of, s, sub)


@pytest.mark.parametrize(
    "s,sep", [("a=b=c", "="), ("abc", "x"), ("日本=語", "="), ("🎉:🐍:🎉", ":"), ("abc", "")]
)
def test_partition(s, sep):
    assert_same(partitions, s, sep)


def test_join():
    assert_same(joins, ", ", "a", "é", "🎉")
    assert_same(joins, "", "x", "", "日本")
    assert_same(joins, "日", "a", "b", "c")


def fill_too_long(s):
    return s.center(10, "ab")


def test_fill_character_error():
    assert_same(fill_too_long, "x")


def splits(s):
    return (s.split(), s.split(" "), s.split(None, 1), s.split(",", 2), s.rsplit(), s.rsplit(None, 1),
            s.rsplit(" ", 2), s.split("日本"), s.split(None, 0), s.rsplit(",", 0))  # fmt: skip


def lines(s):
    return s.splitlines(), s.splitlines(True)


def join_list(s):
    words = s.split()
    return "-".join(words), "".join(s.split(",")), ", ".join([w.upper() for w in words])


def split_empty_separator(s):
    return s.split("")


def strip_number(s):
    return s.strip(1)


@pytest.mark.parametrize(
    "s",
    ["", " ", "a b  c ", "  leading and trailing  ", "a,b,,c,", "日本 語,🎉 x", "one\ttwo\nthree\x0bfour",
     "x\r\ny\rz\n", "\u2028a\x85b\x1c", "no-separators"],
)  # fmt: skip
def test_split_splitlines_join(s):
    assert_same(splits, s)
    assert_same(lines, s)
    assert_same(join_list, s)


def test_split_errors():
    assert_same(split_empty_separator, "abc")
    e = compile_error(strip_number, "a b")
    assert "must be str" in str(e) and "int64" in str(e)


def lists_of_strings(words):
    words.append("日本")
    words.append("x" * 2)
    made = ["a", "b"]
    grown = []
    grown.append("lit")
    grown.append(words[0] + "!")
    return [w.upper() for w in words], made, grown, "|".join(words), len(words)


def test_lists_of_strings():
    assert_same(lists_of_strings, ["a", "é"])
    assert_same(lists_of_strings, ["🎉", "b", "c"])

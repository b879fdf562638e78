"""The comparison helpers of conftest.py are themselves exact: a helper that accepted too much
would make every differential test unable to fail."""

import math

import oxjit
import pytest
from conftest import assert_diagnostic, compare_outcomes, same_value, source_position, wrap64

NAN = math.nan


@pytest.mark.parametrize(
    "a, b",
    [(0.0, -0.0), (1, True), (1, 1.0), (1.0, 1 + 0j), (complex(0.0, 0.0), complex(0.0, -0.0)),
     (complex(NAN, 1.0), complex(NAN, 2.0)), ((1, 2.0), (1, 2)), ((1, (2,)), (1, (2, 3))),
     ((1,), [1]), (NAN, 1.0), (None, 0), (2**63, -(2**63))],
)  # fmt: skip
def test_same_value_distinguishes(a, b):
    assert not same_value(a, b)
    assert not same_value(b, a)


@pytest.mark.parametrize(
    "value",
    [0.0, -0.0, NAN, -NAN, 1, True, 1 + 2j, complex(NAN, -0.0), (1, (2.5, (NAN,))), (), None],
)
def test_same_value_reflexive(value):
    assert same_value(value, value)


@pytest.mark.parametrize(
    "exact, wrapped",
    [(2**63, -(2**63)), (2**64 + 5, 5), (-(2**63) - 1, 2**63 - 1), (7, 7), (-7, -7),
     ((2**63, 1.5), (-(2**63), 1.5))],
)  # fmt: skip
def test_wrap64(exact, wrapped):
    assert same_value(wrap64(exact), wrapped)
    assert wrap64(True) is True


def test_compare_outcomes_checks_exception_class_and_message():
    with pytest.raises(AssertionError):
        compare_outcomes("f()", (False, ValueError("a")), (False, ValueError("b")))
    with pytest.raises(AssertionError):
        compare_outcomes("f()", (False, ValueError("a")), (False, TypeError("a")))
    with pytest.raises(AssertionError):
        compare_outcomes("f()", (False, ValueError("a")), (True, None))
    compare_outcomes("f()", (False, KeyError("k")), (False, KeyError("k")))


def sample(x):
    return x & 1.5


def rendered(line, col):
    # The shape of oxjit's diagnostics (crates/oxjit-core/src/diagnostics.rs).
    return (
        f"{__file__}:{line}:{col}: typing error: cannot apply & to int64 and float64\n"
        f"{' ' * len(str(line))} |\n{line} |     return x & 1.5\n"
        f"{' ' * len(str(line))} |            ^^^^^^^"
    )


def test_assert_diagnostic_accepts_a_right_message():
    line, col = source_position(sample, "x & 1.5")
    exc = oxjit.errors.TypingError(rendered(line, col))
    assert_diagnostic(exc, sample, "x & 1.5", oxjit.errors.TypingError)


@pytest.mark.parametrize("dline, dcol", [(1, 0), (-1, 0), (0, 20)])
def test_assert_diagnostic_rejects_a_wrong_place(dline, dcol):
    line, col = source_position(sample, "x & 1.5")
    exc = oxjit.errors.TypingError(rendered(line + dline, col + dcol))
    with pytest.raises(AssertionError):
        assert_diagnostic(exc, sample, "x & 1.5", oxjit.errors.TypingError)


def test_assert_diagnostic_rejects_a_wrong_class():
    line, col = source_position(sample, "x & 1.5")
    exc = oxjit.errors.UnsupportedError(rendered(line, col))
    with pytest.raises(AssertionError):
        assert_diagnostic(exc, sample, "x & 1.5", oxjit.errors.TypingError)

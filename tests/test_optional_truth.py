"""The truth of a value that may be None (`bool(x)`, `not x`, `if x:`, `while x and ...`,
`x or y`): `None` is false, a value as true as it is. Strings and containers are read only when
they are there (`bool(x)` of a None list read it: a crash)."""

import pytest
from conftest import assert_same


def truth_int(make, k):
    x = (k) if make else None
    d = 0
    while x and d < 1:
        d += 1
    return bool(x), not x, 1 if x else 0, d, bool(x) or k > 5


def truth_float(make, k):
    x = (k * 0.5) if make else None
    d = 0
    while x and d < 1:
        d += 1
    return bool(x), not x, 1 if x else 0, d, bool(x) or k > 5


def truth_complex(make, k):
    x = (complex(k, 0)) if make else None
    d = 0
    while x and d < 1:
        d += 1
    return bool(x), not x, 1 if x else 0, d, bool(x) or k > 5


def truth_str(make, k):
    x = ("ab"[:k]) if make else None
    d = 0
    while x and d < 1:
        d += 1
    return bool(x), not x, 1 if x else 0, d, bool(x) or k > 5


def truth_list(make, k):
    x = ([1, 2][:k]) if make else None
    d = 0
    while x and d < 1:
        d += 1
    return bool(x), not x, 1 if x else 0, d, bool(x) or k > 5


def truth_tuple(make, k):
    x = ((k,)) if make else None
    d = 0
    while x and d < 1:
        d += 1
    return bool(x), not x, 1 if x else 0, d, bool(x) or k > 5


def truth_dict(make, k):
    x = ({i: i for i in range(k)}) if make else None
    d = 0
    while x and d < 1:
        d += 1
    return bool(x), not x, 1 if x else 0, d, bool(x) or k > 5


def truth_set(make, k):
    x = ({i for i in range(k)}) if make else None
    d = 0
    while x and d < 1:
        d += 1
    return bool(x), not x, 1 if x else 0, d, bool(x) or k > 5


@pytest.mark.parametrize(
    "program",
    [
        truth_int,
        truth_float,
        truth_complex,
        truth_str,
        truth_list,
        truth_tuple,
        truth_dict,
        truth_set,
    ],
)
@pytest.mark.parametrize("make, k", [(True, 0), (True, 2), (False, 2)])
def test_truth_of_optional(program, make, k):
    assert_same(program, make, k)

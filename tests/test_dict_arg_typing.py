"""Typing and unboxing of dict and set arguments read through the C API in one walk: items of the
first item's Python type are told by their type pointer, any other item is typed in full. These
cases put the odd item first, in the middle and last, so that the short cut and the full typing
must agree wherever it falls."""

import oxjit
import pytest
from conftest import assert_same


def spread(common, odd, n=40):
    """Lists with ``odd`` first, in the middle and last among ``n`` copies of ``common``."""
    return [[odd] + [common] * n, [common] * n + [odd] + [common] * n, [common] * n + [odd]]


def total(d):
    t = 0
    for k in d:
        t += d[k]
    return t


def key_total(d):
    t = 0
    for k in d:
        t += k
    return t


@pytest.mark.parametrize("values", spread(1, 2.5) + spread(2.5, 1) + spread(1, True))
def test_mixed_values_sum_as_cpython(values):
    assert_same(total, {i: v for i, v in enumerate(values)})


@pytest.mark.parametrize("keys", spread(1, 2.5) + spread(2.5, 7))
def test_mixed_keys_sum_as_cpython(keys):
    # Distinct keys: the common one is made distinct by its position.
    d = {k * (i + 1): 0 for i, k in enumerate(keys)}
    assert_same(key_total, d)


def typeof(x):
    return str(oxjit.typeof(x))


@pytest.mark.parametrize(
    "values, item",
    [(v, "float64") for v in spread(1, 2.5)]
    + [(v, "float64") for v in spread(1, 2**63)]
    + [(v, "int64") for v in spread(1, True)]
    + [(v, "complex128") for v in spread(1.5, 2j)]
    + [(v, "unicode_type") for v in spread("a", "b")],
)
def test_value_type_wherever_the_odd_item_is(values, item):
    assert typeof({i: v for i, v in enumerate(values)}) == f"dict(int64, {item})"


@pytest.mark.parametrize("values", spread("a", 1) + spread(1, "a") + spread(1.5, (1, 2)))
def test_values_that_do_not_unify_are_refused(values):
    with pytest.raises(TypeError, match="cannot type a dict whose values have types"):
        typeof({i: v for i, v in enumerate(values)})


@pytest.mark.parametrize("values", spread(1, 2**64))
def test_too_large_int_refused(values):
    with pytest.raises(OverflowError, match="too large for a 64-bit integer"):
        typeof({i: v for i, v in enumerate(values)})


def test_keys_report_before_values():
    d = {"a": 1, 2: "b"}
    with pytest.raises(TypeError, match="whose keys have types"):
        typeof(d)


@pytest.mark.parametrize("items", spread(1, 2.5) + spread(2.5, 3))
def test_set_item_type(items):
    s = {x * (i + 1) for i, x in enumerate(items)}
    assert typeof(s) == "set(float64)"


def test_large_dicts_round_trip():
    ints = {i: -i for i in range(5000)}
    strs = {f"k{i}": i * 0.5 for i in range(5000)}
    assert_same(total, ints)
    assert_same(total, strs)

"""Python dicts in compiled code, against CPython: displays, comprehensions, `d[k]`,
`d[k] = v`, `del`, `in`, every method, iteration in insertion order, keys of ints, floats, bools
and tuples hashed exactly as CPython (`hash()` agrees), values of lists and arrays, the types
of an empty `{}` taken from later uses, dicts passed in (copied) and returned, KeyError."""

import numpy as np
import oxjit
import pytest
from conftest import assert_diagnostic, assert_same, compile_error, jitted
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.requires_jit


def counts(xs):
    d = {}
    for x in xs:
        d[x] = d.get(x, 0) + 1
    return d


def display(n):
    d = {1: 2.5, 2: n * 1.0, -1: 0.5}
    d[2] = 7.0
    return d, len(d), d[-1]


def comprehension(n):
    return {(i, i % 3): i * i for i in range(n) if i != 2}


def grouping(xs):
    groups = {}
    for x in xs:
        key = x % 4
        if key not in groups:
            groups[key] = []
        groups[key].append(x)
    return groups


def iteration(n):
    d = {}
    for i in range(n):
        d[(i * 7) % 11] = i
    keys = [k for k in d]
    values = [v for v in d.values()]
    items = [(k, v) for k, v in d.items()]
    return keys, values, items, list(d.keys())


def methods(n):
    d = {i: i * 10 for i in range(n)}
    a = d.get(1, -1)
    b = d.get(100, -1)
    c = d.setdefault(2, 99)
    e = d.setdefault(50, 5)
    f = d.pop(3)
    g = d.pop(300, 7)
    h = d.popitem()
    d2 = d.copy()
    d2.update({0: -5, 77: 1})
    del d2[1]
    d3 = d.copy()
    d3.clear()
    return d, a, b, c, e, f, g, h, d2, d3, 4 in d, 3 in d, bool(d), bool(d3)


def deletes_then_inserts(n):
    d = {}
    for i in range(n):
        d[i] = i
    for i in range(0, n, 2):
        del d[i]
    for i in range(n, n + 5):
        d[i] = -i
    d[0] = 100
    return d


def float_and_bool_keys():
    d = {1.5: 1, 2.0: 2}
    d[2] = 3  # 2 == 2.0: the same key
    e = {True: True, False: False}
    return d, d[1.5], e[True], 2 in d, 2.5 in d


def hashes(x):
    return hash(x)


def key_error(k):
    d = {1: 2, 3: 4}
    return d[k]


def key_error_del(k):
    d = {1.5: 2}
    del d[k]
    return d


def pop_missing(k):
    return {1: 2}.pop(k)


def popitem_empty(n):
    d = {1: 1}
    for _ in range(n):
        d.popitem()
    return d


def test_counts_and_displays():
    assert_same(counts, [3, 1, 3, 2, 1, 3])
    assert_same(display, 4)
    assert_same(comprehension, 7)
    assert_same(grouping, [5, 1, 8, 4, 3, 9, 12])


def test_iteration_in_insertion_order():
    for n in [0, 1, 11, 30]:
        assert_same(iteration, n)
    assert_same(deletes_then_inserts, 40)


def test_methods():
    for n in [5, 9]:
        assert_same(methods, n)
    assert_same(float_and_bool_keys)


@pytest.mark.parametrize(
    "x",
    [
        0,
        1,
        -1,
        -2,
        2**61 - 1,
        2**61,
        -(2**63),
        2**63 - 1,
        1.5,
        -1.0,
        0.1,
        1e300,
        5e-324,
        -0.0,
        float("inf"),
        float("-inf"),
        True,
        False,
        (1, 2),
        (1.5, (2, -1)),
        (),
    ],
)
def test_hash_is_cpythons(x):
    assert_same(hashes, x)


@given(st.one_of(st.integers(-(2**63), 2**63 - 1), st.floats(allow_nan=False)))
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_hash_of_random_numbers(x):
    assert jitted(hashes)(x) == hash(x)


def test_key_errors():
    assert_same(key_error, 5)
    assert_same(key_error, 3)
    assert_same(key_error_del, 2.5)
    assert_same(key_error_del, 1.5)
    assert_same(pop_missing, 4)
    assert_same(popitem_empty, 1)
    assert_same(popitem_empty, 2)


def lists_and_arrays(n):
    d = {}
    for i in range(n):
        d[i] = np.arange(i) * 1.0
    s = {0: [1.0]}
    s[1] = [2.0, 3.0]
    s[0].append(4.0)
    total = 0.0
    for k in d:  # noqa: PLC0206 - d[k] is what is tested
        total += float(d[k].sum())
    return total, s, len(d)


def test_values_of_lists_and_arrays():
    assert_same(lists_and_arrays, 5)


def takes_dict(d):
    d[100] = 1.0
    total = 0.0
    for k, v in d.items():
        total += k * v
    return total, len(d)


def test_dict_arguments_are_written_back():
    d = {1: 2.0, 3: 4.5}
    assert jitted(takes_dict)(d) == (2.0 + 13.5 + 100.0, 3)
    # The caller sees the change, as under CPython (tests/test_dict_set_reflect.py).
    assert d == {1: 2.0, 3: 4.5, 100: 1.0}
    with pytest.raises(TypeError, match="empty dict"):
        jitted(takes_dict)({})


def never_filled():
    d = {}
    return len(d)


def unhashable(n):
    d = {}
    d[[n]] = 1
    return d


def test_typing_errors():
    exc = compile_error(never_filled)
    msg = assert_diagnostic(exc, never_filled, "{}", oxjit.errors.TypingError)
    assert "key and value types of the empty dict 'd'" in msg
    exc = compile_error(unhashable, 1)
    msg = assert_diagnostic(exc, unhashable, "d[[n]] = 1", oxjit.errors.TypingError)
    assert "unhashable type" in msg


def test_no_leak():
    from test_nrt import assert_no_leak

    assert_no_leak(grouping, [5, 1, 8, 4, 3, 9, 12])
    assert_no_leak(lists_and_arrays, 5)
    assert_no_leak(methods, 6)
    assert_no_leak(deletes_then_inserts, 40)
    assert_no_leak(key_error, 5, expect_raise=KeyError)
    assert_no_leak(takes_dict, {1: 2.0})


def run_ops(ops):
    d = {}
    log = [0]
    for op, a, b in ops:
        if op == 0:
            d[a] = b
        elif op == 1 and a in d:
            del d[a]
        elif op == 2:
            log.append(d.get(a, -100))
        elif op == 3:
            log.append(d.pop(a, -200))
        elif op == 4 and len(d) > 0:
            k, v = d.popitem()
            log.append(k * 1000 + v)
        elif op == 5:
            log.append(d.setdefault(a, b))
        elif op == 6:
            log.append(len(d))
    return d, log


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.integers(0, 6), st.integers(-20, 20), st.integers(-5, 5)),
        min_size=1,
        max_size=60,
    )
)
def test_random_operation_sequences(ops):
    assert_same(run_ops, ops)

"""Dict and set arguments: what the compiled code changes, the caller sees afterwards (as with
lists); unchanged arguments keep their objects. Each case runs under CPython and compiled on
copies of the same arguments, compared exactly: result, and the arguments after the call."""

import copy

import oxjit
import pytest
from conftest import jitted


def outcome(fn, args):
    try:
        return ("ok", fn(*args)), args
    except Exception as e:  # noqa: BLE001 - compared by class and message
        return ("raised", type(e), str(e)), args


def check(fn, *args):
    expected = outcome(fn, copy.deepcopy(args))
    got = outcome(jitted(fn), copy.deepcopy(args))
    assert got == expected
    # Same types of keys, values and items after the write-back.
    for e, g in zip(expected[1], got[1]):
        if isinstance(e, dict):
            assert list(e.items()) == list(g.items())
            assert [type(x) for kv in e.items() for x in kv] == [
                type(x) for kv in g.items() for x in kv
            ]
        elif isinstance(e, set):
            assert sorted(map(type, e), key=str) == sorted(map(type, g), key=str)


def set_item(d):
    d[9] = 1.5
    d[1] = -1.0
    return len(d)


def pops(d):
    a = d.popitem()
    b = d.pop(2)
    c = d.pop(42, 0.5)
    return a, b, c, len(d)


def delete_and_clear(d):
    del d[1]
    n = len(d)
    d.clear()
    return n


def update_setdefault(d, e):
    d.update(e)
    x = d.setdefault(100, 7.0)
    d[3] += 10.0
    return x


def counts(words, c):
    for w in words.split():
        c[w] = c.get(w, 0) + 1
    return len(c)


def string_values(d):
    d["a"] = d["a"] + "!"
    return d["a"]


def list_values_in_place(d):
    d[1].append(5)
    return len(d[1])


def mutate_then_raise(d):
    d[5] = 2.0
    return d[77]


def read_only(d):
    s = 0.0
    for k, v in d.items():
        s += k * v
    return s


def set_ops(s, t):
    s.add(10)
    s.discard(1)
    s |= t
    return len(s)


def set_pop_clear(s):
    x = s.pop()
    s.remove(3) if 3 in s else None
    return x, len(s)


def set_clear(s):
    s.clear()
    return len(s)


D = {1: 1.0, 2: 2.0, 3: 3.0}


@pytest.mark.parametrize(
    "fn,args",
    [
        (set_item, (dict(D),)),
        (pops, (dict(D),)),
        (delete_and_clear, (dict(D),)),
        (update_setdefault, (dict(D), {4: 4.0, 1: 0.25})),
        (counts, ("a b a c b a", {"z": 3})),
        (string_values, ({"a": "x", "b": "y"},)),
        (list_values_in_place, ({1: [1, 2], 2: [3]},)),
        (mutate_then_raise, (dict(D),)),
        (read_only, (dict(D),)),
        (set_ops, ({1, 2, 3}, {7, 8})),
        (set_pop_clear, ({3, 4, 5},)),
        (set_clear, ({1.5, 2.5},)),
    ],
)
def test_changes_reach_the_caller(fn, args):
    check(fn, *args)


def test_unchanged_arguments_keep_their_objects():
    values = (1, 2)
    d = {1: values, 2: (3, 4)}
    s = {"a", "b"}
    f = jitted(read_tuples)
    assert f(d, s) == read_tuples(d, s)
    assert d[1] is values
    assert list(d) == [1, 2] and s == {"a", "b"}


def read_tuples(d, s):
    n = 0
    for k in d:
        n += d[k][0] + d[k][1]
    return n + len(s)


def test_typed_dict_is_used_in_place():
    td = oxjit.typed.Dict.empty(oxjit.types.int64, oxjit.types.float64)
    td[1] = 1.0
    jitted(set_item)(td)
    assert dict(td) == {1: -1.0, 9: 1.5}


def nested_in_list(rows):
    rows[0][5] = 1.0
    rows[1].pop(2)
    return len(rows[0]) + len(rows[1])


def sets_in_list(groups):
    groups[0].add(9)
    return len(groups[0])


def list_grows_with_dicts(rows):
    rows.append({7: 7.0})
    rows[0][8] = 8.0
    return len(rows)


@pytest.mark.parametrize(
    "fn,args",
    [
        (nested_in_list, ([{1: 2.0}, {2: 3.0, 4: 5.0}],)),
        (sets_in_list, ([{1, 2}, {3}],)),
        (list_grows_with_dicts, ([{1: 1.0}],)),
    ],
)
def test_containers_inside_list_arguments(fn, args):
    check(fn, *args)


def grow_and_walk(d, extra):
    # Insertions into the copy made with one table for the argument's items, deletions, then
    # lookups of every key and a walk in insertion order.
    for k in extra:
        d[k] = d.get(k, 0) + 1
    for k in list(d)[::3]:
        del d[k]
    found = 0
    for k in extra:
        if k in d:
            found += d[k]
    return found, list(d.items())[:5], list(d.items())[-5:], len(d)


@pytest.mark.parametrize("n", [1, 5, 6, 11, 21, 1000])
def test_large_dict_arguments_copied_in_with_one_table(n):
    strs = {f"k{i}": i for i in range(n)}
    ints = {i * 7919 % 100_003: i for i in range(n)}
    check(grow_and_walk, strs, [f"k{i}" for i in range(0, 2 * n + 3, 2)])
    check(grow_and_walk, ints, [i * 7919 % 100_003 for i in range(0, 2 * n + 3, 3)])

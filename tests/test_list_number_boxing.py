"""The bulk paths between native lists of float64/int64 and Python: a typed List's iterator (a
C-level `tp_iternext`, live as CPython's list iterator), its conversion to a Python list
(`==`, `reversed`, `sort`, pickling), `List(xs)` from a Python list in one pass, and plain lists
of numbers returned or written back by compiled code. Each against CPython's list (value, type,
the sign of zero, NaN), and no leak over 10^5 uses."""

import gc
import math
import pickle
import struct
import tracemalloc

import oxjit
import pytest
from oxjit import types
from oxjit.typed import List

FLOATS = [0.0, -0.0, 1.5, -2.25, math.inf, -math.inf, math.nan, 5e-324, 1.7976931348623157e308]
INTS = [0, -1, 1, 2**63 - 1, -(2**63), 2**31, -(2**31) - 1, 7]


def stats():
    from oxjit.runtime import get_allocation_stats

    gc.collect()
    return get_allocation_stats()


def bits(xs):
    """Items by their exact bits and types (NaN equal to itself, -0.0 apart from 0.0)."""
    return [(type(x), struct.pack("<d", x) if isinstance(x, float) else x) for x in xs]


@pytest.mark.parametrize("items", [FLOATS, INTS, [], [2.5], [-(2**63)]])
def test_list_of_typed_list_is_the_items(items):
    tl = List(items)
    assert bits(list(tl)) == bits(items)
    assert bits([x for x in tl]) == bits(items)
    assert bits(tl[:]) == bits(items)
    assert bits(list(reversed(tl))) == bits(list(reversed(items)))
    assert bits(list(pickle.loads(pickle.dumps(tl)))) == bits(items)


@pytest.mark.parametrize("items", [FLOATS, INTS])
def test_empty_list_of_item_type_iterates_its_items(items):
    t = types.float64 if isinstance(items[0], float) else types.int64
    tl = List.empty_list(t)
    tl.extend(items)
    assert bits(list(tl)) == bits(items)
    assert sum(1 for _ in tl) == len(items)


@pytest.mark.parametrize("first", [1.0, 1])
def test_iteration_is_live_as_a_list_iterator(first):
    def run(l):
        seen = []
        for x in l:
            seen.append(x)
            if len(l) < 6:
                l.append(x + first)
        it = iter(l)
        rest = list(it)
        l.append(first)  # an exhausted iterator stays exhausted
        return seen, rest, list(it)

    py = [first, first * 2]
    assert [bits(part) for part in run(List(py))] == [bits(part) for part in run(list(py))]


@pytest.mark.parametrize("first", [1.0, 1])
def test_iteration_sees_items_removed_and_changed(first):
    def run(l):
        it = iter(l)
        out = [next(it)]
        l[1] = first * 9
        out.append(next(it))
        l.clear()
        out += list(it)
        l.append(first * 3)
        out += list(it)
        return out

    py = [first, first * 2, first * 3]
    assert bits(run(List(py))) == bits(run(list(py)))


def test_iterator_keeps_the_block_alive():
    tl = List([1.5, 2.5, 3.5])
    it = iter(tl)
    assert next(it) == 1.5
    del tl
    assert list(it) == [2.5, 3.5]
    assert iter(it) is it


def test_iterator_of_an_untyped_list_typed_later():
    def run(l):
        it = iter(l)
        l.append(2.5)
        return list(it)

    tl = List()
    assert run(tl) == run([]) == [2.5]


def test_iterator_type_cannot_be_made_from_python():
    it = iter(List([1.0]))
    with pytest.raises(TypeError):
        type(it)()


@pytest.mark.parametrize(
    "items",
    [
        [1.0, 2, 3.0],
        [1, 2.5],
        [1, True, 3],
        [1.0, 2.0, "a"],
        [1, 2, 2**63],
        [2.5, 3.5, 2**70],
        [1.0] * 5 + [None],
    ],
)
def test_list_from_a_python_list_as_item_by_item(items):
    """`List(xs)` reads a list of exact floats (ints) in one pass; at another item it leaves the
    rest to the item-by-item path: the outcome is the one of appending each item."""

    def by_items(xs):
        l = List()
        for x in xs:
            l.append(x)
        return l

    def outcome(make):
        try:
            l = make(items)
        except Exception as e:  # noqa: BLE001 - compared by class and message
            return ("raised", type(e), str(e))
        return ("list", repr(l), bits(list(l)))

    assert outcome(List) == outcome(by_items)


@pytest.mark.parametrize("start", [[0.5], [7]])
def test_extend_a_typed_list_stopping_midway(start):
    other = [1.0, 2.0, "x"] if isinstance(start[0], float) else [1, 2, "x"]
    tl = List(start)
    with pytest.raises(TypeError) as got:
        tl.extend(other)
    l = List(start)
    with pytest.raises(TypeError) as expected:
        for x in other:
            l.append(x)
    assert str(got.value) == str(expected.value)
    assert bits(list(tl)) == bits(list(l))


@pytest.mark.requires_jit
@pytest.mark.parametrize("items", [FLOATS, INTS])
def test_compiled_list_of_numbers_returned(items):
    @oxjit.njit
    def copy(xs):
        return [x for x in xs]

    out = copy(List(items))
    assert type(out) is list
    assert bits(out) == bits(items)


def specials():
    inf = math.inf
    xs = [0.0, -0.0, inf, -inf, inf - inf, 1e308 * 10, -(1e308 * 10), 5e-324, 0.1 + 0.2]
    big = 2**62
    ns = [0, -1, big + (big - 1), -big - big, 1 << 31, -(1 << 31)]
    return xs, ns


@pytest.mark.requires_jit
def test_compiled_lists_of_special_numbers_returned():
    got_f, got_i = oxjit.njit(specials)()
    want_f, want_i = specials()
    assert type(got_f) is list and type(got_i) is list
    # The sign of a NaN made by `inf - inf` is the hardware's at run time, LLVM's when folded:
    # NaNs are compared as NaNs here (the round trips above keep every bit).
    assert [(type(x), "nan") if math.isnan(x) else bits([x]) for x in got_f] == [
        (type(x), "nan") if math.isnan(x) else bits([x]) for x in want_f
    ]
    assert bits(got_i) == bits(want_i)


@pytest.mark.requires_jit
@pytest.mark.parametrize("items", [FLOATS, INTS])
def test_reflected_list_of_numbers_written_back(items):
    def change(xs):
        xs.append(xs[0])
        xs.reverse()

    py = list(items)
    change(py)
    mine = list(items)
    oxjit.njit(change)(mine)
    assert bits(mine) == bits(py)


def python_bytes_after(work, n):
    """Bytes of Python objects still allocated after `n` calls of `work` (after a warm-up)."""
    work()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for _ in range(n):
            work()
        return tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()


@pytest.mark.requires_jit
def test_no_leak_over_many_conversions():
    fl, il = List([0.5, -0.0, math.nan]), List([1, -(2**63), 2**63 - 1])

    @oxjit.njit
    def build(n):
        return [i * 0.5 for i in range(n)], [i - 3 for i in range(n)]

    @oxjit.njit
    def touch(xs, ys):
        xs.append(1.0)
        ys.append(1)

    def work():
        list(fl), list(il), fl == [0.5], il[:], pickle.dumps(fl)
        it = iter(fl)
        next(it)  # dropped half way: gives its block back
        # Run to the end: the exhausted iterator lets go of the (here last) other reference.
        tuple(iter(List([0.5, 1.5]))), tuple(iter(List([1, 2])))
        build(3)
        touch([0.5], [2])
        List([1.0, 2.0]), List([1, 2]), List([1.0, 2])

    blocks = stats()
    grown = python_bytes_after(work, 100_000)
    after = stats()
    assert after.alloc - blocks.alloc > 0
    assert after.alloc - blocks.alloc == after.free - blocks.free, (blocks, after)
    # 10^5 leaked iterators or lists would hold megabytes; the allocator's own noise is less.
    assert grown < 200_000, grown

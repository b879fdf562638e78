"""oxjit.typed.List and oxjit.typed.Dict (Numba's typed containers): every operation from Python
against the same operation on a plain list/dict (value and type; exceptions by class and
message), containers passed to compiled code in place (mutations seen by the caller, nothing
copied), built in compiled code and returned as typed containers, Numba's repr, the errors, and
no leaked block on any of these paths."""

import gc
import pickle

import oxjit
import pytest
from conftest import jitted
from hypothesis import given, settings
from hypothesis import strategies as st
from oxjit import typed, types
from oxjit.typed import Dict, List


def stats():
    from oxjit.runtime import get_allocation_stats

    gc.collect()
    return get_allocation_stats()


def outcome(op, target):
    try:
        r = op(target)
    except Exception as e:  # noqa: BLE001 - compared by class and message
        return ("raised", type(e), str(e))
    if isinstance(r, List):
        return ("typed list", list(r))
    if isinstance(r, Dict):
        return ("typed dict", dict(r))
    return ("value", type(r), r)


def plain(x):
    """A typed container as the plain one it mirrors (recursively)."""
    if isinstance(x, List):
        return [plain(i) for i in x]
    if isinstance(x, Dict):
        return {k: plain(v) for k, v in x.items()}
    return x


# ---------------------------------------------------------------------------------------------
# List from Python, against list

LIST_OPS = {
    "len": len,
    "getitem": lambda l: l[1],
    "getitem negative": lambda l: l[-1],
    "getitem out of range": lambda l: l[10],
    "getitem -out of range": lambda l: l[-10],
    "getitem bad index": lambda l: l["a"],
    "slice": lambda l: l[1:3],
    "slice step": lambda l: l[::-2],
    "slice empty": lambda l: l[5:1],
    "setitem": lambda l: l.__setitem__(0, 9.5),
    "setitem negative": lambda l: l.__setitem__(-1, 9.5),
    "setitem out of range": lambda l: l.__setitem__(7, 1.0),
    "setitem slice": lambda l: l.__setitem__(slice(1, 3), [7.0, 8.0, 9.0]),
    "delitem": lambda l: l.__delitem__(1),
    "delitem out of range": lambda l: l.__delitem__(9),
    "delitem slice": lambda l: l.__delitem__(slice(0, None, 2)),
    "append": lambda l: l.append(4.5),
    "append int": lambda l: l.append(4),
    "extend list": lambda l: l.extend([1.0, 2.0]),
    "extend range": lambda l: l.extend(range(3)),
    "extend self": lambda l: l.extend(l),
    "iadd": lambda l: l.__iadd__([6.0]) and None,
    "insert": lambda l: l.insert(1, 0.25),
    "insert far": lambda l: l.insert(100, 0.25),
    "insert negative": lambda l: l.insert(-100, 0.25),
    "pop": lambda l: l.pop(),
    "pop index": lambda l: l.pop(0),
    "pop negative": lambda l: l.pop(-2),
    "pop out of range": lambda l: l.pop(10),
    "remove": lambda l: l.remove(2.0),
    "remove missing": lambda l: l.remove(42.0),
    "index": lambda l: l.index(3.0),
    "index start": lambda l: l.index(2.0, 1),
    "index missing": lambda l: l.index(42.0),
    "count": lambda l: l.count(2.0),
    "contains": lambda l: 2.0 in l,
    "contains int": lambda l: 2 in l,
    "not contains": lambda l: 7.5 in l,
    "clear": lambda l: l.clear(),
    "reverse": lambda l: l.reverse(),
    "sort": lambda l: l.sort(),
    "sort reverse": lambda l: l.sort(reverse=True),
    "sort key": lambda l: l.sort(key=lambda x: -x),
    "iter": lambda l: [x * 2 for x in l],
    "reversed": lambda l: list(reversed(l)),
    "eq list": lambda l: l == [3.0, 1.0, 2.0, 2.0],
    "ne list": lambda l: l != [3.0, 1.0, 2.0, 2.0],
    "lt list": lambda l: l < [3.0, 1.0, 2.5],
    "bool": bool,
    "sum": sum,
    "min max": lambda l: (min(l), max(l)),
}


@pytest.mark.parametrize("name", list(LIST_OPS))
def test_list_operation_as_list(name):
    op = LIST_OPS[name]
    items = [3.0, 1.0, 2.0, 2.0]
    expected_list = list(items)
    typed_list = List(items)
    expected = outcome(op, expected_list)
    got = outcome(op, typed_list)
    if name.startswith("slice"):
        # A slice of a typed List is a typed List (as in Numba).
        expected = ("typed list", expected[2])
    assert got == expected
    assert list(typed_list) == expected_list
    assert all(type(x) is float for x in typed_list)


def test_list_copy_and_slices_are_typed_and_separate():
    l = List([1, 2, 3])
    c = l.copy()
    s = l[:2]
    assert isinstance(c, List) and isinstance(s, List)
    c.append(4)
    s[0] = 10
    assert list(l) == [1, 2, 3] and list(c) == [1, 2, 3, 4] and list(s) == [10, 2]


def test_list_repr_as_numba():
    assert repr(List([1, 2, 3])) == "ListType[int64]([1, 2, 3])"
    assert str(List([1.5, 2.0])) == "[1.5, 2.0]"
    assert repr(List()) == "ListType[Undefined]([])"
    assert repr(List([(1, 2.5)])) == "ListType[Tuple(int64, float64)]([(1, 2.5)])"
    assert repr(List([List([1]), List([2, 3])])) == "ListType[ListType[int64]]([[1], [2, 3]])"
    assert repr(List.empty_list(types.float64)) == "ListType[float64]([])"
    assert repr(List(["a", "b"])) == "ListType[unicode_type]([a, b])"


def test_list_constructors():
    assert list(List(range(4))) == [0, 1, 2, 3]
    assert list(List(x * 0.5 for x in range(3))) == [0.0, 0.5, 1.0]
    l = List()
    assert not l._typed and len(l) == 0
    l.append(True)
    assert l._typed and list(l) == [True]
    e = List.empty_list(types.int32, allocated=10)
    e.append(5)
    assert list(e) == [5] and repr(e) == "ListType[int32]([5])"
    with pytest.raises(TypeError, match="List\\(\\) argument must be iterable"):
        List(3)


def test_list_of_lists_shares_items():
    inner = List([1, 2])
    outer = List([inner])
    outer[0].append(3)
    assert list(inner) == [1, 2, 3]
    assert plain(outer) == [[1, 2, 3]]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(-5, 5), max_size=8),
    st.lists(
        st.tuples(
            st.sampled_from(["append", "pop", "insert", "setitem", "delitem", "remove", "extend"]),
            st.integers(-10, 10),
        ),
        max_size=20,
    ),
)
def test_list_random_operations(items, ops):
    py, tl = list(items), List.empty_list(types.int64)
    tl.extend(items)
    for name, k in ops:

        def run(l, name=name, k=k):
            if name == "append":
                return l.append(k)
            if name == "pop":
                return l.pop(k)
            if name == "insert":
                return l.insert(k, k * 3)
            if name == "setitem":
                l[k] = -k
                return None
            if name == "delitem":
                del l[k]
                return None
            if name == "remove":
                return l.remove(k)
            return l.extend([k, k + 1])

        assert outcome(run, tl) == outcome(run, py)
        assert list(tl) == py


# ---------------------------------------------------------------------------------------------
# Dict from Python, against dict

DICT_OPS = {
    "len": len,
    "getitem": lambda d: d[2],
    "getitem missing": lambda d: d[9],
    "getitem wrong type": lambda d: d["a"],
    "setitem new": lambda d: d.__setitem__(7, 0.5),
    "setitem existing": lambda d: d.__setitem__(2, 0.5),
    "delitem": lambda d: d.__delitem__(1),
    "delitem missing": lambda d: d.__delitem__(9),
    "get": lambda d: d.get(3),
    "get missing": lambda d: d.get(9),
    "get default": lambda d: d.get(9, -1.0),
    "pop": lambda d: d.pop(1),
    "pop missing": lambda d: d.pop(9),
    "pop default": lambda d: d.pop(9, 0.0),
    "setdefault existing": lambda d: d.setdefault(2, 9.0),
    "setdefault new": lambda d: d.setdefault(8, 9.0),
    "keys": lambda d: list(d.keys()),
    "values": lambda d: list(d.values()),
    "items": lambda d: list(d.items()),
    "iter": list,
    "contains": lambda d: 2 in d,
    "not contains": lambda d: 5 in d,
    "contains wrong type": lambda d: "a" in d,
    "update dict": lambda d: d.update({1: 9.0, 10: 1.0}),
    "update pairs": lambda d: d.update([(4, 4.0)]),
    "update kwargs": lambda d: d.update(),
    "popitem": lambda d: d.popitem(),
    "clear": lambda d: d.clear(),
    "eq": lambda d: d == {3: 1.5, 1: 2.5, 2: -0.5},
    "ne": lambda d: d != {3: 1.5},
    "bool": bool,
    "size change while iterating": lambda d: [d.__setitem__(k + 100, 1.0) for k in d],
}


@pytest.mark.parametrize("name", list(DICT_OPS))
def test_dict_operation_as_dict(name):
    op = DICT_OPS[name]
    items = {3: 1.5, 1: 2.5, 2: -0.5}
    expected_dict = dict(items)
    typed_dict = Dict.empty(types.int64, types.float64)
    typed_dict.update(items)
    assert outcome(op, typed_dict) == outcome(op, expected_dict)
    assert list(typed_dict.items()) == list(expected_dict.items())


def test_dict_popitem_empty_and_copy():
    d = Dict()
    with pytest.raises(KeyError, match="popitem\\(\\): dictionary is empty"):
        d.popitem()
    d[(1, 2)] = List([1.0])
    c = d.copy()
    assert isinstance(c, Dict) and plain(c) == {(1, 2): [1.0]}
    del c[(1, 2)]
    assert len(d) == 1


def test_dict_repr_as_numba():
    d = Dict.empty(types.int64, types.float64)
    d[1] = 2.0
    assert repr(d) == "DictType[int64,float64]<iv=None>({1: 2.0})"
    assert str(d) == "{1: 2.0}"
    assert repr(Dict()) == "DictType[Undefined,Undefined]<iv=None>({})"


def test_dict_float_keys_hash_as_cpython():
    d = Dict.empty(types.float64, types.int64)
    d[1.0] = 1
    d[0.5] = 2
    assert d[1] == 1 and 0.5 in d and list(d) == [1.0, 0.5]


# ---------------------------------------------------------------------------------------------
# Across the boundary


@pytest.mark.requires_jit
def test_list_mutated_in_place_by_compiled_code():
    @oxjit.njit
    def grow(l, n):
        for i in range(n):
            l.append(i * 0.5)
        l[0] = -1.0
        return len(l)

    l = List([7.0])
    assert grow(l, 3) == 4
    assert list(l) == [-1.0, 0.0, 0.5, 1.0]


@pytest.mark.requires_jit
def test_dict_mutated_in_place_by_compiled_code():
    @oxjit.njit
    def fill(d, n):
        for i in range(n):
            d[i] = d.get(i, 0.0) + 1.0
        del d[0]

    d = Dict.empty(types.int64, types.float64)
    d[1] = 10.0
    fill(d, 3)
    assert dict(d) == {1: 11.0, 2: 1.0}


@pytest.mark.requires_jit
def test_returned_container_is_the_same_block():
    @oxjit.njit
    def same(l):
        return l

    l = List([1, 2])
    r = same(l)
    assert isinstance(r, List) and r is not l
    r.append(3)
    assert list(l) == [1, 2, 3]


@pytest.mark.requires_jit
def test_built_in_compiled_code_returns_typed():
    @oxjit.njit
    def build(n):
        a = List()
        b = List.empty_list(types.int64)
        c = typed.List(range(n))
        d = Dict.empty(types.int64, types.float64)
        e = typed.Dict()
        for i in range(n):
            a.append(i * 1.5)
            b.append(i)
            d[i] = i / 2
            e[i] = (i, i * 2.0)
        return a, b, c, d, e, [1]

    a, b, c, d, e, plain_list = build(3)
    assert repr(a) == "ListType[float64]([0.0, 1.5, 3.0])"
    assert repr(b) == "ListType[int64]([0, 1, 2])"
    assert repr(c) == "ListType[int64]([0, 1, 2])"
    assert repr(d) == "DictType[int64,float64]<iv=None>({0: 0.0, 1: 0.5, 2: 1.0})"
    assert plain(e) == {0: (0, 0.0), 1: (1, 2.0), 2: (2, 4.0)}
    assert type(plain_list) is list
    # The copies compiled code makes of typed lists are typed too.
    copy = jitted(lambda l: l[1:])(b)
    assert isinstance(copy, List) and list(copy) == [1, 2]


@pytest.mark.requires_jit
def test_nested_typed_containers_in_compiled_code():
    @oxjit.njit
    def total(ll):
        s = 0
        for inner in ll:
            for x in inner:
                s += x
        ll[0].append(100)
        return s

    ll = List([List([1, 2]), List([3])])
    assert total(ll) == 6
    assert plain(ll) == [[1, 2, 100], [3]]


@pytest.mark.requires_jit
def test_explicit_signature_with_numba_type_names():
    f = oxjit.njit("float64(ListType(float64))")(lambda l: l[0] + l[-1])
    assert f(List([1.0, 2.0, 4.0])) == 5.0
    g = oxjit.njit(types.int64(types.DictType(types.int64, types.int64)))(lambda d: d[1])
    d = Dict.empty(types.int64, types.int64)
    d[1] = 7
    assert g(d) == 7
    assert str(types.ListType(types.int64)) == "ListType[int64]"
    assert str(types.DictType(types.int64, types.float64)) == "DictType[int64,float64]<iv=None>"
    for t in (
        types.ListType(types.ListType(types.int64)),
        types.DictType(types.int64, types.float64),
    ):
        assert types.parse_type(str(t)) == t and pickle.loads(pickle.dumps(t)) == t


@pytest.mark.requires_jit
def test_numba_style_word_count_with_str_values():
    @oxjit.njit
    def index(words):
        d = Dict.empty(types.int64, types.unicode_type)
        for i in range(len(words)):
            d[i] = words[i]
        return d

    d = index(List(["a", "bb", "c"]))
    assert plain(d) == {0: "a", 1: "bb", 2: "c"}


# ---------------------------------------------------------------------------------------------
# Errors


def test_wrong_item_types_are_type_errors():
    l = List.empty_list(types.int64)
    with pytest.raises(
        TypeError, match="cannot store a value of type 'float' as an item of type int64"
    ):
        l.append(1.5)
    with pytest.raises(
        TypeError, match="cannot store a value of type 'str' as an item of type int64"
    ):
        l.insert(0, "a")
    lf = List([1.0])
    with pytest.raises(TypeError, match="'str' as an item of type float64"):
        lf[0] = "x"
    d = Dict.empty(types.int64, types.float64)
    with pytest.raises(TypeError, match="'str' as a key of type int64"):
        d["a"] = 1.0
    with pytest.raises(TypeError, match="'str' as a value of type float64"):
        d[1] = "x"
    assert len(l) == 0 and len(lf) == 1 and len(d) == 0
    with pytest.raises(TypeError, match="not an oxjit type"):
        List.empty_list(int)
    with pytest.raises(TypeError, match="dict keys of type ListType\\[int64\\] are not supported"):
        Dict.empty(types.ListType(types.int64), types.int64)


@pytest.mark.requires_jit
def test_untyped_container_argument_is_refused():
    f = jitted(lambda l: len(l))
    with pytest.raises(TypeError, match="cannot pass an untyped typed.List"):
        f(List())
    with pytest.raises(TypeError, match="cannot pass an untyped typed.Dict"):
        f(Dict())


@pytest.mark.requires_jit
def test_compiled_code_storing_a_wrong_type_is_a_compile_error():
    @oxjit.njit
    def bad():
        l = List.empty_list(types.int64)
        l.append("a")
        return l

    with pytest.raises(oxjit.errors.TypingError, match="cannot append"):
        bad()


def test_pickle_round_trip():
    l = List([1.0, 2.0])
    d = Dict.empty(types.int64, types.int64)
    d[3] = 4
    l2, d2 = pickle.loads(pickle.dumps((l, d)))
    assert repr(l2) == repr(l) and repr(d2) == repr(d)


# ---------------------------------------------------------------------------------------------
# Memory


@pytest.mark.requires_jit
def test_no_leak_across_the_boundary():
    @oxjit.njit
    def build(n):
        l = List()
        d = Dict.empty(types.int64, types.float64)
        nested = List()
        for i in range(n):
            l.append(i * 1.0)
            d[i] = i * 2.0
            nested.append(List([i]))
        return l, d, nested

    @oxjit.njit
    def use(l, d, nested):
        l.append(1.0)
        d[99] = 1.0
        nested.append(List([5]))
        return len(l) + len(d) + len(nested)

    build(3)
    use(*build(2))
    before = stats()
    for _ in range(20):
        l, d, nested = build(5)
        use(l, d, nested)
        nested[0].append(7)
        l.pop()
        del d[99]
        del l, d, nested
    after = stats()
    assert after.alloc - before.alloc > 0
    assert after.alloc - before.alloc == after.free - before.free, (before, after)


def test_no_leak_from_python_operations():
    before = stats()
    for _ in range(10):
        l = List([List([1, 2]), List([3])])
        l.append(List([4]))
        l.insert(0, List())
        l[1] = List([9])
        del l[2]
        l.pop()
        l.extend(List([List([5])]))
        _ = l[::2], l.copy()
        with pytest.raises(TypeError):
            l.append(3)
        d = Dict.empty(types.int64, types.ListType(types.int64))
        d[1] = List([1])
        d[1] = List([2])
        d.setdefault(2, List([3]))
        d.pop(2)
        d.update({5: List([6])})
        d.popitem()
        _ = list(d.items()), d.copy()
        del l, d, _
    after = stats()
    assert after.alloc - before.alloc > 0
    assert after.alloc - before.alloc == after.free - before.free, (before, after)


@pytest.mark.requires_jit
def test_no_leak_when_compiled_code_raises():
    @oxjit.njit
    def fails(l, n):
        mine = List.empty_list(types.int64)
        d = Dict.empty(types.int64, types.float64)
        for i in range(n):
            mine.append(i)
            d[i] = 1.0
            l.append(List([i]))
        return mine[n + 5]

    outer = List([List([0])])
    with pytest.raises(IndexError, match="list index out of range"):
        fails(outer, 3)
    assert len(outer) == 4  # the appends made before the raise stay (the caller's list)
    outer.clear()
    before = stats()
    for _ in range(20):
        with pytest.raises(IndexError):
            fails(outer, 3)
    outer.clear()
    after = stats()
    assert after.alloc - before.alloc > 0
    assert after.alloc - before.alloc == after.free - before.free, (before, after)

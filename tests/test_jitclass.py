"""``@jitclass`` (Numba's ``numba.experimental.jitclass``): each class here is written once as a
plain Python class and compiled with ``jitclass``; each program runs with the plain class in
CPython and with the compiled class under ``njit`` (the same code, its globals swapped), and the
results must agree exactly (value and type). Instances made in Python are proxies: fields,
methods and properties work on them from Python too."""

import gc
import re
import types as pytypes
import typing

import numpy as np
import oxjit
import pytest
from conftest import assert_diagnostic, same_value
from oxjit import float64, int32, int64, njit, uint32
from oxjit import types as T
from oxjit.experimental import jitclass

pytestmark = pytest.mark.requires_jit


class Box:
    def __init__(self, val):
        self.val = val

    def inc(self):
        self.val += 1

    def add(self, k):
        self.val = self.val + k
        return self.val

    def twice(self):
        # A method calling another.
        self.inc()
        self.inc()
        return self.val

    @property
    def value(self):
        return self.val

    @value.setter
    def value(self, new):
        self.val = new

    @staticmethod
    def scale(x):
        return x * 3


JBox = jitclass([("val", int64)])(Box)


class Point:
    x: float64
    y: float64

    def __init__(self, x, y=2.0):
        self.x = x
        self.y = y

    def norm2(self):
        return self.x * self.x + self.y * self.y

    def shift(self, dx):
        self.x += dx
        return self


JPoint = jitclass(Point)


class Acc:
    def __init__(self, n):
        self.data = np.zeros(n)
        self.count = 0

    def push(self, x):
        self.data[self.count] = x
        self.count += 1

    def total(self):
        return self.data[: self.count].sum()


JAcc = jitclass({"data": float64[:], "count": int64})(Acc)


class Vec:
    def __init__(self, n):
        self.data = np.arange(n * 1.0)

    def __len__(self):
        return self.data.size

    def __getitem__(self, i):
        return self.data[i]

    def __setitem__(self, i, x):
        self.data[i] = x

    def __contains__(self, x):
        for v in self.data:
            if v == x:
                return True
        return False

    def __add__(self, k):
        return self.data.sum() + k

    def __eq__(self, other):
        return len(self) == len(other)

    def __lt__(self, other):
        return len(self) < len(other)

    def __neg__(self):
        return -self.data.sum()

    def __bool__(self):
        return self.data.size > 0

    def __hash__(self):
        return len(self) * 7


JVec = jitclass({"data": float64[:]})(Vec)

node_type = T.deferred_type()


class Node:
    def __init__(self, value, next):
        self.value = value
        self.next = next


JNode = jitclass([("value", int64), ("next", T.optional(node_type))])(Node)
node_type.define(JNode.class_type.instance_type)


def compiled(fn, **classes):
    """`fn` compiled with its globals' classes swapped for the compiled ones (`classes`)."""
    glb = dict(fn.__globals__, **classes)
    return njit(pytypes.FunctionType(fn.__code__, glb, fn.__name__, fn.__defaults__))


JIT_CLASSES = {"Box": JBox, "Point": JPoint, "Acc": JAcc, "Vec": JVec, "Node": JNode}


def state(x):
    """A comparable picture of an instance (plain or compiled), or of another value."""
    if isinstance(x, (Box, JBox)):
        return ("Box", x.val)
    if isinstance(x, (Point, JPoint)):
        return ("Point", x.x, x.y)
    if isinstance(x, (Node, JNode)):
        return ("Node", x.value, state(x.next))
    if isinstance(x, (Vec, JVec)):
        return ("Vec", x.data.tolist())
    if isinstance(x, (Acc, JAcc)):
        return ("Acc", x.data.tolist(), x.count)
    if isinstance(x, (list, tuple)):
        return type(x)(state(i) for i in x)
    return x


def check(fn, *args):
    expected = state(fn(*args))
    got = state(compiled(fn, **JIT_CLASSES)(*args))
    assert same_value(got, expected), (got, expected)
    return got


# ---------------------------------------------------------------------------------------------
# in compiled code


def make_and_read(n):
    b = Box(n)
    return b.val


def method_calls(n):
    b = Box(n)
    b.inc()
    r = b.add(5)
    return r, b.twice(), b.val


def property_get_set(n):
    b = Box(n)
    b.value = b.value * 2
    return b.value, b.val


def static_method(n):
    b = Box(n)
    return b.scale(n), Box.scale(2)


def loop_inc(n):
    b = Box(0)
    for i in range(n):
        b.inc()
    return b.val


def returns_instance(n):
    b = Box(n)
    b.inc()
    return b


def float_fields(x):
    p = Point(x)
    q = p.shift(1.5)
    return p.norm2(), q.x, q.y, q.norm2(), p.x


def keyword_default(x):
    return Point(y=x, x=1.0).norm2() + Point(x).y


def in_a_list(n):
    boxes = []
    for i in range(n):
        boxes.append(Box(i))
    s = 0
    for b in boxes:
        s += b.val
    return s, len(boxes)


def list_returned(n):
    return [Box(i) for i in range(n)]


def tuple_returned(n):
    return Box(n), Point(1.0 * n)


def int_into_float_field(n):
    p = Point(n)
    p.y = n
    return p.x, p.y


def float_into_int_field(x):
    b = Box(1)
    b.val = x
    return b.val


def test_stored_values_take_the_field_type():
    # Numba's conversions (CPython would keep the int, and the float).
    assert same_value(compiled(int_into_float_field, **JIT_CLASSES)(3), (3.0, 3.0))
    assert same_value(compiled(float_into_int_field, **JIT_CLASSES)(3.75), 3)
    p = JPoint(1)
    p.y = 4
    assert same_value((p.x, p.y), (1.0, 4.0))


def array_field(n):
    a = Acc(n)
    for i in range(n):
        a.push(i * 0.5)
    return float(a.total()), a.count


def array_field_returned(n):
    a = Acc(n)
    a.push(2.0)
    return a


def dunders(n):
    v = Vec(n)
    v[1] = 10.0
    w = Vec(n)
    e = Vec(0)
    truth = 1 if v else 0
    falsy = 1 if e else 0
    return (
        len(v),
        float(v[1]),
        10.0 in v,
        99.0 in v,
        float(v + 1.0),
        v == w,
        e < v,
        float(-v),
        bool(v),
        truth,
        falsy,
        hash(v),
    )


def linked_list(n):
    head = Node(0, None)
    for i in range(1, n):
        head = Node(i, head)
    s = 0
    count = 0
    node = head
    while node is not None:
        s += node.value
        count += 1
        node = node.next
    return s, count


def linked_list_from_none(n):
    # `head` starts as None: the constructor takes a value that may be None as it is.
    head = None
    for i in range(n):
        head = Node(i, head)
    s = 0
    node = head
    while node is not None:
        s += node.value
        node = node.next
    return s, head is None


def linked_list_returned(n):
    head = Node(0, None)
    for i in range(1, n):
        head = Node(i, head)
    return head


@pytest.mark.parametrize(
    "fn, args",
    [
        (dunders, (4,)),
        (linked_list, (50,)),
        (make_and_read, (4,)),
        (method_calls, (3,)),
        (property_get_set, (7,)),
        (static_method, (5,)),
        (loop_inc, (100,)),
        (returns_instance, (9,)),
        (float_fields, (2.5,)),
        (keyword_default, (3.0,)),
        (in_a_list, (6,)),
        (list_returned, (4,)),
        (tuple_returned, (3,)),
        (array_field, (5,)),
        (array_field_returned, (3,)),
        (linked_list_returned, (4,)),
        (linked_list_from_none, (6,)),
        (linked_list_from_none, (0,)),
    ],
)
def test_compiled(fn, args):
    check(fn, *args)


def bump(b):
    b.inc()


def bump_and_return(b):
    b.val += 10
    return b


def test_linked_list_from_python():
    head = compiled(linked_list_returned, **JIT_CLASSES)(5)
    assert isinstance(head, JNode)
    values = []
    node = head
    while node is not None:
        values.append(node.value)
        node = node.next
    assert values == [4, 3, 2, 1, 0]
    tail = JNode(7, None)
    two = JNode(8, tail)
    assert two.next.value == 7 and two.next.next is None


def test_python_dunders():
    v = JVec(3)
    plain = Vec(3)
    v[0] = 5.0
    plain[0] = 5.0
    assert (len(v), v[0], 5.0 in v, v + 1.0, -v, bool(v), hash(v)) == (
        len(plain),
        plain[0],
        5.0 in plain,
        plain + 1.0,
        -plain,
        bool(plain),
        hash(plain),
    )
    assert (v == JVec(3)) is True and (v == JVec(2)) is False


def test_passed_by_reference():
    b = JBox(1)
    compiled(bump)(b)
    assert b.val == 2
    c = compiled(bump_and_return)(b)
    assert isinstance(c, JBox)
    assert b.val == 12 and c.val == 12
    c.val = 40
    assert b.val == 40


# ---------------------------------------------------------------------------------------------
# from Python


def test_python_proxy():
    b = JBox(3)
    assert isinstance(b, JBox)
    assert not isinstance(b, Box)
    assert type(b.val) is int and b.val == 3
    b.inc()
    assert b.val == 4
    assert b.add(2) == 6
    assert b.twice() == 8
    assert b.value == 8
    b.value = 11
    assert b.val == 11
    b.val = 5
    assert b.val == 5
    assert JBox.scale(2) == 6 and b.scale(3) == 9
    assert re.fullmatch(r"<test_jitclass\.Box object at 0x[0-9a-f]+>", repr(b)), repr(b)
    with pytest.raises(AttributeError):
        b.missing = 1
    with pytest.raises(AttributeError):
        _ = b.missing


def test_python_proxy_fields_and_defaults():
    p = JPoint(1.5)
    assert (p.x, p.y) == (1.5, 2.0) and type(p.y) is float
    p = JPoint(y=4.0, x=3.0)
    assert p.norm2() == 25.0
    q = p.shift(1.0)
    assert isinstance(q, JPoint) and (q.x, q.y) == (4.0, 4.0) and p.x == 4.0
    with pytest.raises(TypeError):
        JPoint()


def test_python_array_field():
    a = JAcc(4)
    a.push(1.0)
    a.push(2.5)
    assert a.total() == 3.5
    data = a.data
    assert isinstance(data, np.ndarray) and data.dtype == np.float64
    assert data.tolist() == [1.0, 2.5, 0.0, 0.0]
    # The field is the array itself: changes through it are the instance's.
    data[3] = 7.0
    assert a.data[3] == 7.0
    fresh = np.arange(3.0)
    a.data = fresh
    del fresh
    gc.collect()
    a.count = 3
    assert a.total() == 3.0


def keep(a, arr):
    a.data = arr


def test_array_from_python_kept_alive():
    a = JAcc(2)
    arr = np.array([1.0, 2.0, 3.0])
    compiled(keep)(a, arr)
    del arr
    gc.collect()
    a.count = 3
    assert a.total() == 6.0
    assert a.data.tolist() == [1.0, 2.0, 3.0]


def test_uint32_box_like_the_benchmark():
    @jitclass([("val", uint32)])
    class Counter:
        def __init__(self, val):
            self.val = val

        def inc(self):
            self.val += 1

    @njit
    def run(n):
        c = Counter(0)
        for _ in range(n):
            c.inc()
        return c

    c = run(10)
    assert c.val == 10 and type(c.val) is int


class Record:
    def __init__(self, name, n):
        self.name = name
        self.pos = (1.0 * n, 2.0)
        self.items = [n]
        self.table = {name: n}

    def grow(self, k):
        self.items.append(k)
        self.table[self.name + "!"] = k
        self.pos = (self.pos[0] + k, self.pos[1])
        return len(self.items) + len(self.table)


JRecord = jitclass(
    [
        ("name", T.unicode_type),
        ("pos", T.UniTuple(float64, 2)),
        ("items", T.ListType(int64)),
        ("table", T.DictType(T.unicode_type, int64)),
    ]
)(Record)


def container_fields(n):
    r = Record("ab", n)
    size = r.grow(5)
    return r.name, r.pos, r.items[0] + r.items[1], r.table["ab!"], size


def test_container_fields():
    expected = container_fields(3)
    got = compiled(container_fields, Record=JRecord)(3)
    assert same_value(got, expected), (got, expected)
    r = JRecord("xy", 2)
    assert r.grow(1) == 4 and r.name == "xy" and r.pos == (3.0, 2.0)
    r.name = "zz"
    assert r.name == "zz"


class Sized:
    def __init__(self, n):
        self.n = n

    def __len__(self):
        return self.n


JSized = jitclass([("n", int64)])(Sized)


def truth_from_len(n):
    s = Sized(n)
    return bool(s), 1 if s else 0, len(s)


@pytest.mark.parametrize("n", [0, 3])
def test_truth_from_len(n):
    expected = truth_from_len(n)
    got = compiled(truth_from_len, Sized=JSized)(n)
    assert same_value(got, expected), (got, expected)


def truth_by_default(v, make):
    """An instance of a class with neither `__bool__` nor `__len__` is true, and an optional
    one is true when it is there."""
    b = Box(v)
    maybe = Box(v) if make else None
    return bool(b), 1 if b else 0, not b, 1 if maybe else 0, bool(maybe)


@pytest.mark.parametrize("v, make", [(0, True), (3, False)])
def test_truth_by_default(v, make):
    expected = truth_by_default(v, make)
    got = compiled(truth_by_default, Box=JBox)(v, make)
    assert same_value(got, expected), (got, expected)


@jitclass([("t", T.Tuple((float64[:], int64)))])
class TupleHolder:
    def __init__(self, t):
        self.t = t


@njit
def hold_in_tuple(a):
    return TupleHolder((a, 5))


def test_array_in_tuple_field_kept_alive():
    import sys

    a = np.arange(5.0)
    before = sys.getrefcount(a)
    h = hold_in_tuple(a)  # from compiled code
    h2 = TupleHolder((a, 7))  # from Python
    assert sys.getrefcount(a) - before == 2
    del a
    gc.collect()
    junk = [np.full(5, -1.0) for _ in range(50)]  # reuse freed memory, if any was freed
    assert h.t[0].tolist() == [0.0, 1.0, 2.0, 3.0, 4.0] and h.t[1] == 5
    assert h2.t[0] is h.t[0] or h2.t[0].tolist() == h.t[0].tolist()
    del junk, h, h2


def test_array_in_tuple_field_released():
    import sys

    a = np.arange(3.0)
    before = sys.getrefcount(a)
    h = hold_in_tuple(a)
    del h
    gc.collect()
    assert sys.getrefcount(a) == before


def test_typed_list_of_instances():
    from oxjit.typed import List

    lst = List.empty_list(JBox.class_type.instance_type)
    for i in range(3):
        lst.append(JBox(i))
    compiled(bump_all)(lst)
    assert [b.val for b in lst] == [1, 2, 3]


def bump_all(lst):
    for b in lst:
        b.inc()


def test_numba_spellings():
    assert oxjit.jitclass is jitclass
    assert oxjit.experimental.jitclass is jitclass
    assert JBox.class_type.instance_type == JBox.class_type.instance_type
    assert str(JBox.class_type.instance_type).startswith("instance.jitclass.Box#")


def test_instance_type_in_spec():
    @jitclass([("inner", JPoint.class_type.instance_type), ("k", int32)])
    class Holder:
        def __init__(self, p):
            self.inner = p
            self.k = 2

        def grow(self):
            self.inner.x = self.inner.x * self.k
            return self.inner

    p = JPoint(1.0, 1.0)
    h = Holder(p)
    q = h.grow()
    assert p.x == 2.0 and q.x == 2.0
    assert isinstance(h.inner, JPoint)


# ---------------------------------------------------------------------------------------------
# memory


def stats():
    from oxjit.runtime import get_allocation_stats

    gc.collect()
    return get_allocation_stats()


def churn(n):
    total = 0.0
    for i in range(n):
        a = Acc(3)
        a.push(1.0 * i)
        b = Box(i)
        b.inc()
        total += a.total() + b.val
    return total


def test_no_leak_in_compiled_code():
    f = compiled(churn, **JIT_CLASSES)
    f(2)
    before = stats()
    for _ in range(10):
        f(5)
    after = stats()
    assert after.alloc - before.alloc > 0
    assert after.alloc - before.alloc == after.free - before.free, (before, after)


def test_no_leak_through_proxies():
    JAcc(2)
    before = stats()
    for _ in range(10):
        a = JAcc(3)
        a.push(1.0)
        a.data = np.ones(3)
        lst = compiled(list_returned, **JIT_CLASSES)(3)
        del a, lst
    after = stats()
    assert after.alloc - before.alloc > 0
    assert after.alloc - before.alloc == after.free - before.free, (before, after)


# ---------------------------------------------------------------------------------------------
# errors


def wrong_field_type(n):
    b = Box(n)
    b.val = np.zeros(3)
    return b.val


def unknown_attribute(n):
    b = Box(n)
    return b.nothing


def test_wrong_field_type():
    with pytest.raises(oxjit.errors.TypingError) as info:
        compiled(wrong_field_type, **JIT_CLASSES)(1)
    msg = assert_diagnostic(
        info.value, wrong_field_type, "b.val = np.zeros(3)", oxjit.errors.TypingError
    )
    assert "field 'val'" in msg


def test_unknown_attribute():
    with pytest.raises(oxjit.errors.TypingError) as info:
        compiled(unknown_attribute, **JIT_CLASSES)(1)
    msg = assert_diagnostic(info.value, unknown_attribute, "b.nothing", oxjit.errors.TypingError)
    assert "'Box' object has no attribute 'nothing'" in msg


def test_spec_not_a_type():
    with pytest.raises(TypeError, match="spec values should be"):

        @jitclass([("x", int)])
        class Bad:
            def __init__(self):
                self.x = 1


def test_spec_type_oxjit_cannot_use():
    @jitclass([("x", T.Type("no_such_type"))])
    class Odd:
        def __init__(self):
            pass

    with pytest.raises(TypeError, match="the field 'x' has type no_such_type"):
        Odd()


def test_wrong_field_type_in_init():
    @jitclass([("val", int64)])
    class Bad:
        def __init__(self, n):
            self.val = (n, n)

    with pytest.raises(oxjit.errors.TypingError, match="cannot assign a value of type"):
        Bad(1)


def test_python_field_wrong_type():
    b = JBox(1)
    with pytest.raises(TypeError):
        b.val = "text"
    assert b.val == 1


def test_unsupported_construct_in_method():
    @jitclass([("x", int64)])
    class Gen:
        def __init__(self):
            self.x = 1

        def bad(self):
            return {1, 2} < object()

    g = Gen()
    with pytest.raises(oxjit.errors.CompilerError):
        g.bad()


def test_types_module_has_the_spec_types():
    assert isinstance(T.float64[:], T.Type) and isinstance(T.int64[:, ::1], T.Type)


class Annotated:
    x: float
    n: int
    flag: bool
    name: str
    tags: "list[int]"
    scores: "dict[str, float]"
    pair: "tuple[int, float]"
    maybe: "int | None"
    legacy: "typing.Optional[typing.List[float]]"  # noqa: UP006, UP045 (typing's spellings)

    def __init__(self, n):
        self.x = n / 2
        self.n = n
        self.flag = n > 2
        self.name = "a" * n
        self.tags = [n]
        self.scores = {"s": 1.5}
        self.pair = (n, 0.5)
        self.maybe = None
        self.legacy = None


def test_python_annotations():
    # Numba's as_numba_type: int, float, bool, str and typing's containers name field types
    # (a copy of the class is compiled: the plain one runs in CPython).
    J = jitclass(type("Annotated", (), dict(vars(Annotated))))

    def use(n):
        a = Annotated(n)
        a.tags.append(7)
        a.scores["t"] = a.x
        a.maybe = a.n
        return a.x, a.n, a.flag, a.name, a.tags, a.scores, a.pair, a.maybe, a.legacy is None

    got = compiled(use, Annotated=J)(3)
    assert same_value(got, use(3))


def test_unknown_annotation():
    class Bad:
        x: set

    with pytest.raises(
        TypeError, match="field 'x': the annotation <class 'set'> has no oxjit type"
    ):
        jitclass(Bad)

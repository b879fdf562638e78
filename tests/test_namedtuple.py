"""Named tuples (`collections.namedtuple` and `typing.NamedTuple` classes) in compiled code, as
Numba supports them: passed in (attribute access, indexing, unpacking, iteration, `len`, `==`,
hashing as tuples), built inside compiled code (positional and keyword arguments, the class's
defaults), returned to Python as instances of the user's class (`type(r) is Point`),
`_replace`, `_fields`, heterogeneous fields (strings, arrays, lists); the errors for what
does not fit, with CPython's messages; no leaks."""

import gc
import os
import subprocess
import sys
import textwrap
from collections import namedtuple
from typing import NamedTuple

import numpy as np
import oxjit
import pytest
from conftest import assert_diagnostic, assert_same, compile_error, jitted

pytestmark = pytest.mark.requires_jit

Point = namedtuple("Point", ["x", "y"])
Span = namedtuple("Span", "lo hi step", defaults=[1])


class Particle(NamedTuple):
    name: str
    mass: float
    charge: int = 0


class Vec3(NamedTuple):
    x: float
    y: float
    z: float = 0.0


# -------------------------------------------------------------------------------------------
# arguments


def norm2(p):
    return p.x * p.x + p.y * p.y


def by_index(p):
    return p[0] - p[1] + p[-1]


def unpacked(p):
    x, y = p
    return x * 10 + y


def iterated(p):
    s = 0.0
    for v in p:
        s += v
    return s


def length(p):
    return len(p)


def fields_of(p):
    return p._fields


def equal(p, q):
    return p == q, p != q, p == (q[0], q[1])


def hashed(p):
    return hash(p)


def particle_text(p):
    return p.name + "!", p.mass * 2.0, p.charge


def ordered(p, q):
    return p < q, p <= (1, 5), (0, 9) < p, tuple(p)


def as_text(p):
    return str(p), repr(p), f"<{p}>"


def in_dict(ps):
    d = {}
    for p in ps:
        d[p.x] = p
    return d


@pytest.mark.parametrize(
    "fn,args",
    [
        (norm2, (Point(3.0, 4.0),)),
        (norm2, (Point(3, 4),)),
        (by_index, (Point(1.5, 2.5),)),
        (unpacked, (Point(1, 2),)),
        (iterated, (Point(1.5, 2.0),)),
        (length, (Span(1, 5, 2),)),
        (fields_of, (Point(1, 2),)),
        (equal, (Point(1, 2), Point(1, 2))),
        (equal, (Point(1, 2), Point(2, 1))),
        (hashed, (Point(1, 2),)),
        (hashed, (Vec3(1.0, 2.0, 3.0),)),
        (particle_text, (Particle("e", 0.5, -1),)),
        (ordered, (Point(1, 2), Point(1, 3))),
        (ordered, (Point(2, 0), Point(1, 3))),
        (as_text, (Point(1, 2.5),)),
        (as_text, (Particle("a'b", 1.0),)),
        (in_dict, ([Point(1, 2.0), Point(3, 4.0)],)),
    ],
)
def test_arguments(fn, args):
    assert_same(fn, *args)


def test_named_and_plain_tuples_specialize_apart():
    def length2(p):
        return len(p)

    f = oxjit.njit(length2)
    assert f(Point(1, 2)) == 2
    assert f((1, 2)) == 2
    assert len(f.signatures) == 2


# -------------------------------------------------------------------------------------------
# built in compiled code, returned to Python


def make_point(a, b):
    return Point(a, b)


def make_point_keywords(a, b):
    return Point(y=b, x=a)


def make_span(a, b):
    return Span(a, b), Span(a, b, 3), Span(hi=b, lo=a)


def make_particle(m):
    return Particle("p", m), Particle("n", m, charge=1)


def make_vec(x, y):
    return Vec3(x, y)


def roundtrip(p):
    return p


def replaced(p):
    return p._replace(x=p.x + 1.0), p._replace(y="moved")


def swap(p):
    return Point(p.y, p.x)


def point_list(n):
    return [Point(i, i * 0.5) for i in range(n)]


def nested(a):
    return Point(Point(a, a + 1), (a, "z"))


def with_array(n):
    return Point(np.arange(n), [1.0, 2.0])


@pytest.mark.parametrize(
    "fn,args",
    [
        (make_point, (1.0, 2.0)),
        (make_point, (1, 2.5)),
        (make_point, ("a", 3)),
        (make_point_keywords, (1, 2)),
        (make_span, (0, 10)),
        (make_particle, (1.5,)),
        (make_vec, (1.0, 2.0)),
        (roundtrip, (Point(1, 2),)),
        (roundtrip, (Particle("q", 2.0, 3),)),
        (replaced, (Point(1.0, 2.0),)),
        (swap, (Point(1, "b"),)),
        (point_list, (4,)),
        (nested, (7,)),
    ],
)
def test_results(fn, args):
    r = assert_same(fn, *args)  # compares the types too: a Point is no plain tuple
    parts = r if isinstance(r, list) or type(r) is tuple else [r]
    for part in parts:
        assert type(part) in (Point, Span, Particle, Vec3)


def test_result_is_the_users_class():
    r = jitted(make_point)(1.0, 2.0)
    assert type(r) is Point
    assert r.x == 1.0 and r.y == 2.0 and r._asdict() == {"x": 1.0, "y": 2.0}
    p = jitted(make_particle)(2.0)[1]
    assert type(p) is Particle and p.charge == 1


def test_heterogeneous_with_array_and_list():
    r = jitted(with_array)(3)
    assert type(r) is Point
    assert np.array_equal(r.x, np.arange(3)) and r.y == [1.0, 2.0]


def branches(flag, a):
    if flag:
        p = Point(a, 1.0)
    else:
        p = Point(2.0, a)
    return p


def test_class_defined_in_a_function():
    Local = namedtuple("Local", "a b")

    def f(x):
        return Local(x, x * 2)

    assert_same(f, 3)
    assert type(jitted(f)(3)) is Local


def test_print(capfd):
    def f(p):
        print(p, Point(p.mass, "s"))

    f(Particle("n", 1.5))
    expected = capfd.readouterr().out
    jitted(f)(Particle("n", 1.5))
    assert capfd.readouterr().out == expected


def maybe_none(flag):
    r = None
    if flag:
        r = 1.5
    return Point(r, 2)


def test_optional_field():
    assert_same(maybe_none, True)
    assert_same(maybe_none, False)


def test_branches_unify_as_the_class():
    assert_same(branches, True, 5.0)
    assert_same(branches, False, 5.0)


# -------------------------------------------------------------------------------------------
# errors


def unknown_field(p):
    return p.z


def misspelt_field(p):
    return p.lenght


def too_few(a):
    return Point(a)


def too_many(a):
    return Point(a, a, a)


def bad_keyword(a):
    return Point(a, q=a)


def replace_unknown(p):
    return p._replace(z=1)


def not_compiled(p):
    return p._field_defaults


Opaque = namedtuple("Opaque", "a b", defaults=[[1]])


def opaque_default(x):
    return Opaque(x)


def test_unknown_field():
    e = compile_error(unknown_field, Point(1, 2))
    msg = assert_diagnostic(e, unknown_field, "p.z", oxjit.errors.TypingError)
    assert "'Point' object has no attribute 'z'" in msg


def test_misspelt_field_suggests():
    e = compile_error(misspelt_field, Particle("a", 1.0))
    assert "'Particle' object has no attribute 'lenght'" in str(e)


@pytest.mark.parametrize(
    "fn,arg",
    [(too_few, 1), (too_many, 1), (bad_keyword, 1)],
)
def test_wrong_arguments_are_cpythons_message(fn, arg):
    with pytest.raises(TypeError) as expected:
        fn(arg)
    e = compile_error(fn, arg)
    msg = assert_diagnostic(e, fn, "Point(", oxjit.errors.TypingError)
    assert str(expected.value) in msg


def test_replace_unknown_field():
    with pytest.raises(ValueError) as expected:
        replace_unknown(Point(1, 2))
    e = compile_error(replace_unknown, Point(1, 2))
    assert str(expected.value) in str(e)


def test_method_not_compiled():
    e = compile_error(not_compiled, Point(1, 2))
    assert_diagnostic(e, not_compiled, "p._field_defaults", oxjit.errors.UnsupportedError)
    assert "_field_defaults" in str(e)


def test_default_that_is_no_constant():
    e = compile_error(opaque_default, 1)
    assert_diagnostic(e, opaque_default, "Opaque(x)", oxjit.errors.TypingError)
    assert "'b'" in str(e)


# -------------------------------------------------------------------------------------------
# cache=True: a type naming a class of this process is compiled again in each process

CACHED = """
from collections import namedtuple
import oxjit

P = namedtuple("P", "a b")

@oxjit.njit(cache=True)
def make(a):
    return P(a, a * 2)

@oxjit.njit(cache=True)
def flip(p):
    return (p.b, p.a)
"""

RUN_CACHED = """
import sys, warnings
sys.path.insert(0, sys.argv[1])
warnings.simplefilter("ignore")
import cached
r = cached.make(2)
print(repr((type(r) is cached.P, r, cached.flip(cached.P(1, 2)))))
"""


def test_cache_compiles_again_in_each_process(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "cached.py").write_text(CACHED)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env = dict(
        os.environ,
        PYTHONPATH=os.path.join(root, "python"),
        OXJIT_CACHE_DIR=str(tmp_path / "cache"),
    )
    outs = []
    for _ in range(2):
        out = subprocess.run(
            [sys.executable, "-c", textwrap.dedent(RUN_CACHED), str(src)],
            check=False,
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
        )
        assert out.returncode == 0, out.stderr
        outs.append(out.stdout)
    assert outs[0] == outs[1] == "(True, P(a=2, b=4), (2, 1))\n"


# -------------------------------------------------------------------------------------------
# _asdict, _make, count, index


def as_dict(x):
    return Point(x, 2)._asdict(), Point("a" * x, "c")._replace(x="b")._asdict()


def as_dict_with_none(x):
    return Point(x if x > 1 else None, 3)._asdict()


def as_dict_text(x):
    d = Span(x, x + 1, 2)._asdict()
    d["hi"] += 1
    return str(d), list(d.keys())


def made(x):
    a = Point._make((x, "s" * x))
    b = Point._make([x, x + 1])
    c = Particle._make(("n", 2.5, x))
    return a, b, c, a.y, Point._make(b)


def made_from_list(xs):
    return Point._make(xs)


def counted(x):
    p = Span(x, 2, 2)
    return p.count(2), p.count(x), p.index(2), p.index(2, 1), p.index(x, 0, 3), 2 in p


def index_missing(x):
    return Point(x, 2).index(x, 1)


def mixed_fields(x):
    return Point(x, 2.5)._asdict()


def wrong_length(x):
    return Point._make((x, x, x))


@pytest.mark.parametrize("x", [1, 2, 3])
def test_asdict_make_count_index(x):
    for fn in (as_dict, as_dict_with_none, as_dict_text, made, counted, index_missing):
        assert_same(fn, x)


@pytest.mark.parametrize("xs", [[1, 2], [1], [1, 2, 3], [], [1.5, 2.5]])
def test_make_from_a_list_checks_its_length(xs):
    assert_same(made_from_list, xs)


def test_make_from_a_list_message():
    with pytest.raises(TypeError, match=r"^Expected 2 arguments, got 3$"):
        jitted(made_from_list)([1, 2, 3])


def test_make_of_a_tuple_of_another_length():
    with pytest.raises(TypeError) as expected:
        wrong_length(1)
    e = compile_error(wrong_length, 1)
    msg = assert_diagnostic(e, wrong_length, "Point._make(", oxjit.errors.TypingError)
    assert str(expected.value) in msg


def test_asdict_of_fields_of_different_types():
    e = compile_error(mixed_fields, 1)
    msg = assert_diagnostic(
        e, mixed_fields, "Point(x, 2.5)._asdict()", oxjit.errors.UnsupportedError
    )
    assert "int64, float64" in msg


# -------------------------------------------------------------------------------------------
# memory


def stats():
    from oxjit.runtime import get_allocation_stats

    gc.collect()
    return get_allocation_stats()


def strings_and_lists(s):
    p = Particle(s + "x", 1.0)
    q = p._replace(name=p.name + "y")
    kept = Particle(s + "z", 1.0)._replace(mass=2.0)  # the receiver's string is kept
    return q, Point([1, 2], q.name), kept


def asdict_and_make(s):
    p = Particle._make((s + "x", 1.0, 2))
    d = Point(s + "a", s)._asdict()
    return p, d, Point._make((d["x"], p.name))


@pytest.mark.parametrize(
    "fn,args",
    [(strings_and_lists, ("a",)), (with_array, (4,)), (asdict_and_make, ("a",))],
)
def test_no_leak(fn, args):
    f = jitted(fn)
    assert_same(fn, *args) if fn is not with_array else f(*args)
    before = stats()
    for _ in range(20):
        result = f(*args)
        del result
    after = stats()
    assert after.alloc - before.alloc > 0
    assert after.alloc - before.alloc == after.free - before.free, (before, after)

"""Object mode with loop lifting (``jit(forceobj=True)``, ``jit(nopython=False)``): results
compared with CPython's (value and type), which loops were compiled, and the warnings that name
what runs in the interpreter."""

import warnings

import numpy as np
import oxjit
import pytest
from conftest import same_value, source_position
from oxjit.errors import NumbaWarning

pytestmark = pytest.mark.requires_jit


def _line(f, snippet):
    """The file line of ``snippet`` (its first line) in the source of ``f``."""
    first = snippet.split("\n")[0]
    text = "".join(__import__("inspect").getsourcelines(f.py_func)[0])
    if "\n" in snippet:
        offset = text[: text.index(snippet)].count("\n")
        return f.py_func.__code__.co_firstlineno + offset - _decorators(f)
    return source_position(f.py_func, first)[0]


def _decorators(f):
    return 0


def _run(f, *args):
    """``f(*args)`` compiled and as plain Python (on copies), compared; the warnings given."""
    py_args = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        got = f(*args)
    expected = f.py_func(*py_args)
    assert same_value(got, expected), (got, expected)
    for a, b in zip(args, py_args):
        assert same_value(a, b)
    return got, [str(w.message) for w in caught if issubclass(w.category, NumbaWarning)]


@oxjit.jit(forceobj=True)
def mixed(n, label):
    info = {"label": label, "n": n}  # a dict: the interpreter runs this
    a = np.arange(float(n))
    s = 0.0
    for i in range(n):  # lifted
        s += float(a[i]) * float(a[i])
    keys = ()
    for k in info:  # lifted, but a dict argument cannot be typed: interpreted
        keys = (*keys, k)
    return s, keys, info["label"].upper()


def test_loops_are_lifted_and_compiled():
    got, said = _run(mixed, 100, "abc")
    assert got == (328350.0, ("label", "n"), "ABC")
    assert len(mixed.lifted_loops) == 2
    compiled, interpreted = mixed.lifted_loops
    assert compiled.signatures  # the numeric loop ran as machine code
    assert not interpreted.signatures
    first = _line(mixed, "for i in range(n):")
    second = _line(mixed, "for k in info:")
    assert any(f"loops lifted and compiled: line {first}, line {second}" in m for m in said)
    assert any(f"the loop at line {second} runs in the interpreter" in m for m in said)


@oxjit.jit(forceobj=True)
def writes_in_place(a, scale):
    cache = {}
    for i in range(a.shape[0]):
        a[i] = a[i] * scale + 1.0
    cache["done"] = True
    return cache["done"]


def test_arrays_written_by_a_lifted_loop():
    a = np.linspace(0.0, 1.0, 7)
    _run(writes_in_place, a, 3.0)
    assert writes_in_place.lifted_loops[0].signatures


@oxjit.jit(forceobj=True)
def raises_inside(a):
    label = str(len(a))
    total = 0
    for x in a:
        total += 10 // int(x)
    return label, total


def test_exceptions_from_a_lifted_loop():
    assert _run(raises_inside, np.array([1, 2, 5]))[0] == ("3", 17)
    with pytest.raises(ZeroDivisionError, match="integer division or modulo by zero"):
        raises_inside(np.array([1, 0]))
    with pytest.raises(ZeroDivisionError, match="integer division or modulo by zero"):
        raises_inside.py_func(np.array([1, 0]))


@oxjit.jit(forceobj=True)
def not_liftable(a, k):
    for x in a:
        if x > k:
            return float(x)  # a return inside: stays in the interpreter
    for x in a:
        found = x  # assigned only inside and read after: may be unbound
    return float(found)


def test_loops_that_cannot_be_lifted_run_in_the_interpreter():
    got, said = _run(not_liftable, np.arange(5.0), 10.0)
    assert got == 4.0
    assert not_liftable.lifted_loops == []
    report = next(m for m in said if "object mode" in m)
    first = _line(not_liftable, "for x in a:\n        if")
    second = _line(not_liftable, "found = x") - 1
    assert f"line {first} (it contains return)" in report
    assert f"line {second} (found may be unbound before it and is read after it)" in report


def make_closure(k):
    @oxjit.jit(forceobj=True)
    def uses_k(a):
        s = 0.0
        for x in a:
            s += float(x) * k
        return s, [s]

    return uses_k


def test_a_loop_reading_a_closure_variable_stays_in_the_interpreter():
    f = make_closure(2.0)
    got, said = _run(f, np.arange(4.0))
    assert got == (12.0, [12.0])
    assert any("reads a variable of an enclosing function" in m for m in said)


@oxjit.jit(nopython=False)
def maybe_nopython(x):
    s = 0
    for v in x:
        s += int(v) * 2
    return s


def test_nopython_false_uses_nopython_mode_where_it_can():
    got, said = _run(maybe_nopython, np.arange(4))
    assert got == 12 and said == []
    assert maybe_nopython.signatures
    got, said = _run(maybe_nopython, [1, 2, 3])  # a list of ints: nopython mode, as Numba
    assert got == 12 and said == []
    assert (oxjit.types.List(oxjit.types.int64),) in maybe_nopython.signatures
    got, said = _run(maybe_nopython, [1, "2", 3])  # items of two types: object mode
    assert got == 12
    assert any("nopython mode failed" in m for m in said)


@oxjit.jit(forceobj=True, looplift=False)
def no_lifting(a):
    s = 0.0
    for x in a:
        s += float(x)
    return s


def test_looplift_false_keeps_every_loop_in_the_interpreter():
    got, said = _run(no_lifting, np.arange(3.0))
    assert got == 3.0
    assert no_lifting.lifted_loops == []
    assert any("looplift=False" in m for m in said)


def _scaled_sum(a, k):
    s = 0.0
    for i in range(a.shape[0]):
        s += float(a[i]) * k
    return s * 1.5


def _escape(x):
    object()  # object mode only
    return x * 1.5


def test_forceobj_with_signatures_compiles_now_and_runs_any_arguments():
    # As Numba: the function is rewritten at decoration; the signatures convert nothing (object
    # mode returns what Python returns), and other argument types still run.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        f = oxjit.jit("float64(float64[:], int64)", forceobj=True)(_scaled_sum)
        g = oxjit.jit(["int32(int32)", "int32(float64)"], forceobj=True)(_escape)
    assert f._function is not None and g._function is not None
    said = [str(w.message) for w in caught if issubclass(w.category, NumbaWarning)]
    assert any("_escape runs in object mode" in m for m in said)
    assert all(w.filename == __file__ for w in caught)
    got, _ = _run(f, np.arange(4.0), 2)
    assert got == 18.0
    assert _run(f, np.arange(3, dtype=np.int32), 2.5)[0] == 11.25
    for x in (3, 2.0, "ab"):
        if isinstance(x, str):
            with pytest.raises(TypeError, match="can't multiply sequence"):
                g(x)
        else:
            assert _run(g, x)[0] == x * 1.5


def test_bad_combinations():
    with pytest.raises(TypeError, match="jit\\(forceobj=True\\)"):
        oxjit.njit(forceobj=True)(lambda x: x)
    with pytest.raises(TypeError, match="looplift applies to object mode"):
        oxjit.jit(looplift=False)(lambda x: x)


def _make_local_objmode(scale):
    @oxjit.jit(forceobj=True)
    def local(a):
        names = {"a": 1}
        s = 0.0
        for x in a:
            s += float(x) * 2.0
        return s * names["a"]

    return local


def test_object_mode_functions_pickle_and_copy():
    import copy
    import pickle

    a = np.arange(5.0)
    for f in (mixed, _make_local_objmode(2.0)):
        assert copy.copy(f) is f and copy.deepcopy(f) is f
        g = pickle.loads(pickle.dumps(f))
        if f is mixed:
            assert g is f  # importable by name: by reference
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            assert same_value(g(a), f.py_func(a))
        assert g.lifted_loops[0].signatures
    fallback = pickle.loads(pickle.dumps(maybe_nopython))
    assert fallback is maybe_nopython

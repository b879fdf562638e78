"""`def f(**kwargs)` and `def f(*args, **kwargs)`: the keywords no other parameter takes arrive
as a struct that carries their names (values of any types), called from Python and from compiled
code; read by constant keys (`kw['a']`, `kw.get('a', d)`, `'a' in kw`, `len(kw)`) and forwarded
by name (`g(**kw)`, to any parameters), it stays one; any other use (iteration, `items()`, a
key known only at run time, returning it) makes it a dict, whose values must have one type.
Binding errors are CPython's TypeErrors (from Python) or compile-time errors with CPython's
message (a forwarded struct's keys are known when compiling). A dict whose keys are not known
when compiling goes only to a `**kwargs` parameter (see test_kwargs.py)."""

import numpy as np
import oxjit
import pytest
from conftest import assert_diagnostic, assert_same, compile_error, jitted
from test_nrt import assert_no_leak, stats

pytestmark = pytest.mark.requires_jit


def count(**kwargs):
    return len(kwargs)


def lookup(x, **kwargs):
    total = x
    if "scale" in kwargs:
        total = total * kwargs["scale"]
    return total + kwargs.get("shift", 0.0)


def keys_in_order(**kw):
    out = ""
    for k in kw:
        out += k + ","
    return out


def weighted(*args, **weights):
    total = 0.0
    for i, a in enumerate(args):
        total += a * weights.get("w" + str(i), 1.0)
    return total, len(args), len(weights)


def items_sum(**kw):
    s = 0
    for k, v in kw.items():
        s += len(k) * v
    return s


def returned(a, **kw):
    return kw


def kwonly_and_kwargs(a, *, b=2, **kw):
    return a + b + len(kw)


def strings(**kw):
    return kw.get("name", "none") + "!"


@oxjit.njit
def callee(x, **kw):
    return x + kw.get("y", 0) * 10 + len(kw)


def calls_with_keywords(n):
    return callee(n, y=3, z=4) + callee(n) + callee(x=n, y=1)


@oxjit.njit
def star_callee(*args, **kw):
    return len(args) * 100 + len(kw)


def calls_star(n):
    return star_callee(n, n, a=1) + star_callee()


def mixed_types(n):
    return callee(n, y=1, z="text")


def test_from_python():
    assert_same(count)
    assert_same(count, a=1, b=2)
    assert_same(lookup, 2.0)
    assert_same(lookup, 2.0, scale=3.0)
    assert_same(lookup, 2.0, scale=3.0, shift=0.5)
    assert_same(lookup, x=2.0, shift=1.5)
    assert_same(keys_in_order, zeta=1, alpha=2, mid=3)
    assert_same(weighted, 1.0, 2.0, 3.0, w1=0.5, w2=2.0)
    assert_same(weighted, 2.0)
    assert_same(items_sum, ab=2, c=5)
    assert_same(returned, 1, p=1.5, q=2.5)
    assert_same(returned, 1)
    assert_same(kwonly_and_kwargs, 1)
    assert_same(kwonly_and_kwargs, 1, b=5, c=1, d=2)
    assert_same(strings, name="x")


def strings_as_dict(**kw):
    out = kw.get("name", "none") + "!"
    for k in kw:
        out += k
    return out


def test_empty_kwargs():
    # Read by constant keys, an empty `**kwargs` has no values to type: `get` gives the default.
    assert_same(strings)
    # Used as a dict, it is an empty dict of int64 values (nothing to take a type from): a
    # default of another type cannot be its `get` result.
    assert_same(strings_as_dict, name="x")
    with pytest.raises(oxjit.errors.TypingError, match="does not unify with the dict's values"):
        jitted(strings_as_dict)()


def test_binding_errors_are_cpythons():
    # A keyword naming a parameter twice, a missing required one, too many positionals.
    assert_same(lookup, 2.0, x=3.0)
    assert_same(lookup, scale=3.0)
    assert_same(count, 1)
    assert_same(kwonly_and_kwargs, 1, 2)


def test_from_compiled_code():
    assert_same(calls_with_keywords, 2)
    assert_same(calls_star, 3)


def test_keywords_of_different_types():
    # `callee` reads its `**kw` by constant keys: values of any types.
    assert_same(mixed_types, 1)


@oxjit.njit
def iterates(**kw):
    n = 0
    for k in kw:
        n += len(k)
    return n


def iterates_mixed(n):
    return iterates(y=1, z="text")


def test_keywords_of_different_types_as_a_dict_refused():
    # Iterated, `**kw` is a dict: its values must have one type.
    exc = compile_error(iterates_mixed, 1)
    msg = assert_diagnostic(exc, iterates.py_func, "**kw", oxjit.errors.UnsupportedError)
    assert "must have one type" in msg
    assert "'y' is int64 while 'z' is unicode_type" in msg
    with pytest.raises(oxjit.errors.UnsupportedError, match="'a' is int64 while 'b' is"):
        iterates(a=1, b="x")


def test_different_keyword_sets_specialize():
    f = jitted(lookup)
    assert f(1.0, scale=2.0) == 2.0
    assert f(1.0, shift=2.0) == 3.0


@oxjit.njit
def named_text(**kw):
    return kw.get("name", "none") + kw["sep"]


def calls_with_strings(n):
    return named_text(name=str(n), sep="!") + named_text(sep=str(n))


def test_no_leaks():
    assert_same(calls_with_strings, 12)
    assert_no_leak(calls_with_strings, 12)
    # From Python: the dict made of the keywords where one is made, and the strings made from
    # its keys.
    for f, kwargs in [(lookup, {"scale": 3.0}), (keys_in_order, {"a": 1, "bc": 2}), (count, {})]:
        g = jitted(f)
        args = (2.0,) if f is lookup else ()
        g(*args, **kwargs)
        before = stats()
        for _ in range(20):
            g(*args, **kwargs)
        after = stats()
        # Read by constant keys, `**kw` is a struct: nothing is allocated; iterated, a dict.
        assert (after.alloc - before.alloc > 0) == (f is keys_in_order)
        assert after.alloc - before.alloc == after.free - before.free, (f.__name__, before, after)


# ------------------------------------------------------------------ forwarding `g(**kw)`


@oxjit.njit
def inner(x, **kw):
    return x * kw.get("scale", 1.0) + len(kw)


def forwards(y, **kw):
    return inner(y, **kw)


def forwards_with_more(x, **kw):
    return inner(x, extra=0.5, **kw)


def forwards_a_made_dict(x):
    d = {"scale": 2.0}
    d["other"] = 1.0
    return inner(x, **d)


def forwards_a_made_dict_named(x):
    d = {"x": 2.0}
    return inner(x, **d)


@oxjit.njit
def with_default(x, scale=1.0, **kw):
    return x * scale + len(kw)


def forwards_to_default(x, **kw):
    return with_default(x, **kw)


def forwards_to_builtin(x, **kw):
    return max(x, **kw)


def test_forwarding():
    assert_same(forwards, 2.0)
    assert_same(forwards, 2.0, scale=3.0, other=1.0)
    assert_same(forwards_with_more, 2.0, scale=3.0)
    assert_same(forwards_a_made_dict, 2.0)


def test_forwarding_errors_are_cpythons():
    # A key naming a parameter the call gives, or a keyword given too: the keys of a forwarded
    # `**kwargs` are known when compiling, so these are compile-time errors with CPython's
    # message (CPython raises TypeError when the call runs).
    with pytest.raises(TypeError, match="inner\\(\\) got multiple values for argument 'x'"):
        forwards(2.0, x=1.0)
    with pytest.raises(
        oxjit.errors.TypingError, match="inner\\(\\) got multiple values for argument 'x'"
    ):
        jitted(forwards)(2.0, x=1.0)
    # CPython names the function with its module here ("test_kwargs_param.inner() got ...").
    with pytest.raises(
        oxjit.errors.TypingError,
        match="inner\\(\\) got multiple values for keyword argument 'extra'",
    ):
        jitted(forwards_with_more)(2.0, extra=1.0)
    with pytest.raises(
        TypeError, match="inner\\(\\) got multiple values for keyword argument 'extra'"
    ):
        forwards_with_more(2.0, extra=1.0)
    # A dict whose keys are known only at run time: checked when the call runs.
    assert_same(forwards_a_made_dict_named, 2.0)


@oxjit.njit
def named(a, b):
    return a + b


def forwards_to_it(**kw):
    return named(**kw)


def test_forwarding_by_name():
    # The keys of `**kw` are known when compiling: forwarded, they bind to named parameters,
    # defaults and `**kwargs` as in CPython.
    assert_same(forwards_to_it, a=1.0, b=2.0)
    assert_same(forwards_to_it, b=1, a=2.5)
    assert_same(forwards_to_default, 2.0)
    assert_same(forwards_to_default, 2.0, scale=3.0)
    assert_same(forwards_to_default, 2.0, scale=3, other=1.0, more="x")


def test_forwarding_refused():
    # A missing parameter: CPython's message, at compile time.
    with pytest.raises(TypeError, match="missing 1 required positional argument: 'b'"):
        forwards_to_it(a=1.0)
    with pytest.raises(
        oxjit.errors.TypingError, match="named\\(\\) missing 1 required positional argument: 'b'"
    ):
        jitted(forwards_to_it)(a=1.0)
    # Builtins take only literal dicts.
    exc = compile_error(forwards_to_builtin, 2.0)
    assert_diagnostic(exc, forwards_to_builtin, "max(x, **kw)", oxjit.errors.UnsupportedError)
    assert "can only go to a compiled function with a **kwargs parameter" in str(exc)


def test_forwarding_no_leaks():
    assert_no_leak(forwards_a_made_dict, 2.0)


# ------------------------------------------------------------------ values of different types


@oxjit.njit
def target(a, b, c="none", *, d=0):
    return a * b, c, d


def forward(**kw):
    return target(**kw)


@oxjit.njit
def middle(**kw):
    return target(**kw)


@oxjit.njit
def outer(**kw):
    return middle(**kw)


def forward_three_levels(**kw):
    return outer(**kw)


def forward_with_positional(x, **kw):
    return target(x, **kw)


def forward_with_keyword(**kw):
    return target(d=5, **kw)


def from_compiled(n):
    return outer(a=n, b=2.5, c=str(n) + "x"), middle(b=True, a=n, d=7), outer(b=0.5, a=n)


def reads(**kw):
    out = 0.0
    if "a" in kw:
        out += kw["a"]
    if "b" not in kw:
        out -= 1
    return out, kw.get("c", "no c"), kw.get("zz", -1), kw.get("b"), len(kw)


def reads_arrays(**kw):
    return float(kw["x"].sum()) * kw.get("scale", 1), kw["label"]


def total(**kw):
    s = 0.0
    for k, v in kw.items():
        s += v * len(k)
    return s


def as_dict(**kw):
    return kw


def test_forwarding_mixed_types():
    assert_same(forward, a=1, b=2.5, c="x")
    assert_same(forward, b=2.5, a=3)
    assert_same(forward, a=2, b=3, d=1)
    assert_same(forward_three_levels, a=1, b=2.5, c="x", d=4)
    assert_same(forward_three_levels, a=1.5, b=2)
    assert_same(forward_with_positional, 2, b=1.5, c="y")
    assert_same(forward_with_keyword, a=1, b=2.5, c="x")
    assert_same(from_compiled, 3)
    # CPython's TypeErrors, at compile time in compiled code.
    with pytest.raises(TypeError, match="got an unexpected keyword argument 'e'"):
        forward(a=1, b=2, e=3)
    with pytest.raises(
        oxjit.errors.TypingError, match="target\\(\\) got an unexpected keyword argument 'e'"
    ):
        jitted(forward)(a=1, b=2, e=3)
    with pytest.raises(
        oxjit.errors.TypingError,
        match="target\\(\\) got multiple values for keyword argument 'd'",
    ):
        jitted(forward_with_keyword)(a=1, b=2, d=3)


def test_reading_mixed_types():
    assert_same(reads, a=1, b=2.5, c="x")
    assert_same(reads, c="only c")
    assert_same(reads)
    assert_same(reads, a=2.5, b="b")
    assert_same(reads_arrays, x=np.arange(4.0), label="four")
    assert_same(reads_arrays, x=np.arange(3), label="three", scale=0.5)


def test_mixed_types_specialize_per_names():
    f = oxjit.njit(reads)
    f(a=1, b=2.5)
    f(b=2.5, a=1)
    f(a=1, b=2.5)
    assert len(f._specializations()) == 2


def test_uniform_kwargs_as_a_dict():
    assert_same(total, a=1, bb=2.5)
    assert_same(total)
    assert_same(as_dict, a=1, b=2)
    assert_same(as_dict, a=1.5, b=2.5)


def test_mixed_types_no_leaks():
    assert_no_leak(from_compiled, 3)
    g = jitted(reads_arrays)
    x = np.arange(4.0)
    g(x=x, label="four")
    before = stats()
    for _ in range(20):
        g(x=x, label="four")
    after = stats()
    assert after.alloc - before.alloc == after.free - before.free


def captured(n, **kw):
    # Read in a generator expression and a lambda (closures capturing it): still by name.
    scale = lambda x: x * kw["a"]
    return sum(scale(i) for i in range(n)), [kw.get("s", "") + str(i) for i in range(n)]


def inner_kwargs(n):
    def inner(x, **kw):
        return target(x, **kw)

    return inner(n, b=2.5, c="q"), inner(n, b=1)


def unguarded(**kw):
    return kw["nope"]


def test_captured_and_inner():
    assert_same(captured, 3, a=2, s="x")
    assert_same(captured, 2, a=0.5)
    assert_same(inner_kwargs, 3)


def test_missing_key_refused():
    # CPython raises KeyError('nope') when it runs; the keys are known when compiling.
    exc = compile_error(unguarded)
    msg = assert_diagnostic(exc, unguarded, 'kw["nope"]', oxjit.errors.TypingError)
    assert "KeyError: 'nope'" in msg


def two_kinds(x, **kw):
    return x + kw["a"], kw.get("s", "")


def test_signatures_name_the_kwargs_struct():
    # A dispatcher's signatures (and their pickles) carry the keywords' names and types.
    import pickle

    f = jitted(two_kinds)
    assert f(1, a=2.5, s="q") == two_kinds(1, a=2.5, s="q")
    assert f(2, a=1) == two_kinds(2, a=1)
    kinds = sorted(str(sig[1]) for sig in f.signatures)
    assert kinds == ["**kwargs(a=float64, s=unicode_type)", "**kwargs(a=int64)"]
    for sig in f.signatures:
        kw = sig[1]
        assert isinstance(kw, oxjit.types.Kwargs)
        assert pickle.loads(pickle.dumps(kw)) == kw
    assert oxjit.types.parse_type("**kwargs()").fields == ()
    with pytest.raises(ValueError, match="expected a keyword's name"):
        oxjit.types.parse_type("**kwargs(1=int64)")

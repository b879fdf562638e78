"""`def f(**kwargs)` and `def f(*args, **kwargs)`: the keywords no other parameter takes arrive
as a dict of str keys (their values of one type, as a dict of them would be typed), called from
Python and from compiled code; `kwargs['a']`, `kwargs.get`, `len`, `in`, iteration and
`items()` are a dict's. Binding errors are CPython's TypeErrors. Keywords of different types are
refused at compile time; forwarding `g(**kwargs)` of a dict whose keys are not known when
compiling is refused (see test_kwargs.py)."""

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


def test_empty_kwargs_hold_int64_values():
    # A call with no extra keywords passes an empty dict typed with int64 values (it has no
    # items to take a type from): a default of another type cannot be its `get` result.
    with pytest.raises(oxjit.errors.TypingError, match="does not unify with the dict's values"):
        jitted(strings)()


def test_binding_errors_are_cpythons():
    # A keyword naming a parameter twice, a missing required one, too many positionals.
    assert_same(lookup, 2.0, x=3.0)
    assert_same(lookup, scale=3.0)
    assert_same(count, 1)
    assert_same(kwonly_and_kwargs, 1, 2)


def test_from_compiled_code():
    assert_same(calls_with_keywords, 2)
    assert_same(calls_star, 3)


def test_keywords_of_different_types_refused():
    exc = compile_error(mixed_types, 1)
    msg = assert_diagnostic(
        exc, mixed_types, 'callee(n, y=1, z="text")', oxjit.errors.UnsupportedError
    )
    assert "must have one type" in msg
    assert "'y' is int64 while 'z' is unicode_type" in msg


def test_different_keyword_sets_specialize():
    f = jitted(lookup)
    assert f(1.0, scale=2.0) == 2.0
    assert f(1.0, shift=2.0) == 3.0


def test_no_leaks():
    assert_no_leak(calls_with_keywords, 2)
    assert_no_leak(calls_star, 2)
    # From Python: the dict made of the keywords, and the strings made from its keys.
    for f, kwargs in [(lookup, {"scale": 3.0}), (keys_in_order, {"a": 1, "bc": 2}), (count, {})]:
        g = jitted(f)
        args = (2.0,) if f is lookup else ()
        g(*args, **kwargs)
        before = stats()
        for _ in range(20):
            g(*args, **kwargs)
        after = stats()
        assert after.alloc - before.alloc > 0
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
    # A key naming a parameter the call gives, or a keyword given too.
    assert_same(forwards, 2.0, x=1.0)
    # CPython names the function with its module here ("test_kwargs_param.inner() got ...");
    # compiled code says "inner() got multiple values for keyword argument 'extra'".
    with pytest.raises(
        TypeError, match="inner\\(\\) got multiple values for keyword argument 'extra'"
    ):
        jitted(forwards_with_more)(2.0, extra=1.0)
    with pytest.raises(
        TypeError, match="inner\\(\\) got multiple values for keyword argument 'extra'"
    ):
        forwards_with_more(2.0, extra=1.0)


@oxjit.njit
def named(a, b):
    return a + b


def forwards_to_it(**kw):
    return named(**kw)


def test_forwarding_refused():
    with pytest.raises(oxjit.errors.CompilerError) as info:
        oxjit.njit(forwards_to_it)(a=1.0, b=2.0)
    exc = info.value
    msg = assert_diagnostic(exc, forwards_to_it, "named(**kw)", oxjit.errors.UnsupportedError)
    assert "named() missing 2 required positional arguments: 'a' and 'b'" in msg
    assert "can only fill the callee's **kwargs parameter" in msg
    exc = compile_error(forwards_to_default, 2.0)
    msg = assert_diagnostic(
        exc, forwards_to_default, "with_default(x, **kw)", oxjit.errors.UnsupportedError
    )
    assert "could name a parameter left to its default" in msg
    exc = compile_error(forwards_to_builtin, 2.0)
    assert_diagnostic(exc, forwards_to_builtin, "max(x, **kw)", oxjit.errors.UnsupportedError)
    assert "can only go to a compiled function with a **kwargs parameter" in str(exc)


def test_forwarding_no_leaks():
    assert_no_leak(forwards_a_made_dict, 2.0)

"""The call forms of issue 9's part 5: keyword-only parameters, `*args`, `isinstance`,
`type(x)(v)`, `import` inside a function, `del` of a local; each compiled result (or exception,
by class and message) must be CPython's."""

import numpy as np
import oxjit
import pytest
from conftest import assert_same, jitted

pytestmark = pytest.mark.requires_jit


def kw_only(x, *, k=2, bias=0.5):
    return x * k + bias


def kw_only_required(x, *, scale):
    return x * scale


def star_args(*args):
    total = 0.0
    for a in args:
        total += a
    return total, len(args)


def star_then_kw(first, *rest, scale=1.0):
    s = first
    for r in rest:
        s += r
    return s * scale


def star_args_mixed(*args):
    # A heterogeneous tuple: indexed, not iterated.
    return args[0] * 2, args[1] + 1.5


@oxjit.njit
def jitted_star(a, *rest, scale=1.0):
    t = 0.0
    for r in rest:
        t += r
    return (a + t) * scale


def calls_star(x):
    return jitted_star(x, 1.0, 2.0, scale=2.0) + jitted_star(x) + jitted_star(x, 5.0)


@oxjit.njit
def jitted_kw(x, *, k=3):
    return x - k


def calls_kw(x):
    return jitted_kw(x) + jitted_kw(x, k=10)


def is_int(x):
    return isinstance(x, int), isinstance(x, float), isinstance(x, (complex, float))


def branch_on_type(x):
    # The branch not taken would not type (a tuple and a float cannot be one return type).
    if isinstance(x, float):
        return x * 2.0
    return (x, x)


def convert_like(x, v):
    return type(x)(v)


def import_inside(x):
    import math

    return math.sqrt(x)


def import_from_inside(x):
    from math import floor as fl
    from math import pi

    return fl(x * pi)


def import_numpy_inside(n):
    import numpy as xp

    return float(xp.arange(n).sum())


def delete_local(x):
    y = x + 1
    z = y * 2
    del y
    return z


def read_after_del(x):
    y = x + 1
    del y
    return y  # noqa: F821 - the UnboundLocalError is what is tested


def unroll_sum(t):
    total = 0.0
    for x in oxjit.literal_unroll(t):
        total += x * 2
    return total


def unroll_kinds(t):
    # Each copy of the body types for its own item.
    ints = 0
    floats = 0.0
    for x in oxjit.literal_unroll(t):
        if isinstance(x, int):
            ints += x
        else:
            floats += x
    return ints, floats


def unroll_break_continue(t):
    seen = 0
    for x in oxjit.literal_unroll(t):
        if x == 2:
            continue
        if x > 5:
            break
        seen += x
    else:
        seen -= 1000
    return seen


def unroll_display(x):
    out = 0.0
    for scale in oxjit.literal_unroll((1, 2.5, True)):
        out += x * scale
    return out


CASES = [
    (kw_only, (3.0,), {}),
    (kw_only, (3.0,), {"k": 4}),
    (kw_only, (3.0,), {"bias": 1.0, "k": 1}),
    (kw_only, (3.0, 4), {}),
    (kw_only_required, (3.0,), {"scale": 2.0}),
    (kw_only_required, (3.0,), {}),
    (star_args, (), {}),
    (star_args, (1.0,), {}),
    (star_args, (1.0, 2.5, 4.0), {}),
    (star_then_kw, (1.0,), {}),
    (star_then_kw, (1.0, 2.0, 3.0), {"scale": 0.5}),
    (star_args_mixed, (3, 2.0), {}),
    (calls_star, (1.0,), {}),
    (calls_kw, (20,), {}),
    (is_int, (3,), {}),
    (is_int, (3.5,), {}),
    (is_int, (True,), {}),
    (is_int, (2j,), {}),
    (branch_on_type, (2.5,), {}),
    (branch_on_type, (7,), {}),
    (convert_like, (3, 2.9), {}),
    (convert_like, (3.0, 2), {}),
    (convert_like, (1j, 2.0), {}),
    (convert_like, (True, 5), {}),
    (import_inside, (16.0,), {}),
    (import_from_inside, (2.0,), {}),
    (import_numpy_inside, (10,), {}),
    (delete_local, (4,), {}),
    (read_after_del, (4,), {}),
    (unroll_sum, ((1, 2.5, 3j),), {}),
    (unroll_sum, ((),), {}),
    (unroll_kinds, ((1, 2.5, 3, 0.25),), {}),
    (unroll_break_continue, ((1, 2, 3),), {}),
    (unroll_break_continue, ((1, 2, 7, 1),), {}),
    (unroll_display, (2.0,), {}),
]


@pytest.mark.parametrize(
    "func,args,kwargs", CASES, ids=[f"{f.__name__}{a!r}{k or ''}" for f, a, k in CASES]
)
def test_same_as_cpython(func, args, kwargs):
    assert_same(func, *args, **kwargs)


def test_numpy_scalar_type_converts():
    f = oxjit.njit(convert_like)
    # float32 results come back as Python floats, as from Numba.
    assert f(np.float32(1.5), 2.3) == float(np.float32(2.3))
    assert [str(t) for t in f.signatures[0]] == ["float32", "float64"]


def test_star_args_signature_takes_a_tuple():
    f = oxjit.njit(star_args)
    f(1.0, 2.0)
    (sig,) = f.signatures
    assert len(sig) == 1 and "UniTuple(float64" in str(sig[0])


def isinstance_ndarray(a):
    return isinstance(a, np.ndarray)


def isinstance_len(a):
    return isinstance(a, len)


def test_isinstance_of_ndarray_and_refusal_of_non_classes():
    assert_same(isinstance_ndarray, np.zeros(2))
    assert_same(isinstance_ndarray, 2.0)
    with pytest.raises(oxjit.errors.UnsupportedError, match="isinstance"):
        jitted(isinstance_len)(np.zeros(2))


def star_star(**kwargs):
    return len(kwargs)


def test_double_star_parameters():
    # More in test_kwargs_param.py.
    assert_same(star_star, a=1)


def unroll_reassigned(n):
    t = (1, 2.5)
    if n > 0:
        t = (3, 4.5)
    total = 0.0
    for x in oxjit.literal_unroll(t):
        total += x
    return total


def unroll_unknown_length(n):
    t = (1, 2.5)
    t = t + (n,)
    total = 0.0
    for x in oxjit.literal_unroll(t):
        total += x
    return total


def test_literal_unroll_needs_a_known_length():
    # Displays of one length: that length wherever the variable is read.
    assert_same(unroll_reassigned, 1)
    assert_same(unroll_reassigned, 0)
    # Made otherwise: a plain loop, which a heterogeneous tuple cannot have.
    with pytest.raises(oxjit.errors.TypingError, match="literal_unroll.*known when"):
        jitted(unroll_unknown_length)(1)


def relative_import(x):
    from . import nothing  # noqa: F401 - refused before it runs

    return x


def test_relative_import_is_refused():
    with pytest.raises(oxjit.errors.UnsupportedError, match="relative import"):
        jitted(relative_import)(1)


Pair = __import__("collections").namedtuple("Pair", "x y")


def is_container(x):
    return (
        isinstance(x, tuple),
        isinstance(x, str),
        isinstance(x, set),
        isinstance(x, (str, tuple)),
        isinstance(x, (int, set)),
    )


def first_or_self(x):
    # Numba's branch pruning on isinstance: the other branch does not type for this x.
    if isinstance(x, tuple):
        return x[0] + 1
    if isinstance(x, str):
        return len(x)
    return x * 2


def kwargs_is_not_tuple(**kw):
    return isinstance(kw, tuple)


@pytest.mark.parametrize(
    "x", [(1, 2), (1, 2.5, "a"), Pair(1, 2), 3, 2.5, "s", {1, 2}, [1], np.arange(2)]
)
def test_isinstance_of_containers(x):
    assert_same(is_container, x)


@pytest.mark.parametrize("x", [(4, 5), "abc", 7])
def test_isinstance_prunes_branches(x):
    assert_same(first_or_self, x)


def test_kwargs_struct_is_not_a_tuple():
    assert jitted(kwargs_is_not_tuple)(a=1) is False


def is_list(x):
    return isinstance(x, list)


def test_isinstance_list_tells_a_list_from_a_typed_list():
    # One type in compiled code: the list's block says which (tests/test_isinstance_containers).
    typed_list = oxjit.typed.List()
    typed_list.append(1)
    assert jitted(is_list)([1]) is True
    assert jitted(is_list)(typed_list) is False

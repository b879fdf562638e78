"""`with objmode(x="float64[:]"): ...` inside a compiled function: the block runs in the
interpreter with the block's live-in variables, its declared outputs come back typed. Each
function runs under CPython (where `objmode(...)` does nothing) and compiled; results and
exceptions (class and message) must be the same, and nothing leaks."""

import numpy as np
import oxjit
import pytest
from conftest import assert_diagnostic, assert_same, compile_error, jitted
from oxjit import objmode, types
from test_nrt import assert_no_leak, stats

pytestmark = pytest.mark.requires_jit

CALLS = []


class BlockError(ValueError):
    pass


def interpreted_sum(n):
    a = np.arange(n, dtype=np.float64)
    with objmode(total="float64", k="int64"):
        total = float(sum(a.tolist()))  # plain Python, not compilable
        k = len(a)
    return total + k


def array_out(n):
    with objmode(y="float64[:]"):
        y = np.linspace(0.0, 1.0, n)
    return y * 2.0


def array_in_and_out(a):
    b = a + 1.0
    with objmode(c="float64[:]", s="float64"):
        c = np.sort(b)[::-1].copy()
        s = float(np.median(b))
    return float(c.sum()) + s, c


def two_d_out(n):
    with objmode(m="float64[:, :]"):
        m = np.eye(n)
    return float(m.sum())


def type_objects(n):
    with objmode(y=types.float64[:], k=types.int64):
        y = np.ones(n)
        k = n * 3
    return float(y.sum()) + k


def tuple_and_str(x):
    with objmode(t="UniTuple(int64, 2)", s="unicode_type"):
        t = (x, x + 1)
        s = "v" + str(x)
    return t[0] + t[1], s


def side_effect(x):
    with objmode():
        CALLS.append(x)
    return x + 1


def in_a_loop(n):
    total = 0.0
    for i in range(n):
        with objmode(v="float64"):
            v = float(i) ** 0.5
        total += v
    return total


def updates_variable(x):
    y = x * 2
    with objmode(y="int64"):
        y = y + 100
    return y


def modifies_input_array(a):
    with objmode():
        a[0] = 42.0
    return a[0]


def block_raises(x):
    with objmode(y="int64"):
        if x < 0:
            raise ValueError("negative: " + str(x))
        y = x
    return y


def block_raises_caught(x):
    try:
        with objmode(y="int64"):
            if x < 0:
                raise ValueError("negative")
            y = x
    except ValueError:
        y = -1
    return y


def block_raises_user_class(x):
    try:
        with objmode(y="int64"):
            if x < 0:
                raise BlockError("bad", x)
            y = x
    except LookupError:
        y = -2
    return y


def block_raises_user_caught(x):
    try:
        with objmode(y="int64"):
            if x < 0:
                raise BlockError("bad")
            y = x
    except ValueError:
        y = -3
    return y


def wrong_type(x):
    with objmode(y="int64"):
        y = 1.5 * x
    return y


def wrong_array(n):
    with objmode(y="float64[:]"):
        y = np.arange(n)
    return y


def widening(x):
    with objmode(y="float64", c="complex128"):
        y = x
        c = True
    return y, c


def test_plain_python_inside():
    assert_same(interpreted_sum, 5)
    assert_same(interpreted_sum, 0)


def test_array_outputs():
    assert_same(array_out, 5)
    assert_same(two_d_out, 3)
    assert_same(array_in_and_out, np.array([3.0, 1.0, 2.0]))


def test_type_objects_as_annotations():
    assert_same(type_objects, 4)


def test_tuple_and_string_outputs():
    assert_same(tuple_and_str, 7)


def test_no_outputs_runs_each_call():
    CALLS.clear()
    f = jitted(side_effect)
    assert f(3) == 4
    assert f(5) == 6
    assert CALLS == [3, 5]


def test_loop_and_updates():
    assert_same(in_a_loop, 10)
    assert_same(updates_variable, 4)


def test_input_array_is_shared():
    a = np.zeros(3)
    assert jitted(modifies_input_array)(a) == 42.0
    assert a[0] == 42.0


def test_exceptions_propagate():
    assert_same(block_raises, 3)
    assert_same(block_raises, -3)
    with pytest.raises(ValueError) as info:
        jitted(block_raises)(-5)
    # The original exception object, with the traceback of the block's own line.
    frames = [f.name for f in info.traceback]
    assert "__oxjit_objmode_block__" in frames


def test_exceptions_caught_by_class():
    assert_same(block_raises_caught, -1)
    assert_same(block_raises_caught, 4)
    assert_same(block_raises_user_caught, -1)
    with pytest.raises(BlockError) as info:
        jitted(block_raises_user_class)(-1)
    assert info.value.args == ("bad", -1)


def test_declared_type_checked():
    with pytest.raises(TypeError, match=r"objmode output 'y' is declared as int64.*float64"):
        jitted(wrong_type)(2)
    with pytest.raises(TypeError, match=r"objmode output 'y' is declared as array\(float64"):
        jitted(wrong_array)(3)
    # Declared types convert what the block gives (as Numba unboxes it): int to float,
    # bool to complex.
    y, c = jitted(widening)(3)
    assert (y, type(y), c, type(c)) == (3.0, float, 1 + 0j, complex)


def test_no_leaks():
    assert_no_leak(array_out, 10)
    assert_no_leak(array_in_and_out, np.arange(5.0))


def caught_with_live_array(n):
    a = np.ones(n)
    try:
        with objmode(y="float64[:]"):
            y = a.copy()
            if n > 2:
                raise ValueError("too long")
    except ValueError:
        y = a[:1]
    return float(y.sum())


def test_no_leaks_when_caught():
    assert_same(caught_with_live_array, 2)
    assert_same(caught_with_live_array, 4)
    assert_no_leak(caught_with_live_array, 4)
    assert_no_leak(caught_with_live_array, 2)


def test_no_leaks_on_raise():
    def body(n):
        a = np.ones(n)
        with objmode(y="float64[:]"):
            if n > 2:
                raise KeyError(n)
            y = a * 2
        return float(y.sum() + a.sum())

    assert_no_leak(body, 2)
    assert_no_leak(body, 3, expect_raise=KeyError)


def test_output_array_outlives_python_reference():
    def make(n):
        with objmode(y="float64[:]"):
            y = np.full(n, 7.0)
        z = y[1:]
        return z

    before = stats()
    out = jitted(make)(4)
    assert out.tolist() == [7.0, 7.0, 7.0]
    del out
    after = stats()
    assert after.alloc - before.alloc == after.free - before.free


def test_python_call_does_nothing():
    with objmode(x="int64"):
        x = 3
    assert x == 3
    with pytest.raises(TypeError):
        objmode("int64")


# ------------------------------------------------------------------ refused


def other_context(x):
    with open("f") as fh:  # noqa: F841
        pass
    return x


def undeclared_output(x):
    y = 0
    with objmode():
        y = x + 1
    return y


def return_inside(x):
    with objmode(y="int64"):
        return x
    return y  # noqa: F821 (never reached)


def bad_annotation(x):
    with objmode(y="notatype"):
        y = x
    return y


def test_refused():
    exc = compile_error(other_context, 1)
    assert_diagnostic(exc, other_context, 'open("f")', oxjit.errors.UnsupportedError)
    assert "objmode" in str(exc)
    exc = compile_error(undeclared_output, 1)
    assert_diagnostic(exc, undeclared_output, "with objmode():", oxjit.errors.UnsupportedError)
    assert "'y' is assigned inside" in str(exc)
    exc = compile_error(return_inside, 1)
    assert_diagnostic(exc, return_inside, "return x", oxjit.errors.UnsupportedError)
    exc = compile_error(bad_annotation, 1)
    assert_diagnostic(exc, bad_annotation, 'with objmode(y="notatype")', oxjit.errors.TypingError)
    assert "'y'" in str(exc)


def cached_block(x):
    with objmode(y="int64"):
        y = x + 1
    return y


def test_cache_refused():
    with pytest.raises(oxjit.errors.UnsupportedError, match="cache=True: a function with a"):
        oxjit.njit(cache=True)(cached_block)(1)


def in_inner_function(x):
    def inner(y):
        with objmode(z="float64"):
            z = y * 3.0
        return z

    return inner(x) + 1.0


@oxjit.njit
def logged(x):
    with objmode():
        CALLS.append(x)
    return x + 1


def in_callee(x):
    return logged(x) * 2


def test_blocks_in_inner_functions_and_callees():
    assert_same(in_inner_function, 2.0)
    CALLS.clear()
    assert jitted(in_callee)(4) == 10
    assert CALLS == [4]


def in_prange(n):
    s = 0.0
    for i in oxjit.prange(n):
        with objmode(v="float64"):
            v = float(i)
        s += v
    return s


def test_prange_refused():
    with pytest.raises(oxjit.errors.UnsupportedError) as info:
        oxjit.njit(parallel=True)(in_prange)(4)
    assert_diagnostic(
        info.value, in_prange, 'with objmode(v="float64")', oxjit.errors.UnsupportedError
    )

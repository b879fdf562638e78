"""Numba's extension API in oxjit: ``overload`` (of Python functions and of NumPy functions oxjit
lacks), ``overload_method``, ``literally`` and literal types, ``generated_jit``.

Compiled code runs the implementation a typing function chose for the argument types; Python
runs the overloaded function itself, so the differential tests compare the two: each overload
here computes what its Python function computes."""

import inspect
import os

import numpy as np
import oxjit
import pytest
from conftest import assert_same, jitted, same_value
from oxjit import types
from oxjit.extending import generated_jit, overload, overload_method

pytestmark = pytest.mark.requires_jit

# ---------------------------------------------------------------------------------------------
# overload of a library's Python function, chosen by the arguments' types


def scaled(x, k=2):
    """The library's Python version."""
    if isinstance(x, np.ndarray):
        return x * k
    return x * k


@overload(scaled)
def _ol_scaled(x, k=2):
    if isinstance(x, types.Integer) and isinstance(k, (types.Integer, types.Omitted)):

        def impl_int(x, k=2):
            return x * k

        return impl_int
    if isinstance(x, types.Float):
        return lambda x, k=2: x * k
    if isinstance(x, types.Array) and x.ndim == 1 and isinstance(x.dtype, types.Float):

        def impl_array(x, k=2):
            out = np.empty_like(x)
            for i in range(x.shape[0]):
                out[i] = x[i] * k
            return out

        return impl_array
    return None


def use_scaled_int(a):
    return scaled(a, 3) + 1


def use_scaled_default(a):
    return scaled(a)


def use_scaled_float(a):
    return scaled(a, 0.5)


def use_scaled_array(a):
    return scaled(a, 3.0)


def use_scaled_str(s):
    return scaled(s, 2)


def test_overload_selected_by_types():
    assert_same(use_scaled_int, 5)
    assert_same(use_scaled_int, -7)
    assert_same(use_scaled_float, 1.5)
    assert_same(use_scaled_array, np.arange(5.0))
    assert_same(use_scaled_default, 21)


def probe(x, k=2):
    return x * k


SEEN = []  # the types each call of probe's typing function saw


@overload(probe)
def _ol_probe(x, k=2):
    SEEN.append((x, k))
    return lambda x, k=2: x * k


def test_typing_function_sees_oxjit_types():
    def default(a):
        return probe(a)

    def array(a):
        return probe(a, 1.5)

    SEEN.clear()
    oxjit.njit(default)(4)
    x, k = SEEN[-1]
    assert isinstance(x, types.Integer) and x == types.int64 and x.bitwidth == 64 and x.signed
    assert isinstance(k, types.Omitted) and k.value == 2
    oxjit.njit(array)(np.ones(3))
    x, k = SEEN[-1]
    assert isinstance(x, types.Array) and (x.ndim, x.dtype, x.layout) == (1, types.float64, "C")
    assert isinstance(k, types.Float) and not isinstance(k, types.Literal)


def test_typing_function_runs_once_per_types():
    SEEN.clear()

    def twice(a):
        return probe(a, 5) + probe(a, 6)

    assert_same(twice, 1 + 2j)
    assert_same(twice, 3 - 1j)
    assert len(SEEN) == 1


def test_python_calls_run_the_python_function():
    assert scaled(4) == 8 and scaled.__name__ == "scaled"


def test_no_overload_for_the_types_is_a_typing_error():
    with pytest.raises(oxjit.errors.TypingError) as info:
        oxjit.njit(use_scaled_str)("ab")
    msg = str(info.value)
    assert "No implementation of function 'scaled'" in msg
    assert "scaled(unicode_type, int64)" in msg
    assert "_ol_scaled" in msg and "returned None" in msg
    # Placed at the call.
    line = inspect.getsourcelines(use_scaled_str)[1] + 1
    assert f"{os.path.basename(__file__)}:{line}:" in msg


# Several overloads of one function: the first that answers is used.


def kind(x):
    return "int" if isinstance(x, int) else "float"


@overload(kind)
def _ol_kind_int(x):
    if isinstance(x, types.Integer):
        return lambda x: "int"
    return None


@overload(kind)
def _ol_kind_float(x):
    if isinstance(x, types.Float):
        return lambda x: "float"
    return None


def use_kind(a, b):
    return kind(a) + "/" + kind(b)


def test_several_overloads_of_one_function():
    assert_same(use_kind, 1, 2.5)
    assert_same(use_kind, 0.5, 7)


# Keyword arguments bind to the function's parameters; the typing function and the
# implementation take them as the function does.


def clamp(x, lo=0.0, hi=1.0):
    return min(max(x, lo), hi)


@overload(clamp)
def _ol_clamp(x, lo=0.0, hi=1.0):
    def impl(x, lo=0.0, hi=1.0):
        return min(max(x, lo), hi)

    return impl


def use_clamp(a):
    return clamp(a, hi=0.5) + clamp(a) + clamp(a, -1.0, 2.0)


def test_keywords_and_defaults():
    assert_same(use_clamp, 0.75)
    assert_same(use_clamp, -3.0)


# ---------------------------------------------------------------------------------------------
# overload of a NumPy function oxjit does not implement; oxjit's own implementation first


@overload(np.heaviside)
def _ol_heaviside(x, h0):
    if isinstance(x, types.Float) and isinstance(h0, types.Float):

        def impl(x, h0):
            if x < 0.0:
                return 0.0
            return h0 if x == 0.0 else 1.0

        return impl
    return None


def use_heaviside(x, h0):
    return float(np.heaviside(x, h0))


@overload(np.sqrt)
def _ol_sqrt_never_used(x):
    return lambda x: -1.0


def use_sqrt(x):
    return float(np.sqrt(x))


def test_overload_of_numpy_function_oxjit_lacks():
    assert_same(use_heaviside, 1.5, 0.5)
    assert_same(use_heaviside, 0.0, 0.5)
    assert_same(use_heaviside, -2.0, 0.5)


def test_oxjit_implementation_comes_first():
    assert_same(use_sqrt, 2.0)


# ---------------------------------------------------------------------------------------------
# Errors in the extension's code


def bad_impl(x):
    return x


@overload(bad_impl)
def _ol_bad_impl(x):
    return lambda: 1


def raises_typing(x):
    return x


@overload(raises_typing)
def _ol_raises_typing(x):
    raise oxjit.errors.TypingError("only arrays, please")


def test_implementation_with_other_parameters_is_a_typing_error():
    def use(a):
        return bad_impl(a)

    with pytest.raises(oxjit.errors.TypingError, match="must take the same parameters"):
        oxjit.njit(use)(1)


def test_typing_function_error_is_reported():
    def use(a):
        return raises_typing(a)

    with pytest.raises(oxjit.errors.TypingError, match="only arrays, please"):
        oxjit.njit(use)(1)


def test_refused_extension_api_names_the_line():
    from oxjit import extending

    with pytest.raises(oxjit.errors.UnsupportedError) as info:

        @extending.type_callable(len)  # the line the error names
        def type_len(context):
            return None

    line = inspect.currentframe().f_lineno - 4
    msg = str(info.value)
    assert f"{os.path.basename(__file__)}:{line}:" in msg
    assert "numba.extending.type_callable" in msg


def test_core_extending_and_options():
    from oxjit.core.extending import overload as core_overload

    assert core_overload is overload
    with pytest.raises(TypeError, match="unexpected keyword argument 'fast'"):
        overload(probe, jit_options={"fast": True})


# ---------------------------------------------------------------------------------------------
# overload_method


@overload_method(types.Array, "scaled_total")
def _ol_scaled_total(a, k):
    if isinstance(k, types.Number):

        def impl(a, k):
            return a.sum() * k

        return impl
    return None


@overload_method(types.Array, "sum")
def _ol_sum_never_used(a):
    return lambda a: -1.0


def use_scaled_total(a, k):
    return a.scaled_total(k)


def use_sum(a):
    return float(a.sum())


def test_overload_method_on_arrays():
    a = np.arange(6.0).reshape(2, 3)
    got = jitted(use_scaled_total)(a, 2.0)
    assert same_value(got, float(a.sum() * 2.0))
    got = jitted(use_scaled_total)(np.arange(4), 3)
    assert same_value(got, int(np.arange(4).sum() * 3))
    assert_same(use_sum, a)  # the array's own sum


def test_overload_method_missing_for_the_types():
    def use(a):
        return a.scaled_total("x")

    with pytest.raises(oxjit.errors.TypingError, match="No implementation of function"):
        oxjit.njit(use)(np.ones(2))


# ---------------------------------------------------------------------------------------------
# literally and literal types


def power(x, n):
    return x**n


CHOSEN = []


@overload(power)
def _ol_power(x, n):
    if isinstance(n, types.Literal):
        CHOSEN.append(n.literal_value)
        if n.literal_value == 2:
            return lambda x, n: x * x
        return lambda x, n: x**n
    return lambda x, n: oxjit.literally(n)


def use_power(x, n):
    return power(x, n)


def use_power_const(x):
    return power(x, 2) + power(x, 3)


def test_literally_compiles_per_value():
    CHOSEN.clear()
    for n in (2, 3, 2, 4, 3):
        assert_same(use_power, 3, n)
    # The typing function saw each value once.
    assert CHOSEN == [2, 3, 4]


def test_constant_argument_is_a_literal():
    CHOSEN.clear()
    assert_same(use_power_const, 1.5)
    assert sorted(CHOSEN) == [2, 3]


def times_literal(x, n):
    return oxjit.literally(n) * x


def test_literally_in_a_jitted_function():
    assert_same(times_literal, 2.5, 3)
    assert_same(times_literal, 2.5, 4)
    assert_same(times_literal, 1, True)


def test_literally_of_a_value_that_cannot_be_literal():
    with pytest.raises(oxjit.errors.TypingError, match="cannot be one"):
        jitted(times_literal)(2.0, 1.5)


@oxjit.njit
def times_literal_jit(x, n):
    return oxjit.literally(n) * x


def calls_with_constants(x):
    return times_literal_jit(x, 2) + times_literal_jit(x, 5)


def passes_its_parameter(x, n):
    return times_literal_jit(x, n) - 1


def test_literally_through_callers():
    # A constant argument picks the value's compile; a parameter passed on makes the caller
    # compile per value too.
    assert_same(calls_with_constants, 1.5)
    assert_same(passes_its_parameter, 1.5, 3)
    assert_same(passes_its_parameter, 2, 7)


def literal_only(x, mode):
    return x + 1 if mode == "inc" else x - 1


@overload(literal_only)
def _ol_literal_only(x, mode):
    if isinstance(mode, types.StringLiteral):
        if mode.literal_value == "inc":
            return lambda x, mode: x + 1
        return lambda x, mode: x - 1
    return None


def use_literal_only(x):
    return literal_only(x, "inc") * 10 + literal_only(x, "dec")


def test_typing_function_asking_for_literals():
    assert_same(use_literal_only, 4)
    assert types.literal("a") == types.StringLiteral("a")
    assert types.unliteral(types.literal(3)) == types.int64
    assert isinstance(types.literal(True), types.Boolean)


def use_literal_only_variable(x, mode):
    return literal_only(x, mode)


def test_literal_type_needed_but_value_unknown():
    with pytest.raises(oxjit.errors.TypingError, match="No implementation of function"):
        oxjit.njit(use_literal_only_variable)(1, "inc")


# ---------------------------------------------------------------------------------------------
# generated_jit (deprecated in Numba, still imported by old code)


@generated_jit
def magnitude(x):
    if isinstance(x, types.Float):
        return lambda x: abs(x)
    if isinstance(x, types.Integer):
        return lambda x: x if x >= 0 else -x
    return None


def use_magnitude(a, b):
    return magnitude(a) + magnitude(b)


def test_generated_jit_from_python_and_compiled_code():
    assert magnitude(-3) == 3 and type(magnitude(-3)) is int
    assert magnitude(-2.5) == 2.5
    got = jitted(use_magnitude)(-3, -2.5)
    assert same_value(got, abs(-3) + abs(-2.5))
    assert oxjit.generated_jit is generated_jit

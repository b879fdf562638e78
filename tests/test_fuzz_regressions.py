"""Reproducers found by the program generator (tests/progen), shrunk, kept as differential tests."""

import math

import numpy as np
import pytest
from conftest import assert_diagnostic, assert_same, compile_error, oxjit


def fused_inner_value_used_after_a_loop(a, x):
    t = np.where(np.maximum(a, a) > a, np.maximum(a, a), 0.0)
    w = 0
    while w < round(x % 1000.0) % 6:
        w += 1
    return t, w


def test_fusion_with_a_user_in_another_block():
    # typing panicked: the fusion check indexed one block with a position in another
    assert_same(fused_inner_value_used_after_a_loop, np.array([874, 285, 300], np.uint64), 3.0)


def abs_of(a):
    return np.abs(a)


def abs_inside_expression(a, b):
    return np.multiply(np.abs(b), a), np.abs(np.add(b, b)) / b


def abs_of_item(a):
    return int(np.abs(a[0])), int(np.absolute(a[1])), int(np.sign(a[0]))


def sign_of(a):
    return np.sign(a)


UNSIGNED = ["uint8", "uint16", "uint32", "uint64"]


@pytest.mark.parametrize("dtype", UNSIGNED)
def test_abs_and_sign_of_unsigned_arrays(dtype):
    # np.abs negated the upper half of the unsigned range (a signed test); np.sign gave -1 there
    top = np.iinfo(dtype).max
    a = np.array([top, top // 2 + 1, 200, 1, 0], dtype=dtype)
    assert_same(abs_of, a)
    assert_same(sign_of, a)
    assert_same(abs_inside_expression, np.array([-235, 7, 3, 1, 2], np.int16), a)
    assert_same(abs_of_item, a[2:])  # int() of a uint64 past 2**63 wraps, as in Numba


def floor_of(a):
    return np.floor(a), np.ceil(a), np.trunc(a)


def floor_in_expression(a):
    return np.negative(np.floor(a)) + a


INT_AND_BOOL = ["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "bool"]


@pytest.mark.parametrize("dtype", INT_AND_BOOL)
def test_floor_ceil_trunc_keep_integer_dtypes(dtype):
    # NumPy 2 has integer and boolean loops for these (int16 stays int16); oxjit gave floats
    a = np.array([0, 1, 5, 7, 3], dtype=dtype)
    assert_same(floor_of, a)
    if dtype != "bool":
        assert_same(floor_in_expression, a)


def square_of(a):
    return np.square(a)


def square_of_comparison(a):
    return np.square(a > 1)


def test_square_of_booleans_is_int8():
    # NumPy has no boolean square: it squares booleans as int8
    assert_same(square_of, np.array([True, False, True]))
    assert_same(square_of_comparison, np.array([0, 1, 2, 3]))


def sign_of_booleans(a):
    return np.sign(a > 0)


@pytest.mark.requires_jit
def test_sign_of_booleans_is_refused():
    # NumPy raises UFuncTypeError at run time (no boolean loop); oxjit refuses it at compile time
    with pytest.raises(TypeError):
        np.sign(np.array([1, 2]) > 0)
    err = compile_error(sign_of_booleans, np.array([1, 2]))
    assert_diagnostic(err, sign_of_booleans, "np.sign(a > 0)", oxjit.errors.TypingError)
    assert "sign" in str(err)


def where_with_python_int(a):
    return np.where(a > 6, a, -129), np.where(a > 6, a, 2**40), np.where(a > 6, 300, a)


@pytest.mark.parametrize("dtype", ["uint8", "int8", "uint16", "uint32", "int32"])
def test_where_casts_python_ints_as_numpy_does(dtype):
    # np.where is no ufunc: NumPy casts an out-of-range Python int into the result dtype (a C
    # cast, no OverflowError); oxjit raised the arithmetic's NEP 50 OverflowError
    assert_same(where_with_python_int, np.array([5, 7, 100], dtype=dtype))


def zero_mod(x):
    return -0.0 % x, 0.0 % x, (-0.0 * 0.25) % x


def zero_divmod(x):
    return divmod(-0.0, x), -0.0 // x


@pytest.mark.parametrize("x", [math.nan, -math.nan, 1.5, -2.0, math.inf, -math.inf, 5e-324])
def test_modulo_of_a_constant_zero(x):
    # LLVM folded fmod(-0.0, y) to -0.0 when the dividend was a constant, NaN divisors included
    assert_same(zero_mod, x)
    assert_same(zero_divmod, x)


def nested_broadcast(a, b, c):
    return np.where((a * b) > c, a * b, c)


def compare_then_divide(b, t, a):
    return (b == t) // a


def overflow_or_broadcast(a, b):
    return np.minimum(a * b, -1)


def test_errors_of_fused_expressions_come_in_numpy_order():
    # NumPy computes one operation at a time: the first that fails is reported with its own
    # operands' shapes (a fused loop listed every input's shape)
    a, b, c = np.arange(2.0), np.arange(3.0), np.arange(3.0)
    assert_same(nested_broadcast, a, b, c)
    assert_same(compare_then_divide, np.ones((1, 3)), np.arange(2.0), np.arange(3.0))
    assert_same(overflow_or_broadcast, np.arange(2, dtype=np.uint64), np.ones((2, 3), np.uint64))
    assert_same(overflow_or_broadcast, np.arange(3, dtype=np.uint64), np.ones((2, 3), np.uint64))


def maximum_with_booleans(a):
    return np.maximum(a, a > 1), np.minimum(a > 1, a), np.fmax(a, a > 1)


def arctan2_with_booleans(a):
    return np.arctan2(a, a > 1), np.hypot(a > 1, a), np.copysign(a, a > 1)


@pytest.mark.parametrize("dtype", ["float32", "float64", "int8", "int16", "uint8"])
def test_two_argument_ufuncs_promote_before_picking_a_float_loop(dtype):
    # maximum(float32, bool) is float32 in NumPy: the bool became a float64 on its own first
    a = np.array([0.5, 2.0, 3.0, -1.0]).astype(dtype)
    assert_same(maximum_with_booleans, a)
    if dtype.startswith("float"):
        assert_same(arctan2_with_booleans, a)


def sums_down_an_outer_axis(b):
    return b.sum(axis=0), b.mean(axis=0), b.prod(axis=0)


@pytest.mark.parametrize(
    "b",
    [
        np.array([[1.0, 2.5, -0.0]]),
        np.array([[-0.0, 1.0], [-0.0, 1.0]]),
        np.array([[-0.0, 1.0], [-0.0, 1.0]], np.float32),
        np.array([[[-0.0]], [[-0.0]]]),
        np.asfortranarray([[-0.0, 1.0], [-0.0, 1.0]]),
    ],
)
def test_negative_zero_summed_down_an_outer_axis(b):
    # seed 5024200: the reduction copied its first item (-0.0 stayed -0.0); NumPy's starts from
    # the identity, so a leading -0.0 sums to 0.0
    assert_same(sums_down_an_outer_axis, b)


def mean_and_sum_of_ints(b):
    return float(b.mean()), float(b.sum(dtype=np.float64))


@pytest.mark.parametrize(
    "b",
    [
        np.asfortranarray([[2**63 - 1, 392, 194, 412, -762], [359, 399, -370, 546, -355]]),
        np.array([[2**63 - 1, 392, 194, 412, -762], [359, 399, -370, 546, -355]]),
        np.asfortranarray(np.arange(24, dtype=np.int32).reshape(2, 3, 4) * 2**25),
    ],
)
def test_mean_of_an_f_ordered_int_array_sums_in_memory_order(b):
    # seed 6100582: the items of an F-ordered int array were cast and summed in C order; NumPy's
    # iterator takes them in memory order, which rounds differently near 2**63
    assert_same(mean_and_sum_of_ints, b)


def np_tanh(a):
    return np.tanh(a)


def np_exp_log_sin_cos(a):
    return np.exp(a), np.log(np.abs(a)), np.sin(a), np.cos(a)


SIMD_INPUTS = (
    np.random.default_rng(7).standard_normal(4096)
    * np.array([1.0, 10.0, 300.0, 1e6])[np.arange(4096) % 4]
)


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_tanh_of_arrays_is_numpys_simd_tanh(dtype):
    # progen math family, seeds 73...: on x86-64 CPUs with AVX2 (X86_V3) NumPy 2 computes tanh
    # of float32/float64 arrays with its own SIMD code, not the C library's tanh
    assert_same(np_tanh, SIMD_INPUTS.astype(dtype))


def test_float32_exp_log_sin_cos_are_numpys_simd_functions():
    # progen math family: on x86-64 CPUs with AVX2 (X86_V3), NumPy 2 computes these with its
    # own SIMD code, which differs from the C library's expf/logf/sinf/cosf in the last bit
    # for some items (now copied: vmath/np_exp_log_f32.rs, vmath/np_sincos_f32.rs)
    assert_same(np_exp_log_sin_cos, SIMD_INPUTS.astype(np.float32))


def add_in_place(a, b):
    a += b
    return a


def add_hypot_in_place(a, b):
    a += np.hypot(a, b)
    return a


# progen math family, seed 7200018: the sum is computed in float64 and rounded once into `a`.
def test_in_place_add_of_float32_and_float64_rounds_once():
    a = np.array([-16.290995, 1.5, -2.0], np.float32)
    b = np.array([16.290995 + 1.0158e-10, 1e-9, 2.0 + 1e-12])
    assert_same(add_in_place, a, b)
    assert_same(add_hypot_in_place, a, np.array([7.18499734e-06, -3.0, 1e-3]))


def floordiv_in_place(a, b):
    a //= b
    return a


def mod_in_place(a, b):
    a %= b
    return a


def mul_in_place(a, b):
    a *= b
    return a


@pytest.mark.parametrize(
    "fn, target, value",
    [
        # int8 //= int64: NumPy divides in int64, then casts (300 is not 44 first).
        (floordiv_in_place, np.array([100, -100, 7], np.int8), np.array([300, 7, -300])),
        (mod_in_place, np.array([100, -100, 7], np.int16), np.array([70000, 7, -70000])),
        (mul_in_place, np.array([1.5, -2.25, 3.0], np.float32), np.array([1 + 2**-30, 3.0, 1e-40])),
        (mul_in_place, np.ones((3, 4), np.float32)[:, ::2], np.full(2, 1 + 2**-40)),
    ],
)
def test_in_place_ops_compute_in_numpys_result_type(fn, target, value):
    assert_same(fn, target, value)

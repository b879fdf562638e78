"""NumPy's binary ufuncs on two booleans use NumPy's boolean loops, not Python's operators:
`np.add(True, True)` is `True` (logical or), `np.multiply` a logical and, the integer loops give
int8 (`np.floor_divide`, `np.remainder`, shifts, `np.square`, `np.power`), the float ones
float16 (`np.arctan2`, `np.hypot`...); `np.subtract`, `np.negative` and `np.positive` of booleans
are refused as NumPy refuses them. Each result is wrapped in a one-item array so that its dtype
is compared too (compiled code returns Python numbers). Shifts in a ufunc take a negative count
as NumPy does (0, or -1 for a negative number shifted right), where Python raises."""

import numpy as np
import oxjit
import pytest
from conftest import assert_diagnostic, assert_same, compile_error


def operator_ufuncs(a, b):
    return (
        np.full(1, np.add(a, b)),
        np.full(1, np.multiply(a, b)),
        np.full(1, np.divide(a, b)),
        np.full(1, np.true_divide(a, b)),
        np.full(1, np.floor_divide(a, b)),
        np.full(1, np.remainder(a, b)),
        np.full(1, np.mod(a, b)),
        np.full(1, np.bitwise_and(a, b)),
        np.full(1, np.bitwise_or(a, b)),
        np.full(1, np.bitwise_xor(a, b)),
        np.full(1, np.left_shift(a, b)),
        np.full(1, np.right_shift(a, b)),
        np.full(1, np.square(a)),
        np.full(1, np.invert(a)),
    )


def comparison_and_logical_ufuncs(a, b):
    return (
        np.full(1, np.equal(a, b)),
        np.full(1, np.not_equal(a, b)),
        np.full(1, np.less(a, b)),
        np.full(1, np.less_equal(a, b)),
        np.full(1, np.greater(a, b)),
        np.full(1, np.greater_equal(a, b)),
        np.full(1, np.logical_and(a, b)),
        np.full(1, np.logical_or(a, b)),
        np.full(1, np.logical_xor(a, b)),
        np.full(1, np.logical_not(a)),
    )


def numpy_function_ufuncs(a, b):
    return (
        np.full(1, np.maximum(a, b)),
        np.full(1, np.minimum(a, b)),
        np.full(1, np.fmax(a, b)),
        np.full(1, np.fmin(a, b)),
        np.full(1, np.power(a, b)),
        np.full(1, np.float_power(a, b)),
        np.full(1, np.fmod(a, b)),
        np.full(1, np.arctan2(a, b)),
        np.full(1, np.hypot(a, b)),
        np.full(1, np.copysign(a, b)),
        np.full(1, np.logaddexp(a, b)),
        np.full(1, np.logaddexp2(a, b)),
        np.full(1, np.ldexp(a, b)),
    )


BOOLS = [(True, True), (True, False), (False, True), (False, False)]


@pytest.mark.parametrize("a,b", BOOLS)
@pytest.mark.parametrize(
    "fn",
    [operator_ufuncs, comparison_and_logical_ufuncs, numpy_function_ufuncs],
    ids=lambda f: f.__name__,
)
def test_two_booleans(fn, a, b):
    with np.errstate(all="ignore"):
        assert_same(fn, a, b)


@pytest.mark.parametrize("a,b", [(True, 3), (False, -2), (7, True), (True, 2.5), (1.5, False)])
def test_a_boolean_and_a_number(a, b):
    """With a number, the boolean counts as that kind of number, as in NumPy."""
    with np.errstate(all="ignore"):
        assert_same(comparison_and_logical_ufuncs, a, b)
        if not isinstance(a, float) and not isinstance(b, float):
            assert_same(operator_ufuncs, a, b)


def numpy_scalars(a, b):
    return (
        np.full(1, np.add(a, np.int8(b))),
        np.full(1, np.multiply(np.uint8(b), a)),
        np.full(1, np.add(np.float32(b), a)),
        np.full(1, np.add(np.bool_(a), np.bool_(b))),
    )


@pytest.mark.parametrize("a,b", [(True, 3), (False, 5)])
def test_a_boolean_and_a_numpy_scalar(a, b):
    assert_same(numpy_scalars, a, b)


def subtract_bools(a, b):
    return np.subtract(a, b)


def negative_bool(a):
    return np.negative(a)


def positive_bool(a):
    return np.positive(a)


@pytest.mark.requires_jit
@pytest.mark.parametrize(
    "fn,args,snippet,message",
    [
        (subtract_bools, (True, False), "np.subtract(a, b)", "numpy boolean subtract"),
        (negative_bool, (True,), "np.negative(a)", "numpy boolean negative"),
        (positive_bool, (False,), "np.positive(a)", "ufunc 'positive' did not contain a loop"),
    ],
)
def test_refused_as_numpy_refuses(fn, args, snippet, message):
    with pytest.raises(TypeError, match=message[1:]):
        fn(*args)
    e = compile_error(fn, *args)
    assert_diagnostic(e, fn, snippet, oxjit.errors.TypingError)
    assert message in str(e)


def shifts(a, b):
    return (
        np.full(1, np.left_shift(a, b)),
        np.full(1, np.right_shift(a, b)),
        np.left_shift(np.full(3, a), b),
        np.right_shift(np.full(3, a), b),
    )


@pytest.mark.parametrize("a", [5, -5, True, 0])
@pytest.mark.parametrize("b", [-2, -1, 1, 63, 64, 70])
def test_shift_counts_as_numpy(a, b):
    assert_same(shifts, a, b)


def bitwise_bool_float(a, b):
    return np.bitwise_and(a, b)


@pytest.mark.requires_jit
def test_bitwise_of_a_boolean_and_a_float():
    with pytest.raises(TypeError, match="ufunc 'bitwise_and' not supported for the input types"):
        bitwise_bool_float(True, 1.5)
    e = compile_error(bitwise_bool_float, True, 1.5)
    assert_diagnostic(e, bitwise_bool_float, "np.bitwise_and(a, b)", oxjit.errors.TypingError)
    assert "ufunc 'bitwise_and' not supported for the input types" in str(e)

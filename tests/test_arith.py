"""Arithmetic of int, float, complex and bool, compared with CPython exactly."""

import itertools
import math

import oxjit
import pytest
from conftest import JIT_DISABLED, assert_same, assert_same_isolated, assert_same_wrapped, jitted

INF = math.inf
NAN = math.nan
I64_MIN = -(2**63)
I64_MAX = 2**63 - 1


def add(a, b):
    return a + b


def sub(a, b):
    return a - b


def mul(a, b):
    return a * b


def truediv(a, b):
    return a / b


def floordiv(a, b):
    return a // b


def mod(a, b):
    return a % b


def power(a, b):
    return a**b


def bit_and(a, b):
    return a & b


def bit_or(a, b):
    return a | b


def bit_xor(a, b):
    return a ^ b


def lshift(a, b):
    return a << b


def rshift(a, b):
    return a >> b


def lt(a, b):
    return a < b


def le(a, b):
    return a <= b


def eq(a, b):
    return a == b


def ne(a, b):
    return a != b


def gt(a, b):
    return a > b


def ge(a, b):
    return a >= b


def neg(a):
    return -a


def pos(a):
    return +a


def invert(a):
    return ~a


def logical_not(a):
    return not a


def pow_neg_literal(x):
    return x**-2


def pow_neg_one(x):
    return x**-1


def pow_two_literal(x):
    return x**2


def pow_half_literal(x):
    return x**0.5


def int_expression(a, b, c):
    # `//` and `%` of values that cannot overflow, so the wrap-around formula applies to the whole
    return a // (b + 1000) + (a * b - c) * 3 - a % (c + 7) - (a ^ c) + (b << 3)


def float_expression(x, y):
    return (x * y + 1.5) / (y - 0.25) - x // 3.0 + y % 2.5


ARITH = [add, sub, mul, truediv, floordiv, mod]
INT_OPS = [add, sub, mul, floordiv, mod, bit_and, bit_or, bit_xor]
CMP = [lt, le, eq, ne, gt, ge]

SMALL_INTS = [-7, -3, -1, 0, 1, 2, 3, 7]
BIG_INTS = [10**18, -(10**18), I64_MAX, I64_MIN, 2**62, -(2**62) + 5, 3037000500]
FLOATS = [-7.5, -2.0, -0.0, 0.0, 0.5, 2.0, 7.5, 1e300, -1e-310, INF, -INF, NAN]


@pytest.mark.parametrize("op", INT_OPS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("a, b", list(itertools.product(SMALL_INTS, repeat=2)))
def test_int_ops_small(op, a, b):
    assert_same(op, a, b)


@pytest.mark.parametrize("op", INT_OPS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("a, b", list(itertools.product(BIG_INTS + [-1, 0, 1, 7], repeat=2)))
def test_int_ops_wraparound(op, a, b):
    # Compiled ints are 64-bit and wrap: compared with (x + 2**63) % 2**64 - 2**63 of CPython's
    # exact result, not with CPython's big int. I64_MIN // -1 is left to the subprocess test.
    if op in (floordiv, mod) and (a, b) == (I64_MIN, -1):
        assert_same_isolated(op, a, b, wrapped=True)  # may trap: see the test below
    else:
        assert_same_wrapped(op, a, b)


@pytest.mark.parametrize(
    "a, b",
    [(7, 2), (-7, 2), (7, -2), (-7, -2), (1, 3), (-1, 3), (0, 5), (0, -5), (2**53, 3), (5, 0)],
)
def test_int_true_division(a, b):
    assert_same(truediv, a, b)


@pytest.mark.parametrize("op", [floordiv, mod], ids=lambda f: f.__name__)
@pytest.mark.parametrize(
    "a, b",
    [(-7.5, 2.0), (7.5, -2.0), (-7.5, -2.0), (-0.0, 1.0), (0.0, -1.0), (1.0, INF), (-1.0, INF),
     (1.0, -INF), (INF, 1.0), (NAN, 1.0), (1.0, NAN), (5.0, 0.1), (-1e-300, 1e300), (6.0, 3.0),
     (-6.0, 3.0), (-6, 2.5), (7.25, -3)],
)  # fmt: skip
def test_float_floordiv_mod(op, a, b):
    assert_same(op, a, b)


@pytest.mark.parametrize("op", ARITH + [power], ids=lambda f: f.__name__)
@pytest.mark.parametrize(
    "a, b",
    list(itertools.product(FLOATS, repeat=2))
    + [(3, 0.5), (0.5, 3), (True, 2.5), (2.5, False), (-4, 2.0), (2**53 + 1, 1.0)],
)
def test_float_arith(op, a, b):
    negative_base = isinstance(a, (int, float)) and a < 0 and math.isfinite(a)
    if op is power and negative_base and math.isfinite(b) and not float(b).is_integer():
        assert_complex_power(power, a, b)
    else:
        assert_same(op, a, b)


COMPLEX_POWER = (
    "oxjit: a negative number raised to a non-integer power is complex in Python; use complex "
    "numbers (cmath) for this"
)


def assert_complex_power(fn, *args):
    """A negative float to a non-integer power: CPython's result is complex (or its
    OverflowError), the compiled result type is float64. Compiled code raises ValueError saying
    so (never a silent nan), or gives nan under error_model="numpy", as Numba and NumPy do."""
    if JIT_DISABLED:
        return assert_same(fn, *args)
    try:
        assert type(fn(*args)) is complex
    except OverflowError as exc:
        assert str(exc) == "complex exponentiation"
    with pytest.raises(ValueError) as info:
        jitted(fn)(*args)
    assert str(info.value) == COMPLEX_POWER
    got = oxjit.njit(error_model="numpy")(fn)(*args)
    assert type(got) is float and math.isnan(got)


COMPLEX = [0j, 1 + 2j, -3.5 + 0.25j, complex(-0.0, -0.0), 1e300 + 1e300j, complex(INF, 1.0),
           complex(1.0, NAN), 2j]  # fmt: skip


@pytest.mark.parametrize("op", [add, sub, mul, truediv, eq, ne], ids=lambda f: f.__name__)
@pytest.mark.parametrize(
    "a, b",
    list(itertools.product(COMPLEX, repeat=2)) + [(2, 1j), (1j, 2), (1.5, 1 + 1j), (1 + 1j, -0.5)],
)
def test_complex_arith(op, a, b):
    assert_same(op, a, b)


@pytest.mark.parametrize(
    "a, b",
    [(1 + 2j, 2), (1 + 2j, 3), (1 + 2j, -2), (1 + 2j, 0), (2j, 0.5), (1 + 1j, 1 + 1j), (0j, 0),
     (0j, 2), (0j, -1), (0j, 1j), (-1 + 0j, 0.5), (3, 1j), (1.5 + 0.5j, 101)],
)  # fmt: skip
def test_complex_power(a, b):
    assert_same(power, a, b)


@pytest.mark.parametrize("a, b", [(2, 10), (3, 0), (0, 0), (-2, 3), (-2, 4), (1, 1000), (7, 1)])
def test_int_power(a, b):
    assert_same(power, a, b)


@pytest.mark.parametrize("a, b", [(3, 40), (-3, 41), (7, 63), (2, 63), (2, 64), (-1, 2**62)])
def test_int_power_wraparound(a, b):
    # 64-bit wrap: compared with (x + 2**63) % 2**64 - 2**63 of CPython's exact big int.
    assert_same_wrapped(power, a, b)


@pytest.mark.parametrize("fn", [pow_neg_literal, pow_neg_one], ids=lambda f: f.__name__)
@pytest.mark.parametrize("x", [2, -2, 1, -1, 3, 10, 0, 2.5, -0.0, 1j, 0j, True])
def test_power_negative_literal_exponent(fn, x):
    # int ** negative int gives float in CPython, and 0 ** -n raises ZeroDivisionError.
    assert_same(fn, x)


@pytest.mark.parametrize("fn", [pow_two_literal, pow_half_literal], ids=lambda f: f.__name__)
@pytest.mark.parametrize("x", [0, 3, -3, 2.25, -0.0, INF, NAN, 1 + 1j, True])
def test_power_literal_exponent(fn, x):
    if fn is pow_half_literal and isinstance(x, int) and x < 0:
        assert_complex_power(fn, x)
    else:
        assert_same(fn, x)


ZERO_DIVISION = [
    (truediv, 1, 0), (floordiv, 1, 0), (mod, 1, 0), (truediv, 0, 0), (floordiv, -5, 0),
    (truediv, 1.0, 0.0), (floordiv, 1.0, 0.0), (mod, 1.0, 0.0), (truediv, 1.0, -0.0),
    (truediv, 1, 0.0), (floordiv, 1, 0.0), (mod, 1, 0.0), (truediv, 1.0, 0), (floordiv, 2.0, 0),
    (mod, 2.0, 0), (truediv, True, False), (floordiv, True, False), (mod, True, False),
    (truediv, 1j, 0j), (truediv, 1j, 0), (truediv, 1j, 0.0), (truediv, 1, 0j), (truediv, 1.5, 0j),
    (power, 0.0, -1.0), (power, 0.0, -2), (power, 0, -1.5), (power, 0j, -1), (power, 0j, 1j),
    (power, -0.0, -3.0),
]  # fmt: skip


@pytest.mark.parametrize("op, a, b", ZERO_DIVISION)
def test_zero_division_messages(op, a, b):
    assert_same(op, a, b)


@pytest.mark.parametrize("op", [bit_and, bit_or, bit_xor], ids=lambda f: f.__name__)
@pytest.mark.parametrize(
    "a, b",
    [
        (True, False),
        (True, True),
        (False, False),
        (True, 6),
        (5, False),
        (-1, 0x0F0F),
        (I64_MIN, -1),
    ],
)
def test_bitwise_mixed_bool(op, a, b):
    assert_same(op, a, b)


@pytest.mark.parametrize("a", [0, 1, -1, 5, -5, 0x7F, I64_MAX, I64_MIN, 2**62 + 3])
@pytest.mark.parametrize("n", [0, 1, 2, 7, 31, 32, 62, 63])
def test_shifts(a, n):
    # Left shifts that overflow wrap to 64 bits (compared with the wrap-around formula).
    assert_same_wrapped(lshift, a, n)
    assert_same(rshift, a, n)


@pytest.mark.parametrize("a", [1, -1, 12345, I64_MIN])
@pytest.mark.parametrize("n", [64, 65, 100, 1000])
def test_shifts_by_64_or_more(a, n):
    # True result wrapped to 64 bits: left gives 0, right gives 0 or -1 (not the hardware's
    # count-mod-64 behaviour).
    assert_same_wrapped(lshift, a, n)
    assert_same(rshift, a, n)


@pytest.mark.parametrize("op", [lshift, rshift], ids=lambda f: f.__name__)
@pytest.mark.parametrize("a, n", [(1, -1), (-8, -3), (0, -1), (True, -1)])
def test_negative_shift_count(op, a, n):
    assert_same(op, a, n)


@pytest.mark.parametrize("op", [lshift, rshift], ids=lambda f: f.__name__)
@pytest.mark.parametrize("a, n", [(True, 3), (5, True), (False, False)])
def test_shift_bools(op, a, n):
    assert_same(op, a, n)


@pytest.mark.parametrize("op", CMP, ids=lambda f: f.__name__)
@pytest.mark.parametrize(
    "a, b",
    [(1, 2), (2, 1), (2, 2), (-1, 1), (I64_MIN, I64_MAX), (0.0, -0.0), (NAN, NAN), (NAN, 1.0),
     (INF, INF), (-INF, 1e308), (1, 1.0), (1, 1.5), (True, 1), (False, 0.0), (True, False),
     (2**53 + 1, 9007199254740992.0), (9007199254740992.0, 2**53 + 1), (I64_MAX, 2.0**63),
     (I64_MIN, -(2.0**63)), (3, NAN)],
)  # fmt: skip
def test_comparisons(op, a, b):
    assert_same(op, a, b)


@pytest.mark.parametrize("op", [eq, ne], ids=lambda f: f.__name__)
@pytest.mark.parametrize(
    "a, b", [(1j, 1j), (1 + 0j, 1), (1 + 0j, 1.0), (1j, 2j), (complex(NAN, 0), complex(NAN, 0))]
)
def test_complex_equality(op, a, b):
    assert_same(op, a, b)


@pytest.mark.parametrize("fn", [neg, pos, logical_not], ids=lambda f: f.__name__)
@pytest.mark.parametrize(
    "a", [0, 5, -5, I64_MAX, 0.0, -0.0, 2.5, INF, NAN, 0j, 1 - 2j, complex(0.0, -0.0), True, False]
)
def test_unary(fn, a):
    assert_same(fn, a)


@pytest.mark.parametrize("a", [0, 5, -5, I64_MAX, I64_MIN, 2**40])
def test_invert(a):
    assert_same(invert, a)


def test_neg_int_min_wraps():
    # -(-2**63) wraps back to -2**63 in 64 bits.
    assert_same_wrapped(neg, I64_MIN)


@pytest.mark.parametrize("a, b", [(True, True), (True, False), (False, True)])
@pytest.mark.parametrize("op", [add, sub, mul, power], ids=lambda f: f.__name__)
def test_bool_arith(op, a, b):
    assert_same(op, a, b)


@pytest.mark.parametrize(
    "a, b, c",
    [(1, 2, 3), (-100, 7, 5), (2**40, -3, 11), (0, 0, 0), (2**62, 5, -3), (-(2**62), 7, 100)],
)
def test_int_expression(a, b, c):
    assert_same_wrapped(int_expression, a, b, c)


@pytest.mark.parametrize("x, y", [(1.0, 2.0), (-3.5, 0.75), (1e10, -1e-10), (7, 2.5)])
def test_float_expression(x, y):
    assert_same(float_expression, x, y)


def divmod_builtin(a, b):
    return divmod(a, b)


@pytest.mark.parametrize("op", [floordiv, mod, divmod_builtin], ids=lambda f: f.__name__)
def test_int_min_floordiv_minus_one_does_not_trap(op):
    # -2**63 // -1 overflows; x86 `idiv` raises SIGFPE there, which would kill the interpreter,
    # so the compiled call runs in a child process. The result wraps like every other overflow:
    # compared with (x + 2**63) % 2**64 - 2**63 of CPython's exact result.
    assert_same_isolated(op, I64_MIN, -1, wrapped=True)


def squares_in_a_loop(values):
    # `** 2` checks overflow in a cold block of its own (one compare in the loop): NaN and
    # infinite operands pass, a finite one that overflows raises at its iteration.
    out = []
    for x in values:
        out.append((x - 1.0) ** 2 + (x * 0.5) ** 2.0)
    return out


@pytest.mark.parametrize(
    "values",
    [
        [0.5, NAN, INF, -INF, 3.0, 1e154],
        [2.0, NAN, 1e200, 4.0],
        [-1e-300, 3.0, -1.5e154, 1.0],
        [1.0, 2.0, 3.0, 2.5e154],
    ],
)
def test_squares_overflow_at_their_iteration(values):
    assert_same(squares_in_a_loop, values)

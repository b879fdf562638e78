"""SSA versions and typing: re-assignment with new types, unification by promotion at merges,
chained comparisons, and/or values, conditional expressions, augmented assignment, tuples."""

import oxjit
import pytest
from conftest import assert_promoted, assert_same


def retype_chain(x):
    a = 1
    a = a + 2.5
    a = a + 2j
    return a * x


def retype_int_to_float(n):
    x = n
    x = x / 2
    return x


def retype_to_tuple(n):
    a = n
    b = a * 2
    a = (a, b)
    return a


def retype_in_loop(n):
    s = 0
    total = 0.0
    for i in range(n):
        s = s + i
        total = s * 0.5
    return s, total


# ------------------------------------------------------------------ unification by promotion


def branch_int_float(c):
    if c:
        x = 1
    else:
        x = 2.5
    return x


def branch_float_complex(c):
    if c:
        x = 1.5
    else:
        x = 2j
    return x


def branch_bool_int(c):
    if c:
        x = True
    else:
        x = 7
    return x


def return_int_or_float(x):
    if x > 0:
        return x * 2
    return 0.5


def loop_carried_promotion(n):
    x = 0
    for _ in range(n):
        x = x + 0.5
    return x


def ternary_mixed(c):
    return 3 if c else 4.5


def and_mixed(c):
    return c and 1.5


PROMOTIONS = [
    (branch_int_float, float, [True, False]),
    (branch_float_complex, complex, [True, False]),
    (branch_bool_int, int, [True, False]),
    (return_int_or_float, float, [3, -3]),
    (loop_carried_promotion, float, [0, 1, 5]),
    (ternary_mixed, float, [True, False]),
    (and_mixed, float, [True, False]),
]


@pytest.mark.requires_jit
@pytest.mark.parametrize(
    "fn, convert, inputs", PROMOTIONS, ids=lambda v: getattr(v, "__name__", "")
)
def test_unification_by_promotion(fn, convert, inputs):
    # Values typed differently on two paths meet at a phi of the promoted type: the compiled
    # result is CPython's converted to it (int64 ⊔ float64 = float64, ...). CPython keeps the
    # per-path type, so this needs the compiler.
    for x in inputs:
        assert_promoted(fn, convert, x)


@pytest.mark.parametrize("n", [0, 1, 4])
def test_retype_chain(n):
    assert_same(retype_chain, n)
    assert_same(retype_int_to_float, n)
    assert_same(retype_to_tuple, n)
    assert_same(retype_in_loop, n)


# ------------------------------------------------------------------ chained comparisons


@oxjit.njit
def middle(x):
    return x * 2 - 1


def chain_lt(a, b, c):
    return a < b < c


def chain_mixed(a, b, c, d):
    return a < b <= c != d


def chain_eq(a, b, c):
    return a == b == c


def chain_gt_lt(a, b, c):
    return a > b < c


def chain_call_middle(lo, x, hi):
    return lo < middle(x) < hi


def chain_in_if(x):
    if 0 <= x < 10:
        return 1
    return 0


@pytest.mark.parametrize("a, b, c", [(1, 2, 3), (1, 3, 2), (3, 2, 1), (1, 1, 1), (1.0, 2, 2.5),
                                     (float("nan"), 1.0, 2.0), (-0.0, 0.0, 0.0)])  # fmt: skip
def test_chained_three(a, b, c):
    assert_same(chain_lt, a, b, c)
    assert_same(chain_eq, a, b, c)
    assert_same(chain_gt_lt, a, b, c)


@pytest.mark.parametrize("args", [(1, 2, 2, 3), (1, 2, 2, 2), (2, 1, 3, 4), (1, 2, 3, 4)])
def test_chained_four(args):
    assert_same(chain_mixed, *args)


@pytest.mark.parametrize("lo, x, hi", [(0, 1, 5), (0, 3, 5), (0, 0, 5), (-5, 0, 0), (1, 1, 2)])
def test_chained_with_call_in_middle(lo, x, hi):
    assert_same(chain_call_middle, lo, x, hi)


@pytest.mark.parametrize("x", [-1, 0, 5, 10, 9.5])
def test_chained_in_condition(x):
    assert_same(chain_in_if, x)


# ------------------------------------------------------------------ and / or / not / ternary


def and_value(a, b):
    return a and b


def or_value(a, b):
    return a or b


def and_or_mix(a, b, c):
    return a and b or c


def not_and(a, b):
    return not a and not b


def short_circuit_guard(a, b):
    # b == 0 would raise if evaluated
    return b != 0 and a // b > 1


def or_guard(a, b):
    return b == 0 or a % b == 0


def ternary(x):
    return x * 2 if x > 0 else -x


def nested_ternary(x):
    return -1 if x < 0 else (0 if x == 0 else 1)


BOOL_OPS = [(0, 5), (3, 5), (3, 0), (0, 0), (0.0, 2.5), (-0.0, 1.5), (1.5, 0.0), (True, False),
            (False, True), (0j, 1j), (1j, 0j)]  # fmt: skip


@pytest.mark.parametrize("a, b", BOOL_OPS)
def test_and_or_values(a, b):
    assert_same(and_value, a, b)
    assert_same(or_value, a, b)
    assert_same(not_and, a, b)


@pytest.mark.parametrize("a, b, c", [(0, 1, 2), (1, 0, 2), (1, 2, 3), (0, 0, 0)])
def test_and_or_chain(a, b, c):
    assert_same(and_or_mix, a, b, c)


@pytest.mark.parametrize("a, b", [(10, 0), (10, 3), (1, 5), (7, 7)])
def test_short_circuit(a, b):
    assert_same(short_circuit_guard, a, b)
    assert_same(or_guard, a, b)


@pytest.mark.parametrize("x", [-3, 0, 4, -2.5, 0.0, 1.5])
def test_conditional_expression(x):
    assert_same(ternary, x)
    assert_same(nested_ternary, x)


# ------------------------------------------------------------------ augmented assignment


def augmented_int(a, b):
    x = a
    x += b
    x -= 3
    x *= b
    x //= 2
    x %= 1000
    x **= 2
    x &= 0xFFFF
    x |= 0x10
    x ^= b
    x <<= 2
    x >>= 1
    return x


def augmented_float(a, b):
    x = a
    x += b
    x -= 0.5
    x *= b
    x /= 3
    x //= 0.25
    x %= 7.5
    x **= 2
    return x


def augmented_int_to_float(a):
    x = a
    x /= 2
    return x


def augmented_complex(z):
    z += 1
    z *= 2j
    z -= 0.5
    z /= 1 + 1j
    return z


def augmented_zero_division(a, b):
    x = a
    x //= b
    return x


@pytest.mark.parametrize("a, b", [(5, 3), (-7, 2), (100, 9), (0, 1)])
def test_augmented_int(a, b):
    assert_same(augmented_int, a, b)
    assert_same(augmented_int_to_float, a)


@pytest.mark.parametrize("a, b", [(5.5, 3.0), (-7.25, 2.0), (1e10, 0.125), (3, 1.5)])
def test_augmented_float(a, b):
    assert_same(augmented_float, a, b)


@pytest.mark.parametrize("z", [0j, 1 + 2j, -3.5, 2])
def test_augmented_complex(z):
    assert_same(augmented_complex, z)


@pytest.mark.parametrize("a, b", [(1, 0), (1.5, 0.0)])
def test_augmented_zero_division(a, b):
    assert_same(augmented_zero_division, a, b)


# ------------------------------------------------------------------ tuples and None


def tuple_build_index(a, b):
    t = (a, b, a + b, a * b)
    return t[0] + t[-1] * 10 + t[2] * 100 - t[-3]


def tuple_unpack(t):
    a, b, c = t
    return c, b, a


def tuple_nested_unpack(t):
    a, (b, c) = t
    return a + b * c


def tuple_swap(a, b):
    a, b = b, a
    return a - b


def tuple_iterate(t):
    total = 0
    for v in t:
        total = total * 2 + v
    return total


def tuple_iterate_built(x):
    acc = 1.0
    for v in (x * 1.0, x + 1.5, x * 2.0):
        acc *= v
    return acc


def tuple_heterogeneous(a):
    return (a, a * 1.5, a + 2j, a > 0, (a, (a - 1,)))


def tuple_single(x):
    return (x,)


def tuple_empty():
    return ()


def tuple_len_and_index(t):
    return len(t), t[0], t[-1]


def tuple_heterogeneous_arg(t):
    return t[1], t[0], t[-1][0]


def tuple_from_call(x):
    q, r = divmod(x, 7)
    return q * 7 + r == x, q, r


def return_none(x):
    x = x + 1


def return_none_explicit(x):
    if x > 0:
        return
    x = x * 2


@pytest.mark.parametrize("a, b", [(1, 2), (-3, 5), (1.5, 2), (1j, 2)])
def test_tuple_build_and_index(a, b):
    assert_same(tuple_build_index, a, b)


@pytest.mark.parametrize("t", [(1, 2, 3), (1.5, 2, 3j), (True, 0.0, -1)])
def test_tuple_unpack(t):
    assert_same(tuple_unpack, t)


@pytest.mark.parametrize("t", [(1, (2, 3)), (1.5, (2, -0.5)), (2, (1j, 3))])
def test_tuple_nested_unpack(t):
    assert_same(tuple_nested_unpack, t)


@pytest.mark.parametrize("a, b", [(1, 2), (2.5, -1.5)])
def test_tuple_swap(a, b):
    assert_same(tuple_swap, a, b)


@pytest.mark.parametrize("t", [(1,), (1, 0, 1, 1), (0.5, 0.25, 2.0), (1j, 2j)])
def test_tuple_iterate(t):
    assert_same(tuple_iterate, t)


@pytest.mark.parametrize("x", [0, 3, -1.5])
def test_tuple_iterate_built(x):
    assert_same(tuple_iterate_built, x)


@pytest.mark.parametrize("a", [0, 5, -2.5])
def test_tuple_return_heterogeneous_nested(a):
    assert_same(tuple_heterogeneous, a)
    assert_same(tuple_single, a)


def test_tuple_empty():
    assert_same(tuple_empty)


@pytest.mark.parametrize("t", [(1, 2), (1, 2, 3, 4, 5), ((1, 2), (3, 4))])
def test_tuple_len_and_index(t):
    assert_same(tuple_len_and_index, t)


@pytest.mark.parametrize("t", [(1, 2.5, (3j, 4)), (True, -1, (0.5,))])
def test_tuple_heterogeneous_argument(t):
    assert_same(tuple_heterogeneous_arg, t)


@pytest.mark.parametrize("x", [0, 20, -20, 6])
def test_tuple_from_builtin(x):
    assert_same(tuple_from_call, x)


@pytest.mark.parametrize("x", [1, -1, 2.5])
def test_none_return(x):
    assert_same(return_none, x)
    assert_same(return_none_explicit, x)

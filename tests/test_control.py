"""Control flow: if/elif/else, while, for over range, break, continue, loop else clauses,
return anywhere, nested loops; compared with CPython."""

import pytest
from conftest import assert_same, assert_same_isolated

I64_MIN = -(2**63)
I64_MAX = 2**63 - 1


def collatz(n):
    steps = 0
    while n != 1:
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        steps += 1
    return steps


def classify(x):
    if x < 0:
        r = -1
    elif x == 0:
        r = 0
    elif x < 10:
        r = 1
    else:
        r = 2
    return r


def if_without_else(x):
    y = 10
    if x > 3:
        y = 20
    return y


def nested_if(a, b):
    if a > 0:
        if b > 0:
            return 1
        elif b < 0:
            return 2
        return 3
    else:
        if b > 0:
            return 4
    return 5


def truthiness(x):
    if x:
        return 1
    return 0


def while_sum(n):
    total = 0
    i = 0
    while i < n:
        total += i
        i += 1
    return total


def while_true_break(n):
    i = 0
    while True:
        i += 3
        if i > n:
            break
    return i


def while_else(n, stop):
    i = 0
    found = -1
    while i < n:
        if i == stop:
            found = i
            break
        i += 1
    else:
        found = 100
    return found


def range1(n):
    total = 0
    for i in range(n):
        total += i * i
    return total


def range2(a, b):
    total = 0
    for i in range(a, b):
        total = total * 3 + i
    return total


def range3(a, b, step):
    total = 0
    count = 0
    for i in range(a, b, step):
        total += i
        count += 1
    return total, count


def range_count(a, b, step):
    count = 0
    last = 0
    for i in range(a, b, step):
        count += 1
        last = i
    return count, last


def range_negative_literal_step(n):
    out = 0
    for i in range(n, -1, -2):
        out = out * 10 + i
    return out


def loop_var_after_loop(n):
    for i in range(n):
        pass
    return i


def reassign_loop_var(n):
    total = 0
    for i in range(n):
        i = i * 10
        total += i
    return total


def range_evaluated_once(n):
    count = 0
    for _ in range(n):
        n = 0
        count += 1
    return count, n


def for_continue(n):
    total = 0
    for i in range(n):
        if i % 3 == 0:
            continue
        total += i
    return total


def for_break(n, stop):
    total = 0
    for i in range(n):
        if i == stop:
            break
        total += i
    return total


def for_else(n, stop):
    result = 0
    for i in range(n):
        if i == stop:
            result = i
            break
    else:
        result = -1
    return result


def nested_loops(n, m):
    total = 0
    for i in range(n):
        for j in range(m):
            if j > i:
                break
            if (i + j) % 2:
                continue
            total += i * j
    return total


def nested_for_else(n):
    primes = 0
    for k in range(2, n):
        for d in range(2, k):
            if k % d == 0:
                break
        else:
            primes += 1
    return primes


def return_from_loop(n, target):
    for i in range(n):
        for j in range(n):
            if i * j == target:
                return i * 100 + j
    return -1


def return_in_while(n):
    while n > 0:
        if n % 7 == 0:
            return n
        n -= 1
    return 0


def early_return(x):
    if x < 0:
        return -x
    y = x * 2
    if y > 10:
        return y - 10
    return y


def continue_in_while(n):
    i = 0
    total = 0
    while i < n:
        i += 1
        if i % 2 == 0:
            continue
        total += i
    else:  # noqa: PLW0120 - the else clause of a loop without break is what is tested
        total += 1000
    return total


def float_loop(n, x):
    acc = 0.0
    for _ in range(n):
        acc = acc * x + 1.0
    return acc


def pass_everywhere(x):
    if x > 0:
        pass
    else:
        x = -x
    for _ in range(3):
        pass
    while False:
        pass
    return x


@pytest.mark.parametrize("n", [1, 2, 3, 6, 7, 27, 97, 871, 837799])
def test_collatz(n):
    assert_same(collatz, n)


@pytest.mark.parametrize("x", [-5, 0, 3, 9, 10, 11, -0.5, 0.0, 9.99, 1e300])
def test_if_elif_else(x):
    assert_same(classify, x)


@pytest.mark.parametrize("x", [0, 3, 4, 2.5, 3.5, True])
def test_if_without_else(x):
    assert_same(if_without_else, x)


@pytest.mark.parametrize("a", [-1, 0, 1])
@pytest.mark.parametrize("b", [-1, 0, 1])
def test_nested_if(a, b):
    assert_same(nested_if, a, b)


@pytest.mark.parametrize("x", [0, 1, -1, 0.0, -0.0, float("nan"), 0j, 1j, True, False])
def test_truthiness(x):
    assert_same(truthiness, x)


@pytest.mark.parametrize("n", [0, 1, 10, 1000])
def test_while(n):
    assert_same(while_sum, n)
    assert_same(while_true_break, n)


@pytest.mark.parametrize("n, stop", [(10, 3), (10, 20), (0, 0), (5, 4)])
def test_while_else(n, stop):
    assert_same(while_else, n, stop)


@pytest.mark.parametrize("n", [0, 1, 5, 100, -3])
def test_range_one_arg(n):
    assert_same(range1, n)


@pytest.mark.parametrize("a, b", [(0, 5), (3, 8), (5, 3), (-4, 2), (-10, -12), (7, 7)])
def test_range_two_args(a, b):
    assert_same(range2, a, b)


RANGE3 = [(0, 10, 3), (10, 0, -3), (10, 0, -1), (0, 10, -1), (-5, 5, 2), (5, -5, -2), (0, 1, 100),
          (3, 3, 1), (0, 10, 0), (10, -10, -7), (-1, -20, -4)]  # fmt: skip


@pytest.mark.parametrize("a, b, step", RANGE3)
def test_range_three_args(a, b, step):
    # step 0 raises ValueError with CPython's message
    assert_same(range3, a, b, step)


@pytest.mark.parametrize(
    "a, b, step",
    [(I64_MAX - 3, I64_MAX, 1), (I64_MIN, I64_MIN + 3, 1), (I64_MAX, I64_MAX - 5, -2),
     (0, 10**18, 10**17), (I64_MIN + 2, I64_MIN, -1), (I64_MAX - 10, I64_MAX, 7),
     (-5, I64_MAX, 2**62), (5, I64_MIN, -(2**62)), (I64_MIN, I64_MAX, I64_MAX)],
)  # fmt: skip
def test_range_near_int64_limits(a, b, step):
    # The trip count and the induction variable must not overflow (a wrapped `i += step` would
    # loop forever: the call runs in a child process with a timeout).
    assert_same_isolated(range_count, a, b, step)


@pytest.mark.parametrize("n", [0, 1, 6, 7])
def test_range_negative_literal_step(n):
    assert_same(range_negative_literal_step, n)


@pytest.mark.parametrize("n", [1, 5])
def test_loop_variable_after_loop(n):
    assert_same(loop_var_after_loop, n)


@pytest.mark.parametrize("n", [0, 4])
def test_loop_variable_reassigned(n):
    assert_same(reassign_loop_var, n)
    assert_same(range_evaluated_once, n)


@pytest.mark.parametrize("n", [0, 1, 10, 31])
def test_continue(n):
    assert_same(for_continue, n)
    assert_same(continue_in_while, n)


@pytest.mark.parametrize("n, stop", [(10, 3), (10, 20), (0, 0), (5, 0)])
def test_break_and_for_else(n, stop):
    assert_same(for_break, n, stop)
    assert_same(for_else, n, stop)


@pytest.mark.parametrize("n, m", [(0, 0), (5, 5), (7, 3), (3, 9)])
def test_nested_loops(n, m):
    assert_same(nested_loops, n, m)


@pytest.mark.parametrize("n", [2, 3, 30, 100])
def test_nested_for_else(n):
    assert_same(nested_for_else, n)


@pytest.mark.parametrize("n, target", [(5, 6), (5, 100), (10, 0), (0, 0)])
def test_return_from_nested_loop(n, target):
    assert_same(return_from_loop, n, target)


@pytest.mark.parametrize("n", [0, 6, 7, 20])
def test_return_in_while(n):
    assert_same(return_in_while, n)


@pytest.mark.parametrize("x", [-3, 2, 8, -2.5, 7.5])
def test_early_return(x):
    assert_same(early_return, x)


@pytest.mark.parametrize("n, x", [(0, 0.5), (10, 0.5), (50, 1.1), (3, -2)])
def test_float_accumulator_loop(n, x):
    assert_same(float_loop, n, x)


@pytest.mark.parametrize("x", [3, -3, 2.5])
def test_pass(x):
    assert_same(pass_everywhere, x)

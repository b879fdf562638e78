"""The standard library's random module in compiled code: after random.seed(n), the same stream
as CPython's (3.11's algorithms), including `from random import random`; CPython's errors."""

import random
from random import random as rnd

import pytest
from conftest import assert_same


def draws(s):
    random.seed(s)
    a = random.random(), random.randint(1, 6), random.uniform(2.0, 3.0)
    b = random.gauss(0.0, 1.0), random.gauss(1.0, 2.0), random.gauss()
    c = random.randrange(10), random.randrange(3, 30, 4), random.randrange(20, 3, -3)
    d = random.getrandbits(40), random.getrandbits(7), random.normalvariate(0.0, 1.0)
    e = random.expovariate(2.0), rnd(), random.randint(-(2**40), 2**40)
    return a, b, c, d, e


def mc_pi(n):
    random.seed(42)
    acc = 0
    for _ in range(n):
        x = random.random()
        y = random.random()
        if x * x + y * y < 1.0:
            acc += 1
    return 4.0 * acc / n


@pytest.mark.parametrize("seed", [0, 1, 12345, -7, 2**40 + 3, 2**63 - 1])
def test_same_stream_as_cpython(seed):
    assert_same(draws, seed)


def test_monte_carlo_pi():
    assert_same(mc_pi, 20000)


def randrange2(a, b):
    return random.randrange(a, b)


def randrange1(a):
    return random.randrange(a)


def randint(a, b):
    return random.randint(a, b)


def randrange3(a, b, c):
    return random.randrange(a, b, c)


@pytest.mark.parametrize(
    "fn,args",
    [
        (randrange2, (5, 5)),
        (randrange1, (0,)),
        (randint, (3, 1)),
        (randrange3, (0, 10, 0)),
        (randrange3, (10, 0, 2)),
    ],
)
def test_errors(fn, args):
    assert_same(fn, *args)


def many_bits(seed, n, k):
    random.seed(seed)
    out = []
    for _ in range(n):
        out.append(random.getrandbits(k))
    return out


@pytest.mark.parametrize("k", [1, 32, 33, 63])
def test_getrandbits_streams_past_several_refills(k):
    # 624 words a refill of the Mersenne Twister state: 3000 draws of one or two words
    # cross several, each compared with CPython's.
    assert_same(many_bits, 2024, 3000, k)


def mixed_draws(seed, n):
    random.seed(seed)
    bits, floats = [], []
    for i in range(n):
        bits.append(random.getrandbits(32))
        if i % 3 == 0:
            floats.append(random.random())
        if i % 500 == 0:
            random.seed(seed + i)
    return bits, floats


def test_inline_words_and_runtime_draws_share_one_generator():
    # getrandbits(32) draws its word in compiled code; random() and seed() in the runtime.
    assert_same(mixed_draws, 7, 2000)

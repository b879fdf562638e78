"""Functions as values (issue 9): a function passed to another, closures and lambdas, generator
expressions folded by ``sum``/``any``/``min``, a generator function.

Plain Python: this module runs unchanged under CPython (see examples/programs/__init__.py).
"""

import math

from programs import Program

JIT = [
    "integrate",
    "bell",
    "integrate_bell",
    "integrate_closure",
    "count_calls",
    "nearest_root",
    "primes",
    "prime_gaps",
    "square",
    "mixture",
]


def integrate(f, a, b, n):
    """The midpoint rule, the issue's example: ``f`` is another compiled function or a lambda."""
    h = (b - a) / n
    return h * sum(f(a + (i + 0.5) * h) for i in range(n))


def bell(x):
    return math.exp(-0.5 * x * x) / math.sqrt(2 * math.pi)


def integrate_bell(n):
    return integrate(bell, -6.0, 6.0, n)


def integrate_closure(n, k):
    """A lambda capturing ``k``, passed to a compiled function (specialised on it, inlined)."""
    return integrate(lambda x: math.exp(-k * x * x), -6.0, 6.0, n)


def count_calls(n):
    """A closure assigning a variable of its function (``nonlocal``: a shared cell)."""
    calls = 0

    def f(x):
        nonlocal calls
        calls += 1
        return x * x

    return integrate(f, 0.0, 1.0, n), calls


def nearest_root(n, target):
    """``min`` with a ``key=`` lambda, ``any`` of a generator expression."""
    best = min(range(1, n), key=lambda i: abs(math.sqrt(i) - target))
    return best, any(i * i == best for i in range(n))


def primes():
    """A generator function (``yield``): an endless sieve by trial division."""
    found = []
    n = 2
    while True:
        if all(n % p != 0 for p in found):
            found.append(n)
            yield n
        n += 1


def prime_gaps(limit):
    """Consumes ``primes()`` with ``next`` and a ``for`` loop: the largest gap below ``limit``."""
    g = primes()
    prev = next(g)
    widest = 0
    for p in g:
        if p >= limit:
            break
        widest = max(widest, p - prev)
        prev = p
    return widest


def square(x):
    return x * x


def mixture(n):
    """First-class functions: a tuple of compiled functions indexed by a variable."""
    fs = (bell, square)
    total = 0.0
    for i in range(n):
        total += fs[i % 2](i / n)
    return total


PROGRAMS = [
    Program("integrate(bell), 2M points", "integrate_bell", (2_000_000,), note="function argument"),
    Program("integrate(lambda), 2M", "integrate_closure", (2_000_000, 0.5), note="closure"),
    Program("count calls, 1M", "count_calls", (1_000_000,), note="nonlocal cell"),
    Program("nearest root, 1M", "nearest_root", (1_000_000, 321.123), note="min(key=), any"),
    Program("prime gaps below 20k", "prime_gaps", (20_000,), note="generator function"),
    Program("tuple of functions, 2M", "mixture", (2_000_000,), note="first-class functions"),
]

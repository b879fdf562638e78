"""Scalar programs: integers, floats, complex numbers, loops, calls and recursion. No arrays.

Plain Python: this module runs unchanged under CPython (see examples/programs/__init__.py).
"""

import math

from programs import Program

JIT = [
    "collatz_steps",
    "collatz_longest",
    "fib",
    "pi_leibniz",
    "mandel",
    "count_primes",
    "math_mix",
    "gauss",
    "simpson_gauss",
]


def collatz_steps(n):
    steps = 0
    while n != 1:
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        steps += 1
    return steps


def collatz_longest(limit):
    """The start below ``limit`` with the longest Collatz chain, and its length (calls a jitted
    function in the loop)."""
    best, best_steps = 1, 0
    for n in range(1, limit):
        steps = collatz_steps(n)
        if steps > best_steps:
            best, best_steps = n, steps
    return best, best_steps


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def pi_leibniz(terms):
    """pi from the first ``terms`` terms of the Leibniz series 4 * (1 - 1/3 + 1/5 - ...)."""
    total = 0.0
    sign = 1.0
    for k in range(terms):
        total += sign / (2 * k + 1)
        sign = -sign
    return 4.0 * total


def mandel(x, y, max_iter):
    """Iterations before z -> z*z + c escapes, for c = x + iy. At c = -0.75 + eps*i the count is
    about pi / eps (Boll, 1991)."""
    c = complex(x, y)
    z = 0j
    for i in range(max_iter):
        z = z * z + c
        if z.real * z.real + z.imag * z.imag > 4.0:
            return i
    return max_iter


def count_primes(limit):
    """Primes below ``limit``, by trial division: nested loops, break, integer % ."""
    count = 0
    for n in range(2, limit):
        is_prime = True
        d = 2
        while d * d <= n:
            if n % d == 0:
                is_prime = False
                break
            d += 1
        if is_prime:
            count += 1
    return count


def math_mix(n):
    """A float loop over math functions."""
    total = 0.0
    for i in range(1, n + 1):
        x = i * 0.001
        total += math.sin(x) * math.cos(x) + math.sqrt(x) / (1.0 + math.log(x + 1.0))
        total += math.atan2(x, 1.0 + x) - math.exp(-x) + math.hypot(x, 1.0) % 1.0
    return total


def gauss(x):
    return math.exp(-x * x)


def simpson_gauss(a, b, n):
    """Simpson's rule for the integral of exp(-x^2) from a to b (-> sqrt(pi) on a wide interval)."""
    h = (b - a) / n
    total = gauss(a) + gauss(b)
    for i in range(1, n):
        total += (4.0 if i % 2 == 1 else 2.0) * gauss(a + i * h)
    return total * h / 3.0


PROGRAMS = [
    Program("collatz(837799)", "collatz_steps", (837799,), note="the README's example"),
    Program("longest collatz < 20000", "collatz_longest", (20000,), note="calls in a loop, tuples"),
    Program("fib(27)", "fib", (27,), note="recursion"),
    Program("pi, Leibniz 2M terms", "pi_leibniz", (2_000_000,), note="float loop"),
    Program("mandel(-0.75, 1e-5)", "mandel", (-0.75, 1e-5, 1_000_000), note="complex loop"),
    Program("primes < 60000", "count_primes", (60_000,), note="nested loops, break"),
    Program("math mix, 300k", "math_mix", (300_000,), note="math functions"),
    Program("simpson exp(-x^2)", "simpson_gauss", (-6.0, 6.0, 400_000), note="calls, math"),
]

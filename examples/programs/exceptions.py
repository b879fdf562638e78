"""Programs that raise and catch exceptions: `try`/`except`/`else`/`finally`, exceptions raised
in callees and caught by class (with the builtin hierarchy), user-defined exception classes.

Plain Python: this module runs unchanged under CPython (see examples/programs/__init__.py).
"""

import math

from programs import Program

JIT = ["checked_log", "robust_mean_log", "parse_digits", "newton_sqrt", "newton_table"]
JIT += ["error_messages"]


class NotConverged(ArithmeticError):
    """Raised by newton_sqrt; a module-level subclass of a builtin exception."""


def checked_log(x):
    if x <= 0.0:
        raise ValueError("log of a non-positive number")
    return math.log(x)


def robust_mean_log(n):
    """The mean of log(k % 97 - 3) over k < n, skipping the values a callee refuses."""
    total = 0.0
    used = 0
    skipped = 0
    for k in range(n):
        try:
            total += checked_log(float(k % 97 - 3))
        except ValueError:
            skipped += 1
        else:
            used += 1
    return total / used, skipped


def parse_digits(n):
    """Digit sums of k // (k % 10), with the ZeroDivisionError of every tenth k caught."""
    acc = 0
    errors = 0
    for k in range(1, n):
        try:
            q = k // (k % 10)
            while q:
                acc += q % 10
                q //= 10
        except ArithmeticError:
            errors += 1
        finally:
            acc += 1
    return acc, errors


def newton_sqrt(a, steps):
    x = max(a, 1.0)
    for _ in range(steps):
        nxt = 0.5 * (x + a / x)
        if abs(nxt - x) <= 1e-15 * nxt:
            return nxt
        x = nxt
    raise NotConverged("no convergence")


def newton_table(n):
    """Newton's square roots of 1..n with too few steps for the large ones: the user-defined
    exception is caught by its builtin base class."""
    total = 0.0
    failed = 0
    for k in range(1, n + 1):
        try:
            total += newton_sqrt(float(k), 12)
        except ArithmeticError:
            failed += 1
    return total, failed


def error_messages(n):
    """``str(e)`` of caught exceptions: the length of every message, added up."""
    total = 0
    for k in range(n):
        try:
            if k % 3 == 0:
                raise KeyError("missing key")
            total += len(str(math.sqrt(k % 5 - 2.0)))
        except (KeyError, ValueError) as e:
            total += len(str(e))
    return total


PROGRAMS = [
    Program("mean log, callee raises", "robust_mean_log", (300_000,), note="except, else, callees"),
    Program("digit sums, // by 0 caught", "parse_digits", (300_000,), note="except, finally"),
    Program("newton table, user class", "newton_table", (20_000,), note="user exception class"),
    Program("error messages, str(e)", "error_messages", (200_000,), note="str(e)"),
]

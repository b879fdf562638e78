"""``map``, ``filter`` and ``functools.reduce`` in compiled code, written in the subset and
compiled like any ``@njit`` function (as Numba implements ``map`` and ``filter``): ``map`` and
``filter`` are generators, so ``list(map(f, xs))``, ``sum(filter(f, xs))`` and ``for y in
map(f, xs, ys)`` work as in CPython. A call of ``map`` (or ``filter``, ``reduce``) in compiled
code calls the version here (``substitute``); from Python, the builtins run as usual."""

import builtins
import functools

from oxjit.decorators import njit


@njit
def map(function, iterable, *iterables):
    for items in zip(iterable, *iterables):
        yield function(*items)


@njit
def filter(function, iterable):
    if function is None:
        for x in iterable:
            if x:
                yield x
    else:
        for x in iterable:
            if function(x):
                yield x


@njit
def reduce(function, iterable, initial=None):
    # (An explicit `initial=None` is taken for no initial value.)
    if initial is None:
        started = False
        for x in iterable:
            if not started:
                acc = x
                started = True
            else:
                acc = function(acc, x)
        if not started:
            raise TypeError("reduce() of empty iterable with no initial value")
        return acc
    total = initial
    for x in iterable:
        total = function(total, x)
    return total


_SUBSTITUTES = {
    id(builtins.map): map,
    id(builtins.filter): filter,
    id(functools.reduce): reduce,
}


def substitute(obj):
    """The compiled version of builtin ``obj`` (``map``, ``filter``, ``functools.reduce``), or
    None."""
    return _SUBSTITUTES.get(id(obj))

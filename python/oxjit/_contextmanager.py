"""`with cm(...) as x:` in compiled code, where `cm` is a `contextlib.contextmanager` function.

Compiled code enters the generator function `cm` wraps (runs it to its `yield`), and leaves it by
running it to its end, or, when the body raised, by closing it at its `yield` (its `finally`
runs) before the exception goes on. CPython throws the exception into the generator instead,
which is the same unless the `yield` is inside a `try` with `except` clauses (they could catch
the exception and suppress it): such generators are refused here, at compile time. Called by the
extension (`host.rs`) when typing a `with` statement. oxjit's (Numba's) `parallel_chunksize`
class is entered the same way, through the generator function `parallel.chunksize_block`.
"""

import ast
import contextlib
import inspect
import textwrap

# The code of the function `contextmanager` returns (one code object for all of them).
_HELPER_CODE = contextlib.contextmanager(lambda: (yield)).__code__


def generator_function(obj):
    """The dispatcher of the generator function `obj` wraps, or why compiled code cannot use it
    in a `with` statement (a noun phrase, completing "'cm' is ...")."""
    from oxjit import parallel

    if obj is parallel.parallel_chunksize:
        # Numba's `with parallel_chunksize(n):` in compiled code: what the class does from
        # Python, written as the generator function compiled code enters and leaves.
        return _compiled(parallel.chunksize_block)
    wrapped = getattr(obj, "__wrapped__", None)
    if getattr(obj, "__code__", None) is not _HELPER_CODE or wrapped is None:
        return (
            f"a value of type '{type(obj).__name__}', not one (compiled code cannot use other "
            f"context managers)"
        )
    func = getattr(wrapped, "py_func", wrapped)
    line = _yield_inside_except(func)
    if line is not None:
        return (
            f"the contextmanager function '{func.__qualname__}', whose yield (line {line}) is "
            f"inside a 'try' with 'except' clauses: compiled code closes the generator at its "
            f"yield when the with-body raises, where CPython throws the exception in, which "
            f"those clauses could catch"
        )
    return _compiled(wrapped)


def _compiled(func):
    """The dispatcher of `func` (itself where it is one)."""
    if hasattr(func, "py_func"):
        return func
    from oxjit.decorators import _as_argument

    return _as_argument(func)


def _yield_inside_except(func):
    """The line of a `yield` of `func` inside the body of a `try` that has `except` clauses."""
    try:
        lines, first = inspect.getsourcelines(func)
    except (OSError, TypeError):
        return None
    tree = ast.parse(textwrap.dedent("".join(lines)))
    for node in ast.walk(tree):
        if isinstance(node, ast.Try) and node.handlers:
            for stmt in node.body:
                for inner in ast.walk(stmt):
                    if isinstance(inner, (ast.Yield, ast.YieldFrom)):
                        return first + inner.lineno - 1
    return None

"""The frozenset constants of a Python function's code, for the order of set displays.

CPython compiles a display of constants (``{"b", "a", "c"}``) to a frozenset constant that it
builds two or three times while compiling: the items one by one, then again from that
frozenset's order when merging constants, and once more where interning one of its strings
replaced the string object, which depends on what the process interned before. Loaded from a
``.pyc``, the frozenset is its items added one by one in the order marshal wrote them (sorted by
their marshalled bytes since CPython 3.11, for reproducible builds). Which of these the
function's code object holds is only known from the code object itself: the compiler reads the
frozenset's order, its items' hashes and marshal's order here and builds the display the same
way (``crates/oxjit-core/src/ssa/set_display.rs``).
"""

import marshal
import sys
import types


def frozensets(func):
    """Each non-empty frozenset constant of ``func.__code__`` and of the code nested in it, as
    ``(items, written)``: ``items`` the list of ``(item, hash(item))`` in the frozenset's
    iteration order, ``written`` the indexes of the items in the order a ``.pyc`` holds them
    (empty before CPython 3.11, which wrote them in the writing process's order)."""
    code = getattr(func, "__code__", None)
    if not isinstance(code, types.CodeType):
        return []
    found = []
    stack = [code]
    while stack:
        for const in stack.pop().co_consts:
            if isinstance(const, frozenset) and const:
                items = list(const)
                found.append(([(item, hash(item)) for item in items], _written_order(items)))
            elif isinstance(const, types.CodeType):
                stack.append(const)
    return found


def _written_order(items):
    if sys.version_info < (3, 11):
        return []
    try:
        keys = [_written_key(item) for item in items]
    except ValueError:
        return []
    return sorted(range(len(items)), key=keys.__getitem__)


def _written_key(item):
    """``marshal.dumps(item)`` as the process writing a ``.pyc`` sees it: marshal flags an
    object for back-references only where something else holds it too, which for a constant held
    only by its frozenset leaves the small ints (cached, -5 to 256) and the strings interned
    elsewhere; the key is taken without the flag but for small ints."""
    data = bytearray(marshal.dumps(item))
    small_int = type(item) is int and -5 <= item <= 256
    if not small_int:
        data[0] &= 0x7F
    return bytes(data)

"""Hands the interpreter's string-hash key to the compiled code's runtime, so that ``hash(s)``
of a string in compiled code equals CPython's in the same process.

CPython hashes a ``str`` with SipHash (1-3 since 3.11, 2-4 before; ``sys.hash_info.algorithm``)
keyed by the first 16 bytes of ``_Py_HashSecret``, a global of the interpreter, read here as
Numba reads it (``numba/cpython/hashing.py``). Where the symbol cannot be found, or the algorithm
is another one, the key stays zero and compiled ``hash(s)`` differs from CPython's; ``_HASH_OK``
says which (``docs/strings.md``).
"""

import ctypes
import sys

from oxjit import _oxjit

_HASH_OK = False


def _install():
    global _HASH_OK
    algorithm = sys.hash_info.algorithm
    if algorithm not in ("siphash13", "siphash24"):
        return
    try:
        secret = (ctypes.c_uint64 * 3).in_dll(ctypes.pythonapi, "_Py_HashSecret")
    except (ValueError, AttributeError):
        return
    _oxjit.set_hash_secret(secret[0], secret[1], algorithm == "siphash24")
    _HASH_OK = True


_install()

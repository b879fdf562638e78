"""Typed containers, as ``numba.typed`` names them: :class:`List` and :class:`Dict`.

A typed container owns the runtime block compiled code works on: passed to a compiled function
it is used in place (what the function changes, the caller sees; nothing is copied or written
back), and a typed container a compiled function builds or returns comes back as one, without
copying. Its item types are fixed: given (``List.empty_list(types.int64)``,
``Dict.empty(types.int64, types.float64)``) or taken from the first item stored (``List()``,
``Dict()``, ``List([1.0, 2.0])``). Every operation from Python runs in the extension, on the
block itself. See docs/containers.md.
"""

from collections.abc import MutableMapping, MutableSequence

from oxjit._oxjit import Dict, List

# Sequence and mapping in the sense of `isinstance`, as Numba's classes are.
MutableSequence.register(List)
MutableMapping.register(Dict)

__all__ = ["Dict", "List"]

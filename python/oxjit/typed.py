"""Typed containers, as ``numba.typed`` names them: :class:`List` and :class:`Dict`.

A typed container owns the runtime block compiled code works on: passed to a compiled function
it is used in place (what the function changes, the caller sees; nothing is copied or written
back), and a typed container a compiled function builds or returns comes back as one, without
copying. Its item types are fixed: given (``List.empty_list(types.int64)``,
``Dict.empty(types.int64, types.float64)``) or taken from the first item stored (``List()``,
``Dict()``, ``List([1.0, 2.0])``). Every operation from Python runs in the extension, on the
block itself. See docs/containers.md.
"""

import sys
import types
from collections.abc import MutableMapping, MutableSequence

from oxjit._oxjit import Dict, List

# Sequence and mapping in the sense of `isinstance`, as Numba's classes are.
MutableSequence.register(List)
MutableMapping.register(Dict)


def _submodule(name, **names):
    """``oxjit.typed.<name>``, holding ``names``: Numba's modules that define the classes
    (``from numba.typed.typedlist import List``), importable under either name of oxjit."""
    module = types.ModuleType(f"{__name__}.{name}", f"``numba.typed.{name}``: {', '.join(names)}.")
    module.__dict__.update(names)
    sys.modules.setdefault(module.__name__, module)
    return sys.modules[module.__name__]


# A package (with no files) for the import system: `import numba.typed.typedlist` looks here.
__path__ = []
typedlist = _submodule("typedlist", List=List)
typeddict = _submodule("typeddict", Dict=Dict)


def new_dict(key, value, n_keys=0):
    """``numba.typed.dictobject.new_dict``: an empty dict of ``key`` and ``value`` items (in
    compiled code, ``Dict.empty``; ``n_keys`` is a size hint)."""
    return Dict.empty(key, value)


new_dict.__module__ = f"{__name__}.dictobject"
dictobject = _submodule("dictobject", new_dict=new_dict)

__all__ = ["Dict", "List"]

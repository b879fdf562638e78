"""The demo's `numba` namespace: a library written for Numba (examples/numba_library.py), run on
oxjit unchanged with ``sys.modules["numba"] = oxjit``: Numba's submodules by their full names,
a typed list, ``to_fixed_tuple``, an ``@overload_attribute``, ``numba.__version__`` and
``literal_unroll`` of a literal list, checked against NumPy and Python."""

import importlib
import sys

import numpy as np
import oxjit


def demo_namespace():
    saved = {k: v for k, v in sys.modules.items() if k == "numba" or k.startswith("numba.")}
    for k in saved:
        del sys.modules[k]
    sys.modules["numba"] = oxjit
    sys.modules.pop("numba_library", None)
    try:
        library = importlib.import_module("numba_library")
    finally:
        for k in [k for k in sys.modules if k == "numba" or k.startswith("numba.")]:
            del sys.modules[k]
        sys.modules.update(saved)
    data = np.arange(12.0) ** 2
    sums, spread = library.blocks(data, np.array([3, 4]))
    assert list(sums) == data.reshape(3, 4).sum(axis=1).tolist()
    assert spread == np.ptp(data) and library.TypingError is oxjit.errors.TypingError
    assert library.NEW_NUMBA and library.labels(2) == library.labels.py_func(2)
    return (
        f"a library written for Numba, run unchanged as `numba`: numba.core.errors, "
        f"to_fixed_tuple, a typed List of {len(sums)} row sums, @overload_attribute a.spread = "
        f"{spread}, a version check, literal_unroll of a literal list: {library.labels(2)!r}"
    )

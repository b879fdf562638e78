"""``numba.np.numpy_support``: oxjit's types of NumPy dtypes and back.

``from_dtype(np.dtype("f4"))`` is ``types.float32``; ``as_dtype(types.float32)`` is
``np.dtype("float32")``; a structured dtype and its ``types.Record`` go both ways. A dtype or a
type with no counterpart raises ``NumbaNotImplementedError``, as Numba's do.
"""

from oxjit import types
from oxjit.cfunc import carray, farray
from oxjit.errors import NumbaNotImplementedError
from oxjit.types import from_dtype

__all__ = ["as_dtype", "carray", "farray", "from_dtype"]


def as_dtype(nbtype):
    """The NumPy dtype of oxjit's type ``nbtype`` (a number, a bool, a literal of one, or a
    record type); raises ``NumbaNotImplementedError`` for any other type."""
    import numpy as np

    nbtype = types.unliteral(nbtype)
    if isinstance(nbtype, (types.Integer, types.Float, types.Complex)):
        return np.dtype(str(nbtype))
    if isinstance(nbtype, types.Boolean):
        return np.dtype("?")
    if isinstance(nbtype, types.Record):
        return _record_dtype(nbtype)
    raise NumbaNotImplementedError(f"{nbtype} cannot be represented as a NumPy dtype")


def _record_dtype(rec):
    import numpy as np

    names, formats, offsets = [], [], []
    for name, (ty, offset) in rec.fields.items():
        names.append(name)
        if isinstance(ty, tuple):  # a sub-array field: (item type, shape)
            formats.append((as_dtype(ty[0]), ty[1]))
        else:
            formats.append(as_dtype(ty))
        offsets.append(offset)
    spec = {"names": names, "formats": formats, "offsets": offsets, "itemsize": rec.size}
    return np.dtype(spec, align=rec.aligned)

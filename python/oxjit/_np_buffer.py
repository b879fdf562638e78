"""``np.frombuffer`` in compiled code: an array over the bytes of a ``bytes`` or ``bytearray``
argument (a 1-d ``uint8`` array in compiled code for ``bytearray``; ``bytes`` are laid out as
the read-only one, ``np._oxjit_bytes_view``)
or of a C-contiguous array, with NumPy's ``dtype``, ``count`` and ``offset`` and its
``ValueError``s. The result is a view (it shares the buffer's memory, and is read-only where
the buffer is), made with ``a.view(dtype)`` of the buffer's bytes."""

import numpy as np

from oxjit import types
from oxjit._np_dtypes import dtype_of
from oxjit._np_gen import dtype_name, make, omitted_or_none, own_signature
from oxjit.errors import TypingError
from oxjit.extending import overload

_TEXT = """\
def impl(buffer, dtype=None, count=-1, offset=0):
{raw}
    n = raw.shape[0]
    if offset < 0 or offset > n:
        raise ValueError(
            f"offset must be non-negative and no greater than buffer length ({{n}})"
        )
    avail = n - offset
    if count < 0:
        if avail % {size} != 0:
            raise ValueError("buffer size must be a multiple of element size")
        items = avail // {size}
    else:
        if avail < count * {size}:
            raise ValueError("buffer is smaller than requested size")
        items = count
    return raw[offset : offset + items * {size}].view({dtype})
"""


def _contiguity_check(ndim):
    """Lines raising NumPy's ValueError where an array of ``ndim`` dimensions (of another
    layout than C) is not C-contiguous, as the buffer protocol refuses it."""
    lines = ["    expected = buffer.itemsize", "    contiguous = True"]
    for k in range(ndim - 1, -1, -1):
        lines += [
            f"    if buffer.shape[{k}] == 0:",
            "        expected = -1",
            f"    if expected > 0 and buffer.shape[{k}] != 1 and buffer.strides[{k}] != expected:",
            "        contiguous = False",
            f"    expected *= buffer.shape[{k}]",
        ]
    lines += [
        "    if not contiguous:",
        '        raise ValueError("ndarray is not C-contiguous")',
    ]
    return lines


def _raw_bytes(buffer):
    """Lines making ``raw``, the 1-d ``uint8`` view of the buffer's bytes; None where the
    buffer is no array compiled code can read so."""
    if isinstance(buffer, types.Bytes):
        return ["    raw = np._oxjit_bytes_view(buffer)"]
    if not isinstance(buffer, types.Array) or buffer.ndim == 0:
        return None
    if not isinstance(buffer.dtype, types.Number):
        return None
    byte = buffer.dtype == types.uint8 and buffer.ndim == 1
    if byte and buffer.layout == "C":
        return ["    raw = buffer"]
    lines = [] if buffer.layout == "C" else _contiguity_check(buffer.ndim)
    return lines + ["    raw = buffer.reshape(buffer.size).view(np.uint8)"]


@overload(np.frombuffer)
def _np_frombuffer(buffer, dtype=None, count=-1, offset=0):
    raw = _raw_bytes(buffer)
    if raw is None:
        raise TypingError(
            f"np.frombuffer() of {buffer} is not supported (bytes, bytearray or an array)"
        )
    dt = np.dtype(np.float64) if omitted_or_none(dtype) else dtype_of(dtype)
    if dt is None:
        raise TypingError(f"data type {dtype} not understood")
    for name, t in (("count", count), ("offset", offset)):
        if not isinstance(t, (types.Integer, types.Omitted)) or isinstance(t, types.Boolean):
            raise TypingError(f"np.frombuffer(): {name} must be an integer, not {t}")
    text = _TEXT.format(raw="\n".join(raw), size=dt.itemsize, dtype=dtype_name(dt))
    return make(text)


own_signature(np.frombuffer)

"""``numpy.polynomial``'s power-series helpers in compiled code, as NumPy writes them:
``polyadd``, ``polysub``, ``polymul``, ``polyval`` (of ``numpy.polynomial.polynomial``) and
``trimseq``, ``as_series`` (of ``numpy.polynomial.polyutils``), for 1-d arrays of numbers: the
coefficients in NumPy's ``common_type`` (float64 for integers), trailing zeros trimmed."""

import numpy as np
from numpy.polynomial import polynomial as _P
from numpy.polynomial import polyutils as _pu

from oxjit import types
from oxjit._np_gen import dtype_name, make, np_dtype
from oxjit.decorators import njit
from oxjit.extending import overload


@njit
def _trimseq(seq):
    n = len(seq)
    if n == 0 or seq[n - 1] != 0:
        return seq[:n]
    i = n - 1
    while i > 0 and seq[i] == 0:
        i -= 1
    return seq[: i + 1]


def _vector(t):
    return isinstance(t, types.Array) and t.ndim == 1 and not isinstance(t.dtype, types.Boolean)


def _common(*ts):
    """NumPy's ``common_type`` of arrays of these types, as a scalar type's name in code."""
    return dtype_name(np.common_type(*[np.zeros(1, np_dtype(t.dtype)) for t in ts]))


_SERIES = """\
def impl(c1, c2):
    if c1.size == 0 or c2.size == 0:
        raise ValueError("Coefficient array is empty")
    a = _trimseq(c1).astype({dt})
    b = _trimseq(c2).astype({dt})
{body}"""

_ADD = """\
    if a.size > b.size:
        a[: b.size] += b
        return _trimseq(a)
    b[: a.size] += a
    return _trimseq(b)
"""

_SUB = """\
    if a.size > b.size:
        a[: b.size] -= b
        return _trimseq(a)
    b = -b
    b[: a.size] += a
    return _trimseq(b)
"""

_MUL = """\
    return _trimseq(np.convolve(a, b))
"""


def _series(body, c1, c2):
    if not (_vector(c1) and _vector(c2)):
        return None
    return make(_SERIES.format(dt=_common(c1, c2), body=body), _trimseq=_trimseq)


@overload(_P.polyadd)
def _polyadd(c1, c2):
    return _series(_ADD, c1, c2)


@overload(_P.polysub)
def _polysub(c1, c2):
    return _series(_SUB, c1, c2)


@overload(_P.polymul)
def _polymul(c1, c2):
    return _series(_MUL, c1, c2)


_POLYVAL = """\
def impl(x, c, tensor=True):
    cc = c{float}
    n = len(cc)
    c0 = cc[n - 1] + x * 0
    for i in range(2, n + 1):
        c0 = cc[n - i] + c0 * x
    return c0
"""


@overload(_P.polyval)
def _polyval(x, c, tensor=True):
    if not _vector(c) or isinstance(x, types.Array) and x.ndim == 0:
        return None
    integral = isinstance(c.dtype, types.Integer)
    return make(_POLYVAL.format(float=" + 0.0" if integral else ""))


@overload(_pu.trimseq)
def _pu_trimseq(seq):
    return _trimseq if isinstance(seq, types.Array) and seq.ndim == 1 else None


@overload(_pu.as_series)
def _pu_as_series(alist, trim=True):
    if not isinstance(alist, types.BaseTuple) or not all(_vector(t) for t in alist.types):
        return None
    if not isinstance(trim, (types.Omitted, types.BooleanLiteral)):
        return None
    trimmed = trim.value if isinstance(trim, types.Omitted) else trim.literal_value
    dt = _common(*alist.types)
    lines = ["def impl(alist, trim=True):"]
    for k in range(len(alist.types)):
        lines.append(f"    if alist[{k}].size == 0:")
        lines.append('        raise ValueError("Coefficient array is empty")')
    items = []
    for k in range(len(alist.types)):
        item = f"_trimseq(alist[{k}])" if trimmed else f"alist[{k}]"
        items.append(f"{item}.astype({dt})")
    lines.append(f"    return [{', '.join(items)}]")
    return make("\n".join(lines) + "\n", _trimseq=_trimseq)

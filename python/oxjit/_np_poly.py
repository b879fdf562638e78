"""``numpy.polynomial``'s power-series helpers in compiled code, as NumPy writes them:
``polyadd``, ``polysub``, ``polymul``, ``polydiv``, ``polyint``, ``polyval`` (of
``numpy.polynomial.polynomial``) and ``trimseq``, ``as_series`` (of
``numpy.polynomial.polyutils``), for 1-d arrays of numbers: the coefficients in NumPy's
``common_type`` (float64 for integers), trailing zeros trimmed."""

import numpy as np
from numpy.polynomial import polynomial as _P
from numpy.polynomial import polyutils as _pu

from oxjit import types
from oxjit._np_gen import dtype_name, make, np_dtype, own_signature
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


_POLYDIV = """\
def impl(c1, c2):
    if c1.size == 0 or c2.size == 0:
        raise ValueError("Coefficient array is empty")
    a = _trimseq(c1).astype({dt})
    b = _trimseq(c2).astype({dt})
    if b[-1] == 0:
        raise ZeroDivisionError
    la = len(a)
    lb = len(b)
    if la < lb:
        return a[:1] * 0, a.copy()
    if lb == 1:
        return a / b[-1], a[:1] * 0
    scl = b[-1]
    d = b[:-1] / scl
    i = la - lb
    j = la - 1
    while i >= 0:
        a[i:j] -= d * a[j]
        i -= 1
        j -= 1
    return a[j + 1 :] / scl, _trimseq(a[: j + 1]).copy()
"""


@overload(_P.polydiv)
def _polydiv(c1, c2):
    if not (_vector(c1) and _vector(c2)):
        return None
    return make(_POLYDIV.format(dt=_common(c1, c2)), _trimseq=_trimseq)


_POLYINT = """\
def impl(c, m=1, k=None, lbnd=0, scl=1, axis=0):
    cc = c.astype({dt})
    if m < 0:
        raise ValueError("The order of integration must be non-negative")
    for _ in range(m):
        n = len(cc)
        cc *= {dt}(scl)
        if n == 1 and cc[0] == 0:
            continue
        tmp = np.empty(n + 1, {dt})
        tmp[0] = cc[0] * 0
        tmp[1] = cc[0]
        for j in range(1, n):
            tmp[j + 1] = cc[j] / {dt}(j + 1)
        x = {dt}(lbnd)
        v = tmp[n] + x * 0
        for i in range(2, n + 2):
            v = tmp[n + 1 - i] + v * x
        tmp[0] += 0 - v
        cc = tmp
    return cc
"""


@overload(_P.polyint)
def _polyint(c, m=1, k=None, lbnd=0, scl=1, axis=0):
    if not _vector(c) or not isinstance(m, types.Integer):
        return None
    if not (isinstance(k, types.Omitted) and isinstance(axis, types.Omitted)):
        return None
    if not all(isinstance(t, (types.Omitted, types.Integer, types.Float)) for t in (lbnd, scl)):
        return None
    dt = "np.float64" if isinstance(c.dtype, types.Integer) else dtype_name(np_dtype(c.dtype))
    return make(_POLYINT.format(dt=dt))


own_signature(_P.polyint)

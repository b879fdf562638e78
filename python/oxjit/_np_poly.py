"""``numpy.polynomial``'s power-series helpers in compiled code, as NumPy writes them:
``polyadd``, ``polysub``, ``polymul``, ``polydiv``, ``polyint``, ``polyval`` (of
``numpy.polynomial.polynomial``) and ``trimseq``, ``as_series`` (of
``numpy.polynomial.polyutils``), for 1-d arrays of numbers: the coefficients in NumPy's
``common_type`` (float64 for integers), trailing zeros trimmed."""

import numpy as np
from numpy.polynomial import polynomial as _P
from numpy.polynomial import polyutils as _pu

from oxjit import types
from oxjit._np_gen import dtype_name, make, np_dtype, omitted_or_none, own_signature
from oxjit.decorators import njit
from oxjit.errors import TypingError
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


def _number(t):
    return isinstance(t, types.Number) and not isinstance(t, types.Boolean)


def _like(t):
    """``(dtype, ndim)`` of what ``np.array(t, ndmin=1)`` makes of an array-like of numbers (an
    array, a number, a list or tuple of numbers), or None."""
    if isinstance(t, types.Array):
        return None if isinstance(t.dtype, types.Boolean) else (np_dtype(t.dtype), max(t.ndim, 1))
    if _number(t):
        return np_dtype(t), 1
    if isinstance(t, (types.List, types.ListType)) and _number(t.dtype):
        return np_dtype(t.dtype), 1
    if isinstance(t, types.BaseTuple) and len(t.types) and all(_number(x) for x in t.types):
        return np.result_type(*[np_dtype(x) for x in t.types]), 1
    return None


def _as_array(t, code):
    """Code making a 1-d array of the array-like ``code`` of type ``t`` (``_like`` of it)."""
    if isinstance(t, types.Array):
        return code if t.ndim else f"{code}.reshape(1)"
    if _number(t):
        return f"np.array([{code}])"
    return f"np.array({code})"


def _series_head(params, args):
    """``impl``'s first lines: each argument (``(name, type)``) made an array ``s0``, ``s1``...,
    checked as ``as_series`` checks them, in its order. None where one is no array-like; with
    True where a check always fails (a coefficient array of several dimensions)."""
    likes = [_like(t) for _, t in args]
    if any(k is None for k in likes):
        return None
    lines = [f"def impl({params}):"]
    for k, ((name, t), (_, ndim)) in enumerate(zip(args, likes)):
        lines.append(f"    s{k} = {_as_array(t, name)}")
        lines.append(f"    if s{k}.size == 0:")
        lines.append('        raise ValueError("Coefficient array is empty")')
        if ndim != 1:
            lines.append('    raise ValueError("Coefficient array is not 1-d")')
            return lines, True
    return lines, False


def _common(*ts):
    """NumPy's ``common_type`` of arrays of these types (arrays or other array-likes), as a
    scalar type's name in code."""
    return dtype_name(np.common_type(*[np.zeros(1, _like(t)[0]) for t in ts]))


_SERIES = """\
    a = _trimseq(s0).astype({dt})
    b = _trimseq(s1).astype({dt})
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
    head = _series_head("c1, c2", [("c1", c1), ("c2", c2)])
    if head is None:
        return None
    lines, fails = head
    if not fails:
        lines.append(_SERIES.format(dt=_common(c1, c2), body=body))
    return make("\n".join(lines) + "\n", _trimseq=_trimseq)


@overload(_P.polyadd)
def _polyadd(c1, c2):
    return _series(_ADD, c1, c2)


@overload(_P.polysub)
def _polysub(c1, c2):
    return _series(_SUB, c1, c2)


# Complex coefficients (np.convolve takes real arrays only in compiled code): each product's
# coefficient a sum over the pairs in order (NumPy's dot of the overlap may round differently
# in the last bit).
_MUL_COMPLEX = """\
    out = np.zeros(a.size + b.size - 1, {dt})
    for k in range(out.size):
        acc = out[k]
        for j in range(max(0, k - a.size + 1), min(k, b.size - 1) + 1):
            acc += a[k - j] * b[j]
        out[k] = acc
    return _trimseq(out)
"""


@overload(_P.polymul)
def _polymul(c1, c2):
    likes = _like(c1) is not None and _like(c2) is not None
    if likes and np.dtype(_common(c1, c2)[3:]).kind == "c":
        return _series(_MUL_COMPLEX.format(dt=_common(c1, c2)), c1, c2)
    return _series(_MUL, c1, c2)


_POLYVAL = """\
def impl(x, c, tensor=True):
    cc = {c}{float}
    xx = {x}
    n = len(cc)
    c0 = cc[n - 1] + xx * 0
    for i in range(2, n + 1):
        c0 = cc[n - i] + c0 * xx
    return c0
"""


@overload(_P.polyval)
def _polyval(x, c, tensor=True):
    like_c, like_x = _like(c), _like(x)
    if like_c is None or like_x is None or isinstance(x, types.Array) and x.ndim == 0:
        return None
    if isinstance(tensor, types.Omitted):
        tensor = tensor.value
    elif isinstance(tensor, types.BooleanLiteral):
        tensor = tensor.literal_value
    else:
        return None
    cc = _as_array(c, "c")
    xx = "x" if _number(x) else _as_array(x, "x")
    xd = 0 if _number(x) else like_x[1]
    # NumPy's tensor form: c's shape then one axis of 1 per axis of x (an array, or a list
    # or tuple made one), so that each coefficient array meets every item of x.
    if tensor and xd and like_c[1] > 1:
        dims = [f"c.shape[{k}]" for k in range(like_c[1])] + ["1"] * xd
        cc = f"{cc}.reshape(({', '.join(dims)}))"
    integral = like_c[0].kind in "biu"
    return make(_POLYVAL.format(c=cc, x=xx, float=" + 0.0" if integral else ""))


@overload(_pu.trimseq)
def _pu_trimseq(seq):
    return _trimseq if isinstance(seq, types.Array) and seq.ndim == 1 else None


_AS_SERIES_ROWS = """\
def impl(alist, trim=True):
    out = []
    for k in range(len(alist)):
        a = {item}
        if a.size == 0:
            raise ValueError("Coefficient array is empty")
        if {trim}:
            out.append(_trimseq(a).astype({dt}))
        else:
            out.append(a.astype({dt}))
    return out
"""


@overload(_pu.as_series)
def _pu_as_series(alist, trim=True):
    # `trim` a constant, or a bool known when called.
    if isinstance(trim, types.Omitted):
        trimmed = str(bool(trim.value))
    elif isinstance(trim, types.BooleanLiteral):
        trimmed = str(trim.literal_value)
    elif isinstance(trim, types.Boolean):
        trimmed = "trim"
    else:
        return None
    # An array (its rows, or its numbers each a series of one) or a list of 1-d arrays: a
    # list of as many series, known when called.
    rows = None
    if isinstance(alist, types.Array) and alist.ndim in (1, 2) and _like(alist):
        rows = "np.array([alist[k]])" if alist.ndim == 1 else "alist[k]"
        dt = _common(alist)
    elif isinstance(alist, (types.List, types.ListType)) and _vector(alist.dtype):
        rows, dt = "alist[k]", _common(alist.dtype)
    if rows is not None:
        text = _AS_SERIES_ROWS.format(item=rows, dt=dt, trim=trimmed)
        return make(text, _trimseq=_trimseq)
    if not isinstance(alist, types.BaseTuple) or not alist.types:
        return None
    head = _series_head("alist, trim=True", [(f"alist[{k}]", t) for k, t in enumerate(alist.types)])
    if head is None:
        return None
    lines, fails = head
    if not fails:
        dt = _common(*alist.types)
        n = len(alist.types)
        lines.append(f"    if {trimmed}:")
        lines.append(
            f"        return [{', '.join(f'_trimseq(s{k}).astype({dt})' for k in range(n))}]"
        )
        lines.append(f"    return [{', '.join(f's{k}.astype({dt})' for k in range(n))}]")
    return make("\n".join(lines) + "\n", _trimseq=_trimseq)


_POLYDIV = """\
    a = _trimseq(s0).astype({dt})
    b = _trimseq(s1).astype({dt})
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
    head = _series_head("c1, c2", [("c1", c1), ("c2", c2)])
    if head is None:
        return None
    lines, fails = head
    if not fails:
        lines.append(_POLYDIV.format(dt=_common(c1, c2)))
    return make("\n".join(lines) + "\n", _trimseq=_trimseq)


_POLYINT = """\
def impl(c, m=1, k=None, lbnd=0, scl=1, axis=0):
    cc = {c}.astype({dt})
    if m < 0:
        raise ValueError("The order of integration must be non-negative")
    for _ in range(m):
        n = len(cc)
        cc *= {dt}(scl)
        if n == 1 and {zero}:
            continue
        tmp = np.empty({shape}, {dt})
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
    like = _like(c)
    if like is None or not isinstance(m, (types.Integer, types.Omitted)):
        return None
    if not (isinstance(k, types.Omitted) and isinstance(axis, types.Omitted)):
        return None
    if not all(isinstance(t, (types.Omitted, types.Integer, types.Float)) for t in (lbnd, scl)):
        return None
    dt = "np.float64" if like[0].kind in "biu" else dtype_name(like[0])
    # Along axis 0: of several dimensions, each coefficient is an array of the other axes.
    nd = like[1]
    shape = "n + 1" if nd == 1 else f"(n + 1, {', '.join(f'cc.shape[{q}]' for q in range(1, nd))})"
    zero = "cc[0] == 0" if nd == 1 else "np.all(cc[0] == 0)"
    return make(_POLYINT.format(c=_as_array(c, "c"), dt=dt, shape=shape, zero=zero))


own_signature(_P.polyint)


def _bool_array(t):
    return isinstance(t, types.Array) and isinstance(t.dtype, types.Boolean)


def _poly_part(lines, k, name, t):
    """Lines making the array-like ``name`` (of type ``t``) the 1-d array ``s{k}``, checked as
    ``as_series([name], trim=False)`` checks it; False where it always fails (after those
    lines)."""
    lines.append(f"    s{k} = {name if _bool_array(t) else _as_array(t, name)}")
    lines.append(f"    if s{k}.size == 0:")
    lines.append('        raise ValueError("Coefficient array is empty")')
    ndim = max(t.ndim, 1) if _bool_array(t) else _like(t)[1]
    error = None
    if ndim != 1:
        error = "Coefficient array is not 1-d"
    elif _bool_array(t):
        error = "Coefficient arrays have no common type"
    if error is None:
        return True
    # Always raised; the polynomial after it (never made) gives the call its type, so that
    # code using the result still compiles (a function that only raises has no result type).
    lines.append(f"    if s{k}.size >= 0:")
    lines.append(f'        raise ValueError("{error}")')
    lines.append("    return np._oxjit_polynomial(np.zeros(1), np.zeros(2), np.zeros(2))")
    return False


@overload(_P.Polynomial)
def _polynomial(coef, domain=None, window=None, symbol="x"):
    # NumPy's `Polynomial.__init__`: each array made a copy of NumPy's `common_type` (float64
    # for integers), the domain and window checked for two items; [-1, 1] where left out.
    if not omitted_or_none(symbol):
        raise TypingError("Polynomial(): symbol= is not supported in compiled code")
    args = [("coef", coef), ("domain", domain), ("window", window)]
    for name, t in args:
        given = name == "coef" or not omitted_or_none(t)
        if given and _like(t) is None and not _bool_array(t):
            raise TypingError(
                f"Polynomial(): {name} must be an array, a list or tuple of numbers, "
                f"or a number, not {t}"
            )
    lines = ['def impl(coef, domain=None, window=None, symbol="x"):']
    parts = []
    for k, (name, t) in enumerate(args):
        if name != "coef" and omitted_or_none(t):
            parts.append("np.array([-1.0, 1.0])")
            continue
        if not _poly_part(lines, k, name, t):
            return make("\n".join(lines) + "\n")
        if name != "coef":
            lines.append(f"    if s{k}.size != 2:")
            what = name.capitalize()
            lines.append(f'        raise ValueError("{what} has wrong number of elements.")')
        parts.append(f"s{k}.astype({_common(t)})")
    lines.append(f"    return np._oxjit_polynomial({', '.join(parts)})")
    return make("\n".join(lines) + "\n")

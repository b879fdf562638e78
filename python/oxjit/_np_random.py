"""``np.random.dirichlet`` and ``np.random.multinomial`` (NumPy's legacy ``RandomState``
functions) in compiled code, written as ``mtrand.pyx`` writes them over the legacy
``standard_gamma`` and ``binomial`` that compiled code draws as NumPy does: the same numbers
from the same seed, NumPy's checks and messages, ``size`` None, an integer or a tuple."""

import numpy as np

from oxjit import types
from oxjit._np_gen import make, omitted_or_none
from oxjit.errors import TypingError
from oxjit.extending import overload


def _real(t):
    return isinstance(t, (types.Integer, types.Float, types.Boolean))


def _as_vector(t, name, arg):
    """Lines making ``{name}``, the float64 1-d array of the array-like argument ``arg`` (what
    ``PyArray_FROMANY(arg, NPY_DOUBLE, 1, 1)`` makes), with its errors."""
    if isinstance(t, types.Array) and _real(t.dtype):
        if t.ndim != 1:
            deep = "too deep" if t.ndim > 1 else "of too small depth"
            return _refused(name, f"object {deep} for desired array")
        return [f"    {name} = {arg}.astype(np.float64)"]
    if isinstance(t, (types.List, types.ListType)) and _real(t.dtype):
        return [f"    {name} = np.array({arg}, dtype=np.float64)"]
    if isinstance(t, types.BaseTuple) and all(_real(x) for x in t.types):
        if not t.types:
            return [f"    {name} = np.zeros(0, np.float64)"]
        return [f"    {name} = np.array({arg}, dtype=np.float64)"]
    if _real(t):
        return _refused(name, "object of too small depth for desired array")
    return None


def _refused(name, message):
    """Lines raising NumPy's ValueError, then making ``{name}`` (typing still needs it)."""
    return [
        "    for _ in range(1):",
        f"        raise ValueError({message!r})",
        f"    {name} = np.zeros(0, np.float64)",
    ]


def _shape(size, k):
    """The result's shape as text: ``(k,)``, or ``size`` (an integer or a tuple) then ``k``."""
    if omitted_or_none(size):
        return f"({k},)"
    if isinstance(size, types.Integer) and not isinstance(size, types.Boolean):
        return f"(size, {k})"
    if isinstance(size, types.BaseTuple) and all(
        isinstance(x, types.Integer) and not isinstance(x, types.Boolean) for x in size.types
    ):
        return f"size + ({k},)"
    raise TypingError(f"size must be None, an integer or a tuple of integers, not {size}")


_DIRICHLET = """\
def impl(alpha, size=None):
{alpha}
    k = len(a)
    for j in range(k):
        if a[j] <= 0:
            raise ValueError("alpha <= 0")
    out = np.zeros({shape}, np.float64)
    flat = out.reshape(out.size)
    i = 0
    while i < flat.size:
        acc = 0.0
        for j in range(k):
            flat[i + j] = np.random.standard_gamma(a[j])
            acc = acc + flat[i + j]
        invacc = 1 / acc
        for j in range(k):
            flat[i + j] = flat[i + j] * invacc
        i = i + k
    return out
"""


@overload(np.random.dirichlet)
def _dirichlet(alpha, size=None):
    lines = _as_vector(alpha, "a", "alpha")
    if lines is None:
        raise TypingError(
            f"np.random.dirichlet(): alpha must be a sequence of numbers, not {alpha}"
        )
    return make(_DIRICHLET.format(alpha="\n".join(lines), shape=_shape(size, "k")))


_MULTINOMIAL = """\
def impl(n, pvals, size=None):
{pvals}
    d = len(p)
    for j in range(d):
        if not (p[j] >= 0.0 and p[j] <= 1.0):
            raise ValueError("pvals < 0, pvals > 1 or pvals contains NaNs")
    if d > 0:
        # `kahan_sum(pix, d - 1)`, which is `pix[0]` for d - 1 < 2.
        s = p[0]
        c = 0.0
        for i in range(1, d - 1):
            y = p[i] - c
            t = s + y
            c = (t - s) - y
            s = t
        if s > 1.0 + 1e-12:
{too_large}
    out = np.zeros({shape}, np.int64)
    if n < 0:
        raise ValueError("n < 0")
    flat = out.reshape(out.size)
    niter = flat.size // d if d else 0
    off = 0
    for _ in range(niter):
        remaining = 1.0
        dn = n
        for j in range(d - 1):
            flat[off + j] = np.random.binomial(dn, p[j] / remaining)
            dn = dn - flat[off + j]
            if dn <= 0:
                break
            remaining -= p[j]
        if dn > 0:
            flat[off + d - 1] = dn
        off += d
    return out
"""

_SHORT = "sum(pvals[:-1]) > 1.0"
_LONG = (
    "sum(pvals[:-1].astype(np.float64)) > 1.0. The pvals array is cast to 64-bit floating "
    "point prior to checking the sum. Precision changes when casting may cause problems even "
    "if the sum of the original pvals is valid."
)


@overload(np.random.multinomial)
def _multinomial(n, pvals, size=None):
    if not isinstance(n, types.Integer) or isinstance(n, types.Boolean):
        raise TypingError(f"'{n}' object cannot be interpreted as an integer")
    lines = _as_vector(pvals, "p", "pvals")
    if lines is None:
        raise TypingError(
            f"np.random.multinomial(): pvals must be a sequence of numbers, not {pvals}"
        )
    # NumPy explains the cast where a float array other than float64 sums to about 1.
    narrow = isinstance(pvals, types.Array) and isinstance(pvals.dtype, types.Float)
    if narrow and pvals.dtype != types.float64:
        too_large = (
            f"            if pvals.sum() < 1.0001:\n                raise ValueError({_LONG!r})\n"
            f"            raise ValueError({_SHORT!r})"
        )
    else:
        too_large = f"            raise ValueError({_SHORT!r})"
    text = _MULTINOMIAL.format(pvals="\n".join(lines), too_large=too_large, shape=_shape(size, "d"))
    return make(text)

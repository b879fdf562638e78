"""``np.roots`` and ``np.broadcast_arrays`` in compiled code, written as NumPy writes them.

``np.roots`` takes the eigenvalues of the companion matrix (``np.linalg.eigvals``): real
coefficients give real roots, as NumPy's do where every root is real; where some are not,
``eigvals`` raises its ``ValueError`` (compiled code fixes the type when compiling: pass
complex coefficients, ``p.astype(np.complex128)``, for NumPy's complex roots)."""

import numpy as np

from oxjit import types
from oxjit._np_gen import dtype_name, make, np_dtype
from oxjit.extending import overload

_ROOTS = """\
def impl(p):
    nz = np.flatnonzero(p)
    if nz.size == 0:
        return np.zeros(0, {dt})
    first = nz[0]
    last = nz[nz.size - 1]
    trailing = p.size - last - 1
    q = p[first : last + 1].astype({dt})
    n = q.size
    out = np.zeros(n - 1 + trailing, {dt})
    if n > 1:
        a = np.zeros((n - 1, n - 1), {dt})
        for i in range(1, n - 1):
            a[i, i - 1] = 1
        for j in range(n - 1):
            a[0, j] = -q[j + 1] / q[0]
        out[: n - 1] = np.linalg.eigvals(a)
    return out
"""


@overload(np.roots)
def _np_roots(p):
    if not isinstance(p, types.Array) or isinstance(p.dtype, types.Boolean):
        return None
    if p.ndim != 1:
        return make('def impl(p):\n    raise ValueError("Input must be a rank-1 array.")\n')
    dt = np_dtype(p.dtype)
    if dt.kind not in "fc":
        dt = np.dtype(np.float64)
    return make(_ROOTS.format(dt=dtype_name(dt)))


# Read-only views (``np.broadcast_to``'s), where NumPy 2 gives views that warn when written
# (and the arguments themselves where no shape changes); a tuple, as NumPy 2 returns.
@overload(np.broadcast_arrays)
def _np_broadcast_arrays(*args):
    if not args or not all(isinstance(t, types.Array) for t in args):
        return None
    names = [f"args[{k}]" for k in range(len(args))]
    lines = [
        "def impl(*args):",
        f"    shape = np.broadcast_shapes({', '.join(n + '.shape' for n in names)})",
        f"    return ({', '.join(f'np.broadcast_to({n}, shape)' for n in names)},)",
    ]
    return make("\n".join(lines) + "\n")

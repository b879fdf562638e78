"""NumPy's sequences, windows and products in compiled code, in NumPy's arithmetic step for
step (so the same bits): ``np.logspace``, ``np.geomspace``, ``np.hanning``, ``np.hamming``,
``np.blackman``, ``np.bartlett``, ``np.kaiser``, ``np.unwrap``, ``np.kron``, ``np.vdot``; and
``np.angle``."""

import math

import numpy as np

from oxjit import types
from oxjit._np_gen import (
    array_like,
    dtype_name,
    is_int,
    is_real,
    make,
    np_dtype,
    omitted_or_none,
    own_signature,
)
from oxjit.decorators import njit
from oxjit.errors import TypingError
from oxjit.extending import overload

try:  # NumPy 2
    from numpy.lib import _function_base_impl as _fb
except ImportError:  # NumPy 1.x
    from numpy.lib import function_base as _fb

# The Chebyshev coefficients of NumPy's `np.i0` (Cephes), as NumPy holds them.
_I0A = tuple(float(x) for x in _fb._i0A)
_I0B = tuple(float(x) for x in _fb._i0B)


def _real_scalar(t):
    # float32 scalars would make NumPy compute in float32: not done here.
    if isinstance(t, types.Float) and t.bitwidth != 64:
        return False
    return isinstance(t, types.Omitted) or is_real(t)


# -- logspace, geomspace -------------------------------------------------------------------


def _logspace(start, stop, num=50, endpoint=True, base=10.0, dtype=None, axis=0):
    return np.power(base, np.linspace(start, stop, num, endpoint))


_LOGSPACE_DT = """\
def impl(start, stop, num=50, endpoint=True, base=10.0, dtype=None, axis=0):
    return np.power(base, np.linspace(start, stop, num, endpoint)).astype({dt})
"""


def _dtype_arg(dtype):
    """The NumPy dtype a ``dtype=`` argument names, None where it is omitted or None."""
    if omitted_or_none(dtype):
        return None
    name = getattr(dtype, "name", str(dtype))
    for word in name.replace("(", " ").replace(")", " ").replace(".", " ").split():
        try:
            return np.dtype(word)
        except TypeError:
            continue
    raise TypingError(f"dtype {dtype} is not supported here")


def _check_axis(axis):
    if not (isinstance(axis, (types.Omitted, types.IntegerLiteral))):
        raise TypingError("axis must be 0 (a constant) for a sequence of numbers")
    value = axis.value if isinstance(axis, types.Omitted) else axis.literal_value
    if value not in (0, -1):
        raise TypingError("axis must be 0 for a sequence of numbers")


@overload(np.logspace)
def _np_logspace(start, stop, num=50, endpoint=True, base=10.0, dtype=None, axis=0):
    if not (_real_scalar(start) and _real_scalar(stop) and _real_scalar(base)):
        return None
    _check_axis(axis)
    dt = _dtype_arg(dtype)
    if dt is None:
        return _logspace
    return make(_LOGSPACE_DT.format(dt=dtype_name(dt)))


_GEOMSPACE = """\
def impl(start, stop, num=50, endpoint=True, dtype=None, axis=0):
    if start == 0 or stop == 0:
        raise ValueError("Geometric sequence cannot include zero")
    sign = np.sign(float(start))
    first = float(start) / sign
    last = float(stop) / sign
    result = np.power(10.0, np.linspace(np.log10(first), np.log10(last), num, endpoint))
    if num > 0:
        result[0] = first
        if num > 1 and endpoint:
            result[-1] = last
    result *= sign
    return result{cast}
"""


@overload(np.geomspace)
def _np_geomspace(start, stop, num=50, endpoint=True, dtype=None, axis=0):
    if not (_real_scalar(start) and _real_scalar(stop)):
        return None
    _check_axis(axis)
    dt = _dtype_arg(dtype)
    cast = "" if dt is None else f".astype({dtype_name(dt)})"
    return make(_GEOMSPACE.format(cast=cast))


# -- window functions ----------------------------------------------------------------------


@njit
def _window_points(M):
    # NumPy's `arange(1 - M, M, 2)` with M a float: exact integers.
    m = float(M)
    n = np.empty(max(M, 0))
    for k in range(n.size):
        n[k] = (1.0 - m) + 2.0 * k
    return n


# NumPy's window formulas over the points `n` (`M - 1.0` is `den`), each guarded as NumPy's
# functions are: no points below M = 1, a single 1.0 at M = 1.
_WINDOW = """\
def impl(M):
    if M < 1:
        return np.empty(0)
    if M == 1:
        return np.ones(1)
    n = _window_points(M)
    den = M - 1.0
    return {formula}
"""

_WINDOW_FORMULAS = {
    np.hanning: "0.5 + 0.5 * np.cos(np.pi * n / den)",
    np.hamming: "0.54 + 0.46 * np.cos(np.pi * n / den)",
    np.blackman: "0.42 + 0.5 * np.cos(np.pi * n / den) + 0.08 * np.cos(2.0 * np.pi * n / den)",
    np.bartlett: "np.where(n <= 0, 1 + n / den, 1 - n / den)",
}


@njit
def _chbevl(x, vals):
    b0 = vals[0]
    b1 = 0.0
    b2 = 0.0
    for i in range(1, len(vals)):
        b2 = b1
        b1 = b0
        b0 = x * b1 - b2 + vals[i]
    return 0.5 * (b0 - b2)


@njit
def _i0(x):
    # NumPy's np.i0 of one float: its two Chebyshev expansions (Cephes).
    x = abs(x)
    if x <= 8.0:
        return math.exp(x) * _chbevl(x / 2.0 - 2, _I0A)
    return math.exp(x) * _chbevl(32.0 / x - 2.0, _I0B) / math.sqrt(x)


def _kaiser(M, beta):
    if M == 1:
        return np.ones(1)
    m = float(M)
    b = float(beta)
    alpha = (m - 1) / 2.0
    out = np.empty(max(M, 0))
    i0b = _i0(b)
    for k in range(out.size):
        r = (k - alpha) / alpha
        out[k] = _i0(b * math.sqrt(1 - r * r)) / i0b
    return out


def _window(formula):
    def typing(M):
        if is_real(M) and not isinstance(M, (types.Float, types.Boolean)):
            return make(_WINDOW.format(formula=formula), _window_points=_window_points)
        return None

    return typing


for _function, _formula in _WINDOW_FORMULAS.items():
    overload(_function)(_window(_formula))


@overload(np.kaiser)
def _np_kaiser(M, beta):
    if isinstance(M, types.Integer) and _real_scalar(beta):
        return _kaiser
    return None


# -- unwrap --------------------------------------------------------------------------------

_UNWRAP = """\
def impl(p, discont=None, axis=-1, *, period=6.283185307179586):
    pa = np.asarray(p)
{axis_check}    dd = np.diff(pa)
    {discont}
    {interval}
    interval_low = -interval_high
    ddmod = np.mod(dd - interval_low, period) + interval_low
    if boundary_ambiguous:
        ddmod = np.where((ddmod == interval_low) & (dd > 0), interval_high, ddmod)
    ph_correct = ddmod - dd
    ph_correct = np.where(np.abs(dd) < disc, 0, ph_correct)
    up = pa.astype({dt})
    if pa.shape[-1] > 1:
        up[{tail}] = pa[{tail}] + np.cumsum(ph_correct, axis=-1)
    return up
"""


@overload(np.unwrap)
def _np_unwrap(p, discont=None, axis=-1, *, period=2 * math.pi):
    like = array_like(p)
    if like is None or like[0] == 0 or not is_real(like[1]) or isinstance(like[1], types.Boolean):
        return None
    ndim, item = like
    axis_check = ""
    if is_int(axis) and not isinstance(axis, types.IntegerLiteral) and ndim == 1:
        # A run-time axis of a 1-d array: 0 and -1 are its last axis, others NumPy's AxisError.
        axis_check = (
            "    if axis < -1 or axis > 0:\n"
            '        raise AxisError(f"axis {axis} is out of bounds for array of dimension 1")\n'
        )
    elif not (isinstance(axis, (types.Omitted, types.IntegerLiteral))):
        raise TypingError("np.unwrap: axis must be a constant (or any integer for a 1-d array)")
    else:
        ax = axis.value if isinstance(axis, types.Omitted) else axis.literal_value
        if ax not in (ndim - 1, -1):
            raise TypingError("np.unwrap: only the last axis is supported (axis=-1)")
    int_period = is_int(period) or isinstance(period, types.IntegerLiteral)
    if not (isinstance(period, (types.Omitted, types.Float)) or int_period):
        return None
    pdt = np_dtype(item)
    # NumPy's result_type(dd, period): a Python period is weak (an int keeps an int dtype).
    dd_dt = np.diff(np.zeros(2, pdt)).dtype
    dt = np.result_type(dd_dt, 0 if int_period else 0.0)
    if np.issubdtype(dt, np.integer):
        interval = "interval_high = period // 2\n    boundary_ambiguous = period % 2 == 0"
    else:
        interval = "interval_high = period / 2\n    boundary_ambiguous = True"
    disc = "disc = period / 2" if omitted_or_none(discont) else "disc = discont"
    tail = ", ".join([":"] * (ndim - 1) + ["1:"])
    text = _UNWRAP.format(
        axis_check=axis_check, discont=disc, interval=interval, dt=dtype_name(dt), tail=tail
    )
    return make(text, AxisError=np.exceptions.AxisError)


# -- kron, vdot ----------------------------------------------------------------------------

_KRON = """\
def impl(a, b):
    ac = np.ascontiguousarray(a)
    bc = np.ascontiguousarray(b)
    prod = ac.reshape({a_shape}) * bc.reshape({b_shape})
    return prod.reshape({out_shape})
"""


@overload(np.kron)
def _np_kron(a, b):
    if not (isinstance(a, types.Array) and isinstance(b, types.Array)):
        return None
    if a.ndim == 0 or b.ndim == 0:
        return None
    nd = max(a.ndim, b.ndim)
    pa, pb = nd - a.ndim, nd - b.ndim
    sa = ["1"] * pa + [f"a.shape[{d}]" for d in range(a.ndim)]
    sb = ["1"] * pb + [f"b.shape[{d}]" for d in range(b.ndim)]
    a_shape = ", ".join(x for d in range(nd) for x in (sa[d], "1"))
    b_shape = ", ".join(x for d in range(nd) for x in ("1", sb[d]))
    out_shape = ", ".join(f"{sa[d]} * {sb[d]}" for d in range(nd))
    text = _KRON.format(
        a_shape=a_shape, b_shape=b_shape, out_shape=out_shape + ("," if nd == 1 else "")
    )
    return make(text)


def _vdot_real(a, b):
    if a.size != b.size:
        raise ValueError(f"cannot reshape array of size {b.size} into shape ({a.size},)")
    return np.dot(a.ravel(), b.ravel())


def _vdot_complex(a, b):
    if a.size != b.size:
        raise ValueError(f"cannot reshape array of size {b.size} into shape ({a.size},)")
    return np.dot(np.conj(a.ravel()), b.ravel())


@overload(np.vdot)
def _np_vdot(a, b):
    if not (isinstance(a, types.Array) and isinstance(b, types.Array)):
        return None
    if isinstance(a.dtype, types.Complex):
        return _vdot_complex
    return _vdot_real


# -- indices, divmod -----------------------------------------------------------------------

_INDICES = """\
def impl(dimensions, dtype=None, sparse=False):
    out = np.empty(({n}, {dims}), {dt})
    for pos in np.ndindex({shape}):
        for k in range({n}):
            out[k][pos] = pos[k]
    return out
"""


@overload(np.indices)
def _np_indices(dimensions, dtype=None, sparse=False):
    if not isinstance(dimensions, types.BaseTuple) or len(dimensions.types) == 0:
        return None
    if not all(isinstance(t, types.Integer) for t in dimensions.types):
        return None
    if not (isinstance(sparse, (types.Omitted, types.BooleanLiteral))):
        raise TypingError("np.indices: sparse must be a constant")
    if isinstance(sparse, types.BooleanLiteral) and sparse.literal_value:
        raise TypingError("np.indices(..., sparse=True) is not supported yet")
    n = len(dimensions.types)
    dt = _dtype_arg(dtype)
    dt = np.dtype(np.int64) if dt is None else dt
    dims = ", ".join(f"dimensions[{k}]" for k in range(n))
    shape = "(" + dims + ("," if n == 1 else "") + ")"
    return make(_INDICES.format(n=n, dims=dims, shape=shape, dt=dtype_name(dt)))


own_signature(np.indices)


def _divmod(x1, x2):
    return np.floor_divide(x1, x2), np.remainder(x1, x2)


@overload(np.divmod)
def _np_divmod(x1, x2):
    if isinstance(x1, types.Complex) or isinstance(x2, types.Complex):
        return None
    return _divmod


# -- nanpercentile, nanquantile ------------------------------------------------------------

_NANQ = """\
def impl(a, q, axis=None, out=None, overwrite_input=False, method="linear", keepdims=False):
    if not (0.0 <= q <= {top}):
        raise ValueError("{what} must be in the range [0, {top_text}]")
    flat = a.ravel()
    kept = flat[~np.isnan(flat)]
    if kept.size == 0:
        return {dt}(np.nan)
    return np.{fn}(kept, q)
"""


def _nan_quantile(fn, top, what, a, q, axis, out, overwrite_input, method, keepdims):
    if not isinstance(a, types.Array) or not isinstance(a.dtype, types.Float):
        return None
    if not (is_real(q) and not isinstance(q, types.Boolean)):
        return None
    rest = (axis, out, keepdims)
    if not all(omitted_or_none(t) or isinstance(t, types.BooleanLiteral) for t in rest):
        raise TypingError(f"np.nan{fn}: only the whole array (axis=None, no out=) for now")
    if not (omitted_or_none(overwrite_input) or isinstance(overwrite_input, types.Boolean)):
        return None
    if not isinstance(method, types.Omitted) and not (
        isinstance(method, types.StringLiteral) and method.literal_value == "linear"
    ):
        raise TypingError(f"np.nan{fn}: only method='linear' for now")
    text = _NANQ.format(
        top=float(top), top_text=top, what=what, fn=fn, dt=dtype_name(np_dtype(a.dtype))
    )
    return make(text)


@overload(np.nanpercentile)
def _np_nanpercentile(
    a, q, axis=None, out=None, overwrite_input=False, method="linear", keepdims=False
):
    args = (a, q, axis, out, overwrite_input, method, keepdims)
    return _nan_quantile("percentile", 100, "Percentiles", *args)


@overload(np.nanquantile)
def _np_nanquantile(
    a, q, axis=None, out=None, overwrite_input=False, method="linear", keepdims=False
):
    args = (a, q, axis, out, overwrite_input, method, keepdims)
    return _nan_quantile("quantile", 1, "Quantiles", *args)


own_signature(np.nanpercentile)
own_signature(np.nanquantile)


# -- broadcast_shapes ----------------------------------------------------------------------


def _shape_of_arg(k, t):
    """The lengths of argument ``k`` of ``np.broadcast_shapes`` as texts of code."""
    if isinstance(t, types.Integer):
        return [f"args[{k}]"]
    return [f"args[{k}][{j}]" for j in range(len(t.types))]


def _shape_repr(dims):
    """Code making Python's repr of a shape (``(2, 1)``, ``(3,)``) from its lengths' code."""
    if not dims:
        return '"()"'
    inner = ' + ", " + '.join(f"str({d})" for d in dims)
    close = '",)"' if len(dims) == 1 else '")"'
    return f'"(" + {inner} + {close}'


@overload(np.broadcast_shapes)
def _np_broadcast_shapes(*args):
    shapes = []
    for k, t in enumerate(args):
        if isinstance(t, types.Integer) or (
            isinstance(t, types.BaseTuple) and all(isinstance(x, types.Integer) for x in t.types)
        ):
            shapes.append(_shape_of_arg(k, t))
        else:
            return None
    nd = max((len(s) for s in shapes), default=0)
    lines = ["def impl(*args):"]
    for s in shapes:
        for d in s:
            lines.append(f"    if {d} < 0:")
            lines.append('        raise ValueError("negative dimensions are not allowed")')
    # NumPy's order: the output's axes left to right, each across the arguments; a length
    # other than 1 that differs from the one an earlier argument set is the error.
    for i in range(nd):
        lines.append(f"    r{i} = 1")
        lines.append(f"    src{i} = 0")
        for k, s in enumerate(shapes):
            j = i - (nd - len(s))
            if j < 0:
                continue
            d = s[j]
            lines.append(f"    if {d} != 1:")
            lines.append(f"        if r{i} == 1:")
            lines.append(f"            r{i} = {d}")
            lines.append(f"            src{i} = {k}")
            lines.append(f"        elif r{i} != {d}:")
            lines.append("            pass")
            for other in range(k):
                j2 = i - (nd - len(shapes[other]))
                if j2 < 0:
                    continue
                lines.append(f"            if src{i} == {other}:")
                lines.append(
                    "                raise ValueError("
                    '"shape mismatch: objects cannot be broadcast to a single shape.  Mismatch '
                    f'is between arg {other} with shape " + {_shape_repr(shapes[other])} + '
                    f'" and arg {k} with shape " + {_shape_repr(s)} + ".")'
                )
    out = ", ".join(f"r{i}" for i in range(nd))
    lines.append(f"    return ({out}{',' if nd == 1 else ''})")
    return make("\n".join(lines) + "\n")


# -- angle ---------------------------------------------------------------------------------

# NumPy's `np.angle`: arctan2 of the imaginary and real parts (0 for real input), times
# 180/pi in the result's own float type where deg is true.
_ANGLE = """\
def impl(z, deg=False):
    a = np.arctan2({imag}, {real})
    if deg:
        a = a * {scale}
    return a
"""


@overload(np.angle)
def _np_angle(z, deg=False):
    array = isinstance(z, types.Array)
    dt = z.dtype if array else z
    if array and z.ndim == 0:
        return None
    if isinstance(dt, types.Complex):
        out = np.dtype("float32" if dt.bitwidth == 64 else "float64")
        imag, real = "z.imag", "z.real"
    elif isinstance(dt, types.Float) or (isinstance(dt, types.Integer) and dt.bitwidth == 64):
        # NumPy's arctan2(0, z): z's float type, float64 for int64 (float16 for narrower ints
        # and booleans: not done here)
        out = np_dtype(dt) if isinstance(dt, types.Float) else np.dtype("float64")
        imag = "np.zeros_like(z)" if array else f"{dtype_name(out)}(0)"
        real = "z"
    else:
        return None
    scale = f"{dtype_name(out)}({180 / math.pi!r})"
    return make(_ANGLE.format(imag=imag, real=real, scale=scale))

"""``np.lib.stride_tricks.as_strided`` and ``sliding_window_view`` in compiled code, as NumPy
writes them, over the compiler's primitive ``np._oxjit_as_strided(x, shape, strides,
writeable)`` (a view of ``x``'s memory with these shape and strides, unchecked as NumPy's is).
``writeable`` must be a constant; the number of dimensions of the result is known when
compiling (``shape`` and ``window_shape`` tuples of known length)."""

from numpy.lib import stride_tricks

from oxjit import types
from oxjit._np_gen import make, omitted_or_none
from oxjit.errors import AxisTypingError, TypingError
from oxjit.extending import overload


def _constant_bool(t, name, default):
    """The value of a bool argument known when compiling (its default where left out)."""
    if t is None or isinstance(t, types.Omitted):
        return default if t is None else bool(t.value)
    if isinstance(t, types.BooleanLiteral):
        return t.literal_value
    raise TypingError(f"{name} must be a constant True or False here, not {t}")


def _int_tuple(t):
    return isinstance(t, types.BaseTuple) and all(
        isinstance(x, types.Integer) and not isinstance(x, types.Boolean) for x in t.types
    )


@overload(stride_tricks.as_strided)
def _as_strided(x, shape=None, strides=None, subok=False, writeable=True):
    if not isinstance(x, types.Array):
        raise TypingError(f"as_strided() of {x} is not supported (arrays only)")
    flag = _constant_bool(writeable, "writeable", True)
    parts = []
    for name, t in (("shape", shape), ("strides", strides)):
        if omitted_or_none(t):
            parts.append(f"x.{name}")
        elif _int_tuple(t):
            parts.append(name)
        else:
            raise TypingError(f"as_strided(): {name} must be a tuple of integers, not {t}")
    text = (
        "def impl(x, shape=None, strides=None, subok=False, writeable=True):\n"
        f"    return np._oxjit_as_strided(x, {parts[0]}, {parts[1]}, {flag})\n"
    )
    return make(text)


def _axes(axis, ndim):
    """The axes ``axis`` names (None: every one), each checked and made non-negative."""
    if omitted_or_none(axis):
        return None
    if isinstance(axis, types.IntegerLiteral):
        values = [axis.literal_value]
    elif isinstance(axis, types.Omitted) and isinstance(axis.value, int):
        values = [axis.value]
    else:
        raise TypingError(
            f"sliding_window_view(): axis must be None or a constant integer, not {axis}"
        )
    for k in values:
        if not -ndim <= k < ndim:
            raise AxisTypingError(f"axis {k} is out of bounds for array of dimension {ndim}")
    return [k % ndim for k in values]


@overload(stride_tricks.sliding_window_view)
def _sliding_window_view(x, window_shape, axis=None, *, subok=False, writeable=False):
    if not isinstance(x, types.Array):
        raise TypingError(f"sliding_window_view() of {x} is not supported (arrays only)")
    flag = _constant_bool(writeable, "writeable", False)
    if isinstance(window_shape, types.Integer) and not isinstance(window_shape, types.Boolean):
        nw, ws = 1, "(window_shape,)"
    elif _int_tuple(window_shape):
        nw, ws = len(window_shape.types), "window_shape"
    else:
        raise TypingError(
            f"sliding_window_view(): window_shape must be an integer or a tuple of them, "
            f"not {window_shape}"
        )
    ndim = x.ndim
    if isinstance(axis, types.Integer) and not isinstance(axis, types.IntegerLiteral):
        # Compiled per value of `axis` (its axes decide the result's strides).
        from oxjit import literally

        text = (
            "def impl(x, window_shape, axis=None, *, subok=False, writeable=False):\n"
            "    return literally(axis)\n"
        )
        return make(text, literally=literally)
    axes = _axes(axis, ndim)
    lines = [
        "def impl(x, window_shape, axis=None, *, subok=False, writeable=False):",
        f"    ws = {ws}",
    ]
    for j in range(nw):
        lines += [
            f"    if ws[{j}] < 0:",
            "        raise ValueError('`window_shape` cannot contain negative values')",
        ]
    if axes is None:
        axes = list(range(ndim))
        mismatch = (
            "Since axis is `None`, must provide window_shape for all dimensions of `x`; "
            f"got {nw} window_shape elements and `x.ndim` is {ndim}."
        )
    else:
        mismatch = (
            f"Must provide matching length window_shape and axis; got {nw} window_shape "
            f"elements and {len(axes)} axes elements."
        )
    if nw != len(axes):
        # Raised when called, as NumPy raises it; the view after it types the function.
        lines += ["    for _ in range(1):", f"        raise ValueError({mismatch!r})"]
        axes = (axes * nw)[:nw] if axes else [0] * nw
    lines += [f"    t{d} = x.shape[{d}]" for d in range(ndim)]
    for j, ax in enumerate(axes):
        lines += [
            f"    if t{ax} < ws[{j}]:",
            "        raise ValueError('window shape cannot be larger than input array shape')",
            f"    t{ax} -= ws[{j}] - 1",
        ]
    trimmed = "".join(f"t{d}, " for d in range(ndim))
    extra = "".join(f"x.strides[{ax}], " for ax in axes)
    lines += [
        f"    shape = ({trimmed}) + ws",
        f"    strides = x.strides + ({extra})",
        f"    return np._oxjit_as_strided(x, shape, strides, {flag})",
    ]
    return make("\n".join(lines) + "\n")

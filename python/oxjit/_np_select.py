"""``np.select`` as one fused loop: each item of the result is the choice of the first true
condition (or the default), with no temporary arrays (NumPy makes the result with ``np.full``
and copies each choice onto it under its mask, last first: a pass per choice).

Conditions and choices given as tuples (a list display of arrays is one) become one expression
of nested ``np.where``, which the compiler fuses into one loop writing the result; lists (of a
length known when called) take NumPy's passes, in place. The result's shape and dtype, and the errors
and their order, are NumPy's (``np.broadcast_arrays`` of the conditions, then of the choices
with the default, then of the two)."""

from oxjit import types
from oxjit._np_gen import dtype_name

_MISMATCH = (
    '"shape mismatch: objects cannot be broadcast to a single shape.  Mismatch is between arg " '
    '+ str({a}) + " with shape " + {sa} + " and arg " + str({b}) + " with shape " + {sb} + "."'
)


def _shape_repr(expr, ndim):
    """Code making Python's repr of the shape ``expr`` (of ``ndim`` lengths)."""
    if ndim == 0:
        return '"()"'
    inner = ' + ", " + '.join(f"str({expr}[{q}])" for q in range(ndim))
    close = '",)"' if ndim == 1 else '")"'
    return f'"(" + {inner} + {close}'


class _Group:
    """Operands broadcast together by one ``np.broadcast_arrays`` call, of ``nd`` dimensions
    together: ``items`` are ``(code, ndim)`` of fixed ones, after the items of a typed list
    ``many`` (``(code, ndim)``) where there is one. A number is of 0 dimensions."""

    def __init__(self, nd, items, many=None):
        self.nd, self.items, self.many = nd, items, many

    def shape_code(self, name, lines):
        """Lines computing ``{name}0..`` (the broadcast lengths), as NumPy's
        ``PyArray_Broadcast``: axes left to right, each across the arguments in order."""
        for j in range(self.nd):
            lines.append(f"    {name}{j} = 1")
            lines.append(f"    {name}src{j} = 0")
            offset = "0"
            if self.many is not None:
                code, k = self.many
                if j - self.nd + k >= 0:
                    lines.append(f"    for kk in range(len({code})):")
                    self._check(lines, name, j, f"{code}[kk].shape", k, "kk", 8)
                offset = f"len({code})"
            for pos, (code, k) in enumerate(self.items):
                if k > 0 and j - self.nd + k >= 0:
                    self._check(lines, name, j, f"{code}.shape", k, f"{offset} + {pos}", 4)
        return [f"{name}{j}" for j in range(self.nd)]

    def _check(self, lines, name, j, shape, k, arg, pad):
        """One argument's length on axis ``j``: taken when the first other than 1, else checked."""
        sp = " " * pad
        lines += [
            f"{sp}d = {shape}[{j - self.nd + k}]",
            f"{sp}if d != 1:",
            f"{sp}    if {name}{j} == 1:",
            f"{sp}        {name}{j} = d",
            f"{sp}        {name}src{j} = {arg}",
            f"{sp}    elif {name}{j} != d:",
            f"{sp}        raise ValueError({self._message(name, j, shape, k, arg)})",
        ]

    def _message(self, name, j, shape, k, arg):
        """NumPy's message, naming the argument that set the length (by its position)."""
        src = f"{name}src{j}"
        options = []
        offset = "0"
        if self.many is not None:
            code, mk = self.many
            options.append((f"{src} < len({code})", f"{code}[{src}].shape", mk))
            offset = f"len({code})"
        for pos, (code, ik) in enumerate(self.items):
            if ik > 0:
                options.append((f"{src} == {offset} + {pos}", f"{code}.shape", ik))
        text = None
        for cond, s, sk in reversed(options):
            msg = _MISMATCH.format(a=src, sa=_shape_repr(s, sk), b=arg, sb=_shape_repr(shape, k))
            text = msg if text is None else f"({msg}) if {cond} else ({text})"
        return text


def fused_select(conds, choices, default, result, unrolled, bad_cond, direct=False):
    """The sources of the checks (a function ``impl`` returning the result's shape) and of the
    implementation (calling them as ``_check``): ``conds``/``choices`` the item types' ndims (None for a
    number), ``default`` likewise; one of each for typed lists (``unrolled`` false). With
    ``direct``, the fused expression's own array is the result (a C array, as NumPy's: every
    operand C or of one dimension; writing it into an array made first is slower)."""
    dt = dtype_name(result)
    nd = max(k for k in conds + choices + [default] if k is not None)
    lines = ["def impl(condlist, choicelist, default=0):"]
    if unrolled:
        n = len(conds)
        lines += [f"    c{k} = condlist[{k}]" for k in range(n)]
        lines += [f"    h{k} = choicelist[{k}]" for k in range(n)]
        cnd = max(conds)
        hnd = max(k or 0 for k in choices + [default])
        cg = _Group(cnd, [(f"c{k}", conds[k]) for k in range(n)])
        items = [(f"h{k}", choices[k] or 0) for k in range(n)] + [("default", default or 0)]
        hg = _Group(hnd, items)
    else:
        lines += [
            "    n = len(condlist)",
            "    if n != len(choicelist):",
            '        raise ValueError("list of cases must be same length as list of conditions")',
            "    if n == 0:",
            '        raise ValueError("select with an empty condition list is not possible")',
        ]
        cnd = conds[0]
        hnd = max(k or 0 for k in choices + [default])
        cg = _Group(cnd, [], ("condlist", cnd))
        many = ("choicelist", choices[0]) if choices[0] is not None else None
        hg = _Group(hnd, [("default", default or 0)], many)
    sc = cg.shape_code("a", lines)
    sh = hg.shape_code("b", lines)
    lines.append(f"    sc = ({', '.join(sc)}{',' if cnd == 1 else ''})")
    lines.append(f"    sh = ({', '.join(sh)}{',' if hnd == 1 else ''})")
    _both_shapes(lines, nd, cnd, hnd)
    if bad_cond is not None:
        msg = f"invalid entry {bad_cond} in condlist: should be boolean ndarray"
        check = "\n".join([*lines, f'    raise TypeError("{msg}")']) + "\n"
        call = "    _check(condlist, choicelist, default)"
        return check, f"def impl(condlist, choicelist, default=0):\n{call}\n"
    shape = f"({', '.join(f'r{j}' for j in range(nd))},)"
    check = "\n".join([*lines, f"    return {shape}"]) + "\n"
    # The checks are a function of their own: their messages' code in the loop's function
    # keeps LLVM from vectorizing the loop.
    lines = [
        "def impl(condlist, choicelist, default=0):",
        "    shape = _check(condlist, choicelist, default)",
        f"    out = np.empty(shape, {dt})",
    ]
    dflt = "default" if default is not None else f"{dt}(default)"
    if unrolled:
        # One expression: the compiler fuses it into one loop writing `out`, each item a
        # select of values (no branch), the first true condition's choice winning.
        expr = dflt
        for k in range(len(conds) - 1, -1, -1):
            expr = f"np.where(condlist[{k}], choicelist[{k}], {expr})"
        if direct:
            return check, "\n".join([*lines[:2], f"    return {expr}"]) + "\n"
        lines.append(f"    out[...] = {expr}")
    else:
        # A pass per choice, last first, in place (NumPy's `copyto(..., where=)`).
        lines += [
            "    n = len(condlist)",
            f"    out[...] = {dflt}",
            "    for k in range(n - 1, -1, -1):",
            "        out[...] = np.where(condlist[k], choicelist[k], out)",
        ]
    lines.append("    return out")
    return check, "\n".join(lines) + "\n"


def _both_shapes(lines, nd, cnd, hnd):
    """``r0..``: the conditions' shape ``sc`` broadcast with the choices' ``sh`` (NumPy's
    arguments 0 and 1 of ``np.broadcast_arrays(condlist[0], choicelist[0])``)."""
    for j in range(nd):
        lines.append(f"    r{j} = 1")
        for name, k in (("sc", cnd), ("sh", hnd)):
            q = j - (nd - k)
            if q < 0:
                continue
            lines.append(f"    if {name}[{q}] != 1:")
            lines.append(f"        if r{j} == 1:")
            lines.append(f"            r{j} = {name}[{q}]")
            lines.append(f"        elif r{j} != {name}[{q}]:")
            msg = _MISMATCH.format(a=0, sa=_shape_repr("sc", cnd), b=1, sb=_shape_repr("sh", hnd))
            lines.append(f"            raise ValueError({msg})")


def ndim_of(t):
    """An operand's number of dimensions, None for a number."""
    if isinstance(t, types.Array):
        return t.ndim
    return None

"""NumPy's splitting and rebuilding helpers in compiled code, written as NumPy writes them:
``np.split``, ``np.array_split``, ``np.hsplit``, ``np.vsplit``, ``np.dsplit`` (lists of views
of the array), ``np.delete``, ``np.insert``, ``np.resize``, ``np.select``,
``np.take_along_axis``, ``np.extract``, ``np.trim_zeros`` and ``np.asarray_chkfinite``, with
NumPy's errors (raised when called, as NumPy raises them). Axes are constants (the views'
types depend on them)."""

import numpy as np

from oxjit import types
from oxjit._np_gen import (
    array_like,
    const_int,
    dtype_name,
    index,
    int_sequence,
    is_int,
    is_real,
    make,
    np_dtype,
    omitted_or_none,
)
from oxjit._np_select import fused_select, ndim_of
from oxjit.decorators import njit
from oxjit.errors import TypingError
from oxjit.extending import overload

# -- split and friends ---------------------------------------------------------------------

_SPLIT_HEAD = """\
def impl({params}):
    ntotal = ary.shape[{axis}]
"""

_SPLIT_SECTIONS = """\
    nsec = int(indices_or_sections)
    if {equal}:
        if ntotal % indices_or_sections:
            raise ValueError("array split does not result in an equal division")
    if nsec <= 0:
        raise ValueError("number sections must be larger than 0.")
    each, extras = divmod(ntotal, nsec)
    out = []
    st = 0
    for i in range(nsec):
        end = st + each
        if i < extras:
            end += 1
        out.append(ary{view})
        st = end
    return out
"""

_SPLIT_INDICES = """\
    out = []
    st = 0
    for end in indices_or_sections:
        out.append(ary{view})
        st = end
    end = ntotal
    out.append(ary{view})
    return out
"""

_SPLIT_EMPTY = """\
    return [ary[:]]
"""

_RAISE = """\
def impl({params}):
    raise {cls}({message!r})
"""

# As _RAISE, for the split functions: the list after the raise (reached by no call) types the
# call as NumPy's result would be, so that `np.vsplit(v, 2)[0]` compiles and raises when called.
_RAISE_SPLIT = """\
def impl({params}):
    for _ in range(1):
        raise {cls}({message!r})
    return [ary[:]]
"""


def _split(ary, ios, axis, equal, params):
    if not isinstance(ary, types.Array):
        return None
    nd = ary.ndim
    if not -nd <= axis < nd:
        return make(
            _RAISE_SPLIT.format(params=params, cls="IndexError", message="tuple index out of range")
        )
    axis %= nd
    text = _SPLIT_HEAD.format(params=params, axis=axis)
    view = index(nd, axis, "st:end")
    if isinstance(ios, (types.Integer, types.Float)) and not isinstance(ios, types.Boolean):
        text += _SPLIT_SECTIONS.format(equal=equal, view=view)
    elif isinstance(ios, types.BaseTuple) and len(ios.types) == 0:
        text += _SPLIT_EMPTY
    elif int_sequence(ios):
        text += _SPLIT_INDICES.format(view=view)
    else:
        return None
    return make(text)


@overload(np.split)
def _np_split(ary, indices_or_sections, axis=0):
    return _split(
        ary, indices_or_sections, const_int(axis, "axis"), True, "ary, indices_or_sections, axis=0"
    )


@overload(np.array_split)
def _np_array_split(ary, indices_or_sections, axis=0):
    return _split(
        ary, indices_or_sections, const_int(axis, "axis"), False, "ary, indices_or_sections, axis=0"
    )


def _split_along(name, least, ary, ios):
    if not isinstance(ary, types.Array):
        return None
    params = "ary, indices_or_sections"
    if ary.ndim < least:
        more = {1: "1 or more", 2: "2 or more", 3: "3 or more"}[least]
        msg = f"{name} only works on arrays of {more} dimensions"
        return make(_RAISE_SPLIT.format(params=params, cls="ValueError", message=msg))
    axis = {"hsplit": 1 if ary.ndim > 1 else 0, "vsplit": 0, "dsplit": 2}[name]
    return _split(ary, ios, axis, True, params)


@overload(np.hsplit)
def _np_hsplit(ary, indices_or_sections):
    return _split_along("hsplit", 1, ary, indices_or_sections)


@overload(np.vsplit)
def _np_vsplit(ary, indices_or_sections):
    return _split_along("vsplit", 2, ary, indices_or_sections)


@overload(np.dsplit)
def _np_dsplit(ary, indices_or_sections):
    return _split_along("dsplit", 3, ary, indices_or_sections)


# -- delete, insert, resize ----------------------------------------------------------------


def _sequence_like(t):
    """An array, or a list or tuple of numbers (NumPy's ``asarray`` makes the array)."""
    like = array_like(t)
    return like is not None and like[0] >= 1


def _delete_one(arr, obj, axis=None):
    a = np.asarray(arr).ravel()
    n = a.size
    if obj < -n or obj >= n:
        raise IndexError(f"index {int(obj)} is out of bounds for axis 0 with size {n}")
    k = obj + n if obj < 0 else obj
    out = np.empty(n - 1, a.dtype)
    out[:k] = a[:k]
    out[k:] = a[k + 1 :]
    return out


def _delete_many(arr, obj, axis=None):
    a = np.asarray(arr).ravel()
    n = a.size
    keep = np.ones(n, np.bool_)
    for k in obj:
        if k < -n or k >= n:
            raise IndexError(f"index {int(k)} is out of bounds for axis 0 with size {n}")
        keep[k] = False
    return a[keep]


def _delete_array(arr, obj, axis=None):
    a = np.asarray(arr).ravel()
    n = a.size
    keep = np.ones(n, np.bool_)
    for k in obj.ravel():
        if k < -n or k >= n:
            raise IndexError(f"index {int(k)} is out of bounds for axis 0 with size {n}")
        keep[k] = False
    return a[keep]


def _delete_mask(arr, obj, axis=None):
    a = np.asarray(arr).ravel()
    n = a.size
    if obj.shape[0] != n:
        raise ValueError(
            f"boolean array argument obj to delete must be one dimensional and match the axis "
            f"length of {n}"
        )
    return a[~obj]


@overload(np.delete)
def _np_delete(arr, obj, axis=None):
    if not _sequence_like(arr):
        return None
    if not omitted_or_none(axis):
        raise TypingError("np.delete: axis= is not supported yet (the array is flattened)")
    if is_int(obj):
        return _delete_one
    if isinstance(obj, types.Array) and isinstance(obj.dtype, types.Boolean) and obj.ndim == 1:
        return _delete_mask
    if isinstance(obj, types.Array) and is_int(obj.dtype):
        return _delete_array
    if int_sequence(obj) and not (isinstance(obj, types.BaseTuple) and len(obj.types) == 0):
        return _delete_many
    return None


_INSERT = """\
def impl(arr, obj, values, axis=None):
    a = np.asarray(arr).ravel()
    n = a.size
    if obj < -n or obj > n:
        raise IndexError(f"index {{int(obj)}} is out of bounds for axis 0 with size {{n}}")
    k = obj + n if obj < 0 else obj
{values}    out = np.empty(n + m, {dt})
    out[:k] = a[:k]
{put}    out[k + m :] = a[k:]
    return out
"""


@overload(np.insert)
def _np_insert(arr, obj, values, axis=None):
    if not _sequence_like(arr) or not is_int(obj):
        return None
    if not omitted_or_none(axis):
        raise TypingError("np.insert: axis= is not supported yet (the array is flattened)")
    if is_real(values):
        vals, put = "    m = 1\n", "    out[k] = values\n"
    elif isinstance(values, types.Array) and values.ndim <= 1 and is_real(values.dtype):
        vals, put = "    vals = values.ravel()\n    m = vals.size\n", "    out[k : k + m] = vals\n"
    elif isinstance(values, types.BaseTuple) and all(is_real(t) for t in values.types):
        vals = f"    m = {len(values.types)}\n"
        put = "".join(f"    out[k + {j}] = values[{j}]\n" for j in range(len(values.types)))
    elif isinstance(values, (types.List, types.ListType)) and is_real(values.dtype):
        vals = "    m = len(values)\n"
        put = "    for j in range(m):\n        out[k + j] = values[j]\n"
    else:
        return None
    dt = dtype_name(np_dtype(array_like(arr)[1]))
    return make(_INSERT.format(values=vals, put=put, dt=dt))


_RESIZE = """\
def impl(a, new_shape):
    flat = a.ravel()
    n = flat.size
    new_size = 1
    for d in {dims}:
        new_size *= d
        if d < 0:
            raise ValueError("all elements of `new_shape` must be non-negative")
    out = np.zeros(new_size, {dt})
    if n > 0:
        for k in range(new_size):
            out[k] = flat[k % n]
    return out.reshape(new_shape)
"""


@overload(np.resize)
def _np_resize(a, new_shape):
    if not isinstance(a, types.Array):
        return None
    if is_int(new_shape):
        dims = "(new_shape,)"
    elif isinstance(new_shape, types.BaseTuple) and all(is_int(t) for t in new_shape.types):
        dims = "new_shape"
    else:
        return None
    return make(_RESIZE.format(dims=dims, dt=dtype_name(np_dtype(a.dtype))))


# -- select, take_along_axis, extract ------------------------------------------------------

_SELECT = """\
def impl(condlist, choicelist, default=0):
    n = len(condlist)
    if n != len(choicelist):
        raise ValueError("list of cases must be same length as list of conditions")
    if n == 0:
        raise ValueError("select with an empty condition list is not possible")
    out = np.full(condlist[n - 1].shape, default, {dt})
    for k in range(n - 1, -1, -1):
        out = np.where(condlist[k], choicelist[k], out){cast}
    return out
"""


def _items(t):
    """The item types of a list or tuple argument, or None."""
    if isinstance(t, types.BaseTuple):
        return list(t.types)
    if isinstance(t, (types.List, types.ListType)):
        return [t.dtype]
    return None


def _select_dtype(t):
    """What NumPy's ``result_type`` takes for a choice or the default: an array's dtype, or a
    number, weak (NEP 50) where compiled code cannot tell it from a Python int, float or
    complex (int64, float64, complex128)."""
    if isinstance(t, types.Omitted):
        return 0
    if isinstance(t, types.Array):
        return np_dtype(t.dtype)
    if isinstance(t, types.Boolean):
        return np.dtype(np.bool_)
    if isinstance(t, types.Number):
        dt = np_dtype(t)
        return {"int64": 0, "float64": 0.0, "complex128": 0j}.get(dt.name, dt)
    return None


_CHECKS = {}


def _where_gives(operands, result):
    """Whether nested ``np.where`` of these choices and default makes ``result`` itself:
    compiled code takes every number there as weak (a Python int, float or complex)."""
    weak = []
    for t in operands:
        if isinstance(t, types.Array):
            weak.append(np_dtype(t.dtype))
        elif isinstance(t, (types.Boolean, types.Number)):
            weak.append({"b": False, "f": 0.0, "c": 0j}.get(np_dtype(t).kind, 0))
        else:
            weak.append(0)
    return np.result_type(*weak) == result


def _checks(text):
    """The compiled checks of ``np.select`` made from ``text`` (once per text)."""
    if text not in _CHECKS:
        _CHECKS[text] = njit(make(text))
    return _CHECKS[text]


@overload(np.select)
def _np_select(condlist, choicelist, default=0):
    conds, choices = _items(condlist), _items(choicelist)
    if conds is None or choices is None:
        return None
    if not all(isinstance(t, types.Array) for t in conds):
        return None
    kinds = [_select_dtype(t) for t in choices + [default]]
    if any(k is None for k in kinds):
        return None
    # Arrays of several dimensions broadcast in the unrolled form (tuples) only.
    unrolled = isinstance(condlist, types.BaseTuple) and isinstance(choicelist, types.BaseTuple)
    if len({t.ndim for t in conds + choices if isinstance(t, types.Array)}) > 1 and not unrolled:
        return None
    bad = [k for k, t in enumerate(conds) if not isinstance(t.dtype, types.Boolean)]
    ndims = [ndim_of(t) for t in conds + choices + [default]]
    lists = not isinstance(condlist, types.BaseTuple) and not isinstance(
        choicelist, types.BaseTuple
    )
    # 0-d arrays, and the errors of tuples of no or unequal lengths, take the form below.
    fused = all(k is None or k > 0 for k in ndims) and any(k for k in ndims)
    fused = fused and (lists or (unrolled and 0 < len(conds) == len(choices)))
    if fused:
        arrays = [t for t in conds + choices + [default] if isinstance(t, types.Array)]
        result = np.result_type(*kinds)
        check, text = fused_select(
            ndims[: len(conds)],
            ndims[len(conds) : len(conds) + len(choices)],
            ndims[-1],
            result,
            unrolled,
            bad[0] if bad else None,
            all(t.layout == "C" or t.ndim == 1 for t in arrays)
            and _where_gives(choices + [default], result),
        )
        return make(text, _check=_checks(check))
    if isinstance(default, types.Array):
        return None
    result = np.result_type(*kinds)
    dt = dtype_name(result)
    # np.where of a choice and the result so far is of the result's dtype where the choice
    # promotes to it (its usual case): no cast (a copy) after each step then.
    cast = f".astype({dt})"
    if all(np.result_type(k, result) == result for k in kinds):
        cast = ""
    if not isinstance(condlist, types.BaseTuple) and not isinstance(choicelist, types.BaseTuple):
        return make(_SELECT.format(dt=dt, cast=cast))
    # A tuple (a list display of arrays is one) of arrays of several types: unrolled.
    n = len(conds) if isinstance(condlist, types.BaseTuple) else None
    m = len(choices) if isinstance(choicelist, types.BaseTuple) else None
    params = "condlist, choicelist, default=0"
    if n is None or m is None:
        return None
    if n != m:
        msg = "list of cases must be same length as list of conditions"
        return make(_RAISE.format(params=params, cls="ValueError", message=msg))
    if n == 0:
        msg = "select with an empty condition list is not possible"
        return make(_RAISE.format(params=params, cls="ValueError", message=msg))
    lines = [
        f"def impl({params}):",
        f"    out{n} = np.full(condlist[{n - 1}].shape, default, {dt})",
    ]
    for k in range(n - 1, -1, -1):
        lines.append(f"    out{k} = np.where(condlist[{k}], choicelist[{k}], out{k + 1}){cast}")
    lines.append("    return out0")
    return make("\n".join(lines) + "\n")


_TAKE_FLAT = """\
def impl(arr, indices, axis=-1):
    flat = arr.ravel()
    size = flat.size
    out = np.empty(indices.shape[0], {dt})
    for j in range(indices.shape[0]):
        k = indices[j]
        if k < -size or k >= size:
            raise IndexError(f"index {{int(k)}} is out of bounds for axis 0 with size {{size}}")
        out[j] = flat[k]
    return out
"""

_TAKE_ALONG = """\
def impl(arr, indices, axis=-1):
    size = arr.shape[{axis}]
    ok = True
{checks}    if not ok:
        raise IndexError(
            "shape mismatch: indexing arrays could not be broadcast together with shapes "
            + {shapes} + " "
        )
    out = np.empty(({shape}), {dt})
    for pos in np.ndindex(out.shape):
        k = indices[{ind_index}]
        if k < -size or k >= size:
            raise IndexError(f"index {{int(k)}} is out of bounds for axis {axis} with size {{size}}")
        out[pos] = arr[{arr_index}]
    return out
"""


def _shape_text(items):
    """NumPy's text of a shape (``(2,1)``, ``(3,)``) from the texts of its lengths, as code."""
    if len(items) == 1:
        return f'"(" + str({items[0]}) + ",)"'
    return '"(" + ' + ' + "," + '.join(f"str({x})" for x in items) + ' + ")"'


def _raise_with(cls, msg, params="arr, indices, axis=-1"):
    text = _RAISE.format(params=params, cls=cls, message=msg)
    return make(text, AxisError=np.exceptions.AxisError)


@overload(np.take_along_axis)
def _np_take_along_axis(arr, indices, axis=-1):
    if not isinstance(arr, types.Array) or not isinstance(indices, types.Array):
        return None
    dt = dtype_name(np_dtype(arr.dtype))
    if isinstance(axis, types.NoneType):
        if indices.ndim != 1:
            return _raise_with(
                "ValueError", "when axis=None, `indices` must have a single dimension."
            )
        if not is_int(indices.dtype):
            return _raise_with("IndexError", "`indices` must be an integer array")
        return make(_TAKE_FLAT.format(dt=dt))
    nd = arr.ndim
    ax = const_int(axis, "axis")
    if not -nd <= ax < nd:
        return _raise_with("AxisError", f"axis {ax} is out of bounds for array of dimension {nd}")
    ax %= nd
    if not is_int(indices.dtype):
        return _raise_with("IndexError", "`indices` must be an integer array")
    if nd != indices.ndim:
        msg = "`indices` and `arr` must have the same number of dimensions"
        return _raise_with("ValueError", msg)
    # NumPy indexes `arr` with aranges along the other axes and `indices` along `axis`: the
    # result's length along another axis is the two lengths broadcast.
    checks, shape, ind_index, arr_index, shapes = "", [], [], [], []
    for d in range(nd):
        if d == ax:
            shape.append(f"indices.shape[{d}]")
            ind_index.append(f"pos[{d}]")
            arr_index.append("k")
            shapes.append(_shape_text([f"indices.shape[{j}]" for j in range(nd)]))
            continue
        a, i = f"arr.shape[{d}]", f"indices.shape[{d}]"
        checks += f"    n{d} = {a} if {i} == 1 else {i}\n"
        checks += f"    if {a} != {i} and {a} != 1 and {i} != 1:\n        ok = False\n"
        shape.append(f"n{d}")
        ind_index.append(f"pos[{d}] if {i} != 1 else 0")
        arr_index.append(f"pos[{d}] if {a} != 1 else 0")
        shapes.append(_shape_text([a if j == d else "1" for j in range(nd)]))
    text = _TAKE_ALONG.format(
        axis=ax,
        checks=checks,
        shapes=' + " " + '.join(shapes),
        shape=", ".join(shape) + ("," if nd == 1 else ""),
        dt=dt,
        ind_index=", ".join(f"({x})" for x in ind_index),
        arr_index=", ".join(f"({x})" for x in arr_index),
    )
    return make(text)


def _extract(condition, arr):
    flat = arr.ravel()
    cond = condition.ravel()
    n = 0
    for k in range(cond.size):
        if cond[k]:
            n += 1
    out = np.empty(n, flat.dtype)
    j = 0
    for k in range(cond.size):
        if cond[k]:
            if k >= flat.size:
                raise IndexError(f"index {k} is out of bounds for axis 0 with size {flat.size}")
            out[j] = flat[k]
            j += 1
    return out


@overload(np.extract)
def _np_extract(condition, arr):
    if isinstance(condition, types.Array) and isinstance(arr, types.Array):
        return _extract
    return None


def _trim_zeros(filt, trim="fb", axis=None):
    how = trim.lower()
    if how != "fb" and how != "bf" and how != "f" and how != "b":
        raise ValueError("unexpected character(s) in `trim`: " + repr(how))
    n = filt.shape[0]
    first = 0
    while first < n and filt[first] == 0:
        first += 1
    if first == n:
        return filt[0:0]
    last = n
    while filt[last - 1] == 0:
        last -= 1
    if "f" not in how:
        first = 0
    if "b" not in how:
        last = n
    return filt[first:last]


@overload(np.trim_zeros)
def _np_trim_zeros(filt, trim="fb", axis=None):
    if not isinstance(filt, types.Array) or filt.ndim != 1 or not omitted_or_none(axis):
        return None
    if not isinstance(trim, (types.Omitted, types.UnicodeType)):
        return None
    return _trim_zeros


def _asarray_chkfinite(a, dtype=None, order=None):
    arr = np.asarray(a, dtype)
    for x in arr.flat:
        if not np.isfinite(x):
            raise ValueError("array must not contain infs or NaNs")
    return arr


@overload(np.asarray_chkfinite)
def _np_asarray_chkfinite(a, dtype=None, order=None):
    if array_like(a) is None or not omitted_or_none(order):
        return None
    return _asarray_chkfinite

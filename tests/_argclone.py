"""Independent copies of a call's arguments, for the differential helpers of conftest.py.

CPython and the compiled function each get their own deep copy of the arguments, so that a function
that writes into an argument (and perhaps returns it) is really compared: with shared arguments
both sides would return the very same array and every comparison would pass. A copy must be the
same *kind* of array as the original, because the compiler specialises on it:

- same dtype (byte order included), shape and strides, so a C array stays C, a Fortran array
  stays Fortran, a strided or reversed view stays a strided view (of a fresh base), a broadcast
  array keeps its zero strides;
- the same flags: read-only stays read-only, an array that owns its data still does, an unaligned
  array stays unaligned (the copy's address has the same remainder modulo 64);
- arguments that share memory share it in the copies the same way (`f(a, a[1:])`, `f(a, a)`):
  arrays whose bytes overlap are rebuilt as views of one fresh buffer.

A `Snapshot` records the arguments once (array bytes included) and `materialize()` builds a fresh
copy each time; it pickles, so a child process can rebuild the same layouts.
"""

import ctypes

import numpy as np

try:
    from numpy.lib.array_utils import byte_bounds
except ImportError:  # NumPy < 2
    byte_bounds = np.byte_bounds

_ALIGN = 64  # copies keep the address modulo this, hence the alignment of every item


class _ArraySpec:
    """Where one argument array lies in its group's buffer, and what kind of array it is."""

    def __init__(self, arr, group, offset, owner):
        self.group = group
        self.offset = offset
        self.owner = owner  # owns its data and spans the whole group: rebuilt as an owning copy
        self.dtype = arr.dtype
        self.shape = arr.shape
        self.strides = arr.strides
        self.writeable = arr.flags.writeable
        self.subtype = type(arr)


class _Group:
    """Bytes shared by arrays that overlap: saved once, copied into one fresh buffer per copy."""

    def __init__(self, lo, hi):
        self.lo = lo
        self.data = ctypes.string_at(lo, hi - lo) if hi > lo else b""
        self.owned = False  # whether an owning contiguous argument spans the group

    def buffer(self):
        """A fresh writeable uint8 buffer holding the bytes, at the same address modulo 64."""
        size = len(self.data)
        raw = np.empty(size + _ALIGN, np.uint8)
        start = (self.lo - raw.ctypes.data) % _ALIGN
        buf = raw[start : start + size]
        buf[:] = np.frombuffer(self.data, np.uint8)
        return buf


class _SetSpec:
    """A set argument: each copy is a new set of the same items (a set is mutable)."""

    def __init__(self, items):
        self.items = items


def _walk(value, out):
    """Collects the arrays inside `value` (through tuples, lists and dict values)."""
    if isinstance(value, np.ndarray):
        out.append(value)
    elif isinstance(value, (tuple, list)):
        for item in value:
            _walk(item, out)
    elif isinstance(value, dict):
        for item in value.values():
            _walk(item, out)


def _bounds(arr):
    lo, hi = byte_bounds(arr)
    return (lo, hi) if arr.size else (lo, lo)


class Snapshot:
    """The arguments of one call, recorded so that independent copies can be made of them."""

    def __init__(self, args, kwargs):
        arrays = []
        _walk((args, kwargs), arrays)
        self._groups = []
        self._specs = {}
        self._plan(arrays)
        self._args = self._record(args)
        self._kwargs = {k: self._record(v) for k, v in kwargs.items()}

    def _plan(self, arrays):
        """Groups the arrays whose bytes overlap and decides how each is rebuilt."""
        unique = list({id(a): a for a in arrays}.values())
        unique.sort(key=lambda a: _bounds(a))
        clusters = []  # [lo, hi, [arrays]]
        for arr in unique:
            lo, hi = _bounds(arr)
            if clusters and lo < clusters[-1][1] and hi > lo:
                clusters[-1][1] = max(clusters[-1][1], hi)
                clusters[-1][2].append(arr)
            else:
                clusters.append([lo, hi, [arr]])
        for lo, hi, members in clusters:
            group = _Group(lo, hi)
            index = len(self._groups)
            self._groups.append(group)
            for arr in members:
                owner = (
                    not group.owned
                    and arr.base is None
                    and _bounds(arr) == (lo, hi)
                    and (arr.flags.c_contiguous or arr.flags.f_contiguous)
                )
                if owner:
                    group.owned = True
                offset = arr.ctypes.data - lo
                self._specs[id(arr)] = _ArraySpec(arr, index, offset, owner)

    def _record(self, value):
        if isinstance(value, np.ndarray):
            return self._specs[id(value)]
        if isinstance(value, tuple):
            return _retuple(value, [self._record(v) for v in value])
        if isinstance(value, list):
            return [self._record(v) for v in value]
        if isinstance(value, dict):
            return {k: self._record(v) for k, v in value.items()}
        if isinstance(value, set):  # items are immutable; the copy is made in `make`
            return _SetSpec(value)
        return value

    def materialize(self):
        """A fresh `(args, kwargs)`: new arrays with the recorded layouts, flags and sharing."""
        built = {}  # per copy: id(spec) -> array (the same argument twice stays one object)
        buffers = {}

        def build(spec):
            if id(spec) in built:
                return built[id(spec)]
            group = self._groups[spec.group]
            if spec.group not in buffers:
                buffers[spec.group] = group.buffer()
            buf = buffers[spec.group]
            arr = None
            if spec.owner:
                # Length-1 axes make some arrays both C and F contiguous with either's strides.
                for order in "CF":
                    candidate = np.empty(spec.shape, spec.dtype, order=order)
                    if candidate.strides == spec.strides:
                        arr = candidate
                        break
                if arr is not None:
                    # The bytes in memory order; later views of the group share this memory.
                    flat = arr.reshape(-1, order="A").view(np.uint8)
                    flat[:] = buf
                    buffers[spec.group] = flat
            if arr is None:
                arr = np.ndarray(spec.shape, spec.dtype, buf, spec.offset, spec.strides)
            if spec.subtype is not np.ndarray:
                arr = arr.view(spec.subtype)
            if not spec.writeable:
                arr.flags.writeable = False
            built[id(spec)] = arr
            return arr

        # Owners first, so that views of the same group are views of the owning copy.
        for spec in sorted(self._all_specs(), key=lambda s: not s.owner):
            build(spec)

        def make(value):
            if isinstance(value, _ArraySpec):
                return build(value)
            if isinstance(value, tuple):
                return _retuple(value, [make(v) for v in value])
            if isinstance(value, list):
                return [make(v) for v in value]
            if isinstance(value, dict):
                return {k: make(v) for k, v in value.items()}
            if isinstance(value, _SetSpec):
                return set(value.items)
            return value

        return make(self._args), {k: make(v) for k, v in self._kwargs.items()}

    def _all_specs(self):
        return list(self._specs.values())


def clone_arg(value):
    """One independent copy of `value` (see the module's docstring)."""
    (copy,), _ = Snapshot((value,), {}).materialize()
    return copy


def arrays_in(value):
    """The arrays inside `value`, in order (through tuples, lists and dict values)."""
    out = []
    _walk(value, out)
    return out


def alias_pattern(args, outcome):
    """Which result arrays share memory with which argument arrays, and with each other: a
    tuple of booleans, comparable between the CPython and the compiled call."""
    ok, value = outcome
    results = arrays_in(value) if ok else []
    inputs = arrays_in(args)
    pattern = [np.shares_memory(r, a) for r in results for a in inputs]
    pattern += [np.shares_memory(r, s) for i, r in enumerate(results) for s in results[i + 1 :]]
    return tuple(bool(p) for p in pattern)


def describe_aliasing(args, outcome):
    """The pattern of `alias_pattern` in words, for failure messages."""
    ok, value = outcome
    results = arrays_in(value) if ok else []
    inputs = arrays_in(args)
    words = []
    for i, r in enumerate(results):
        shared = [f"argument array {j}" for j, a in enumerate(inputs) if np.shares_memory(r, a)]
        shared += [f"result {k}" for k in range(i + 1, len(results))
                   if np.shares_memory(r, results[k])]  # fmt: skip
        words.append(f"result array {i} shares memory with {shared or 'nothing'}")
    return "; ".join(words) or "no result arrays"


def _retuple(value, items):
    """A tuple of `items` of the class of `value` (a named tuple stays one)."""
    if type(value) is not tuple and hasattr(type(value), "_make"):
        return type(value)._make(items)
    return tuple(items)

"""What a kernel calls: thread indices, barriers, shared/local/constant arrays, atomics, warp
intrinsics and device math, under Numba's names (``numba.cuda``'s stubs).

Compiled kernels never call these Python functions: the compiler recognises them and emits the
NVPTX intrinsic. In the simulator they are the implementation, reading the state of the simulated
thread that calls them. Outside a kernel they raise a clear error, as a stub cannot run on the host.
"""

import sys
import threading

import numpy as np

from oxjit.cuda import simulator

WARP_SIZE = simulator.WARP_SIZE
_FULL_MASK = 0xFFFFFFFF


def _thread(name):
    thread = simulator.current()
    if thread is None:
        raise RuntimeError(
            f"cuda.{name} can only be used inside a kernel (a function decorated with "
            "@cuda.jit, launched as kernel[blocks, threads](...))"
        )
    return thread


def as_dtype(dtype):
    """A NumPy dtype from what Numba accepts: a NumPy dtype or type, a name, an oxjit type."""
    name = getattr(dtype, "name", None)
    if name is not None and not isinstance(dtype, np.dtype) and isinstance(name, str):
        return np.dtype(name)
    return np.dtype(dtype)


# -- indices and dimensions -------------------------------------------------------------------


class _Dim3Reader:
    """``cuda.threadIdx`` and friends: ``.x``, ``.y``, ``.z`` of the calling thread."""

    __slots__ = ("_name", "_read")

    def __init__(self, name, read):
        self._name = name
        self._read = read

    def _value(self):
        return self._read(_thread(self._name))

    x = property(lambda self: self._value()[0])
    y = property(lambda self: self._value()[1])
    z = property(lambda self: self._value()[2])

    def __repr__(self):
        return f"<cuda.{self._name}>"


threadIdx = _Dim3Reader("threadIdx", lambda t: t.threadIdx)
blockIdx = _Dim3Reader("blockIdx", lambda t: t.block.index)
blockDim = _Dim3Reader("blockDim", lambda t: t.grid.blockdim)
gridDim = _Dim3Reader("gridDim", lambda t: t.grid.griddim)
warpsize = WARP_SIZE


def _check_ndim(n, what):
    if n not in (1, 2, 3):
        raise ValueError(f"{what} has 1-3 dimensions, {n!r} requested")


def grid(ndim):
    """The thread's absolute position in the grid: an int for 1, a tuple for 2 or 3."""
    t = _thread("grid")
    _check_ndim(ndim, "cuda.grid")
    b, d, i = t.block.index, t.grid.blockdim, t.threadIdx
    pos = tuple(b[k] * d[k] + i[k] for k in range(ndim))
    return pos[0] if ndim == 1 else pos


def gridsize(ndim):
    """The number of threads in the grid along each dimension: an int for 1, else a tuple."""
    t = _thread("gridsize")
    _check_ndim(ndim, "cuda.gridsize")
    g, d = t.grid.griddim, t.grid.blockdim
    size = tuple(g[k] * d[k] for k in range(ndim))
    return size[0] if ndim == 1 else size


def laneid():
    """The calling thread's lane in its warp (``cuda.laneid``)."""
    return _thread("laneid").lane


# -- barriers ---------------------------------------------------------------------------------


def syncthreads():
    """Waits until every thread of the block reaches this point."""
    t = _thread("syncthreads()")
    t.block.arrive(t.tid, "block")


def syncthreads_count(predicate):
    """``syncthreads`` returning how many threads of the block gave a true predicate."""
    t = _thread("syncthreads_count()")
    got = t.block.arrive(t.tid, "block", bool(predicate))
    return sum(got.values())


def syncthreads_and(predicate):
    """``syncthreads`` returning 1 if every thread's predicate is true, else 0."""
    t = _thread("syncthreads_and()")
    return int(all(t.block.arrive(t.tid, "block", bool(predicate)).values()))


def syncthreads_or(predicate):
    """``syncthreads`` returning 1 if any thread's predicate is true, else 0."""
    t = _thread("syncthreads_or()")
    return int(any(t.block.arrive(t.tid, "block", bool(predicate)).values()))


def threadfence():
    """A memory fence: the simulator's threads see each other's writes already."""
    _thread("threadfence()")


threadfence_block = threadfence
threadfence_system = threadfence


# -- arrays ----------------------------------------------------------------------------------


class _Shared:
    """``cuda.shared.array(shape, dtype)``: one array per block and call site."""

    @staticmethod
    def array(shape, dtype):
        t = _thread("shared.array()")
        dtype = as_dtype(dtype)
        if shape == 0 or shape == (0,):
            return t.block.dynamic_shared(dtype)
        caller = sys._getframe(1)
        return t.block.shared_array((caller.f_code, caller.f_lasti), shape, dtype)


class _Local:
    """``cuda.local.array(shape, dtype)``: an array private to the thread (uninitialised)."""

    @staticmethod
    def array(shape, dtype):
        _thread("local.array()")
        return np.empty(shape, as_dtype(dtype))


class _Const:
    """``cuda.const.array_like(host_array)``: the array in constant memory (read-only)."""

    @staticmethod
    def array_like(ary):
        _thread("const.array_like()")
        out = np.array(ary, copy=True)
        out.flags.writeable = False
        return out


shared = _Shared()
local = _Local()
const = _Const()


# -- atomics: one lock is all the simulator needs (its threads take turns anyway) -------------

_atomic_lock = threading.Lock()


def _update(array, index, new):
    with _atomic_lock:
        old = array[index]
        array[index] = new(old)
    return old


class _Atomic:
    """``cuda.atomic.*``: each returns the value stored before the operation."""

    @staticmethod
    def add(array, index, val):
        return _update(array, index, lambda old: old + val)

    @staticmethod
    def sub(array, index, val):
        return _update(array, index, lambda old: old - val)

    @staticmethod
    def and_(array, index, val):
        return _update(array, index, lambda old: old & val)

    @staticmethod
    def or_(array, index, val):
        return _update(array, index, lambda old: old | val)

    @staticmethod
    def xor(array, index, val):
        return _update(array, index, lambda old: old ^ val)

    @staticmethod
    def exch(array, index, val):
        return _update(array, index, lambda old: val)

    @staticmethod
    def max(array, index, val):
        return _update(array, index, lambda old: max(old, val))

    @staticmethod
    def min(array, index, val):
        return _update(array, index, lambda old: min(old, val))

    @staticmethod
    def nanmax(array, index, val):
        return _update(array, index, lambda old: np.nanmax([old, val]))

    @staticmethod
    def nanmin(array, index, val):
        return _update(array, index, lambda old: np.nanmin([old, val]))

    @staticmethod
    def inc(array, index, val):
        return _update(array, index, lambda old: 0 if old >= val else old + 1)

    @staticmethod
    def dec(array, index, val):
        return _update(array, index, lambda old: val if old == 0 or old > val else old - 1)

    @staticmethod
    def cas(array, index, old, val):
        return _update(array, index, lambda cur: val if cur == old else cur)

    @staticmethod
    def compare_and_swap(array, old, val):
        return _Atomic.cas(array, (0,) * array.ndim, old, val)


atomic = _Atomic()


# -- warp intrinsics ---------------------------------------------------------------------------
# Every live lane of the warp must call the same intrinsic (the simulator waits for all of
# them); a source lane outside the warp or the mask gives the caller its own value, as the
# hardware does for out-of-range lanes.


def _shuffle(name, mask, value, source_of):
    t = _thread(name)
    source = source_of(t.lane)
    lanes = t.warp_exchange(value)
    if 0 <= source < WARP_SIZE and (mask >> source) & 1 and source in lanes:
        return lanes[source]
    return value


def shfl_sync(mask, value, src_lane):
    """The `value` of lane `src_lane` (taken modulo the warp size)."""
    return _shuffle("shfl_sync()", mask, value, lambda lane: src_lane % WARP_SIZE)


def shfl_up_sync(mask, value, delta):
    """The `value` of lane ``laneid - delta``, or the caller's own below lane 0."""
    return _shuffle("shfl_up_sync()", mask, value, lambda lane: lane - delta)


def shfl_down_sync(mask, value, delta):
    """The `value` of lane ``laneid + delta``, or the caller's own past the last lane."""
    return _shuffle("shfl_down_sync()", mask, value, lambda lane: lane + delta)


def shfl_xor_sync(mask, value, lane_mask):
    """The `value` of lane ``laneid ^ lane_mask`` (a butterfly exchange)."""
    return _shuffle("shfl_xor_sync()", mask, value, lambda lane: lane ^ lane_mask)


def _vote(name, mask, predicate):
    t = _thread(name)
    lanes = t.warp_exchange(bool(predicate))
    return {lane: p for lane, p in lanes.items() if (mask >> lane) & 1}


def ballot_sync(mask, predicate):
    """The bits of the lanes in `mask` whose predicate is true."""
    return sum(1 << lane for lane, p in _vote("ballot_sync()", mask, predicate).items() if p)


def all_sync(mask, predicate):
    """True if the predicate is true on every lane in `mask`."""
    return all(_vote("all_sync()", mask, predicate).values())


def any_sync(mask, predicate):
    """True if the predicate is true on any lane in `mask`."""
    return any(_vote("any_sync()", mask, predicate).values())


def eq_sync(mask, predicate):
    """True if the predicate has the same truth on every lane in `mask`."""
    return len(set(_vote("eq_sync()", mask, predicate).values())) <= 1


def activemask():
    """The lanes of the warp still running (live) at this point."""
    t = _thread("activemask()")
    warp = t.tid // WARP_SIZE
    with t.block.cond:
        live = [x % WARP_SIZE for x in t.block.live if x // WARP_SIZE == warp]
    return sum(1 << lane for lane in live)


def syncwarp(mask=_FULL_MASK):
    """Waits for the live lanes of the warp."""
    _thread("syncwarp()").warp_exchange(None)


# -- device math (``numba.cuda``'s bit and arithmetic helpers) --------------------------------


def fma(a, b, c):
    """``a * b + c`` (rounded once on the device; twice in the simulator)."""
    return a * b + c


def popc(x):
    """The number of set bits of `x` (its two's complement for a negative number)."""
    return (int(x) & ((1 << _bits(x)) - 1)).bit_count()


def _bits(x):
    return np.dtype(type(x)).itemsize * 8 if isinstance(x, np.integer) else 64


def brev(x):
    """The bits of `x` in reverse order, on its width (32 or 64 bits)."""
    width = _bits(x) if isinstance(x, np.integer) else 32
    v = format(int(x) & ((1 << width) - 1), f"0{width}b")[::-1]
    return int(v, 2)


def clz(x):
    """The number of leading zero bits of `x` on its width."""
    width = _bits(x)
    v = int(x) & ((1 << width) - 1)
    return width - v.bit_length()


def ffs(x):
    """The position (from 1) of the least significant set bit of `x`; 0 when `x` is 0."""
    v = int(x) & ((1 << _bits(x)) - 1)
    return (v & -v).bit_length()


def selp(cond, a, b):
    """`a` if `cond` else `b`."""
    return a if cond else b


def cbrt(x):
    """The cube root of `x`."""
    return np.cbrt(x)

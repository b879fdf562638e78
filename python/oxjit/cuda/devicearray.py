"""Arrays in device memory (Numba's ``DeviceNDArray``) over either memory backend: the
simulator's (a host buffer) or the driver's (a ``cuMemAlloc`` block, see ``driver.py``).

An array is (memory, byte offset, shape, strides, dtype). Basic indexing makes views without
touching the memory: the view's offset comes from NumPy's own indexing of a *metadata-only*
array (``as_strided`` over one element, never read). Transfers copy the smallest byte range
that covers the array, so non-contiguous views copy correctly too.
"""

import numpy as np
from numpy.lib.stride_tricks import as_strided

from oxjit.cuda.intrinsics import as_dtype


class HostMemory:
    """The simulator's device memory: a zeroed host buffer."""

    simulated = True

    def __init__(self, nbytes):
        self.buf = np.zeros(max(nbytes, 1), dtype=np.uint8)
        self.nbytes = nbytes
        self.ptr = self.buf.ctypes.data

    def read(self, offset, nbytes, stream=None):
        return self.buf[offset : offset + nbytes].copy()

    def write(self, offset, data, stream=None):
        self.buf[offset : offset + data.nbytes] = data.view(np.uint8).reshape(-1)


def _c_strides(shape, itemsize):
    strides, step = [], itemsize
    for n in reversed(shape):
        strides.append(step)
        step *= max(n, 1)
    return tuple(reversed(strides))


def _f_strides(shape, itemsize):
    strides, step = [], itemsize
    for n in shape:
        strides.append(step)
        step *= max(n, 1)
    return tuple(strides)


def _extent(shape, strides, itemsize):
    """The byte range [lo, hi) an array covers, relative to its first element."""
    if any(n == 0 for n in shape):
        return 0, 0
    lo = sum((n - 1) * s for n, s in zip(shape, strides) if s < 0)
    hi = sum((n - 1) * s for n, s in zip(shape, strides) if s > 0) + itemsize
    return lo, hi


def _basic_key(key):
    """`key` as a tuple that makes NumPy return a view, even of one element (an Ellipsis is
    added); fancy indexing is refused: it would read the indices' targets on the device."""
    parts = key if isinstance(key, tuple) else (key,)
    for k in parts:
        if isinstance(k, bool) or not (
            isinstance(k, (int, np.integer, slice)) or k is Ellipsis or k is None
        ):
            raise TypeError(
                f"device arrays support basic indexing only (integers, slices, ..., None), "
                f"not {type(k).__name__}; copy the array to the host first"
            )
    if not any(k is Ellipsis for k in parts):
        parts = parts + (Ellipsis,)
    return parts


class DeviceNDArray:
    """An array in device memory; ``copy_to_host`` brings it back as a NumPy array."""

    def __init__(self, shape, strides, dtype, memory, offset=0, stream=0):
        self.shape = tuple(int(n) for n in shape)
        self.dtype = np.dtype(dtype)
        self.strides = tuple(int(s) for s in strides)
        self.gpu_data = memory
        self._offset = offset
        self.stream = stream

    # -- metadata -----------------------------------------------------------------------------

    ndim = property(lambda self: len(self.shape))
    size = property(lambda self: int(np.prod(self.shape, dtype=np.int64)))
    itemsize = property(lambda self: self.dtype.itemsize)
    nbytes = property(lambda self: self.size * self.dtype.itemsize)
    alloc_size = property(lambda self: self.gpu_data.nbytes)

    @property
    def device_ctypes_pointer(self):
        """The address of the first element in device memory."""
        return self.gpu_data.ptr + self._offset

    def __len__(self):
        if not self.shape:
            raise TypeError("len() of unsized object")
        return self.shape[0]

    def __repr__(self):
        return f"<oxjit.cuda DeviceNDArray shape={self.shape} dtype={self.dtype}>"

    @property
    def layout(self):
        """'C', 'F' or 'A' (oxjit's array layouts), computed once: the geometry never changes."""
        found = self.__dict__.get("_layout")
        if found is None:
            found = "C" if self.is_c_contiguous() else "F" if self.is_f_contiguous() else "A"
            self._layout = found
        return found

    readonly = False

    def is_c_contiguous(self):
        return self.strides == _c_strides(self.shape, self.itemsize) or self.size <= 1

    def is_f_contiguous(self):
        return self.strides == _f_strides(self.shape, self.itemsize) or self.size <= 1

    @property
    def __cuda_array_interface__(self):
        """The CUDA Array Interface (version 3) that CuPy, PyTorch and Numba read."""
        return {
            "shape": self.shape,
            "strides": None if self.is_c_contiguous() else self.strides,
            "data": (self.device_ctypes_pointer if self.size else 0, False),
            "typestr": self.dtype.str,
            "descr": self.dtype.descr if self.dtype.fields else [("", self.dtype.str)],
            "stream": None,
            "version": 3,
        }

    def _meta(self):
        """A NumPy array with this array's shape and strides that must never be read."""
        return as_strided(np.zeros(1, self.dtype), self.shape, self.strides, writeable=False)

    # -- views --------------------------------------------------------------------------------

    def _view_of(self, make):
        """The device view `make(meta)` makes of this array's metadata-only twin."""
        base = self._meta()
        meta = make(base)
        delta = meta.__array_interface__["data"][0] - base.__array_interface__["data"][0]
        return DeviceNDArray(
            meta.shape, meta.strides, self.dtype, self.gpu_data, self._offset + delta, self.stream
        )

    def __getitem__(self, key):
        view = self._view_of(lambda m: m[_basic_key(key)])
        if view.ndim == 0:
            return view.copy_to_host()[()]
        return view

    def __setitem__(self, key, value):
        target = self._view_of(lambda m: m[_basic_key(key)])
        if isinstance(value, DeviceNDArray):
            value = value.copy_to_host()
        src = np.broadcast_to(np.asarray(value, dtype=self.dtype), target.shape)
        target._write(src)

    def reshape(self, *newshape, order="C"):
        if len(newshape) == 1 and isinstance(newshape[0], (tuple, list)):
            newshape = tuple(newshape[0])
        if order not in ("C", "F"):
            raise ValueError("order must be 'C' or 'F'")
        contiguous = self.is_c_contiguous() if order == "C" else self.is_f_contiguous()
        if not contiguous:
            raise NotImplementedError("reshape of a non-contiguous device array")
        shape = _resolve_shape(newshape, self.size)
        make = _c_strides if order == "C" else _f_strides
        return DeviceNDArray(
            shape, make(shape, self.itemsize), self.dtype, self.gpu_data, self._offset, self.stream
        )

    def ravel(self, order="C"):
        return self.reshape(self.size, order=order)

    @property
    def T(self):
        return self.transpose()

    def transpose(self, axes=None):
        return self._view_of(lambda m: m.transpose(axes))

    # -- transfers ----------------------------------------------------------------------------

    def _range(self):
        lo, hi = _extent(self.shape, self.strides, self.itemsize)
        return self._offset + lo, hi - lo, -lo

    def _host_view(self, raw, first):
        return np.ndarray(self.shape, self.dtype, buffer=raw, offset=first, strides=self.strides)

    def _write(self, src, stream=None):
        start, nbytes, first = self._range()
        if nbytes == 0:
            return
        if self.is_c_contiguous() and nbytes == self.nbytes:
            self.gpu_data.write(start, np.ascontiguousarray(src, self.dtype), stream)
            return
        # Not one block: read the covering range, update the elements, write it back.
        raw = self.gpu_data.read(start, nbytes, stream)
        self._host_view(raw, first)[...] = src
        self.gpu_data.write(start, raw, stream)

    def copy_to_host(self, ary=None, stream=0):
        """This array's values in a NumPy array (`ary` if given, of the same shape and dtype)."""
        start, nbytes, first = self._range()
        raw = (
            self.gpu_data.read(start, nbytes, _stream_arg(stream))
            if nbytes
            else np.zeros(self.itemsize, np.uint8)
        )
        view = (
            self._host_view(raw, first if nbytes else 0)
            if self.size
            else np.empty(self.shape, self.dtype)
        )
        if ary is None:
            return np.array(view, copy=True, order="K")
        _check_same(ary, self.shape, self.dtype)
        ary[...] = view
        return ary

    def copy_to_device(self, ary, stream=0):
        """Copies `ary` (a NumPy array or device array of the same shape and dtype) here."""
        if isinstance(ary, DeviceNDArray):
            ary = ary.copy_to_host()
        ary = np.asarray(ary)
        _check_same(ary, self.shape, self.dtype)
        self._write(ary, _stream_arg(stream))

    def copy_to_host_async(self, ary=None, stream=0):
        return self.copy_to_host(ary, stream)

    def simulator_view(self):
        """The NumPy array a simulated kernel sees (the simulator's memory itself)."""
        if not self.size:
            return np.empty(self.shape, self.dtype)
        return np.ndarray(
            self.shape,
            self.dtype,
            buffer=self.gpu_data.buf,
            offset=self._offset,
            strides=self.strides,
        )


def _resolve_shape(newshape, size):
    """`newshape` with its -1 resolved (NumPy's rules and message)."""
    newshape = tuple(int(n) for n in newshape)
    known = int(np.prod([n for n in newshape if n != -1], dtype=np.int64))
    if newshape.count(-1) == 1 and known and size % known == 0:
        newshape = tuple(size // known if n == -1 else n for n in newshape)
    if newshape.count(-1) or int(np.prod(newshape, dtype=np.int64)) != size:
        raise ValueError(f"cannot reshape array of size {size} into shape {newshape}")
    return newshape


def _stream_arg(stream):
    return None if stream in (0, None) else stream


def _check_same(ary, shape, dtype):
    if tuple(ary.shape) != shape:
        raise ValueError(f"incompatible shape: {tuple(ary.shape)} vs. {shape}")
    if np.dtype(ary.dtype) != dtype:
        raise TypeError(f"incompatible dtype: {ary.dtype} vs. {dtype}")


def new_array(memory_factory, shape, dtype, strides=None, order="C", stream=0):
    """A device array of `shape` and `dtype` in memory that `memory_factory(nbytes)` makes."""
    shape = (shape,) if isinstance(shape, (int, np.integer)) else tuple(shape)
    dtype = as_dtype(dtype)
    if any(n < 0 for n in shape):
        raise ValueError("negative dimensions are not allowed")
    if order not in ("C", "F"):
        raise ValueError("order must be 'C' or 'F'")
    if strides is None:
        strides = (_c_strides if order == "C" else _f_strides)(shape, dtype.itemsize)
    lo, hi = _extent(shape, strides, dtype.itemsize)
    return DeviceNDArray(shape, strides, dtype, memory_factory(hi - lo), -lo, stream)

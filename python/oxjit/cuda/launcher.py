"""Launching a compiled kernel through the driver: NumPy arguments copied to the device (and
back after the launch unless read-only, as Numba does), device arrays and CUDA Array Interface
objects (CuPy, PyTorch) passed without copies, the parameters packed as ``cuLaunchKernel``
takes them: one pointer per PTX parameter (an array is its data pointer, shape and strides).

UNVERIFIED ON HARDWARE in the session that wrote it: see ``scripts/gpu_check.sh``.
"""

import ctypes

import numpy as np

from oxjit.cuda import ptx
from oxjit.cuda.api import to_device
from oxjit.cuda.devicearray import DeviceNDArray

_SCALARS = {
    "bool": ctypes.c_uint8,
    "int8": ctypes.c_int8,
    "int16": ctypes.c_int16,
    "int32": ctypes.c_int32,
    "int64": ctypes.c_int64,
    "uint8": ctypes.c_uint8,
    "uint16": ctypes.c_uint16,
    "uint32": ctypes.c_uint32,
    "uint64": ctypes.c_uint64,
    "float32": ctypes.c_float,
    "float64": ctypes.c_double,
}


class _CaiArray:
    """A foreign device array (``__cuda_array_interface__``): its pointer and geometry."""

    def __init__(self, obj):
        cai = obj.__cuda_array_interface__
        self.dtype = np.dtype(cai["typestr"])
        self.shape = tuple(cai["shape"])
        strides = cai.get("strides")
        if strides is None:
            strides, step = [], self.dtype.itemsize
            for n in reversed(self.shape):
                strides.append(step)
                step *= max(n, 1)
            strides = tuple(reversed(strides))
        self.strides = tuple(strides)
        self.device_ctypes_pointer = cai["data"][0]


def _device_args(args, stream):
    """The launch's arguments in device form, and the copies to bring back afterwards."""
    out, writeback = [], []
    for a in args:
        if isinstance(a, np.ndarray) and a.ndim > 0:
            d = to_device(a, stream=stream)
            if a.flags.writeable:
                writeback.append((a, d))
            out.append(d)
        elif hasattr(a, "__cuda_array_interface__") and not isinstance(a, DeviceNDArray):
            out.append(_CaiArray(a))
        else:
            out.append(a)
    return out, writeback


def _type_of(a):
    if isinstance(a, _CaiArray):
        return ptx.arg_type_name(DeviceNDArray(a.shape, a.strides, a.dtype, None))
    return ptx.arg_type_name(a)


def _pack(params, args):
    """The ``void *kernelParams[]`` array, and the ctypes values it points to (kept alive)."""
    values = []
    for (kind, size), a in zip(params, args):
        if kind == "array":
            values.append(ctypes.c_uint64(a.device_ctypes_pointer))
            values.extend(ctypes.c_int64(n) for n in a.shape)
            values.extend(ctypes.c_int64(s) for s in a.strides)
        else:
            ctype = _SCALARS.get(kind)
            if ctype is None:
                raise TypeError(f"cannot pass a kernel argument of type {kind}")
            values.append(ctype(a.item() if isinstance(a, np.generic) else a))
    pointers = (ctypes.c_void_p * max(len(values), 1))(
        *[ctypes.cast(ctypes.byref(v), ctypes.c_void_p) for v in values]
    )
    return pointers, values


def _check_limits(drv, launch):
    lim = drv.limits
    bx, by, bz = launch.blockdim
    if bx * by * bz > lim["MAX_THREADS_PER_BLOCK"]:
        raise ValueError(
            f"too many threads per block: {bx * by * bz} (blockdim {launch.blockdim}); this "
            f"device allows {lim['MAX_THREADS_PER_BLOCK']}"
        )
    for axis, b, g in zip("XYZ", launch.blockdim, launch.griddim):
        if b > lim[f"MAX_BLOCK_DIM_{axis}"] or g > lim[f"MAX_GRID_DIM_{axis}"]:
            raise ValueError(
                f"launch configuration over the device's limits along {axis.lower()}: blockdim "
                f"{b} (max {lim[f'MAX_BLOCK_DIM_{axis}']}), griddim {g} "
                f"(max {lim[f'MAX_GRID_DIM_{axis}']})"
            )
    if launch.sharedmem > lim["MAX_SHARED_MEMORY_PER_BLOCK_OPTIN"]:
        raise ValueError(
            f"dynamic shared memory {launch.sharedmem} bytes is over the device's "
            f"{lim['MAX_SHARED_MEMORY_PER_BLOCK_OPTIN']}"
        )


def launch(drv, kernel, launch, args):
    """Compiles (once per argument types) and launches `kernel` with `args`."""
    _check_limits(drv, launch)
    stream = None if launch.stream in (0, None) else launch.stream
    dev_args, writeback = _device_args(args, stream or 0)
    argtypes = tuple(_type_of(a) for a in dev_args)
    compiled = ptx.compile_types(kernel, argtypes, drv.arch())
    loaded = getattr(compiled, "_loaded", None)
    if loaded is None or loaded[0] is not drv:
        fn = drv.load_function(compiled.ptx, compiled.name, kernel.targetoptions["max_registers"])
        compiled._loaded = loaded = (drv, fn)
    params, keep = _pack(compiled.params, dev_args)
    drv.launch(loaded[1][1], launch.griddim, launch.blockdim, launch.sharedmem, stream, params)
    del keep
    for host, dev in writeback:
        dev.copy_to_host(host, stream=stream or 0)

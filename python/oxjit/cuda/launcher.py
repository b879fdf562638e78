"""Launching a compiled kernel through the driver: NumPy arguments copied to the device (and
back after the launch unless read-only, as Numba does), device arrays and CUDA Array Interface
objects (CuPy, PyTorch) passed without copies, the parameters packed as ``cuLaunchKernel``
takes them: one pointer per PTX parameter (an array is its data pointer, shape and strides).

The launch overhead is kept low by doing the work once per kernel and argument types: the
compiled kernel, its loaded function, and its `_oxjit.CudaLauncher` (Rust,
``crates/oxjit-python/src/cuda_launch.rs``), which packs the parameters and calls
``cuLaunchKernel`` (looked up with ``dlsym`` in the driver library ``driver.py`` loaded). A
launch whose arguments are device arrays and numbers then costs a dict lookup and that call.

Checked against a stand-in libcuda (tests/test_cuda_fakedriver.py); on hardware by
``scripts/gpu_check.sh``.
"""

import numpy as np

from oxjit.cuda import errcode, ptx
from oxjit.cuda.api import to_device
from oxjit.cuda.devicearray import DeviceNDArray


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
        self.type_name = ptx.arg_type_name(obj)


# Numbers whose type alone decides the specialisation (no attribute to look up on them).
_NUMBER_TYPES = frozenset([int, float, bool] + [np.dtype(c).type for c in "?bhilqBHILQefd"])


def _type_key(a):
    """What decides a launch's specialisation, cheaply; None where the slow path must look."""
    t = type(a)
    if t in _NUMBER_TYPES:
        return t
    if t is DeviceNDArray:  # its geometry never changes: the key is kept on it
        found = a.__dict__.get("_type_key")
        if found is None:
            found = a.__dict__["_type_key"] = (a.dtype, a.ndim, a.layout, a.readonly)
        return found
    if t is np.ndarray or hasattr(a, "__cuda_array_interface__"):
        return None
    return t


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
    return tuple(out), writeback


def _type_of(a):
    return a.type_name if isinstance(a, _CaiArray) else ptx.arg_type_name(a)


def check_limits(drv, launch):
    """A clear error for a configuration over the device's limits (before the driver's)."""
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


def _fits(declared, got):
    """Whether an argument of type `got` can be passed where the signature says `declared`."""
    from oxjit import types

    if isinstance(declared, types.Array):
        return (
            isinstance(got, types.Array)
            and (got.dtype, got.ndim) == (declared.dtype, declared.ndim)
            and declared.layout in ("A", got.layout)
        )
    if isinstance(declared, types.Float):
        return isinstance(got, (types.Integer, types.Float, types.Boolean))
    if isinstance(declared, (types.Integer, types.Boolean)):
        return isinstance(got, (types.Integer, types.Boolean))
    return declared == got


def match_signature(kernel, argtypes):
    """With explicit signatures, the first one the arguments fit (numbers are converted to its
    types, as Numba does); the launch's own types otherwise."""
    if not kernel.signatures:
        return argtypes
    from oxjit import types

    got = [types.parse_type(t) for t in argtypes]
    for sig in kernel.signatures:
        names = ptx.signature_type_names(sig)
        declared = [types.parse_type(t) for t in names]
        if len(declared) == len(got) and all(map(_fits, declared, got)):
            return names
    raise TypeError(
        f"{kernel.py_func.__name__}: no signature of the kernel matches the arguments "
        f"({', '.join(argtypes)}); its signatures are {list(map(str, kernel.signatures))}"
    )


def _specialize(drv, kernel, dev_args):
    """The loaded function and packer for these device arguments (compiled on first use)."""
    argtypes = match_signature(kernel, tuple(_type_of(a) for a in dev_args))
    compiled = ptx.compile_types(kernel, argtypes, drv.arch())
    loaded = getattr(compiled, "_loaded", None)
    if loaded is None or loaded[0] is not drv:
        module, fn = drv.load_function(
            compiled.ptx, compiled.name, kernel.targetoptions["max_registers"]
        )
        errptr = None
        if compiled.reports_exceptions:
            errptr, _ = drv.global_address(module, errcode.NAME)
        from oxjit._oxjit import CudaLauncher

        call = CudaLauncher(drv.lib._handle, fn.value, compiled.params)
        compiled._loaded = loaded = (drv, fn, call, errptr)
    return loaded


def launch(drv, kernel, launch, args):
    """Launches `kernel` with `args` (compiling and loading it once per argument types).

    The hot path: a launch configuration (`_Launch`) that was already used with arguments of
    these types on this driver finds its launcher in `launch.prepared` and makes the one Rust
    call; everything else goes through `_launch_slow`."""
    key = tuple(map(_type_key, args)) if args else ()
    prepared = launch.prepared.get(key) if launch.checked is drv else None
    if prepared is None:
        return _launch_slow(drv, kernel, launch, args, key)
    fn, call, errptr = prepared
    if drv._tls.__dict__.get("generation") != drv._generation or launch.sharedmem > 49152:
        drv.prepare_launch(fn, launch.sharedmem)
    code = call(args, launch.griddim, launch.blockdim, launch.sharedmem, launch.stream_handle)
    if code:
        drv.launch_failed(code)
    if errptr is not None:  # a debug kernel: wait for it, raise what a thread raised
        errcode.check(drv, errptr, launch.stream or None)


def _launch_slow(drv, kernel, launch, args, key):
    """A launch that compiles, loads, copies NumPy arguments or checks the configuration."""
    if launch.checked is not drv:
        check_limits(drv, launch)
        launch.checked = drv
        launch.prepared = {}
    stream = None if launch.stream in (0, None) else launch.stream
    fast = None if None in key else kernel._fast.get(key)
    if fast is not None and fast[0] is drv:
        dev_args, writeback = args, ()
    else:
        dev_args, writeback = _device_args(args, stream or 0)
        fast = _specialize(drv, kernel, dev_args)
        if None not in key:
            kernel._fast[key] = fast
    _, fn, call, errptr = fast
    if None not in key and len(launch.prepared) < 16:
        launch.prepared[key] = (fn, call, errptr)
    drv.prepare_launch(fn, launch.sharedmem)
    code = call(dev_args, launch.griddim, launch.blockdim, launch.sharedmem, launch.stream_handle)
    if code:
        drv.launch_failed(code)
    if errptr is not None:
        errcode.check(drv, errptr, stream)
    for host, dev in writeback:
        dev.copy_to_host(host, stream=stream or 0)

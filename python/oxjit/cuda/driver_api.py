"""The CUDA driver API through ctypes: devices, the primary context, memory, modules, launches,
streams and events. ``driver.get()`` makes the one `Driver` of the process.

UNVERIFIED ON HARDWARE in the session that wrote it (no GPU was lent): ``scripts/gpu_check.sh``
runs ``tests/test_cuda_device.py`` and the benchmark on a GPU machine.
"""

import contextlib
import ctypes
import threading
import weakref
from ctypes import POINTER, byref, c_char_p, c_float, c_int, c_size_t, c_uint, c_uint64, c_void_p

import numpy as np

from oxjit.cuda.errors import CudaAPIError, CudaSupportError

CUresult = c_int
CUdeviceptr = c_uint64

# cuDeviceGetAttribute's attributes (cuda.h).
ATTR = {
    "MAX_THREADS_PER_BLOCK": 1,
    "MAX_BLOCK_DIM_X": 2,
    "MAX_BLOCK_DIM_Y": 3,
    "MAX_BLOCK_DIM_Z": 4,
    "MAX_GRID_DIM_X": 5,
    "MAX_GRID_DIM_Y": 6,
    "MAX_GRID_DIM_Z": 7,
    "MAX_SHARED_MEMORY_PER_BLOCK": 8,
    "COMPUTE_CAPABILITY_MAJOR": 75,
    "COMPUTE_CAPABILITY_MINOR": 76,
    "MAX_SHARED_MEMORY_PER_BLOCK_OPTIN": 97,
}
CU_JIT_MAX_REGISTERS = 0
CU_JIT_ERROR_LOG_BUFFER = 5
CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES = 6
CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES = 8
CU_EVENT_DISABLE_TIMING = 2
CU_STREAM_NON_BLOCKING = 1

# name -> argument types (all return CUresult).
_PROTOTYPES = {
    "cuInit": [c_uint],
    "cuDriverGetVersion": [POINTER(c_int)],
    "cuDeviceGetCount": [POINTER(c_int)],
    "cuDeviceGet": [POINTER(c_int), c_int],
    "cuDeviceGetName": [c_char_p, c_int, c_int],
    "cuDeviceGetAttribute": [POINTER(c_int), c_int, c_int],
    "cuDevicePrimaryCtxRetain": [POINTER(c_void_p), c_int],
    "cuCtxSetCurrent": [c_void_p],
    "cuCtxSynchronize": [],
    "cuMemAlloc_v2": [POINTER(CUdeviceptr), c_size_t],
    "cuMemFree_v2": [CUdeviceptr],
    "cuMemcpyHtoD_v2": [CUdeviceptr, c_void_p, c_size_t],
    "cuMemcpyDtoH_v2": [c_void_p, CUdeviceptr, c_size_t],
    "cuMemcpyHtoDAsync_v2": [CUdeviceptr, c_void_p, c_size_t, c_void_p],
    "cuMemcpyDtoHAsync_v2": [c_void_p, CUdeviceptr, c_size_t, c_void_p],
    "cuMemHostAlloc": [POINTER(c_void_p), c_size_t, c_uint],
    "cuMemFreeHost": [c_void_p],
    "cuMemHostRegister_v2": [c_void_p, c_size_t, c_uint],
    "cuMemHostUnregister": [c_void_p],
    "cuModuleLoadDataEx": [POINTER(c_void_p), c_char_p, c_uint, POINTER(c_int), POINTER(c_void_p)],
    "cuModuleGetFunction": [POINTER(c_void_p), c_void_p, c_char_p],
    "cuModuleGetGlobal_v2": [POINTER(CUdeviceptr), POINTER(c_size_t), c_void_p, c_char_p],
    "cuFuncSetAttribute": [c_void_p, c_int, c_int],
    "cuLaunchKernel": [
        c_void_p,
        c_uint,
        c_uint,
        c_uint,
        c_uint,
        c_uint,
        c_uint,
        c_uint,
        c_void_p,
        POINTER(c_void_p),
        POINTER(c_void_p),
    ],
    "cuStreamCreate": [POINTER(c_void_p), c_uint],
    "cuStreamSynchronize": [c_void_p],
    "cuStreamDestroy_v2": [c_void_p],
    "cuEventCreate": [POINTER(c_void_p), c_uint],
    "cuEventRecord": [c_void_p, c_void_p],
    "cuEventSynchronize": [c_void_p],
    "cuEventQuery": [c_void_p],
    "cuEventElapsedTime": [POINTER(c_float), c_void_p, c_void_p],
    "cuEventDestroy_v2": [c_void_p],
    "cuStreamWaitEvent": [c_void_p, c_void_p, c_uint],
    "cuGetErrorName": [c_int, POINTER(c_char_p)],
}


class DeviceMemory:
    """A ``cuMemAlloc`` block, freed when the last array using it goes."""

    simulated = False

    def __init__(self, driver, nbytes):
        self._driver = driver
        self.nbytes = nbytes
        ptr = CUdeviceptr()
        if nbytes:
            driver.call("cuMemAlloc_v2", byref(ptr), c_size_t(nbytes))
        self.ptr = ptr.value
        if self.ptr:
            weakref.finalize(self, driver.free, self.ptr)

    def read(self, offset, nbytes, stream=None):
        out = np.empty(nbytes, np.uint8)
        self._driver.copy_dtoh(out.ctypes.data, self.ptr + offset, nbytes, stream)
        return out

    def write(self, offset, data, stream=None):
        data = np.ascontiguousarray(data)
        self._driver.copy_htod(self.ptr + offset, data.ctypes.data, data.nbytes, stream)


class Driver:
    """The loaded driver, its first device's primary context, and the calls oxjit makes."""

    def __init__(self, lib, min_version):
        self.lib = lib
        for name, argtypes in _PROTOTYPES.items():
            fn = getattr(lib, name, None)
            if fn is None:
                raise CudaSupportError(
                    f"CUDA is not available: the driver has no {name} (driver too old)"
                )
            fn.argtypes = argtypes
            fn.restype = CUresult
        self.call("cuInit", 0)
        version = c_int()
        self.call("cuDriverGetVersion", byref(version))
        self.version = version.value
        if self.version < min_version:
            raise CudaSupportError(
                f"CUDA is not available: the driver supports CUDA {self._ver(self.version)}, "
                f"oxjit's PTX needs CUDA {self._ver(min_version)} or later (update the driver)"
            )
        if self.device_count() == 0:
            raise CudaSupportError("CUDA is not available: the driver found no CUDA device")
        self._tls = threading.local()
        self.select_device(0)

    @staticmethod
    def _ver(v):
        return f"{v // 1000}.{v % 1000 // 10}"

    # -- errors ---------------------------------------------------------------------------------

    def call(self, name, *args):
        code = getattr(self.lib, name)(*args)
        if code != 0:
            text = c_char_p()
            self.lib.cuGetErrorName(code, byref(text))
            label = text.value.decode() if text.value else "CUDA_ERROR"
            raise CudaAPIError(code, f"{name} failed: {label}")

    # -- devices and the context ----------------------------------------------------------------

    def device_count(self):
        n = c_int()
        self.call("cuDeviceGetCount", byref(n))
        return n.value

    def attribute(self, name):
        v = c_int()
        self.call("cuDeviceGetAttribute", byref(v), ATTR[name], self.device)
        return v.value

    def select_device(self, ordinal):
        dev = c_int()
        self.call("cuDeviceGet", byref(dev), ordinal)
        self.device = dev.value
        ctx = c_void_p()
        self.call("cuDevicePrimaryCtxRetain", byref(ctx), self.device)
        self.context = ctx
        self._generation = getattr(self, "_generation", 0) + 1
        self.make_current()
        self.compute_capability = (
            self.attribute("COMPUTE_CAPABILITY_MAJOR"),
            self.attribute("COMPUTE_CAPABILITY_MINOR"),
        )
        self.limits = {k: self.attribute(k) for k in ATTR if k.startswith("MAX_")}

    def make_current(self):
        """The context current in the calling thread (a driver context is per thread)."""
        if getattr(self._tls, "generation", None) != self._generation:
            self.call("cuCtxSetCurrent", self.context)
            self._tls.generation = self._generation

    def name(self):
        buf = ctypes.create_string_buffer(256)
        self.call("cuDeviceGetName", buf, 256, self.device)
        return buf.value.decode()

    def detect(self):
        cc = self.compute_capability
        print(f"Found {self.device_count()} CUDA devices")
        print(f"id {self.device} {self.name():>30} [SUPPORTED]")
        print(f"{'compute capability':>40}: {cc[0]}.{cc[1]}")
        return True

    def arch(self):
        """The PTX target for this device: its own up to sm_90 (newer GPUs JIT sm_90's PTX)."""
        major, minor = self.compute_capability
        return "sm_90" if (major, minor) >= (9, 0) else f"sm_{major}{minor}"

    def synchronize(self):
        self.make_current()
        self.call("cuCtxSynchronize")

    # -- memory ---------------------------------------------------------------------------------

    def allocate(self, nbytes):
        self.make_current()
        return DeviceMemory(self, nbytes)

    def free(self, ptr):
        # At interpreter exit the driver may be gone: a failure to free is not worth raising.
        with contextlib.suppress(Exception):
            self.lib.cuMemFree_v2(CUdeviceptr(ptr))

    def _stream_handle(self, stream):
        return None if stream is None else stream.handle

    def copy_htod(self, dst, src, nbytes, stream=None):
        self.make_current()
        if stream is None:
            self.call("cuMemcpyHtoD_v2", CUdeviceptr(dst), c_void_p(src), c_size_t(nbytes))
        else:
            self.call(
                "cuMemcpyHtoDAsync_v2",
                CUdeviceptr(dst),
                c_void_p(src),
                c_size_t(nbytes),
                self._stream_handle(stream),
            )

    def copy_dtoh(self, dst, src, nbytes, stream=None):
        self.make_current()
        if stream is None:
            self.call("cuMemcpyDtoH_v2", c_void_p(dst), CUdeviceptr(src), c_size_t(nbytes))
        else:
            # The host buffer is read right after: wait for the copy.
            self.call(
                "cuMemcpyDtoHAsync_v2",
                c_void_p(dst),
                CUdeviceptr(src),
                c_size_t(nbytes),
                self._stream_handle(stream),
            )
            self.stream_synchronize(stream)

    def pinned_array(self, shape, dtype, order):
        self.make_current()
        shape = (shape,) if isinstance(shape, int) else tuple(shape)
        nbytes = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
        ptr = c_void_p()
        self.call("cuMemHostAlloc", byref(ptr), c_size_t(max(nbytes, 1)), 0)
        buf = (ctypes.c_uint8 * max(nbytes, 1)).from_address(ptr.value)
        arr = np.frombuffer(buf, np.uint8, nbytes).view(dtype).reshape(shape, order=order)
        weakref.finalize(buf, self.lib.cuMemFreeHost, ptr)
        return arr

    def registered(self, arrays):
        @contextlib.contextmanager
        def pinned():
            done = []
            try:
                for a in arrays:
                    self.call(
                        "cuMemHostRegister_v2", c_void_p(a.ctypes.data), c_size_t(a.nbytes), 0
                    )
                    done.append(a)
                yield
            finally:
                for a in done:
                    self.lib.cuMemHostUnregister(c_void_p(a.ctypes.data))

        return pinned()

    # -- modules and launches -------------------------------------------------------------------

    def load_function(self, ptx, name, max_registers=None):
        """The kernel `name` of the PTX text, JIT-compiled by the driver."""
        self.make_current()
        log = ctypes.create_string_buffer(8192)
        opts = [CU_JIT_ERROR_LOG_BUFFER, CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES]
        vals = [ctypes.cast(log, c_void_p), c_void_p(len(log))]
        if max_registers:
            opts.append(CU_JIT_MAX_REGISTERS)
            vals.append(c_void_p(int(max_registers)))
        module = c_void_p()
        try:
            self.call(
                "cuModuleLoadDataEx",
                byref(module),
                ptx.encode() + b"\0",
                len(opts),
                (c_int * len(opts))(*opts),
                (c_void_p * len(vals))(*vals),
            )
        except CudaAPIError as e:
            raise CudaAPIError(e.code, f"{e.msg}: {log.value.decode(errors='replace')}") from None
        fn = c_void_p()
        self.call("cuModuleGetFunction", byref(fn), module, name.encode())
        return (module, fn)

    def global_address(self, module, name):
        """The device address and size of the global `name` of a loaded module."""
        ptr, size = CUdeviceptr(), c_size_t()
        self.call("cuModuleGetGlobal_v2", byref(ptr), byref(size), module, name.encode())
        return ptr.value, size.value

    def prepare_launch(self, fn, sharedmem):
        """What a launch needs first: the context current in this thread, and the kernel
        allowed more than 48 KiB of dynamic shared memory when it asks for more."""
        if self._tls.__dict__.get("generation") != self._generation:
            self.make_current()
        if sharedmem > 48 * 1024:
            self.call(
                "cuFuncSetAttribute", fn, CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES, sharedmem
            )

    def launch_failed(self, code):
        """The error of a ``cuLaunchKernel`` that returned `code`."""
        text = c_char_p()
        self.lib.cuGetErrorName(code, byref(text))
        label = text.value.decode() if text.value else "CUDA_ERROR"
        raise CudaAPIError(code, f"cuLaunchKernel failed: {label}")

    # -- streams and events ---------------------------------------------------------------------

    def create_stream(self):
        from oxjit.cuda.api import Stream

        self.make_current()
        handle = c_void_p()
        self.call("cuStreamCreate", byref(handle), 0)
        stream = Stream(handle, self)
        weakref.finalize(stream, self.lib.cuStreamDestroy_v2, handle)
        return stream

    def stream_synchronize(self, stream):
        self.make_current()
        self.call("cuStreamSynchronize", self._stream_handle(stream))

    def create_event(self, timing=True):
        return DriverEvent(self, timing)


class DriverEvent:
    """A CUDA event (``cuda.event()``)."""

    def __init__(self, driver, timing):
        driver.make_current()
        self._driver = driver
        self.timing = timing
        self.handle = c_void_p()
        driver.call("cuEventCreate", byref(self.handle), 0 if timing else CU_EVENT_DISABLE_TIMING)
        weakref.finalize(self, driver.lib.cuEventDestroy_v2, self.handle)

    def _stream(self, stream):
        return None if stream in (0, None) else stream.handle

    def record(self, stream=0):
        self._driver.call("cuEventRecord", self.handle, self._stream(stream))

    def synchronize(self):
        self._driver.call("cuEventSynchronize", self.handle)

    def wait(self, stream=0):
        self._driver.call("cuStreamWaitEvent", self._stream(stream), self.handle, 0)

    def query(self):
        return self._driver.lib.cuEventQuery(self.handle) == 0

    def elapsed_time(self, evtend):
        ms = c_float()
        self._driver.call("cuEventElapsedTime", byref(ms), self.handle, evtend.handle)
        return ms.value

"""Host-side API: memory (``to_device``, ``device_array``...), streams, events and device
queries, each running on the simulator or on the driver (``OXJIT_ENABLE_CUDASIM``)."""

import contextlib
import time

import numpy as np

from oxjit.cuda import _config
from oxjit.cuda.devicearray import DeviceNDArray, HostMemory, new_array
from oxjit.cuda.errors import CudaSupportError
from oxjit.cuda.intrinsics import as_dtype


def _memory_factory():
    """How device memory is allocated now: a host buffer (simulator) or ``cuMemAlloc``."""
    if _config.simulating():
        return HostMemory
    from oxjit.cuda import driver

    return driver.get().allocate


def _to_stream_handle(stream):
    if stream in (0, None):
        return None
    if not isinstance(stream, Stream):
        raise TypeError(f"stream must be a cuda.stream() or 0, not {type(stream).__name__}")
    return stream


def device_array(shape, dtype=np.float64, strides=None, order="C", stream=0):
    """An uninitialised array in device memory (zeroed in the simulator)."""
    return new_array(_memory_factory(), shape, dtype, strides, order, stream)


def device_array_like(ary, stream=0):
    """An uninitialised device array with `ary`'s shape, dtype and memory order."""
    order = (
        "F" if ary.ndim > 1 and ary.flags["F_CONTIGUOUS"] and not ary.flags["C_CONTIGUOUS"] else "C"
    )
    return device_array(ary.shape, ary.dtype, order=order, stream=stream)


def to_device(obj, stream=0, copy=True, to=None):
    """`obj` (a NumPy array or anything ``np.asarray`` takes) copied to device memory; with
    ``to=`` the copy goes into that device array."""
    stream = _to_stream_handle(stream)
    if isinstance(obj, DeviceNDArray):
        if to is None:
            return obj
        to.copy_to_device(obj, stream=stream or 0)
        return to
    ary = np.asarray(obj)
    if to is None:
        to = device_array_like(
            ary
            if ary.flags["F_CONTIGUOUS"] or ary.flags["C_CONTIGUOUS"]
            else np.ascontiguousarray(ary),
            stream=stream or 0,
        )
    if copy:
        to.copy_to_device(ary, stream=stream or 0)
    return to


def pinned_array(shape, dtype=np.float64, strides=None, order="C"):
    """A host array in page-locked memory (an ordinary NumPy array in the simulator)."""
    if _config.simulating():
        return np.empty(shape, as_dtype(dtype), order=order)
    from oxjit.cuda import driver

    return driver.get().pinned_array(shape, as_dtype(dtype), order)


@contextlib.contextmanager
def pinned(*arrays):
    """Page-locks NumPy arrays for the duration of the block (a no-op in the simulator)."""
    if _config.simulating():
        yield
        return
    from oxjit.cuda import driver

    with driver.get().registered(arrays):
        yield


class Stream:
    """A CUDA stream. The simulator runs everything synchronously, so its streams are in order
    by construction and ``synchronize`` has nothing to wait for."""

    def __init__(self, handle=None, driver=None):
        self.handle = handle
        self._driver = driver

    def synchronize(self):
        if self._driver is not None:
            self._driver.stream_synchronize(self)

    @contextlib.contextmanager
    def auto_synchronize(self):
        yield self
        self.synchronize()

    def __repr__(self):
        return f"<oxjit.cuda stream {self.handle!r}>"


def stream():
    """A new stream."""
    if _config.simulating():
        return Stream()
    from oxjit.cuda import driver

    return driver.get().create_stream()


def default_stream():
    """The default (legacy) stream."""
    return Stream()


def synchronize():
    """Waits for all work on the device to finish."""
    if not _config.simulating():
        from oxjit.cuda import driver

        driver.get().synchronize()


class Event:
    """A CUDA event. In the simulator, work is finished when a launch returns, so an event
    records the host clock when ``record`` is called and ``elapsed_time`` is wall time."""

    def __init__(self, timing=True):
        self.timing = timing
        self._time = None

    def record(self, stream=0):
        _to_stream_handle(stream)
        self._time = time.perf_counter()

    def synchronize(self):
        pass

    def wait(self, stream=0):
        _to_stream_handle(stream)

    def query(self):
        return True

    def elapsed_time(self, evtend):
        """Milliseconds between this event and `evtend`, both recorded."""
        if not (self.timing and evtend.timing):
            raise RuntimeError("elapsed_time needs two events created with timing=True")
        if self._time is None or evtend._time is None:
            raise RuntimeError("elapsed_time needs both events recorded")
        return (evtend._time - self._time) * 1000.0


def event(timing=True):
    """A new event."""
    if _config.simulating():
        return Event(timing)
    from oxjit.cuda import driver

    return driver.get().create_event(timing)


def is_available():
    """True if kernels can run: the simulator is on, or a driver with a device is found."""
    if _config.simulating():
        return True
    from oxjit.cuda import driver

    try:
        return driver.get().device_count() > 0
    except CudaSupportError:
        return False


def detect():
    """Prints the devices found and returns True if there is a supported one."""
    if _config.simulating():
        print("Found 1 CUDA devices")
        print("id 0             SIMULATOR                              [SUPPORTED]")
        return True
    from oxjit.cuda import driver

    try:
        drv = driver.get()
    except CudaSupportError as e:
        print(e)  # the message says "CUDA is not available: <why>"
        return False
    return drv.detect()


def select_device(device_id=0):
    """Makes device `device_id` current (the simulator has one device, 0)."""
    if _config.simulating():
        if device_id != 0:
            raise ValueError("the simulator has a single device, 0")
        return
    from oxjit.cuda import driver

    driver.get().select_device(device_id)


def is_cuda_array(obj):
    """True if `obj` exposes the CUDA Array Interface."""
    return hasattr(obj, "__cuda_array_interface__")

"""The CUDA simulator: a kernel's blocks run one after the other, the threads of a block as Python
threads, so that ``syncthreads`` is a real barrier and shared arrays are really shared.

Numba's simulator (``numba/cuda/simulator/kernel.py``) polls its threads in a busy loop to find
when all are blocked; here one condition variable per block does it: a barrier opens when every
*live* member of its group (the block, or one warp) has arrived, so threads that returned early do
not hold the others (as on sm_70 and later). When every live thread waits and no barrier can open,
the kernel has deadlocked (threads waiting at different barriers): the simulator says so instead
of hanging.
"""

import threading

import numpy as np

from oxjit.cuda.errors import CudaSimulatorError

WARP_SIZE = 32

_tls = threading.local()


class Dim3(tuple):
    """A thread or block index or dimension: a 3-tuple with ``x``, ``y``, ``z``."""

    __slots__ = ()

    def __new__(cls, x, y, z):
        return super().__new__(cls, (x, y, z))

    x = property(lambda self: self[0])
    y = property(lambda self: self[1])
    z = property(lambda self: self[2])

    def __repr__(self):
        return f"Dim3({self[0]}, {self[1]}, {self[2]})"


class _Aborted(BaseException):
    """Unwinds a thread whose block failed elsewhere (not an error of its own)."""


class Grid:
    """What every thread of one launch shares: the dimensions and the dynamic shared memory."""

    def __init__(self, griddim, blockdim, dynshared_bytes):
        self.griddim = Dim3(*griddim)
        self.blockdim = Dim3(*blockdim)
        self.dynshared_bytes = dynshared_bytes


class Block:
    """One block: its threads' barrier bookkeeping and its shared arrays."""

    def __init__(self, grid, index):
        self.grid = grid
        self.index = Dim3(*index)
        self.cond = threading.Condition()
        self.live = set()
        self.waiting = {}  # linear thread id -> the barrier it waits at
        self.contrib = {}  # barrier -> {linear thread id: value given}
        self.result = {}  # barrier -> the values of its last opening
        self.generation = {}  # barrier -> how many times it opened
        self.error = None  # the first failure; every waiting thread unwinds
        self.shared = {}  # call site -> the shared array made there
        self.dynshared = np.zeros(grid.dynshared_bytes, dtype=np.uint8)

    # -- barriers -----------------------------------------------------------------------------

    def _members(self, key):
        if key == "block":
            return self.live
        warp = key[1]
        return {t for t in self.live if t // WARP_SIZE == warp}

    def _open_complete(self):
        """Opens every barrier whose live members all wait at it; True if one opened."""
        opened = False
        for key in set(self.waiting.values()):
            members = self._members(key)
            if all(self.waiting.get(t) == key for t in members):
                for t in members:
                    del self.waiting[t]
                self.result[key] = self.contrib.pop(key, {})
                self.generation[key] = self.generation.get(key, 0) + 1
                opened = True
        if opened:
            self.cond.notify_all()
        elif self.live and len(self.waiting) == len(self.live):
            kinds = sorted(
                {
                    "syncthreads" if k == "block" else "a warp intrinsic"
                    for k in self.waiting.values()
                }
            )
            self.error = CudaSimulatorError(
                f"simulated kernel deadlocked in block {list(self.index)}: its live threads "
                f"wait at barriers that cannot open ({' and '.join(kinds)}); every thread of a "
                "block must reach the same syncthreads, every lane of a warp the same intrinsic"
            )
            self.cond.notify_all()
        return opened

    def arrive(self, tid, key, value=None):
        """Waits at barrier `key` until its group has arrived; the values each member gave."""
        with self.cond:
            if self.error is not None:
                raise _Aborted
            gen = self.generation.get(key, 0)
            self.waiting[tid] = key
            self.contrib.setdefault(key, {})[tid] = value
            self._open_complete()
            while self.generation.get(key, 0) == gen and self.error is None:
                self.cond.wait()
            if self.generation.get(key, 0) == gen:
                raise _Aborted
            return self.result[key]

    def leave(self, tid, error=None):
        """A thread returned (or raised `error`): barriers stop waiting for it."""
        with self.cond:
            self.live.discard(tid)
            self.waiting.pop(tid, None)
            if error is not None and self.error is None:
                self.error = error
                self.cond.notify_all()
            elif self.error is None:
                self._open_complete()

    # -- shared memory ------------------------------------------------------------------------

    def shared_array(self, site, shape, dtype):
        """The block's array for the `cuda.shared.array` call at `site`, made on first use."""
        with self.cond:
            arr = self.shared.get(site)
            if arr is None:
                arr = self.shared[site] = np.zeros(shape, dtype)
            return arr

    def dynamic_shared(self, dtype):
        """The dynamic shared memory (``shared.array(0, dtype)``), as CUDA aliased by every call."""
        count = self.dynshared.nbytes // dtype.itemsize
        return np.frombuffer(self.dynshared.data, dtype=dtype, count=count)


class SimThread:
    """The state one simulated CUDA thread reads through `cuda.threadIdx` and friends."""

    __slots__ = ("block", "grid", "threadIdx", "tid")

    def __init__(self, block, thread_index):
        self.block = block
        self.grid = block.grid
        self.threadIdx = Dim3(*thread_index)
        bx, by, _ = self.grid.blockdim
        x, y, z = thread_index
        self.tid = x + bx * (y + by * z)

    @property
    def lane(self):
        return self.tid % WARP_SIZE

    def warp_exchange(self, value):
        """Waits for the live lanes of this warp; their values by lane."""
        got = self.block.arrive(self.tid, ("warp", self.tid // WARP_SIZE), value)
        return {t % WARP_SIZE: v for t, v in got.items()}


def current():
    """The simulated thread running this code, or None outside a simulated kernel."""
    return getattr(_tls, "thread", None)


def _locate(exc, thread):
    """`exc` with Numba's simulator prefix naming the thread and block it came from."""
    where = f"tid={list(thread.threadIdx)} ctaid={list(thread.block.index)}"
    msg = str(exc)
    try:
        located = type(exc)(f"{where}: {msg}" if msg else where)
    except Exception:  # noqa: BLE001 (a class whose constructor takes other arguments)
        return exc
    located.__cause__ = exc.__cause__
    return located.with_traceback(exc.__traceback__)


def _run_thread(block, thread, fn, args, failures):
    _tls.thread = thread
    error = None
    try:
        fn(*args)
    except _Aborted:
        pass
    except BaseException as exc:  # noqa: BLE001 (any failure is the launcher's to re-raise)
        error = _locate(exc, thread)
        failures.append(error)
    finally:
        _tls.thread = None
        block.leave(thread.tid, error)


def run_block(fn, args, grid, block_index):
    """Runs every thread of one block to completion; raises the first thread's exception."""
    block = Block(grid, block_index)
    bx, by, bz = grid.blockdim
    threads = [SimThread(block, (x, y, z)) for z in range(bz) for y in range(by) for x in range(bx)]
    block.live = {t.tid for t in threads}
    failures = []
    workers = [
        threading.Thread(target=_run_thread, args=(block, t, fn, args, failures), daemon=True)
        for t in threads
    ]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    if failures:
        raise failures[0]
    if block.error is not None:
        raise block.error


def launch(fn, args, griddim, blockdim, dynshared_bytes=0):
    """Runs `fn(*args)` as a kernel over the grid, one block after the other."""
    if getattr(_tls, "thread", None) is not None:
        raise CudaSimulatorError("a kernel cannot be launched from inside a simulated kernel")
    grid = Grid(griddim, blockdim, dynshared_bytes)
    gx, gy, gz = grid.griddim
    for z in range(gz):
        for y in range(gy):
            for x in range(gx):
                run_block(fn, args, grid, (x, y, z))

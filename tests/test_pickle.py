"""Source snapshots, pickling, copying, and compiled functions in other processes
(multiprocessing with fork and spawn, concurrent.futures, joblib, Dask).

Results in other processes are compared with the same functions run by CPython (``py_func``),
value and type.
"""

import copy
import importlib
import multiprocessing
import os
import pickle
import subprocess
import sys
import textwrap
import threading
from concurrent.futures import ProcessPoolExecutor

import numpy as np
import oxjit
import pytest
from conftest import same_value

pytestmark = pytest.mark.requires_jit

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PYTHONPATH = os.path.join(ROOT, "python")

MODULE = """
import math

import oxjit

SCALE = 3.0


@oxjit.njit
def scaled(x):
    return x * SCALE


@oxjit.njit
def total(a):
    s = 0.0
    for i in range(a.shape[0]):
        s += scaled(float(a[i])) + math.sqrt(i)
    return s


@oxjit.njit("float64(float64)")
def half(x):
    return x / 2


@oxjit.njit(error_model="numpy")
def ratio(x, y):
    return x / y


@oxjit.njit
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
"""


def _same(got, expected):
    assert same_value(got, expected), (got, expected)


@pytest.fixture
def module(tmp_path, monkeypatch):
    """A fresh importable module holding MODULE's functions."""
    name = f"oxjit_pickle_mod_{abs(hash(str(tmp_path))) % 10**8}"
    (tmp_path / f"{name}.py").write_text(MODULE)
    monkeypatch.syspath_prepend(str(tmp_path))
    mod = importlib.import_module(name)
    yield mod
    sys.modules.pop(name, None)


def _run(script, *args, cwd=None):
    """Runs ``script`` in a fresh interpreter; its stdout."""
    env = dict(os.environ, PYTHONPATH=PYTHONPATH)
    out = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script), *args],
        check=False,
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr
    return out.stdout


# ---------------------------------------------------------------- the source as decorated


def test_editing_the_file_after_import_changes_nothing_until_reimport(module):
    path = module.__file__
    with open(path) as f:
        text = f.read()
    # Edited before the first call (and so before the first compilation).
    with open(path, "w") as f:
        f.write(text.replace("return x / 2", "return x / 4").replace("x * SCALE", "x * 100"))
    os.utime(path, (0, 1))  # a different modification time, whatever the clock's resolution
    assert module.half(3.0) == 1.5
    assert module.scaled(2.0) == 6.0
    reloaded = importlib.reload(module)
    assert reloaded.half(3.0) == 0.75
    assert reloaded.scaled(2.0) == 200.0


def test_snapshot_is_read_once_per_file(module):
    from oxjit import _source

    a = _source.snapshot(module.total.py_func)
    b = _source.snapshot(module.half.py_func)
    assert a is b
    assert "def total(a):" in a


# ---------------------------------------------------------------- pickle and copy


def test_importable_functions_pickle_by_reference(module):
    for f in (module.total, module.half, module.fib):
        data = pickle.dumps(f)
        assert module.__name__.encode() in data
        assert pickle.loads(data) is f
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        assert pickle.loads(pickle.dumps(module.ratio, protocol)) is module.ratio


def test_copy_gives_the_same_function(module):
    assert copy.copy(module.total) is module.total
    assert copy.deepcopy(module.total) is module.total
    assert copy.deepcopy([module.half])[0] is module.half


def _make_local(k, offset):
    @oxjit.njit
    def local(a):
        return float(np.sum(a)) * k + offset(a.shape[0])

    return local


@oxjit.njit
def _offset(n):
    return n + 0.5


def test_local_functions_pickle_by_value():
    f = _make_local(2.0, _offset)
    a = np.arange(6.0)
    expected = f(a)
    g = pickle.loads(pickle.dumps(f))
    assert g is not f
    _same(g(a), expected)
    _same(g(a), f.py_func(a))
    # Unpickled twice in one process: one dispatcher.
    data = pickle.dumps(f)
    assert pickle.loads(data) is pickle.loads(data)


def test_options_and_signatures_travel():
    def make():
        @oxjit.njit(["float64(float64)", "int64(int64)"], error_model="numpy")
        def inv(x):
            return 1 / x if x > -1 else x // 0

        return inv

    inv = make()
    g = pickle.loads(pickle.dumps(inv))
    assert g.signatures == inv.signatures
    assert g.targetoptions == inv.targetoptions
    _same(g(0.0), inv(0.0))  # inf, not ZeroDivisionError: error_model="numpy" travelled
    _same(g(-5), inv(-5))
    with pytest.raises(TypeError):
        g(1j)


_LOCK = threading.Lock()


def test_an_unpicklable_global_is_named():
    def make():
        @oxjit.njit
        def uses_lock(x):
            return x if _LOCK else -x

        return uses_lock

    with pytest.raises(pickle.PicklingError, match="_LOCK"):
        pickle.dumps(make())


# ---------------------------------------------------------------- fresh processes


SCRIPT_MAIN = """
import pickle, sys
import numpy as np
import oxjit

K = 7

@oxjit.njit
def poly(x):
    return K * x * x + 1

@oxjit.njit
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)

def make(step):
    @oxjit.njit
    def stepped(a):
        out = np.empty_like(a)
        for i in range(a.shape[0]):
            out[i] = poly(a[i]) + step
        return out
    return stepped

stepped = make(3)
a = np.arange(5)
print(repr((poly(2.5), fib(20), stepped(a).tolist())))
with open(sys.argv[1], "wb") as f:
    pickle.dump((poly, fib, stepped), f)
"""

SCRIPT_LOAD = """
import pickle, sys
import numpy as np
with open(sys.argv[1], "rb") as f:
    poly, fib, stepped = pickle.load(f)
a = np.arange(5)
print(repr((poly(2.5), fib(20), stepped(a).tolist())))
"""


def test_main_functions_travel_to_a_process_without_their_file(tmp_path):
    script = tmp_path / "script.py"
    script.write_text(SCRIPT_MAIN)
    data = tmp_path / "f.pkl"
    env = dict(os.environ, PYTHONPATH=PYTHONPATH)
    first = subprocess.run(
        [sys.executable, str(script), str(data)],
        check=False,
        capture_output=True,
        text=True,
        env=env,
    )
    assert first.returncode == 0, first.stderr
    script.unlink()  # the receiving process cannot read the source: it travelled with them
    second = _run(SCRIPT_LOAD, str(data), cwd=str(tmp_path.parent))
    assert second == first.stdout
    assert eval(second) == (44.75, 6765, [4, 11, 32, 67, 116])


def _call_total(args):
    f, a = args
    return f(a)


@pytest.mark.parametrize("method", ["fork", "spawn", "forkserver"])
def test_multiprocessing_pool(module, method):
    arrays = [np.arange(float(n)) for n in range(1, 9)]
    ctx = multiprocessing.get_context(method)
    with ctx.Pool(2) as pool:
        got = pool.map(module.total, arrays)
        local = pool.map(_call_total, [(_make_local(3.0, _offset), a) for a in arrays])
    for a, g in zip(arrays, got):
        _same(g, module.total.py_func(a))
    for a, g in zip(arrays, local):
        _same(g, _make_local(3.0, _offset).py_func(a))


def test_process_pool_executor_with_spawn(module):
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(2, mp_context=ctx) as ex:
        got = list(ex.map(module.fib, range(15)))
        halves = list(ex.map(module.half, [1.0, 3.0]))
    assert got == [module.fib.py_func(n) for n in range(15)]
    assert halves == [0.5, 1.5]


def test_joblib():
    joblib = pytest.importorskip("joblib", reason="joblib is not installed")
    f = _make_local(0.5, _offset)
    arrays = [np.arange(float(n)) for n in range(1, 7)]
    got = joblib.Parallel(n_jobs=2, backend="loky")(joblib.delayed(f)(a) for a in arrays)
    for a, g in zip(arrays, got):
        _same(g, f.py_func(a))


def test_cloudpickle_round_trip():
    cloudpickle = pytest.importorskip("cloudpickle", reason="cloudpickle is not installed")
    f = _make_local(1.5, _offset)
    g = pickle.loads(cloudpickle.dumps(f))
    a = np.arange(4.0)
    _same(g(a), f.py_func(a))


def test_dask_local_cluster():
    pytest.importorskip("dask", reason="dask is not installed")
    distributed = pytest.importorskip("distributed", reason="dask.distributed is not installed")
    import dask.array as da
    import dask.bag as db

    @oxjit.njit
    def smooth(block):
        out = np.empty_like(block)
        for i in range(block.shape[0]):
            out[i] = 0.5 * block[i] + 1.0
        return out

    @oxjit.njit
    def collatz_steps(n):
        steps = 0
        while n != 1:
            n = n // 2 if n % 2 == 0 else 3 * n + 1
            steps += 1
        return steps

    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        x = da.arange(40.0, chunks=10)
        got = x.map_blocks(smooth, dtype=np.float64).compute()
        np.testing.assert_array_equal(got, smooth.py_func(np.arange(40.0)))
        bag = db.from_sequence(range(1, 30), npartitions=4)
        assert bag.map(collatz_steps).compute() == [collatz_steps.py_func(n) for n in range(1, 30)]
        # Ran in the worker processes, not here.
        pids = client.run(os.getpid)
        assert os.getpid() not in pids.values()

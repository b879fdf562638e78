"""The ``numba`` namespace libraries import, under oxjit (``sys.modules["numba"] = oxjit``, or
``import oxjit as numba``): each name works as Numba's does, or raises a clear error.

The names are those popular libraries written for Numba import (pynndescent, umap-learn, sparse,
stumpy, numbagg, sktime, datashader, QuantEcon, scanpy, numba-stats, resampy...: see
docs/migrating.md). Where Numba is installed, each is compared with Numba's own."""

import collections
import importlib
import importlib.util
import os
import subprocess
import sys
import warnings

import numpy as np
import oxjit
import pytest
from conftest import assert_same, same_value
from oxjit import types

# Tests that compile carry `requires_jit`; the others check names and modules, also with the
# JIT disabled.
pytestmark = pytest.mark.requires_oxjit

try:  # Numba itself, for the comparisons (imported before any test puts oxjit in its place)
    import numba as real_numba
    import numba.core.config
    import numba.core.errors
    import numba.extending
    import numba.np.numpy_support
    import numba.np.unsafe.ndarray  # noqa: F401 (real_numba.np.unsafe.ndarray below)
except ImportError:
    real_numba = None

needs_numba = pytest.mark.skipif(real_numba is None, reason="Numba is not installed")


@pytest.fixture
def as_numba():
    """``sys.modules["numba"]`` is oxjit for the test (Numba's modules put back after)."""
    saved = {k: v for k, v in sys.modules.items() if k == "numba" or k.startswith("numba.")}
    for k in saved:
        del sys.modules[k]
    sys.modules["numba"] = oxjit
    try:
        yield oxjit
    finally:
        for k in [k for k in sys.modules if k == "numba" or k.startswith("numba.")]:
            del sys.modules[k]
        sys.modules.update(saved)


# ---------------------------------------------------------------------------------------------
# Imports by Numba's full names give oxjit's own modules (one module, two names)


@pytest.mark.parametrize(
    "numba_name, oxjit_name",
    [
        ("numba.errors", "oxjit.errors"),
        ("numba.core.errors", "oxjit.errors"),
        ("numba.core.types", "oxjit.types"),
        ("numba.types", "oxjit.types"),
        ("numba.core.config", "oxjit.config"),
        ("numba.config", "oxjit.config"),
        ("numba.typed", "oxjit.typed"),
        ("numba.typed.typedlist", "oxjit.typed.typedlist"),
        ("numba.typed.typeddict", "oxjit.typed.typeddict"),
        ("numba.extending", "oxjit.extending"),
        ("numba.core.extending", "oxjit.core.extending"),
        ("numba.experimental", "oxjit.experimental"),
        ("numba.np.numpy_support", "oxjit.np.numpy_support"),
        ("numba.np.unsafe.ndarray", "oxjit.np.unsafe.ndarray"),
        ("numba.np.ufunc", "oxjit.np.ufunc"),
        ("numba.np.ufunc.parallel", "oxjit.np.ufunc.parallel"),
        ("numba.np.ufunc.gufunc", "oxjit.np.ufunc.gufunc"),
        ("numba.misc.special", "oxjit.misc.special"),
        ("numba.core.registry", "oxjit.core.registry"),
    ],
)
def test_numba_modules_are_oxjits(as_numba, numba_name, oxjit_name):
    assert importlib.import_module(numba_name) is importlib.import_module(oxjit_name)


@pytest.mark.requires_jit
def test_errors_raised_are_caught_under_numbas_names(as_numba):
    # A second copy of oxjit/errors.py would define other classes: nothing would be caught.
    from numba.core.errors import TypingError
    from numba.errors import NumbaPerformanceWarning

    assert NumbaPerformanceWarning is oxjit.errors.NumbaPerformanceWarning

    @oxjit.njit
    def bad(x):
        return x + "a"

    with pytest.raises(TypingError):
        bad(1)


@pytest.mark.requires_jit
def test_typed_list_under_numbas_name_compiles(as_numba):
    # sktime: from numba.typed.typedlist import List; the compiler knows the class by its module.
    from numba.typed.typedlist import List

    @oxjit.njit
    def make(n):
        out = List()
        for i in range(n):
            out.append(i * 0.5)
        return out

    got = make(4)
    assert type(got) is oxjit.typed.List and list(got) == [i * 0.5 for i in range(4)]


def test_numba_attributes_after_a_bare_import():
    # sparse: numba.np.numpy_support.from_dtype(dtype) after `import numba` only.
    assert oxjit.np.numpy_support.from_dtype(np.float32) == types.float32
    assert oxjit.np.ufunc.parallel.get_thread_count() == oxjit.config.NUMBA_NUM_THREADS
    assert oxjit.misc.special.prange is oxjit.prange
    assert oxjit.cuda is importlib.import_module("oxjit.cuda")


# ---------------------------------------------------------------------------------------------
# Numba's internals: a clear ImportError


def test_compiler_internals_raise_a_clear_import_error(as_numba):
    # pynndescent: from numba.core import cgutils (for an @intrinsic).
    with pytest.raises(ModuleNotFoundError, match=r"numba\.core\.cgutils.*compiler internals"):
        from numba.core import cgutils  # noqa: F401
    with pytest.raises(ImportError, match=r"numba\.core\.imputils.*@njit"):
        import numba.core.imputils  # noqa: F401
    with pytest.raises(ImportError, match=r"numba\.np\.linalg.*LAPACK"):
        from numba.np.linalg import _LAPACK  # noqa: F401


def test_threading_layers_are_not_importable(as_numba):
    # numbagg: importlib.import_module(f"numba.np.ufunc.{backend}pool") probes a layer.
    for layer in ("tbbpool", "omppool"):
        with pytest.raises(ImportError, match="threading layer"):
            importlib.import_module(f"numba.np.ufunc.{layer}")
    # pynndescent: from numba.np.ufunc import tbbpool, in a try/except ImportError.
    with pytest.raises(ImportError, match="rayon"):
        from numba.np.ufunc import tbbpool  # noqa: F401


def test_unknown_numba_module(as_numba):
    with pytest.raises(ModuleNotFoundError, match=r"No module named 'numba\.no_such_module'"):
        import numba.no_such_module  # noqa: F401


def test_attributes_that_do_not_exist_stay_attribute_errors():
    assert not hasattr(oxjit, "no_such_name")
    assert not hasattr(oxjit.core, "no_such_name")
    assert not hasattr(oxjit.np, "no_such_name")


# ---------------------------------------------------------------------------------------------
# numba.np.numpy_support


@pytest.mark.parametrize(
    "dtype", ["bool", "i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8", "f4", "f8", "c8", "c16"]
)
def test_from_dtype_and_as_dtype_round_trip(dtype):
    from oxjit.np.numpy_support import as_dtype, from_dtype

    dt = np.dtype(dtype)
    assert as_dtype(from_dtype(dt)) == dt
    assert from_dtype(dt.type) == from_dtype(dt)


def test_as_dtype_of_a_record_and_a_literal():
    from oxjit.np.numpy_support import as_dtype, from_dtype

    for dt in (
        np.dtype([("x", "f8"), ("n", "i4")]),
        np.dtype([("x", "f8"), ("n", "i4")], align=True),
        np.dtype([("a", "i2", (3,)), ("b", "f4")]),
    ):
        assert as_dtype(from_dtype(dt)) == dt
    assert as_dtype(types.literal(3)) == np.dtype("int64")


def test_numpy_support_errors():
    from oxjit.np.numpy_support import as_dtype, from_dtype

    with pytest.raises(oxjit.errors.NumbaNotImplementedError, match="unicode_type cannot be"):
        as_dtype(types.unicode_type)
    with pytest.raises(oxjit.errors.NumbaNotImplementedError, match="does not support the dtype"):
        from_dtype(np.dtype("U3"))


@needs_numba
@pytest.mark.parametrize("dtype", ["bool", "i1", "u2", "i8", "u8", "f4", "f8", "c8", "c16"])
def test_numpy_support_as_numbas(dtype):
    ours, theirs = oxjit.np.numpy_support, real_numba.np.numpy_support
    dt = np.dtype(dtype)
    assert str(ours.from_dtype(dt)) == str(theirs.from_dtype(dt))
    assert ours.as_dtype(ours.from_dtype(dt)) == theirs.as_dtype(theirs.from_dtype(dt))
    rec = np.dtype([("x", dtype), ("y", "f8")], align=True)
    assert str(ours.from_dtype(rec)) == str(theirs.from_dtype(rec))
    assert ours.as_dtype(ours.from_dtype(rec)) == theirs.as_dtype(theirs.from_dtype(rec))


@needs_numba
def test_numpy_support_errors_as_numbas():
    ours, theirs = oxjit.np.numpy_support, real_numba.np.numpy_support
    with pytest.raises(real_numba.core.errors.NumbaNotImplementedError) as expected:
        theirs.as_dtype(real_numba.types.unicode_type)
    with pytest.raises(oxjit.errors.NumbaNotImplementedError) as got:
        ours.as_dtype(types.unicode_type)
    assert str(got.value) == str(expected.value)


# ---------------------------------------------------------------------------------------------
# numba.np.unsafe.ndarray.to_fixed_tuple


@pytest.mark.requires_jit
def test_to_fixed_tuple_makes_a_shape():
    from oxjit.np.unsafe.ndarray import to_fixed_tuple

    @oxjit.njit
    def reshape(a, shape):
        return a.reshape(to_fixed_tuple(shape, 2))

    @oxjit.njit
    def first(a):
        return to_fixed_tuple(a, 3), to_fixed_tuple(a, 1), to_fixed_tuple(a, 0)

    a = np.arange(12.0)
    shape = np.array([3, 4])
    assert np.array_equal(reshape(a, shape), a.reshape(tuple(shape)))
    got = first(np.arange(5))
    want = (tuple(int(x) for x in range(3)), (0,), ())
    assert same_value(got, want)


@pytest.mark.requires_jit
def test_to_fixed_tuple_errors():
    from oxjit.np.unsafe.ndarray import to_fixed_tuple

    @oxjit.njit
    def variable(a, n):
        return to_fixed_tuple(a, n)

    @oxjit.njit
    def two_d(a):
        return to_fixed_tuple(a, 2)

    @oxjit.njit
    def too_long(a):
        return to_fixed_tuple(a, 4)

    with pytest.raises(oxjit.errors.TypingError, match="must be a constant"):
        variable(np.arange(3), 2)
    with pytest.raises(oxjit.errors.TypingError, match="array.ndim=2"):
        two_d(np.zeros((2, 2)))
    # Numba reads past the end (undefined); oxjit raises.
    with pytest.raises(IndexError, match="fewer than 4 items"):
        too_long(np.arange(3))
    with pytest.raises(NotImplementedError, match="not usable in pure-python"):
        to_fixed_tuple(np.arange(3), 2)


def _first_three(a):
    return to_fixed_tuple(a, 3)  # noqa: F821 (a global of the copies made below)


@pytest.mark.requires_jit
@needs_numba
def test_to_fixed_tuple_as_numbas():
    results = []
    ours = importlib.import_module("oxjit.np.unsafe.ndarray")
    for nb, module in ((real_numba, real_numba.np.unsafe.ndarray), (oxjit, ours)):
        scope = {"to_fixed_tuple": module.to_fixed_tuple}
        first = type(_first_three)(_first_three.__code__, scope, "_first_three")
        results.append(nb.njit(first)(np.arange(5.0)))
        with pytest.raises(NotImplementedError) as info:
            module.to_fixed_tuple(np.arange(3), 2)
        results.append(str(info.value))
    assert same_value(results[2], results[0]) and results[3] == results[1]


# ---------------------------------------------------------------------------------------------
# numba.extending: overload_attribute, is_jitted, intrinsic's error


def _width_impl(a):
    return a[1] - a[0]


@pytest.mark.requires_jit
def test_overload_attribute():
    from oxjit.extending import overload_attribute

    @overload_attribute(types.Array, "oxjit_test_width")
    def _ol_width(a):
        if a.ndim == 1 and isinstance(a.dtype, (types.Float, types.Integer)):
            return _width_impl
        return None

    @oxjit.njit
    def width(a):
        return a.oxjit_test_width * 2

    @oxjit.njit
    def width_2d(a):
        return a.oxjit_test_width

    for a in (np.array([1.5, 4.0]), np.array([3, 10])):
        assert same_value(width(a), _width_impl(a).item() * 2)
    with pytest.raises(oxjit.errors.TypingError, match="oxjit_test_width"):
        width_2d(np.zeros((2, 2)))


@pytest.mark.requires_jit
def test_overload_attribute_of_numbers():
    from oxjit.extending import overload_attribute

    @overload_attribute(types.Integer, "oxjit_test_twice")
    def _ol_twice(n):
        return lambda n: n * 2

    @oxjit.njit
    def twice(n):
        return n.oxjit_test_twice + 1

    assert same_value(twice(20), 20 * 2 + 1)


@pytest.mark.requires_jit
def test_dispatcher_classes():
    # isinstance(f, numba.core.registry.CPUDispatcher), as libraries test for compiled functions.
    f = oxjit.njit(lambda x: x)
    assert isinstance(f, oxjit.core.registry.CPUDispatcher)
    assert isinstance(f, oxjit.core.dispatcher.Dispatcher)
    assert not isinstance(_half_sum, oxjit.core.registry.CPUDispatcher)


@pytest.mark.requires_jit
def test_is_jitted():
    from oxjit.extending import is_jitted

    def plain(x):
        return x

    assert is_jitted(oxjit.njit(plain)) and is_jitted(oxjit.jit(forceobj=True)(plain))
    assert not is_jitted(plain) and not is_jitted(np.sin)


def test_intrinsic_error_names_the_alternative():
    from oxjit.extending import intrinsic

    with pytest.raises(oxjit.errors.UnsupportedError) as info:

        @intrinsic
        def popcnt(typingctx, val):
            return None

    msg = str(info.value)
    assert "numba.extending.intrinsic" in msg and "llvmlite" in msg
    assert "@register_jitable" in msg and os.path.basename(__file__) in msg


# ---------------------------------------------------------------------------------------------
# numba.core.errors: Numba's classes, in Numba's hierarchy


@pytest.mark.requires_jit
def test_error_classes_raised():
    from oxjit.np.unsafe.ndarray import to_fixed_tuple

    @oxjit.njit
    def variable(a, n):
        return to_fixed_tuple(a, n)

    assert issubclass(oxjit.errors.RequireLiteralValue, oxjit.errors.TypingError)
    with pytest.raises(oxjit.errors.TypingError):
        variable(np.arange(3), 1)
    with pytest.raises(oxjit.errors.NumbaNotImplementedError):
        oxjit.from_dtype("not a dtype")


@needs_numba
def test_error_names_and_hierarchy_as_numbas():
    theirs = real_numba.core.errors
    names = [n for n in theirs.__all__ if n != "ForceLiteralArg"]
    assert sorted(oxjit.errors.__all__) == sorted(names)
    bases = [Exception, Warning, DeprecationWarning, PendingDeprecationWarning]
    # oxjit's NumbaError is its CompilerError (the base of what it raises): left out.
    compared = [n for n in names if n != "CompilerError"]
    for a in compared:
        ours, numbas = getattr(oxjit.errors, a), getattr(theirs, a)
        assert getattr(oxjit, a) is ours
        for b in compared:
            assert issubclass(ours, getattr(oxjit.errors, b)) == issubclass(
                numbas, getattr(theirs, b)
            ), (a, b)
        for base in bases:
            assert issubclass(ours, base) == issubclass(numbas, base), (a, base)


# ---------------------------------------------------------------------------------------------
# numba.config


CONFIG_NAMES = [
    "IS_WIN32",
    "IS_OSX",
    "MACHINE_BITS",
    "IS_32BITS",
    "PYVERSION",
    "DISABLE_JIT",
    "BOUNDSCHECK",
    "NUMBA_DEFAULT_NUM_THREADS",
    "NUMBA_NUM_THREADS",
    "THREADING_LAYER",
    "THREADING_LAYER_PRIORITY",
    "CACHE_DIR",
    "ENABLE_CUDASIM",
    "DEBUG",
    "DEVELOPER_MODE",
    "DISABLE_PERFORMANCE_WARNINGS",
    "FULL_TRACEBACKS",
    "SHOW_HELP",
    "COLOR_SCHEME",
]

_CONFIG_SCRIPT = f"""
import json, sys
module = sys.argv[1]
if module == "oxjit":
    import oxjit as numba
else:
    import numba
print(json.dumps({{n: getattr(numba.config, n) for n in {CONFIG_NAMES!r}}}))
"""


def _config_of(module, env):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NUMBA_", "OXJIT_"))} | env
    out = subprocess.run(
        [sys.executable, "-c", _CONFIG_SCRIPT, module],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    return out.stdout


@needs_numba
@pytest.mark.parametrize(
    "env",
    [
        {},
        {
            "NUMBA_NUM_THREADS": "2",
            "NUMBA_THREADING_LAYER": "workqueue",
            "NUMBA_THREADING_LAYER_PRIORITY": "omp tbb workqueue",
            "NUMBA_CACHE_DIR": "/tmp/oxjit-test-cache",
            "NUMBA_BOUNDSCHECK": "1",
            "NUMBA_DEVELOPER_MODE": "1",
            "NUMBA_ENABLE_CUDASIM": "1",
        },
    ],
)
def test_config_as_numbas(env):
    assert _config_of("oxjit", env) == _config_of("numba", env)


def test_config_is_read_from_the_environment():
    env = {"NUMBA_THREADING_LAYER_PRIORITY": "omp workqueue", "NUMBA_CACHE_DIR": "/tmp/x"}
    got = _config_of("oxjit", env)
    assert '"THREADING_LAYER_PRIORITY": ["omp", "workqueue"]' in got
    assert '"CACHE_DIR": "/tmp/x"' in got


# ---------------------------------------------------------------------------------------------
# numba.core.types and the top-level names the libraries use


@needs_numba
def test_types_as_numbas():
    def spellings(nb):
        t = nb.types
        Segment = collections.namedtuple("SegmentLength", "starty startx segment_length")
        return [
            t.Array(t.float32, 1, "C", readonly=True),
            t.Array(t.int64, 1, "C", readonly=False),
            nb.float32[::1],
            nb.float64[:, ::1],
            t.float32[:, ::1],
            t.UniTuple(t.int64, 3),
            t.Tuple((t.int32[::1], t.int32[::1], nb.float32[::1], t.float64)),
            t.Tuple((nb.boolean, nb.uint64, nb.uint16[::1])),
            t.ListType(t.float64[::1]),
            t.DictType(t.int64, t.uint32),
            t.NamedUniTuple(nb.float64, 3, Segment),
            nb.optional(nb.uint64),
            nb.typeof((np.int32(-1), np.int32(-1))),
            # (Numba writes the arrays of a signature's arguments by their repr.)
            nb.int64[:](nb.uint64, nb.float32, nb.uint64, nb.optional(nb.uint64)),
        ]

    assert [str(t) for t in spellings(oxjit)] == [str(t) for t in spellings(real_numba)]


# The names of `numba` (and `numba.types`) the surveyed libraries use.
TOP_LEVEL = [
    "njit",
    "jit",
    "prange",
    "vectorize",
    "guvectorize",
    "stencil",
    "objmode",
    "literal_unroll",
    "literally",
    "typeof",
    "from_dtype",
    "get_num_threads",
    "set_num_threads",
    "get_thread_id",
    "set_parallel_chunksize",
    "get_parallel_chunksize",
    "threading_layer",
    "TypingError",
    "NumbaTypeSafetyWarning",
    "NumbaPerformanceWarning",
    "NumbaWarning",
    "config",
    "types",
    "typed",
    "errors",
    "extending",
    "core",
    "np",
    "misc",
    "experimental",
    "float32",
    "float64",
    "int8",
    "int16",
    "int32",
    "int64",
    "uint8",
    "uint16",
    "uint32",
    "uint64",
    "boolean",
    "bool_",
    "intp",
    "optional",
    "void",
    "f8",
    "carray",
    "farray",
    "cfunc",
    "pndindex",
]


def test_top_level_names():
    missing = [n for n in TOP_LEVEL if not hasattr(oxjit, n)]
    assert missing == []


@needs_numba
def test_top_level_names_are_numbas():
    assert [n for n in TOP_LEVEL if not hasattr(real_numba, n)] == []


def test_threads_under_numbas_module():
    from oxjit.np.ufunc import parallel

    assert parallel.get_num_threads is oxjit.get_num_threads
    assert parallel.NUM_THREADS == parallel.get_thread_count() == oxjit.config.NUMBA_NUM_THREADS
    previous = oxjit.get_num_threads()
    try:
        parallel.set_num_threads(1)
        assert oxjit.get_num_threads() == 1
    finally:
        oxjit.set_num_threads(previous)
    assert oxjit.threading_layer() == "rayon"


@pytest.mark.requires_jit
def test_typed_containers_as_libraries_make_them():
    # pynndescent: numba.typed.List.empty_list(numba.float32[::1]) from Python;
    # sktime: Dict.empty(key_type=types.int64, value_type=types.uint32).
    hyperplanes = oxjit.typed.List.empty_list(oxjit.float32[::1])
    hyperplanes.append(np.ones(3, np.float32))
    counts = oxjit.typed.Dict.empty(key_type=types.int64, value_type=types.uint32)
    counts[3] = 7
    want = (hyperplanes[0].sum().item(), 2)  # a float32 comes back a float, as from Numba

    @oxjit.njit
    def use(hs, d):
        d[4] = np.uint32(hs[0].size)
        return hs[0].sum(), len(d)

    assert same_value(use(hyperplanes, counts), want)
    assert dict(counts) == {3: 7, 4: hyperplanes[0].size}


@pytest.mark.requires_jit
def test_gufunc_classes():
    from oxjit.np.ufunc.dufunc import DUFunc
    from oxjit.np.ufunc.gufunc import GUFunc

    @oxjit.guvectorize("(n)->()")
    def total(a, out):
        out[0] = a.sum()

    assert isinstance(total, GUFunc)
    assert isinstance(oxjit.vectorize(lambda x: x + 1), DUFunc)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = np.zeros(1)
        total(np.arange(4.0), out)
    assert out[0] == np.arange(4.0).sum()


def _pndindex_scaled(x):
    out = np.zeros(x.shape)
    for r, c in oxjit.pndindex(x.shape):
        out[r, c] = x[r, c] * (r + 2 * c)
    return out


def _pndindex_sum(n, m):
    s = 0
    for i, j in oxjit.pndindex(n, m):
        s += i * 10 + j
    return s


@pytest.mark.requires_jit
def test_pndindex():
    # scanpy: for r, c in numba.pndindex(x.shape), in a parallel=True function.
    assert oxjit.pndindex is np.ndindex  # as Numba's, from Python
    assert_same(_pndindex_scaled, np.arange(6.0).reshape(2, 3))
    assert_same(_pndindex_sum, 3, 4)
    x = np.arange(12.0).reshape(3, 4)
    assert same_value(oxjit.njit(parallel=True)(_pndindex_scaled)(x), _pndindex_scaled(x))


_JIT_MODULE_SOURCE = """
import math

import oxjit


def hyp(x, y):
    return math.sqrt(square(x) + square(y))


def square(x):
    return x * x


oxjit.jit_module(error_model="numpy")
"""


@pytest.mark.requires_jit
def test_jit_module(tmp_path, monkeypatch):
    (tmp_path / "oxjit_test_jitmod.py").write_text(_JIT_MODULE_SOURCE)
    monkeypatch.syspath_prepend(str(tmp_path))
    module = importlib.import_module("oxjit_test_jitmod")
    try:
        from oxjit.extending import is_jitted

        assert is_jitted(module.hyp) and is_jitted(module.square)
        assert module.hyp.targetoptions["error_model"] == "numpy"
        assert not is_jitted(module.math.sqrt)
        assert same_value(module.hyp(3.0, 4.0), module.hyp.py_func(3.0, 4.0))
    finally:
        sys.modules.pop("oxjit_test_jitmod", None)


@pytest.mark.requires_jit
def test_dispatcher_caching_after_decoration_is_refused():
    # stumpy: func.enable_caching(), func.recompile() (when asked to cache).
    f = oxjit.njit(lambda x: x + 1)
    with pytest.raises(oxjit.errors.UnsupportedError, match=r"@njit\(cache=True\)"):
        f.enable_caching()
    with pytest.raises(oxjit.errors.UnsupportedError, match="recompile"):
        f.recompile()
    assert f(1) == 2


@pytest.mark.skipif(importlib.util.find_spec("scipy") is None, reason="SciPy is not installed")
def test_get_cython_function_address_as_numbas():
    # numba-stats: the address of SciPy's cython_special functions, for ctypes to call.
    import ctypes

    from oxjit.extending import get_cython_function_address as ours

    address = ours("scipy.special.cython_special", "__pyx_fuse_1erf")
    erf = ctypes.CFUNCTYPE(ctypes.c_double, ctypes.c_double)(address)
    assert erf(0.5) == __import__("scipy.special").special.erf(0.5)
    cases = [
        ("scipy.special.cython_special", "ndtri"),
        ("scipy.special.cython_special", "no_such_function"),
        ("math", "sqrt"),  # not a Cython module
        ("oxjit_no_such_module", "f"),
    ]
    for args in cases:
        got = _outcome_of(ours, *args)
        if real_numba is not None:
            want = _outcome_of(real_numba.extending.get_cython_function_address, *args)
            assert got == want, args
    assert isinstance(_outcome_of(ours, *cases[0]), int)


def _outcome_of(f, *args):
    try:
        return f(*args)
    except Exception as e:  # noqa: BLE001 - the exception is the outcome compared
        return type(e), str(e)


def test_version_passes_numbas_version_checks():
    # datashader: Version(numba.__version__) >= Version("0.57"); others split it into ints.
    from packaging.version import Version

    v = oxjit.__version__
    assert Version(v) >= Version("0.57") and Version(v).release == tuple(map(int, v.split(".")))
    assert oxjit.oxjit_version != v
    # The other forms of check: three numbers (LooseVersion(v).version unpacked into three).
    assert len(v.split(".")) == 3 and all(p.isdigit() for p in v.split("."))


def _half_sum(a):
    return a[0] + a[1]


@pytest.mark.requires_jit
def test_float16_type_name():
    # numba.types.float16 (f2): arrays of half floats in signatures, from_dtype(np.float16).
    a = np.array([1.5, 2.25], np.float16)
    assert oxjit.typeof(a) == types.float16[::1] and oxjit.from_dtype(a.dtype) is types.f2
    f = oxjit.njit("float16(float16[::1])")(_half_sum)
    assert same_value(f(a), _half_sum(a))
    if real_numba is not None:
        assert str(types.float16[:, ::1]) == str(real_numba.types.float16[:, ::1])


@pytest.mark.requires_jit
def test_overload_attribute_returning_a_new_array_does_not_leak():
    from oxjit.extending import overload_attribute
    from oxjit.runtime import get_allocation_stats

    @overload_attribute(types.Array, "oxjit_test_doubled")
    def _ol_doubled(a):
        return lambda a: a * 2

    @oxjit.njit
    def total(a, n):
        s = 0.0
        for _ in range(n):
            s += a.oxjit_test_doubled.sum()
        return s

    a = np.arange(4.0)
    assert same_value(total(a, 3), float((a * 2).sum() * 3))
    before = get_allocation_stats()
    total(a, 10)
    after = get_allocation_stats()
    assert after.alloc - before.alloc == after.free - before.free > 0


@needs_numba
def test_abstract_type_classes_as_numbas():
    # Typing functions test for Numba's abstract kinds: isinstance(t, types.Buffer)...
    def instances(nb):
        t = nb.types
        point = collections.namedtuple("Point", "x y")
        return [
            t.float64[::1],
            t.Array(t.int8, 2, "F", readonly=True),
            t.List(t.int64),
            t.List(t.int64, reflected=True),
            t.ListType(t.int64),
            t.DictType(t.int64, t.float64),
            t.Set(t.int64),
            t.UniTuple(t.int64, 2),
            t.Tuple((t.int64, t.float64)),
            t.NamedUniTuple(t.int64, 2, point),
            t.unicode_type,
            t.int64,
            t.float32,
        ]

    kinds = ["IterableType", "ArrayCompatible", "Buffer", "Sequence", "MutableSequence"]
    for kind in kinds:
        ours = [isinstance(x, getattr(types, kind)) for x in instances(oxjit)]
        theirs = [isinstance(x, getattr(real_numba.types, kind)) for x in instances(real_numba)]
        assert ours == theirs, kind


# Names of numba.core.types that libraries use beyond the scalars and containers (survey of the
# code search: typing functions, signatures, the domains).
MORE_TYPES = [
    "Any",
    "pyobject",
    "ffi_forced_object",
    "unknown",
    "undefined",
    "ellipsis",
    "slice2_type",
    "slice3_type",
    "range_state32_type",
    "range_state64_type",
    "unsigned_range_state64_type",
    "range_iter32_type",
    "range_iter64_type",
    "unsigned_range_iter64_type",
    "code_type",
    "pyfunc_type",
]


@needs_numba
def test_more_type_names_as_numbas():
    import enum

    class Color(enum.Enum):
        red = 1.5

    class Shape(enum.IntEnum):
        square = 1

    def made(t):
        return [
            t.NPDatetime("ns"),
            t.NPTimedelta("s"),
            t.TypeRef(t.int64),
            t.NumberClass(t.float32),
            t.DType(t.int16),
            t.CharSeq(3),
            t.UnicodeCharSeq(4),
            t.Bytes(t.uint8, 1, "C", readonly=True),
            t.RangeType(t.int32),
            t.RangeIteratorType(t.uint64),
            t.FunctionType(t.float64(t.float64, t.int64)),
            t.EnumMember(Color, t.float64),
            t.IntEnumMember(Shape, t.int64),
            t.EnumClass(Color, t.float64),
            t.IntEnumClass(Shape, t.int64),
            *(getattr(t, n) for n in MORE_TYPES),
        ]

    assert [str(x) for x in made(types)] == [str(x) for x in made(real_numba.types)]
    domains = ["integer_domain", "signed_domain", "unsigned_domain", "real_domain"]
    domains += ["complex_domain", "number_domain"]
    for d in domains:
        assert sorted(map(str, getattr(types, d))) == sorted(map(str, getattr(real_numba.types, d)))
    assert types.int32 in types.integer_domain and types.float32 not in types.integer_domain
    # The classes typing functions test for.
    kinds = ["Dummy", "Hashable", "Callable", "Sized", "Container", "IteratorType"]
    kinds += ["SimpleIterableType", "SimpleIteratorType", "BaseFunction", "IterableType"]
    for kind in kinds:
        ours = [isinstance(x, getattr(types, kind)) for x in made(types)]
        theirs = [isinstance(x, getattr(real_numba.types, kind)) for x in made(real_numba.types)]
        assert ours == theirs, kind


@pytest.mark.requires_jit
def test_a_signature_naming_a_type_oxjit_does_not_compile_is_refused():
    with pytest.raises(TypeError, match="unsupported type 'datetime64'"):
        oxjit.njit(types.int64(types.NPDatetime("ns")))(lambda x: 1)

"""Shared helpers for oxjit's differential tests.

Every test runs a Python function in CPython and compiled by oxjit, and compares the two outcomes
exactly: same type, same value (NaN equals NaN, -0.0 differs from 0.0, complex by parts, tuples
element-wise), or the same exception class with the same message.

With ``OXJIT_DISABLE_JIT=1`` the decorators return the plain function, so every differential test
must pass in that mode too; this is how the tests themselves are checked. Tests that need the
compiler (compile errors, dispatcher attributes, 64-bit wrap-around...) carry the ``requires_jit``
marker and are skipped in that mode. If ``oxjit`` cannot be imported while the JIT is disabled, a
tiny stand-in module (``njit`` = identity) is installed so the differential tests still run; tests
that need the real package carry the ``requires_oxjit`` marker.
"""

import os as _os
import sys as _sys

# NumPy computes exp, log, power, sin... of float arrays with its own AVX-512 code on CPUs that
# have it (X86_V4 in NumPy 2.4, AVX512F/AVX512_SKX before): those results differ from the C
# library's, which oxjit calls as NumPy does on other CPUs and for scalars, in the last bit or two
# (3 ** 0.5 in float32: 1.7320509 there, 1.7320508 from powf). The reference is NumPy's portable
# dispatch everywhere, so that a test means the same on every CI machine; the difference is
# documented in docs/numpy-features.md. Set before NumPy is first imported.
if "numpy" not in _sys.modules:
    _os.environ.setdefault(
        "NPY_DISABLE_CPU_FEATURES",
        "X86_V4 AVX512_ICL AVX512_SPR AVX512F AVX512CD AVX512_SKX AVX512_CLX AVX512_CNL "
        "AVX512_KNL AVX512_KNM",
    )


import inspect
import math
import os
import pickle
import re
import subprocess
import sys
import types

import pytest

# Fixtures of the CUDA tests (cuda, gpu, ptxas, fake_cuda, device_mode).
pytest_plugins = ["cuda_fixtures"]


def _env_set(name):
    return os.environ.get(name, "0") not in ("", "0")


JIT_DISABLED = _env_set("OXJIT_DISABLE_JIT") or _env_set("NUMBA_DISABLE_JIT")

# The IR verifier runs after every compiler pass during the tests (as in debug builds); the
# compiler reads this when it starts, so it is set before anything compiles.
os.environ.setdefault("OXJIT_VERIFY", "1")


def _make_shim():
    """A stand-in for `oxjit` when the JIT is disabled and the package is not built yet."""
    shim = types.ModuleType("oxjit")
    errors = types.ModuleType("oxjit.errors")

    class CompilerError(Exception):
        pass

    class TypingError(CompilerError):
        pass

    class UnsupportedError(CompilerError):
        pass

    class InternalError(CompilerError):
        pass

    for cls in (CompilerError, TypingError, UnsupportedError, InternalError):
        cls.__module__ = "oxjit.errors"
        setattr(errors, cls.__name__, cls)

    def njit(*args, **kwargs):
        if len(args) == 1 and not kwargs and isinstance(args[0], types.FunctionType):
            return args[0]
        return lambda fn: fn

    shim.njit = njit
    shim.jit = njit
    shim.errors = errors
    shim.__oxjit_shim__ = True
    return shim


try:
    import oxjit
    import oxjit.errors

    USING_SHIM = False
except ImportError:
    if not JIT_DISABLED:
        raise
    oxjit = _make_shim()
    sys.modules["oxjit"] = oxjit
    sys.modules["oxjit.errors"] = oxjit.errors
    USING_SHIM = True


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "requires_jit: needs the compiler; skipped when OXJIT_DISABLE_JIT is set"
    )
    config.addinivalue_line(
        "markers", "requires_oxjit: needs the real oxjit package (not the disabled-mode stand-in)"
    )


def pytest_collection_modifyitems(config, items):
    skip_jit = pytest.mark.skip(reason="needs the compiler; OXJIT_DISABLE_JIT is set")
    skip_pkg = pytest.mark.skip(reason="needs the oxjit package; running on the stand-in")
    for item in items:
        if JIT_DISABLED and item.get_closest_marker("requires_jit"):
            item.add_marker(skip_jit)
        if USING_SHIM and item.get_closest_marker("requires_oxjit"):
            item.add_marker(skip_pkg)


# --------------------------------------------------------------------------------------------
# exact comparison


def same_value(a, b):
    """Exact equality: same type, NaN == NaN, -0.0 != 0.0, complex by parts, tuples recursively."""
    if type(a) is not type(b):
        return False
    if any(c.__name__ == "ndarray" for c in type(a).__mro__):  # subclasses too
        return same_array(a, b)
    if isinstance(a, (tuple, list)):
        return len(a) == len(b) and all(same_value(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):  # the same items in the same (insertion) order
        return same_value(list(a.items()), list(b.items()))
    if isinstance(a, float):
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        return a == b and math.copysign(1.0, a) == math.copysign(1.0, b)
    if isinstance(a, complex):
        return same_value(a.real, b.real) and same_value(a.imag, b.imag)
    return a == b


def same_layout(a, b):
    """Arrays laid out alike: the same C/F contiguity flags and writeability (NumPy's results keep
    the memory order of their inputs, `order='K'`, so a C result for F inputs is a difference)."""
    fa, fb = a.flags, b.flags
    return (fa.c_contiguous, fa.f_contiguous, fa.writeable) == (
        fb.c_contiguous,
        fb.f_contiguous,
        fb.writeable,
    )


def same_array(a, b):
    """Arrays: same dtype, shape, layout flags and elements (NaN equals NaN, signs of zeros
    compared)."""
    import numpy as np

    if a.dtype != b.dtype or a.shape != b.shape or not same_layout(a, b):
        return False
    if a.dtype.kind in "fc":
        parts = (a.real, b.real, a.imag, b.imag) if a.dtype.kind == "c" else (a, b, a, b)
        return all(
            np.array_equal(x, y, equal_nan=True) and np.array_equal(np.signbit(x), np.signbit(y))
            for x, y in (parts[:2], parts[2:])
        )
    return bool(np.array_equal(a, b))


def wrap64(x):
    """CPython's exact integer result reduced to what 64-bit two's complement gives.

    Compiled integers are int64 and wrap on overflow (the Numba paper, §2), so results that
    overflow are compared with `(x + 2**63) % 2**64 - 2**63` of CPython's big-int result, not with
    the big int. Applied to plain ints (not bools) and recursively to tuples.
    """
    if type(x) is int:
        return (x + 2**63) % 2**64 - 2**63
    if type(x) is tuple:
        return tuple(wrap64(v) for v in x)
    return x


# --------------------------------------------------------------------------------------------
# compiled and pure-Python versions of a function


_DISPATCHERS = {}
_PURE = {}


def is_dispatcher(obj):
    return not isinstance(obj, types.FunctionType) and hasattr(obj, "py_func")


def jitted(fn):
    """The dispatcher for `fn`, created once per function (so each signature compiles once)."""
    if is_dispatcher(fn):
        return fn
    disp = _DISPATCHERS.get(fn)
    if disp is None:
        disp = oxjit.njit(fn)
        _DISPATCHERS[fn] = disp
    return disp


def pure_python(fn):
    """`fn` as plain CPython: module-level @njit callees in its globals (and closure) are swapped
    for their own pure-Python versions, so the reference result never runs compiled code."""
    if is_dispatcher(fn):
        fn = fn.py_func
    if fn in _PURE:
        return _PURE[fn]
    cells = fn.__closure__ or ()

    def cell_value(cell):
        try:
            return cell.cell_contents
        except ValueError:
            return None

    names = fn.__code__.co_names
    if not any(is_dispatcher(fn.__globals__.get(n)) for n in names) and not any(
        is_dispatcher(cell_value(c)) for c in cells
    ):
        _PURE[fn] = fn
        return fn
    new_globals = dict(fn.__globals__)
    new_cells = tuple(
        types.CellType(pure_python(cell_value(c))) if is_dispatcher(cell_value(c)) else c
        for c in cells
    )
    new_fn = types.FunctionType(
        fn.__code__, new_globals, fn.__name__, fn.__defaults__, new_cells or None
    )
    new_fn.__kwdefaults__ = fn.__kwdefaults__
    _PURE[fn] = new_fn
    for name, value in fn.__globals__.items():
        if is_dispatcher(value):
            new_globals[name] = pure_python(value)
    return new_fn


def _outcome(fn, args, kwargs):
    try:
        return True, fn(*args, **kwargs)
    except Exception as exc:  # noqa: BLE001 - the exception is the outcome being compared
        return False, exc


def _call_text(fn, args, kwargs):
    name = getattr(fn, "__name__", repr(fn))
    parts = [repr(a) for a in args] + [f"{k}={v!r}" for k, v in kwargs.items()]
    return f"{name}({', '.join(parts)})"


def _describe(ok, value):
    if ok:
        return f"returned {value!r} ({type(value).__name__})"
    return f"raised {type(value).__name__}: {value}"


def compare_outcomes(call, expected, got):
    """Assert two (ok, value-or-exception) outcomes are the same."""
    (ok_e, val_e), (ok_g, val_g) = expected, got
    msg = f"{call}: CPython {_describe(ok_e, val_e)}, compiled {_describe(ok_g, val_g)}"
    assert ok_e == ok_g, msg
    if ok_e:
        assert same_value(val_e, val_g), msg
    else:
        assert type(val_e) is type(val_g), msg
        assert str(val_e) == str(val_g), msg


def _same_inputs(a, b):
    """Arguments after the call: `same_value`, through lists and dicts too."""
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same_inputs(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same_inputs(a[k], b[k]) for k in a)
    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(_same_inputs(x, y) for x, y in zip(a, b))
    return same_value(a, b)


def compare_effects(call, py_inputs, py_outcome, jit_inputs, jit_outcome):
    """After the two calls: every argument was changed in the same way (writes into arrays), and
    each result array shares memory with the same arguments (and other results) on both sides:
    a copy on one side and a view or the argument itself on the other is a difference."""
    from _argclone import alias_pattern, describe_aliasing

    for i, (p, j) in enumerate(zip(py_inputs, jit_inputs)):
        assert _same_inputs(p, j), (
            f"{call}: argument {i} after the call: CPython left {p!r}, compiled left {j!r}"
        )
    if alias_pattern(py_inputs, py_outcome) != alias_pattern(jit_inputs, jit_outcome):
        raise AssertionError(
            f"{call}: memory sharing differs: CPython: "
            f"{describe_aliasing(py_inputs, py_outcome)}; compiled: "
            f"{describe_aliasing(jit_inputs, jit_outcome)}"
        )


def _differential(pyfunc, args, kwargs, convert=None):
    """CPython and the compiled function, each on its own copy of the arguments (same layouts,
    flags and sharing, see tests/_argclone.py); compares the outcomes (CPython's result passed
    through `convert` first), then the arguments and the memory sharing after the calls."""
    from _argclone import Snapshot

    snapshot = Snapshot(args, kwargs)
    py_args, py_kwargs = snapshot.materialize()
    jit_args, jit_kwargs = snapshot.materialize()
    call = _call_text(pyfunc, args, kwargs)
    expected = _outcome(pure_python(pyfunc), py_args, py_kwargs)
    got = _outcome(jitted(pyfunc), jit_args, jit_kwargs)
    ok, value = expected
    converted = (ok, convert(value)) if ok and convert is not None else expected
    compare_outcomes(call, converted, got)
    py_inputs = [*py_args, *py_kwargs.values()]
    jit_inputs = [*jit_args, *jit_kwargs.values()]
    compare_effects(call, py_inputs, expected, jit_inputs, got)
    return got[1]


def assert_same(pyfunc, *args, **kwargs):
    """Run `pyfunc(*args, **kwargs)` in CPython and compiled, each on its own deep copy of the
    arguments; assert the same result or the same exception (class and message), the same
    changes to the arguments, and the same memory sharing between results and arguments.
    Returns the compiled result."""
    return _differential(pyfunc, args, kwargs)


def assert_same_wrapped(pyfunc, *args, **kwargs):
    """Like `assert_same`, but CPython's integer result is reduced to 64 bits with `wrap64`
    first (the compiled code is specified to wrap; CPython's ints do not). With the JIT disabled
    the function is plain Python, so the unreduced result is expected."""
    return _differential(pyfunc, args, kwargs, None if JIT_DISABLED else wrap64)


def assert_promoted(pyfunc, convert, *args):
    """For values typed differently on different paths: the compiled result is CPython's result
    converted to the unified (promoted) type, e.g. `float` for int64 ⊔ float64."""
    _differential(pyfunc, args, {}, convert)


_ISOLATED_CHILD = """
import importlib, pickle, sys
sys.path.insert(0, sys.argv[1])
import oxjit
from _argclone import alias_pattern
fn = getattr(importlib.import_module(sys.argv[2]), sys.argv[3])
args, _ = pickle.loads(bytes.fromhex(sys.argv[4])).materialize()
try:
    outcome = (True, oxjit.njit(getattr(fn, "py_func", fn))(*args))
except Exception as exc:
    outcome = (False, exc)
sys.stdout.buffer.write(pickle.dumps((outcome, list(args), alias_pattern(list(args), outcome))))
"""


def assert_same_isolated(pyfunc, *args, wrapped=False, timeout=5):
    """`assert_same` (or `assert_same_wrapped`) with the compiled call made in a child process,
    for calls that could trap (SIGFPE), crash or loop forever if miscompiled: such a failure then
    fails this test only, instead of killing or hanging the whole run. `pyfunc` must be a
    module-level function of a test module."""
    from _argclone import Snapshot, alias_pattern, describe_aliasing

    if JIT_DISABLED:
        return (assert_same_wrapped if wrapped else assert_same)(pyfunc, *args)
    snapshot = Snapshot(args, {})
    py_args, _ = snapshot.materialize()
    ok, value = expected = _outcome(pure_python(pyfunc), py_args, {})
    if ok and wrapped:
        value = wrap64(value)
    name = pyfunc.__name__
    module = (pyfunc.py_func if is_dispatcher(pyfunc) else pyfunc).__module__
    cmd = [sys.executable, "-c", _ISOLATED_CHILD, os.path.dirname(__file__), module, name,
           pickle.dumps(snapshot).hex()]  # fmt: skip
    call = _call_text(pyfunc, args, {})
    try:
        proc = subprocess.run(cmd, check=False, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise AssertionError(f"{call}: compiled call did not finish in {timeout} s") from None
    err = proc.stderr.decode(errors="replace")
    assert proc.returncode == 0, f"{call}: child process died with status {proc.returncode}\n{err}"
    got, jit_args, jit_aliasing = pickle.loads(proc.stdout)
    compare_outcomes(call, (ok, value), got)
    for i, (p, j) in enumerate(zip(py_args, jit_args)):
        assert _same_inputs(p, j), f"{call}: argument {i} after the call: {p!r} vs {j!r}"
    py_inputs = list(py_args)
    assert alias_pattern(py_inputs, expected) == jit_aliasing, (
        f"{call}: memory sharing differs: CPython: {describe_aliasing(py_inputs, expected)}"
    )


# --------------------------------------------------------------------------------------------
# compiler diagnostics


def source_position(fn, snippet):
    """(line in the file, 1-based column) of the unique occurrence of `snippet` in `fn`'s source."""
    lines, first = inspect.getsourcelines(fn)
    hits = [(i, line.index(snippet)) for i, line in enumerate(lines) if snippet in line]
    assert len(hits) == 1, f"snippet {snippet!r} must occur once in {fn.__name__}: {hits}"
    index, col = hits[0]
    return first + index, col + 1


def assert_diagnostic(exc, fn, snippet, cls):
    """A compiler error names file:line:col of `snippet`, shows its source line and a caret.

    `snippet` is the offending source text in `fn`, or a tuple of alternatives where the error may
    legitimately point at either (e.g. either of two returns that cannot be unified). The column
    must fall inside the snippet (1-based; a 0-based column is accepted too): the caret may sit
    under the start of the construct or under its operator.
    """
    assert isinstance(exc, cls), f"expected {cls.__name__}, got {type(exc).__name__}: {exc}"
    assert isinstance(exc, oxjit.errors.CompilerError)
    msg = str(exc)
    filename = os.path.basename(inspect.getsourcefile(fn))
    places = [(int(a), int(b)) for a, b in re.findall(rf"{re.escape(filename)}:(\d+):(\d+)", msg)]
    assert places, f"no {filename}:line:col in message:\n{msg}"
    snippets = (snippet,) if isinstance(snippet, str) else snippet
    for text in snippets:
        line, col = source_position(fn, text)
        if any(got == line and col - 1 <= got_col <= col + len(text) for got, got_col in places):
            break
    else:
        raise AssertionError(f"no location of {snippets} among {places} in message:\n{msg}")
    assert text in msg, f"source text {text!r} not shown in message:\n{msg}"
    assert "^" in msg, f"no caret in message:\n{msg}"
    return msg


def compile_error(fn, *args):
    """Compile and call `fn` with `args`, returning the compiler error it raises."""
    with pytest.raises(oxjit.errors.CompilerError) as info:
        oxjit.njit(fn)(*args)
    return info.value

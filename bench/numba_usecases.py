"""Runs the small functions of Numba's own test suite through oxjit and compares with CPython.

    .venv/bin/python bench/numba_usecases.py [--modules test_builtins,test_tuples] [--rerecord]
        [--show wrong,crash,internal,error] [--json OUT] [--numba]

Numba's tests are the largest collection of the programs Numba users write. Two phases, each
module in its own process:

1. record: the installed Numba's ``numba.tests.<module>`` runs under ``unittest`` with the module's
   ``jit``/``njit`` replaced by a recorder: the decorated function runs as plain Python, and each
   call's arguments (pickled before the call, up to ``MAX_CALLS`` different ones per function)
   are kept with a way to find the function again (module and qualified name, or its marshalled
   code for functions made inside a test). Functions of the ``*usecases`` modules that no test
   calls get guessed arguments (ints, floats, arrays, strings: the first that CPython accepts).
   Cached in ``bench/results/usecases/<module>.pkl`` (``--rerecord`` redoes it).
2. replay: each function is compiled by ``oxjit.njit`` (its globals that are Numba's objects
   swapped for oxjit's: ``prange``, ``literal_unroll``, ``types``, Numba dispatchers recompiled by
   oxjit) and called with each recorded argument set, next to the plain function; results and the
   arguments after the call are compared exactly (type and value, NaN equal to NaN, arrays by
   dtype, shape and elements). A crash or a hang of the process is recorded against the function
   that was running, and the replay goes on in a fresh process.

Each function gets one verdict, the worst of its calls:

- ``ok``: every call as CPython (exceptions by class); ``ok-wrap`` int results equal after 64-bit
  wrap-around (as in Numba); ``ok-type`` numbers of the same value where only the Python type
  differs (``np.float64`` for ``float``)
- ``refused``: oxjit refuses to compile (a ``TypingError``/``UnsupportedError``) where CPython
  raises too (tests of Numba's own typing errors)
- ``error``: a clear oxjit compile error where CPython runs (unsupported construct)
- ``internal``: ``InternalError`` or an unexpected exception out of the compiler
- ``wrong``: a different value, a different exception, or no exception where CPython raises
- ``as-numba``: wrong, but Numba gives oxjit's answer too (a divergence of Numba's own from
  CPython that oxjit keeps on purpose, such as ``isinstance(np.intp(1), int)`` being true)
- ``laxer``: oxjit returns where the plain run raised Numba's own ``TypingError`` (the plain run
  uses Numba's typed ``Dict``/``List``, whose methods Numba compiles: ``d[k] = 1.5`` in a
  ``Dict()`` of ints is refused there, a float dict here)
- ``crash`` / ``timeout``: the process died or hung
- ``skip``: object mode only, no usable arguments, or a function that cannot be loaded again

With ``--numba`` each function is also compiled by Numba, so that errors can be split by whether
Numba compiles the function (``error (numba ok)``).
"""

import argparse
import collections
import copy
import importlib
import importlib.util
import itertools
import json
import marshal
import math
import os
import pickle
import signal
import subprocess
import sys
import time
import traceback
import types
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
CACHE = os.path.join(HERE, "results", "usecases")

MODULES = [
    # the brief's list: builtins, math, operators, containers, strings, arrays
    "test_builtins",
    "test_mathlib",
    "test_operators",
    "test_lists",
    "test_dictobject",
    "test_unicode",
    "test_tuples",
    "test_array_methods",
    "test_np_functions",
    # more of what users write
    "test_usecases",
    "test_complex",
    "test_recursion",
    "test_range",
    "test_iteration",
    "test_slices",
    "test_indexing",
    "test_array_manipulation",
    "test_array_reductions",
    "test_array_attr",
    "test_array_exprs",
    "test_array_iterators",
    "test_array_return",
    "test_dyn_array",
    "test_fancy_indexing",
    "test_sort",
    "test_exceptions",
    "test_try_except",
    "test_closure",
    "test_generators",
    "test_comprehension",
    "test_maxmin",
    "test_numberctor",
    "test_controlflow",
    "test_flow_control",
    "test_unpack_sequence",
    "test_optional",
    "test_return_values",
    "test_nan",
    "test_dicts",
    "test_heapq",
    "test_polynomial",
    "test_globals",
    "test_map_filter_reduce",
    "test_conditions_as_predicates",
    "test_storeslice",
    "test_numbers",
    "test_python_int",
    "test_intwidth",
    "test_casting",
    "test_chained_assign",
    "test_hashing",
    "test_mixed_tuple_unroller",
    # plain usecase modules: their functions with guessed arguments
    "usecases",
    "complex_usecases",
    "recursion_usecases",
    "chained_assign_usecases",
]

MAX_CALLS = 6  # argument sets kept per function
TEST_TIMEOUT = 20  # seconds per Numba test method while recording
CASE_TIMEOUT = 30  # seconds per function while replaying
OPTIONS = ("parallel", "fastmath", "error_model", "boundscheck", "nogil")

# functions whose results differ from run to run (addresses)
UNCOMPARABLE = {"test_array_attr:array_ctypes_data": "an address"}

ORDER = [
    "crash",
    "timeout",
    "wrong",
    "internal",
    "error",
    "as-numba",
    "laxer",
    "refused",
    "ok-type",
    "ok-wrap",
    "ok",
]


# ---------------------------------------------------------------------------------------------
# recording


def func_ref(f):
    """How the replay finds ``f`` again: by name, or by its code (functions made in a test)."""
    mod = sys.modules.get(f.__module__)
    obj = mod
    for part in f.__qualname__.split("."):
        obj = getattr(obj, part, None)
    if obj is f or getattr(obj, "py_func", None) is f:
        return ("name", f.__module__, f.__qualname__)
    cells = None
    if f.__closure__:
        try:
            cells = pickle.dumps([c.cell_contents for c in f.__closure__])
        except Exception:  # noqa: BLE001 - closures over functions and such
            return None
    try:
        defaults = pickle.dumps((f.__defaults__, f.__kwdefaults__))
    except Exception:  # noqa: BLE001
        return None
    return ("code", f.__module__, f.__qualname__, marshal.dumps(f.__code__), defaults, cells)


class Recording:
    def __init__(self):
        self.cases = {}

    def entry(self, f, mode, opts):
        code = f.__code__
        key = (f.__module__, f.__qualname__, code.co_filename, code.co_firstlineno)
        e = self.cases.get(key)
        if e is None:
            e = self.cases[key] = {
                "id": f"{f.__module__.rsplit('.', 1)[-1]}:{f.__qualname__}:{code.co_firstlineno}",
                "ref": func_ref(f),
                "mode": mode,
                "opts": opts,
                "calls": [],
                "unpicklable": 0,
            }
        elif mode == "nopython":
            e["mode"] = mode
        return e

    def call(self, f, mode, opts, args, kwargs):
        e = self.entry(f, mode, opts)
        if len(e["calls"]) >= MAX_CALLS:
            return
        try:
            blob = pickle.dumps((args, kwargs))
        except Exception:  # noqa: BLE001
            e["unpicklable"] += 1
            return
        if blob not in e["calls"]:
            e["calls"].append(blob)


def make_fake_jit(rec, real_jit):
    """A stand-in for ``jit``/``njit`` that records calls and runs the plain function."""

    class Recorder:
        def __init__(self, f, mode, opts, jargs, jkw):
            self.__dict__.update(_f=f, _mode=mode, _opts=opts, _jargs=jargs, _jkw=jkw, _real=None)
            rec.entry(f, mode, opts)

        def __call__(self, *args, **kwargs):
            rec.call(self._f, self._mode, self._opts, args, kwargs)
            return self._f(*args, **kwargs)

        def __getattr__(self, name):  # .py_func, .signatures...: the real dispatcher's
            if name.startswith("__"):
                raise AttributeError(name)
            if self._real is None:
                self.__dict__["_real"] = real_jit(*self._jargs, **self._jkw)(self._f)
            return getattr(self._real, name)

    def fake(*args, **kw):
        forceobj = kw.get("forceobj", False) or kw.get("nopython", True) is False
        mode = "object" if forceobj else "nopython"
        opts = {k: v for k, v in kw.items() if k in OPTIONS}
        if len(args) == 1 and isinstance(args[0], types.FunctionType) and not kw:
            return Recorder(args[0], mode, opts, (), {})

        def deco(f):
            if not isinstance(f, types.FunctionType):
                return real_jit(*args, **kw)(f)
            return Recorder(f, mode, opts, args, kw)

        return deco

    return fake


class TimedResult(unittest.TestResult):
    """Each test method gets TEST_TIMEOUT seconds (plain Python runs of big inputs can be slow)."""

    def startTest(self, test):
        super().startTest(test)
        signal.alarm(TEST_TIMEOUT)

    def stopTest(self, test):
        signal.alarm(0)
        super().stopTest(test)


def _alarm(signum, frame):
    raise TimeoutError("timed out")


def guess_calls(mod, rec, known):
    """Functions of a usecases module that no test called: the first argument tuple that CPython
    accepts, from a small pool by arity."""
    import numpy as np

    pools = [3, 2.5, np.arange(6.0), np.arange(6), "abc", (1, 2, 3), [1, 2, 3], 1j + 2]
    for name, f in sorted(vars(mod).items()):
        f = getattr(f, "py_func", f)
        if not isinstance(f, types.FunctionType) or f.__module__ != mod.__name__:
            continue
        code = f.__code__
        if (f.__module__, f.__qualname__, code.co_filename, code.co_firstlineno) in known:
            continue
        if code.co_flags & (0x04 | 0x08):  # *args, **kwargs
            continue
        n = code.co_argcount - len(f.__defaults__ or ())
        for v in pools:
            args = tuple(copy.deepcopy(v) for _ in range(n))
            blob = pickle.dumps((args, {}))
            try:
                signal.alarm(2)
                f(*args)
            except BaseException:  # noqa: BLE001, S112 - CPython refuses these arguments
                continue
            finally:
                signal.alarm(0)
            e = rec.entry(f, "nopython", {})
            e["calls"].append(blob)
            e["guessed"] = True
            break
        else:
            rec.entry(f, "nopython", {})["guessed"] = True


def record_worker(modname, out_path):
    import numba
    import numba.tests.support  # the test harness, real Numba's
    import numba.typed  # imported before jit is replaced

    signal.signal(signal.SIGALRM, _alarm)
    rec = Recording()
    mod = importlib.import_module("numba.tests." + modname)
    if modname.startswith("test_"):
        fake = make_fake_jit(rec, numba.jit)
        for name in ("jit", "njit"):
            if hasattr(mod, name):
                setattr(mod, name, fake)
        numba.jit = numba.njit = fake
        suite = unittest.defaultTestLoader.loadTestsFromModule(mod)
        devnull = open(os.devnull, "w")  # noqa: SIM115
        old = sys.stdout
        sys.stdout = devnull
        try:
            suite.run(TimedResult())
        finally:
            sys.stdout = old
    guess_calls(mod, rec, set(rec.cases))
    cases = [e for e in rec.cases.values() if e["ref"] is not None]
    with open(out_path, "wb") as f:
        pickle.dump(cases, f)


def record(modname, rerecord):
    os.makedirs(CACHE, exist_ok=True)
    path = os.path.join(CACHE, modname + ".pkl")
    if rerecord or not os.path.exists(path):
        print(f"recording {modname}", file=sys.stderr, flush=True)
        cmd = [sys.executable, __file__, "--record-worker", modname, path]
        try:
            subprocess.run(cmd, check=False, timeout=900, stdout=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            print(f"  {modname}: recording timed out", file=sys.stderr)
    if not os.path.exists(path):
        return []
    with open(path, "rb") as f:
        return pickle.load(f)


# ---------------------------------------------------------------------------------------------
# replay


def load_function(ref):
    if ref[0] == "name":
        obj = importlib.import_module(ref[1])
        for part in ref[2].split("."):
            obj = getattr(obj, part)
        return getattr(obj, "py_func", obj)
    _, modname, qualname, code, defaults, cells = ref
    mod = importlib.import_module(modname)
    code = marshal.loads(code)
    closure = None
    if cells is not None:
        closure = tuple(types.CellType(v) for v in pickle.loads(cells))
    defs, kwdefs = pickle.loads(defaults)
    f = types.FunctionType(code, mod.__dict__, code.co_name, defs, closure)
    f.__kwdefaults__ = kwdefs
    f.__qualname__ = qualname
    return f


class Swapper:
    """Rebuilds functions with Numba's objects among their globals swapped for oxjit's."""

    def __init__(self):
        import numba
        import oxjit

        self.numba, self.oxjit = numba, oxjit
        self.globals = {}  # id(module dict) -> swapped copy
        self.done = {}  # id(function) -> (function, rebuilt)

    def value(self, v):
        import numba.core.types

        ox = self.oxjit
        if v is self.numba:
            return ox
        if isinstance(v, types.ModuleType) and v.__name__.startswith("numba"):
            if v is numba.core.types:
                return ox.types
            sub = v.__name__.rsplit(".", 1)[-1]
            if v.__name__.startswith("numba.typed."):  # dictobject, typeddict, typedlist
                return getattr(ox.typed, sub, v)
            return getattr(ox, sub, v)
        if isinstance(v, numba.core.types.Type):
            return getattr(ox.types, str(v), v)
        py_func = getattr(v, "py_func", None)
        if isinstance(py_func, types.FunctionType) and type(v).__module__.startswith("numba"):
            return ox.njit(self.function(py_func))
        mod = getattr(v, "__module__", None) or ""
        name = getattr(v, "__name__", None)
        if mod.startswith("numba") and isinstance(name, str):
            # literal_unroll, prange...; typed List, Dict (oxjit.Dict is the type, as numba.Dict)
            homes = (ox.typed, ox) if mod.startswith("numba.typed") else (ox, ox.typed)
            for home in homes:
                if hasattr(home, name):
                    return getattr(home, name)
        return v

    def function(self, f):
        hit = self.done.get(id(f))
        if hit is not None and hit[0] is f:  # ids of collected functions are reused
            return hit[1]
        g = self.globals.get(id(f.__globals__))
        if g is None:
            g = self.globals[id(f.__globals__)] = dict(f.__globals__)
            for k, v in list(g.items()):
                if not isinstance(v, types.FunctionType):
                    try:
                        g[k] = self.value(v)
                    except Exception:  # noqa: BLE001, S110 - left as it is
                        pass
        closure = f.__closure__
        if closure:
            closure = tuple(types.CellType(self.value(c.cell_contents)) for c in closure)
        new = types.FunctionType(f.__code__, g, f.__name__, f.__defaults__, closure)
        new.__kwdefaults__ = f.__kwdefaults__
        new.__qualname__ = f.__qualname__
        new.__module__ = f.__module__
        self.done[id(f)] = (f, new)
        # module-level functions that call each other keep calling the rebuilt ones
        return new


def outcome(fn, args, kwargs):
    try:
        return ("ok", fn(*args, **kwargs), args)
    except BaseException as e:
        if isinstance(e, KeyboardInterrupt):
            raise
        return ("raise", e, args)


def same(a, b):
    """(exact, same-after-wrap, same-up-to-numeric-type)"""
    import numpy as np

    if hasattr(a, "__next__") and hasattr(b, "__next__"):  # generators: what they yield
        try:  # the first items only: some never end (the caller stops them)
            return same(list(itertools.islice(a, 1000)), list(itertools.islice(b, 1000)))
        except Exception:  # noqa: BLE001
            return False, False, False
    if callable(a) and callable(b) and not isinstance(a, type):  # functions returned
        return True, True, True
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        if not (isinstance(a, np.ndarray) and isinstance(b, np.ndarray)):
            return False, False, False
        if a.dtype != b.dtype or a.shape != b.shape:
            return False, False, False
        try:
            eq = bool(np.array_equal(a, b, equal_nan=a.dtype.kind in "fc"))
        except TypeError:
            eq = bool(np.array_equal(a, b))
        return eq, eq, eq
    if typed_container(a) and typed_container(b):  # Numba's typed List/Dict, and oxjit's
        if type(a).__name__ != type(b).__name__:
            return False, False, False
        return same(contents(a), contents(b))
    fields = getattr(type(b), "_fields", None)
    if fields and not isinstance(a, tuple) and type(a).__name__ == type(b).__name__:
        # np.iinfo()/np.finfo(): a named tuple of their fields in compiled code (as Numba's)
        try:
            return same(tuple(getattr(a, f) for f in fields), tuple(b))
        except AttributeError:
            return False, False, False
    if type(a) is not type(b):
        numeric = (int, float, complex, bool, np.number, np.bool_)
        if isinstance(a, numeric) and isinstance(b, numeric):
            try:
                loose = bool(a == b) or (isnan(a) and isnan(b))
            except Exception:  # noqa: BLE001
                loose = False
            return False, False, loose
        return False, False, False
    if isinstance(a, (tuple, list)):
        if len(a) != len(b):
            return False, False, False
        parts = [same(x, y) for x, y in zip(a, b)]
        return tuple(all(p[i] for p in parts) for i in range(3))
    if isinstance(a, dict):
        return same(list(a.items()), list(b.items()))
    if isinstance(a, (float, np.floating)):
        if isnan(a) or isnan(b):
            eq = isnan(a) and isnan(b)
        else:
            eq = bool(a == b) and (a != 0 or str(a)[0] == str(b)[0])
        return eq, eq, eq
    if isinstance(a, (complex, np.complexfloating)):
        r, i = same(a.real, b.real), same(a.imag, b.imag)
        return tuple(x and y for x, y in zip(r, i))
    if type(a) is int:
        return a == b, (a + 2**63) % 2**64 - 2**63 == b, a == b
    try:
        eq = bool(a == b)
    except Exception:  # noqa: BLE001
        eq = False
    return eq, eq, eq


def typed_container(v):
    t = type(v)
    return t.__name__ in ("List", "Dict") and t.__module__.split(".")[0] in ("numba", "oxjit")


def contents(c):
    return list(c.items()) if hasattr(c, "items") else list(c)


def isnan(x):
    try:
        return bool(math.isnan(x))
    except (TypeError, ValueError):
        return False


def judge(exp, got, ox_errors):
    """One call's verdict and a short note."""
    if got[0] == "raise":
        e = got[1]
        if isinstance(e, ox_errors.InternalError):
            return "internal", short_exc(e)
        if isinstance(e, ox_errors.CompilerError) or str(e).startswith("oxjit"):
            return ("refused" if exp[0] == "raise" else "error"), short_exc(e)
        if exp[0] == "raise":
            if type(e) is type(exp[1]) or isinstance(e, type(exp[1])):
                return "ok", ""
            if type(e) is MemoryError and isinstance(exp[1], MemoryError):
                return "ok", ""  # NumPy's is its own subclass (_ArrayMemoryError)
            return "wrong", f"raised {short_exc(e)}; CPython {short_exc(exp[1])}"
        if isinstance(e, TypeError) and "argument" in str(e):
            return "error", short_exc(e)
        return "wrong", f"raised {short_exc(e)}; CPython returned"
    if exp[0] == "raise":
        if type(exp[1]).__module__.startswith("numba"):
            # the plain run used Numba's typed containers, which compile their methods: Numba
            # refused what oxjit compiles (a float stored in a Dict() that holds ints)
            return "laxer", f"returned {short_repr(got[1])}; Numba {short_exc(exp[1])}"
        return "wrong", f"returned {short_repr(got[1])}; CPython raised {short_exc(exp[1])}"
    res = same(exp[1], got[1])
    post = same(exp[2], got[2])
    if res[0] and post[0]:
        return "ok", ""
    if res[1] and post[1]:
        return "ok-wrap", ""
    if res[2] and post[2]:
        return "ok-type", f"{type(got[1]).__name__} for {type(exp[1]).__name__}"
    if not res[2]:
        return "wrong", f"returned {short_repr(got[1])}; CPython {short_repr(exp[1])}"
    return (
        "wrong",
        f"arguments after the call differ: {short_repr(got[2])}; CPython {short_repr(exp[2])}",
    )


def short_exc(e):
    text = str(e).strip().splitlines()
    first = text[0] if text else ""
    # oxjit's compile errors: "file:line:col: message" then the source; keep the message
    for line in text:
        if ": error" in line or "error:" in line:
            first = line
            break
    return f"{type(e).__name__}: {first[:160]}"


def short_repr(v):
    try:
        r = repr(v)
    except Exception:  # noqa: BLE001
        r = f"<{type(v).__name__}>"
    r = " ".join(r.split())
    return (r[:100] + "...") if len(r) > 100 else r


def run_case(case, swapper, with_numba, beat=lambda: None):
    import oxjit
    import oxjit.errors

    if case["id"].rsplit(":", 1)[0] in UNCOMPARABLE:
        return "skip", UNCOMPARABLE[case["id"].rsplit(":", 1)[0]]
    if case["mode"] != "nopython":
        return "skip", "object mode only"
    if not case["calls"]:
        return "skip", "no arguments"
    try:
        pyf = load_function(case["ref"])
        oxf = oxjit.njit(**case["opts"])(swapper.function(pyf))
    except Exception as e:  # noqa: BLE001
        return "skip", f"cannot load: {short_exc(e)}"
    worst, note = "ok", ""
    for blob in case["calls"]:
        try:
            a1, k1 = pickle.loads(blob)
            a2, k2 = pickle.loads(blob)
        except Exception as e:  # noqa: BLE001
            return "skip", f"arguments: {short_exc(e)}"
        if any(type(v).__module__.startswith("numba") for v in (*a1, *k1.values())):
            return "skip", "a Numba object among the arguments"
        exp = outcome(pyf, a1, k1)
        beat()  # the plain run's time (Numba compiles its typed Dict's methods) is not oxjit's
        got = outcome(oxf, a2, k2)
        v, n = judge(exp, got, oxjit.errors)
        if v == "wrong":
            beat()  # Numba's compile (np.roots: 20 s) is not oxjit's time
        if v == "wrong" and numba_agrees(pyf, blob, got, oxjit.errors):
            v, n = "as-numba", n + " (Numba's too)"
        if ORDER.index(v) < ORDER.index(worst):
            worst, note = v, n
        if v in ("error", "refused", "internal"):
            break  # the same types would fail the same way
    if with_numba and worst in ("error", "internal", "wrong", "ok-type"):
        import numba

        beat()
        try:
            a, k = pickle.loads(case["calls"][0])
            numba.njit(pyf)(*a, **k)
            note += " [numba compiles it]"
        except numba.core.errors.TypingError:
            note += " [numba refuses it too]"
        except Exception:  # noqa: BLE001
            note += " [numba raises]"
    return worst, note


def numba_agrees(pyf, blob, got, ox_errors):
    """Whether Numba gives oxjit's answer where it differs from CPython's (a divergence of
    Numba's own that oxjit keeps, such as ``isinstance(np.intp(1), int)``)."""
    import numba

    try:
        a, k = pickle.loads(blob)
        nb = outcome(numba.njit(pyf), a, k)
    except Exception:  # noqa: BLE001
        return False
    if nb[0] == "raise" and isinstance(nb[1], numba.core.errors.NumbaError):
        return False
    return judge(nb, got, ox_errors)[0] in ("ok", "ok-wrap", "ok-type")


def replay_worker(modname, cache_path, start, progress, with_numba):
    import numba.tests.support  # noqa: F401 - real Numba's, imported before the test modules

    with open(cache_path, "rb") as f:
        cases = pickle.load(f)
    swapper = Swapper()
    out = open(progress, "a")  # noqa: SIM115

    def beat():  # the parent's clock starts again: Numba compiles next
        out.write(json.dumps({"numba": True}) + "\n")
        out.flush()

    for i in range(start, len(cases)):
        out.write(json.dumps({"start": i}) + "\n")
        out.flush()
        try:
            v, note = run_case(cases[i], swapper, with_numba, beat)
        except Exception as e:  # noqa: BLE001
            v, note = "internal", f"harness: {short_exc(e)}"
        out.write(json.dumps({"done": i, "verdict": v, "note": note}) + "\n")
        out.flush()


def replay(modname, cases, with_numba):
    """Verdicts of every case; a new process after a crash or a hang."""
    tag = f"{modname}.{os.getpid()}"  # two runs at once (a baseline build and this one)
    path = os.path.join(CACHE, tag + ".replay.pkl")  # the cases not seen in other modules
    with open(path, "wb") as f:
        pickle.dump(cases, f)
    progress = os.path.join(CACHE, tag + ".progress")
    results = {}
    start = 0
    while start < len(cases):
        if os.path.exists(progress):
            os.remove(progress)
        cmd = [sys.executable, __file__, "--replay-worker", modname, path, str(start), progress]
        if with_numba:
            cmd.append("--numba")
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        last, since = None, time.monotonic()
        while proc.poll() is None:
            time.sleep(0.2)
            cur = (current(progress), os.path.getsize(progress) if os.path.exists(progress) else 0)
            if cur != last:
                last, since = cur, time.monotonic()
            elif time.monotonic() - since > CASE_TIMEOUT:
                proc.kill()
                proc.wait()
                break
        stderr = proc.stderr.read().decode(errors="replace")
        finished = read_progress(progress)
        for i, (v, note) in finished.items():
            results[cases[i]["id"]] = (v, note)
        cur = current(progress)
        if cur is None:  # finished, or died before the first case
            if proc.returncode not in (0, None) and not finished:
                tail = stderr.strip().splitlines()[-1:] or [""]
                results[cases[start]["id"]] = ("crash", f"worker: {tail[0][:200]}")
                start += 1
                continue
            break
        timed_out = proc.returncode == -signal.SIGKILL
        sig = -proc.returncode if proc.returncode and proc.returncode < 0 else proc.returncode
        note = "hung" if timed_out else f"process died (signal/status {sig})"
        results[cases[cur]["id"]] = ("timeout" if timed_out else "crash", note)
        start = cur + 1
    for leftover in (path, progress):
        if os.path.exists(leftover):
            os.remove(leftover)
    return results


def read_progress(path):
    done = {}
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                try:
                    r = json.loads(line)
                except ValueError:
                    continue
                if "done" in r:
                    done[r["done"]] = (r["verdict"], r["note"])
    return done


def current(path):
    """The case started and not finished, if any."""
    started = None
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                try:
                    r = json.loads(line)
                except ValueError:
                    continue
                if "start" in r:
                    started = r["start"]
                elif r.get("done") == started:
                    started = None
    return started


# ---------------------------------------------------------------------------------------------


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--record-worker":
        record_worker(sys.argv[2], sys.argv[3])
        return 0
    if len(sys.argv) > 1 and sys.argv[1] == "--replay-worker":
        a = sys.argv[2:]
        replay_worker(a[0], a[1], int(a[2]), a[3], "--numba" in a)
        return 0
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--modules", help="comma-separated module names (numba.tests.<name>)")
    ap.add_argument("--rerecord", action="store_true", help="record the calls again")
    ap.add_argument("--numba", action="store_true", help="also try Numba on what fails")
    ap.add_argument("--show", default="crash,timeout,wrong,internal", help="verdicts to list")
    ap.add_argument("--json", help="write every verdict here")
    ap.add_argument("--record-only", action="store_true", help="record, do not replay")
    args = ap.parse_args()
    if importlib.util.find_spec("numba") is None:
        print("numba_usecases: Numba is not installed (its tests come with it); skipping.")
        return 0
    names = args.modules.split(",") if args.modules else MODULES
    all_results = {}
    seen = set()  # a function several modules' tests call counts once
    for name in names:
        cases = [c for c in record(name, args.rerecord) if c["id"] not in seen]
        seen.update(c["id"] for c in cases)
        if args.record_only:
            continue
        res = replay(name, cases, args.numba) if cases else {}
        counts = collections.Counter(v for v, _ in res.values())
        print(f"{name}: {len(res)} functions " + str(dict(sorted(counts.items()))), flush=True)
        all_results[name] = res
    total = collections.Counter(v for r in all_results.values() for v, _ in r.values())
    print("\n| verdict | functions |\n|---|---|")
    for v in ORDER + ["skip"]:
        if total.get(v):
            print(f"| {v} | {total[v]} |")
    print(f"| total | {sum(total.values())} |\n")
    show = set(args.show.split(","))
    for name, res in all_results.items():
        for cid, (v, note) in sorted(res.items()):
            if v in show:
                print(f"{v:9} {cid}  {note}")
    if "error" in show or "refused" in show:
        notes = collections.Counter(
            note.split(": ", 1)[-1][:90]
            for r in all_results.values()
            for v, note in r.values()
            if v in show and v in ("error", "refused")
        )
        print("\nmost common errors:")
        for n, c in notes.most_common(40):
            print(f"{c:5}  {n}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(all_results, f, indent=1)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception:  # noqa: BLE001 - the traceback, and a status
        traceback.print_exc()
        sys.exit(2)

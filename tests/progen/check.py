"""Run one generated program under CPython and compiled by oxjit, and compare the outcomes exactly:
result values and types (arrays by dtype, shape, memory-order flags and items, NaN equal to NaN,
signed zeros told apart), the arguments after the call (a program may write into its arrays),
exceptions by class and message."""

from __future__ import annotations

import copy
import importlib.util
import math
import os
import sys
import tempfile
import warnings

import numpy as np

from progen.generate import arguments, generate

_TMP = None


def _module(name, text):
    global _TMP
    if _TMP is None:
        _TMP = tempfile.mkdtemp(prefix="oxjit-progen-")
    path = os.path.join(_TMP, f"{name}.py")
    with open(path, "w") as f:
        f.write(text)
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def clone(value):
    """An independent copy that keeps an array's layout: a strided view stays a strided view of a
    fresh base, a Fortran array stays Fortran."""
    if isinstance(value, np.ndarray):
        if value.base is not None and not (value.flags.c_contiguous or value.flags.f_contiguous):
            base = value.base.copy(order="K")
            offset = (
                value.__array_interface__["data"][0] - value.base.__array_interface__["data"][0]
            )
            out = np.ndarray(value.shape, value.dtype, base.data, offset, value.strides)
            return out
        return value.copy(order="K")
    return copy.deepcopy(value)


def same(a, b, layout=True):
    if type(a) is not type(b):
        return False
    if isinstance(a, (tuple, list)):  # items by `same`: CPython's `==` finds a NaN by identity
        return len(a) == len(b) and all(same(x, y, layout) for x, y in zip(a, b))
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k], layout) for k in a)
    if isinstance(a, np.ndarray):
        if a.dtype != b.dtype or a.shape != b.shape:
            return False
        if (
            layout
            and a.size > 1
            and (a.flags.c_contiguous, a.flags.f_contiguous)
            != (
                b.flags.c_contiguous,
                b.flags.f_contiguous,
            )
        ):
            return False
        if a.dtype.kind in "fc":
            pairs = [(a.real, b.real), (a.imag, b.imag)] if a.dtype.kind == "c" else [(a, b)]
            # signed zeros told apart; the sign of a NaN is not (it carries no meaning and
            # follows whichever operand the CPU's instruction picked)
            return all(
                np.array_equal(x, y, equal_nan=True)
                and np.array_equal(np.signbit(x) & ~np.isnan(x), np.signbit(y) & ~np.isnan(y))
                for x, y in pairs
            )
        return bool(np.array_equal(a, b))
    if isinstance(a, float):
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        return a == b and math.copysign(1.0, a) == math.copysign(1.0, b)
    if isinstance(a, complex):
        return same(a.real, b.real) and same(a.imag, b.imag)
    return a == b


def _outcome(fn, args):
    try:
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return True, fn(*args)
    except Exception as exc:  # noqa: BLE001 - the exception is the outcome compared
        return False, exc


def _describe(ok, value):
    if ok:
        return f"returned {value!r}"
    return f"raised {type(value).__name__}: {value}"


def _kind(ok, value):
    return "returned" if ok else type(value).__name__


def _abs_clearing_errno(value):
    """builtins.abs after a call that sets errno to 0 (see run_program)."""
    math.sin(0.0)
    return abs(value)


def run_program(program, arg_sets, layout=True):
    """(status, detail) for one program over its argument sets. The status is 'ok', 'internal'
    (an internal compiler error), 'rejected' (a compile error), 'refused' (a compile error where
    CPython raises a TypeError), or 'mismatch:<CPython's outcome>/<compiled outcome>' (the
    outcome is 'returned' or the exception's class), so that shrinking keeps the same failure."""
    import oxjit.errors

    tag = f"p{program.seed}_{os.getpid()}_{id(program)}"
    plain = _module(tag + "_py", program.source(jit=False))
    # The same stale errno can come from an earlier statement of the program (np.power or
    # math.expm1 overflowing): CPython's own abs() of a complex clears it first here.
    plain.abs = _abs_clearing_errno
    jitted = _module(tag + "_jit", program.source(jit=True))
    try:
        for args in arg_sets:
            mine, theirs = [clone(a) for a in args], [clone(a) for a in args]
            # CPython's abs() of a complex with a NaN part reads errno without setting it, so a
            # stale ERANGE (strtod's underflow while importing `1e-300`) makes it raise
            # OverflowError; math.sin clears errno first.
            math.sin(0.0)
            ok_e, val_e = _outcome(plain.f, mine)
            ok_g, val_g = _outcome(jitted.f, theirs)
            if not ok_g and isinstance(val_g, oxjit.errors.InternalError):
                return "internal", str(val_g)
            if not ok_g and isinstance(val_g, oxjit.errors.CompilerError):
                # refused at compile time what CPython refuses at run time with a TypeError (a
                # NumPy operation undefined for the dtypes): the same verdict, earlier
                same_verdict = not ok_e and isinstance(val_e, TypeError)
                return ("refused" if same_verdict else "rejected"), str(val_g)
            call = f"f{tuple(args)!r}"
            text = f"{call}: CPython {_describe(ok_e, val_e)}, compiled {_describe(ok_g, val_g)}"
            mismatch = f"mismatch:{_kind(ok_e, val_e)}/{_kind(ok_g, val_g)}"
            if ok_e != ok_g:
                return mismatch, text
            if ok_e and not same(val_e, val_g, layout):
                return mismatch, text
            if not ok_e and (type(val_e) is not type(val_g) or str(val_e) != str(val_g)):
                return mismatch, text
            for name, x, y in zip("nxab", mine, theirs):
                if not same(x, y, layout):
                    after = f"argument {name} after the call: CPython {x!r}, compiled {y!r}"
                    return f"mismatch:argument-{name}", f"{call}: {after}"
        return "ok", ""
    finally:
        for suffix in ("_py", "_jit"):
            sys.modules.pop(tag + suffix, None)


def check_seed(seed, layout=True, family="general"):
    program = generate(seed, family=family)
    return program, run_program(program, arguments(program, seed), layout)

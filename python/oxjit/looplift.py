"""Object mode with loop lifting: ``@jit(forceobj=True)`` and ``@jit(nopython=False)``.

The Numba paper (§4.5.1) compiles a function that cannot be typed in object mode, and lifts each
loop that can be compiled out of it into a nopython function. oxjit does the same at the level of
Python source: each outermost loop of the function (one not inside another loop) that can be
lifted becomes a function of its own, taking the loop's live-in variables and returning those it
assigns that are read elsewhere, compiled with ``@njit`` on its first call; the function itself is
rewritten to call it, and CPython runs the rest. A lifted loop whose arguments oxjit cannot type,
or which does not compile, runs as plain Python instead (the same function, so the result is the
same), with a warning naming it; so does everything left to the interpreter.

A loop is not lifted when it holds ``return``, ``yield``, ``await``, ``global``, ``nonlocal``,
``del``, a nested ``def``/``class``/``lambda`` or a comprehension that captures its variables, or
when it assigns a variable that is read after it but may be unbound before it (the lifted
function would have nothing to return for it).

``nopython=False`` first compiles in nopython mode and falls back to object mode, with a warning,
for argument types that do not compile; ``forceobj=True`` always runs in object mode. Both are
opt-in, as in Numba 0.59+.
"""

import ast
import textwrap
import types
import warnings

from oxjit import _source
from oxjit.errors import CompilerError, NumbaWarning

# Statements and expressions that keep a loop in the interpreter.
_NOT_LIFTABLE = (
    ast.Return,
    ast.Yield,
    ast.YieldFrom,
    ast.Await,
    ast.Global,
    ast.Nonlocal,
    ast.Delete,
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.ClassDef,
    ast.Lambda,
    ast.ListComp,
    ast.SetComp,
    ast.DictComp,
    ast.GeneratorExp,
)


def _warn(message, stacklevel=3):
    warnings.warn(message, NumbaWarning, stacklevel=stacklevel)


def _first_line(exc):
    """The first line of a compile error's message (the rest shows the source)."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


# ---------------------------------------------------------------- names


def _names(nodes, ctx):
    """The variable names ``nodes`` use in context ``ctx`` (``ast.Load`` or ``ast.Store``)."""
    out = set()
    for node in nodes:
        for sub in ast.walk(node):
            if isinstance(sub, ast.Name) and isinstance(sub.ctx, ctx):
                out.add(sub.id)
            elif ctx is ast.Load and isinstance(sub, ast.AugAssign):
                if isinstance(sub.target, ast.Name):  # `x += 1` reads x (its Name is a Store)
                    out.add(sub.target.id)
            elif ctx is ast.Store and isinstance(sub, ast.alias):
                out.add((sub.asname or sub.name).split(".")[0])
            elif ctx is ast.Store and isinstance(sub, ast.ExceptHandler) and sub.name:
                out.add(sub.name)
    return out


def _params(fdef):
    args = fdef.args
    names = [a.arg for a in args.posonlyargs + args.args + args.kwonlyargs]
    names += [a.arg for a in (args.vararg, args.kwarg) if a is not None]
    return names


def _outer_loops(body):
    """The loops of a statement list not inside another loop (or function), in source order."""
    for stmt in body:
        if isinstance(stmt, (ast.For, ast.While)):
            yield stmt
        elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        else:
            for field in ("body", "orelse", "finalbody", "handlers"):
                inner = getattr(stmt, field, None)
                if isinstance(inner, list):
                    if field == "handlers":
                        for handler in inner:
                            yield from _outer_loops(handler.body)
                    else:
                        yield from _outer_loops(inner)
            if isinstance(stmt, ast.Match):
                for case in stmt.cases:
                    yield from _outer_loops(case.body)


def _why_not_liftable(loop):
    for node in ast.walk(loop):
        if isinstance(node, _NOT_LIFTABLE):
            return f"it contains {type(node).__name__.lower()}"
        if isinstance(node, (ast.AsyncFor, ast.AsyncWith)):
            return "it is asynchronous"
    return None


# ---------------------------------------------------------------- the rewrite


class _Plan:
    """One loop: its position, its live-in and live-out variables, and why it is not lifted."""

    def __init__(self, loop, index, ins, outs, reason):
        self.loop, self.index, self.ins, self.outs, self.reason = loop, index, ins, outs, reason

    @property
    def name(self):
        return f"__oxjit_loop_{self.index}"

    @property
    def where(self):
        return f"line {self.loop.lineno}"


def _plan(fdef, loop, index, local_names):
    """What lifting ``loop`` takes: the local variables it reads that may be bound before it
    (parameters, and names assigned by statements that end before it starts), and the local
    variables it assigns that are read after it or were bound before it."""
    reason = _why_not_liftable(loop)
    before = set(_params(fdef))
    after_reads = set()
    for node in ast.walk(fdef):
        if not isinstance(node, ast.stmt) or node is fdef or _inside(node, loop):
            continue
        if node.end_lineno < loop.lineno:
            before |= _names([node], ast.Store)
        elif node.lineno > loop.end_lineno:
            after_reads |= _names([node], ast.Load)
    before &= local_names
    stores = _names([loop], ast.Store) & local_names
    ins = sorted(_names([loop], ast.Load) & before)
    outs = sorted(n for n in stores if n in after_reads or n in before)
    if reason is None:
        unbound = [n for n in outs if n not in before]
        if unbound:
            reason = f"{', '.join(unbound)} may be unbound before it and is read after it"
    return _Plan(loop, index, ins, outs, reason)


def _inside(node, loop):
    """Whether the statement ``node`` is ``loop`` or inside it."""
    return loop.lineno <= node.lineno and node.end_lineno <= loop.end_lineno


class _Replace(ast.NodeTransformer):
    """Replaces each lifted loop by ``outs = __oxjit_loop_k(ins)``."""

    def __init__(self, plans):
        self.plans = {id(p.loop): p for p in plans if p.reason is None}

    def visit_For(self, node):
        return self._replace(node)

    def visit_While(self, node):
        return self._replace(node)

    def _replace(self, node):
        plan = self.plans.get(id(node))
        if plan is None:
            return self.generic_visit(node)
        call = ast.Call(
            func=ast.Name(plan.name, ast.Load()),
            args=[ast.Name(n, ast.Load()) for n in plan.ins],
            keywords=[],
        )
        target = ast.Tuple([ast.Name(n, ast.Store()) for n in plan.outs], ast.Store())
        new = ast.Assign(targets=[target], value=call) if plan.outs else ast.Expr(call)
        return ast.copy_location(new, node)


def _loop_source(plan, file_lines):
    """The lifted function's text: the loop's own lines, verbatim, under a ``def`` on the line
    before, so that lines and columns in messages are those of the file."""
    first, last = plan.loop.lineno, plan.loop.end_lineno
    body = file_lines[first - 1 : last]
    indent = len(body[0]) - len(body[0].lstrip())
    result = ", ".join(plan.outs) + ("," if len(plan.outs) == 1 else "")
    text = "\n" * (first - 2) + f"def {plan.name}({', '.join(plan.ins)}):\n"
    text += "".join(line if line.endswith("\n") else line + "\n" for line in body)
    text += " " * indent + f"return ({result})\n" if plan.outs else " " * indent + "return None\n"
    return text


class LiftedLoop:
    """A lifted loop: compiled with ``@njit`` for the types of its arguments, or run as Python
    where they cannot be typed or it does not compile."""

    def __init__(self, python, options, owner, where):
        from oxjit.decorators import _make

        self.python = python
        self.compiled = _make(python, None, options)
        self.owner, self.where = owner, where
        self.interpreted = set()  # argument types it runs as Python for

    def __call__(self, *args):
        from oxjit.types import typeof

        try:
            key = tuple(typeof(a) for a in args)
        except Exception as exc:  # noqa: BLE001 - any value oxjit cannot type runs as Python
            return self._interpret(args, f"an argument oxjit cannot type ({exc})")
        if key in self.interpreted:
            return self.python(*args)
        try:
            return self.compiled(*args)
        except CompilerError as exc:
            self.interpreted.add(key)
            return self._interpret(args, _first_line(exc))

    def _interpret(self, args, why):
        _warn(f"{self.owner}: the loop at {self.where} runs in the interpreter: {why}", 4)
        return self.python(*args)


def lift(func, options):
    """``func`` rewritten for object mode: its liftable loops compiled, the rest run by CPython.
    Returns ``(function, report)``: the report says what runs where."""
    text = _source.snapshot(func)
    if text is None:
        raise CompilerError(
            f"cannot compile {func.__qualname__} in object mode: its source is not in a file"
        )
    file_lines = text.splitlines(keepends=True)
    code = func.__code__
    loop_options = {k: v for k, v in options.items() if k not in ("objmode", "looplift")}
    source, filename, first_line, col, kind = _source.function_source(func, text)
    if kind != "def":
        raise CompilerError("object mode compiles functions defined with def, not lambdas")
    if col:  # the def's own columns, so that tracebacks point where the file says
        tree = ast.parse("if 1:\n" + textwrap.indent(source, " " * col))
        ast.increment_lineno(tree, first_line - 2)
        fdef = tree.body[0].body[0]
    else:
        tree = ast.parse(source)
        ast.increment_lineno(tree, first_line - 1)
        fdef = tree.body[0]
    fdef.decorator_list = []
    local_names = set(code.co_varnames) | set(code.co_cellvars)
    plans = [_plan(fdef, loop, i, local_names) for i, loop in enumerate(_outer_loops(fdef.body))]
    for plan in plans:
        if plan.reason is None and _names([plan.loop], ast.Load) & set(code.co_freevars):
            plan.reason = "it reads a variable of an enclosing function"
    if not options.get("looplift", True):
        for plan in plans:
            plan.reason = plan.reason or "looplift=False"
    lifted_objects = {}
    for plan in plans:
        if plan.reason is not None:
            continue
        loop_text = _loop_source(plan, file_lines)
        loop_code = compile(loop_text, filename, "exec")
        loop_fn_code = next(c for c in loop_code.co_consts if isinstance(c, types.CodeType))
        loop_fn = types.FunctionType(loop_fn_code, func.__globals__, plan.name)
        loop_fn.__qualname__ = f"{func.__qualname__}.<loop at line {plan.loop.lineno}>"
        loop_fn.__module__ = func.__module__
        _source.remember(loop_fn, loop_text)  # what the compiler reads for it
        lifted_objects[plan.name] = LiftedLoop(loop_fn, loop_options, func.__qualname__, plan.where)
    _Replace(plans).visit(fdef)
    new = _rebuild(func, fdef, filename, lifted_objects)
    return new, _report(func, plans)


def _rebuild(func, fdef, filename, lifted):
    """The rewritten function, with the original's globals, defaults and closure cells, and the
    lifted loops as free variables."""
    extra = sorted(lifted)
    factory = ast.FunctionDef(
        name="__oxjit_factory",
        args=ast.arguments(
            posonlyargs=[],
            args=[ast.arg(n) for n in extra + list(func.__code__.co_freevars)],
            kwonlyargs=[],
            kw_defaults=[],
            defaults=[],
        ),
        body=[fdef, ast.Return(ast.Name(fdef.name, ast.Load()))],
        decorator_list=[],
    )
    module = ast.Module(body=[factory], type_ignores=[])
    ast.fix_missing_locations(module)
    code = compile(module, filename, "exec")
    factory_code = next(c for c in code.co_consts if isinstance(c, types.CodeType))
    inner = next(
        c
        for c in factory_code.co_consts
        if isinstance(c, types.CodeType) and c.co_name == fdef.name
    )
    cells = dict(zip(func.__code__.co_freevars, func.__closure__ or ()))
    for name in extra:
        cells[name] = types.CellType(lifted[name])
    closure = tuple(cells[name] for name in inner.co_freevars) or None
    new = types.FunctionType(inner, func.__globals__, func.__name__, func.__defaults__, closure)
    new.__kwdefaults__ = func.__kwdefaults__
    new.__qualname__ = func.__qualname__
    new.__doc__ = func.__doc__
    new.__module__ = func.__module__
    return new


def _report(func, plans):
    lifted = [p.where for p in plans if p.reason is None]
    kept = [f"{p.where} ({p.reason})" for p in plans if p.reason is not None]
    parts = [f"{func.__qualname__} runs in object mode (the interpreter runs it"]
    parts[0] += ", except its lifted loops)" if lifted else ")"
    if lifted:
        parts.append("loops lifted and compiled: " + ", ".join(lifted))
    if kept:
        parts.append("loops left to the interpreter: " + "; ".join(kept))
    if not plans:
        parts.append("it has no loop to lift")
    return "; ".join(parts)


class _PythonDispatcher:
    """What the object-mode dispatchers share: the function's names, ``py_func`` and
    ``targetoptions``, pickling (as nopython dispatchers pickle, oxjit/_pickle.py: by reference
    where the module holds it by name, else the function by value with the options, rebuilt by
    the decorator) and copying (the object itself)."""

    def __init__(self, func, options):
        self.py_func = func
        self.targetoptions = options
        self.__wrapped__ = func
        for attr in ("__module__", "__name__", "__qualname__", "__doc__"):
            setattr(self, attr, getattr(func, attr))

    def __repr__(self):
        return f"{type(self).__name__}({self.py_func!r})"

    def __reduce__(self):
        from oxjit import _pickle

        if _pickle._importable(self, self.__module__, self.__qualname__):
            return self.__qualname__
        return _unpickle, (_pickle._function_proxy(self.py_func), dict(self.targetoptions))

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self


def _unpickle(func, options):
    from oxjit.decorators import _make

    return _make(func, None, options)


class ObjModeDispatcher(_PythonDispatcher):
    """``@jit(forceobj=True)``: the function in object mode with its loops lifted.

    Compiled (rewritten) at its first call; ``py_func`` is the original function,
    ``lifted_loops`` the compiled loops.
    """

    def __init__(self, func, options):
        super().__init__(func, options)
        self._function = None
        self.lifted_loops = []

    def _ensure(self, stacklevel=4):
        if self._function is None:
            new, report = lift(self.py_func, self.targetoptions)
            _warn(report, stacklevel)
            self.lifted_loops = [
                v.cell_contents.compiled
                for v in (new.__closure__ or ())
                if isinstance(v.cell_contents, LiftedLoop)
            ]
            self._function = new
        return self._function

    def __call__(self, *args, **kwargs):
        return self._ensure()(*args, **kwargs)


class FallbackDispatcher(_PythonDispatcher):
    """``@jit(nopython=False)``: nopython mode, falling back to object mode (with a warning) for
    the argument types that do not compile, as Numba's ``@jit`` did before 0.59."""

    def __init__(self, nopython, options):
        super().__init__(nopython.py_func, options)
        self.nopython = nopython
        self.objmode = ObjModeDispatcher(self.py_func, options)
        self.fallback_types = set()

    @property
    def signatures(self):
        return self.nopython.signatures

    def __call__(self, *args, **kwargs):
        from oxjit.types import typeof

        try:
            key = tuple(typeof(a) for a in args) + tuple(
                (k, typeof(v)) for k, v in sorted(kwargs.items())
            )
        except Exception as exc:  # noqa: BLE001 - untypable arguments: object mode
            key = None
            _warn(
                f"{self.py_func.__qualname__}: nopython mode failed ({exc}); "
                f"falling back to object mode",
                3,
            )
        if key is not None and key not in self.fallback_types:
            try:
                return self.nopython(*args, **kwargs)
            except CompilerError as exc:
                self.fallback_types.add(key)
                _warn(
                    f"{self.py_func.__qualname__}: nopython mode failed ({_first_line(exc)}); "
                    f"falling back to object mode",
                    3,
                )
        return self.objmode._ensure(stacklevel=5)(*args, **kwargs)


__all__ = ["FallbackDispatcher", "LiftedLoop", "ObjModeDispatcher", "lift"]

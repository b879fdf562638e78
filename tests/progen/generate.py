"""Random, well-typed, terminating programs in the subset oxjit compiles (in the spirit of Csmith
and YARPGen): scalars, NumPy arrays of every numeric dtype and several layouts, loops, branches,
calls between compiled functions and raises; lists, dicts, sets and strings (`containers.py`).

A program is a tree of statements (`Stmt`) rendered to Python source. Every local is assigned a
value of its one type at the top of the function and is only reassigned afterwards, so deleting
any statement leaves a valid program: that is what lets `shrink.py` cut a failing program down.

What keeps the comparison with CPython meaningful (no differences that are the specified
semantics rather than bugs):
- every Python int stays far from 64 bits: each int expression carries a bound on its magnitude,
  and an operation that could pass 2**62 gets its operand reduced `% M` first;
- each local keeps one type on every path (int, float, bool, complex), so no unification happens;
- array items are read through `int(...)`/`float(...)`/`bool(...)`, since arithmetic on NumPy
  scalars follows Numba's typing rules in oxjit and NEP 50 in NumPy (a documented difference);
- array expressions use NumPy's own rules (oxjit follows NumPy 2's), and their result dtype is
  found by evaluating the expression on small sample arrays at generation time.
"""

from __future__ import annotations

import random
import textwrap
import warnings
from dataclasses import dataclass, field

import numpy as np

from progen import containers
from progen.containers import container_stmt

M = 32749  # reduction modulus for ints: a prime below 2**15
INT_LIMIT = 2**62
SMALL_INTS = [0, 1, 2, 3, 5, 7, -1, -2, 10, 100]
FLOATS = ["0.0", "-0.0", "0.5", "1.0", "-1.5", "2.0", "3.25", "1e-300", "1e300", "0.1"]
ARRAY_DTYPES = ["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
                "float32", "float64"]  # fmt: skip


@dataclass
class Expr:
    text: str
    bound: int = 0  # for ints: an upper bound of |value|


@dataclass
class Stmt:
    """One statement: `head` is a line of source; `body`/`orelse` nested statements (for `if`,
    `for`, `while`); `tail` lines end a loop body (a while loop's counter check)."""

    head: str
    body: list = field(default_factory=list)
    orelse: list | None = None
    kind: str = "simple"
    else_head: str = "else:"  # `except ...:` for a `try`

    def render(self, indent=0):
        pad = "    " * indent
        if self.kind == "simple":
            return [pad + line for line in self.head.split("\n")]
        lines = [pad + self.head]
        lines += _render_block(self.body, indent + 1)
        if self.orelse is not None:
            lines.append(pad + self.else_head)
            lines += _render_block(self.orelse, indent + 1)
        return lines


def _render_block(stmts, indent):
    lines = [line for s in stmts for line in s.render(indent)]
    return lines or ["    " * indent + "pass"]


@dataclass
class ArrayVar:
    name: str
    dtype: str | None  # None: its dtype is unknown (an expression NumPy refuses), never read
    ndim: int


@dataclass
class Function:
    name: str
    params: list
    locals_init: list  # Stmt
    body: list  # Stmt
    ret: str

    def render(self):
        lines = ["@njit", f"def {self.name}({', '.join(self.params)}):"]
        lines += [line for s in self.locals_init for line in s.render(1)]
        lines += _render_block(self.body, 1)
        lines.append(f"    return {self.ret}")
        return "\n".join(lines)


@dataclass
class Program:
    seed: int
    helpers: list  # Function
    main: Function
    a_dtype: str
    b_dtype: str
    family: str = "general"  # which generator made it (families.py): decides its arguments

    def source(self, jit=True):
        head = "from oxjit import njit\n" if jit else "def njit(fn):\n    return fn\n"
        funcs = "\n\n\n".join(f.render() for f in self.helpers + [self.main])
        return f"import math\n\nimport numpy as np\n{head}\n\n{funcs}\n"

    def all_blocks(self):
        for f in self.helpers + [self.main]:
            yield f.body


# NumPy's own SIMD functions on x86-64 CPUs with AVX2 (X86_V3), whose results differ from the C
# library's in the last bit for some items; oxjit computes them with the C library (as Numba):
# a known difference (tests/progen/test_fuzz_regressions.py's xfail tests, docs/numpy-features.md),
# not generated.
NUMPY_SIMD = {"exp": ("float32",), "log": ("float32",), "sin": ("float32",), "cos": ("float32",),
              "tanh": ("float32", "float64")}  # fmt: skip


class _Float16Watch:
    """`np` for evaluating a generated expression, noting whether any call on the way gives
    float16 (NumPy's `np.sqrt` of int8, say): oxjit has no float16 and computes such a step in
    float32, as Numba does, so an expression with one inside cannot be compared exactly even where
    its own result is float64."""

    def __init__(self):
        self.seen = False
        self.simd = False  # a call NumPy computes with its own SIMD code (see NUMPY_SIMD)

    def __getattr__(self, name):
        real = getattr(np, name)
        if not callable(real):
            return real

        def call(*args, **kwargs):
            value = real(*args, **kwargs)
            dtype = getattr(value, "dtype", None)
            if dtype == np.float16:
                self.seen = True
            if dtype is not None and str(dtype) in NUMPY_SIMD.get(name, ()):
                self.simd = True
            return value

        return call


def _sample(dtype, ndim):
    shape = (3,) if ndim == 1 else (2, 3)
    return (np.arange(6)[: int(np.prod(shape))].reshape(shape) % 3 + 1).astype(dtype)


class Generator:
    """Builds one program from a seed. Names: ints i*, floats f*, bools b*, complex c*, arrays t*;
    parameters n (int), x (float), a (1-d array), b (2-d array)."""

    def __init__(self, seed, max_stmts=14):
        self.rng = random.Random(seed)
        self.seed = seed
        self.max_stmts = max_stmts
        self.helpers = []
        self.inner_count = 0  # inner functions are named apart

    # ---------------------------------------------------------------- scalars

    def int_leaf(self, scope):
        r = self.rng.random()
        if r < 0.45 and scope["ints"]:
            return Expr(self.rng.choice(scope["ints"]), scope["int_bound"])
        if r < 0.6 and scope["arrays"]:
            read = self.array_read(scope, want="int")
            if read:
                return read
        v = self.rng.choice(SMALL_INTS)
        return Expr(str(v) if v >= 0 else f"({v})", abs(v))

    def reduce(self, e):
        return Expr(f"({e.text} % {M})", M) if e.bound > 2**15 else e

    def int_expr(self, scope, depth=0):
        if depth >= 3 or self.rng.random() < 0.3:
            return self.int_leaf(scope)
        kind = self.rng.random()
        left = self.int_expr(scope, depth + 1)
        if kind < 0.55:
            op = self.rng.choice(["+", "-", "*", "//", "%", "&", "|", "^"])
            right = self.int_expr(scope, depth + 1)
            if op == "*":
                left, right = self.reduce(left), self.reduce(right)
                bound = left.bound * right.bound
            elif op in "+-":
                bound = left.bound + right.bound
            elif op in "&|^":
                bound = 2 * max(left.bound, right.bound, 1)
            else:
                bound = max(left.bound, right.bound)
            if bound > INT_LIMIT:
                return self.reduce(left)
            return Expr(f"({left.text} {op} {right.text})", bound)
        if kind < 0.65:
            left = self.reduce(left)
            shift = self.rng.randint(0, 12)
            op = self.rng.choice(["<<", ">>"])
            return Expr(
                f"({left.text} {op} {shift})", left.bound << shift if op == "<<" else left.bound
            )
        if kind < 0.75:
            fn = self.rng.choice(["abs", "-", "~"])
            text = f"abs({left.text})" if fn == "abs" else f"({fn}{left.text})"
            return Expr(text, left.bound + 1)
        if kind < 0.85:
            right = self.int_expr(scope, depth + 1)
            fn = self.rng.choice(["min", "max"])
            return Expr(f"{fn}({left.text}, {right.text})", max(left.bound, right.bound))
        if kind < 0.92:
            f = self.float_expr(scope, depth + 1)
            conv = self.rng.choice(["int({} % 1000.0)", "round({} % 1000.0)",
                                    "math.floor({} % 1000.0)"])  # fmt: skip
            return Expr(conv.format(f), 1000)
        b = self.bool_expr(scope, depth + 1)
        right = self.int_expr(scope, depth + 1)
        return Expr(f"({left.text} if {b} else {right.text})", max(left.bound, right.bound))

    def float_leaf(self, scope):
        r = self.rng.random()
        if r < 0.45 and scope["floats"]:
            return self.rng.choice(scope["floats"])
        if r < 0.6 and scope["arrays"]:
            read = self.array_read(scope, want="float")
            if read:
                return read.text
        if r < 0.7 and scope["ints"]:
            return f"float({self.rng.choice(scope['ints'])})"
        return self.rng.choice(FLOATS)

    def float_expr(self, scope, depth=0):
        if depth >= 3 or self.rng.random() < 0.3:
            return self.float_leaf(scope)
        kind = self.rng.random()
        left = self.float_expr(scope, depth + 1)
        if kind < 0.5:
            op = self.rng.choice(["+", "-", "*", "/", "//", "%"])
            right = self.float_expr(scope, depth + 1) if self.rng.random() < 0.8 else \
                self.int_expr(scope, depth + 1).text  # fmt: skip
            return f"({left} {op} {right})"
        if kind < 0.7:
            fn = self.rng.choice(["math.sqrt", "math.exp", "math.log", "math.sin", "math.atan",
                                  "math.fabs", "abs", "math.tanh", "math.floor"])  # fmt: skip
            arg = (
                f"abs({left})"
                if fn in ("math.sqrt", "math.log") and self.rng.random() < 0.7
                else left
            )
            call = f"{fn}({arg})"
            if fn == "math.floor":  # CPython's int is unbounded: keep the floor within int64
                return f"float(math.floor(max(min({left}, 1e15), -1e15)))"
            return call
        if kind < 0.8:
            right = self.float_expr(scope, depth + 1)
            fn = self.rng.choice(["min", "max", "math.atan2", "math.hypot", "math.copysign",
                                  "math.fmod"])  # fmt: skip
            return f"{fn}({left}, {right})"
        if kind < 0.84:
            return f"round({left}, {self.rng.randint(0, 3)})"
        if kind < 0.87:
            exponents = ["0.5", "2", "1.5", "-1"] + (["x"] if scope["is_main"] else [])
            return f"(abs({left}) ** {self.rng.choice(exponents)})"
        if kind < 0.93 and scope["complexes"]:
            c = self.rng.choice(scope["complexes"])
            part = self.rng.choice(["abs({})", "{}.real", "{}.imag"])
            return part.format(c)
        b = self.bool_expr(scope, depth + 1)
        right = self.float_expr(scope, depth + 1)
        return f"({left} if {b} else {right})"

    def bool_expr(self, scope, depth=0):
        r = self.rng.random()
        if depth >= 3 or r < 0.15:
            if scope["bools"] and self.rng.random() < 0.7:
                return self.rng.choice(scope["bools"])
            return self.rng.choice(["True", "False"])
        op = self.rng.choice(["<", "<=", ">", ">=", "==", "!="])
        if r < 0.45:
            return f"({self.int_expr(scope, depth + 1).text} {op} {self.int_expr(scope, depth + 1).text})"
        if r < 0.7:
            return f"({self.float_expr(scope, depth + 1)} {op} {self.float_expr(scope, depth + 1)})"
        if r < 0.8:
            return f"(not {self.bool_expr(scope, depth + 1)})"
        if r < 0.9:
            conn = self.rng.choice(["and", "or"])
            return f"({self.bool_expr(scope, depth + 1)} {conn} {self.bool_expr(scope, depth + 1)})"
        fn = self.rng.choice(["math.isnan", "math.isinf", "math.isfinite"])
        return f"{fn}({self.float_expr(scope, depth + 1)})"

    def complex_expr(self, scope, depth=0):
        if depth >= 2 or self.rng.random() < 0.3:
            if scope["complexes"] and self.rng.random() < 0.6:
                return self.rng.choice(scope["complexes"])
            return f"complex({self.float_leaf(scope)}, {self.float_leaf(scope)})"
        op = self.rng.choice(["+", "-", "*", "/"])
        return f"({self.complex_expr(scope, depth + 1)} {op} {self.complex_expr(scope, depth + 1)})"

    # ---------------------------------------------------------------- arrays

    def index(self, scope, length):
        i = self.int_expr(scope, 2)
        return f"{i.text} % {length}"

    def array_read(self, scope, want):
        arrays = [v for v in scope["arrays"] if v.dtype is not None and v.dtype != "bool"]
        if want == "bool":
            arrays = [v for v in scope["arrays"] if v.dtype is not None]
        if not arrays:
            return None
        arr = self.rng.choice(arrays)
        if arr.ndim == 1:
            where = f"{arr.name}[{self.index(scope, f'len({arr.name})')}]"
        else:
            i = self.index(scope, f"{arr.name}.shape[0]")
            j = self.index(scope, f"{arr.name}.shape[1]")
            where = f"{arr.name}[{i}, {j}]"
        kind = np.dtype(arr.dtype).kind
        if want == "int" and arr.dtype == "uint64":
            # int() of a uint64 past 2**63 wraps in compiled code, as in Numba: go through float
            return Expr(f"int(float({where}) % 1000.0)", 1000)
        if want == "int" and kind in "iu":
            bound = min(2 ** (8 * np.dtype(arr.dtype).itemsize), 2**40)
            return self.reduce(Expr(f"int({where})", bound))
        if want == "int" and kind == "b":
            return Expr(f"int({where})", 1)
        if want == "float":
            return Expr(f"float({where})")
        if want == "bool":
            return Expr(f"bool({where})")
        return None

    def array_operand(self, scope, ndim):
        arrays = [v for v in scope["arrays"] if v.dtype is not None and v.ndim <= ndim]
        r = self.rng.random()
        if r < 0.25 or not arrays:
            if self.rng.random() < 0.5:
                return self.rng.choice(["1", "2", "3", "0", "-1", "7", "100", "300", "-129"])
            return self.rng.choice(["0.5", "2.0", "-1.0", "0.0", "x"])
        return self.rng.choice(arrays).name

    def array_expr(self, scope, ndim, depth=0):
        arrays = [v for v in scope["arrays"] if v.dtype is not None and v.ndim <= ndim]
        if depth >= 2 or self.rng.random() < 0.25:
            return self.rng.choice(arrays).name if arrays else "a"
        r = self.rng.random()
        left = self.array_expr(scope, ndim, depth + 1)
        if r < 0.5:
            op = self.rng.choice(["+", "-", "*", "/", "//", "%", "<", ">=", "==", "!="])
            return f"({left} {op} {self.array_operand(scope, ndim)})"
        if r < 0.7:
            fn = self.rng.choice(["np.sqrt", "np.abs", "np.negative", "np.floor", "np.square",
                                  "np.sign", "np.isnan"])  # fmt: skip
            return f"{fn}({left})"
        if r < 0.85:
            fn = self.rng.choice(["np.minimum", "np.maximum", "np.add", "np.multiply"])
            return f"{fn}({left}, {self.array_operand(scope, ndim)})"
        cond = f"({left} > {self.array_operand(scope, ndim)})"
        return f"np.where({cond}, {left}, {self.array_operand(scope, ndim)})"

    def array_source(self, scope):
        """An array made otherwise than elementwise: a view, a new array, a sort, an axis
        reduction, a cumulative sum."""
        arrays = [v for v in scope["arrays"] if v.dtype is not None]
        one = [v.name for v in arrays if v.ndim == 1] or ["a"]
        two = [v.name for v in arrays if v.ndim == 2] or ["b"]
        bound = ["", "0", "1", "-1", "2", "-2", "5"]
        step = ["", "1", "2", "-1", "-2", "3"]
        r = self.rng.random()
        if r < 0.2:
            lo, hi, st = (self.rng.choice(bound) for _ in range(3))
            st = self.rng.choice(step)
            return f"{self.rng.choice(one)}[{lo}:{hi}:{st}]"
        if r < 0.35:
            m = self.rng.choice(two)
            view = self.rng.choice([f"{m}[0]", f"{m}[-1]", f"{m}.T", f"{m}[::-1]",
                                    f"{m}[:, ::2]", f"{m}[1:]", f"np.flip({m})",
                                    f"np.fliplr({m})", f"{m}.swapaxes(0, 1)", f"np.rot90({m})",
                                    f"np.expand_dims({m}, 1)[:, 0]"])  # fmt: skip
            return view
        if r < 0.5:
            m = self.rng.choice(two)
            red = self.rng.choice(["sum", "max", "min", "prod", "mean", "argmax", "any"])
            return f"{m}.{red}(axis={self.rng.choice([0, 1, -1])})"
        if r < 0.62:
            v = self.rng.choice(one)
            # argsort's default kind orders equal items as NumPy's SIMD quicksort happens to on
            # this CPU (unspecified, per NumPy's docs); the stable kind has one right answer.
            return self.rng.choice([f"np.sort({v})", f"np.cumsum({v})",
                                    f"np.argsort({v}, kind='stable')",
                                    f"{v}.copy()", f"np.ascontiguousarray({v})",
                                    f"np.roll({v}, {self.rng.choice(['1', '-3', '7'])})",
                                    f"np.repeat({v}, 2)", f"{v}.repeat(len({v}) % 3)",
                                    f"np.tile({v}, 2)", f"np.diff({v})", f"np.diff({v}, 2)",
                                    f"np.searchsorted(np.sort({v}), {v})",
                                    f"np.interp({v}, np.arange(3.0), np.arange(3.0) * 2)",
                                    f"np.take({v}, np.arange(len({v}))[::-1])",
                                    f"np.maximum.accumulate({v})", f"np.add.accumulate({v})",
                                    *self.numeric_sources(arrays)])  # fmt: skip
        if r < 0.8:
            v = self.rng.choice(one + two)
            dtype = self.rng.choice(["np.float32", "np.int64", "np.uint8", "np.float64",
                                     "np.int16"])  # fmt: skip
            return self.rng.choice([f"{v}.astype({dtype})", f"np.zeros_like({v})",
                                    f"np.ones({v}.shape, {dtype})", f"{v}.ravel()",
                                    f"{v}.reshape(-1)", f"np.full_like({v}, 3)"])  # fmt: skip
        v = self.rng.choice(one)
        return self.rng.choice([f"np.arange(len({v}))", f"np.zeros(len({v}) + 1)",
                                f"np.concatenate(({v}, {v}))", "np.empty(0)",
                                f"np.linspace(0.0, 1.0, len({v}))"])  # fmt: skip

    def numeric_sources(self, arrays):
        """Calls of NumPy functions that take 1-d arrays of numbers (booleans are refused or
        give float16)."""
        w = self.rng.choice([v.name for v in arrays if v.ndim == 1 and v.dtype != "bool"] or ["a"])
        return [f"np.round({w}, {self.rng.choice(['0', '1', '2', '-1'])})",
                f"np.isclose({w}, {w}[::-1])", f"np.nancumsum({w})",
                f"np.percentile({w}, np.array([10.0, 50.0, 90.0]))", f"np.flatnonzero({w})",
                f"np.ediff1d({w})", f"np.digitize({w}, np.array([-1.0, 0.0, 2.5]))",
                f"np.fft.fftshift({w})", f"np.fft.ifft(np.fft.fft({w}), len({w}) + 1).real",
                f"np.vander({w}[:4], 3)", f"np.union1d({w}, {w}[::2])",
                f"np.setxor1d({w}, {w}[1:3])", f"np.setdiff1d({w}, {w}[::3])",
                f"np.intersect1d({w}, {w}[:2] + 1)", f"np.unique({w}, return_counts=True)[1]"]  # fmt: skip

    def typed_array(self, text, ndim, scope):
        """The dtype NumPy gives `text`, from sample arrays ("float16" where a step inside gives
        float16); None when NumPy raises."""
        watch = _Float16Watch()
        env = {"np": watch, "x": 0.5}
        for v in scope["arrays"]:
            if v.dtype is not None:
                env[v.name] = _sample(v.dtype, v.ndim)
        try:
            with np.errstate(all="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                value = eval(text, env)  # our own generated expression
        except Exception:  # noqa: BLE001 - NumPy refuses it: the program will raise there too
            return None, ndim
        if not isinstance(value, np.ndarray):
            return None, ndim
        if watch.seen:
            return "float16", value.ndim
        if watch.simd:
            return "numpy-simd", value.ndim
        return str(value.dtype), value.ndim

    def reduction(self, scope):
        arrays = [v for v in scope["arrays"] if v.dtype is not None]
        if not arrays:
            return None
        arr = self.rng.choice(arrays)
        red = self.rng.choice(["sum", "min", "max", "mean", "prod", "argmax", "argmin", "any",
                               "all", "std"])  # fmt: skip
        if arr.dtype in ("float32", "float64") and self.rng.random() < 0.3:
            # NaN-skipping reductions and order statistics (functions only); nanargmax and
            # nanargmin raise for all-NaN arrays, as NumPy does.
            red = self.rng.choice(["nansum", "nanmean", "nanmax", "nanmin", "nanstd", "nanvar",
                                   "nanprod", "nanargmax", "median", "nanmedian"])  # fmt: skip
            return f"np.{red}({arr.name})"
        call = f"{arr.name}.{red}()" if self.rng.random() < 0.6 else f"np.{red}({arr.name})"
        return call

    # ---------------------------------------------------------------- statements

    def assign(self, scope):
        if scope.get("containers") and self.rng.random() < 0.3:
            return Stmt(container_stmt(self, scope))
        r = self.rng.random()
        if r < 0.3 and scope["ints"]:
            var = self.rng.choice(scope["assignable_ints"] or scope["ints"])
            e = self.reduce(Expr(self.int_expr(scope).text, INT_LIMIT))
            if self.rng.random() < 0.3:
                e = self.reduce(Expr(f"({var} + {e.text})", INT_LIMIT))
            return Stmt(f"{var} = {e.text}")
        if r < 0.5 and scope["floats"]:
            var = self.rng.choice(scope["floats"])
            op = self.rng.choice(["=", "=", "+=", "*="])
            return Stmt(f"{var} {op} {self.float_expr(scope)}")
        if r < 0.58 and scope["bools"]:
            return Stmt(f"{self.rng.choice(scope['bools'])} = {self.bool_expr(scope)}")
        if r < 0.62 and scope["complexes"]:
            return Stmt(f"{self.rng.choice(scope['complexes'])} = {self.complex_expr(scope)}")
        if r < 0.72 and scope["is_main"]:
            return self.array_stmt(scope)
        if r < 0.8 and scope["is_main"]:
            red = self.reduction(scope)
            if red and scope["floats"]:
                return Stmt(f"{self.rng.choice(scope['floats'])} = float({red})")
        if r < 0.88 and scope["is_main"]:
            return self.array_store(scope)
        if r < 0.94 and self.helpers and scope["is_main"]:
            h = self.rng.choice(self.helpers)
            args = []
            for p in h.params:
                args.append(self.reduce(self.int_expr(scope)).text if p.startswith("p")
                            else self.float_expr(scope))  # fmt: skip
            if h.ret.startswith("(") and scope["floats"]:  # returns (int, float)
                iv = self.rng.choice(scope["assignable_ints"] or scope["ints"])
                fv = self.rng.choice(scope["floats"])
                return Stmt(f"{iv}, {fv} = {h.name}({', '.join(args)})\n{iv} = {iv} % {M}")
            if scope["floats"]:
                return Stmt(f"{self.rng.choice(scope['floats'])} = {h.name}({', '.join(args)})")
        return self.assign_int(scope)

    def assign_int(self, scope):
        var = self.rng.choice(scope["assignable_ints"] or scope["ints"])
        return Stmt(f"{var} = {self.reduce(self.int_expr(scope)).text}")

    def array_stmt(self, scope):
        ndim = self.rng.choice([1, 1, 2])
        for _ in range(4):  # NumPy gives float16 for some small-int ufuncs: oxjit has no float16
            making = self.rng.random() < 0.35
            text = self.array_source(scope) if making else self.array_expr(scope, ndim)
            dtype, got_ndim = self.typed_array(text, ndim, scope)
            if dtype not in ("float16", "numpy-simd"):
                break
        else:
            return self.assign_int(scope)
        name = f"t{len(scope['temps'])}"
        var = ArrayVar(name, dtype, got_ndim)
        scope["temps"].append(var)
        stmt = Stmt(f"{name} = {text}")
        scope["pending"].append(var)  # visible to later statements of this block only
        return stmt

    def array_store(self, scope):
        targets = [v for v in scope["arrays"] if v.name in ("a", "b")]
        arr = self.rng.choice(targets)
        kind = np.dtype(arr.dtype).kind
        if kind in "iu":
            value = f"({self.reduce(self.int_expr(scope)).text}) % 100"
        else:
            value = self.float_expr(scope)
        if self.rng.random() < 0.45:
            return self.array_bulk(scope, arr, kind, value)
        if self.rng.random() < 0.2:
            return Stmt(f"{arr.name}[:] = {value}" if arr.ndim == 1 else f"{arr.name}[0] = {value}")
        if arr.ndim == 1:
            return Stmt(f"{arr.name}[{self.index(scope, 'len(a)')}] = {value}")
        i = self.index(scope, "b.shape[0]")
        j = self.index(scope, "b.shape[1]")
        return Stmt(f"b[{i}, {j}] = {value}")

    def array_bulk(self, scope, arr, kind, value):
        """Whole-array and many-item statements: slices and masks assigned, in-place operators,
        rows assigned from arrays, loops over items, rows, enumerate and zip."""
        name = arr.name
        f = self.rng.choice(scope["floats"])
        r = self.rng.random()
        sl = f"{self.rng.choice(['', '1', '-2', '0'])}:{self.rng.choice(['', '3', '-1'])}:" \
             f"{self.rng.choice(['', '2', '-1'])}"  # fmt: skip
        if r < 0.15:
            return Stmt(f"{name}[{sl}] = {value}")
        if r < 0.3:
            cut = "2" if kind in "iu" else "0.5"
            return Stmt(f"{name}[{name} > {cut}] = {value}")
        if r < 0.4:
            return Stmt(f"{f} += float({name}[{name} > 1].sum())")
        if r < 0.55:
            op = self.rng.choice(["+=", "-=", "*="])
            amount = self.rng.choice(["1", "2", "3"]) if kind in "iu" else \
                self.rng.choice(["0.5", "x", "1.5"])  # fmt: skip
            return Stmt(f"{name} {op} {amount}")
        if r < 0.65 and name == "b":
            src = "a" if np.dtype(scope["a_dtype"]).kind == kind or kind == "f" else None
            if src:
                return Stmt("b[0] = a" if self.rng.random() < 0.5 else "b[-1, :] = a[::-1]")
        if r < 0.75:
            if name == "a":
                return Stmt(f"for v in a:\n    {f} += float(v)")
            return Stmt(f"for row in b:\n    {f} += float(row.sum())")
        if r < 0.85:
            return Stmt(f"for k0 in range(b.shape[0]):\n    for k1 in range(b.shape[1]):\n"
                        f"        {f} += float(b[k0, k1]) * (k0 + 1)")  # fmt: skip
        if r < 0.93:
            return Stmt(f"for k0, v in enumerate(a):\n    {f} += float(v) * k0")
        return Stmt(f"for u, v in zip(a, b[0]):\n    {f} += float(u) - float(v)")

    def block(self, scope, budget, depth, in_loop):
        stmts = []
        while budget > 0:
            budget -= 1
            r = self.rng.random()
            saved = list(scope["pending"])
            if depth < 2 and r < 0.14:
                stmts.append(Stmt(f"if {self.bool_expr(scope)}:", kind="if",
                                  body=self.block(scope, self.rng.randint(1, 3), depth + 1, in_loop),
                                  orelse=self.block(scope, self.rng.randint(0, 2), depth + 1, in_loop)
                                  if self.rng.random() < 0.5 else None))  # fmt: skip
            elif depth < 2 and r < 0.24 and scope["loop_vars"]:
                var = scope["loop_vars"].pop()
                count = f"{self.int_expr(scope, 2).text} % {self.rng.randint(1, 7)}"
                if self.rng.random() < 0.2 and scope["is_main"]:
                    count = "len(a)"
                body = self.block(scope, self.rng.randint(1, 4), depth + 1, True)
                scope["loop_vars"].append(var)
                head = f"for {var} in range({count}):"
                if self.rng.random() < 0.15:
                    head = f"for {var} in range({self.rng.randint(-2, 2)}, {count}, {self.rng.choice([1, 2, 3])}):"
                stmts.append(Stmt(head, kind="for", body=body))
            elif depth < 2 and r < 0.29 and scope["counters"]:
                w = scope["counters"].pop()
                limit = f"{self.int_expr(scope, 2).text} % {self.rng.randint(1, 6)}"
                body = [Stmt(f"{w} += 1")] + self.block(
                    scope, self.rng.randint(1, 3), depth + 1, True
                )
                stmts.append(Stmt(f"{w} = 0"))
                stmts.append(Stmt(f"while {w} < {limit}:", kind="while", body=body))
                scope["counters"].append(w)
            elif in_loop and r < 0.33:
                word = self.rng.choice(["break", "continue"])
                stmts.append(Stmt(f"if {self.bool_expr(scope)}:", kind="if", body=[Stmt(word)]))
            elif depth < 2 and r < 0.39:
                stmts.append(self.try_stmt(scope, depth, in_loop))
            elif r < 0.42 and scope["floats"]:
                stmts.append(self.function_value(scope))
            elif r < 0.45:
                msg = f"E{self.rng.randint(0, 99)}"
                exc = self.rng.choice(["ValueError", "IndexError", "RuntimeError"])
                stmts.append(Stmt(f"if {self.bool_expr(scope)}:", kind="if",
                                  body=[Stmt(f'raise {exc}("{msg}")')]))  # fmt: skip
            else:
                stmts.append(self.assign(scope))
            # array temporaries made inside a branch or loop are not defined on every path
            if depth > 0:
                scope["pending"][:] = saved
            scope["arrays"] = scope["base_arrays"] + scope["pending"]
        return stmts

    def try_stmt(self, scope, depth, in_loop):
        """`try` around a block (which may raise), caught by a tuple of classes or a base class;
        the handler counts, or reads `str(e)`."""
        body = self.block(scope, self.rng.randint(1, 3), depth + 1, in_loop)
        var = self.rng.choice(scope["assignable_ints"] or scope["ints"])
        classes = self.rng.choice(["(ValueError, IndexError)", "Exception", "LookupError",
                                   "(RuntimeError, ValueError, ZeroDivisionError)"])  # fmt: skip
        handler = [Stmt(f"{var} = ({var} + len(str(e))) % {M}")]
        if self.rng.random() < 0.5:
            handler = [Stmt(f"{var} = ({var} + 7) % {M}")]
        return Stmt("try:", kind="try", body=body, orelse=handler,
                    else_head=f"except {classes} as e:")  # fmt: skip

    def function_value(self, scope):
        """A lambda or an inner function capturing variables, or a generator expression."""
        f = self.rng.choice(scope["floats"])
        g = self.rng.choice(scope["floats"])
        r = self.rng.random()
        if r < 0.35:
            return Stmt(f"{f} = (lambda t: t * 0.5 + {g})({self.float_expr(scope, 2)})")
        if r < 0.6:
            self.inner_count += 1
            h = f"h{self.inner_count}"
            return Stmt(
                f"def {h}(t):\n    return t - {g} * 0.25\n{f} = {h}({self.float_expr(scope, 2)})"
            )
        if scope["is_main"] and r < 0.7:
            red = self.rng.choice(["sum", "max", "min"])
            return Stmt(f"{f} = {f} + {red}(float(v) * 0.5 for v in a)")
        i = self.rng.choice(scope["ints"])
        if r < 0.8:
            return self.generator_value(f, g, i)
        if r < 0.9:
            return self.generator_with_finally(f, g, i)
        if r < 0.95:
            return self.kwargs_call(f, g)
        return Stmt(f"{f} = {f} + sum(float(j) * 0.5 for j in range(({i}) % 7))")

    def kwargs_call(self, f, g):
        """An inner function with `**kw`, called with keywords it names and others it collects."""
        self.inner_count += 1
        h = f"h{self.inner_count}"
        keys = self.rng.sample(["s", "u", "v"], self.rng.randint(0, 3))
        passed = ", ".join(f"{k}={g} * 0.5" for k in keys)
        return Stmt(
            f"def {h}(t, **kw):\n"
            f"    return t * kw.get('s', 1.0) + len(kw) + ('u' in kw)\n"
            f"{f} = {h}({f}{', ' if passed else ''}{passed})"
        )

    def generator_value(self, f, g, i):
        """A generator expression held by a variable, stepped by `next` and then iterated."""
        self.inner_count += 1
        gen, v = f"gen{self.inner_count}", f"u{self.inner_count}"
        return Stmt(
            f"{gen} = (float(j) * 0.5 + {g} for j in range(({i}) % 7))\n"
            f"{f} = {f} + next({gen}, 1.0)\n"
            f"for {v} in {gen}:\n"
            f"    {f} = {f} + {v}"
        )

    def generator_with_finally(self, f, g, i):
        """An inner generator function whose `yield` is inside `try/finally`, left early by
        `break`: its `finally` body runs when the loop drops it (as CPython's GeneratorExit)."""
        self.inner_count += 1
        h, acc, v = f"h{self.inner_count}", f"acc{self.inner_count}", f"u{self.inner_count}"
        return Stmt(
            f"def {h}(m, out):\n"
            f"    try:\n"
            f"        for j in range(m):\n"
            f"            yield j * 0.25 + {g}\n"
            f"    finally:\n"
            f"        out.append(0.5)\n"
            f"{acc} = [0.0]\n"
            f"for {v} in {h}(({i}) % 7, {acc}):\n"
            f"    {f} = {f} + {v}\n"
            f"    if {v} > 1.0:\n"
            f"        break\n"
            f"{f} = {f} + sum({acc})"
        )

    # ---------------------------------------------------------------- functions

    def new_scope(self, ints, floats, bools, complexes, arrays, is_main):
        return {"ints": ints, "assignable_ints": [v for v in ints if v.startswith("i")],
                "floats": floats, "bools": bools, "complexes": complexes, "arrays": list(arrays),
                "base_arrays": list(arrays), "pending": [], "temps": [], "is_main": is_main,
                "int_bound": 2**15, "loop_vars": ["k0", "k1"], "counters": ["w0", "w1"]}  # fmt: skip

    def helper(self, index):
        n_int = self.rng.randint(0, 2)
        n_float = self.rng.randint(0 if n_int else 1, 2)
        params = [f"p{i}" for i in range(n_int)] + [f"q{i}" for i in range(n_float)]
        ints = ["i0", "i1"] + [p for p in params if p.startswith("p")]
        floats = ["f0"] + [p for p in params if p.startswith("q")]
        init = [Stmt(f"i0 = {params[0] if n_int else 1}"), Stmt("i1 = 0"),
                Stmt(f"f0 = {params[-1] if n_float else 0.5}"), Stmt("b0 = False"),
                Stmt("k0 = 0"), Stmt("k1 = 0"), Stmt("w0 = 0"), Stmt("w1 = 0")]  # fmt: skip
        scope = self.new_scope(ints + ["k0", "k1"], floats, ["b0"], [], [], False)
        scope["assignable_ints"] = ["i0", "i1"]
        body = self.block(scope, self.rng.randint(2, 6), 0, False)
        ret = "(i0 % 1000, f0)" if self.rng.random() < 0.3 else "f0 + i0 + i1"
        if self.helpers and self.rng.random() < 0.3:  # call an earlier helper
            prev = self.helpers[-1]
            args = [("i1" if p.startswith("p") else "f0") for p in prev.params]
            call = f"{prev.name}({', '.join(args)})"
            body.append(Stmt(f"i1 = i1 + len(({call},))"))
        return Function(f"g{index}", params, init, body, ret)

    def program(self):
        for i in range(self.rng.randint(0, 2)):
            self.helpers.append(self.helper(i))
        a_dtype = self.rng.choice(self.a_dtypes)
        b_dtype = self.rng.choice(self.b_dtypes)
        arrays = [ArrayVar("a", a_dtype, 1), ArrayVar("b", b_dtype, 2)]
        ints = ["i0", "i1", "i2", "n"]
        init = [Stmt("i0 = n % 1000"), Stmt("i1 = len(a)"), Stmt("i2 = 3"), Stmt("f0 = x"),
                Stmt("f1 = 0.25"), Stmt("b0 = n > 0"), Stmt("c0 = complex(x, 1.0)"),
                Stmt("k0 = 0"), Stmt("k1 = 0"), Stmt("w0 = 0"), Stmt("w1 = 0")]  # fmt: skip
        init += [Stmt(line) for line in [*containers.INIT, *self.extra_init]]
        scope = self.new_scope(ints + ["k0", "k1"], ["f0", "f1"], ["b0"], ["c0"], arrays, True)
        scope["containers"] = True
        scope["a_dtype"] = a_dtype
        scope["b_dtype"] = b_dtype
        scope["assignable_ints"] = ["i0", "i1", "i2"]
        body = self.block(scope, self.max_stmts, 0, False)
        returned = ["i0", "i1", "i2", "f0", "f1", "b0", "c0"]
        returned += [v.name for v in scope["pending"] if v.dtype is not None]
        returned += [*containers.RETURNED, *self.extra_returned]
        main = Function("f", ["n", "x", "a", "b"], init, body, f"({', '.join(returned)},)")
        return Program(self.seed, self.helpers, main, a_dtype, b_dtype, self.family)

    # what a family (families.py) changes: the dtypes of `a` and `b`, more locals of the main
    # function (initialised at its top, returned at its end)
    family = "general"
    a_dtypes = tuple(ARRAY_DTYPES)
    b_dtypes = tuple(ARRAY_DTYPES)
    extra_init = ()
    extra_returned = ()


def generate(seed, max_stmts=14, family="general"):
    from progen.families import FAMILIES

    return FAMILIES[family](seed, max_stmts).program()


def arguments(program, seed):
    """A few argument tuples (n, x, a, b) for `program`, arrays in several layouts."""
    from progen.families import LENGTHS, VALUES

    values = VALUES.get(program.family, _values)
    lengths = LENGTHS.get(program.family, [0, 1, 2, 3, 5, 8])
    rng = np.random.default_rng(seed)
    out = []
    for k in range(3):
        length = int(rng.choice(lengths))
        rows = int(rng.choice([1, 2, 3]))
        n = int(rng.choice([0, 1, -3, 7, 100, 12345]))
        x = float(rng.choice([0.0, -0.0, 1.5, -2.25, 1e-310, 3.0, np.inf, np.nan, 1e20]))
        a = values(rng, program.a_dtype, (length,))
        b = values(rng, program.b_dtype, (rows, length))
        layout = rng.integers(0, 3)
        if layout == 1:
            a = values(rng, program.a_dtype, (2 * length,))[::2]
            b = np.asfortranarray(b)
        elif layout == 2:
            a = a[::-1]
            b = values(rng, program.b_dtype, (rows, 2 * length))[:, ::2]
        out.append((n, x, a, b))
    return out


def _values(rng, dtype, shape):
    dt = np.dtype(dtype)
    if dt.kind == "f":
        pool = np.array([0.0, -0.0, 1.0, -1.0, 0.5, 2.5, -7.25, np.inf, -np.inf, np.nan, 1e-40,
                         3e38, 123.456], dtype=dt)  # fmt: skip
        values = rng.choice(pool, size=shape) if rng.random() < 0.5 else rng.standard_normal(shape)
        return np.ascontiguousarray(values, dtype=dt)
    info = np.iinfo(dt)
    lo, hi = max(int(info.min), -1000), min(int(info.max), 1000)
    values = rng.integers(lo, hi, size=shape, endpoint=True).astype(dt)
    if rng.random() < 0.3 and values.size:
        # int() of a uint64 past 2**63 wraps in compiled code, as in Numba: keep below that
        top = min(int(info.max), 2**63 - 1)
        values.flat[0] = top if rng.random() < 0.5 else info.min
    return np.ascontiguousarray(values)


def readable(program):
    return textwrap.dedent(program.source())

"""Families of generated programs (`python -m progen N --family F`). Each is the general generator
(generate.py) with more statement kinds of its own in about 60% of the assignments, and, where it
needs them, other array dtypes and argument values:

- `general`: generate.py as it is.
- `math`: float arrays holding edge values (signed zeros, subnormals, infinities, NaNs, the
  overflow thresholds of exp, huge arguments of sin/cos) read in loops long enough for the
  vectorised paths; math.* and np.* functions item by item and over whole arrays, powers
  (`v ** 3`, `v ** 2.0`, `math.pow`), sums over loops, results stored in arrays.
- `scalars`: integer and float floor division and modulo by negative numbers and zero, divmod,
  pow with a modulus; a tuple (int, float), a list of floats and a dict of str keys and float
  values; strings made by hex/oct/bin, str/repr/format of ints and floats (edge values
  included), str methods, int()/float() of strings. (Not generated, refused at compile time:
  `math.fsum` of a list, `np.heaviside`.)

Every new local is initialised at the top of `f` and returned, and keeps one type on every path,
as generate.py requires (so that shrinking may delete any statement). Floats in containers are
never tested with `in`/`count`/`index`: CPython finds a NaN there by identity, which compiled
code (holding values, not objects) cannot do.
"""

from __future__ import annotations

import numpy as np

from progen.generate import ARRAY_DTYPES, NUMPY_SIMD, ArrayVar, Generator, M, Stmt, _values

FLOAT_DTYPES = ("float64", "float64", "float64", "float32")
# exp overflows past 709.78 (float32: 88.72) and gives subnormals below -708.4; sin/cos reduce
# with tables up to 105414350; 1e22 and 2**1023 are huge arguments; 5e-324 the least subnormal
EDGES = [0.0, -0.0, 1.0, -1.0, 0.5, -0.5, np.inf, -np.inf, np.nan, 5e-324, -5e-324,
         2.2250738585072014e-308, 1e-310, 1e308, -1e308, 709.78, 709.79, -708.4, -745.13,
         -745.14, 710.0, 88.72, 88.73, -103.97, 3.141592653589793, 1.5707963267948966, 1e22,
         105414350.0, 105414351.0, -1e16, 1e-8, 8.98846567431158e307, 2.0, 3.0, -2.5, 1e100,
         0.1, 1e-300]  # fmt: skip


def _edge_values(rng, dtype, shape):
    """Float arrays of edge values mixed with ordinary ones; other dtypes as generate.py makes."""
    dt = np.dtype(dtype)
    if dt.kind != "f":
        return _values(rng, dtype, shape)
    pool = np.array(EDGES)
    picked = rng.choice(pool, size=shape)
    scale = rng.choice([1.0, 10.0, 700.0, 1e6])
    plain = rng.standard_normal(shape) * scale
    mix = rng.random(shape) < rng.choice([0.2, 0.5, 0.9])
    with np.errstate(all="ignore"):
        return np.ascontiguousarray(np.where(mix, picked, plain), dtype=dt)


class MathGenerator(Generator):
    family = "math"
    a_dtypes = FLOAT_DTYPES
    b_dtypes = FLOAT_DTYPES
    extra_init = ("o0 = np.zeros(len(a))", "o1 = np.zeros_like(a)")
    extra_returned = ("o0", "o1")

    def assign(self, scope):
        if not scope["is_main"] or self.rng.random() < 0.4:
            return super().assign(scope)
        pick = self.rng.choice([self.loop_store, self.loop_store, self.loop_sum, self.whole_array,
                                self.whole_array, self.into_array, self.scalar_math,
                                self.reduced])  # fmt: skip
        return pick(scope)

    def item(self, scope, k):
        """A float read of the k-th item of `a` or of a row of `b` (as long as `a`)."""
        where = self.rng.choice(["a[{k}]", "a[{k}]", "b[0, {k}]", "b[-1, {k}]", "a[-1 - {k}]"])
        return f"float({where.format(k=k)})"

    def math_of(self, v, scope):
        """A math function or power of the float expression `v` (sometimes where CPython raises:
        math.exp past 709.78, math.sqrt of a negative, 0.0 ** -1)."""
        r = self.rng
        if r.random() < 0.15:  # where CPython may raise (OverflowError, ValueError, ...)
            return r.choice(["math.exp({v})", "math.sqrt({v})", "({v}) ** -1", "math.pow({v}, 3.0)",
                             "math.fmod({v}, 2.5)", "math.log({v})", "({v}) ** 3", "math.cosh({v})",
                             "math.expm1({v})"]).format(v=v)  # fmt: skip
        fn = r.choice(["math.exp(min({v}, 700.0))", "math.sin({v})",
                       "math.cos({v})", "math.sqrt(abs({v}))", "math.sqrt(max({v}, 0.0))",
                       "math.log(abs({v}) + 1e-300)", "math.tanh({v})", "math.atan({v})",
                       "math.expm1(min({v}, 700.0))", "math.log1p(abs({v}))", "({v}) ** 2",
                       "min(max({v}, -1e100), 1e100) ** 3", "min(max({v}, -1e150), 1e150) ** 2.0",
                       "abs({v}) ** 0.5", "min(abs({v}), 1e200) ** 1.5", "({v}) * ({v}) * ({v})",
                       "math.pow(min(max({v}, -1e100), 1e100), 3.0)", "({v} or 1.0) ** -1",
                       "math.hypot({v}, {w})", "math.atan2({v}, {w})",
                       "math.fmod({v}, 2.5) if math.isfinite({v}) else {v}",
                       "math.copysign(math.sin({v}), {w})", "math.cbrt({v})", "math.exp2(min({v}, 1000.0))",
                       "float(math.floor(max(min({v}, 1e15), -1e15)))", "math.erf({v})",
                       "math.log10(abs({v}) + 1e-300)", "math.cosh(min(abs({v}), 700.0))"])  # fmt: skip
        w = self.rng.choice(scope["floats"] + ["x", "0.5", "-0.0"])
        return fn.format(v=v, w=w)

    def loop_store(self, scope):
        """An array written item by item in a loop over `a` (the vectorisable form)."""
        k = "k0"
        if self.rng.random() < 0.35:  # NumPy's functions of the items, stored as they come
            fn = self.rng.choice(["np.exp", "np.sin", "np.cos", "np.sqrt", "np.square",
                                  "np.log", "np.abs", "np.floor", "np.tanh", "np.arctan",
                                  "np.expm1", "np.cbrt"])  # fmt: skip
            if scope["a_dtype"] in NUMPY_SIMD.get(fn[3:], ()):
                fn = "np.sqrt"
            target = self.rng.choice(["o0", "o1"])
            return Stmt(f"for {k} in range(len(a)):\n    {target}[{k}] = {fn}(a[{k}])")
        value = self.math_of(self.item(scope, k), scope)
        if self.rng.random() < 0.4:
            op = self.rng.choice(["+", "-", "*"])
            value = f"{value} {op} {self.math_of(self.item(scope, k), scope)}"
        target = self.rng.choice(["o0", "o0", "o1", "a"])
        return Stmt(f"for {k} in range(len(a)):\n    {target}[{k}] = {value}")

    def loop_sum(self, scope):
        """A float accumulated in order over the items (no reassociation allowed)."""
        f = self.rng.choice(scope["floats"])
        value = self.math_of(self.item(scope, "k0"), scope)
        if self.rng.random() < 0.3:
            return Stmt(f"for v in a:\n    {f} = {f} + {self.math_of('float(v)', scope)}")
        op = self.rng.choice(["+=", "+=", "-=", "*="])
        return Stmt(f"for k0 in range(len(a)):\n    {f} {op} {value}")

    UFUNCS = ("np.exp({a})", "np.sin({a})", "np.cos({a})", "np.sqrt(np.abs({a}))",
              "np.sqrt({a})", "{a} ** 2", "{a} ** 3", "{a} ** 2.0", "{a} ** 0.5", "{a} ** -1",
              "np.power({a}, 3)", "np.power({a}, {b})", "np.cbrt({a})", "np.log(np.abs({a}))",
              "np.exp(-{a} * {a}) * np.sin({a})", "np.tanh({a})", "np.expm1({a})",
              "np.log1p(np.abs({a}))", "np.arctan({a})", "np.hypot({a}, {b})",
              "np.arctan2({a}, {b})", "np.exp({a} * x)", "np.cos({a}) ** 2 + np.sin({a}) ** 2",
              "np.floor({a})", "np.rint({a})", "np.fmod({a}, 2.5)", "np.exp2({a})",
              "np.log2(np.abs({a}))", "np.log10(np.abs({a}))", "np.sinh({a})", "np.cosh({a})",
              "np.arcsin(np.clip({a}, -1.0, 1.0))", "np.sign({a})", "np.reciprocal({a})",
              "{a} / {b}", "{a} // {b}", "{a} % {b}", "np.maximum({a}, {b})",
              "np.fmax({a}, {b})", "np.minimum({a}, {b})", "np.square({a}) - {a} * {a}",
              "np.exp({a}) + np.cos({b})", "np.sin(np.exp({a}))", "np.trunc({a})",
              "np.degrees({a})", "np.logaddexp({a}, {b})", "np.copysign({a}, {b})",
              "np.nextafter({a}, {b})", "np.isfinite(np.exp({a}))")  # fmt: skip

    def whole_array(self, scope):
        """A whole-array expression kept as a temporary (returned unless deleted)."""
        for _ in range(4):
            one, other = self.rng.choice([("a", "b[0]"), ("a", "b[-1]"), ("b", "b[::-1]"),
                                          ("b.T", "b.T"), ("a[1:]", "a[:-1]"),
                                          ("a", "x"), ("a", "a[::-1]")])  # fmt: skip
            text = self.rng.choice(self.UFUNCS).format(a=one, b=other)
            ndim = 2 if one.startswith("b") else 1
            dtype, got_ndim = self.typed_array(text, ndim, scope)
            if dtype not in ("float16", "numpy-simd", None):
                break
        else:
            return self.assign_int(scope)
        name = f"t{len(scope['temps'])}"
        var = ArrayVar(name, dtype, got_ndim)
        scope["temps"].append(var)
        scope["pending"].append(var)
        return Stmt(f"{name} = {text}")

    def ufunc_text(self, scope, count):
        """One of the first `count` UFUNCS of `a` and `b[0]` that NumPy does not compute with its
        own SIMD code (NUMPY_SIMD), or a square root."""
        for _ in range(4):
            text = self.rng.choice(self.UFUNCS[:count]).format(a="a", b="b[0]")
            if self.typed_array(text, 1, scope)[0] != "numpy-simd":
                return text
        return "np.sqrt(a)"

    def into_array(self, scope):
        """A whole-array result written into an existing array (slice assignment, in place)."""
        text = self.ufunc_text(scope, 20)
        target = self.rng.choice(["o0[:]", "o1[:]", "o0[::-1]", "a[:]"])
        op = self.rng.choice(["=", "=", "+=", "*="]) if target != "o0[::-1]" else "="
        if op != "=":
            target = target.split("[")[0]
        return Stmt(f"{target} {op} {text}")

    def scalar_math(self, scope):
        f = self.rng.choice(scope["floats"])
        v = self.rng.choice(scope["floats"] + ["x", self.float_expr(scope, 2)])
        return Stmt(f"{f} = {self.math_of(v, scope)}")

    def reduced(self, scope):
        f = self.rng.choice(scope["floats"])
        red = self.rng.choice(["np.sum", "np.max", "np.min", "np.mean", "np.prod", "np.nansum",
                               "np.nanmax"])  # fmt: skip
        inner = self.ufunc_text(scope, 14)
        return Stmt(f"if len(a) > 0:\n    {f} = float({red}({inner}))")


class ScalarGenerator(Generator):
    family = "scalars"
    a_dtypes = tuple(ARRAY_DTYPES)
    b_dtypes = tuple(ARRAY_DTYPES)
    extra_init = ("tp0 = (0, 0.5)", "lf0 = [0.5, -1.5, 2.0]", 'ds0 = {"a": 1.5, "b": -0.5}',
                  'r0 = ""', "m0 = 0")  # fmt: skip
    extra_returned = ("tp0", "lf0", "ds0", "r0", "m0")

    def assign(self, scope):
        if not scope["is_main"] or self.rng.random() < 0.4:
            return super().assign(scope)
        pick = self.rng.choice([self.int_division, self.int_division, self.float_division,
                                self.tuple_stmt, self.float_list, self.str_dict,
                                self.text, self.text, self.text])  # fmt: skip
        return pick(scope)

    def small(self, scope):
        return self.reduce(self.int_expr(scope)).text

    def divisor(self, scope):
        return self.rng.choice(["-1", "-2", "-3", "-7", "2", "5", "(-100)", "(-32768)",
                                f"({self.small(scope)} % 5 - 2)", f"(-{self.small(scope)})"])  # fmt: skip

    def int_division(self, scope):
        i = self.rng.choice(scope["assignable_ints"])
        e, d = self.small(scope), self.divisor(scope)
        form = self.rng.choice([f"{i} = ({e}) // {d}", f"{i} = ({e}) % {d}",
                                f"{i}, m0 = divmod({e}, {d})\nm0 = m0 % {M}",
                                f"{i} = -({e}) // {d} + ({e}) % -{d}",
                                f"{i} = pow(({e}) % 100, {self.rng.choice([0, 1, 2, 3])})",
                                f"{i} = pow({e}, {self.rng.choice([2, 3, 5, -1])}, {d})",
                                f"{i} = ({e}) % {d} + ({e}) // {d} * {d} - ({e})",
                                f"m0 = ({e}) >> {self.rng.randint(0, 70)}"])  # fmt: skip
        return Stmt(form)

    def float_division(self, scope):
        f = self.rng.choice(scope["floats"])
        e = self.float_expr(scope, 1)
        d = self.rng.choice(["-2.5", "-0.5", "0.1", "-0.0", "0.0", "3.0", "x", "-x", "(-7)",
                             "1e-310", "-1e300", "float('inf')", "-math.inf"])  # fmt: skip
        return Stmt(self.rng.choice([f"{f} = ({e}) // {d}", f"{f} = ({e}) % {d}",
                                     f"{f}, f1 = divmod({e}, {d})", f"{f} = math.fmod({e}, {d})",
                                     f"{f} = math.remainder({e}, {d})",
                                     f"{f} = ({e}) / {d}",
                                     f"{f} = ({self.small(scope)}) / {d}"]))  # fmt: skip

    def tuple_stmt(self, scope):
        e, i = self.small(scope), self.rng.choice(scope["assignable_ints"])
        f = self.rng.choice(scope["floats"])
        fe = self.float_expr(scope, 2)
        return Stmt(self.rng.choice([f"tp0 = ({e}, {fe})",
                                     f"tp0 = (tp0[0] * 3 % {M}, tp0[1] - {fe})",
                                     f"tp0 = max(tp0, ({e}, {fe}))",
                                     f"tp0 = min(tp0, (tp0[0], {fe}))",
                                     f"{i} = ({i} + (tp0 < ({e}, {fe})) + (tp0 == tp0)) % {M}",
                                     f"{i}, {f} = tp0",
                                     f"{f}, {i} = tp0[1], tp0[0] % {M}",
                                     f"{i} = ({i} + len(tp0 + tp0) + tp0[-2]) % {M}",
                                     "tp0 = tp0[::-1][::-1]",
                                     f"if tp0[0] in (1, 2, 3, {e}):\n    {i} = ({i} + 1) % {M}",
                                     f"{i} = ({i} + max((tp0[0], {e}, -{e}))) % {M}"]))  # fmt: skip

    def float_list(self, scope):
        f = self.rng.choice(scope["floats"])
        fe = self.float_expr(scope, 2)
        return Stmt(self.rng.choice([f"lf0.append({fe})", "lf0 = sorted(lf0)[-8:]",
                                     "lf0.sort(reverse=True)", "lf0 = lf0[-9:]",
                                     f"if lf0:\n    {f} = max(lf0)", f"if lf0:\n    {f} = min(lf0)",
                                     f"{f} = sum(lf0)", f"{f} = sum(lf0, {fe})",
                                     "lf0 = [v * 0.5 for v in lf0 if v == v]",
                                     f"lf0.insert(1, {fe})", "if lf0:\n    lf0.pop()",
                                     f"lf0 = lf0 + [{fe}, float(len(lf0))]",
                                     "lf0.reverse()",
                                     "lf0 = sorted(lf0, key=lambda v: -v)[:6]",
                                     f"{f} = sorted(lf0 + [{fe}])[0]"]))  # fmt: skip

    def str_dict(self, scope):
        f = self.rng.choice(scope["floats"])
        fe = self.float_expr(scope, 2)
        key = self.rng.choice(['"a"', '"b"', '"c"', '"ab"', f"str({self.small(scope)} % 4)",
                               "r0[:1]"])  # fmt: skip
        return Stmt(self.rng.choice([f"ds0[{key}] = {fe}", f"{f} = ds0.get({key}, 0.25)",
                                     f"for sk, sv in ds0.items():\n    {f} = {f} + sv * len(sk)",
                                     "ds0 = {k: v * 2.0 for k, v in ds0.items() if v == v}",
                                     f"{f} = ds0.pop({key}, -1.0)",
                                     f"if {key} in ds0:\n    del ds0[{key}]",
                                     f"{f} = ds0.setdefault({key}, {fe})",
                                     "r0 = (r0 + ','.join(sorted(ds0)))[:40]",
                                     f"{f} = max(ds0.values()) if ds0 else {f}"]))  # fmt: skip

    def text(self, scope):
        e, i = self.small(scope), self.rng.choice(scope["assignable_ints"])
        f = self.rng.choice(scope["floats"])
        fe = self.float_expr(scope, 2)
        b = self.rng.choice(scope["bools"])
        made = self.rng.choice([f"hex({e})", f"oct({e})", f"bin({e})", f"hex(-{e})",
                                f"str({fe})", f"repr({fe})", f'f"{{{fe}:.3e}}"',
                                f'f"{{{fe}:g}}"', f'f"{{{fe}:10.4f}}"', f'f"{{{e}:08b}}"',
                                f'f"{{{e}:+x}}"', f'f"{{{e}:,}}"', f'f"{{{e}:^9}}"',
                                f'format({fe}, ".2f")', f"str(round({fe}, 2))",
                                f'"%.3f|%5d" % ({fe}, {e})', f'str({e} // -3) + ":" + str({e} % -3)',
                                "r0.center(12, '*')", "(r0 + ',').rjust(9)", "r0.swapcase()",
                                "r0.lstrip('-0x')", "r0.upper().replace('E', 'e')",
                                f"r0 + str({b})", "str(lf0[:3])", "r0.title()",
                                f"repr(np.int16({e} % 1000))", f"str(np.uint8({e} % 256))",
                                f"hex(np.int8({e} % 100))", "'|'.join(r0.split('e'))",
                                f"r0 * ({e} % 3)", "r0.expandtabs()", "r0[::-2]"])  # fmt: skip
        made = f"r0 = ({made})[:40]"
        read = self.rng.choice([f"{i} = ({i} + r0.count('0') + r0.rfind('1')) % {M}",
                                f"{i} = int(r0[-3:] or '0', 16)", f"{i} = int(str({e}))",
                                f"{f} = float(str({fe}))", f"{f} = float(repr({fe}))",
                                f"{b} = r0.isdigit() or r0.isalpha()",
                                f"{i} = int(r0, 0) if r0[:2] in ('0x', '0o', '0b') else {i}",
                                f"{i} = int(max(min({fe}, 1e15), -1e15))",
                                f"{b} = r0.startswith(('-', '0x')) and r0.endswith(r0[-1:])",
                                f"{i} = ({i} + len(r0.split())) % {M}"])  # fmt: skip
        return Stmt(made if self.rng.random() < 0.65 else read)


FAMILIES = {"general": Generator, "math": MathGenerator, "scalars": ScalarGenerator}
VALUES = {"math": _edge_values}
LENGTHS = {"math": [0, 1, 2, 3, 4, 5, 7, 8, 13, 33]}

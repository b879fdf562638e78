"""Checks oxjit against the list of Numba's "Supported NumPy features" page (Numba's
docs/source/reference/numpysupported.rst): one small program per function, method, attribute and
ufunc listed there, compiled with `oxjit.njit` and compared with NumPy's result.

    .venv/bin/python scripts/numpy_coverage.py            # every case, a line each
    .venv/bin/python scripts/numpy_coverage.py --missing  # only the ones that fail

A case passes when it compiles and gives NumPy's value (floats to a relative 1e-12, arrays by
shape and dtype too); it reports `error` (the compiler's or the call's first line) or
`differs` otherwise. It is a survey, not a test: docs/numpy-features.md lists what it finds.
"""

import importlib.util
import os
import sys
import tempfile
import warnings

import numpy as np
import oxjit

A = np.arange(1.0, 7.0).reshape(2, 3)
V = np.array([3.0, 1.0, 2.0, 5.0, 4.0])
I = np.array([3, 1, 2, 5, 4])
M = np.array([[4.0, 1.0], [1.0, 3.0]])
Z = np.array([1 + 2j, 3 - 1j])
B = np.array([True, False, True])

# (name, body of `def f(a, v, i, m, z, b)`: one expression)
CASES = [
    # attributes
    ("dtype", "a.dtype == np.float64"),
    ("flags", "(a.flags.contiguous, a.flags.c_contiguous, a.flags.f_contiguous)"),
    ("flat", "a.flat[4]"),
    ("itemsize", "a.itemsize"),
    ("nbytes", "a.nbytes"),
    ("ndim", "a.ndim"),
    ("shape", "a.shape"),
    ("size", "a.size"),
    ("strides", "a.strides"),
    ("T", "a.T"),
    ("real", "z.real"),
    ("imag", "z.imag"),
    # methods
    ("all", "a.all()"),
    ("any", "a.any()"),
    ("clip", "a.clip(2, 4)"),
    ("conj", "z.conj()"),
    ("conjugate", "z.conjugate()"),
    ("cumprod", "a.cumprod()"),
    ("cumsum", "a.cumsum()"),
    ("max", "a.max()"),
    ("mean", "a.mean()"),
    ("min", "a.min()"),
    ("nonzero", "a.nonzero()"),
    ("prod", "a.prod()"),
    ("std", "a.std()"),
    ("take", "a.take(i - 1)"),
    ("var", "a.var()"),
    ("argmax", "a.argmax(axis=1)"),
    ("argmin", "a.argmin(axis=0)"),
    ("argpartition", "np.argpartition(v, 2)[2]"),
    ("argsort", "v.argsort(kind='mergesort')"),
    ("astype", "a.astype(np.int32)"),
    ("copy", "a.copy()"),
    ("dot (method)", "m.dot(m)"),
    ("flatten", "a.flatten()"),
    ("item", "a[1:, 2:].item()"),
    ("itemset", "a.copy().itemset(0, 1.0)"),
    ("ptp (method)", "v.ptp()"),
    ("ravel", "a.ravel()"),
    ("repeat", "v.repeat(2)"),
    ("reshape", "a.reshape(3, 2)"),
    ("sort", "np.sort(v)"),
    ("sum", "a.sum(axis=0, dtype=np.float32)"),
    ("tobytes", "a.tobytes()"),
    ("transpose", "a.transpose()"),
    ("view", "a.view(np.int64)"),
    ("__contains__", "3.0 in a"),
    # linear algebra
    ("dot", "np.dot(m, m)"),
    ("kron", "np.kron(m, m)"),
    ("outer", "np.outer(v, v)"),
    ("trace", "np.trace(m)"),
    ("vdot", "np.vdot(v, v)"),
    ("matmul @", "m @ m"),
    ("linalg.cholesky", "np.linalg.cholesky(m)"),
    ("linalg.cond", "np.linalg.cond(m)"),
    ("linalg.det", "np.linalg.det(m)"),
    ("linalg.eig", "np.linalg.eig(m)[0]"),
    ("linalg.eigh", "np.linalg.eigh(m)[0]"),
    ("linalg.eigvals", "np.linalg.eigvals(m)"),
    ("linalg.eigvalsh", "np.linalg.eigvalsh(m)"),
    ("linalg.inv", "np.linalg.inv(m)"),
    ("linalg.lstsq", "np.linalg.lstsq(m, v[:2])[0]"),
    ("linalg.matrix_power", "np.linalg.matrix_power(m, 3)"),
    ("linalg.matrix_rank", "np.linalg.matrix_rank(m)"),
    ("linalg.norm", "np.linalg.norm(m, 1)"),
    ("linalg.pinv", "np.linalg.pinv(m)"),
    ("linalg.qr", "np.linalg.qr(m)[1]"),
    ("linalg.slogdet", "np.linalg.slogdet(m)"),
    ("linalg.solve", "np.linalg.solve(m, v[:2])"),
    ("linalg.svd", "np.linalg.svd(m, False)[1]"),
    # reductions
    ("diff", "np.diff(v, 2)"),
    ("amin", "np.amin(a)"),
    ("amax", "np.amax(a)"),
    ("median", "np.median(v)"),
    ("nancumprod", "np.nancumprod(v)"),
    ("nancumsum", "np.nancumsum(v)"),
    ("nanmax", "np.nanmax(v)"),
    ("nanmean", "np.nanmean(v)"),
    ("nanmedian", "np.nanmedian(v)"),
    ("nanmin", "np.nanmin(v)"),
    ("nanpercentile", "np.nanpercentile(v, 30.0)"),
    ("nanquantile", "np.nanquantile(v, 0.3)"),
    ("nanprod", "np.nanprod(v)"),
    ("nanstd", "np.nanstd(v, ddof=1)"),
    ("nansum", "np.nansum(v)"),
    ("nanvar", "np.nanvar(v, ddof=1)"),
    ("percentile", "np.percentile(v, 30.0)"),
    ("quantile", "np.quantile(v, 0.3)"),
    ("average", "np.average(v, weights=v)"),
    # polynomials
    ("polynomial.Polynomial", "np.polynomial.polynomial.Polynomial(v).coef"),
    ("polynomial.polyadd", "np.polynomial.polynomial.polyadd(v, v[:2])"),
    ("polynomial.polydiv", "np.polynomial.polynomial.polydiv(v, v[:2])[0]"),
    ("polynomial.polyint", "np.polynomial.polynomial.polyint(v, 2)"),
    ("polynomial.polymul", "np.polynomial.polynomial.polymul(v, v[:2])"),
    ("polynomial.polysub", "np.polynomial.polynomial.polysub(v, v[:2])"),
    ("polynomial.polyval", "np.polynomial.polynomial.polyval(v, v[:3], tensor=False)"),
    ("polynomial.polyadd (lists)", "np.polynomial.polynomial.polyadd([1, 2, 3], (1.5, 2))"),
    ("polynomial.polymul (complex)", "np.polynomial.polynomial.polymul(z, (1, 2))"),
    ("polynomial.polyval (tensor)", "np.polynomial.polynomial.polyval(v[:2], m, True)"),
    ("polynomial.polyint (2-d)", "np.polynomial.polynomial.polyint(a, 2)"),
    ("polyutils.as_series", "np.polynomial.polyutils.as_series((v, v))[0]"),
    ("polyutils.as_series (array)", "np.polynomial.polyutils.as_series(a)[1]"),
    ("polyutils.trimseq", "np.polynomial.polyutils.trimseq(v)"),
    # other functions
    ("allclose", "np.allclose(v, v)"),
    ("append", "np.append(v, v)"),
    ("arange", "np.arange(2, 9, 3)"),
    ("argwhere", "np.argwhere(a > 2)"),
    ("around", "np.around(v / 3, 2)"),
    ("array", "np.array([[1.0, 2.0], [3.0, 4.0]])"),
    ("array_equal", "np.array_equal(v, v)"),
    ("array_split", "np.array_split(v, 2)[1]"),
    ("asarray", "np.asarray(v, np.float32)"),
    ("asarray_chkfinite", "np.asarray_chkfinite(v)"),
    ("ascontiguousarray", "np.ascontiguousarray(a.T)"),
    ("asfortranarray", "np.asfortranarray(a)"),
    ("atleast_1d", "np.atleast_1d(v)"),
    ("atleast_2d", "np.atleast_2d(v)"),
    ("atleast_3d", "np.atleast_3d(v)"),
    ("bartlett", "np.bartlett(5)"),
    ("bincount", "np.bincount(i)"),
    ("blackman", "np.blackman(5)"),
    ("broadcast_to", "np.broadcast_to(v, (2, 5))"),
    ("broadcast_arrays", "np.broadcast_arrays(v, a[:, :1])[1]"),
    ("broadcast_shapes", "np.broadcast_shapes((2, 1), (3,))"),
    ("column_stack", "np.column_stack((v, v))"),
    ("concatenate", "np.concatenate((v, v))"),
    ("convolve", "np.convolve(v, v[:2])"),
    ("copy", "np.copy(a)"),
    ("corrcoef", "np.corrcoef(a)"),
    ("correlate", "np.correlate(v, v[:2])"),
    ("count_nonzero", "np.count_nonzero(a > 2, axis=0)"),
    ("cov", "np.cov(a)"),
    ("cross", "np.cross(v[:3], v[2:])"),
    ("delete", "np.delete(v, 1)"),
    ("diag", "np.diag(m)"),
    ("diagflat", "np.diagflat(v)"),
    ("digitize", "np.digitize(v, np.array([1.5, 3.5]))"),
    ("dsplit", "np.dsplit(a.reshape(1, 2, 3), 3)[0]"),
    ("dstack", "np.dstack((v, v))"),
    ("dtype", "np.dtype(np.float32).itemsize"),
    ("ediff1d", "np.ediff1d(v)"),
    ("empty", "np.empty(3).shape"),
    ("empty_like", "np.empty_like(a).shape"),
    ("expand_dims", "np.expand_dims(v, 0)"),
    ("extract", "np.extract(v > 2, v)"),
    ("eye", "np.eye(3)"),
    ("fill_diagonal", "np.fill_diagonal(m.copy(), 0.0)"),
    ("flatnonzero", "np.flatnonzero(v > 2)"),
    ("flip", "np.flip(a)"),
    ("fliplr", "np.fliplr(a)"),
    ("flipud", "np.flipud(a)"),
    # An array as the buffer (`a.tobytes()` is its own case).
    ("frombuffer", "np.frombuffer(a, np.int32)"),
    ("full", "np.full(3, 2.5)"),
    ("full_like", "np.full_like(a, 2.5)"),
    ("geomspace", "np.geomspace(1.0, 1000.0, 4)"),
    ("hamming", "np.hamming(5)"),
    ("hanning", "np.hanning(5)"),
    ("histogram", "np.histogram(v, 3)[0]"),
    ("hsplit", "np.hsplit(a, 3)[0]"),
    ("hstack", "np.hstack((v, v))"),
    ("identity", "np.identity(3)"),
    ("indices", "np.indices((2, 3))"),
    ("insert", "np.insert(v, 1, 9.0)"),
    ("isclose", "np.isclose(v, v)"),
    ("kaiser", "np.kaiser(5, 2.0)"),
    ("iscomplex", "np.iscomplex(z)"),
    ("iscomplexobj", "np.iscomplexobj(z)"),
    ("isin", "np.isin(v, v[:2])"),
    ("isneginf", "np.isneginf(-v)"),
    ("isposinf", "np.isposinf(v)"),
    ("isreal", "np.isreal(z)"),
    ("isrealobj", "np.isrealobj(v)"),
    ("isscalar", "np.isscalar(3.0)"),
    ("interp", "np.interp(2.5, np.sort(v), v)"),
    ("intersect1d", "np.intersect1d(v, v[:2])"),
    ("linspace", "np.linspace(0.0, 1.0, 5)"),
    ("logspace", "np.logspace(0.0, 2.0, 3)"),
    ("moveaxis", "np.moveaxis(a, 0, 1)"),
    ("nan_to_num", "np.nan_to_num(v / 0.0)"),
    ("ndenumerate", "[x for _, x in np.ndenumerate(a)][4]"),
    ("ndindex", "[k for k in np.ndindex(2, 3)][4]"),
    ("nditer", "[x.item() for x in np.nditer(a)][4]"),
    ("ones", "np.ones(3, np.int32)"),
    ("ones_like", "np.ones_like(a)"),
    ("partition", "np.partition(v, 2)[2]"),
    ("ptp", "np.ptp(v)"),
    ("ravel (function)", "np.ravel(a)"),
    ("repeat (function)", "np.repeat(v, 2)"),
    ("reshape (function)", "np.reshape(a, (3, 2))"),
    ("resize", "np.resize(v, 7)"),
    ("roll", "np.roll(v, 2)"),
    ("roots", "np.roots(np.array([1.0, -3.0, 2.0]))"),
    ("rot90", "np.rot90(a)"),
    ("searchsorted", "np.searchsorted(np.sort(v), 2.5)"),
    ("select", "np.select([v > 3, v < 2], [v, -v])"),
    ("select (broadcast)", "np.select([a > 3, b[:1]], [a, 1.5], v[:3])"),
    ("setxor1d", "np.setxor1d(v, v[:2] + 1)"),
    ("setdiff1d", "np.setdiff1d(v, v[:2])"),
    ("shape (function)", "np.shape(a)"),
    ("sinc", "np.sinc(v / 3)"),
    ("split", "np.split(v[:4], 2)[1]"),
    ("stack", "np.stack((v, v))"),
    ("swapaxes", "np.swapaxes(a, 0, 1)"),
    ("take (function)", "np.take(v, i - 1)"),
    ("take_along_axis", "np.take_along_axis(a, np.argsort(a, axis=1), 1)"),
    ("transpose (function)", "np.transpose(a)"),
    ("trapezoid", "np.trapezoid(v)"),
    ("tri", "np.tri(3, 4, 1)"),
    ("tril", "np.tril(m, 0)"),
    ("tril_indices", "np.tril_indices(3)[1]"),
    ("tril_indices_from", "np.tril_indices_from(m)[1]"),
    ("trim_zeros", "np.trim_zeros(np.array([0.0, 1.0, 0.0]))"),
    ("triu", "np.triu(m, 0)"),
    ("triu_indices", "np.triu_indices(3)[1]"),
    ("triu_indices_from", "np.triu_indices_from(m)[1]"),
    ("union1d", "np.union1d(v, v[:2] + 1)"),
    ("unique", "np.unique(i)"),
    ("unwrap", "np.unwrap(v)"),
    ("vander", "np.vander(v[:3])"),
    ("vsplit", "np.vsplit(a, 2)[0]"),
    ("vstack", "np.vstack((v, v))"),
    ("where", "np.where(v > 2, v, 0.0)"),
    ("zeros", "np.zeros((2, 2), np.int8)"),
    ("zeros_like", "np.zeros_like(a)"),
    # constructors of arrays from sequences, and scalar types
    ("float64(sequence)", "np.float64(v)"),
    ("int32(sequence)", "np.int32(i)"),
    ("intc", "np.intc(3)"),
    ("uintc", "np.uintc(3)"),
    ("uintp", "np.uintp(3)"),
    ("iinfo", "np.iinfo(np.int16).max"),
    ("finfo", "np.finfo(np.float32).eps"),
    # np.random (legacy)
    ("random.rand", "np.random.rand(3).shape"),
    ("random.randint", "np.random.randint(0, 5, 3).shape"),
    ("random.randn", "np.random.randn(3).shape"),
    ("random.random", "np.random.random(3).shape"),
    ("random.random_sample", "np.random.random_sample(3).shape"),
    ("random.ranf", "np.random.ranf(3).shape"),
    ("random.sample", "np.random.sample(3).shape"),
    ("random.choice", "np.random.choice(v, 3).shape"),
    ("random.permutation", "np.random.permutation(v).shape"),
    ("random.dirichlet", "np.random.dirichlet(v).shape"),
    ("random.multinomial", "np.random.multinomial(5, v / v.sum()).shape"),
    ("random.hypergeometric", "np.random.hypergeometric(5, 3, 4) >= 0"),
    ("random.vonmises", "np.random.vonmises(0.0, 1.0) < 4.0"),
    ("random.zipf", "np.random.zipf(2.0) > 0"),
    ("random.logseries", "np.random.logseries(0.5) > 0"),
    ("random.noncentral_chisquare", "np.random.noncentral_chisquare(2.0, 1.0) >= 0"),
    ("random.Generator.integers", "np.random.default_rng(1).integers(0, 5, 3).shape"),
    ("random.Generator.permutation", "np.random.default_rng(1).permutation(v).shape"),
    ("random.Generator.zipf", "np.random.default_rng(1).zipf(2.0) > 0"),
    # stride tricks
    ("as_strided", "np.lib.stride_tricks.as_strided(v, (2, 2), (8, 8))"),
    ("sliding_window_view", "np.lib.stride_tricks.sliding_window_view(v, 3)"),
]

UNARY_UFUNCS = [
    "negative",
    "abs",
    "absolute",
    "fabs",
    "rint",
    "sign",
    "conj",
    "conjugate",
    "exp",
    "exp2",
    "log",
    "log2",
    "log10",
    "expm1",
    "log1p",
    "sqrt",
    "square",
    "cbrt",
    "reciprocal",
    "sin",
    "cos",
    "tan",
    "arcsin",
    "arccos",
    "arctan",
    "sinh",
    "cosh",
    "tanh",
    "arcsinh",
    "arccosh",
    "arctanh",
    "deg2rad",
    "rad2deg",
    "degrees",
    "radians",
    "isfinite",
    "isinf",
    "isnan",
    "signbit",
    "floor",
    "ceil",
    "trunc",
    "spacing",
    "modf",
    "frexp",
]
BINARY_UFUNCS = [
    "add",
    "subtract",
    "multiply",
    "divide",
    "logaddexp",
    "logaddexp2",
    "true_divide",
    "floor_divide",
    "power",
    "float_power",
    "remainder",
    "mod",
    "fmod",
    "divmod",
    "arctan2",
    "hypot",
    "greater",
    "greater_equal",
    "less",
    "less_equal",
    "not_equal",
    "equal",
    "logical_and",
    "logical_or",
    "logical_xor",
    "maximum",
    "minimum",
    "fmax",
    "fmin",
    "copysign",
    "nextafter",
]
INT_UFUNCS = ["gcd", "lcm", "bitwise_and", "bitwise_or", "bitwise_xor", "left_shift", "right_shift"]
INT_UNARY = ["bitwise_not", "invert", "logical_not"]

for name in UNARY_UFUNCS:
    arg = "v / 7" if name.startswith("arc") and name not in ("arccosh", "arcsinh") else "v"
    CASES.append((f"ufunc {name} (array)", f"np.{name}({arg})"))
    CASES.append((f"ufunc {name} (number)", f"np.{name}(({arg})[1])"))
for name in BINARY_UFUNCS:
    CASES.append((f"ufunc {name} (array)", f"np.{name}(v, v[::-1])"))
    CASES.append((f"ufunc {name} (number)", f"np.{name}(v[0], v[1])"))
for name in INT_UFUNCS:
    CASES.append((f"ufunc {name} (array)", f"np.{name}(i, i[::-1])"))
for name in INT_UNARY:
    CASES.append((f"ufunc {name} (array)", f"np.{name}(i)"))
CASES.append(("ufunc ldexp (array)", "np.ldexp(v, i)"))
CASES.append(("ufunc ldexp (number)", "np.ldexp(v[0], 3)"))


def same(x, y):
    if isinstance(x, tuple) or isinstance(y, tuple):
        return (
            isinstance(x, tuple)
            and isinstance(y, tuple)
            and len(x) == len(y)
            and all(same(p, q) for p, q in zip(x, y))
        )
    if isinstance(x, list):
        return isinstance(y, list) and len(x) == len(y) and all(same(p, q) for p, q in zip(x, y))
    if isinstance(x, np.ndarray) or isinstance(y, np.ndarray):
        x, y = np.asarray(x), np.asarray(y)
        if x.shape != y.shape or x.dtype != y.dtype:
            return False
    try:
        if np.asarray(x).dtype.kind in "fc":
            return bool(np.allclose(x, y, rtol=1e-12, atol=0, equal_nan=True))
        return bool(np.all(np.asarray(x) == np.asarray(y)))
    except (TypeError, ValueError):
        return x == y


def first_line(e):
    text = str(e).strip().splitlines()
    line = next((t for t in text if "Error" in t or "error" in t), text[0] if text else "")
    return f"{type(e).__name__}: {line.strip()[:150]}"


def load_cases():
    """The cases as functions of a module written to a temporary file (oxjit compiles from
    source, which functions made by `exec` have none of)."""
    lines = ["import numpy as np", ""]
    for k, (_, body) in enumerate(CASES):
        lines += [f"def case_{k}(a, v, i, m, z, b):", f"    return {body}", ""]
    folder = tempfile.mkdtemp(prefix="numpy_coverage_")
    path = os.path.join(folder, "coverage_cases.py")
    with open(path, "w") as f:
        f.write("\n".join(lines))
    spec = importlib.util.spec_from_file_location("coverage_cases", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return [getattr(module, f"case_{k}") for k in range(len(CASES))]


def run(name, fn):
    args = (A.copy(), V.copy(), I.copy(), M.copy(), Z.copy(), B.copy())
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            expected = fn(*args)
    except Exception as e:  # noqa: BLE001 - NumPy itself refuses it: nothing to compare
        return "numpy", first_line(e)
    args = (A.copy(), V.copy(), I.copy(), M.copy(), Z.copy(), B.copy())
    try:
        got = oxjit.njit(fn)(*args)
    except Exception as e:  # noqa: BLE001 - the outcome being surveyed
        return "error", first_line(e)
    if name.startswith("random") or same(expected, got):
        return "ok", ""
    return "differs", f"NumPy {expected!r}, oxjit {got!r}"[:200]


def main():
    only_missing = "--missing" in sys.argv
    counts = {}
    for (name, _), fn in zip(CASES, load_cases()):
        status, detail = run(name, fn)
        counts[status] = counts.get(status, 0) + 1
        if status != "ok" or not only_missing:
            print(f"{status:8} {name:34} {detail}")
    print(", ".join(f"{k}: {v}" for k, v in sorted(counts.items())))


if __name__ == "__main__":
    main()

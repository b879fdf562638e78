"""What running the small functions of Numba's own test suite turned up (bench/numba_usecases.py
runs them all, with the arguments Numba's tests give them): the functions of `operator`, `~` and
unary `-` of narrow unsigned integers, `*` unpacking in a tuple display."""

import operator
from operator import add, contains, getitem, mul, neg, not_, truth

import numpy as np
import pytest
from conftest import assert_same
from oxjit import types
from oxjit.typed import Dict

# ---------------------------------------------------------------------------------------------
# `operator`'s functions (test_operators' FunctionalOperatorImpl, test_builtins' truth_usecase)


def binary_ops(x, y):
    return (
        operator.add(x, y),
        operator.sub(x, y),
        operator.mul(x, y),
        operator.truediv(x, y),
        operator.floordiv(x, y),
        operator.mod(x, y),
        operator.pow(x, 2),
        operator.eq(x, y),
        operator.ne(x, y),
        operator.lt(x, y),
        operator.le(x, y),
        operator.gt(x, y),
        operator.ge(x, y),
    )


def int_ops(x, y):
    return (
        operator.lshift(x, 2),
        operator.rshift(x, 1),
        operator.and_(x, y),
        operator.or_(x, y),
        operator.xor(x, y),
        operator.invert(x),
        operator.inv(y),
        operator.neg(x),
        operator.pos(y),
        operator.abs(-x),
        operator.index(x),
        operator.truth(y),
        operator.not_(x),
    )


def inplace_ops(x, y):
    a = operator.iadd(x, y)
    a = operator.isub(a, 1)
    a = operator.imul(a, y)
    a = operator.ifloordiv(a, 3)
    a = operator.imod(a, 1000)
    a = operator.ilshift(a, 2)
    a = operator.irshift(a, 1)
    a = operator.ior(a, 1)
    a = operator.iand(a, 255)
    a = operator.ixor(a, 7)
    return a, operator.itruediv(a, 2), operator.ipow(a, 2)


def imported_names(t, x):
    # `from operator import ...`
    return add(t[0], x), mul(x, 2), neg(x), truth(x), not_(x), contains(t, x), getitem(t, 1)


def containers(a, s):
    operator.setitem(a, 0, 10.5)
    return float(operator.getitem(a, 1)), operator.contains(s, "b"), operator.concat(s, "!"), a


def on_arrays(a, b):
    return operator.add(a, b), operator.mul(a, 2.0), operator.neg(b), float(operator.matmul(a, b))


def held_in_a_variable(x, y):
    f = operator.mul
    return f(x, y), operator.is_(x, y), operator.is_not(None, y)


def list_inplace(a, b):
    c = operator.iadd(a, b)
    return c, a


def zero_division(x):
    return operator.floordiv(x, 0)


@pytest.mark.parametrize("x, y", [(7, 3), (-7, 2), (2.5, -0.5), (3, 1.5)])
def test_binary_functions_of_operator(x, y):
    assert_same(binary_ops, x, y)


@pytest.mark.parametrize("x, y", [(12, 10), (-5, 3), (0, 0)])
def test_integer_functions_of_operator(x, y):
    assert_same(int_ops, x, y)
    assert_same(inplace_ops, x, y + 1)


def test_imported_names_containers_arrays():
    assert_same(imported_names, (1, 2, 3), 2)
    assert_same(imported_names, (1.5, 2.5), 0)
    assert_same(containers, np.arange(3.0), "abc")
    assert_same(on_arrays, np.arange(3.0), np.ones(3))
    assert_same(held_in_a_variable, 3, 4)
    assert_same(list_inplace, [1, 2], [3])


def test_operator_errors_as_the_operator():
    assert_same(zero_division, 5)


# ---------------------------------------------------------------------------------------------
# `~` and unary `-` of narrow integers are computed in their own width, then widened, as Numba
# and NumPy do (test_operators' bitwise_not_usecase_binary: `~np.uint32(0)` was 2**64 - 1)


def invert(x):
    return int(~x)


def negate(x):
    return int(-x)


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # NumPy's, of -np.int8(-128)
@pytest.mark.parametrize(
    "x",
    [
        np.uint32(0),
        np.uint32(5),
        np.uint8(3),
        np.uint16(1),
        np.int8(-128),
        np.int8(3),
        np.int16(5),
        np.int32(-7),
        12,
        np.bool_(True),
        np.bool_(False),
    ],
)
def test_invert_and_negate_in_the_operand_width(x):
    assert_same(invert, x)
    if not isinstance(x, (bool, np.bool_)):
        assert_same(negate, x)


# ---------------------------------------------------------------------------------------------
# `*` in a tuple display (test_tuples' TestTupleBuild)


def star_tuples(a, b):
    return (*a, *b), (*a,), (1, *a, 2, *b, 3), (*(), *b), (*a, (*b, 4))


def star_empty():
    t = ()
    return (*t,), (*t, 1)


def test_star_unpacking_in_a_tuple():
    assert_same(star_tuples, (1, 2), (3.5, "x"))
    assert_same(star_tuples, (), (1,))
    assert_same(star_empty)


# ---------------------------------------------------------------------------------------------
# `np.arange(stop, step=s)` took no step (test_array_methods' np_arange_1_step), `np.tri` of a
# negative size raised (NumPy makes an empty array), `len(range(...))` was refused (test_range)


def arange_stop_step(stop, step):
    return np.arange(stop, step=step)


def arange_step_keyword(x):
    return np.arange(7, step=max(1, abs(x)))


@pytest.mark.parametrize("stop, step", [(-8, -1), (10, 3), (7.5, 2), (5, -1), (0, 2), (3, 0)])
def test_arange_of_a_stop_and_a_step(stop, step):
    assert_same(arange_stop_step, stop, step)


@pytest.mark.parametrize("x", [0, 4, -3, 9])
def test_arange_step_keyword(x):
    assert_same(arange_step_keyword, x)


def tri(n, m, k):
    return np.tri(n), np.tri(n, m), np.tri(n, m, k), np.tri(n, k=k)


@pytest.mark.parametrize("n, m, k", [(3, 4, 1), (-2, 3, 0), (3, -1, -1), (0, 0, 2), (-5, -5, 0)])
def test_tri_of_negative_sizes(n, m, k):
    assert_same(tri, n, m, k)


def range_lengths(a, b, c):
    return len(range(a)), len(range(a, b)), len(range(a, b, c)), len(range(b, a, -c))


@pytest.mark.parametrize("a, b, c", [(5, 20, 3), (0, 0, 1), (-7, 7, 2), (10, -10, 4), (3, 4, 9)])
def test_len_of_a_range(a, b, c):
    assert_same(range_lengths, a, b, c)


# ---------------------------------------------------------------------------------------------
# `x ** 0.5` of a float is the C library's pow, as CPython's: LLVM made it `sqrt(x)`, a last-bit
# difference now and then (test_array_exprs' distance_matrix)


def half_power(x):
    return x**0.5, x**1.5, x**2.0, x**-0.5


def half_power_of_a_variable(x, y):
    return x**y


@pytest.mark.parametrize("x", [0.39667776023692186, 2.0, 1e-300, 0.0, 123456.789])
def test_power_by_one_half_is_pow(x):
    assert_same(half_power, x)
    assert_same(half_power_of_a_variable, x, 0.5)


# ---------------------------------------------------------------------------------------------
# `np.array(l)` of a list of numbers, or of lists of them (test_dyn_array, test_np_functions,
# test_mixed_tuple_unroller...: the most common error of the 35 modules run next)


def array_of_list(a):
    return np.array(a)


def array_of_list_as(a):
    return np.array(a, dtype=np.float32), np.array(a, np.complex128)


def array_of_built_lists(n):
    rows = [[i * j - 1 for j in range(3)] for i in range(n)]
    flat = [x / 2 for x in range(n)]
    return np.array(rows), np.array(flat), np.array([[x > 1 for x in r] for r in rows])


@pytest.mark.parametrize(
    "a",
    [
        [1, 2, 3],
        [1.5, -2.0],
        [True, False],
        [1j, 2],
        [[1, 2], [3, 4], [5, 6]],
        [[[1.0, 2.0]], [[3.0, 4.0]]],
        [[1, 2], [3]],  # NumPy's ValueError: not rectangular
        [[1], []],
        [[[1, 2]], [[3]]],
        [[[1, 2]], [[3, 4], [5, 6]]],
    ],
)
def test_array_of_a_list(a):
    assert_same(array_of_list, a)


def test_array_of_a_list_with_a_dtype():
    assert_same(array_of_list_as, [1, 2, 3])
    assert_same(array_of_list_as, [[0.5], [2.5]])


@pytest.mark.parametrize("n", [1, 4])
def test_array_of_lists_built_inside(n):
    assert_same(array_of_built_lists, n)


# ---------------------------------------------------------------------------------------------
# np.angle (test_np_functions' angle1/angle2: "not supported yet" before)


def angle_of_scalar(z, deg):
    return float(np.angle(z)), float(np.angle(z, deg))


def angle_of_array(z, deg):
    return np.angle(z), np.angle(z, deg=deg)


@pytest.mark.parametrize("z", [1.0, -1.0, -0.0, 0.5, 3, -2, 1 + 1j, -1 - 0j, -2j, complex("nan")])
@pytest.mark.parametrize("deg", [False, True])
def test_angle_of_a_scalar(z, deg):
    assert_same(angle_of_scalar, z, deg)


@pytest.mark.parametrize(
    "z",
    [
        np.array([1.0, -1.0, -0.0, np.inf, np.nan]),
        np.array([[1 + 2j, -3j], [-1 + 0j, 0j]]),
        np.array([1, -2, 0]),
        np.array([1.5, -2.0], np.float32),
    ],
)
@pytest.mark.parametrize("deg", [False, True])
def test_angle_of_an_array(z, deg):
    assert_same(angle_of_array, z, deg)


# ---------------------------------------------------------------------------------------------
# ints of another width stored in and looked up in a typed dict of int32 (test_dictobject's
# TestDictRefctTypes: "cannot store a value of type int64 in a dict(unicode_type, int32)")


def dict_of_int32_values(n):
    d = Dict.empty(key_type=types.unicode_type, value_type=types.int32)
    d["123"] = 123
    for i in range(n):
        d[str(i)] = i * 3
    d["123"] = 231
    return [(k, int(v)) for k, v in d.items()], int(d["123"]) + 1


def dict_of_int32_keys(n):
    d = Dict.empty(types.int32, types.unicode_type)
    d[123] = "123"
    for i in range(n):
        d[i] = str(-i)
    d[np.int16(7)] = "seven"
    found = [d[i] for i in range(n) if i in d]
    return [(int(k), v) for k, v in d.items()], d[123], found, d.get(1000, "none")


@pytest.mark.parametrize("n", [0, 3, 10])
def test_typed_dict_of_int32_takes_other_ints(n):
    assert_same(dict_of_int32_values, n)
    assert_same(dict_of_int32_keys, n)


# ---------------------------------------------------------------------------------------------
# `numba.typed.dictobject.new_dict(key, value)`: Numba's own name for `Dict.empty`, which its
# dict tests build every dict with ("'numba.typed.dictobject.new_dict' cannot be used")


def new_dict_filled(keys, vals, target):
    from oxjit.typed import dictobject

    d = dictobject.new_dict(types.int32, types.float64)
    for k, v in zip(keys, vals):
        d[k] = v
    out = [d.get(t) for t in target]
    k, v = d.popitem()
    return out, int(k), v, len(d), d.pop(keys[0], -1.0), bool(d)


def new_dict_sized(n):
    from oxjit.typed.dictobject import new_dict

    d = new_dict(types.unicode_type, types.int64, n_keys=n)
    for i in range(n):
        d[str(i)] = i * i
    return sorted(d.values()), d


@pytest.mark.parametrize("n", [0, 1, 5])
def test_dictobject_new_dict_is_dict_empty(n):
    keys = list(range(1, n + 2))
    assert_same(new_dict_filled, keys, [k / 2 for k in keys], [1, n + 5, 2])
    assert_same(new_dict_sized, n)


# ---------------------------------------------------------------------------------------------
# `dict(pairs)` of pairs that are no mapping (test_dicts' test_use_dict_iterable_args,
# test_ctor_iterable_tuple: "global 'dict' cannot be used in compiled code")


def dict_of_zip(a, b):
    return dict(zip(a, b))


def dict_of_displays(n):
    k = -1  # the comprehension's names do not leak into the function's
    people = dict([("sape", 4139), ("guido", 4127), ("jack", 4098)])  # noqa: C406 - the call is the test
    return people, dict(((1, 2), (1, 3))), dict((k, k * k) for k in range(n)), k  # noqa: C402, C406


def dict_of_enumerate(s):
    return dict(enumerate(s)), dict([(x, i) for i, x in enumerate(s)])  # noqa: C404


def dict_of_a_dict(d):
    return dict(d)


@pytest.mark.parametrize(
    "a, b", [([1, 2, 3], [4, 5, 6]), ([1, 2, 3], "abc"), ([1, 2, 3, 4], "abc"), ([], [])]
)
def test_dict_of_pairs(a, b):
    assert_same(dict_of_zip, a, b)


@pytest.mark.parametrize("n", [0, 4])
def test_dict_of_displays_and_enumerate(n):
    assert_same(dict_of_displays, n)
    assert_same(dict_of_enumerate, "abca"[:n])


def test_dict_of_a_dict_stays_refused():
    from oxjit import njit
    from oxjit.errors import UnsupportedError

    # `dict(d)` copies a mapping: not iterated as pairs (d's keys are pairs here)
    with pytest.raises(UnsupportedError, match=r"dict\(d\) of a mapping is not supported"):
        njit(dict_of_a_dict)({(1, 2): 3})


# ---------------------------------------------------------------------------------------------
# The same list, dict or set passed twice (test_lists' reflect_dual): one container, as in
# Python (it was two copies: `l is ll` false, and the changes through one name lost)


def append_popped(a, b):
    a.append(b.pop())
    return a is b, len(a), len(b)


def dict_twice(a, b):
    a[9] = len(b)
    return a is b, len(b)


def set_twice(a, b):
    a.add(7)
    b.discard(1)
    return a is b, len(a)


def test_same_list_twice():
    lst = [1, 2, 3]
    assert_same(append_popped, lst, lst)
    assert_same(append_popped, [1, 2, 3], [4, 5])


def test_same_dict_and_set_twice():
    d = {1: 2}
    assert_same(dict_twice, d, d)
    assert_same(dict_twice, {1: 2}, {1: 2})
    s = {1, 2}
    assert_same(set_twice, s, s)
    assert_same(set_twice, {1, 2}, {1, 2})


# ---------------------------------------------------------------------------------------------
# `isinstance(x, bytes)` (test_builtins' isinstance_usecase): bytes arguments have a type of
# their own, so a read-only uint8 array (once what a bytes argument became) answers False


def bytes_or_not(a):
    if isinstance(a, bytes):
        return "bytes"
    return "no match"


def test_isinstance_bytes():
    readonly = np.frombuffer(b"abc", np.uint8)
    assert not readonly.flags.writeable
    for arg in (b"abc", b"", 1.5, np.zeros(3, np.uint8), readonly):
        assert_same(bytes_or_not, arg)


# ---------------------------------------------------------------------------------------------
# `np.clip` with a `None` bound and `out=` (test_array_methods' np_clip, array_clip)


def clip_positional_out(a, lo, hi, out):
    return np.clip(a, lo, hi, out)


def clip_keyword_out(a, lo, hi, out):
    return np.clip(a, lo, hi, out=out)


def clip_method(a, lo, hi, out):
    return a.clip(lo, hi, out)


def clip_method_one_bound(a):
    return a.clip(2), a.clip(None, 2.5), np.clip(a, a_max=3, a_min=None)


CLIP_ARRAYS = [
    np.array([3.0, -1.5, np.nan, 7.25, 0.0, -0.0]),
    np.arange(12, dtype=np.int32).reshape(3, 4),
    np.arange(6, dtype=np.float32)[::2],
]


@pytest.mark.parametrize("f", [clip_positional_out, clip_keyword_out, clip_method])
@pytest.mark.parametrize("k", range(len(CLIP_ARRAYS)))
@pytest.mark.parametrize(
    "lo, hi", [(1, 5), (None, 5), (1.5, None), (None, None), (np.nan, 4.0), (3, 1)]
)
def test_clip_bounds_and_out(f, k, lo, hi):
    a = CLIP_ARRAYS[k]
    assert_same(f, a, lo, hi, None)
    assert_same(f, a, lo, hi, np.zeros(a.shape, np.float64))
    assert_same(f, a, np.zeros(a.shape[-1]) + 2, hi, np.zeros(a.shape, np.float64))


def test_clip_out_casting_and_one_bound():
    from oxjit import njit

    for k in range(len(CLIP_ARRAYS)):
        assert_same(clip_method_one_bound, CLIP_ARRAYS[k])
    # float results into an int array: NumPy's same_kind rule refuses it
    with pytest.raises(Exception, match="Cannot cast ufunc 'clip' output"):
        njit(clip_keyword_out)(np.ones(3), 0.5, 2.0, np.zeros(3, np.int64))


# ---------------------------------------------------------------------------------------------
# `getattr(obj, "name")` with a string literal (test_builtins' TestGetattrBuiltin)


def getattr_ndim(x):
    return getattr(x, "ndim"), getattr(np, "pi"), getattr(x, "shape")[0]  # noqa: B009 - the call is the test


def test_getattr_literal_name():
    assert_same(getattr_ndim, np.zeros((2, 3)))
    assert_same(getattr_ndim, np.zeros(4))

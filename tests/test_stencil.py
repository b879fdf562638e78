"""@stencil (oxjit.stencil): each result compared exactly (values, dtype, layout) with a
plain-Python reference that runs the kernel itself at every interior cell with relative
indexing, cval on the border; from Python and from @njit code; and every error path."""

import inspect
import itertools
import warnings

import numpy as np
import oxjit
import pytest
from conftest import same_array
from oxjit.errors import NumbaValueError, TypingError

pytestmark = pytest.mark.requires_jit


class _Relative:
    """An array seen from one cell: ``r[-1, 0]`` is the item one row up."""

    def __init__(self, array, at):
        self.array, self.at = array, at

    def __getitem__(self, key):
        key = key if isinstance(key, tuple) else (key,)
        return self.array[tuple(i + k for i, k in zip(self.at, key))]


def reference(st, args, lohi, dtype, cval=0, standard=()):
    """What the stencil must return: the kernel (run by CPython on NumPy scalars) at each cell
    of the interior that the neighborhood ``lohi`` leaves, ``cval`` elsewhere."""
    kernel = st.py_func
    names = list(inspect.signature(kernel).parameters)
    first = args[0]
    out = np.full(first.shape, cval, dtype=dtype)
    ranges = [range(-min(0, lo), n - max(0, hi)) for (lo, hi), n in zip(lohi, first.shape)]
    for at in itertools.product(*ranges):
        call = [
            _Relative(x, at) if isinstance(x, np.ndarray) and name not in standard else x
            for name, x in zip(names, args)
        ]
        with np.errstate(over="ignore"):  # unsigned differences wrap, as compiled
            out[at] = kernel(*call)
    return out


def check(st, args, lohi, dtype, **ref_options):
    got = st(*args)
    want = reference(st, args, lohi, dtype, **ref_options)
    assert same_array(got, want), (got, want)
    return got


# ------------------------------------------------------------------ kernels


@oxjit.stencil
def diff1(a):
    return a[1] - a[-1]


@oxjit.stencil
def avg4(a):
    return 0.25 * (a[-1, 0] + a[1, 0] + a[0, -1] + a[0, 1])


@oxjit.stencil
def lap3(a):
    return a[0, 0, 1] + a[0, 0, -1] + a[0, 1, 0] + a[0, -1, 0] + a[1, 0, 0] - 5 * a[0, 0, 0]


@oxjit.stencil(cval=-7)
def shifted(a):
    return a[2, 1] + a[0, -1]


@oxjit.stencil(cval=1.5)
def mixed(a, b, w):
    return w * a[0, 1] - b[-1, 0]


@oxjit.stencil(neighborhood=((-3, 0),))
def trailing_mean(a):
    s = 0.0
    for i in range(-3, 1):
        s += a[i]
    return s / 4


@oxjit.stencil(neighborhood=((-2, 2), (-1, 1)))
def wide_but_small(a):
    return a[0, 0] * 2


@oxjit.stencil(standard_indexing=("w",))
def weighted(a, w):
    return a[-1] * w[0] + a[0] * w[1] + a[1] * w[2]


@oxjit.stencil
def branchy(a):
    if a[0] > 0:
        return a[-1]
    return a[1] * 10


@oxjit.stencil
def rising(a):
    return a[-1] < a[1]


@oxjit.stencil
def scaled(a, k=3):
    return a[0, 1] * k


# ------------------------------------------------------------------ from Python


# Scalar arithmetic types as in Numba (and oxjit's @njit): small integers widen to 64 bits.
@pytest.mark.parametrize(
    "dtype, result",
    [
        (np.int64, np.int64),
        (np.int32, np.int64),
        (np.uint8, np.uint64),
        (np.float64, np.float64),
        (np.float32, np.float32),
    ],
)
def test_1d_result_type_is_the_kernels(dtype, result):
    a = (np.arange(11) ** 2 % 17).astype(dtype)
    got = diff1(a)
    assert same_array(got, reference(diff1, (a.astype(result),), [(-1, 1)], result))


def test_2d_float_and_float32():
    a = np.random.default_rng(1).random((6, 7))
    check(avg4, (a,), [(-1, 1), (-1, 1)], np.float64)
    # Scalar typing as in Numba: float32 sums, times a float64 constant, give float64.
    a32 = a.astype(np.float32)
    want = np.zeros(a.shape)
    sums = a32[:-2, 1:-1] + a32[2:, 1:-1] + a32[1:-1, :-2] + a32[1:-1, 2:]
    want[1:-1, 1:-1] = 0.25 * sums.astype(np.float64)
    assert same_array(avg4(a32), want)


def test_2d_int_input_gives_float_output():
    a = np.arange(30, dtype=np.int64).reshape(5, 6) ** 2
    check(avg4, (a,), [(-1, 1), (-1, 1)], np.float64)


def test_3d_int32():
    a = (np.arange(4 * 5 * 6, dtype=np.int32) % 13).reshape(4, 5, 6)
    got = lap3(a)
    lohi = [(0, 1), (-1, 1), (-1, 1)]  # no a[-1, ., .]: the first plane is computed
    assert same_array(got, reference(lap3, (a.astype(np.int64),), lohi, np.int64))


def test_asymmetric_offsets_and_cval():
    a = np.arange(42, dtype=np.int64).reshape(6, 7)
    got = check(shifted, (a,), [(0, 2), (-1, 1)], np.int64, cval=-7)
    assert (got[-2:] == -7).all() and (got[:, 0] == -7).all() and got[0, 1] != -7


def test_several_arrays_and_a_scalar():
    rng = np.random.default_rng(2)
    a, b = rng.random((5, 6)), rng.random((5, 6))
    check(mixed, (a, b, 2.5), [(-1, 0), (0, 1)], np.float64, cval=1.5)
    ai, bi = np.arange(30).reshape(5, 6), np.ones((5, 6), dtype=np.int64)
    # The kernel's type decides (int64): the float cval is converted as NumPy converts (to 1).
    got = check(mixed, (ai, bi, 3), [(-1, 0), (0, 1)], np.int64, cval=1.5)
    assert got[0, 0] == 1


def test_neighborhood_with_a_loop_variable():
    a = np.arange(12, dtype=np.float64) ** 1.5
    check(trailing_mean, (a,), [(-3, 0)], np.float64)


def test_neighborhood_wider_than_the_kernel():
    a = np.arange(35, dtype=np.int64).reshape(7, 5)
    got = check(wide_but_small, (a,), [(-2, 2), (-1, 1)], np.int64)
    assert (got[:2] == 0).all() and got[2, 1] == 2 * a[2, 1]


def test_standard_indexing():
    a = np.arange(10, dtype=np.float64)
    w = np.array([0.5, -1.0, 2.0])
    check(weighted, (a, w), [(-1, 1)], np.float64, standard=("w",))


def test_kernel_with_several_returns_and_bool_result():
    a = np.array([3, -1, 4, -1, 5, -9, 2, 6], dtype=np.int64)
    check(branchy, (a,), [(-1, 1)], np.int64)
    check(rising, (a,), [(-1, 1)], np.bool_)


def test_default_argument_and_complex():
    a = np.arange(12, dtype=np.float64).reshape(3, 4)
    check(scaled, (a,), [(0, 0), (0, 1)], np.float64)
    check(scaled, (a, 0.5), [(0, 0), (0, 1)], np.float64)
    c = a + 1j * a[::-1]
    check(scaled, (c, 2), [(0, 0), (0, 1)], np.complex128)


def test_strided_and_fortran_inputs():
    base = np.arange(80, dtype=np.float64).reshape(8, 10)
    check(avg4, (base[:, ::2],), [(-1, 1), (-1, 1)], np.float64)
    check(avg4, (np.asfortranarray(base),), [(-1, 1), (-1, 1)], np.float64)
    ro = base.copy()
    ro.flags.writeable = False
    check(avg4, (ro,), [(-1, 1), (-1, 1)], np.float64)


def test_array_smaller_than_the_kernel_is_all_cval():
    for n in (0, 1, 2):
        a = np.arange(n * 3, dtype=np.int64).reshape(n, 3)
        got = check(shifted, (a,), [(0, 2), (-1, 1)], np.int64, cval=-7)
        assert (got == -7).all()


def test_nan_cval():
    @oxjit.stencil(cval=np.nan)
    def k(a):
        return a[-1] + a[1]

    a = np.arange(5.0)
    check(k, (a,), [(-1, 1)], np.float64, cval=np.nan)


def test_out_without_cval_leaves_the_border():
    a = np.arange(20.0).reshape(4, 5)
    out = np.full((4, 5), 99.0)
    got = avg4(a, out=out)
    assert got is out
    want = reference(avg4, (a,), [(-1, 1), (-1, 1)], np.float64)
    want[0, :] = want[-1, :] = want[:, 0] = want[:, -1] = 99.0
    assert same_array(out, want)


def test_out_with_cval_fills_it_first():
    a = np.arange(42, dtype=np.int64).reshape(6, 7)
    out = np.full((6, 7), 99, dtype=np.int64)
    assert shifted(a, out=out) is out
    assert same_array(out, reference(shifted, (a,), [(0, 2), (-1, 1)], np.int64, cval=-7))


def test_out_of_another_dtype_takes_the_values_converted():
    a = np.arange(10, dtype=np.int64)
    out = np.zeros(10, dtype=np.float32)
    diff1(a, out=out)
    want = reference(diff1, (a,), [(-1, 1)], np.int64).astype(np.float32)
    assert same_array(out, want)


def test_closure_variable_is_frozen_at_first_call():
    scale = 3

    @oxjit.stencil
    def k(a):
        return a[0] * scale + a[1]

    a = np.arange(6, dtype=np.int64)
    check(k, (a,), [(0, 1)], np.int64)


def test_a_larger_secondary_array_is_accepted_as_in_numba():
    a = np.arange(30.0).reshape(5, 6)
    b = np.ones((6, 8))
    got = mixed(a, b, 1.0)
    want = reference(mixed, (a, b[:5, :6], 1.0), [(-1, 0), (0, 1)], np.float64, cval=1.5)
    assert same_array(got, want)


def test_specializations_are_reused():
    a = np.arange(9.0)
    diff1(a)
    n = len(diff1._wrappers)
    diff1(a + 1)
    assert len(diff1._wrappers) == n


# ------------------------------------------------------------------ from compiled code


@oxjit.njit
def call_avg4(a):
    return avg4(a)


@oxjit.njit
def call_mixed_twice(a, b):
    return mixed(a, b, 2.0) + mixed(b, a, 0.5)


@oxjit.njit
def call_with_out(a, out):
    weighted(a, np.array([1.0, 2.0, 3.0]), out=out)
    return out


@oxjit.njit
def call_diff1_int(a):
    return diff1(a)


def test_called_from_njit():
    a = np.random.default_rng(3).random((6, 5))
    assert same_array(call_avg4(a), avg4(a))
    assert same_array(call_avg4(a.astype(np.float32)), avg4(a.astype(np.float32)))
    b = np.random.default_rng(4).random((6, 5))
    assert same_array(call_mixed_twice(a, b), mixed(a, b, 2.0) + mixed(b, a, 0.5))
    ai = np.arange(7, dtype=np.int16)
    assert same_array(call_diff1_int(ai), diff1(ai))


@oxjit.njit
def call_scaled(a):
    return scaled(a), scaled(a, 0.5)


def test_called_from_njit_with_a_default_argument():
    a = np.arange(12, dtype=np.float64).reshape(3, 4)
    got_default, got_half = call_scaled(a)
    assert same_array(got_default, scaled(a)) and same_array(got_half, scaled(a, 0.5))


def test_called_from_njit_with_out():
    a = np.arange(8.0)
    out = np.full(8, -1.0)
    got = call_with_out(a, out)
    w = np.array([1.0, 2.0, 3.0])
    want = reference(weighted, (a, w), [(-1, 1)], np.float64, standard=("w",))
    want[0] = want[-1] = -1.0
    assert same_array(got, want) and same_array(out, want)


def test_called_from_a_parallel_function():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # parallel=True may warn that it is not honoured yet

        @oxjit.njit(parallel=True)
        def par(a):
            return avg4(a) * 2.0

    a = np.random.default_rng(5).random((40, 30))
    assert same_array(par(a), avg4(a) * 2.0)
    # The call site in a parallel function got a wrapper of its own, compiled with
    # parallel=True (its outer loop a prange): key (ndim, dtype, out=, parallel, arrays).
    assert (2, "float64", False, True, (2,)) in avg4._wrappers


def test_parallel_wrapper_runs_on_the_pool():
    @oxjit.stencil
    def who(a):
        return a[0, 0] * 0 + oxjit.get_thread_id()

    @oxjit.njit(parallel=True)
    def par(a):
        return who(a)

    @oxjit.njit
    def ser(a):
        return who(a)

    # get_thread_id: 0 outside the pool and on the calling thread (which runs chunks too), 1 to
    # the pool's size in its workers. A worker takes chunks once it wakes: over a few long
    # calls, one does.
    size = oxjit.parallel.pool_size()
    a = np.zeros((200_000, 3))
    assert set(np.unique(ser(a)).tolist()) == {0.0}
    seen = set()
    for _ in range(20):
        seen |= set(np.unique(par(a)).tolist())
        if size == 1 or seen - {0.0}:
            break
    assert seen <= set(range(size + 1)), seen
    assert size == 1 or seen - {0.0}, seen


def test_called_from_njit_error_names_the_call():
    @oxjit.stencil
    def bad(a, i):
        return a[i]

    @oxjit.njit
    def caller(a):
        return bad(a, 1)

    with pytest.raises(TypingError, match=r"'neighborhood' option required") as info:
        caller(np.arange(4.0))
    assert "test_stencil.py:" in str(info.value)
    line = inspect.getsourcelines(caller.py_func)[1] + 2
    assert f"test_stencil.py:{line}" in str(info.value)


def test_kernel_type_error_names_the_kernel_line():
    @oxjit.stencil
    def bad(a):
        return a[0] + "x"

    line = inspect.getsourcelines(bad.py_func)[1] + 2
    with pytest.raises(TypingError) as info:
        bad(np.arange(4.0))
    assert f"test_stencil.py:{line}" in str(info.value)


# ------------------------------------------------------------------ errors


def test_non_constant_index_needs_a_neighborhood():
    @oxjit.stencil
    def k(a):
        s = 0.0
        for i in range(-1, 2):
            s += a[i]
        return s

    with pytest.raises(NumbaValueError, match="not constant, 'neighborhood' option required"):
        k(np.arange(5.0))


def test_neighborhood_dimension_mismatch():
    with pytest.raises(
        NumbaValueError, match="1 dimensional neighborhood specified for 2 dimensional input"
    ):
        trailing_mean(np.zeros((3, 3)))


def test_index_dimension_mismatch():
    with pytest.raises(NumbaValueError, match="Stencil index does not match array dimension"):
        avg4(np.arange(5.0))


def test_first_argument_must_be_an_array():
    with pytest.raises(NumbaValueError, match="must be the primary input array"):
        diff1(3.0)


def test_smaller_secondary_array():
    with pytest.raises(ValueError, match="Secondary stencil array has some dimension smaller"):
        mixed(np.zeros((4, 4)), np.zeros((4, 3)), 1.0)


def test_secondary_array_of_other_rank():
    with pytest.raises(NumbaValueError, match="does not have same number of dimensions"):
        mixed(np.zeros((4, 4)), np.zeros(4), 1.0)


def test_out_of_the_wrong_shape():
    with pytest.raises(ValueError, match="out= must have the shape of the stencil input"):
        avg4(np.zeros((4, 4)), out=np.zeros((4, 5)))
    with pytest.raises(NumbaValueError, match="out= has 1 dimensions"):
        avg4(np.zeros((4, 4)), out=np.zeros(4))
    with pytest.raises(TypeError, match="out= must be a NumPy array"):
        avg4(np.zeros((4, 4)), out=[1, 2])


def test_bad_options():
    with pytest.raises(NumbaValueError, match="Unknown stencil option bogus"):
        oxjit.stencil(bogus=1)
    with pytest.raises(NumbaValueError, match="Unsupported mode style reflect"):
        oxjit.stencil("reflect")
    with pytest.raises(NumbaValueError, match="neighborhood must be a tuple"):
        oxjit.stencil(neighborhood=(1, 2))
    with pytest.raises(TypeError, match="unexpected keyword argument 'cval'"):
        diff1(np.zeros(3), cval=1)


def test_assignment_to_an_input_is_refused():
    def k(a):
        a[0] = 1
        return a[1]

    with pytest.raises(NumbaValueError, match="Assignments to arrays passed to stencil kernels"):
        oxjit.stencil(k)


def test_reserved_out_and_standard_indexing_errors():
    def uses_out(a):
        out = a[0]
        return out

    with pytest.raises(NumbaValueError, match="reserved word 'out'"):
        oxjit.stencil(uses_out)

    def k(a, b):
        return a[0] + b[0]

    with pytest.raises(NumbaValueError, match="must use relative indexing"):
        oxjit.stencil(standard_indexing=("a",))(k)
    with pytest.raises(NumbaValueError, match="not present in the stencil kernel definition"):
        oxjit.stencil(standard_indexing=("c",))(k)


def test_kernel_without_relative_access():
    @oxjit.stencil
    def k(a):
        return 1.0

    with pytest.raises(NumbaValueError, match="no accesses to relatively indexed arrays"):
        k(np.zeros(3))


def test_kernel_returning_an_array():
    @oxjit.stencil(neighborhood=((0, 0), (0, 0)))
    def k(a):
        return a[0]

    with pytest.raises(NumbaValueError, match="must return a scalar and not a numpy array"):
        k(np.zeros((3, 3)))


def test_cval_that_does_not_convert():
    @oxjit.stencil(cval=1j)
    def k(a):
        return a[0] + a[1]

    with pytest.raises(NumbaValueError, match="cval type does not match stencil return type"):
        k(np.zeros(4))


def test_relative_slice_is_unsupported():
    from oxjit.errors import UnsupportedError

    def k(a):
        return a[-1:2].sum()

    with pytest.raises(UnsupportedError, match=r"test_stencil.py:\d+:\d+: slices"):
        oxjit.stencil(k)

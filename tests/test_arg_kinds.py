"""Kinds of arguments (results made Python floats with `float()`, so CPython's NumPy scalars and
the compiled code's boxed floats compare): `None` for a parameter tested with `is None` (the branches the argument's
type decides are pruned before typing, as Numba does), and NumPy array subclasses (plain ones are
arrays; those that change what the data means are refused)."""

import numpy as np
import oxjit
import pytest
from conftest import assert_same

# --------------------------------------------------------------------------------------------
# None arguments (item 6)


def weighted_sum(x, w=None):
    if w is None:
        w = np.ones(x.shape[0])
    return float((x * w).sum())


def scaled(x, factor=None):
    s = x
    if factor is not None:
        s = x * factor
    return s


def offset(x, delta=None):
    if delta is None:
        return x
    return x + delta


def clipped(a, lo=None, hi=None):
    out = a.copy()
    for i in range(out.shape[0]):
        if lo is not None and out[i] < lo:
            out[i] = lo
        if hi is not None and out[i] > hi:
            out[i] = hi
    return out


def negated_test(x, w=None):
    if not (w is None):
        return x * w
    return x


def default_then_tested_again(x, w=None):
    if w is None:
        w = 2.0
    if w is None:
        return -1.0
    return x * w


def none_first(w, x):
    if None is w:
        return x
    return float(w[0] + x)


X = np.arange(4.0)


@pytest.mark.parametrize(
    "args, kwargs",
    [((X,), {}), ((X, None), {}), ((X,), {"w": None}), ((X, X), {}), ((X,), {"w": X[::-1]})],
)
def test_array_parameter_that_may_be_none(args, kwargs):
    assert_same(weighted_sum, *args, **kwargs)


@pytest.mark.parametrize("args", [(2.0,), (2.0, None), (2.0, 3.0), (2, 3), (X, None), (X, 2.0)])
def test_scalar_parameter_that_may_be_none(args):
    assert_same(scaled, *args)
    assert_same(offset, *args)


@pytest.mark.parametrize(
    "kwargs", [{}, {"lo": 1.0}, {"hi": 2.0}, {"lo": 0.5, "hi": 2.5}, {"lo": None, "hi": 1.0}]
)
def test_several_optional_parameters(kwargs):
    assert_same(clipped, X, **kwargs)


@pytest.mark.parametrize("args", [(3.0,), (3.0, None), (3.0, 2.0)])
def test_other_forms_of_the_test(args):
    assert_same(negated_test, *args)
    assert_same(default_then_tested_again, *args)


@pytest.mark.parametrize("w", [None, X])
def test_none_on_the_left_of_is(w):
    assert_same(none_first, w, 1.0)


def uses_none_as_number(x, w=None):
    return x + w


def test_none_used_as_a_number_is_still_a_typing_error():
    assert_same(uses_none_as_number, 1.0, 2.0)
    if not oxjit.__dict__.get("__oxjit_shim__") and not _jit_disabled():
        with pytest.raises(oxjit.errors.TypingError, match="none"):
            oxjit.njit(uses_none_as_number)(1.0)


def _jit_disabled():
    import conftest

    return conftest.JIT_DISABLED


# --------------------------------------------------------------------------------------------
# ndarray subclasses (item 5)


def total(a):
    return float(a.sum())


def first(a):
    return float(a[0])


class WithInfo(np.ndarray):
    """NumPy's documented "extra attribute" subclass: the data means the same."""

    def __new__(cls, data, info=None):
        obj = np.asarray(data).view(cls)
        obj.info = info
        return obj

    def __array_finalize__(self, obj):
        self.info = getattr(obj, "info", None)

    def describe(self):
        return f"{self.info}: {self.shape}"


class OwnUfuncs(np.ndarray):
    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        return NotImplemented


class OwnIndexing(WithInfo):
    def __getitem__(self, index):
        return 0.0


def test_plain_subclasses_are_arrays():
    a = WithInfo(np.arange(5.0), info="x")
    assert_same(total, a)
    assert_same(first, a)


def test_memmap_is_an_array(tmp_path):
    m = np.memmap(tmp_path / "m.dat", dtype=np.float64, mode="w+", shape=(5,))
    m[:] = np.arange(5.0)
    assert_same(total, m)


REC = np.dtype([("a", np.float64), ("b", np.int32), ("c", np.complex64)])


def _recarray():
    r = np.recarray(4, dtype=REC)
    r.a[:] = [0.5, 1.5, -2.0, 4.0]
    r.b[:] = [1, -2, 3, 7]
    r.c[:] = [1j, 2, 3 + 1j, -1j]
    return r


def rec_fields(r):
    return float(r.a.sum() + r.b[1] + r[2].a), complex(r[3].c)


def rec_write(r, x):
    r[1].b = 9
    r.a[0] = x
    return r


def rec_item(r):
    return r[2]


def nothing(x, y):
    pass


def test_recarray_is_an_array_of_records():
    # As Numba: np.recarray's overrides give fields as attributes and items as np.record, which
    # compiled code gives too (a.x is the field, a[i].x the item's).
    assert_same(rec_fields, _recarray())
    assert_same(rec_write, _recarray(), 2.25)
    assert_same(rec_item, _recarray())
    assert_same(nothing, _recarray(), _recarray())
    assert_same(total, np.rec.array(np.arange(3.0)))


@pytest.mark.requires_jit
@pytest.mark.filterwarnings("ignore::PendingDeprecationWarning")
@pytest.mark.parametrize(
    "make, name, reason",
    [
        (lambda: np.ma.array([1.0, 2.0, 100.0], mask=[0, 0, 1]), "numpy.ma.MaskedArray", "mask"),
        (lambda: np.matrix([[1.0, 2.0], [3.0, 4.0]]), "numpy.matrix", "overrides ndarray's"),
        (lambda: np.arange(3.0).view(OwnUfuncs), "OwnUfuncs", "'__array_ufunc__'"),
        (lambda: OwnIndexing(np.arange(3.0)), "OwnIndexing", "'__getitem__'"),
    ],
)
def test_subclasses_that_change_semantics_are_refused(make, name, reason):
    f = oxjit.njit(total)
    with pytest.raises(TypeError, match=f"arrays of type '[^']*{name}' are not supported") as e:
        f(make())
    assert reason in str(e.value)


@pytest.mark.requires_jit
def test_masked_array_sum_is_not_silently_wrong():
    masked = np.ma.array([1.0, 2.0, 100.0], mask=[0, 0, 1])
    assert masked.sum() == 3.0
    with pytest.raises(TypeError, match="ignore the mask"):
        oxjit.njit(total)(masked)
    # The same dispatcher still takes plain arrays (the refusal is on the slow path only).
    f = oxjit.njit(total)
    assert f(masked.filled(0.0)) == 3.0


def bytes_work(b):
    b[0] = 7
    s = 0
    for x in b:
        s += x
    return s, len(b), int(b[1]), int(b[-1])


def bytes_nothing(x, y):
    pass


@pytest.mark.requires_jit
def test_bytearray_is_a_uint8_array():
    # As Numba's bytearray(uint8, 1d, C): its bytes, read and written in place.
    assert_same(bytes_work, bytearray(b"\x01\x02\x03\xff"))
    assert_same(bytes_nothing, bytearray(3), bytearray(3))
    assert str(oxjit.typeof(bytearray(2))) == "array(uint8, 1d, C)"
    # Returned (Numba cannot): an ndarray over its bytes, which locks the bytearray's size.
    b = bytearray(b"\x01\x02\x03")
    view = oxjit.njit(lambda x: x[1:])(b)
    assert view.dtype == np.uint8 and view.tolist() == [2, 3]
    view[0] = 9
    assert b == bytearray(b"\x01\x09\x03")
    with pytest.raises(BufferError):
        b.extend(b"\x04")
    del view
    b.extend(b"\x04")
    assert len(b) == 4

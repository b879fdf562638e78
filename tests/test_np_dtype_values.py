"""`np.dtype(...)` in compiled code and the attributes of dtypes (`a.dtype` too): made from
scalar types, Python types, strings and other dtypes; compared with `==`, passed as `dtype=`,
and their `itemsize`, `name`, `kind`, `char` and `str`, against NumPy's."""

import numpy as np
import oxjit
import pytest
from conftest import assert_same, compile_error

DTYPES = [np.bool_, np.int8, np.uint8, np.int16, np.uint16, np.int32, np.uint32, np.int64,
          np.uint64, np.float32, np.float64, np.complex64, np.complex128]  # fmt: skip


def attributes(a):
    d = a.dtype
    return d.itemsize, d.name, d.kind, d.char, d.str


def made_like(a):
    d = np.dtype(a.dtype)
    return np.zeros(3, dtype=d), np.empty(2, d).dtype == a.dtype, d == a.dtype


@pytest.mark.parametrize("dtype", DTYPES)
def test_attributes_of_an_arrays_dtype(dtype):
    assert_same(attributes, np.zeros(2, dtype))


@pytest.mark.parametrize("dtype", DTYPES)
def test_dtype_of_a_dtype_makes_arrays(dtype):
    assert_same(made_like, np.ones(2, dtype))


def from_names():
    return (
        np.dtype("float64") == np.float64,
        np.dtype("f4").itemsize,
        np.dtype("<i2").name,
        np.dtype("=u8").kind,
        np.dtype("|b1").char,
        np.dtype("c8").str,
        np.dtype(np.int32).name,
        np.dtype(float).name,
        np.dtype(int).itemsize,
        np.dtype(complex).kind,
        np.dtype(bool).str,
        np.dtype("int16") == np.dtype(np.int16),
        np.dtype("float32") != np.float64,
    )


def test_dtypes_named_by_strings_and_types():
    assert_same(from_names)


SPELLINGS = ["b", "B", "h", "H", "i", "I", "l", "L", "q", "Q", "e", "f", "d", "F", "D", "?",
             "int8", "uint32", "half", "single", "double", "byte", "ubyte", "short", "ushort",
             "intc", "uintc", "long", "ulong", "intp", "uintp", "int", "uint", "float",
             "complex", "bool", "<f8", "=i4", "|u1"]  # fmt: skip


def spelled(tmp_path):
    """A module with one function per spelling (oxjit compiles from source files)."""
    import importlib.util

    lines = ["import numpy as np", ""]
    for k, name in enumerate(SPELLINGS):
        lines += [
            f"def f{k}():",
            f"    d = np.dtype({name!r})",
            "    return d.name, d.itemsize, d.str",
        ]
    path = tmp_path / "dtype_spellings.py"
    path.write_text("\n".join(lines) + "\n")
    spec = importlib.util.spec_from_file_location("dtype_spellings", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return [getattr(module, f"f{k}") for k in range(len(SPELLINGS))]


def test_every_spelling_numpy_accepts(tmp_path):
    for name, fn in zip(SPELLINGS, spelled(tmp_path)):
        assert oxjit.njit(fn)() == fn(), name


def bad_name():
    return np.dtype("float33")


def test_a_name_numpy_refuses_is_a_compile_error():
    with pytest.raises(TypeError, match="data type 'float33' not understood"):
        bad_name()
    err = compile_error(bad_name)
    assert "data type 'float33' not understood" in str(err)

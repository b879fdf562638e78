//! The machine side of each type kind: its LLVM representation and the values of it, one
//! module per kind (Numba's `numba/core/datamodel/models.py` in spirit).

pub(crate) mod array;

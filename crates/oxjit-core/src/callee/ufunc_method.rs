//! The ids of the methods of NumPy's ufuncs (`np.add.reduce`, `np.maximum.accumulate`,
//! `np.multiply.outer`, `np.add.at`): a ufunc and one of its methods.

use super::numpy::NpFn;
use super::ufunc::UfuncOp;

/// A ufunc whose methods oxjit implements: an operator's (`np.add`) or a function of numbers
/// with two operands (`np.maximum`, `np.hypot`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UfuncRef {
    Op(UfuncOp),
    Np(NpFn),
}

impl UfuncRef {
    pub fn name(self) -> &'static str {
        match self {
            UfuncRef::Op(op) => op.name(),
            UfuncRef::Np(f) => f.name(),
        }
    }
}

/// A method of a ufunc.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UfuncMethod {
    Reduce,
    Accumulate,
    Outer,
    At,
    Reduceat,
}

impl UfuncMethod {
    pub const ALL: [UfuncMethod; 5] = [
        UfuncMethod::Reduce,
        UfuncMethod::Accumulate,
        UfuncMethod::Outer,
        UfuncMethod::At,
        UfuncMethod::Reduceat,
    ];

    pub fn name(self) -> &'static str {
        match self {
            UfuncMethod::Reduce => "reduce",
            UfuncMethod::Accumulate => "accumulate",
            UfuncMethod::Outer => "outer",
            UfuncMethod::At => "at",
            UfuncMethod::Reduceat => "reduceat",
        }
    }
}

/// `ufunc.method` (`np.add.reduce`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct UfuncMethodFn {
    pub ufunc: UfuncRef,
    pub method: UfuncMethod,
}

impl UfuncMethodFn {
    /// How many operands the ufunc takes.
    pub fn ufunc_arity(self) -> usize {
        match self.ufunc {
            UfuncRef::Op(op) => op.arity(),
            UfuncRef::Np(_) => 2,
        }
    }
}

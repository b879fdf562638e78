//! The ids of NumPy's ufuncs of operators (`np.add`, `np.logical_and`) and their names.

use super::ops::{BinOp, CmpOp, UnaryOp};

/// A logical ufunc: on the truth of its operands, giving booleans.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Logical {
    And,
    Or,
    Xor,
    Not,
}

/// An operator ufunc.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UfuncOp {
    Bin(BinOp),
    Cmp(CmpOp),
    Unary(UnaryOp),
    Square,
    Logical(Logical),
}

pub const NAMES: &[(&str, UfuncOp)] = &[
    ("add", UfuncOp::Bin(BinOp::Add)),
    ("subtract", UfuncOp::Bin(BinOp::Sub)),
    ("multiply", UfuncOp::Bin(BinOp::Mul)),
    ("divide", UfuncOp::Bin(BinOp::Div)),
    ("true_divide", UfuncOp::Bin(BinOp::Div)),
    ("floor_divide", UfuncOp::Bin(BinOp::FloorDiv)),
    ("remainder", UfuncOp::Bin(BinOp::Mod)),
    ("mod", UfuncOp::Bin(BinOp::Mod)),
    ("bitwise_and", UfuncOp::Bin(BinOp::BitAnd)),
    ("bitwise_or", UfuncOp::Bin(BinOp::BitOr)),
    ("bitwise_xor", UfuncOp::Bin(BinOp::BitXor)),
    ("left_shift", UfuncOp::Bin(BinOp::LShift)),
    ("right_shift", UfuncOp::Bin(BinOp::RShift)),
    ("equal", UfuncOp::Cmp(CmpOp::Eq)),
    ("not_equal", UfuncOp::Cmp(CmpOp::Ne)),
    ("less", UfuncOp::Cmp(CmpOp::Lt)),
    ("less_equal", UfuncOp::Cmp(CmpOp::Le)),
    ("greater", UfuncOp::Cmp(CmpOp::Gt)),
    ("greater_equal", UfuncOp::Cmp(CmpOp::Ge)),
    ("negative", UfuncOp::Unary(UnaryOp::Neg)),
    ("positive", UfuncOp::Unary(UnaryOp::Pos)),
    ("invert", UfuncOp::Unary(UnaryOp::Invert)),
    ("bitwise_not", UfuncOp::Unary(UnaryOp::Invert)),
    ("square", UfuncOp::Square),
    ("logical_and", UfuncOp::Logical(Logical::And)),
    ("logical_or", UfuncOp::Logical(Logical::Or)),
    ("logical_xor", UfuncOp::Logical(Logical::Xor)),
    ("logical_not", UfuncOp::Logical(Logical::Not)),
];

impl UfuncOp {
    pub fn name(self) -> &'static str {
        NAMES
            .iter()
            .find(|(_, op)| *op == self)
            .map_or("ufunc", |(n, _)| n)
    }

    /// How many operands it takes.
    pub fn arity(self) -> usize {
        match self {
            UfuncOp::Unary(_) | UfuncOp::Square | UfuncOp::Logical(Logical::Not) => 1,
            _ => 2,
        }
    }
}

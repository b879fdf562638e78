//! NumPy's operator ufuncs as functions (`np.add(a, b)`, `np.less(x, 0)`, `np.logical_and`...):
//! the same elementwise operations as the operators, fused into array expressions like them.

use super::table::Entry;
use super::Builtin;
use crate::ir::{BinOp, CmpOp, UnaryOp};
use crate::types::ModuleKind;
use crate::types::Type;

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

const NAMES: &[(&str, UfuncOp)] = &[
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

/// NumPy's ufuncs of operators, for the table of callables.
pub fn entries() -> Vec<Entry> {
    NAMES
        .iter()
        .map(|(n, op)| Entry::function(Builtin::Ufunc(*op), ModuleKind::Numpy, n))
        .collect()
}

/// The result type: elementwise for arrays, the operator's type for numbers.
pub fn type_call(op: UfuncOp, args: &[Type]) -> Result<Type, String> {
    let name = op.name();
    if args.len() != op.arity() {
        return Err(format!(
            "np.{name}() takes {} argument{} here (out= aside), got {}",
            op.arity(),
            if op.arity() == 1 { "" } else { "s" },
            args.len()
        ));
    }
    let arrays = super::elementwise::any_array(&args.iter().collect::<Vec<_>>());
    let logical = |ndim: Option<u8>| match ndim {
        Some(n) => super::elementwise::array(Type::Bool, n),
        None => Type::Bool,
    };
    if arrays {
        return match op {
            UfuncOp::Bin(b) => super::elementwise::binop(b, &args[0], &args[1]),
            UfuncOp::Cmp(c) => super::elementwise::compare(c, &args[0], &args[1]),
            UfuncOp::Unary(u) => super::elementwise::unary(u, &args[0]),
            UfuncOp::Square => match super::elementwise::binop(BinOp::Mul, &args[0], &args[0])? {
                // NumPy's square has no boolean loop: booleans are squared as int8.
                Type::Array(a) if a.dtype == Type::Bool => {
                    let mut a = (*a).clone();
                    a.dtype = Type::int(8, true);
                    Ok(Type::Array(std::sync::Arc::new(a)))
                }
                t => Ok(t),
            },
            UfuncOp::Logical(_) => {
                let refs: Vec<&Type> = args.iter().collect();
                let (_, ndim) = super::elementwise::operands(&refs)?;
                Ok(logical(Some(ndim)))
            }
        };
    }
    match op {
        UfuncOp::Bin(b) => crate::typeinfer::binop_type(b, &args[0], &args[1]),
        UfuncOp::Cmp(c) => crate::typeinfer::compare_type(c, &args[0], &args[1]),
        UfuncOp::Unary(u) => crate::typeinfer::unary_type(u, &args[0]),
        UfuncOp::Square => crate::typeinfer::binop_type(BinOp::Mul, &args[0], &args[0]),
        UfuncOp::Logical(_) => {
            if args.iter().all(Type::is_numeric) {
                Ok(logical(None))
            } else {
                Err(format!("np.{name}() of {}", super::describe_args(args)))
            }
        }
    }
}

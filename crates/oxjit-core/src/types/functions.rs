//! First-class functions of one signature (Numba's `types.FunctionType`): a value that is one
//! of a set of compiled functions (`Functions(#3, #5)`, their dispatcher ids, sorted), held at
//! run time as its index in the set. Made where different functions meet: the items of a tuple
//! or a list of functions (`for f in (f1, f2): ...`, `fs[i](x)`), both sides of a branch. A
//! call types each candidate for the arguments; they must agree on the result (and on how the
//! arguments bind), and run through a switch on the index (`lower/funcvalues.rs`).

use std::fmt;
use std::sync::Arc;

use super::parse::TypeParser;
use super::{FuncId, Type, TypeKind};

pub(super) struct FunctionsKind;

/// The function ids a function type stands for: one for a dispatcher, the set for `Functions`.
pub fn function_ids(t: &Type) -> Option<Vec<FuncId>> {
    match t {
        Type::UserFunction(f) => Some(vec![*f]),
        Type::Functions(fs) => Some(fs.to_vec()),
        _ => None,
    }
}

/// The type of values that may be any of the functions of `a` and `b` (function types both).
pub fn union(a: &Type, b: &Type) -> Option<Type> {
    let mut ids = function_ids(a)?;
    ids.extend(function_ids(b)?);
    ids.sort_unstable();
    ids.dedup();
    Some(match ids.as_slice() {
        [one] => Type::UserFunction(*one),
        _ => Type::Functions(ids.into()),
    })
}

/// A homogeneous form of a tuple's items where they are different functions (one
/// `Functions` type), or `None`.
pub fn common_function_type(items: &[Type]) -> Option<Type> {
    let first = items.first()?;
    if items.iter().all(|t| t == first) {
        return None;
    }
    items[1..]
        .iter()
        .try_fold(first.clone(), |acc, t| union(&acc, t))
}

impl TypeKind for FunctionsKind {
    fn name(&self, t: &Type, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Type::Functions(ids) = t else {
            unreachable!("{t:?} is no function set")
        };
        let ids: Vec<String> = ids.iter().map(|id| format!("#{id}")).collect();
        write!(f, "Functions({})", ids.join(", "))
    }

    fn parse(&self, word: &str, p: &mut TypeParser<'_>) -> Option<Result<Type, String>> {
        (word == "Functions").then(|| {
            p.expect(b'(')?;
            let mut ids = Vec::new();
            loop {
                p.expect(b'#')?;
                let n = p.word();
                ids.push(n.parse::<FuncId>().map_err(|e| format!("Functions: {e}"))?);
                if !p.eat(b',') {
                    break;
                }
            }
            p.expect(b')')?;
            Ok(Type::Functions(Arc::from(ids)))
        })
    }

    fn may_be_none(&self) -> bool {
        false
    }

    fn unify(&self, a: &Type, b: &Type) -> Option<Type> {
        union(a, b)
    }
}

//! A call whose starred arguments' lengths were not known when its SSA was built (a placeholder
//! of `ssa/star_call.rs`): typing says them, once the starred values' types are known, and the
//! session builds the function again with a plain call (`Session::type_call`). A starred value
//! that is not a tuple has a length known only at run time: refused, naming its type.

use crate::diagnostics::{Diagnostic, Result};
use crate::ir::{Const, Value};
use crate::typeinfer::solve::Inferer;
use crate::types::Type;

impl Inferer<'_> {
    /// The placeholder call `v`: `args` are its positional parts, `marker` the constant tuple
    /// saying which are starred. Always an error: the session builds the function again where
    /// it can (the error is what the user sees where it cannot).
    pub(crate) fn star_call(
        &mut self,
        v: Value,
        args: &[Value],
        marker: Value,
    ) -> Result<Option<Type>> {
        let Some(Const::Tuple(marks)) = self.consts[marker.index()].clone() else {
            return Err(Diagnostic::internal("a starred call without its marker"));
        };
        let (Some(Const::Int(copy)), Some(starred)) = (marks.first(), marks.get(1..)) else {
            return Err(Diagnostic::internal("a starred call's marker is malformed"));
        };
        let mut lengths = Vec::new();
        for (a, s) in args.iter().zip(starred) {
            if *s != Const::Bool(true) {
                continue;
            }
            match self.ty(*a) {
                Type::Tuple(items) => lengths.push(items.len()),
                t => {
                    return Err(Diagnostic::unsupported(
                        format!(
                            "a starred argument ('*x') in a call must be a tuple in compiled \
                             code (a tuple's length is part of its type, so the number of \
                             arguments is known when compiling); got {t}, whose length is only \
                             known at run time (pass a tuple, or the items one by one)"
                        ),
                        self.func.range(v),
                    ))
                }
            }
        }
        let site = crate::ssa::site_of(self.func.range(v));
        let n = lengths.iter().sum::<usize>() + starred.len() - lengths.len();
        self.env.star_lengths((site, *copy as u32), lengths);
        Err(Diagnostic::unsupported(
            format!(
                "a call with starred arguments ('*x', {n} arguments in all) whose tuples' \
                 lengths are known only from typing is not supported here"
            ),
            self.func.range(v),
        ))
    }
}

//! A call's keywords collected into the callee's `**kwargs` (`ArgSource::PackKeywords`): a
//! dict of str keys whose values have one type (their types unified, string constants widened),
//! as Numba would type a dict built from them. A call that passes none makes an empty dict of
//! int64 values (nothing is ever read from it as a number).

use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Result};
use crate::ir::Value;
use crate::typeinfer::solve::Inferer;
use crate::types::{self, Type};

impl Inferer<'_> {
    /// The type of the `**kwargs` dict made of the call's keywords `items` (`None` while one of
    /// their types is not known yet).
    pub(crate) fn kwargs_dict_type(
        &self,
        v: Value,
        items: &[usize],
        kwargs: &[(Arc<str>, Value)],
    ) -> Result<Option<Type>> {
        let mut value: Option<(Type, &str)> = None;
        for i in items {
            let (name, arg) = &kwargs[*i];
            let Some(t) = self.known(*arg) else {
                return Ok(None);
            };
            let t = types::widen_literal(t);
            value = Some(match value {
                None => (t, name),
                Some((prev, first)) => match types::unify(&prev, &t) {
                    Some(u) => (u, first),
                    None => {
                        return Err(Diagnostic::unsupported(
                            format!(
                                "the keyword arguments collected into **kwargs must have one \
                                 type (compiled code makes a dict of them), and '{first}' is \
                                 {prev} while '{name}' is {t}"
                            ),
                            self.func.range(v),
                        ))
                    }
                },
            });
        }
        let value = value.map_or(Type::I64, |(t, _)| t);
        Ok(Some(Type::Dict(Arc::new(Type::Str), Arc::new(value))))
    }
}

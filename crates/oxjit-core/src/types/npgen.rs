//! `np.random.Generator` (Numba's `NumPyRandomGeneratorType`): made by `np.random.default_rng()`
//! in compiled code or passed in from Python; its native form is one pointer, the runtime block
//! holding NumPy's bit generator interface (`oxjit_runtime::rng::RngBlock`). Its methods are
//! entries of `registry/npgen.rs`.

use std::fmt;

use super::{Type, TypeKind};

pub(super) struct NpGeneratorKind;

impl TypeKind for NpGeneratorKind {
    fn name(&self, _t: &Type, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "NumPyRandomGeneratorType")
    }

    fn parse(
        &self,
        word: &str,
        _p: &mut super::parse::TypeParser<'_>,
    ) -> Option<Result<Type, String>> {
        (word == "NumPyRandomGeneratorType").then_some(Ok(Type::NpGenerator))
    }
}

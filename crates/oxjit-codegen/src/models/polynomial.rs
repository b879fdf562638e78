//! `numpy.polynomial.polynomial.Polynomial` (`types/polynomial.rs` in core): the struct of its
//! `coef`, `domain` and `window` arrays, as the tuple of them is laid out. Built by
//! `lower/polynomial.rs`; its attributes are its fields (`lower/attribute.rs`).

use inkwell::types::BasicTypeEnum;
use oxjit_core::types::{polynomial_struct, Type};

use super::TypeModel;
use crate::lower::ModuleGen;

pub(super) struct PolynomialModel;

impl TypeModel for PolynomialModel {
    fn llvm_type<'ctx>(&self, m: &ModuleGen<'ctx>, t: &Type) -> BasicTypeEnum<'ctx> {
        let Type::Polynomial(p) = t else {
            unreachable!("{t} is not a polynomial")
        };
        m.llvm_type(&polynomial_struct(p))
    }
}

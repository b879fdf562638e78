//! `numpy.polynomial.polynomial.Polynomial` (Numba's `PolynomialType`): a record of its three
//! arrays, `coef`, `domain` and `window`, laid out and reference-counted as a tuple of them.
//! Compiled code builds one with the class (`python/oxjit/_np_poly.py`, over the primitive
//! `np._oxjit_polynomial`), reads its three attributes, and takes and returns instances; it has
//! no other operation (no indexing, iteration, `len` or arithmetic: the kind's defaults refuse
//! them), as in Numba.

use std::fmt;
use std::sync::Arc;

use super::{Attribute, Type, TypeKind};

/// The attributes, in the order the record holds them.
pub const POLYNOMIAL_FIELDS: [&str; 3] = ["coef", "domain", "window"];

/// The polynomial of these arrays (`coef`, `domain`, `window`).
pub fn polynomial(coef: Type, domain: Type, window: Type) -> Type {
    Type::Polynomial(Arc::new([coef, domain, window]))
}

/// The tuple a polynomial is laid out as (its machine form, its references).
pub fn polynomial_struct(parts: &[Type; 3]) -> Type {
    Type::tuple(parts.to_vec())
}

pub(super) struct PolynomialKind;

impl TypeKind for PolynomialKind {
    fn name(&self, t: &Type, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Type::Polynomial(p) = t else {
            unreachable!("{t:?} is no polynomial")
        };
        write!(f, "PolynomialType({}, {}, {})", p[0], p[1], p[2])
    }

    fn parse(
        &self,
        word: &str,
        p: &mut super::parse::TypeParser<'_>,
    ) -> Option<Result<Type, String>> {
        if word != "PolynomialType" {
            return None;
        }
        Some((|| {
            p.expect(b'(')?;
            let coef = p.ty()?;
            p.expect(b',')?;
            let domain = p.ty()?;
            p.expect(b',')?;
            let window = p.ty()?;
            p.expect(b')')?;
            Ok(polynomial(coef, domain, window))
        })())
    }

    fn size_align(&self, t: &Type) -> (usize, usize) {
        let Type::Polynomial(p) = t else {
            unreachable!("{t:?} is no polynomial")
        };
        super::size_align(&polynomial_struct(p))
    }

    fn attribute(&self, t: &Type, name: &str) -> Option<Attribute> {
        let Type::Polynomial(p) = t else {
            return None;
        };
        let k = POLYNOMIAL_FIELDS.iter().position(|f| *f == name)?;
        Attribute::of(p[k].clone())
    }
}

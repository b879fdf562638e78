//! `np._oxjit_polynomial(coef, domain, window)`: the primitive `Polynomial` record
//! (`types/polynomial.rs`) of three 1-d arrays, taken as they are; the class itself
//! (`numpy.polynomial.polynomial.Polynomial`, NumPy's conversions and checks) is written over it
//! in `python/oxjit/_np_poly.py`.

use super::error::CallError;
use super::signature::Param;
use super::CallArgs;
use crate::types::Type;

pub fn params() -> Vec<Param> {
    vec![
        Param::req("coef"),
        Param::req("domain"),
        Param::req("window"),
    ]
}

pub fn type_call(args: &CallArgs) -> Result<Type, CallError> {
    for t in &args.types[..3] {
        if !matches!(t, Type::Array(a) if a.ndim == 1) {
            return Err(CallError::typing(format!(
                "_oxjit_polynomial() takes three 1-d arrays, not {t}"
            )));
        }
    }
    let t = |k: usize| args.types[k].clone();
    Ok(crate::types::polynomial(t(0), t(1), t(2)))
}

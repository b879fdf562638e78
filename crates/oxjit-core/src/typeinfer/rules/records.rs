//! The typing of writes to records' fields: `r.x = v`, `r['x'] = v`, `r[0] = v` (also through
//! `a[i].x = v`: `a[i]` is a reference into the array). Reads are the record kind's attributes
//! and items (`types/record.rs`).

use std::sync::Arc;

use crate::callee::Builtin;
use crate::diagnostics::{Diagnostic, Result};
use crate::ir::{Const, Value};
use crate::typeinfer::solve::Inferer;
use crate::types::{self, RecordField, RecordTy, Type};

impl Inferer<'_> {
    /// `target.name = x`: a record's field (no other type's attributes can be assigned).
    pub(crate) fn set_attribute(
        &mut self,
        v: Value,
        target: Value,
        name: &str,
        x: Value,
    ) -> Result<Type> {
        let (tt, tx) = (self.ty(target), self.ty(x));
        if let Type::JitInstance(c) = &tt {
            return self.set_jitclass_field(v, target, c.clone(), name, x);
        }
        let Type::Record(rec) = &tt else {
            return Err(Diagnostic::unsupported(
                format!("assignment to an attribute is not supported (only to a record's fields): cannot assign to the attribute '{name}' of a value of type {tt}"),
                self.func.range(v),
            ));
        };
        let field = rec
            .field(name)
            .ok_or_else(|| self.err(v, types::no_field(rec, name)))?;
        self.check_field_store(v, rec, field, &tx)?;
        Ok(Type::NoneType)
    }

    /// `r[index] = x` for a record `r`.
    pub(crate) fn set_record_item(
        &mut self,
        v: Value,
        rec: &Arc<RecordTy>,
        index: Value,
        x: Value,
    ) -> Result<Type> {
        let constant = match self.consts[index.index()] {
            Some(Const::Int(k)) => Some(k),
            _ => None,
        };
        let field = types::field_at(rec, &self.ty(index), constant).map_err(|m| self.err(v, m))?;
        self.check_field_store(v, rec, field, &self.ty(x))?;
        Ok(Type::NoneType)
    }

    /// A number stored in a number field (converted as NumPy casts on assignment); sub-array
    /// fields are written through their view (`r.v[0] = x`).
    fn check_field_store(
        &self,
        v: Value,
        rec: &Arc<RecordTy>,
        field: &RecordField,
        tx: &Type,
    ) -> Result<()> {
        let record = Type::Record(rec.clone());
        if !field.shape.is_empty() {
            return Err(self.err(
                v,
                format!(
                    "cannot assign to the sub-array field '{}' of {record} as a whole: assign its items (r.{}[i] = x or r.{}[:] = x)",
                    field.name, field.name, field.name
                ),
            ));
        }
        if !tx.is_numeric() {
            return Err(self.err(
                v,
                format!(
                    "cannot store a value of type {tx} in the field '{}' ({}) of a record",
                    field.name, field.dtype
                ),
            ));
        }
        if matches!(tx, Type::Complex(_)) && !matches!(field.dtype, Type::Complex(_)) {
            return Err(self.err(
                v,
                format!(
                    "cannot store a complex value in the field '{}' ({}) of a record",
                    field.name, field.dtype
                ),
            ));
        }
        Ok(())
    }
}

/// Arrays of records go to `len`, `enumerate` and `zip` only: every other function (NumPy's,
/// reductions, copies, array methods) reads items as numbers. Their fields' views (`a['x']`)
/// are arrays of numbers, which go everywhere.
pub(super) fn refused_call(f: Builtin, types: &[Type]) -> Option<String> {
    if matches!(f, Builtin::Len | Builtin::Enumerate | Builtin::Zip) {
        return None;
    }
    let arr = types.iter().find(|t| holds_records(t))?;
    Some(format!(
        "{}() of an array of records ({arr}) is not supported: pass the fields' arrays (a['x']) instead",
        f.qualified_name()
    ))
}

/// Whether `t` is an array of records, or a tuple or list holding one.
fn holds_records(t: &Type) -> bool {
    match t {
        Type::Array(a) => matches!(a.dtype, Type::RecordDtype(_)),
        Type::Tuple(items) => items.iter().any(holds_records),
        Type::List(item) => holds_records(item),
        _ => false,
    }
}

/// The error for `x.name` where `x` is a record (or an array of records) without that field.
pub(super) fn missing_field(recv: &Type, name: &str) -> Option<String> {
    match recv {
        Type::Record(rec) => Some(types::no_field(rec, name)),
        Type::Array(a) => match &a.dtype {
            Type::RecordDtype(rec) => Some(format!(
                "an array of records has no attribute or field '{name}' in compiled code (its fields are {})",
                rec.names_text()
            )),
            _ => None,
        },
        _ => None,
    }
}

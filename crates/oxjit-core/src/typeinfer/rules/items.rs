//! The typing of `a[i]` and `a[i] = x`: items of tuples, elements, rows and views of arrays,
//! masks and fancy indices.

use crate::diagnostics::{Diagnostic, Result};
use crate::ir::{Const, Value};
use crate::typeinfer::solve::Inferer;
use crate::types::{self, Type};

impl Inferer<'_> {
    /// `a[i]`: the item's type as the kind of `a` says it (`types::item_type`).
    pub(crate) fn get_item(&mut self, v: Value, a: Value, i: Value) -> Result<Type> {
        let (ta, ti) = (self.ty(a), self.ty(i));
        if let Some(t) = self.kwargs_item(v, &ta, i) {
            return t;
        }
        if let (Type::Tuple(items), Type::Slice) = (&ta, &ti) {
            // `t[1:]`: a new tuple of the items picked (a plain tuple, as in Python).
            let parts =
                types::constant_slice_parts(self.func, |p| self.consts[p.index()].as_ref(), i)
                    .and_then(|parts| types::slice_positions(items.len(), parts))
                    .map_err(|m| self.err(v, m))?;
            return Ok(Type::tuple(
                parts.into_iter().map(|k| items[k].clone()).collect(),
            ));
        }
        let constant = match self.consts[i.index()] {
            Some(Const::Int(k)) => Some(k),
            Some(Const::Bool(b)) => Some(b as i64),
            _ => None,
        };
        let t = types::item_type(&ta, &ti, constant).map_err(|m| self.err(v, m))?;
        // An item of a constant tuple by a constant index is that constant (a global tuple of
        // strings is no run-time value to take it from): a string stays a literal
        // (`rec[fields[0]]`, a record's field named through a tuple, as Numba allows).
        if let (Some(Const::Tuple(items)), Some(k)) = (&self.consts[a.index()], constant) {
            let n = items.len() as i64;
            let k = if k < 0 { k + n } else { k };
            if let Some(item) = items.get(k as usize).cloned() {
                self.consts[v.index()] = Some(item.clone());
                if let (Const::Str(s), Type::Str | Type::StrLiteral(_)) = (item, &t) {
                    return Ok(Type::StrLiteral(s));
                }
            }
        }
        Ok(t)
    }

    /// `a[mask] = b` or `a[idx] = b` with an array `b`: what lowering (`lower/fancy.rs`) does
    /// not do yet is refused here: a `b` that is not one-dimensional (one value per selected
    /// item) for a mask or an index into a 1-d array.
    fn fancy_assign_source(
        &self,
        v: Value,
        arr: &crate::types::ArrayTy,
        ix: &crate::types::ArrayTy,
        src: &crate::types::ArrayTy,
    ) -> Result<()> {
        // Rows an index array or a 1-d mask picks take the general path
        // (`lower/fancy_mixed.rs`), which broadcasts `b`.
        let rows = ix.dtype != Type::Bool || ix.ndim == 1;
        let message = if rows && arr.ndim > 1 {
            return Ok(());
        } else if src.ndim != 1 {
            "assigning a multi-dimensional array through a mask or an index array is not supported yet"
        } else {
            return Ok(());
        };
        Err(Diagnostic::unsupported(message, self.func.range(v)))
    }

    /// `a[i] = x`: of arrays (elements, views, masks, fancy indices) and `a.flat`; its value is
    /// `None`.
    pub(crate) fn set_item(&mut self, v: Value, a: Value, i: Value, x: Value) -> Result<Type> {
        let (ta, ti, tx) = (self.ty(a), self.ty(i), self.ty(x));
        match &ta {
            // `a.flat[i] = x`
            Type::Flat(arr, false) => {
                if arr.readonly || !ti.is_integer_like() || !tx.is_numeric() {
                    return Err(self.err(
                        v,
                        format!("cannot assign {tx} to {ta}[{ti}] (a writable array, an integer index and a number)"),
                    ));
                }
                return Ok(Type::NoneType);
            }
            Type::Array(arr) => {
                // Records are written field by field (`a['x'] = v` fills one field).
                if matches!(arr.dtype, Type::RecordDtype(_)) && !matches!(ti, Type::StrLiteral(_)) {
                    return Err(self.err(
                        v,
                        format!("cannot store a value of type {tx} in items of an array of records: assign their fields (a[i].x = v, a['x'] = v)"),
                    ));
                }
                if arr.readonly {
                    return Err(self.err(
                        v,
                        format!("cannot assign to an item of a read-only array ({ta})"),
                    ));
                }
                // `a[1:3] = 0.0` fills the view; `a[1:3] = b` copies `b` into it,
                // broadcast as NumPy does.
                match (
                    types::array_index_result(arr, &ti).map_err(|m| self.err(v, m))?,
                    &tx,
                ) {
                    (Type::Array(view), Type::Array(src)) => {
                        if src.ndim > view.ndim {
                            return Err(self.err(
                                v,
                                format!(
                                    "cannot assign a {}d array to a {}d view",
                                    src.ndim, view.ndim
                                ),
                            ));
                        }
                        if matches!(src.dtype, Type::Complex(_))
                            && !matches!(arr.dtype, Type::Complex(_))
                        {
                            return Err(self.err(
                                v,
                                format!("cannot store complex values in an array of {}", arr.dtype),
                            ));
                        }
                        if let Type::Array(ix) = &ti {
                            self.fancy_assign_source(v, arr, ix, src)?;
                        }
                        return Ok(Type::NoneType);
                    }
                    // A 0-d array stores its item (NumPy broadcasts it).
                    (_, Type::Array(b)) if b.ndim == 0 => {
                        return Ok(Type::NoneType);
                    }
                    (_, Type::Array(_)) => {
                        return Err(
                            self.err(v, format!("cannot store an array in one element of {ta}"))
                        );
                    }
                    _ => {}
                }
                if !tx.is_numeric() {
                    return Err(self.err(
                        v,
                        format!(
                            "cannot store a value of type {tx} in an array of {}",
                            arr.dtype
                        ),
                    ));
                }
                if matches!(tx, Type::Complex(_)) && !matches!(arr.dtype, Type::Complex(_)) {
                    return Err(self.err(
                        v,
                        format!("cannot store a complex value in an array of {}", arr.dtype),
                    ));
                }
            }
            Type::Record(rec) => return self.set_record_item(v, rec, i, x),
            Type::Tuple(_) => {
                return Err(self.err(
                    v,
                    format!("tuples are immutable: cannot assign to an item of {ta}"),
                ))
            }
            t => {
                return Err(self.err(
                    v,
                    format!("a value of type {t} does not support item assignment"),
                ))
            }
        }
        Ok(Type::NoneType)
    }
}

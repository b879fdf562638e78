//! The typing of `a[i]` and `a[i] = x`: items of tuples, elements, rows and views of arrays,
//! masks and fancy indices.

use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Result};
use crate::ir::{Const, Value};
use crate::typeinfer::solve::Inferer;
use crate::types::Type;

impl Inferer<'_> {
    pub(crate) fn get_item(&mut self, v: Value, a: Value, i: Value) -> Result<Type> {
        let (ta, ti) = (self.ty(a), self.ty(i));
        if let Type::Flat(arr, false) = &ta {
            if !ti.is_integer_like() {
                return Err(self.err(v, format!("a.flat[] takes one integer here, not {ti}")));
            }
            return Ok(arr.dtype.clone());
        }
        if let Type::Array(arr) = &ta {
            return self.array_index_result(v, arr, &ti);
        }
        let Type::Tuple(items) = &ta else {
            return Err(self.err(v, format!("a value of type {ta} cannot be indexed")));
        };
        if !ti.is_integer_like() {
            return Err(self.err(v, format!("tuple indices must be integers, not {ti}")));
        }
        let index_const = match self.consts[i.index()] {
            Some(Const::Int(k)) => Some(k),
            Some(Const::Bool(b)) => Some(b as i64),
            _ => None,
        };
        if let Some(k) = index_const {
            let n = items.len() as i64;
            let idx = if k < 0 { k + n } else { k };
            if idx < 0 || idx >= n {
                return Err(self.err(v, format!("tuple index {k} out of range for {ta}")));
            }
            return Ok(items[idx as usize].clone());
        }
        match ta.uniform_item() {
            Some(item) => Ok(item.clone()),
            None => Err(self.err(
                v,
                format!("a heterogeneous tuple {ta} can only be indexed by a constant"),
            )),
        }
    }

    /// An array is indexed by one integer per dimension (views by partial indexing and slices
    /// come later).
    /// The type of `arr[index]`: the element for one integer per dimension, else a view
    /// (integers drop a dimension, slices keep one, missing trailing indices mean `:`).
    pub(crate) fn array_index_result(
        &self,
        v: Value,
        arr: &crate::types::ArrayTy,
        index: &Type,
    ) -> Result<Type> {
        // Boolean masks and integer arrays select copies (NumPy's advanced indexing).
        if let Type::Array(ix) = index {
            let ok = match &ix.dtype {
                Type::Bool => ix.ndim == arr.ndim,
                Type::Int(_) => true,
                _ => false,
            };
            if !ok {
                return Err(self.err(
                    v,
                    format!(
                        "indexing {} with {index} is not supported (a boolean mask of the same dimensions, or integers into a 1d array)",
                        Type::Array(Arc::new(arr.clone()))
                    ),
                ));
            }
            // A mask selects items; integers select items of a 1-d array, rows of an n-d one.
            let ndim = if ix.dtype == Type::Bool {
                1
            } else {
                ix.ndim + arr.ndim - 1
            };
            return Ok(crate::registry::elementwise::array(arr.dtype.clone(), ndim));
        }
        let parts = crate::types::index_parts(index, arr.ndim).map_err(|m| self.err(v, m))?;
        use crate::types::IndexPart;
        let ints = parts.iter().filter(|p| **p == IndexPart::Int).count();
        let ndim = parts.len() - ints;
        // An item, unless the subscript holds `...` (then a 0-d view, as NumPy gives).
        let ellipsis = match index {
            Type::Tuple(items) => items.iter().any(crate::types::is_ellipsis),
            t => crate::types::is_ellipsis(t),
        };
        if ndim == 0 && !ellipsis {
            return Ok(arr.dtype.clone());
        }
        // A C array indexed by leading integers only stays C; anything else may be strided.
        let leading_ints = parts
            .iter()
            .all(|p| matches!(p, IndexPart::Int | IndexPart::All));
        let layout = match arr.layout {
            crate::types::Layout::C if leading_ints => crate::types::Layout::C,
            _ => crate::types::Layout::A,
        };
        Ok(Type::Array(Arc::new(crate::types::ArrayTy {
            dtype: arr.dtype.clone(),
            ndim: ndim as u8,
            layout,
            readonly: arr.readonly,
        })))
    }

    /// `a[mask] = b` or `a[idx] = b` with an array `b`: what lowering (`lower/fancy.rs`) does
    /// not do yet is refused here: `b` spread over the rows an index array picks, and a `b`
    /// that is not one-dimensional (one value per selected item).
    fn fancy_assign_source(
        &self,
        v: Value,
        arr: &crate::types::ArrayTy,
        ix: &crate::types::ArrayTy,
        src: &crate::types::ArrayTy,
    ) -> Result<()> {
        let message = if ix.dtype != Type::Bool && arr.ndim > 1 {
            "assigning an array to rows selected by an index array is not supported yet"
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
                if arr.readonly {
                    return Err(self.err(
                        v,
                        format!("cannot assign to an item of a read-only array ({ta})"),
                    ));
                }
                // `a[1:3] = 0.0` fills the view; `a[1:3] = b` copies `b` into it,
                // broadcast as NumPy does.
                match (self.array_index_result(v, arr, &ti)?, &tx) {
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

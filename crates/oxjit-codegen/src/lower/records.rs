//! Records (NumPy structured dtypes): an item of an array of records as a reference into the
//! array (`a[i]`, `for r in a`), reading and writing its fields (`r.x`, `r['x']`, `r[0]`,
//! `r.x = v`), sub-array fields as views, and the view of one field in every item of an array
//! (`a['x']`, `a.x`). See `types/record.rs` for the types and `models/record.rs` for the value.

use inkwell::values::{
    BasicValue, BasicValueEnum, InstructionValue, IntValue, PointerValue, StructValue,
};
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::ir::{Const, Inst, Value};
use oxjit_core::types::{self, ArrayTy, RecordField, RecordTy, Type};

use super::{FnGen, Ir, R};
use crate::models::array::ArrayValue;

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// The record at `data` inside the array `arr` (sharing its block owner, as a view does).
    pub(crate) fn record_in(
        &self,
        arr: StructValue<'ctx>,
        rec: &RecordTy,
        data: PointerValue<'ctx>,
    ) -> R<BasicValueEnum<'ctx>> {
        let t = Type::Record(rec.clone().into());
        let st = self.llvm_type(&t).into_struct_type();
        let meminfo = ArrayValue(arr).meminfo(&self.b)?;
        let v = self
            .b
            .build_insert_value(st.get_undef(), meminfo, 0, "rec")
            .ir()?;
        Ok(self
            .b
            .build_insert_value(v, data, 1, "rec")
            .ir()?
            .into_struct_value()
            .into())
    }

    /// The instructions on records: `r[i]`, `r[i] = x`, `r.name = x` (`None` for others).
    pub(super) fn record_value(&mut self, inst: &Inst) -> Option<R<BasicValueEnum<'ctx>>> {
        let none: BasicValueEnum<'ctx> = self.cx().i8_type().const_zero().into();
        Some(match *inst {
            Inst::GetItem(r, i) if matches!(self.ty(r), Type::Record(_)) => {
                self.record_getitem(r, i)
            }
            Inst::SetItem(r, i, x) if matches!(self.ty(r), Type::Record(_)) => {
                self.record_setitem(r, i, x).map(|_| none)
            }
            Inst::SetAttr(r, ref name, x) => self.record_setattr(r, name, x).map(|_| none),
            _ => return None,
        })
    }

    /// The field of record type `rec` that `r[index]` names (typing checked it).
    fn field_of_index(&self, rec: &RecordTy, index: Value) -> R<RecordField> {
        let constant = match self.typed.constant(index) {
            Some(Const::Int(k)) => Some(*k),
            _ => None,
        };
        types::field_at(rec, self.ty(index), constant)
            .cloned()
            .map_err(Diagnostic::internal)
    }

    fn record_ty(&self, r: Value) -> R<std::sync::Arc<RecordTy>> {
        match self.ty(r) {
            Type::Record(rec) => Ok(rec.clone()),
            t => Err(Diagnostic::internal(format!("{t} is no record"))),
        }
    }

    fn named_field(rec: &RecordTy, name: &str) -> R<RecordField> {
        rec.field(name)
            .cloned()
            .ok_or_else(|| Diagnostic::internal(types::no_field(rec, name)))
    }

    /// `r.name`.
    pub(super) fn record_getattr(&mut self, r: Value, name: &str) -> R<BasicValueEnum<'ctx>> {
        let rec = self.record_ty(r)?;
        let field = Self::named_field(&rec, name)?;
        self.record_read(r, &field)
    }

    /// `r[index]`.
    pub(super) fn record_getitem(&mut self, r: Value, index: Value) -> R<BasicValueEnum<'ctx>> {
        let rec = self.record_ty(r)?;
        let field = self.field_of_index(&rec, index)?;
        self.record_read(r, &field)
    }

    /// `r.name = x`.
    pub(super) fn record_setattr(&mut self, r: Value, name: &str, x: Value) -> R<()> {
        let rec = self.record_ty(r)?;
        let field = Self::named_field(&rec, name)?;
        self.record_write(r, &rec, &field, x)
    }

    /// `r[index] = x`.
    pub(super) fn record_setitem(&mut self, r: Value, index: Value, x: Value) -> R<()> {
        let rec = self.record_ty(r)?;
        let field = self.field_of_index(&rec, index)?;
        self.record_write(r, &rec, &field, x)
    }

    /// The address of `field` in the record value `r`.
    fn field_ptr(&self, r: Value, field: &RecordField) -> R<PointerValue<'ctx>> {
        let sv = self.val(r).into_struct_value();
        let data = self
            .b
            .build_extract_value(sv, 1, "recdata")
            .ir()?
            .into_pointer_value();
        let offset = self.i64(field.offset as i64);
        // SAFETY: in bounds (inkwell's GEPs are unsafe for out-of-bounds indices): a field's
        // offset is inside the record's `itemsize` bytes (NumPy's dtype says so).
        unsafe {
            self.b
                .build_gep(self.cx().i8_type(), data, &[offset], "field")
                .ir()
        }
    }

    /// The value of `field`: the number, or a C-contiguous view of a sub-array field.
    fn record_read(&mut self, r: Value, field: &RecordField) -> R<BasicValueEnum<'ctx>> {
        let p = self.field_ptr(r, field)?;
        if field.shape.is_empty() {
            let v = self
                .b
                .build_load(self.llvm_type(&field.dtype), p, "fieldval")
                .ir()?;
            unaligned(v.as_instruction_value())?;
            return Ok(v);
        }
        let Type::Array(view_t) = field.value_type() else {
            unreachable!("a sub-array field reads as an array")
        };
        let shape: Vec<IntValue<'ctx>> = field.shape.iter().map(|n| self.i64(*n as i64)).collect();
        let strides = self.sub_array_strides(field);
        let meminfo = self
            .b
            .build_extract_value(self.val(r).into_struct_value(), 0, "meminfo")
            .ir()?;
        Ok(self
            .build_array(&view_t, meminfo, p.into(), &shape, &strides)?
            .into())
    }

    /// The C strides of a sub-array field's items.
    fn sub_array_strides(&self, field: &RecordField) -> Vec<IntValue<'ctx>> {
        let mut stride = types::size_align(&field.dtype).0 as i64;
        let mut out = vec![self.i64(0); field.shape.len()];
        for (k, n) in field.shape.iter().enumerate().rev() {
            out[k] = self.i64(stride);
            stride *= *n as i64;
        }
        out
    }

    /// Stores `x` (converted as NumPy casts on assignment) in the number field `field`.
    fn record_write(&mut self, r: Value, rec: &RecordTy, field: &RecordField, x: Value) -> R<()> {
        if !field.shape.is_empty() {
            return Err(Diagnostic::internal(format!(
                "assignment to the sub-array field '{}' of {}",
                field.name,
                Type::Record(rec.clone().into())
            )));
        }
        let p = self.field_ptr(r, field)?;
        let v = self.numpy_cast(self.val(x), &self.ty(x).clone(), &field.dtype)?;
        let store = self.b.build_store(p, v).ir()?;
        unaligned(Some(store))
    }

    /// `a['name']` / `a.name` of an array of records: the field of every item, as a view with
    /// the array's strides (the record's size apart), a sub-array field adding its dimensions.
    pub(crate) fn array_field_view(
        &mut self,
        arr: StructValue<'ctx>,
        at: &ArrayTy,
        name: &str,
        view_t: &ArrayTy,
    ) -> R<StructValue<'ctx>> {
        let Type::RecordDtype(rec) = &at.dtype else {
            return Err(Diagnostic::internal(format!(
                "{name} of an array of {}",
                at.dtype
            )));
        };
        let field = Self::named_field(rec, name)?;
        let mut strides = self.array_strides(arr, at)?;
        let mut shape: Vec<IntValue<'ctx>> = (0..at.ndim as u32)
            .map(|k| self.array_shape(arr, k))
            .collect::<R<_>>()?;
        shape.extend(field.shape.iter().map(|n| self.i64(*n as i64)));
        strides.extend(self.sub_array_strides(&field));
        let data = ArrayValue(arr).data(&self.b)?;
        let offset = self.i64(field.offset as i64);
        // SAFETY: in bounds (inkwell's GEPs are unsafe for out-of-bounds indices): the field's
        // offset inside the first record (for an empty array, never read).
        let data = unsafe {
            self.b
                .build_gep(self.cx().i8_type(), data, &[offset], "fielddata")
        }
        .ir()?;
        self.view_of(arr, view_t, data, &shape, &strides)
    }
}

/// Fields of packed records (and sub-arrays in them) may sit at any byte: loads and stores of
/// fields assume no alignment (x86 reads unaligned numbers at full speed).
fn unaligned(inst: Option<InstructionValue<'_>>) -> R<()> {
    if let Some(inst) = inst {
        inst.set_alignment(1)
            .map_err(|e| Diagnostic::internal(e.to_string()))?;
    }
    Ok(())
}

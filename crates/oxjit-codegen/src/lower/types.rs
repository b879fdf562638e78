//! The machine representation of oxjit types.

use inkwell::types::BasicTypeEnum;

use super::ModuleGen;
use oxjit_core::types::Type;

impl<'ctx> ModuleGen<'ctx> {
    /// The LLVM type of a value of type `t`. Bools are `i1` (a byte in memory), complex numbers
    /// and tuples are structs with C layout, iterators are pointers to their state; values that
    /// exist only at compile time (modules, functions) are a dummy `i8`.
    pub fn llvm_type(&self, t: &Type) -> BasicTypeEnum<'ctx> {
        let cx = self.cx;
        match t {
            Type::Bool => cx.bool_type().into(),
            Type::Int(i) => int_type(cx, i.bits).into(),
            Type::Float(32) => cx.f32_type().into(),
            Type::Float(_) => cx.f64_type().into(),
            Type::Complex(bits) => {
                let f = if *bits == 64 {
                    cx.f32_type()
                } else {
                    cx.f64_type()
                };
                cx.struct_type(&[f.into(), f.into()], false).into()
            }
            Type::Tuple(items) => {
                let fields: Vec<BasicTypeEnum> = items.iter().map(|t| self.llvm_type(t)).collect();
                cx.struct_type(&fields, false).into()
            }
            Type::Range | Type::Slice => {
                let i = cx.i64_type();
                cx.struct_type(&[i.into(), i.into(), i.into()], false)
                    .into()
            }
            Type::Array(a) | Type::Flat(a, _) => self.array_struct_type(a).into(),
            Type::Optional(t) => cx
                .struct_type(&[cx.bool_type().into(), self.llvm_type(t)], false)
                .into(),
            Type::Enumerate(t) => cx
                .struct_type(&[cx.i64_type().into(), self.llvm_type(t)], false)
                .into(),
            Type::Zip(ts) => {
                let fields: Vec<BasicTypeEnum> = ts.iter().map(|t| self.llvm_type(t)).collect();
                cx.struct_type(&fields, false).into()
            }
            Type::NdIndex(n) => {
                let fields: Vec<BasicTypeEnum> = (0..*n).map(|_| cx.i64_type().into()).collect();
                cx.struct_type(&fields, false).into()
            }
            Type::RangeIter
            | Type::FlatIter(..)
            | Type::NdIndexIter(_)
            | Type::TupleIter(_)
            | Type::ArrayIter(_)
            | Type::EnumerateIter(_)
            | Type::ZipIter(_) => cx.ptr_type(inkwell::AddressSpace::default()).into(),
            _ => cx.i8_type().into(),
        }
    }
}

/// The LLVM integer type of `bits` bits.
pub fn int_type(cx: &inkwell::context::Context, bits: u8) -> inkwell::types::IntType<'_> {
    match bits {
        8 => cx.i8_type(),
        16 => cx.i16_type(),
        32 => cx.i32_type(),
        _ => cx.i64_type(),
    }
}

//! Iterables other than containers (`enumerate(x)`, `zip(a, b)`, `np.ndindex(shape)`) and every
//! iterator. An iterable is a struct of what it was made from: `{start, x}`, the zipped values,
//! the shape. An iterator is a pointer to its state, a stack slot that `iter()` fills (see
//! `lower/iter.rs`), so that advancing it in a loop is a store LLVM promotes to registers.

use inkwell::types::BasicTypeEnum;
use oxjit_core::types::Type;

use super::TypeModel;
use crate::lower::ModuleGen;

pub(super) struct IterableModel;

impl TypeModel for IterableModel {
    fn llvm_type<'ctx>(&self, m: &ModuleGen<'ctx>, t: &Type) -> BasicTypeEnum<'ctx> {
        let cx = m.cx;
        let fields: Vec<BasicTypeEnum> = match t {
            Type::Enumerate(t) => vec![cx.i64_type().into(), m.llvm_type(t)],
            Type::Zip(ts) => ts.iter().map(|t| m.llvm_type(t)).collect(),
            Type::NdIndex(n) => (0..*n).map(|_| cx.i64_type().into()).collect(),
            other => unreachable!("{other} is not an iterable of this model"),
        };
        cx.struct_type(&fields, false).into()
    }
}

pub(super) struct IteratorModel;

impl TypeModel for IteratorModel {
    fn llvm_type<'ctx>(&self, m: &ModuleGen<'ctx>, _t: &Type) -> BasicTypeEnum<'ctx> {
        m.cx.ptr_type(inkwell::AddressSpace::default()).into()
    }
}

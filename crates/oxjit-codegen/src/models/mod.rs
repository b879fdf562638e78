//! The machine side of each type kind, one module per kind, as Numba's
//! `numba/core/datamodel/models.py` registers one data model per type class
//! (`@register_default(types.List) class ListModel(StructModel)`).
//!
//! A model says how values of its kind are represented in LLVM, how its constants are built and
//! what its truth value is; type-major lowering (a tuple's items, comparisons and casts; an
//! optional's unwrapping) lives in the same file as `impl FnGen` blocks. `model_of` is the one
//! list: a new type kind is a new file here plus one arm there (the match is exhaustive, so a
//! new `Type` variant cannot be forgotten). Boxing and unboxing live in the Python crate
//! (`crates/oxjit-python/src/boxing/`, one module per kind in the same shape), since they need
//! PyO3, which codegen does not depend on.

pub(crate) mod array;
mod bytes;
mod caught;
mod cfuncptr;
mod closure;
mod complex;
mod dict;
mod functions;
mod generator;
mod iter;
mod list;
mod none;
mod opaque;
mod optional;
mod pointer;
mod polynomial;
mod range;
mod record;
mod reversed;
pub(crate) mod scalar;
mod state_iter;
mod strs;
mod tuple;

use inkwell::types::BasicTypeEnum;
use inkwell::values::{BasicValueEnum, IntValue, PointerValue};
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::ir::{BinOp, CmpOp, Const, Value};
use oxjit_core::types::Type;

use crate::lower::{FnGen, ModuleGen, R};

/// What codegen knows about one kind of type.
pub(crate) trait TypeModel: Sync {
    /// The LLVM type of a value of type `t` (of this model's kind).
    fn llvm_type<'ctx>(&self, m: &ModuleGen<'ctx>, t: &Type) -> BasicTypeEnum<'ctx>;

    /// The constant `c` as a value of type `t`, where `c` is a constant of this kind; `None`
    /// where it is not (a narrower constant is then built in its own type and converted).
    fn constant<'ctx>(
        &self,
        _g: &FnGen<'_, 'ctx>,
        _c: &Const,
        _t: &Type,
    ) -> R<Option<BasicValueEnum<'ctx>>> {
        Ok(None)
    }

    /// Python's `bool(v)` for a value `v` of type `t`.
    fn truth<'ctx>(
        &self,
        _g: &FnGen<'_, 'ctx>,
        _v: BasicValueEnum<'ctx>,
        t: &Type,
    ) -> R<IntValue<'ctx>> {
        // Typing takes truth values of numbers, tuples and `None` only (`Inst::Truth`).
        Err(Diagnostic::internal(format!(
            "cannot take the truth value of {t}"
        )))
    }

    /// `v` converted from `from` to `to`, where this kind converts it (the model of `from` is
    /// asked first, then that of `to`); `None` leaves it to the numeric conversions.
    fn cast<'ctx>(
        &self,
        _g: &FnGen<'_, 'ctx>,
        _v: BasicValueEnum<'ctx>,
        _from: &Type,
        _to: &Type,
    ) -> R<Option<BasicValueEnum<'ctx>>> {
        Ok(None)
    }

    /// `a op b` where the left operand is of this kind and the kind defines the operator on
    /// its own values (tuples' `+`); `None` leaves it to arithmetic.
    fn binop<'ctx>(
        &self,
        _g: &mut FnGen<'_, 'ctx>,
        _op: BinOp,
        _a: Value,
        _b: Value,
        _result: &Type,
    ) -> R<Option<BasicValueEnum<'ctx>>> {
        Ok(None)
    }

    /// `x op y` where `x` is of this kind and the kind compares its own values (tuples,
    /// lexicographically); `None` leaves it to numeric comparison.
    #[allow(clippy::too_many_arguments)]
    fn compare<'ctx>(
        &self,
        _g: &mut FnGen<'_, 'ctx>,
        _op: CmpOp,
        _x: BasicValueEnum<'ctx>,
        _tx: &Type,
        _y: BasicValueEnum<'ctx>,
        _ty: &Type,
    ) -> R<Option<IntValue<'ctx>>> {
        Ok(None)
    }

    /// `iter(value)` of an iterable of type `t`: a pointer to a fresh iterator state (see
    /// `lower/iter.rs`).
    fn make_iter<'ctx>(
        &self,
        _g: &mut FnGen<'_, 'ctx>,
        _value: BasicValueEnum<'ctx>,
        t: &Type,
    ) -> R<PointerValue<'ctx>> {
        // Typing iterates only over what `is_iterable` accepts.
        Err(Diagnostic::internal(format!("cannot iterate over {t}")))
    }

    /// Whether the iterator of type `t` whose state is at `state` has another item.
    fn iter_valid<'ctx>(
        &self,
        _g: &mut FnGen<'_, 'ctx>,
        _state: PointerValue<'ctx>,
        t: &Type,
    ) -> R<IntValue<'ctx>> {
        Err(Diagnostic::internal(format!("iter_valid of {t}")))
    }

    /// The next item of the iterator of type `t` (after `iter_valid` said yes), advancing it.
    fn iter_next<'ctx>(
        &self,
        _g: &mut FnGen<'_, 'ctx>,
        _state: PointerValue<'ctx>,
        t: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        Err(Diagnostic::internal(format!("iter_next of {t}")))
    }
}

/// The LLVM type of every iterator: a pointer to its state.
fn state_pointer<'ctx>(m: &ModuleGen<'ctx>) -> BasicTypeEnum<'ctx> {
    m.cx.ptr_type(inkwell::AddressSpace::default()).into()
}

/// The model of `t`'s kind: the list of every kind codegen knows.
pub(crate) fn model_of(t: &Type) -> &'static dyn TypeModel {
    match t {
        Type::Bool | Type::Int(_) | Type::Float(_) => &scalar::ScalarModel,
        Type::Complex(_) => &complex::ComplexModel,
        Type::NoneType => &none::NoneModel,
        Type::Tuple(_) => &tuple::TupleModel,
        Type::Optional(_) => &optional::OptionalModel,
        Type::Array(_) | Type::Flat(..) => &array::ArrayModel,
        Type::Range => &range::RangeModel,
        Type::Slice => &range::SliceModel,
        Type::Pointer(_) => &pointer::PointerModel,
        Type::CFuncPtr(_) => &cfuncptr::CFuncPtrModel,
        // An `np.random.Generator`: the pointer to its runtime block.
        Type::NpGenerator => &pointer::PointerModel,
        // A jitclass instance: the pointer to its block.
        Type::JitInstance(_) => &pointer::PointerModel,
        Type::Polynomial(_) => &polynomial::PolynomialModel,
        Type::Bytes => &bytes::BytesModel,
        Type::BytesIter => &bytes::BYTES_ITER,
        Type::Record(_) => &record::RecordModel,
        Type::CaughtException => &caught::CaughtModel,
        Type::Functions(_) => &functions::FunctionsModel,
        Type::Closure(..) | Type::Cell(_) => &closure::ClosureModel,
        Type::List(_) => &list::ListModel,
        Type::ListIter(_) => &list::LIST_ITER,
        Type::Dict(..) | Type::DictView(..) | Type::DictIter(..) | Type::Set(_) => &dict::DictModel,
        Type::RangeIter => &range::RANGE_ITER,
        Type::TupleIter(_) => &tuple::TUPLE_ITER,
        Type::ArrayIter(_) => &array::ARRAY_ITER,
        Type::FlatIter(..) => &array::FLAT_ITER,
        Type::Enumerate(_) | Type::Zip(_) | Type::NdIndex(_) => &iter::IterableModel,
        Type::EnumerateIter(_) | Type::ZipIter(_) | Type::NdIndexIter(_) => &iter::IteratorModel,
        Type::Str => &strs::StrModel,
        Type::Generator(_) | Type::GeneratorIter(_) => &generator::GeneratorModel,
        Type::StrIter => &strs::STR_ITER,
        Type::StrSplitIter => &strs::STR_SPLIT_ITER,
        Type::Reversed(_) => &reversed::ReversedModel,
        Type::ReversedIter(_) => &reversed::ReversedIterModel,
        Type::StrLiteral(_)
        | Type::ArrayCtypes
        | Type::ArrayFlags
        | Type::Module(_)
        | Type::PyModule(_)
        | Type::Builtin(_)
        | Type::BoundMethod(..)
        | Type::UserFunction(_)
        | Type::ExceptionClass(_)
        | Type::Exception(_)
        | Type::RecordDtype(_)
        | Type::NamedTupleClass(_)
        | Type::JitClass(_)
        | Type::JitMethod(..)
        | Type::UserMethod(..)
        | Type::TypeRef(_)
        | Type::Undetermined(_) => &opaque::OpaqueModel,
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use inkwell::context::Context;
    use oxjit_core::types::{size_align, ArrayTy, Layout, Type};

    use super::model_of;
    use crate::lower::ModuleGen;

    /// Boxing, unboxing and the return slots lay values out as core's `size_align` says; each
    /// model's LLVM type must have that size and alignment on the host, or values cross the
    /// JIT boundary garbled.
    #[test]
    fn every_model_matches_the_layout_core_declares() {
        let cx = Context::create();
        let m = ModuleGen::for_tests(&cx);
        let machine = crate::host_machine().expect("host machine");
        let data = machine.get_target_data();
        let array = |ndim| {
            Arc::new(ArrayTy {
                dtype: Type::F64,
                ndim,
                layout: Layout::C,
                readonly: false,
            })
        };
        let types = [
            Type::Bool,
            Type::int(8, true),
            Type::int(16, false),
            Type::int(32, true),
            Type::I64,
            Type::Float(32),
            Type::F64,
            Type::Complex(64),
            Type::C128,
            Type::NoneType,
            Type::tuple(vec![Type::Bool, Type::F64, Type::int(8, true)]),
            Type::tuple(vec![Type::Complex(64), Type::int(16, true)]),
            Type::Optional(Arc::new(Type::F64)),
            Type::Optional(Arc::new(Type::tuple(vec![Type::I64, Type::Bool]))),
            Type::Array(array(0)),
            Type::Array(array(3)),
            Type::Range,
            Type::Slice,
            Type::NdIndex(2),
            Type::RangeIter,
            Type::ArrayIter(array(1)),
            Type::Pointer(Arc::new(Type::F64)),
            Type::Str,
            Type::Bytes,
            // `...` passed in, alone and among index parts (an opaque value's one byte).
            Type::StrLiteral(oxjit_core::types::ELLIPSIS.into()),
            Type::tuple(vec![
                Type::Slice,
                Type::StrLiteral(oxjit_core::types::ELLIPSIS.into()),
                Type::NoneType,
                Type::I64,
            ]),
            Type::Record(Arc::new(oxjit_core::types::RecordTy {
                fields: vec![],
                size: 24,
                aligned: true,
            })),
        ];
        for t in types {
            let llvm = model_of(&t).llvm_type(&m, &t);
            let got = (
                data.get_abi_size(&llvm) as usize,
                data.get_abi_alignment(&llvm) as usize,
            );
            assert_eq!(got, size_align(&t), "size and alignment of {t}");
        }
    }
}

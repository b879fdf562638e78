//! Calls of C functions through their address (`Type::CFuncPtr`, typed in core's
//! `typeinfer/rules/cfuncptr.rs`): the arguments converted to the C parameters' types, then one
//! indirect call with the C calling convention, as Numba's `ExternalFunctionPointer` call. The
//! C function takes no GIL and raises nothing, so the call is safe in `nogil` and `prange` code.

use inkwell::attributes::{Attribute, AttributeLoc};
use inkwell::types::{BasicMetadataTypeEnum, BasicType};
use inkwell::values::{BasicMetadataValueEnum, BasicValueEnum, CallSiteValue};
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::types::Type;

use super::bound::{Arg, CallCx};
use super::{FnGen, Ir, R};
use crate::models::array::ArrayValue;

pub(super) fn c_function_call<'a, 'ctx: 'a>(
    g: &mut FnGen<'a, 'ctx>,
    c: &CallCx<'_, 'ctx>,
) -> R<BasicValueEnum<'ctx>> {
    let Some((func, args)) = c.args.split_first() else {
        return Err(Diagnostic::internal("a C call without its function"));
    };
    let Type::CFuncPtr(sig) = &func.t else {
        return Err(Diagnostic::internal(format!(
            "a C call of a value of type {}",
            func.t
        )));
    };
    let mut values: Vec<BasicMetadataValueEnum> = Vec::with_capacity(args.len());
    for (a, param) in args.iter().zip(&sig.args) {
        values.push(g.c_argument(a, param)?.into());
    }
    let params: Vec<BasicMetadataTypeEnum> =
        sig.args.iter().map(|t| g.llvm_type(t).into()).collect();
    let fn_type = match sig.ret {
        Type::NoneType => g.cx().void_type().fn_type(&params, false),
        ref t => g.llvm_type(t).fn_type(&params, false),
    };
    let call =
        g.b.build_indirect_call(fn_type, func.v.into_pointer_value(), &values, "ccall")
            .ir()?;
    for (k, t) in sig.args.iter().enumerate() {
        extend_small(g, call, AttributeLoc::Param(k as u32), t);
    }
    extend_small(g, call, AttributeLoc::Return, &sig.ret);
    match call.try_as_basic_value().basic() {
        Some(r) => g.cast(r, &sig.ret, c.result),
        // `void`: the call's value is `None`.
        None => Ok(g.llvm_type(c.result).const_zero()),
    }
}

/// Marks a `bool` or an integer narrower than 32 bits as the C ABI passes it (extended to 32
/// bits, with its sign where it has one), as clang declares the same parameters.
fn extend_small<'ctx>(g: &FnGen<'_, 'ctx>, call: CallSiteValue<'ctx>, at: AttributeLoc, t: &Type) {
    let kind = match t {
        Type::Bool => "zeroext",
        Type::Int(i) if i.bits < 32 && i.signed => "signext",
        Type::Int(i) if i.bits < 32 => "zeroext",
        _ => return,
    };
    let id = Attribute::get_named_enum_kind_id(kind);
    call.add_attribute(at, g.cx().create_enum_attribute(id, 0));
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// The argument `a` as the C parameter of type `param` takes it (typing checked that it
    /// converts).
    fn c_argument(&mut self, a: &Arg<'ctx>, param: &Type) -> R<BasicValueEnum<'ctx>> {
        match (&a.t, param) {
            (Type::ArrayCtypes, Type::Pointer(_)) => {
                // `a.ctypes`: the address of the array's first item (typing recorded `a`).
                let arr = a
                    .src
                    .and_then(|s| self.typed.ctypes_of.get(&s).copied())
                    .ok_or_else(|| Diagnostic::internal("a.ctypes without its array"))?;
                Ok(ArrayValue(self.val(arr).into_struct_value())
                    .data(&self.b)?
                    .into())
            }
            (Type::Int(_), Type::Pointer(_)) => {
                let ptr = self.cx().ptr_type(inkwell::AddressSpace::default());
                Ok(self
                    .b
                    .build_int_to_ptr(a.v.into_int_value(), ptr, "address")
                    .ir()?
                    .into())
            }
            (Type::Pointer(_), Type::Pointer(_)) => Ok(a.v),
            (t, Type::Bool) if *t != Type::Bool => Ok(self.truth(a.v, t)?.into()),
            (t, param) => self.cast(a.v, t, param),
        }
    }
}

/// `ffi.from_buffer(a)`: the address of the (contiguous) array's first item.
pub(super) fn from_buffer<'a, 'ctx: 'a>(
    g: &mut FnGen<'a, 'ctx>,
    c: &CallCx<'_, 'ctx>,
) -> R<BasicValueEnum<'ctx>> {
    let [array] = c.args else {
        return Err(Diagnostic::internal("from_buffer() without its array"));
    };
    Ok(ArrayValue(array.v.into_struct_value()).data(&g.b)?.into())
}

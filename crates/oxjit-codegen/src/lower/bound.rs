//! A call as its implementation sees it: the arguments bound to the parameters by typing
//! ([`Arg`], in parameter order), the constants typing decoded, the result type ([`CallCx`]),
//! and the shape of an implementation ([`Impl`]). A leaf: the families and the table of
//! implementations (`impls.rs`) both use it.

use inkwell::values::BasicValueEnum;
use oxjit_core::ir::{Const, Value};
use oxjit_core::registry::Builtin;
use oxjit_core::typeinfer::Decoded;
use oxjit_core::types::Type;

use super::{FnGen, R};

/// One argument of a call, bound to its parameter (a default is a constant).
#[derive(Clone)]
pub struct Arg<'ctx> {
    pub v: BasicValueEnum<'ctx>,
    pub t: Type,
    pub c: Option<Const>,
    /// The IR value it is, where it is one (not a default).
    pub src: Option<Value>,
}

/// A call as its implementation sees it.
pub(super) struct CallCx<'c, 'ctx> {
    pub id: Builtin,
    /// The arguments in parameter order (a method's receiver first).
    pub args: &'c [Arg<'ctx>],
    pub decoded: &'c Decoded,
    /// The call's type.
    pub result: &'c Type,
}

/// How one callable is lowered.
pub(super) type Impl<'a, 'ctx> =
    for<'c> fn(&mut FnGen<'a, 'ctx>, &CallCx<'c, 'ctx>) -> R<BasicValueEnum<'ctx>>;

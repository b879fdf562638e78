//! The CPU implementations of the callables in core's table (`oxjit_core::registry::table`),
//! found by id in one place: [`implementation`]. A call is lowered by the function registered
//! for its id, with its arguments bound to the parameters and its constants decoded by typing
//! ([`CallCx`]). The families that make arrays register one small function per callable
//! (`creation::implementation`); the others one function per family, which matches on the
//! family's id.
//!
//! The test below walks core's table: every callable has an implementation here.

use inkwell::values::BasicValueEnum;
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::registry::Builtin;

use super::bound::{CallCx, Impl};
use super::{FnGen, R};

/// The implementation of callable `id`, if the CPU target has one.
pub(super) fn implementation<'a, 'ctx>(id: Builtin) -> Option<Impl<'a, 'ctx>> {
    let f: Impl<'a, 'ctx> = match id {
        Builtin::Array(f) => return super::creation::implementation(f),
        Builtin::Reduce(_) => reduce,
        Builtin::Random(_) => random,
        Builtin::PyRandom(_) => pyrandom,
        Builtin::Cuda(_) => super::cuda::call,
        Builtin::Linalg(_) => linalg,
        Builtin::Fft(_) => super::fft::fft_call,
        Builtin::Carray | Builtin::Farray => super::carray::pointer_view,
        Builtin::CFuncCall => super::ccall::c_function_call,
        Builtin::FfiFromBuffer => super::ccall::from_buffer,
        Builtin::Str(_) => strs,
        Builtin::List(_) => super::list_methods::list_call,
        Builtin::Dict(_) => super::dict_methods::dict_call,
        Builtin::Set(_) => super::set::set_call,
        Builtin::Tuple(_) => super::tuple_methods::tuple_call,
        Builtin::UfuncMethod(_) => super::ufunc_methods::ufunc_method_call,
        Builtin::Generator(_) => super::generator_close::generator_method,
        Builtin::NpGen(_) => super::npgen::call,
        // Python's builtins, `math`, `cmath` and NumPy's functions of numbers.
        _ => builtin,
    };
    Some(f)
}

fn mismatch(c: &CallCx) -> Diagnostic {
    Diagnostic::internal(format!("{:?} registered with another family", c.id))
}

fn reduce<'a, 'ctx: 'a>(g: &mut FnGen<'a, 'ctx>, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
    let Builtin::Reduce(op) = c.id else {
        return Err(mismatch(c));
    };
    g.reduce_call(op, c.args, c.decoded, c.result)
}

fn random<'a, 'ctx: 'a>(g: &mut FnGen<'a, 'ctx>, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
    let Builtin::Random(f) = c.id else {
        return Err(mismatch(c));
    };
    g.random_fn(f, c.args, c.result)
}

fn pyrandom<'a, 'ctx: 'a>(
    g: &mut FnGen<'a, 'ctx>,
    c: &CallCx<'_, 'ctx>,
) -> R<BasicValueEnum<'ctx>> {
    let Builtin::PyRandom(f) = c.id else {
        return Err(mismatch(c));
    };
    g.pyrandom_fn(f, c.args)
}

fn linalg<'a, 'ctx: 'a>(g: &mut FnGen<'a, 'ctx>, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
    let Builtin::Linalg(f) = c.id else {
        return Err(mismatch(c));
    };
    g.linalg_fn(f, c.args, c.decoded, c.result)
}

fn strs<'a, 'ctx: 'a>(g: &mut FnGen<'a, 'ctx>, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
    let Builtin::Str(f) = c.id else {
        return Err(mismatch(c));
    };
    g.str_fn(f, c.args, c.result)
}

fn builtin<'a, 'ctx: 'a>(g: &mut FnGen<'a, 'ctx>, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
    // `int`, `float`, `bool` and `len` of a string.
    if let Some(v) = g.str_builtin(c.id, c.args)? {
        return Ok(v);
    }
    g.builtin(c.id, c.args, c.result)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_callable_in_the_table_has_a_cpu_implementation() {
        for e in oxjit_core::registry::table::entries() {
            assert!(
                implementation(e.id).is_some(),
                "{:?} ({:?}) has no CPU implementation",
                e.id,
                e.names
            );
        }
    }
}

//! A `with objmode(...)` block (`Inst::ObjMode`, see core's `ssa/objmode.rs`): the Python
//! extension's `oxjit_py_objmode` runs it in the interpreter, holding the GIL. The block's body
//! is passed as the source of a Python function of its live-in variables (placed at the body's
//! own line, so tracebacks show the user's file); the inputs as `{Value, address, type}`
//! records, each holding a reference the callback takes over; the outputs come back as one
//! tuple of the declared types, holding new references.

use inkwell::values::{BasicMetadataValueEnum, BasicValueEnum};
use oxjit_abi::{Callback, PrintKind};
use oxjit_core::diagnostics::{Diagnostic, SourceInfo};
use oxjit_core::ir::{ObjModeBlock, Value};
use oxjit_core::types::Type;

use super::{FnGen, Ir, R};

/// The Python source defining block `info` as `__oxjit_objmode_block__(inputs...)`, its body
/// at the line and indentation it has in the file; `return` gives the outputs as a tuple.
pub(crate) fn block_source(src: &SourceInfo, info: &ObjModeBlock) -> String {
    let text = &src.text;
    let start = usize::from(info.body.start()).min(text.len());
    let end = usize::from(info.body.end()).clamp(start, text.len());
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    // The first statement's column, kept for the lines after it (tabs stay tabs).
    let indent: String = text[line_start..start]
        .chars()
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    let indent = if indent.is_empty() {
        " ".into()
    } else {
        indent
    };
    let (line, _, _) = src.locate(start as u32);
    let inputs: Vec<&str> = info.inputs.iter().map(|n| &**n).collect();
    let outputs: String = info.outputs.iter().map(|(n, _)| format!("{n}, ")).collect();
    format!(
        "{}def __oxjit_objmode_block__({}):\n{indent}{}\n{indent}return ({})\n",
        "\n".repeat(line.saturating_sub(2) as usize),
        inputs.join(", "),
        &text[start..end],
        outputs.trim_end_matches(' '),
    )
}

impl<'ctx> FnGen<'_, 'ctx> {
    /// `objmode blockN(inputs)`: calls back into Python; raises what the block raised.
    pub(super) fn objmode_block(
        &mut self,
        block: u32,
        inputs: &[Value],
        t: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let info = self.typed.func.objmode[block as usize].clone();
        let cx = self.cx();
        let i64t = cx.i64_type();
        let owner = self
            .m
            .declared
            .iter()
            .find(|(_, f)| **f == self.f)
            .map(|(key, _)| key.0)
            .ok_or_else(|| Diagnostic::internal("an objmode block in an undeclared function"))?;
        let rec_t = cx.struct_type(&[i64t.into(), i64t.into(), i64t.into()], false);
        let records = self.alloca(
            rec_t.array_type(inputs.len().max(1) as u32).into(),
            "objmode.args",
        )?;
        for (k, &x) in inputs.iter().enumerate() {
            let xt = self.ty(x).clone();
            let value = self.val(x);
            // The callback boxes each input, taking over a reference (as a result's boxing).
            self.incref(value, &xt)?;
            let slot = self.alloca(self.llvm_type(&xt), "objmode.value")?;
            self.b.build_store(slot, value).ir()?;
            let name = self.m.string(&self.b, &xt.to_string())?;
            let words = [
                i64t.const_int(PrintKind::Value as u64, false),
                self.b.build_ptr_to_int(slot, i64t, "value").ir()?,
                self.b.build_ptr_to_int(name, i64t, "type").ir()?,
            ];
            for (field, word) in words.into_iter().enumerate() {
                let zero = i64t.const_zero();
                let at = i64t.const_int(k as u64, false);
                let f = cx.i32_type().const_int(field as u64, false);
                // SAFETY: `k` < the array's length; `field` < 3.
                let p = unsafe {
                    self.b
                        .build_in_bounds_gep(
                            rec_t.array_type(inputs.len().max(1) as u32),
                            records,
                            &[zero, at, f],
                            "field",
                        )
                        .ir()?
                };
                self.b.build_store(p, word).ir()?;
            }
        }
        let out_t = self.llvm_type(t);
        let out = self.alloca(out_t, "objmode.out")?;
        let source = block_source(&self.typed.source, &info);
        let names: Vec<&str> = info.outputs.iter().map(|(n, _)| &**n).collect();
        let strings = [self.typed.source.filename.clone(), source, names.join(",")];
        let mut args: Vec<BasicMetadataValueEnum<'ctx>> = vec![i64t.const_int(owner, false).into()];
        for s in &strings {
            args.push(self.m.string(&self.b, s)?.into());
        }
        args.push(records.into());
        args.push(i64t.const_int(inputs.len() as u64, false).into());
        args.push(out.into());
        args.push(self.m.string(&self.b, &t.to_string())?.into());
        args.push(self.exc_ptr.into());
        let f = self.callback(Callback::ObjMode);
        let status = self
            .b
            .build_call(f, &args, "status")
            .ir()?
            .try_as_basic_value()
            .basic()
            .expect("status")
            .into_int_value();
        let ok = self
            .b
            .build_int_compare(
                inkwell::IntPredicate::EQ,
                status,
                cx.i32_type().const_zero(),
                "ok",
            )
            .ir()?;
        let fail = cx.append_basic_block(self.f, "objmode.raised");
        let cont = cx.append_basic_block(self.f, "objmode.ok");
        self.b.build_conditional_branch(ok, cont, fail).ir()?;
        self.b.position_at_end(fail);
        self.leave_raised()?;
        self.b.position_at_end(cont);
        self.b.build_load(out_t, out, "objmode.result").ir()
    }
}

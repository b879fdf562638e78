//! `lineinfo=True` (CUDA kernels): LLVM debug locations from the source lines of the Python
//! code, in a compile unit of kind `LineTablesOnly`, which the NVPTX back end emits as PTX
//! `.file` and `.loc` directives (profilers and `cuda-gdb` map instructions to lines with them,
//! as with Numba's `lineinfo=True`). Each lowered function gets a `DISubprogram`; each of its
//! instructions the line and column of the Python value it computes.

use std::path::Path;

use inkwell::debug_info::{
    AsDIScope, DIFlags, DIFlagsConstants, DWARFEmissionKind, DWARFSourceLanguage, DebugInfoBuilder,
};
use inkwell::module::FlagBehavior;
use inkwell::values::FunctionValue;
use oxjit_core::diagnostics::SourceInfo;
use ruff_text_size::TextRange;

use super::{FnGen, ModuleGen};

/// The version of the debug metadata LLVM reads (`llvm::DEBUG_METADATA_VERSION`).
const DEBUG_METADATA_VERSION: u64 = 3;

/// The line-table builder of a module.
pub(crate) struct LineInfo<'ctx> {
    builder: DebugInfoBuilder<'ctx>,
}

impl<'ctx> ModuleGen<'ctx> {
    /// Starts line tables for the module (the compile unit names `filename`).
    pub(crate) fn enable_line_info(&mut self, filename: &str) {
        let (file, dir) = split(filename);
        let (builder, _) = self.module.create_debug_info_builder(
            true,
            DWARFSourceLanguage::Python,
            file,
            dir,
            "oxjit",
            true,
            "",
            0,
            "",
            DWARFEmissionKind::LineTablesOnly,
            0,
            false,
            false,
            "",
            "",
        );
        let version = self.cx.i32_type().const_int(DEBUG_METADATA_VERSION, false);
        self.module
            .add_basic_value_flag("Debug Info Version", FlagBehavior::Warning, version);
        self.line_info = Some(LineInfo { builder });
    }

    /// Completes the debug metadata (before the module is verified or emitted).
    pub(crate) fn finish_line_info(&self) {
        if let Some(info) = &self.line_info {
            info.builder.finalize();
        }
    }

    /// Gives `f` a subprogram for the function `name` defined at `offset` of `source`.
    pub(crate) fn add_subprogram(
        &self,
        f: FunctionValue<'ctx>,
        name: &str,
        source: &SourceInfo,
        offset: u32,
    ) {
        let Some(info) = &self.line_info else {
            return;
        };
        let b = &info.builder;
        let (file, dir) = split(&source.filename);
        let file = b.create_file(file, dir);
        let line = source.locate(offset).0;
        let ty = b.create_subroutine_type(file, None, &[], DIFlags::ZERO);
        let linkage = f.get_name().to_string_lossy().into_owned();
        let sp = b.create_function(
            file.as_debug_info_scope(),
            name,
            Some(&linkage),
            file,
            line,
            ty,
            true,
            true,
            line,
            DIFlags::ZERO,
            true,
        );
        f.set_subprogram(sp);
    }
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// With line info: the function's subprogram (at its first value's line).
    pub(super) fn begin_line_info(&mut self) {
        if self.m.line_info.is_none() {
            return;
        }
        let func = &self.typed.func;
        let start = func
            .values
            .first()
            .map_or(0, |v| u32::from(v.range.start()));
        self.m
            .add_subprogram(self.f, &func.name, &self.typed.source, start);
    }

    /// With line info: the instructions built from now on are at `range`'s line and column.
    pub(super) fn set_line(&self, range: TextRange) {
        let (Some(info), Some(sp)) = (&self.m.line_info, self.f.get_subprogram()) else {
            return;
        };
        let (line, col, _) = self.typed.source.locate(range.start().into());
        let loc = info.builder.create_debug_location(
            self.cx(),
            line,
            col,
            sp.as_debug_info_scope(),
            None,
        );
        self.b.set_current_debug_location(loc);
    }
}

/// A path's file name and folder.
fn split(path: &str) -> (&str, &str) {
    let p = Path::new(path);
    let file = p.file_name().and_then(|f| f.to_str()).unwrap_or(path);
    let dir = p.parent().and_then(|d| d.to_str()).unwrap_or("");
    (file, dir)
}

impl<'ctx> ModuleGen<'ctx> {
    /// With line info: a subprogram for the kernel entry `f` of `root`, and `b` (its builder)
    /// at `root`'s first line.
    pub(crate) fn locate_entry(
        &self,
        b: &inkwell::builder::Builder<'ctx>,
        f: FunctionValue<'ctx>,
        root: &oxjit_core::typeinfer::TypedFunction,
    ) {
        let Some(info) = &self.line_info else {
            return;
        };
        let start = root
            .func
            .values
            .first()
            .map_or(0, |v| u32::from(v.range.start()));
        self.add_subprogram(f, &root.func.name, &root.source, start);
        let Some(sp) = f.get_subprogram() else {
            return;
        };
        let line = root.source.locate(start).0;
        let loc =
            info.builder
                .create_debug_location(self.cx, line, 1, sp.as_debug_info_scope(), None);
        b.set_current_debug_location(loc);
    }
}

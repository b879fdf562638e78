//! The ORC LLJIT engine (through llvm-sys: inkwell wraps only MCJIT), with the runtime's
//! functions defined as absolute symbols.

use std::ffi::{CStr, CString};

use inkwell::context::Context;
use inkwell::llvm_sys::core::LLVMCreateMemoryBufferWithMemoryRangeCopy;
use inkwell::llvm_sys::error::{LLVMDisposeErrorMessage, LLVMErrorRef, LLVMGetErrorMessage};
use inkwell::llvm_sys::orc2::lljit::*;
use inkwell::llvm_sys::orc2::*;
use inkwell::module::Module;

/// One LLJIT instance for the process; modules are added and never removed.
pub struct Jit {
    jit: LLVMOrcLLJITRef,
}

// The LLJIT is internally synchronised; oxjit also serialises compiles behind a lock.
// SAFETY: LLVM's LLJIT is internally synchronised (ORC is thread-safe), and oxjit also serialises
// compiles behind a lock.
unsafe impl Send for Jit {}
// SAFETY: LLVM's LLJIT is internally synchronised (ORC is thread-safe), and oxjit also serialises
// compiles behind a lock.
unsafe impl Sync for Jit {}

fn take_error(err: LLVMErrorRef) -> Result<(), String> {
    if err.is_null() {
        return Ok(());
    }
    // SAFETY: `err` is a non-null error LLVM returned, consumed here once; the message is disposed
    // after it is copied.
    unsafe {
        let msg = LLVMGetErrorMessage(err);
        let text = CStr::from_ptr(msg).to_string_lossy().into_owned();
        LLVMDisposeErrorMessage(msg);
        Err(text)
    }
}

impl Jit {
    /// A JIT whose dylib defines the runtime's functions and `extra` ones (the extension's own
    /// callbacks into Python).
    pub fn new(extra: &[(&'static str, usize)]) -> Result<Jit, String> {
        crate::init_targets();
        let mut jit: LLVMOrcLLJITRef = std::ptr::null_mut();
        // SAFETY: creates a JIT with the default builder (null), written to `jit`.
        unsafe {
            take_error(LLVMOrcCreateLLJIT(&mut jit, std::ptr::null_mut()))?;
        }
        let this = Jit { jit };
        this.define_runtime_symbols(extra)?;
        Ok(this)
    }

    fn define_runtime_symbols(&self, extra: &[(&'static str, usize)]) -> Result<(), String> {
        let mut symbols = oxjit_runtime::symbols();
        symbols.extend_from_slice(extra);
        symbols.extend(oxjit_runtime::half::libcalls());
        symbols.extend(oxjit_runtime::vmath::symbols());
        symbols.extend(oxjit_runtime::vmath::np_simd::symbols());
        let named: Vec<(String, usize)> =
            symbols.iter().map(|(n, a)| (n.to_string(), *a)).collect();
        // The runtime's and the extension's functions live as long as the process.
        self.define_absolute(&named)
    }

    /// Defines each `(name, address)` as a symbol at that address (functions of the process, or
    /// the arrays that code loaded from the cache reads); the addresses must stay valid for as
    /// long as code that uses them can run.
    pub fn define_absolute(&self, symbols: &[(String, usize)]) -> Result<(), String> {
        if symbols.is_empty() {
            return Ok(());
        }
        let mut pairs: Vec<LLVMOrcCSymbolMapPair> = Vec::new();
        // SAFETY: `self.jit` is a live LLJIT; the names are NUL-terminated and outlive the calls;
        // ORC takes the symbol map (the interned names are owned by it).
        unsafe {
            for (name, addr) in symbols {
                let cname = CString::new(name.as_str()).map_err(|e| e.to_string())?;
                let interned = LLVMOrcLLJITMangleAndIntern(self.jit, cname.as_ptr());
                pairs.push(LLVMOrcCSymbolMapPair {
                    Name: interned,
                    Sym: LLVMJITEvaluatedSymbol {
                        Address: *addr as u64,
                        Flags: LLVMJITSymbolFlags {
                            GenericFlags:
                                LLVMJITSymbolGenericFlags::LLVMJITSymbolGenericFlagsExported as u8
                                    | LLVMJITSymbolGenericFlags::LLVMJITSymbolGenericFlagsCallable
                                        as u8,
                            TargetFlags: 0,
                        },
                    },
                });
            }
            let mu = LLVMOrcAbsoluteSymbols(pairs.as_mut_ptr(), pairs.len());
            let dylib = LLVMOrcLLJITGetMainJITDylib(self.jit);
            take_error(LLVMOrcJITDylibDefine(dylib, mu))
        }
    }

    /// Hands `module` and its context to the JIT (they must not be dropped by the caller).
    ///
    /// The context must be leaked (`Box::leak`): ORC frees the underlying LLVM context when it
    /// is done with the module.
    pub fn add_module(
        &self,
        context: &'static Context,
        module: Module<'static>,
    ) -> Result<(), String> {
        // SAFETY: the module and its (leaked) context are handed to ORC, which owns them from here
        // (`module` is forgotten, not dropped).
        unsafe {
            let module_ref = module.as_mut_ptr();
            let context_ref = context.raw();
            std::mem::forget(module);
            let tsc = LLVMOrcCreateNewThreadSafeContextFromLLVMContext(context_ref as _);
            let tsm = LLVMOrcCreateNewThreadSafeModule(module_ref as _, tsc);
            LLVMOrcDisposeThreadSafeContext(tsc);
            let dylib = LLVMOrcLLJITGetMainJITDylib(self.jit);
            take_error(LLVMOrcLLJITAddLLVMIRModule(self.jit, dylib, tsm))
        }
    }

    /// Adds an object file (made by `object_code` here or in another process); its symbols are
    /// linked on first lookup.
    pub fn add_object(&self, object: &[u8]) -> Result<(), String> {
        let name = CString::new("oxjit-cached").expect("no NUL");
        // SAFETY: the buffer copies `object` (valid for its length); ORC takes ownership of the
        // buffer; `self.jit` is a live LLJIT.
        unsafe {
            let buffer = LLVMCreateMemoryBufferWithMemoryRangeCopy(
                object.as_ptr() as *const _,
                object.len(),
                name.as_ptr(),
            );
            let dylib = LLVMOrcLLJITGetMainJITDylib(self.jit);
            take_error(LLVMOrcLLJITAddObjectFile(self.jit, dylib, buffer))
        }
    }

    /// The address of a symbol (compiling its module on first lookup).
    pub fn lookup(&self, name: &str) -> Result<usize, String> {
        let cname = CString::new(name).map_err(|e| e.to_string())?;
        let mut addr: LLVMOrcExecutorAddress = 0;
        // SAFETY: `self.jit` is a live LLJIT; `cname` is NUL-terminated and outlives the call.
        unsafe {
            take_error(LLVMOrcLLJITLookup(self.jit, &mut addr, cname.as_ptr()))?;
        }
        Ok(addr as usize)
    }
}

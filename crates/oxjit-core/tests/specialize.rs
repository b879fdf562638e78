//! `Host::specialize`: a call to a user function that generates code per argument types (a
//! stencil's proxy) runs the function the host names, after the host has been told the return
//! type of the kernel it asked about.

use std::sync::Arc;

use oxjit_core::diagnostics::{Diagnostic, SourceInfo};
use oxjit_core::ir::Const;
use oxjit_core::session::{FunctionInput, Host, Session, Specialized};
use oxjit_core::syntax::FunctionKind;
use oxjit_core::typeinfer::{ArgKnown, CallTarget, GlobalValue};
use oxjit_core::types::{FuncId, Type};

const SOURCE: &str = "\
def caller(x):
    return proxy(x) * 2 + proxy(3)
def proxy(x, k=1):
    pass
def kernel(x, k=1):
    return x * 3
def generated(x, k=1):
    return x + 0.5
";

const NAMES: [&str; 4] = ["caller", "proxy", "kernel", "generated"];

/// Functions 1 to 4 are `NAMES`; `proxy` (2) asks for `kernel`'s (3) return type, then names
/// `generated` (4).
struct ProxyHost {
    source: Arc<SourceInfo>,
    /// What `specialize` was asked: (caller, callee, argument types, kernel return type).
    asked: Vec<(FuncId, FuncId, Vec<Type>, Option<Type>)>,
    /// What typing knew of the arguments of each call asked about.
    known: Vec<Vec<ArgKnown>>,
}

impl Host for ProxyHost {
    fn function_input(&mut self, f: FuncId) -> Result<FunctionInput, Diagnostic> {
        Ok(FunctionInput {
            source: self.source.clone(),
            kind: FunctionKind::DefAt {
                line: 2 * f as u32 - 1,
                name: NAMES[f as usize - 1].to_string(),
            },
            // `k=1` of all but the caller.
            defaults: match f {
                1 => Vec::new(),
                _ => vec![Some(Const::Int(1))],
            },
            kwdefaults: Vec::new(),
            frozensets: Vec::new(),
        })
    }

    fn resolve_global(&mut self, _f: FuncId, name: &str) -> GlobalValue {
        match NAMES.iter().position(|n| *n == name) {
            Some(k) => GlobalValue::UserFunction(k as FuncId + 1),
            None => GlobalValue::Missing,
        }
    }

    fn module_attribute(&mut self, _module: &str, _attr: &str) -> GlobalValue {
        GlobalValue::Missing
    }

    fn specialize(
        &mut self,
        caller: FuncId,
        f: FuncId,
        args: &[Type],
        kernel_return: Option<&Type>,
        known: &[ArgKnown],
    ) -> Result<Specialized, Diagnostic> {
        self.known.push(known.to_vec());
        self.asked
            .push((caller, f, args.to_vec(), kernel_return.cloned()));
        Ok(match (f, kernel_return) {
            (2, None) => Specialized::NeedsReturnType {
                of: 3,
                args: args.to_vec(),
            },
            (2, Some(_)) => Specialized::Function(4),
            _ => Specialized::Same,
        })
    }
}

#[test]
fn a_call_to_a_proxy_runs_the_function_the_host_names() {
    let mut host = ProxyHost {
        source: Arc::new(SourceInfo {
            text: SOURCE.to_string(),
            filename: "specialize.py".to_string(),
            first_line: 1,
            col_offset: 0,
        }),
        asked: Vec::new(),
        known: Vec::new(),
    };
    let mut session = Session::new();
    let int64 = Type::parse("int64").expect("a type");
    let typed = session
        .typed(&mut host, 1, std::slice::from_ref(&int64))
        .expect("caller types");
    // `generated` returns float64 for an int64; `proxy` itself would return None.
    assert_eq!(typed.return_type, Type::parse("float64").expect("a type"));
    let targets: Vec<FuncId> = typed
        .calls
        .values()
        .filter_map(|c| match c {
            CallTarget::User { func, .. } => Some(*func),
            _ => None,
        })
        .collect();
    assert_eq!(targets, vec![4, 4]);
    // Asked first without, then with the kernel's return type (int64 * 3: int64).
    let args = vec![int64.clone(), int64.clone()];
    assert_eq!(host.asked[0], (1, 2, args.clone(), None));
    assert_eq!(host.asked[1], (1, 2, args, Some(int64)));
    // What typing knew of the arguments: the caller's parameter, a constant, a default.
    let omitted = ArgKnown::Omitted(Const::Int(1));
    assert!(host
        .known
        .contains(&vec![ArgKnown::Param(0), omitted.clone()]));
    assert!(host
        .known
        .contains(&vec![ArgKnown::Const(Const::Int(3)), omitted]));
}

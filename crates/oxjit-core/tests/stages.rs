//! Snapshot tests of each stage on text: a fixture's source in, its SSA IR, typed IR or rendered
//! diagnostic out (`insta`), so that a change to a pass shows as a readable diff.
//!
//! Each fixture in `fixtures/` is a Python file whose first line says how to type its first
//! function: `# args: int64, float64`. Globals resolve to `math`, `cmath`, builtins and builtin
//! exception classes, as the extension resolves them.

use std::sync::Arc;

use oxjit_core::diagnostics::{Diagnostic, SourceInfo};
use oxjit_core::ir::{Const, Inst, Value};
use oxjit_core::passes::{self, PassOptions};
use oxjit_core::registry::{self, Registered};
use oxjit_core::session::{FunctionInput, Host, Session};
use oxjit_core::syntax::FunctionKind;
use oxjit_core::typeinfer::{GlobalValue, TypedFunction};
use oxjit_core::types::{FuncId, ModuleKind, Type};

struct FixtureHost {
    source: Arc<SourceInfo>,
}

impl Host for FixtureHost {
    fn function_input(&mut self, _f: FuncId) -> Result<FunctionInput, Diagnostic> {
        Ok(FunctionInput {
            source: self.source.clone(),
            kind: FunctionKind::Def,
            defaults: Vec::new(),
        })
    }

    fn resolve_global(&mut self, _f: FuncId, name: &str) -> GlobalValue {
        match name {
            "math" => GlobalValue::Module(ModuleKind::Math),
            "cmath" => GlobalValue::Module(ModuleKind::Cmath),
            "THRESHOLD" => GlobalValue::Const(Const::Int(10)),
            n if n.ends_with("Error") || n == "Exception" => {
                GlobalValue::ExceptionClass(Arc::from(n))
            }
            n => match registry::lookup(ModuleKind::Builtins, n) {
                Some(Registered::Function(b)) => GlobalValue::Builtin(b),
                _ => GlobalValue::Missing,
            },
        }
    }

    fn module_attribute(&mut self, _module: &str, _attr: &str) -> GlobalValue {
        GlobalValue::Missing
    }
}

/// A `split` pattern for the commas between types (not those inside `array(float64, 1d, C)`).
fn top_level_comma() -> impl FnMut(char) -> bool {
    let mut depth = 0;
    move |c| {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        c == ',' && depth == 0
    }
}

/// A fixture's host (its source) and the argument types its header gives.
fn load_fixture(name: &str) -> (FixtureHost, Vec<Type>) {
    let path = format!("{}/tests/fixtures/{name}.py", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("fixture exists");
    let header = text.lines().next().unwrap_or_default();
    let args: Vec<Type> = header
        .strip_prefix("# args:")
        .expect("first line is '# args: ...'")
        .split(top_level_comma())
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| Type::parse(s).expect("valid type"))
        .collect();
    // The function starts after the header line.
    let body: String = text.lines().skip(1).collect::<Vec<_>>().join("\n") + "\n";
    let source = Arc::new(SourceInfo {
        text: body,
        filename: format!("{name}.py"),
        first_line: 2,
        col_offset: 0,
    });
    (FixtureHost { source }, args)
}

/// A session that verifies the IR after every pass, as debug builds do.
fn verifying_session() -> Session {
    Session::with_pass_options(PassOptions {
        verify: true,
        ..PassOptions::default()
    })
}

/// Runs the stages on one fixture and returns the text to snapshot.
fn run_fixture(name: &str) -> String {
    let (mut host, args) = load_fixture(name);
    let mut session = verifying_session();
    let mut out = String::new();
    match session.function(&mut host, 1) {
        Ok(entry) => {
            oxjit_core::ir::verify(&entry.ssa).expect("SSA verifies");
            out.push_str("=== ssa ===\n");
            out.push_str(&entry.ssa.to_string());
        }
        Err(d) => {
            out.push_str("=== error ===\n");
            out.push_str(&d.render());
            return out;
        }
    }
    match session.typed(&mut host, 1, &args) {
        Ok(typed) => {
            out.push_str("=== typed ===\n");
            out.push_str(&typed.dump());
        }
        Err(d) => {
            out.push_str("=== error ===\n");
            out.push_str(&d.render());
        }
    }
    out
}

macro_rules! fixtures {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                insta::assert_snapshot!(stringify!($name), run_fixture(stringify!($name)));
            }
        )*
    };
}

fixtures!(
    collatz,
    reassign_types,
    branches_unify,
    chained_compare,
    bool_ops,
    for_else,
    while_break_continue,
    tuples,
    math_calls,
    matmul,
    raise_assert,
    error_add_tuple_int,
    error_unify_tuple_int,
    error_unsupported_with,
    error_undefined_name,
);

/// The typed IR's verifier catches a call without a target and a cast typed unlike its target
/// (it passes on the IR the passes produce: every fixture above is verified after each pass).
#[test]
fn verifier_rejects_broken_typed_ir() {
    let (mut host, args) = load_fixture("math_calls");
    let typed = verifying_session()
        .typed(&mut host, 1, &args)
        .expect("types");
    let copy = |typed: &TypedFunction| TypedFunction {
        func: typed.func.clone(),
        arg_types: typed.arg_types.clone(),
        types: typed.types.clone(),
        return_type: typed.return_type.clone(),
        consts: typed.consts.clone(),
        calls: typed.calls.clone(),
        source: typed.source.clone(),
    };
    passes::verify_typed(&typed).expect("the typed IR verifies");

    let mut unresolved = copy(&typed);
    let call = *unresolved.calls.keys().min().expect("a call");
    unresolved.calls.remove(&call);
    let e = passes::verify_typed(&unresolved).unwrap_err();
    assert_eq!(e, format!("the call v{} has no resolved target", call.0));

    let (mut host, args) = load_fixture("branches_unify");
    let typed = verifying_session().typed(&mut host, 1, &args).expect("types");
    let mut miscast = copy(&typed);
    let cast = (0..miscast.func.values.len() as u32)
        .map(Value)
        .find(|v| matches!(miscast.func.inst(*v), Inst::Cast(..)))
        .expect("a cast (an int merged with a float)");
    miscast.types[cast.index()] = Type::Bool;
    let e = passes::verify_typed(&miscast).unwrap_err();
    assert!(e.starts_with(&format!("v{} casts to ", cast.0)), "{e}");

    let mut untyped = copy(&typed);
    untyped.types.pop();
    assert!(passes::verify_typed(&untyped).is_err());
}

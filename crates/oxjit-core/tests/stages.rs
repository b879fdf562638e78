//! Snapshot tests of each stage on text: a fixture's source in, its SSA IR, typed IR or rendered
//! diagnostic out (`insta`), so that a change to a pass shows as a readable diff.
//!
//! Each fixture in `fixtures/` is a Python file whose first line says how to type its first
//! function: `# args: int64, float64`. Globals resolve to `math`, `cmath`, builtins and builtin
//! exception classes, as the extension resolves them.

use std::sync::Arc;

use oxjit_core::diagnostics::{Diagnostic, SourceInfo};
use oxjit_core::ir::Const;
use oxjit_core::registry::{self, Registered};
use oxjit_core::session::{FunctionInput, Host, Session};
use oxjit_core::syntax::FunctionKind;
use oxjit_core::typeinfer::GlobalValue;
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

/// Runs the stages on one fixture and returns the text to snapshot.
fn run_fixture(name: &str) -> String {
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
    let mut host = FixtureHost { source };
    let mut session = Session::new();
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

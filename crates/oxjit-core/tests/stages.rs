//! Snapshot tests of each stage on text: a fixture's source in, its SSA IR, typed IR (after every
//! pass, verified after each) or rendered diagnostic out (`insta`), with the analyses lowering
//! reads: the reference-count plan where a value holds an array, and the integers known not to be
//! negative. A change to a pass or an analysis shows as a readable diff.
//!
//! Every `fixtures/*.py` is a fixture (found by listing the folder, as `insta::glob!` does): a
//! Python file whose first line says how to type its first function: `# args: int64, float64`,
//! `# args: array(float64, 2d, C)`. Globals resolve to `math`, `cmath`, `numpy` (as `np` or
//! `numpy`), builtins, builtin exception classes and the fixture's own functions (by name, so a
//! fixture may recurse or call a helper), as the extension resolves them; the first function is
//! the one typed. Its snapshot is `snapshots/stages__NAME.snap`.

use std::sync::Arc;

use oxjit_core::analysis::{jam, nonneg, recursion, refcount};
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
    /// The top-level functions of the fixture, in order (function `k` is `FuncId` `k + 1`): the
    /// name and the line of each `def`.
    functions: Vec<(String, u32)>,
}

impl Host for FixtureHost {
    fn function_input(&mut self, f: FuncId) -> Result<FunctionInput, Diagnostic> {
        let (name, line) = self.functions[f as usize - 1].clone();
        Ok(FunctionInput {
            source: self.source.clone(),
            kind: FunctionKind::DefAt { line, name },
            defaults: Vec::new(),
            kwdefaults: Vec::new(),
            frozensets: Vec::new(),
        })
    }

    fn resolve_global(&mut self, _f: FuncId, name: &str) -> GlobalValue {
        if let Some(k) = self.functions.iter().position(|(n, _)| n == name) {
            return GlobalValue::UserFunction(k as FuncId + 1);
        }
        match name {
            "math" => GlobalValue::Module(ModuleKind::Math),
            "cmath" => GlobalValue::Module(ModuleKind::Cmath),
            "np" | "numpy" => GlobalValue::Module(ModuleKind::Numpy),
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
    let functions = text
        .lines()
        .enumerate()
        .filter_map(|(k, line)| {
            let name = line.strip_prefix("def ")?.split('(').next()?;
            Some((name.to_string(), k as u32 + 1))
        })
        .collect();
    // The function starts after the header line.
    let body: String = text.lines().skip(1).collect::<Vec<_>>().join("\n") + "\n";
    let source = Arc::new(SourceInfo {
        text: body,
        filename: format!("{name}.py"),
        first_line: 2,
        col_offset: 0,
    });
    (FixtureHost { source, functions }, args)
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
            out.push_str(&analyses(&typed));
            out.push_str(&recursion(&mut session, &mut host, &args, &typed));
        }
        Err(d) => {
            out.push_str("=== error ===\n");
            out.push_str(&d.render());
        }
    }
    out
}

/// The analyses of `typed` as text: the reference-count plan where some value holds an array,
/// the integers known not to be negative where there are some, the loop nests to unroll and jam.
fn analyses(typed: &TypedFunction) -> String {
    let mut out = String::new();
    if typed.types.iter().any(refcount::is_ref) {
        out.push_str("=== refcount plan ===\n");
        let plan = refcount::RefPlan::new(typed).to_text(&typed.func);
        // Arguments and constants are borrowed: a function may hold arrays and own none.
        out.push_str(if plan.is_empty() {
            "no value owns a reference\n"
        } else {
            &plan
        });
    }
    let known = nonneg::known_nonnegative(typed);
    if !known.is_empty() {
        let names: Vec<String> = known.iter().map(|v| format!("v{}", v.0)).collect();
        out.push_str(&format!("=== non-negative ===\n{}\n", names.join(", ")));
    }
    let nests = jam::nests(typed);
    if !nests.is_empty() {
        out.push_str(&format!("=== unroll and jam ===\n{}\n", nests.describe()));
    }
    out
}

/// The recursive functions of the fixture's call graph, where there are some, and what a stack
/// overflow does: jump back to the entry (no frame holds a reference) or unwind.
fn recursion(
    session: &mut Session,
    host: &mut FixtureHost,
    args: &[Type],
    typed: &Arc<TypedFunction>,
) -> String {
    let mut fetch = |f: FuncId, a: &[Type]| session.typed(host, f, a);
    let (recursive, jump) = recursion::recursive_functions(&(1, args.to_vec()), typed, &mut fetch)
        .expect("the callees type");
    if recursive.is_empty() {
        return String::new();
    }
    let mut names: Vec<String> = recursive
        .iter()
        .map(|(f, a)| {
            let types: Vec<String> = a.iter().map(Type::to_string).collect();
            format!(
                "{}({})",
                host.functions[*f as usize - 1].0,
                types.join(", ")
            )
        })
        .collect();
    names.sort();
    let overflow = if jump { "jump to the entry" } else { "unwind" };
    format!(
        "=== recursion ===\n{}\non stack overflow: {overflow}\n",
        names.join("\n")
    )
}

/// The names of every fixture in `fixtures/`, sorted.
fn fixture_names() -> Vec<String> {
    let dir = format!("{}/tests/fixtures", env!("CARGO_MANIFEST_DIR"));
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("the fixtures folder")
        .map(|e| e.expect("a folder entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        .map(|p| {
            p.file_stem()
                .expect("a name")
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

/// Every fixture against its snapshot; all are checked, then the test fails naming those that
/// differ (each difference is printed by insta).
#[test]
fn fixtures() {
    let names = fixture_names();
    assert!(names.len() >= 15, "the fixtures folder lost its files");
    let failed: Vec<&String> = names
        .iter()
        .filter(|name| {
            std::panic::catch_unwind(|| {
                insta::assert_snapshot!(name.as_str(), run_fixture(name));
            })
            .is_err()
        })
        .collect();
    assert!(
        failed.is_empty(),
        "fixtures that differ from their snapshots: {failed:?}"
    );
}

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
        array_like: typed.array_like.clone(),
        lapack: typed.lapack.clone(),
        ctypes_of: typed.ctypes_of.clone(),
        nonneg_args: typed.nonneg_args.clone(),
        parallel: typed.parallel,
        source: typed.source.clone(),
    };
    passes::verify_typed(&typed, true).expect("the typed IR verifies");

    let mut unresolved = copy(&typed);
    let call = *unresolved.calls.keys().min().expect("a call");
    unresolved.calls.remove(&call);
    let e = passes::verify_typed(&unresolved, true).unwrap_err();
    assert_eq!(e, format!("the call v{} has no resolved target", call.0));

    let (mut host, args) = load_fixture("branches_unify");
    let typed = verifying_session()
        .typed(&mut host, 1, &args)
        .expect("types");
    let mut miscast = copy(&typed);
    let cast = (0..miscast.func.values.len() as u32)
        .map(Value)
        .find(|v| matches!(miscast.func.inst(*v), Inst::Cast(..)))
        .expect("a cast (an int merged with a float)");
    miscast.types[cast.index()] = Type::Bool;
    let e = passes::verify_typed(&miscast, true).unwrap_err();
    assert!(e.starts_with(&format!("v{} casts to ", cast.0)), "{e}");

    let mut untyped = copy(&typed);
    untyped.types.pop();
    assert!(passes::verify_typed(&untyped, true).is_err());

    // Before promotion a phi may merge an int and a float; after it, a cast converts the int.
    let mut implicit = copy(&typed);
    let phi = (0..implicit.func.values.len() as u32)
        .map(Value)
        .find(|v| {
            matches!(implicit.func.inst(*v), Inst::Phi(..))
                && implicit.types[v.index()] == Type::parse("float64").unwrap()
        })
        .expect("a float phi");
    let Inst::Phi(incoming) = implicit.func.inst(phi).clone() else {
        unreachable!()
    };
    let Inst::Cast(int_value, _) = *implicit.func.inst(
        incoming
            .iter()
            .find(|(_, x)| matches!(implicit.func.inst(*x), Inst::Cast(..)))
            .expect("a cast operand")
            .1,
    ) else {
        unreachable!()
    };
    let rewired: Vec<_> = incoming
        .iter()
        .map(|&(p, x)| match implicit.func.inst(x) {
            Inst::Cast(..) => (p, int_value),
            _ => (p, x),
        })
        .collect();
    implicit.func.values[phi.index()].inst = Inst::Phi(rewired);
    passes::verify_typed(&implicit, false).expect("implicit conversions are fine before promotion");
    let e = passes::verify_typed(&implicit, true).unwrap_err();
    assert!(
        e.starts_with(&format!(
            "phi v{} of type float64 takes v{} of type int64",
            phi.0, int_value.0
        )),
        "{e}"
    );
}

//! The runtime's C entry points have the signatures the ABI table (`oxjit_abi::RuntimeFn`)
//! declares, read from their source: every `extern "C" fn oxjit_rt_...(...)` written out, and
//! every entry of `random`'s `draws!` list. (The symbol names are checked both ways by the
//! library's `symbols_are_the_abi_table`; the families made by other macros, sorting, NumPy's
//! complex functions and `cmath`'s unary functions, are checked by their Python tests.)

use std::collections::BTreeMap;
use std::path::Path;

use oxjit_abi::{RuntimeFn, Signature, Ty};

/// The ABI type of a Rust parameter or result type, as the C ABI passes it.
fn abi_type(rust: &str) -> Ty {
    let t = rust.trim();
    if t.starts_with('*') || t.starts_with('&') || t.starts_with("Option<&") {
        return Ty::Ptr;
    }
    match t {
        "f64" => Ty::F64,
        "f32" => Ty::F32,
        "i64" | "u64" | "usize" | "isize" => Ty::I64,
        "i32" | "u32" => Ty::I32,
        "u8" | "i8" => Ty::I8,
        "bool" => Ty::I1,
        // A function pointer (`parallel::Task`, the outlined loop body).
        "Task" => Ty::Ptr,
        // The comparison functions lists and dicts are given (`list::LessThan`, `dict::KeyEq`).
        "LessThan" | "KeyEq" | "Option<KeyEq>" => Ty::Ptr,
        _ => panic!("no ABI type for {t:?}"),
    }
}

/// `(name, parameter types, result type)` from `name(p: T, ...) -> R` (the text after `fn `).
fn parse(sig: &str) -> (String, Vec<Ty>, Option<Ty>) {
    let open = sig.find('(').expect("(");
    let name = sig[..open].trim().to_string();
    let mut depth = 0;
    let mut close = open;
    for (k, c) in sig[open..].char_indices() {
        match c {
            '(' | '[' | '<' => depth += 1,
            ')' | ']' | '>' if !sig[open + k..].starts_with("->") => {
                depth -= 1;
                if depth == 0 {
                    close = open + k;
                    break;
                }
            }
            _ => {}
        }
    }
    let params = split_top(&sig[open + 1..close])
        .into_iter()
        .filter(|p| !p.trim().is_empty())
        .map(|p| abi_type(p.split_once(':').expect("name: type").1))
        .collect();
    let rest = sig[close + 1..].trim_start();
    let ret = rest.strip_prefix("->").map(|r| {
        let end = r.find(['{', ';']).unwrap_or(r.len());
        abi_type(&r[..end])
    });
    (name, params, ret)
}

/// `s` split at its commas outside brackets.
fn split_top(s: &str) -> Vec<String> {
    let (mut parts, mut cur, mut depth) = (Vec::new(), String::new(), 0);
    for c in s.chars() {
        match c {
            '(' | '[' | '<' => depth += 1,
            ')' | ']' | '>' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(std::mem::take(&mut cur));
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    parts.push(cur);
    parts
}

fn sources(dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).expect("src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(std::fs::read_to_string(&path).expect("source"));
        }
    }
}

/// Every signature written in the sources, by symbol name.
fn written_signatures() -> BTreeMap<String, (Vec<Ty>, Option<Ty>)> {
    let mut texts = Vec::new();
    sources(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut texts,
    );
    let mut found = BTreeMap::new();
    for text in &texts {
        for (k, _) in text.match_indices("extern \"C\" fn oxjit_rt_") {
            let (name, params, ret) = parse(&text[k + "extern \"C\" fn ".len()..]);
            found.insert(name, (params, ret));
        }
        // `draws!` entries: `oxjit_rt_random_x => method(a: f64, ...) -> f64;`.
        for line in text.lines() {
            if let Some((name, rest)) = line.trim().split_once(" => ") {
                if name.starts_with("oxjit_rt_random_") && rest.ends_with(';') {
                    let (_, params, ret) = parse(rest);
                    found.insert(name.to_string(), (params, ret));
                }
            }
        }
    }
    found
}

#[test]
fn written_signatures_are_the_abi_table() {
    let table: BTreeMap<&str, Signature> = RuntimeFn::all()
        .into_iter()
        .map(|f| (f.name(), f.signature()))
        .collect();
    let written = written_signatures();
    assert!(
        written.len() > 90,
        "only {} signatures found",
        written.len()
    );
    let mut checked = 0;
    for (name, (params, ret)) in &written {
        // Functions of the runtime that generated code does not call (the NRT's incref and
        // decref are inline in generated code) are not in the table.
        let Some(sig) = table.get(name.as_str()) else {
            assert!(
                name.starts_with("oxjit_rt_nrt_"),
                "{name} is not in the ABI table"
            );
            continue;
        };
        assert_eq!(sig.params, params.as_slice(), "parameters of {name}");
        assert_eq!(sig.ret, *ret, "result of {name}");
        checked += 1;
    }
    assert!(checked > 90, "only {checked} signatures checked");
}

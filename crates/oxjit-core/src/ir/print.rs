//! The deterministic text form of the IR, untyped or typed (`OXJIT_DUMP=ssa|typed`).

use std::fmt::Write;

use super::{Const, Function, Inst, Terminator, Value};
use crate::types::Type;

/// The value of a typed constant as Python prints it (a uint64 as unsigned).
pub fn typed_text(t: &Type, c: &Const) -> String {
    match (t, c) {
        (Type::Int(i), Const::Int(v)) if !i.signed => (*v as u64).to_string(),
        _ => c.to_string(),
    }
}

impl std::fmt::Display for Const {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Const::Int(i) => write!(f, "{i}"),
            Const::Float(x) => write!(f, "{x:?}"),
            Const::Complex(re, im) => write!(f, "complex({re:?}, {im:?})"),
            Const::Bool(b) => write!(f, "{}", if *b { "True" } else { "False" }),
            Const::None => write!(f, "None"),
            Const::Str(s) => write!(f, "{s:?}"),
            Const::Typed(t, c) => write!(f, "{t}({})", typed_text(t, c)),
            Const::Array(a) => write!(
                f,
                "{} at {:#x}, shape {:?}",
                crate::types::Type::Array(a.ty.clone()),
                a.data,
                a.shape
            ),
            Const::Tuple(items) => {
                write!(f, "(")?;
                for (i, c) in items.iter().enumerate() {
                    if i > 0 {
                        write!(f, ", ")?;
                    }
                    write!(f, "{c}")?;
                }
                if items.len() == 1 {
                    write!(f, ",")?;
                }
                write!(f, ")")
            }
        }
    }
}

fn list(values: &[Value]) -> String {
    values
        .iter()
        .map(|v| format!("v{}", v.0))
        .collect::<Vec<_>>()
        .join(", ")
}

fn inst_text(inst: &Inst) -> String {
    match inst {
        Inst::Arg(i) => format!("arg {i}"),
        Inst::Const(c) => format!("const {c}"),
        Inst::Global(name) => format!("global {name}"),
        Inst::BinOp(op, a, b) => format!("v{} {} v{}", a.0, op.symbol(), b.0),
        Inst::InplaceBinOp(op, a, b) => format!("v{} {}= v{}", a.0, op.symbol(), b.0),
        Inst::MatMul(a, b) => format!("v{} @ v{}", a.0, b.0),
        Inst::ArrayExpr { expr, inputs, out } => {
            // An operator renders in parentheses already; a function call (`np.maximum(..)`)
            // gets them.
            let e = expr.render(inputs);
            let e = if e.starts_with('(') {
                e
            } else {
                format!("({e})")
            };
            match out {
                Some(o) => format!("arrayexpr[out=v{}]{e}", o.0),
                None => format!("arrayexpr{e}"),
            }
        }
        Inst::UnaryOp(op, a) => format!("{}v{}", op.symbol(), a.0),
        Inst::Compare(op, a, b) => format!("v{} {} v{}", a.0, op.symbol(), b.0),
        Inst::Truth(a) => format!("truth v{}", a.0),
        Inst::Narrow(a) => format!("narrow v{}", a.0),
        Inst::Call { func, args, kwargs } => {
            let mut s = format!("call v{}({}", func.0, list(args));
            for (i, (k, v)) in kwargs.iter().enumerate() {
                if i > 0 || !args.is_empty() {
                    s.push_str(", ");
                }
                let _ = write!(s, "{k}=v{}", v.0);
            }
            s.push(')');
            s
        }
        Inst::GetAttr(a, name) => format!("getattr v{}.{name}", a.0),
        Inst::BuildTuple(items) => format!("tuple({})", list(items)),
        Inst::BuildList(items) => format!("list([{}])", list(items)),
        Inst::BuildDict => "dict()".to_string(),
        Inst::GetItem(a, i) => format!("v{}[v{}]", a.0, i.0),
        Inst::SetItem(a, i, v) => format!("v{}[v{}] = v{}", a.0, i.0, v.0),
        Inst::SetAttr(a, name, v) => format!("v{}.{name} = v{}", a.0, v.0),
        Inst::BuildSlice(a, b, c) => format!("slice(v{}, v{}, v{})", a.0, b.0, c.0),
        Inst::GetIter(a) => format!("iter v{}", a.0),
        Inst::IterValid(a) => format!("iter_valid v{}", a.0),
        Inst::IterNext(a) => format!("iter_next v{}", a.0),
        Inst::Phi(incoming) => {
            let parts: Vec<String> = incoming
                .iter()
                .map(|(b, v)| format!("block{}: v{}", b.0, v.0))
                .collect();
            format!("phi [{}]", parts.join(", "))
        }
        Inst::Cast(a, ty) => format!("cast v{} to {ty}", a.0),
        Inst::UnpackItem(a, i, n) => format!("unpack v{}[{i} of {n}]", a.0),
        Inst::Undef(name) => format!("undef {name}"),
        Inst::CatchException => "catch".to_string(),
        Inst::Import(module, None) => format!("import {module}"),
        Inst::Import(module, Some(name)) => format!("from {module} import {name}"),
        Inst::ExceptionMatches(e, c) => format!("exception_matches v{}, v{}", e.0, c.0),
        Inst::ChainException {
            exc,
            cause,
            context,
        } => {
            let part = |name: &str, x: &Option<Value>| {
                x.map_or(String::new(), |x| format!(", {name} v{}", x.0))
            };
            format!(
                "chain v{}{}{}",
                exc.0,
                part("from", cause),
                part("context", context)
            )
        }
        Inst::MakeClosure { func, captures } => {
            format!("make_closure inner{func}({})", list(captures))
        }
        Inst::CellNew => "cell_new".to_string(),
        Inst::CellLoad(c) => format!("cell_load v{}", c.0),
        Inst::CellStore(c, x) => format!("cell_store v{} = v{}", c.0, x.0),
        Inst::Yield(x) => format!("yield v{}", x.0),
        Inst::KeepAlive(x) => format!("keep_alive v{}", x.0),
        Inst::ObjMode { block, inputs } => format!("objmode block{block}({})", list(inputs)),
    }
}

/// Prints `func`; with `types`, every value is annotated with its type.
pub fn print_function(
    func: &Function,
    types: Option<&[Type]>,
    return_type: Option<&Type>,
) -> String {
    let mut out = String::new();
    let _ = write!(out, "function {}({})", func.name, func.params.join(", "));
    if let Some(rt) = return_type {
        let _ = write!(out, " -> {rt}");
    }
    out.push_str(":\n");
    for (bi, block) in func.blocks.iter().enumerate() {
        let _ = writeln!(out, "block{bi}:");
        for &v in &block.insts {
            let data = &func.values[v.index()];
            let _ = write!(out, "    v{}", v.0);
            if let Some(types) = types {
                let _ = write!(out, ": {}", types[v.index()]);
            }
            let _ = write!(out, " = {}", inst_text(&data.inst));
            if let Some(name) = &data.name {
                let _ = write!(out, "    # {name}");
            }
            out.push('\n');
        }
        let term = match &block.term {
            Terminator::Jump(b) => format!("jump block{}", b.0),
            Terminator::Branch {
                cond,
                then_block,
                else_block,
            } => {
                format!(
                    "branch v{}, block{}, block{}",
                    cond.0, then_block.0, else_block.0
                )
            }
            Terminator::Return(v) => format!("return v{}", v.0),
            Terminator::Raise(v) => format!("raise v{}", v.0),
            Terminator::RaiseTo(v, h) => format!("raise v{} to block{}", v.0, h.0),
            Terminator::Guard { next, handler } => {
                format!("guard block{}, except block{}", next.0, handler.0)
            }
            Terminator::Unreachable => "unreachable".to_string(),
            Terminator::Unfinished => "<unfinished>".to_string(),
        };
        let _ = writeln!(out, "    {term}");
    }
    out
}

impl std::fmt::Display for Function {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&print_function(self, None, None))?;
        // The lifted inner functions, each with its capture set (closure conversion).
        for (i, inner) in self.inner.iter().enumerate() {
            let caps: Vec<String> = inner
                .captures
                .iter()
                .map(|c| format!("{}{}", c.name, if c.cell { " (cell)" } else { "" }))
                .collect();
            write!(
                f,
                "\n# inner{i} of {}: captures [{}]\n{}",
                self.name,
                caps.join(", "),
                inner.ssa
            )?;
        }
        Ok(())
    }
}

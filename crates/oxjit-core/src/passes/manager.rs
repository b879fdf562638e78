//! The pass manager: runs [`super::BEFORE_TYPING`] and [`super::AFTER_TYPING`] in order and,
//! around each pass, verifies, dumps and times as its [`PassOptions`] ask (see the module
//! documentation of `passes` for the environment variables).

use std::borrow::Cow;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::{pass_names, verify_typed, AFTER_TYPING, BEFORE_TYPING};
use crate::diagnostics::{Diagnostic, Result};
use crate::ir::Function;
use crate::typeinfer::TypedFunction;
use crate::types::Type;

/// Which passes a dump applies to.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum PassSelection {
    #[default]
    None,
    All,
    Named(Vec<String>),
}

impl PassSelection {
    fn contains(&self, pass: &str) -> bool {
        match self {
            PassSelection::None => false,
            PassSelection::All => true,
            PassSelection::Named(names) => names.iter().any(|n| n == pass),
        }
    }

    fn add(&mut self, name: &str) {
        match self {
            PassSelection::All => {}
            _ if name == "all" => *self = PassSelection::All,
            PassSelection::Named(names) => names.push(name.to_string()),
            PassSelection::None => *self = PassSelection::Named(vec![name.to_string()]),
        }
    }
}

/// What the pass manager does around each pass.
#[derive(Clone, Debug, Default)]
pub struct PassOptions {
    /// Verify the IR after every pass.
    pub verify: bool,
    pub dump_before: PassSelection,
    pub dump_after: PassSelection,
    /// Record each pass's time.
    pub timings: bool,
    /// Print the reference-count plan of every function typed (`OXJIT_DUMP=refcount`).
    pub dump_refcount: bool,
}

impl PassOptions {
    /// The options the environment asks for (see the module documentation). An `OXJIT_DUMP`
    /// entry naming no pass is reported on stderr rather than ignored.
    pub fn from_env() -> PassOptions {
        let mut options = PassOptions {
            verify: cfg!(debug_assertions) || crate::env::flag("OXJIT_VERIFY"),
            timings: crate::env::flag("OXJIT_TIMINGS"),
            ..PassOptions::default()
        };
        if let Ok(dump) = std::env::var("OXJIT_DUMP") {
            if let Err(e) = options.parse_dump(&dump) {
                eprintln!("oxjit: OXJIT_DUMP: {e}");
            }
        }
        options
    }

    /// Reads the `before:PASS` and `after:PASS` entries of a comma-separated `OXJIT_DUMP` (the
    /// other entries are stages the extension prints). Unknown pass names are an error, after
    /// the known ones are taken.
    pub fn parse_dump(&mut self, dump: &str) -> std::result::Result<(), String> {
        let mut unknown = Vec::new();
        for entry in dump.split(',').map(|s| s.trim().to_lowercase()) {
            if entry == "refcount" {
                self.dump_refcount = true;
                continue;
            }
            let (selection, pass) = if let Some(p) = entry.strip_prefix("after:") {
                (&mut self.dump_after, p.trim().to_string())
            } else if let Some(p) = entry.strip_prefix("before:") {
                (&mut self.dump_before, p.trim().to_string())
            } else {
                continue;
            };
            if pass == "all" || pass_names().any(|n| n == pass) {
                selection.add(&pass);
            } else {
                unknown.push(pass);
            }
        }
        if unknown.is_empty() {
            return Ok(());
        }
        Err(format!(
            "no pass named {} (the passes: {})",
            unknown.join(", "),
            pass_names().collect::<Vec<_>>().join(", ")
        ))
    }
}

/// The time one pass took on one function.
#[derive(Clone, Debug)]
pub struct PassTiming {
    pub function: Arc<str>,
    pub pass: &'static str,
    pub time: Duration,
}

/// Runs the pass lists with the instrumentation its options ask for.
#[derive(Default)]
pub struct PassManager {
    pub options: PassOptions,
    timings: Vec<PassTiming>,
}

impl PassManager {
    pub fn new(options: PassOptions) -> PassManager {
        PassManager {
            options,
            timings: Vec::new(),
        }
    }

    /// The times recorded since the last call (with `options.timings`), in the order run.
    pub fn take_timings(&mut self) -> Vec<PassTiming> {
        std::mem::take(&mut self.timings)
    }

    /// Runs [`BEFORE_TYPING`] on `func` for arguments of types `arg_types`.
    pub fn before_typing<'a>(
        &mut self,
        func: &'a Function,
        arg_types: &[Type],
    ) -> Result<Cow<'a, Function>> {
        let mut current = Cow::Borrowed(func);
        for pass in BEFORE_TYPING {
            self.dump(
                pass.name,
                "before",
                &self.options.dump_before,
                &current.name,
                || current.to_string(),
            );
            let start = Instant::now();
            if let Some(changed) = (pass.run)(&current, arg_types) {
                current = Cow::Owned(changed);
            }
            self.finish(pass.name, &current.name, start);
            if self.options.verify {
                crate::ir::verify(&current).map_err(|m| verifier_error(pass.name, m))?;
            }
            self.dump(
                pass.name,
                "after",
                &self.options.dump_after,
                &current.name,
                || current.to_string(),
            );
        }
        Ok(current)
    }

    /// Runs [`AFTER_TYPING`] on `typed`.
    pub fn after_typing(
        &mut self,
        typed: &mut TypedFunction,
        cx: &mut super::PassContext,
    ) -> Result<()> {
        let mut explicit = false;
        for pass in AFTER_TYPING {
            explicit |= pass.makes_conversions_explicit;
            let name = typed.func.name.clone();
            self.dump(
                pass.name,
                "before",
                &self.options.dump_before,
                &name,
                || typed.dump(),
            );
            let start = Instant::now();
            (pass.run)(typed, cx)?;
            self.finish(pass.name, &typed.func.name, start);
            if self.options.verify {
                verify_typed(typed, explicit).map_err(|m| verifier_error(pass.name, m))?;
            }
            self.dump(pass.name, "after", &self.options.dump_after, &name, || {
                typed.dump()
            });
        }
        if self.options.dump_refcount {
            let mut plan = crate::analysis::refcount::RefPlan::new(typed).to_text(&typed.func);
            if plan.is_empty() {
                plan = "no value owns a reference\n".to_string();
            }
            println!("--- oxjit refcount plan: {} ---\n{plan}", typed.func.name);
        }
        Ok(())
    }

    fn finish(&mut self, pass: &'static str, function: &str, start: Instant) {
        if self.options.timings {
            self.timings.push(PassTiming {
                function: Arc::from(function),
                pass,
                time: start.elapsed(),
            });
        }
    }

    /// Prints the IR (`text`) where `selection` names `pass`, as the extension prints stages.
    fn dump(
        &self,
        pass: &str,
        when: &str,
        selection: &PassSelection,
        function: &str,
        text: impl FnOnce() -> String,
    ) {
        if selection.contains(pass) {
            println!("--- oxjit IR {when} {pass}: {function} ---\n{}", text());
        }
    }
}

fn verifier_error(pass: &str, message: String) -> Diagnostic {
    Diagnostic::internal(format!("IR verifier after pass '{pass}': {message}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dump_entries_name_passes_and_leave_stages_to_the_extension() {
        let mut o = PassOptions::default();
        o.parse_dump("typed, after:fuse,BEFORE:prune,llvm").unwrap();
        assert_eq!(o.dump_after, PassSelection::Named(vec!["fuse".into()]));
        assert_eq!(o.dump_before, PassSelection::Named(vec!["prune".into()]));
        assert!(o.dump_after.contains("fuse") && !o.dump_after.contains("promote"));
    }

    #[test]
    fn dump_refcount_is_read_here() {
        let mut o = PassOptions::default();
        o.parse_dump("ssa,refcount").unwrap();
        assert!(o.dump_refcount);
        assert_eq!(o.dump_after, PassSelection::None);
    }

    #[test]
    fn dump_all_selects_every_pass() {
        let mut o = PassOptions::default();
        o.parse_dump("after:promote,after:all").unwrap();
        assert_eq!(o.dump_after, PassSelection::All);
        assert!(pass_names().all(|p| o.dump_after.contains(p)));
        assert_eq!(o.dump_before, PassSelection::None);
    }

    #[test]
    fn unknown_pass_is_an_error_after_the_known_ones_are_taken() {
        let mut o = PassOptions::default();
        let e = o.parse_dump("after:fuse,after:nosuch").unwrap_err();
        assert_eq!(
            e,
            "no pass named nosuch (the passes: prune, promote, lazy_split, fuse, parfor)"
        );
        assert!(o.dump_after.contains("fuse"));
    }
}

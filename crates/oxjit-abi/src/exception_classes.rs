//! Which exception classes an `except` clause catches: CPython's builtin hierarchy, and the
//! bases of the user-defined classes (and library classes such as `numpy.linalg.LinAlgError`)
//! that the compiler met, registered by the host when it resolved them. Generated code asks at
//! run time (the runtime's `oxjit_rt_exception_matches`), typing at compile time.
//!
//! Compiled code records an exception by its class name (`ValueError`, or `module.Name` for
//! others), so matching compares names: the raised class or one of its bases must be the class
//! the clause names.

use std::collections::HashMap;
use std::sync::{OnceLock, RwLock};

/// CPython's builtin exceptions (3.10–3.13) and each one's base class.
const BUILTIN_BASES: &[(&str, &str)] = &[
    ("BaseExceptionGroup", "BaseException"),
    ("GeneratorExit", "BaseException"),
    ("KeyboardInterrupt", "BaseException"),
    ("SystemExit", "BaseException"),
    ("Exception", "BaseException"),
    ("ArithmeticError", "Exception"),
    ("FloatingPointError", "ArithmeticError"),
    ("OverflowError", "ArithmeticError"),
    ("ZeroDivisionError", "ArithmeticError"),
    ("AssertionError", "Exception"),
    ("AttributeError", "Exception"),
    ("BufferError", "Exception"),
    ("EOFError", "Exception"),
    ("ExceptionGroup", "Exception"),
    ("ImportError", "Exception"),
    ("ModuleNotFoundError", "ImportError"),
    ("LookupError", "Exception"),
    ("IndexError", "LookupError"),
    ("KeyError", "LookupError"),
    ("MemoryError", "Exception"),
    ("NameError", "Exception"),
    ("UnboundLocalError", "NameError"),
    ("OSError", "Exception"),
    ("BlockingIOError", "OSError"),
    ("ChildProcessError", "OSError"),
    ("ConnectionError", "OSError"),
    ("BrokenPipeError", "ConnectionError"),
    ("ConnectionAbortedError", "ConnectionError"),
    ("ConnectionRefusedError", "ConnectionError"),
    ("ConnectionResetError", "ConnectionError"),
    ("FileExistsError", "OSError"),
    ("FileNotFoundError", "OSError"),
    ("InterruptedError", "OSError"),
    ("IsADirectoryError", "OSError"),
    ("NotADirectoryError", "OSError"),
    ("PermissionError", "OSError"),
    ("ProcessLookupError", "OSError"),
    ("TimeoutError", "OSError"),
    ("ReferenceError", "Exception"),
    ("RuntimeError", "Exception"),
    ("NotImplementedError", "RuntimeError"),
    ("RecursionError", "RuntimeError"),
    ("StopAsyncIteration", "Exception"),
    ("StopIteration", "Exception"),
    ("SyntaxError", "Exception"),
    ("IndentationError", "SyntaxError"),
    ("TabError", "IndentationError"),
    ("SystemError", "Exception"),
    ("TypeError", "Exception"),
    ("ValueError", "Exception"),
    ("UnicodeError", "ValueError"),
    ("UnicodeDecodeError", "UnicodeError"),
    ("UnicodeEncodeError", "UnicodeError"),
    ("UnicodeTranslateError", "UnicodeError"),
    ("Warning", "Exception"),
    ("BytesWarning", "Warning"),
    ("DeprecationWarning", "Warning"),
    ("EncodingWarning", "Warning"),
    ("FutureWarning", "Warning"),
    ("ImportWarning", "Warning"),
    ("PendingDeprecationWarning", "Warning"),
    ("ResourceWarning", "Warning"),
    ("RuntimeWarning", "Warning"),
    ("SyntaxWarning", "Warning"),
    ("UnicodeWarning", "Warning"),
    ("UserWarning", "Warning"),
    // Raised by the runtime's linear algebra (`numpy.linalg.LinAlgError(ValueError)`).
    ("numpy.linalg.LinAlgError", "ValueError"),
];

/// The bases (in method resolution order) of the non-builtin classes the host registered.
fn registered() -> &'static RwLock<HashMap<String, Vec<String>>> {
    static CLASSES: OnceLock<RwLock<HashMap<String, Vec<String>>>> = OnceLock::new();
    CLASSES.get_or_init(|| RwLock::new(HashMap::new()))
}

/// Registers a class compiled code may raise or catch, by its name (`module.Name`) and the
/// names of its bases in method resolution order (builtin ones unqualified).
pub fn register_exception_class(name: &str, bases: Vec<String>) {
    let mut classes = registered().write().unwrap_or_else(|e| e.into_inner());
    classes.insert(name.to_string(), bases);
}

fn builtin_base(name: &str) -> Option<&'static str> {
    BUILTIN_BASES
        .iter()
        .find(|(class, _)| *class == name)
        .map(|(_, base)| *base)
}

/// Whether an exception of class `class` is an instance of `target`.
pub fn exception_matches(class: &str, target: &str) -> bool {
    if class == target {
        return true;
    }
    if let Some(bases) = registered()
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .get(class)
    {
        return bases.iter().any(|b| b == target);
    }
    let mut current = class;
    while let Some(base) = builtin_base(current) {
        if base == target {
            return true;
        }
        current = base;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_hierarchy() {
        assert!(exception_matches("IndexError", "LookupError"));
        assert!(exception_matches("IndexError", "Exception"));
        assert!(exception_matches("KeyError", "BaseException"));
        assert!(exception_matches("ZeroDivisionError", "ArithmeticError"));
        assert!(!exception_matches("ValueError", "LookupError"));
        assert!(!exception_matches("KeyboardInterrupt", "Exception"));
        assert!(exception_matches("numpy.linalg.LinAlgError", "ValueError"));
    }

    #[test]
    fn registered_classes_match_their_bases() {
        register_exception_class(
            "tests.Custom",
            vec!["tests.Base".into(), "ValueError".into(), "Exception".into()],
        );
        assert!(exception_matches("tests.Custom", "tests.Base"));
        assert!(exception_matches("tests.Custom", "ValueError"));
        assert!(!exception_matches("tests.Custom", "KeyError"));
        assert!(!exception_matches("tests.Base", "tests.Custom"));
    }
}

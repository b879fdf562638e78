//! The error of typing a call, with its kind: a construct oxjit does not support (yet), or a
//! program that cannot type. Typing turns it into an `UnsupportedError` or a `TypingError`
//! diagnostic; lowering never meets it, since typing refuses what lowering cannot do.

/// What kind of error a call's typing found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallErrorKind {
    /// Valid Python/NumPy that oxjit does not compile (yet).
    Unsupported,
    /// A program that cannot type: the arguments do not fit the callable.
    Typing,
    /// A constant axis out of range: a typing error that is also NumPy's `AxisError`.
    Axis,
}

/// The error of typing a call; the message is for the user (typing adds the location).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallError {
    pub kind: CallErrorKind,
    pub message: String,
}

impl CallError {
    /// A program that cannot type.
    pub fn typing(message: impl Into<String>) -> CallError {
        CallError {
            kind: CallErrorKind::Typing,
            message: message.into(),
        }
    }

    /// NumPy's `AxisError` for axis `k` of an array of `ndim` dimensions, with its message.
    pub fn axis(k: i64, ndim: impl std::fmt::Display) -> CallError {
        CallError {
            kind: CallErrorKind::Axis,
            message: format!("axis {k} is out of bounds for array of dimension {ndim}"),
        }
    }

    /// Something oxjit does not support (yet).
    pub fn unsupported(message: impl Into<String>) -> CallError {
        CallError {
            kind: CallErrorKind::Unsupported,
            message: message.into(),
        }
    }
}

/// A message alone is a typing error (the checks shared with operators and attributes).
impl From<String> for CallError {
    fn from(message: String) -> CallError {
        CallError::typing(message)
    }
}

impl From<&str> for CallError {
    fn from(message: &str) -> CallError {
        CallError::typing(message)
    }
}

impl std::fmt::Display for CallError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

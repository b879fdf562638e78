//! Binding a call by position only to a function with `*args` (and perhaps keyword-only
//! parameters with defaults, or `**kwargs`), from the parameters' shape read once when the
//! dispatcher is made: the general binding (`Dispatcher::bind`) reads the function's code object
//! and builds a signature at each call, several microseconds.

use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};

/// The parameters of a function with `*args`, in the order compiled code takes them.
pub struct VarargShape {
    /// The positional parameters before `*args`.
    pub positional: usize,
    /// The keyword-only parameters' names.
    pub kwonly: Vec<Arc<str>>,
    /// A `**kwargs` parameter (the last one).
    pub varkw: bool,
    /// With `varkw`: the empty `**kwargs` every call by position receives, made once (an
    /// `oxjit._kwargs.Kwargs`, never changed), so that the dispatcher can key it by identity.
    pub empty_kwargs: Option<Py<PyAny>>,
}

impl VarargShape {
    /// The arguments of `func(*args)` in parameter order: the positional parameters (the
    /// missing last ones from `__defaults__`), the rest packed into the `*args` tuple, the
    /// keyword-only ones from `__kwdefaults__`, an empty `**kwargs`. None where the call does
    /// not bind (the general binding then raises CPython's error).
    pub fn bind<'py>(
        &self,
        func: &Bound<'py, PyAny>,
        args: &Bound<'py, PyTuple>,
    ) -> PyResult<Option<Vec<Bound<'py, PyAny>>>> {
        let py = func.py();
        let n = args.len();
        let p = self.positional;
        let mut values: Vec<Bound<'py, PyAny>> =
            Vec::with_capacity(p + 1 + self.kwonly.len() + self.varkw as usize);
        values.extend(args.iter().take(p));
        if n < p {
            let defaults = func.getattr("__defaults__")?;
            let Ok(defaults) = defaults.cast::<PyTuple>() else {
                return Ok(None);
            };
            let missing = p - n;
            if defaults.len() < missing {
                return Ok(None); // a required argument is missing
            }
            values.extend(defaults.iter().skip(defaults.len() - missing));
        }
        // With no positional parameter the call's own tuple is `*args`.
        values.push(match (p, n > p) {
            (0, _) => args.clone().into_any(),
            (_, true) => args.get_slice(p, n).into_any(),
            (_, false) => PyTuple::empty(py).into_any(),
        });
        if !self.kwonly.is_empty() {
            let kwdefaults = func.getattr("__kwdefaults__")?;
            let Ok(kwdefaults) = kwdefaults.cast::<PyDict>() else {
                return Ok(None);
            };
            for name in &self.kwonly {
                match kwdefaults.get_item(&**name)? {
                    Some(v) => values.push(v),
                    None => return Ok(None), // a required keyword-only argument
                }
            }
        }
        if self.varkw {
            values.push(match &self.empty_kwargs {
                Some(kw) => kw.bind(py).clone(),
                None => crate::dispatcher::kwargs_struct(py, &[], &[], &[])?,
            });
        }
        Ok(Some(values))
    }
}

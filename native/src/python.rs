//! The Python binding: `cleantext._native`.
//!
//! Text crosses the boundary once per call: `run` takes the names of the
//! steps and runs them all in Rust, with the GIL released.

use std::borrow::Cow;
use std::collections::HashMap;

use pyo3::exceptions::PyKeyError;
use pyo3::prelude::*;
use pyo3::types::PyString;

use crate::rules::{self, Options, RuleFn};
use crate::tables;

fn resolve(names: Vec<String>) -> PyResult<Vec<RuleFn>> {
    names
        .iter()
        .map(|n| {
            rules::find(n).ok_or_else(|| PyKeyError::new_err(format!("no native rule {n:?}")))
        })
        .collect()
}

/// The names of the rules this core implements.
#[pyfunction]
fn rule_names() -> Vec<&'static str> {
    rules::registry().into_iter().map(|(n, _)| n).collect()
}

/// Run the named rules in order on `text`; return the result and how many
/// of the rules ran (fewer than all where one left its input to Python).
/// Text that no rule changed comes back as the very same object.
#[pyfunction]
#[pyo3(signature = (text, names, pangu=false, dashes=false))]
fn run<'py>(
    py: Python<'py>,
    text: Bound<'py, PyString>,
    names: Vec<String>,
    pangu: bool,
    dashes: bool,
) -> PyResult<(Bound<'py, PyString>, usize)> {
    let steps = resolve(names)?;
    let options = Options { pangu, dashes };
    let (changed, ran) = {
        let input = text.to_str()?;
        let (out, ran) = py.detach(|| rules::run(input, &steps, &options));
        (match out {
            Cow::Borrowed(_) => None,
            Cow::Owned(s) => Some(s),
        }, ran)
    };
    match changed {
        None => Ok((text, ran)),
        Some(s) => Ok((PyString::new(py, &s), ran)),
    }
}

/// Hand over the weight table `name`.
#[pyfunction]
fn set_weights(name: &str, table: HashMap<String, f64>) {
    tables::set_weights(name, table);
}

/// Hand over the map table `name`.
#[pyfunction]
fn set_map(name: &str, table: HashMap<String, String>) {
    tables::set_map(name, table);
}

/// Names of the tables loaded so far.
#[pyfunction]
fn loaded_tables() -> Vec<String> {
    tables::loaded()
}

/// Install `load(name)`, called (with the interpreter's lock taken again)
/// the first time a rule needs the table `name`: it returns
/// `("weights", {str: float})`, `("map", {str: str})` or `None`.
#[pyfunction]
fn set_loader(load: Py<PyAny>) {
    tables::set_loader(Box::new(move |name: &str| {
        Python::attach(|py| -> Option<tables::Table> {
            let answer = match load.call1(py, (name,)) {
                Ok(answer) => answer,
                Err(err) => {
                    // A loader that fails leaves the table missing: the rule
                    // then defers to Python, which meets the same error.
                    err.print(py);
                    return None;
                }
            };
            let (kind, table): (String, Bound<'_, PyAny>) = answer.extract(py).ok()?;
            match kind.as_str() {
                "weights" => table.extract::<HashMap<String, f64>>().ok().map(tables::Table::Weights),
                "map" => table.extract::<HashMap<String, String>>().ok().map(tables::Table::Map),
                _ => None,
            }
        })
    }));
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_function(wrap_pyfunction!(rule_names, m)?)?;
    m.add_function(wrap_pyfunction!(run, m)?)?;
    m.add_function(wrap_pyfunction!(set_weights, m)?)?;
    m.add_function(wrap_pyfunction!(set_map, m)?)?;
    m.add_function(wrap_pyfunction!(loaded_tables, m)?)?;
    m.add_function(wrap_pyfunction!(set_loader, m)?)?;
    Ok(())
}

//! The Python binding: `cleantext._native`.
//!
//! Text crosses the boundary once per call: `run` takes the names of the
//! steps and runs them all in Rust, with the GIL released.

use std::collections::HashMap;

use pyo3::exceptions::PyKeyError;
use pyo3::prelude::*;

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
#[pyfunction]
#[pyo3(signature = (text, names, pangu=false, dashes=false))]
fn run(
    py: Python<'_>,
    text: &str,
    names: Vec<String>,
    pangu: bool,
    dashes: bool,
) -> PyResult<(String, usize)> {
    let steps = resolve(names)?;
    let options = Options { pangu, dashes };
    Ok(py.detach(|| rules::run(text, &steps, &options)))
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

/// Names of the tables handed over so far.
#[pyfunction]
fn loaded_tables() -> Vec<String> {
    tables::loaded()
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_function(wrap_pyfunction!(rule_names, m)?)?;
    m.add_function(wrap_pyfunction!(run, m)?)?;
    m.add_function(wrap_pyfunction!(set_weights, m)?)?;
    m.add_function(wrap_pyfunction!(set_map, m)?)?;
    m.add_function(wrap_pyfunction!(loaded_tables, m)?)?;
    Ok(())
}

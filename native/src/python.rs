//! The Python binding: `cleantext._native`.
//!
//! Text crosses the boundary once per call: `run` takes the names of the
//! steps and runs them all in Rust, with the GIL released.

use std::collections::HashMap;

use pyo3::exceptions::PyKeyError;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PySlice, PyString};

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
///
/// `fallback(i, text)`, when given, runs the Python rule of step `i` on an
/// input that step leaves to Python while no step has changed the text yet:
/// when it returns `text` itself (the usual case: the native rule defers on
/// a mere suspicion), the rest runs here on the same UTF-8, not encoded
/// again in another call.
///
/// Memory: the text is encoded to UTF-8 once ([`utf8_of`]), into a buffer
/// that is freed as soon as a rule has made its own copy (not with
/// `PyUnicode_AsUTF8AndSize` on the whole text, whose copy lives as long as
/// the str); from then on at most two copies of the text live at once, the
/// input and the output of the rule that runs.
/// ASCII text is its own UTF-8 and is read in place.
#[pyfunction]
#[pyo3(signature = (text, names, pangu=false, dashes=false, fallback=None))]
fn run<'py>(
    py: Python<'py>,
    text: Bound<'py, PyString>,
    names: Vec<String>,
    pangu: bool,
    dashes: bool,
    fallback: Option<Bound<'py, PyAny>>,
) -> PyResult<(Bound<'py, PyString>, usize)> {
    // Whichever way this returns, a large spare buffer of the allocator goes
    // back to the system (and any spare before the result is made, below).
    let _trim = TrimSpare;
    let steps = resolve(names)?;
    let options = Options { pangu, dashes };
    let encoded = if text.call_method0(intern!(py, "isascii"))?.is_truthy()? {
        None
    } else {
        Some(utf8_of(&text)?)
    };
    let mut done = 0;
    let first = {
        let input = match &encoded {
            // The str's own bytes: CPython keeps an ASCII str's UTF-8 in its
            // data, so nothing is copied.
            None => text.to_str()?,
            Some(utf8) => utf8.as_str(),
        };
        loop {
            let (first, ran) = py.detach(|| rules::run_until_change(input, &steps[done..], &options));
            done += ran;
            if first.is_some() || done == steps.len() {
                break first;
            }
            let Some(fallback) = &fallback else {
                break None;
            };
            let out = fallback.call1((done, &text))?;
            if !out.is(&text) {
                return Ok((out.cast_into::<PyString>()?, done + 1));
            }
            done += 1;
        }
    };
    drop(encoded);
    let Some(first) = first else {
        return Ok((text, done));
    };
    let rest = &steps[done..];
    let (out, ran) = py.detach(|| rules::run_owned(first, rest, &options));
    #[cfg(target_os = "linux")]
    crate::alloc::release();
    Ok((PyString::new(py, &out), done + ran))
}

/// `text` in UTF-8, made piece by piece into a buffer of this module's
/// allocator: a buffer the size of the text from Python's allocator (what
/// `str.encode` returns) can stay resident after it is freed, and add to the
/// peak of the rest of the call; a lone surrogate is a UnicodeEncodeError, as
/// from `str.encode`.
fn utf8_of(text: &Bound<'_, PyString>) -> PyResult<String> {
    // (pieces small enough that the interpreter's temporaries are reused)
    const PIECE: usize = 1 << 15;
    let n = text.len()?;
    let mut out = String::with_capacity(n + n / 2);
    let mut start = 0;
    while start < n {
        let end = (start + PIECE).min(n);
        let piece = text.get_item(PySlice::new(text.py(), start as isize, end as isize, 1))?;
        out.push_str(piece.cast::<PyString>()?.to_str()?);
        start = end;
    }
    Ok(out)
}

struct TrimSpare;

impl Drop for TrimSpare {
    fn drop(&mut self) {
        #[cfg(target_os = "linux")]
        crate::alloc::trim();
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

/// Store the table `name` from the bytes [`encode_table`] made; false where
/// they are not a whole table.
#[pyfunction]
fn set_table_bytes(name: &str, data: &[u8]) -> bool {
    tables::set_encoded(name, data)
}

/// The table `(kind, table)` (`"weights"`, `{str: float}` or `"map"`,
/// `{str: str}`) as bytes, for a cache.
#[pyfunction]
fn encode_table<'py>(py: Python<'py>, kind: &str, table: Bound<'py, PyAny>) -> PyResult<Bound<'py, PyBytes>> {
    let table = match kind {
        "weights" => tables::Table::Weights(table.extract()?),
        "map" => tables::Table::Map(table.extract()?),
        _ => return Err(PyKeyError::new_err(format!("no table kind {kind:?}"))),
    };
    Ok(PyBytes::new(py, &tables::encode(&table)))
}

/// Names of the tables loaded so far.
#[pyfunction]
fn loaded_tables() -> Vec<String> {
    tables::loaded()
}

/// Install `load(name)`, called (with the interpreter's lock taken again)
/// the first time a rule needs the table `name`: it returns
/// `("weights", {str: float})`, `("map", {str: str})`, `("bytes", bytes)`
/// (a table [`encode_table`] made) or `None`: there is no such table, or the
/// loader has stored it itself ([`set_table_bytes`]).
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
                "bytes" => Some(tables::Table::Encoded(table.cast::<PyBytes>().ok()?.as_bytes().to_vec())),
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
    m.add_function(wrap_pyfunction!(set_table_bytes, m)?)?;
    m.add_function(wrap_pyfunction!(encode_table, m)?)?;
    m.add_function(wrap_pyfunction!(set_loader, m)?)?;
    Ok(())
}


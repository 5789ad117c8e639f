//! The native core of cleantext.
//!
//! Each module under `rules` mirrors one Python rule module of
//! `cleantext.rules` and must give byte-identical output for every input:
//! the Python rules are the reference, and the differential tests
//! (`tests/test_native.py`) hold the two to each other.
//!
//! A rule is a plain function from text to text ([`RuleFn`]); this file only
//! binds the registry of rules to Python, so that the rule modules stay free
//! of PyO3 and `cargo test` runs them without an interpreter.

#[cfg(target_os = "linux")]
pub mod alloc;
pub mod chardata;
pub mod rules;
pub mod tables;

#[cfg(feature = "python")]
mod python;

#[cfg(all(target_os = "linux", feature = "python"))]
#[global_allocator]
static ALLOCATOR: alloc::BigBuffers = alloc::BigBuffers;

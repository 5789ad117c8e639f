//! Placeholder: the port of the Python rule family `normalize` goes here.

use super::RuleFn;

/// The rules of this family, by their registry names.
pub const RULES: &[(&str, RuleFn)] = &[];

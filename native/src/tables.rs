//! Tables the rules read (word frequencies and the like), handed over once
//! per process by the Python side, which loads them from the same sources as
//! the Python rules (wordfreq, OpenCC, Unicode data), so both sides decide
//! from the very same data.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock, RwLock};

/// A table of words (or characters) and their weights.
pub type WeightTable = HashMap<String, f64>;
/// A table of strings and their replacements.
pub type MapTable = HashMap<String, String>;

fn weights() -> &'static RwLock<HashMap<String, Arc<WeightTable>>> {
    static T: OnceLock<RwLock<HashMap<String, Arc<WeightTable>>>> = OnceLock::new();
    T.get_or_init(Default::default)
}

fn maps() -> &'static RwLock<HashMap<String, Arc<MapTable>>> {
    static T: OnceLock<RwLock<HashMap<String, Arc<MapTable>>>> = OnceLock::new();
    T.get_or_init(Default::default)
}

/// Store the weight table `name` (replacing any earlier one).
pub fn set_weights(name: &str, table: WeightTable) {
    let mut all = weights().write().unwrap_or_else(|e| e.into_inner());
    all.insert(name.to_owned(), Arc::new(table));
}

/// The weight table `name`, if the Python side has handed it over.
pub fn get_weights(name: &str) -> Option<Arc<WeightTable>> {
    let all = weights().read().unwrap_or_else(|e| e.into_inner());
    all.get(name).cloned()
}

/// Store the map table `name` (replacing any earlier one).
pub fn set_map(name: &str, table: MapTable) {
    let mut all = maps().write().unwrap_or_else(|e| e.into_inner());
    all.insert(name.to_owned(), Arc::new(table));
}

/// The map table `name`, if the Python side has handed it over.
pub fn get_map(name: &str) -> Option<Arc<MapTable>> {
    let all = maps().read().unwrap_or_else(|e| e.into_inner());
    all.get(name).cloned()
}

/// Names of every table handed over so far.
pub fn loaded() -> Vec<String> {
    let mut names: Vec<String> = weights()
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .keys()
        .cloned()
        .collect();
    names.extend(maps().read().unwrap_or_else(|e| e.into_inner()).keys().cloned());
    names.sort();
    names
}

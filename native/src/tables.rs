//! Tables the rules read (word frequencies and the like), loaded by the
//! Python side from the same sources as the Python rules (wordfreq, OpenCC,
//! Unicode data), so that both implementations decide from the very same
//! data.
//!
//! A table is handed over either ahead of time ([`set_weights`],
//! [`set_map`]) or, the usual way, on first need: a rule asks for it by
//! name, and when it is not there yet the loader (see [`set_loader`]; the
//! binding installs one that calls back into Python) is asked once for it.
//! A table that no loader provides stays missing, and the rule that needed
//! it leaves its input to the Python reference.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock, RwLock};

/// A table of words (or characters) and their weights.
pub type WeightTable = HashMap<String, f64>;
/// A table of strings and their replacements.
pub type MapTable = HashMap<String, String>;

/// A table as a loader returns it.
pub enum Table {
    Weights(WeightTable),
    Map(MapTable),
}

/// Loads the table of a name, or says there is none.
pub type Loader = Box<dyn Fn(&str) -> Option<Table> + Send + Sync>;

#[derive(Default)]
struct Store {
    weights: HashMap<String, Arc<WeightTable>>,
    maps: HashMap<String, Arc<MapTable>>,
    /// Names a loader was asked for and did not provide: not asked again.
    missing: Vec<String>,
}

fn store() -> &'static RwLock<Store> {
    static S: OnceLock<RwLock<Store>> = OnceLock::new();
    S.get_or_init(Default::default)
}

fn loader() -> &'static RwLock<Option<Loader>> {
    static L: OnceLock<RwLock<Option<Loader>>> = OnceLock::new();
    L.get_or_init(Default::default)
}

/// Install the loader asked for tables on first need.
pub fn set_loader(load: Loader) {
    *loader().write().unwrap_or_else(|e| e.into_inner()) = Some(load);
    store().write().unwrap_or_else(|e| e.into_inner()).missing.clear();
}

/// Store the weight table `name` (replacing any earlier one).
pub fn set_weights(name: &str, table: WeightTable) {
    let mut s = store().write().unwrap_or_else(|e| e.into_inner());
    s.weights.insert(name.to_owned(), Arc::new(table));
}

/// Store the map table `name` (replacing any earlier one).
pub fn set_map(name: &str, table: MapTable) {
    let mut s = store().write().unwrap_or_else(|e| e.into_inner());
    s.maps.insert(name.to_owned(), Arc::new(table));
}

/// Ask the loader for `name` once; store what it gives.
fn load(name: &str) {
    {
        let s = store().read().unwrap_or_else(|e| e.into_inner());
        if s.weights.contains_key(name) || s.maps.contains_key(name) || s.missing.iter().any(|m| m == name) {
            return;
        }
    }
    // The loader runs without any lock of ours held: it may take a while
    // (and, from Python, take the interpreter's lock).
    let loaded = match loader().read().unwrap_or_else(|e| e.into_inner()).as_ref() {
        Some(load) => load(name),
        None => return,
    };
    let mut s = store().write().unwrap_or_else(|e| e.into_inner());
    match loaded {
        Some(Table::Weights(t)) => {
            s.weights.entry(name.to_owned()).or_insert_with(|| Arc::new(t));
        }
        Some(Table::Map(t)) => {
            s.maps.entry(name.to_owned()).or_insert_with(|| Arc::new(t));
        }
        None => s.missing.push(name.to_owned()),
    }
}

/// The weight table `name`, loaded on first need.
pub fn get_weights(name: &str) -> Option<Arc<WeightTable>> {
    if let Some(t) = store().read().unwrap_or_else(|e| e.into_inner()).weights.get(name) {
        return Some(t.clone());
    }
    load(name);
    store().read().unwrap_or_else(|e| e.into_inner()).weights.get(name).cloned()
}

/// The map table `name`, loaded on first need.
pub fn get_map(name: &str) -> Option<Arc<MapTable>> {
    if let Some(t) = store().read().unwrap_or_else(|e| e.into_inner()).maps.get(name) {
        return Some(t.clone());
    }
    load(name);
    store().read().unwrap_or_else(|e| e.into_inner()).maps.get(name).cloned()
}

/// Names of every table loaded so far.
pub fn loaded() -> Vec<String> {
    let s = store().read().unwrap_or_else(|e| e.into_inner());
    let mut names: Vec<String> = s.weights.keys().chain(s.maps.keys()).cloned().collect();
    names.sort();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_is_loaded_once_on_first_need() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static CALLS: AtomicUsize = AtomicUsize::new(0);
        // Other tests may ask for their own tables meanwhile: count ours only.
        set_loader(Box::new(|name| {
            if name.starts_with("test.") {
                CALLS.fetch_add(1, Ordering::SeqCst);
            }
            (name == "test.words").then(|| Table::Weights(HashMap::from([("中国".to_owned(), 1e-3)])))
        }));
        assert_eq!(get_weights("test.words").unwrap().get("中国"), Some(&1e-3));
        assert!(get_weights("test.words").is_some());
        assert!(get_map("test.none").is_none());
        assert!(get_map("test.none").is_none());
        assert_eq!(CALLS.load(Ordering::SeqCst), 2);
    }
}

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
    /// A table as [`encode`] wrote it.
    Encoded(Vec<u8>),
}

/// Loads the table of a name, or says there is none.
pub type Loader = Box<dyn Fn(&str) -> Option<Table> + Send + Sync>;

#[derive(Clone)]
enum Shared {
    Weights(Arc<WeightTable>),
    Map(Arc<MapTable>),
}

#[derive(Default)]
struct Store {
    weights: HashMap<String, Arc<WeightTable>>,
    maps: HashMap<String, Arc<MapTable>>,
    /// Names a loader was asked for and did not provide: not asked again.
    missing: Vec<String>,
    /// Tables decoded from bytes, by (hash, length) of the bytes.
    decoded: HashMap<(u64, usize), Shared>,
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
    if loaded.is_none() {
        // (a loader may store the table itself, see `set_encoded`)
        let s = store().read().unwrap_or_else(|e| e.into_inner());
        if s.weights.contains_key(name) || s.maps.contains_key(name) {
            return;
        }
    }
    if let Some(Table::Encoded(data)) = &loaded {
        if !set_encoded(name, data) {
            store().write().unwrap_or_else(|e| e.into_inner()).missing.push(name.to_owned());
        }
        return;
    }
    let mut s = store().write().unwrap_or_else(|e| e.into_inner());
    match loaded {
        Some(Table::Encoded(_)) => {}
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

// ---------------------------------------------------------------------------
// A table as bytes: the form the Python side keeps in its cache directory, so
// that a new process reads a table in a few milliseconds instead of building
// it from its sources again (wordfreq, OpenCC: most of a short run's time).
//
//     b"CTT1", kind (0 weights, 1 map), u64 count, then count entries:
//     weights: u32 length, key (UTF-8), f64        (little-endian)
//     map:     u32 length, key, u32 length, value

const MAGIC: &[u8; 4] = b"CTT1";

fn put_str(out: &mut Vec<u8>, s: &str) {
    // (a table's strings are words: far below 4 GiB)
    out.extend_from_slice(&u32::try_from(s.len()).unwrap_or(u32::MAX).to_le_bytes());
    out.extend_from_slice(s.as_bytes());
}

/// `table` as bytes, its entries in key order: equal tables, equal bytes.
pub fn encode(table: &Table) -> Vec<u8> {
    match table {
        Table::Weights(t) => encode_entries(0, t, |out, v| out.extend_from_slice(&v.to_le_bytes())),
        Table::Map(t) => encode_entries(1, t, |out, v| put_str(out, v)),
        Table::Encoded(data) => data.clone(),
    }
}

fn encode_entries<V>(kind: u8, t: &HashMap<String, V>, put_value: impl Fn(&mut Vec<u8>, &V)) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(MAGIC);
    out.push(kind);
    out.extend_from_slice(&(t.len() as u64).to_le_bytes());
    let mut entries: Vec<_> = t.iter().collect();
    entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
    for (k, v) in entries {
        put_str(&mut out, k);
        put_value(&mut out, v);
    }
    out
}

struct Reader<'a> {
    data: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(n)?;
        let part = self.data.get(self.at..end)?;
        self.at = end;
        Some(part)
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    fn string(&mut self) -> Option<String> {
        let n = self.u32()? as usize;
        std::str::from_utf8(self.take(n)?).ok().map(str::to_owned)
    }
}

/// The table `data` holds, or `None` where it is not one [`encode`] wrote
/// whole (a truncated or foreign file).
pub fn decode(data: &[u8]) -> Option<Table> {
    let mut r = Reader { data, at: 0 };
    if r.take(4)? != MAGIC {
        return None;
    }
    let kind = r.take(1)?[0];
    let count = usize::try_from(r.u64()?).ok()?;
    // every entry takes at least 12 bytes: a count beyond that is a lie
    if count > data.len() / 12 {
        return None;
    }
    let table = match kind {
        0 => {
            let mut t = WeightTable::with_capacity(count);
            for _ in 0..count {
                let k = r.string()?;
                let v = f64::from_le_bytes(r.take(8)?.try_into().ok()?);
                t.insert(k, v);
            }
            Table::Weights(t)
        }
        1 => {
            let mut t = MapTable::with_capacity(count);
            for _ in 0..count {
                let k = r.string()?;
                let v = r.string()?;
                t.insert(k, v);
            }
            Table::Map(t)
        }
        _ => return None,
    };
    (r.at == data.len()).then_some(table)
}

/// Store a table decoded from `data` under `name`; false where `data` is not
/// a whole table.  Rules that read the same word list under different names
/// share one copy: bytes decoded before are not decoded again.
pub fn set_encoded(name: &str, data: &[u8]) -> bool {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    data.hash(&mut h);
    let key = (h.finish(), data.len());
    {
        let mut s = store().write().unwrap_or_else(|e| e.into_inner());
        if let Some(shared) = s.decoded.get(&key).cloned() {
            match shared {
                Shared::Weights(t) => s.weights.insert(name.to_owned(), t).is_some(),
                Shared::Map(t) => s.maps.insert(name.to_owned(), t).is_some(),
            };
            return true;
        }
    }
    let shared = match decode(data) {
        Some(Table::Weights(t)) => Shared::Weights(Arc::new(t)),
        Some(Table::Map(t)) => Shared::Map(Arc::new(t)),
        Some(Table::Encoded(_)) | None => return false,
    };
    let mut s = store().write().unwrap_or_else(|e| e.into_inner());
    match &shared {
        Shared::Weights(t) => s.weights.insert(name.to_owned(), t.clone()).is_some(),
        Shared::Map(t) => s.maps.insert(name.to_owned(), t.clone()).is_some(),
    };
    s.decoded.insert(key, shared);
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_round_trip_through_bytes() {
        let w = Table::Weights(HashMap::from([("中国".to_owned(), 1e-3), ("a".to_owned(), -0.0)]));
        let Some(Table::Weights(back)) = decode(&encode(&w)) else { panic!("weights") };
        assert_eq!(back.get("中国"), Some(&1e-3));
        assert_eq!(back.len(), 2);
        let m = Table::Map(HashMap::from([("們".to_owned(), "们".to_owned()), (String::new(), "x".to_owned())]));
        let bytes = encode(&m);
        let Some(Table::Map(back)) = decode(&bytes) else { panic!("map") };
        assert_eq!(back.get("們").map(String::as_str), Some("们"));
        assert_eq!(back.get("").map(String::as_str), Some("x"));
        // truncated, extended, foreign, lying about its count: refused
        for bad in [&bytes[..bytes.len() - 1], &b"CTT1"[..], &b""[..], &b"CTT2\x00"[..]] {
            assert!(decode(bad).is_none());
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(decode(&longer).is_none());
        let mut lying = bytes.clone();
        lying[5..13].copy_from_slice(&u64::MAX.to_le_bytes());
        assert!(decode(&lying).is_none());
    }

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

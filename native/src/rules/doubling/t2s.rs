//! OpenCC `t2s` on short strings, from the tables the Python side hands
//! over (`opencc_t2s_chars`, `opencc_t2s_phrases`; see
//! `cleantext.native._opencc_t2s_tables`).
//!
//! OpenCC's t2s (1.1 and later) first maps CJK compatibility ideographs to
//! their unified forms, then converts by maximal matching: at each place the
//! longest phrase of TSPhrases that starts there, else the character's own
//! conversion.  A string holding a compatibility ideograph is left to Python
//! (`None`): the phrases would be matched on its normalized form.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, OnceLock};

use crate::tables::{self, MapTable};

/// The conversion tables in the form the conversion reads.
pub struct T2s {
    chars: HashMap<char, char>,
    phrases: HashMap<String, String>,
    /// First characters of the phrases.
    firsts: HashSet<char>,
    /// Longest phrase, in characters.
    max_len: usize,
}

type Cached = (usize, usize, Arc<T2s>);

/// The conversion, if both tables have been handed over.
pub fn get() -> Option<Arc<T2s>> {
    static CACHE: OnceLock<Mutex<Option<Cached>>> = OnceLock::new();
    let chars = tables::get_map("opencc_t2s_chars")?;
    let phrases = tables::get_map("opencc_t2s_phrases")?;
    let key = (Arc::as_ptr(&chars) as usize, Arc::as_ptr(&phrases) as usize);
    let cache = CACHE.get_or_init(Default::default);
    let mut slot = cache.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((c, p, t)) = slot.as_ref() {
        if (*c, *p) == key {
            return Some(Arc::clone(t));
        }
    }
    let built = Arc::new(T2s::build(&chars, &phrases)?);
    *slot = Some((key.0, key.1, Arc::clone(&built)));
    Some(built)
}

fn is_compat(c: char) -> bool {
    let cp = c as u32;
    if !((0xF900..=0xFAFF).contains(&cp) || (0x2F800..=0x2FA1F).contains(&cp)) {
        return false;
    }
    super::classes::COMPAT
        .binary_search_by(|&(a, b)| {
            if b < cp {
                std::cmp::Ordering::Less
            } else if a > cp {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

impl T2s {
    fn build(chars: &MapTable, phrases: &MapTable) -> Option<T2s> {
        let mut single = HashMap::with_capacity(chars.len());
        for (k, v) in chars {
            let mut ks = k.chars();
            let mut vs = v.chars();
            match (ks.next(), ks.next(), vs.next(), vs.next()) {
                (Some(a), None, Some(b), None) => {
                    single.insert(a, b);
                }
                // A conversion to more than one character: not the table
                // this port expects; leave every conversion to Python.
                _ => return None,
            }
        }
        let mut firsts = HashSet::new();
        let mut max_len = 0;
        for k in phrases.keys() {
            let n = k.chars().count();
            if n < 2 {
                return None;
            }
            max_len = max_len.max(n);
            firsts.extend(k.chars().next());
        }
        Some(T2s { chars: single, phrases: phrases.clone(), firsts, max_len })
    }

    /// The conversion of `s` (given as characters), or None when it is left
    /// to Python (a compatibility ideograph in it).
    pub fn convert(&self, s: &[char]) -> Option<Vec<char>> {
        if s.iter().any(|&c| is_compat(c)) {
            return None;
        }
        let mut out = Vec::with_capacity(s.len());
        let mut buf = String::new();
        let n = s.len();
        let mut i = 0;
        'outer: while i < n {
            if self.firsts.contains(&s[i]) {
                let longest = self.max_len.min(n - i);
                for len in (2..=longest).rev() {
                    buf.clear();
                    buf.extend(&s[i..i + len]);
                    if let Some(v) = self.phrases.get(buf.as_str()) {
                        out.extend(v.chars());
                        i += len;
                        continue 'outer;
                    }
                }
            }
            out.push(self.chars.get(&s[i]).copied().unwrap_or(s[i]));
            i += 1;
        }
        Some(out)
    }
}

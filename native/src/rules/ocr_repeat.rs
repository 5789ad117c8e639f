//! `ocr-repeat`: a Han character that OCR read twice (Python reference:
//! `cleantext.ocr_repeat`, whose docstring explains the rule).
//!
//! Byte-identical to the reference.  Tables handed over by Python:
//! `wordfreq_zh_large` (the word list), `ocr_repeat_reduplicating` (the
//! characters the list shows reduplicated), `opencc_t2s_chars` and
//! `opencc_t2s_phrases` (OpenCC t2s).  A text is left to Python (`None`)
//! only when it holds a candidate and a table is missing.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, OnceLock};

use super::{Options, RuleFn};
use crate::tables::{self, WeightTable};

// The t2s conversion is fake-bold's; built alone, this family compiles it too.
#[cfg(feature = "doubling")]
use super::doubling::t2s;
#[cfg(not(feature = "doubling"))]
#[allow(dead_code)]
#[path = "doubling/classes.rs"]
mod classes;
#[cfg(not(feature = "doubling"))]
#[path = "doubling/t2s.rs"]
mod t2s;

/// The rules of this family, by their registry names.
pub const RULES: &[(&str, RuleFn)] = &[("ocr-repeat", collapse_ocr_repeats)];

/// Han characters of context taken on each side of a candidate.
const WINDOW: usize = 6;
/// Longest word the segmenter tries.
const MAX_WORD: usize = 8;
const MARGIN: f64 = 5.6;
const FUNCTION_WORD: f64 = 1e-3;
const KNOWN: f64 = 1e-7;
/// `_SPANNING`, `_SPANNING_RATIO`: a word that spans both copies once one
/// is removed (图书 + 书馆: 图书馆) counts only this common, and this many
/// times as common as the word the second copy starts.
const SPANNING: f64 = 1e-5;
const SPANNING_RATIO: f64 = 10.0;
/// `_IDIOM`: the frequency an idiom counts with when wordfreq gives it less.
const IDIOM: f64 = KNOWN;

/// `_IDIOM_FILE`: four-character idioms (THUOCL's chengyu list; the file's
/// header names the source), compiled in.
const IDIOM_FILE: &str = include_str!("../../../src/cleantext/data/chengyu_thuocl.txt");

/// `_idioms`: the idioms of `IDIOM_FILE`.
fn idioms() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        IDIOM_FILE
            .lines()
            .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
            .map(str::trim)
            .collect()
    })
}

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

struct Ctx {
    words: Arc<WeightTable>,
    redup: Arc<WeightTable>,
    t2s: Arc<t2s::T2s>,
    unknown: f64,
    decisions: HashMap<(String, usize), bool>,
    buf: String,
}

impl Ctx {
    fn load() -> Option<Ctx> {
        Some(Ctx {
            words: tables::get_weights("wordfreq_zh_large")?,
            redup: tables::get_weights("ocr_repeat_reduplicating")?,
            t2s: t2s::get()?,
            unknown: (1e-9f64).ln(),
            decisions: HashMap::new(),
            buf: String::new(),
        })
    }

    fn freq(&mut self, word: &[char]) -> f64 {
        self.buf.clear();
        self.buf.extend(word);
        self.words.get(self.buf.as_str()).copied().unwrap_or(0.0)
    }

    fn logp(&mut self, word: &[char]) -> Option<f64> {
        let mut f = self.freq(word);
        // (freq leaves the word in self.buf)
        if word.len() == 4 && f < IDIOM && idioms().contains(self.buf.as_str()) {
            f = IDIOM;
        }
        if f != 0.0 {
            Some(f.ln())
        } else {
            None
        }
    }

    /// Most probable split of `text` into words (unigram model): the score
    /// and the word boundaries (start of each word, then the end).
    fn segment(&mut self, text: &[char]) -> (f64, Vec<usize>) {
        let n = text.len();
        let mut best = vec![f64::NEG_INFINITY; n + 1];
        best[0] = 0.0;
        let mut back = vec![0usize; n + 1];
        for j in 1..=n {
            for i in j.saturating_sub(MAX_WORD)..j {
                if best[i] == f64::NEG_INFINITY {
                    continue;
                }
                let lp = match self.logp(&text[i..j]) {
                    Some(lp) => lp,
                    None => {
                        if j - i > 1 {
                            continue;
                        }
                        self.unknown
                    }
                };
                let score = best[i] + lp;
                if score > best[j] {
                    best[j] = score;
                    back[j] = i;
                }
            }
        }
        let mut bounds = vec![n];
        let mut j = n;
        while j > 0 {
            j = back[j];
            bounds.push(j);
        }
        bounds.reverse();
        (best[n], bounds)
    }

    fn is_repeat(&mut self, left: &[char], x: char, right: &[char]) -> bool {
        let mut kept: Vec<char> = Vec::with_capacity(left.len() + 2 + right.len());
        kept.extend_from_slice(left);
        kept.push(x);
        kept.push(x);
        kept.extend_from_slice(right);
        let nl = left.len();
        let simplified = match self.t2s.convert(&kept) {
            Some(s) => s,
            None => return false, // not reached: window characters are never compatibility ideographs
        };
        if simplified.len() != kept.len() {
            return false;
        }
        let kept = simplified;
        let x = kept[nl];
        let left = &kept[..nl];
        let right = &kept[nl + 2..];
        let mut xs = [0u8; 4];
        if self.redup.contains_key(x.encode_utf8(&mut xs) as &str) || self.freq(&[x, x]) >= KNOWN {
            return false;
        }
        if left.last() == Some(&'一') && self.logp(&['一', x]).is_some() {
            return false;
        }
        if nl + 5 <= kept.len() {
            // the second copy starts an idiom: 人民 + 民为邦本
            self.buf.clear();
            self.buf.extend(&kept[nl + 1..nl + 5]);
            if idioms().contains(self.buf.as_str()) {
                return false;
            }
        }
        let (score_kept, bounds) = self.segment(&kept);
        let token_at = |index: usize| -> (usize, usize) {
            // (start, end) of the word covering character `index`
            let k = bounds.partition_point(|&b| b <= index);
            (bounds[k - 1], bounds[k])
        };
        let (s1, e1) = token_at(nl);
        let (s2, e2) = token_at(nl + 1);
        if s1 == s2 {
            return false;
        }
        if e1 - s1 > 1 && e2 - s2 > 1 {
            // both copies in words: only a word spanning them once one goes,
            // much commoner than the second (图书 + 书馆: 图书馆)
            let mut spanning = kept[s1..e1].to_vec();
            spanning.extend_from_slice(&kept[s2 + 1..e2]);
            let f = self.freq(&spanning);
            if !(f >= SPANNING && f >= SPANNING_RATIO * self.freq(&kept[s2..e2]) && self.freq(&kept[s1..e1]) >= KNOWN) {
                return false;
            }
        } else {
            if e1 - s1 == 1 || e2 - s2 > 1 {
                return false;
            }
            if right.is_empty() {
                return false;
            }
            if self.freq(&kept[s1..e1]) < KNOWN {
                return false;
            }
            let (s3, e3) = token_at(nl + 2);
            if e3 - s3 == 1 && self.freq(&kept[s3..e3]) < FUNCTION_WORD {
                return false;
            }
        }
        let mut collapsed = Vec::with_capacity(kept.len() - 1);
        collapsed.extend_from_slice(left);
        collapsed.push(x);
        collapsed.extend_from_slice(right);
        let (score_collapsed, _) = self.segment(&collapsed);
        score_collapsed - score_kept >= MARGIN
    }
}

fn char_at(text: &str, i: usize) -> Option<char> {
    text[i..].chars().next()
}

/// One candidate "XX" (an isolated doubled Han character between Han
/// characters): byte offsets of its first copy and of what follows it.
fn candidates(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let n = b.len();
    let mut out = Vec::new();
    let mut i = 0;
    // _DOUBLED: "(.)\1" with a Han character after and the three characters
    // ending with the pair Han (so X is Han, 3 bytes, lead byte E4..E9).
    // The scan goes character by character; after a match, past the pair.
    while i + 9 <= n {
        let lead = b[i];
        if lead < 0x80 {
            i += 1;
            continue;
        }
        let l = if lead < 0xE0 { 2 } else if lead < 0xF0 { 3 } else { 4 };
        if (0xE4..=0xE9).contains(&lead) && i >= 3 {
            let w = &b[i..i + 6];
            if w[0] == w[3] && w[1] == w[4] && w[2] == w[5] {
                let x = char_at(text, i).unwrap_or('\0');
                let after = char_at(text, i + 6);
                let before = text[..i].chars().next_back();
                if is_cjk(x) && after.is_some_and(is_cjk) && before.is_some_and(is_cjk) {
                    let start = i;
                    let end = i + 6;
                    let before = before.unwrap_or('\0');
                    let before2 = text[..start - before.len_utf8()].chars().next_back();
                    let after = after.unwrap_or('\0');
                    let after2 = char_at(text, end + after.len_utf8());
                    if before != x && before2 != Some(before) && after != x && after2 != Some(after) {
                        out.push((start, end));
                    }
                    i += 6;
                    continue;
                }
            }
        }
        i += l;
    }
    out
}

/// Is the char distance between byte offsets `a <= b` of `text` at most `near`?
fn within(text: &str, a: usize, b: usize, near: usize) -> bool {
    if b - a > 4 * near {
        return false;
    }
    text[a..b].chars().count() <= near
}

fn one_pass(text: &str, ctx: &mut Option<Ctx>) -> Option<Option<(String, bool)>> {
    let seen = candidates(text);
    if seen.is_empty() {
        return Some(None);
    }
    if ctx.is_none() {
        *ctx = Some(Ctx::load()?);
    }
    let ctx = ctx.as_mut()?;
    let mut out = String::with_capacity(text.len()); // (removing only shortens)
    let mut last = 0;
    let mut edits: Vec<usize> = Vec::new();
    for &(start, end) in &seen {
        let x = char_at(text, start).unwrap_or('\0');
        // left: the Han suffix of the WINDOW characters before start
        let mut left: Vec<char> = text[..start]
            .chars()
            .rev()
            .take(WINDOW)
            .take_while(|&c| is_cjk(c))
            .collect();
        left.reverse();
        let right: Vec<char> = text[end..].chars().take(WINDOW).take_while(|&c| is_cjk(c)).collect();
        let mut key = String::with_capacity(4 * (left.len() + right.len() + 1));
        key.extend(&left);
        key.push(x);
        key.extend(&right);
        let key = (key, left.len());
        let repeat = match ctx.decisions.get(&key) {
            Some(&r) => r,
            None => {
                let r = ctx.is_repeat(&left, x, &right);
                ctx.decisions.insert(key, r);
                r
            }
        };
        if repeat {
            if out.is_empty() {
                out.reserve(text.len());
            }
            out.push_str(&text[last..start + x.len_utf8()]);
            last = end;
            edits.push(start);
        }
    }
    if edits.is_empty() {
        return Some(None);
    }
    out.push_str(&text[last..]);
    // _near_other(edits, seen, 2 * WINDOW + 2), in characters
    let near = 2 * WINDOW + 2;
    let mut again = false;
    let mut k = 0;
    'edits: for &e in &edits {
        while k < seen.len() && seen[k].0 < e && !within(text, seen[k].0, e, near) {
            k += 1;
        }
        let mut m = k;
        while m < seen.len() {
            let s = seen[m].0;
            if s > e && !within(text, e, s, near) {
                break;
            }
            if s != e {
                again = true;
                break 'edits;
            }
            m += 1;
        }
    }
    Some(Some((out, again)))
}

/// Collapse a Han character that OCR read twice, where words leave no doubt.
pub fn collapse_ocr_repeats<'a>(text: &'a str, _options: &Options) -> Option<Cow<'a, str>> {
    let mut ctx: Option<Ctx> = None;
    let mut current: Cow<'a, str> = Cow::Borrowed(text);
    loop {
        match one_pass(&current, &mut ctx)? {
            None => return Some(current),
            Some((result, again)) => {
                current = Cow::Owned(result);
                if !again {
                    return Some(current);
                }
            }
        }
    }
}

#[cfg(all(test, feature = "doubling"))]
use super::doubling::bench;
#[cfg(all(test, not(feature = "doubling")))]
#[path = "doubling/bench.rs"]
mod bench;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[ignore]
    fn bench_file() {
        bench::bench(collapse_ocr_repeats);
    }

    fn fix(text: &str) -> Cow<'_, str> {
        bench::load_test_tables();
        collapse_ocr_repeats(text, &Options::default()).expect("not deferred")
    }

    #[test]
    fn collapses() {
        assert_eq!(fix("一场特别的座谈会会在苍南县召开。"), "一场特别的座谈会在苍南县召开。");
        assert_eq!(fix("出台具有丽水水特色的现场管理标准"), "出台具有丽水特色的现场管理标准");
    }

    #[test]
    fn leaves_alone() {
        for text in ["", "我们常常说，人人天天向上", "中国国际航空，组织部部长，今年年底。", "哈哈哈", "座谈会会\n在苍南县召开", "丽水水1"] {
            assert!(matches!(fix(text), Cow::Borrowed(_)), "{text:?}");
        }
    }
}

//! `mojibake`: the native core only proves that the Python rule
//! (`cleantext.rules.mojibake.fix_mojibake`) has nothing to do, and leaves
//! every other text to it.
//!
//! `fix_mojibake` returns its input unchanged unless one of its two gates
//! finds something: `_LATIN_GATE`, a character U+0080..U+00FE (where every
//! Latin-1/Windows-1252 misreading and every C1 control starts), or
//! `_GBK_TRIGGER`, a character of `_GBK_LEAD_CONT` followed by one of
//! `_GBK_CONT_LEAD` (UTF-8 read as GBK), and that match goes no further
//! unless the next character is one whose GB18030 bytes are two
//! continuation bytes (`_starts_two_sequences`).  This rule looks for a
//! Latin-1 character or such a triple (at every position: a superset of the
//! matches Python tests), with the classes generated from the Python module
//! (`native/tools/gen_mojibake.py`, which also checks the claim about the
//! third character): text without either comes back borrowed, and text
//! with one goes to Python (`None`), which repairs it or not (it also
//! asks that a repair read as language: leader dots "··········" pass this
//! gate and Python leaves them alone).  Whatever makes the Python rule
//! stricter keeps this gate valid: it stays a superset.

use std::borrow::Cow;

use super::{Options, RuleFn};

#[path = "mojibake_tables.rs"]
mod tables;

/// The rules of this family, by their registry names.
pub const RULES: &[(&str, RuleFn)] = &[("mojibake", mojibake)];

#[inline]
fn lead_cont(cp: u32) -> bool {
    if !(tables::LEAD_CONT_FIRST..=tables::LEAD_CONT_LAST).contains(&cp) {
        return false;
    }
    let k = (cp - tables::LEAD_CONT_FIRST) as usize;
    tables::LEAD_CONT[k / 64] >> (k % 64) & 1 != 0
}

#[inline]
fn in_table(table: &[u16], c: Option<char>) -> bool {
    c.and_then(|c| u16::try_from(c as u32).ok()).is_some_and(|cp| table.binary_search(&cp).is_ok())
}

/// Whether `fix_mojibake` may change `text`: a character U+0080..U+00FE, or
/// a character of `_GBK_LEAD_CONT`, then one of `_GBK_CONT_LEAD`, then one
/// of `CONT_CONT`.
pub fn may_change(text: &str) -> bool {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let b = text.as_bytes();
    let n = b.len();
    let mut i = 0;
    while i < n {
        // ASCII eight bytes at a time.
        if i + 8 <= n {
            let mut word = [0u8; 8];
            word.copy_from_slice(&b[i..i + 8]);
            if u64::from_le_bytes(word) & HIGH == 0 {
                i += 8;
                continue;
            }
        }
        let c = b[i];
        if c < 0x80 {
            i += 1;
        } else if c < 0xE0 {
            // U+0080..U+00BF is C2 80..BF; U+00C0..U+00FE is C3 80..BE.
            if c == 0xC2 || (c == 0xC3 && b[i + 1] <= 0xBE) {
                return true;
            }
            i += 2;
        } else if c < 0xF0 {
            let cp = (u32::from(c) & 0x0F) << 12 | (u32::from(b[i + 1]) & 0x3F) << 6 | (u32::from(b[i + 2]) & 0x3F);
            i += 3;
            if lead_cont(cp) {
                let mut next = text[i..].chars();
                if in_table(&tables::CONT_LEAD, next.next()) && in_table(&tables::CONT_CONT, next.next()) {
                    return true;
                }
            }
        } else {
            i += 4;
        }
    }
    false
}

/// Text the Python rule provably leaves alone, borrowed; any other to Python.
pub fn mojibake<'a>(text: &'a str, _options: &Options) -> Option<Cow<'a, str>> {
    if may_change(text) {
        None
    } else {
        Some(Cow::Borrowed(text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gates() {
        for clean in ["今天天气很好，“我们”去公园……", "abc", "", "ÿ", "Āā", "第一行\n第二行", "纾解", "頂村的", "纾解析"] {
            assert!(!may_change(clean), "{clean:?}");
        }
        // (a gate, not a verdict: Python leaves leader dots and "25°C" alone,
        // since their GBK readings are no language, but only Python knows)
        for suspect in ["café", "\u{80}", "\u{fe}", "浣犲ソ涓栫晫", "a·b", "25°C", "纾解丁", "目录··········12"] {
            assert!(may_change(suspect), "{suspect:?}");
        }
    }
}

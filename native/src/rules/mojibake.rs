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
//!
//! A triple in clean Chinese text is not rare (a line or two in a page of
//! news), so the line that holds one gets a second test before the whole
//! text goes to Python: `_fix_utf8_as_gbk_line` repairs only inside a run of
//! valid UTF-8 of the line's GB18030 bytes that holds two Han lead bytes
//! (`_UTF8_RUN`, `_HAN_LEAD`), and [`line_may_repair`] looks for one.

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
                    let start = text[..i].rfind('\n').map_or(0, |k| k + 1);
                    let end = text[i..].find('\n').map_or(n, |k| i + k);
                    if line_may_repair(&text[start..end]) {
                        return true;
                    }
                    i = end; // the rest of this line has been tested
                }
            }
        } else {
            i += 4;
        }
    }
    false
}

/// Append the GB18030 bytes of `c` to `out`, or bytes that read the same as
/// UTF-8 runs do: the bytes of a four-byte code that cannot matter (its
/// second and fourth are ASCII digits, so its third is never inside a valid
/// UTF-8 sequence, and its first only as a continuation byte) are written as
/// 0x81 where they are 0x80..0xBF, else 0xC0.
fn gb18030_bytes(c: char, out: &mut Vec<u8>) {
    let cp = c as u32;
    if cp < 0x80 {
        out.push(cp as u8);
        return;
    }
    if cp <= 0xFFFF {
        let code = tables::GBK[cp as usize];
        if code != 0 {
            out.extend_from_slice(&code.to_be_bytes());
        } else {
            out.extend_from_slice(&[0x81, 0x30, 0x81, 0x30]); // first byte 0x81..0x84
        }
        return;
    }
    let first = 0x81 + (cp - 0x10000 + 189_000) / 12_600;
    let first = if first <= 0xBF { 0x81 } else { 0xC0 };
    out.extend_from_slice(&[first, 0x30, 0x81, 0x30]);
}

/// The length of the `_UTF8_SEQ` at the start of `b`, if one is there.
fn utf8_seq(b: &[u8]) -> Option<usize> {
    let cont = |k: usize, lo: u8, hi: u8| b.get(k).is_some_and(|&x| (lo..=hi).contains(&x));
    let c = |k: usize| cont(k, 0x80, 0xBF);
    match *b.first()? {
        0x00..=0x7F => Some(1),
        0xC2..=0xDF => c(1).then_some(2),
        0xE0 => (cont(1, 0xA0, 0xBF) && c(2)).then_some(3),
        0xE1..=0xEC | 0xEE | 0xEF => (c(1) && c(2)).then_some(3),
        0xED => (cont(1, 0x80, 0x9F) && c(2)).then_some(3),
        0xF0 => (cont(1, 0x90, 0xBF) && c(2) && c(3)).then_some(4),
        0xF1..=0xF3 => (c(1) && c(2) && c(3)).then_some(4),
        0xF4 => (cont(1, 0x80, 0x8F) && c(2) && c(3)).then_some(4),
        _ => None,
    }
}

/// Whether the GB18030 bytes of `line` hold a maximal run of `_UTF8_SEQ`s
/// with two `_HAN_LEAD` bytes (0xE3..0xE9, 0xEF, 0xF0): the least that
/// `_fix_utf8_as_gbk_line` needs to repair anything.
pub fn line_may_repair(line: &str) -> bool {
    let mut bytes = Vec::with_capacity(line.len() * 2);
    for c in line.chars() {
        gb18030_bytes(c, &mut bytes);
    }
    let mut p = 0;
    let mut leads = 0;
    while p < bytes.len() {
        match utf8_seq(&bytes[p..]) {
            Some(len) => {
                if matches!(bytes[p], 0xE3..=0xE9 | 0xEF | 0xF0) {
                    leads += 1;
                    if leads >= 2 {
                        return true;
                    }
                }
                p += len;
            }
            None => {
                leads = 0; // the run ends here
                p += 1;
            }
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
    fn line_test() {
        // clean text whose GB18030 bytes hold no run of UTF-8 with two Han leads
        for clean in ["纾解", "頂村的", "纾解析", "今天天气很好", "", "abc", "𠀀中文"] {
            assert!(!line_may_repair(clean), "{clean:?}");
        }
        // UTF-8 read as GBK: the GB18030 bytes are the UTF-8 of the original
        for misread in ["浣犲ソ涓栫晫", "新闻：浣犲ソ涓栫晫。"] {
            assert!(line_may_repair(misread), "{misread:?}");
        }
        let mut b = Vec::new();
        gb18030_bytes('中', &mut b);
        gb18030_bytes('a', &mut b);
        gb18030_bytes('€', &mut b);
        assert_eq!(b, [0xD6, 0xD0, b'a', 0xA2, 0xE3]);
    }

    #[test]
    fn gates() {
        for clean in ["今天天气很好，“我们”去公园……", "abc", "", "ÿ", "Āā", "第一行\n第二行", "纾解", "頂村的", "纾解析"] {
            assert!(!may_change(clean), "{clean:?}");
        }
        // a triple (E7 A3 BD E2 B6 A1: two UTF-8 sequences), but one Han lead
        // in the run: the line test clears it, the line before and after too
        for cleared in ["纾解丁", "第一行\n纾解丁丁\n浣犲"] {
            assert!(!may_change(cleared), "{cleared:?}");
        }
        assert!(may_change("纾解丁\n浣犲ソ涓栫晫"));
        // (a gate, not a verdict: Python leaves leader dots and "25°C" alone,
        // since their GBK readings are no language, but only Python knows)
        for suspect in ["café", "\u{80}", "\u{fe}", "浣犲ソ涓栫晫", "a·b", "25°C", "目录··········12"] {
            assert!(may_change(suspect), "{suspect:?}");
        }
    }
}

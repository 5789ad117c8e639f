//! `normalize` (required): `\n` line endings and NFC, ported from the
//! Python module `cleantext.rules.normalize`.
//!
//! Line breaks (`\r\n`, `\r`, U+2028, U+2029, U+0085) become `\n` here.
//! NFC must be exactly Python's (`unicodedata`, Unicode 14.0.0), so this
//! port does not normalize: it runs the quick check of
//! `unicodedata.is_normalized("NFC", ...)` with tables generated from
//! Python (`native/tools/gen_normalize.py`), and where that check answers
//! Yes the text is already NFC, as Python finds too.  Where it does not
//! (a character whose NFC_Quick_Check is No or Maybe, such as a combining
//! accent or a CJK compatibility ideograph, or combining marks out of
//! canonical order), the rule returns `None` and Python runs the reference
//! on that input.  Lone surrogates never reach Rust.

use std::borrow::Cow;

use super::{Options, RuleFn};

#[path = "normalize_tables.rs"]
mod tables;

/// The rules of this family, by their registry names.
pub const RULES: &[(&str, RuleFn)] = &[("normalize", normalize)];

/// The combining class and whether the quick check is other than Yes.
#[inline]
fn special(c: char) -> Option<(u8, bool)> {
    let cp = c as u32;
    if cp < tables::FIRST {
        return None;
    }
    if cp <= 0xFFFF && tables::SPECIAL_BMP[(cp >> 6) as usize] & (1u64 << (cp & 63)) == 0 {
        return None;
    }
    tables::SPECIAL
        .binary_search_by_key(&cp, |&(k, _, _)| k)
        .ok()
        .map(|i| (tables::SPECIAL[i].1, tables::SPECIAL[i].2))
}

const SAFE_BLOCK: usize = 32;

/// A byte that starts no special character: ASCII, a continuation byte, or
/// the lead byte of U+4000..U+9FFF.
#[inline]
fn safe_byte(b: u8) -> bool {
    (b < 0xC0) | (b.wrapping_sub(0xE4) <= 5)
}

/// Python's NFC quick check answers Yes (the text is NFC).  Read on the
/// UTF-8 bytes: a character whose first two bytes start no special one has
/// combining class 0 and quick check Yes.
fn quick_check_yes(text: &str) -> bool {
    let b = text.as_bytes();
    let mut prev_ccc = 0u8;
    let mut k = 0;
    while k < b.len() {
        // Blocks of ASCII, continuation bytes and the leads E4..E9
        // (U+4000..U+9FFF: CJK Unified Ideographs, Extension A, hexagrams;
        // all combining class 0, quick check Yes) hold no special character.
        if k + SAFE_BLOCK <= b.len() && b[k..k + SAFE_BLOCK].iter().fold(true, |ok, &x| ok & safe_byte(x)) {
            prev_ccc = 0;
            k += SAFE_BLOCK;
            continue;
        }
        let b0 = b[k];
        if b0 < 0xC0 {
            if b0 < 0x80 {
                prev_ccc = 0;
            }
            k += 1; // ASCII, or a continuation byte
            continue;
        }
        let b1 = b.get(k + 1).copied().unwrap_or(0);
        if (tables::PREFIX[b0 as usize] >> (b1 & 63)) & 1 == 0 {
            prev_ccc = 0;
            k += 2 + (b0 >= 0xE0) as usize + (b0 >= 0xF0) as usize; // the whole character
            continue;
        }
        let c = text[k..].chars().next().unwrap_or('\0');
        k += c.len_utf8();
        match special(c) {
            None => prev_ccc = 0,
            Some((ccc, not_yes)) => {
                if not_yes || (ccc != 0 && prev_ccc > ccc) {
                    return false;
                }
                prev_ccc = ccc;
            }
        }
    }
    true
}

/// The first byte offset where `pred(b0, b1, b2)` holds for the byte there
/// and the two after it (0 past the end).  Blocks of 32 bytes are tested
/// with branch-free predicates, which the compiler vectorizes.
#[inline]
fn find3(b: &[u8], pred: impl Fn(u8, u8, u8) -> bool) -> Option<usize> {
    const BLOCK: usize = 32;
    let mut i = 0;
    while i + BLOCK + 2 <= b.len() {
        let w = &b[i..i + BLOCK + 2];
        let mut any = false;
        for j in 0..BLOCK {
            any |= pred(w[j], w[j + 1], w[j + 2]);
        }
        if any {
            break;
        }
        i += BLOCK;
    }
    let at = |k: usize| b.get(k).copied().unwrap_or(0);
    (i..b.len()).find(|&k| pred(b[k], at(k + 1), at(k + 2)))
}

/// `_BREAKS.sub("\n", text)`: `\r\n?|[\u2028\u2029\x85]`.
fn breaks(text: &str) -> Cow<'_, str> {
    // \r; U+0085: C2 85; U+2028, U+2029: E2 80 A8, E2 80 A9
    let hit = |b0: u8, b1: u8, b2: u8| {
        (b0 == b'\r') | ((b0 == 0xC2) & (b1 == 0x85)) | ((b0 == 0xE2) & (b1 == 0x80) & ((b2 | 1) == 0xA9))
    };
    if find3(text.as_bytes(), hit).is_none() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\u{2028}' | '\u{2029}' | '\u{85}' => out.push('\n'),
            _ => out.push(c),
        }
    }
    Cow::Owned(out)
}

fn normalize<'a>(text: &'a str, _options: &Options) -> Option<Cow<'a, str>> {
    let text = breaks(text);
    // (ASCII and most Chinese text hold no character below the first special one)
    if !quick_check_yes(&text) {
        return None; // not NFC, or maybe not: Python normalizes
    }
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(s: &str) -> Option<String> {
        normalize(s, &Options::default()).map(Cow::into_owned)
    }

    #[test]
    fn pairs() {
        assert_eq!(run("第一段\r\n第二段\r").as_deref(), Some("第一段\n第二段\n"));
        assert_eq!(run("a\u{2028}b\u{85}c\r\r\n").as_deref(), Some("a\nb\nc\n\n"));
        assert_eq!(run("全角，标点：不变").as_deref(), Some("全角，标点：不变"));
        assert_eq!(run("Café 😀").as_deref(), Some("Café 😀"));
        assert!(matches!(normalize("中文", &Options::default()), Some(Cow::Borrowed(_))));
    }

    #[test]
    fn defers_where_nfc_may_change() {
        assert_eq!(run("Cafe\u{301}"), None);
        assert_eq!(run("\u{f967}"), None); // a compatibility ideograph
        assert_eq!(run("a\u{316}\u{305}"), Some("a\u{316}\u{305}".into())); // in order
        assert_eq!(run("a\u{305}\u{316}"), None); // out of canonical order
    }
}

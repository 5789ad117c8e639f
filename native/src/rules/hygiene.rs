//! Unicode hygiene: `invisible`, `radicals` and `width`, ported from the
//! Python module `cleantext.rules.hygiene`.
//!
//! The tables (radicals, the simplified-only and traditional-only
//! characters that decide `convert.majority_script`, the letter class of
//! the soft-hyphen repair) are generated from the Python reference by
//! `native/tools/gen_hygiene.py` into `hygiene_tables.rs`.
//!
//! Nothing is left to Python: every input is handled.

use std::borrow::Cow;

use super::{Options, RuleFn};
use crate::chardata::in_table;

#[path = "hygiene_tables.rs"]
mod tables;

/// The rules of this family, by their registry names.
pub const RULES: &[(&str, RuleFn)] = &[("radicals", radicals), ("invisible", invisible), ("width", width)];

// --------------------------------------------------------------------------
// invisible

/// `_ALWAYS`: removed wherever they are.
fn is_always(c: char) -> bool {
    matches!(c,
        '\u{feff}' | '\u{2060}'..='\u{2064}' | '\u{206a}'..='\u{206f}'
        | '\u{0}'..='\u{8}' | '\u{e}'..='\u{1b}' | '\u{1f}' | '\u{7f}'
        | '\u{80}'..='\u{84}' | '\u{86}'..='\u{9f}')
}

fn is_break(c: char) -> bool {
    matches!(c, '\u{b}' | '\u{1c}' | '\u{1d}' | '\u{1e}')
}

const ZWSP: char = '\u{200b}';
const MVS: char = '\u{180e}';
const SHY: char = '\u{ad}';

fn is_joiner(c: char) -> bool {
    matches!(c, '\u{200c}' | '\u{200d}')
}

fn is_bidi(c: char) -> bool {
    matches!(c, '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `_INVISIBLE_CHARS`
fn is_invisible(c: char) -> bool {
    is_always(c) || is_break(c) || c == ZWSP || is_joiner(c) || c == MVS || c == SHY || is_bidi(c)
}

/// `_HAN_ONLY`
fn is_han_only(c: char) -> bool {
    matches!(c,
        '\u{2e80}'..='\u{2fdf}' | '\u{3005}' | '\u{3007}' | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}'
        | '\u{f900}'..='\u{faff}' | '\u{20000}'..='\u{3ffff}')
}

/// `_CJK`
/// `_WIDENED`: half-width marks that punct-width widens next to Chinese.
const WIDENED: [char; 8] = [',', '.', ';', ':', '?', '!', '(', ')'];

fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{2e80}'..='\u{2fdf}' | '\u{3000}'..='\u{303f}' | '\u{3040}'..='\u{30ff}' | '\u{3100}'..='\u{312f}'
        | '\u{31a0}'..='\u{31bf}' | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}'
        | '\u{fe30}'..='\u{fe4f}' | '\u{ff00}'..='\u{ffef}' | '\u{20000}'..='\u{3ffff}')
}

/// `_ZWSP_SCRIPTS`
fn is_zwsp_script(c: char) -> bool {
    matches!(c, '\u{e00}'..='\u{fff}' | '\u{1000}'..='\u{109f}' | '\u{1780}'..='\u{17ff}' | '\u{19e0}'..='\u{19ff}')
}

/// `_MONGOLIAN`
fn is_mongolian(c: char) -> bool {
    matches!(c, '\u{1800}'..='\u{18af}')
}

/// `_RTL`
fn is_rtl(c: char) -> bool {
    matches!(c,
        '\u{590}'..='\u{8ff}' | '\u{fb1d}'..='\u{fdff}' | '\u{fe70}'..='\u{fefc}' | '\u{10800}'..='\u{10fff}'
        | '\u{1e800}'..='\u{1efff}')
}

/// `_ALPHA`: a letter of an alphabetic script.
fn is_alpha(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    in_table(tables::ALPHA, c)
}

/// The first byte offset from `from` where `pred(b0, b1, b2)` holds for the
/// byte there and the two after it (0 past the end).  Blocks of 32 bytes are
/// tested with branch-free predicates, which the compiler vectorizes.
#[inline]
fn find3(b: &[u8], from: usize, pred: impl Fn(u8, u8, u8) -> bool) -> Option<usize> {
    const BLOCK: usize = 32;
    let mut i = from;
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

/// Does an invisible character (`_INVISIBLE_CHARS`) start with these
/// bytes?  Read from its UTF-8 bytes: ASCII controls other than `\t \n \r
/// \f`, C1 controls but NEL and U+00AD (C2 ..), U+061C (D8 9C), U+180E (E1
/// A0 8E), U+200B..U+200F and U+202A..U+202E (E2 80 ..), U+2060..U+2064 and
/// U+2066..U+206F (E2 81 ..), U+FEFF (EF BB BF).  (Never true at a
/// continuation byte.)
#[inline]
fn invisible_bytes(b0: u8, b1: u8, b2: u8) -> bool {
    let in_r = |x: u8, lo: u8, hi: u8| x.wrapping_sub(lo) <= hi - lo;
    let c0 = (b0 < 0x20) & (b0 != 0x09) & (b0 != 0x0a) & (b0 != 0x0c) & (b0 != 0x0d);
    let del = b0 == 0x7f;
    let c1 = (b0 == 0xc2) & ((in_r(b1, 0x80, 0x9f) & (b1 != 0x85)) | (b1 == 0xad));
    let alm = (b0 == 0xd8) & (b1 == 0x9c);
    let mvs = (b0 == 0xe1) & (b1 == 0xa0) & (b2 == 0x8e);
    let e2 = (b0 == 0xe2)
        & (((b1 == 0x80) & (in_r(b2, 0x8b, 0x8f) | in_r(b2, 0xaa, 0xae)))
            | ((b1 == 0x81) & in_r(b2, 0xa0, 0xaf) & (b2 != 0xa5)));
    let bom = (b0 == 0xef) & (b1 == 0xbb) & (b2 == 0xbf);
    c0 | del | c1 | alm | mvs | e2 | bom
}

fn next_invisible(b: &[u8], from: usize) -> Option<usize> {
    find3(b, from, invisible_bytes)
}

fn has_invisible(text: &str) -> bool {
    next_invisible(text.as_bytes(), 0).is_some()
}

/// `_SHY_BREAK.sub("", text)`: a soft hyphen at a line end inside a word
/// (a letter before it, `[ \t]*\n[ \t]*` and a letter after it) goes with
/// the break.  (Greedy blank runs that a letter must end: no backtracking.)
fn shy_breaks(text: &str) -> Cow<'_, str> {
    let mut out = String::new();
    let mut last = 0;
    let mut prev: Option<char> = None;
    let mut i = 0;
    while i < text.len() {
        let c = text[i..].chars().next().unwrap_or('\0');
        if c == SHY && prev.is_some_and(is_alpha) {
            let rest = &text[i + SHY.len_utf8()..];
            let a = rest.trim_start_matches([' ', '\t']);
            if let Some(after_nl) = a.strip_prefix('\n') {
                let b = after_nl.trim_start_matches([' ', '\t']);
                if b.chars().next().is_some_and(is_alpha) {
                    let end = text.len() - b.len();
                    out.push_str(&text[last..i]);
                    last = end;
                    prev = text[..end].chars().next_back();
                    i = end;
                    continue;
                }
            }
        }
        prev = Some(c);
        i += c.len_utf8();
    }
    if last == 0 {
        return Cow::Borrowed(text);
    }
    out.push_str(&text[last..]);
    Cow::Owned(out)
}

fn invisible<'a>(text: &'a str, _options: &Options) -> Option<Cow<'a, str>> {
    Some(remove_invisible(text))
}

pub(crate) fn remove_invisible(original: &str) -> Cow<'_, str> {
    if !has_invisible(original) {
        return Cow::Borrowed(original);
    }
    let shy = if original.contains(SHY) { shy_breaks(original) } else { Cow::Borrowed(original) };
    let text: &str = &shy;
    let mut has_rtl: Option<bool> = None;
    let mut out = String::with_capacity(text.len());
    let b = text.as_bytes();
    let mut last = 0; // text[..last] is in out
    let mut k = 0;
    while k < b.len() {
        match next_invisible(b, k) {
            Some(j) => k = j,
            None => break,
        }
        // a run of invisible characters: the same neighbours for each
        let start = k;
        let mut end = k;
        let mut run: Vec<(usize, char)> = Vec::new();
        while end < b.len() {
            let d = text[end..].chars().next().unwrap_or('\0');
            if !is_invisible(d) {
                break;
            }
            run.push((end, d));
            end += d.len_utf8();
        }
        let left = text[..start].chars().next_back();
        let right = text[end..].chars().next();
        out.push_str(&text[last..start]);
        for &(_, ch) in &run {
            if is_always(ch) || ch == SHY {
                continue;
            }
            if is_break(ch) {
                let between_han = left.is_some_and(is_han_only) && right.is_some_and(is_han_only);
                if !between_han {
                    out.push('\n');
                }
                continue;
            }
            if ch == ZWSP {
                if left.is_some_and(is_zwsp_script) && right.is_some_and(is_zwsp_script) {
                    out.push(ch);
                }
                continue;
            }
            if is_joiner(ch) {
                // (`_cjk_beside`: CJK, or a half-width mark with CJK beyond it)
                let beside = |c: Option<char>, beyond: &dyn Fn(usize) -> Option<char>| match c {
                    Some(c) if is_cjk(c) => true,
                    Some(c) if WIDENED.contains(&c) => beyond(c.len_utf8()).is_some_and(is_cjk),
                    _ => false,
                };
                let before = |n: usize| text[..start - n].chars().rev().find(|&d| !is_invisible(d));
                let after = |n: usize| text[end + n..].chars().find(|&d| !is_invisible(d));
                if !(beside(left, &before) || beside(right, &after)) {
                    out.push(ch);
                }
                continue;
            }
            if ch == MVS {
                if left.is_some_and(is_mongolian) || right.is_some_and(is_mongolian) {
                    out.push(ch);
                }
                continue;
            }
            // bidi controls
            let rtl = *has_rtl.get_or_insert_with(|| text.chars().any(is_rtl));
            if rtl {
                out.push(ch);
            }
        }
        last = end;
        k = end;
    }
    out.push_str(&text[last..]);
    if out == original {
        Cow::Borrowed(original)
    } else {
        Cow::Owned(out)
    }
}

// --------------------------------------------------------------------------
// radicals

/// `_RADICAL_GATE`: U+2E80..U+2FDF, U+F900..U+FAFF, U+2F800..U+2FA1F.
fn is_radical_block(c: char) -> bool {
    matches!(c, '\u{2e80}'..='\u{2fdf}' | '\u{f900}'..='\u{faff}' | '\u{2f800}'..='\u{2fa1f}')
}

fn lookup(table: &[(u32, char)], c: char) -> Option<char> {
    table.binary_search_by_key(&(c as u32), |&(k, _)| k).ok().map(|i| table[i].1)
}

fn in_set(bmp: &[u64; 1024], astral: &[u32], c: char) -> bool {
    let cp = c as u32;
    if cp <= 0xFFFF {
        bmp[(cp >> 6) as usize] & (1u64 << (cp & 63)) != 0
    } else {
        astral.binary_search(&cp).is_ok()
    }
}

/// `convert.majority_script(text) == "simplified"`: more simplified-only
/// than traditional-only characters.
fn mostly_simplified(text: &str) -> bool {
    let (mut s, mut t) = (0usize, 0usize);
    for c in text.chars() {
        if (c as u32) < 0x3400 {
            continue; // (no script-specific character below U+3400)
        }
        if in_set(&tables::SIMPLIFIED_BMP, tables::SIMPLIFIED_ASTRAL, c) {
            s += 1;
        } else if in_set(&tables::TRADITIONAL_BMP, tables::TRADITIONAL_ASTRAL, c) {
            t += 1;
        }
    }
    s > t
}

fn radicals<'a>(text: &'a str, _options: &Options) -> Option<Cow<'a, str>> {
    Some(map_radicals(text))
}

pub(crate) fn map_radicals(text: &str) -> Cow<'_, str> {
    // U+2E80..U+2FDF: E2 BA 80..E2 BF 9F; U+F900..U+FAFF: EF A4 80..EF AB BF;
    // U+2F800..U+2FA1F: F0 AF A0 80..F0 AF A8 9F
    let b = text.as_bytes();
    let mut from = 0;
    let first = loop {
        let Some(k) = find3(b, from, |b0, b1, _| {
            ((b0 == 0xE2) & (b1 >= 0xBA)) | ((b0 == 0xEF) & (b1.wrapping_sub(0xA4) <= 7)) | ((b0 == 0xF0) & (b1 == 0xAF))
        }) else {
            break None;
        };
        if text[k..].chars().next().is_some_and(is_radical_block) {
            break Some(k);
        }
        from = k + 1;
    };
    let Some(first) = first else {
        return Cow::Borrowed(text);
    };
    let simplified_table = text[first..].chars().any(|c| lookup(tables::RADICALS_SIMPLIFIED, c).is_some())
        && mostly_simplified(text);
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..first]);
    let mut changed = false;
    for c in text[first..].chars() {
        if is_radical_block(c) {
            let mapped = if simplified_table {
                lookup(tables::RADICALS_SIMPLIFIED, c).or_else(|| lookup(tables::RADICALS, c))
            } else {
                lookup(tables::RADICALS, c)
            };
            if let Some(m) = mapped {
                changed |= m != c;
                out.push(m);
                continue;
            }
        }
        out.push(c);
    }
    if changed {
        Cow::Owned(out)
    } else {
        Cow::Borrowed(text)
    }
}

// --------------------------------------------------------------------------
// width

fn is_fw_digit(c: char) -> bool {
    ('\u{ff10}'..='\u{ff19}').contains(&c)
}

fn is_fw_alnum(c: char) -> bool {
    matches!(c, '\u{ff10}'..='\u{ff19}' | '\u{ff21}'..='\u{ff3a}' | '\u{ff41}'..='\u{ff5a}')
}

fn any_digit(c: char) -> bool {
    c.is_ascii_digit() || is_fw_digit(c)
}

const FW_POINT: char = '\u{ff0e}';
const FW_COMMA: char = '\u{ff0c}';

fn width<'a>(text: &'a str, _options: &Options) -> Option<Cow<'a, str>> {
    Some(halfwidth_alnum(text))
}

/// `_THOUSANDS` at `p` (a full-width digit not after a full-width digit or
/// comma): the end of the match, if one.  The digit run must be 1-3 long;
/// groups of a comma and three digits are taken greedily, and the last is
/// given back when a digit follows it (the lookahead `(?![０-９])`).
fn thousands_at(chars: &[char], p: usize) -> Option<usize> {
    let mut q = p;
    while q < chars.len() && is_fw_digit(chars[q]) {
        q += 1;
    }
    if q - p > 3 {
        return None;
    }
    let mut ends = Vec::new();
    let mut e = q;
    while e + 3 < chars.len() && chars[e] == FW_COMMA && chars[e + 1..e + 4].iter().all(|&c| is_fw_digit(c)) {
        e += 4;
        ends.push(e);
    }
    while let Some(&end) = ends.last() {
        if end < chars.len() && is_fw_digit(chars[end]) {
            ends.pop();
        } else {
            return Some(end);
        }
    }
    None
}

pub(crate) fn halfwidth_alnum(text: &str) -> Cow<'_, str> {
    // full-width forms U+FF00..U+FF5F: EF BC 80..EF BD 9F
    let first = find3(text.as_bytes(), 0, |b0, b1, b2| {
        let in_r = |x: u8, lo: u8, hi: u8| x.wrapping_sub(lo) <= hi - lo;
        (b0 == 0xEF)
            & (((b1 == 0xBC) & (in_r(b2, 0x90, 0x99) | in_r(b2, 0xA1, 0xBA) | (b2 == 0x8E)))
                | ((b1 == 0xBD) & in_r(b2, 0x81, 0x9A)))
    });
    let Some(first) = first else {
        return Cow::Borrowed(text);
    };
    // from the character before the first one (a lookbehind may need it)
    let start = text[..first].char_indices().next_back().map_or(first, |(i, _)| i);
    let chars: Vec<char> = text[start..].chars().collect();
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..start]);
    let mut thousands_end = 0; // chars[..thousands_end] is inside a _THOUSANDS match
    for (i, &c) in chars.iter().enumerate() {
        let prev = if i > 0 { Some(chars[i - 1]) } else { None };
        if c == FW_POINT {
            let next = chars.get(i + 1).copied();
            if prev.is_some_and(any_digit) && next.is_some_and(any_digit) {
                out.push('.');
                continue;
            }
        } else if is_fw_digit(c) {
            if i >= thousands_end && !prev.is_some_and(|p| is_fw_digit(p) || p == FW_COMMA) {
                if let Some(end) = thousands_at(&chars, i) {
                    thousands_end = end;
                }
            }
        } else if c == FW_COMMA && i < thousands_end {
            out.push(',');
            continue;
        }
        if is_fw_alnum(c) {
            out.push(char::from_u32(c as u32 - 0xFEE0).unwrap_or(c));
        } else {
            out.push(c);
        }
    }
    if out == text {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_pairs() {
        let cases = [
            ("人民\u{200b}日报\u{feff}", "人民日报"),
            ("\u{feff}中\u{200d}国\u{200c}人", "中国人"),
            ("统计\u{0}局\u{1b}发布\u{9d}", "统计局发布"),
            ("一\u{b}個，第一行\u{b}Line two", "一個，第一行\nLine two"),
            ("Inter\u{ad}\nnational co\u{ad}operation", "International cooperation"),
            ("\u{200f}中文\u{202a}", "中文"),
        ];
        for (a, b) in cases {
            assert_eq!(remove_invisible(a), b, "{a:?}");
        }
        for s in [
            "家庭：👨\u{200d}👩\u{200d}👧",
            "葛\u{e0100}城",
            "第一页\u{c}第二页\t完\r\n",
            "\u{5e9}\u{5dc}\u{5d5}\u{5dd} \u{200f}ABC",
        ] {
            assert!(matches!(remove_invisible(s), Cow::Borrowed(_)), "{s:?}");
        }
    }

    #[test]
    fn radicals_pairs() {
        assert_eq!(map_radicals("⼈⺠⽇报"), "人民日报");
        assert_eq!(map_radicals("⻓江 ⼤庆油⽥"), "长江 大庆油田");
        assert_eq!(map_radicals("\u{f967}\u{f9ba}\u{fa08}"), "不了行");
        assert_eq!(map_radicals("走访了农⼾"), "走访了农户");
        assert_eq!(map_radicals("走訪了農⼾"), "走訪了農戶");
        assert!(matches!(map_radicals("﨑\u{fa0e}㇀"), Cow::Borrowed(_)));
    }

    #[test]
    fn width_pairs() {
        assert_eq!(halfwidth_alnum("２０１８年ＧＤＰ增长６．７％"), "2018年GDP增长6.7％");
        assert_eq!(halfwidth_alnum("共１，０００，０００元，第１，２，３名"), "共1,000,000元，第1，2，3名");
        assert_eq!(halfwidth_alnum("二○○○年，气温－５℃～＋３℃。"), "二○○○年，气温－5℃～＋3℃。");
        assert!(matches!(halfwidth_alnum("他说：“好！”（完）"), Cow::Borrowed(_)));
    }
}

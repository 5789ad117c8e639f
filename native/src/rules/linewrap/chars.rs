//! Character classes and the string helpers of `cleantext.linewrap`
//! (Python `str.strip` with a character set, `in` tests), by code point.

use crate::chardata::{DECIMAL as PY_DECIMAL, SPACE as PY_SPACE};
use crate::chardata::in_table;

/// Python `str.isspace` (and `\s` of `re`).
#[inline]
pub fn is_py_space(c: char) -> bool {
    match c {
        '\t'..='\r' | ' ' => true,
        _ if (c as u32) < 0x1c => false,
        '\x1c'..='\x1f' | '\u{85}' | '\u{a0}' => true,
        _ if (c as u32) < 0x1680 => false,
        _ => in_table(PY_SPACE, c),
    }
}

/// Python `\d` of `re` (`str.isdecimal`).
#[inline]
pub fn is_py_decimal(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    in_table(PY_DECIMAL, c)
}

/// `_HAN`: Han characters and the ideographic zeros "○" "〇".
#[inline]
pub fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}'
        | '\u{20000}'..='\u{3134f}' | '\u{3007}' | '\u{25cb}')
}

/// `_STRIP`: whitespace stripped at line ends.
#[inline]
pub fn is_strip(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{3000}' | '\x0c' | '\x0b' | '\r' | '\u{a0}' | '\u{2000}'..='\u{200a}'
        | '\u{202f}' | '\u{205f}')
}

/// `_INDENT_CHARS`.
#[inline]
pub fn is_indent(c: char) -> bool {
    matches!(c, ' ' | '\u{3000}' | '\t')
}

/// `TERMINAL`.
#[inline]
pub fn is_terminal_mark(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '…' | '!' | '?' | '；' | ';' | '．')
}

/// `CLOSERS`.
#[inline]
pub fn is_closer(c: char) -> bool {
    matches!(c, '”' | '’' | '」' | '』' | '）' | ')' | '》' | '】' | '〕' | '］' | ']' | '〉' | '>' | '"' | '\'')
}

/// `CONTINUATION`.
#[inline]
pub fn is_continuation(c: char) -> bool {
    matches!(c, '，' | '、' | ',' | '“' | '‘' | '「' | '『' | '（' | '(' | '《' | '【' | '〔' | '［' | '[' | '〈')
}

/// `_DASHES`.
#[inline]
pub fn is_dash(c: char) -> bool {
    matches!(c, '—' | '－' | '-' | '―' | '─')
}

/// `_LATIN_OR_DIGIT`.
#[inline]
pub fn is_latin_or_digit(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

/// `_OPENING`: `_OPENERS` and "‘".
#[inline]
pub fn is_opening(c: char) -> bool {
    matches!(c, '（' | '(' | '“' | '「' | '『' | '《' | '【' | '〔' | '［' | '[' | '‘')
}

/// `_NO_LINE_START`.
#[inline]
pub fn is_no_line_start(c: char) -> bool {
    matches!(c, '，' | '。' | '、' | '；' | '：' | '？' | '！' | '）' | '》' | '」' | '』' | '”' | '’' | '…')
}

/// `_BULLETS`.
#[inline]
pub fn is_bullet(c: char) -> bool {
    matches!(c, '□' | '■' | '●' | '◆' | '▲' | '△' | '◇' | '★' | '☆' | '▪' | '▫')
}

/// `_BYLINE_MARKS` (the bullets and "○").
#[inline]
pub fn is_byline_mark(c: char) -> bool {
    c == '○' || is_bullet(c)
}

/// `[!-~]`.
#[inline]
pub fn is_printable_ascii(c: char) -> bool {
    ('!'..='~').contains(&c)
}

/// `s.strip(_STRIP)`.
#[inline]
pub fn strip(s: &str) -> &str {
    s.trim_matches(is_strip)
}

/// `s.rstrip(_STRIP)`.
#[inline]
pub fn rstrip(s: &str) -> &str {
    s.trim_end_matches(is_strip)
}

/// `s.lstrip(_STRIP)`.
#[inline]
pub fn lstrip(s: &str) -> &str {
    s.trim_start_matches(is_strip)
}

/// The first character (`s[:1]`), if any.
#[inline]
pub fn first(s: &str) -> Option<char> {
    s.chars().next()
}

/// The second character (`s[1:2]`), if any.
#[inline]
pub fn second(s: &str) -> Option<char> {
    let mut it = s.chars();
    it.next();
    it.next()
}

/// The last character (`s[-1:]`), if any.
#[inline]
pub fn last(s: &str) -> Option<char> {
    s.chars().next_back()
}

/// The character before the last (`s[-2:-1]`), if any.
#[inline]
pub fn second_last(s: &str) -> Option<char> {
    let mut it = s.chars();
    it.next_back();
    it.next_back()
}

/// Python `s[:1] in "..."` with a str on the right: the empty string is in
/// every string.
#[inline]
pub fn head_in_str(c: Option<char>, set: &str) -> bool {
    c.is_none_or(|c| set.contains(c))
}

/// Number of characters (Python `len`).
#[inline]
pub fn char_len(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    }
}

/// Does any byte of `b` satisfy `pred`?  Tested 32 bytes at a time without
/// an early exit inside a block, which the compiler turns into vector code
/// (one pass for several bytes, where `memchr` takes one pass each).
#[inline]
pub fn any_byte(b: &[u8], pred: impl Fn(u8) -> bool) -> bool {
    let mut chunks = b.chunks_exact(32);
    for chunk in chunks.by_ref() {
        let mut hit = false;
        for &c in chunk {
            hit |= pred(c);
        }
        if hit {
            return true;
        }
    }
    chunks.remainder().iter().any(|&c| pred(c))
}

/// The position of the first `x` in `b`: 16 bytes compared at a time into a
/// bit mask (vector code), for the short searches of a line split where
/// `memchr`'s setup costs more than the search.
#[inline]
pub fn find_byte(b: &[u8], x: u8) -> Option<usize> {
    let mut chunks = b.chunks_exact(16);
    let mut base = 0;
    for chunk in chunks.by_ref() {
        let mut mask = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            mask |= ((c == x) as u32) << i;
        }
        if mask != 0 {
            return Some(base + mask.trailing_zeros() as usize);
        }
        base += 16;
    }
    chunks.remainder().iter().position(|&c| c == x).map(|i| base + i)
}

/// `s.split('\n')` by [`find_byte`].
pub fn lines(s: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(s);
    std::iter::from_fn(move || {
        let cur = rest?;
        match find_byte(cur.as_bytes(), b'\n') {
            Some(j) => {
                rest = Some(&cur[j + 1..]);
                Some(&cur[..j])
            }
            None => {
                rest = None;
                Some(cur)
            }
        }
    })
}

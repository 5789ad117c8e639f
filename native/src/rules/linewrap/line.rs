//! The line model of `cleantext.linewrap`: a line's width in ems and the
//! evidence it carries (`Line`, `_parse_lines`, `line_width`).

use super::chars::*;
use super::special::{end_class, special, End};

/// One non-blank line of prose and the evidence it carries (`Line`).
#[derive(Clone, Copy, Debug)]
pub struct Line<'a> {
    pub content: &'a str,
    pub indented: bool,
    pub width: f64,
    pub stretched: bool,
    pub gap: usize,
    pub joinable: bool,
    pub hard_break: bool,
    pub end: End,
    pub marks: usize,
    pub chars: usize,
    pub slack: f64,
    pub blank: usize,
    pub overflow: bool,
    pub long_head: bool,
    pub para_indent: bool,
    /// bracket events (`touched | open << 16`, see [`scan`])
    pub brackets: u32,
}

/// What one pass over a line's characters counts.
#[derive(Default, Clone, Copy)]
pub struct Scan {
    /// characters
    pub n: usize,
    /// ASCII characters
    pub ascii: usize,
    /// ASCII spaces
    pub spaces: usize,
    /// the width in hundredths of an em (before indentation)
    pub hundredths: i64,
    /// a run of 12 printable ASCII characters or more
    pub long_token: bool,
    /// such a run starts at one of the first three characters
    pub long_head: bool,
    /// sentence marks (`_sentence_marks`)
    pub marks: usize,
    /// "、" and "："
    pub dun_colon: usize,
    /// bracket events (`touched | open << 16`)
    pub brackets: u32,
}

/// Is the character starting at byte `j` of `b` wide (`[\u2e80-\uffff]`)?
#[inline]
fn wide_at(b: &[u8], j: usize) -> bool {
    match b.get(j) {
        Some(&c) if (0xE3..=0xEF).contains(&c) => true,
        Some(&0xE2) => b.get(j + 1).is_some_and(|&d| d >= 0xBA),
        _ => false,
    }
}

/// Bracket events of a line, as `touched | open << 16` over the ten
/// openers of `_OPENERS` (bit i: opener i): the last bracket of each pair
/// in the line decides whether it is open (`Paragraph._track`).
#[inline]
fn open_pair(ev: &mut u32, i: u32) {
    *ev |= (1 << i) | (1 << (i + 16));
}

#[inline]
fn close_pairs(ev: &mut u32, mask: u32) {
    *ev |= mask;
    *ev &= !(mask << 16);
}

/// Width and counts of `content` (`line_width` and the counts of
/// `_parse_lines`), one pass over its bytes.  The width is exact in
/// hundredths: every term is a multiple of 0.05 em, so Python's
/// `round(width, 2)` is that multiple.
pub fn scan(content: &str) -> Scan {
    let b = content.as_bytes();
    let len = b.len();
    let mut n = 0usize;
    let mut ascii = 0usize;
    let mut quotes = 0i64;
    let mut digits = 0i64;
    let mut wide_punct = 0i64;
    let mut spaces = 0usize;
    let mut mixed = 0i64;
    let mut run = 0usize;
    let mut long_token = false;
    let mut long_head = false;
    let mut marks = 0usize;
    let mut dun_colon = 0usize;
    let mut brackets = 0u32;
    let (mut prev_wide, mut prev_alnum, mut prev_digit) = (false, false, false);
    let mut prev_han = false; // `is_han` of the character before

    let mut i = 0usize;
    while i < len {
        let c = b[i];
        if c < 0x80 {
            ascii += 1;
            if (b'!'..=b'~').contains(&c) {
                run += 1;
                if run >= 12 {
                    long_token = true;
                    if n + 1 - run <= 2 {
                        long_head = true;
                    }
                }
            } else {
                run = 0;
            }
            match c {
                b'0'..=b'9' => digits += 1,
                b',' | b';' | b':' | b'!' | b'?' | b'(' | b')' => {
                    if prev_wide || wide_at(b, i + 1) {
                        wide_punct += 1;
                    }
                    if c == b';'
                        || (c == b',' && !(prev_digit && b.get(i + 1).is_some_and(u8::is_ascii_digit)))
                        || (prev_han && matches!(c, b':' | b'!' | b'?'))
                    {
                        marks += 1;
                    }
                    if c == b'(' {
                        open_pair(&mut brackets, 1);
                    } else if c == b')' {
                        close_pairs(&mut brackets, 0b11);
                    }
                }
                b'.' if prev_han => marks += 1,
                b'[' => open_pair(&mut brackets, 9),
                b']' => close_pairs(&mut brackets, 0b11 << 8),
                b' ' => {
                    spaces += 1;
                    if (prev_wide && b.get(i + 1).is_some_and(u8::is_ascii_alphanumeric))
                        || (prev_alnum && wide_at(b, i + 1))
                    {
                        mixed += 1;
                    }
                }
                _ => {}
            }
            prev_wide = false;
            prev_han = false;
            prev_alnum = c.is_ascii_alphanumeric();
            prev_digit = c.is_ascii_digit();
            i += 1;
        } else {
            run = 0;
            prev_alnum = false;
            prev_digit = false;
            if c >= 0xF0 {
                prev_wide = false;
                let cp = ((c as u32 & 0x07) << 18)
                    | ((b[i + 1] as u32 & 0x3F) << 12)
                    | ((b[i + 2] as u32 & 0x3F) << 6)
                    | (b[i + 3] as u32 & 0x3F);
                prev_han = (0x20000..=0x3134F).contains(&cp);
                i += 4;
            } else if (0xE4..=0xE9).contains(&c) {
                // U+4000..U+9FFF (most Han characters): wide, nothing to count
                // (U+4DC0..U+4DFF, E4 B7 xx, are the Yijing hexagrams)
                prev_wide = true;
                prev_han = !(c == 0xE4 && b[i + 1] == 0xB7);
                i += 3;
            } else if c >= 0xE0 {
                let cp = ((c as u32 & 0x0F) << 12) | ((b[i + 1] as u32 & 0x3F) << 6) | (b[i + 2] as u32 & 0x3F);
                prev_wide = cp >= 0x2E80;
                prev_han = char::from_u32(cp).is_some_and(is_han);
                if (0x2018..=0x201D).contains(&cp) || (0x3001..=0x3015).contains(&cp) || (0xFF01..=0xFF3D).contains(&cp) {
                    match char::from_u32(cp).unwrap_or('\0') {
                        '“' => {
                            quotes += 1;
                            open_pair(&mut brackets, 2);
                        }
                        '”' => {
                            quotes += 1;
                            close_pairs(&mut brackets, 1 << 2);
                        }
                        '‘' | '’' => quotes += 1,
                        '，' | '。' | '；' | '？' | '！' => marks += 1,
                        '、' | '：' => {
                            marks += 1;
                            dun_colon += 1;
                        }
                        '（' => open_pair(&mut brackets, 0),
                        '）' => close_pairs(&mut brackets, 0b11),
                        '「' => open_pair(&mut brackets, 3),
                        '」' => close_pairs(&mut brackets, 1 << 3),
                        '『' => open_pair(&mut brackets, 4),
                        '』' => close_pairs(&mut brackets, 1 << 4),
                        '《' => open_pair(&mut brackets, 5),
                        '》' => close_pairs(&mut brackets, 1 << 5),
                        '【' => open_pair(&mut brackets, 6),
                        '】' => close_pairs(&mut brackets, 1 << 6),
                        '〔' => open_pair(&mut brackets, 7),
                        '〕' => close_pairs(&mut brackets, 1 << 7),
                        '［' => open_pair(&mut brackets, 8),
                        '］' => close_pairs(&mut brackets, 0b11 << 8),
                        _ => {}
                    }
                }
                i += 3;
            } else {
                prev_wide = false;
                prev_han = false;
                i += 2;
            }
        }
        n += 1;
    }
    let mut h = 100 * n as i64 - 50 * ascii as i64 - 50 * quotes;
    if ascii > 0 {
        h += 5 * digits + 50 * wide_punct - (50 * spaces as i64 - 25 * mixed);
    }
    Scan { n, ascii, spaces, hundredths: h, long_token, long_head, marks, dun_colon, brackets }
}

/// The width of a scanned line as the Python float.
#[inline]
pub fn width_of(h: i64) -> f64 {
    h as f64 / 100.0
}

/// `line_width`.
pub fn line_width(content: &str) -> f64 {
    width_of(scan(content).hundredths)
}

/// `head_width`: the width of the Latin word, number or URL `content`
/// starts with (`_RE_ASCII_HEAD`), 0 if it starts otherwise.
pub fn head_width(content: &str) -> f64 {
    let mut it = content.char_indices();
    match it.next() {
        Some((_, c)) if c.is_ascii_alphanumeric() => {}
        _ => return 0.0,
    }
    let mut end = content.len();
    let mut in_marks = false;
    for (i, c) in it {
        let ok = if !in_marks && is_printable_ascii(c) {
            true
        } else if matches!(c, '，' | '。' | '、' | '；' | '：' | '？' | '！' | '）' | '》' | '」' | '』' | '”' | '’' | '…') {
            in_marks = true;
            true
        } else {
            false
        };
        if !ok {
            end = i;
            break;
        }
    }
    line_width(&content[..end])
}

/// `tolerance`.
#[inline]
pub fn tolerance(width: f64) -> f64 {
    // (int() of a positive float: a cast truncates the same way)
    let t = ((0.12 * width + 0.5) as i64) as f64 / 2.0;
    if 1.0 >= t {
        1.0
    } else {
        t
    }
}

/// `_ends_long`: `content` ends with a long unbreakable token and the
/// marks after it.
pub fn ends_long(content: &str) -> bool {
    let tail = content.trim_end_matches([
        '，', '。', '、', '；', '：', '？', '！', '）', '》', '」', '』', '”', '’', '…', ',', '.', ';', ':', '!', '?', ')',
        ']',
    ]);
    let mut k = 0;
    for c in tail.chars().rev() {
        if !is_printable_ascii(c) {
            return false;
        }
        k += 1;
        if k == 12 {
            return true;
        }
    }
    false
}

/// `_parse_lines`: the evidence of each raw line (none blank), `gaps` the
/// blank lines before each that count as evidence, `blanks` all of them.
pub fn parse_lines<'a>(raws: &[&'a str], gaps: &[usize], blanks: &[usize]) -> Vec<Line<'a>> {
    let mut out = Vec::with_capacity(raws.len());
    for ((&raw, &gap), &blank) in raws.iter().zip(gaps).zip(blanks) {
        out.push(parse_line(raw, gap, blank));
    }
    out
}

/// `_parse_lines` of one line.
pub fn parse_line(raw: &str, gap: usize, blank: usize) -> Line<'_> {
    parse_line_scanned(raw, gap, blank, None)
}

/// [`parse_line`] with the scan of `raw` where it is at hand (used when
/// `raw` has nothing to strip).
pub fn parse_line_scanned(raw: &str, gap: usize, blank: usize, raw_scan: Option<Scan>) -> Line<'_> {
    let content = strip(raw);
    let sc = match raw_scan {
        Some(sc) if content.len() == raw.len() => sc,
        _ => scan(content),
    };
    let n = sc.n;
    let a = sc.ascii;
    let marks = sc.marks;
    let mut width = width_of(sc.hundredths);
    let (sp, slack, overflow, long_head) = if a > 0 {
        let sp = sc.spaces;
        let latin = a - sp;
        let slack = if latin > 0 {
            let s = latin as f64 / 10.0;
            if 1.5 <= s {
                1.5
            } else {
                s
            }
        } else {
            0.0
        };
        (sp, slack, sc.long_token, sc.long_token && sc.long_head)
    } else {
        (0, 0.0, false, false)
    };
    let mut indent = 0usize;
    let first_raw = first(raw);
    if first_raw.is_some_and(is_indent) {
        let (mut ideo, mut spc, mut tab) = (0usize, 0usize, 0usize);
        for c in raw.chars() {
            match c {
                '\u{3000}' => ideo += 1,
                ' ' => spc += 1,
                '\t' => tab += 1,
                _ => break,
            }
            indent += 1;
        }
        width += (ideo as f64 + 0.5 * spc as f64) + (2 * tab) as f64;
    }
    let end = end_class(content);
    let joinable = if marks > 0 && marks > sc.dun_colon {
        true
    } else {
        !special(content)
    };
    Line {
        content,
        indented: indent > 0,
        width,
        stretched: sp >= 3 && sp as f64 * 2.5 >= (n - sp) as f64,
        gap,
        joinable,
        hard_break: raw.ends_with("  "),
        end,
        marks,
        chars: n - sp,
        slack,
        blank,
        overflow,
        long_head,
        para_indent: indent > 0 && (indent > 1 || first_raw != Some(' ')),
        brackets: sc.brackets,
    }
}

/// `_parse_line(raw, gap)` where only what `strong_join` reads of the next
/// line counts (its content, whether it is joinable, and, for the tail of a
/// sentence, how it ends, its marks and characters: scanned only where it
/// ends a sentence).
pub fn next_line_for_strong_join(raw: &str, gap: usize) -> Line<'_> {
    let content = strip(raw);
    let end = end_class(content);
    let (marks, chars) = if end == End::Term {
        let sc = scan(content);
        (sc.marks, sc.n - sc.spaces)
    } else {
        (0, 0)
    };
    Line {
        content,
        indented: false,
        width: 0.0,
        stretched: false,
        gap,
        joinable: !special(content),
        hard_break: false,
        end,
        marks,
        chars,
        slack: 0.0,
        blank: gap,
        overflow: false,
        long_head: false,
        para_indent: false,
        brackets: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths() {
        assert_eq!(line_width("本报讯 近日， 市统计局通过“0578-"), 15.2);
        assert_eq!(line_width("发 展 到 1 亿 吨 ， 跨 入 世"), 10.05);
        assert_eq!(line_width("河流140 处，铁路16 处，大型公路86"), 16.35);
        assert_eq!(head_width("Crazy Union然后"), 2.5);
        assert_eq!(head_width("https://a.cn，功"), 7.0);
        assert_eq!(head_width("目标"), 0.0);
        assert_eq!((tolerance(9.0), tolerance(42.0)), (1.0, 2.5));
        assert!(ends_long("网址为https://www.it.org/they，"));
        assert!(!ends_long("https://a.cn/abcdef，效果"));
        for t in ["本报讯 近日，市统计局通过热线，开展调查。", "共有1,000名代表出席会议", ",1,a,", "a;b；c、d：e？！", ""] {
            assert_eq!(scan(t).marks, crate::rules::linewrap::special::sentence_marks(t), "{t}");
        }
    }
}

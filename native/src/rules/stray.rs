//! `stray-mark`: stray marks that the scan, the OCR engine or the page break
//! left in the text, ported from the Python module `cleantext.rules.stray`.
//!
//! The Python rule has two paths, kept here as they are: line by line when
//! the text has a fenced code block (`_fix_lines`), whole text otherwise
//! (`_drop_page_lines` and `_line_edits`), then the form feeds go
//! (`_remove_form_feeds`).  The in-line repairs (a bar alone in its line
//! between Han characters, two equal marks, a point before a percent sign)
//! never cross a line break, so both paths compute them line by line.  The
//! gate on `_QUICK` substrings is kept too: it decides (a page number at
//! the very top whose dash and digit are not within the first 200
//! characters is left alone).
//!
//! Nothing is left to Python: every input is handled.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

use super::{Options, RuleFn};

/// The rules of this family, by their registry names.
pub const RULES: &[(&str, RuleFn)] = &[("stray-mark", stray_mark)];

const SP: &str = "[ \\t\\x{3000}]*";
const DASHES: &str = "[-—–－─]";

static PAGE_NUMBER_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\A{SP}(?:{DASHES}{{1,2}}{SP}[0-9]{{1,4}}{SP}{DASHES}{{1,2}}|第{SP}[0-9]{{1,4}}{SP}页(?:{SP}[，,/／]?{SP}共{SP}[0-9]{{1,4}}{SP}页)?){SP}\z"
    ))
    .expect("page number pattern")
});
static BARE_NUMBER_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"\A{SP}[0-9]{{1,4}}{SP}\z")).expect("bare number pattern"));
static QUICK_PAGE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"\n{SP}{DASHES}{{1,2}}{SP}[0-9]")).expect("quick page pattern"));

const QUICK: &[&str] = &[
    "%", "％", "‰", "‱", "，，", "、、", "。。", "， ", "、 ", "。 ", "，\u{3000}", "、\u{3000}", "。\u{3000}", "|", "｜", "¦",
    "\u{c}", "页",
];

/// stray `_HAN`: U+3400..U+4DBF, U+4E00..U+9FFF, U+F900..U+FAFF, U+20000..U+3134F.
fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{20000}'..='\u{3134f}')
}

fn is_bar(c: char) -> bool {
    matches!(c, '|' | '｜' | '¦')
}

/// `_blank`: only spaces, tabs and ideographic spaces.
fn blank(line: &str) -> bool {
    line.chars().all(|c| matches!(c, ' ' | '\t' | '\u{3000}'))
}

fn trim_sp(line: &str) -> &str {
    line.trim_start_matches([' ', '\t', '\u{3000}'])
}

fn is_page_line(line: &str) -> bool {
    // past the blanks, every page-number line starts with a dash or 第
    trim_sp(line).starts_with(['-', '—', '–', '－', '─', '第']) && PAGE_NUMBER_LINE.is_match(line)
}

fn is_bare_line(line: &str) -> bool {
    trim_sp(line).starts_with(|c: char| c.is_ascii_digit()) && BARE_NUMBER_LINE.is_match(line)
}

/// `_next_to_form_feed`: is line `i` next to a page break (blank lines between)?
fn next_to_form_feed(lines: &[&str], i: usize) -> bool {
    let ff = |l: &str| l.contains('\u{c}');
    // backwards
    let mut j = i;
    while j > 0 && blank(lines[j - 1]) && !ff(lines[j - 1]) {
        j -= 1;
    }
    if j > 0 && ff(lines[j - 1]) {
        return true;
    }
    let mut j = i + 1;
    while j < lines.len() && blank(lines[j]) && !ff(lines[j]) {
        j += 1;
    }
    j < lines.len() && ff(lines[j])
}

/// An in-line repair: `line[start..end]` becomes `repl` (byte offsets).
struct Edit {
    start: usize,
    end: usize,
    repl: Option<char>,
}

/// The first byte offset from `from` where `pred(b0, b1, b2, b3)` holds for
/// the byte there and the three after it (0 past the end).  Blocks of 32
/// bytes are tested with branch-free predicates, which the compiler
/// vectorizes.
#[inline]
fn find4(b: &[u8], from: usize, pred: impl Fn(u8, u8, u8, u8) -> bool) -> Option<usize> {
    const BLOCK: usize = 32;
    let mut i = from;
    loop {
        while i + BLOCK + 3 <= b.len() {
            let w = &b[i..i + BLOCK + 3];
            let mut any = false;
            for j in 0..BLOCK {
                any |= pred(w[j], w[j + 1], w[j + 2], w[j + 3]);
            }
            if any {
                break;
            }
            i += BLOCK;
        }
        let at = |k: usize| b.get(k).copied().unwrap_or(0);
        // the hit within this block (or the tail)
        let stop = (i + BLOCK).min(b.len());
        if let Some(k) = (i..stop).find(|&k| pred(b[k], at(k + 1), at(k + 2), at(k + 3))) {
            return Some(k);
        }
        if stop == b.len() {
            return None;
        }
        i = stop;
    }
}

/// Where an in-line repair may be: a bar (`|`, `｜` EF BD 9C, `¦` C2 A6), a
/// point (`.`, `．` EF BC 8E), a mark (`，` EF BC 8C, `、` E3 80 81, `。`
/// E3 80 82) followed by a space or a character that may be `　` or a mark
/// (lead byte E3 or EF): where a chain of two marks or more starts.
#[inline]
fn candidate(b0: u8, b1: u8, b2: u8, b3: u8) -> bool {
    let mark = ((b0 == 0xEF) & (b1 == 0xBC) & (b2 == 0x8C)) | ((b0 == 0xE3) & (b1 == 0x80) & ((b2 == 0x81) | (b2 == 0x82)));
    (b0 == b'|')
        | (b0 == b'.')
        | ((b0 == 0xC2) & (b1 == 0xA6))
        | ((b0 == 0xEF) & (((b1 == 0xBD) & (b2 == 0x9C)) | ((b1 == 0xBC) & (b2 == 0x8E))))
        | (mark & ((b3 == b' ') | (b3 == 0xE3) | (b3 == 0xEF)))
}

/// The mark (，、。) at byte `k` of `line`, if one.
#[inline]
fn mark_at(line: &str, k: usize) -> Option<char> {
    let b = line.as_bytes();
    match (b.get(k), b.get(k + 1), b.get(k + 2)) {
        (Some(0xEF), Some(0xBC), Some(0x8C)) => Some('，'),
        (Some(0xE3), Some(0x80), Some(0x81)) => Some('、'),
        (Some(0xE3), Some(0x80), Some(0x82)) => Some('。'),
        _ => None,
    }
}

/// `_line_edits` on one line: a bar alone in its line between Han
/// characters, a chain of exactly two equal marks (spaces between them
/// allowed), a point between a digit and a percent sign.  In order.
/// Read on the bytes: only the candidates are decoded.  `None` where
/// fake-bold leaves the line to Python (`bar_may_go`).
fn line_edits(line: &str, out: &mut Vec<Edit>) -> Option<()> {
    let first = out.len();
    let b = line.as_bytes();
    let mut bars = 0;
    let mut bar_at: Option<(usize, usize)> = None; // (start, end)
    let mut k = 0;
    while let Some(i) = find4(b, k, candidate) {
        let c = line[i..].chars().next().unwrap_or('\0');
        let len = c.len_utf8();
        if is_bar(c) {
            bars += 1;
            bar_at = Some((i, i + len));
            k = i + len;
        } else if c == '.' || c == '．' {
            // a digit right before (an ASCII byte is a whole character)
            if i > 0 && b[i - 1].is_ascii_digit() {
                if let Some(n) = line[i + len..].chars().next() {
                    if matches!(n, '%' | '％' | '‰' | '‱') {
                        out.push(Edit { start: i, end: i + len, repl: None });
                    }
                }
            }
            k = i + len;
        } else {
            // a chain: mark ([ 　]* mark)*, taken whole
            let mut count = 1;
            let mut same = true;
            let mut end = i + 3;
            let mut q = end;
            loop {
                while q < b.len() && (b[q] == b' ' || (b[q] == 0xE3 && line[q..].starts_with('\u{3000}'))) {
                    q += if b[q] == b' ' { 1 } else { 3 };
                }
                match mark_at(line, q) {
                    Some(m) => {
                        count += 1;
                        same &= m == c;
                        q += 3;
                        end = q;
                    }
                    None => break,
                }
            }
            if count == 2 && same {
                out.push(Edit { start: i, end, repl: Some(c) });
            }
            k = end;
        }
    }
    if bars == 1 {
        if let Some((i, e)) = bar_at {
            let p = line[..i].chars().next_back();
            let n = line[e..].chars().next();
            if p.is_some_and(is_han) && n.is_some_and(is_han) && bar_may_go(line, i, e)? {
                out.push(Edit { start: i, end: e, repl: None });
            }
        }
    }
    out[first..].sort_by_key(|e| e.start);
    Some(())
}

/// `_bar_may_go`: not where the line without the bar reads as fake bold
/// ("是是｜的的"): fake-bold judged the line with the bar in it, and its next
/// run would collapse the line.
fn bar_may_go(line: &str, start: usize, end: usize) -> Option<bool> {
    let joined = [&line[..start], &line[end..]].concat();
    let collapsed = crate::rules::doubling::collapse_fake_bold(&joined, &Options::default())?;
    Some(collapsed == joined.as_str())
}

fn apply_line(line: &str, edits: &[Edit], out: &mut String) {
    let mut last = 0;
    for e in edits {
        out.push_str(&line[last..e.start]);
        if let Some(c) = e.repl {
            out.push(c);
        }
        last = e.end;
    }
    out.push_str(&line[last..]);
}

/// `_FENCE`: `^ {0,3}(```|~~~)`, the fence string.
fn fence_of(line: &str) -> Option<&'static str> {
    let spaces = line.bytes().take_while(|&b| b == b' ').count().min(3);
    let rest = &line[spaces..];
    if rest.starts_with("```") {
        Some("```")
    } else if rest.starts_with("~~~") {
        Some("~~~")
    } else {
        None
    }
}

fn stray_mark<'a>(text: &'a str, _options: &Options) -> Option<Cow<'a, str>> {
    remove_stray_marks(text)
}

/// `None` where fake-bold, asked about a bar, leaves the text to Python.
pub(crate) fn remove_stray_marks(text: &str) -> Option<Cow<'_, str>> {
    let has_ff = text.contains('\u{c}');
    let lines: Vec<&str> = text.split('\n').collect();
    let pages: Vec<usize> = (0..lines.len())
        .filter(|&i| is_page_line(lines[i]) || (has_ff && is_bare_line(lines[i])))
        .collect();
    let mut scratch = Vec::new();
    let mut has_edits = false;
    for line in &lines {
        line_edits(line, &mut scratch)?;
        if !scratch.is_empty() {
            has_edits = true;
            break;
        }
    }
    if !(!pages.is_empty() || has_edits || has_ff) {
        return Some(Cow::Borrowed(text));
    }
    // The gate on _QUICK substrings: every in-line repair and every form feed
    // holds one of them, so it can only close on page-number lines alone.
    let head_end = text.char_indices().nth(200).map_or(text.len(), |(i, _)| i);
    if !(has_edits
        || has_ff
        || QUICK.iter().any(|q| text.contains(q))
        || QUICK_PAGE.is_match(&format!("\n{}", &text[..head_end]))
        || QUICK_PAGE.is_match(text))
    {
        return Some(Cow::Borrowed(text));
    }
    let fenced = (text.contains('`') || text.contains('~')) && lines.iter().any(|l| fence_of(l).is_some());
    let new = if fenced { fix_lines(&lines)? } else { drop_and_edit(&lines, &pages)? };
    let new = if new.contains('\u{c}') { remove_form_feeds(&new) } else { new };
    Some(if new == text { Cow::Borrowed(text) } else { Cow::Owned(new) })
}

/// `_fix_lines`: line by line, fenced code left alone.
fn fix_lines(lines: &[&str]) -> Option<String> {
    let mut out: Vec<Cow<'_, str>> = Vec::with_capacity(lines.len());
    let mut fence: Option<&str> = None;
    let mut dropped = false;
    let mut edits = Vec::new();
    for (i, &line) in lines.iter().enumerate() {
        let m = fence_of(line);
        if fence.is_some() || m.is_some() {
            if fence.is_none() {
                fence = m;
            } else if m.is_some() && m == fence {
                fence = None;
            }
            out.push(Cow::Borrowed(line));
            dropped = false;
            continue;
        }
        if dropped && blank(line) && out.last().is_none_or(|l| blank(l)) {
            continue;
        }
        dropped = false;
        if is_page_line(line) || (is_bare_line(line) && next_to_form_feed(lines, i)) {
            dropped = true;
            continue;
        }
        edits.clear();
        line_edits(line, &mut edits)?;
        if edits.is_empty() {
            out.push(Cow::Borrowed(line));
        } else {
            let mut s = String::with_capacity(line.len());
            apply_line(line, &edits, &mut s);
            out.push(Cow::Owned(s));
        }
    }
    Some(out.join("\n"))
}

/// `_drop_page_lines`, then the in-line edits of the lines kept.
fn drop_and_edit(lines: &[&str], candidates: &[usize]) -> Option<String> {
    // removed line -> the last line kept before it (None: none)
    let mut removed: Vec<Option<Option<usize>>> = vec![None; lines.len()];
    let mut after = 0;
    for &i in candidates {
        if i < after {
            continue;
        }
        let line = lines[i];
        if !(is_page_line(line) || (is_bare_line(line) && next_to_form_feed(lines, i))) {
            continue;
        }
        let kept: Option<usize> = if i == 0 {
            None
        } else {
            match removed[i - 1] {
                Some(k) => k,
                None => Some(i - 1),
            }
        };
        removed[i] = Some(kept);
        after = i + 1;
        if kept.is_none_or(|k| blank(lines[k])) {
            while after < lines.len() && blank(lines[after]) {
                removed[after] = Some(kept);
                after += 1;
            }
        }
    }
    let total: usize = lines.iter().map(|l| l.len() + 1).sum();
    let mut out = String::with_capacity(total);
    let mut edits = Vec::new();
    let mut first = true;
    for (i, line) in lines.iter().enumerate() {
        if removed[i].is_some() {
            continue;
        }
        if !first {
            out.push('\n');
        }
        first = false;
        edits.clear();
        line_edits(line, &mut edits)?;
        apply_line(line, &edits, &mut out);
    }
    Some(out)
}

fn skip(s: &str, mut p: usize, also_ff: bool) -> usize {
    let b = s.as_bytes();
    while p < b.len() {
        match b[p] {
            b' ' | b'\t' => p += 1,
            0x0C if also_ff => p += 1,
            0xE3 if s[p..].starts_with('\u{3000}') => p += 3,
            _ => break,
        }
    }
    p
}

fn char_len_at(s: &str, p: usize) -> usize {
    s[p..].chars().next().map_or(1, char::len_utf8)
}

/// `_remove_form_feeds`.
fn remove_form_feeds(text: &str) -> String {
    // _FF_LINE: \n?[ \t\u3000]*\f[ \t\u3000\f]*(?=\n|$), removed
    let s = text;
    let b = s.as_bytes();
    let n = b.len();
    let mut out = String::with_capacity(n);
    let mut last = 0;
    let mut p = 0;
    while p < n {
        let q = if b[p] == b'\n' { p + 1 } else { p };
        let r = skip(s, q, false);
        if r < n && b[r] == 0x0C {
            let e = skip(s, r + 1, true);
            if e == n || b[e] == b'\n' {
                out.push_str(&s[last..p]);
                last = e;
                p = e;
                continue;
            }
            p = e;
            continue;
        }
        p = if r > p { r } else { p + char_len_at(s, p) };
    }
    out.push_str(&s[last..]);
    let mut text = out;
    if text.contains('\u{c}') {
        // _FF: [ \t\u3000]*\f+[ \t\u3000]*, "" at a line start or end, else "\n"
        let s = text.as_str();
        let b = s.as_bytes();
        let n = b.len();
        let mut out = String::with_capacity(n);
        let mut last = 0;
        let mut p = 0;
        while p < n {
            let r = skip(s, p, false);
            if r < n && b[r] == 0x0C {
                let mut f = r;
                while f < n && b[f] == 0x0C {
                    f += 1;
                }
                let e = skip(s, f, false);
                let at_start = p == 0 || b[p - 1] == b'\n';
                let at_end = e == n || b[e] == b'\n';
                out.push_str(&s[last..p]);
                if !(at_start || at_end) {
                    out.push('\n');
                }
                last = e;
                p = e;
                continue;
            }
            p = if r > p { r } else { p + char_len_at(s, p) };
        }
        out.push_str(&s[last..]);
        text = out;
    }
    if text.ends_with("\n\n") {
        let trimmed = text.trim_end_matches('\n').len();
        text.truncate(trimmed);
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(s: &str) -> String {
        remove_stray_marks(s).map(Cow::into_owned).unwrap_or_default()
    }

    #[test]
    fn repairs() {
        assert_eq!(fix("占 96.2.%。"), "占 96.2%。");
        assert_eq!(fix("据统计，，全市共有、、四个。。"), "据统计，全市共有、四个。");
        assert_eq!(fix("省及地市报刊|刊登达标排放"), "省及地市报刊刊登达标排放");
        assert_eq!(fix("第一页的文字。\n\n- 3 -\n\u{c}第二页的文字。\n"), "第一页的文字。\n\n第二页的文字。\n");
    }

    #[test]
    fn keeps() {
        for s in ["增长96.2%，他说……好——对。。。|姓名|年龄|", "第三版\n\n3\n\n2018", "", "```\n，，\n```"] {
            assert!(matches!(remove_stray_marks(s), Some(Cow::Borrowed(_))), "{s}");
        }
    }
}

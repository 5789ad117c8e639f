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

fn is_mark(c: char) -> bool {
    matches!(c, '，' | '、' | '。')
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

/// `_line_edits` on one line: a bar alone in its line between Han
/// characters, a chain of exactly two equal marks (spaces between them
/// allowed), a point between a digit and a percent sign.  In order.
fn line_edits(line: &str, out: &mut Vec<Edit>) {
    let first = out.len();
    // quick: the characters every repair needs
    if !line.bytes().any(|b| matches!(b, b'|' | b'.' | 0xC2 | 0xE3 | 0xEF)) {
        return;
    }
    let mut bars = 0;
    let mut bar_at = None;
    let mut prev: Option<char> = None;
    let mut iter = line.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if is_bar(c) {
            bars += 1;
            bar_at = Some((i, c, prev, iter.peek().map(|&(_, n)| n)));
        } else if (c == '.' || c == '．') && prev.is_some_and(|p| p.is_ascii_digit()) {
            if let Some(&(_, n)) = iter.peek() {
                if matches!(n, '%' | '％' | '‰' | '‱') {
                    out.push(Edit { start: i, end: i + c.len_utf8(), repl: None });
                }
            }
        } else if is_mark(c) {
            // a chain: mark ([ 　]* mark)*, taken whole
            let mut count = 1;
            let mut same = true;
            let mut end = i + c.len_utf8();
            let rest = &line[end..];
            let mut k = 0;
            let bytes = rest.as_bytes();
            loop {
                let mut q = k;
                while q < bytes.len() {
                    if bytes[q] == b' ' {
                        q += 1;
                    } else if rest[q..].starts_with('\u{3000}') {
                        q += 3;
                    } else {
                        break;
                    }
                }
                match rest[q..].chars().next() {
                    Some(m) if is_mark(m) => {
                        count += 1;
                        same &= m == c;
                        k = q + m.len_utf8();
                    }
                    _ => break,
                }
            }
            end += k;
            if count == 2 && same {
                out.push(Edit { start: i, end, repl: Some(c) });
            }
            // go on after the chain (its last character is a mark)
            while let Some(&(j, _)) = iter.peek() {
                if j >= end {
                    break;
                }
                iter.next();
            }
            prev = line[..end].chars().next_back();
            continue;
        }
        prev = Some(c);
    }
    if bars == 1 {
        if let Some((i, c, Some(p), Some(n))) = bar_at {
            if is_han(p) && is_han(n) {
                out.push(Edit { start: i, end: i + c.len_utf8(), repl: None });
            }
        }
    }
    out[first..].sort_by_key(|e| e.start);
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
    Some(remove_stray_marks(text))
}

pub(crate) fn remove_stray_marks(text: &str) -> Cow<'_, str> {
    let has_ff = text.contains('\u{c}');
    let lines: Vec<&str> = text.split('\n').collect();
    let pages: Vec<usize> = (0..lines.len())
        .filter(|&i| is_page_line(lines[i]) || (has_ff && is_bare_line(lines[i])))
        .collect();
    let mut scratch = Vec::new();
    let mut has_edits = false;
    for line in &lines {
        line_edits(line, &mut scratch);
        if !scratch.is_empty() {
            has_edits = true;
            break;
        }
    }
    if !(!pages.is_empty() || has_edits || has_ff) {
        return Cow::Borrowed(text);
    }
    let head_end = text.char_indices().nth(200).map_or(text.len(), |(i, _)| i);
    if !(QUICK.iter().any(|q| text.contains(q))
        || QUICK_PAGE.is_match(&format!("\n{}", &text[..head_end]))
        || QUICK_PAGE.is_match(text))
    {
        return Cow::Borrowed(text);
    }
    let fenced = (text.contains('`') || text.contains('~')) && lines.iter().any(|l| fence_of(l).is_some());
    let new = if fenced { fix_lines(&lines) } else { drop_and_edit(&lines, &pages) };
    let new = if new.contains('\u{c}') { remove_form_feeds(&new) } else { new };
    if new == text {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(new)
    }
}

/// `_fix_lines`: line by line, fenced code left alone.
fn fix_lines(lines: &[&str]) -> String {
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
        line_edits(line, &mut edits);
        if edits.is_empty() {
            out.push(Cow::Borrowed(line));
        } else {
            let mut s = String::with_capacity(line.len());
            apply_line(line, &edits, &mut s);
            out.push(Cow::Owned(s));
        }
    }
    out.join("\n")
}

/// `_drop_page_lines`, then the in-line edits of the lines kept.
fn drop_and_edit(lines: &[&str], candidates: &[usize]) -> String {
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
        line_edits(line, &mut edits);
        apply_line(line, &edits, &mut out);
    }
    out
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
        remove_stray_marks(s).into_owned()
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
            assert!(matches!(remove_stray_marks(s), Cow::Borrowed(_)), "{s}");
        }
    }
}

//! The join judgement of `cleantext.linewrap`: a paragraph being assembled
//! (`Paragraph`), how two pieces join (`join_pair`), the word evidence
//! (wordfreq tables), and the decisions (`strong_join`, `should_join`).

use std::cell::Cell;
use std::sync::Arc;

use crate::tables::{self, WeightTable};

use super::chars::*;
use super::line::{ends_long, head_width, tolerance, Line};
use super::special::{ends_with_credit, looks_like_byline, special, End};

/// The weight table of Chinese words (`linewrap._zh_words()`).
pub const ZH_WORDS: &str = "linewrap.zh_words";
/// The weight table of English words (`linewrap._en_words()`).
pub const EN_WORDS: &str = "linewrap.en_words";

/// `_MIN_WORD_FREQ`.
const MIN_WORD_FREQ: f64 = 1e-7;

/// The word tables of one call, fetched when first needed; `missing` is
/// set where one was needed and not handed over (the call then defers to
/// Python).
pub struct Cx {
    zh: Option<Option<Arc<WeightTable>>>,
    en: Option<Option<Arc<WeightTable>>>,
    pub missing: Cell<bool>,
    key: String,
}

impl Cx {
    pub fn new() -> Self {
        Cx { zh: None, en: None, missing: Cell::new(false), key: String::new() }
    }

    fn table(slot: &mut Option<Option<Arc<WeightTable>>>, name: &str) -> Option<Arc<WeightTable>> {
        slot.get_or_insert_with(|| tables::get_weights(name)).clone()
    }
}

/// `word_spans`: does a Chinese word of the wordfreq list span the break?
pub fn word_spans(left: &str, right: &str, cx: &mut Cx) -> bool {
    let a: Vec<char> = {
        let mut v: Vec<char> = rstrip(left).chars().rev().take(3).collect();
        v.reverse();
        v
    };
    let b: Vec<char> = lstrip(right).chars().take(3).collect();
    if a.is_empty() || b.is_empty() || !is_han(a[a.len() - 1]) || !is_han(b[0]) {
        return false;
    }
    let Some(words) = Cx::table(&mut cx.zh, ZH_WORDS) else {
        cx.missing.set(true);
        return false;
    };
    for i in 1..=a.len() {
        if !is_han(a[a.len() - i]) {
            break;
        }
        for j in 1..=b.len() {
            if !is_han(b[j - 1]) {
                break;
            }
            cx.key.clear();
            cx.key.extend(&a[a.len() - i..]);
            cx.key.extend(&b[..j]);
            if let Some(&f) = words.get(cx.key.as_str()) {
                if f >= MIN_WORD_FREQ {
                    return true;
                }
            }
        }
    }
    false
}

/// `rejoin_hyphenated`: the joined word, or None to keep the hyphen.
fn rejoin_hyphenated(left: &str, right: &str, cx: &mut Cx) -> Option<String> {
    let Some(words) = Cx::table(&mut cx.en, EN_WORDS) else {
        cx.missing.set(true);
        return None;
    };
    let joined = format!("{left}{right}").to_ascii_lowercase();
    let f = *words.get(joined.as_str())?;
    if f < MIN_WORD_FREQ {
        return None;
    }
    let fa = words.get(left.to_ascii_lowercase().as_str()).copied().unwrap_or(0.0);
    let fb = words.get(right.to_ascii_lowercase().as_str()).copied().unwrap_or(0.0);
    if fa != 0.0 && fb != 0.0 && f < 0.01 * if fb < fa { fb } else { fa } {
        return None;
    }
    Some(format!("{left}{right}"))
}

/// `_MAX_FRAGMENT_FREQ`: a broken word's tail is never a common word.
const MAX_FRAGMENT_FREQ: f64 = 1e-5;
/// `_MIN_JOINED_FREQ`: the joined word is a word of everyday English.
const MIN_JOINED_FREQ: f64 = 1e-6;

/// `rejoin_broken`: is `left` + `right` an English word a line end broke
/// without a hyphen?  (The joined word common, the tail no common word and
/// rarer than the whole.)
fn rejoin_broken(left: &str, right: &str, cx: &mut Cx) -> bool {
    let Some(words) = Cx::table(&mut cx.en, EN_WORDS) else {
        cx.missing.set(true);
        return false;
    };
    let joined = format!("{left}{right}").to_ascii_lowercase();
    let f = words.get(joined.as_str()).copied().unwrap_or(0.0);
    if f < MIN_JOINED_FREQ {
        return false;
    }
    let fb = words.get(right).copied().unwrap_or(0.0);
    fb < MAX_FRAGMENT_FREQ && fb < f
}

/// `join_pair`, in place: `out` is the left piece.
pub fn join_pair(out: &mut String, right: &str, cx: &mut Cx) {
    let l = rstrip(out).len();
    out.truncate(l);
    let right = lstrip(right);
    let (Some(a), Some(b)) = (last(out), first(right)) else {
        out.push_str(right);
        return;
    };
    if !is_latin_or_digit(b) {
        out.push_str(right);
        return;
    }
    if a == '-' {
        let body = &out[..out.len() - 1];
        let word = body.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let m_start = word.len();
        let h_end = right.len() - right.trim_start_matches(|c: char| c.is_ascii_lowercase()).len();
        if m_start < body.len() && h_end > 0 {
            let w = out[m_start..out.len() - 1].to_owned();
            if let Some(joined) = rejoin_hyphenated(&w, &right[..h_end], cx) {
                out.truncate(m_start);
                out.push_str(&joined);
                out.push_str(&right[h_end..]);
                return;
            }
        }
        out.push_str(right);
        return;
    }
    if a.is_ascii_digit() && b.is_ascii_digit() {
        out.push_str(right);
        return;
    }
    if b.is_ascii_lowercase() && a.is_ascii_alphabetic() {
        // a word broken at the line end without a hyphen ("develop" "ment")
        let start = out.trim_end_matches(|c: char| c.is_ascii_alphabetic()).len();
        let h_end = right.len() - right.trim_start_matches(|c: char| c.is_ascii_lowercase()).len();
        let l = out[start..].to_owned();
        if rejoin_broken(&l, &right[..h_end], cx) {
            out.push_str(right);
            return;
        }
    }
    if is_latin_or_digit(a) || matches!(a, '.' | ',' | ';' | ':' | '!' | '?' | '%' | ')' | ']' | '}' | '\'' | '"') {
        out.push(' ');
    }
    out.push_str(right);
}

/// A paragraph being assembled (`Paragraph`).
pub struct Paragraph<'a> {
    pub pieces: Vec<&'a str>,
    pub last: Line<'a>,
    pub chars: usize,
    pub marks: usize,
    open: u32,
    special: Option<bool>,
    pub first_indented: bool,
}

impl<'a> Paragraph<'a> {
    pub fn new(line: Line<'a>) -> Self {
        let mut p = Paragraph {
            pieces: vec![line.content],
            last: line,
            chars: line.chars,
            marks: line.marks,
            open: 0,
            special: Some(!line.joinable),
            first_indented: line.para_indent,
        };
        p.track(line.brackets);
        p
    }

    /// `_track`: the last bracket of each pair in a line decides whether
    /// it is open (the line's bracket events, from its scan).
    fn track(&mut self, events: u32) {
        let touched = events & 0xFFFF;
        self.open = (self.open & !touched) | ((events >> 16) & touched);
    }

    pub fn add(&mut self, line: Line<'a>) {
        self.pieces.push(line.content);
        self.last = line;
        self.chars += line.chars;
        self.marks += line.marks;
        self.special = None;
        self.track(line.brackets);
    }

    pub fn starts(&self) -> bool {
        self.pieces.len() == 1
    }

    pub fn unclosed(&self) -> bool {
        self.open != 0
    }

    pub fn special(&mut self, cx: &mut Cx) -> bool {
        if let Some(s) = self.special {
            return s;
        }
        let s = self.chars <= 40 && special(&self.text(cx));
        self.special = Some(s);
        s
    }

    pub fn text(&self, cx: &mut Cx) -> String {
        let mut out = String::with_capacity(self.pieces.iter().map(|p| p.len() + 1).sum());
        out.push_str(self.pieces[0]);
        for piece in &self.pieces[1..] {
            join_pair(&mut out, piece, cx);
        }
        out
    }
}

/// `strong_join`: is the break after `paragraph` inside a sentence beyond
/// doubt?
pub fn strong_join(paragraph: &mut Paragraph<'_>, nxt: &Line<'_>, cx: &mut Cx) -> bool {
    if !nxt.joinable {
        return false;
    }
    let last_content = paragraph.last.content;
    if nxt.content.starts_with(last_content) {
        return false; // (a line said again: see should_join)
    }
    let Some(end) = last(last_content) else { return false };
    let head = first(nxt.content);
    if end == '-' && second_last(last_content).is_some_and(is_latin_or_digit) && head.is_some_and(is_latin_or_digit) {
        return true; // a number or a word broken after its hyphen ("0578-" + "12340")
    }
    // (a straight quote opens a quotation too: quote-pair curls it later)
    if !(head.is_some_and(is_han) || head_in_str(head, "“‘「『《（(0123456789\"")) {
        return false;
    }
    if matches!(end, '，' | '、' | ',') {
        return !paragraph.special(cx);
    }
    if !is_han(end) || paragraph.special(cx) {
        return false;
    }
    if paragraph.unclosed() && paragraph.marks > 0 {
        return true;
    }
    if paragraph.marks == 0 {
        return false;
    }
    if sentence_tail(nxt) && !looks_like_byline(last_clause(last_content)) {
        // body text that stops on a character, then the short last clause
        // of its sentence
        return true;
    }
    if matches!(end, '的' | '被' | '之') && paragraph.chars >= 16 {
        // `_BINDS_NEXT`: a particle that never ends a clause: 在被 + 问及时
        return true;
    }
    if paragraph.chars < 16 {
        return false;
    }
    if paragraph.chars >= 40 && paragraph.marks >= 2 {
        return true;
    }
    word_spans(last_content, nxt.content, cx)
}

/// `_TAIL_CHARS`: the longest clause taken for the tail of a sentence.
const TAIL_CHARS: usize = 12;

/// `_sentence_tail`: `line` is the short last clause of a sentence.
fn sentence_tail(line: &Line<'_>) -> bool {
    line.end == End::Term && line.marks == 1 && line.chars <= TAIL_CHARS && first(line.content).is_some_and(is_han)
}

/// `_RE_LAST_CLAUSE`: what follows the last sentence mark of `s`.
fn last_clause(s: &str) -> &str {
    match s.rfind(['，', '。', '、', '；', '：', '？', '！', ',', ';', ':', '?', '!']) {
        Some(k) => {
            let c = s[k..].chars().next().map_or(1, char::len_utf8);
            &s[k + c..]
        }
        None => s,
    }
}

/// `_ends_after_stop`: `content` goes on after a "。" inside it, with words
/// that are not a photo credit or byline.
fn ends_after_stop(content: &str) -> bool {
    let Some(k) = content.rfind('。') else { return false };
    let rest = &content[k + '。'.len_utf8()..];
    if rest.is_empty() {
        return false;
    }
    // the closers after it, all but a last character
    let mut tail = rest;
    loop {
        let mut it = tail.chars();
        match it.next() {
            Some(c) if matches!(c, '”' | '’' | '」' | '』' | '）' | ')') && !it.as_str().is_empty() => {
                tail = it.as_str();
            }
            _ => break,
        }
    }
    !looks_like_byline(tail)
}

#[inline]
fn tol_of(measure: f64) -> f64 {
    tolerance(measure)
}

/// `_RE_CLOSES_FIRST`: the first quote or bracket of `content` closes one.
fn closes_first(content: &str) -> bool {
    for c in content.chars() {
        if "“‘「『《（(".contains(c) {
            return false;
        }
        if "”’」』》）)".contains(c) {
            return true;
        }
    }
    false
}

/// `_ROW_CELL`: the most characters a cell of a table-like row holds.
const ROW_CELL: usize = 8;

#[inline]
fn is_figure(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// `_LEADER`: seven points, more than punct-width takes for an ellipsis.
const LEADER: &str = ".......";

/// `_toc_entry`: does `content` end as an entry of a table of contents (a
/// leader, then a page number of one to four digits; or a leader longer
/// than any ellipsis)?
fn toc_entry(content: &str) -> bool {
    let body = content.trim_end_matches(|c: char| c.is_ascii_digit());
    if body.len() == content.len() {
        return body.ends_with(LEADER);
    }
    if content.len() - body.len() > 4 {
        return false;
    }
    let body = body.trim_end_matches(' ');
    body.ends_with("...") || body.ends_with("\u{b7}\u{b7}\u{b7}") || body.ends_with("\u{2026}\u{2026}")
}

/// `_row_cells`: how many cells `line` has as a row of a table-like run of
/// short lines (0: no such row).
fn row_cells(line: &Line<'_>) -> usize {
    if line.marks > 0 || !line.content.chars().any(is_figure) {
        return 0;
    }
    let cells: Vec<&str> = line.content.split(is_py_space).filter(|c| !c.is_empty()).collect();
    let n = cells.len();
    if !(2..=8).contains(&n) || cells.iter().any(|c| char_len(c) > ROW_CELL) {
        return 0;
    }
    let bare = |c: &str| {
        let mut it = c.chars();
        it.next().is_some_and(is_figure) && it.all(|d| is_figure(d) || matches!(d, '.' | ',' | '，' | '．'))
    };
    if cells[1..n - 1].iter().any(|c| bare(c)) {
        return 0;
    }
    if cells.windows(2).any(|w| last(w[0]).is_some_and(is_figure) && first(w[1]).is_some_and(is_han)) {
        return 0;
    }
    n
}

/// `_went_down`: how much narrower than the column the line before `line`
/// may be because of what `line` starts with.
fn went_down(line: &Line<'_>) -> f64 {
    let c0 = first(line.content);
    if c0.is_some_and(is_latin_or_digit) {
        return head_width(line.content);
    }
    if c0.is_some_and(is_opening) || second(line.content).is_some_and(is_no_line_start) {
        return 1.0;
    }
    0.0
}

/// `_sticks_out`: `line` ends with a URL or an e-mail address too long to
/// break (its width says nothing).
fn sticks_out(line: &Line<'_>) -> bool {
    line.overflow && ends_long(line.content)
}

/// `_salutation_shaped`: the only mark of `line` is the colon that ends it.
fn salutation_shaped(line: &Line<'_>) -> bool {
    line.end == End::Colon && line.marks == 1
}

/// `_stands_alone`: `line` is a headline or a salutation after a sentence
/// that ends, with nothing after it that could finish a paragraph.
fn stands_alone(line: &Line<'_>, after: Option<&Line<'_>>, after_last: bool) -> bool {
    let alone = |headline: bool| match after {
        None => true,
        Some(a) => a.indented || !a.joinable || (headline && salutation_shaped(a) && after_last),
    };
    if line.marks == 0 && line.end == End::Word {
        return alone(true);
    }
    if salutation_shaped(line) {
        return alone(false);
    }
    false
}

/// `_body_next`: `line` is body text.
fn body_next(line: &Line<'_>, after: Option<&Line<'_>>, after_body: bool) -> bool {
    line.end == End::Term
        || line.marks > usize::from(line.end == End::Colon)
        || runs_into_body(line, after, after_body)
}

/// `_runs_into_body`: `line` runs on into `after`, a line of body text
/// without an indent (or one that runs on into such a line: `after_body`).
pub fn runs_into_body(line: &Line<'_>, after: Option<&Line<'_>>, after_body: bool) -> bool {
    matches!(line.end, End::Word | End::Open)
        && after.is_some_and(|a| {
            a.joinable
                && !a.indented
                && (a.blank == 0 || a.gap == 0)
                && (a.marks > usize::from(a.end == End::Colon) || after_body)
        })
}

/// `_runs_on_into_body`: for each line, `runs_into_body` of it and the next.
pub fn runs_on_into_body(lines: &[Line<'_>]) -> Vec<bool> {
    let n = lines.len();
    (0..n).map(|k| k + 1 < n && runs_into_body(&lines[k], Some(&lines[k + 1]), false)).collect()
}

/// `should_join`: should the break between `prev` and `nxt` be joined?
#[allow(clippy::too_many_arguments)]
pub fn should_join(
    prev: &Line<'_>,
    nxt: &Line<'_>,
    after: Option<&Line<'_>>,
    measure: Option<f64>,
    paragraph: &mut Paragraph<'_>,
    local: Option<f64>,
    indented: bool,
    after_body: bool,
    after_last: bool,
    cx: &mut Cx,
) -> bool {
    let nxt0 = first(nxt.content);
    if !prev.joinable || !nxt.joinable || nxt.indented || nxt0.is_some_and(is_bullet) {
        return false;
    }
    if nxt.content.starts_with(prev.content) {
        // A line said again (a refrain, a repeated row), alone or with more
        // after it, is no wrap: joined, it would read as a run printed twice
        // to fake-bold's next run.
        return false;
    }
    let end = prev.end;
    let starts = paragraph.starts();
    let body = paragraph.marks > 0;
    if end == End::Close && matches!(last(prev.content), Some('）' | ')')) && ends_with_credit(&paragraph.text(cx)) {
        return false; // a credit or a dateline in brackets ends its item
    }
    if toc_entry(prev.content) {
        return false; // an entry of a table of contents ends with its page number
    }
    let cells = if prev.content.contains(' ') { row_cells(prev) } else { 0 };
    if cells > 0 && cells == row_cells(nxt) {
        return false; // rows of a table-like run of short lines stay rows
    }
    if indented && end == End::Term && paragraph.unclosed() && closes_first(nxt.content) {
        return true; // the quotation this paragraph opened goes on: the next line closes it
    }
    let Some(mut measure) = measure else {
        if indented && !nxt.indented && (nxt.blank == 0 || nxt.gap == 0) {
            if matches!(end, End::Word | End::Open | End::Close) {
                return true;
            }
            if end == End::Colon && (nxt0.is_some_and(is_opening) || nxt.marks > 0 || !starts) {
                return true;
            }
            // (a first line takes a next line without marks only where that
            // one was broken by the width)
            if end == End::Term
                && body_next(nxt, after, after_body)
                && (!starts
                    || body_next(nxt, None, false)
                    || after.is_some_and(|a| matches!(a.end, End::Word | End::Open | End::Close) || went_down(a) > 0.0))
            {
                if !starts {
                    return true;
                }
                if let Some(top) = local {
                    if (top - prev.width).abs() <= tolerance(top) {
                        return true;
                    }
                } else if nxt.blank > 0 {
                    if let Some(after) = after.filter(|a| !a.indented) {
                        // only a line that runs on shows the column's width;
                        // the next line may be short by what went down
                        let mut range: Option<(f64, f64)> = None;
                        if nxt.end != End::Term {
                            range = Some((nxt.width, nxt.width + went_down(after)));
                        }
                        if after.end != End::Term
                            && !sticks_out(after)
                            && range.is_none_or(|(lo, _)| after.width > lo)
                        {
                            let lo = after.width;
                            range = Some(match range {
                                Some((_, hi)) => (lo, if lo > hi { lo } else { hi }),
                                None => (lo, lo),
                            });
                        }
                        if let Some((lo, hi)) = range {
                            if lo - tolerance(lo) <= prev.width && prev.width <= hi + tolerance(hi) {
                                return true;
                            }
                        }
                    }
                }
            }
        }
        if nxt.blank == 0 && end == End::Term && !starts && matches!(last(prev.content), Some('；' | ';')) {
            // a semicolon separates clauses of one sentence: a line of a
            // wrapped paragraph as wide as its block ends no paragraph there
            if let Some(local) = local {
                if local - prev.width <= tolerance(local) + prev.slack && nxt0.is_some_and(is_han) {
                    return true;
                }
            }
        }
        if nxt.blank == 0 && end != End::Term {
            if prev.hard_break || paragraph.unclosed() {
                return true;
            }
            if matches!(end, End::Word | End::Open) && body && !starts {
                return true;
            }
            if end == End::Word && starts && body && (nxt.long_head || ends_after_stop(prev.content)) {
                return true;
            }
            if let Some(local) = local {
                if end != End::Dash
                    && (body || end == End::Open)
                    && (local - prev.width <= tolerance(local) + prev.slack + went_down(nxt) || prev.stretched)
                {
                    return true;
                }
            }
        }
        return strong_join(paragraph, nxt, cx);
    };
    let mut tol = tol_of(measure);
    let mut wide = if 2.0 >= 2.0 * tol { 2.0 } else { 2.0 * tol };
    if prev.width > measure + wide && nxt.width > measure + wide {
        measure = if nxt.width < prev.width { nxt.width } else { prev.width };
        tol = tol_of(measure);
        wide = if 2.0 >= 2.0 * tol { 2.0 } else { 2.0 * tol };
    }
    let short_a = measure - prev.width;
    let short_b = measure - nxt.width;
    let mut full_a = short_a <= tol + prev.slack
        || prev.stretched
        || prev.overflow
        || (end != End::Term
            && nxt0.is_some_and(is_latin_or_digit)
            && short_a <= tol + prev.slack + head_width(nxt.content));
    let indent_max = 2.0 + tol;
    if nxt.width > measure + wide && !(nxt.stretched || nxt.overflow) && nxt.marks <= 1 && nxt.end != End::Open {
        return matches!(end, End::Word | End::Open) && body && !starts;
    }
    if prev.width > measure + wide
        && !(prev.stretched || prev.overflow)
        && prev.marks <= 1
        && (starts || !body)
    {
        let cap = if 4.0 >= 0.4 * measure { 4.0 } else { 0.4 * measure };
        // (not to a sentence after a blank line that says something, nor to
        // a salutation)
        if matches!(end, End::Word | End::Open)
            && nxt.width <= cap
            && !(nxt.gap > 0 && nxt.end == End::Term)
            && nxt.end != End::Colon
        {
            return true;
        }
        return paragraph.unclosed() && nxt.width <= 0.6 * measure;
    }
    if end != End::Term && paragraph.unclosed() {
        return true;
    }
    if indented && matches!(end, End::Word | End::Open | End::Close) && nxt.marks > 0 {
        return true; // body text without an indent goes on with an indented paragraph
    }
    if indented && end == End::Term && !starts && body_next(nxt, after, after_body) {
        return true;
    }
    let mut kinsoku_b = 0.0;
    if let Some(after) = after {
        let a0 = first(after.content);
        if a0.is_some_and(is_opening) || (indented && second(after.content).is_some_and(is_no_line_start)) {
            kinsoku_b = 1.0;
        } else if a0.is_some_and(is_latin_or_digit) {
            kinsoku_b = head_width(after.content);
        }
    }
    if nxt0.is_some_and(is_opening) || second(nxt.content).is_some_and(is_no_line_start) {
        full_a = full_a || short_a <= tol + prev.slack + 1.0;
    }
    let nxt_is_first = !indented
        && short_b > tol + nxt.slack + kinsoku_b
        && after.is_some_and(|after| {
            !after.long_head
                && after.width - nxt.width >= 1.5
                && !nxt.stretched
                && !matches!(nxt.end, End::Term | End::Colon)
                && !after.indented
                && after.gap == 0
                && (measure - after.width <= tol || after.stretched)
        });
    if nxt_is_first
        && (matches!(end, End::Term | End::Colon | End::Close)
            || (full_a && !body)
            || (end == End::Open && nxt.gap > 0))
    {
        return false;
    }
    if end == End::Term && nxt.gap > 0 {
        return false;
    }
    if end == End::Term && stands_alone(nxt, after, after_last) {
        return false; // a sentence ends, then a headline
    }
    if end == End::Colon && starts && paragraph.marks == 1 && nxt.gap > 0 {
        return false; // a salutation or a label, then a blank line that says something
    }
    if matches!(end, End::Open | End::Word) && body && !starts {
        return true;
    }
    if end == End::Colon && body && !starts && head_in_str(nxt0, "“「『‘") {
        return true;
    }
    if starts && !body && short_b > tol + nxt.slack && (nxt.gap > 0 || nxt.end == End::Colon) {
        return false;
    }
    if starts && !body && !prev.indented && salutation_shaped(nxt) {
        return false; // a salutation under a headline
    }
    if starts && !body && nxt.gap > 0 && matches!(end, End::Word | End::Dash | End::Close) {
        return strong_join(paragraph, nxt, cx);
    }
    if full_a {
        if end == End::Term && head_in_str(nxt0, "（(") {
            return false;
        }
        if end == End::Term
            && short_b > tol + nxt.slack + kinsoku_b
            && matches!(nxt.end, End::Word | End::Close | End::Colon)
        {
            if indented && nxt.marks > 0 && nxt.end == End::Word {
                return true;
            }
            match after {
                None => return false,
                Some(after) => {
                    if after.gap > 0
                        || after.indented
                        || !after.joinable
                        || measure - after.width > tol + after.slack
                    {
                        return false;
                    }
                }
            }
        }
        return true;
    }
    if end == End::Close && body && !starts {
        return true;
    }
    if starts && matches!(end, End::Word | End::Dash) && (body || nxt.gap == 0) {
        if short_a <= indent_max + prev.slack || (body && end == End::Word) {
            return true;
        }
        if short_a <= 2.0 + 2.0 * tol && short_b <= tol + nxt.slack {
            return true;
        }
    }
    if starts && end == End::Term && !prev.indented && short_a <= indent_max && short_b <= tol {
        return true;
    }
    strong_join(paragraph, nxt, cx)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins() {
        let mut cx = Cx::new();
        let j = |l: &str, r: &str, cx: &mut Cx| {
            let mut s = l.to_owned();
            join_pair(&mut s, r, cx);
            s
        };
        assert_eq!(j("创建国", "际化双创人才特区", &mut cx), "创建国际化双创人才特区");
        assert_eq!(j("通过“0578-", "12340”社情", &mut cx), "通过“0578-12340”社情");
        assert_eq!(j("a line of", "English text", &mut cx), "a line of English text");
        assert_eq!(j("1100", "亿元", &mut cx), "1100亿元");
        assert_eq!(j("末尾空格  ", "  开头", &mut cx), "末尾空格开头");
        assert_eq!(j("年产 12 万吨，达 1", "000 万吨", &mut cx), "年产 12 万吨，达 1000 万吨");
        assert!(!cx.missing.get());
        assert!(ends_after_stop("设定。合作能力全"));
        assert!(!ends_after_stop("图为会场。记者 张三 摄"));
    }
}

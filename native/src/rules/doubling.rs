//! `fake-bold`: text a PDF printed twice to make it look bold (Python
//! reference: `cleantext.doubling`, whose docstring explains the rule).
//!
//! Byte-identical to the reference, and linear in time where the reference
//! is not: after a round, the reference asks of every line a collapse
//! changed whether it could collapse again, once per collapsed region, so a
//! long line with many regions was scanned once per region; here each
//! changed line is asked once (the answer is an `any` over the lines, so
//! asking a line twice cannot change it).  Likewise the line around a
//! two-character span is found by walking over its blanks only.
//!
//! Word evidence: the tables `wordfreq_zh_large` (wordfreq's zh list) and,
//! for words it lacks, OpenCC t2s (`opencc_t2s_chars`,
//! `opencc_t2s_phrases`).  The rule leaves its input to Python (`None`) only
//! when it needs a word's frequency and a table is missing, or the word
//! holds a CJK compatibility ideograph.
//!
//! Positions in the text are byte offsets; where the reference counts
//! characters (reaches, widths, the line analysis) this port counts
//! characters too.  The line analysis (lines of at most 400 characters)
//! works on character slices.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use super::{Options, RuleFn};
use crate::chardata;
use crate::tables::{self, WeightTable};
use crate::chardata::in_table;

mod classes;
pub(crate) mod t2s;

/// The rules of this family, by their registry names.
pub const RULES: &[(&str, RuleFn)] = &[("fake-bold", collapse_fake_bold)];

/// The input is left to Python.
struct Defer;

type R<T> = Result<T, Defer>;

const GATE_REACH: usize = 19;
const MAX_SPAN: usize = 256;
const MAX_UNIT: usize = 48;
const MAX_LINE: usize = 400;
const MIN_REPEATED_LINE: usize = 4;
/// `_MAX_BLOCK`: most lines of a block printed twice.
const MAX_BLOCK: usize = 6;
const COMMON_WORD: f64 = 1e-6;
const WORD: f64 = 1e-7;
const MARKS: &str = "（）()【】[]〔〕「」『』《》〈〉“”‘’\"'";

// ---------------------------------------------------------------------------
// Character classes (as Python 3.11 sees them)
// ---------------------------------------------------------------------------

/// `str.isspace` (stdlib `re` `\s`).
fn is_space(c: char) -> bool {
    if c < '\u{80}' {
        matches!(c, '\t'..='\r' | '\x1c'..='\x1f' | ' ')
    } else {
        in_table(chardata::SPACE, c)
    }
}

fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t' || c == '\u{3000}'
}

/// `_EDGE`: what a line is stripped of before it is judged whole (blanks,
/// and the form feed of a page break, which stray-mark removes later).
fn is_edge(c: char) -> bool {
    is_blank(c) || c == '\x0c'
}

fn is_han(c: char) -> bool {
    ('\u{3400}'..='\u{9fff}').contains(&c)
        || ('\u{20000}'..='\u{3134f}').contains(&c)
        || ('\u{f900}'..='\u{faff}').contains(&c)
}

fn is_digit(c: char) -> bool {
    if c < '\u{80}' {
        c.is_ascii_digit()
    } else {
        in_table(chardata::DIGIT, c)
    }
}

fn is_alpha(c: char) -> bool {
    if c < '\u{80}' {
        c.is_ascii_alphabetic()
    } else {
        in_table(classes::ALPHA, c)
    }
}

/// `re` `[^\W\d_]`.
fn is_letter(c: char) -> bool {
    if c < '\u{80}' {
        c.is_ascii_alphabetic()
    } else {
        in_table(classes::LETTER, c)
    }
}

fn is_open_close(c: char) -> bool {
    c >= '\u{80}' && in_table(classes::OPEN_CLOSE, c)
}

fn is_ascii_alnum(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

/// `_MARKDOWN_EMPHASIS`: Markdown emphasis delimiters, never doubled.
fn is_markdown_emphasis(c: char) -> bool {
    c == '*' || c == '_'
}

/// `_MARKDOWN_MARKERS`: Markdown line-start markers.
fn is_markdown_marker(c: char) -> bool {
    matches!(c, '#' | '>' | '+' | '-' | '=')
}

/// `_markdown_cut`: how many of the doubled `tokens` (their copies from
/// byte `start` on) come before Markdown.
fn markdown_cut(t: &str, start: usize, tokens: &str) -> usize {
    for (i, c) in tokens.chars().enumerate() {
        if is_markdown_emphasis(c) {
            return i;
        }
        if i == 0 && is_markdown_marker(c) {
            let mut p = start;
            loop {
                match ch_before(t, p) {
                    None | Some('\n') => return 0,
                    Some(b) if is_blank(b) => p -= b.len_utf8(),
                    Some(_) => break,
                }
            }
        }
    }
    tokens.chars().count()
}

/// `_trimmed_edge`: dropped from the edges of a span.
fn trimmed_edge(c: char) -> bool {
    is_digit(c) || is_markdown_marker(c)
}

fn is_mark(c: char) -> bool {
    MARKS.contains(c)
}

/// The character at byte offset `i` (a character boundary), if any.
#[inline]
fn ch(t: &str, i: usize) -> Option<char> {
    t.get(i..).and_then(|s| s.chars().next())
}

/// The character before byte offset `i`, if any.
#[inline]
fn ch_before(t: &str, i: usize) -> Option<char> {
    t[..i].chars().next_back()
}

fn strip_blank(s: &str) -> &str {
    s.trim_matches(is_blank)
}

fn line_end(t: &str, start: usize) -> usize {
    let start = start.min(t.len());
    match t[start..].find('\n') {
        Some(k) => start + k,
        None => t.len(),
    }
}

fn line_start(t: &str, pos: usize) -> usize {
    match t.as_bytes()[..pos].iter().rposition(|&b| b == b'\n') {
        Some(k) => k + 1,
        None => 0,
    }
}

/// The byte offsets of every line break of `t`, in order (eight bytes at a
/// time: most lines are longer than that).
fn newlines(t: &str) -> Vec<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const NL: u64 = 0x0A0A_0A0A_0A0A_0A0A;
    let b = t.as_bytes();
    let mut out = Vec::with_capacity(b.len() / 64 + 1);
    let mut chunks = b.chunks_exact(8);
    let mut i = 0;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let w = u64::from_le_bytes(word) ^ NL;
        if w.wrapping_sub(ONES) & !w & HIGH != 0 {
            out.extend(chunk.iter().enumerate().filter(|&(_, &c)| c == b'\n').map(|(k, _)| i + k));
        }
        i += 8;
    }
    out.extend(chunks.remainder().iter().enumerate().filter(|&(_, &c)| c == b'\n').map(|(k, _)| i + k));
    out
}

/// The lines of `t` as (start, end) byte offsets, from its line breaks `nl`.
fn lines_of<'n>(t: &str, nl: &'n [usize]) -> impl Iterator<Item = (usize, usize)> + 'n {
    let len = t.len();
    std::iter::once(0)
        .chain(nl.iter().map(|&k| k + 1))
        .zip(nl.iter().copied().chain(std::iter::once(len)))
}

// ---------------------------------------------------------------------------
// Word evidence
// ---------------------------------------------------------------------------

#[derive(Default)]
struct Ctx {
    words: Option<Arc<WeightTable>>,
    t2s: Option<Arc<t2s::T2s>>,
    memo: HashMap<String, f64>,
}

impl Ctx {
    /// wordfreq frequency of `word` (traditional mapped to simplified first).
    fn freq(&mut self, word: &[char]) -> R<f64> {
        let key: String = word.iter().collect();
        if let Some(&f) = self.memo.get(&key) {
            return Ok(f);
        }
        if self.words.is_none() {
            self.words = Some(tables::get_weights("wordfreq_zh_large").ok_or(Defer)?);
        }
        let words = self.words.as_ref().ok_or(Defer)?;
        let mut f = words.get(key.as_str()).copied().unwrap_or(0.0);
        if f == 0.0 {
            if self.t2s.is_none() {
                self.t2s = Some(t2s::get().ok_or(Defer)?);
            }
            let simplified = self.t2s.as_ref().ok_or(Defer)?.convert(word).ok_or(Defer)?;
            if simplified != word {
                let s: String = simplified.iter().collect();
                f = words.get(s.as_str()).copied().unwrap_or(0.0);
            }
        }
        self.memo.insert(key, f);
        Ok(f)
    }

    /// Is AABB a reduplication to keep rather than fake-bold "AB"?
    fn aabb_is_genuine(&mut self, a: char, b: char, isolated: bool, whole_line: bool) -> R<bool> {
        if self.freq(&[a, a, b, b])? != 0.0 {
            return Ok(true);
        }
        if self.freq(&[a, a])? >= COMMON_WORD && self.freq(&[b, b])? >= COMMON_WORD {
            return Ok(true);
        }
        if whole_line {
            return Ok(false);
        }
        Ok(!(isolated && self.freq(&[a, b])? >= WORD))
    }

    /// Can the doubled `tokens` be read as reduplicated words?
    fn reduplicated_words(&mut self, tokens: &[char]) -> R<bool> {
        for run in tokens.split(|&c| !is_han(c)) {
            if !run.is_empty() && !self.reduplicated_run(run)? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Do `chars`, doubled, read as AABB words with at most one AA word?
    fn reduplicated_run(&mut self, chars: &[char]) -> R<bool> {
        let n = chars.len();
        let mut reached: Vec<Option<u32>> = vec![None; n + 2];
        reached[0] = Some(0);
        let mut top = 0;
        for i in 0..n {
            let used = match reached[i] {
                Some(u) => u,
                None => {
                    if top < i {
                        return Ok(false);
                    }
                    continue;
                }
            };
            let a = chars[i];
            if used == 0 && self.freq(&[a, a])? >= COMMON_WORD {
                reached[i + 1] = Some(reached[i + 1].unwrap_or(1).min(1));
                top = top.max(i + 1);
            }
            if i + 1 < n {
                let b = chars[i + 1];
                if self.freq(&[a, a, b, b])? >= WORD {
                    reached[i + 2] = Some(reached[i + 2].unwrap_or(used).min(used));
                    top = top.max(i + 2);
                }
            }
        }
        Ok(reached[n].is_some())
    }
}

// ---------------------------------------------------------------------------
// The regular expressions of the reference, as matchers
// ---------------------------------------------------------------------------

/// Up to `max` whitespace characters from `p`: the offsets after 0, 1, ...
/// of them (`out[0] == p`); returns how many.
fn spaces_from(t: &str, p: usize, max: usize, out: &mut [usize]) -> usize {
    out[0] = p;
    let mut k = 0;
    while k < max {
        match ch(t, out[k]) {
            Some(w) if is_space(w) => {
                out[k + 1] = out[k] + w.len_utf8();
                k += 1;
            }
            _ => break,
        }
    }
    k
}

/// `(?:[ \t\u3000]|\n\s{0,4})?` then `tok`, at `q` of `s`: the end.
fn pair_tail(s: &str, q: usize, tok: &str) -> Option<usize> {
    if let Some(c) = ch(s, q) {
        if is_blank(c) {
            let r = q + c.len_utf8();
            if s[r..].starts_with(tok) {
                return Some(r + tok.len());
            }
        } else if c == '\n' {
            let mut pos = [0usize; 5];
            let k = spaces_from(s, q + 1, 4, &mut pos);
            for j in (0..=k).rev() {
                if s[pos[j]..].starts_with(tok) {
                    return Some(pos[j] + tok.len());
                }
            }
        }
    }
    if s[q..].starts_with(tok) {
        return Some(q + tok.len());
    }
    None
}

/// `_PAIR.match(text, p)` with the end of the text at `e`: (end, token length).
fn pair_at(t: &str, p: usize, e: usize) -> Option<(usize, usize)> {
    let s = &t[..e];
    let rest = &s[p..];
    for tok in ["……", "——"] {
        if rest.starts_with(tok) {
            if let Some(end) = pair_tail(s, p + tok.len(), tok) {
                return Some((end, tok.len()));
            }
        }
    }
    let c = rest.chars().next()?;
    if is_space(c) || c == '…' || c == '—' {
        return None;
    }
    let l = c.len_utf8();
    pair_tail(s, p + l, &rest[..l]).map(|end| (end, l))
}

/// `_PAIR.search(text, s, e)`: (start, end, token length).
fn pair_search(t: &str, s: usize, e: usize) -> Option<(usize, usize, usize)> {
    let mut p = s;
    while p < e {
        if let Some((end, l)) = pair_at(t, p, e) {
            return Some((p, end, l));
        }
        p += ch(t, p).map_or(1, char::len_utf8);
    }
    None
}

/// `(?:X|[ \t\u3000]X|\n\s{0,4}X)` at `q`: the ends, in the order the
/// engine tries them.
fn copy_ends(t: &str, q: usize, x: char, out: &mut [usize; 6]) -> usize {
    let mut n = 0;
    let c = ch(t, q);
    if c == Some(x) {
        out[n] = q + x.len_utf8();
        n += 1;
    }
    if let Some(b) = c.filter(|&b| is_blank(b)) {
        let r = q + b.len_utf8();
        if ch(t, r) == Some(x) {
            out[n] = r + x.len_utf8();
            n += 1;
        }
    }
    match c {
        Some('\n') if x != '\n' => {
            let mut pos = [0usize; 5];
            let k = spaces_from(t, q + 1, 4, &mut pos);
            for j in (0..=k).rev() {
                if ch(t, pos[j]) == Some(x) {
                    out[n] = pos[j] + x.len_utf8();
                    n += 1;
                }
            }
        }
        _ => {}
    }
    n
}

/// `_SPAN_GATE.match(t, p)`: the end.
/// `([^\n])(?:\1|[ \t\u3000]\1|\n\s{0,4}\1)\s{0,12}(\S)(?:\2|[ \t\u3000]\2|\n\s{0,4}\2)`
fn gate_at(t: &str, p: usize) -> Option<usize> {
    let c1 = ch(t, p)?;
    if c1 == '\n' {
        return None;
    }
    let q = p + c1.len_utf8();
    let mut firsts = [0usize; 6];
    let nf = copy_ends(t, q, c1, &mut firsts);
    for &q1 in &firsts[..nf] {
        let mut pos = [0usize; 13];
        let k = spaces_from(t, q1, 12, &mut pos);
        // \s{0,12} is followed by \S: only the longest run of blanks can be.
        let r = pos[k];
        let c2 = match ch(t, r) {
            Some(c) if !is_space(c) => c,
            _ => continue,
        };
        let mut seconds = [0usize; 6];
        let ns = copy_ends(t, r + c2.len_utf8(), c2, &mut seconds);
        if ns > 0 {
            return Some(seconds[0]);
        }
    }
    None
}

/// `_SPAN_GATE.search(line) is not None` for a line without line breaks:
/// tried where a character comes back next, or after a blank.
fn gate_search_line(line: &str) -> bool {
    let mut before: [Option<(usize, char)>; 2] = [None, None];
    for (i, c) in line.char_indices() {
        if let Some((p, b)) = before[1] {
            if b == c && gate_at(line, p).is_some() {
                return true;
            }
        }
        if let (Some((p, a)), Some((_, b))) = (before[0], before[1]) {
            if a == c && is_blank(b) && gate_at(line, p).is_some() {
                return true;
            }
        }
        before = [before[1], Some((i, c))];
    }
    false
}

/// `_RUN.match(t, p)`: the end.
fn run_at(t: &str, p: usize) -> Option<usize> {
    let mut q = p;
    while let Some(c) = ch(t, q) {
        if is_space(c) || c == '…' || c == '—' {
            break;
        }
        let l = c.len_utf8();
        if ch(t, q + l) != Some(c) {
            break;
        }
        q += 2 * l;
    }
    (q > p).then_some(q)
}

/// `_CONNECTOR.match(t, p).end()`: up to 12 whitespace characters.
fn connector(t: &str, p: usize) -> usize {
    let mut pos = [0usize; 13];
    let k = spaces_from(t, p, 12, &mut pos);
    pos[k]
}

/// `_SPACED_GATE.search(t, at)` (`" (\S) \1"`): the start.
fn spaced_search(t: &str, at: usize) -> Option<usize> {
    let b = t.as_bytes();
    let mut i = at;
    while i < b.len() {
        let k = t[i..].find(' ')?;
        i += k;
        if let Some(c) = ch(t, i + 1) {
            if !is_space(c) {
                let l = c.len_utf8();
                if b.get(i + 1 + l) == Some(&b' ') && ch(t, i + 2 + l) == Some(c) {
                    return Some(i);
                }
            }
        }
        i += 1;
    }
    None
}

/// `_spaced_span_start`: walk back over the letter-spaced pairs before `start`.
fn spaced_span_start(t: &str, mut start: usize, floor: usize) -> usize {
    loop {
        let mut it = t[..start].char_indices().rev();
        let (Some((_, c1)), Some((_, c2)), Some((b3, c3)), Some((b4, c4))) =
            (it.next(), it.next(), it.next(), it.next())
        else {
            return start;
        };
        if b4 < floor || c1 != ' ' {
            return start;
        }
        if c3 == ' ' && c4 == c2 && !is_blank(c2) {
            start = b4;
        } else if c3 == c2 && !is_blank(c2) {
            start = b3;
        } else {
            return start;
        }
    }
}

// ---------------------------------------------------------------------------
// Per-character spans
// ---------------------------------------------------------------------------


/// The length of the UTF-8 sequence that starts with `b`.
#[inline]
fn utf8_len(b: u8) -> usize {
    if b < 0x80 {
        1
    } else if b < 0xE0 {
        2
    } else if b < 0xF0 {
        3
    } else {
        4
    }
}

/// Every doubled token of non-blank characters (byte offsets, in order).
fn pair_starts(t: &str) -> Vec<usize> {
    let b = t.as_bytes();
    let n = b.len();
    let mut adjacent: Vec<usize> = Vec::new();
    let mut more: Vec<usize> = Vec::new();
    // The start of the character before `i`, for _SPLIT.
    let mut prev = usize::MAX;
    let mut i = 0;
    while i < n {
        let lead = b[i];
        // _BLANK_SPLIT: "[ \t\u3000](?<=(\S)[ \t\u3000])(?=\1)", at every blank.
        let blank = if lead == b' ' || lead == b'\t' {
            1
        } else if lead == 0xE3 && b.get(i + 1) == Some(&0x80) && b.get(i + 2) == Some(&0x80) {
            3
        } else {
            0
        };
        if blank > 0 {
            if let Some(x) = ch(t, prev) {
                if !is_space(x) && ch(t, i + blank) == Some(x) {
                    more.push(prev);
                }
            }
        }
        // Fast paths: a Han character (3 bytes) or an ASCII character other
        // than a line break, not followed by a copy of itself.
        if (0xE0..0xF0).contains(&lead) && i + 6 <= n {
            let w = &b[i..i + 6];
            if w[3] != w[0] || w[4] != w[1] || w[5] != w[2] {
                prev = i;
                i += 3;
                continue;
            }
        } else if lead < 0x80 && lead != b'\n' && i + 2 <= n && b[i + 1] != lead {
            prev = i;
            i += 1;
            continue;
        }
        let l = utf8_len(lead);
        let j = i + l;
        if lead == b'\n' {
            // _SPLIT: "\n(?<=(\S)\n)(?=\s{0,4}+\1)", at every line break
            // (a line break is never part of an adjacent pair).
            if let Some(x) = ch(t, prev) {
                if !is_space(x) {
                    let split = match ch(t, j) {
                        Some(c) if c == x => true,
                        Some(c) if is_space(c) => {
                            let mut pos = [0usize; 5];
                            let k = spaces_from(t, j, 4, &mut pos);
                            ch(t, pos[k]) == Some(x)
                        }
                        _ => false,
                    };
                    if split {
                        more.push(prev);
                    }
                }
            }
        } else if j + l <= n
            && b[j] == lead
            && b[j + l - 1] == b[i + l - 1]
            && (l < 3 || b[i + 1] == b[j + 1])
            && (l < 4 || b[i + 2] == b[j + 2])
        {
            // _ADJACENT: "(.)\1(?<!\s)(?=(\1)?)", not overlapping: the
            // scan goes on after the pair; a third copy starts a pair too.
            if !ch(t, i).is_some_and(is_space) {
                adjacent.push(i);
                let k = j + l;
                if k + l <= n && b[k..k + l] == b[i..j] {
                    more.push(j);
                }
                prev = j;
                i = k;
                continue;
            }
        }
        prev = i;
        i = j;
    }
    if more.is_empty() {
        return adjacent;
    }
    adjacent.extend(more);
    adjacent.sort_unstable();
    adjacent
}

/// Are byte offsets `a <= b` of `t` at most `k` characters apart?
fn chars_within(t: &str, a: usize, b: usize, k: usize) -> bool {
    b - a <= 4 * k && (b - a <= k || count_chars(&t[a..b]) <= k)
}

/// `_gate_positions`: where the span gate is worth trying (byte offsets).
fn gate_positions(t: &str, starts: &[usize]) -> Vec<usize> {
    let mut positions = Vec::new();
    for (idx, &q) in starts.iter().enumerate() {
        if let Some(prev) = ch_before(t, q) {
            if is_space(prev) {
                // p = q - 1, walked back over whitespace while p > 0 and
                // p > q - _GATE_REACH; then every place from p to q - 2.
                let q1 = q - prev.len_utf8();
                let mut p = q1;
                let mut steps = 0;
                while p > 0 && steps + 1 < GATE_REACH {
                    match ch_before(t, p) {
                        Some(w) if is_space(w) => {
                            p -= w.len_utf8();
                            steps += 1;
                        }
                        _ => break,
                    }
                }
                while p < q1 {
                    positions.push(p);
                    p += ch(t, p).map_or(1, char::len_utf8);
                }
            }
        }
        // The second token: the next start but one after q ("XXX").
        let r = starts.get(idx + 1).copied();
        let next_char = q + ch(t, q).map_or(1, char::len_utf8);
        let second = if r == Some(next_char) { starts.get(idx + 2).copied() } else { r };
        if second.is_some_and(|s| chars_within(t, q, s, GATE_REACH)) {
            positions.push(q);
        }
    }
    positions
}

/// `_span_gate`: (start, end) of the first gate match at `positions` from `at`.
fn span_gate(t: &str, positions: &[usize], at: usize) -> Option<(usize, usize)> {
    let k = positions.partition_point(|&p| p < at);
    positions[k..].iter().find_map(|&p| gate_at(t, p).map(|e| (p, e)))
}

/// One element of a span: (start, end, tokens, line breaks inside a pair).
struct Run {
    start: usize,
    end: usize,
    tokens: String,
    breaks: usize,
}

/// (start, end, new start, new end) of a collapsed span.
type Region = (usize, usize, usize, usize);

fn trim_digits(span: &mut Vec<Run>) {
    while let Some(first) = span.first_mut() {
        let c = first.tokens.chars().next().unwrap_or(' ');
        if !trimmed_edge(c) {
            break;
        }
        if first.tokens.chars().count() > 1 && first.breaks == 0 {
            first.start += 2 * c.len_utf8();
            first.tokens.drain(..c.len_utf8());
            first.breaks = 0;
        } else {
            span.remove(0);
        }
    }
    while let Some(last) = span.last_mut() {
        let c = last.tokens.chars().next_back().unwrap_or(' ');
        if !trimmed_edge(c) {
            break;
        }
        if last.tokens.chars().count() > 1 && last.breaks == 0 {
            last.end -= 2 * c.len_utf8();
            let n = last.tokens.len() - c.len_utf8();
            last.tokens.truncate(n);
            last.breaks = 0;
        } else {
            span.pop();
        }
    }
}

fn span_is_fake_bold(ctx: &mut Ctx, t: &str, span: &[Run]) -> R<bool> {
    let tokens: Vec<char> = span.iter().flat_map(|r| r.tokens.chars()).collect();
    if tokens.len() < 2 {
        return Ok(false);
    }
    let evidence: Vec<char> = tokens.iter().copied().filter(|&c| is_letter(c) || is_open_close(c)).collect();
    let mut distinct = evidence.clone();
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.len() < 2 {
        return Ok(false);
    }
    if evidence.len() >= 3 {
        if evidence.iter().all(char::is_ascii) {
            return Ok(evidence.len() >= 4);
        }
        if distinct.iter().any(|&c| !is_han(c)) {
            return Ok(true);
        }
        return Ok(!ctx.reduplicated_words(&tokens)?);
    }
    let (a, b) = (evidence[0], evidence[1]);
    if !(is_han(a) && is_han(b)) {
        return Ok(false);
    }
    let first = span[0].start;
    let after = span[span.len() - 1].end;
    // before = text[line_start:first], behind = text[after:line_end]
    let before_blank = {
        let mut p = first;
        loop {
            match ch_before(t, p) {
                None | Some('\n') => break true,
                Some(c) if is_blank(c) => p -= c.len_utf8(),
                Some(_) => break false,
            }
        }
    };
    let behind_blank = {
        let mut p = after;
        loop {
            match ch(t, p) {
                None | Some('\n') => break true,
                Some(c) if is_blank(c) => p += c.len_utf8(),
                Some(_) => break false,
            }
        }
    };
    let whole_line = before_blank && behind_blank;
    let prev = ch_before(t, first).filter(|&c| c != '\n');
    let next = ch(t, after).filter(|&c| c != '\n');
    let isolated = !prev.is_some_and(is_han) && !next.is_some_and(is_han);
    Ok(!ctx.aabb_is_genuine(a, b, isolated, whole_line)?)
}

/// Append the text up to `span` and the span, collapsed if fake bold; the
/// new `last`.
fn flush(ctx: &mut Ctx, t: &str, span: &mut Vec<Run>, out: &mut String, last: usize) -> R<usize> {
    trim_digits(span);
    if span.is_empty() || !span_is_fake_bold(ctx, t, span)? {
        return Ok(last);
    }
    out.push_str(&t[last..span[0].start]);
    for (k, run) in span.iter().enumerate() {
        out.push_str(&run.tokens);
        for _ in 0..run.breaks {
            out.push('\n');
        }
        if let Some(next) = span.get(k + 1) {
            let gap = &t[run.end..next.start];
            out.push_str(if gap == "  " { " " } else { gap });
        }
    }
    Ok(span[span.len() - 1].end)
}

/// `_collapse_spans`: the text and the collapsed regions.
fn collapse_spans<'a>(ctx: &mut Ctx, t: &'a str) -> R<(Cow<'a, str>, Vec<Region>)> {
    let mut spaced = spaced_search(t, 0);
    let starts = pair_starts(t);
    let positions = gate_positions(t, &starts);
    let mut adjacent = if positions.is_empty() { None } else { span_gate(t, &positions, 0) };
    let mut regions = Vec::new();
    if adjacent.is_none() && spaced.is_none() {
        return Ok((Cow::Borrowed(t), regions));
    }
    let mut out = String::with_capacity(t.len());
    let mut last = 0;
    let mut at = 0;
    loop {
        if let Some((s, _)) = adjacent {
            if s < at {
                adjacent = span_gate(t, &positions, at);
            }
        }
        if let Some(s) = spaced {
            if s < at {
                spaced = spaced_search(t, at);
            }
        }
        let first_start = match (adjacent, spaced) {
            (None, None) => break,
            (Some((a_start, a_end)), sp) if sp.is_none_or(|s| a_start <= s) => {
                match pair_search(t, a_start, a_end) {
                    Some((s, _, _)) => s,
                    None => {
                        at = a_start + ch(t, a_start).map_or(1, char::len_utf8);
                        continue;
                    }
                }
            }
            (_, Some(s)) => {
                let p = spaced_span_start(t, s + 1, at);
                if pair_at(t, p, t.len()).is_none() {
                    at = s + 1;
                    continue;
                }
                p
            }
            (Some(_), None) => unreachable!(),
        };
        let mut span: Vec<Run> = Vec::new();
        at = first_start;
        while span.len() < MAX_SPAN {
            if let Some(end) = run_at(t, at) {
                let mut tokens: String = t[at..end].chars().step_by(2).collect();
                let cut = markdown_cut(t, at, &tokens);
                if cut < tokens.chars().count() {
                    if cut > 0 {
                        let bytes: usize = tokens.chars().take(cut).map(char::len_utf8).sum();
                        tokens.truncate(bytes);
                        span.push(Run { start: at, end: at + 2 * bytes, tokens, breaks: 0 });
                    }
                    break;
                }
                span.push(Run { start: at, end, tokens, breaks: 0 });
            } else {
                let Some((end, l)) = pair_at(t, at, t.len()) else { break };
                if markdown_cut(t, at, &t[at..at + l]) == 0 {
                    break;
                }
                let breaks = t[at + l..end - l].bytes().filter(|&b| b == b'\n').count();
                span.push(Run { start: at, end, tokens: t[at..at + l].to_owned(), breaks });
            }
            at = connector(t, span[span.len() - 1].end);
        }
        if span.is_empty() {
            // The span would start with Markdown: look on after it.
            at = first_start + ch(t, first_start).map_or(1, char::len_utf8);
            continue;
        }
        let span_start = span[0].start;
        let span_end = span[span.len() - 1].end;
        let size_before = out.len();
        let new_last = flush(ctx, t, &mut span, &mut out, last)?;
        if new_last != last {
            let new_start = size_before + span_start - last;
            regions.push((span_start, new_last, new_start, out.len()));
            last = new_last;
        }
        at = span_end;
    }
    if regions.is_empty() {
        return Ok((Cow::Borrowed(t), regions));
    }
    out.push_str(&t[last..]);
    Ok((Cow::Owned(out), regions))
}

// ---------------------------------------------------------------------------
// Lines made of runs printed twice
// ---------------------------------------------------------------------------

fn find(s: &[char], x: char, from: usize, to: usize) -> Option<usize> {
    let to = to.min(s.len());
    if from >= to {
        return None;
    }
    s[from..to].iter().position(|&c| c == x).map(|k| from + k)
}

fn rfind(s: &[char], x: char, from: usize, to: usize) -> Option<usize> {
    let to = to.min(s.len());
    if from >= to {
        return None;
    }
    s[from..to].iter().rposition(|&c| c == x).map(|k| from + k)
}

fn strip_edge_chars(s: &[char]) -> &[char] {
    let mut a = 0;
    let mut b = s.len();
    while a < b && is_edge(s[a]) {
        a += 1;
    }
    while b > a && is_edge(s[b - 1]) {
        b -= 1;
    }
    &s[a..b]
}

/// `_tandem_units`: the units (ranges of `s`) of the longest prefix made of
/// runs printed twice with blanks between, and where it ends.
fn tandem_units(s: &[char]) -> (Vec<(usize, usize)>, usize) {
    let n = s.len();
    let mut parent: Vec<Option<(usize, usize)>> = vec![None; n + 1];
    parent[0] = Some((usize::MAX, 0));
    let mut frontier = vec![0usize];
    let mut best = 0;
    while !frontier.is_empty() && best < n {
        let mut nxt = Vec::new();
        for &i in &frontier {
            if is_blank(s[i]) {
                let mut j = i;
                while j < n && is_blank(s[j]) {
                    j += 1;
                }
                if j < n && parent[j].is_none() {
                    parent[j] = Some((i, j)); // a blank separator s[i:j]
                    nxt.push(j);
                }
                continue;
            }
            let first = s[i];
            let stop = n.min(i + MAX_UNIT + 1);
            let mut k = find(s, first, i + 1, stop);
            while let Some(kk) = k {
                if 2 * kk - i > n {
                    break;
                }
                let length = kk - i;
                let unit = &s[i..kk];
                if s[kk..kk + length] == *unit
                    && !unit.iter().any(|&c| is_blank(c))
                    && !(length == 1 && (unit[0] == '…' || unit[0] == '—'))
                    && !unit.iter().any(|&c| is_markdown_emphasis(c))
                    && !unit.iter().all(|&c| is_markdown_marker(c))
                {
                    let j = kk + length;
                    if parent[j].is_none() {
                        parent[j] = Some((i, kk)); // the unit s[i:kk]
                        nxt.push(j);
                        best = best.max(j);
                    }
                }
                k = find(s, first, kk + 1, stop);
            }
        }
        frontier = nxt;
    }
    let mut units = Vec::new();
    let mut j = best;
    while j > 0 {
        let (i, e) = parent[j].unwrap_or((0, 0));
        units.push((i, e));
        j = i;
    }
    units.reverse();
    (units, best)
}

/// `_blank_inside_a_copy`: does a blank of `stripped` stand inside a copy
/// of one of the runs printed twice that make up `bare` (the line without
/// its blanks)?  Blanks between units or between two copies stand as they are.
fn blank_inside_a_copy(stripped: &str, bare: &str) -> bool {
    let bare: Vec<char> = bare.chars().collect();
    let (units, _) = tandem_units(&bare);
    let s: Vec<char> = stripped.chars().collect();
    let mut i = 0;
    for (a, b) in units {
        for _ in 0..2 {
            while i < s.len() && is_blank(s[i]) {
                i += 1;
            }
            i += 1;
            for _ in 1..b - a {
                if s.get(i).is_some_and(|&c| is_blank(c)) {
                    return true;
                }
                i += 1;
            }
        }
    }
    false
}

/// `_printed_twice`: the run, if `s` is one run printed twice with blanks in
/// it or between the copies.
fn printed_twice(s: &[char]) -> Option<&[char]> {
    let n = s.len() as i64;
    for gap in 0..=3i64 {
        let half = (n - gap).div_euclid(2);
        if half >= 0 && half * 2 + gap == n {
            let (h, g) = (half as usize, gap as usize);
            if s[h..h + g].iter().all(|&c| is_blank(c)) && s[..h] == s[h + g..] {
                let run = &s[..h];
                let mut distinct = run.to_vec();
                distinct.sort_unstable();
                distinct.dedup();
                if run.iter().filter(|&&c| c != ' ').count() >= 3
                    && distinct.len() > 1
                    && run.iter().any(|&c| is_han(c))
                {
                    return Some(run);
                }
            }
        }
    }
    None
}

/// `_ends_doubled`.
fn ends_doubled(s: &[char]) -> bool {
    let n = s.len();
    let last = s[n - 1];
    let lo = (n - 1).saturating_sub(MAX_UNIT);
    let mut k = rfind(s, last, lo, n - 1);
    while let Some(kk) = k {
        let unit = n - 1 - kk;
        if 2 * unit <= n && s[kk + 1 - unit..kk + 1] == s[n - unit..] {
            return true;
        }
        k = rfind(s, last, lo, kk);
    }
    printed_twice(s).is_some()
}

const SENTENCE_END_SET: &[char] = &['。', '！', '？', '!', '?'];
const SENTENCE_END: &[char] = &['。', '！', '？', '，', '；', '、', '…', '!', '?', ';', ','];

/// `_collapse_line`: the collapsed form of a stripped line, or None.
fn collapse_line(ctx: &mut Ctx, s: &[char]) -> R<Option<Vec<char>>> {
    let mut distinct: Vec<char> = s.iter().copied().filter(|&c| !is_blank(c)).collect();
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.len() < 2 {
        return Ok(None);
    }
    if !ends_doubled(s) {
        return Ok(None);
    }
    let (units, end) = tandem_units(s);
    if end == 0 {
        if !s.iter().any(|&c| is_blank(c)) {
            return Ok(None);
        }
        return Ok(printed_twice(s).map(<[char]>::to_vec));
    }
    if !s.iter().any(|&c| is_han(c)) {
        return Ok(None);
    }
    let words: Vec<&[char]> = units.iter().map(|&(a, b)| &s[a..b]).filter(|u| !is_blank(u[0])).collect();
    if words.iter().any(|u| u.len() > 1 && u.iter().any(|c| SENTENCE_END_SET.contains(c))) {
        return Ok(None);
    }
    if end < s.len() {
        return Ok(None);
    }
    if words.len() == 1 {
        let u = words[0];
        if u.len() <= 2 {
            return Ok(None);
        }
        return Ok(Some(u.to_vec()));
    }
    if words.iter().all(|u| u.len() == 1) {
        if words.len() == 2 {
            let (a, b) = (words[0][0], words[1][0]);
            if !(is_han(a) && is_han(b)) || ctx.aabb_is_genuine(a, b, true, true)? {
                return Ok(None);
            }
        } else {
            let joined: Vec<char> = words.iter().map(|u| u[0]).collect();
            if ctx.reduplicated_words(&joined)? {
                return Ok(None);
            }
        }
    }
    Ok(Some(units.iter().flat_map(|&(a, b)| s[a..b].iter().copied()).collect()))
}

/// `_line_starts_tandem` (the line as characters, at most MAX_LINE of them).
fn line_starts_tandem(line: &[char]) -> bool {
    let mut line = line;
    if line.len() < 2 || line.len() > MAX_LINE {
        return false;
    }
    if is_edge(line[0]) || is_edge(line[line.len() - 1]) {
        line = strip_edge_chars(line);
        if line.len() < 2 {
            return false;
        }
    }
    let n = line.len();
    let first = line[0];
    let stop = n / 2 + 3;
    let mut k = find(line, first, 1, stop);
    while let Some(kk) = k {
        let prefix = {
            let mut e = kk;
            while e > 0 && is_blank(line[e - 1]) {
                e -= 1;
            }
            &line[..e]
        };
        if line[kk..].starts_with(prefix) {
            return true;
        }
        k = find(line, first, kk + 1, stop);
    }
    false
}

/// `_line_starts_tandem` on a line given as text.
fn line_starts_tandem_str(line: &str) -> bool {
    let chars: Vec<char> = line.chars().take(MAX_LINE + 1).collect();
    line_starts_tandem(&chars)
}

/// `_without_spurious_blanks`.
fn without_spurious_blanks(line: &str) -> Cow<'_, str> {
    if !line.contains(' ') {
        return Cow::Borrowed(line);
    }
    let mut out = String::with_capacity(line.len());
    let mut prev: Option<char> = None;
    let mut it = line.chars().peekable();
    let mut changed = false;
    while let Some(c) = it.next() {
        if c == ' ' {
            let next = it.peek().copied();
            let spurious = match (prev, next) {
                (Some(p), Some(n)) => (is_han(p) && is_ascii_alnum(n)) || (is_ascii_alnum(p) && is_han(n)),
                _ => false,
            };
            if spurious {
                changed = true;
                prev = Some(c);
                continue;
            }
        }
        out.push(c);
        prev = Some(c);
    }
    if changed {
        Cow::Owned(out)
    } else {
        Cow::Borrowed(line)
    }
}

/// `_evenly_doubled` on a stripped line.
fn evenly_doubled(s: &str) -> bool {
    let mut it = s.chars();
    let (Some(c0), Some(c1)) = (it.next(), it.next()) else { return false };
    let count = |x: char| s.chars().filter(|&c| c == x).count();
    let mut back = s.chars().rev();
    let last = back.next().unwrap_or(c1);
    let before_last = back.next().unwrap_or(c0);
    if count(last) % 2 == 1 {
        return false;
    }
    let n = s.chars().count();
    let blanks = s.chars().filter(|&c| is_blank(c)).count();
    if (n - blanks) % 2 == 1 {
        return false;
    }
    let middle = s.chars().nth(n / 2).unwrap_or(c0);
    for c in [c0, c1, before_last, middle] {
        if !is_blank(c) && count(c) % 2 == 1 {
            return false;
        }
    }
    true
}

/// `_collapse_doubled_line(line, stripped)`.
fn collapse_doubled_line(ctx: &mut Ctx, line: &str, stripped: &str) -> R<Option<Vec<char>>> {
    // _line_starts_tandem(line) needs at most MAX_LINE characters; test it
    // before _ends_doubled (both are pure), then collapse.
    let line_chars: Vec<char> = line.chars().take(MAX_LINE + 1).collect();
    if !line_starts_tandem(&line_chars) {
        return Ok(None);
    }
    let s: Vec<char> = stripped.chars().collect();
    if !ends_doubled(&s) {
        return Ok(None);
    }
    collapse_line(ctx, &s)
}

/// Does `c1` followed by `c3`, or by a space and `c3`, start within the
/// first `MAX_LINE + 1` characters of `hay` (`[^\n]{0,400}\1 ?\3`)?
fn pair_within(hay: &str, c1: char, c3: char) -> bool {
    // Where a match can start: the first MAX_LINE + 1 characters.
    let mut e = hay.len().min(4 * (MAX_LINE + 1));
    while !hay.is_char_boundary(e) {
        e -= 1;
    }
    let mut needle = [0u8; 4];
    let first: &str = c1.encode_utf8(&mut needle);
    // A quick test first: c1 must come again (a vectorized search).
    if !hay[..e].contains(first) {
        return false;
    }
    let mut from = 0;
    let mut chars = 0; // characters before `from`
    while let Some(k) = hay[from..e].find(first) {
        chars += count_chars(&hay[from..from + k]);
        if chars > MAX_LINE {
            return false;
        }
        let q = from + k + c1.len_utf8();
        let mut it = hay[q..].chars();
        match it.next() {
            Some(c) if c == c3 => return true,
            Some(' ') if it.next() == Some(c3) => return true,
            _ => {}
        }
        from = q;
        chars += 1;
    }
    false
}

/// The `_TANDEM_START` condition for the line `line` (no line break in it).
fn tandem_start(line: &str) -> bool {
    let body = line.trim_start_matches(is_edge);
    let mut it = body.chars();
    let Some(c1) = it.next() else { return false };
    let after = it.as_str();
    // \1[ \t\u3000]*+([^ \t\u3000\n])[^\n]{0,96}\2
    if let Some(rest) = after.strip_prefix(c1) {
        let mut rest = rest.trim_start_matches(is_blank).chars();
        if let Some(c2) = rest.next() {
            if rest.take(2 * MAX_UNIT + 1).any(|c| c == c2) {
                return true;
            }
        }
    }
    // ` ?([^\n])[^\n]{0,400}\1 ?\3`
    let mut it = after.chars();
    match it.next() {
        None => false,
        Some(' ') => {
            let rest = it.as_str();
            let mut it2 = rest.chars();
            if let Some(c3) = it2.next() {
                if pair_within(it2.as_str(), c1, c3) {
                    return true;
                }
            }
            pair_within(rest, c1, ' ')
        }
        Some(c3) => pair_within(it.as_str(), c1, c3),
    }
}

/// `_printed_twice_blanks_aside`: the first copy, if the stripped line is
/// one run printed twice once its blanks are left out (cjk-space may take
/// out the blanks the copies differ by), and collapses read that way.
fn printed_twice_blanks_aside(ctx: &mut Ctx, stripped: &str) -> R<Option<Vec<char>>> {
    let s: Vec<char> = stripped.chars().collect();
    let solid: Vec<usize> = (0..s.len()).filter(|&i| !is_blank(s[i])).collect();
    let half = solid.len() / 2;
    if solid.len() % 2 == 1 || half < 3 {
        return Ok(None);
    }
    if (0..half).any(|i| s[solid[i]] != s[solid[half + i]]) {
        return Ok(None);
    }
    let first = &s[..solid[half - 1] + 1];
    if first == &s[solid[half]..] {
        return Ok(None);
    }
    let bare: String = solid.iter().map(|&i| s[i]).collect();
    if collapse_doubled_line(ctx, &bare, &bare)?.is_none() {
        let alike: String = s[..solid[half]].iter().chain(first.iter()).collect();
        if collapse_doubled_line(ctx, &alike, &alike)?.is_none() {
            return Ok(None);
        }
    }
    Ok(Some(first.to_vec()))
}

/// `_collapse_doubled_lines`: the text and where the changed lines start.
/// `_doubled_closers`: the marks once, if the stripped line `s` is closing
/// brackets and quotes each printed twice, side by side.
fn doubled_closers(s: &str) -> Option<String> {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if chars.next() != Some(c) || c.is_ascii() || !in_table(classes::CLOSE, c) {
            return None;
        }
        out.push(c);
    }
    if out.is_empty() {
        None
    } else {
        Some(out)
    }
}

fn collapse_doubled_lines<'a>(ctx: &mut Ctx, t: &'a str, nl: &[usize]) -> R<(Cow<'a, str>, Vec<usize>)> {
    let mut out = String::new();
    let mut changed = Vec::new();
    let mut last = 0;
    for (start, end) in lines_of(t, nl) {
        if start < last {
            continue; // the closing marks of the line before, collapsed with it
        }
        let line = &t[start..end];
        if tandem_start(line) {
            let stripped = line.trim_matches(is_edge);
            if evenly_doubled(stripped) {
                let mut collapsed = collapse_doubled_line(ctx, line, stripped)?;
                if collapsed.is_none() && stripped.contains(' ') {
                    if let Cow::Owned(without) = without_spurious_blanks(stripped) {
                        collapsed = collapse_doubled_line(ctx, &without, &without)?;
                    }
                }
                if collapsed.is_none() && stripped.contains(is_blank) {
                    collapsed = printed_twice_blanks_aside(ctx, stripped)?;
                    if collapsed.is_none() {
                        // Blanks inside a unit ("的的说的说 的"): cjk-space may
                        // take them out, and the next run would collapse the line.
                        let bare: String = stripped.chars().filter(|&c| !is_blank(c)).collect();
                        if evenly_doubled(&bare) {
                            collapsed = collapse_doubled_line(ctx, &bare, &bare)?;
                            if collapsed.is_some() && !blank_inside_a_copy(stripped, &bare) {
                                collapsed = None; // judged as it stands ("高高兴兴 高高兴兴")
                            }
                        }
                    }
                }
                if let Some(collapsed) = collapsed {
                    // (collapsing only shortens: one allocation, no copy on growth)
                    out.reserve(t.len());
                    let head = line.len() - line.trim_start_matches(is_edge).len();
                    let tail = line.trim_end_matches(is_edge).len();
                    out.push_str(&t[last..start]);
                    changed.push(out.len());
                    out.push_str(&line[..head]);
                    out.extend(collapsed);
                    out.push_str(&line[tail..]);
                    last = end;
                    if end < t.len() {
                        // Its closing marks, doubled and wrapped onto the next line.
                        let next_end = line_end(t, end + 1);
                        let next = &t[end + 1..next_end];
                        if let Some(closers) = doubled_closers(strip_blank(next)) {
                            let head = next.len() - next.trim_start_matches(is_blank).len();
                            let tail = next.trim_end_matches(is_blank).len();
                            out.push('\n');
                            changed.push(out.len());
                            out.push_str(&next[..head]);
                            out.push_str(&closers);
                            out.push_str(&next[tail..]);
                            last = next_end;
                        }
                    }
                }
            }
        }
    }
    if changed.is_empty() {
        return Ok((Cow::Borrowed(t), changed));
    }
    out.push_str(&t[last..]);
    Ok((Cow::Owned(out), changed))
}

// ---------------------------------------------------------------------------
// A line repeated on the next line
// ---------------------------------------------------------------------------

/// The `_REPEAT_PAIR` condition for the line `line`, followed by a line
/// break and `next` (the next line).
fn repeat_start(line: &str, next: &str) -> bool {
    let body = line.trim_start_matches(is_blank);
    let mut marks = [0usize; 5];
    let mut m = 0;
    for c in body.chars() {
        if m == 4 || !is_mark(c) {
            break;
        }
        marks[m + 1] = marks[m] + c.len_utf8();
        m += 1;
    }
    // `[ \t\u3000]*\1 ?\2` at the start of the next line: only after all
    // of its blanks unless \1 is a blank itself.
    let first = next.len() - next.trim_start_matches(is_blank).len();
    let at = |p: usize, c1: char, c2: char| {
        if ch(next, p) != Some(c1) {
            return false;
        }
        let q = p + c1.len_utf8();
        match ch(next, q) {
            Some(' ') => ch(next, q + 1) == Some(c2) || c2 == ' ',
            Some(c) => c == c2,
            None => false,
        }
    };
    let in_next = |c1: char, c2: char| {
        if at(first, c1, c2) {
            return true;
        }
        if !is_blank(c1) {
            return false;
        }
        let mut p = 0;
        while p < first {
            if at(p, c1, c2) {
                return true;
            }
            p += ch(next, p).map_or(1, char::len_utf8);
        }
        false
    };
    for k in (0..=m).rev() {
        let rest = &body[marks[k]..];
        let mut it = rest.chars();
        let Some(c1) = it.next() else { continue };
        let mut it2 = it.as_str().chars();
        match it2.next() {
            Some(' ') => {
                if let Some(c2) = it2.next() {
                    if in_next(c1, c2) {
                        return true;
                    }
                }
                if in_next(c1, ' ') {
                    return true;
                }
            }
            Some(c2) if in_next(c1, c2) => return true,
            _ => {}
        }
    }
    false
}

fn count_chars(s: &str) -> usize {
    s.chars().count()
}

/// `_repeated_line_as_is`.
fn repeated_line_as_is(first: &str, second: &str) -> Option<String> {
    let a = strip_blank(first);
    let b = strip_blank(second);
    if a.is_empty() || b.is_empty() {
        return None;
    }
    let (run, merged) = if a == b {
        (a, first.to_owned())
    } else {
        let a_body = a.trim_start_matches(is_mark);
        let head = count_chars(&a[..a.len() - a_body.len()]);
        let b_body = b.trim_end_matches(is_mark);
        let tail_chars = count_chars(&b[b_body.len()..]);
        if head == 0 && tail_chars == 0 {
            return None;
        }
        if a_body != b_body || head + tail_chars > 4 {
            return None;
        }
        let mut merged = first.trim_end_matches(is_blank).to_owned();
        merged.push_str(&b[b_body.len()..]);
        (a_body, merged)
    };
    let last = run.chars().next_back()?;
    if run.chars().filter(|&c| c != ' ').count() >= MIN_REPEATED_LINE
        && run.chars().filter(|&c| is_alpha(c)).count() >= 2
        && !SENTENCE_END.contains(&last)
    {
        return Some(merged);
    }
    None
}

/// `_repeated_line`.
fn repeated_line(first: &str, second: &str) -> Option<String> {
    let merged = repeated_line_as_is(first, second);
    if merged.is_none() && (first.contains(' ') || second.contains(' ')) {
        let wf = without_spurious_blanks(first);
        let ws = without_spurious_blanks(second);
        if matches!(wf, Cow::Owned(_)) || matches!(ws, Cow::Owned(_)) {
            if let Some(m) = repeated_line_as_is(&wf, &ws) {
                return Some(m);
            }
        }
    }
    if merged.is_none() && (first.contains(is_blank) || second.contains(is_blank)) {
        let bare: String = first.chars().filter(|&c| !is_blank(c)).collect();
        if second.chars().filter(|&c| !is_blank(c)).eq(bare.chars()) && repeated_line_as_is(&bare, &bare).is_some() {
            return Some(first.to_owned());
        }
    }
    merged
}

/// `_merge_repeated_lines`: the text and the merged lines.  Lines that
/// repeat one another are read in groups; only a group of exactly two lines
/// is merged (fake bold prints a line twice: three copies are content).
fn merge_repeated_lines<'a>(t: &'a str, nl: &[usize]) -> (Cow<'a, str>, Vec<String>) {
    let mut candidates = Vec::new();
    let mut lines = lines_of(t, nl).peekable();
    while let Some((s, e)) = lines.next() {
        let Some(&(ns, ne)) = lines.peek() else { break };
        if repeat_start(&t[s..e], &t[ns..ne]) {
            candidates.push(ns);
        }
    }
    if candidates.is_empty() {
        return (Cow::Borrowed(t), Vec::new());
    }
    let mut out = String::with_capacity(t.len());
    let mut merged_lines: Vec<String> = Vec::new();
    let mut last = 0usize;
    // The group in progress: t[group_start..group_end], `count` lines that
    // read as `merged` (no group yet: group_end is None).
    let mut group_start = 0usize;
    let mut group_end: Option<usize> = None;
    let mut merged = String::new();
    let mut count = 0usize;
    let mut k = 0;
    let mut start = candidates[0];
    loop {
        let end = line_end(t, start);
        let line = &t[start..end];
        let follows = group_end == Some(start - 1);
        let (previous, previous_start): (&str, usize) = if follows {
            (&merged, group_start)
        } else {
            let ps = line_start(t, start - 1);
            (&t[ps..start - 1], ps)
        };
        let mut repeat = None;
        if !line.is_empty() && count_chars(line).abs_diff(count_chars(previous)) <= 6 {
            repeat = repeated_line(previous, line);
        }
        let repeated = repeat.is_some();
        if let Some(mut r) = repeat {
            let mut new_start = previous_start;
            if follows {
                count += 1;
            } else {
                // The line or group right before the new group.
                let adjacent = previous_start > 0 && group_end == Some(previous_start - 1);
                let (before, before_start, before_count): (&str, usize, usize) = if adjacent {
                    (&merged, group_start, count)
                } else if previous_start > 0 {
                    let bs = line_start(t, previous_start - 1);
                    (&t[bs..previous_start - 1], bs, 1)
                } else {
                    ("", 0, 0)
                };
                let mut joined = None;
                if !before.is_empty() && count_chars(before).abs_diff(count_chars(&r)) <= 6 {
                    joined = repeated_line(before, &r);
                }
                if count == 2 && !(adjacent && joined.is_some()) {
                    if let Some(ge) = group_end {
                        out.push_str(&t[last..group_start]);
                        out.push_str(&merged);
                        merged_lines.push(merged.clone());
                        last = ge;
                    }
                }
                if let Some(j) = joined {
                    new_start = before_start;
                    r = j;
                    count = before_count + 2;
                } else {
                    count = 2;
                }
            }
            group_start = new_start;
            group_end = Some(end);
            merged = r;
        }
        while k < candidates.len() && candidates[k] <= start {
            k += 1;
        }
        if repeated && end < t.len() {
            start = end + 1;
        } else if k < candidates.len() {
            start = candidates[k];
        } else {
            break;
        }
    }
    if count == 2 {
        if let Some(ge) = group_end {
            out.push_str(&t[last..group_start]);
            out.push_str(&merged);
            merged_lines.push(merged.clone());
            last = ge;
        }
    }
    if merged_lines.is_empty() {
        return (Cow::Borrowed(t), Vec::new());
    }
    out.push_str(&t[last..]);
    (Cow::Owned(out), merged_lines)
}

// ---------------------------------------------------------------------------
// Rounds
// ---------------------------------------------------------------------------

/// `_could_collapse` for a line without line breaks.
fn could_collapse(line: &str) -> bool {
    line_starts_tandem_str(line) || gate_search_line(line)
}

/// `any(map(_could_collapse, _changed_lines(text, line_starts, regions)))`,
/// each changed line asked once: the lines of a region that lie in lines
/// already asked are not asked again (the reference asks the whole line once
/// per region, which is quadratic on a long line with many regions).
fn changed_lines_could_collapse(t: &str, line_starts: &[usize], regions: &[Region]) -> bool {
    // Lines of the regions, in order; `asked` is the end of the lines asked so far.
    let mut asked: Option<usize> = None;
    for &(_, _, new_start, new_end) in regions {
        let from = match asked {
            Some(a) if new_end <= a => continue,
            Some(a) if new_start <= a => a + 1,
            _ => line_start(t, new_start),
        };
        let to = line_end(t, new_end);
        if t[from..to].split('\n').any(could_collapse) {
            return true;
        }
        asked = Some(to);
    }
    let mut shift: isize = 0;
    let mut k = 0;
    for &start in line_starts {
        while k < regions.len() && regions[k].1 <= start {
            let (os, oe, ns, ne) = regions[k];
            shift += (ne - ns) as isize - (oe - os) as isize;
            k += 1;
        }
        if k < regions.len() && regions[k].0 < start {
            continue;
        }
        let s = (start as isize + shift) as usize;
        if could_collapse(&t[s..line_end(t, s)]) {
            return true;
        }
    }
    false
}

/// One round of repairs (None: nothing changed), and whether what it
/// produced may need another.
/// `_block_line`: can `line` be a line of a block printed twice?
fn block_line(line: &str) -> bool {
    let s = strip_blank(line);
    let Some(last) = s.chars().next_back() else { return false };
    s.chars().filter(|&c| !is_blank(c)).count() >= MIN_REPEATED_LINE
        && s.chars().filter(|&c| is_alpha(c)).count() >= 2
        && !SENTENCE_END.contains(&last)
}

/// `_without_blanks(a) == _without_blanks(b)`, without copying them.
fn same_without_blanks(a: &str, b: &str) -> bool {
    a == b || a.chars().filter(|&c| !is_blank(c)).eq(b.chars().filter(|&c| !is_blank(c)))
}

/// `_merge_repeated_blocks`: `t` with one copy of each block of lines
/// printed twice in a row, or `None` when there is none.
fn merge_repeated_blocks(t: &str, nl: &[usize]) -> Option<String> {
    if nl.len() < 3 {
        return None;
    }
    let n = nl.len() + 1;
    let start = |j: usize| if j == 0 { 0 } else { nl[j - 1] + 1 };
    let end = |j: usize| if j < nl.len() { nl[j] } else { t.len() };
    let line = |j: usize| &t[start(j)..end(j)];
    // Lines whose first characters other than blanks differ differ: most
    // comparisons end on this table.
    let first: Vec<Option<char>> = (0..n).map(|j| line(j).chars().find(|&c| !is_blank(c))).collect();
    let same = |a: usize, b: usize| first[a] == first[b] && same_without_blanks(line(a), line(b));
    let mut out: Option<String> = None;
    let mut last = 0;
    let mut i = 0;
    while i < n {
        let mut found = 0;
        // (a blank line starts no block: it is no `block_line`)
        let candidates = if first[i].is_some() { MAX_BLOCK.min((n - i) / 2) } else { 0 };
        for k in 2..=candidates {
            if !(0..k).all(|d| same(i + d, i + k + d)) {
                continue;
            }
            if (0..k).any(|a| (a + 1..k).any(|b| same(i + a, i + b))) {
                continue;
            }
            if (i > 0 && same(i - 1, i + k - 1)) || (i + 2 * k < n && same(i + 2 * k, i)) {
                continue;
            }
            if !(i..i + k).all(|j| block_line(line(j))) {
                continue;
            }
            found = k;
            break;
        }
        if found == 0 {
            i += 1;
            continue;
        }
        // Keep lines i..i+k; drop the line break before line i+k and the
        // lines of the second copy.
        let o = out.get_or_insert_with(|| String::with_capacity(t.len()));
        o.push_str(&t[last..nl[i + found - 1]]);
        last = end(i + 2 * found - 1);
        i += 2 * found;
    }
    let mut o = out?;
    o.push_str(&t[last..]);
    Some(o)
}

// ---------------------------------------------------------------------------
// A line's runs printed twice, the copies split between two lines

/// `_OVERLAP_REACH`: how many lines apart (in one block) another split pair
/// must be for a split pair to count.
const OVERLAP_REACH: usize = 6;

/// `_overlap`: the length in characters of the longest run (at most
/// `MAX_UNIT` characters) that ends `a` and starts `b`; 0 if none.
fn overlap(a: &str, b: &str) -> usize {
    let (Some(first), Some(last)) = (b.chars().next(), a.chars().next_back()) else { return 0 };
    // (cheap necessary tests first: a shared run ends with the last
    // character of `a`, which then stands among the first MAX_UNIT
    // characters of `b`, and starts with the first of `b`, among the last
    // of `a`; 4 * MAX_UNIT bytes hold MAX_UNIT characters)
    let mut e = b.len().min(4 * MAX_UNIT);
    while !b.is_char_boundary(e) {
        e -= 1;
    }
    let mut s = a.len().saturating_sub(4 * MAX_UNIT);
    while !a.is_char_boundary(s) {
        s += 1;
    }
    if !b[..e].contains(last) || !a[s..].contains(first) {
        return 0;
    }
    // (the last MAX_UNIT characters of `a`, found from its end)
    let start = a.char_indices().rev().nth(MAX_UNIT - 1).map_or(0, |(i, _)| i);
    let tail = &a[start..];
    for (i, c) in tail.char_indices() {
        if c == first && b.starts_with(&tail[i..]) {
            return tail[i..].chars().count();
        }
    }
    0
}

/// `_split_pair`: `(k, merge)` for the adjacent lines `a` and `b` (blanks
/// at their edges stripped).
fn split_pair(a: &str, b: &str) -> (usize, bool) {
    let k = overlap(a, b);
    if k == 0 {
        return (0, false);
    }
    let run: Vec<char> = b.chars().take(k).collect();
    if run.last().is_some_and(|c| SENTENCE_END_SET.contains(c)) {
        return (0, false);
    }
    if a == b {
        if a.chars().filter(|&c| !is_blank(c)).count() >= MIN_REPEATED_LINE {
            return (k, false);
        }
        return if run.iter().any(|&c| is_alpha(c)) { (k, true) } else { (0, false) };
    }
    if k == a.chars().count() || k == b.chars().count() {
        if k >= 2 && run.iter().any(|&c| is_alpha(c) || c.is_ascii_digit()) {
            return (k, true);
        }
        return (0, false);
    }
    if k >= 3 && run.iter().filter(|&&c| is_alpha(c)).count() >= 2 {
        return (k, true);
    }
    (0, false)
}

/// `_merge_split_runs`: merge each pair of adjacent lines that share a run
/// printed twice, where another such pair lies within `OVERLAP_REACH` lines
/// in the same block; `None` when nothing is merged.  The lines are read
/// through a window of four: only the pairs found are held.
fn merge_split_runs(text: &str) -> Option<String> {
    if !text.contains('\n') {
        return None;
    }
    // (upper line, k, merge, block of the upper line)
    let mut pairs: Vec<(usize, usize, bool, usize)> = Vec::new();
    let mut it = text.split('\n').map(|l| l.trim_matches(is_blank));
    // lines j - 1, j, j + 1 and j + 2
    let mut w: [Option<&str>; 4] = [None, it.next(), it.next(), it.next()];
    let (mut j, mut block) = (0usize, 0usize);
    while let Some(a) = w[1] {
        if a.is_empty() {
            block += 1;
        }
        if let Some(b) = w[2].filter(|b| !a.is_empty() && !b.is_empty()) {
            let (k, merge) = split_pair(a, b);
            // (three equal lines or more: content)
            if k > 0 && !(a == b && (w[0] == Some(a) || w[3] == Some(b))) {
                pairs.push((j, k, merge, block));
            }
        }
        w = [w[1], w[2], w[3], it.next()];
        j += 1;
    }
    let mut merges: Vec<(usize, usize)> = Vec::new(); // (upper line, k)
    for (p, &(j, k, merge, block)) in pairs.iter().enumerate() {
        if !merge {
            continue;
        }
        let lo = p.saturating_sub(OVERLAP_REACH);
        let hi = (p + 1 + OVERLAP_REACH).min(pairs.len());
        let near = pairs[lo..p]
            .iter()
            .chain(&pairs[p + 1..hi])
            .any(|&(other, _, _, b)| other.abs_diff(j) <= OVERLAP_REACH && other != j && b == block);
        if near {
            merges.push((j, k));
        }
    }
    if merges.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut next = merges.iter().peekable();
    for (j, line) in text.split('\n').enumerate() {
        // (is line j the lower line of a merged pair?)
        while next.peek().is_some_and(|&&(upper, _)| upper + 1 < j) {
            next.next();
        }
        match next.peek() {
            Some(&&(upper, k)) if upper + 1 == j => {
                let kept = out.trim_end_matches(is_blank).len();
                out.truncate(kept);
                let rest = line.trim_start_matches(is_blank);
                let cut = rest.char_indices().nth(k).map_or(rest.len(), |(i, _)| i);
                out.push_str(&rest[cut..]);
            }
            _ => {
                if j > 0 {
                    out.push('\n');
                }
                out.push_str(line);
            }
        }
    }
    Some(out)
}

fn one_pass(ctx: &mut Ctx, text: &str) -> R<Option<(String, bool)>> {
    if let Some(split) = merge_split_runs(text) {
        // (the merged lines meet their neighbours: another round)
        return Ok(Some((split, true)));
    }
    // Each phase's output replaces the one before as soon as it is there, and
    // a phase that changes nothing passes its input on as is: at most the
    // round's input and two copies live at once, never a copy of a copy.
    let nl = newlines(text);
    let (joined, changed) = collapse_doubled_lines(ctx, text, &nl)?;
    let joined = owned(joined);
    let (spans, regions) = collapse_spans(ctx, joined.as_deref().unwrap_or(text))?;
    let spans = owned(spans).or(joined);
    let spans_text = spans.as_deref().unwrap_or(text);
    // The line breaks of `text` are those of `spans` when nothing changed.
    let (result, merged) = if changed.is_empty() && regions.is_empty() {
        merge_repeated_lines(spans_text, &nl)
    } else {
        merge_repeated_lines(spans_text, &newlines(spans_text))
    };
    let again =
        changed_lines_could_collapse(spans_text, &changed, &regions) || merged.iter().any(|m| could_collapse(m));
    let result = match owned(result) {
        Some(result) => {
            drop(spans);
            Some(result)
        }
        None => spans,
    };
    // A block of lines (a two-line headline, a caption) printed twice.
    let blocks = match result.as_deref() {
        Some(changed_text) => merge_repeated_blocks(changed_text, &newlines(changed_text)),
        None => merge_repeated_blocks(text, &nl),
    };
    drop(nl);
    if changed.is_empty() && regions.is_empty() && merged.is_empty() && blocks.is_none() {
        return Ok(None);
    }
    // Taking a block out makes its neighbours meet: another round judges them.
    let again = again || blocks.is_some();
    let result = match blocks {
        Some(blocks) => {
            drop(result);
            blocks
        }
        None => result.unwrap_or_else(|| text.to_owned()),
    };
    Ok(Some((result, again)))
}

/// The text a phase made, or `None` where it passed its input on.
fn owned(text: Cow<'_, str>) -> Option<String> {
    match text {
        Cow::Owned(text) => Some(text),
        Cow::Borrowed(_) => None,
    }
}

/// Collapse characters and runs printed twice by fake-bold rendering.
pub fn collapse_fake_bold<'a>(text: &'a str, _options: &Options) -> Option<Cow<'a, str>> {
    let mut ctx = Ctx::default();
    let mut current: Cow<'a, str> = Cow::Borrowed(text);
    loop {
        match one_pass(&mut ctx, &current) {
            // Python runs the whole rule again on the original input.
            Err(Defer) => return None,
            Ok(None) => return Some(current),
            Ok(Some((result, again))) => {
                current = Cow::Owned(result);
                if !again {
                    return Some(current);
                }
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod bench;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[ignore]
    fn bench_file() {
        bench::bench(collapse_fake_bold);
    }

    #[test]
    #[ignore]
    fn bench_phases() {
        let Ok(file) = std::env::var("BENCH_FILE") else { return };
        let text = std::fs::read_to_string(file).unwrap_or_default();
        bench::load_test_tables();
        let mut ctx = Ctx::default();
        let time = |name: &str, f: &mut dyn FnMut()| {
            let t = std::time::Instant::now();
            for _ in 0..10 {
                f();
            }
            println!("{name}: {:.2} ms", t.elapsed().as_secs_f64() * 100.0);
        };
        time("rule", &mut || {
            std::hint::black_box(collapse_fake_bold(&text, &Options::default()).is_some());
        });
        if std::env::var("BENCH_RULE_ONLY").is_ok() {
            return;
        }
        time("lines", &mut || {
            std::hint::black_box(collapse_doubled_lines(&mut ctx, &text, &newlines(&text)).is_ok());
        });
        time("pair_starts", &mut || {
            std::hint::black_box(pair_starts(&text));
        });
        time("spaced", &mut || {
            std::hint::black_box(spaced_search(&text, 0));
        });
        let mut ctx = Ctx::default();
        time("spans", &mut || {
            std::hint::black_box(collapse_spans(&mut ctx, &text).is_ok());
        });
        time("merge", &mut || {
            std::hint::black_box(merge_repeated_lines(&text, &newlines(&text)));
        });
        time("tandem_start", &mut || {
            std::hint::black_box(text.split('\n').filter(|l| tandem_start(l)).count());
        });
    }

    fn fix(text: &str) -> String {
        bench::load_test_tables();
        collapse_fake_bold(text, &Options::default()).expect("not deferred").into_owned()
    }

    #[test]
    fn collapses() {
        for (before, after) in [
            ("（（资资料料图图片片））", "（资料图片）"),
            ("第第八八章章", "第八章"),
            ("李李鹏鹏", "李鹏"),
            ("记记者者 张三", "记者 张三"),
            ("资资料料图图\n片片说说明明", "资料图\n片说明"),
            ("一 一 個 個 我 我 們。一 個。", "一 個 我 們。一 個。"),
            ("■■实施实施““三服务三服务””提升获得感提升获得感", "■实施“三服务”提升获得感"),
            ("三峡工程\t三峡工程", "三峡工程"),
            ("四川机电提灌抗旱减灾显威力\n四川机电提灌抗旱减灾显威力\n　　本报讯", "四川机电提灌抗旱减灾显威力\n　　本报讯"),
            ("（张学俭潘颖\n张学俭潘颖）\n正文。", "（张学俭潘颖）\n正文。"),
            ("SSttaatteemmeenntt  ooff  AAccccoouunnttss", "Statement of Accounts"),
            ("DDDDoooowwwwnnnn", "Down"),
            ("提升获得感2020提升获得感 2020", "提升获得感2020"),
            // copies that differ only by blanks cjk-space takes out
            ("近日， 市统计局近日，市统计局", "近日， 市统计局"),
            ("全 国 人 民全国人民", "全 国 人 民"),
            ("作用。通过组  作用 。通过组", "作用。通过组"),
            ("标题，文字\n标题， 文字\n正文。", "标题，文字\n正文。"),
        ] {
            assert_eq!(fix(before), after, "{before:?}");
        }
    }

    #[test]
    fn leaves_alone() {
        for text in [
            "",
            "谢谢",
            "哈哈哈哈",
            "我们要扎扎实实、高高兴兴地研究研究，天天向上。",
            "庄稼长好了，崖崖畔畔的草旺了。",
            "1100亿元，2000年，哈哈哈哈……——bookkeeper",
            "服务企业服务群众服务基层",
            "合计\n合计",
            "## 以标准化推进政务服务转型升级\n### 阅读提示\n　　正文。",
            // three copies of a line are content, not a line printed twice
            "我爱你中国\n我爱你中国\n我爱你中国\n",
            "标题甲乙丙\n　标题甲乙丙\n标题甲乙丙\n正文。",
            "（标题文字）\n（标题文字\n标题文字）\n",
        ] {
            bench::load_test_tables();
            let out = collapse_fake_bold(text, &Options::default()).expect("not deferred");
            assert!(matches!(out, Cow::Borrowed(_)), "{text:?}");
        }
    }

    #[test]
    fn only_two_copies_of_a_line_merge() {
        for (before, after) in [
            ("我爱你中国\n我爱你中国\n", "我爱你中国\n"),
            ("甲标题文字\n甲标题文字\n乙标题文字\n乙标题文字", "甲标题文字\n乙标题文字"),
            (
                "标题文字\n标题文字\n我爱你中国\n我爱你中国\n我爱你中国\n标题二号字\n标题二号字",
                "标题文字\n我爱你中国\n我爱你中国\n我爱你中国\n标题二号字",
            ),
        ] {
            assert_eq!(fix(before), after, "{before:?}");
        }
        let text = format!("{}\n", "资".repeat(100)).repeat(10_000);
        assert_eq!(fix(&text), text);
    }

    #[test]
    fn long_line_is_linear() {
        // One long line with a doubled caption every few sentences: each
        // changed line is asked once whether it could collapse again.
        let unit = format!("{}（（资资料料图图片片））", "中文的句子。".repeat(20));
        let text = unit.repeat(20_000);
        let start = std::time::Instant::now();
        let out = fix(&text);
        assert_eq!(out, format!("{}（资料图片）", "中文的句子。".repeat(20)).repeat(20_000));
        assert!(start.elapsed().as_secs_f64() < 5.0);
    }
}

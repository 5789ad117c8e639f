//! `quote-pair`: straight quotes around Chinese become paired curly quotes,
//! on each line outside fenced code that has a straight quote and a Han
//! character (the Python `_quote_block`).

use std::borrow::Cow;

use super::any_byte;
use super::protected::mask;
use super::{
    by_lines, is_cjk_opt, is_cjk_punct, is_digit, is_foreign, is_han, is_han_kana, is_py_space, is_space, next, prev,
};

pub(crate) fn quote_pair(text: &str) -> Cow<'_, str> {
    let quote = |b: u8| (b == b'"') | (b == b'\'');
    if !any_byte(text.as_bytes(), quote) {
        return Cow::Borrowed(text);
    }
    by_lines(text, |line| {
        if !any_byte(line.as_bytes(), quote) {
            return None;
        }
        let chars: Vec<char> = line.chars().collect();
        if !chars.iter().any(|&c| is_han(c)) {
            return None;
        }
        let free = mask(&chars);
        let free = free.as_deref();
        if quoting_in_latin(&chars, free) {
            return None;
        }
        let mut out = chars.clone();
        let has_double = chars.contains(&'"');
        let has_single = chars.contains(&'\'');
        let mut changed = has_double && fix_quotes(&chars, &mut out, free, '"', '\u{201c}', '\u{201d}');
        changed = (has_single && fix_quotes(&chars, &mut out, free, '\'', '\u{2018}', '\u{2019}')) || changed;
        if changed && !is_foreign(line) {
            Some(out.into_iter().collect())
        } else {
            None
        }
    })
}

/// `_OPENS_AFTER`
fn opens_after(c: char) -> bool {
    matches!(c, ':' | '\u{ff1a}' | '(' | '\u{ff08}' | '\u{300a}' | '\u{3010}')
}

/// `_CLOSES_BEFORE`
fn closes_before(c: char) -> bool {
    matches!(c, ',' | '.' | ';' | ':' | '?' | '!' | ')') || FULLWIDTH_AFTER_CLOSE.contains(&c)
}

/// `_FULLWIDTH_AFTER_CLOSE`: the full-width marks that follow a closing
/// quote (，。、；：？！）》】).
const FULLWIDTH_AFTER_CLOSE: [char; 10] =
    ['\u{ff0c}', '\u{3002}', '\u{3001}', '\u{ff1b}', '\u{ff1a}', '\u{ff1f}', '\u{ff01}', '\u{ff09}', '\u{300b}', '\u{3011}'];

/// `_CLAUSE_MARKS`
fn clause_mark(c: char) -> bool {
    matches!(
        c,
        '\u{ff0c}' | '\u{3002}' | '\u{ff1b}' | '\u{ff01}' | '\u{ff1f}' | '\u{ff1a}' | ',' | '.' | ';' | '!' | '?' | ':'
    )
}

fn closes(before: Option<char>, after: Option<char>) -> bool {
    before.is_some_and(|b| !is_space(b)) && after.is_none_or(|a| is_space(a) || closes_before(a))
}

fn opens(before: Option<char>, after: Option<char>) -> bool {
    before.is_some_and(opens_after) && after.is_some_and(|a| !is_space(a) && !closes_before(a))
}

fn ascii_alnum(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_alphanumeric())
}

type Pairs = Vec<(usize, usize)>;

/// `_pair`: the pairs and the unpaired quotes of one kind.
fn pair(line: &[char], free: Option<&[bool]>, straight: char, opener: char, closer: char) -> (Pairs, Vec<usize>) {
    let mut pairs = Vec::new();
    let mut lone = Vec::new();
    let mut open_at: Option<usize> = None;
    let marks: Vec<usize> = (0..line.len())
        .filter(|&k| {
            let c = line[k];
            (c == straight || c == opener || c == closer) && free.is_none_or(|f| f[k])
        })
        .collect();
    let mut skip = 0;
    for (k, &i) in marks.iter().enumerate() {
        if skip > 0 {
            skip -= 1;
            continue;
        }
        let ch = line[i];
        if ch == opener {
            if let Some(o) = open_at {
                lone.push(o);
            }
            if let Some(inner) = nested(line, &marks[k..(k + 4).min(marks.len())], straight, closer) {
                pairs.push((i, marks[k + 3]));
                pairs.push(inner);
                open_at = None;
                skip = 3;
                continue;
            }
            open_at = Some(i);
            continue;
        }
        if ch == closer {
            match open_at {
                None => lone.push(i),
                Some(o) => {
                    pairs.push((o, i));
                    open_at = None;
                }
            }
            continue;
        }
        let before = if i > 0 { Some(line[i - 1]) } else { None };
        let after = line.get(i + 1).copied();
        if ascii_alnum(before) && ascii_alnum(after) {
            continue; // don't, 5'11
        }
        match open_at {
            None => {
                if before.is_some_and(is_digit) {
                    continue; // a prime: 30", 5'
                }
                if closes(before, after) {
                    lone.push(i);
                } else {
                    open_at = Some(i);
                }
            }
            Some(o) => {
                if opens(before, after) {
                    lone.push(o);
                    open_at = Some(i);
                } else {
                    pairs.push((o, i));
                    open_at = None;
                }
            }
        }
    }
    if let Some(o) = open_at {
        lone.push(o);
    }
    (pairs, lone)
}

/// `_nested`: a straight pair nested in a curly one.
fn nested(line: &[char], four: &[usize], straight: char, closer: char) -> Option<(usize, usize)> {
    if four.len() < 4 {
        return None;
    }
    let (o, a, b, c) = (four[0], four[1], four[2], four[3]);
    if line[a] != straight || line[b] != straight || line[c] != closer {
        return None;
    }
    if a + 1 == b || is_space(line[a + 1]) || is_space(line[b - 1]) {
        return None;
    }
    // at the end of the quotation: nested, even a clause, after some text
    let at_end = b + 1 == c;
    if at_end && a - 1 == o {
        return None;
    }
    if is_space(line[a - 1]) || is_digit(line[a - 1]) || (!at_end && is_space(line[b + 1])) {
        return None;
    }
    for q in [a, b] {
        if line[q - 1].is_ascii_alphanumeric() && line[q + 1].is_ascii_alphanumeric() {
            return None; // an apostrophe
        }
    }
    if !at_end && line[a + 1..b].iter().any(|&c| clause_mark(c)) {
        return None;
    }
    Some((a, b))
}

fn fix_quotes(
    line: &[char],
    chars: &mut [char],
    free: Option<&[bool]>,
    straight: char,
    opener: char,
    closer: char,
) -> bool {
    let (pairs, lone) = pair(line, free, straight, opener, closer);
    let mut changed = false;
    let double = straight == '"';
    for (o, c) in pairs {
        if line[o] != straight && line[c] != straight {
            continue;
        }
        if line[o] == straight && line[c] == straight && command_argument(line, o) {
            continue; // git commit -m "修复", name="张三": part of a command
        }
        let inside = &line[o + 1..c];
        let convert = inside.iter().any(|&ch| is_han(ch))
            || (double && inside.iter().any(|&ch| !is_py_space(ch)) && quote_outside_chinese(chars, o, c));
        if convert {
            if line[o] == straight {
                chars[o] = opener;
            }
            if line[c] == straight {
                chars[c] = closer;
            }
            changed = true;
        }
    }
    if double {
        for i in lone {
            if line[i] != straight {
                continue;
            }
            // (blanks at the line's edge are no neighbours: cjk-space strips
            // them, and the next run would see the edge itself; `_EDGE_BLANKS`)
            let edge_blank = |c: &char| *c == ' ' || *c == '\u{3000}';
            let before = if line[..i].iter().all(edge_blank) { None } else { Some(line[i - 1]) };
            let after = if line[i + 1..].iter().all(edge_blank) { None } else { line.get(i + 1).copied() };
            // a quote whose partner the OCR lost, only where its side is
            // certain (the Python `_LONE_OPENS_AFTER`, `_LONE_CLOSES_BEFORE`)
            let opens = before.is_none_or(lone_opens_after) || (i >= 2 && reporting_verb(line[i - 2], line[i - 1]));
            if after.is_some_and(is_han_kana) && opens {
                chars[i] = opener;
                changed = true;
            } else if before.is_some_and(is_han_kana) && after.is_none_or(lone_closes_before) {
                chars[i] = closer;
                changed = true;
            }
        }
    }
    changed
}

/// `_command_argument`: the straight quote at `o` right after `=`, or after
/// a command-line option (`-m`, `--message`: `--?[A-Za-z][A-Za-z0-9-]*`,
/// after a space or at the line start) and spaces or tabs.
fn command_argument(line: &[char], o: usize) -> bool {
    if o > 0 && line[o - 1] == '=' {
        return true;
    }
    let blank = |c: char| c == ' ' || c == '\t';
    let mut k = o;
    while k > 0 && blank(line[k - 1]) {
        k -= 1;
    }
    if k == o {
        return false;
    }
    let end = k;
    while k > 0 && (line[k - 1].is_ascii_alphanumeric() || line[k - 1] == '-') {
        k -= 1;
    }
    if k > 0 && !blank(line[k - 1]) {
        return false;
    }
    let token = &line[k..end];
    let dashes = token.iter().take(2).take_while(|&&c| c == '-').count();
    dashes >= 1
        && token.get(dashes).is_some_and(|c| c.is_ascii_alphabetic())
        && token[dashes + 1..].iter().all(|&c| c.is_ascii_alphanumeric() || c == '-')
}

/// `_LONE_OPENS_AFTER`: a colon, an opening bracket, an enumeration comma.
fn lone_opens_after(c: char) -> bool {
    matches!(c, ':' | '\u{ff1a}' | '(' | '\u{ff08}' | '\u{300a}' | '\u{3010}' | '\u{3001}')
}

/// `_REPORTING_VERBS`: verbs of saying that introduce direct speech.
fn reporting_verb(a: char, b: char) -> bool {
    const VERBS: [[char; 2]; 20] = [
        ['叮', '嘱'],
        ['嘱', '咐'],
        ['说', '道'],
        ['写', '道'],
        ['问', '道'],
        ['答', '道'],
        ['笑', '道'],
        ['喊', '道'],
        ['表', '示'],
        ['指', '出'],
        ['强', '调'],
        ['宣', '布'],
        ['呼', '吁'],
        ['告', '诉'],
        ['提', '醒'],
        ['感', '叹'],
        ['坦', '言'],
        ['直', '言'],
        ['透', '露'],
        ['回', '答'],
    ];
    VERBS.contains(&[a, b])
}

/// `_LONE_CLOSES_BEFORE`: the full-width marks that follow a closing quote.
fn lone_closes_before(c: char) -> bool {
    matches!(c, '\u{2026}' | '\u{2014}') || FULLWIDTH_AFTER_CLOSE.contains(&c)
}

fn quote_outside_chinese(chars: &[char], o: usize, c: usize) -> bool {
    is_cjk_opt(prev(chars, o, false)) || is_cjk_opt(next(chars, c, false))
}

/// `_quoting_in_latin`: Latin text that quotes some Chinese.
fn quoting_in_latin(line: &[char], free: Option<&[bool]>) -> bool {
    let mut pairs = Vec::new();
    for (straight, opener, closer) in [('"', '\u{201c}', '\u{201d}'), ('\'', '\u{2018}', '\u{2019}')] {
        if line.contains(&straight) {
            pairs.extend(pair(line, free, straight, opener, closer).0);
        }
    }
    if pairs.is_empty() {
        return false;
    }
    let mut inside = vec![false; line.len()];
    for (o, c) in innermost(pairs) {
        for x in &mut inside[o..=c] {
            *x = true;
        }
    }
    let mut letters = 0;
    let mut latin = false;
    for (k, &ch) in line.iter().enumerate() {
        if inside[k] {
            letters = 0;
            continue;
        }
        if is_han_kana(ch) || is_cjk_punct(ch) {
            return false;
        }
        if ch.is_ascii_alphabetic() {
            letters += 1;
            if letters >= 2 {
                latin = true;
            }
        } else {
            letters = 0;
        }
    }
    latin
}

/// `_innermost`: the pairs with no other pair strictly inside them.
fn innermost(mut pairs: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    pairs.sort_unstable_by(|a, b| b.cmp(a));
    let mut min_close = usize::MAX;
    let mut k = 0;
    while k < pairs.len() {
        let o = pairs[k].0;
        let group = k;
        while k < pairs.len() && pairs[k].0 == o {
            if min_close >= pairs[k].1 {
                out.push(pairs[k]);
            }
            k += 1;
        }
        for p in &pairs[group..k] {
            min_close = min_close.min(p.1);
        }
    }
    out
}

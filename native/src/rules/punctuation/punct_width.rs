//! `punct-width`: the line pass of the Python rule (`_fix_line` and the
//! functions it calls), on every line outside fenced code that has a
//! trigger (`[,.;:?!()-]` or `。。。`) and a Han character.

use std::borrow::Cow;

use super::protected::{hint, mask};
use super::any_byte;
use super::{
    by_lines, is_cjk, is_cjk_opt, is_closer, is_digit, is_digit_opt, is_foreign, is_han, is_han_kana, is_space, next,
    next_at, prev,
};

const MAX_NUMBER: usize = 40;
const MAX_ROUNDS: usize = 8;
const ELLIPSIS: char = '\u{2026}';
const FULL_STOP: char = '\u{3002}';
/// `_MAX_ELLIPSIS_POINTS`: more points than "......" are leaders.
const MAX_ELLIPSIS_POINTS: usize = 6;
const DASH: char = '\u{2014}';

fn full(c: char) -> char {
    match c {
        ',' => '\u{ff0c}',
        '.' => FULL_STOP,
        ';' => '\u{ff1b}',
        ':' => '\u{ff1a}',
        '?' => '\u{ff1f}',
        '!' => '\u{ff01}',
        _ => c,
    }
}

pub(crate) fn punct_width(text: &str, dashes: bool) -> Cow<'_, str> {
    if !any_byte(text.as_bytes(), is_trigger_byte) && !text.contains("。。。") {
        return Cow::Borrowed(text);
    }
    let mut work = Work::default();
    by_lines(text, |line| {
        // _PUNCT_TRIGGER
        if !(line.bytes().any(is_trigger_byte) || line.contains("。。。")) {
            return None;
        }
        // decode once: the characters, where the marks and parentheses are,
        // and whether the line has a Han character, a possible ellipsis, a
        // possible protected span
        // (locals, so that the loop keeps them in registers)
        let mut buf = std::mem::take(&mut work.buf);
        let mut marks = std::mem::take(&mut work.marks);
        let mut parens = std::mem::take(&mut work.parens);
        let mut sites = std::mem::take(&mut work.sites);
        buf.clear();
        marks.clear();
        parens.clear();
        sites.clear();
        buf.reserve(line.len());
        let mut han = false;
        let mut hint = false;
        let mut stops = 0u32; // the current run of "." or "。"
        let mut last = '\0';
        let mut ellipsis = false;
        let bytes = line.as_bytes();
        for (b, c) in line.char_indices() {
            let k = buf.len();
            if c.is_ascii() {
                match c {
                    ',' | '.' | ';' | ':' | '?' | '!' | '-' => {
                        marks.push(k);
                        sites.push((k, b));
                    }
                    '(' | ')' => {
                        parens.push(k);
                        sites.push((k, b));
                    }
                    _ => {}
                }
                if !hint {
                    hint = match c {
                        '`' | '@' | '&' | '<' | ']' | '!' | '\\' => true,
                        ':' => bytes[b + 1..].starts_with(b"//"),
                        'w' => bytes[b..].starts_with(b"www."),
                        _ => false,
                    };
                }
            } else if c == '\u{ff08}' || c == '\u{ff09}' {
                parens.push(k);
                sites.push((k, b));
            } else if !han && is_han(c) {
                han = true;
            }
            if c == '.' || c == FULL_STOP {
                stops = if c == last { stops + 1 } else { 1 };
                ellipsis |= stops >= 3;
            }
            last = c;
            buf.push(c);
        }
        work.buf = buf;
        work.marks = marks;
        work.parens = parens;
        work.sites = sites;
        if !han || (work.marks.is_empty() && work.parens.is_empty() && !ellipsis) {
            return None; // no Han, or no trigger
        }
        let changed = fix_line(&mut work, dashes, hint, ellipsis);
        if !changed.any || is_foreign(line) {
            return None; // nothing to do, or a Japanese or Korean line
        }
        if changed.ellipses {
            return Some(work.buf.iter().collect());
        }
        // 1:1 conversions at the sites only: splice them into the line
        let mut out = String::with_capacity(line.len() + 2 * work.sites.len());
        let mut done = 0;
        for &(k, b) in &work.sites {
            let c = work.buf[k];
            if c.is_ascii() {
                continue; // unchanged (a site is an ASCII mark or parenthesis, or full-width)
            }
            let old = line[b..].chars().next().unwrap_or(c);
            if old == c {
                continue;
            }
            out.push_str(&line[done..b]);
            out.push(c);
            done = b + old.len_utf8();
        }
        out.push_str(&line[done..]);
        Some(out)
    })
}

/// Scratch space of the line pass, reused from line to line.
#[derive(Default)]
struct Work {
    /// The line, converted in place.
    buf: Vec<char>,
    /// Candidate positions of marks and parentheses (every half-width mark
    /// and every parenthesis that is free, maybe more: one already
    /// converted is skipped as the Python pass skips it).
    marks: Vec<usize>,
    parens: Vec<usize>,
    /// Every mark and parenthesis of the line as decoded: (char index,
    /// byte offset), in order; every conversion but an ellipsis is at one.
    sites: Vec<(usize, usize)>,
}

/// What the line pass did.
struct Changed {
    any: bool,
    /// An ellipsis was replaced (positions moved).
    ellipses: bool,
}

#[inline]
fn is_trigger_byte(b: u8) -> bool {
    // , - . are 0x2C..0x2E; : ; are 0x3A, 0x3B; ( ) are 0x28, 0x29
    (b.wrapping_sub(b',') <= 2) | (b.wrapping_sub(b':') <= 1) | (b.wrapping_sub(b'(') <= 1) | (b == b'?') | (b == b'!')
}

fn is_mark(c: char) -> bool {
    matches!(c, ',' | '.' | ';' | ':' | '?' | '!' | '-')
}

fn is_paren(c: char) -> bool {
    matches!(c, '(' | ')' | '\u{ff08}' | '\u{ff09}')
}

/// `_ELLIPSIS.search`: three or more `.` or `。` in a row.
fn has_ellipsis(line: &[char]) -> bool {
    let mut run = 0;
    let mut last = '\0';
    for &c in line {
        if (c == '.' || c == FULL_STOP) && c == last {
            run += 1;
            if run >= 3 {
                return true;
            }
        } else {
            run = if c == '.' || c == FULL_STOP { 1 } else { 0 };
        }
        last = c;
    }
    false
}

/// `_fix_line`: the line (in `work.buf`) converted in place to a fixpoint.
/// `hint_line` is `_PROTECTED_HINT` of the line, `maybe_ellipsis` whether
/// it may hold one (`_ELLIPSIS`).
///
/// A round of the Python pass changes its line exactly when an ellipsis is
/// replaced or a mark or parenthesis converted (each conversion changes a
/// character), so "new == line" is "nothing done in this round".  A
/// conversion never adds an ASCII character, so a line without the hint
/// keeps having none; only an ellipsis there before, or a full stop made
/// from a point, can make one.
fn fix_line(work: &mut Work, dashes: bool, mut hint_line: bool, mut maybe_ellipsis: bool) -> Changed {
    let mut changed = Changed { any: false, ellipses: false };
    // the candidate lists were built with every position free
    let mut lists_all_free = true;
    for _ in 0..MAX_ROUNDS {
        let ellipses = match if maybe_ellipsis { fix_ellipses(&work.buf) } else { None } {
            Some(new) => {
                work.buf = new;
                changed.ellipses = true;
                true
            }
            None => false,
        };
        let hint_new = if ellipses { hint_line && hint(&work.buf) } else { hint_line };
        let free = if hint_new { mask(&work.buf) } else { None };
        if ellipses || free.is_some() || !lists_all_free {
            let buf = &work.buf;
            let is_free = |k: usize| free.as_ref().is_none_or(|f| f[k]);
            work.marks.clear();
            work.parens.clear();
            for (k, &c) in buf.iter().enumerate() {
                if is_mark(c) && is_free(k) {
                    work.marks.push(k);
                } else if is_paren(c) && is_free(k) {
                    work.parens.push(k);
                }
            }
            lists_all_free = free.is_none();
        }
        let mut han_prefix: Option<Vec<u32>> = None;
        let mut step = false;
        let mut settled = false;
        // (the paren pass reads the Han positions of the line as the round
        // found it; conversions never touch Han characters, so the buffer
        // serves)
        for _ in 0..MAX_ROUNDS {
            let a = fix_parens(&mut work.buf, &work.parens, &mut han_prefix);
            let (b, stop) = fix_marks(&mut work.buf, &work.marks, free.as_deref(), dashes);
            maybe_ellipsis |= stop;
            if !(a | b) {
                settled = true;
                break;
            }
            step = true;
        }
        if !(ellipses || step) {
            break;
        }
        changed.any = true;
        let hint_after = hint_line && hint(&work.buf);
        maybe_ellipsis = maybe_ellipsis && has_ellipsis(&work.buf);
        if settled && !(maybe_ellipsis || hint_after || hint_line) {
            break;
        }
        hint_line = hint_after;
    }
    changed
}

/// `_fix_ellipses`: `...` (three or more) next to Chinese, and `。。。`,
/// become `……`; `None` when nothing changes.
fn fix_ellipses(line: &[char]) -> Option<Vec<char>> {
    if !has_ellipsis(line) {
        return None;
    }
    // the matches of \.{3,}|。{3,}: maximal runs of three or more
    let mut matches: Vec<(usize, usize)> = Vec::new();
    let mut k = 0;
    while k < line.len() {
        let c = line[k];
        if c == '.' || c == FULL_STOP {
            let mut e = k + 1;
            while e < line.len() && line[e] == c {
                e += 1;
            }
            if e - k >= 3 {
                matches.push((k, e));
            }
            k = e;
        } else {
            k += 1;
        }
    }
    let free = mask(line);
    let mut replaced = vec![false; matches.len()];
    let mut any = false;
    // right to left, as the Python loop: an ellipsis already replaced on the
    // right is the string "……", which is not Chinese context
    for m in (0..matches.len()).rev() {
        let (start, end) = matches[m];
        if let Some(f) = &free {
            if !f[start..end].iter().all(|&x| x) {
                continue;
            }
        }
        if line[start] == '.' {
            if end - start > MAX_ELLIPSIS_POINTS {
                continue; // leaders, as a table of contents prints them
            }
            let before = prev(line, start, true);
            let after = match next_at(line, end - 1, true) {
                Some(j) => {
                    let replaced_here = m + 1 < matches.len() && matches[m + 1].0 == j && replaced[m + 1];
                    if replaced_here {
                        None // "……": not Chinese
                    } else {
                        Some(line[j])
                    }
                }
                None => None,
            };
            let latin = start > 0 && line[start - 1].is_ascii_alphabetic();
            if !(is_cjk_opt(before) || (is_cjk_opt(after) && !latin)) {
                continue;
            }
        }
        replaced[m] = true;
        any = true;
    }
    if !any {
        return None;
    }
    let mut out = Vec::with_capacity(line.len());
    let mut done = 0;
    for (m, &(start, end)) in matches.iter().enumerate() {
        if replaced[m] {
            out.extend_from_slice(&line[done..start]);
            out.push(ELLIPSIS);
            out.push(ELLIPSIS);
            done = end;
        }
    }
    out.extend_from_slice(&line[done..]);
    Some(out)
}

/// `_fix_marks`; also whether a point became a full stop.
fn fix_marks(chars: &mut [char], marks: &[usize], free: Option<&[bool]>, dashes: bool) -> (bool, bool) {
    let mut changed = false;
    let mut stop = false;
    for &i in marks.iter().chain(marks.iter().rev()) {
        let c = chars[i];
        if !is_mark(c) {
            continue; // already converted
        }
        match convert_mark(chars, i, free, dashes) {
            Conversion::Keep => continue,
            Conversion::Dash => {
                chars[i] = DASH;
                chars[i + 1] = DASH;
            }
            Conversion::To(new) => {
                stop |= new == FULL_STOP;
                chars[i] = new;
            }
        }
        changed = true;
    }
    (changed, stop)
}

enum Conversion {
    Keep,
    To(char),
    Dash,
}

fn convert_mark(chars: &[char], i: usize, free: Option<&[bool]>, dashes: bool) -> Conversion {
    let n = chars.len();
    let ch = chars[i];
    let before = if i > 0 { Some(chars[i - 1]) } else { None };
    let after = chars.get(i + 1).copied();
    let prev_c = prev(chars, i, true);
    let next_c = next(chars, i, true);
    let prev_cn = is_cjk_opt(prev_c);
    let next_cn = is_cjk_opt(next_c);
    let to = |ok: bool| if ok { Conversion::To(full(ch)) } else { Conversion::Keep };
    match ch {
        ',' => {
            if is_digit_opt(before) && is_digit_opt(after) {
                return Conversion::Keep; // 1,000
            }
            to(prev_cn || (next_cn && prev_c.is_some()))
        }
        ';' | '?' | '!' => to(prev_cn || (next_cn && prev_c.is_some())),
        ':' => {
            if is_digit_opt(before) && is_digit_opt(after) {
                return Conversion::Keep; // 10:30, 1:2
            }
            to(prev_cn && !(after == Some('/') || after == Some('\\')))
        }
        '.' => match convert_period(chars, i, prev_cn) {
            true => Conversion::To(FULL_STOP),
            false => Conversion::Keep,
        },
        '-' if dashes => {
            // (Python: "i + 2 >= n or chars[i + 2] != '-'", then "i + 2 < n")
            let ok = after == Some('-')
                && before != Some('-')
                && i + 2 < n
                && chars[i + 2] != '-'
                && free.is_none_or(|f| f[i + 1])
                && prev_cn
                && is_cjk_opt(next(chars, i + 1, true));
            if ok {
                Conversion::Dash
            } else {
                Conversion::Keep
            }
        }
        _ => Conversion::Keep,
    }
}

/// `_period_ends_sentence`.
fn period_ends_sentence(chars: &[char], i: usize, allow_digit: bool) -> bool {
    let n = chars.len();
    let mut j = i + 1;
    while j < n && is_closer(chars[j]) {
        j += 1;
    }
    if j >= n || is_space(chars[j]) {
        return true;
    }
    let ch = chars[j];
    if is_cjk(ch) {
        return true;
    }
    allow_digit && is_digit(ch) && j == i + 1
}

/// `_number_before`: `None` when no number ends right before `i`;
/// `Some(None)` when the number starts the line, `Some(Some(c))` with the
/// character before it (past spaces) otherwise.
fn number_before(chars: &[char], i: usize) -> Option<Option<char>> {
    let is_num = |c: char| c.is_ascii_digit() || matches!(c, '.' | ',' | '%' | '\u{2030}' | '\u{ff05}');
    if i == 0 || !is_num(chars[i - 1]) {
        return None;
    }
    // j and stop as in Python, shifted by one so that -1 is 0
    let mut j = i; // Python j + 1
    let stop = (i as isize - MAX_NUMBER as isize).max(-1) + 1; // Python stop + 1
    while j as isize > stop && is_num(chars[j - 1]) {
        j -= 1;
    }
    if j as isize == stop && j >= 1 {
        return None; // too long for a number
    }
    while j >= 1 && is_space(chars[j - 1]) {
        j -= 1;
    }
    Some(if j >= 1 { Some(chars[j - 1]) } else { None })
}

/// `_convert_period`: whether the `.` at `i` becomes `。`.
fn convert_period(chars: &[char], i: usize, prev_cn: bool) -> bool {
    let before = if i > 0 { Some(chars[i - 1]) } else { None };
    if prev_cn && !before.is_some_and(is_space) {
        if let Some(b) = before {
            if matches!(b, '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十') {
                // "一.加强": a numbered list item with a Chinese numeral
                if i < 2 || is_space(chars[i - 2]) || !is_han_kana(chars[i - 2]) {
                    return false;
                }
            }
        }
        return period_ends_sentence(chars, i, true);
    }
    if prev_cn {
        return period_ends_sentence(chars, i, false);
    }
    if let Some(Some(start)) = number_before(chars, i) {
        if is_cjk(start) {
            if matches!(before, Some('%' | '\u{2030}' | '\u{ff05}')) {
                return period_ends_sentence(chars, i, false);
            }
            let mut j = i + 1;
            while j < chars.len() && is_closer(chars[j]) {
                j += 1;
            }
            return j >= chars.len();
        }
    }
    false
}

fn fix_parens(chars: &mut [char], parens: &[usize], han_prefix: &mut Option<Vec<u32>>) -> bool {
    let mut changed = false;
    let mut stack: Vec<usize> = Vec::new();
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for &i in parens {
        if chars[i] == '(' || chars[i] == '\u{ff08}' {
            stack.push(i);
        } else if let Some(o) = stack.pop() {
            pairs.push((o, i));
        }
    }
    for (o, c) in pairs {
        if chars[o] == '\u{ff08}' && chars[c] == '\u{ff09}' {
            continue;
        }
        if c == o + 1 {
            continue;
        }
        let mut convert = chars[o] == '\u{ff08}' || chars[c] == '\u{ff09}';
        if !convert {
            // Han inside: a short pair is looked through, a long one counted
            // with a prefix sum (built once), so that nesting stays linear
            let inside = if c - o <= 64 && han_prefix.is_none() {
                chars[o + 1..c].iter().any(|&ch| is_han_kana(ch))
            } else {
                let prefix = han_prefix.get_or_insert_with(|| {
                    let mut p = Vec::with_capacity(chars.len() + 1);
                    let mut count = 0u32;
                    p.push(0);
                    for &ch in chars.iter() {
                        count += is_han_kana(ch) as u32;
                        p.push(count);
                    }
                    p
                });
                prefix[c] > prefix[o + 1]
            };
            convert = inside || outside_chinese(chars, o, c);
        }
        if convert {
            chars[o] = '\u{ff08}';
            chars[c] = '\u{ff09}';
            changed = true;
        }
    }
    changed
}

fn outside_chinese(chars: &[char], o: usize, c: usize) -> bool {
    let before = prev(chars, o, true);
    let after = next(chars, c, true);
    let before_cn = is_cjk_opt(before);
    let after_cn = is_cjk_opt(after);
    if before_cn && after_cn {
        return true;
    }
    if before_cn && after.is_none() {
        return true;
    }
    after_cn && before.is_none()
}

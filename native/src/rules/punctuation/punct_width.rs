//! `punct-width`: the line pass of the Python rule (`_fix_line` and the
//! functions it calls), on every line outside fenced code that has a
//! trigger (`[,.;:?!()-]` or `。。。`) and a Han character.

use std::borrow::Cow;

use super::protected::{hint, mask};
use super::{
    by_lines, is_cjk, is_cjk_opt, is_closer, is_digit, is_digit_opt, is_han, is_han_kana, is_space, next, next_at,
    prev,
};

const MAX_NUMBER: usize = 40;
const MAX_ROUNDS: usize = 8;
const ELLIPSIS: char = '\u{2026}';
const FULL_STOP: char = '\u{3002}';
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
    if !text.bytes().any(is_trigger_byte) && !text.contains("。。。") {
        return Cow::Borrowed(text);
    }
    let mut chars: Vec<char> = Vec::new();
    by_lines(text, |line| {
        if !(line.bytes().any(is_trigger_byte) || line.contains("。。。")) {
            return None;
        }
        chars.clear();
        let mut han = false;
        for c in line.chars() {
            han |= is_han(c);
            chars.push(c);
        }
        if !han {
            return None;
        }
        let out = fix_line(&chars, dashes)?;
        Some(out.into_iter().collect())
    })
}

#[inline]
fn is_trigger_byte(b: u8) -> bool {
    matches!(b, b',' | b'.' | b';' | b':' | b'?' | b'!' | b'(' | b')' | b'-')
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

/// `_fix_line`: the line at a fixpoint; `None` when it is unchanged.
fn fix_line(orig: &[char], dashes: bool) -> Option<Vec<char>> {
    let mut line: Vec<char> = orig.to_vec();
    for _ in 0..MAX_ROUNDS {
        let new = fix_ellipses(&line).unwrap_or_else(|| line.clone());
        let free = mask(&new);
        let is_free = |k: usize| free.as_ref().is_none_or(|f| f[k]);
        let mut chars = new.clone();
        let marks: Vec<usize> = (0..new.len()).filter(|&k| is_mark(new[k]) && is_free(k)).collect();
        let parens: Vec<usize> = (0..new.len()).filter(|&k| is_paren(new[k]) && is_free(k)).collect();
        let mut han_prefix: Option<Vec<u32>> = None;
        let mut step = false;
        let mut settled = false;
        for _ in 0..MAX_ROUNDS {
            let a = fix_parens(&mut chars, &parens, &new, &mut han_prefix);
            let b = fix_marks(&mut chars, &marks, free.as_deref(), dashes);
            if !(a | b) {
                settled = true;
                break;
            }
            step = true;
        }
        let new = if step { chars } else { new };
        if new == line {
            break;
        }
        if settled && !(has_ellipsis(&new) || hint(&new) || hint(&line)) {
            line = new;
            break;
        }
        line = new;
    }
    if line == orig {
        None
    } else {
        Some(line)
    }
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

fn fix_marks(chars: &mut [char], marks: &[usize], free: Option<&[bool]>, dashes: bool) -> bool {
    let mut changed = false;
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
            Conversion::To(new) => chars[i] = new,
        }
        changed = true;
    }
    changed
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

fn fix_parens(chars: &mut [char], parens: &[usize], line: &[char], han_prefix: &mut Option<Vec<u32>>) -> bool {
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
            let prefix = han_prefix.get_or_insert_with(|| {
                let mut p = Vec::with_capacity(line.len() + 1);
                let mut count = 0u32;
                p.push(0);
                for &ch in line {
                    count += is_han_kana(ch) as u32;
                    p.push(count);
                }
                p
            });
            convert = prefix[c] > prefix[o + 1] || outside_chinese(chars, o, c);
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

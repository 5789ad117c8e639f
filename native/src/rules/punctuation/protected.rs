//! Protected spans (`_PROTECTED`, `_protected`, `_mask`): inline code, URLs,
//! e-mail addresses, Markdown link targets and images, HTML entities and
//! tags, Windows paths.  The Python regex (leftmost-first alternation, with
//! lookbehinds) is matched by hand, one alternative after the other at each
//! position, as `re.finditer` tries them; each alternative's backtracking
//! is resolved in the comments.

use super::is_py_space;

#[inline]
fn is_url_scheme_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-')
}

#[inline]
fn is_email_local(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-')
}

#[inline]
fn is_label(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-'
}

#[inline]
fn is_graph(c: char) -> bool {
    ('!'..='~').contains(&c)
}

/// `_PROTECTED_HINT`: `[`@&<\]!\\]|://|www\.` (every span holds one).
pub(crate) fn hint(line: &[char]) -> bool {
    for (k, &c) in line.iter().enumerate() {
        match c {
            '`' | '@' | '&' | '<' | ']' | '!' | '\\' => return true,
            ':' if line.get(k + 1) == Some(&'/') && line.get(k + 2) == Some(&'/') => return true,
            'w' if line[k..].starts_with(&['w', 'w', 'w', '.']) => return true,
            _ => {}
        }
    }
    false
}

fn run_end(line: &[char], from: usize, pred: impl Fn(char) -> bool) -> usize {
    let mut j = from;
    while j < line.len() && pred(line[j]) {
        j += 1;
    }
    j
}

/// The end of the protected span that starts at `p`, if one does.
fn match_at(line: &[char], p: usize) -> Option<usize> {
    let n = line.len();
    let c = line[p];
    let at = |k: usize| line.get(k).copied();
    // 1. inline code: (?<!`)`+[^`\n]*`+
    if c == '`' {
        if p > 0 && line[p - 1] == '`' {
            return None; // no other alternative starts with a backtick
        }
        let q = run_end(line, p, |c| c == '`');
        let r = run_end(line, q, |c| c != '`' && c != '\n');
        if r < n && line[r] == '`' {
            return Some(run_end(line, r, |c| c == '`'));
        }
        // backtracking: the opening run gives its last backtick to the closing one
        return if q - p >= 2 { Some(q) } else { None };
    }
    if c.is_ascii_alphanumeric() {
        // 2. URL: (?<![A-Za-z0-9+.-])(?:[A-Za-z][A-Za-z0-9+.-]*://|www\.)[!-~]+
        if p == 0 || !is_url_scheme_char(line[p - 1]) {
            let mut ok = false;
            if c.is_ascii_alphabetic() {
                let q = run_end(line, p + 1, is_url_scheme_char);
                if at(q) == Some(':') && at(q + 1) == Some('/') && at(q + 2) == Some('/') {
                    ok = at(q + 3).is_some_and(is_graph);
                }
            }
            if !ok && line[p..].starts_with(&['w', 'w', 'w', '.']) {
                ok = at(p + 4).is_some_and(is_graph);
            }
            if ok {
                // every character of the prefix is in [!-~]: the greedy run ends the match
                return Some(run_end(line, p, is_graph));
            }
        }
        // 3. e-mail: (?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@
        //    [A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}
        if p == 0 || !is_email_local(line[p - 1]) {
            let q = run_end(line, p + 1, is_email_local);
            if at(q) == Some('@') {
                if let Some(end) = email_domain(line, q + 1) {
                    return Some(end);
                }
            }
        }
        // 8. Windows path: [A-Za-z]:\\[!-~]*
        if c.is_ascii_alphabetic() && at(p + 1) == Some(':') && at(p + 2) == Some('\\') {
            return Some(run_end(line, p + 3, is_graph));
        }
        return None;
    }
    match c {
        // 4. Markdown link target: \]\([^()\s]*\)
        ']' => {
            if at(p + 1) == Some('(') {
                let r = run_end(line, p + 2, |c| c != '(' && c != ')' && !is_py_space(c));
                if at(r) == Some(')') {
                    return Some(r + 1);
                }
            }
            None
        }
        // 5. Markdown image: !(?=\[)
        '!' => (at(p + 1) == Some('[')).then_some(p + 1),
        // 6. HTML entity
        '&' => {
            if at(p + 1) == Some('#') {
                let q = run_end(line, p + 2, |c| c.is_ascii_digit());
                if (1..=7).contains(&(q - (p + 2))) && at(q) == Some(';') {
                    return Some(q + 1);
                }
                if matches!(at(p + 2), Some('x' | 'X')) {
                    let q = run_end(line, p + 3, |c| c.is_ascii_hexdigit());
                    if (1..=6).contains(&(q - (p + 3))) && at(q) == Some(';') {
                        return Some(q + 1);
                    }
                }
                return None;
            }
            if at(p + 1).is_some_and(|c| c.is_ascii_alphabetic()) {
                let q = run_end(line, p + 2, |c| c.is_ascii_alphanumeric());
                if (1..=31).contains(&(q - (p + 2))) && at(q) == Some(';') {
                    return Some(q + 1);
                }
            }
            None
        }
        // 7. HTML tag: </?[A-Za-z][^<>\n]*>
        '<' => {
            let mut q = p + 1;
            if at(q) == Some('/') {
                q += 1;
            }
            if !at(q).is_some_and(|c| c.is_ascii_alphabetic()) {
                return None;
            }
            let r = run_end(line, q + 1, |c| c != '<' && c != '>' && c != '\n');
            (at(r) == Some('>')).then_some(r + 1)
        }
        _ => None,
    }
}

/// The end of `[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}` from `from`.
/// The labels are taken whole (a shorter one is followed by a label
/// character, not the point the pattern needs); the last `\.[A-Za-z]{2,}`
/// is the rightmost label that starts with two letters, all but the last
/// label being eligible (the greedy group gives labels back one by one).
fn email_domain(line: &[char], from: usize) -> Option<usize> {
    let first_end = run_end(line, from, is_label);
    if first_end == from {
        return None;
    }
    let mut starts: Vec<usize> = Vec::new(); // starts of the labels after the first
    let mut pos = first_end;
    while pos < line.len() && line[pos] == '.' {
        let end = run_end(line, pos + 1, is_label);
        if end == pos + 1 {
            break;
        }
        starts.push(pos + 1);
        pos = end;
    }
    for &s in starts.iter().rev() {
        let letters = run_end(line, s, |c| c.is_ascii_alphabetic()) - s;
        if letters >= 2 {
            return Some(s + letters);
        }
    }
    None
}

/// `_protected`: the protected spans of `line`, URL tails trimmed.
pub(crate) fn spans(line: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    if !hint(line) {
        return out;
    }
    let mut p = 0;
    while p < line.len() {
        match match_at(line, p) {
            Some(e) => {
                let mut end = e;
                let group = &line[p..e];
                let has_scheme = group.windows(3).any(|w| w == [':', '/', '/']);
                if has_scheme || group.starts_with(&['w', 'w', 'w', '.']) {
                    while end > p
                        && matches!(line[end - 1], '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '\'' | '"')
                    {
                        end -= 1;
                    }
                }
                out.push((p, end));
                p = e;
            }
            None => p += 1,
        }
    }
    out
}

/// `_mask`: which positions are free (outside every protected span);
/// `None` when all are.
pub(crate) fn mask(line: &[char]) -> Option<Vec<bool>> {
    let spans = spans(line);
    if spans.is_empty() {
        return None;
    }
    let mut free = vec![true; line.len()];
    for (a, b) in spans {
        for f in &mut free[a..b] {
            *f = false;
        }
    }
    Some(free)
}

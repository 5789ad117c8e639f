//! The layout of the result (`_paragraphs`, `_layout`, `_already_output`,
//! `_md_kind`): runs of prose lines joined into paragraphs, Markdown
//! structure kept, one blank line between paragraphs.

use std::borrow::Cow;

use super::chars::*;
use super::judge::{runs_on_into_body, should_join, strong_join, Cx, Paragraph};
use super::line::{ends_long, next_line_for_strong_join, parse_line_scanned, parse_lines, scan, width_of, Line, Scan};
use super::measure::{any_measure, gap_evidence, local_measures, measures, near, INDENT_REACH};
use super::special::{end_class, is_lone_mark, looks_like_byline, special, End};

/// The kind of Markdown structure a line is (`_md_kind`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Md {
    Heading,
    Rule,
    List,
    Quote,
    Table,
}

/// `_md_kind`: the Markdown structure `raw` is, None for prose.
pub fn md_kind(raw: &str) -> Option<Md> {
    let c = first(raw)?;
    let body = raw.trim_start_matches(' ');
    if raw.len() - body.len() > 3 {
        return None;
    }
    let b0 = first(body);
    if c == '#' || c == ' ' {
        let h = body.len() - body.trim_start_matches('#').len();
        if (1..=6).contains(&h) && matches!(body[h..].chars().next(), None | Some(' ' | '\t')) {
            return Some(Md::Heading);
        }
    }
    if matches!(c, '-' | '*' | '_' | ' ') {
        if let Some(x @ ('-' | '*' | '_')) = b0 {
            let rest = &body[1..];
            if rest.chars().all(|d| d == x || d == ' ' || d == '\t') && rest.matches(x).count() >= 2 {
                return Some(Md::Rule);
            }
        }
    }
    // (any first character but these fails the list pattern)
    {
        let after = match b0 {
            Some('-' | '*' | '+') => Some(&body[1..]),
            Some(d) if is_py_decimal(d) => {
                let digits = body.trim_start_matches(is_py_decimal);
                let nd = body[..body.len() - digits.len()].chars().count();
                if nd <= 9 && matches!(first(digits), Some('.' | ')')) {
                    Some(&digits[1..])
                } else {
                    None
                }
            }
            _ => None,
        };
        if let Some(after) = after {
            let t = after.trim_start_matches([' ', '\t']);
            if t.len() < after.len() && first(t).is_some_and(|d| !is_py_space(d)) {
                return Some(Md::List);
            }
        }
    }
    if (c == '>' || c == ' ') && b0 == Some('>') {
        return Some(Md::Quote);
    }
    if (c == '|' || c == ' ') && b0 == Some('|') {
        return Some(Md::Table);
    }
    None
}

/// `_between_words`: a byline-shaped line that is a fragment of a sentence.
fn between_words(prev: &Line<'_>, line: &Line<'_>, nxt: &Line<'_>) -> bool {
    prev.joinable
        && matches!(prev.end, End::Word | End::Open)
        && line.gap == 0
        && nxt.gap == 0
        && !line.content.contains(' ')
        && (prev.end == End::Open || (nxt.long_head && prev.marks > 0) || pulled_down_tail(nxt.content))
        && looks_like_byline(line.content)
}

/// `_pulled_down_tail`: `content` starts with a character and a mark that
/// may not start a line (not "、", which follows the number of an item).
fn pulled_down_tail(content: &str) -> bool {
    let mut it = content.chars();
    it.next().is_some_and(is_han) && it.next().is_some_and(|c| is_no_line_start(c) && c != '、')
}

/// `_inside_indented_paragraph`: a byline-shaped line without a space or
/// an indent between two adjacent lines of a paragraph on a page that marks
/// its paragraphs with an indent (the next one body text without one).
fn inside_indented_paragraph(prev: &Line<'_>, line: &Line<'_>, nxt: &Line<'_>, nxt_body: bool) -> bool {
    prev.joinable
        && !line.indented
        && line.gap == 0
        && nxt.gap == 0
        && !nxt.indented
        && nxt.joinable
        && (nxt.marks > usize::from(nxt.end == End::Colon) || nxt_body)
        && !line.content.contains(' ')
        && looks_like_byline(line.content)
}

/// `_indented_first_line`: a byline-shaped line without a space that has a
/// paragraph indent, and an adjacent line without one that goes on with it.
fn indented_first_line(line: &Line<'_>, nxt: &Line<'_>) -> bool {
    line.para_indent
        && nxt.gap == 0
        && !nxt.indented
        && nxt.joinable
        && !line.content.contains(' ')
        && looks_like_byline(line.content)
}

/// `_paragraphs`: join a run of prose lines into paragraphs, appended to
/// `out` each after a blank line.
fn paragraphs(mut run: Vec<Line<'_>>, out: &mut String, first_block: &mut bool, cx: &mut Cx) {
    let ms = measures(&run);
    let locals = local_measures(&run, &ms);
    let pi: Vec<bool> = run.iter().map(|l| l.para_indent).collect();
    let indents = near(&pi, INDENT_REACH);
    // a byline-shaped line that is a fragment of a sentence, or the first
    // line of an indented paragraph
    for k in 0..run.len().saturating_sub(1) {
        if !run[k].joinable
            && ((k > 0 && between_words(&run[k - 1], &run[k], &run[k + 1]))
                || indented_first_line(&run[k], &run[k + 1]))
        {
            run[k].joinable = true;
        }
    }
    let into_body = runs_on_into_body(&run);
    // each line: is it the last of its block (what follows starts a paragraph)?
    let n = run.len();
    let last_of_block: Vec<bool> = (0..n)
        .map(|k| k + 1 >= n || run[k + 1].indented || run[k + 1].gap > 0 || !run[k + 1].joinable)
        .collect();
    let mut emit = |text: &str, out: &mut String| {
        if !*first_block {
            out.push_str("\n\n");
        }
        *first_block = false;
        out.push_str(text);
    };
    let mut current = Paragraph::new(run[0]);
    for k in 1..run.len() {
        let indented = indents[k] > 0 && current.first_indented;
        let after_body = into_body.get(k + 1).copied().unwrap_or(false);
        if !run[k].joinable
            && indented
            && k + 1 < run.len()
            && inside_indented_paragraph(&run[k - 1], &run[k], &run[k + 1], after_body)
        {
            run[k].joinable = true;
        }
        let line = run[k];
        let prev = run[k - 1];
        let after = run.get(k + 1);
        let after_last = k + 1 >= n || last_of_block[k + 1];
        if should_join(&prev, &line, after, ms[k - 1], &mut current, locals[k - 1], indented, after_body, after_last, cx)
            || strong_join(&mut current, &line, cx)
        {
            current.add(line);
        } else {
            let t = current.text(cx);
            emit(&t, out);
            current = Paragraph::new(line);
        }
    }
    let t = current.text(cx);
    emit(&t, out);
}

/// `_layout`: one pass of the rule (the text needs work).
pub fn layout(text: &str, cx: &mut Cx) -> String {
    let ends_nl = text.ends_with('\n');
    // (without a form feed, a line is one piece: no search for one per line)
    let page_breaks = text.contains('\x0c');
    let mut out = String::with_capacity(text.len());
    let mut first_block = true;
    let mut raws: Vec<Cow<'_, str>> = Vec::new();
    let mut gaps: Vec<usize> = Vec::new();
    let mut gap = 0usize;
    let mut prev_md: Option<Md> = None;
    // Aligned tables (found as the columns rule finds blocks): each row stays
    // a line, the rows stay together, without their shared indent.  Indexed
    // by piece, as `_lines` yields them ("\f" + the piece after a form feed).
    let mut rows: Vec<Option<(usize, usize)>> = Vec::new();
    // (a table of gutters needs one: the lines are listed only then)
    let gutters = text.contains("  ") && crate::rules::columns::has_gutter(text);
    let marked = text.contains('\t') || text.contains(crate::rules::columns::TABLE_RULES);
    // Listed tables (one space between cells): a row broken over two lines
    // is written joined, at its upper half; the lower half is left out.
    let listed = crate::rules::columns::has_list(text);
    let mut joins: Vec<(usize, String)> = Vec::new();
    let mut count = 0usize; // tables found so far
    if gutters || marked {
        let mut all_raws: Vec<Cow<'_, str>> = Vec::new();
        for whole in lines(text) {
            let mut pieces = whole.split('\x0c');
            all_raws.push(Cow::Borrowed(pieces.next().unwrap_or("")));
            all_raws.extend(pieces.map(|p| Cow::Owned(format!("\x0c{p}"))));
        }
        let refs: Vec<&str> = all_raws.iter().map(|r| r.as_ref()).collect();
        let mut tables = if gutters { crate::rules::columns::table_rows(&refs) } else { Vec::new() };
        if marked {
            // (a table its tabs or box lines set apart; the columns rule
            // leaves such lines to it)
            tables.extend(crate::rules::columns::marked_table_rows(&refs));
        }
        for (lo, hi, indent) in tables {
            rows.resize(refs.len(), None);
            for i in lo..hi {
                if !refs[i].chars().all(|c| c == ' ') {
                    rows[i] = Some((count, indent));
                }
            }
            count += 1;
        }
    }
    if listed {
        // (read piece by piece, no list of them: a piece after a form feed
        // is never a row, and stands as "\f")
        let pieces = lines(text).flat_map(|whole| whole.split('\x0c').enumerate().map(|(i, p)| if i == 0 { p } else { "\x0c" }));
        let (found, broken) = crate::rules::columns::list_rows(pieces);
        for (lo, hi, indent) in found {
            if rows.len() < hi {
                rows.resize(hi, None);
            }
            for row in &mut rows[lo..hi] {
                *row = Some((count, indent));
            }
            count += 1;
        }
        for (i, _) in &broken {
            rows[i + 1] = rows[*i].map(|(k, _)| (k, usize::MAX));
        }
        joins = broken;
    }
    let mut table: Option<usize> = None; // the table whose rows are being written
    let mut index = 0usize; // of the piece, as in `_lines`

    let flush = |raws: &mut Vec<Cow<'_, str>>, gaps: &mut Vec<usize>, out: &mut String, first_block: &mut bool, cx: &mut Cx| {
        if !raws.is_empty() {
            let refs: Vec<&str> = raws.iter().map(|r| r.as_ref()).collect();
            let mut lines = parse_lines(&refs, gaps, gaps);
            // (a headline, a byline or a note ends on a character too: only
            // prose that runs on counts)
            let runs_on: Vec<bool> = lines.iter().map(|l| l.end.runs_on() && l.joinable).collect();
            let ev = gap_evidence(gaps, &runs_on);
            for (line, &g) in lines.iter_mut().zip(&ev) {
                line.gap = g;
            }
            paragraphs(lines, out, first_block, cx);
            raws.clear();
            gaps.clear();
        }
    };

    for whole in lines(text) {
        // the pieces of the line between form feeds
        let mut rest = Some(whole);
        let mut i = 0usize;
        while let Some(cur) = rest {
            let found = if page_breaks { cur.find('\x0c') } else { None };
            let raw = match found {
                Some(j) => {
                    rest = Some(&cur[j + 1..]);
                    &cur[..j]
                }
                _ => {
                    rest = None;
                    cur
                }
            };
            i += 1;
            if i > 1 {
                gap += 1; // a page break: a blank line's worth of evidence
            }
            index += 1;
            if strip(raw).is_empty() {
                gap += 1;
                continue;
            }
            if let Some(Some((k, indent))) = rows.get(index - 1).copied() {
                if indent == usize::MAX {
                    continue; // the lower half of a broken row, written already
                }
                flush(&mut raws, &mut gaps, &mut out, &mut first_block, cx);
                if !first_block {
                    out.push_str(if table == Some(k) { "\n" } else { "\n\n" });
                }
                first_block = false;
                match joins.iter().find(|(i, _)| *i == index - 1) {
                    Some((_, row)) => out.push_str(row),
                    None => out.push_str(rstrip(&raw[indent..])),
                }
                table = Some(k);
                prev_md = None;
                gap = 0;
                continue;
            }
            table = None;
            let kind = if raw.starts_with(['#', '-', '*', '_', '+', '>', '|', ' ', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9']) {
                md_kind(raw)
            } else {
                None
            };
            if let Some(kind) = kind {
                flush(&mut raws, &mut gaps, &mut out, &mut first_block, cx);
                let mut line = rstrip(raw);
                let tight = gap == 0 && Some(kind) == prev_md && matches!(kind, Md::List | Md::Quote | Md::Table);
                if !tight {
                    line = line.trim_start_matches(' ');
                }
                if !first_block {
                    out.push_str(if tight { "\n" } else { "\n\n" });
                }
                first_block = false;
                out.push_str(line);
                prev_md = Some(kind);
                gap = 0;
                continue;
            }
            if let Some(prev) = raws.last_mut() {
                let mark = strip(raw);
                if is_lone_mark(mark) {
                    // a mark on a line of its own belongs to the line before
                    let mut joined = rstrip(prev).to_owned();
                    joined.push_str(mark);
                    *prev = Cow::Owned(joined);
                    gap = 0;
                    prev_md = None;
                    continue;
                }
            }
            raws.push(Cow::Borrowed(raw));
            gaps.push(gap);
            gap = 0;
            prev_md = None;
        }
    }
    flush(&mut raws, &mut gaps, &mut out, &mut first_block, cx);
    if ends_nl && !out.is_empty() {
        out.push('\n');
    }
    out
}

/// `_RE_MD_START` at the start of a paragraph.
fn md_start(p: &str) -> bool {
    match first(p) {
        Some('#' | '>' | '|' | '`' | '~' | '*' | '+' | '-') => true,
        Some(d) if is_py_decimal(d) => {
            let rest = p.trim_start_matches(is_py_decimal);
            rest.starts_with(". ") || rest.starts_with(") ")
        }
        _ => false,
    }
}

/// `_may_join`: could `strong_join` join after `paragraph`?  (`sc`: its
/// scan, taken only where the last character leaves the question open.)
fn may_join(paragraph: &str, sc: &mut Option<Scan>) -> bool {
    let Some(end) = last(paragraph) else { return true };
    if matches!(end, '，' | '、' | ',') {
        return true;
    }
    if !is_han(end) {
        return false;
    }
    // (any paragraph of body text that stops on a character: the next one
    // may be the tail of its sentence)
    let sc = sc.get_or_insert_with(|| scan(paragraph));
    sc.marks > 0
}

/// The line-break tests of `_already_output` in one pass: no "\n\n\n", no
/// form feed, tab or "\r", every line break but a final one half of a blank
/// line, no space or U+3000 next to a line break.
fn output_shape(text: &str) -> bool {
    if any_byte(text.as_bytes(), |c| (c == b'\t') | (c == b'\x0c') | (c == b'\r')) {
        return false;
    }
    const IDEO: &[u8] = "\u{3000}".as_bytes();
    let b = text.as_bytes();
    let mut single = 0isize;
    let mut i = 0;
    while let Some(off) = find_byte(&b[i..], b'\n') {
        let j = i + off;
        let mut k = j + 1;
        while k < b.len() && b[k] == b'\n' {
            k += 1;
        }
        match k - j {
            1 => single += 1,
            2 => {}
            _ => return false,
        }
        if j > 0 && (b[j - 1] == b' ' || b[..j].ends_with(IDEO)) {
            return false;
        }
        if k < b.len() && (b[k] == b' ' || b[k..].starts_with(IDEO)) {
            return false;
        }
        i = k;
    }
    single == text.ends_with('\n') as isize
}

/// `_already_output`: is `text` in the output form with nothing to join?
pub fn already_output(text: &str, cx: &mut Cx) -> bool {
    if first(text).is_some_and(is_py_space)
        || head_in_str(last(text), " \t\u{3000}")
        || text.ends_with("\n\n")
    {
        return false;
    }
    if !output_shape(text) {
        return false;
    }
    // (output_shape: every line break but a final one is half of a "\n\n")
    let paras: Vec<&str> = lines(text.trim_end_matches('\n')).step_by(2).collect();
    if paras.len() < 2 {
        return true;
    }
    if paras[1..].iter().any(|p| is_lone_mark(p)) {
        return false; // a mark alone, which belongs to the paragraph before
    }
    let mut runs: Vec<Vec<&str>> = vec![Vec::new()];
    if paras.iter().any(|p| md_start(p)) {
        for &p in &paras {
            let md = p.starts_with([
                '#', '>', '|', '`', '~', '*', '+', '-', '_', ' ', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9',
            ]) && md_kind(p).is_some();
            if md {
                runs.push(Vec::new());
            } else {
                runs.last_mut().expect("a run").push(p);
            }
        }
    } else {
        runs[0] = paras;
    }
    for run in &runs {
        let n = run.len();
        if n < 2 {
            continue;
        }
        let mut scans: Vec<Option<Scan>> = vec![None; n];
        let open_flags: Vec<bool> = run.iter().map(|p| end_class(p).runs_on() && !special(p)).collect();
        if n >= 3 && open_flags.iter().filter(|&&f| f).count() >= 2 {
            let kept: Vec<usize> = (0..n).filter(|&k| !ends_long(run[k])).collect();
            let flags: Vec<bool> = kept.iter().map(|&k| open_flags[k]).collect();
            let widths: Vec<f64> = kept
                .iter()
                .map(|&k| width_of(scans[k].get_or_insert_with(|| scan(run[k])).hundredths))
                .collect();
            if any_measure(&widths, &flags) {
                return false;
            }
        }
        for k in 0..n - 1 {
            if may_join(run[k], &mut scans[k]) {
                let mut p = Paragraph::new(parse_line_scanned(run[k], 0, 0, scans[k]));
                // (what strong_join reads of the next paragraph: whether it
                // is joinable, how it starts, and whether it is the short
                // tail of a sentence)
                if strong_join(&mut p, &next_line_for_strong_join(run[k + 1], 1), cx) {
                    return false;
                }
            }
        }
    }
    true
}

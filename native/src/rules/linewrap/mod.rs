//! `line-wrap` (`cleantext.linewrap`): lines broken by the column width
//! joined back into paragraphs, one paragraph a line, one blank line
//! between paragraphs.
//!
//! The port follows the Python module decision by decision:
//!
//! * [`chars`], [`special`]: character classes, line ends, bylines, notes
//!   and labels;
//! * [`line`]: the line model (`Line`, widths in ems);
//! * [`measure`]: the column measure around each line;
//! * [`judge`]: paragraphs being assembled and the join decisions;
//! * [`layout`]: runs of prose, Markdown structure, the output form.
//!
//! Left to the Python reference (`None`): text with a fenced code block
//! marker ("```" or "~~~" anywhere), and text whose judgement needs a word
//! table ([`judge::ZH_WORDS`], [`judge::EN_WORDS`]) that Python has not
//! handed over.

use std::borrow::Cow;

use super::{Options, RuleFn};

pub(crate) mod chars;
mod judge;
mod layout;
mod line;
mod measure;
mod special;

pub use judge::{EN_WORDS, ZH_WORDS};

use chars::{first, last, strip};
use judge::Cx;
use layout::{already_output, layout};

/// The rules of this family, by their registry names.
pub const RULES: &[(&str, RuleFn)] = &[("line-wrap", line_wrap)];

#[inline]
fn is_trailing_ws(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{3000}')
}

/// `_RE_TRAILING.sub("", text)`, or None where it finds nothing.
fn strip_trailing(text: &str) -> Option<String> {
    let mut found = false;
    let mut out = String::with_capacity(text.len());
    let mut pieces = chars::lines(text).peekable();
    while let Some(piece) = pieces.next() {
        let t = piece.trim_end_matches(is_trailing_ws);
        found |= t.len() != piece.len();
        out.push_str(t);
        if pieces.peek().is_some() {
            out.push('\n');
        }
    }
    found.then_some(out)
}

/// Does `text` hold "```" or "~~~" (maybe a fenced code block)?
fn has_fence_mark(text: &str) -> bool {
    let b = text.as_bytes();
    if !chars::any_byte(b, |c| (c == b'`') | (c == b'~')) {
        return false;
    }
    b.windows(3).any(|w| (w[0] == b'`' || w[0] == b'~') && w[1] == w[0] && w[2] == w[0])
}

/// `fix_line_wraps`.
pub fn line_wrap<'a>(text: &'a str, _options: &Options) -> Option<Cow<'a, str>> {
    let breaks = text.contains('\n') || text.contains('\x0c');
    let needs_work = breaks
        || first(text).is_some_and(is_trailing_ws)
        || last(text).is_some_and(is_trailing_ws);
    if !needs_work {
        return Some(Cow::Borrowed(text));
    }
    if !breaks {
        let s = strip(text);
        return Some(if s.len() == text.len() { Cow::Borrowed(text) } else { Cow::Owned(s.to_owned()) });
    }
    if has_fence_mark(text) {
        return None; // a fenced code block, maybe: left to Python
    }
    let mut cx = Cx::new();
    let out = fix(text, &mut cx);
    if cx.missing.get() {
        return None;
    }
    Some(match out {
        None => Cow::Borrowed(text),
        Some(s) => Cow::Owned(s),
    })
}

/// The rule's work on text that needs it: None where the text stays.
fn fix(text: &str, cx: &mut Cx) -> Option<String> {
    if already_output(text, cx) {
        return None;
    }
    if let Some(stripped) = strip_trailing(text) {
        if already_output(&stripped, cx) {
            return Some(stripped);
        }
    }
    let mut result = layout(text, cx);
    for _ in 0..3 {
        if already_output(&result, cx) {
            break;
        }
        let again = layout(&result, cx);
        if again == result {
            break;
        }
        result = again;
    }
    if result == text {
        None
    } else {
        Some(result)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lw(s: &str) -> String {
        line_wrap(s, &Options::default()).expect("handled").into_owned()
    }

    #[test]
    fn before_after() {
        assert_eq!(lw("占96.2%。"), "占96.2%。");
        assert_eq!(lw("本报记者 何贤君\n拍友 吴峰宇 摄\n"), "本报记者 何贤君\n\n拍友 吴峰宇 摄\n");
        assert_eq!(lw("\u{3000}\u{3000}第一段。\n\n第二段。\n"), "第一段。\n\n第二段。\n");
        assert_eq!(
            lw("发射升空的。这是我国\n自行研制的新一代卫星\n的第一次成功发射。\n在卫星进入轨道后\n的八天时间里，地面测\n控网进行了持续跟踪。\n"),
            "发射升空的。这是我国自行研制的新一代卫星的第一次成功发射。\n\n在卫星进入轨道后的八天时间里，地面测控网进行了持续跟踪。\n"
        );
        assert_eq!(
            lw("\u{3000}\u{3000}一個。他說：\n“一個。”一個。\n他說：“我們。”\n"),
            "一個。他說：“一個。”一個。他說：“我們。”\n"
        );
        // untouched: the output form, headlines, Markdown lists
        let clean = "标题新闻很重要\n\n第一段正文很好，我们都同意。\n\n第二段正文。\n";
        assert!(matches!(line_wrap(clean, &Options::default()), Some(Cow::Borrowed(_))));
        assert_eq!(lw("- 一\n- 二\n"), "- 一\n- 二\n");
        assert_eq!(lw("  前后  "), "前后");
        assert_eq!(lw("\n"), "");
        assert!(line_wrap("```\n代码\n```\n", &Options::default()).is_none());
    }

    #[test]
    fn word_tables() {
        // a break that only the word list can judge (without the table the
        // rule leaves it to Python; not asserted here: asking for a missing
        // table would call the loader that the tables tests count)
        let t = "他们座谈表示，要以此为契机推进创建国\n\n际化双创人才特区。\n";
        let words = [("国际化".to_owned(), 1e-5), ("国际".to_owned(), 1e-8)].into_iter().collect();
        crate::tables::set_weights(ZH_WORDS, words);
        assert_eq!(lw(t), "他们座谈表示，要以此为契机推进创建国际化双创人才特区。\n");
    }
}

//! Punctuation inside Chinese text: `punct-width` (width of the marks) and
//! `quote-pair` (paired curly quotes), ported from the Python module
//! `cleantext.rules.punctuation`.
//!
//! The Python rule `punct-width` is defined by its line pass (`_fix_line`,
//! run on every line with a trigger and a Han character; its whole-text fast
//! path gives the same output, which the reference's own tests check), so
//! this port runs the line pass itself, on the lines that hold a trigger and
//! a Han character.  `quote-pair` looks only at lines with a straight quote,
//! as the Python rule does.  Every position here is a code point index into
//! a line decoded to `char`s, as in Python.
//!
//! Nothing is left to Python: every input is handled.

mod protected;
mod punct_width;
mod quote_pair;
mod tables;

use std::borrow::Cow;

use super::{Options, RuleFn};
use crate::chardata;
use crate::chardata::in_table;

/// The rules of this family, by their registry names.
pub const RULES: &[(&str, RuleFn)] = &[("punct-width", punct_width), ("quote-pair", quote_pair)];

/// `regex` `\p{Han}` (the Python `_HAN_LINE`).
#[inline]
pub(crate) fn is_han(c: char) -> bool {
    if ('\u{4e00}'..='\u{9fff}').contains(&c) {
        return true;
    }
    c >= '\u{2e80}' && in_table(tables::HAN, c)
}

/// Han, Hiragana or Katakana (the Python `_HAN`).
#[inline]
pub(crate) fn is_han_kana(c: char) -> bool {
    if ('\u{4e00}'..='\u{9fff}').contains(&c) {
        return true;
    }
    c >= '\u{2e80}' && in_table(tables::HAN_KANA, c)
}

/// The Python `_is_cjk`: Han, kana, full-width and CJK punctuation, `…`, `—`.
#[inline]
pub(crate) fn is_cjk(c: char) -> bool {
    if ('\u{4e00}'..='\u{9fff}').contains(&c) {
        return true;
    }
    c >= '\u{2014}' && in_table(tables::IS_CJK, c)
}

#[inline]
fn is_cjk_opt(c: Option<char>) -> bool {
    c.is_some_and(is_cjk)
}

/// The Python `_CJK_PUNCT`.
#[inline]
pub(crate) fn is_cjk_punct(c: char) -> bool {
    c >= '\u{2014}' && in_table(tables::CJK_PUNCT, c)
}

/// `str.isdigit` (Unicode digits: also `²`, `①`, ...).
#[inline]
pub(crate) fn is_digit(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    in_table(chardata::DIGIT, c)
}

#[inline]
fn is_digit_opt(c: Option<char>) -> bool {
    c.is_some_and(is_digit)
}

/// `str.isspace`, which is also `\s` of Python's `re` on `str`.
#[inline]
pub(crate) fn is_py_space(c: char) -> bool {
    in_table(chardata::SPACE, c)
}

/// The Python `_SPACES`.
#[inline]
pub(crate) fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{a0}' | '\u{3000}')
}

/// The Python `_QUOTES`.
#[inline]
pub(crate) fn is_quote(c: char) -> bool {
    matches!(c, '"' | '\'' | '\u{201c}' | '\u{201d}' | '\u{2018}' | '\u{2019}')
}

/// The Python `_CLOSERS`.
#[inline]
pub(crate) fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '\u{201d}' | '\u{2019}' | '\u{ff09}' | '\u{300d}' | '\u{300f}' | '\u{300b}' | '\u{3011}' | ')'
    )
}

/// `_prev`: the nearest character left of `i` that is neither space nor
/// (with `quotes`) quote; `None` at the line start.
pub(crate) fn prev(chars: &[char], i: usize, quotes: bool) -> Option<char> {
    let mut j = i;
    while j > 0 {
        let c = chars[j - 1];
        if !(is_space(c) || (quotes && is_quote(c))) {
            return Some(c);
        }
        j -= 1;
    }
    None
}

/// `_next`: the nearest character right of `i` that is neither space nor
/// (with `quotes`) quote; `None` at the line end.
pub(crate) fn next(chars: &[char], i: usize, quotes: bool) -> Option<char> {
    next_at(chars, i, quotes).map(|j| chars[j])
}

/// Where `_next` finds its character.
pub(crate) fn next_at(chars: &[char], i: usize, quotes: bool) -> Option<usize> {
    let mut j = i + 1;
    while j < chars.len() {
        let c = chars[j];
        if !(is_space(c) || (quotes && is_quote(c))) {
            return Some(j);
        }
        j += 1;
    }
    None
}

/// Letters of kana and hangul (the Python `_KANA_HANGUL`): Hiragana,
/// Katakana, Katakana Phonetic Extensions, half-width katakana, Hangul
/// Jamo, Hangul Compatibility Jamo, Hangul Syllables; not ー ・ ゝ ゞ ヽ ヾ.
#[inline]
fn is_kana_hangul(c: char) -> bool {
    matches!(
        c,
        '\u{3041}'..='\u{3096}'
            | '\u{30a1}'..='\u{30fa}'
            | '\u{31f0}'..='\u{31ff}'
            | '\u{ff66}'..='\u{ff9d}'
            | '\u{1100}'..='\u{11ff}'
            | '\u{3131}'..='\u{318e}'
            | '\u{ac00}'..='\u{d7a3}'
    )
}

/// `_FOREIGN_MIN`: kana or hangul letters outside quotations that make a
/// line Japanese or Korean.
const FOREIGN_MIN: usize = 2;

/// `_foreign`: is this line Japanese or Korean text (at least
/// `FOREIGN_MIN` kana or hangul letters outside quotations and brackets)?
/// Neither rule edits such a line.  Called only on a line a rule would
/// change, so its cost is off the common path.
pub(crate) fn is_foreign(line: &str) -> bool {
    if !line.chars().any(is_kana_hangul) {
        return false;
    }
    let mut outside = 0usize;
    // one entry per open enclosure: (a straight-quote pair?, letters inside)
    let mut stack: Vec<(bool, usize)> = Vec::new();
    for c in line.chars() {
        if is_kana_hangul(c) {
            match stack.last_mut() {
                Some(top) => top.1 += 1,
                None => outside += 1,
            }
        } else if matches!(
            c,
            '\u{201c}' | '\u{2018}' | '\u{300c}' | '\u{300e}' | '\u{300a}' | '\u{3008}' | '\u{ff08}' | '(' | '\u{3010}' | '\u{3014}' | '\u{ff3b}'
        ) {
            stack.push((false, 0));
        } else if matches!(
            c,
            '\u{201d}' | '\u{2019}' | '\u{300d}' | '\u{300f}' | '\u{300b}' | '\u{3009}' | '\u{ff09}' | ')' | '\u{3011}' | '\u{3015}' | '\u{ff3d}'
        ) {
            stack.pop();
        } else if c == '"' {
            if stack.last().is_some_and(|top| top.0) {
                stack.pop();
            } else {
                stack.push((true, 0));
            }
        }
    }
    // an enclosure left open encloses nothing
    outside += stack.iter().map(|top| top.1).sum::<usize>();
    outside >= FOREIGN_MIN
}

/// Does any byte satisfy `pred`?  Blocks of 32 bytes are tested with a
/// branch-free predicate, which the compiler vectorizes.
#[inline]
pub(crate) fn any_byte(b: &[u8], pred: impl Fn(u8) -> bool) -> bool {
    let mut blocks = b.chunks_exact(32);
    for w in &mut blocks {
        let mut any = false;
        for &x in w {
            any |= pred(x);
        }
        if any {
            return true;
        }
    }
    blocks.remainder().iter().any(|&x| pred(x))
}

/// `_FENCE`: `^\s*(?:```|~~~)`.
fn is_fence(line: &str) -> bool {
    let rest = line.trim_start_matches(is_py_space);
    rest.starts_with("```") || rest.starts_with("~~~")
}

/// Run `fix` on each line outside fenced code (as `_blocks` / `_lines`
/// split it); the text, borrowed when no line changed.
fn by_lines<'a>(text: &'a str, mut fix: impl FnMut(&str) -> Option<String>) -> Cow<'a, str> {
    let mut out: Option<String> = None;
    let mut in_code = false;
    let mut start = 0;
    // (`_blocks`: no fence without one of these)
    let fences = (text.contains('`') && text.contains("```")) || (text.contains('~') && text.contains("~~~"));
    loop {
        let end = text[start..].find('\n').map_or(text.len(), |k| start + k);
        let line = &text[start..end];
        let fixed = if fences && is_fence(line) {
            in_code = !in_code;
            None
        } else if in_code {
            None
        } else {
            fix(line)
        };
        match fixed {
            Some(new) => {
                let o = out.get_or_insert_with(|| {
                    // Room for the most the fixes can add (each makes a
                    // one-byte ASCII mark or quote a three-byte full-width
                    // one) so that the output never grows by a copy of itself.
                    let room = 2 * text.as_bytes()[start..].iter().filter(|&&b| b.is_ascii_punctuation()).count();
                    let mut s = String::with_capacity(text.len() + room + 64);
                    s.push_str(&text[..start]);
                    s
                });
                o.push_str(&new);
            }
            None => {
                if let Some(o) = out.as_mut() {
                    o.push_str(line);
                }
            }
        }
        if end == text.len() {
            break;
        }
        if let Some(o) = out.as_mut() {
            o.push('\n');
        }
        start = end + 1;
    }
    match out {
        Some(s) if s != text => Cow::Owned(s),
        _ => Cow::Borrowed(text),
    }
}

fn punct_width<'a>(text: &'a str, options: &Options) -> Option<Cow<'a, str>> {
    Some(punct_width::punct_width(text, options.dashes))
}

fn quote_pair<'a>(text: &'a str, _options: &Options) -> Option<Cow<'a, str>> {
    Some(quote_pair::quote_pair(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pw(s: &str, dashes: bool) -> String {
        punct_width::punct_width(s, dashes).into_owned()
    }

    fn qp(s: &str) -> String {
        quote_pair::quote_pair(s).into_owned()
    }

    #[test]
    fn punct_width_pairs() {
        let cases = [
            ("他说:今天天气很好,我们去公园吧!", "他说：今天天气很好，我们去公园吧！"),
            ("本报讯(记者 叶江)日前,全市", "本报讯（记者 叶江）日前，全市"),
            ("九县(市、区)各有特色.", "九县（市、区）各有特色。"),
            ("增长20.46%,完成零售额490.8亿元.", "增长20.46%，完成零售额490.8亿元。"),
            ("报道 : 日前,安徽省组织多路小分队 ,深入", "报道 ： 日前，安徽省组织多路小分队 ，深入"),
            ("他说...好吧。。。", "他说……好吧……"),
        ];
        for (a, b) in cases {
            assert_eq!(pw(a, false), b, "{a}");
        }
        assert_eq!(pw("告别弄堂--上海", true), "告别弄堂——上海");
    }

    #[test]
    fn punct_width_keeps() {
        for s in [
            "会议于10:30开始，共1,000人，占96.2%。",
            "Hello, world. (a) and (1).",
            "运行 `a, b = f(x)` 即可",
            "告别弄堂--上海",
            "```\n中,文\n```",
            "多くのことができるようになります.そんな",
            "大韓民國의 首都는 서울이다, 그렇다.",
            "",
        ] {
            assert!(matches!(punct_width::punct_width(s, false), Cow::Borrowed(_)), "{s}");
        }
        assert_eq!(
            pw("请打开 config.yaml 或 说明.txt,见 https://example.com/a?b=1,c", false),
            "请打开 config.yaml 或 说明.txt，见 https://example.com/a?b=1,c"
        );
    }

    #[test]
    fn foreign_lines() {
        assert!(is_foreign("これは日本語です"));
        assert!(is_foreign("그는 말했다"));
        assert!(!is_foreign("日语“かわいい”一词"));
        assert!(!is_foreign("日语\"かわいい\"一词"));
        assert!(is_foreign("日语“かわいい一词"));
        assert!(!is_foreign("人ロ增长"));
        assert!(!is_foreign("约翰・史密斯ーー"));
        assert_eq!(pw("日语“かわいい”一词,可爱.", false), "日语“かわいい”一词，可爱。");
    }

    #[test]
    fn quote_pair_pairs() {
        assert_eq!(qp("他说\"你好\",然后走了"), "他说“你好”,然后走了");
        assert_eq!(qp("他说'你好'"), "他说‘你好’");
        assert_eq!(qp("他说：\"长委人。"), "他说：“长委人。");
        assert_eq!(qp("叮嘱\"长委人。"), "叮嘱“长委人。");
        assert_eq!(qp("他是长委人\"，好"), "他是长委人”，好");
        assert_eq!(qp("取缔沿淮“15 类\"企业，谁就\"死”"), "取缔沿淮“15 类”企业，谁就“死”");
        assert_eq!(qp("他说：“综合\"到位\"拯救。”"), "他说：“综合“到位”拯救。”");
        for s in [
            "He said \"hello\", don't worry; 身高5'11\"。",
            "「一國兩制」和『中文』",
            "代码 `print(\"中文\")` 不变",
            "Remove '铁蕾' from 1 Folder?",
            "奖章\"获得者",
            "你好，\"然后走了",
            "彼は\"こんにちは\"と言った。",
            "运行 git commit -m \"修复\" 即可",
            "设置 name=\"张三\" 即可",
        ] {
            assert_eq!(qp(s), s);
        }
    }

    /// Throughput of the rules named in BENCH_RULES on /tmp/bench-<rule>.txt
    /// (`cargo test --release -- --ignored bench --nocapture`).
    #[test]
    #[ignore]
    fn bench() {
        let names = std::env::var("BENCH_RULES").unwrap_or_else(|_| "punct-width,quote-pair".into());
        for name in names.split(',') {
            let Some(rule) = crate::rules::find(name) else { continue };
            let Ok(text) = std::fs::read_to_string(format!("/tmp/bench-{name}.txt")) else { continue };
            let options = Options::default();
            // CPU time of this thread (the machine may be loaded): schedstat, in ns
            let cpu = || -> f64 {
                std::fs::read_to_string("/proc/thread-self/schedstat")
                    .ok()
                    .and_then(|s| s.split_whitespace().next().and_then(|x| x.parse::<f64>().ok()))
                    .map_or(0.0, |ns| ns / 1e9)
            };
            let mut best = f64::MAX;
            let mut best_cpu = f64::MAX;
            let iters: usize = std::env::var("BENCH_ITERS").ok().and_then(|v| v.parse().ok()).unwrap_or(7);
            for _ in 0..iters {
                let (t, c) = (std::time::Instant::now(), cpu());
                let out = rule(&text, &options);
                std::hint::black_box(&out);
                best = best.min(t.elapsed().as_secs_f64());
                best_cpu = best_cpu.min(cpu() - c);
            }
            let mb = text.len() as f64 / 1e6;
            println!("{name}: {:.0} MB/s wall, {:.0} MB/s cpu", mb / best, mb / best_cpu);
        }
    }
}

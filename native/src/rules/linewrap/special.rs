//! Small predicates of `cleantext.linewrap`: how a line ends, and the lines
//! that are their own paragraph (bylines, continuation notes, box labels).

use std::sync::LazyLock;

use regex::Regex;

use super::chars::*;
use crate::chardata::{DECIMAL_CLASS as PY_DECIMAL_CLASS, SPACE_CLASS as PY_SPACE_CLASS};

/// How a line ends (`end_class`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum End {
    Term,
    Open,
    Colon,
    Dash,
    Close,
    Word,
}

impl End {
    /// `_RUNS_ON`: ends that show a wrap in mid-sentence.
    #[inline]
    pub fn runs_on(self) -> bool {
        matches!(self, End::Word | End::Open | End::Close)
    }
}

/// `is_terminal`.
pub fn is_terminal(line: &str) -> bool {
    let s = rstrip(line);
    let mut it = s.char_indices().rev();
    let (i, ch) = loop {
        match it.next() {
            None => return false,
            Some((_, c)) if is_closer(c) => continue,
            Some(x) => break x,
        }
    };
    if ch == '.' {
        // an ASCII full stop ends a Chinese sentence, not "96.2" or "etc."
        return s[..i].chars().next_back().is_some_and(is_han);
    }
    is_terminal_mark(ch)
}

/// `end_class` (and `_end_class_of`, its shortcut).
pub fn end_class(line: &str) -> End {
    let s = rstrip(line);
    let Some(ch) = last(s) else { return End::Term };
    if !is_closer(ch) && ch != '.' {
        // the last character alone decides
        if is_terminal_mark(ch) {
            return End::Term;
        }
    } else if is_terminal(s) {
        return End::Term;
    }
    if is_continuation(ch) {
        End::Open
    } else if ch == '：' || ch == ':' {
        End::Colon
    } else if is_dash(ch) {
        End::Dash
    } else if is_closer(ch) {
        End::Close
    } else {
        End::Word
    }
}

/// `_sentence_marks`: sentence marks, an ASCII comma only where it is no
/// thousands separator.  (The rule counts them in its one pass over a line,
/// `line::scan`; this plain version is what the tests hold that pass to.)
#[cfg(test)]
pub fn sentence_marks(s: &str) -> usize {
    let mut n = 0;
    let mut prev: Option<char> = None;
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        match c {
            '，' | '。' | '、' | '；' | '：' | '？' | '！' | ';' => n += 1,
            // (punct-width widens these after a Han character later)
            '.' | ':' | '?' | '!' if prev.is_some_and(is_han) => n += 1,
            ',' => {
                let next_digit = it.peek().is_some_and(|c| c.is_ascii_digit());
                let prev_digit = prev.is_some_and(|c| c.is_ascii_digit());
                if !(next_digit && prev_digit) {
                    n += 1;
                }
            }
            _ => {}
        }
        prev = Some(c);
    }
    n
}

// --------------------------------------------------------------------------
// Bylines.

const BYLINE_ROLES: &[&str] = &[
    "本报特约评论员", "本报评论员", "特约评论员", "评论员",
    "本报首席记者", "首席记者", "本报特约记者", "特约记者", "本报记者",
    "新华社记者", "中新社记者", "见习记者", "实习记者", "驻站记者", "摄影记者", "记者",
    "本报通讯员", "特约通讯员", "通讯员", "实习生", "摄影", "拍友",
    "责任编辑", "编辑", "责编", "撰稿", "执笔", "作者", "整理", "口述",
    "文/图", "文／图", "图/文", "图／文",
    "本報特約評論員", "本報評論員", "特約評論員", "評論員",
    "本報首席記者", "首席記者", "本報特約記者", "特約記者", "本報記者",
    "新華社記者", "中新社記者", "見習記者", "實習記者", "駐站記者", "攝影記者", "記者",
    "本報通訊員", "特約通訊員", "通訊員", "實習生", "攝影",
    "責任編輯", "編輯", "責編", "執筆", "文/圖", "文／圖", "圖/文", "圖／文",
];

/// The roles by their first character (sorted), each group longest first
/// (`_ROLE`: the first alternative that matches at a place is the longest
/// role there).
static ROLES_BY_FIRST: LazyLock<Vec<(char, Vec<&'static str>)>> = LazyLock::new(|| {
    let mut v: Vec<(char, Vec<&'static str>)> = Vec::new();
    for r in BYLINE_ROLES {
        let c = r.chars().next().expect("a role");
        match v.iter_mut().find(|(f, _)| *f == c) {
            Some((_, g)) => g.push(r),
            None => v.push((c, vec![r])),
        }
    }
    for (_, g) in v.iter_mut() {
        g.sort_by_key(|r| std::cmp::Reverse(r.chars().count()));
    }
    v.sort_by_key(|(c, _)| *c);
    v
});

const HAN_CLASS: &str = r"\x{3400}-\x{4dbf}\x{4e00}-\x{9fff}\x{f900}-\x{faff}\x{20000}-\x{3134f}\x{3007}\x{25cb}";
const MARKS_CLASS: &str = "□■●◆▲△○◇★☆▪▫";

fn re(pattern: &str) -> Regex {
    let p = pattern
        .replace("{HAN}", HAN_CLASS)
        .replace("%S%", PY_SPACE_CLASS)
        .replace("%D%", PY_DECIMAL_CLASS)
        .replace("{MARKS}", MARKS_CLASS);
    Regex::new(&p).expect("linewrap pattern")
}

/// A filter on the first characters of the roles: bit `cp % 256`.
static ROLE_FIRST_BITS: LazyLock<[u64; 4]> = LazyLock::new(|| {
    let mut bits = [0u64; 4];
    for (c, _) in ROLES_BY_FIRST.iter() {
        let k = *c as usize & 255;
        bits[k >> 6] |= 1 << (k & 63);
    }
    bits
});

static RE_PHOTO_CREDIT: LazyLock<Regex> =
    LazyLock::new(|| re("^[{HAN}]{2,4}(?:[ 、][{HAN}]{2,4}){0,3} ?[摄攝]$"));
static RE_MARK_NAME: LazyLock<Regex> =
    LazyLock::new(|| re("^[{MARKS}][%S%]*[{HAN}]{2,4}(?:[%S%]+[{HAN}]{2,4})*$"));
static RE_TITLE_NAME: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        "(?:书记|主任|主席|部长|局长|厅长|省长|市长|县长|区长|镇长|乡长|校长|院长|",
        "所长|会长|社长|董事长|总经理|经理|主编|总编|教授|研究员|委员|常委|代表|",
        "理事长|秘书长|馆长|站长|处长|科长|队长|组长|",
        "書記|部長|局長|廳長|省長|市長|縣長|區長|鎮長|鄉長|校長|院長|所長|會長|社長|",
        "董事長|總經理|經理|主編|總編|研究員|委員|理事長|秘書長|祕書長|館長|處長|隊長|組長",
        ")[%S%]+[{HAN}]{2,4}$"
    ))
});
static RE_NOTE: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r"^[■□●◆▲%S%]*[（(【\[]?[%S%]*(?:上接|下[转轉]|接|[转轉]|[紧緊]接|[续續]|[详詳][见見]|[见見])",
        r"(?:今日|本[报報])?第?[一二三四五六七八九十百零〇%D%A-Za-z]+(?:版|[页頁]|面)",
        r"[%S%]*[）)】\]]?$"
    ))
});
static RE_PHOTO_NOTE: LazyLock<Regex> =
    LazyLock::new(|| re(r"^[（(]附(?:[图圖]片|照片|[图圖])[%D%一二三四五六七八九十]*[张張]?[）)]$"));

/// `_RE_ROLE_AT.match(s, pos)`: the end of the role at `pos`.
fn role_at(s: &str, pos: usize) -> Option<usize> {
    let rest = &s[pos..];
    let c = rest.chars().next()?;
    let groups = &*ROLES_BY_FIRST;
    let g = &groups[groups.binary_search_by_key(&c, |(f, _)| *f).ok()?].1;
    g.iter().find(|r| rest.starts_with(**r)).map(|r| pos + r.len())
}

/// `_RE_BYLINE_SEP.match(s, pos).end()`.
fn sep_end(s: &str, pos: usize) -> usize {
    let rest = &s[pos..];
    let kept = rest.trim_start_matches(|c: char| is_py_space(c) || matches!(c, ':' | '：' | '/' | '／' | '、'));
    s.len() - kept.len()
}

/// `_byline_body`.
fn byline_body(s: &str, mut pos: usize) -> bool {
    let n = s.len();
    loop {
        let Some(m) = role_at(s, pos) else { return false };
        pos = sep_end(s, m);
        while pos < n {
            let rest = s[pos..].trim_end_matches(is_py_space);
            if matches!(rest, "摄" | "摄影" | "攝" | "攝影") {
                return true;
            }
            if role_at(s, pos).is_some() {
                break;
            }
            // _RE_NAME_AT: 2-4 characters
            let mut ends: Vec<usize> = Vec::with_capacity(4);
            for (i, c) in s[pos..].char_indices() {
                if ends.len() == 4 || !(is_han(c) || c == '·' || c == '・') {
                    break;
                }
                ends.push(pos + i + c.len_utf8());
            }
            if ends.len() < 2 {
                return false;
            }
            let mut found = None;
            for &end in &ends[1..] {
                let follow = s[end..].chars().next();
                let stop = match follow {
                    None => true,
                    Some(c) => matches!(c, ' ' | '\t' | '\u{3000}' | '、' | '摄' | '攝') || role_at(s, end).is_some(),
                };
                if stop {
                    found = Some(end);
                    break;
                }
            }
            let Some(end) = found else { return false };
            pos = sep_end(s, end);
        }
        if pos >= n {
            return true;
        }
    }
}

/// `_RE_BYLINE_PREFIX.match(core).end()`.
fn byline_prefix_end(s: &str) -> usize {
    let mut p = 0;
    if let Some(c) = first(s) {
        if is_byline_mark(c) {
            p += c.len_utf8();
        }
    }
    p = s.len() - s[p..].trim_start_matches(is_py_space).len();
    // a bracketed note
    if let Some(c) = s[p..].chars().next() {
        if c == '（' || c == '(' {
            let q = p + c.len_utf8();
            let mut run = 0;
            let mut r = q;
            for ch in s[q..].chars() {
                if matches!(ch, '（' | '(' | ')' | '）') || run == 11 {
                    break;
                }
                run += 1;
                r += ch.len_utf8();
            }
            if (1..=10).contains(&run) {
                if let Some(cl) = s[r..].chars().next() {
                    if cl == '）' || cl == ')' {
                        r += cl.len_utf8();
                        p = s.len() - s[r..].trim_start_matches(is_py_space).len();
                    }
                }
            }
        }
    }
    // a newsroom: (本报|新华社|...)?[驻駐][HAN]{1,8}?(?=[记記]者)
    let rest = &s[p..];
    let mut q = p;
    for pre in ["本报", "新华社", "中新社", "本報", "新華社"] {
        if rest.starts_with(pre) {
            q = p + pre.len();
            break;
        }
    }
    let mut it = s[q..].chars();
    if !matches!(it.next(), Some('驻' | '駐')) {
        return p;
    }
    let mut pos = q + '驻'.len_utf8();
    for _ in 0..8 {
        let Some(c) = s[pos..].chars().next() else { return p };
        if !is_han(c) {
            return p;
        }
        pos += c.len_utf8();
        let mut la = s[pos..].chars();
        if matches!(la.next(), Some('记' | '記')) && la.next() == Some('者') {
            return pos;
        }
    }
    p
}

/// The end of `_RE_BYLINE_HINT`: `[HAN] [HAN]{2,4}$`.
fn name_at_end(s: &str) -> bool {
    let mut it = s.chars().rev();
    let mut k = 0;
    for c in it.by_ref() {
        if is_han(c) && k < 4 {
            k += 1;
            continue;
        }
        if c == ' ' && k >= 2 {
            return it.next().is_some_and(is_han);
        }
        break;
    }
    // (a space after 2-4 Han characters from the end; with more than four
    // Han characters at the end, the fifth is not a space)
    false
}

/// `not _RE_BYLINE_STOP.search(s) and _RE_BYLINE_HINT.search(s)`, in one
/// pass over `s`.
fn byline_candidate(s: &str) -> bool {
    let bits = &*ROLE_FIRST_BITS;
    let mut hint = false;
    for (i, c) in s.char_indices() {
        match c {
            '，' | '。' | '！' | '？' | '；' | '：' | ',' | '!' | '?' | ';' => return false,
            '摄' | '攝' => hint = true,
            _ if is_byline_mark(c) => hint = true,
            _ => {
                if !hint {
                    let k = c as usize & 255;
                    if bits[k >> 6] & (1 << (k & 63)) != 0 && role_at(s, i).is_some() {
                        hint = true;
                    }
                }
            }
        }
    }
    hint || name_at_end(s)
}

/// `looks_like_byline`.
pub fn looks_like_byline(line: &str) -> bool {
    let s = strip(line);
    // (more than 40 characters: more than 40 bytes, at most 160)
    if s.is_empty() || (s.len() > 40 && (s.len() > 160 || s.chars().nth(40).is_some())) {
        return false;
    }
    if !byline_candidate(s) {
        return false;
    }
    if RE_MARK_NAME.is_match(s) || RE_TITLE_NAME.is_match(s) {
        return true;
    }
    let mut core = s;
    if matches!(first(core), Some('（' | '(')) && matches!(last(core), Some('）' | ')')) {
        let inner = if char_len(core) >= 2 {
            let a = first(core).map_or(0, char::len_utf8);
            let b = last(core).map_or(0, char::len_utf8);
            &core[a..core.len() - b]
        } else {
            ""
        };
        core = inner.trim_matches(is_py_space);
    }
    if RE_PHOTO_CREDIT.is_match(core) {
        return true;
    }
    byline_body(core, byline_prefix_end(core))
}

/// `looks_like_note`.
pub fn looks_like_note(line: &str) -> bool {
    let s = strip(line);
    if (s.len() > 20 && (s.len() > 80 || s.chars().nth(20).is_some())) || !s.chars().any(|c| matches!(c, '版' | '页' | '頁' | '面' | '附')) {
        return false;
    }
    RE_NOTE.is_match(s) || RE_PHOTO_NOTE.is_match(s)
}

const BOX_LABELS: &[&str] = &[
    "阅读提示", "核心提示", "内容提示", "提示", "今日导读", "导读", "编者按",
    "编者的话", "编后", "编后语", "编后记", "链接", "相关链接", "新闻链接",
    "背景链接", "知识链接", "背景", "新闻背景", "背景资料", "小资料", "资料",
    "延伸阅读", "相关阅读", "相关新闻", "记者手记", "采访手记", "短评", "点评",
    "述评", "快评", "图片", "图片新闻", "名词解释", "数读", "数说", "观察",
    "开栏的话", "结束语", "卷首语", "图为",
    "閱讀提示", "內容提示", "今日導讀", "導讀", "編者按", "編者的話", "編後", "編後語",
    "編後記", "鏈接", "相關鏈接", "新聞鏈接", "背景鏈接", "知識鏈接", "新聞背景",
    "背景資料", "小資料", "資料", "延伸閱讀", "相關閱讀", "相關新聞", "記者手記",
    "採訪手記", "短評", "點評", "述評", "快評", "圖片", "圖片新聞", "名詞解釋", "數讀",
    "數說", "觀察", "開欄的話", "結束語", "卷首語", "圖爲", "圖為",
];

/// `looks_like_label`.
pub fn looks_like_label(line: &str) -> bool {
    let s = strip(line)
        .trim_start_matches(['#', '■', '□', '●', '◆', '▲', '【', '[', ' '])
        .trim_end_matches(['：', ':', '】', ']', ' ']);
    if s.len() < 6 || s.len() > 12 {
        return false;
    }
    BOX_LABELS.contains(&s)
}

/// `_RE_DATELINE`: a date and "电" at the end (a wire dispatch).
static RE_DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    let sp = format!("[{PY_SPACE_CLASS}]*");
    let num = "(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})";
    Regex::new(&format!("{num}{sp}月{sp}{num}{sp}日{sp}[电電]$")).expect("dateline pattern")
});

/// `ends_with_credit`: `text` ends with a credit or a dateline in brackets
/// after a sentence that ends (or is one alone).
pub fn ends_with_credit(text: &str) -> bool {
    let t = rstrip(text);
    if !matches!(last(t), Some('）' | ')')) {
        return false;
    }
    let Some(k) = t.rfind(['（', '(']) else { return false };
    let open_len = t[k..].chars().next().map_or(1, char::len_utf8);
    let close_len = last(t).map_or(1, char::len_utf8);
    if k + open_len > t.len() - close_len {
        return false;
    }
    let inner = strip(&t[k + open_len..t.len() - close_len]);
    let n = char_len(inner);
    if !(2..=30).contains(&n) || inner.contains(['）', ')']) {
        return false;
    }
    let before = rstrip(&t[..k]);
    if last(before).is_some_and(|c| !matches!(c, '。' | '！' | '？' | '…' | '!' | '?' | '”' | '’' | '」' | '』')) {
        return false;
    }
    looks_like_byline(inner) || RE_DATELINE.is_match(inner)
}

/// `is_lone_mark`: nothing but a mark or two that may not start a line.
pub fn is_lone_mark(content: &str) -> bool {
    let n = char_len(content);
    (1..=3).contains(&n)
        && content.chars().all(|c| {
            matches!(
                c,
                '，' | '。' | '、' | '；' | '：' | '？' | '！' | '）' | '》' | '」' | '』' | '”' | '’' | ',' | '.' | ';' | ':'
                    | '?' | '!' | ')'
            )
        })
}

/// `_special`: a byline, continuation note or box label.
pub fn special(line: &str) -> bool {
    looks_like_byline(line) || looks_like_note(line) || looks_like_label(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn predicates() {
        assert!(looks_like_byline("□ 记者 廖王晶 通讯员 程俊杰"));
        assert!(looks_like_byline("本报记者 何贤君"));
        assert!(ends_with_credit("图为浮出江面的中山舰。（本报记者李舸摄）"));
        assert!(ends_with_credit("工程顺利完成。（新华社三峡工地11月8日电）"));
        assert!(ends_with_credit("（本报宜昌三峡坝区十月二十六日电）"));
        assert!(!ends_with_credit("新华社北京5月20日电（记者徐殿龙）"));
        assert!(!ends_with_credit("会议强调。（一）加强领导（全文）"));
        assert!(is_lone_mark("：") && is_lone_mark("。”") && !is_lone_mark("……") && !is_lone_mark("：好"));
        assert!(looks_like_byline("拍友 吴峰宇 摄"));
        assert!(looks_like_byline("本报评论员"));
        assert!(looks_like_byline("（本报记者李舸摄）"));
        assert!(looks_like_byline("□ 邓小玉"));
        assert!(looks_like_byline("丽水市委常委、景宁畲族自治县委书记 陈重"));
        assert!(!looks_like_byline("记者了解到，本次调查是为了解行政机"));
        assert!(!looks_like_byline("本报讯 近日，记者从市经信委了解到，"));
        assert!(looks_like_note("(下转第四版)"));
        assert!(looks_like_note("（上接第一版）"));
        assert!(looks_like_note("■ 详见今日三版"));
        assert!(looks_like_note("（附图片1张）"));
        assert!(!looks_like_note("上接第一版的文章说"));
        assert!(looks_like_label("阅读提示"));
        assert!(looks_like_label("### 阅读提示"));
        assert!(looks_like_label("编者按："));
        assert!(!looks_like_label("提示我们"));
        assert_eq!(sentence_marks("本报讯 近日，市统计局通过热线，开展调查。"), 3);
        assert_eq!(sentence_marks("共有1,000名代表出席会议"), 0);
        assert_eq!(sentence_marks("他说.好吗?v1.2"), 2);
        let ends: Vec<End> = ["气魄。", "机关事", "共同、", "全文如下：", "问题——", "（附图片1张）", "“三服务”"]
            .iter()
            .map(|s| end_class(s))
            .collect();
        assert_eq!(ends, [End::Term, End::Word, End::Open, End::Colon, End::Dash, End::Close, End::Close]);
        assert!(is_terminal("选“是”的占 99.8%。"));
        assert!(!is_terminal("对开展“三"));
    }
}

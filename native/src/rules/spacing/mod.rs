//! `cjk-space`: the port of `cleantext.spacing` (spaces that page layout,
//! text extraction and OCR put into Chinese text).
//!
//! The port follows the line-by-line pass of the reference (`_fix_lines`,
//! `_fix_line`, `_fix_body`, `_pangu_insert`), decision by decision and in
//! the same order; the reference's whole-text fast path (`_fix_fast`) gives
//! the same result as that pass by design (its tests hold the two to each
//! other), so this port needs only the pass, made fast by skipping the
//! lines that the pass leaves as they are.  Positions are code-point
//! indices into a line held as `[char]`, as in Python.
//!
//! Word evidence reads two tables handed over from Python (see
//! [`WORDS_TABLE`] and [`T2S_CHANGES_TABLE`]).  The rule leaves its input to
//! the Python reference (returns `None`) when a word must be looked up in
//! simplified characters and one of its characters may change under
//! OpenCC's t2s (traditional text with a space between Chinese characters
//! whose words are not in the list as they are), and when a table it needs
//! has not been handed over.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::{Arc, Mutex, OnceLock};

use super::{Options, RuleFn};
use crate::chardata;
use crate::tables::{self, WeightTable};
use crate::chardata::in_table;

/// The rules of this family, by their registry names.
pub const RULES: &[(&str, RuleFn)] = &[("cjk-space", cjk_space)];

/// The wordfreq Chinese list: `cleantext.spacing._words()` (word -> frequency).
pub const WORDS_TABLE: &str = "spacing.words";
/// The characters that t2s may change: `{c: 1.0 for c in cleantext.spacing._t2s_changes()}`.
pub const T2S_CHANGES_TABLE: &str = "spacing.t2s_changes";

/// The input is left to the Python reference.
struct Defer;
type R<T> = Result<T, Defer>;

// --------------------------------------------------------------------------
// Character classes

/// `\d` of Python's `re`.
fn re_digit(c: char) -> bool {
    c.is_ascii_digit() || (!c.is_ascii() && in_table(chardata::DECIMAL, c))
}

/// `\s` of Python's `re`.
fn re_space(c: char) -> bool {
    in_table(chardata::SPACE, c)
}

// The classes as bits of one table over the BMP (astral characters are
// Han or nothing), so that each test is one load.
const F_HAN: u8 = 1;
const F_FW: u8 = 2;
const F_SHARED: u8 = 4;
const F_UNIT: u8 = 8;
const F_LATIN: u8 = 16;
const F_DIGIT: u8 = 32;

const fn flags_of(u: u32) -> u8 {
    let mut f = 0;
    if matches!(u,
        0x2E80..=0x2FDF | 0x3005 | 0x3007 | 0x3021..=0x3029 | 0x3038..=0x303B
        | 0x3040..=0x309F | 0x30A0..=0x30FA | 0x30FC..=0x30FF | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F | 0x25CB)
    {
        f |= F_HAN;
    }
    if matches!(u,
        0x3001..=0x3004 | 0x3008..=0x3020 | 0x3030 | 0x303D..=0x303F
        | 0xFF01 | 0xFF02 | 0xFF07..=0xFF09 | 0xFF0C | 0xFF0E | 0xFF1A | 0xFF1B | 0xFF1F
        | 0xFF3B | 0xFF3D | 0xFF5B | 0xFF5D | 0xFF5E..=0xFF65 | 0xFE10..=0xFE19 | 0xFE30..=0xFE4F)
    {
        f |= F_FW;
    }
    if matches!(u, 0x2018 | 0x2019 | 0x201C | 0x201D | 0x2014 | 0x2015 | 0x2026 | 0x2025 | 0xB7 | 0x2027) {
        f |= F_SHARED;
    }
    if matches!(u, 0x25 | 0xFF05 | 0x2030 | 0x2031 | 0x2103 | 0x2109 | 0xB0) {
        f |= F_UNIT;
    }
    if matches!(u,
        0x41..=0x5A | 0x61..=0x7A | 0xC0..=0xD6 | 0xD8..=0xF6 | 0xF8..=0x24F
        | 0x370..=0x3FF | 0x2150..=0x218F)
    {
        f |= F_LATIN;
    }
    if matches!(u, 0x30..=0x39) {
        f |= F_DIGIT;
    }
    f
}

static FLAGS: [u8; 0x10000] = {
    let mut t = [0u8; 0x10000];
    let mut u = 0;
    while u < 0x10000 {
        t[u] = flags_of(u as u32);
        u += 1;
    }
    t
};

#[inline]
fn flags(c: char) -> u8 {
    let u = c as u32;
    if u < 0x10000 {
        FLAGS[u as usize]
    } else if (0x20000..=0x3134F).contains(&u) {
        F_HAN
    } else {
        0
    }
}

#[inline]
fn is_han(c: char) -> bool {
    flags(c) & F_HAN != 0
}

#[inline]
fn is_fw(c: char) -> bool {
    flags(c) & F_FW != 0
}

#[inline]
fn is_shared(c: char) -> bool {
    flags(c) & F_SHARED != 0
}

#[inline]
fn is_unit(c: char) -> bool {
    flags(c) & F_UNIT != 0
}

#[inline]
fn is_sp(c: char) -> bool {
    c == ' ' || c == '\u{3000}'
}

/// `_class`: H(an), P(unctuation, full-width), D(igit), L(atin), U(nit),
/// X (shared mark) or S(ymbol).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Class {
    H,
    P,
    D,
    L,
    U,
    X,
    S,
}

#[inline]
fn class(c: char) -> Class {
    let f = flags(c);
    if f == 0 {
        Class::S
    } else if f & F_HAN != 0 {
        Class::H
    } else if f & F_FW != 0 {
        Class::P
    } else if f & F_DIGIT != 0 {
        Class::D
    } else if f & F_LATIN != 0 {
        Class::L
    } else if f & F_UNIT != 0 {
        Class::U
    } else {
        Class::X
    }
}

/// `_chinese` of one character.
#[inline]
/// `_chinese_beside`: is the first character other than a space before
/// `s[a..b]` or after it Chinese, or a per cent or per mille sign?
fn chinese_beside(s: &[char], a: usize, b: usize) -> bool {
    neighbours(s, a, b).any(|c| chinese(c) || c == '％' || c == '‰')
}

/// `_neighbours`: the first character other than a space before `s[a..b]`
/// and the first after it (none at an end of `s`).
fn neighbours(s: &[char], a: usize, b: usize) -> impl Iterator<Item = char> + '_ {
    let before = s[..a].iter().rev().find(|&&c| !is_sp(c));
    let after = s[b.min(s.len())..].iter().find(|&&c| !is_sp(c));
    before.into_iter().chain(after).copied()
}

fn chinese(c: char) -> bool {
    matches!(class(c), Class::H | Class::P)
}

/// `_kind`: a shared mark is punctuation when Chinese is on either side.
fn kind(ch: char, far: Option<char>, across: char) -> Class {
    let k = class(ch);
    if k == Class::X {
        if far.is_some_and(chinese) || chinese(across) {
            Class::P
        } else {
            Class::S
        }
    } else {
        k
    }
}

fn is_sentence(c: char) -> bool {
    matches!(c, '。' | '，' | '；' | '！' | '？' | '：' | ',' | ';' | '!' | '?')
}

// --------------------------------------------------------------------------
// Role, title and dateline words

const ROLE_WORDS: &[&str] = &[
    "记者", "本报记者", "首席记者", "特约记者", "见习记者", "实习记者",
    "驻站记者", "摄影记者", "新华社记者", "通讯员", "本报通讯员",
    "特约通讯员", "实习生", "评论员", "本报评论员", "特约评论员",
    "责任编辑", "责编", "编辑", "美编", "校对", "摄影", "摄像", "拍友",
    "撰文", "制图", "供图", "作者", "主持人", "整理", "口述", "执笔",
    "記者", "本報記者", "首席記者", "特約記者", "見習記者", "實習記者",
    "駐站記者", "攝影記者", "新華社記者", "通訊員", "本報通訊員",
    "特約通訊員", "實習生", "評論員", "本報評論員", "特約評論員",
    "責任編輯", "責編", "編輯", "美編", "校對", "攝影", "攝像",
    "撰文", "製圖", "供圖", "主持人", "整理", "口述", "執筆",
];
const TRAILING_ROLES: &[&str] = &[
    "摄", "摄影", "摄影报道", "报道", "文", "图", "文图", "图文", "制图",
    "供图", "整理", "口述", "执笔",
    "攝", "攝影", "攝影報道", "報道", "文圖", "圖文", "製圖", "供圖", "執筆",
];
const TITLE_WORDS: &[&str] = &[
    "书记", "主任", "主席", "省长", "市长", "县长", "区长", "镇长", "乡长", "村长",
    "部长", "厅长", "局长", "处长", "科长", "院长", "校长", "所长", "馆长", "社长",
    "台长", "站长", "会长", "董事长", "总经理", "经理", "总裁", "总监", "主编",
    "秘书长", "委员", "常委", "代表", "教授", "研究员", "博士", "大使", "司令员", "政委",
    "書記", "主任", "主席", "縣長", "區長", "鎮長", "鄉長", "部長", "廳長", "局長", "處長",
    "院長", "校長", "館長", "社長", "臺長", "會長", "董事長", "總經理", "經理", "總裁",
    "總監", "主編", "秘書長", "委員", "常委", "代表", "教授", "研究員", "大使",
];
const DATELINE_SOURCES: &[&str] = &[
    "本报", "本報", "新华社", "新華社", "中新社", "中新网", "中新網", "人民网", "人民網",
    "新华网", "新華網", "央视网", "央視網",
];

struct Words {
    roles: Vec<Vec<char>>,
    /// Trailing roles, longest first (the order of `_TRAILING_ROLE`).
    trailing: Vec<Vec<char>>,
    titles: Vec<Vec<char>>,
    sources: Vec<Vec<char>>,
    role_last: Vec<char>,
    role_first: Vec<char>,
}

fn chars_of(words: &[&str]) -> Vec<Vec<char>> {
    let mut out: Vec<Vec<char>> = Vec::new();
    for w in words {
        let cs: Vec<char> = w.chars().collect();
        if !out.contains(&cs) {
            out.push(cs);
        }
    }
    out
}

fn words() -> &'static Words {
    static W: OnceLock<Words> = OnceLock::new();
    W.get_or_init(|| {
        let roles = chars_of(ROLE_WORDS);
        let mut trailing = chars_of(TRAILING_ROLES);
        trailing.sort_by_key(|w| std::cmp::Reverse(w.len()));
        let mut role_last: Vec<char> = roles.iter().map(|w| *w.last().unwrap()).collect();
        role_last.sort_unstable();
        role_last.dedup();
        let mut role_first: Vec<char> = roles.iter().chain(trailing.iter()).map(|w| w[0]).collect();
        role_first.sort_unstable();
        role_first.dedup();
        Words {
            roles,
            trailing,
            titles: chars_of(TITLE_WORDS),
            sources: chars_of(DATELINE_SOURCES),
            role_last,
            role_first,
        }
    })
}

/// Does one of `list` end at `end`, starting at or after `lo`?  (`(?:…)$`
/// searched in `s[lo:end]`.)
fn word_ends_at(s: &[char], lo: usize, end: usize, list: &[Vec<char>]) -> bool {
    list.iter().any(|w| end >= lo + w.len() && s[end - w.len()..end] == w[..])
}

/// Does one of `list` start at `start`?
fn word_starts_at(s: &[char], start: usize, list: &[Vec<char>]) -> bool {
    list.iter().any(|w| s.len() >= start + w.len() && s[start..start + w.len()] == w[..])
}

/// Does one of `list` occur inside `s[lo:end]`?
fn word_inside(s: &[char], lo: usize, end: usize, list: &[Vec<char>]) -> bool {
    (lo..end).any(|p| list.iter().any(|w| p + w.len() <= end && s[p..p + w.len()] == w[..]))
}

// --------------------------------------------------------------------------
// Word evidence

/// A fast hasher for the small keys of this module (word codes, memo keys).
#[derive(Default, Clone, Copy)]
struct FastHasher(u64);

impl Hasher for FastHasher {
    #[inline]
    fn finish(&self) -> u64 {
        let h = self.0;
        (h ^ (h >> 29)).wrapping_mul(0xbf58_476d_1ce4_e5b9) ^ (h >> 32)
    }
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut b = [0u8; 8];
            b[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(b));
        }
    }
    #[inline]
    fn write_u64(&mut self, x: u64) {
        self.0 = (self.0.rotate_left(5) ^ x).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    #[inline]
    fn write_u32(&mut self, x: u32) {
        self.write_u64(x as u64);
    }
    #[inline]
    fn write_u8(&mut self, x: u8) {
        self.write_u64(x as u64);
    }
    #[inline]
    fn write_usize(&mut self, x: usize) {
        self.write_u64(x as u64);
    }
    #[inline]
    fn write_u128(&mut self, x: u128) {
        self.write_u64(x as u64);
        self.write_u64((x >> 64) as u64);
    }
}

type FastBuild = BuildHasherDefault<FastHasher>;

/// A word of one to four characters as one number.
#[inline]
fn word_code(w: &[char]) -> u128 {
    let mut k = w.len() as u128;
    for (i, &c) in w.iter().enumerate() {
        k |= (c as u128) << (3 + 21 * i);
    }
    k
}

/// The tables of this rule, as handed over, in the form the rule reads fast:
/// the words of one to four characters by [`word_code`] (the only lengths
/// it looks up), the characters t2s may change as a bitmap.
struct Index<T> {
    source: Arc<WeightTable>,
    data: Arc<T>,
}

struct WordIndex(HashMap<u128, f64, FastBuild>);
struct ChangeSet(Vec<u64>);

fn indexed<T>(
    cache: &'static OnceLock<Mutex<Option<Index<T>>>>,
    name: &str,
    build: fn(&WeightTable) -> T,
) -> Option<Arc<T>> {
    let source = tables::get_weights(name)?;
    let mut slot = cache.get_or_init(Default::default).lock().unwrap_or_else(|e| e.into_inner());
    if let Some(index) = slot.as_ref() {
        if Arc::ptr_eq(&index.source, &source) {
            return Some(index.data.clone());
        }
    }
    let data = Arc::new(build(&source));
    *slot = Some(Index { source, data: data.clone() });
    Some(data)
}

fn word_index() -> Option<Arc<WordIndex>> {
    static CACHE: OnceLock<Mutex<Option<Index<WordIndex>>>> = OnceLock::new();
    indexed(&CACHE, WORDS_TABLE, |table| {
        let mut map = HashMap::with_capacity_and_hasher(table.len(), FastBuild::default());
        let mut w: Vec<char> = Vec::with_capacity(4);
        for (word, &f) in table {
            w.clear();
            w.extend(word.chars().take(5));
            if (1..=4).contains(&w.len()) {
                map.insert(word_code(&w), f);
            }
        }
        WordIndex(map)
    })
}

fn change_set() -> Option<Arc<ChangeSet>> {
    static CACHE: OnceLock<Mutex<Option<Index<ChangeSet>>>> = OnceLock::new();
    indexed(&CACHE, T2S_CHANGES_TABLE, |table| {
        let mut bits = vec![0u64; (T2S_DOMAIN_END as usize).div_ceil(64)];
        for key in table.keys() {
            let mut cs = key.chars();
            if let (Some(c), None) = (cs.next(), cs.next()) {
                let u = c as usize;
                if u < T2S_DOMAIN_END as usize {
                    bits[u / 64] |= 1 << (u % 64);
                }
            }
        }
        ChangeSet(bits)
    })
}

struct Ctx {
    words: Option<Arc<WordIndex>>,
    changes: Option<Arc<ChangeSet>>,
}

const MIN_FREQ: f64 = 1e-7;
const COMMON: f64 = 5e-5;
const T2S_DOMAIN_END: u32 = 0x323B0;

impl Ctx {
    fn new() -> Ctx {
        Ctx { words: None, changes: None }
    }

    /// May t2s change `c`?  (`_t2s_changes()`, or beyond the characters it was asked about.)
    fn may_change(&mut self, c: char) -> R<bool> {
        let u = c as u32;
        if u >= T2S_DOMAIN_END {
            return Ok(true);
        }
        if self.changes.is_none() {
            self.changes = Some(change_set().ok_or(Defer)?);
        }
        let bits = &self.changes.as_ref().ok_or(Defer)?.0;
        Ok(bits[u as usize / 64] >> (u % 64) & 1 != 0)
    }

    /// The frequency of `w` (one to four characters) in the list, as `_words().get(w)`.
    fn get(&mut self, w: &[char]) -> R<Option<f64>> {
        if self.words.is_none() {
            self.words = Some(word_index().ok_or(Defer)?);
        }
        let words = &self.words.as_ref().ok_or(Defer)?.0;
        Ok(words.get(&word_code(w)).copied())
    }

    /// The frequency of `w`, else of `_simplified(w)`: a word none of whose
    /// characters may change is its own simplified form (the reference's
    /// own assumption in `_word_across`); any other is left to Python.
    fn get_or_simplified(&mut self, w: &[char]) -> R<Option<f64>> {
        let f = self.get(w)?;
        if f.is_some() {
            return Ok(f);
        }
        for &c in w {
            if self.may_change(c)? {
                return Err(Defer);
            }
        }
        Ok(None)
    }

    /// `_common_word`.
    fn common_word(&mut self, w: &[char]) -> R<bool> {
        Ok(self.get_or_simplified(w)?.is_some_and(|f| f >= COMMON))
    }

    /// `_word_across(s[max(0, start - 3):start], s[end:end + 3])`.
    fn word_across(&mut self, s: &[char], start: usize, end: usize) -> R<bool> {
        let left = &s[start.saturating_sub(3)..start];
        let right = &s[end..(end + 3).min(s.len())];
        let (nl, nr) = (left.len(), right.len());
        let mut simplified = true;
        for &c in left.iter().chain(right.iter()) {
            if self.may_change(c)? {
                simplified = false;
                break;
            }
        }
        let mut w: [char; 4] = ['\0'; 4];
        for (a, b) in [(1, 1), (1, 2), (1, 3), (2, 1), (2, 2), (3, 1)] {
            if a > nl || b > nr {
                continue;
            }
            w[..a].copy_from_slice(&left[nl - a..]);
            w[a..a + b].copy_from_slice(&right[..b]);
            let f = if simplified {
                self.get(&w[..a + b])?
            } else {
                self.get_or_simplified(&w[..a + b])?
            };
            if f.is_some_and(|f| f >= MIN_FREQ) {
                return Ok(true);
            }
        }
        Ok(false)
    }
}

// --------------------------------------------------------------------------
// Protected spans (`_PROTECTED`, `_Spans`)

/// Has `s` one of "`", "@", "://", "www.", "](", "<" (the starts of `_PROTECTED`)?
fn may_protect(s: &[char]) -> bool {
    s.iter().enumerate().any(|(i, &c)| match c {
        '`' | '@' | '<' => true,
        ':' => s.get(i + 1..i + 3) == Some(&['/', '/']),
        'w' => s.get(i + 1..i + 4) == Some(&['w', 'w', '.']),
        ']' => s.get(i + 1) == Some(&'('),
        _ => false,
    })
}

fn url_char(c: char) -> bool {
    ('!'..='~').contains(&c)
}

fn scheme_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-')
}

fn local_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-')
}

fn domain_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '-')
}

/// `[!-~]+` from `q`: its end, if it has a character.
fn url_tail(s: &[char], q: usize) -> Option<usize> {
    let mut r = q;
    while r < s.len() && url_char(s[r]) {
        r += 1;
    }
    (r > q).then_some(r)
}

/// The end of a match of `_PROTECTED` at `i`, trying its alternatives in order.
fn protected_at(s: &[char], i: usize) -> Option<usize> {
    let n = s.len();
    let c = s[i];
    // `+[^`\n]*`+
    if c == '`' {
        let mut j = i;
        while j < n && s[j] == '`' {
            j += 1;
        }
        let k = j - i;
        let mut p = j;
        while p < n && s[p] != '`' && s[p] != '\n' {
            p += 1;
        }
        if p < n && s[p] == '`' {
            let mut q = p;
            while q < n && s[q] == '`' {
                q += 1;
            }
            return Some(q);
        }
        return if k >= 2 { Some(j) } else { None };
    }
    // (?<![A-Za-z0-9+.-])(?:[A-Za-z][A-Za-z0-9+.-]*://|www\.)[!-~]+
    if c.is_ascii_alphabetic() && (i == 0 || !scheme_char(s[i - 1])) {
        let mut p = i + 1;
        while p < n && scheme_char(s[p]) {
            p += 1;
        }
        if p + 3 <= n && s[p] == ':' && s[p + 1] == '/' && s[p + 2] == '/' {
            if let Some(e) = url_tail(s, p + 3) {
                return Some(e);
            }
        }
        if i + 4 <= n && s[i..i + 4] == ['w', 'w', 'w', '.'] {
            if let Some(e) = url_tail(s, i + 4) {
                return Some(e);
            }
        }
    }
    // (?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}
    if local_char(c) && (i == 0 || !local_char(s[i - 1])) {
        let mut p = i;
        while p < n && local_char(s[p]) {
            p += 1;
        }
        if p < n && s[p] == '@' {
            let ds = p + 1;
            let mut de = ds;
            while de < n && domain_char(s[de]) {
                de += 1;
            }
            // the longest domain part followed by "." and two letters or more
            let mut l = de - ds;
            while l >= 1 {
                let dot = ds + l;
                if dot + 2 < n
                    && s[dot] == '.'
                    && s[dot + 1].is_ascii_alphabetic()
                    && s[dot + 2].is_ascii_alphabetic()
                {
                    let mut e = dot + 3;
                    while e < n && s[e].is_ascii_alphabetic() {
                        e += 1;
                    }
                    return Some(e);
                }
                l -= 1;
            }
        }
    }
    // \]\([^)\s]*\)
    if c == ']' && i + 1 < n && s[i + 1] == '(' {
        let mut p = i + 2;
        while p < n && s[p] != ')' && !re_space(s[p]) {
            p += 1;
        }
        if p < n && s[p] == ')' {
            return Some(p + 1);
        }
    }
    // </?[A-Za-z][^<>\n]*>
    if c == '<' {
        let mut p = i + 1;
        if p < n && s[p] == '/' {
            p += 1;
        }
        if p < n && s[p].is_ascii_alphabetic() {
            let mut q = p + 1;
            while q < n && !matches!(s[q], '<' | '>' | '\n') {
                q += 1;
            }
            if q < n && s[q] == '>' {
                return Some(q + 1);
            }
        }
    }
    None
}

/// `_Spans`: the protected spans of a line.
struct Spans {
    spans: Vec<(usize, usize)>,
}

impl Spans {
    fn new(s: &[char]) -> Spans {
        Spans::build(s, may_protect(s))
    }

    /// (`maybe`: `may_protect(s)`.)
    fn build(s: &[char], maybe: bool) -> Spans {
        let mut spans = Vec::new();
        if maybe {
            let mut i = 0;
            while i < s.len() {
                match protected_at(s, i) {
                    Some(e) => {
                        spans.push((i, e));
                        i = e;
                    }
                    None => i += 1,
                }
            }
        }
        Spans { spans }
    }

    /// Is `[start, end)` strictly inside one span?
    fn inside(&self, start: usize, end: usize) -> bool {
        if self.spans.is_empty() {
            return false;
        }
        // spans starting before `start`
        let k = self.spans.partition_point(|&(a, _)| a < start);
        k > 0 && self.spans[k - 1].1 > end
    }

    fn touches(&self, start: usize, end: usize) -> bool {
        if self.spans.is_empty() {
            return false;
        }
        let k = self.spans.partition_point(|&(a, _)| a <= end);
        self.spans[k.saturating_sub(2)..k].iter().any(|&(_, pe)| pe >= start)
    }
}

// --------------------------------------------------------------------------
// One line

/// The gaps of a line: runs of spaces and U+3000 when it has a U+3000, else runs of spaces.
fn gaps(s: &[char], wide: bool) -> impl Iterator<Item = (usize, usize)> + '_ {
    let is_gap = move |c: char| c == ' ' || (wide && c == '\u{3000}');
    let n = s.len();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < n && !is_gap(s[i]) {
            i += 1;
        }
        if i >= n {
            return None;
        }
        let a = i;
        while i < n && is_gap(s[i]) {
            i += 1;
        }
        Some((a, i))
    })
}

const RUN_CAP: usize = 8;

/// `_Runs` (the quotes of a line and the verdicts of earlier passes).
struct Runs {
    asked_quote: Option<bool>,
    quotes: Option<Vec<(usize, usize)>>,
}

fn run_left(s: &[char], i: usize) -> usize {
    let mut k = 0;
    while k < RUN_CAP && k < i && is_han(s[i - 1 - k]) {
        k += 1;
    }
    k
}

fn run_right(s: &[char], i: usize) -> usize {
    let mut k = 0;
    while k < RUN_CAP && i + k < s.len() && is_han(s[i + k]) {
        k += 1;
    }
    k
}

fn quote_close(c: char) -> Option<char> {
    match c {
        '“' => Some('”'),
        '「' => Some('」'),
        '『' => Some('』'),
        '‘' => Some('’'),
        _ => None,
    }
}

/// `_SHORT_QUOTE.finditer`.
fn short_quotes(s: &[char]) -> Vec<(usize, usize)> {
    let n = s.len();
    let mut out = Vec::new();
    let mut i = 0;
    while i < n {
        let open = s[i];
        if let Some(close) = quote_close(open) {
            let mut p = i + 1;
            while p < n
                && p - i - 1 < 24
                && !(s[p] == open || s[p] == close || matches!(s[p], '。' | '，' | '；' | '！' | '？' | '：' | '\n'))
            {
                p += 1;
            }
            if p > i + 1 && p < n && s[p] == close {
                out.push((i, p + 1));
                i = p + 1;
                continue;
            }
        }
        i += 1;
    }
    out
}

const QUOTE_MAX: usize = 26;

impl Runs {
    fn new() -> Runs {
        Runs { asked_quote: None, quotes: None }
    }

    fn in_short_quote(&mut self, s: &[char], start: usize, end: usize) -> bool {
        let lo = (start + 1).saturating_sub(QUOTE_MAX);
        if !s[lo..start].iter().any(|&c| matches!(c, '“' | '「' | '『' | '‘')) {
            self.asked_quote = Some(false);
            return false;
        }
        let quotes = self.quotes.get_or_insert_with(|| short_quotes(s));
        let k = quotes.partition_point(|&(a, _)| a <= start);
        let inside = k >= 1 && quotes[k - 1].1 > end;
        self.asked_quote = Some(inside);
        inside
    }
}

/// `_BETWEEN_RUNS.match(s, start)`.
fn between_runs(s: &[char], start: usize) -> bool {
    start >= 2
        && start + 2 < s.len()
        && s[start] == ' '
        && is_han(s[start - 2])
        && is_han(s[start - 1])
        && is_han(s[start + 1])
        && is_han(s[start + 2])
}

fn is_byline_gap(s: &[char], start: usize, end: usize, headline: bool) -> bool {
    let w = words();
    if w.role_last.binary_search(&s[start - 1]).is_ok()
        && word_ends_at(s, start.saturating_sub(5), start, &w.roles)
    {
        return true;
    }
    let after = s[end];
    if w.role_first.binary_search(&after).is_err() {
        return false;
    }
    let left = run_left(s, start);
    let name = (2..=4).contains(&left);
    // _TRAILING_ROLE.match(s, end)
    let n = s.len();
    let trailing = w.trailing.iter().find(|t| {
        let e = end + t.len();
        e <= n
            && s[end..e] == t[..]
            && (e == n || matches!(s[e], ' ' | '\u{3000}' | '）' | ')' | '」' | '』'))
    });
    if let Some(t) = trailing {
        if name && (headline || t.len() > 1 || t[0] == '摄' || t[0] == '攝') {
            return true;
        }
    }
    if word_starts_at(s, end, &w.roles) {
        return name || word_inside(s, start.saturating_sub(12), start, &w.roles);
    }
    false
}

type Verdict = u8;
const KEEP: Verdict = 0;
const DROP: Verdict = 1;
const MAYBE: Verdict = 2;
const WORD: Verdict = 3;
const STRETCH: usize = 6;

#[allow(clippy::too_many_arguments)]
fn han_gap(
    ctx: &mut Ctx,
    s: &[char],
    runs: &mut Runs,
    start: usize,
    end: usize,
    headline: bool,
    singles: (usize, usize),
) -> R<Verdict> {
    let w = words();
    let n = s.len();
    if !headline
        && between_runs(s, start)
        && w.role_last.binary_search(&s[start - 1]).is_err()
        && w.role_first.binary_search(&s[end]).is_err()
    {
        if runs.in_short_quote(s, start, end) {
            return Ok(KEEP);
        }
        if ctx.word_across(s, start, end)? {
            return Ok(WORD);
        }
        return Ok(MAYBE);
    }
    if is_byline_gap(s, start, end, headline) {
        return Ok(KEEP);
    }
    if !headline {
        if start < 2 || !is_han(s[start - 2]) || end + 1 >= n || !is_han(s[end + 1]) {
            return Ok(DROP);
        }
        if runs.in_short_quote(s, start, end) {
            return Ok(KEEP);
        }
        if ctx.word_across(s, start, end)? {
            return Ok(WORD);
        }
        return Ok(MAYBE);
    }
    let left = run_left(s, start);
    let right = run_right(s, end);
    if left == 1 && right == 1 {
        return Ok(DROP);
    }
    let (n_single, n_runs) = singles;
    if (left == 1 || right == 1) && n_single >= 3 && 2 * n_single >= n_runs {
        return Ok(DROP);
    }
    if right <= 2
        && end + right == n
        && left >= 3
        && (right == 1
            || (ctx.common_word(&s[end..])? && !word_ends_at(s, start.saturating_sub(4), start, &w.titles)))
    {
        return Ok(DROP);
    }
    Ok(KEEP)
}

const LOOK_LEFT: usize = 12;
const LOOK_RIGHT: usize = 9;

/// `(s[start - 12:start], s[end:end + 9], headline, singles)`, without allocation.
#[derive(Hash, PartialEq, Eq)]
struct MemoKey {
    left: [char; LOOK_LEFT],
    n_left: u8,
    right: [char; LOOK_RIGHT],
    n_right: u8,
    headline: bool,
    singles: (usize, usize),
}
type Memo = HashMap<MemoKey, (Verdict, Option<bool>), FastBuild>;

#[allow(clippy::too_many_arguments)]
fn han_gap_again(
    ctx: &mut Ctx,
    s: &[char],
    runs: &mut Runs,
    memo: &mut Memo,
    start: usize,
    end: usize,
    headline: bool,
    singles: (usize, usize),
) -> R<Verdict> {
    let l = &s[start.saturating_sub(LOOK_LEFT)..start];
    let r = &s[end..(end + LOOK_RIGHT).min(s.len())];
    let mut key = MemoKey {
        left: ['\0'; LOOK_LEFT],
        n_left: l.len() as u8,
        right: ['\0'; LOOK_RIGHT],
        n_right: r.len() as u8,
        headline,
        singles,
    };
    key.left[..l.len()].copy_from_slice(l);
    key.right[..r.len()].copy_from_slice(r);
    if let Some(&(verdict, asked)) = memo.get(&key) {
        match asked {
            None => return Ok(verdict),
            Some(q) => {
                if runs.in_short_quote(s, start, end) == q {
                    return Ok(verdict);
                }
            }
        }
    }
    runs.asked_quote = None;
    let verdict = han_gap(ctx, s, runs, start, end, headline, singles)?;
    memo.insert(key, (verdict, runs.asked_quote));
    Ok(verdict)
}

/// `_count_singles`: ((single-character runs, runs), spaced out).
fn count_singles(s: &[char]) -> ((usize, usize), bool) {
    let (mut singles, mut runs, mut total) = (0, 0, 0);
    let mut i = 0;
    let n = s.len();
    while i < n {
        if is_han(s[i]) {
            let a = i;
            while i < n && is_han(s[i]) {
                i += 1;
            }
            runs += 1;
            total += i - a;
            if i - a == 1 {
                singles += 1;
            }
        } else {
            i += 1;
        }
    }
    let spaced = gaps(s, s.contains(&'\u{3000}')).nth(2).is_some() && total < 3 * runs;
    ((singles, runs), spaced)
}

/// `_DATELINE.match(s)`: the end of the dateline (where its space starts).
fn dateline_end(s: &[char]) -> Option<usize> {
    let n = s.len();
    let mut p = 0;
    if n > 0 && matches!(s[0], '□' | '■' | '◆' | '◇' | '●' | '○' | '▲' | '△' | '★' | '☆') {
        p = 1;
        while p < n && re_space(s[p]) {
            p += 1;
        }
    }
    let mut q = None;
    'sources: for src in &words().sources {
        let mut r = p;
        for (k, &c) in src.iter().enumerate() {
            if k > 0 && r < n && s[r] == ' ' {
                r += 1;
            }
            if r >= n || s[r] != c {
                continue 'sources;
            }
            r += 1;
        }
        q = Some(r);
        break;
    }
    let mut q = q?;
    for it in 0..=12 {
        let mut r = q;
        if r < n && s[r] == ' ' {
            r += 1;
        }
        if r + 1 < n && matches!(s[r], '讯' | '訊' | '电' | '電') && is_sp(s[r + 1]) {
            return Some(r + 1);
        }
        if it == 12 {
            break;
        }
        if r < n && (is_han(s[r]) || s[r].is_ascii_digit() || ('０'..='９').contains(&s[r])) {
            q = r + 1;
        } else {
            return None;
        }
    }
    None
}

/// `_join_split_numbers`: the new line, if a number was joined.
fn join_split_numbers(s: &[char], spans: &Spans) -> Option<Vec<char>> {
    let n = s.len();
    let mut out: Vec<char> = Vec::new();
    let mut last = 0;
    let mut changed = false;
    let mut i = 0;
    while i < n {
        if s[i].is_ascii_digit()
            && (i == 0 || !(s[i - 1].is_ascii_alphanumeric() || s[i - 1] == '.' || s[i - 1] == ','))
        {
            let mut c = 0;
            let mut p = i + 1;
            while p + 1 < n && s[p] == ' ' && s[p + 1].is_ascii_digit() {
                c += 1;
                p += 2;
            }
            if c >= 1 {
                let end = if p >= n || !s[p].is_ascii_alphanumeric() {
                    Some(p)
                } else if c >= 2 {
                    Some(p - 2)
                } else {
                    None
                };
                if let Some(b) = end {
                    if !spans.touches(i, b) && chinese_beside(s, i, b) {
                        out.extend_from_slice(&s[last..i]);
                        out.extend(s[i..b].iter().filter(|&&c| c != ' '));
                        last = b;
                        changed = true;
                    }
                    i = b;
                    continue;
                }
            }
        }
        i += 1;
    }
    if !changed {
        return None;
    }
    out.extend_from_slice(&s[last..]);
    Some(out)
}

/// One separator of `_SPACED_DECIMAL` at `q` (`(?: \. ?|\.| ?[/／] ?)`,
/// then a digit): where the digits after it start, and whether it had a space.
fn decimal_separator(s: &[char], q: usize) -> Option<(usize, bool)> {
    let n = s.len();
    let at = |k: usize| s.get(k).copied();
    let digit = |k: usize| k < n && s[k].is_ascii_digit();
    let mut r = q;
    let mut spaced = false;
    if at(r) == Some(' ') && at(r + 1) == Some('.') {
        r += 2;
        spaced = true;
    } else if at(r) == Some('.') {
        return digit(r + 1).then_some((r + 1, false));
    } else {
        if at(r) == Some(' ') {
            r += 1;
            spaced = true;
        }
        if !matches!(at(r), Some('/' | '\u{ff0f}')) {
            return None;
        }
        r += 1;
    }
    // the optional space after the mark (taking it or not: a digit must follow)
    if at(r) == Some(' ') && digit(r + 1) {
        return Some((r + 1, true));
    }
    digit(r).then_some((r, spaced))
}

/// `_only_gap`: exactly one space in `s`, and no U+3000.
fn only_gap(s: &[char]) -> bool {
    s.iter().filter(|&&c| c == ' ').count() == 1 && !s.contains(&'\u{3000}')
}

/// `_lone_split`: a one-space gap with a function word at its side that
/// binds across it (`_BINDS_NEXT` before it, `_BINDS_PREVIOUS` after it),
/// on a line without quotation marks (`_QUOTE_MARKS`).
fn lone_split(s: &[char], start: usize, end: usize) -> bool {
    const BINDS_NEXT: &str = "的地得之和与及或在对把被从向将于以给跟比";
    const BINDS_PREVIOUS: &str = "的地得了着过们吗呢吧";
    if end - start != 1 || s[start] != ' ' || !(BINDS_NEXT.contains(s[start - 1]) || BINDS_PREVIOUS.contains(s[end])) {
        return false;
    }
    !s.iter().any(|&c| matches!(c, '\u{201c}' | '\u{201d}' | '\u{2018}' | '\u{2019}' | '"' | '\'' | '\u{300c}' | '\u{300d}' | '\u{300e}' | '\u{300f}'))
}

/// `_join_spaced_decimals`: the new line, if a spaced decimal or fraction
/// ("3 . 5", "2 ／ 3") was joined.
fn join_spaced_decimals(s: &[char], spans: &Spans) -> Option<Vec<char>> {
    let n = s.len();
    let mut out: Vec<char> = Vec::new();
    let mut last = 0;
    let mut changed = false;
    let mut i = 0;
    let word = |c: char| c.is_ascii_alphanumeric();
    while i < n {
        if !(s[i].is_ascii_digit() && (i == 0 || !(word(s[i - 1]) || s[i - 1] == '.' || s[i - 1] == ','))) {
            i += 1;
            continue;
        }
        let mut p = i;
        while p < n && s[p].is_ascii_digit() {
            p += 1;
        }
        // the end of each group of digits after a separator, in order
        let mut ends: Vec<(usize, bool)> = Vec::new();
        let mut spaced = false;
        while let Some((r, sp)) = decimal_separator(s, p) {
            let mut t = r;
            while t < n && s[t].is_ascii_digit() {
                t += 1;
            }
            spaced |= sp;
            ends.push((t, spaced));
            p = t;
        }
        // `(?![0-9A-Za-z])` after the last group, else back to the group
        // before it (the character after that one is a separator)
        while let Some(&(t, _)) = ends.last() {
            if t < n && word(s[t]) {
                ends.pop();
            } else {
                break;
            }
        }
        let Some(&(b, spaced)) = ends.last() else {
            i += 1;
            continue;
        };
        if spaced && !spans.touches(i, b) && chinese_beside(s, i, b) {
            out.extend_from_slice(&s[last..i]);
            out.extend(s[i..b].iter().filter(|&&c| c != ' '));
            last = b;
            changed = true;
        }
        i = b;
    }
    if !changed {
        return None;
    }
    out.extend_from_slice(&s[last..]);
    Some(out)
}

/// `_MIN_ACRONYM_FREQ`
const MIN_ACRONYM_FREQ: f64 = 1e-6;

/// `_join_spaced_caps`: the new line, if a letter-spaced acronym ("G D P")
/// was joined.  `_SPACED_CAPS` matches the whole run of single capitals
/// when it has three or four of them.
fn join_spaced_caps(ctx: &mut Ctx, s: &[char], spans: &Spans) -> R<Option<Vec<char>>> {
    let n = s.len();
    let word = |c: char| c.is_ascii_alphanumeric();
    let mut out: Vec<char> = Vec::new();
    let mut last = 0;
    let mut changed = false;
    let mut i = 0;
    while i < n {
        let starts = s[i].is_ascii_uppercase()
            && (i == 0 || !word(s[i - 1]))
            && !(i >= 2 && s[i - 1] == ' ' && word(s[i - 2]));
        if !starts {
            i += 1;
            continue;
        }
        let mut k = 1;
        let mut p = i + 1;
        while p + 1 < n && s[p] == ' ' && s[p + 1].is_ascii_uppercase() {
            k += 1;
            p += 2;
        }
        let free = !((p < n && word(s[p])) || (p + 1 < n && s[p] == ' ' && word(s[p + 1])));
        if !((3..=4).contains(&k) && free) {
            i += 1;
            continue;
        }
        let b = p;
        let letters: Vec<char> = s[i..b].iter().copied().filter(|&c| c != ' ').collect();
        let alphabet = letters.windows(2).all(|w| w[1] as u32 == w[0] as u32 + 1);
        if !alphabet && !spans.touches(i, b) && neighbours(s, i, b).any(chinese) {
            let lower: Vec<char> = letters.iter().map(char::to_ascii_lowercase).collect();
            if ctx.get(&lower)?.is_some_and(|f| f >= MIN_ACRONYM_FREQ) {
                out.extend_from_slice(&s[last..i]);
                out.extend_from_slice(&letters);
                last = b;
                changed = true;
            }
        }
        i = b;
    }
    if !changed {
        return Ok(None);
    }
    out.extend_from_slice(&s[last..]);
    Ok(Some(out))
}

/// `_ends_hashtag`: does a hashtag end right before `start`?
fn ends_hashtag(s: &[char], start: usize) -> bool {
    let lo = start.saturating_sub(40);
    let Some(k) = (lo..start).rev().find(|&k| s[k] == '#') else {
        return false;
    };
    let tag = |c: char| c.is_ascii_alphanumeric() || is_han(c);
    (k == 0 || !tag(s[k - 1])) && start > k + 1 && s[k + 1..start].iter().all(|&c| tag(c) || c == '_')
}

fn apply_edits(s: &[char], edits: &[(usize, usize, &'static str)]) -> Vec<char> {
    let mut out = Vec::with_capacity(s.len());
    let mut last = 0;
    for &(a, b, r) in edits {
        out.extend_from_slice(&s[last..a]);
        out.extend(r.chars());
        last = b;
    }
    out.extend_from_slice(&s[last..]);
    out
}

/// What `_fix_body` asks of a whole line, found in one pass.
struct Survey {
    /// Has a U+3000 (its gaps are runs of spaces and U+3000).
    wide: bool,
    hashtag: bool,
    sentence: bool,
    /// `_SPLIT_HINT.search`: a space between two digits.
    split: bool,
    /// `may_protect`.
    protect: bool,
    /// `_DECIMAL_HINT.search`: a space before `.` `/` `／`, or after `/` `／`.
    decimal: bool,
    /// A space between two ASCII capitals (`_CAPS_HINT` needs one).
    caps: bool,
}

fn survey(s: &[char]) -> Survey {
    let mut v =
        Survey { wide: false, hashtag: false, sentence: false, split: false, protect: false, decimal: false, caps: false };
    for (i, &c) in s.iter().enumerate() {
        if c.is_ascii() {
            match c {
                ' ' => {
                    v.split |= i > 0 && s[i - 1].is_ascii_digit() && s.get(i + 1).is_some_and(char::is_ascii_digit);
                    v.decimal |= matches!(s.get(i + 1), Some('.' | '/' | '\u{ff0f}'))
                        || (i > 0 && matches!(s[i - 1], '/' | '\u{ff0f}'));
                    v.caps |= i > 0 && s[i - 1].is_ascii_uppercase() && s.get(i + 1).is_some_and(char::is_ascii_uppercase);
                }
                '#' => v.hashtag = true,
                ',' | ';' | '!' | '?' => v.sentence = true,
                '`' | '@' | '<' => v.protect = true,
                ':' => v.protect |= s.get(i + 1..i + 3) == Some(&['/', '/']),
                'w' => v.protect |= s.get(i + 1..i + 4) == Some(&['w', 'w', '.']),
                ']' => v.protect |= s.get(i + 1) == Some(&'('),
                _ => {}
            }
        } else if c == '\u{3000}' {
            v.wide = true;
        } else if is_sentence(c) {
            v.sentence = true;
        }
    }
    v
}

/// `_fix_body`: the new line, or None when it stays as it is.
fn fix_body(ctx: &mut Ctx, body: &[char], pangu: bool, memo: &mut Memo) -> R<Option<Vec<char>>> {
    let mut s_cow: Cow<'_, [char]> = Cow::Borrowed(body);
    let mut v = survey(body);
    let mut spans = Spans::build(body, v.protect);
    if v.split {
        if let Some(s2) = join_split_numbers(body, &spans) {
            v = survey(&s2);
            spans = Spans::build(&s2, v.protect);
            s_cow = Cow::Owned(s2);
        }
    }
    if v.decimal {
        if let Some(s2) = join_spaced_decimals(&s_cow, &spans) {
            v = survey(&s2);
            spans = Spans::build(&s2, v.protect);
            s_cow = Cow::Owned(s2);
        }
    }
    if v.caps {
        if let Some(s2) = join_spaced_caps(ctx, &s_cow, &spans)? {
            v = survey(&s2);
            spans = Spans::build(&s2, v.protect);
            s_cow = Cow::Owned(s2);
        }
    }
    let s: &[char] = &s_cow;
    let n = s.len();
    let mut headline = n <= 60 && !v.sentence;
    let mut singles = (0, 0);
    if headline {
        let (sg, spaced) = count_singles(s);
        singles = sg;
        headline = !spaced;
    }
    let dateline_gap = dateline_end(s);
    let mut runs = Runs::new();

    let mut edits: Vec<(usize, usize, &'static str)> = Vec::new();
    let mut maybe: Vec<(usize, usize)> = Vec::new();
    let mut dropped: Vec<usize> = Vec::new();
    let hashtag = v.hashtag;
    let has_spans = !spans.spans.is_empty();
    for (start, end) in gaps(s, v.wide) {
        if start == 0 || end == n || Some(start) == dateline_gap {
            continue;
        }
        if has_spans && spans.inside(start, end) {
            continue;
        }
        if hashtag && matches!(class(s[end]), Class::H | Class::L | Class::D) && ends_hashtag(s, start) {
            continue;
        }
        let (lch, rch) = (s[start - 1], s[end]);
        if is_han(lch) && is_han(rch) {
            match han_gap_again(ctx, s, &mut runs, memo, start, end, headline, singles)? {
                DROP => {
                    edits.push((start, end, ""));
                    dropped.push(start);
                }
                WORD => edits.push((start, end, "")),
                MAYBE => maybe.push((start, end)),
                _ => {}
            }
            continue;
        }
        let lfar = (start >= 2).then(|| s[start - 2]);
        let rfar = (end + 1 < n).then(|| s[end + 1]);
        let mut lk = kind(lch, lfar, rch);
        let mut rk = kind(rch, rfar, lch);
        if lk == Class::S && lch == '-' && lfar == Some('-') && matches!(rk, Class::H | Class::P) {
            lk = Class::P;
        }
        if rk == Class::S && rch == '-' && rfar == Some('-') && matches!(lk, Class::H | Class::P) {
            rk = Class::P;
        }
        use Class::*;
        let mut new: Option<&'static str> = None;
        if lk == P || rk == P {
            // (not inside a run of full stops: "。。 。" would become an
            // ellipsis for punct-width's next run, issue 16)
            if lk != S && rk != S && !(lch == '\u{3002}' && rch == '\u{3002}') {
                new = Some("");
            }
        } else if (lk == H && matches!(rk, D | L)) || (rk == H && matches!(lk, D | L)) {
            if pangu {
                new = Some(" ");
            } else if !(headline && (lk == L || rk == L) && is_byline_gap(s, start, end, headline)) {
                new = Some("");
            }
        } else if lk == U && rk == H {
            if lfar != Some(' ') && lfar != Some('\u{3000}') {
                new = Some(if pangu { " " } else { "" });
            }
        } else if lk == D && rk == U {
            new = Some("");
        } else if (lk == H && rch == '-' && rfar.is_some_and(is_han))
            || (rk == H && lch == '-' && lfar.is_some_and(is_han))
        {
            // (lk == H and rk == H was taken above)
            new = Some("");
        }
        if let Some(r) = new {
            let same = r == " " && end - start == 1 && s[start] == ' ';
            if !same {
                edits.push((start, end, r));
            }
        }
    }
    for &(start, end) in &maybe {
        let k = dropped.partition_point(|&d| d < start);
        let near = (k < dropped.len() && dropped[k] - end <= STRETCH) || (k > 0 && start - dropped[k - 1] <= STRETCH);
        if near {
            edits.push((start, end, ""));
        }
    }
    // a lone space in running text, nothing else on the line spaced, at a
    // function word: a split text run (`_only_gap`, `_lone_split`)
    if let [(start, end)] = maybe[..] {
        if only_gap(s) && lone_split(s, start, end) {
            edits.push((start, end, ""));
        }
    }
    let edited = if edits.is_empty() {
        None
    } else {
        edits.sort_unstable();
        Some(apply_edits(s, &edits))
    };
    let mut out = match (edited, s_cow) {
        (Some(e), _) => Some(e),
        (None, Cow::Owned(joined)) => Some(joined),
        (None, Cow::Borrowed(_)) => None,
    };
    if pangu {
        out = match out {
            Some(o) => Some(pangu_insert(&o).unwrap_or(o)),
            None => pangu_insert(body),
        };
    }
    Ok(out)
}

/// `_PANGU_TRIGGER.search` over adjacent characters.
#[inline]
fn pangu_pair(a: char, b: char) -> bool {
    let (fa, fb) = (flags(a), flags(b));
    (fa & F_HAN != 0 && fb & (F_LATIN | F_DIGIT) != 0) || (fa & (F_LATIN | F_DIGIT | F_UNIT) != 0 && fb & F_HAN != 0)
}

/// `_pangu_insert`: the new line, or None when it stays as it is.
fn pangu_insert(s: &[char]) -> Option<Vec<char>> {
    // (the places `_PANGU_AFTER_HAN` and `_PANGU_BEFORE_HAN` find; where
    // there is none, the line stays, whatever `_PANGU_TRIGGER` says)
    let mut cuts: Vec<usize> = Vec::new();
    let mut prev = flags(*s.first()?);
    for (c, &ch) in s.iter().enumerate().skip(1) {
        let f = flags(ch);
        if (prev & F_HAN != 0 && f & (F_LATIN | F_DIGIT) != 0)
            || ((prev & (F_LATIN | F_DIGIT) != 0 || s[c - 1] == '%') && f & F_HAN != 0)
        {
            cuts.push(c);
        }
        prev = f;
    }
    if cuts.is_empty() {
        return None;
    }
    let spans = Spans::new(s);
    if !spans.spans.is_empty() {
        cuts.retain(|&c| !spans.inside(c, c));
    }
    if cuts.is_empty() {
        return None;
    }
    let mut out = Vec::with_capacity(s.len() + cuts.len());
    let mut prev = 0;
    for c in cuts {
        out.extend_from_slice(&s[prev..c]);
        out.push(' ');
        prev = c;
    }
    out.extend_from_slice(&s[prev..]);
    Some(out)
}

/// `_MD_NESTED_ITEM.match(body)`: `^ +(?:[-*+]|\d{1,9}[.)])[ \t]`.
fn md_nested_item(s: &[char]) -> bool {
    let n = s.len();
    let mut p = 0;
    while p < n && s[p] == ' ' {
        p += 1;
    }
    if p == 0 || p >= n {
        return false;
    }
    if matches!(s[p], '-' | '*' | '+') {
        p += 1;
    } else {
        let d = s[p..].iter().take_while(|&&c| re_digit(c)).count();
        if !(1..=9).contains(&d) || p + d >= n || !matches!(s[p + d], '.' | ')') {
            return false;
        }
        p += d + 1;
    }
    p < n && matches!(s[p], ' ' | '\t')
}

/// `_MD_PREFIX.match(body)`: the length of the Markdown markers at the start.
fn md_prefix(s: &[char]) -> usize {
    let n = s.len();
    let blanks = |mut p: usize| {
        while p < n && matches!(s[p], ' ' | '\t') {
            p += 1;
        }
        p
    };
    let mut pos = 0;
    while pos < n {
        let c = s[pos];
        let next = if c == '#' {
            let h = s[pos..].iter().take_while(|&&c| c == '#').count();
            let p = pos + h;
            if h <= 6 && p < n && matches!(s[p], ' ' | '\t') {
                Some(blanks(p))
            } else {
                None
            }
        } else if c == '>' {
            Some(if pos + 1 < n && matches!(s[pos + 1], ' ' | '\t') { pos + 2 } else { pos + 1 })
        } else if matches!(c, '-' | '*' | '+') {
            if pos + 1 < n && matches!(s[pos + 1], ' ' | '\t') {
                Some(blanks(pos + 1))
            } else {
                None
            }
        } else if re_digit(c) {
            let d = s[pos..].iter().take_while(|&&c| re_digit(c)).count();
            let p = pos + d;
            if d <= 9 && p + 1 < n && matches!(s[p], '.' | ')') && matches!(s[p + 1], ' ' | '\t') {
                Some(blanks(p + 1))
            } else {
                None
            }
        } else {
            None
        };
        match next {
            Some(p) => pos = p,
            None => break,
        }
    }
    pos
}

/// `_fix_line`: the new line, or None when it stays as it is.
/// (`chars` are the characters of `line`.)
fn fix_line(ctx: &mut Ctx, line: &str, chars: &[char], pangu: bool) -> R<Option<String>> {
    if !chars.iter().any(|&c| flags(c) & (F_HAN | F_FW) != 0) {
        if chars.contains(&'\u{3000}') && chars.iter().all(|&c| is_sp(c)) {
            return Ok(Some(String::new()));
        }
        return Ok(None);
    }
    let mut end = chars.len();
    while end > 0 && is_sp(chars[end - 1]) {
        end -= 1;
    }
    let mut start = 0;
    let body0 = &chars[..end];
    let lead;
    if md_nested_item(body0) {
        lead = body0.iter().take_while(|&&c| c == ' ').count();
        start = lead;
    } else {
        lead = 0;
        while start < end && is_sp(chars[start]) {
            start += 1;
        }
    }
    let prefix = md_prefix(&chars[start..end]);
    let body_start = start + prefix;
    let mut body: Cow<'_, [char]> = Cow::Borrowed(&chars[body_start..end]);
    let spaced = body.iter().any(|&c| is_sp(c));
    if pangu && !spaced {
        // A line without spaces: the first pass only puts in the pangu
        // spaces (no gap to judge, no split number), and the second one
        // keeps every space it put in (each is between Chinese and a
        // letter, a digit or "%", where pangu wants one space) and finds
        // no place left for one (a space never starts, ends nor splits a
        // protected span), so that the passes stop there.
        if let Some(new) = pangu_insert(&body) {
            body = Cow::Owned(new);
        }
    } else if spaced {
        let mut memo = Memo::default();
        for _ in 0..4 {
            match fix_body(ctx, &body, pangu, &mut memo)? {
                Some(new) if new[..] != body[..] => body = Cow::Owned(new),
                _ => break,
            }
        }
    }
    if matches!(body, Cow::Borrowed(_)) && lead == start && end == chars.len() {
        return Ok(None);
    }
    let mut out = String::with_capacity(line.len());
    out.extend(chars[..lead].iter());
    out.extend(chars[start..body_start].iter());
    out.extend(body.iter());
    Ok(if out == line { None } else { Some(out) })
}

/// `_FENCE.match(line)`: the fence ("```" or "~~~") that opens or closes a code block.
fn fence(line: &str) -> Option<&'static str> {
    let k = line.bytes().take_while(|&b| b == b' ').count();
    if k > 3 {
        return None;
    }
    let rest = &line[k..];
    if rest.starts_with("```") {
        Some("```")
    } else if rest.starts_with("~~~") {
        Some("~~~")
    } else {
        None
    }
}

fn has_pangu_pair(line: &str) -> bool {
    let mut prev: Option<char> = None;
    for c in line.chars() {
        if let Some(p) = prev {
            if pangu_pair(p, c) {
                return true;
            }
        }
        prev = Some(c);
    }
    false
}

/// Has `s` a space or an ideographic space (U+3000)?
fn has_sp(s: &str) -> bool {
    s.as_bytes().contains(&b' ') || s.contains("\u{3000}")
}

/// `_fix_lines`: every line through the line-by-line pass; fenced code blocks untouched.
fn fix_lines(text: &str, pangu: bool) -> R<Option<String>> {
    // Aligned tables stay as they are (`_fix_around_tables`): the spaces of
    // a row are its cells' alignment.
    // Listed tables too (`list_rows`: one space between cells).
    let mut kept: Vec<bool> = Vec::new();
    if text.contains("  ") && crate::rules::columns::has_gutter(text) {
        let lines: Vec<&str> = text.split('\n').collect();
        for (lo, hi, _) in crate::rules::columns::table_rows(&lines) {
            kept.resize(lines.len(), false);
            kept[lo..hi].iter_mut().for_each(|k| *k = true);
        }
    }
    if crate::rules::columns::has_list(text) {
        for (lo, hi, _) in crate::rules::columns::list_rows(text.split('\n')).0 {
            if kept.len() < hi {
                kept.resize(hi, false);
            }
            kept[lo..hi].iter_mut().for_each(|k| *k = true);
        }
    }
    let mut ctx = Ctx::new();
    let mut chars: Vec<char> = Vec::new();
    let mut out: Option<String> = None;
    let mut open: Option<&'static str> = None;
    let mut pos = 0;
    for (index, line) in text.split('\n').enumerate() {
        let line_start = pos;
        pos += line.len() + 1;
        let m = fence(line);
        let mut new: Option<String> = None;
        if kept.get(index).copied().unwrap_or(false) {
            // a table row: as it is
        } else if let Some(f) = open {
            if m == Some(f) {
                open = None;
            }
        } else if m.is_some() {
            open = m;
        } else {
            // (a line without spaces stays as it is, unless pangu spaces it)
            let spaced = has_sp(line);
            if spaced || pangu {
                chars.clear();
                chars.reserve(line.len());
                chars.extend(line.chars());
                if spaced || chars.windows(2).any(|w| pangu_pair(w[0], w[1])) {
                    new = fix_line(&mut ctx, line, &chars, pangu)?;
                }
            }
        }
        match (&mut out, new) {
            (Some(o), Some(n)) => {
                o.push_str(&n);
                o.push('\n');
            }
            (Some(o), None) => {
                o.push_str(line);
                o.push('\n');
            }
            (None, Some(n)) => {
                let mut o = String::with_capacity(text.len() + 16);
                o.push_str(&text[..line_start]);
                o.push_str(&n);
                o.push('\n');
                out = Some(o);
            }
            (None, None) => {}
        }
    }
    if let Some(o) = out.as_mut() {
        o.pop(); // the '\n' after the last line
    }
    Ok(out.filter(|o| o != text))
}

/// `_TRIGGER.search(text)`: some space or U+3000 next to something Chinese, or at a line edge.
fn trigger(text: &str) -> bool {
    if text.contains("\u{3000}") {
        return true;
    }
    let before = |c: char| is_han(c) || is_fw(c) || is_shared(c) || is_unit(c);
    for (i, _) in text.match_indices(' ') {
        let prev = text[..i].chars().next_back();
        let next = text[i + 1..].chars().next();
        match (prev, next) {
            (None | Some('\n'), _) | (_, None | Some('\n')) => return true,
            (Some(p), Some(q)) => {
                // (the last test: a spaced decimal or fraction, "3 .5", "2 ／3")
                if before(p) || before(q) || q.is_ascii_digit() || (p.is_ascii_digit() && matches!(q, '.' | '/' | '\u{ff0f}')) {
                    return true;
                }
            }
        }
    }
    false
}

fn fix_cjk_spaces(text: &str, pangu: bool) -> R<Option<String>> {
    if pangu {
        if !(has_pangu_pair(text) || trigger(text)) {
            return Ok(None);
        }
    } else if !has_sp(text) || !trigger(text) {
        return Ok(None);
    }
    fix_lines(text, pangu)
}

/// `cjk-space` (`cleantext.spacing.fix_cjk_spaces`).
pub fn cjk_space<'a>(text: &'a str, options: &Options) -> Option<Cow<'a, str>> {
    match fix_cjk_spaces(text, options.pangu) {
        Ok(None) => Some(Cow::Borrowed(text)),
        Ok(Some(new)) => Some(Cow::Owned(new)),
        Err(Defer) => None,
    }
}

#[cfg(test)]
mod tests;

"""Line wraps and paragraphs: undo what the page's column width did to the text.

Repairs
    * lines broken by the column width, joined back into paragraphs: two
      Chinese characters with nothing between them, two Latin words with one
      space, a hyphen that belongs to the text kept ("0578-\\n12340" →
      "0578-12340"), a Latin word hyphenated at the line end re-joined only
      where the joined word is a word ("inter-\\nnational" → "international",
      but "well-\\nknown" → "well-known");
    * blank lines and form feeds inside a sentence (a wrap across columns or
      pages, or an extractor that puts a blank line after every line);
    * the layout of the result: one paragraph per line, paragraphs separated
      by exactly one blank line, no indentation (U+3000 or spaces used as a
      paragraph indent go with the indent), no trailing spaces, no blank lines
      at the start or end, form feeds removed.  A text that ended with a line
      break ends with exactly one; a text that did not gets none.

Must not touch
    Headlines, sub-headlines, bylines ("□ 记者 廖王晶", "本报记者 何贤君",
    "拍友 吴峰宇 摄"), captions, box labels ("阅读提示") and continuation
    notes ("（下转第四版）"): each stays its own paragraph.  Markdown structure
    stays as it is: headings, list items, block quotes and table rows stay
    on their own lines (consecutive items stay together), fenced code blocks
    are copied verbatim.  Text already in the output form (one paragraph a
    line) is joined only where the evidence is strong (see below): a long
    headline without sentence punctuation is never joined to its article.

How a break is judged
    The rule reads the evidence the page gives, line by line:

    * the column width, estimated around each line from the widths of its
      neighbours (Chinese characters count 1, ASCII 0.5, the spaces a
      justifying extractor puts between characters 0).  A line as wide as the
      column was broken by the width; a shorter one ended its paragraph,
      unless it is the indented first line of a paragraph (two characters
      short, the indent dropped by the extractor) or ends with a mark that
      cannot end a paragraph ("，" "、" an open bracket);
    * a full line ending a sentence ("。") followed by a line indented by the
      width of the indent starts a new paragraph; followed by a full line it
      is still the same paragraph (the sentence ended at the line end);
    * explicit indentation (U+3000, spaces) at the start of a line starts a
      paragraph; a line set wider than the column is a headline, joined only
      to a short tail that finishes it ("…开发利\\n用");
    * where lines show no column (one paragraph a line, as in the output
      form), a paragraph is joined to the next one across a blank line only
      when it cannot have ended: it ends with "，" or "、", or it is body text
      (long, with sentence punctuation inside) that stops on a Chinese
      character and a word of the wordfreq list spans the break
      ("国\\n\\n际化" → "国际化") or it is too long to be a headline.

The decisions are small documented functions (:func:`is_terminal`,
:func:`looks_like_byline`, :func:`looks_like_note`, :func:`looks_like_label`,
:func:`column_width`, :func:`should_join`, ...), each tested on its own.
"""

from __future__ import annotations

import bisect
import functools
import re
from typing import NamedTuple

from .rules import rule

# --------------------------------------------------------------------------
# Character classes.

#: Han characters (CJK Unified Ideographs, Extension A, compatibility
#: ideographs, Extensions B and later) and the ideographic zero "○"/"〇".
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f\u3007\u25cb"
_RE_HAN_CHAR = re.compile(f"[{_HAN}]")

#: Marks that end a sentence (Chinese and ASCII).  "；" ends a list item and
#: is treated the same way: a line ending with one may end a paragraph.
TERMINAL = frozenset("。！？…!?；;．")
#: Closing quotes and brackets, which may follow a terminal mark ("。”").
CLOSERS = frozenset("”’」』）)》】〕］]〉>\"'")
#: Marks after which a paragraph cannot end: the sentence goes on.  (Chinese
#: punctuation usage, GB/T 15834-2011: the comma and the enumeration comma
#: separate parts of one sentence; an open bracket or quote awaits its pair.)
CONTINUATION = frozenset("，、,“‘「『（(《【〔［[〈")
#: Dashes and colons end a paragraph in clean text ("真解决问题——",
#: "图片："), so they are neither terminal nor continuation marks.
_DASHES = frozenset("—－-―─")

#: ASCII punctuation that prints as a full-width mark in Chinese text.
_ASCII_WIDE_PUNCT = ",;:!?()"

#: Leading whitespace that is indentation (ASCII space, U+3000, tab).
_INDENT_CHARS = " \u3000\t"
#: Whitespace stripped at line ends (also form feeds and other blanks).
_STRIP = " \t\u3000\f\v\r\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f"

# --------------------------------------------------------------------------
# Journalism conventions (data, not seed phrases).

#: Role words of a Chinese newspaper byline or photo credit.  Source: the
#: standard byline forms of Chinese newspapers (本报记者、特约记者、通讯员、
#: 实习生, "X 摄" for a photo credit, 本报评论员 for an editorial) as set out
#: in the GB/T 3179-2009 periodical format and common newsroom style guides.
BYLINE_ROLES = (
    "本报特约评论员", "本报评论员", "特约评论员", "评论员",
    "本报首席记者", "首席记者", "本报特约记者", "特约记者", "本报记者",
    "新华社记者", "中新社记者", "见习记者", "实习记者", "驻站记者", "摄影记者", "记者",
    "本报通讯员", "特约通讯员", "通讯员", "实习生", "摄影", "拍友",
    "责任编辑", "编辑", "责编", "撰稿", "执笔", "作者", "整理", "口述",
    "文/图", "文／图", "图/文", "图／文",
)
_ROLE = "(?:" + "|".join(sorted(map(re.escape, BYLINE_ROLES), key=len, reverse=True)) + ")"
#: Bullet symbols that newspapers put before a byline ("□ 记者 廖王晶").
_BYLINE_MARKS = "□■●◆▲△○◇★☆▪▫"
_RE_ROLE_AT = re.compile(_ROLE)
_RE_NAME_AT = re.compile(f"[{_HAN}·・]{{2,4}}")
_RE_BYLINE_SEP = re.compile(r"[\s:：/／、，,]*")
#: Before the roles: a bullet, a bracketed note ("（资料图片）"), a newsroom
#: ("本报驻委内瑞拉").
_RE_BYLINE_PREFIX = re.compile(
    f"^[{_BYLINE_MARKS}]?\\s*(?:[（(][^（()）]{{1,10}}[）)]\\s*)?"
    f"(?:(?:本报|新华社|中新社)?驻[{_HAN}]{{1,8}}?(?=记者))?"
)


def _byline_body(s: str, pos: int) -> bool:
    """Role words and 2–4 character names from ``pos`` to the end (maybe 摄)."""
    n = len(s)
    while True:
        m = _RE_ROLE_AT.match(s, pos)
        if m is None:
            return False
        pos = _RE_BYLINE_SEP.match(s, m.end()).end()
        while pos < n:
            if s[pos:].rstrip() in ("摄", "摄影"):
                return True
            if _RE_ROLE_AT.match(s, pos):
                break
            m = _RE_NAME_AT.match(s, pos)
            if m is None:
                return False
            for end in range(pos + 2, m.end() + 1):
                follow = s[end : end + 1]
                if (not follow or follow in " \t\u3000、，,摄" or _RE_ROLE_AT.match(s, end)):
                    break
            else:
                return False
            pos = _RE_BYLINE_SEP.match(s, end).end()
        if pos >= n:
            return True


#: A photo credit: names and "摄" ("杨成栋 摄").
_RE_PHOTO_CREDIT = re.compile(f"^[{_HAN}]{{2,4}}(?:[ 、][{_HAN}]{{2,4}}){{0,3}} ?摄$")
#: A byline that is only a marker and a name ("□ 邓小玉").
_RE_MARK_NAME = re.compile(f"^[{_BYLINE_MARKS}]\\s*[{_HAN}]{{2,4}}(?:\\s+[{_HAN}]{{2,4}})*$")
#: A title and a name, as under a signed article ("丽水市委常委、景宁畲族
#: 自治县委书记 陈重"): ends with an office word, a space and a 2–4 character
#: name.  Office words: the usual Chinese official titles.
_RE_TITLE_NAME = re.compile(
    f"(?:书记|主任|主席|部长|局长|厅长|省长|市长|县长|区长|镇长|乡长|校长|院长|"
    f"所长|会长|社长|董事长|总经理|经理|主编|总编|教授|研究员|委员|常委|代表|"
    f"理事长|秘书长|馆长|站长|处长|科长|队长|组长)\\s+[{_HAN}]{{2,4}}$"
)

#: Continuation notes: "（下转第四版）", "(上接第一版)", "（转第2版）",
#: "（紧接第一版）", "■ 详见今日三版".
_RE_NOTE = re.compile(
    r"^[■□●◆▲\s]*[（(【\[]?\s*(?:上接|下转|接|转|紧接|续|详见|见)"
    r"(?:今日|本报)?第?[一二三四五六七八九十百零〇\dA-Za-z]+(?:版|页|面)"
    r"\s*[）)】\]]?$"
)

#: A note that a photo goes with the article: "（附图片1张）", "(附图)".
_RE_PHOTO_NOTE = re.compile(r"^[（(]附(?:图片|照片|图)[\d一二三四五六七八九十]*张?[）)]$")

#: Box labels and column names printed as a line of their own.  Source:
#: the recurring boxed elements of Chinese newspaper pages (提示、导读、
#: 编者按、链接、背景 ...).
BOX_LABELS = frozenset(
    (
        "阅读提示", "核心提示", "内容提示", "提示", "今日导读", "导读", "编者按",
        "编者的话", "编后", "编后语", "编后记", "链接", "相关链接", "新闻链接",
        "背景链接", "知识链接", "背景", "新闻背景", "背景资料", "小资料", "资料",
        "延伸阅读", "相关阅读", "相关新闻", "记者手记", "采访手记", "短评", "点评",
        "述评", "快评", "图片", "图片新闻", "名词解释", "数读", "数说", "观察",
        "开栏的话", "结束语", "卷首语", "图为",
    )
)

# --------------------------------------------------------------------------
# Markdown structure (CommonMark): lines that are not wrapped prose.

_RE_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_RE_HEADING = re.compile(r"^ {0,3}#{1,6}(?:[ \t]|$)")
_RE_LIST = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])[ \t]+\S")
_RE_QUOTE = re.compile(r"^ {0,3}>")
_RE_TABLE = re.compile(r"^ {0,3}\|")
_RE_RULE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")

# --------------------------------------------------------------------------
# Small predicates.


def _end_char(s: str) -> str:
    return s[-1] if s else ""


def is_terminal(line: str) -> bool:
    """Does ``line`` end with a sentence-final mark (maybe inside quotes)?

    >>> is_terminal("非常有信心。")
    True
    >>> is_terminal("“丽水之赞”都非常支持。”")
    True
    >>> is_terminal("选“是”的占 99.8%。")
    True
    >>> is_terminal("对开展“三")
    False
    >>> is_terminal("（附图片1张）")
    False
    >>> is_terminal("真解决问题——")
    False
    """
    s = line.rstrip(_STRIP)
    i = len(s) - 1
    while i >= 0 and s[i] in CLOSERS:
        i -= 1
    if i < 0:
        return False
    ch = s[i]
    if ch == ".":
        # an ASCII full stop ends a Chinese sentence, not "96.2" or "etc."
        return i > 0 and bool(_RE_HAN_CHAR.match(s[i - 1]))
    return ch in TERMINAL


def ends_open(line: str) -> bool:
    """Does ``line`` end with a mark after which the sentence must go on?

    >>> ends_open("做到解决真问题、")
    True
    >>> ends_open("其它一切文明成果（附图")
    False
    >>> ends_open("在“您是否知道我市以“")
    True
    >>> ends_open("辛志强朋友：")
    False
    """
    return _end_char(line.rstrip(_STRIP)) in CONTINUATION


def looks_like_byline(line: str) -> bool:
    """Is ``line`` a byline or photo credit (its own paragraph)?

    A byline is short, has no sentence punctuation, and names a newsroom role
    (记者, 通讯员, 本报评论员, ...) or ends with the "摄" of a photo credit, or
    is a bullet and a name, or an office title and a name.

    >>> looks_like_byline("□ 记者 廖王晶 通讯员 程俊杰")
    True
    >>> looks_like_byline("本报记者 何贤君")
    True
    >>> looks_like_byline("拍友 吴峰宇 摄")
    True
    >>> looks_like_byline("本报评论员")
    True
    >>> looks_like_byline("（本报记者李舸摄）")
    True
    >>> looks_like_byline("□ 邓小玉")
    True
    >>> looks_like_byline("丽水市委常委、景宁畲族自治县委书记 陈重")
    True
    >>> looks_like_byline("记者了解到，本次调查是为了解行政机")
    False
    >>> looks_like_byline("本报讯 近日，记者从市经信委了解到，")
    False
    """
    s = line.strip(_STRIP)
    if not s or len(s) > 40:
        return False
    if any(ch in s for ch in "。！？；：!?;"):
        return False
    if _RE_MARK_NAME.match(s) or _RE_TITLE_NAME.search(s):
        return True
    core = s
    if core[:1] in "（(" and core[-1:] in "）)":
        core = core[1:-1].strip()
    if _RE_PHOTO_CREDIT.match(core):
        return True
    return _byline_body(core, _RE_BYLINE_PREFIX.match(core).end())


def looks_like_note(line: str) -> bool:
    """Is ``line`` a continuation note ("（下转第四版）", "■ 详见今日三版")?

    >>> looks_like_note("(下转第四版)")
    True
    >>> looks_like_note("（上接第一版）")
    True
    >>> looks_like_note("■ 详见今日三版")
    True
    >>> looks_like_note("（附图片1张）")
    True
    >>> looks_like_note("上接第一版的文章说")
    False
    """
    s = line.strip(_STRIP)
    return len(s) <= 20 and bool(_RE_NOTE.match(s) or _RE_PHOTO_NOTE.match(s))


def looks_like_label(line: str) -> bool:
    """Is ``line`` a box label or column name ("阅读提示", "编者按：")?

    >>> looks_like_label("阅读提示")
    True
    >>> looks_like_label("### 阅读提示")
    True
    >>> looks_like_label("编者按：")
    True
    >>> looks_like_label("提示我们")
    False
    """
    s = line.strip(_STRIP).lstrip("#■□●◆▲【[ ").rstrip("：:】] ")
    return s in BOX_LABELS


def _special(line: str) -> bool:
    return looks_like_byline(line) or looks_like_note(line) or looks_like_label(line)


def _sentence_marks(s: str) -> int:
    """How many sentence-internal marks ``s`` has (commas, stops, ...)."""
    return (
        s.count("，") + s.count("。") + s.count("、") + s.count("；") + s.count("：")
        + s.count("？") + s.count("！") + s.count(",") + s.count(";")
    )


# --------------------------------------------------------------------------
# Widths and columns.


_RE_MIXED_SPACE = re.compile("(?<=[\u2e80-\uffff]) (?=[0-9A-Za-z])|(?<=[0-9A-Za-z]) (?=[\u2e80-\uffff])")


def line_width(content: str) -> float:
    """Display width of a line in ems: CJK 1, ASCII 0.5, most spaces 0.

    Spaces count nothing because extractors insert them where the page has
    none (letter-spaced justified lines, after full-width punctuation); a
    space between Chinese and a digit or Latin letter stands for the quarter
    em that typesetters put there.  ASCII ``, ; : ! ? ( )`` print full-width
    in Chinese text and count 1.

    >>> line_width("本报讯 近日， 市统计局通过“0578-")
    15.7
    >>> line_width("发 展 到 1 亿 吨 ， 跨 入 世")
    10.05
    >>> line_width("河流140 处，铁路16 处，大型公路86")
    17.1
    """
    n = len(content)
    ascii_n = len(content.encode("ascii", "ignore"))
    width = (n - ascii_n) + 0.5 * ascii_n
    if ascii_n:
        # digits are a little wider than half an em in most Latin fonts
        width += 0.05 * sum(map(content.count, "0123456789"))
    spaces = content.count(" ")
    if spaces:
        width -= 0.5 * spaces - 0.25 * len(_RE_MIXED_SPACE.findall(content))
    for p in _ASCII_WIDE_PUNCT:
        if p in content:
            width += 0.5 * content.count(p)
    return width


def is_stretched(content: str) -> bool:
    """Is this a justified line an extractor letter-spaced ("发 展 到 1 亿")?

    Such a line was stretched to the column width: it is a full line.

    >>> is_stretched("发 展 到 1 亿 吨 ， 跨 入 世")
    True
    >>> is_stretched("本报讯 近日， 市统计局")
    False
    """
    spaces = content.count(" ")
    return spaces >= 3 and spaces * 2.5 >= len(content) - spaces


def tolerance(width: float) -> float:
    """How much narrower than the column a line may be and still be full.

    Justification squeezes or stretches a line by about one character
    (a comma that may not start a line pulls a character down), more on wide
    OCR'd columns where widths are measured from recognised characters.

    >>> tolerance(9), tolerance(42)
    (1.0, 2.5)
    """
    return max(1.0, round(0.06 * width * 2) / 2)


#: Lines narrower than this are never taken as a column measure.
_MIN_COLUMN = 5.0


def column_width(widths: list[float], ends_open_flags: list[bool] | None = None) -> float | None:
    """The column measure shown by a run of line widths, or ``None``.

    The measure is the width with the most lines at it or up to
    :func:`tolerance` narrower (the widest such width on a tie).  It is a
    column only if at least a third of the lines are that full, few lines are
    much wider (a page of one paragraph a line has long and short lines in
    any order), and some full lines stop mid-sentence (``ends_open_flags``:
    True where a line does not end a sentence).

    >>> column_width([9, 9, 8, 9, 9, 6, 7, 9, 9, 9, 4, 9])
    9
    >>> column_width([120, 11, 64, 35, 90, 7, 27]) is None
    True
    """
    ws = sorted(w for w in widths if w >= _MIN_COLUMN)
    n = len(ws)
    if n < 3:
        return None
    best = 0
    measure = 0.0
    for k in range(n - 1, -1, -1):
        v = ws[k]
        if v == measure:
            continue
        count = bisect.bisect_right(ws, v + 0.25) - bisect.bisect_left(ws, v - tolerance(v))
        if count > best:
            best, measure = count, v
    tol = tolerance(measure)
    near = wider = open_full = 0
    for k, w in enumerate(widths):
        if measure - tol <= w <= measure + 0.25:
            near += 1
            if ends_open_flags is None or ends_open_flags[k]:
                open_full += 1
        elif w > measure + max(2.0, 2 * tol):
            wider += 1
    total = len(widths)
    if near < 3 or near < 0.34 * total or wider > 0.25 * total or open_full < max(2, 0.3 * near):
        return None
    return measure


# --------------------------------------------------------------------------
# Word evidence (wordfreq), loaded lazily.


@functools.lru_cache(maxsize=None)
def _zh_words() -> dict[str, float]:
    from wordfreq import get_frequency_dict

    return get_frequency_dict("zh", wordlist="large")


@functools.lru_cache(maxsize=None)
def _en_words() -> dict[str, float]:
    from wordfreq import get_frequency_dict

    return get_frequency_dict("en", wordlist="large")


#: A word must be at least this frequent to count as evidence (wordfreq's
#: "large" list goes down to about 1e-8, where it holds fragments).
_MIN_WORD_FREQ = 1e-7


def word_spans(left: str, right: str) -> bool:
    """Does a Chinese word of the wordfreq list span ``left|right``?

    >>> word_spans("创建国", "际化双创")
    True
    >>> word_spans("全过程、全天", "候的工作体系")
    True
    >>> word_spans("生态农业建设", "今天上午，来自")
    False
    """
    words = _zh_words()
    a = left.rstrip(_STRIP)[-3:]
    b = right.lstrip(_STRIP)[:3]
    if not a or not b or not _RE_HAN_CHAR.match(a[-1]) or not _RE_HAN_CHAR.match(b[0]):
        return False
    for i in range(1, len(a) + 1):
        if not _RE_HAN_CHAR.match(a[-i]):
            break
        for j in range(1, len(b) + 1):
            if not _RE_HAN_CHAR.match(b[j - 1]):
                break
            if i + j < 2:
                continue
            f = words.get(a[-i:] + b[:j])
            if f is not None and f >= _MIN_WORD_FREQ:
                return True
    return False


def rejoin_hyphenated(left: str, right: str) -> str | None:
    """Join an English word hyphenated at a line end, or ``None`` to keep it.

    ``left`` is the part before the hyphen, ``right`` the part after.  The
    hyphen goes only when the joined word is an English word that is not much
    rarer than its parts would be apart ("well-known" keeps its hyphen).

    >>> rejoin_hyphenated("inter", "national")
    'international'
    >>> rejoin_hyphenated("well", "known") is None
    True
    >>> rejoin_hyphenated("self", "aware") is None
    True
    """
    words = _en_words()
    joined = (left + right).lower()
    f = words.get(joined)
    if f is None or f < _MIN_WORD_FREQ:
        return None
    fa = words.get(left.lower(), 0.0)
    fb = words.get(right.lower(), 0.0)
    if fa and fb and f < 0.01 * min(fa, fb):
        return None
    return left + right


_RE_LATIN_TAIL = re.compile(r"([A-Za-z]+)-$")
_RE_LATIN_HEAD = re.compile(r"^([a-z]+)")
_LATIN_OR_DIGIT = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
_LATIN_END_PUNCT = frozenset(".,;:!?%)]}'\"")


def join_pair(left: str, right: str) -> str:
    """Join two pieces of one paragraph that a line break separated.

    >>> join_pair("创建国", "际化双创人才特区")
    '创建国际化双创人才特区'
    >>> join_pair("通过“0578-", "12340”社情民意调查热线")
    '通过“0578-12340”社情民意调查热线'
    >>> join_pair("a line of", "English text")
    'a line of English text'
    >>> join_pair("the inter-", "national market")
    'the international market'
    >>> join_pair("a well-", "known fact")
    'a well-known fact'
    >>> join_pair("1100", "亿元")
    '1100亿元'
    """
    left = left.rstrip(_STRIP)
    right = right.lstrip(_STRIP)
    if not left or not right:
        return left + right
    a, b = left[-1], right[0]
    if a == "-" and b in _LATIN_OR_DIGIT:
        m = _RE_LATIN_TAIL.search(left)
        h = _RE_LATIN_HEAD.match(right)
        if m and h and len(left) >= 2 and left[-2] != "-":
            joined = rejoin_hyphenated(m.group(1), h.group(1))
            if joined is not None:
                return left[: m.start()] + joined + right[h.end():]
        return left + right
    if (a in _LATIN_OR_DIGIT or a in _LATIN_END_PUNCT) and b in _LATIN_OR_DIGIT:
        if a.isdigit() and b.isdigit():
            return left + right
        if a in _LATIN_END_PUNCT and not (a == "." or a == "," or a == ";" or a == ":" or a == "!" or a == "?"):
            pass
        # a Latin word wrapped in Chinese text: no space after a Chinese line
        if a in _LATIN_OR_DIGIT or a in ".,;:!?%)]}'\"":
            return left + " " + right
    return left + right


# --------------------------------------------------------------------------
# Parsing.


class Line(NamedTuple):
    """One non-blank line of prose and the evidence it carries."""

    content: str  # without indentation and trailing whitespace
    indented: bool  # explicit indentation (U+3000, spaces, tab) at its start
    width: float  # display width, indentation included
    stretched: bool  # letter-spaced by a justifying extractor: a full line
    gap: int  # blank lines (or form feeds) between it and the line before
    joinable: bool  # plain prose (not a byline, continuation note or label)
    hard_break: bool  # ends with two spaces (a Markdown hard line break)


def _parse_line(raw: str, gap: int = 0) -> Line:
    content = raw.strip(_STRIP)
    indent = len(raw) - len(raw.lstrip(_INDENT_CHARS))
    width = line_width(content)
    if indent:
        head = raw[:indent]
        width += head.count("\u3000") + 0.5 * head.count(" ") + 2 * head.count("\t")
    return Line(
        content,
        indent > 0,
        width,
        is_stretched(content),
        gap,
        not _special(content),
        raw.endswith("  "),
    )


# --------------------------------------------------------------------------
# The decision.


def strong_join(paragraph: str, nxt: Line) -> bool:
    """Is the break after ``paragraph`` inside a sentence beyond doubt?

    Used where lines show no column (text already one paragraph a line) and
    wherever the column evidence says "new paragraph", so that the output is
    a fixed point: a second run must not find anything more to join.

    >>> strong_join("做到解决真问题、", _parse_line("真解决问题——", 1))
    True
    >>> strong_join("重点建设好浙西南科创产业园、科创小镇、科创走廊等重大创新载体，高标准、大手笔创建国",
    ...             _parse_line("际化双创人才特区，以超常规力度打造", 1))
    True
    >>> strong_join("长江三峡工程年底截流合龙设计流量为世界之最截流技术有十分把握",
    ...             _parse_line("新华社宜昌十一月八日电", 1))
    False
    >>> strong_join("他们座谈表示，要以此为契机，大大推进水土治理和生态农业建设",
    ...             _parse_line("今天上午，来自农业、林业的专家聚集在一起。", 1))
    False
    """
    if not nxt.joinable:
        return False
    p = paragraph.rstrip(_STRIP)
    if not p or _special(p):
        return False
    head = nxt.content[:1]
    if not head or not (_RE_HAN_CHAR.match(head) or head in "“‘「『《（(0123456789"):
        return False
    end = p[-1]
    if end in "，、,":
        return True
    if not _RE_HAN_CHAR.match(end):
        return False
    length = len(p) - p.count(" ")
    marks = _sentence_marks(p)
    if length >= 40 and marks >= 2:
        return True
    if length >= 16 and marks >= 1 and word_spans(p, nxt.content):
        return True
    return False


_OPENERS = "（(“「『《【〔［["
_CLOSERS_OF = {
    "（": "）)", "(": ")）", "“": "”", "「": "」", "『": "』", "《": "》", "【": "】", "〔": "〕",
    "［": "］]", "[": "]］",
}


def unclosed(text: str) -> bool:
    """Does ``text`` leave a bracket or a curly quote open at its end?

    >>> unclosed("其它一切文明成果（附图")
    True
    >>> unclosed("“丽水之干”担纲“丽水之赞”")
    False
    """
    for o in _OPENERS:
        k = text.rfind(o)
        if k >= 0 and not any(c in text[k:] for c in _CLOSERS_OF[o]):
            return True
    return False


def end_class(line: str) -> str:
    """How a line ends: ``term`` (a sentence), ``open`` (a mark that needs
    more), ``colon``, ``dash``, ``close`` (a closing quote or bracket without
    a sentence end) or ``word`` (a character of running text).

    >>> [end_class(s) for s in ("气魄。", "机关事", "共同、", "全文如下：", "问题——", "（附图片1张）", "“三服务”")]
    ['term', 'word', 'open', 'colon', 'dash', 'close', 'close']
    """
    if is_terminal(line):
        return "term"
    s = line.rstrip(_STRIP)
    ch = s[-1:] 
    if not ch:
        return "term"
    if ch in CONTINUATION:
        return "open"
    if ch in "：:":
        return "colon"
    if ch in _DASHES:
        return "dash"
    if ch in CLOSERS:
        return "close"
    return "word"


def _latin_slack(content: str) -> float:
    """Extra tolerance for a line's digits and Latin letters (0.1 em each,
    at most 1.5): their width depends on the font.

    >>> _latin_slack("规划评审组260 多名专家")
    0.3
    """
    n = len(content.encode("ascii", "ignore")) - content.count(" ")
    return min(1.5, round(0.1 * n, 1)) if n > 0 else 0.0


def should_join(prev: Line, nxt: Line, after: Line | None, measure: float | None,
                prev_starts: bool, paragraph: str) -> bool:
    """Should the break between ``prev`` and ``nxt`` be joined?

    ``after`` is the line after ``nxt`` (or None), ``measure`` the column
    width around ``prev`` (None: no column), ``prev_starts`` whether ``prev``
    opened its paragraph, ``paragraph`` the paragraph so far (ending with
    ``prev``).

    >>> L = lambda s, gap=0: _parse_line(s, gap)
    >>> should_join(L("九县(市、区)各 100 名、全市共 1000 名机关事"), L("业单位人员，开展了丽水市"), None, 20, False, "")
    True
    >>> should_join(L("入二期施工。"), L("参加建设的各个"), L("单位，要切实加强管"), 9, False, "")
    False
    >>> should_join(L("参加建设的各个"), L("单位，要切实加强管"), L("理，保证工程质量，"), 9, True, "")
    True
    >>> should_join(L("造未来的宏伟气魄。"), L("大江截流成功，标志"), L("着三峡水利枢纽一期"), 9, False, "")
    True
    """
    paragraph = paragraph or prev.content
    if not prev.joinable or not nxt.joinable or nxt.indented:
        return False
    end = end_class(prev.content)
    if measure is None:
        if nxt.gap == 0 and end != "term":
            # adjacent lines (the output form has none) in mid-sentence
            if prev.hard_break or unclosed(paragraph):
                return True
            if end in ("word", "open") and _sentence_marks(paragraph) and not prev_starts:
                return True
        return strong_join(paragraph, nxt)
    tol = tolerance(measure)
    wide = max(2.0, 2 * tol)
    short_a = measure - prev.width
    short_b = measure - nxt.width
    # digits and Latin letters vary in width from font to font
    full_a = short_a <= tol + _latin_slack(prev.content) or prev.stretched
    indent_max = 2.0 + tol
    body = _sentence_marks(paragraph) > 0
    if nxt.width > measure + wide and not nxt.stretched:
        # the next line is set wider than the column: a headline
        return False
    if prev.width > measure + wide and not prev.stretched:
        # a headline set wider than the column: joined only to a short tail
        if end in ("word", "open") and nxt.width <= max(4.0, 0.4 * measure):
            return True
        return unclosed(paragraph) and nxt.width <= 0.6 * measure
    if end != "term" and unclosed(paragraph):
        return True
    nxt_is_first = (
        short_b > tol + _latin_slack(nxt.content)
        and after is not None
        and after.width - nxt.width >= 1.5
        and not nxt.stretched
        and end_class(nxt.content) not in ("term", "colon")
        and after is not None
        and not after.indented
        and after.gap == 0
        and (measure - after.width <= tol or after.stretched)
    )
    if nxt_is_first and (end in ("term", "colon", "close") or (full_a and not body)
                         or (end == "open" and nxt.gap)):
        return False
    if end == "term" and nxt.gap and not full_a:
        return False
    if end in ("open", "word") and body and not prev_starts:
        return True  # body text cannot end a paragraph in mid-sentence
    if full_a:
        if end == "term" and nxt.content[:1] in "（(":
            return False
        return True
    # a short line
    if end == "close" and body and not prev_starts:
        return True
    if prev_starts and end == "word":
        # the indented first line of a paragraph
        if short_a <= indent_max + _latin_slack(prev.content) or body:
            return True
        if short_a <= 2.0 + 2 * tol and measure - nxt.width <= tol + _latin_slack(nxt.content):
            return True
    if prev_starts and end == "term" and short_a <= indent_max and measure - nxt.width <= tol:
        return True  # an indented first line that happens to end a sentence
    return strong_join(paragraph, nxt)


# --------------------------------------------------------------------------
# The rule.

_WINDOW = 10


def _measures(lines: list[Line]) -> list[float | None]:
    """The column measure around each line (a window of neighbours)."""
    n = len(lines)
    out: list[float | None] = [None] * n
    if n == 0:
        return out
    widths = [ln.width for ln in lines]
    open_flags = [not is_terminal(ln.content) for ln in lines]
    # a measure for the whole run stands in where a window shows none
    # (several columns of slightly different widths in one window)
    overall = column_width(widths, open_flags) if n > 2 * _WINDOW else None
    step = 4
    for start in range(0, n, step):
        lo = max(0, start - _WINDOW)
        hi = min(n, start + step + _WINDOW)
        m = column_width(widths[lo:hi], open_flags[lo:hi])
        if m is None:
            m = overall
        for k in range(start, min(n, start + step)):
            out[k] = m
    return out


def _paragraphs(run: list[Line]) -> list[str]:
    """Join a run of prose lines into paragraphs."""
    gaps = sum(1 for line in run if line.gap)
    if gaps > 0.5 * len(run):
        # a blank line after every line (or nearly): blank lines say nothing
        run = [line._replace(gap=0) for line in run]
    measures = _measures(run)
    paras: list[str] = []
    current = ""
    starts = True
    for k, line in enumerate(run):
        if k == 0:
            current = line.content
            starts = True
            continue
        prev = run[k - 1]
        after = run[k + 1] if k + 1 < len(run) else None
        # strong_join on top: what a second run would join is joined now
        if should_join(prev, line, after, measures[k - 1], starts, current) or strong_join(current, line):
            current = join_pair(current, line.content)
            starts = False
        else:
            paras.append(current)
            current = line.content
            starts = True
    paras.append(current)
    return paras


_RE_NEEDS_WORK = re.compile(r"\n|^[ \t\u3000\f]|[ \t\u3000\f]$")


@rule("line-wrap")
def fix_line_wraps(text: str) -> str:
    """Join lines broken by the column width; one paragraph per line.

    Lines and blank lines that a page's columns and pages put inside a
    paragraph are joined (Chinese with nothing, Latin words with a space);
    headlines, bylines, captions, box labels, continuation notes and Markdown
    structure keep their own lines; paragraphs are separated by one blank
    line, without indentation or trailing spaces.

    >>> fix_line_wraps("本报讯 近日，市统计局通过“0578-\\n12340”社情民意调查热线，随机抽取市直及\\n九县（市、区）各100名、全市共1000名机关事\\n业单位人员，开展了调查。\\n")
    '本报讯 近日，市统计局通过“0578-12340”社情民意调查热线，随机抽取市直及九县（市、区）各100名、全市共1000名机关事业单位人员，开展了调查。\\n'
    >>> fix_line_wraps("占96.2%。")
    '占96.2%。'
    >>> fix_line_wraps("本报记者 何贤君\\n拍友 吴峰宇 摄\\n")
    '本报记者 何贤君\\n\\n拍友 吴峰宇 摄\\n'
    >>> fix_line_wraps("\\u3000\\u3000第一段。\\n\\n第二段。\\n")
    '第一段。\\n\\n第二段。\\n'
    """
    if not _RE_NEEDS_WORK.search(text):
        return text
    ends_nl = text.endswith("\n")
    raw_lines = text.split("\n")
    blocks: list[tuple[str, object]] = []  # ("prose", [Line]) | ("md", str) | ("fence", str)
    run: list[Line] = []
    gap = 0
    fence: list[str] | None = None
    fence_mark = ""
    prev_md_kind = ""
    for raw in raw_lines:
        if fence is not None:
            fence.append(raw)
            if raw.strip().startswith(fence_mark) and len(fence) > 1 and raw.strip().strip(fence_mark[0]) == "":
                blocks.append(("fence", "\n".join(fence)))
                fence = None
                gap = 0
            continue
        if "\f" in raw:
            raw = raw.replace("\f", "")
            gap += 1
        stripped = raw.strip(_STRIP)
        if not stripped:
            gap += 1
            continue
        m = _RE_FENCE.match(raw)
        if m:
            if run:
                blocks.append(("prose", run))
                run = []
            fence = [raw]
            fence_mark = m.group(1)[:3]
            continue
        md_kind = ""
        if _RE_HEADING.match(raw):
            md_kind = "heading"
        elif _RE_RULE.match(raw):
            md_kind = "rule"
        elif _RE_LIST.match(raw):
            md_kind = "list"
        elif _RE_QUOTE.match(raw):
            md_kind = "quote"
        elif _RE_TABLE.match(raw):
            md_kind = "table"
        if md_kind:
            if run:
                blocks.append(("prose", run))
                run = []
            line = raw.rstrip(_STRIP)
            if md_kind == "heading":
                line = line.lstrip(" ")
            tight = gap == 0 and blocks and blocks[-1][0] == "md" and prev_md_kind == md_kind and md_kind in ("list", "quote", "table")
            blocks.append(("md-tight" if tight else "md", line))
            prev_md_kind = md_kind
            gap = 0
            continue
        run.append(_parse_line(raw, gap))
        gap = 0
        prev_md_kind = ""
    if fence is not None:  # an unclosed fence: copy it as it is
        blocks.append(("fence", "\n".join(fence)))
    if run:
        blocks.append(("prose", run))

    out: list[str] = []
    for kind, value in blocks:
        if kind == "prose":
            for p in _paragraphs(value):  # type: ignore[arg-type]
                out.append("\n\n")
                out.append(p)
        elif kind == "md-tight":
            out.append("\n")
            out.append(value)  # type: ignore[arg-type]
        else:
            out.append("\n\n")
            out.append(value)  # type: ignore[arg-type]
    result = "".join(out[1:]) if out else ""
    if ends_nl and result:
        result += "\n"
    return text if result == text else result

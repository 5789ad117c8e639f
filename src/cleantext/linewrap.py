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
      neighbours (Chinese characters count 1, ASCII and curly quotes 0.5,
      the spaces a justifying extractor puts between characters 0; a line
      letter-spaced by the extractor is full).  A line as wide as the column
      was broken by the width; a shorter one ended its paragraph, unless it
      is the indented first line of a paragraph (two characters short, the
      indent dropped by the extractor), or it stops in mid-sentence inside
      body text ("，" "、" an open bracket or quote, or a Chinese character
      after a line with sentence punctuation: a paragraph ends on a mark);
    * a full line ending a sentence ("。") followed by a line indented by the
      width of the indent starts a new paragraph; followed by a full line it
      is still the same paragraph (the sentence ended at the line end);
      followed by a blank line (where blank lines are not after every line)
      or by a short line that does not end a sentence, it ends one;
    * explicit indentation (U+3000, spaces) and a bullet ("■", "□", "●") at
      the start of a line start a paragraph; where paragraphs are marked by
      an indent, a line without one goes on with the paragraph before
      unless it has the shape of a headline or a salutation; a line set
      wider than the column is a headline, joined only to a short tail that
      finishes it ("…开发利\\n用");
    * where lines show no column (one paragraph a line, as in the output
      form), a paragraph is joined to the next one across a blank line only
      when it cannot have ended: it ends with "，" or "、", or it is body text
      (with sentence punctuation inside) that stops on a Chinese character
      inside an open quotation, or next to a word of the wordfreq list that
      spans the break ("国\\n\\n际化" → "国际化"), or it is too long to be a
      headline.  Every break the column evidence keeps is checked the same
      way, so the output is a fixed point.

The decisions are small documented functions (:func:`is_terminal`,
:func:`looks_like_byline`, :func:`looks_like_note`, :func:`looks_like_label`,
:func:`column_width`, :func:`should_join`, ...), each tested on its own.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left, bisect_right, insort
from itertools import accumulate
from operator import sub
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
#: The traditional forms (Hong Kong and Taiwan papers) are OpenCC's ``s2t``
#: conversion of the simplified ones (OpenCC 1.1).
BYLINE_ROLES = (
    "本报特约评论员", "本报评论员", "特约评论员", "评论员",
    "本报首席记者", "首席记者", "本报特约记者", "特约记者", "本报记者",
    "新华社记者", "中新社记者", "见习记者", "实习记者", "驻站记者", "摄影记者", "记者",
    "本报通讯员", "特约通讯员", "通讯员", "实习生", "摄影", "拍友",
    "责任编辑", "编辑", "责编", "撰稿", "执笔", "作者", "整理", "口述",
    "文/图", "文／图", "图/文", "图／文",
    # traditional
    "本報特約評論員", "本報評論員", "特約評論員", "評論員",
    "本報首席記者", "首席記者", "本報特約記者", "特約記者", "本報記者",
    "新華社記者", "中新社記者", "見習記者", "實習記者", "駐站記者", "攝影記者", "記者",
    "本報通訊員", "特約通訊員", "通訊員", "實習生", "攝影",
    "責任編輯", "編輯", "責編", "執筆", "文/圖", "文／圖", "圖/文", "圖／文",
)
#: The mark of a photo credit ("记者 雷宁 摄"), simplified and traditional.
_PHOTO = "摄攝"
_ROLE = "(?:" + "|".join(sorted(map(re.escape, BYLINE_ROLES), key=len, reverse=True)) + ")"
#: Bullet symbols that newspapers put before a byline ("□ 记者 廖王晶").
_BYLINE_MARKS = "□■●◆▲△○◇★☆▪▫"
#: A line that starts with one of these starts a paragraph (an item, a
#: byline, a sub-headline): "○" is left out, it is also a zero ("二○○○").
_BULLETS = frozenset("□■●◆▲△◇★☆▪▫")
_RE_ROLE_AT = re.compile(_ROLE)
_RE_NAME_AT = re.compile(f"[{_HAN}·・]{{2,4}}")
_RE_BYLINE_SEP = re.compile(r"[\s:：/／、]*")
#: Before the roles: a bullet, a bracketed note ("（资料图片）"), a newsroom
#: ("本报驻委内瑞拉").
_RE_BYLINE_PREFIX = re.compile(
    f"^[{_BYLINE_MARKS}]?\\s*(?:[（(][^（()）]{{1,10}}[）)]\\s*)?"
    f"(?:(?:本报|新华社|中新社|本報|新華社)?[驻駐][{_HAN}]{{1,8}}?(?=[记記]者))?"
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
            if s[pos:].rstrip() in ("摄", "摄影", "攝", "攝影"):
                return True
            if _RE_ROLE_AT.match(s, pos):
                break
            m = _RE_NAME_AT.match(s, pos)
            if m is None:
                return False
            for end in range(pos + 2, m.end() + 1):
                follow = s[end : end + 1]
                if not follow or follow in " \t\u3000、摄攝" or _RE_ROLE_AT.match(s, end):
                    break
            else:
                return False
            pos = _RE_BYLINE_SEP.match(s, end).end()
        if pos >= n:
            return True


#: A photo credit: names and "摄" ("杨成栋 摄").
_RE_PHOTO_CREDIT = re.compile(f"^[{_HAN}]{{2,4}}(?:[ 、][{_HAN}]{{2,4}}){{0,3}} ?[{_PHOTO}]$")
#: A byline that is only a marker and a name ("□ 邓小玉").
_RE_MARK_NAME = re.compile(f"^[{_BYLINE_MARKS}]\\s*[{_HAN}]{{2,4}}(?:\\s+[{_HAN}]{{2,4}})*$")
#: A title and a name, as under a signed article ("丽水市委常委、景宁畲族
#: 自治县委书记 陈重"): ends with an office word, a space and a 2–4 character
#: name.  Office words: the usual Chinese official titles.
_RE_TITLE_NAME = re.compile(
    f"(?:书记|主任|主席|部长|局长|厅长|省长|市长|县长|区长|镇长|乡长|校长|院长|"
    f"所长|会长|社长|董事长|总经理|经理|主编|总编|教授|研究员|委员|常委|代表|"
    f"理事长|秘书长|馆长|站长|处长|科长|队长|组长|"
    # traditional (OpenCC s2t)
    f"書記|部長|局長|廳長|省長|市長|縣長|區長|鎮長|鄉長|校長|院長|所長|會長|社長|"
    f"董事長|總經理|經理|主編|總編|研究員|委員|理事長|秘書長|祕書長|館長|處長|隊長|組長"
    f")\\s+[{_HAN}]{{2,4}}$"
)

#: Something a byline needs: a role word, "摄", a bullet or an office word
#: before a space (a quick test that rules out most lines at once).
_RE_BYLINE_HINT = re.compile(f"{_ROLE}|[{_PHOTO}]|[{_BYLINE_MARKS}]|[{_HAN}] [{_HAN}]{{2,4}}$")
_RE_BYLINE_STOP = re.compile("[，。！？；：,!?;]")

#: Continuation notes: "（下转第四版）", "(上接第一版)", "（转第2版）",
#: "（紧接第一版）", "■ 详见今日三版".
_RE_NOTE = re.compile(
    r"^[■□●◆▲\s]*[（(【\[]?\s*(?:上接|下[转轉]|接|[转轉]|[紧緊]接|[续續]|[详詳][见見]|[见見])"
    r"(?:今日|本[报報])?第?[一二三四五六七八九十百零〇\dA-Za-z]+(?:版|[页頁]|面)"
    r"\s*[）)】\]]?$"
)

#: A note that a photo goes with the article: "（附图片1张）", "(附图)".
_RE_PHOTO_NOTE = re.compile(r"^[（(]附(?:[图圖]片|照片|[图圖])[\d一二三四五六七八九十]*[张張]?[）)]$")

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
        # traditional (OpenCC s2t)
        "閱讀提示", "內容提示", "今日導讀", "導讀", "編者按", "編者的話", "編後", "編後語",
        "編後記", "鏈接", "相關鏈接", "新聞鏈接", "背景鏈接", "知識鏈接", "新聞背景",
        "背景資料", "小資料", "資料", "延伸閱讀", "相關閱讀", "相關新聞", "記者手記",
        "採訪手記", "短評", "點評", "述評", "快評", "圖片", "圖片新聞", "名詞解釋", "數讀",
        "數說", "觀察", "開欄的話", "結束語", "卷首語", "圖爲", "圖為",
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
    if not s or len(s) > 40 or _RE_BYLINE_STOP.search(s) or not _RE_BYLINE_HINT.search(s):
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
    if len(s) > 20 or not ("版" in s or "页" in s or "頁" in s or "面" in s or "附" in s):
        return False
    return bool(_RE_NOTE.match(s) or _RE_PHOTO_NOTE.match(s))


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


#: Sentence marks; an ASCII comma only where it is no thousands separator.
# (each alternative starts with the mark itself, so that the engine skips
# ahead to it: a lookbehind first would be tried at every position)
_RE_MARK = re.compile("[，。、；：？！;]|,(?:(?![0-9])|(?<![0-9],))")
#: The same in a line without ASCII (no comma to judge: twice as fast).
_RE_WIDE_MARK = re.compile("[，。、；：？！]")


def _sentence_marks(s: str) -> int:
    """How many sentence marks ``s`` has (commas, stops, colons, ...).

    >>> _sentence_marks("本报讯 近日，市统计局通过热线，开展调查。")
    3
    >>> _sentence_marks("共有1,000名代表出席会议")
    0
    """
    return len(_RE_MARK.findall(s))


# --------------------------------------------------------------------------
# Widths and columns.


_RE_DIGIT = re.compile("[0-9]")
#: ASCII punctuation next to a wide character (before or after it); the
#: patterns start with the character they match (a fast scan to it).
_RE_WIDE_PUNCT = re.compile("[,;:!?()](?:(?=[\u2e80-\uffff])|(?<=[\u2e80-\uffff].))")
#: A space between a wide character and a digit or Latin letter.
_RE_MIXED_SPACE = re.compile(" (?:(?<=[\u2e80-\uffff] )(?=[0-9A-Za-z])|(?<=[0-9A-Za-z] )(?=[\u2e80-\uffff]))")


def line_width(content: str) -> float:
    """Display width of a line in ems: CJK 1, ASCII and curly quotes 0.5,
    most spaces 0.

    Spaces count nothing because extractors insert them where the page has
    none (letter-spaced justified lines, after full-width punctuation); a
    space between Chinese and a digit or Latin letter stands for the quarter
    em that typesetters put there.  ASCII ``, ; : ! ? ( )`` next to Chinese
    print full-width and count 1 ("1,000" and "10:30" keep theirs narrow).

    >>> line_width("本报讯 近日， 市统计局通过“0578-")
    15.2
    >>> line_width("发 展 到 1 亿 吨 ， 跨 入 世")
    10.05
    >>> line_width("河流140 处，铁路16 处，大型公路86")
    16.35
    """
    n = len(content)
    ascii_n = len(content.encode("ascii", "ignore"))
    width = n - 0.5 * ascii_n
    # curly quotes: half an em in the Latin fonts many typesetters take
    # them from, a full em in others; counted as half
    q = content.count("“") + content.count("”") + content.count("‘") + content.count("’")
    if q:
        width -= 0.5 * q
    if ascii_n:
        # digits are a little wider than half an em in most Latin fonts
        width += 0.05 * len(_RE_DIGIT.findall(content))
        width += 0.5 * len(_RE_WIDE_PUNCT.findall(content))
        spaces = content.count(" ")
        if spaces:
            width -= 0.5 * spaces - 0.25 * len(_RE_MIXED_SPACE.findall(content))
    return round(width, 2)


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
    return max(1.0, int(0.12 * width + 0.5) / 2)


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
    allw = sorted(widths)
    if ends_open_flags is None:
        open_ws = allw
    else:
        open_ws = sorted([w for w, f in zip(widths, ends_open_flags) if f])
    return _column_of_sorted(allw, open_ws)


def _column_of_sorted(allw: list[float], open_ws: list[float]) -> float | None:
    """:func:`column_width` of the sorted widths ``allw``, ``open_ws`` the
    sorted widths of the lines that run on (counted with bisection)."""
    start = bisect_left(allw, _MIN_COLUMN)
    if len(allw) - start < 3:
        return None
    # for each candidate v: the lines in [v - tolerance(v), v + 0.25]; the
    # most lines, the widest v on a tie
    best, measure = max(
        [
            (bisect_right(allw, v + 0.25) - bisect_left(allw, v - max(1.0, int(0.12 * v + 0.5) / 2), start), v)
            for v in set(allw[start:])
        ]
    )
    return _column_check(allw, open_ws, best, measure)


def _column_check(allw: list[float], open_ws: list[float], best: int, measure: float) -> float | None:
    """``measure`` if the lines show it as a column: ``best`` lines near it
    (at least a third), few much wider, and enough of the full lines run on."""
    total = len(allw)
    if best < 3 or best < 0.34 * total:
        return None
    tol = max(1.0, int(0.12 * measure + 0.5) / 2)  # tolerance(measure)
    bottom, top = measure - tol, measure + 0.25
    near = bisect_right(allw, top) - bisect_left(allw, bottom)
    wider = total - bisect_right(allw, measure + max(2.0, 2 * tol))
    open_full = bisect_right(open_ws, top) - bisect_left(open_ws, bottom)
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

    Chinese joins with nothing, Latin words with one space; a hyphen at the
    end of ``left`` stays ("0578-12340") unless it split an English word
    (:func:`rejoin_hyphenated`).

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
    >>> join_pair("采用", "GPS定位")
    '采用GPS定位'
    """
    left = left.rstrip(_STRIP)
    right = right.lstrip(_STRIP)
    if not left or not right:
        return left + right
    a, b = left[-1], right[0]
    if b not in _LATIN_OR_DIGIT:
        return left + right
    if a == "-":
        m = _RE_LATIN_TAIL.search(left)
        h = _RE_LATIN_HEAD.match(right)
        if m and h:
            joined = rejoin_hyphenated(m.group(1), h.group(1))
            if joined is not None:
                return left[: m.start()] + joined + right[h.end():]
        return left + right
    if a.isdigit() and b.isdigit():
        return left + right  # a number the extractor split: no space
    if a in _LATIN_OR_DIGIT or a in _LATIN_END_PUNCT:
        return left + " " + right
    return left + right


# --------------------------------------------------------------------------
# Parsing.

_RE_BRACKETS = re.compile("[（(“「『《【〔［\\[）)”」』》】〕］\\]]")


class Line(NamedTuple):
    """One non-blank line of prose and the evidence it carries."""

    content: str  # without indentation and trailing whitespace
    indented: bool  # explicit indentation (U+3000, spaces, tab) at its start
    width: float  # display width, indentation included
    stretched: bool  # letter-spaced by a justifying extractor: a full line
    gap: int  # blank lines (or form feeds) between it and the line before
    joinable: bool  # plain prose (not a byline, continuation note or label)
    hard_break: bool  # ends with two spaces (a Markdown hard line break)
    end: str  # how it ends: see end_class()
    marks: int  # sentence punctuation inside it
    chars: int  # characters other than spaces
    slack: float  # extra width tolerance for its digits and Latin letters
    blank: int  # blank lines before it, even where blank lines say nothing
    overflow: bool  # holds a long unbreakable Latin token (URL, e-mail): its width says little
    long_head: bool  # starts with one (then the line before may be short)
    para_indent: bool  # a paragraph indent: U+3000, a tab or two spaces or more


#: A token no typesetter breaks: a URL, an e-mail address, a long number.
_RE_LONG_TOKEN = re.compile(r"[!-~]{12,}")
_RE_LONG_HEAD = re.compile(r".{0,2}[!-~]{12,}")


def _parse_line(raw: str, gap: int = 0) -> Line:
    """The evidence of one raw line (``gap``: blank lines before it)."""
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
        end_class(content),
        _sentence_marks(content),
        len(content) - content.count(" "),
        _latin_slack(content),
        gap,
        bool(_RE_LONG_TOKEN.search(content)),
        bool(_RE_LONG_HEAD.match(content)),
        indent > 0 and (indent > 1 or raw[0] != " "),
    )


#: How a line ends, by its last character, where that alone decides
#: (:func:`end_class`; after a closer or a "." the characters before count).
_END_OF = {
    **{c: "term" for c in TERMINAL},
    **{c: "open" for c in CONTINUATION},
    "：": "colon", ":": "colon",
    **{c: "dash" for c in _DASHES},
}
_END_SLOW = CLOSERS | {"."}


def _end_class_of(s: str) -> str:
    """:func:`end_class`, by the last character alone where that decides."""
    last = s[-1:]
    if not last or last in _END_SLOW or last in _STRIP:
        return end_class(s)
    return _END_OF.get(last, "word")


def _parse_lines(raws: list[str], gaps: list[int], blanks: list[int] | None = None) -> list[Line]:
    """:func:`_parse_line` of each of ``raws`` (none blank or holding a line
    break or a form feed; ``blanks``: the blank lines before each, where
    they differ from the ``gaps`` that count as evidence), with shortcuts for the common lines: without
    ASCII (no digit, Latin or space counts), with a sentence mark that no
    byline, note or label has."""
    lines = []
    new_line = tuple.__new__  # (Line's own __new__ is Python code: twice the cost)
    for raw, gap, blank in zip(raws, gaps, gaps if blanks is None else blanks):
        content = raw.strip(_STRIP)
        n = len(content)
        a = len(content.encode("ascii", "ignore"))
        marks = len(_RE_MARK.findall(content)) if a else len(_RE_WIDE_MARK.findall(content))
        # line_width(), step by step
        width = n - 0.5 * a
        if "“" in content or "”" in content or "‘" in content or "’" in content:
            width -= 0.5 * (content.count("“") + content.count("”") + content.count("‘") + content.count("’"))
        if a:
            sp = content.count(" ")
            width += 0.05 * len(_RE_DIGIT.findall(content))
            width += 0.5 * len(_RE_WIDE_PUNCT.findall(content))
            if sp:
                width -= 0.5 * sp - 0.25 * len(_RE_MIXED_SPACE.findall(content))
            latin = a - sp  # _latin_slack()
            slack = min(1.5, latin / 10) if latin > 0 else 0.0
            overflow = long_head = False
            if a >= 12:
                overflow = bool(_RE_LONG_TOKEN.search(content))
                long_head = overflow and bool(_RE_LONG_HEAD.match(content))
            width = round(width, 2)  # (without ASCII, a whole or half number)
        else:
            sp = 0
            slack = 0.0
            overflow = long_head = False
        indent = 0
        if raw[0] in _INDENT_CHARS:
            indent = len(raw) - len(raw.lstrip(_INDENT_CHARS))
            head = raw[:indent]
            width += head.count("\u3000") + 0.5 * head.count(" ") + 2 * head.count("\t")
        end = _end_class_of(content)
        # a mark other than "、" or a colon rules out a byline, note or label
        if marks and marks > content.count("、") + content.count("："):
            joinable = True
        else:
            joinable = not _special(content)
        fields = (
            content,
            indent > 0,
            width,
            sp >= 3 and sp * 2.5 >= n - sp,  # is_stretched()
            gap,
            joinable,
            raw.endswith("  "),
            end,
            marks,
            n - sp,
            slack,
            blank,
            overflow,
            long_head,
            indent > 0 and (indent > 1 or raw[0] != " "),
        )
        lines.append(new_line(Line, fields))
    return lines


class Paragraph:
    """A paragraph being assembled, with the evidence the decisions need.

    >>> p = Paragraph(_parse_line("其它一切文明成果（附图"))
    >>> p.unclosed(), p.marks, p.starts
    (True, 0, True)
    >>> p.add(_parse_line("片 1 张）"))
    >>> p.unclosed(), p.text(), p.starts
    (False, '其它一切文明成果（附图片 1 张）', False)
    """

    __slots__ = ("pieces", "last", "chars", "marks", "_open", "_special", "first_indented")

    def __init__(self, line: Line) -> None:
        self.first_indented = line.para_indent
        self.pieces = [line.content]
        self.last = line
        self.chars = line.chars
        self.marks = line.marks
        self._open: dict[str, bool] = {}
        self._special: bool | None = not line.joinable
        self._track(line.content)

    @classmethod
    def of(cls, text: str) -> "Paragraph":
        """A paragraph holding ``text`` as one line."""
        return cls(_parse_line(text))

    def _track(self, content: str) -> None:
        found = _RE_BRACKETS.findall(content)
        if not found:
            return
        # only the pairs whose opener or closer the line holds can change
        for o in _PAIRS_OF[found[0]] if len(found) == 1 else {o for c in found for o in _PAIRS_OF[c]}:
            k = content.rfind(o)
            closers = _CLOSERS_OF[o]
            if k >= 0 and not any(c in content[k:] for c in closers):
                self._open[o] = True
            elif any(c in content for c in closers):
                self._open[o] = False

    def add(self, line: Line) -> None:
        """Join ``line`` to the paragraph."""
        self.pieces.append(line.content)
        self.last = line
        self.chars += line.chars
        self.marks += line.marks
        self._special = None
        self._track(line.content)

    @property
    def starts(self) -> bool:
        """Is the last line the paragraph's first?"""
        return len(self.pieces) == 1

    def unclosed(self) -> bool:
        """Does the paragraph leave a bracket or a curly quote open?"""
        return any(self._open.values())

    def special(self) -> bool:
        """Is the paragraph a byline, continuation note or box label?"""
        if self._special is None:
            self._special = self.chars <= 40 and _special(self.text())
        return self._special

    def text(self) -> str:
        """The paragraph's text, its lines joined."""
        out = self.pieces[0]
        for piece in self.pieces[1:]:
            out = join_pair(out, piece)
        return out


# --------------------------------------------------------------------------
# The decision.


def strong_join(paragraph: Paragraph | str, nxt: Line) -> bool:
    """Is the break after ``paragraph`` inside a sentence beyond doubt?

    Used where lines show no column (text already one paragraph a line) and
    wherever the column evidence says "new paragraph", so that the output is
    a fixed point: a second run must not find anything more to join.  It
    looks only at what survives in the output (not at indentation).

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
    if isinstance(paragraph, str):
        paragraph = Paragraph.of(paragraph)
    if not nxt.joinable:
        return False
    last = paragraph.last.content
    if not last:
        return False
    head = nxt.content[:1]
    if not (_RE_HAN_CHAR.match(head) or head in "“‘「『《（(0123456789"):
        return False
    end = last[-1]
    if end in "，、,":
        return not paragraph.special()
    if not _RE_HAN_CHAR.match(end) or paragraph.special():
        return False
    if paragraph.unclosed() and paragraph.marks:
        return True  # a quotation or bracket stops in mid-word
    if paragraph.marks == 0 or paragraph.chars < 16:
        return False
    if paragraph.chars >= 40 and paragraph.marks >= 2:
        return True
    return word_spans(last, nxt.content)


#: A full stop inside a line, then what follows it on the line.
_RE_STOP_TAIL = re.compile(r"。[”’」』）)]*([^。]+)$")


def _ends_after_stop(content: str) -> bool:
    """Does ``content`` go on after a "。" inside it, with words that are
    not a photo credit or byline ("图为会场。记者 张三 摄")?

    >>> _ends_after_stop("设定。合作能力全"), _ends_after_stop("图为会场。记者 张三 摄")
    (True, False)
    """
    m = _RE_STOP_TAIL.search(content)
    return m is not None and not looks_like_byline(m.group(1))


_OPENERS = "（(“「『《【〔［["
_OPENING = frozenset(_OPENERS + "‘")
#: Marks that may not start a line (kinsoku): where one does not fit at the
#: end of a line, the character before it goes down with it.
_NO_LINE_START = frozenset("，。、；：？！）》」』”’…")
_CLOSERS_OF = {
    "（": "）)", "(": ")）", "“": "”", "「": "」", "『": "』", "《": "》", "【": "】", "〔": "〕",
    "［": "］]", "[": "]］",
}
#: The openers whose state a bracket or quote bears on.
_PAIRS_OF = {
    c: tuple(o for o in _OPENERS if c == o or c in _CLOSERS_OF[o]) for c in _OPENERS + "".join(_CLOSERS_OF.values())
}


def unclosed(text: str) -> bool:
    """Does ``text`` leave a bracket or a curly quote open at its end?

    >>> unclosed("其它一切文明成果（附图")
    True
    >>> unclosed("“丽水之干”担纲“丽水之赞”")
    False
    """
    return Paragraph.of(text).unclosed()


def end_class(line: str) -> str:
    """How a line ends: ``term`` (a sentence), ``open`` (a mark that needs
    more), ``colon``, ``dash``, ``close`` (a closing quote or bracket without
    a sentence end) or ``word`` (a character of running text).

    >>> [end_class(s) for s in ("气魄。", "机关事", "共同、", "全文如下：", "问题——", "（附图片1张）", "“三服务”")]
    ['term', 'word', 'open', 'colon', 'dash', 'close', 'close']
    """
    s = line.rstrip(_STRIP)
    if not s:
        return "term"
    if is_terminal(s):
        return "term"
    ch = s[-1]
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
    n = len(content.encode("ascii", "ignore"))
    if not n:
        return 0.0
    n -= content.count(" ")
    return min(1.5, n / 10) if n > 0 else 0.0


#: The unbreakable token a line may start with: a Latin word, a number, a
#: URL or an e-mail address, with the marks after it that may not start a
#: line (they go down with it).
_RE_ASCII_HEAD = re.compile(r"[0-9A-Za-z][!-~]*[，。、；：？！）》」』”’…]*")


def head_width(content: str) -> float:
    """The width of the Latin word, number or URL that ``content`` starts
    with (0 if it starts otherwise).  A typesetter moves such a token whole
    to the next line when it does not fit at the end of a line: a line
    before it that is short by less than this was full.

    >>> head_width("Crazy Union然后"), head_width("https://a.cn，功"), head_width("目标")
    (2.5, 7.0, 0.0)
    """
    m = _RE_ASCII_HEAD.match(content)
    return line_width(m.group()) if m else 0.0


def should_join(prev: Line, nxt: Line, after: Line | None, measure: float | None,
                paragraph: Paragraph | str | None = None, local: float | None = None,
                indented: bool = False) -> bool:
    """Should the break between ``prev`` and ``nxt`` be joined?

    ``after`` is the line after ``nxt`` (or None), ``measure`` the column
    width around ``prev`` (None: no column), ``paragraph`` the paragraph so
    far, ending with ``prev`` (default: ``prev`` alone, as a first line),
    ``local`` the width of the widest lines of the block of adjacent lines
    ``prev`` is in, where too few lines show a column (None: no such block),
    ``indented`` whether the page marks its paragraphs with an indent and
    the paragraph so far began with one (then a line without one goes on
    with it, unless it has the shape of a headline or a salutation).

    >>> L = lambda s, gap=0: _parse_line(s, gap)
    >>> should_join(L("九县(市、区)各 100 名、全市共 1000 名机关事"), L("业单位人员，开展了丽水市"), None, 20)
    True
    >>> should_join(L("入二期施工。"), L("参加建设的各个"), L("单位，要切实加强管"), 9, "大江截流成功，标志着工程顺利完成，并转入二期施工。")
    False
    >>> should_join(L("参加建设的各个"), L("单位，要切实加强管"), L("理，保证工程质量，"), 9)
    True
    >>> should_join(L("造未来的宏伟气魄。"), L("大江截流成功，标志"), L("着三峡水利枢纽一期"), 9, "展示了中国人民在改革开放中改天换地、创造未来的宏伟气魄。")
    True
    """
    if paragraph is None:
        paragraph = Paragraph(prev)
    elif isinstance(paragraph, str):
        paragraph = Paragraph.of(paragraph)
    if not prev.joinable or not nxt.joinable or nxt.indented or nxt.content[:1] in _BULLETS:
        return False
    end = prev.end
    starts = paragraph.starts
    body = paragraph.marks > 0
    if measure is None:
        if indented and not nxt.indented and (nxt.blank == 0 or nxt.gap == 0):
            if end in ("word", "open", "close"):
                return True
            if end == "colon" and (nxt.content[:1] in _OPENING or nxt.marks):
                return True
            # a sentence ends: the paragraph goes on if it already took a
            # line without an indent (the page wraps so) and this one is
            # body text too
            # (or if this, its first line, is as wide as the lines of its
            # block, or where blank lines say nothing as the lines after
            # it: the sentence ended at the edge of the column)
            if end == "term" and (nxt.marks or nxt.end == "term") and nxt.end != "colon":
                if not starts:
                    return True
                top = local if local is not None else None
                if top is None and nxt.blank and after is not None and not after.indented:
                    top = max(nxt.width, after.width)
                if top is not None and abs(top - prev.width) <= tolerance(top):
                    return True
        if nxt.blank == 0 and end != "term":
            # adjacent lines (the output form has none) in mid-sentence
            if prev.hard_break or paragraph.unclosed():
                return True
            if end in ("word", "open") and body and not starts:
                return True
            if end == "word" and starts and body and (nxt.long_head or _ends_after_stop(prev.content)):
                # a first line that stops mid-sentence after a sentence it
                # ended ("设定。合作能力全": a headline has no "。"), or
                # that a URL too long for its end follows
                return True
            if local is not None and end != "dash" and (body or end == "open"):
                # a block of a few lines as wide as each other: wrapped
                if local - prev.width <= tolerance(local) + prev.slack or prev.stretched:
                    return True
        return strong_join(paragraph, nxt)
    tol = max(1.0, int(0.12 * measure + 0.5) / 2)  # tolerance(measure)
    wide = max(2.0, 2 * tol)
    if prev.width > measure + wide and nxt.width > measure + wide:
        # both wider than the column around: a wider column begins here
        measure = min(prev.width, nxt.width)
        tol = max(1.0, int(0.12 * measure + 0.5) / 2)
        wide = max(2.0, 2 * tol)
    short_a = measure - prev.width
    short_b = measure - nxt.width
    # digits and Latin letters vary in width from font to font; a line
    # with a URL in it overflows the column
    full_a = (
        short_a <= tol + prev.slack
        or prev.stretched
        or prev.overflow
        # the next line's first word did not fit at the end of this one
        # (where this one ends a sentence that explains nothing)
        or (end != "term" and nxt.content[:1] in _LATIN_OR_DIGIT and short_a <= tol + prev.slack + head_width(nxt.content))
    )
    indent_max = 2.0 + tol
    if nxt.width > measure + wide and not (nxt.stretched or nxt.overflow) and nxt.marks <= 1 and nxt.end != "open":
        # the next line is set wider than the column: a headline, unless
        # this line stops in the middle of running text
        return end in ("word", "open") and body and not starts
    if prev.width > measure + wide and not (prev.stretched or prev.overflow) and prev.marks <= 1 and (starts or not body):
        # a headline set wider than the column: joined only to a short tail
        if end in ("word", "open") and nxt.width <= max(4.0, 0.4 * measure):
            return True
        return paragraph.unclosed() and nxt.width <= 0.6 * measure
    if end != "term" and paragraph.unclosed():
        return True
    # an opening mark may not end a line: the line before it is one short
    # (or a Latin word, a number or a URL that did not fit at its end; or,
    # where the page keeps its indents, a character that a mark which may
    # not start a line pulled down)
    kinsoku_b = 0.0
    if after is not None:
        a0 = after.content[:1]
        if a0 in _OPENING or (indented and after.content[1:2] in _NO_LINE_START):
            kinsoku_b = 1.0
        elif a0 in _LATIN_OR_DIGIT:
            kinsoku_b = head_width(after.content)
    if nxt.content[:1] in _OPENING or nxt.content[1:2] in _NO_LINE_START:
        # (or a mark that may not start a line pulled the character before
        # it down with it)
        full_a = full_a or short_a <= tol + prev.slack + 1.0
    # (not where the page keeps its paragraph indents: this paragraph
    # began with one, and the next line has none)
    nxt_is_first = (
        not indented
        and short_b > tol + nxt.slack + kinsoku_b
        and after is not None
        and not after.long_head
        and after.width - nxt.width >= 1.5
        and not nxt.stretched
        and nxt.end not in ("term", "colon")
        and not after.indented
        and after.gap == 0
        and (measure - after.width <= tol or after.stretched)
    )
    if nxt_is_first and (end in ("term", "colon", "close") or (full_a and not body)
                         or (end == "open" and nxt.gap)):
        return False  # the next line is the indented first line of a paragraph
    if end == "term" and nxt.gap:
        return False  # a sentence ends, then a blank line (that says something)
    if end in ("open", "word") and body and not starts:
        return True  # body text cannot end a paragraph in mid-sentence
    if end == "colon" and body and not starts and nxt.content[:1] in "“「『‘":
        return True  # a quotation follows its colon
    if starts and not body and short_b > tol + nxt.slack and (nxt.gap or nxt.end == "colon"):
        return False  # a headline-shaped line, then a short line or a salutation
    if starts and not body and nxt.gap and end in ("word", "dash", "close"):
        # a line without sentence marks, then a blank line that says
        # something: a headline, even one as wide as the column
        return strong_join(paragraph, nxt)
    if full_a:
        if end == "term" and nxt.content[:1] in "（(":
            return False
        if end == "term" and short_b > tol + nxt.slack + kinsoku_b and nxt.end in ("word", "close", "colon"):
            # a short line that does not end a sentence cannot be the last
            # line of this paragraph: it stands alone (a headline, a label)
            if after is None or after.gap or after.indented or measure - after.width > tol + after.slack:
                return False
        return True
    # a short line
    if end == "close" and body and not starts:
        return True
    # (a short line without sentence marks, then a blank line that says
    # something: a headline, not a paragraph's indented first line)
    if starts and end in ("word", "dash") and (body or not nxt.gap):
        # the indented first line of a paragraph
        if short_a <= indent_max + prev.slack or (body and end == "word"):
            return True
        if short_a <= 2.0 + 2 * tol and short_b <= tol + nxt.slack:
            return True  # a first line indented more
    if starts and end == "term" and not prev.indented and short_a <= indent_max and short_b <= tol:
        # an indented first line (its indent dropped: a width with the
        # indent in it is the line's own) that happens to end a sentence
        return True
    return strong_join(paragraph, nxt)


# --------------------------------------------------------------------------
# The rule.

# Every decision looks only at a bounded neighbourhood of lines, so that
# cleaning a text in pieces cut at a paragraph break gives the same result
# as cleaning it whole (the streaming mode, cleantext.streaming, verifies a
# cut on a window of at least 48 lines each side: a measure reaching 24
# lines or less either way is seen whole by that check).

#: The column measure around a line: its neighbours up to this many lines
#: either way (29 lines: enough for a column to show through a headline or
#: a short last line of a paragraph, few enough for a page whose columns
#: change width).
_REACH = 14
#: Where that window shows no column (columns of slightly different widths
#: side by side in it), the wider neighbourhood stands in (the page, more or
#: less).
_WIDE_REACH = 24
#: Blank lines say nothing where more than half the lines this near a line
#: (either way) follow one: an extractor that puts a blank line after every
#: line.
_GAP_REACH = 10
#: Paragraphs are marked by an indent where a line this near has one.
_INDENT_REACH = 24
#: The widest lines of a block of adjacent lines: taken this near a line.
_LOCAL_REACH = 24
#: The smallest window in which a column is looked for.
_MIN_SPAN = 2 * 10


#: Line ends that show a wrap in mid-sentence (a colon or a dash may end a
#: label or a headline, so they do not count as evidence of a column).
_RUNS_ON = frozenset(("word", "open", "close"))


#: Marks that stay with the token before them at the end of a line.
_TRAILING_MARKS = "，。、；：？！）》」』”’…,.;:!?)]"
_RE_LONG_END = re.compile(r"[!-~]{12}")


def _ends_long(content: str) -> bool:
    """Does ``content`` end with a long unbreakable token (a URL, an e-mail
    address), and the marks after it?

    >>> _ends_long("网址为https://www.it.org/they，"), _ends_long("https://a.cn/abcdef，效果")
    (True, False)
    """
    tail = content.rstrip(_TRAILING_MARKS)
    return len(tail) >= 12 and _RE_LONG_END.fullmatch(tail, len(tail) - 12) is not None


def _measures(lines: list[Line]) -> list[float | None]:
    """The column measure around each line (a window of neighbours)."""
    # a line that ends with a URL may overflow the column (a token wider
    # than the column goes down whole and sticks out): its width says
    # nothing about it; measured without them, it takes the measure of the
    # line before (a URL with text after it on its line fitted in it)
    kept = [k for k, ln in enumerate(lines) if not (ln.overflow and _ends_long(ln.content))]
    if len(kept) == len(lines):
        return _measures_of([ln.width for ln in lines], [ln.end in _RUNS_ON and ln.joinable for ln in lines])
    sub = _measures_of(
        [lines[k].width for k in kept], [lines[k].end in _RUNS_ON and lines[k].joinable for k in kept]
    )
    out: list[float | None] = [None] * len(lines)
    for k, m in zip(kept, sub):
        out[k] = m
    for k in range(len(lines)):
        if out[k] is None and lines[k].overflow:
            out[k] = out[k - 1] if k else (sub[0] if sub else None)
    return out


def _open_cluster(ws: list[float], need: float) -> bool:
    """Do ``need`` of the sorted widths ``ws`` lie within one tolerance?"""
    k = max(2, int(need + 0.999)) - 1
    # (from the widest down: the lines of a column are the widest that run
    # on, so a column is found at the first look)
    for i in range(len(ws) - k - 1, -1, -1):
        top = ws[i + k]
        if top - ws[i] <= max(1.0, int(0.12 * top + 0.5) / 2) + 0.25:
            return True
    return False


def _window_measure(allw: list[float], open_ws: list[float], need: float, cluster: bool) -> float | None:
    """The column measure of a window of lines, from its sorted widths
    ``allw`` and the sorted widths ``open_ws`` of its lines that run on
    (``need``: how many of them a column needs; ``cluster``: they must lie
    within one tolerance).  The reference for :class:`_Window`."""
    if len(open_ws) < need:
        return None
    if cluster and not _open_cluster(open_ws, need):
        return None
    return _column_of_sorted(allw, open_ws)


class _Window:
    """A window of lines ``[lo, hi)`` of a run that slides towards its end.

    It keeps its widths and its open lines' widths sorted and, for every
    candidate measure (a width of the run, :data:`_MIN_COLUMN` or more), the
    number of lines of the window within the candidate's range ``[v -
    tolerance(v), v + 0.25]``, as a key ``count * m + rank`` (minus a big
    number while no line of the window has that width): the largest key is
    the measure :func:`_column_of_sorted` picks (most lines, the widest on a
    tie), found without a loop over the candidates.  Moving the window costs
    a few list operations per line that enters or leaves it.
    """

    __slots__ = ("widths", "flags", "cand", "rank", "covers", "keys", "present", "step", "absent",
                 "lo", "hi", "allw", "open_ws")

    def __init__(self, widths: list[float], flags: list[bool], cand: list[float], rank: list[int],
                 covers: list[list[int]]) -> None:
        self.widths, self.flags, self.cand, self.rank, self.covers = widths, flags, cand, rank, covers
        self.step = len(cand) + 1
        self.absent = self.step * (len(widths) + 2)
        self.keys = self._fresh_keys()
        self.present = [0] * len(cand)
        self.lo = self.hi = 0
        self.allw: list[float] = []
        self.open_ws: list[float] = []

    def _fresh_keys(self) -> list[int]:
        # (a last key below every other: the key of rank -1, the lines
        # narrower than any candidate, so that a max over the ranks of the
        # window's lines never picks one of them)
        return [r - self.absent for r in range(len(self.cand))] + [-2 * self.absent]

    def move(self, lo: int, hi: int) -> None:
        """Make the window ``[lo, hi)`` (neither end moves back)."""
        if lo >= self.hi:  # no line in common: start afresh
            self.keys[:] = self._fresh_keys()
            self.present[:] = [0] * len(self.cand)
            self.allw.clear()
            self.open_ws.clear()
            self.lo = self.hi = lo
        widths, flags, rank, covers, keys, present = (
            self.widths, self.flags, self.rank, self.covers, self.keys, self.present
        )
        step, absent, allw, open_ws = self.step, self.absent, self.allw, self.open_ws
        for k in range(self.hi, hi):
            w = widths[k]
            insort(allw, w)
            if flags[k]:
                insort(open_ws, w)
            r = rank[k]
            if r >= 0:
                if not present[r]:
                    keys[r] += absent
                present[r] += 1
                for i in covers[r]:
                    keys[i] += step
        for k in range(self.lo, lo):
            w = widths[k]
            del allw[bisect_left(allw, w)]
            if flags[k]:
                del open_ws[bisect_left(open_ws, w)]
            r = rank[k]
            if r >= 0:
                present[r] -= 1
                if not present[r]:
                    keys[r] -= absent
                for i in covers[r]:
                    keys[i] -= step
        self.lo, self.hi = lo, hi

    def measure(self, need: float, cluster: bool) -> float | None:
        """:func:`_window_measure` of the window."""
        allw, open_ws = self.allw, self.open_ws
        if len(open_ws) < need:
            return None
        if cluster and not _open_cluster(open_ws, need):
            return None
        start = bisect_left(allw, _MIN_COLUMN)
        if len(allw) - start < 3:
            return None
        # the largest key is that of a width the window holds (the others
        # are below zero): a max over the ranks of its lines
        best, r = divmod(max(map(self.keys.__getitem__, self.rank[self.lo : self.hi])), self.step)
        return _column_check(allw, open_ws, best, self.cand[r])


def _measures_of(widths: list[float], open_flags: list[bool]) -> list[float | None]:
    """The column measure around each line, from widths and open flags.

    Line ``k``'s measure is that of the lines within :data:`_REACH` of it,
    or failing that within :data:`_WIDE_REACH`: it depends on nothing
    further away.  Only the places where a column could show
    (:func:`_column_places`) are measured, each as a run of its own: the
    windows of its lines lie inside that run (or are cut by the same ends),
    so their measures are those of the whole run; elsewhere no window holds
    what a column needs, and the measure is None.

    >>> _measures_of([9, 9, 9, 9, 4], [True, True, False, True, False])
    [9, 9, 9, 9, 9]
    """
    n = len(widths)
    places = _column_places(widths, open_flags)
    if places is None:
        return _measures_in(widths, open_flags)
    out: list[float | None] = [None] * n
    for first, last in places:
        lo, hi = max(0, first - _WIDE_REACH), min(n, last + _WIDE_REACH + 1)
        if lo == 0 and hi == n:
            return _measures_in(widths, open_flags)
        out[first : last + 1] = _measures_in(widths[lo:hi], open_flags[lo:hi])[first - lo : last - lo + 1]
    return out


def _measures_in(widths: list[float], open_flags: list[bool]) -> list[float | None]:
    """:func:`_measures_of`, every window measured (sliding along the run)."""
    n = len(widths)
    out: list[float | None] = [None] * n
    if n < 3:
        return out
    # a column needs lines that stop mid-sentence: about a tenth of them
    # (column_width); windows with fewer are skipped without a look
    opens = [0]
    acc = 0
    for flag in open_flags:
        acc += flag
        opens.append(acc)
    if acc < 2:
        return out
    cand = sorted({w for w in widths if w >= _MIN_COLUMN})
    rank = {v: r for r, v in enumerate(cand)}
    ranks = [rank.get(w, -1) for w in widths]
    # covers[r]: the candidates whose range holds the width of rank r
    spans = [
        (bisect_left(cand, v - max(1.0, int(0.12 * v + 0.5) / 2)), bisect_right(cand, v + 0.25)) for v in cand
    ]
    windows: tuple[_Window, _Window] | None = None
    if sum(b - a for a, b in spans) <= 64 * n:  # else (hostile widths) measured directly
        covers: list[list[int]] = [[] for _ in cand]
        for i, (a, b) in enumerate(spans):
            for r in range(a, b):
                covers[r].append(i)
        windows = (_Window(widths, open_flags, cand, ranks, covers), _Window(widths, open_flags, cand, ranks, covers))

    def measure(lo: int, hi: int, cluster: bool) -> float | None:
        need = max(2, 0.1 * (hi - lo))
        if opens[hi] - opens[lo] < need:
            return None
        if windows is None:
            open_ws = sorted([widths[k] for k in range(lo, hi) if open_flags[k]])
            return _window_measure(sorted(widths[lo:hi]), open_ws, need, cluster)
        win = windows[0] if cluster else windows[1]
        win.move(lo, hi)
        return win.measure(need, cluster)

    # A window that slides by one line, losing a line and gaining one of
    # the same width and ending, holds the same lines: the same answer (in
    # a column most lines are exactly as wide as it).
    keys = list(zip(widths, open_flags))
    last_wide = -2
    m_last = m_wide = None
    for k in range(n):
        lo, hi = k - _REACH, k + _REACH + 1
        if k and lo > 0 and hi <= n and keys[lo - 1] == keys[hi - 1]:
            m = m_last
        else:
            m = measure(max(0, lo), min(n, hi), True)
        m_last = m
        if m is None:
            lo, hi = k - _WIDE_REACH, k + _WIDE_REACH + 1
            if last_wide == k - 1 and lo > 0 and hi <= n and keys[lo - 1] == keys[hi - 1]:
                m = m_wide
            else:
                lo, hi = max(0, lo), min(n, hi)
                m = measure(lo, hi, False) if hi - lo > _MIN_SPAN else None
            last_wide, m_wide = k, m
        out[k] = m
    return out


#: The most lines a window of :func:`_measures_of` spans, less one, and
#: the fewest (where the run is as long).
_SPAN = 2 * _WIDE_REACH
_MIN_WINDOW = _REACH + 1
#: Where more than this share of the lines run on, the places of a column
#: are not looked for (it shows nearly everywhere).
_DENSE_OPENS = 0.3


def _pair_reach(w: float) -> float:
    """How much wider than ``w`` a line may be and still lie in one column
    range ``[v - tolerance(v), v + 0.25]`` with a line ``w`` wide: the
    range holds ``w``, so ``v - tolerance(v) <= w``, and as ``tolerance(v)``
    is at most ``max(1, 0.06 v + 0.25)``, ``v`` is at most ``max(w + 1,
    (w + 0.25) / 0.94)``; the range is at most ``tolerance`` of that, plus
    0.25, wide (plus a hundredth for rounding).

    >>> _pair_reach(9.0), _pair_reach(42.0)
    (1.26, 2.76)
    """
    return tolerance(max(w + 1.0, (w + 0.25) / 0.94)) + 0.26


def _column_places(widths: list[float], flags: list[bool]) -> list[tuple[int, int]] | None:
    """Where could :func:`_measures_of` find a column in these lines: the
    spans ``(first, last)`` of the lines whose windows could show one (None:
    anywhere, said where most lines run on or past a budget of work).

    A column needs, in one window of at least ``min(n, 15)`` lines and at
    most :data:`_SPAN` + 1, lines in one column range: two that run on
    (``flags``), within :func:`_pair_reach` of each other, and at least
    :func:`_column_check`'s third of the window in all (three at least).
    Only a window around such a pair, with enough lines in reach around
    it, can show a column.

    >>> ends = [True, False, False, True] + [False] * 8
    >>> _column_places([9.0] * 10 + [30.0, 3.0], ends)
    [(0, 11)]
    >>> _column_places([9.0, 30.0, 31.0, 9.5] + [41.0, 3.0] * 4, ends)
    []
    >>> _column_places([9.0] * 12, [True] * 12) is None  # (lines that run on everywhere)
    True
    """
    n = len(widths)
    opens = [(k, w) for k, (w, f) in enumerate(zip(widths, flags)) if f and w >= 4.0]
    m = len(opens)
    if m > _DENSE_OPENS * n:
        return None  # (most lines run on: a column, most likely, everywhere)
    # the fewest lines in range a window can show a column with
    smallest = min(n, _MIN_WINDOW)
    need = 3
    while need < 0.34 * smallest:
        need += 1
    budget = 16 * n + 256
    places: list[tuple[int, int]] = []
    for a in range(m - 1):
        k, w = opens[a]
        for b in range(a + 1, m):
            k2, w2 = opens[b]
            if k2 - k > _SPAN:
                break
            low, high = (w, w2) if w <= w2 else (w2, w)
            reach = _pair_reach(low)
            budget -= 1
            if high - low > reach:
                continue
            # the lines a window holding both may hold, in the range
            span = widths[max(0, k2 - _SPAN) : k + _SPAN + 1]
            budget -= len(span)
            if budget < 0:
                return None
            bottom, top = high - reach, low + reach
            if sum(1 for x in span if bottom <= x <= top) >= need:
                # the lines whose windows (at most _WIDE_REACH either way)
                # hold both; the places of this line's later pairs lie
                # inside this one
                places.append((max(0, k2 - _WIDE_REACH), min(n - 1, k + _WIDE_REACH)))
                break
    merged: list[tuple[int, int]] = []
    for first, last in sorted(places):
        if merged and first <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(last, merged[-1][1]))
        else:
            merged.append((first, last))
    return merged


def _local_measures(run: list[Line], measures: list[float | None]) -> list[float | None]:
    """Where no column shows: the widest width of each block of adjacent
    lines (no blank line between) that has two lines or more that wide
    (in a long block, of its lines within :data:`_LOCAL_REACH`)."""
    n = len(run)
    out: list[float | None] = [None] * n
    start = 0
    while start < n:
        end = start + 1
        while end < n and run[end].blank == 0:
            end += 1
        if end - start >= 2 and any(measures[k] is None for k in range(start, end)):
            widths = [run[k].width for k in range(start, end)]
            # a line before a Latin word or URL that did not fit at its end,
            # or before a character that a closing mark pulled down, was
            # full: counted as wide as it would have been
            full = widths
            for k in range(start, end - 1):
                if run[k].end == "term":
                    continue
                nxt = run[k + 1].content
                if nxt[:1] in _LATIN_OR_DIGIT or nxt[1:2] in _NO_LINE_START:
                    if full is widths:
                        full = widths[:]
                    full[k - start] += head_width(nxt) if nxt[:1] in _LATIN_OR_DIGIT else 1.0
            short = end - start <= 2 * _LOCAL_REACH + 1
            top_all = max(widths)
            for k in range(start, end):
                if measures[k] is not None:
                    continue
                if short:
                    ws = full
                    top = top_all
                else:
                    ws = full[max(0, k - start - _LOCAL_REACH) : k - start + _LOCAL_REACH + 1]
                    top = max(widths[max(0, k - start - _LOCAL_REACH) : k - start + _LOCAL_REACH + 1])
                floor = top - tolerance(top)
                if sum(1 for w in ws if w >= floor) >= 2:
                    out[k] = top
        start = end
    return out


def _near(flags: list[bool], reach: int) -> list[int]:
    """For each position, how many of ``flags`` within ``reach`` are set.

    >>> _near([1, 0, 0, 1, 1], 1)
    [1, 1, 1, 2, 2]
    """
    n = len(flags)
    acc = list(accumulate(flags, initial=0))
    # acc[min(n, k + reach + 1)] - acc[max(0, k - reach)] for each k
    ends = acc[reach + 1 :]
    ends += [acc[n]] * (n - len(ends))
    starts = [0] * min(n, reach) + acc[: max(0, n - reach)]
    return list(map(sub, ends, starts))


def _gap_evidence(gaps: list[int]) -> list[int]:
    """``gaps`` (blank lines before each line of a run) with those that say
    nothing set to 0: where more than half the lines within
    :data:`_GAP_REACH` follow a blank line, an extractor put one after
    every line.

    >>> _gap_evidence([0, 1, 1, 1, 0]), _gap_evidence([0, 0, 0, 0, 2])
    ([0, 0, 0, 0, 0], [0, 0, 0, 0, 2])
    """
    n = len(gaps)
    if not any(gaps):
        return gaps
    near = _near([bool(g) for g in gaps], _GAP_REACH)
    return [
        0 if g and near[k] > 0.5 * (min(n, k + _GAP_REACH + 1) - max(0, k - _GAP_REACH)) else g
        for k, g in enumerate(gaps)
    ]


def _between_words(prev: Line, line: Line, nxt: Line) -> bool:
    """Is ``line``, shaped like a byline ("记者邮箱"), a fragment of a
    sentence: the line before stops in mid-sentence, and the next line
    starts with a URL or an e-mail address too long for the end of
    ``line``, all three adjacent?  (A byline follows a sentence that ends,
    or a headline; one with a space in it, "记者 张三", is taken for one
    wherever it stands.)

    >>> L = _parse_line
    >>> _between_words(L("有限公司工业，进行"), L("记者邮箱"), L("article@dr.com，推荐！"))
    True
    >>> _between_words(L("有限公司工业。"), L("记者 张三"), L("zhangsan@dr.com"))
    False
    """
    return (
        prev.joinable
        and prev.end in ("word", "open")
        and prev.marks > 0
        and line.gap == 0
        and nxt.gap == 0
        and " " not in line.content
        and looks_like_byline(line.content)
    )


def _paragraphs(run: list[Line]) -> list[str]:
    """Join a run of prose lines into paragraphs (their ``gap`` already
    judged by :func:`_gap_evidence`)."""
    measures = _measures(run)
    locals_ = _local_measures(run, measures)
    # paragraphs marked by an indent (U+3000, spaces) at their first line
    indents = _near([line.para_indent for line in run], _INDENT_REACH)
    for k in range(1, len(run) - 1):
        line = run[k]
        if not line.joinable and run[k + 1].long_head and _between_words(run[k - 1], line, run[k + 1]):
            run[k] = line._replace(joinable=True)
    paras: list[str] = []
    current = Paragraph(run[0])
    for k in range(1, len(run)):
        line = run[k]
        prev = run[k - 1]
        after = run[k + 1] if k + 1 < len(run) else None
        # strong_join on top: what a second run would join is joined now
        if should_join(
            prev, line, after, measures[k - 1], current, locals_[k - 1], bool(indents[k]) and current.first_indented
        ) or strong_join(current, line):
            current.add(line)
        else:
            paras.append(current.text())
            current = Paragraph(line)
    paras.append(current.text())
    return paras


def _md_kind(raw: str) -> str:
    """The kind of Markdown structure ``raw`` is, or "" for prose."""
    c = raw[:1]
    if c == "#" or c == " ":
        if _RE_HEADING.match(raw):
            return "heading"
    if c in "-*_ " and _RE_RULE.match(raw):
        return "rule"
    if (c in "-*+ " or c.isdigit()) and _RE_LIST.match(raw):
        return "list"
    if (c == ">" or c == " ") and _RE_QUOTE.match(raw):
        return "quote"
    if (c == "|" or c == " ") and _RE_TABLE.match(raw):
        return "table"
    return ""


#: Text that may need work: a line break, or whitespace at either end.
_RE_NEEDS_WORK = re.compile(r"[\n\f]|^[ \t\u3000]|[ \t\u3000]$")
#: Whitespace at the end of a line (before a line break or at the end).
_RE_TRAILING = re.compile(r"[ \t\u3000]+(?=\n|\Z)")
#: Markdown kinds whose consecutive lines belong together.
_TIGHT = frozenset(("list", "quote", "table"))


#: A paragraph that may be Markdown structure (checked the slow way).
_RE_MD_START = re.compile(r"(?:\n\n|\A)(?:[#>|`~*+-]|\d+[.)] )")


def _already_output(text: str) -> bool:
    """Is ``text`` in the output form with nothing to join (a quick check)?

    One paragraph a line, one blank line between, no Markdown, no column
    anywhere, and no paragraph that a strong join would take: then the rule
    has nothing to do.  This costs a few microseconds a paragraph.
    """
    if text[:1].isspace() or text[-1:] in " \t\u3000" or text.endswith("\n\n"):
        return False
    if "\n\n\n" in text or "\f" in text or "\t" in text:
        return False
    # every line break but a final one is half of a blank line
    single = text.count("\n") - 2 * text.count("\n\n")
    if single != (1 if text.endswith("\n") else 0):
        return False
    if " \n" in text or "\n " in text or "\u3000\n" in text or "\n\u3000" in text or "\r" in text:
        return False
    paras = text.rstrip("\n").split("\n\n")
    if len(paras) < 2:
        return True
    # runs of prose between Markdown structure, as fix_line_wraps makes them
    runs: list[list[str]] = [[]]
    if _RE_MD_START.search(text):
        for p in paras:
            if p[:1] in "#>|`~*+-_ 0123456789" and (_md_kind(p) or _RE_FENCE.match(p)):
                if _RE_FENCE.match(p):
                    return False
                runs.append([])
            else:
                runs[-1].append(p)
    else:
        runs[0] = paras
    for run in runs:
        n = len(run)
        if n < 2:
            continue
        open_flags = [
            _end_class_of(p) in _RUNS_ON
            and not _special(p)
            for p in run
        ]
        # (no column needs fewer than two lines that run on: widths unneeded)
        if n >= 3 and sum(open_flags) >= 2:
            # measured as _measures() does: without the paragraphs that
            # end with a URL
            kept = [k for k, p in enumerate(run) if not _ends_long(p)]
            flags = [open_flags[k] for k in kept]
            widths = [line_width(run[k]) for k in kept]
            if any(m is not None for m in _measures_of(widths, flags)):
                return False
        for k in range(n - 1):
            if _may_join(run[k]):
                if strong_join(Paragraph.of(run[k]), _parse_line(run[k + 1], 1)):
                    return False
    return True


def _may_join(paragraph: str) -> bool:
    """A quick test: could :func:`strong_join` join after ``paragraph``?"""
    end = paragraph[-1:]
    if end in "，、,":
        return True
    if not _RE_HAN_CHAR.match(end) or not _RE_MARK.search(paragraph):
        return False
    return len(paragraph) >= 16 or bool(_RE_BRACKETS.search(paragraph))


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
    if "\n" not in text and "\f" not in text:
        return text.strip(_STRIP)
    if _already_output(text):
        return text
    if _RE_TRAILING.search(text):
        # trailing whitespace says nothing: text in the output form apart
        # from it is judged as the output form (not as an extractor's blank
        # line after every line)
        stripped = _RE_TRAILING.sub("", text)
        if _already_output(stripped):
            return stripped
    result = _layout(text)
    # a fixed point: joining can leave lines that show a column (and so
    # more joins) only in contrived text; a few passes settle it
    for _ in range(3):
        if _already_output(result):
            break
        again = _layout(result)
        if again == result:
            break
        result = again
    return text if result == text else result


def _lines(text: str):
    """The lines of ``text``; a form feed (a page break) also breaks a line,
    and the line after it starts with it ("\\f" + line), except inside a
    fenced code block."""
    in_fence = ""
    for raw in text.split("\n"):
        if in_fence:
            closing = raw.strip()
            if closing.startswith(in_fence) and not closing.strip(in_fence[0]):
                in_fence = ""
            yield raw
            continue
        m = _RE_FENCE.match(raw) if raw[:1] in "`~ " else None
        if m:
            in_fence = m.group(1)
            yield raw
            continue
        if "\f" not in raw:
            yield raw
            continue
        pieces = raw.split("\f")
        yield pieces[0]
        for piece in pieces[1:]:
            yield "\f" + piece


def _layout(text: str) -> str:
    """One pass of :func:`fix_line_wraps` (the text needs work)."""
    ends_nl = text.endswith("\n")
    out: list[str] = []  # separators and blocks, alternating
    raws: list[str] = []  # the run of prose lines, parsed at its end
    gaps: list[int] = []
    gap = 0
    fence: list[str] | None = None
    fence_mark = ""
    prev_md = ""

    def flush() -> None:
        if raws:
            for p in _paragraphs(_parse_lines(raws, _gap_evidence(gaps), gaps)):
                out.append("\n\n")
                out.append(p)
            raws.clear()
            gaps.clear()

    for raw in _lines(text):
        if fence is not None:
            fence.append(raw)
            closing = raw.strip()
            if closing.startswith(fence_mark) and not closing.strip(fence_mark[0]):
                out.append("\n\n")
                out.append("\n".join(fence))
                fence = None
                prev_md = ""
            continue
        if raw[:1] == "\f":
            raw = raw[1:]
            gap += 1  # a page break: a blank line's worth of evidence
        if not raw.strip(_STRIP):
            gap += 1
            continue
        if raw[:1] in "`~ " and _RE_FENCE.match(raw):
            flush()
            fence = [raw]
            fence_mark = _RE_FENCE.match(raw).group(1)
            gap = 0
            continue
        kind = _md_kind(raw) if raw[:1] in "#-*_+>| 0123456789" else ""
        if kind:
            flush()
            line = raw.rstrip(_STRIP)
            tight = gap == 0 and kind == prev_md and kind in _TIGHT
            if not tight:  # the indentation of a nested item stays
                line = line.lstrip(" ")
            out.append("\n" if tight else "\n\n")
            out.append(line)
            prev_md = kind
            gap = 0
            continue
        raws.append(raw)
        gaps.append(gap)
        gap = 0
        prev_md = ""
    if fence is not None:  # an unclosed fence: copied as it is
        while fence and not fence[-1].strip(_STRIP):
            fence.pop()
        fence[-1] = fence[-1].rstrip(_STRIP)
        fence[0] = fence[0].lstrip(" ")
        out.append("\n\n")
        out.append("\n".join(fence))
    flush()
    result = "".join(out[1:])
    if ends_nl and result:
        result += "\n"
    return result

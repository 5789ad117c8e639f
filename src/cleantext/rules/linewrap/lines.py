"""The line model of :mod:`cleantext.rules.linewrap`: what a line is and says.

The character classes and line kinds the rule reads (terminal marks,
bylines, notes, box labels, Markdown structure), the width of a line
(Chinese characters 1, ASCII 0.5, justifying spaces 0), the words that may
span a break (wordfreq), how two lines' text joins, and the parsed
:class:`Line` and growing :class:`Paragraph` the judgement works on.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left, bisect_right
from typing import NamedTuple

from ...chardata import HAN_WITH_ZERO, lazy_compile



# --------------------------------------------------------------------------
# Character classes.

#: Han characters and the ideographic zero "○"/"〇" (see cleantext.chardata).
_HAN = HAN_WITH_ZERO
_RE_HAN_CHAR = lazy_compile(f"[{_HAN}]")

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
_RE_ROLE_AT = lazy_compile(_ROLE)
_RE_NAME_AT = lazy_compile(f"[{_HAN}·・]{{2,4}}")
_RE_BYLINE_SEP = lazy_compile(r"[\s:：/／、]*")
#: Before the roles: a bullet, a bracketed note ("（资料图片）"), a newsroom
#: ("本报驻委内瑞拉").
_RE_BYLINE_PREFIX = lazy_compile(
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
_RE_PHOTO_CREDIT = lazy_compile(f"^[{_HAN}]{{2,4}}(?:[ 、][{_HAN}]{{2,4}}){{0,3}} ?[{_PHOTO}]$")
#: A byline that is only a marker and a name ("□ 邓小玉").
_RE_MARK_NAME = lazy_compile(f"^[{_BYLINE_MARKS}]\\s*[{_HAN}]{{2,4}}(?:\\s+[{_HAN}]{{2,4}})*$")
#: A title and a name, as under a signed article ("丽水市委常委、景宁畲族
#: 自治县委书记 陈重"): ends with an office word, a space and a 2–4 character
#: name.  Office words: the usual Chinese official titles.
_RE_TITLE_NAME = lazy_compile(
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
_RE_BYLINE_HINT = lazy_compile(f"{_ROLE}|[{_PHOTO}]|[{_BYLINE_MARKS}]|[{_HAN}] [{_HAN}]{{2,4}}$")
_RE_BYLINE_STOP = lazy_compile("[，。！？；：,!?;]")

#: Continuation notes: "（下转第四版）", "(上接第一版)", "（转第2版）",
#: "（紧接第一版）", "■ 详见今日三版".
_RE_NOTE = lazy_compile(
    r"^[■□●◆▲\s]*[（(【\[]?\s*(?:上接|下[转轉]|接|[转轉]|[紧緊]接|[续續]|[详詳][见見]|[见見])"
    r"(?:今日|本[报報])?第?[一二三四五六七八九十百零〇\dA-Za-z]+(?:版|[页頁]|面)"
    r"\s*[）)】\]]?$"
)

#: A note that a photo goes with the article: "（附图片1张）", "(附图)".
_RE_PHOTO_NOTE = lazy_compile(r"^[（(]附(?:[图圖]片|照片|[图圖])[\d一二三四五六七八九十]*[张張]?[）)]$")

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

_RE_FENCE = lazy_compile(r"^ {0,3}(`{3,}|~{3,})")
_RE_HEADING = lazy_compile(r"^ {0,3}#{1,6}(?:[ \t]|$)")
_RE_LIST = lazy_compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])[ \t]+\S")
_RE_QUOTE = lazy_compile(r"^ {0,3}>")
_RE_TABLE = lazy_compile(r"^ {0,3}\|")
_RE_RULE = lazy_compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")

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


#: A dateline: a date and "电" (a wire dispatch: "新华社北京1月5日电",
#: "本报宜昌三峡坝区十月二十六日电"), the form Chinese newspapers print at
#: the head or, in brackets, at the foot of a dispatch.
_RE_DATELINE = lazy_compile(
    r"(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})\s*[月]\s*(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})\s*日\s*[电電]$"
)
#: Marks that may not start a line (kinsoku, as :data:`_NO_LINE_START`
#: without the ellipsis, which may stand alone as a separator), and their
#: ASCII forms: a line of nothing but these (at most three) is a mark that a
#: span-based extractor put on a line of its own; it belongs to the line
#: before.
_LONE_MARKS = frozenset("，。、；：？！）》」』”’,.;:?!)")


def is_lone_mark(content: str) -> bool:
    """Is ``content`` (stripped) nothing but a mark or two that may not
    start a line ("：", "。”", ",")?

    >>> is_lone_mark("："), is_lone_mark("。”"), is_lone_mark("……"), is_lone_mark("：好")
    (True, True, False, False)
    """
    return 0 < len(content) <= 3 and all(c in _LONE_MARKS for c in content)


#: What may stand before a credit or a dateline in brackets at the end of
#: an item: a sentence end (and a closing quote after it).
_BEFORE_CREDIT = frozenset("。！？…!?”’」』")


def ends_with_credit(text: str) -> bool:
    """Does ``text`` end with a credit or a dateline in brackets after a
    sentence that ends (or stand alone as one): "…。（本报记者 某某 摄）",
    "…。（新华社北京1月5日电）"?  Then the item ends there.  (A byline in
    brackets after a dateline, "新华社北京5月20日电（记者徐殿龙）", leads
    the dispatch: its text goes on.)

    >>> ends_with_credit("图为浮出江面的中山舰。（本报记者李舸摄）")
    True
    >>> ends_with_credit("工程顺利完成。（新华社三峡工地11月8日电）")
    True
    >>> ends_with_credit("（本报宜昌三峡坝区十月二十六日电）")
    True
    >>> ends_with_credit("新华社北京5月20日电（记者徐殿龙）")
    False
    >>> ends_with_credit("会议强调。（一）加强领导（全文）")
    False
    """
    t = text.rstrip(_STRIP)
    if t[-1:] not in "）)":
        return False
    k = max(t.rfind("（"), t.rfind("("))
    inner = t[k + 1 : -1].strip(_STRIP)
    if k < 0 or not 2 <= len(inner) <= 30 or "）" in inner or ")" in inner:
        return False
    before = t[:k].rstrip(_STRIP)
    if before and before[-1] not in _BEFORE_CREDIT:
        return False
    return looks_like_byline(inner) or bool(_RE_DATELINE.search(inner))


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
#: An ASCII stop, colon, question or exclamation mark right after a Han
#: character counts too: punct-width widens it later, and a second run must
#: see the same evidence (issue 16).
_RE_MARK = lazy_compile(f"[，。、；：？！;]|,(?:(?![0-9])|(?<![0-9],))|(?<=[{_HAN}])[.:?!]")
#: The same in a line without ASCII (no comma to judge: twice as fast).
_RE_WIDE_MARK = lazy_compile("[，。、；：？！]")


def _sentence_marks(s: str) -> int:
    """How many sentence marks ``s`` has (commas, stops, colons, ...).

    >>> _sentence_marks("本报讯 近日，市统计局通过热线，开展调查。")
    3
    >>> _sentence_marks("共有1,000名代表出席会议")
    0
    >>> _sentence_marks("他说.好吗?v1.2")
    2
    """
    return len(_RE_MARK.findall(s))


# --------------------------------------------------------------------------
# Widths and columns.


_RE_DIGIT = lazy_compile("[0-9]")
#: ASCII punctuation next to a wide character (before or after it); the
#: patterns start with the character they match (a fast scan to it).
_RE_WIDE_PUNCT = lazy_compile("[,;:!?()](?:(?=[\u2e80-\uffff])|(?<=[\u2e80-\uffff].))")
#: A space between a wide character and a digit or Latin letter.
_RE_MIXED_SPACE = lazy_compile(" (?:(?<=[\u2e80-\uffff] )(?=[0-9A-Za-z])|(?<=[0-9A-Za-z] )(?=[\u2e80-\uffff]))")


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
_MIN_COLUMN = 7.0
#: Nor is a measure wider than this: no printed column is (a full A4 line
#: at 7.5 pt holds about 64; the corpora's widest column measures 46).
#: Lines that long are paragraphs written one a line.
_MAX_COLUMN = 60.0


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
    """``measure`` if the lines show it as a column: no wider than
    :data:`_MAX_COLUMN`, ``best`` lines near it (at least a third), few much
    wider, and enough of the full lines run on."""
    total = len(allw)
    if best < 3 or best < 0.34 * total or measure > _MAX_COLUMN:
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
    from wordfreq import get_frequency_dict  # heavy: its tables load on first need

    return get_frequency_dict("zh", wordlist="large")


@functools.lru_cache(maxsize=None)
def _en_words() -> dict[str, float]:
    from wordfreq import get_frequency_dict  # heavy: its tables load on first need

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


#: A broken word's tail is a fragment, never a common word ("ment", "nology",
#: "ple"; not "thing" or "times": "every thing" and "some times" are words).
_MAX_FRAGMENT_FREQ = 1e-5
#: The joined word must be a word of everyday English.
_MIN_JOINED_FREQ = 1e-6


def rejoin_broken(left: str, right: str) -> str | None:
    """Join an English word a line end broke without a hyphen, or ``None``
    to keep the words apart (``right`` starts lowercase).

    Only where the word list leaves no doubt: the joined word is common, the
    piece after the break is no common word and rarer than the whole.

    >>> rejoin_broken("develop", "ment"), rejoin_broken("tech", "nology")
    ('development', 'technology')
    >>> rejoin_broken("every", "thing") is None, rejoin_broken("in", "the") is None
    (True, True)
    """
    words = _en_words()
    f = words.get((left + right).lower(), 0.0)
    if f < _MIN_JOINED_FREQ:
        return None
    fb = words.get(right, 0.0)
    if fb >= _MAX_FRAGMENT_FREQ or fb >= f:
        return None
    return left + right


_RE_LATIN_TAIL = lazy_compile(r"([A-Za-z]+)-$")
_RE_LATIN_WORD_END = lazy_compile(r"[A-Za-z]+$")
_RE_LATIN_HEAD = lazy_compile(r"^([a-z]+)")
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
    >>> join_pair("sustainable develop", "ment goals")
    'sustainable development goals'
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
    if "a" <= b <= "z" and a.isascii() and a.isalpha():
        # a word broken at the line end without a hyphen ("develop" "ment")
        m = _RE_LATIN_WORD_END.search(left)
        h = _RE_LATIN_HEAD.match(right)
        if rejoin_broken(m.group(), h.group()) is not None:
            return left + right
    if a in _LATIN_OR_DIGIT or a in _LATIN_END_PUNCT:
        return left + " " + right
    return left + right


# --------------------------------------------------------------------------
# Parsing.

_RE_BRACKETS = lazy_compile("[（(“「『《【〔［\\[）)”」』》】〕］\\]]")


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
_RE_LONG_TOKEN = lazy_compile(r"[!-~]{12,}")
_RE_LONG_HEAD = lazy_compile(r".{0,2}[!-~]{12,}")


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
_RE_ASCII_HEAD = lazy_compile(r"[0-9A-Za-z][!-~]*[，。、；：？！）》」』”’…]*")


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

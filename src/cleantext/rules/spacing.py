"""Spaces that page layout, text extraction and OCR put into Chinese text.

Repairs
    * spaces next to full-width punctuation ("近日， 市统计局" → "近日，市统计局",
      "首个 《规范》" → "首个《规范》");
    * spaces between Chinese and digits or Latin letters ("各 100 名" →
      "各100名"), or, with the ``pangu`` option, exactly one space there
      ("各100名" → "各 100 名");
    * numbers split digit by digit by an extractor ("1 9 5 4 年" → "1954年",
      "1 5 ％" → "15％"), decimals and fractions spaced out ("3 . 5 亿" →
      "3.5亿", "2 ／ 3 的" → "2／3的"; not "3. 5", which may end a sentence),
      letter-spaced acronyms of three or four capitals that the word list
      knows ("G D P 增长" → "GDP增长"; not "A B C", a list of options);
    * letter-spacing: the spaces a justified line or an OCR engine puts between
      Chinese characters ("全 国 人 民 代 表 大 会" → "全国人民代表大会",
      "家开 发银 行 已承诺在" → "家开发银行已承诺在");
    * spaces and ideographic spaces (U+3000) at the start and end of a line.

Must not touch
    Deliberate spaces between Chinese characters: a byline ("记者 雷宁 摄",
    "本报记者 刘健 通讯员 张慧卿"), the space after a dateline ("本报讯 近日",
    "本报讯 7月29日晚"), the two halves of a headline ("立足生态优势 打造休闲小镇"),
    a slogan in quotes ("“诗画畲乡 和美景宁”"); symbols that are not
    punctuation ("□ 记者", "■ 详见今日三版"); spaces between Latin words, digits
    and Latin ("COVID 19"), Latin-only lines; tabs; Markdown structure (the
    marker of a heading, list item or quote, the indentation of a nested list
    item); fenced code blocks, inline code spans, HTML tags, URLs and e-mail
    addresses; the space that ends a hashtag ("#銀河便車指南 後面"); the spaces
    around a lone unit symbol ("前面 % 後面").

How real and fake spaces are told apart
    A space between two Chinese characters is removed only with evidence that
    it is not the writer's: (1) letter-spacing, a single Chinese character
    standing between spaces or punctuation ("博 士", "的意 思，"), which also
    condemns the spaces without evidence a few characters away, in the same
    spaced-out stretch ("向三 峡 工 程 提供 贷 款", "清朝的 全部 历 史"); (2) a
    word of the ``wordfreq`` Chinese list that the space cuts in two
    ("家开 发银", "在西 文"); (2b) on a line of running text with no other space
    and no quotation mark, a function word that binds across the space
    ("推进的 重点", "城市 的发展"): a text run a span-based extractor split;
    and never when (3) the space has the shape of a deliberate one:
    next to a byline role word, right after a dateline at the start of a
    paragraph, inside a short quoted slogan, or between the halves of a
    headline (a short line without sentence punctuation whose halves are
    three characters or more).  In a headline-shaped line only letter-spacing
    counts as evidence.  Spaces with no evidence either way stay: a list of
    names ("张三 李四 王五"), or the gap an extractor left for a lost quote mark.

Speed
    The spaces that the two characters around them settle (most of them) are
    handled by one regex pass over the whole text; only the lines with a
    space that needs the evidence above are judged line by line, with
    exactly the same result.  A line without Markdown, code, URLs, hashtags,
    a dateline or a split number (most of them) is judged in one loop over
    its spaces, without the repeat pass when its edits are far from the
    spaces that stay; the others go through the full line-by-line pass.
    Word evidence is looked up once per space and pass, in simplified
    characters too only when a character around the space can change.
"""

from __future__ import annotations

import bisect
import functools
import re

from .._edits import apply_edits
from ..chardata import HAN_KANA_WITH_ZERO, lazy_compile
from . import rule
from .columns import GUTTER, has_list, list_rows, table_rows

# --------------------------------------------------------------------------
# Character classes (Unicode blocks, as in pangu.js/pangu.py's "CJK" class).

#: Chinese (and Japanese kana) characters: CJK radicals (U+2E80–U+2FDF),
#: 々 〇 and the Hangzhou numerals of the CJK Symbols block, kana, CJK
#: Extension A, the URO, compatibility ideographs, Extensions B and later,
#: and "○", which Chinese typesetting uses as a zero ("二○○○年").
_HAN = HAN_KANA_WITH_ZERO
#: Punctuation that only Chinese (CJK) typesetting uses: the CJK Symbols and
#: Punctuation block (less U+3000 itself and the characters above), the
#: full-width forms of ASCII punctuation, the half-width CJK marks, the CJK
#: compatibility (vertical) forms, and "～".  Never a space next to these.
_FW_PUNCT = (
    "\u3001-\u3004\u3008-\u3020\u3030\u303d-\u303f"
    "\uff01\uff02\uff07-\uff09\uff0c\uff0e\uff1a\uff1b\uff1f"
    "\uff3b\uff3d\uff5b\uff5d\uff5e-\uff65\ufe10-\ufe19\ufe30-\ufe4f"
)
#: Marks shared with Western typesetting (curly quotes, dashes, ellipsis,
#: middle dot): full-width punctuation only when Chinese is on their side.
_SHARED_PUNCT = "\u2018\u2019\u201c\u201d\u2014\u2015\u2026\u2025\u00b7\u2027"
#: Symbols that belong to the number before them ("15％", "37℃").
_UNIT = "%\uff05\u2030\u2031\u2103\u2109\u00b0"
#: Latin and Greek letters, and the Roman numerals of Number Forms ("Ⅱ类"),
#: the letters pangu.js/pangu.py space from Chinese.
_LATIN = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0370-\u03ff\u2150-\u218f"

_RE_HAN = lazy_compile(f"[{_HAN}]")
_RE_FW = lazy_compile(f"[{_FW_PUNCT}]")
_RE_SHARED = lazy_compile(f"[{_SHARED_PUNCT}]")
_RE_DIGIT = lazy_compile("[0-9]")
_RE_LATIN = lazy_compile(f"[{_LATIN}]")
_RE_UNIT = lazy_compile(f"[{_UNIT}]")

_SP = " \u3000"
_GAP = lazy_compile("[ \u3000]+")

# Sentence punctuation: a line that has it is running text, not a headline,
# byline or caption.
_SENTENCE = lazy_compile("[。，；！？：,;!?]")
# Longest line still read as a headline/byline when it has no sentence
# punctuation (newspaper headlines and credit lines are far shorter).
_HEADLINE_MAX = 60

# --------------------------------------------------------------------------
# Shapes of deliberate spaces (Chinese journalism conventions).

#: Byline and credit role words, printed before the name they introduce
#: ("记者 雷宁", "本报记者 刘健 通讯员 张慧卿"), from the credit conventions
#: of Chinese newspapers and news agencies (记者/通讯员/实习生 bylines,
#: 评论员 commentaries, photo and graphics credits); traditional forms via
#: OpenCC s2t.
ROLE_WORDS = (
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
)
#: Credits printed after the name ("雷宁 摄", "张三 摄影报道", "李四 文").
TRAILING_ROLES = (
    "摄", "摄影", "摄影报道", "报道", "文", "图", "文图", "图文", "制图",
    "供图", "整理", "口述", "执笔",
    "攝", "攝影", "攝影報道", "報道", "文圖", "圖文", "製圖", "供圖", "執筆",
)
#: Titles printed before a name on an author line ("景宁畲族自治县委书记 陈重"),
#: from the post titles of Chinese party, government and institutional offices.
TITLE_WORDS = (
    "书记", "主任", "主席", "省长", "市长", "县长", "区长", "镇长", "乡长", "村长",
    "部长", "厅长", "局长", "处长", "科长", "院长", "校长", "所长", "馆长", "社长",
    "台长", "站长", "会长", "董事长", "总经理", "经理", "总裁", "总监", "主编",
    "秘书长", "委员", "常委", "代表", "教授", "研究员", "博士", "大使", "司令员", "政委",
    "書記", "主任", "主席", "縣長", "區長", "鎮長", "鄉長", "部長", "廳長", "局長", "處長",
    "院長", "校長", "館長", "社長", "臺長", "會長", "董事長", "總經理", "經理", "總裁",
    "總監", "主編", "秘書長", "委員", "常委", "代表", "教授", "研究員", "大使",
)
_TITLE_AT_END = lazy_compile("(?:" + "|".join(sorted(set(TITLE_WORDS), key=len, reverse=True)) + ")$")

_ROLE_AT_END = lazy_compile("(?:" + "|".join(sorted(set(ROLE_WORDS), key=len, reverse=True)) + ")$")
_ROLE_AT_START = lazy_compile("(?:" + "|".join(sorted(set(ROLE_WORDS), key=len, reverse=True)) + ")")
_TRAILING_ROLE = lazy_compile(
    "(?:" + "|".join(sorted(set(TRAILING_ROLES), key=len, reverse=True)) + f")(?=$|[{_SP}）)」』])"
)

#: A dateline at the start of a news paragraph, after which a space is
#: printed: "本报讯", "本报北京7月29日电", "新华社北京1月8日电", "中新社香港电"
#: (the 讯/电 lead of Chinese news reports), optionally after a box symbol.
_DATELINE_SOURCES = (
    "本报", "本報", "新华社", "新華社", "中新社", "中新网", "中新網", "人民网", "人民網",
    "新华网", "新華網", "央视网", "央視網",
)


def _spaced(word: str) -> str:
    # The dateline of a letter-spaced paragraph is spaced out too ("本 报 讯").
    return " ?".join(re.escape(c) for c in word)


_DATELINE = lazy_compile(
    rf"^(?:[□■◆◇●○▲△★☆]\s*)?"
    rf"(?:{'|'.join(_spaced(w) for w in _DATELINE_SOURCES)})"
    rf"(?: ?[{_HAN}0-9０-９]){{0,12}}? ?(?:讯|訊|电|電)(?=[{_SP}])"
)

# Markdown structure at the start of a line that keeps its space.
_MD_PREFIX = lazy_compile(r"^(?:#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+|\d{1,9}[.)][ \t]+)+")
_MD_NESTED_ITEM = lazy_compile(r"^ +(?:[-*+]|\d{1,9}[.)])[ \t]")
_FENCE = lazy_compile(r"^ {0,3}(```|~~~)")

# Spans never edited inside, and whose neighbouring spaces stay.
# (Each alternative starts only where its token starts, so that a long run
# of letters or digits is scanned once, not once from every position.)
_PROTECTED = lazy_compile(
    r"`+[^`\n]*`+"
    r"|(?<![A-Za-z0-9+.-])(?:[A-Za-z][A-Za-z0-9+.-]*://|www\.)[!-~]+"
    r"|(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"
    r"|\]\([^)\s]*\)"
    r"|</?[A-Za-z][^<>\n]*>"  # an HTML tag, with its attributes (URLs among them)
)
#: A hashtag ("#銀河便車指南", "#H2G2"): the space between it and the next
#: word stays.  The "#" starts a word: not "C#", "F#" (part of a name), nor
#: a stray mark inside Chinese ("计算机正#在处理").
_HASHTAG = lazy_compile(f"#(?<![0-9A-Za-z{_HAN}]#)[0-9A-Za-z_{_HAN}]+")
_HASHTAG_GAP = lazy_compile(lambda: _HASHTAG.pattern + " ")
_HASHTAG_MAX = 40  # characters: a longer run after "#" is not read as a hashtag

# A number an extractor split digit by digit: single digits, one space apart.
_SPLIT_NUMBER = lazy_compile(r"(?<![0-9A-Za-z.,])[0-9](?: [0-9])+(?![0-9A-Za-z])")
_SPLIT_HINT = lazy_compile(" (?<=[0-9] )(?=[0-9])")
# Gaps in a line without U+3000 (a literal first character: a fast scan).
_SPACE_GAP = lazy_compile("  *+")
#: A decimal or a fraction that an extractor spaced out, in digits: "3 . 5",
#: "3 .5", "2 / 3", "2 ／3" (a space before the point, since "3. 5" may be
#: a sentence that ends with a number; either side of a slash).  Only with
#: a space in it and Chinese right before or after it is it joined.
_SPACED_DECIMAL = lazy_compile(r"(?<![0-9A-Za-z.,])[0-9]+(?:(?: \. ?|\.| ?[/\uff0f] ?)[0-9]+)+(?![0-9A-Za-z])")
#: Every line with such a number has one of these.
_DECIMAL_HINT = lazy_compile(" [./\uff0f]|[/\uff0f] ")
#: An acronym of three or four capitals that an extractor letter-spaced
#: ("G D P", "A P E C"), the whole run of single capitals.
_SPACED_CAPS = lazy_compile(r"(?<![A-Za-z0-9])(?<![A-Za-z0-9] )[A-Z](?: [A-Z]){2,3}(?![A-Za-z0-9]| [A-Za-z0-9])")
_CAPS_HINT = lazy_compile("[A-Z] [A-Z] [A-Z]")
#: Least frequency (Zipf 3) of the joined acronym, lower-cased, in the
#: wordfreq Chinese list ("gdp" 2e-5, "cpi" 2e-6, "apec" 2e-6), for a
#: letter-spaced acronym to be joined: the evidence that it is one word.
_MIN_ACRONYM_FREQ = 1e-6

# Cheap gate: some space or U+3000 next to something Chinese, or at a line edge.
_TRIGGER = lazy_compile(
    f"[{_SP}](?=[{_HAN}{_FW_PUNCT}{_SHARED_PUNCT}{_UNIT}0-9])"
    f"|(?<=[{_HAN}{_FW_PUNCT}{_SHARED_PUNCT}{_UNIT}])[{_SP}]"
    f"|[{_SP}]$|^[{_SP}]|\u3000"
    "|(?<=[0-9])[ ](?=[./\uff0f])",  # a spaced decimal or fraction
    re.MULTILINE,
)
_PANGU_TRIGGER = lazy_compile(f"[{_HAN}][{_LATIN}0-9]|[{_LATIN}0-9{_UNIT}][{_HAN}]")


# --------------------------------------------------------------------------
# Word evidence


@functools.lru_cache(maxsize=1)
def _words() -> dict[str, float]:
    """The wordfreq Chinese list (simplified), loaded once, on first need."""
    from wordfreq import get_frequency_dict  # heavy: its tables load on first need

    return get_frequency_dict("zh", wordlist="large")


@functools.lru_cache(maxsize=1)
def _t2s():
    try:
        import opencc  # heavy: loaded only when a word needs t2s

        return opencc.OpenCC("t2s").convert
    except (ImportError, OSError):  # pragma: no cover - opencc is a dependency
        return lambda s: s


#: Least frequency (Zipf 2) for a word to count as cut by a space.  Only
#: consulted for a lone space inside running text, where a chance pair of
#: characters across a deliberate space is the risk.
_MIN_FREQ = 1e-7


#: Least frequency (Zipf 4.7) for a two-character tail of a headline to be
#: read as a common word rather than a name.
_COMMON = 5e-5


@functools.lru_cache(maxsize=4096)
def _simplified(w: str) -> str:
    """``w`` in simplified characters (the wordfreq list is simplified)."""
    return _t2s()(w)


def _common_word(w: str) -> bool:
    f = _words().get(w)
    if f is None:
        f = _words().get(_simplified(w))
    return f is not None and f >= _COMMON


def _word_across(left: str, right: str) -> bool:
    """Does a dictionary word run across the boundary between ``left`` and ``right``?"""
    get = _words().get
    left = left[-3:]
    right = right[:3]
    n_left, n_right = len(left), len(right)
    # (a candidate that is not in the list is looked up again in simplified
    # characters, unless no character around the space can change)
    around = left + right
    simplified = _t2s_changes().isdisjoint(around) and _BEYOND_T2S_ASKED.search(around) is None
    if simplified and n_left == 3 and n_right == 3:
        # (the common case, the six candidates of _ACROSS spelt out)
        m = _MIN_FREQ
        l3, l23, r1, r12 = left[2], left[1:], right[0], right[:2]
        return (
            get(l3 + r1, 0.0) >= m
            or get(l3 + r12, 0.0) >= m
            or get(l3 + right, 0.0) >= m
            or get(l23 + r1, 0.0) >= m
            or get(l23 + r12, 0.0) >= m
            or get(left + r1, 0.0) >= m
        )
    for a, b in _ACROSS:
        if a > n_left or b > n_right:
            continue
        w = left[n_left - a :] + right[:b]
        f = get(w)
        if f is None and not simplified:
            f = get(_simplified(w))
        if f is not None and f >= _MIN_FREQ:
            return True
    return False


#: Characters that OpenCC's t2s changes inside a phrase but not on their own
#: (then they are not in ``_t2s_changes``' first part): every character that
#: an entry of OpenCC's TSPhrases dictionary changes, in every version of
#: data/dictionary/TSPhrases.txt in github.com/BYVoid/OpenCC's history (40
#: versions, to 2025), less those that t2s changes on their own.
_T2S_IN_PHRASES = "么俱像哩坏彷沈甦瞭著藉衹覆"
#: The characters OpenCC's t2s is asked about one by one: all below U+323B0
#: (CJK Extension H and before; none above changes today, and a word with
#: one is looked up again as before).
_T2S_DOMAIN_END = 0x323B0


_BEYOND_T2S_ASKED = lazy_compile(f"[\\U{_T2S_DOMAIN_END:08x}-\\U0010ffff]")


@functools.lru_cache(maxsize=1)
def _t2s_changes() -> frozenset[str]:
    """Characters that t2s may change: a string without any (all below ``_T2S_DOMAIN_END``) is its own simplified form.

    Those that t2s changes on their own (asked of OpenCC once, each
    character on a line of its own, so that no phrase spans two), and
    those that only a phrase changes (``_T2S_IN_PHRASES``).
    """
    chars = [chr(c) for c in range(_T2S_DOMAIN_END) if c != 10 and not 0xD800 <= c < 0xE000]
    converted = _t2s()("\n".join(chars)).split("\n")
    if len(converted) != len(chars):  # pragma: no cover - a converter that merges lines
        return frozenset(chars)
    return frozenset(c for c, t in zip(chars, converted) if c != t) | frozenset(_T2S_IN_PHRASES)


#: (characters left of the space, characters right of it) of the words
#: looked up across a space: two to four characters in all.
_ACROSS = tuple((a, b) for a in (1, 2, 3) for b in (1, 2, 3) if a + b <= 4)


# --------------------------------------------------------------------------
# One line


@functools.lru_cache(maxsize=4096)
def _class(ch: str) -> str:
    """H(an), P(unctuation, full-width), D(igit), L(atin), U(nit), X (shared mark) or S(ymbol)."""
    if _RE_HAN.match(ch):
        return "H"
    if _RE_FW.match(ch):
        return "P"
    if _RE_DIGIT.match(ch):
        return "D"
    if _RE_LATIN.match(ch):
        return "L"
    if _RE_UNIT.match(ch):
        return "U"
    if _RE_SHARED.match(ch):
        return "X"
    return "S"


def _kind(ch: str, far: str, across: str) -> str:
    """Class of ``ch``, a neighbour of a gap: H(an), P(unctuation), D(igit), L(atin), U(nit), S(ymbol).

    ``far`` is the neighbour of ``ch`` away from the gap, ``across`` the
    character on the other side of the gap: a mark shared with Western
    typesetting (curly quote, dash, ellipsis) counts as full-width
    punctuation when either of them is Chinese.
    """
    k = _class(ch)
    if k == "X":
        return "P" if _chinese(far + across) else "S"
    return k


def _chinese(chars: str) -> bool:
    return any(_class(c) in "HP" for c in chars)


class _Runs:
    """Runs of Chinese characters next to the gaps of a line, looked up on demand.

    Run lengths are counted up to ``_RUN_CAP`` characters: the verdicts only
    ask whether a run has one, two to four, or more characters.
    """

    def __init__(self, s: str, memo: dict):
        self.s = s
        self.memo = memo  # verdicts of earlier passes over this line
        self.asked_quote: bool | None = None
        self.quotes: list[tuple[int, int]] | None = None
        self.quote_starts: list[int] = []

    def left(self, i: int) -> int:
        """Length of the run of Chinese characters ending just before the gap at ``i``."""
        m = _HAN_RUN_TAIL.search(self.s, max(0, i - _RUN_CAP), i)
        return m.end() - m.start() if m else 0

    def right(self, i: int) -> int:
        """Length of the run of Chinese characters starting right after the gap ending at ``i``."""
        m = _HAN_RUN_HEAD.match(self.s, i)
        return m.end() - i if m else 0

    def in_short_quote(self, start: int, end: int) -> bool:
        """Is the gap at ``start:end`` inside a short quoted phrase ("“诗画畲乡 和美景宁”")?"""
        if not _quote_may_open(self.s, start):
            self.asked_quote = False
            return False
        if self.quotes is None:
            self.quotes = [m.span() for m in _SHORT_QUOTE.finditer(self.s)]
            self.quote_starts = [a for a, _ in self.quotes]
        k = bisect.bisect_right(self.quote_starts, start) - 1
        self.asked_quote = inside = k >= 0 and self.quotes[k][1] > end
        return inside


_HAN_RUN = lazy_compile(f"[{_HAN}]+")
_RUN_CAP = 8
_HAN_RUN_TAIL = lazy_compile(f"[{_HAN}]{{1,{_RUN_CAP}}}$")
_HAN_RUN_HEAD = lazy_compile(f"[{_HAN}]{{1,{_RUN_CAP}}}")
_SHORT_QUOTE = lazy_compile("“[^“”。，；！？：\n]{1,24}”|「[^「」。，；！？：\n]{1,24}」|『[^『』。，；！？：\n]{1,24}』|‘[^‘’。，；！？：\n]{1,24}’")
#: Longest short quote, with its marks, and the marks that open one.
_QUOTE_MAX = 26
_QUOTE_OPEN = lazy_compile("[“「『‘]")


def _quote_may_open(s: str, start: int) -> bool:
    """Could a short quote enclose the gap at ``start``?  (Its opening mark is at most 25 characters before.)"""
    return _QUOTE_OPEN.search(s, max(0, start - _QUOTE_MAX + 1), start) is not None


#: One space between two runs of two or more Chinese characters.
_BETWEEN_RUNS = lazy_compile(f" (?<=[{_HAN}][{_HAN}] )(?=[{_HAN}][{_HAN}])")

_ROLE_LEN = max(len(w) for w in ROLE_WORDS)
_ROLE_LAST = frozenset(w[-1] for w in ROLE_WORDS)
_ROLE_FIRST = frozenset(w[0] for w in ROLE_WORDS + TRAILING_ROLES)


def _is_byline_gap(s: str, runs: _Runs, start: int, end: int, headline: bool) -> bool:
    """Is the gap at ``s[start:end]`` part of a byline ("记者 雷宁 摄")?"""
    # (the first and last characters of the role words rule most gaps out
    # before any pattern is tried)
    if s[start - 1] in _ROLE_LAST and _ROLE_AT_END.search(s, max(0, start - _ROLE_LEN), start):
        return True  # "记者 雷宁", "（记者 叶江）"
    after = s[end]
    if after not in _ROLE_FIRST:
        return False
    name = 2 <= runs.left(start) <= 4
    m = _TRAILING_ROLE.match(s, end)
    if m and name and (headline or len(m.group()) > 1 or m.group() in "摄攝"):
        return True  # "雷宁 摄"; a bare "文"/"图" credit only on a credit line
    if _ROLE_AT_START.match(s, end):
        # "叶江 通讯员 张慧卿": a name, then the next credit.
        return name or _ROLE_AT_START.search(s, max(0, start - 12), start) is not None
    return False


# Verdicts on a space between two Chinese characters.
_KEEP, _DROP, _MAYBE, _WORD = 0, 1, 2, 3
#: How near (in characters) a space with evidence of letter-spacing must be
#: for a space without evidence to share its verdict: a justified line that
#: an extractor spaced out is 8 to 20 characters wide.
_STRETCH = 6


#: Function words that bind to the word after them (structural particles,
#: conjunctions, prepositions): a gap right after one is no phrase boundary
#: that a writer spaces ("推进的 重点", "对 经济").
_BINDS_NEXT = frozenset("的地得之和与及或在对把被从向将于以给跟比")
#: ... and those that bind to the word before them (particles, aspect
#: markers, the plural suffix): "城市 的发展", "完成 了".
_BINDS_PREVIOUS = frozenset("的地得了着过们吗呢吧")
#: Quotation marks: a line with one may hold a gap left for a lost quote.
_QUOTE_MARKS = frozenset("\u201c\u201d\u2018\u2019\"'\u300c\u300d\u300e\u300f")


def _lone_split(s: str, start: int, end: int) -> bool:
    """Is the space ``s[start:end]`` (a gap between Chinese characters with
    no evidence either way) a text run split by the extractor, by the
    function word at its side: one space, no quotation mark on the line
    (a space may stand for a lost quote mark)?  The caller also asks that
    nothing else on the line be spaced (issue 14).

    >>> _lone_split("今年推进的 重点项目。", 5, 6), _lone_split("他说 “你好”", 2, 3)
    (True, False)
    """
    if end - start != 1 or s[start] != " " or not (s[start - 1] in _BINDS_NEXT or s[end] in _BINDS_PREVIOUS):
        return False
    return not any(ch in _QUOTE_MARKS for ch in s)


def _only_gap(s: str) -> bool:
    """Is there exactly one space in ``s``, and no U+3000?"""
    return s.count(" ") == 1 and "\u3000" not in s


def _file_verdict(verdict: int, start: int, end: int, edits: list, dropped: list[int], maybe: list) -> bool:
    """File the verdict on the space ``s[start:end]`` between two Chinese
    characters: a space that goes is an edit (one dropped as letter-spacing
    is also remembered), a doubtful one waits in ``maybe``.  False for a
    space that stays."""
    if verdict == _DROP:
        edits.append((start, end, ""))
        dropped.append(start)
    elif verdict == _WORD:
        edits.append((start, end, ""))
    elif verdict == _MAYBE:
        maybe.append((start, end))
    else:
        return False
    return True


def _han_gap(s: str, runs: _Runs, start: int, end: int, headline: bool, singles: tuple[int, int]) -> int:
    """Verdict on the space between two Chinese characters at ``s[start:end]``."""
    if not headline and _BETWEEN_RUNS.match(s, start) and s[start - 1] not in _ROLE_LAST and s[end] not in _ROLE_FIRST:
        # The commonest case, answered first: one space between runs of two
        # or more characters in running text, no role word at its sides (not
        # a byline gap), so the single-character checks below fail.
        if runs.in_short_quote(start, end):
            return _KEEP
        if _word_across(s[max(0, start - 3) : start], s[end : end + 3]):
            return _WORD
        return _MAYBE
    if _is_byline_gap(s, runs, start, end, headline):
        return _KEEP
    if not headline:
        # A single character on either side is letter-spacing (run lengths
        # are not needed beyond that: most gaps are between longer runs).
        if start < 2 or _class(s[start - 2]) != "H" or end + 1 >= len(s) or _class(s[end + 1]) != "H":
            return _DROP
        if runs.in_short_quote(start, end):
            return _KEEP
        if _word_across(s[max(0, start - 3) : start], s[end : end + 3]):
            return _WORD
        return _MAYBE
    left, right = runs.left(start), runs.right(end)
    # Headline halves, slogans and credits: only letter-spacing counts.
    if left == 1 and right == 1:
        return _DROP
    n_single, n_runs = singles
    if (left == 1 or right == 1) and n_single >= 3 and 2 * n_single >= n_runs:
        return _DROP
    # A headline wrapped by the page, the wrap read as a space, leaves a
    # tail of one or two characters: "三峡工程应该建成一流 工程".
    # (A two-character name after a title stays: "县委书记 陈重".)
    if (
        right <= 2
        and end + right == len(s)
        and left >= 3
        and (right == 1 or (_common_word(s[end:]) and not _TITLE_AT_END.search(s, max(0, start - 4), start)))
    ):
        return _DROP
    return _KEEP


#: How far the verdict on a space between Chinese characters looks: role
#: words (up to 12 characters before it, 5 after), run lengths (8), words (3).
_LOOK_LEFT, _LOOK_RIGHT = 12, 9


def _han_gap_again(s: str, runs: _Runs, start: int, end: int, headline: bool, singles: tuple[int, int]) -> int:
    """``_han_gap``, remembering its verdicts for the repeat passes over the same line.

    The verdict depends only on the characters within ``_LOOK_LEFT`` /
    ``_LOOK_RIGHT`` of the gap (and on the string's edges when they are
    that near, which the slices show), on the line's headline shape and on
    whether a short quote encloses the gap: a gap whose surroundings an
    earlier pass left as they were gets the same verdict.
    """
    key = (s[max(0, start - _LOOK_LEFT) : start], s[end : end + _LOOK_RIGHT], headline, singles)
    hit = runs.memo.get(key)
    if hit is not None and (hit[1] is None or runs.in_short_quote(start, end) == hit[1]):
        return hit[0]
    runs.asked_quote = None
    verdict = _han_gap(s, runs, start, end, headline, singles)
    runs.memo[key] = (verdict, runs.asked_quote)
    return verdict


def _count_singles(s: str) -> tuple[tuple[int, int], bool]:
    """(single-character runs, runs) of Chinese in ``s``, and whether it looks spaced out."""
    runs = [m.end() - m.start() for m in _HAN_RUN.finditer(s)]
    gaps = len((_GAP if "\u3000" in s else _SPACE_GAP).findall(s))
    spaced = gaps >= 3 and sum(runs) < 3 * len(runs)
    return (runs.count(1), len(runs)), spaced


class _Spans:
    """Protected spans of a line, for fast "does this range touch one?" tests."""

    def __init__(self, s: str):
        if "`" in s or "@" in s or "://" in s or "www." in s or "](" in s or "<" in s:
            self.spans = [m.span() for m in _PROTECTED.finditer(s)]
        else:
            self.spans = []
        self.starts = [a for a, _ in self.spans]

    def inside(self, start: int, end: int) -> bool:
        """Is ``[start, end)`` strictly inside one span (not at its edge)?"""
        if not self.spans:
            return False
        k = bisect.bisect_right(self.starts, start - 1)
        return k > 0 and self.spans[k - 1][1] > end

    def touches(self, start: int, end: int) -> bool:
        if not self.spans:
            return False
        k = bisect.bisect_right(self.starts, end)
        # the spans starting at or before ``end``; only the last few can reach ``start``
        return any(pe >= start for _, pe in self.spans[max(0, k - 2) : k])


def _join_split_numbers(s: str, spans: _Spans) -> str:
    """"1 9 5 4 年" → "1954年": only with Chinese right before or after the digits."""

    def repl(m: re.Match) -> str:
        a, b = m.span()
        if spans.touches(a, b):
            return m.group()
        if _chinese_beside(s, a, b):
            return m.group().replace(" ", "")
        return m.group()

    return _SPLIT_NUMBER.sub(repl, s)


def _neighbours(s: str, a: int, b: int) -> str:
    """The first character other than a space before ``s[a:b]`` and the
    first after it (none at an end of ``s``)."""
    i = a - 1
    while i >= 0 and s[i] in _SP:
        i -= 1
    j = b
    while j < len(s) and s[j] in _SP:
        j += 1
    return (s[i] if i >= 0 else "") + (s[j] if j < len(s) else "")


def _chinese_beside(s: str, a: int, b: int) -> bool:
    """Is the first character other than a space before ``s[a:b]`` or after it
    Chinese, or a per cent or per mille sign (a number that belongs to them)?"""
    around = _neighbours(s, a, b)
    return _chinese(around) or any(c in "％‰" for c in around)


def _join_spaced_decimals(s: str, spans: _Spans) -> str:
    """"增长 3 . 5 亿" → "增长 3.5 亿", "约 2 ／ 3 的" → "约 2／3 的": only with
    Chinese right before or after the number."""

    def repl(m: re.Match) -> str:
        a, b = m.span()
        if " " not in m.group() or spans.touches(a, b):
            return m.group()
        if _chinese_beside(s, a, b):
            return m.group().replace(" ", "")
        return m.group()

    return _SPACED_DECIMAL.sub(repl, s)


def _join_spaced_caps(s: str, spans: _Spans) -> str:
    """"今年 G D P 增长" → "今年 GDP 增长": a letter-spaced acronym next to
    Chinese, when the acronym is a word of the list and not a run of the
    alphabet ("A B C" lists options)."""

    def repl(m: re.Match) -> str:
        a, b = m.span()
        word = m.group().replace(" ", "")
        if all(ord(y) - ord(x) == 1 for x, y in zip(word, word[1:])) or spans.touches(a, b):
            return m.group()
        if _chinese(_neighbours(s, a, b)) and _words().get(word.lower(), 0.0) >= _MIN_ACRONYM_FREQ:
            return word
        return m.group()

    return _SPACED_CAPS.sub(repl, s)


def _ends_hashtag(s: str, start: int) -> bool:
    """Does a hashtag ("#话题") end right before ``start``?"""
    k = s.rfind("#", max(0, start - _HASHTAG_MAX), start)
    return k >= 0 and _HASHTAG.fullmatch(s, k, start) is not None


def _fix_body(s: str, pangu: bool, memo: dict | None = None) -> str:
    spans = _Spans(s)
    if _SPLIT_HINT.search(s):
        s2 = _join_split_numbers(s, spans)
        if s2 != s:
            s = s2
            spans = _Spans(s)
    if _DECIMAL_HINT.search(s):
        s2 = _join_spaced_decimals(s, spans)
        if s2 != s:
            s = s2
            spans = _Spans(s)
    if _CAPS_HINT.search(s):
        s2 = _join_spaced_caps(s, spans)
        if s2 != s:
            s = s2
            spans = _Spans(s)
    headline = len(s) <= _HEADLINE_MAX and not _SENTENCE.search(s)
    singles = (0, 0)
    if headline:
        singles, spaced = _count_singles(s)
        # Headline halves are three characters or more; a short line cut
        # into many short runs is a spaced-out line of running text.
        headline = not spaced

    dateline = _DATELINE.match(s)
    dateline_gap = dateline.end() if dateline else -1
    runs = _Runs(s, {} if memo is None else memo)

    edits: list[tuple[int, int, str]] = []
    maybe: list[tuple[int, int]] = []
    dropped: list[int] = []  # where letter-spacing was seen
    n = len(s)
    hashtag = "#" in s
    inside = spans.inside if spans.spans else None
    for m in (_GAP if "\u3000" in s else _SPACE_GAP).finditer(s):
        start, end = m.span()
        if start == 0 or end == n or start == dateline_gap:
            continue  # line edges are the caller's business; a dateline keeps its space
        if inside is not None and inside(start, end):
            continue  # inside inline code or an HTML tag
        if hashtag and _class(s[end]) in "HLD" and _ends_hashtag(s, start):
            continue  # (a space before punctuation goes as usual: "#话题 ，")
        lch, rch = s[start - 1], s[end]
        if _class(lch) == "H" and _class(rch) == "H":
            # (the commonest case in the lines that come here, first)
            _file_verdict(_han_gap_again(s, runs, start, end, headline, singles), start, end, edits, dropped, maybe)
            continue
        lfar = s[start - 2] if start >= 2 else ""
        rfar = s[end + 1] if end + 1 < n else ""
        lk = _kind(lch, lfar, rch)
        rk = _kind(rch, rfar, lch)
        # An ASCII dash run ("--", "---") printed for a Chinese dash.
        if lk == "S" and lch == "-" and lfar == "-" and rk in "HP":
            lk = "P"
        if rk == "S" and rch == "-" and rfar == "-" and lk in "HP":
            rk = "P"
        new = None  # None: the gap stays as it is
        if lk == "P" or rk == "P":
            # (not inside a run of full stops: "。。 。" would become an
            # ellipsis for punct-width's next run, issue 16)
            if lk != "S" and rk != "S" and not (lch == rch == "\u3002"):
                new = ""
        elif (lk == "H" and rk in "DL") or (rk == "H" and lk in "DL"):
            if pangu:
                new = " "
            elif not (headline and "L" in (lk, rk) and _is_byline_gap(s, runs, start, end, headline)):
                new = ""  # (a credit line may name a reporter in Latin letters: "记者 John Smith")
        elif lk == "U" and rk == "H":
            if lfar != " " and lfar != "\u3000":
                new = " " if pangu else ""  # "96% 的人"; a lone "%" between spaces keeps them
        elif lk == "D" and rk == "U":
            new = ""
        elif lk == "H" and rk == "H":
            verdict = _han_gap_again(s, runs, start, end, headline, singles)
            if verdict == _DROP:
                new = ""
                dropped.append(start)
            elif verdict == _WORD:
                new = ""
            elif verdict == _MAYBE:
                maybe.append((start, end))
        elif (lk == "H" and rch == "-" and _RE_HAN.match(rfar)) or (
            rk == "H" and lch == "-" and _RE_HAN.match(lfar)
        ):
            new = ""  # "海尔 -波普": a hyphen spaced on one side only
        if new is not None and new != m.group():
            edits.append((start, end, new))
    # A space without evidence inside a stretch of letter-spacing goes too.
    for start, end in maybe:
        k = bisect.bisect_left(dropped, start)
        near = (k < len(dropped) and dropped[k] - end <= _STRETCH) or (
            k > 0 and start - dropped[k - 1] <= _STRETCH
        )
        if near:
            edits.append((start, end, ""))
    # A lone space in running text, nothing else on the line spaced, at a
    # function word: a split text run.
    if len(maybe) == 1 and _only_gap(s) and _lone_split(s, *maybe[0]):
        edits.append((maybe[0][0], maybe[0][1], ""))
    if edits:
        edits.sort()
        s = apply_edits(s, edits)
    if pangu:
        s = _pangu_insert(s)
    return s


_PANGU_AFTER_HAN = lazy_compile(f"(?<=[{_HAN}])(?=[{_LATIN}0-9])")
_PANGU_BEFORE_HAN = lazy_compile(f"(?<=[{_LATIN}0-9%])(?=[{_HAN}])")


def _pangu_insert(s: str) -> str:
    """Put one space where Chinese touches Latin letters or digits (pangu style)."""
    if not _PANGU_TRIGGER.search(s):
        return s
    spans = _Spans(s)
    cuts = [m.start() for m in _PANGU_AFTER_HAN.finditer(s)]
    cuts += [m.start() for m in _PANGU_BEFORE_HAN.finditer(s)]
    cuts = sorted(c for c in set(cuts) if not spans.inside(c, c))
    if not cuts:
        return s
    parts = []
    prev = 0
    for c in cuts:
        parts.append(s[prev:c])
        prev = c
    parts.append(s[prev:])
    return " ".join(parts)


def _fix_line(line: str, pangu: bool) -> str:
    if not (_RE_HAN.search(line) or _RE_FW.search(line)):
        # Latin-only lines are left as they are; a line of nothing but
        # ideographic spaces is an empty line.
        return "" if "\u3000" in line and not line.strip(_SP) else line
    # Line edges: no trailing spaces; no leading spaces or U+3000 except the
    # indentation that makes a nested Markdown list item.
    body = line.rstrip(_SP)
    lead = ""
    if _MD_NESTED_ITEM.match(body):
        lead = body[: len(body) - len(body.lstrip(" "))]
        body = body[len(lead) :]
    else:
        body = body.lstrip(_SP)
    prefix = ""
    m = _MD_PREFIX.match(body)
    if m and (m.group().startswith("#") or m.group()[0] in "->*+" or m.group()[0].isdigit()):
        prefix = m.group()
        body = body[m.end() :]
    if _GAP.search(body) or pangu:
        # Removing a space can change the evidence around the next one;
        # repeat until nothing changes, so that the rule is idempotent.
        memo: dict = {}
        for _ in range(4):
            new = _fix_body(body, pangu, memo)
            if new == body:
                break
            body = new
    return lead + prefix + body


# --------------------------------------------------------------------------
# Whole-text fast path
#
# Most spaces are settled by the two characters around them alone: next to
# full-width punctuation (drop), between Chinese and a digit (drop), next to
# a symbol that is no punctuation (keep), a single character between spaces
# on both sides ("全 国", drop), a byline role word before it ("记者 雷宁",
# keep).  A line whose spaces are all of that kind gets exactly what the
# line-by-line pass gives it (no verdict there depends on another space, so
# the repeat pass changes nothing), with one regex pass over the whole text.
# Every other line with a space ("hard": a space between two longer runs of
# Chinese, after a possible dateline, at a line edge, next to a hyphen, a
# Latin word or a digit pair, lines with inline code or U+3000) goes through
# the line-by-line pass.  Each pattern starts with a literal space, so that
# the regex engine finds its candidates at the speed of a substring search.

#: Characters that settle nothing: a space next to one of them stays.
_ANY_CLASS = f"{_HAN}{_FW_PUNCT}{_SHARED_PUNCT}0-9{_LATIN}{_UNIT}"
_SETTLING = f"{_ANY_CLASS}\\-"


def _role_lookbehind(negative: bool) -> str:
    """Lookbehinds (one per word length, as ``re`` wants) for a role word before a space."""
    by_len: dict[int, list[str]] = {}
    for w in sorted(set(ROLE_WORDS)):
        by_len.setdefault(len(w), []).append(re.escape(w))
    sign = "!" if negative else "="
    return "".join(f"(?<{sign}(?:{'|'.join(ws)}) )" for _, ws in sorted(by_len.items()))


#: Left of a space: a run of five or more Chinese characters, too long for a name.
_NOT_NAME = f"(?<=[{_HAN}][{_HAN}][{_HAN}][{_HAN}][{_HAN}] )"
#: Right of a space after a name: a byline role that keeps the space whatever
#: the line ("叶江 通讯员", "雷宁 摄" at the end of the line).
_BYLINE_AFTER_NAME = (
    "(?:" + "|".join(sorted(set(ROLE_WORDS), key=len, reverse=True)) + ")"
    "|(?:" + "|".join(sorted({w for w in TRAILING_ROLES if len(w) > 1 or w in "摄攝"}, key=len, reverse=True))
    + r")(?=\n|\Z|[）)」』])"
)
#: A dateline at the start of a line (after a Markdown marker), as the
#: line-by-line pass sees it.
_DATELINE_AT = lazy_compile(
    lambda: r"(?>(?:#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+|\d{1,9}[.)][ \t]+)*)" + _DATELINE.pattern[1:]
)

#: A space (the first of its run) that the line-by-line pass must judge.
_HARD = lazy_compile(
    " (?:"
    r"(?<![^\n] )"  # at the start of a line
    r"|(?<=[^ \n] ) *+(?=\n|\Z)"  # at the end of a line
    f"|(?<=[讯訊电電] )(?P<dateline>) *+(?=[{_SETTLING}])"  # after a possible dateline
    f"|(?<=- ) *+(?=[{_SETTLING}])"  # next to a hyphen
    f"|(?<=[{_SETTLING}] ) *+(?=-)"
    f"|(?<=[{_HAN}] ) *+(?=[{_LATIN}])|(?<=[{_LATIN}] ) *+(?=[{_HAN}])"
    f"|(?<=[0-9] ) *+(?=[0-9{_UNIT}])"  # a split number; a unit (only in Chinese lines)
    r"|(?<=[0-9] ) *+(?=[./\uff0f])|(?<=[0-9][/\uff0f] ) *+(?=[0-9])"  # a spaced decimal or fraction
    r"|(?<=[A-Z] ) *+(?=[A-Z])"  # a letter-spaced acronym
    f"|(?<= [{_UNIT}] ) *+(?=[{_HAN}])"  # after a lone unit symbol
    f"|(?<=[{_SHARED_PUNCT}] ) *+(?=[{_SHARED_PUNCT}0-9{_LATIN}{_UNIT}])"
    f"|(?<=[{_SHARED_PUNCT}0-9{_LATIN}{_UNIT}] ) *+(?=[{_SHARED_PUNCT}])"
    # between runs of Chinese, unless a role word ends the left one or
    # both are a single character
    f"|(?<=[{_HAN}][{_HAN}] ){_role_lookbehind(True)}(?:{_NOT_NAME} *+(?=[{_HAN}])| *+(?=[{_HAN}])(?!{_BYLINE_AFTER_NAME}))"
    f"|(?<![{_HAN}][{_HAN}] )(?<=[{_HAN}] ) *+(?=[{_HAN}][{_HAN}])"
    ")"
)
#: In a line without hard spaces: the spaces that go.
_EASY_DROP = lazy_compile(
    # (a space after 讯/电 here is a dateline's; one in a run of full stops
    # stays, as in _fix_body)
    " (?<![讯訊电電] )(?!(?<=\u3002 ) *+\u3002)(?:"
    f"(?<=[{_FW_PUNCT}] ) *+(?=[{_ANY_CLASS}])"
    f"|(?<=[{_ANY_CLASS}] ) *+(?=[{_FW_PUNCT}])"
    f"|(?<=[{_SHARED_PUNCT}] ) *+(?=[{_HAN}])"
    f"|(?<=[{_HAN}] ) *+(?=[{_SHARED_PUNCT}0-9])"
    f"|(?<=[0-9{_UNIT}] ) *+(?=[{_HAN}])"
    f"|(?<![{_HAN}][{_HAN}] )(?<=[{_HAN}] ) *+(?=[{_HAN}](?![{_HAN}]))"
    ")"
)
#: Characters that make a line hard wherever they are.
_HARD_CHARS = ("`", "\u3000", "<")


def _hard_lines(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of the lines of ``text`` that need the line-by-line pass, in order."""
    starts: set[int] = set()
    pos = 0
    search = _HARD.search
    rfind = text.rfind
    find = text.find
    while True:
        m = search(text, pos)
        if m is None:
            break
        start = rfind("\n", 0, m.start()) + 1
        if m.group("dateline") is not None:
            d = _DATELINE_AT.match(text, start)
            if d and d.end() == m.start() and " " not in d.group():
                pos = m.end()
                continue  # the space after the dateline stays
        starts.add(start)
        pos = find("\n", m.end())
        if pos < 0:
            break
    if "#" in text:
        for m in _HASHTAG_GAP.finditer(text):
            starts.add(rfind("\n", 0, m.start()) + 1)
    for ch in _HARD_CHARS:
        i = find(ch)
        while i >= 0:
            starts.add(rfind("\n", 0, i) + 1)
            end = find("\n", i)
            if end < 0:
                break
            i = find(ch, end)
    spans = []
    for start in sorted(starts):
        end = find("\n", start)
        spans.append((start, len(text) if end < 0 else end))
    return spans


# A hard line (see ``_hard_lines``) without Markdown, code, URL, hashtag,
# dateline or split number needs the verdicts of ``_fix_body`` on its
# spaces, but not the rest of the line-by-line pass.  A line of running text
# (most of them: a paragraph with a gap an extractor left for a lost quote
# mark, "丽水十四五 加快") stays running text (sentence punctuation is never
# removed); a headline whose spaces are all between its halves
# ("立足生态优势 打造休闲小镇") stays a headline.  When the edits are far
# from every space that stays, no repeat pass is needed: the verdict on a
# space depends on the characters near it and on the short quotes around
# it, which far edits leave as they were.

#: Markdown markers that start a line (``_MD_PREFIX``, ``_MD_NESTED_ITEM``).
_MD_START = lazy_compile(r"[#>]|[-*+][ \t]|\d{1,9}[.)][ \t]")
#: Characters and strings that take a line out of the plain path: inline
#: code, an HTML tag, an e-mail address, a hashtag, U+3000, a URL, a link.
_NOT_PLAIN = ("`", "<", "@", "#", "\u3000", "://", "www.", "](")


def _is_plain(s: str) -> bool:
    """Is ``s`` a line with nothing but spaces to judge (no edges, Markdown, code, URL, split number, dateline)?"""
    if not s or s[0] == " " or s[-1] == " ":
        return False
    for x in _NOT_PLAIN:
        if x in s:
            return False
    return not (_MD_START.match(s) or _SPLIT_HINT.search(s) or _DECIMAL_HINT.search(s) or _CAPS_HINT.search(s) or _DATELINE.match(s))


#: A space between the halves of a headline: runs of two or more Chinese
#: characters on both sides, the right one not a two-character tail of the
#: line (which ``_han_gap`` may read as a wrapped headline).
_HEADLINE_HALVES = lazy_compile(f"(?<=[{_HAN}][{_HAN}]) +(?=[{_HAN}][{_HAN}])(?![{_HAN}][{_HAN}]\\Z)")


def _fix_headline_line(s: str) -> str | None:
    """``_fix_line(s, False)`` for a plain headline whose gaps between Chinese are its halves', else None.

    >>> _fix_headline_line("丽水发布全省首个 《政务服务礼仪规范》")
    '丽水发布全省首个《政务服务礼仪规范》'
    >>> s = "立足生态优势 打造休闲小镇"
    >>> _fix_headline_line(s) is s
    True
    >>> _fix_headline_line("三峡工程应该建成一流 工程") is None  # a wrapped tail
    True
    """
    if len(s) > _HEADLINE_MAX or (s.count(" ") >= 3 and _count_singles(s)[1]):
        return None  # (too long to stay a headline as spaces go; spaced out)
    edits: list[tuple[int, int, str]] = []
    halves = _HEADLINE_HALVES.match
    easy = _EASY_DROP.match
    for m in _SPACE_GAP.finditer(s):
        start, end = m.span()
        if halves(s, start):
            continue  # (``_han_gap``: no letter-spacing, no wrapped tail)
        if (_class(s[start - 1]) == "H" and _class(s[end]) == "H") or _HARD.match(s, start):
            return None
        if easy(s, start):
            edits.append((start, end, ""))
    # (removing spaces next to punctuation leaves the runs of Chinese, so
    # the headline's shape and the verdicts above, as they were)
    new = apply_edits(s, edits)
    return None if new is not s and _DATELINE.match(new) else new


#: Characters between an edit and a space that stays beyond which the edit
#: cannot change the space's verdict: the 12 characters ``_han_gap`` looks
#: at (``_LOOK_LEFT``; 6 on the right) in a line without quotes; more than
#: two short quotes (26 characters each, ``_SHORT_QUOTE``), whose matches
#: an edit could shift, in a line with them.
_FAR = 60
_HAN_LATIN = {"H", "L"}


def _fix_plain_line(s: str) -> str | None:
    """``_fix_line(s, False)`` for a plain line (``_is_plain``), or None when ``s`` needs the full pass.

    >>> _fix_plain_line("围绕丽水十四五 加快跨越式发展，成为新增长极。")
    '围绕丽水十四五加快跨越式发展，成为新增长极。'
    >>> _fix_plain_line("在思想认识上破除不统筹 不愿统筹 等障碍。")
    '在思想认识上破除不统筹 不愿统筹 等障碍。'
    >>> _fix_plain_line("在思想认识上破除不统筹 不愿统筹 的障碍。") is None  # (的: the full pass)
    True
    >>> _fix_plain_line("立足生态优势 打造休闲小镇")  # a headline
    '立足生态优势 打造休闲小镇'
    >>> _fix_plain_line("  缩进的行，") is None  # (a line edge)
    True
    """
    if not _is_plain(s):
        return None
    if not _SENTENCE.search(s):
        return _fix_headline_line(s)
    edits: list[tuple[int, int, str]] = []
    kept: list[tuple[int, int]] = []
    maybe: list[tuple[int, int]] = []
    dropped: list[int] = []
    runs = _Runs(s, {})
    hard = _HARD.match
    easy = _EASY_DROP.match
    between_runs = _BETWEEN_RUNS.match
    quotes = _QUOTE_OPEN.search(s) is not None
    for m in _SPACE_GAP.finditer(s):
        start, end = m.span()
        if between_runs(s, start) and s[start - 1] not in _ROLE_LAST and s[end] not in _ROLE_FIRST:
            # (the first case of _han_gap, without the calls)
            if quotes and runs.in_short_quote(start, end):
                kept.append((start, end))
            elif _word_across(s[max(0, start - 3) : start], s[end : end + 3]):
                edits.append((start, end, ""))
            else:
                maybe.append((start, end))
        elif _class(s[start - 1]) == "H" and _class(s[end]) == "H":
            if not _file_verdict(_han_gap(s, runs, start, end, False, (0, 0)), start, end, edits, dropped, maybe):
                kept.append((start, end))
        elif hard(s, start):
            if {_class(s[start - 1]), _class(s[end])} == _HAN_LATIN:
                edits.append((start, end, ""))  # (only a headline keeps a credit in Latin letters)
                continue
            return None  # (a hyphen, a unit, a shared mark: the full pass)
        elif easy(s, start):
            edits.append((start, end, ""))
        else:
            kept.append((start, end))
    if any(_lone_split(s, start, end) for start, end in maybe):
        # (_fix_body drops it when it is the only space left: here, when it
        # is the only one; with others, the full pass decides)
        if not _only_gap(s):
            return None
        edits.append(maybe.pop())
        edits[-1] = (edits[-1][0], edits[-1][1], "")
    for start, end in maybe:  # as in _fix_body
        k = bisect.bisect_left(dropped, start)
        near = (k < len(dropped) and dropped[k] - end <= _STRETCH) or (
            k > 0 and start - dropped[k - 1] <= _STRETCH
        )
        if near:
            edits.append((start, end, ""))
        else:
            kept.append((start, end))
    if not edits:
        return s
    edits.sort()
    new = apply_edits(s, edits)
    # (removing a space could complete a spaced-out dateline: "本报 讯 近日")
    far = _FAR if quotes else _LOOK_LEFT
    if (kept and _near_edit(edits, kept, far)) or _DATELINE.match(new):
        # the repeat passes of _fix_line, after its first one
        for _ in range(3):
            again = _fix_body(new, False)
            if again == new:
                break
            new = again
    return new


def _fix_hard_line(line: str) -> str:
    """``_fix_line(line, False)``, by the plain path when the line, or a Markdown heading's text, is plain.

    >>> _fix_hard_line("## 丽水发布全省首个 《政务服务礼仪规范》")
    '## 丽水发布全省首个《政务服务礼仪规范》'
    """
    body = line
    prefix = ""
    if line[:1] == "#":
        m = _MD_PREFIX.match(line)
        if m:  # (the marker stays as it is, as in _fix_line)
            prefix, body = m.group(), line[m.end() :]
    new = _fix_plain_line(body)
    if new is None:
        return _fix_line(line, False)
    return prefix + new if prefix else new


def _near_edit(edits: list[tuple[int, int, str]], kept: list[tuple[int, int]], far: int) -> bool:
    """Is some space in ``kept`` within ``far`` characters of an edit (sorted)?"""
    starts = [a for a, _, _ in edits]
    for start, end in kept:
        k = bisect.bisect_left(starts, start)
        if k < len(starts) and starts[k] - end <= far:
            return True
        if k > 0 and start - edits[k - 1][1] <= far:
            return True
    return False


def _fix_fast(text: str) -> str:
    """The line-by-line result for ``text`` (no fenced code, no ``pangu``), found faster."""
    out = []
    pos = 0
    drop = _EASY_DROP.sub
    for start, end in _hard_lines(text):
        if start > pos:
            out.append(drop("", text[pos:start]))
        out.append(_fix_hard_line(text[start:end]))
        pos = end
    out.append(drop("", text[pos:]))
    new = "".join(out)
    return text if new == text else new


def _fix_lines(text: str, pangu: bool) -> str:
    """Every line through the line-by-line pass; fenced code blocks untouched."""
    out = []
    fence = None
    for line in text.split("\n"):
        m = _FENCE.match(line)
        if fence is not None:
            if m and m.group(1) == fence:
                fence = None
            out.append(line)
            continue
        if m:
            fence = m.group(1)
            out.append(line)
            continue
        out.append(_fix_line(line, pangu))
    new = "\n".join(out)
    return text if new == text else new


_FENCE_ANYWHERE = lazy_compile(r"^ {0,3}(?:```|~~~)", re.MULTILINE)


@rule("cjk-space", options=("pangu",))
def fix_cjk_spaces(text: str, *, pangu: bool = False) -> str:
    """Remove spaces that layout put into Chinese text; keep bylines, datelines and headline gaps.

    Removes the space next to full-width punctuation, between Chinese and
    digits or Latin letters (with ``pangu=True``: exactly one space there
    instead), inside numbers split digit by digit, and the letter-spacing
    of justified or OCR'd lines; strips spaces and U+3000 at line edges.
    Keeps the spaces of bylines, datelines, headlines and quoted slogans,
    Latin text, tabs, Markdown structure, code, URLs and e-mail addresses,
    and the rows of aligned tables (``columns.table_rows``) as they are.

    >>> fix_cjk_spaces("近日， 市统计局通过热线。")
    '近日，市统计局通过热线。'
    >>> fix_cjk_spaces("九县（市、区）各 100 名、全市共 1000 名")
    '九县（市、区）各100名、全市共1000名'
    >>> fix_cjk_spaces("各100名", pangu=True)
    '各 100 名'
    >>> fix_cjk_spaces("何怀宏，哲学博 士 ， 1 9 5 4 年生。")
    '何怀宏，哲学博士，1954年生。'
    >>> fix_cjk_spaces("全 国 人 民 代 表 大 会")
    '全国人民代表大会'

    Deliberate spaces stay:

    >>> fix_cjk_spaces("本报讯 7月29日晚，省委召开会议。")
    '本报讯 7月29日晚，省委召开会议。'
    >>> fix_cjk_spaces("（资料图片） 记者 雷宁 摄")
    '（资料图片）记者 雷宁 摄'
    >>> s = "立足生态优势 打造休闲小镇"
    >>> fix_cjk_spaces(s) is s
    True
    >>> s = "■ 详见今日三版"
    >>> fix_cjk_spaces(s) is s
    True
    >>> s = "New York 2018"
    >>> fix_cjk_spaces(s) is s
    True
    """
    if pangu:
        if not (_PANGU_TRIGGER.search(text) or _TRIGGER.search(text)):
            return text
    elif not (" " in text or "\u3000" in text) or not _TRIGGER.search(text):
        return text
    gutters = "  " in text and GUTTER.search(text) is not None
    listed = has_list(text)
    if gutters or listed:
        lines = text.split("\n")
        tables = table_rows(lines) if gutters else []
        if listed:
            tables = sorted(tables + list_rows(lines)[0])
        if tables:
            return _fix_around_tables(text, lines, tables, pangu)
    return _fix_text(text, pangu)


def _fix_text(text: str, pangu: bool) -> str:
    if pangu or (("```" in text or "~~~" in text) and _FENCE_ANYWHERE.search(text)):
        return _fix_lines(text, pangu)
    return _fix_fast(text)


def _fix_around_tables(text: str, lines: list[str], tables: list[tuple[int, int, int]], pangu: bool) -> str:
    """The text with its aligned tables (``columns.table_rows``) as they are:
    the spaces of a row are its cells' alignment, and taking any out would
    run cells together (the contract: tables stay tables)."""
    pieces = []
    last = 0
    for lo, hi, _ in tables:
        if lo > last:
            pieces.append(_fix_text("\n".join(lines[last:lo]), pangu))
        pieces.append("\n".join(lines[lo:hi]))
        last = hi
    if last < len(lines):
        pieces.append(_fix_text("\n".join(lines[last:]), pangu))
    new = "\n".join(pieces)
    return text if new == text else new

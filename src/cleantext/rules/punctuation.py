"""Punctuation inside Chinese text: width of the marks, and paired quotes.

Repairs
    ``punct-width``: half-width ``, . ; : ? ! ( )`` whose neighbours are
    Chinese become the full-width marks Chinese typesetting prints
    (``，。；：？！（）``); ``...`` (three to six) in Chinese text and
    ``。。。`` become ``……`` (more points are a table of contents'
    leaders, left alone); with the ``dashes`` option, ``--`` between
    Chinese characters becomes ``——``.

    ``quote-pair``: straight quotes (``"`` and ``'``) around Chinese become
    curly quotes, paired open/close within the line (``"你好"`` →
    ``“你好”``), also when OCR mixed straight and curly ones
    (``“15 类"`` → ``“15 类”``); a straight pair around a term inside a
    curly quotation is a nested quotation (``“综合"到位"拯救。”`` →
    ``“综合“到位”拯救。”``).

Must not touch
    Punctuation inside numbers (``96.2``, ``1,000``, ``3.5%``), times and
    ratios (``10:30``, ``1:2``), URLs, e-mail addresses, file names
    (``config.yaml``, ``说明.txt``), HTML entities and tags, inline code
    spans and fenced code blocks, Markdown link targets (``[文字](url)``),
    numbered list items (``1.``, ``一.``), Latin-only text and lines without
    a Chinese character, Latin text that quotes some Chinese (``git commit
    -m "蛤"``, ``Remove '铁蕾' from``), and the arguments of a Latin command
    inside a Chinese line (``运行 git commit -m "修复" 即可``, ``name="张三"``),
    a straight quote whose partner the OCR lost when its side is not certain
    (``奖章"获得者``: between two Han characters, unless a verb of saying
    precedes it, ``叮嘱"长委人``), apostrophes and inch/feet marks (``don't``,
    ``5'11"``), corner brackets (``「」『』``), curly quotes that are already
    there, ``。。`` (two full stops are ``stray-mark``'s business), and
    ``--`` unless ``dashes`` is on (newswire prints ``--`` as a dash).

Japanese and Korean text is left alone
    Both rules skip a line (a paragraph) that is Japanese or Korean text: one
    with at least ``_FOREIGN_MIN`` (2) kana or hangul letters outside
    quotations and brackets.  Japanese and Korean have punctuation
    conventions of their own (``、`` and ``。`` with half-width ``!?`` in
    Japanese, half-width ``, .`` in Korean), so Chinese widths or curly
    quotes would be false edits there.  A Chinese line that merely quotes or
    names a Japanese or Korean word (``日语“かわいい”一词``,
    ``电影《千と千尋の神隠し》``, ``“사랑”``) is still Chinese: letters
    inside “”, ‘’, 「」, 『』, 《》, 〈〉, （）, (), 【】, 〔〕, ［］ or a pair of
    straight double quotes are not counted (a bracket left open by the OCR
    encloses nothing).  One kana letter alone is not counted either: OCR
    reads Han characters as look-alike katakana (``口`` → ``ロ``, ``力`` →
    ``カ``).  The marks that Chinese text shares with Japanese
    (``ー`` ``・`` ``ゝ``) are not letters here.  Some Japanese headlines
    that are all kanji but one kana are taken for Chinese: a known limit.

Both rules work line by line (a paragraph is one line once ``line-wrap`` has
run) and run before ``cjk-space``: a space next to a mark they convert
(``企业 , 已有``) is left for ``cjk-space`` to remove.

Speed: ``punct-width`` converts the marks whose neighbours settle them with
a few whole-text regex passes and runs its line-by-line pass only on the
lines left in doubt; ``quote-pair`` looks only at lines with a straight
quote.  Both give exactly what the line-by-line pass over every line gives.

What counts as Chinese (on a line that is not Japanese or Korean): characters of the Han script (Unicode property
``Script=Han``, via the ``regex`` module), Japanese kana (East Asian
full-width typography, as in autocorrect's fixtures), and the full-width
punctuation of the CJK Symbols and Punctuation block (U+3001–U+303F), the
Halfwidth and Fullwidth Forms block (U+FF01–U+FF65, less letters and
digits), the CJK Compatibility Forms (U+FE30–U+FE4F) and ``…`` / ``—``.
Curly and straight quotes are transparent: the context of ``”`` is the
character inside it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from ..chardata import (
    HAN_OR_KANA_PROPERTY,
    HAN_PROPERTY,
    SCRIPT_HAN_RANGES,
    lazy_compile,
    lazy_regex,
)
from . import rule

# --------------------------------------------------------------------------
# Character classes (built once, from Unicode properties and block ranges)

_HAN = lazy_regex(f"[{HAN_OR_KANA_PROPERTY}]")
_HAN_LINE = lazy_regex(HAN_PROPERTY)

# Full-width / CJK punctuation: unambiguous evidence of Chinese typesetting.
_CJK_PUNCT = frozenset(
    [chr(c) for c in range(0x3001, 0x3040)]
    + [chr(c) for c in range(0xFF01, 0xFF66) if not chr(c).isalnum()]
    + [chr(c) for c in range(0xFE30, 0xFE50)]
    + ["\u2026", "\u2014"]  # … —
)
_SPACES = frozenset(" \t\u00a0\u3000")
# Quotes are transparent for context: look through them.
_QUOTES = frozenset("\"'\u201c\u201d\u2018\u2019")
_CLOSERS = frozenset("\"'\u201d\u2019\uff09\u300d\u300f\u300b\u3011)")
_CN_NUMERALS = frozenset("一二三四五六七八九十")
_NUMBER_CHARS = frozenset("0123456789.,%\u2030\uff05")

_MAX_NUMBER = 40  # characters: longer runs of digits and points are not one number
_MAX_ROUNDS = 8  # fixpoint rounds of the line pass (two suffice on real text)

_FULL = {",": "\uff0c", ".": "\u3002", ";": "\uff1b", ":": "\uff1a", "?": "\uff1f", "!": "\uff01"}


def _is_cjk(ch: str) -> bool:
    # (U+4E00-U+9FFF, all Han, first: most of the characters asked about)
    return "\u4e00" <= ch <= "\u9fff" or ch in _CJK_PUNCT or bool(_HAN.match(ch))


# --------------------------------------------------------------------------
# Protected spans: never edited, and seen as Latin by their neighbours

_PROTECTED = lazy_compile(
    # (each alternative starts only where its run starts: no quadratic rescans)
    r"(?<!`)`+[^`\n]*`+"  # inline code
    r"|(?<![A-Za-z0-9+.-])(?:[A-Za-z][A-Za-z0-9+.-]*://|www\.)[!-~]+"  # URL (trailing marks trimmed below)
    r"|(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"  # e-mail
    r"|\]\([^()\s]*\)"  # Markdown link target
    r"|!(?=\[)"  # Markdown image
    r"|&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"  # HTML entity
    r"|</?[A-Za-z][^<>\n]*>"  # HTML tag
    r"|[A-Za-z]:\\[!-~]*"  # Windows path
)
# A character every protected span contains: most lines have none, and skip the scan.
_PROTECTED_HINT = lazy_compile(r"[`@&<\]!\\]|://|www\.")
_URL_TAIL = lazy_compile(r"[.,;:!?)\]'\"]+$")
_FENCE = lazy_compile(r"^\s*(?:```|~~~)")


def _protected(line: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    if not _PROTECTED_HINT.search(line):
        return spans
    for m in _PROTECTED.finditer(line):
        start, end = m.span()
        if "://" in m.group() or m.group().startswith("www."):
            tail = _URL_TAIL.search(m.group())
            if tail:
                end -= len(tail.group())
        spans.append((start, end))
    return spans


def _mask(line: str) -> list[bool]:
    free = [True] * len(line)
    for start, end in _protected(line):
        for k in range(start, end):
            free[k] = False
    return free


def _lines(text: str):
    """Yield ``(index, line, in_code)``; fence lines count as code."""
    in_code = False
    for k, line in enumerate(text.split("\n")):
        if _FENCE.match(line):
            in_code = not in_code
            yield k, line, True
            continue
        yield k, line, in_code


# --------------------------------------------------------------------------
# Context: what lies before / after position i, looking past spaces and quotes


def _prev(chars: list[str], i: int, quotes: bool = True) -> str:
    """The nearest character left of ``i`` that is neither space nor quote ('' at line start)."""
    j = i - 1
    while j >= 0 and (chars[j] in _SPACES or (quotes and chars[j] in _QUOTES)):
        j -= 1
    return chars[j] if j >= 0 else ""


def _next(chars: list[str], i: int, quotes: bool = True) -> str:
    j = i + 1
    n = len(chars)
    while j < n and (chars[j] in _SPACES or (quotes and chars[j] in _QUOTES)):
        j += 1
    return chars[j] if j < n else ""


def _number_before(chars: list[str], i: int) -> str | None:
    """If a number ends right before ``i``, the character before that number."""
    j = i - 1
    if j < 0 or chars[j] not in _NUMBER_CHARS:
        return None
    stop = max(-1, i - _MAX_NUMBER)
    while j > stop and chars[j] in _NUMBER_CHARS:
        j -= 1
    if j == stop and j >= 0:
        return None  # too long for a number
    while j >= 0 and chars[j] in _SPACES:
        j -= 1
    return chars[j] if j >= 0 else ""


def _convert_mark(chars: list[str], i: int, free: list[bool], dashes: bool) -> str | None:
    """The replacement for the half-width mark at ``i``, or None to keep it."""
    ch = chars[i]
    before = chars[i - 1] if i > 0 else ""
    after = chars[i + 1] if i + 1 < len(chars) else ""
    prev = _prev(chars, i)
    nxt = _next(chars, i)
    prev_cn = bool(prev) and _is_cjk(prev)
    next_cn = bool(nxt) and _is_cjk(nxt)

    if ch == ",":
        if before.isdigit() and after.isdigit():
            return None  # 1,000
        if prev_cn or (next_cn and prev):
            return _FULL[ch]
        return None
    if ch in ";?!":
        if prev_cn or (next_cn and prev):
            return _FULL[ch]
        return None
    if ch == ":":
        if before.isdigit() and after.isdigit():
            return None  # 10:30, 1:2
        if prev_cn and not (after == "/" or after == "\\"):
            return _FULL[ch]
        return None
    if ch == ".":
        return _convert_period(chars, i, prev, prev_cn)
    if ch == "-" and dashes:
        # exactly "--" between Chinese characters
        if (
            after == "-"
            and before != "-"
            and (i + 2 >= len(chars) or chars[i + 2] != "-")
            and free[i + 1]
            and prev_cn
            and i + 2 < len(chars)
            and _next(chars, i + 1)
            and _is_cjk(_next(chars, i + 1))
        ):
            return "\u2014\u2014"
        return None
    return None


def _period_ends_sentence(chars: list[str], i: int, allow_digit: bool) -> bool:
    """After the '.' at ``i`` (past closing quotes/brackets): line end, space, Chinese (or digit)."""
    j = i + 1
    n = len(chars)
    while j < n and chars[j] in _CLOSERS:
        j += 1
    if j >= n or chars[j] in _SPACES:
        return True
    ch = chars[j]
    if _is_cjk(ch):
        return True
    return allow_digit and ch.isdigit() and j == i + 1


def _convert_period(chars: list[str], i: int, prev: str, prev_cn: bool) -> str | None:
    before = chars[i - 1] if i > 0 else ""
    if prev_cn and before not in _SPACES:
        # "一.加强": a numbered list item with a Chinese numeral
        if before in _CN_NUMERALS:
            k = i - 2
            if k < 0 or chars[k] in _SPACES or not _HAN.match(chars[k]):
                return None
        # "说明.txt", "$阿里巴巴.US$": a file name or ticker, not a sentence end
        if _period_ends_sentence(chars, i, allow_digit=True):
            return "\u3002"
        return None
    if prev_cn:  # "你好 ." : a stray space before the full stop
        return "\u3002" if _period_ends_sentence(chars, i, allow_digit=False) else None
    # "增长20.46%." : a number that ends a Chinese sentence
    start = _number_before(chars, i)
    if start and _is_cjk(start):
        if before in "%\u2030\uff05":
            return "\u3002" if _period_ends_sentence(chars, i, allow_digit=False) else None
        j = i + 1
        while j < len(chars) and chars[j] in _CLOSERS:
            j += 1
        if j >= len(chars):  # only at the end of the line: "1.加强" is a list item
            return "\u3002"
    return None


_ELLIPSIS = lazy_compile(r"\.{3,}|\u3002{3,}")
#: More points than "......" (the six of "……" typed in ASCII) are leaders,
#: as a table of contents prints them ("第一章 总则........1"): no ellipsis.
_MAX_ELLIPSIS_POINTS = 6
_MARK = lazy_compile(r"[,.;:?!-]")
_PAREN = lazy_compile(r"[()\uff08\uff09]")


def _fix_ellipses(line: str) -> str:
    """``...`` (three or more) next to Chinese, and ``。。。``, become ``……``."""
    if not _ELLIPSIS.search(line):
        return line
    free = _mask(line)
    chars = list(line)
    changed = False
    for m in reversed(list(_ELLIPSIS.finditer(line))):
        start, end = m.span()
        if not all(free[start:end]):
            continue
        if m.group()[0] == ".":
            if end - start > _MAX_ELLIPSIS_POINTS:
                continue  # leaders
            before = _prev(chars, start)
            after = _next(chars, end - 1)
            left = line[start - 1] if start else ""
            # "Wait... 中文": an ellipsis after a Latin word belongs to the Latin text
            latin = left.isascii() and left.isalpha()
            if not ((before and _is_cjk(before)) or (after and _is_cjk(after) and not latin)):
                continue
        chars[start:end] = ["\u2026\u2026"]
        changed = True
    return "".join(chars) if changed else line


def _fix_line(line: str, dashes: bool) -> str:
    # Convert to a fixpoint: a converted mark is Chinese context for its
    # neighbours ("(1),中" needs two steps, so does "中,...a"), which makes
    # the rule idempotent.
    for _ in range(_MAX_ROUNDS):
        new = _fix_ellipses(line)
        free = _mask(new)
        chars = list(new)
        # 1:1 replacements from here on ("--" is two characters to two), so
        # the candidate positions hold for every pass
        marks = [m.start() for m in _MARK.finditer(new) if free[m.start()]]
        parens = [m.start() for m in _PAREN.finditer(new) if free[m.start()]]
        step = settled = False
        for _ in range(_MAX_ROUNDS):
            if not (_fix_parens(chars, parens, new) | _fix_marks(chars, marks, free, dashes)):
                settled = True
                break
            step = True
        if step:
            new = "".join(chars)
        if new == line:
            break
        # The next round would repeat the pass that just changed nothing
        # (same marks, same free positions) unless an ellipsis appeared or
        # protected spans may have moved: skip it.
        if settled and not (_ELLIPSIS.search(new) or _PROTECTED_HINT.search(new) or _PROTECTED_HINT.search(line)):
            return new
        line = new
    return line


def _fix_marks(chars: list[str], marks: list[int], free: list[bool], dashes: bool) -> bool:
    changed = False
    # left to right, then right to left: chains propagate in one round
    for indexes in (marks, reversed(marks)):
        for i in indexes:
            if chars[i] not in _FULL and chars[i] != "-":
                continue  # already converted
            new = _convert_mark(chars, i, free, dashes)
            if new is None:
                continue
            if new == "\u2014\u2014":
                chars[i] = chars[i + 1] = "\u2014"
            else:
                chars[i] = new
            changed = True
    return changed


def _fix_parens(chars: list[str], parens: list[int], line: str) -> bool:
    changed = False
    han: list[int] | None = None  # positions of Han characters, found when first needed
    stack: list[int] = []
    pairs = []
    for i in parens:
        if chars[i] in "(\uff08":
            stack.append(i)
        elif stack:
            pairs.append((stack.pop(), i))
        # an unmatched closer is left as it is
    for o, c in pairs:
        if chars[o] == "\uff08" and chars[c] == "\uff09":
            continue
        if c == o + 1:
            continue  # "()"
        # one half already full-width is evidence enough ("（一九九七年八日)")
        convert = chars[o] == "\uff08" or chars[c] == "\uff09"
        if not convert:
            if han is None:
                han = [m.start() for m in _HAN.finditer(line)]
            # Chinese inside, or around
            convert = bisect_left(han, c) > bisect_right(han, o) or _outside_chinese(chars, o, c)
        if convert:
            chars[o] = "\uff08"
            chars[c] = "\uff09"
            changed = True
    return changed


def _outside_chinese(chars: list[str], o: int, c: int) -> bool:
    """Chinese on the outside of the pair: on both sides, or on one side with the line edge on the other."""
    before = _prev(chars, o)
    after = _next(chars, c)
    before_cn = bool(before) and _is_cjk(before)
    after_cn = bool(after) and _is_cjk(after)
    if before_cn and after_cn:
        return True
    if before_cn and not after:
        return True
    return after_cn and not before


_PUNCT_TRIGGER = lazy_compile(r"[,.;:?!()-]|\u3002\u3002\u3002")


# --------------------------------------------------------------------------
# Japanese and Korean lines: neither rule edits them (see the module doc)

#: Letters of the Japanese and Korean scripts (Unicode blocks Hiragana
#: U+3041-U+3096, Katakana U+30A1-U+30FA, Katakana Phonetic Extensions
#: U+31F0-U+31FF, half-width katakana U+FF66-U+FF9D, Hangul Jamo
#: U+1100-U+11FF, Hangul Compatibility Jamo U+3131-U+318E, Hangul Syllables
#: U+AC00-U+D7A3).  Not the marks Chinese text uses too: ー ・ ゝ ゞ ヽ ヾ.
_KANA_HANGUL = lazy_compile(
    "[\u3041-\u3096\u30a1-\u30fa\u31f0-\u31ff\uff66-\uff9d\u1100-\u11ff\u3131-\u318e\uac00-\ud7a3]"
)
#: Quotation marks and brackets whose content is a quoted or named word.
_ENCLOSE_OPEN = frozenset("\u201c\u2018\u300c\u300e\u300a\u3008\uff08(\u3010\u3014\uff3b")
_ENCLOSE_CLOSE = frozenset("\u201d\u2019\u300d\u300f\u300b\u3009\uff09)\u3011\u3015\uff3d")
#: Kana or hangul letters outside quotations that make a line Japanese or Korean.
_FOREIGN_MIN = 2


def _foreign(line: str) -> bool:
    """Is this line Japanese or Korean text (kana or hangul letters outside quotations)?

    >>> _foreign("これは日本語です, そうです.")
    True
    >>> _foreign("日语“かわいい”一词, 意思是可爱.")
    False
    """
    if not _KANA_HANGUL.search(line):
        return False
    outside = 0
    # one entry per open enclosure: [a straight-quote pair?, letters inside]
    stack: list[list] = []
    for ch in line:
        if _KANA_HANGUL.match(ch):
            if stack:
                stack[-1][1] += 1
            else:
                outside += 1
        elif ch in _ENCLOSE_OPEN:
            stack.append([False, 0])
        elif ch in _ENCLOSE_CLOSE:
            if stack:
                stack.pop()
        elif ch == '"':
            if stack and stack[-1][0]:
                stack.pop()
            else:
                stack.append([True, 0])
    # an enclosure left open encloses nothing
    outside += sum(count for _, count in stack)
    return outside >= _FOREIGN_MIN


def _foreign_lines(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` of each Japanese or Korean line of ``text``, in order."""
    spans = []
    pos = 0
    search = _KANA_HANGUL.search
    while True:
        m = search(text, pos)
        if not m:
            return spans
        a = text.rfind("\n", 0, m.start()) + 1
        b = text.find("\n", m.start())
        if b < 0:
            b = len(text)
        if _foreign(text[a:b]):
            spans.append((a, b))
        pos = b + 1


# --------------------------------------------------------------------------
# punct-width, fast path
#
# The line pass above defines the rule, and it is slow: Python code per mark,
# over and over until a fixpoint.  Most marks in real text, though, are
# settled by neighbours that no conversion can change: a comma right after a
# Han character is converted whatever else the line holds, a comma between
# two digits never is.  So the rule works on the whole text in three steps:
#
# 1. For each mark in turn (, ; ? ! : .), one regex finds the marks to keep
#    and ``str.replace`` converts all the others: those the line pass is
#    *certain* to convert, their context being Han characters, spaces,
#    quotes or marks this step already converted, none of which a later
#    conversion changes.  Then innermost pairs of parentheses with Han inside.
# 2. The lines that still need the line pass are found: those with a kept
#    mark not certain to stay (certain: a context of ASCII that is never
#    converted, as in ``1,000``, ``96.2``, ``10:30``, ``a.txt``), a
#    half-width parenthesis, an ellipsis, ``--`` (with ``dashes``), or a
#    possible protected span on a line step 1 changed.
# 3. Those lines are recomputed from the original text by the line pass.
#
# On a line that step 2 lets through, the line pass converts exactly the
# marks step 1 converted, in its first round, and nothing else, so the output
# is the line pass's byte for byte.  Each pattern below is a strict reading
# of one branch of ``_convert_mark``; where a pattern is narrower than its
# branch (at most two spaces or quotes looked past, Han but not kana as
# context), the mark is kept and its line goes to step 3: it is never decided
# differently.  Every step replaces one character by one, so offsets in the
# text and in the result agree throughout.  The tests compare the two paths.
# Han is Script=Han as code-point ranges (chardata.SCRIPT_HAN_RANGES), so that
# the stdlib ``re`` engine (two to four times faster than ``regex`` on these
# scans) can use it.

_HAN_RANGES = SCRIPT_HAN_RANGES


def _char_class(chars) -> str:
    """The body of a ``[...]`` class matching exactly ``chars``."""
    return "".join(re.escape(ch) for ch in sorted(chars))


_H = "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in _HAN_RANGES)
_S = _char_class(_SPACES | _QUOTES)  # what _prev / _next look past
_Q = _char_class(_QUOTES)
_C = _char_class(_CLOSERS)
_SP = _char_class(_SPACES)
_CJK_RE = f"[{_H}{_char_class(_CJK_PUNCT)}]"  # part of _is_cjk: no kana


def _prev_han(mark: str, past: str) -> str:
    """Lookbehinds, placed after ``mark``: Han right before it, past at most two characters of ``past``."""
    h = f"[{_H}]"
    p = f"[{past}]"
    return f"(?<={h}{mark})|(?<={h}{p}{mark})|(?<={h}{p}{p}{mark})"


def _han_next(mark: str) -> str:
    """Something before ``mark`` (past at most two spaces or quotes), Han after it (past any)."""
    s, ns = f"[{_S}]", f"[^\\n{_S}]"
    return f"(?=[{_S}]*[{_H}])(?:(?<={ns}{mark})|(?<={ns}{s}{mark})|(?<={ns}{s}{s}{mark}))"


def _kept(mark: str) -> re.Pattern:  # (a LazyPattern: compiled on first use)
    """Every ``mark`` but those ``_convert_mark`` converts whatever else the line holds."""
    m = re.escape(mark)
    if mark in ",;?!":  # "prev_cn or (next_cn and prev)"
        sure = f"{_prev_han(m, _S)}|{_han_next(m)}"
    elif mark == ":":  # "prev_cn", not before a slash
        sure = f"(?:{_prev_han(m, _S)})(?![/\\\\])"
    else:
        # "." after Han (past quotes only: a space before it is another
        # branch), not a Chinese numeral (a list item), and a sentence end
        # after it: a digit, or past closers the line end, a space or
        # Chinese (a mark converted by an earlier pass counts, as it does
        # for _convert_mark).  (?!closer) keeps the closers from giving back
        # one that is Chinese itself (）).
        sure = (
            f"(?:{_prev_han(m, _Q)})(?<![一二三四五六七八九十]{m})"
            f"(?=[0-9]|[{_C}]*(?![{_C}])(?:\\n|\\Z|[{_SP}]|{_CJK_RE}))"
        )
    # The mark first: the engine scans for one character, fast.  Finding
    # the few marks to keep and replacing all others with str.replace is
    # several times faster than a substitution of the many sure ones.
    return lazy_compile(f"{m}(?!{sure})")


# In this order: a full stop sees the marks converted before it.
_KEPT = {mark: _kept(mark) for mark in ",;?!:."}

# An innermost pair of parentheses (no other parenthesis inside it pairs with
# either half), at least one half half-width: opened by "(", or "（" closed by ")".
_PAIRS = (
    ("(", lazy_compile(r"\([^()\uff08\uff09\n]*[)\uff09]")),
    (")", lazy_compile(r"\uff08[^()\uff08\uff09\n]*\)")),
)
_HAN_IN = lazy_compile(f"[{_H}]")


def _sure_pair(m: re.Match) -> str:
    pair = m.group()
    if _HAN_IN.search(pair, 1, len(pair) - 1):
        return "\uff08" + pair[1:-1] + "\uff09"
    return pair


# A kept mark is certain to stay when its context holds no Chinese and no
# mark that could become Chinese (STATIC: ASCII that punct-width never
# converts); any other leaves its line to the line pass:
#   , ; ? !  STATIC right before, STATIC or the line end next (past spaces, quotes);
#   :        STATIC right before;
#   .        a letter or other STATIC right before, not part of a number
#            (_number_before); or a digit right before and the line goes on
#            after the closers (only a number that ends the line ends a sentence).
_STATIC = r"A-Za-z0-9#$%&*+/<=>@\\^_`{|}~\[\]"
_STATIC_NOT_NUMBER = _STATIC.replace("0-9", "").replace("%", "")


def _unsure(mark: str) -> re.Pattern:
    m = re.escape(mark)
    if mark in ",;?!":
        cond = f"(?<![{_STATIC}]{m})|(?![{_S}]*(?:[{_STATIC}\\n]|\\Z))"
    elif mark == ":":
        cond = f"(?<![{_STATIC}]{m})"
    else:
        cond = f"(?<![{_STATIC_NOT_NUMBER}]{m})(?:(?<![0-9]{m})|(?![{_C}]*[^{_C}\\n]))"
    return lazy_compile(f"{m}(?:{cond})")


_UNSURE = {mark: _unsure(mark) for mark in _KEPT}
# Also left to the line pass: parentheses, an ellipsis, a dash
_UNSURE_ALWAYS = {s: lazy_compile(re.escape(s)) for s in ("(", ")", "\u3002\u3002\u3002")}
_DASH = lazy_compile("--")
# What every _PROTECTED span contains (found with str.find: a substring
# search is many times faster than a scan for a character class)
_PROTECTED_NEEDLES = ("`", "@", "&", "<", "\\", "](", "![", "://", "www.")


def _protected_offsets(text: str) -> list[int]:
    """An offset of each line of ``text`` where a protected span may start (for ``_lines_at``)."""
    offsets = []
    find = text.find
    for needle in _PROTECTED_NEEDLES:
        i = find(needle)
        while i >= 0:
            offsets.append(i)
            end = find("\n", i)
            if end < 0:
                break
            i = find(needle, end)
    return offsets


def _replace_all_but(text: str, mark: str, keep: list[int]) -> str:
    """``text`` with every ``mark`` made full-width except those at the offsets ``keep``."""
    new = text.replace(mark, _FULL[mark])
    if not keep:
        return new
    parts = []
    done = 0
    for i in keep:
        parts.append(new[done:i])
        parts.append(mark)
        done = i + 1
    parts.append(new[done:])
    return "".join(parts)


def _lines_at(text: str, offsets) -> list[tuple[int, int]]:
    """The ``(start, end)`` of each line holding one of ``offsets``, in order (linear time)."""
    spans = []
    end = -1
    for i in sorted(offsets):
        if i < end:
            continue  # on the line just found
        end = text.find("\n", i)
        if end < 0:
            end = len(text)
        spans.append((text.rfind("\n", 0, i) + 1, end))
    return spans


def _punct_block(text: str, dashes: bool) -> str:
    """punct-width on text without code blocks: sure conversions, then the line pass where needed."""
    new = text
    unsure: list[int] = []  # offsets of marks that leave their line to the line pass
    for mark, kept in _KEPT.items():
        if mark in new:
            keep = [m.start() for m in kept.finditer(new)]
            new = _replace_all_but(new, mark, keep)
            pattern = _UNSURE[mark]
            unsure.extend(i for i in keep if pattern.match(new, i))
    for half, pattern in _PAIRS:
        if half in new:
            new = pattern.sub(_sure_pair, new)
    for s, pattern in _UNSURE_ALWAYS.items():
        if s in new:
            unsure.extend(m.start() for m in pattern.finditer(new))
    if dashes and "--" in new:
        unsure.extend(m.start() for m in _DASH.finditer(new))
    spans = _lines_at(new, unsure)
    foreign = _foreign_lines(text)
    if foreign:
        # Japanese and Korean lines as they were (step 1 kept the offsets)
        parts = []
        done = 0
        for a, b in foreign:
            parts.append(new[done:a])
            parts.append(text[a:b])
            done = b
        parts.append(new[done:])
        new = "".join(parts)
        starts = {a for a, _ in foreign}
        spans = [(a, b) for a, b in spans if a not in starts]
    # Lines with a protected span that step 1 changed (found in text: step 1
    # may have converted the "!" of "![").
    doubt = {a for a, b in spans}
    spans += [
        (a, b)
        for a, b in _lines_at(text, _protected_offsets(text))
        if a not in doubt and new[a:b] != text[a:b]
    ]
    if not spans:
        return new
    parts = []
    done = 0
    for a, b in sorted(spans):
        line = text[a:b]
        if _PUNCT_TRIGGER.search(line) and _HAN_LINE.search(line):
            line = _fix_line(line, dashes)
        parts.append(new[done:a])
        parts.append(line)
        done = b
    parts.append(new[done:])
    return "".join(parts)


def _blocks(text: str):
    """Yield ``(chunk, in_code)``: runs of whole lines, fenced code blocks apart (as _lines sees them)."""
    if "```" not in text and "~~~" not in text:
        yield text, False
        return
    run: list[str] = []
    code = False
    for _, line, in_code in _lines(text):
        if run and in_code != code:
            yield "\n".join(run), code
            run = []
        run.append(line)
        code = in_code
    yield "\n".join(run), code


@rule("punct-width", options=("dashes",))
def punct_width(text: str, *, dashes: bool = False) -> str:
    """Make half-width punctuation in Chinese text full-width: , . ; : ? ! ( ) ... (and -- with dashes).

    A mark is converted when its neighbours are Chinese (looking past spaces
    and quotes): a comma, semicolon, question or exclamation mark with
    Chinese on either side, a colon or full stop after Chinese, a pair of
    parentheses with Chinese inside or around it.  Numbers, times, URLs,
    e-mail addresses, file names, code and Latin-only text keep their marks.

    >>> punct_width("他说:今天天气很好,我们去公园吧!")
    '他说：今天天气很好，我们去公园吧！'
    >>> punct_width("本报讯(记者 叶江)日前,全市")
    '本报讯（记者 叶江）日前，全市'
    >>> punct_width("九县(市、区)各有特色.")
    '九县（市、区）各有特色。'
    >>> punct_width("增长20.46%,完成零售额490.8亿元.")
    '增长20.46%，完成零售额490.8亿元。'
    >>> punct_width("报道 : 日前,安徽省组织多路小分队 ,深入")
    '报道 ： 日前，安徽省组织多路小分队 ，深入'
    >>> punct_width("他说...好吧。。。")
    '他说……好吧……'

    Left alone:

    >>> punct_width("会议于10:30开始,共1,000人,占96.2%。")
    '会议于10:30开始，共1,000人，占96.2%。'
    >>> punct_width("Hello, world. (a) and (1).")
    'Hello, world. (a) and (1).'
    >>> punct_width("请打开 config.yaml 或 说明.txt,见 https://example.com/a?b=1,c")
    '请打开 config.yaml 或 说明.txt，见 https://example.com/a?b=1,c'
    >>> punct_width("运行 `a, b = f(x)` 即可")
    '运行 `a, b = f(x)` 即可'
    >>> punct_width("告别弄堂--上海")
    '告别弄堂--上海'
    >>> punct_width("告别弄堂--上海", dashes=True)
    '告别弄堂——上海'
    """
    if not _PUNCT_TRIGGER.search(text):
        return text
    new = "\n".join(chunk if code else _punct_block(chunk, dashes) for chunk, code in _blocks(text))
    return text if new == text else new


# --------------------------------------------------------------------------
# quote-pair

# A quote right after one of these opens a quotation even inside another
# ("他说：" then a quote), and one right before one of these closes it.
_OPENS_AFTER = frozenset(":\uff1a(\uff08\u300a\u3010")
#: The full-width marks that follow a closing quote: ，。、；：？！）》】.
_FULLWIDTH_AFTER_CLOSE = "\uff0c\u3002\u3001\uff1b\uff1a\uff1f\uff01\uff09\u300b\u3011"
_CLOSES_BEFORE = frozenset(",.;:?!)" + _FULLWIDTH_AFTER_CLOSE)


def _closes(before: str, after: str) -> bool:
    """A straight quote that can only close: content before it, nothing or a mark after it."""
    return bool(before) and before not in _SPACES and (not after or after in _SPACES or after in _CLOSES_BEFORE)


def _opens(before: str, after: str) -> bool:
    """A straight quote that can only open: after a colon or opening bracket, content after it."""
    return before in _OPENS_AFTER and bool(after) and after not in _SPACES and after not in _CLOSES_BEFORE


# The quotes of one kind, straight and curly, by the straight one
_QUOTE_KINDS = {'"': lazy_compile('["\u201c\u201d]'), "'": lazy_compile("['\u2018\u2019]")}


def _pair(line: str, free: list[bool], straight: str, opener: str, closer: str):
    """Pair the quotes of one kind left to right; return the pairs and the unpaired quotes.

    Curly quotes already in the line are anchors; a straight quote opens or
    closes by alternation, unless the characters around it say otherwise.
    Apostrophes (``don't``) and primes after a number outside a quotation
    (``5'11"``) are not quotes.
    """
    pairs: list[tuple[int, int]] = []
    lone: list[int] = []
    open_at: int | None = None
    marks = [m.start() for m in _QUOTE_KINDS[straight].finditer(line) if free[m.start()]]
    skip = 0
    for k, i in enumerate(marks):
        if skip:
            skip -= 1
            continue
        ch = line[i]
        if ch == opener:
            if open_at is not None:
                lone.append(open_at)
            inner = _nested(line, marks[k : k + 4], straight, closer)
            if inner:
                pairs.append((i, marks[k + 3]))
                pairs.append(inner)
                open_at = None
                skip = 3
                continue
            open_at = i
            continue
        if ch == closer:
            if open_at is None:
                lone.append(i)
            else:
                pairs.append((open_at, i))
                open_at = None
            continue
        before = line[i - 1] if i > 0 else ""
        after = line[i + 1] if i + 1 < len(line) else ""
        if before.isascii() and before.isalnum() and after.isascii() and after.isalnum():
            continue  # don't, 5'11
        if open_at is None:
            if before.isdigit():
                continue  # a prime: 30", 5'
            if _closes(before, after):
                lone.append(i)  # its opener is lost
            else:
                open_at = i
        elif _opens(before, after):
            lone.append(open_at)
            open_at = i
        else:
            pairs.append((open_at, i))
            open_at = None
    if open_at is not None:
        lone.append(open_at)
    return pairs, lone


# Marks that end a sentence or clause: a quoted term has none.
_CLAUSE_MARKS = frozenset("\uff0c\u3002\uff1b\uff01\uff1f\uff1a,.;!?:")


def _nested(line: str, four: list[int], straight: str, closer: str) -> tuple[int, int] | None:
    """A straight pair nested in a curly one (“综合"到位"拯救。”): the inner pair, or None.

    Only when exactly two straight quotes stand between a curly opener and
    its closer, with text on both sides of them inside the quotation, and
    the text they enclose is a term (no clause or sentence mark): otherwise
    (“15 类"企业，谁就"死”) OCR mixed the kinds and they pair with the
    curly ones.
    """
    if len(four) < 4:
        return None
    o, a, b, c = four
    if line[a] != straight or line[b] != straight or line[c] != closer:
        return None
    if a + 1 == b or line[a + 1] in _SPACES or line[b - 1] in _SPACES:
        return None
    # At the end of the quotation ("“他说"好"”"), the two straight quotes
    # cannot pair with the curly ones (the second would close nothing): a
    # nested quotation, even of a clause, if the quotation has text before it.
    at_end = b + 1 == c
    if at_end and a - 1 == o:
        return None  # (“"好"”: the quotes doubled, not nested)
    if line[a - 1] in _SPACES or line[a - 1].isdigit() or (not at_end and line[b + 1] in _SPACES):
        return None
    for q in (a, b):
        if line[q - 1].isascii() and line[q - 1].isalnum() and line[q + 1].isascii() and line[q + 1].isalnum():
            return None  # an apostrophe
    if not at_end and any(ch in _CLAUSE_MARKS for ch in line[a + 1 : b]):
        return None
    return (a, b)


#: A lone straight quote after one of these opens: a colon or an opening
#: bracket, or an enumeration comma (“甲”、"乙).
_LONE_OPENS_AFTER = frozenset(":\uff1a(\uff08\u300a\u3010\u3001")
#: Verbs of saying that introduce direct speech (common Chinese reporting
#: verbs, two characters each: one character such as 说 or 道 also ends
#: nouns, 小说, 知道): a lone straight quote right after one opens
#: (叮嘱"长委人).
_REPORTING_VERBS = frozenset(
    ["叮嘱", "嘱咐", "说道", "写道", "问道", "答道", "笑道", "喊道", "表示", "指出", "强调", "宣布",
     "呼吁", "告诉", "提醒", "感叹", "坦言", "直言", "透露", "回答"]
)
#: A lone straight quote before one of these closes: the full-width marks
#: that follow a closing quote (not an opening bracket or quote, nor a
#: space).
_LONE_CLOSES_BEFORE = frozenset(_FULLWIDTH_AFTER_CLOSE + "\u2026\u2014")


#: The blanks cjk-space strips at a line's edges.
_EDGE_BLANKS = " \u3000"


def _fix_quotes(line: str, chars: list[str], free: list[bool], straight: str, opener: str, closer: str) -> bool:
    pairs, lone = _pair(line, free, straight, opener, closer)
    changed = False
    double = straight == '"'
    for o, c in pairs:
        if line[o] != straight and line[c] != straight:
            continue
        if line[o] == straight and line[c] == straight and _command_argument(line, o):
            continue  # git commit -m "修复", name="张三": part of a command
        inside = line[o + 1 : c]
        if _HAN_LINE.search(inside) or (double and inside.strip() and _quote_outside_chinese(chars, o, c)):
            if line[o] == straight:
                chars[o] = opener
            if line[c] == straight:
                chars[c] = closer
            changed = True
    if double:
        for i in lone:
            if line[i] != straight:
                continue
            before = line[i - 1] if i > 0 else ""
            after = line[i + 1] if i + 1 < len(line) else ""
            # (blanks at the line's edge are no neighbours: cjk-space strips
            # them, and the next run would see the edge itself)
            if after in _EDGE_BLANKS and not line[i + 1 :].strip(_EDGE_BLANKS):
                after = ""
            if before in _EDGE_BLANKS and not line[:i].strip(_EDGE_BLANKS):
                before = ""
            # A quote whose partner the OCR lost: only where its side is
            # certain.  An opener starts the line or follows a mark that
            # opens ("他说："你好。) or a verb of saying (叮嘱"长委人), a
            # closer ends the line or comes before a mark that follows a
            # closing quote ("你好"，他说).  Between two
            # other Han characters (奖章"获得者) or next to a space or a
            # mark that both may follow (，"  。"), it stays straight.
            opens = not before or before in _LONE_OPENS_AFTER or (i >= 2 and line[i - 2 : i] in _REPORTING_VERBS)
            if after and _HAN.match(after) and opens:
                chars[i] = opener
                changed = True
            elif before and _HAN.match(before) and (not after or after in _LONE_CLOSES_BEFORE):
                chars[i] = closer
                changed = True
    return changed


# A command-line option: "-m", "--message".
_OPTION = lazy_compile(r"--?[A-Za-z][A-Za-z0-9-]*")


def _command_argument(line: str, o: int) -> bool:
    """Is the straight quote at ``o`` an argument of a Latin command in a
    Chinese line: right after ``=`` (``name="张三"``, ``--message="修复"``)
    or after a command-line option and a space (``git commit -m "修复"``)?
    Such quotes are syntax and stay straight (issue 16).

    >>> _command_argument('运行 git commit -m "修复"', 17), _command_argument('他说 "好"', 3)
    (True, False)
    """
    if o > 0 and line[o - 1] == "=":
        return True
    # (walks back over the spaces and the word before this quote only:
    # linear over a line)
    k = o
    while k > 0 and line[k - 1] in " \t":
        k -= 1
    if k == o:
        return False
    end = k
    while k > 0 and line[k - 1].isascii() and (line[k - 1].isalnum() or line[k - 1] == "-"):
        k -= 1
    if k > 0 and line[k - 1] not in " \t":
        return False
    return _OPTION.fullmatch(line, k, end) is not None


_LATIN_WORD = lazy_compile("[A-Za-z]{2,}")


def _quoting_in_latin(line: str, free: list[bool]) -> bool:
    """Is this Latin text (a command line, an English sentence) that quotes some Chinese?

    ``git commit -m "蛤"``, ``Remove '铁蕾' from 1 Folder?``: outside the
    innermost quotations there is a Latin word and nothing Chinese (no Han,
    kana or full-width punctuation).  Such quotes stay straight.
    """
    pairs = []
    for straight, opener, closer in (('"', "\u201c", "\u201d"), ("'", "\u2018", "\u2019")):
        if straight in line:
            pairs += _pair(line, free, straight, opener, closer)[0]
    if not pairs:
        return False
    inside = [False] * len(line)
    for o, c in _innermost(pairs):
        inside[o : c + 1] = [True] * (c + 1 - o)
    outside = "".join(" " if hidden else ch for ch, hidden in zip(line, inside))
    if _HAN.search(outside) or any(ch in _CJK_PUNCT for ch in outside):
        return False
    return _LATIN_WORD.search(outside) is not None


def _innermost(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The pairs ``(o, c)`` with no other pair ``(o2, c2)``, ``o < o2 and c2 < c``,
    inside them (one sweep from the right, so a long line stays linear).

    >>> _innermost([(0, 9), (2, 4), (6, 8), (10, 12)])
    [(2, 4), (6, 8), (10, 12)]
    """
    out = []
    ordered = sorted(pairs, reverse=True)
    min_close = float("inf")  # the least close among pairs opening further right
    k = 0
    while k < len(ordered):
        o = ordered[k][0]
        group = k
        while k < len(ordered) and ordered[k][0] == o:
            if not min_close < ordered[k][1]:
                out.append(ordered[k])
            k += 1
        for _, c in ordered[group:k]:
            min_close = min(min_close, c)
    return sorted(out)


def _quote_outside_chinese(chars: list[str], o: int, c: int) -> bool:
    before = _prev(chars, o, quotes=False)
    after = _next(chars, c, quotes=False)
    return bool((before and _is_cjk(before)) or (after and _is_cjk(after)))


# One pattern per quote character: a single character is the fastest scan.
_STRAIGHT = {'"': lazy_compile('"'), "'": lazy_compile("'")}


@rule("quote-pair")
def quote_pair(text: str) -> str:
    """Turn straight quotes around Chinese into paired curly quotes “…” and ‘…’.

    Quotes are paired left to right within a line (one paragraph once
    ``line-wrap`` has run), using curly quotes already there as anchors and
    the characters around each mark as a hint (a quote before ``，`` or at
    the end of a line closes, one after ``：`` opens).  A pair is
    converted when the quoted text is Chinese, or (double quotes) when the
    text around it is.

    >>> quote_pair('他说"你好",然后走了')
    '他说“你好”,然后走了'
    >>> quote_pair("他说'你好'")
    '他说‘你好’'
    >>> quote_pair('取缔沿淮“15 类"企业，谁就"死”')
    '取缔沿淮“15 类”企业，谁就“死”'
    >>> quote_pair('他说：“综合"到位"拯救。”')
    '他说：“综合“到位”拯救。”'

    Left alone:

    >>> quote_pair('He said "hello", don\\'t worry; 身高5\\'11"。')
    'He said "hello", don\\'t worry; 身高5\\'11"。'
    >>> quote_pair("「一國兩制」和『中文』")
    '「一國兩制」和『中文』'
    >>> quote_pair('代码 `print("中文")` 不变')
    '代码 `print("中文")` 不变'
    >>> quote_pair("Remove '铁蕾' from 1 Folder?")
    "Remove '铁蕾' from 1 Folder?"
    """
    if '"' not in text and "'" not in text:
        return text
    new = "\n".join(chunk if code else _quote_block(chunk) for chunk, code in _blocks(text))
    return text if new == text else new


def _quote_block(text: str) -> str:
    """quote-pair on text without code blocks: only the lines with a straight quote."""
    quotes = [m.start() for quote in "\"'" if quote in text for m in _STRAIGHT[quote].finditer(text)]
    parts = []
    done = 0
    for a, b in _lines_at(text, quotes):
        line = text[a:b]
        if not _HAN_LINE.search(line) or _foreign(line):
            continue
        free = _mask(line)
        if _quoting_in_latin(line, free):
            continue
        chars = list(line)
        # a kind without a straight quote in the line has nothing to convert
        changed = '"' in line and _fix_quotes(line, chars, free, '"', "\u201c", "\u201d")
        changed = ("'" in line and _fix_quotes(line, chars, free, "'", "\u2018", "\u2019")) or changed
        if changed:
            parts.append(text[done:a])
            parts.append("".join(chars))
            done = b
    if not parts:
        return text
    parts.append(text[done:])
    return "".join(parts)

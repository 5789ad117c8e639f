"""OCR-repeated characters: one Han character read twice by an OCR engine.

Repairs
    "座谈会会在苍南县召开" -> "座谈会在苍南县召开", "丽水水特色" -> "丽水特色":
    a character doubled where the first copy ends a word and the second
    belongs to nothing.

Must not touch
    Reduplication (常常, 人人, 天天向上, 看看, 谢谢, 仅仅, 渐渐, 纷纷, 个个,
    层层, 一步步, 一批批, 实实在在, 的的确确, names such as 丽丽, 婷婷);
    a doubled character shared by two words (中国国际, 组织部部长, 今年年底,
    学生会会长, 交通通达); two single-character words that happen to meet
    (破硬硬破解: neither copy belongs to a longer word, so there is no
    evidence); a first copy alone before a word starting with X (推进会会议:
    the first copy may end a compound the word list lacks); AABB (崖崖畔畔);
    the most frequent single-character words (年, 中, 的, 在, 是:
    "1997年年初", "项目中中标" are ordinary text); runs of three or more;
    a first copy that ends a word before a second that starts a
    four-character idiom (人民 + 民为邦本, 发言 + 言为心声), also one that
    wordfreq's list lacks.

How it decides
    With word evidence from ``wordfreq``'s Chinese list (simplified;
    traditional text is mapped with OpenCC ``t2s`` before lookup), and
    THUOCL's list of four-character idioms (:file:`data/chengyu_thuocl.txt`,
    whose header names the source): wordfreq's list lacks (or holds below
    ``_KNOWN``) about 4,600 of its 7,874 idioms, which the segmenter then counts as
    known words (``_IDIOM``); a second copy that starts one is never
    collapsed, as the reading that keeps the idiom whole.  For each
    isolated "XX", the Han text around it (up to six characters each side)
    is segmented with a unigram model (the most probable split into words
    of the list), once as it stands and once with one X removed.  The
    repeat is collapsed only if, as it stands, the first X ends a known word
    of two or more characters, the second is a word on its own between Han
    characters and is followed by a word (or a frequent single-character
    word such as 在), "XX" is not a word nor a reduplication the list knows
    ("XX", "一XX", "XXYY", "XXY...", "YXX"), and the text with one X removed
    is more probable by a large margin (``_MARGIN``).  When in doubt,
    nothing changes.

Known limits
    A unigram model cannot tell "座谈会会在" (OCR) from "社会会变得" or
    "可以以受益人" (prose: the second copy is the modal 会, the preposition
    以), nor "丽水水特色" from "英語系系學生會" or "抗法法不容" (the second
    copy starts a phrase the list lacks): all are collapsed.  On 1.9 million
    characters of clean SIGHAN 2005 test text (icwb2-data) the rule makes
    these 4 edits; a ``_MARGIN`` of 6.5 keeps the first two, at the price of
    "座谈会会在".

Cost
    Every text pays one regular-expression scan for doubled characters
    (those with a Han character on each side are the candidates);
    the word list loads (about 0.3 s, once per process) only when a Han
    candidate is found, and decisions are remembered per window within one
    call (nothing about the text is kept across calls).
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from functools import lru_cache
from pathlib import Path

from ..chardata import CJK_URO
from . import rule

# A Han character doubled between two Han characters: only there can the
# first copy end a word and the second stand alone (``_is_repeat`` turns the
# others away).  Any character doubled is found first (stdlib re:
# back-references scan ~4x faster than with the regex module, and without a
# class in front, faster still); the look around is paid by pairs only.  The
# scan does not overlap, so "XXX" gives one; an isolated "XX" is never the
# second half of another match, so every candidate is found.
_DOUBLED = re.compile(f"(.)\\1(?=[{CJK_URO}])(?<=[{CJK_URO}]{{3}})")
# The Han context of a candidate: up to _WINDOW characters on each side.
_HAN_BEFORE = re.compile(f"[{CJK_URO}]*\\Z")
_HAN_AFTER = re.compile(f"[{CJK_URO}]*")

#: Han characters of context taken on each side of a candidate.
_WINDOW = 6
#: Longest word the segmenter tries (the window is 14 characters).
_MAX_WORD = 8
#: Log-probability of a character the list does not know.
_UNKNOWN = math.log(1e-9)
#: How much more probable (natural log) the text must be with one X
#: removed.  For an orphan X this is about -log p(X): it keeps the most
#: frequent single-character words (年 5.4, 中 5.4, 在 4.2, 的 2.8), which
#: often meet a copy of themselves in ordinary text, and lets 会 (5.8),
#: 水 (8.5) and rarer characters through.
_MARGIN = 5.6
#: wordfreq frequency from which a single character is a function word
#: that starts no compound with what precedes it (在 0.014, 的 0.06).
_FUNCTION_WORD = 1e-3
#: wordfreq frequency from which a word counts as known; below it the list
#: holds segmentation noise ("会会" 2e-8, "水水" 7e-8).
_KNOWN = 1e-7
#: Both copies in words ("图书" + "书馆"): the word that spans them once one
#: is removed (图书馆) counts as evidence only if it is this common, and this
#: many times as common as the word the second copy starts.  A PDF viewer's
#: copy doubles characters so where a font's character map is broken; prose
#: has the second word common and the spanning one rare or absent (大学 +
#: 学生: 大学生 is rarer than 学生; 今年 + 年底, 组织部 + 部长, 中国 + 国际).
_SPANNING = 1e-5
_SPANNING_RATIO = 10
#: Four-character idioms (THUOCL's chengyu list, see the file's header):
#: wordfreq's list lacks (or holds below _KNOWN) about 4,600 of its 7,874.
_IDIOM_FILE = Path(__file__).resolve().parent.parent / "data" / "chengyu_thuocl.txt"
#: The frequency an idiom counts with in the segmenter when wordfreq gives
#: it less: a known word's (an idiom is a set phrase, never noise).
_IDIOM = _KNOWN


@lru_cache(maxsize=1)
def _words() -> dict[str, float]:
    from wordfreq import get_frequency_dict  # heavy: its tables load on first need

    return get_frequency_dict("zh", wordlist="large")


@lru_cache(maxsize=1)
def _t2s():
    import opencc  # heavy: loaded only for traditional text

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def _reduplicating() -> frozenset[str]:
    """Characters the word list shows reduplicated: XX, 一XX, XXYY, XXY..., YXX.

    Built from the list itself, counting only words at or above ``_KNOWN``.
    """
    chars = set()
    for word, freq in _words().items():
        if freq < _KNOWN or len(word) < 2:
            continue
        a = word[0]
        if word[1] == a and not a.isascii():
            # XX (常常), XXYY (高高兴兴), XXY... (年年有余)
            chars.add(a)
        if len(word) == 3 and word[1] == word[2] and word[0] != word[1] and not word[1].isascii():
            # 一XX (一步步) and YXX (绿油油)
            chars.add(word[1])
    return frozenset(chars)


@lru_cache(maxsize=1)
def _idioms() -> frozenset[str]:
    """The four-character idioms of :data:`_IDIOM_FILE`."""
    lines = _IDIOM_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def _logp(word: str) -> float | None:
    f = _words().get(word)
    if len(word) == 4 and (f or 0.0) < _IDIOM and word in _idioms():
        f = _IDIOM
    return math.log(f) if f else None


def _segment(text: str) -> tuple[float, tuple[str, ...]]:
    """Most probable split of ``text`` into words of the list (unigram model)."""
    n = len(text)
    best = [0.0] + [-math.inf] * n
    back = [0] * (n + 1)
    for j in range(1, n + 1):
        for i in range(max(0, j - _MAX_WORD), j):
            if best[i] == -math.inf:
                continue
            lp = _logp(text[i:j])
            if lp is None:
                if j - i > 1:
                    continue
                lp = _UNKNOWN
            score = best[i] + lp
            if score > best[j]:
                best[j] = score
                back[j] = i
    words = []
    j = n
    while j > 0:
        words.append(text[back[j] : j])
        j = back[j]
    return best[n], tuple(reversed(words))


def _token_at(words: tuple[str, ...], index: int) -> tuple[int, str]:
    """(start, word) of the word covering character ``index``."""
    start = 0
    for w in words:
        if start <= index < start + len(w):
            return start, w
        start += len(w)
    raise IndexError(index)


def _is_repeat(left: str, x: str, right: str) -> bool:
    """Is the "XX" between Han context ``left`` and ``right`` one X read twice?"""
    kept = left + x + x + right
    simplified = _t2s().convert(kept)
    if len(simplified) != len(kept):
        return False
    if simplified != kept:
        left = simplified[: len(left)]
        x = simplified[len(left)]
        right = simplified[len(left) + 2 :]
        kept = simplified
    if x in _reduplicating() or (_words().get(x + x, 0.0) >= _KNOWN):
        return False
    if left.endswith("一") and _logp("一" + x) is not None:
        return False  # a measure word repeated: 一年年, 一批批
    if kept[len(left) + 1 : len(left) + 5] in _idioms():
        return False  # the second copy starts an idiom: 人民 + 民为邦本
    score_kept, words = _segment(kept)
    i = len(left)
    s1, w1 = _token_at(words, i)
    s2, w2 = _token_at(words, i + 1)
    if s1 == s2:
        return False  # XX inside one word
    if len(w1) > 1 and len(w2) > 1:
        # Both copies in words: prose (今年年底), unless a common word spans
        # them once one goes (图书 + 书馆: 图书馆).
        if not _spans_one_word(w1, w2):
            return False
    else:
        if len(w1) == 1 or len(w2) > 1:
            # Neither copy in a word (破硬硬破解), or the first one alone
            # before a word that starts with X: then the first copy often
            # ends a compound the list lacks (推进会 + 会议精神, 项目中 +
            # 中标), so only "word ending in X, X alone" is taken as evidence.
            return False
        if not right:
            return False  # the lone copy must stand between Han characters
        if _words().get(w1, 0.0) < _KNOWN:
            return False  # the word the first copy ends is segmentation noise (道钉)
        # What follows the lone copy must read on its own: a word, or a
        # frequent single-character word (在, 的).  Other single characters
        # may make an unlisted compound with it (船闸 + 闸室, 图书馆 + 馆史).
        after = _token_at(words, i + 2)[1]
        if len(after) == 1 and _words().get(after, 0.0) < _FUNCTION_WORD:
            return False
    score_collapsed, _ = _segment(left + x + right)
    return score_collapsed - score_kept >= _MARGIN


def _spans_one_word(w1: str, w2: str) -> bool:
    """Is ``w1`` (ending in X) + ``w2`` (starting with X), with one X, a
    common word much commoner than ``w2`` (``_SPANNING``)?

    >>> _spans_one_word("图书", "书馆"), _spans_one_word("大学", "学生"), _spans_one_word("中国", "国际")
    (True, False, False)
    """
    words = _words()
    f = words.get(w1 + w2[1:], 0.0)
    return f >= _SPANNING and f >= _SPANNING_RATIO * words.get(w2, 0.0) and words.get(w1, 0.0) >= _KNOWN


@rule("ocr-repeat")
def collapse_ocr_repeats(text: str) -> str:
    """Collapse a Han character that OCR read twice, where words leave no doubt.

    >>> collapse_ocr_repeats("一场特别的座谈会会在苍南县召开。")
    '一场特别的座谈会在苍南县召开。'
    >>> collapse_ocr_repeats("出台具有丽水水特色的现场管理标准")
    '出台具有丽水特色的现场管理标准'
    >>> collapse_ocr_repeats("他在图书书馆里看书")
    '他在图书馆里看书'

    Reduplication, shared characters and two single-character words stay:

    >>> collapse_ocr_repeats("我们常常说，人人天天向上，谢谢。")
    '我们常常说，人人天天向上，谢谢。'
    >>> collapse_ocr_repeats("中国国际航空，组织部部长，今年年底。")
    '中国国际航空，组织部部长，今年年底。'
    >>> collapse_ocr_repeats("实打实了解需求，破硬硬破解难题。")
    '实打实了解需求，破硬硬破解难题。'
    """
    decisions: dict[tuple[str, int], bool] = {}
    while True:
        result, again = _one_pass(text, decisions)
        if not again:
            return result
        # A repair changed the context of a candidate near it: look again.
        text = result


def _one_pass(text: str, decisions: dict[tuple[str, int], bool]) -> tuple[str, bool]:
    """Collapse the repeats of ``text``; also say whether a repair fell
    within the window of another candidate (whose decision may change).

    ``decisions`` holds the verdicts of this call so far, by the text around
    the candidate (a document repeats its phrases; nothing is kept across
    calls).

    Only a doubled Han character between Han characters is a candidate: any
    other "XX" is never collapsed, and no repair changes the neighbours of
    an isolated "XX" (a repair next to it would make AABB), so the text a
    repair leaves around it cannot make it one either.
    """
    pieces: list[str] = []
    last = 0
    n = len(text)
    seen: list[int] = []
    edits: list[int] = []
    for match in _DOUBLED.finditer(text):
        x = match.group(1)
        start, end = match.span()
        # Not in a longer run (哈哈哈), nor half of AABB (崖崖畔畔).  (The
        # scan saw a Han character on each side: start > 0 and end < n.)
        if (text[start - 1] != x and (start < 2 or text[start - 2] != text[start - 1])) and (
            text[end] != x and (end + 1 >= n or text[end] != text[end + 1])
        ):
            seen.append(start)
            # The verdict depends on the characters within _WINDOW only.
            lo = start - _WINDOW if start > _WINDOW else 0
            context = (text[lo : end + _WINDOW], start - lo)
            repeat = decisions.get(context)
            if repeat is None:
                left = _HAN_BEFORE.search(text, lo, start).group()
                right = _HAN_AFTER.match(text, end, end + _WINDOW).group()
                repeat = decisions[context] = _is_repeat(left, x, right)
            if repeat:
                pieces.append(text[last : start + 1])
                last = end
                edits.append(start)
    if not pieces:
        return text, False
    pieces.append(text[last:])
    return "".join(pieces), _near_other(edits, seen, 2 * _WINDOW + 2)


def _near_other(edits: list[int], seen: list[int], near: int) -> bool:
    """Is a candidate of ``seen`` (ascending) at most ``near`` from an edit of
    ``edits`` (ascending), other than the edit itself?"""
    for e in edits:
        k = bisect_left(seen, e - near)
        while k < len(seen) and seen[k] <= e + near:
            if seen[k] != e:
                return True
            k += 1
    return False

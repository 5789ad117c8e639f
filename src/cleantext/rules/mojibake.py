"""Mojibake: text decoded with the wrong character encoding.

Repairs
    * UTF-8 read as GBK/GB18030 ("浣犲ソ涓栫晫" → "你好世界");
    * UTF-8 read as Latin-1 or Windows-1252 ("ä»Šå¤©å¤©æ°”å¾ˆå¥½" →
      "今天天气很好", "cafÃ©" → "café"): ftfy's ``fix_encoding`` decides,
      on the run of Latin-1/Windows-1252 characters only;
    * GBK or Big5 read as Latin-1 ("ÈËÃñÈÕ±¨" → "人民日报", "¤¤¤å" → "中文");
    * lone C1 control characters that are Windows-1252 punctuation read as
      Latin-1 ("\\x93" → "“").

    Each repair is made per run of suspicious characters, so one garbled
    sentence inside clean text is repaired and the clean text around it is
    not looked at.  A repair is made only when the round trip is exact
    (encode with the codec that misread the text, decode with the right
    one, both strict; ftfy may also restore a no-break space that became a
    space) and the result is more plausible: Chinese results must consist of
    common Han characters (character frequencies from ``wordfreq``) where
    the input had rare ones or none, and read as words, not merely decode:
    most of its Han characters must pair with a neighbour into a pair found
    inside a word of wordfreq's Chinese list.

Reports, does not repair
    :func:`detect_unrecoverable` finds the "锟斤拷" family (UTF-8
    replacement characters read as GBK), "烫烫烫" and "屯屯屯" (uninitialised
    memory, 0xCC and 0xCD bytes, read as GBK; "ÌÌÌÌ"/"ÍÍÍÍ" read as
    Latin-1) and runs of U+FFFD.  The original bytes are gone; the rule
    leaves them alone.

Must not touch
    Clean Chinese text (it costs two character-class searches and is never
    changed),
    Latin-1 text ("café", "naïve", German, French, Portuguese: ftfy's
    negative cases), U+0085 (NEL, a line break for ``normalize``), and
    full-width punctuation: ftfy is called with its width, quote and
    normalization fixes off, on the suspicious run only.  Leader dots and
    other runs of one symbol ("目录··········12", "±±±±"), which decode as
    GBK to "贩贩贩贩贩" and "北北"; two Latin-1 symbols that are UTF-8 of a
    lone Hebrew or Arabic letter ("×ª"); a clean symbol right after or
    before a misread run ("°C" after it is not the GBK character 癈).
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from dataclasses import dataclass
from typing import ClassVar

from ..chardata import HAN_THROUGH_PLANE_3, lazy_compile, lazy_regex
from . import rule
from .convert import converter

# --------------------------------------------------------------------------
# Character classes, built once from the codecs themselves.

_SLOPPY = "sloppy-windows-1252"


def _sloppy_decode(data: bytes) -> str:
    """``data.decode("sloppy-windows-1252")`` for bytes 0x80..0xFF, without
    importing ftfy (whose codec that is) at import time: Windows-1252, and
    the five bytes it leaves undefined as Latin-1."""
    out = []
    for b in data:
        try:
            out.append(bytes((b,)).decode("cp1252"))
        except UnicodeDecodeError:
            out.append(chr(b))
    return "".join(out)


#: What bytes 0x80..0xBF (UTF-8 continuation bytes) look like when read as
#: Windows-1252 or as Latin-1 (0x80..0x9F are then C1 controls).
_CONT = "".join(sorted(set(_sloppy_decode(bytes(range(0x80, 0xC0)))) | set(map(chr, range(0x80, 0xC0)))))
#: Every character a byte 0x80..0xFF can become when read as Windows-1252/Latin-1.
_HIGH = _sloppy_decode(bytes(range(0x80, 0x100)))
_CONT_CHARS = frozenset(_CONT)
_CP1252_SPECIALS = "".join(ch for ch in _HIGH if ord(ch) > 0xFF)


def _class(chars: str) -> str:
    return "[" + "".join(re.escape(c) for c in chars) + "]"


def _gbk_chars(first: range, second: range) -> str:
    out = []
    for b1 in first:
        for b2 in second:
            try:
                ch = bytes((b1, b2)).decode("gb18030")
            except UnicodeDecodeError:
                continue
            if len(ch) == 1:
                out.append(ch)
    return "".join(out)


_LEAD3 = range(0xE2, 0xF0)  # UTF-8 lead bytes of U+2000..U+FFFF (CJK, punctuation)
_CONT_BYTES = range(0x80, 0xC0)
#: UTF-8 read as GBK pairs a lead byte with a continuation byte, then a
#: continuation byte with the next lead byte: two characters in a row of
#: these shapes are the trigger for that repair.
_GBK_LEAD_CONT = _gbk_chars(_LEAD3, _CONT_BYTES)
_GBK_CONT_LEAD = _gbk_chars(_CONT_BYTES, _LEAD3)

#: The cheap gates, one character class each (an alternation of patterns
#: costs several times more on clean text): a Latin-1 character, where every
#: misreading as Latin-1/Windows-1252 and every C1 control starts; or two
#: characters in a row of the shapes UTF-8 read as GBK produces.
# (The regex module searches a class of one range about seven times faster
# than the re module.)
_LATIN_GATE = lazy_regex("[\u0080-\u00fe]")
_UTF8_AS_LATIN = lazy_compile("[\u00c2-\u00f4]" + _class(_CONT) + "|\u00c3 ")
_GBK_TRIGGER = lazy_compile(_class(_GBK_LEAD_CONT) + _class(_GBK_CONT_LEAD))
_LATIN_PAIR = lazy_compile("[\u00a1-\u00fe][\u0040-\u007e\u00a1-\u00fe]")

#: A run of characters that a single-byte (Latin-1/Windows-1252) misreading
#: produces: ASCII, tab, Latin-1 and the Windows-1252 punctuation.
_SEGMENT_CHARS = frozenset(
    "\t" + "".join(map(chr, range(0x20, 0x7F))) + "".join(map(chr, range(0x80, 0x100))) + _CP1252_SPECIALS
    # C0 controls that carry no layout and the separators VT, FS, GS, RS
    # (invisible removes them or makes them line breaks later, issue 16): a
    # run split by one is still one run ("æ¼¢\x00å\xa0¡" is 漢堡)
    + "".join(map(chr, range(0x09))) + "\x0b" + "".join(map(chr, range(0x0E, 0x20))) + "\x7f"
)
#: The byte each Latin-1 / Windows-1252 character stands for.
_BYTE_OF = {**{chr(b): b for b in range(0x100)}, **{ch: b for b, ch in zip(range(0x80, 0x100), _HIGH) if ord(ch) > 0xFF}}


def _byte_class(*ranges: tuple[int, int]) -> str:
    return _class("".join(ch for ch, b in _BYTE_OF.items() if any(lo <= b <= hi for lo, hi in ranges)))


#: Double-byte characters read byte by byte: a lead byte, then a trail byte
#: (which may be ASCII).  GBK: lead 0x81..0xFE, trail 0x40..0x7E, 0x80..0xFE;
#: Big5: lead 0xA1..0xF9, trail 0x40..0x7E, 0xA1..0xFE.
_LEGACY = (
    (("gbk", "gb18030"), lazy_compile(
        lambda: f"(?:{_byte_class((0x81, 0xFE))}{_byte_class((0x40, 0x7E), (0x80, 0xFE))})+"
    )),
    (("big5", "cp950"), lazy_compile(
        lambda: f"(?:{_byte_class((0xA1, 0xF9))}{_byte_class((0x40, 0x7E), (0xA1, 0xFE))})+"
    )),
)
_C1 = lazy_compile("[\u0080-\u0084\u0086-\u009f]")
_CJK_LEAD_SPACE = lazy_compile(f"[\u00e3-\u00e9\u00ef](?:{_class(_CONT)} | {_class(_CONT)})")
_CJK_LEAD_SPACE_BYTES = lazy_compile(rb"[\xe3-\xe9\xef](?:[\x80-\xbf] | [\x80-\xbf])")
#: Still garbled after a piecewise UTF-8 repair: two high Latin-1
#: characters in a row (GB2312 bytes), C1 controls, private use.
_LEFTOVER = lazy_compile("[\u00a1-\u00fe]{2}|[\u0080-\u009f\ue000-\uf8ff\U000f0000-\U0010ffff]")
_CONT_CLASS = _class(_CONT)
#: A UTF-8 multi-byte sequence as Windows-1252/Latin-1 characters.
_UTF8_SHAPED = lazy_compile(
    f"[\u00c2-\u00df]{_CONT_CLASS}|[\u00e0-\u00ef]{_CONT_CLASS}{{2}}|[\u00f0-\u00f4]{_CONT_CLASS}{{3}}"
)

#: ftfy's encoding repair and nothing else: no width folding (it would turn
#: "，" into ","), no quote uncurling, no HTML, no lossy "�" substitutions,
#: no C1 guesses (handled here, keeping NEL).
@functools.lru_cache(maxsize=1)
def _ftfy():
    """ftfy and the configuration this rule calls it with (imported on first
    need: importing ftfy costs tens of milliseconds)."""
    import ftfy
    import ftfy.bad_codecs

    return ftfy, ftfy.TextFixerConfig(
        unescape_html=False,
        remove_terminal_escapes=False,
        fix_encoding=True,
        restore_byte_a0=True,
        replace_lossy_sequences=False,
        decode_inconsistent_utf8=True,
        fix_c1_controls=False,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        fix_surrogates=False,
        remove_control_chars=False,
        normalization=None,
        explain=True,
    )


# A valid UTF-8 sequence, on bytes (RFC 3629: no overlongs, no surrogates).
_UTF8_SEQ = lazy_compile(
    rb"[\x00-\x7f]|[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]"
    rb"|[\xe1-\xec\xee\xef][\x80-\xbf]{2}|\xed[\x80-\x9f][\x80-\xbf]"
    rb"|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
# A maximal run of them (each sequence is decided by its first byte, so the
# run is unique).
_UTF8_RUN = lazy_compile(lambda: b"(?:" + _UTF8_SEQ.pattern + b")+")
# First bytes of the UTF-8 sequences of the characters _HAN_CLASS (below) holds.
_HAN_LEAD = lazy_compile(rb"[\xe3-\xe9\xef\xf0]")

# --------------------------------------------------------------------------
# Plausibility: how common are the Han characters of a string?

#: log10 frequency given to a character wordfreq has never seen.
_FLOOR = -9.0
#: A repaired Chinese run must average at least this (about the 3,800th
#: most common character) ...
_MIN_SCORE = -5.0
#: ... and be this much more common than what it replaces.
_MIN_GAIN = 1.5
_HAN_CLASS = f"[{HAN_THROUGH_PLANE_3}]"
_HAN = lazy_compile(_HAN_CLASS)
_HAN_PAIR = lazy_compile(_HAN_CLASS + "{2}")
#: A Han character next to another one.
_HAN_PAIRED = lazy_compile(f"(?<={_HAN_CLASS}){_HAN_CLASS}|{_HAN_CLASS}(?={_HAN_CLASS})")
#: Each pair of adjacent Han characters, overlapping ("人民日" -> 人民, 民日).
_HAN_PAIR_OVERLAPPING = lazy_compile(f"(?=({_HAN_CLASS}{{2}}))")
#: One or two Han characters between ASCII letters, as in "TR鐵IGASTE".
_HAN_IN_WORD = lazy_compile(f"(?<=[A-Za-z]){_HAN_CLASS}{{1,2}}(?=[A-Za-z])")
_ASCII_LETTER = lazy_compile("[A-Za-z]")
_HAN_TOUCHING_LETTER = lazy_compile(f"[A-Za-z]{_HAN_CLASS}|{_HAN_CLASS}[A-Za-z]")


@functools.lru_cache(maxsize=1)
def _char_log_frequency() -> dict[str, float]:
    """log10 frequency of each Han character: the summed frequency of the
    words of wordfreq's Chinese list that contain it."""
    from wordfreq import get_frequency_dict  # heavy: its tables load on first need

    totals: dict[str, float] = {}
    for word, freq in get_frequency_dict("zh", wordlist="large").items():
        for ch in word:
            totals[ch] = totals.get(ch, 0.0) + freq
    return {ch: math.log10(f) for ch, f in totals.items()}


@functools.lru_cache(maxsize=4096)
def _han_log_frequency(ch: str) -> float:
    table = _char_log_frequency()
    if ch in table:
        return table[ch]
    simplified = converter("t2s").convert(ch)  # wordfreq's list is simplified
    return table.get(simplified, _FLOOR)


def han_score(text: str) -> float | None:
    """Mean log10 frequency of the Han characters in ``text`` (None: no Han).

    >>> han_score("人民日报") > -3.5 > -6 > han_score("浣犲ソ涓栫晫")
    True
    """
    hans = _HAN.findall(text)
    if not hans:
        return None
    return sum(_han_log_frequency(ch) for ch in hans) / len(hans)


def _chinese_like(decoded: str) -> bool:
    """Only Han, kana, CJK punctuation and symbols, ASCII: no stray letters
    of other scripts, no controls, no private use."""
    for ch in decoded:
        if ch < "\u0080":
            continue
        cat = unicodedata.category(ch)
        if cat[0] == "C":
            return False
        if cat[0] == "L" and not (_HAN.match(ch) or "\u3040" <= ch <= "\u30ff"):
            return False
    return True


@functools.lru_cache(maxsize=1)
def _word_pairs() -> frozenset[str]:
    """Every two adjacent characters inside a word of wordfreq's Chinese
    list (``zh``, "large": simplified Chinese, segmented by jieba)."""
    from wordfreq import get_frequency_dict

    pairs = set()
    for word in get_frequency_dict("zh", wordlist="large"):
        for k in range(len(word) - 1):
            pairs.add(word[k : k + 2])
    return frozenset(pairs)


#: At least this share of the Han characters of a repair that stand next to
#: another Han character must belong to a pair of adjacent characters found
#: inside a Chinese word (colloquial text has fewer: "肉麻「示愛」後，基仔獲阿
#: Sam吻臉。" has 4 in 10).  Misread
#: Chinese decodes to words ("當地漁民形容": 當地, 漁民, 形容); a run of
#: symbols that merely decodes does not: leader dots "··········" read as
#: GBK are "贩贩贩贩贩", "·±··" is "繁贩" (issue 14).
_MIN_IN_WORDS = 1 / 3
#: ... when at least this many of them stand next to another one.
_MIN_PAIRED = 3


def _reads_as_words(text: str) -> bool:
    """Are most Han characters of ``text`` parts of words, not lone characters?

    >>> _reads_as_words("人民日报"), _reads_as_words("贩贩贩贩贩"), _reads_as_words("中文新聞")
    (True, False, True)
    """
    words = _word_pairs()
    t2s = converter("t2s").convert  # the word list is simplified
    covered: set[int] = set()
    for m in _HAN_PAIR_OVERLAPPING.finditer(text):
        pair = m.group(1)
        if pair in words or t2s(pair) in words:
            covered.add(m.start())
            covered.add(m.start() + 1)
    # (a Han character between two marks has no pair to be found in)
    paired = len(_HAN_PAIRED.findall(text))
    if paired < _MIN_PAIRED:
        return True  # too short to judge: "黄晴", a name, is no word
    return len(covered) > 0 and len(covered) >= _MIN_IN_WORDS * paired


def _plausible(before: str, after: str) -> bool:
    """Is ``after`` a more plausible Chinese text than ``before``?

    Its Han characters must be common ones (more common than those of
    ``before``) and read as words (:func:`_reads_as_words`): a repair must
    look like language, not merely decode.
    """
    if len(_HAN.findall(after)) < 2 or not _chinese_like(after):
        return False
    score = han_score(after)
    if score is None or score < _MIN_SCORE:
        return False
    previous = han_score(before)
    if previous is not None and score - previous < _MIN_GAIN:
        return False
    return _reads_as_words(after)


def _shaped_like_chinese(decoded: str) -> bool:
    """Does a GBK/Big5 reading of Latin-1 text look like Chinese text?

    A Latin-1 letter inside a European word, read with its ASCII neighbour
    as one Big5 or GBK character, gives a lone Han character inside a Latin
    word ("TR鐵IGASTE" from "TRÅKIGASTE").  Real mojibake of Chinese gives
    runs of Han characters (at most a third of them wedged between ASCII
    letters, as in "iPhone和iPad"), with at least as many Han characters as half
    the ASCII letters around them, and at least three of them if any
    touches an ASCII letter ("2018年GDP增长" but not "BL贓麗").
    """
    if not _HAN_PAIR.search(decoded):
        return False
    hans = len(_HAN.findall(decoded))
    in_words = sum(len(m.group()) for m in _HAN_IN_WORD.finditer(decoded))
    if 3 * in_words > hans:
        return False
    if hans < 3 and _HAN_TOUCHING_LETTER.search(decoded):
        return False
    return 2 * hans >= len(_ASCII_LETTER.findall(decoded))


# --------------------------------------------------------------------------
# The repairs


def _ftfy_segment(segment: str) -> tuple[str, bool]:
    """ftfy's verdict on one Latin-1/Windows-1252 run (or the run itself),
    and whether ftfy decoded the run as a whole rather than piecewise."""
    ftfy, config = _ftfy()
    fixed, plan = ftfy.fix_encoding_and_explain(segment, config)
    if fixed == segment:
        return segment, False
    # Only UTF-8 decodings count; a Latin-1 -> Windows-1252 swap of C1
    # controls is left to _fix_c1 (which keeps NEL).
    whole = any(
        step.action == "decode" and step.parameter in ("utf-8", "utf-8-variants") for step in plan
    )
    if not whole and not any(step.parameter == "decode_inconsistent_utf8" for step in plan):
        return segment, False
    return fixed, whole


def _decode_runs(segment: str, runs: list[re.Match], codec: str) -> str | None:
    """Decode every run of ``segment`` as ``codec`` (strict); None if any fails."""
    parts = []
    last = 0
    for m in runs:
        try:
            decoded = bytes(_BYTE_OF[ch] for ch in m.group()).decode(codec)
        except UnicodeDecodeError:
            return None
        parts.append(segment[last : m.start()])
        parts.append(decoded)
        last = m.end()
    parts.append(segment[last:])
    return "".join(parts)


#: A run whose non-ASCII characters are this many or more of one character,
#: two thirds of them at least, is a leader or a rule line ("··········",
#: "±±±±", "·±··"), not misread text: GBK text read as Latin-1 uses some
#: ninety different byte values (Big5 "中文" is "¤¤¤å": half, not two thirds)
#: (issue 14).
_MIN_LEADER = 3


def _leader(segment: str) -> bool:
    """Is this run mostly one repeated non-ASCII symbol?

    >>> _leader("目录··········12"), _leader("·±··"), _leader("ÈËÃñÈÕ±¨"), _leader("¤¤¤å·s»D")
    (True, True, False, False)
    """
    high = [ch for ch in segment if ch >= "\u0080"]
    if len(high) < _MIN_LEADER:
        return False
    most = max(high.count(ch) for ch in set(high))
    return most >= _MIN_LEADER and 3 * most >= 2 * len(high)


#: Latin-1 symbols that clean Chinese text prints (degree, middle dot,
#: multiplication, plus-minus, section, superscript two and three, micro):
#: one may stand right after or before a misread run, as in "25°C".
_CLEAN_SYMBOLS = frozenset("\u00b0\u00b7\u00d7\u00b1\u00a7\u00b2\u00b3\u00b5")


def _legacy_cjk_segment(segment: str) -> str:
    """GBK or Big5 bytes read as Latin-1/Windows-1252 (:func:`_legacy_cjk_run`),
    less a clean symbol at either end of the segment that the misread run
    runs into.

    "ÈËÃñÈÕ±¨°C" (人民日报 then "°C") decodes whole as "人民日报癈": the
    degree sign and the C pair up as one rare character.  The segment
    without the clean symbol at its end (or start) and the ASCII beyond it
    is tried too, and wins where the whole segment does not decode or
    decodes the symbol, paired with the ASCII character after it, to a rare
    character (non-GB2312 GBK characters have ASCII trail bytes).
    """
    full = _legacy_cjk_run(segment)
    high = [k for k, ch in enumerate(segment) if ch >= "\u0080"]
    if len(high) < 3:
        return full
    first, last = high[0], high[-1]
    n = len(segment)
    if segment[last] in _CLEAN_SYMBOLS:
        # the ASCII after the symbol stays as it is, less the trail byte
        edge = full[len(full) - (n - last - 2) - 1] if full is not segment and last + 1 < n else ""
        if full is segment or (edge and _rare_han(edge)):
            fixed = _legacy_cjk_run(segment[:last])
            if fixed is not segment[:last]:
                return fixed + segment[last:]
    if segment[first] in _CLEAN_SYMBOLS and (full is segment or _rare_han(full[first])):
        fixed = _legacy_cjk_run(segment[first + 1 :])
        if fixed is not segment[first + 1 :]:
            return segment[: first + 1] + fixed
    return full


def _rare_han(ch: str) -> bool:
    """A Han character rarer than a repair may average (``_MIN_SCORE``)."""
    return _HAN.fullmatch(ch) is not None and _han_log_frequency(ch) < _MIN_SCORE


def _legacy_cjk_run(segment: str) -> str:
    """GBK or Big5 bytes read as Latin-1/Windows-1252, for a whole segment
    or not at all: every non-ASCII character must be a byte of one of the
    double-byte characters, and all of them must decode.  A run of leader
    dots or of one other symbol is not misread text (:func:`_leader`)."""
    if not _LATIN_PAIR.search(segment) or _leader(segment):
        return segment
    high = sum(1 for ch in segment if ch >= "\u0080")
    best, best_score = segment, None
    for codecs, pattern in _LEGACY:
        runs = list(pattern.finditer(segment))
        if sum(1 for m in runs for ch in m.group() if ch >= "\u0080") != high:
            continue
        for codec in codecs:
            decoded = _decode_runs(segment, runs, codec)
            if decoded is not None:
                break
        if decoded is None or not _shaped_like_chinese(decoded) or not _plausible(segment, decoded):
            continue
        score = han_score(decoded)
        if best_score is None or score > best_score:
            best, best_score = decoded, score
    return best


def _utf8_with_lost_nbsp(segment: str) -> str:
    """UTF-8 of Chinese read as Windows-1252, whose 0xA0 bytes (no-break
    spaces) became spaces on the way, as web copies do: "ä½ å¥½" for 你好.

    ftfy restores 0xA0 only after lead bytes up to 0xE3; here a space is
    read as 0xA0 as the second or third byte after a lead byte of CJK
    punctuation, ideographs or full-width forms (0xE3..0xE9, 0xEF), and the
    whole run must then be UTF-8 and plausible Chinese.
    """
    if not _CJK_LEAD_SPACE.search(segment):
        return segment
    data = bytes(_BYTE_OF[ch] for ch in segment)
    data = _CJK_LEAD_SPACE_BYTES.sub(lambda m: m.group().replace(b" ", b"\xa0"), data)
    try:
        decoded = data.decode("utf-8")
    except UnicodeDecodeError:
        return segment
    return decoded if _plausible(segment, decoded) else segment


#: A letter or mark of Armenian, Hebrew, Arabic, Syriac, Thaana or NKo
#: (U+0530..U+07FF) with no other one next to it.  Two Latin-1 symbols in
#: Chinese text ("×ª", "×º": a multiplication sign and an ordinal) are valid
#: UTF-8 of one such letter; text misread in those scripts gives runs of
#: them, never one alone among Chinese (issue 14).
_LONE_RTL = lazy_compile("(?<![\u0530-\u07ff])[\u0530-\u07ff](?![\u0530-\u07ff])")


def _repair_segment(segment: str) -> str:
    """ftfy's UTF-8 reading, unless a GBK/Big5 reading is the better one."""
    utf8 = _utf8_with_lost_nbsp(segment)
    whole = utf8 is not segment
    if not whole and _UTF8_AS_LATIN.search(segment):
        utf8, whole = _ftfy_segment(segment)
        if utf8 is not segment and _LONE_RTL.search(utf8):
            utf8, whole = segment, False  # decodes, but does not read as language
    legacy = _legacy_cjk_segment(segment)
    if legacy is segment:
        return utf8
    if utf8 is segment:
        return legacy
    # GBK bytes can look like scattered UTF-8 pairs: ftfy then decodes a few
    # of them and leaves the rest.  A whole-run UTF-8 decoding, or one that
    # leaves nothing suspicious, stands; otherwise the GBK/Big5 reading wins.
    if whole or not _LEFTOVER.search(utf8):
        return utf8
    return legacy


def _repair_segment_keeping_nel(segment: str) -> str:
    """Repair the pieces between lone NELs: a U+0085 that is not a byte of a
    UTF-8 sequence (as in "å\x85¬", 公 read as Latin-1) is a line break."""
    inside = set()
    for m in _UTF8_SHAPED.finditer(segment):
        inside.update(range(m.start(), m.end()))
    pieces, start = [], 0
    for k, ch in enumerate(segment):
        if ch == "\x85" and k not in inside:
            pieces.append(_repair_segment(segment[start:k]) + ch)
            start = k + 1
    pieces.append(_repair_segment(segment[start:]))
    return "".join(pieces)


def _fix_latin_side(text: str) -> str:
    """Repair each maximal run of Latin-1/Windows-1252 characters (with the
    ASCII around them) that holds a Latin-1 character."""
    out: list[str] = []
    emitted = scanned = 0
    n = len(text)
    for m in _LATIN_GATE.finditer(text):
        if m.start() < scanned:
            continue
        start, end = m.start(), m.end()
        while start > scanned and text[start - 1] in _SEGMENT_CHARS:
            start -= 1
        # A UTF-8 sequence never starts with a continuation byte: a closing
        # quote of the clean text before the run ("”", 0x94) is not part of it.
        while start < m.start() and text[start] in _CONT_CHARS:
            start += 1
        while end < n and text[end] in _SEGMENT_CHARS:
            end += 1
        scanned = end
        segment = text[start:end]
        if "\x85" in segment:
            fixed = _repair_segment_keeping_nel(segment)
        else:
            fixed = _repair_segment(segment)
        if fixed is not segment:
            out.append(text[emitted:start])
            out.append(fixed)
            emitted = end
    if not out:
        return text
    out.append(text[emitted:])
    return "".join(out)


_EDGE_TRIES = 3


def _fix_utf8_as_gbk_line(line: str) -> str:
    if not _GBK_TRIGGER.search(line):
        return line
    try:
        data = line.encode("gb18030")
    except UnicodeEncodeError:  # lone surrogates
        return line
    char_at: dict[int, int] | None = None  # byte offset -> index of the character starting there
    out = []
    last_char = 0
    # Maximal runs of valid UTF-8 (runs of ASCII alone decode to themselves),
    # trimmed to boundaries that are both a character boundary of the
    # misread text and a UTF-8 sequence boundary.
    for run in _UTF8_RUN.finditer(data):
        if len(_HAN_LEAD.findall(data, run.start(), run.end())) < 2:
            continue  # a repair needs two Han characters (_plausible)
        if char_at is None:
            char_at = {}
            offset = 0
            for k, ch in enumerate(line):
                char_at[offset] = k
                offset += len(ch.encode("gb18030"))
            char_at[offset] = len(line)
        boundaries = []
        wide_first = wide_end = -1  # the first and last 3-4 byte sequences
        p = run.start()
        while p < run.end():
            boundaries.append(p)
            q = _UTF8_SEQ.match(data, p).end()
            if q - p >= 3:
                if wide_first < 0:
                    wide_first = p
                wide_end = q
            p = q
        boundaries.append(p)
        common = [b for b in boundaries if b in char_at]
        # The run may take in a clean character or two at either end whose
        # bytes happen to be valid UTF-8: try the longest span first, then
        # shave up to _EDGE_TRIES boundaries off each end.  Clean Han
        # characters whose GBK bytes read as 2-byte UTF-8 (水 = CB AE,
        # "ˮ") can run on for longer, while misread Chinese is made of 3-byte
        # sequences: the span from the first to the last of those is tried
        # too.
        starts = common[: _EDGE_TRIES]
        ends = common[max(1, len(common) - _EDGE_TRIES) :]
        if wide_first in char_at and wide_first not in starts:
            starts.append(wide_first)
        if wide_end in char_at and wide_end not in ends:
            ends.append(wide_end)
        spans = sorted(
            ((a, b) for a in starts for b in ends if a < b),
            key=lambda span: span[0] - span[1],
        )
        for start, end in spans:
            if _repairs(line, data, char_at, start, end):
                start, end = _without_clean_edges(line, data, char_at, start, end)
                out.append(line[last_char : char_at[start]])
                out.append(data[start:end].decode("utf-8"))
                last_char = char_at[end]
                break
    if not out:
        return line
    out.append(line[last_char:])
    return "".join(out)


def _repairs(line: str, data: bytes, char_at: dict[int, int], start: int, end: int) -> bool:
    """Is ``data[start:end]`` (GB18030 bytes of ``line``) read as UTF-8 a plausible repair?"""
    chunk = data[start:end]
    if chunk.isascii():
        return False
    before = line[char_at[start] : char_at[end]]
    after = chunk.decode("utf-8")
    return after != before and _plausible(before, after)


def _clean_han(line: str, data: bytes, char_at: dict[int, int], at: int) -> bool:
    """Is the character of ``line`` whose GB18030 bytes are ``data[at:at + 2]``
    a Han character those bytes also spell as one 2-byte UTF-8 sequence
    (职, D6 B0, reads as the Hebrew point U+05B0)?"""
    k = char_at.get(at)
    return (
        k is not None
        and char_at.get(at + 2) == k + 1
        and 0xC2 <= data[at] <= 0xDF
        and 0x80 <= data[at + 1] <= 0xBF
        and _HAN.match(line, k) is not None
    )


def _without_clean_edges(line: str, data: bytes, char_at: dict[int, int], start: int, end: int) -> tuple[int, int]:
    """Leave out of a repair the clean Han characters at its edges.

    A misread run ends where the clean text starts, but a clean Han
    character whose two GBK bytes happen to be one UTF-8 sequence extends
    the valid UTF-8 by a character outside the CJK blocks: keep such a
    character as it is while the rest is still a plausible repair.  (A
    misread sentence seldom ends or starts with U+0080..U+07FF.)
    """
    while end - start > 2 and _clean_han(line, data, char_at, end - 2) and _repairs(line, data, char_at, start, end - 2):
        end -= 2
    while end - start > 2 and _clean_han(line, data, char_at, start) and _repairs(line, data, char_at, start + 2, end):
        start += 2
    return start, end


_TWO_SEQUENCES = lazy_compile(rb"[\xe2-\xef][\x80-\xbf]{2}[\xe2-\xef][\x80-\xbf]{2}")


def _starts_two_sequences(text: str, i: int) -> bool:
    """Do the GBK bytes from ``text[i]`` on begin with two 3-byte UTF-8
    sequences, as every run of misread Chinese does?  (A cheap test that
    drops most triggers in clean text.)"""
    try:
        data = text[i : i + 3].encode("gb18030")
    except UnicodeEncodeError:
        return False
    return _TWO_SEQUENCES.match(data) is not None


def _fix_utf8_as_gbk(text: str) -> str:
    """Repair the lines that hold a trigger (the alignment of GBK pairs
    starts afresh at each line break)."""
    out: list[str] = []
    emitted = scanned = 0
    for m in _GBK_TRIGGER.finditer(text):
        if m.start() < scanned or not _starts_two_sequences(text, m.start()):
            continue
        start = text.rfind("\n", 0, m.start()) + 1
        end = text.find("\n", m.end())
        scanned = end = len(text) if end < 0 else end
        line = text[start:end]
        fixed = _fix_utf8_as_gbk_line(line)
        if fixed is not line:
            out.append(text[emitted:start])
            out.append(fixed)
            emitted = end
    if not out:
        return text
    out.append(text[emitted:])
    return "".join(out)


def _fix_c1(text: str) -> str:
    def repl(m: re.Match) -> str:
        ch = m.group()
        try:
            return ch.encode("latin-1").decode("windows-1252")
        except UnicodeDecodeError:  # 0x81, 0x8D, 0x8F, 0x90, 0x9D: undefined
            return ch

    return _C1.sub(repl, text)


@rule("mojibake")
def fix_mojibake(text: str) -> str:
    """Repair text decoded with the wrong encoding (UTF-8 as GBK or Latin-1, GBK/Big5 as Latin-1).

    Works on each run of suspicious characters and repairs it only when
    the round trip is exact and the result is plausible; the "锟斤拷" and
    "烫烫烫" families cannot be reversed and are left alone (see
    :func:`detect_unrecoverable`).

    >>> fix_mojibake("浣犲ソ涓栫晫")
    '你好世界'
    >>> fix_mojibake("ä»Šå¤©å¤©æ°”å¾ˆå¥½")
    '今天天气很好'
    >>> fix_mojibake("ÈËÃñÈÕ±¨")
    '人民日报'
    >>> fix_mojibake("新闻：ä»Šå¤©å¤©æ°”å¾ˆå¥½，我们去公园。")
    '新闻：今天天气很好，我们去公园。'
    >>> fix_mojibake("他说\\x93你好\\x94")
    '他说“你好”'
    >>> all(fix_mojibake(s) is s for s in ("今天天气很好，“我们”去公园……", "café naïve",
    ...     "Größe für Straße", "José·穆里尼奥", "25°C，锟斤拷", "第一行\\x85第二行"))
    True
    """
    out = text
    # A repaired run can make the text beside it read as a run of its own
    # ("策之" repaired, "鎼\ue162厤" is judged apart from it): rounds until
    # nothing changes, so that a second fix finds nothing (issue 16).
    for _ in range(_MAX_ROUNDS):
        new = _one_round(out)
        if new == out:
            break
        out = new
    return text if out == text else out


#: Rounds of repairs at most (each one only after the one before changed).
_MAX_ROUNDS = 4


def _one_round(text: str) -> str:
    out = text
    if _LATIN_GATE.search(text):
        out = _fix_latin_side(text)
        if _C1.search(out):
            out = _fix_c1(out)
    if _GBK_TRIGGER.search(out):
        out = _fix_utf8_as_gbk(out)
    return out


# --------------------------------------------------------------------------
# Unrecoverable mojibake


@dataclass(frozen=True)
class Unrecoverable:
    """A run of mojibake whose original bytes are lost: where and what kind."""

    start: int
    end: int
    text: str
    kind: str

    _EXPLAIN: ClassVar[dict[str, str]] = {
        "kunjinkao": "UTF-8 replacement characters (EF BF BD) read as GBK",
        "tangtang": "uninitialised stack memory (0xCC bytes) read as GBK",
        "tuntun": "uninitialised heap memory (0xCD bytes) read as GBK",
        "debug-fill-latin": "uninitialised memory (0xCC/0xCD bytes) read as Latin-1",
        "replacement": "U+FFFD replacement characters: undecodable bytes were dropped",
    }

    @property
    def explanation(self) -> str:
        return self._EXPLAIN[self.kind]

    def __str__(self) -> str:
        return (
            f"{self.start}..{self.end}: {self.text!r}: {self.explanation}; "
            "the original text cannot be recovered"
        )


_UNRECOVERABLE = lazy_compile(
    "(?P<kunjinkao>(?:斤?拷)?(?:锟斤拷)+(?:锟斤?)?)"
    "|(?P<tangtang>烫{3,})"
    "|(?P<tuntun>屯{3,})"
    "|(?P<debug_fill_latin>\u00cc{4,}|\u00cd{4,})"
    "|(?P<replacement>\ufffd+)"
)
_UNRECOVERABLE_GATE = lazy_compile("[锟烫屯\u00cc\u00cd\ufffd]")


def detect_unrecoverable(text: str) -> tuple[Unrecoverable, ...]:
    """Find mojibake that cannot be reversed, as spans of ``text``.

    >>> [(u.start, u.end, u.kind) for u in detect_unrecoverable("标题锟斤拷锟斤拷，烫烫烫烫")]
    [(2, 8, 'kunjinkao'), (9, 13, 'tangtang')]
    >>> print(detect_unrecoverable("a\\ufffd\\ufffdb")[0])
    1..3: '��': U+FFFD replacement characters: undecodable bytes were dropped; the original text cannot be recovered
    >>> detect_unrecoverable("斤斤计较，烫烫的，屯兵")
    ()
    """
    if not _UNRECOVERABLE_GATE.search(text):
        return ()
    found = []
    for m in _UNRECOVERABLE.finditer(text):
        kind = m.lastgroup.replace("_", "-")
        found.append(Unrecoverable(m.start(), m.end(), m.group(), kind))
    return tuple(found)

"""Unicode hygiene: invisible characters, radical look-alikes, full-width Latin.

Repairs
    ``invisible``: zero-width spaces, word joiners, BOMs inside the text,
    soft hyphens, stray C0/C1 control characters and stray bidi controls;
    (lone surrogates are handled by the required ``normalize`` rule).
    ``radicals``: Kangxi radicals (U+2F00..U+2FDF), CJK radical supplement
    characters (U+2E80..U+2EFF) and CJK compatibility ideographs
    (U+F900..U+FAFF, U+2F800..U+2FA1F) that PDF text extraction produces in
    place of ordinary characters ("⼈⺠⽇报" → "人民日报").
    ``width``: full-width Latin letters and digits ("２０１８年ＧＤＰ" →
    "2018年GDP"), with the full-width point or thousands comma between
    such digits ("６．７" → "6.7", "１，０００" → "1,000").

Must not touch
    Line breaks, tabs and form feeds (``\\n``, ``\\r``, ``\\t``, ``\\f``:
    ``normalize`` and ``line-wrap`` read them), NEL (U+0085, a line break
    for ``normalize``), zero-width joiners inside emoji sequences
    (👨‍👩‍👧) and joiners/non-joiners in the scripts that need them, variation
    selectors (U+FE00..U+FE0F, U+E0100..U+E01EF) after Han characters,
    bidi controls in text that has right-to-left letters, U+3000
    ideographic spaces (indent: ``line-wrap``; inside a line:
    ``cjk-space``), and every full-width symbol other than letters and
    digits: "％", "‰", "℃", "～", "－", "＋", "○" and the full-width
    punctuation "，。：；？！（）" stay as the text has them.  Nothing here
    applies NFKC, which would turn Chinese punctuation into ASCII.

The radical and compatibility-ideograph table is generated from Unicode
data (:file:`data/radicals.tsv`, built by :file:`data/build_tables.py`).
"""

from __future__ import annotations

import re
from pathlib import Path

from ..chardata import (
    CJK_TYPESETTING,
    FULLWIDTH_ALNUM,
    FULLWIDTH_DIGITS,
    FULLWIDTH_LOWER,
    FULLWIDTH_UPPER,
    HAN_RADICALS_THROUGH_PLANE_3,
    lazy_compile,
    lazy_regex,
)
from . import rule
from .convert import majority_script

_DATA = Path(__file__).resolve().parent.parent / "data"

# --------------------------------------------------------------------------
# invisible

#: Removed wherever they are: BOM / zero-width no-break space, word joiner,
#: invisible math operators, deprecated format controls, and the C0/C1
#: controls that carry no layout (``\t \n \r \f`` and NEL are kept).
_ALWAYS = (
    "\ufeff\u2060\u2061\u2062\u2063\u2064\u206a\u206b\u206c\u206d\u206e\u206f"
    + "".join(map(chr, range(0x09)))
    + "".join(map(chr, range(0x0E, 0x1C)))
    + "\x1f\x7f"
    + "".join(chr(c) for c in range(0x80, 0xA0) if c != 0x85)
)
#: Vertical tab (a manual line break in word-processor exports) and the
#: file/group/record separators are paragraph separators in Unicode: between
#: Han characters they vanish (Chinese needs no separator and a break there
#: would only be joined again), elsewhere they become line breaks, so no two
#: words run together.
_BREAKS = "\x0b\x1c\x1d\x1e"
_ZWSP = "\u200b"
_JOINERS = "\u200c\u200d"  # ZWNJ, ZWJ
_MVS = "\u180e"  # Mongolian vowel separator
_SHY = "\u00ad"
_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"

_INVISIBLE_CHARS = frozenset(_ALWAYS + _BREAKS + _ZWSP + _JOINERS + _MVS + _SHY + _BIDI)
# One character class (an alternation would cost several times more on clean text).
_INVISIBLE = lazy_compile("[" + re.escape("".join(sorted(_INVISIBLE_CHARS))) + "]")
_HAN_ONLY = lazy_compile(f"[{HAN_RADICALS_THROUGH_PLANE_3}]")
_REMOVE_ALWAYS = frozenset(_ALWAYS)

#: Han ideographs and radicals, CJK symbols and punctuation, kana,
#: bopomofo, full-width forms: the neighbours that make a joiner stray.
_CJK = lazy_compile(f"[{CJK_TYPESETTING}]")
#: Scripts that separate words with ZWSP (Thai, Lao, Tibetan, Myanmar, Khmer).
_ZWSP_SCRIPTS = lazy_compile("[\u0e00-\u0fff\u1000-\u109f\u1780-\u17ff\u19e0-\u19ff]")
_MONGOLIAN = lazy_compile("[\u1800-\u18af]")
#: Right-to-left letters (Hebrew, Arabic, Syriac, Thaana, NKo, ...).
_RTL = lazy_compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff\U0001e800-\U0001efff]")
#: A soft hyphen at a line end inside a word of an alphabetic script
#: (letters, but not CJK or Hangul, which are not hyphenated).
_ALPHA = r"[^\W\d_\u1100-\u11ff\u2e80-\ua4cf\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\U00020000-\U0003ffff]"
_SHY_BREAK = lazy_compile(rf"(?<={_ALPHA})\u00ad[ \t]*\n[ \t]*(?={_ALPHA})")


def _neighbour(text: str, i: int, step: int) -> str:
    """The nearest character before (step -1) or after (+1) ``i`` that is
    not itself invisible; ``""`` at either end."""
    i += step
    while 0 <= i < len(text):
        ch = text[i]
        if ch not in _INVISIBLE_CHARS:
            return ch
        i += step
    return ""


#: Half-width marks that punct-width widens next to Chinese text.
_WIDENED = frozenset(",.;:?!()")


def _cjk_beside(text: str, i: int, step: int) -> bool:
    """Is the nearest visible character on that side of ``i`` CJK, or a
    half-width mark with CJK beyond it (punct-width makes it CJK
    punctuation, and the joiner would be stray on the next run)?

    >>> _cjk_beside("\u200c,的", 0, 1), _cjk_beside("\u200c,a", 0, 1)
    (True, False)
    """
    j = _neighbour_at(text, i, step)
    if j < 0:
        return False
    if _is(_CJK, text[j]):
        return True
    if text[j] in _WIDENED:
        k = _neighbour_at(text, j, step)
        return k >= 0 and _is(_CJK, text[k])
    return False


def _neighbour_at(text: str, i: int, step: int) -> int:
    """Where :func:`_neighbour` finds its character; -1 at either end."""
    i += step
    while 0 <= i < len(text):
        if text[i] not in _INVISIBLE_CHARS:
            return i
        i += step
    return -1


def _is(pattern: re.Pattern, ch: str) -> bool:
    return bool(ch) and pattern.match(ch) is not None


@rule("invisible")
def remove_invisible(text: str) -> str:
    """Remove zero-width characters, soft hyphens, stray BOMs and control characters.

    Removed everywhere: U+FEFF (a BOM at the start or inside the text),
    word joiners U+2060..U+2064, deprecated format controls, C0 controls
    other than ``\\t \\n \\r \\f`` and C1 controls other than NEL.  A vertical
    tab or information separator becomes ``\\n`` (between Han characters it
    is removed).  (Surrogates are the ``normalize`` rule's business.)  Removed where stray:
    zero-width space (kept between Thai, Lao, Tibetan, Myanmar or Khmer
    letters, which use it between words), zero-width joiner and non-joiner
    next to a Han character or CJK punctuation (kept elsewhere: emoji
    sequences, Indic and Persian text need them), U+180E outside Mongolian,
    bidi controls in a text without right-to-left letters, and soft
    hyphens (one at a line end inside a word joins the word again).

    >>> remove_invisible("人民\\u200b日报\\ufeff")
    '人民日报'
    >>> remove_invisible("\\ufeff中\\u200d国\\u200c人")
    '中国人'
    >>> remove_invisible("家庭：👨\\u200d👩\\u200d👧")  # emoji ZWJ sequence stays
    '家庭：👨\\u200d👩\\u200d👧'
    >>> remove_invisible("葛\\U000e0100城")  # variation selector stays
    '葛\\U000e0100城'
    >>> remove_invisible("第一页\\f第二页\\t完\\r\\n")
    '第一页\\x0c第二页\\t完\\r\\n'
    >>> remove_invisible("统计\\x00局\\x1b发布\\x9d")
    '统计局发布'
    >>> remove_invisible("一\\x0b個，第一行\\x0bLine two")
    '一個，第一行\\nLine two'
    >>> remove_invisible("Inter\\u00ad\\nnational co\\u00adoperation")
    'International cooperation'
    >>> remove_invisible("\\u200f中文\\u202a")  # no right-to-left letters: stray
    '中文'
    >>> s = "\\u05e9\\u05dc\\u05d5\\u05dd \\u200fABC"
    >>> remove_invisible(s) is s  # Hebrew: the marks carry meaning
    True
    """
    if not _INVISIBLE.search(text):
        return text
    original = text
    if _SHY in text:
        text = _SHY_BREAK.sub("", text)
    has_rtl = None

    def repl(m: re.Match) -> str:
        nonlocal has_rtl
        ch = m.group()
        if ch in _REMOVE_ALWAYS or ch == _SHY:
            return ""
        i = m.start()
        if ch in _BREAKS:
            between_han = _is(_HAN_ONLY, _neighbour(text, i, -1)) and _is(_HAN_ONLY, _neighbour(text, i, 1))
            return "" if between_han else "\n"
        if ch == _ZWSP:
            keep = _is(_ZWSP_SCRIPTS, _neighbour(text, i, -1)) and _is(
                _ZWSP_SCRIPTS, _neighbour(text, i, 1)
            )
            return ch if keep else ""
        if ch in _JOINERS:
            stray = _cjk_beside(text, i, -1) or _cjk_beside(text, i, 1)
            return "" if stray else ch
        if ch == _MVS:
            keep = _is(_MONGOLIAN, _neighbour(text, i, -1)) or _is(_MONGOLIAN, _neighbour(text, i, 1))
            return ch if keep else ""
        # bidi controls
        if has_rtl is None:
            has_rtl = _RTL.search(text) is not None
        return ch if has_rtl else ""

    out = _INVISIBLE.sub(repl, text)
    return original if out == original else out


# --------------------------------------------------------------------------
# radicals


def _load_radicals() -> tuple[dict[int, str], dict[int, str]]:
    table: dict[int, str] = {}
    simplified: dict[int, str] = {}
    for line in (_DATA / "radicals.tsv").read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        cp, _char, unified, variant, _source = line.split("\t")
        table[int(cp, 16)] = unified
        if variant:
            simplified[int(cp, 16)] = variant
    return table, simplified


_RADICALS, _RADICALS_SIMPLIFIED = _load_radicals()
_RADICAL_BLOCKS = ("\u2e80-\u2fdf", "\uf900-\ufaff", "\U0002f800-\U0002fa1f")
_RADICAL_GATE = lazy_compile("[" + "".join(_RADICAL_BLOCKS) + "]")
# The regex module searches a class of one range about seven times faster
# than the re module (and the re module a class of three ranges): the gate
# is one search per block.
_RADICAL_BLOCK_GATES = tuple(lazy_regex(f"[{block}]") for block in _RADICAL_BLOCKS)
_RADICAL_SIMPLIFIED_GATE = lazy_compile(
    "[" + "".join(chr(cp) for cp in sorted(_RADICALS_SIMPLIFIED)) + "]"
)
_RADICALS_IN_SIMPLIFIED = {**_RADICALS, **_RADICALS_SIMPLIFIED}


@rule("radicals")
def map_radicals(text: str) -> str:
    """Replace radical and compatibility-ideograph look-alikes by the unified ideograph.

    PDF fonts often map an ordinary character's glyph to a Kangxi radical
    (U+2F00..U+2FDF), a CJK radical supplement character (U+2E80..U+2EFF)
    or a CJK compatibility ideograph, so the extracted text has "⼤庆油⽥"
    where the page shows "大庆油田".  Each is replaced by the unified
    ideograph it stands for (Unicode's EquivalentUnifiedIdeograph.txt for
    the radicals, the canonical decomposition for compatibility
    ideographs).  In mostly simplified text, the one radical that a
    simplified font also uses for a different simplified character (⼾ for
    户) becomes that character.

    They are replaced wherever they occur: in the development corpus every
    one of about 1,000 such characters stood for an ordinary character,
    including the 6% with no Han neighbour ("8⽉", a single ⼯ before a line
    break).  CJK strokes (U+31C0..U+31EF) and the unified ideographs inside
    the compatibility block (U+FA0E 﨎, ...) are left alone.

    >>> map_radicals("⼈⺠⽇报")
    '人民日报'
    >>> map_radicals("⻓江 ⼤庆油⽥")
    '长江 大庆油田'
    >>> map_radicals("⽐上年增⻑25.4％")
    '比上年增長25.4％'
    >>> map_radicals("\\uf967\\uf9ba\\ufa08")  # compatibility ideographs
    '不了行'
    >>> map_radicals("走访了农⼾"), map_radicals("走訪了農⼾")
    ('走访了农户', '走訪了農戶')
    >>> s = "﨑\\ufa0e㇀"
    >>> map_radicals(s) is s
    True
    """
    if not any(gate.search(text) for gate in _RADICAL_BLOCK_GATES):
        return text
    if _RADICAL_SIMPLIFIED_GATE.search(text):
        table = _RADICALS_IN_SIMPLIFIED if majority_script(text) == "simplified" else _RADICALS
    else:
        table = _RADICALS
    # (A substitution of the few look-alikes costs a tenth of str.translate,
    # which looks every character up.)
    out = _RADICAL_GATE.sub(lambda m: table.get(ord(m.group()), m.group()), text)
    return text if out == text else out


# --------------------------------------------------------------------------
# width

#: Full-width digits and Latin letters -> ASCII (their <wide> decompositions).
_WIDTH = {cp: chr(cp - 0xFEE0) for cp in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B))}
_WIDTH_CHARS = lazy_compile(f"[{FULLWIDTH_ALNUM}]")
# One regex-module search per range (see _RADICAL_BLOCK_GATES), and the point.
_WIDTH_GATES = tuple(lazy_regex(f"[{r}]") for r in (FULLWIDTH_DIGITS, FULLWIDTH_UPPER, FULLWIDTH_LOWER))
#: A full-width point between digits is a decimal point ("６．７", "6．7").
_DECIMAL_POINT = lazy_compile("(?<=[0-9\uff10-\uff19])\uff0e(?=[0-9\uff10-\uff19])")
#: Full-width thousands: 1-3 full-width digits, then groups of exactly three
#: after full-width commas.  "１，２，３" (a list) does not match.
_THOUSANDS = lazy_compile("(?<![\uff10-\uff19\uff0c])[\uff10-\uff19]{1,3}(?:\uff0c[\uff10-\uff19]{3})+(?![\uff10-\uff19])")


def _thousands(m: re.Match) -> str:
    return m.group().replace("\uff0c", ",")


@rule("width")
def halfwidth_alnum(text: str) -> str:
    """Turn full-width Latin letters and digits into ASCII.

    Also the full-width point between digits ("６．７" → "6.7") and the
    full-width commas of a full-width number with thousands groups
    ("１，０００" → "1,000").  Every other full-width character stays:
    the punctuation "，。：；？！（）" belongs to Chinese text, and symbols
    that print full-width in Chinese typesetting ("％", "＋", "－", "～")
    are clean either way.

    >>> halfwidth_alnum("２０１８年ＧＤＰ增长６．７％")
    '2018年GDP增长6.7％'
    >>> halfwidth_alnum("共１，０００，０００元，第１，２，３名")
    '共1,000,000元，第1，2，3名'
    >>> s = "二○○○年，气温－５℃～＋３℃。"
    >>> halfwidth_alnum(s)
    '二○○○年，气温－5℃～＋3℃。'
    >>> s = "他说：“好！”（完）"
    >>> halfwidth_alnum(s) is s
    True
    """
    if not ("\uff0e" in text or any(gate.search(text) for gate in _WIDTH_GATES)):
        return text
    out = text
    if "\uff0e" in out:
        out = _DECIMAL_POINT.sub(".", out)
    if "\uff0c" in out:
        out = _THOUSANDS.sub(_thousands, out)
    out = _WIDTH_CHARS.sub(_halfwidth, out)  # (str.translate looks every character up)
    return text if out == text else out


def _halfwidth(m: re.Match) -> str:
    return _WIDTH[ord(m.group())]

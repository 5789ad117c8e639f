"""Character classes, named once, with the Unicode data they come from.

Every rule that asks "is this a Han character?" (or kana, or CJK
punctuation, or a full-width form) takes its class from here.  The classes
are the bodies of regular-expression character classes (use them as
``f"[{HAN}]"``), built from the block ranges of the Unicode Character
Database's ``Blocks.txt`` (Unicode 15.1), or, where a rule matches Unicode
properties with the ``regex`` module, the property names.

The rules do not all need the same set, and each keeps the one it has always
used (the output is byte-identical); where a rule's set differs from
:data:`HAN`, its name says how:

* :data:`HAN` (``stray-mark``): Extension A, the URO, the compatibility
  ideographs, Extensions B to G;
* :data:`HAN_WITH_ZERO` (``line-wrap``): and "〇" and "○", the ideographic
  zero and the white circle Chinese typesetting uses for it ("二○○○年");
* :data:`HAN_WITH_YIJING` (``fake-bold``): and the Yijing hexagram symbols
  that sit between Extension A and the URO (one range, U+3400–U+9FFF);
* :data:`HAN_THROUGH_PLANE_3` (``mojibake``): every code point of planes 2
  and 3 (the SIP and the TIP) instead of Extensions B to G;
* :data:`HAN_RADICALS_THROUGH_PLANE_3` (``invisible``): that, with the
  radicals, "々" and "〇";
* :data:`HAN_KANA_WITH_ZERO` (``cjk-space``, pangu's "CJK" class): the
  radicals, "々" "〇", the Hangzhou numerals, kana, Han (Extensions A to G)
  and "○";
* :data:`HAN_OR_KANA_PROPERTY`, :data:`HAN_PROPERTY` (``punct-width``,
  ``quote-pair``): the Unicode properties Script=Han, Hiragana, Katakana, as
  the ``regex`` module knows them; :data:`SCRIPT_HAN_RANGES` is Script=Han as
  code-point ranges for the standard ``re`` engine;
* :data:`CJK_URO` (``ocr-repeat``): the URO only, the characters of its word
  list.
"""

from __future__ import annotations

# --------------------------------------------------------------------------
# Unicode blocks (Blocks.txt), as character-class ranges.

#: CJK Radicals Supplement (U+2E80–U+2EFF) and Kangxi Radicals (U+2F00–U+2FDF).
CJK_RADICALS = "\u2e80-\u2fdf"
#: CJK Symbols and Punctuation (U+3000–U+303F), the ideographic space included.
CJK_SYMBOLS_AND_PUNCTUATION = "\u3000-\u303f"
#: "々" IDEOGRAPHIC ITERATION MARK (U+3005).
IDEOGRAPHIC_ITERATION_MARK = "\u3005"
#: "〇" IDEOGRAPHIC NUMBER ZERO (U+3007).
IDEOGRAPHIC_ZERO = "\u3007"
#: "○" WHITE CIRCLE (U+25CB, Geometric Shapes), the zero of Chinese typesetting.
WHITE_CIRCLE_ZERO = "\u25cb"
#: The Hangzhou (Suzhou) numerals 〡–〩 (U+3021–U+3029) and 〸–〻 (U+3038–U+303B).
HANGZHOU_NUMERALS = "\u3021-\u3029\u3038-\u303b"
#: Hiragana (U+3040–U+309F).
HIRAGANA = "\u3040-\u309f"
#: Katakana (U+30A0–U+30FF).
KATAKANA = "\u30a0-\u30ff"
#: Bopomofo (U+3100–U+312F) and Bopomofo Extended (U+31A0–U+31BF).
BOPOMOFO = "\u3100-\u312f\u31a0-\u31bf"
#: CJK Unified Ideographs Extension A (U+3400–U+4DBF).
CJK_EXT_A = "\u3400-\u4dbf"
#: Yijing Hexagram Symbols (U+4DC0–U+4DFF): not Han, between Extension A and the URO.
YIJING_HEXAGRAMS = "\u4dc0-\u4dff"
#: CJK Unified Ideographs, the URO (U+4E00–U+9FFF).
CJK_URO = "\u4e00-\u9fff"
#: CJK Compatibility Ideographs (U+F900–U+FAFF).
CJK_COMPAT_IDEOGRAPHS = "\uf900-\ufaff"
#: CJK Compatibility Forms (U+FE30–U+FE4F), the vertical forms of punctuation.
CJK_COMPAT_FORMS = "\ufe30-\ufe4f"
#: Halfwidth and Fullwidth Forms (U+FF00–U+FFEF).
HALFWIDTH_AND_FULLWIDTH_FORMS = "\uff00-\uffef"
#: Full-width digits ０–９ (U+FF10–U+FF19).
FULLWIDTH_DIGITS = "\uff10-\uff19"
#: Full-width Latin capitals Ａ–Ｚ (U+FF21–U+FF3A).
FULLWIDTH_UPPER = "\uff21-\uff3a"
#: Full-width Latin small letters ａ–ｚ (U+FF41–U+FF5A).
FULLWIDTH_LOWER = "\uff41-\uff5a"
#: CJK Unified Ideographs Extensions B to G (U+20000–U+3134F: the SIP's
#: blocks and Extension G in the TIP).
CJK_EXT_B_TO_G = "\U00020000-\U0003134f"
#: Planes 2 and 3 whole (U+20000–U+3FFFF: the SIP and the TIP).
PLANES_2_AND_3 = "\U00020000-\U0003ffff"

# --------------------------------------------------------------------------
# Han characters, and the sets rules use that differ from it.

#: Han characters: Extension A, the URO, compatibility ideographs,
#: Extensions B to G.
HAN = CJK_EXT_A + CJK_URO + CJK_COMPAT_IDEOGRAPHS + CJK_EXT_B_TO_G
#: Han and the ideographic zero "〇" and "○".
HAN_WITH_ZERO = HAN + IDEOGRAPHIC_ZERO + WHITE_CIRCLE_ZERO
#: Han and the Yijing hexagram symbols (U+3400–U+9FFF is one range).
HAN_WITH_YIJING = CJK_EXT_A + YIJING_HEXAGRAMS + CJK_URO + CJK_COMPAT_IDEOGRAPHS + CJK_EXT_B_TO_G
#: Han with all of planes 2 and 3 in place of Extensions B to G.
HAN_THROUGH_PLANE_3 = CJK_EXT_A + CJK_URO + CJK_COMPAT_IDEOGRAPHS + PLANES_2_AND_3
#: :data:`HAN_THROUGH_PLANE_3` with the radicals, "々" and "〇".
HAN_RADICALS_THROUGH_PLANE_3 = (
    CJK_RADICALS + IDEOGRAPHIC_ITERATION_MARK + IDEOGRAPHIC_ZERO + HAN_THROUGH_PLANE_3
)
#: pangu's "CJK" class: the radicals, "々" "〇", the Hangzhou numerals, kana
#: (less U+30FB KATAKANA MIDDLE DOT "・", a punctuation mark), Han and "○".
HAN_KANA_WITH_ZERO = (
    CJK_RADICALS
    + IDEOGRAPHIC_ITERATION_MARK
    + IDEOGRAPHIC_ZERO
    + HANGZHOU_NUMERALS
    + HIRAGANA
    + "\u30a0-\u30fa\u30fc-\u30ff"
    + HAN
    + WHITE_CIRCLE_ZERO
)
#: Han, kana, bopomofo, CJK symbols and punctuation, compatibility and
#: full-width forms, planes 2 and 3: anything of CJK typesetting.
CJK_TYPESETTING = (
    CJK_RADICALS
    + CJK_SYMBOLS_AND_PUNCTUATION
    + HIRAGANA
    + KATAKANA
    + BOPOMOFO
    + CJK_EXT_A
    + CJK_URO
    + CJK_COMPAT_IDEOGRAPHS
    + CJK_COMPAT_FORMS
    + HALFWIDTH_AND_FULLWIDTH_FORMS
    + PLANES_2_AND_3
)
#: Full-width digits and Latin letters (``width`` turns them into ASCII).
FULLWIDTH_ALNUM = FULLWIDTH_DIGITS + FULLWIDTH_UPPER + FULLWIDTH_LOWER

#: Script=Han, Hiragana or Katakana, as Unicode properties (``regex`` module).
HAN_OR_KANA_PROPERTY = r"\p{Han}\p{Hiragana}\p{Katakana}"
#: Script=Han as a Unicode property (``regex`` module).
HAN_PROPERTY = r"\p{Han}"

#: Script=Han, as ranges of code points, so that the stdlib ``re`` engine (two
#: to four times faster than ``regex`` on these scans) can use it.  Generated
#: from the ``regex`` module's Unicode data (regex 2026.11.15) with
#: ``regex.finditer(r"\p{Han}+", <every code point>)``.  Correctness needs only
#: that every character listed is Han (tests check it); a Han character
#: missing here leaves its marks to the line pass.
SCRIPT_HAN_RANGES = (
    (0x2E80, 0x2E99),
    (0x2E9B, 0x2EF3),
    (0x2F00, 0x2FD5),
    (0x3005, 0x3005),
    (0x3007, 0x3007),
    (0x3021, 0x3029),
    (0x3038, 0x303B),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFA6D),
    (0xFA70, 0xFAD9),
    (0x16FE2, 0x16FE3),
    (0x16FF0, 0x16FF6),
    (0x20000, 0x2A6DF),
    (0x2A700, 0x2B81E),
    (0x2B820, 0x2CEAD),
    (0x2CEB0, 0x2EBE0),
    (0x2EBF0, 0x2EE5D),
    (0x2F800, 0x2FA1D),
    (0x30000, 0x3134A),
    (0x31350, 0x33479),
)


# --------------------------------------------------------------------------
# Patterns compiled on first use


class LazyPattern:
    """A regular expression compiled the first time it is used.

    The rule modules declare their patterns at module level; compiling them
    all there made ``import cleantext`` cost a few hundred milliseconds
    (large character classes and lookbehinds are slow to compile), though a
    process usually runs few of the rules in Python.  ``lazy_compile(p)``
    stands for ``re.compile(p)`` (``engine=regex`` for the ``regex``
    module): the first attribute read (``.search``, ``.sub``, ``.pattern``,
    ...) compiles the pattern and keeps that attribute in the instance, so
    later reads cost what they cost on the compiled pattern.  ``pattern``
    may be a function that returns the pattern text, for a pattern built
    from tables or other lazy patterns.
    """

    def __init__(self, pattern, flags: int = 0, engine=None):
        self.__dict__["_lazy"] = (pattern, flags, engine)

    def compiled(self):
        """The compiled pattern (``re.Pattern`` or ``regex.Pattern``)."""
        done = self.__dict__.get("_compiled")
        if done is None:
            pattern, flags, engine = self.__dict__["_lazy"]
            if engine is None:
                import re as engine
            if callable(pattern):
                pattern = pattern()
            done = self.__dict__["_compiled"] = engine.compile(pattern, flags)
        return done

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        value = getattr(self.compiled(), name)
        self.__dict__[name] = value
        return value

    def __repr__(self) -> str:
        return f"LazyPattern({self.__dict__['_lazy'][0]!r})"


def lazy_compile(pattern, flags: int = 0, engine=None) -> LazyPattern:
    """``re.compile(pattern, flags)`` (or ``engine.compile``), on first use."""
    return LazyPattern(pattern, flags, engine)


class _RegexModule:
    """The ``regex`` module, imported when the first pattern of it compiles
    (importing it costs tens of milliseconds)."""

    @staticmethod
    def compile(pattern, flags: int = 0):
        import regex

        return regex.compile(pattern, flags)


def lazy_regex(pattern, flags: int = 0) -> LazyPattern:
    """``regex.compile(pattern, flags)``, on first use."""
    return LazyPattern(pattern, flags, _RegexModule)

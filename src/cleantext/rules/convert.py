"""Simplified/traditional Chinese conversion (opt-in) and mixed-script reports.

Repairs
    Nothing by default.  ``fix(text, convert="s2t")`` (or ``cleantext fix
    --convert s2t``) converts the finished text with OpenCC, using any
    configuration the installed ``opencc`` package ships: ``s2t``, ``t2s``,
    ``s2tw``, ``tw2s``, ``s2hk``, ``hk2s``, ``s2twp``, ``tw2sp``, ``t2tw``,
    ``t2hk``, ``tw2t``, ``hk2t``, ``t2jp``, ``jp2t``.  An unknown name is a
    :class:`cleantext.config.ConfigError` that lists the known ones.

    ``convert="unify"`` converts only the stray characters of a document
    mostly in one script (an OCR engine or a converter left 发展 among 經濟
    and 進步) to that script, each as OpenCC converts it in its line (头发
    becomes 頭髮, 发展 發展), and leaves every other character as it is: a
    whole-text ``s2t`` would also turn the 台 of clean traditional text into
    臺.  Nothing changes where :func:`mixed_script` finds no clear majority
    (too short, or evenly mixed), nor in a line whose conversion changes its
    length.

Reports
    :func:`mixed_script` finds a mostly-simplified text with a few
    traditional characters in it (an OCR engine with both models loaded
    does this), or the reverse, and names the OpenCC configuration that
    unifies it; :func:`script_verdict` also calls a text written half in
    one script and half in the other mixed.  They change nothing.

Must not touch
    Without ``convert``, any text: conversion is a choice about the
    document, never a repair the pipeline makes on its own.

Which characters count: :file:`data/script_chars.txt`, generated from the
Unihan variant data.  A character is simplified-only if its traditional
variants do not include itself (国), traditional-only if its simplified
variants do not include itself (國); characters both scripts write (台, 里,
干, 乾, 后) count for neither, so clean traditional Hong Kong text with
台 and 里 is not "mixed".  The price: a few simplified forms that Unihan
also lists as traditional (这) are not counted either.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..config import ConfigError
from . import rule

_DATA = Path(__file__).resolve().parent.parent / "data"

#: The configurations shipped with OpenCC 1.1; the installed package's own
#: list (``opencc.CONFIGS``) is used when it has one.
_KNOWN_CONFIGS = (
    "s2t", "t2s", "s2tw", "tw2s", "s2hk", "hk2s", "s2twp", "tw2sp",
    "t2tw", "t2hk", "tw2t", "hk2t", "t2jp", "jp2t",
)

_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_SPLIT = re.compile("([\ud800-\udfff]+)")

#: Below this many script-specific characters a text is too short to tell.
MIN_EVIDENCE = 10
#: The minority script may be at most this share of the script-specific
#: characters for the text to count as "mostly" one script.
MAX_STRAY_SHARE = 1 / 3


def available_configs() -> tuple[str, ...]:
    """The OpenCC configuration names the installed ``opencc`` offers."""
    try:
        import opencc  # heavy: loaded only when a configuration is asked about
    except ImportError:  # pragma: no cover - opencc is a dependency
        return _KNOWN_CONFIGS
    shipped = getattr(opencc, "CONFIGS", None)
    if not shipped:
        return _KNOWN_CONFIGS
    return tuple(sorted(c.removesuffix(".json") for c in shipped))


#: ``convert=UNIFY``: only the stray characters of the minority script.
UNIFY = "unify"


def check_config(name: str) -> str:
    """Return ``name`` without a ``.json`` suffix, or raise ``ConfigError``.

    >>> check_config("s2t.json"), check_config("unify")
    ('s2t', 'unify')
    >>> check_config("s2x")
    Traceback (most recent call last):
    ...
    cleantext.config.ConfigError: unknown OpenCC configuration 's2x'; known: ...
    """
    name = str(name).strip()
    name = name.removesuffix(".json")
    if name == UNIFY:
        return name
    known = available_configs()
    if name not in known:
        raise ConfigError(
            f"unknown OpenCC configuration {name!r}; known: {', '.join(known)} (or {UNIFY})"
        )
    return name


@functools.cache
def converter(name: str):
    """The OpenCC converter for ``name``, built once per configuration."""
    import opencc  # heavy: loaded only when a conversion runs

    name = check_config(name)
    try:
        return opencc.OpenCC(name)
    except Exception as exc:  # opencc raises RuntimeError for a missing file
        raise ConfigError(f"OpenCC configuration {name!r} could not be loaded: {exc}") from exc


@rule("convert", options=("convert",), default=False)
def convert_script(text: str, *, convert: str | None = None) -> str:
    """Convert between simplified and traditional Chinese with OpenCC (opt-in).

    Runs only when an OpenCC configuration is given (``convert="s2t"``,
    ``"t2s"``, ``"s2tw"``, ``"tw2s"``, ``"s2hk"``, ...); OpenCC converts
    whole phrases, so 头发 becomes 頭髮 and 皇后 stays 皇后.  Without a
    configuration the text is returned as it is.

    >>> convert_script("头发和发展", convert="s2t")
    '頭髮和發展'
    >>> convert_script("這個國家", convert="t2s")
    '这个国家'
    >>> convert_script("软件", convert="s2twp")
    '軟體'
    >>> convert_script("头发")
    '头发'
    >>> convert_script("臺灣的經濟和社會都有很大的進步，台灣的发展也很快，他的头发很長。", convert="unify")
    '臺灣的經濟和社會都有很大的進步，台灣的發展也很快，他的頭髮很長。'
    """
    if not convert:
        return text
    if convert == UNIFY:
        return unify_script(text)
    conv = converter(convert)
    if _SURROGATE.search(text):  # OpenCC takes UTF-8: convert around lone surrogates
        converted = "".join(
            part if _SURROGATE.match(part) else _settled(conv, part)
            for part in _SURROGATE_SPLIT.split(text)
        )
    else:
        converted = _settled(conv, text)
    return text if converted == text else converted


#: Conversions at most until OpenCC leaves its own output alone.
_MAX_CONVERSIONS = 3


def _settled(conv, text: str) -> str:
    """``conv`` applied until its output stays as it is: OpenCC converts by
    phrases, and the phrase it made can convert again ("应占" -> "應占" ->
    "應佔", s2t), which would make a second ``fix`` change the text.

    >>> _settled(converter("s2t"), "应占")
    '應佔'
    """
    for _ in range(_MAX_CONVERSIONS):
        converted = conv.convert(text)
        if converted == text:
            break
        text = converted
    return text


@functools.lru_cache(maxsize=1)
def _script_sets() -> tuple[frozenset[str], frozenset[str]]:
    simplified: list[str] = []
    traditional: list[str] = []
    for line in (_DATA / "script_chars.txt").read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        name, chars = line.split("\t", 1)
        (simplified if name == "simplified" else traditional).append(chars)
    return frozenset("".join(simplified)), frozenset("".join(traditional))


def script_counts(text: str) -> tuple[Counter, Counter]:
    """Count the simplified-only and the traditional-only characters.

    >>> s, t = script_counts("我们的國家")
    >>> sorted(s.items()), sorted(t.items())
    ([('们', 1)], [('國', 1)])
    """
    simplified, traditional = _script_sets()
    s: Counter = Counter()
    t: Counter = Counter()
    for ch in text:
        if ch in simplified:
            s[ch] += 1
        elif ch in traditional:
            t[ch] += 1
    return s, t


def majority_script(text: str) -> str | None:
    """``'simplified'``, ``'traditional'``, or ``None`` (no evidence or a tie).

    >>> majority_script("这是简体中文"), majority_script("這是繁體中文"), majority_script("中文")
    ('simplified', 'traditional', None)
    """
    s, t = script_counts(text)
    ns, nt = sum(s.values()), sum(t.values())
    if ns == nt:
        return None
    return "simplified" if ns > nt else "traditional"


@dataclass(frozen=True)
class MixedScript:
    """A text mostly in one script with stray characters of the other.

    ``majority`` is ``'simplified'`` or ``'traditional'``; ``stray`` lists
    the minority characters that the suggested OpenCC configuration
    (``suggestion``: ``'t2s'`` or ``'s2t'``) would change, as
    ``(char, count)``, most common first; ``simplified`` and
    ``traditional`` count the script-specific characters of each kind.
    """

    majority: str
    stray: tuple[tuple[str, int], ...]
    suggestion: str
    simplified: int = 0
    traditional: int = 0

    def __str__(self) -> str:
        other = "traditional" if self.majority == "simplified" else "simplified"
        total = sum(n for _, n in self.stray)
        shown = ", ".join(f"{ch}×{n}" for ch, n in self.stray[:10])
        more = ", ..." if len(self.stray) > 10 else ""
        noun = "character" if total == 1 else "characters"
        return (
            f"mostly {self.majority} text with {total} {other} {noun} "
            f"({shown}{more}); unify with --convert {self.suggestion}"
        )


def mixed_script(text: str) -> MixedScript | None:
    """Report stray characters of the other script, or ``None``.

    ``None`` when the text is consistent, too short to tell (fewer than
    :data:`MIN_EVIDENCE` script-specific characters), or so mixed that
    neither script is the clear majority.  A minority character counts as
    stray only if OpenCC's conversion of the whole text, which knows
    phrases, changes it in place.

    >>> text = "我们国家的经济发展很快，这些变化让每个人都感到骄傲。這个问题值得讨论。"
    >>> m = mixed_script(text)
    >>> m.majority, m.suggestion, m.stray
    ('simplified', 't2s', (('這', 1),))
    >>> print(m)
    mostly simplified text with 1 traditional character (這×1); unify with --convert t2s
    >>> mixed_script(text.replace("這", "这")) is None
    True
    >>> mixed_script("我们的國家") is None  # too short to tell
    True
    """
    s, t = script_counts(text)
    ns, nt = sum(s.values()), sum(t.values())
    if ns + nt < MIN_EVIDENCE or ns == nt:
        return None
    if ns > nt:
        majority, minority, suggestion = "simplified", t, "t2s"
    else:
        majority, minority, suggestion = "traditional", s, "s2t"
    share = sum(minority.values()) / (ns + nt)
    if not minority or share > MAX_STRAY_SHARE:
        return None
    converted = converter(suggestion).convert(text)
    changed: Counter = Counter()
    if len(converted) == len(text):
        for a, b in zip(text, converted):
            if a != b and a in minority:
                changed[a] += 1
    else:  # a phrase changed length: fall back to converting each stray alone
        conv = converter(suggestion)
        for ch, n in minority.items():
            if conv.convert(ch) != ch:
                changed[ch] = n
    if not changed:
        return None
    order = {ch: k for k, ch in enumerate(dict.fromkeys(c for c in text if c in changed))}
    stray = tuple(sorted(changed.items(), key=lambda kv: (-kv[1], order[kv[0]])))
    return MixedScript(majority, stray, suggestion, simplified=ns, traditional=nt)


def unify_script(text: str) -> str:
    """Convert the stray characters of a text mostly in one script to it.

    The strays are those :func:`mixed_script` reports; each becomes what
    OpenCC makes of it in its line, so that phrases convert as phrases, and
    so does a character beside it that neither script claims; no other
    character changes.  A line whose conversion changes its length, or that
    holds a lone surrogate, is left as it is.

    >>> unify_script("臺灣的經濟和社會都有很大的進步，台灣的发展也很快，他的头发很長。")
    '臺灣的經濟和社會都有很大的進步，台灣的發展也很快，他的頭髮很長。'
    >>> unify_script("我们国家的经济发展很快。這個國家的經濟發展很快。")  # evenly mixed
    '我们国家的经济发展很快。這個國家的經濟發展很快。'
    """
    found = mixed_script(text)
    if found is None:
        return text
    stray = {ch for ch, _ in found.stray}
    simplified, traditional = _script_sets()
    script = simplified | traditional
    conv = converter(found.suggestion)
    out = []
    for line in text.splitlines(keepends=True):
        if not any(ch in stray for ch in line) or _SURROGATE.search(line):
            out.append(line)
            continue
        converted = conv.convert(line)
        if len(converted) != len(line):
            out.append(line)  # a phrase changed length: which character became which is unsure
            continue
        # The strays, and beside each a character that belongs to neither
        # script (Unihan lists 头 as both) which OpenCC converted with it: the
        # rest of the word (头发 -> 頭髮, not 头髮).
        take = [old in stray for old in line]
        for k, old in enumerate(line):
            if old in stray:
                for j in (k - 1, k + 1):
                    if 0 <= j < len(line) and line[j] not in script and converted[j] != line[j]:
                        take[j] = True
        out.append("".join(new if t else old for old, new, t in zip(line, converted, take)))
    unified = "".join(out)
    return text if unified == text else unified


@dataclass(frozen=True)
class EvenlyMixed:
    """A text written in both scripts, neither of them a clear majority.

    ``simplified`` and ``traditional`` count the script-specific characters
    of each kind.  No conversion is suggested over the other: the text is
    half one script and half the other (two sources pasted together, or an
    OCR engine switching models), and which one it should be is a choice.
    """

    simplified: int
    traditional: int

    def __str__(self) -> str:
        return (
            f"mixed simplified and traditional text ({self.simplified} simplified, "
            f"{self.traditional} traditional characters); unify with --convert t2s "
            "or --convert s2t"
        )


def script_verdict(text: str) -> MixedScript | EvenlyMixed | None:
    """What ``cleantext script`` reports: stray characters of the other script
    (:func:`mixed_script`), a text evenly mixed, or ``None`` (consistent, or
    too short to tell).

    >>> print(script_verdict("我们国家的经济发展很快。這個國家的經濟發展很快。"))
    mixed simplified and traditional text (5 simplified, 6 traditional characters); unify with --convert t2s or --convert s2t
    >>> script_verdict("我们国家的经济发展很快，这些变化让每个人都感到骄傲。") is None
    True
    """
    found = mixed_script(text)
    if found is not None:
        return found
    s, t = script_counts(text)
    ns, nt = sum(s.values()), sum(t.values())
    if ns + nt < MIN_EVIDENCE or not (ns and nt):
        return None
    if min(ns, nt) / (ns + nt) > MAX_STRAY_SHARE or ns == nt:
        return EvenlyMixed(ns, nt)
    return None
